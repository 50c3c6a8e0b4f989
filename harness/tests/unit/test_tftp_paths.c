/* test_tftp_paths.c - unit tests of TFTP file name resolution: traversal attempts, symlinks, uploads */
#include "testlib.h"
#include "test_tftp_fake.h"

#include "core/root_path.h"
#include "core/util.h"

/*
 * The tree, made once per test case in the parent process:
 *
 *   DIR/outside.txt                       the secret a traversal would reach
 *   DIR/root/ok.txt
 *   DIR/root/sub/inner.txt
 *   DIR/root/sub/deeper/x.txt
 *   DIR/root/etc/passwd                   what "/etc/passwd" must name (not the host's)
 *   DIR/root/sub/link-sibling -> ../ok.txt           goes up, stays inside
 *   DIR/root/sub/up-out       -> ../../outside.txt   leaves the root
 *   DIR/root/sub/chain3       -> ../../outside.txt
 *   DIR/root/link-ok          -> sub/inner.txt
 *   DIR/root/link-chain-ok    -> link-ok
 *   DIR/root/link-dir         -> sub
 *   DIR/root/dot              -> .
 *   DIR/root/dotdot           -> ..
 *   DIR/root/etc-abs          -> /etc
 *   DIR/root/etc-rel          -> ../../../../../../../../etc
 *   DIR/root/passwd-link      -> ../../../../../../../../etc/passwd
 *   DIR/root/chain1 -> chain2 -> sub/chain3 -> ../../outside.txt
 *   DIR/root/zero-abs         -> /dev/zero
 *   DIR/root/zero-rel         -> ../../../../../../../../dev/zero
 *   DIR/root/abs-inside       -> DIR/root/ok.txt (absolute, points inside)
 *   DIR/root/loop1 -> loop2 -> loop1
 *   DIR/root/dangling         -> missing.txt
 *   DIR/root/fifo             a FIFO
 *   DIR/up/                   the upload directory, DIR/up/taken.bin exists
 */
static char g_dir[64];
static char g_root[128];
static char g_up[128];

/**
 * at() - a path under the test directory
 * @rel: relative path
 *
 * Return: the path, in one of two static buffers (two may be in use at once).
 */
static const char *at(const char *rel)
{
	static char path[2][256];
	static int flip;

	flip ^= 1;
	snprintf(path[flip], sizeof(path[flip]), "%s/%s", g_dir, rel);
	return path[flip];
}

/**
 * link_at() - make a symlink under the test directory
 * @target: what it points to
 * @rel:    where it goes, relative to the test directory
 */
static void link_at(const char *target, const char *rel)
{
	ck_assert_msg(symlink(target, at(rel)) == 0, "symlink %s", rel);
}

/**
 * tree_setup() - unchecked fixture: build the tree above
 */
static void tree_setup(void)
{
	char abs[256];

	snprintf(g_dir, sizeof(g_dir), "/tmp/pxl-tftp-paths-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(g_dir));
	snprintf(g_root, sizeof(g_root), "%s/root", g_dir);
	snprintf(g_up, sizeof(g_up), "%s/up", g_dir);
	ck_assert_int_eq(mkdir(g_root, 0755), 0);
	ck_assert_int_eq(mkdir(g_up, 0755), 0);
	ck_assert_int_eq(mkdir(at("root/sub"), 0755), 0);
	ck_assert_int_eq(mkdir(at("root/sub/deeper"), 0755), 0);
	ck_assert_int_eq(mkdir(at("root/etc"), 0755), 0);
	write_file(at("root/etc/passwd"), "the root's own etc/passwd\n", 26);
	write_file(at("outside.txt"), "SECRET outside the root\n", 24);
	write_file(at("root/ok.txt"), "hello from ok.txt\n", 18);
	write_file(at("root/sub/inner.txt"), "inner file\n", 11);
	write_file(at("root/sub/deeper/x.txt"), "deeper x\n", 9);
	write_file(at("up/taken.bin"), "taken", 5);
	link_at("../ok.txt", "root/sub/link-sibling");
	link_at("../../outside.txt", "root/sub/up-out");
	link_at("../../outside.txt", "root/sub/chain3");
	link_at("sub/inner.txt", "root/link-ok");
	link_at("link-ok", "root/link-chain-ok");
	link_at("sub", "root/link-dir");
	link_at(".", "root/dot");
	link_at("..", "root/dotdot");
	link_at("/etc", "root/etc-abs");
	link_at("../../../../../../../../etc", "root/etc-rel");
	link_at("../../../../../../../../etc/passwd", "root/passwd-link");
	link_at("chain2", "root/chain1");
	link_at("sub/chain3", "root/chain2");
	link_at("/dev/zero", "root/zero-abs");
	link_at("../../../../../../../../dev/zero", "root/zero-rel");
	snprintf(abs, sizeof(abs), "%s/ok.txt", g_root);
	link_at(abs, "root/abs-inside");
	link_at("loop2", "root/loop1");
	link_at("loop1", "root/loop2");
	link_at("missing.txt", "root/dangling");
	ck_assert_int_eq(mkfifo(at("root/fifo"), 0644), 0);
}

/**
 * tree_teardown() - unchecked fixture: remove the tree
 */
static void tree_teardown(void)
{
	rm_tree(g_dir);
}

#define SERVED (-1)

/**
 * struct path_case - one name a client may ask for, and what must happen
 * @name:   the name as the client sends it
 * @code:   TFTP error code expected, or SERVED
 * @source: SERVED: the file (under root/) whose bytes must arrive
 * @why:    why this is the right answer
 */
struct path_case {
	const char *name;
	int code;
	const char *source;
	const char *why;
};

static const struct path_case cases[] = {
	/* '..' in the name: refused wherever it is, even when it would stay inside */
	{ "../outside.txt", TFTP_EACCESS, NULL, "parent of the root" },
	{ "a/../../outside.txt", TFTP_EACCESS, NULL, "'..' after a component" },
	{ "sub/../ok.txt", TFTP_EACCESS, NULL, "'..' is refused even inside" },
	{ "./../outside.txt", TFTP_EACCESS, NULL, "'..' after '.'" },
	{ "sub/deeper/../../../outside.txt", TFTP_EACCESS, NULL, "'..' deep" },
	{ "..\\outside.txt", TFTP_EACCESS, NULL, "'\\' is a separator" },
	{ "sub\\..\\..\\outside.txt", TFTP_EACCESS, NULL, "DOS-style traversal" },
	{ "..../..", TFTP_EACCESS, NULL, "'....' then '..'" },
	{ "dot/../outside.txt", TFTP_EACCESS, NULL, "'..' after a link" },
	{ "link-dir/../../outside.txt", TFTP_EACCESS, NULL, "'..' after a dir link" },
	/* absolute names: resolved inside the root, as tftpd-hpa -s and dnsmasq do */
	{ "/etc/passwd", SERVED, "etc/passwd", "ROOT/etc/passwd, never the host's" },
	{ "\\etc\\passwd", SERVED, "etc/passwd", "absolute, DOS-style" },
	{ "/ok.txt", SERVED, "ok.txt", "GRUB's way of naming a file" },
	{ "///sub/inner.txt", SERVED, "sub/inner.txt", "many leading slashes" },
	{ "/sub/nope.txt", TFTP_ENOTFOUND, NULL, "absolute and absent: looked for inside" },
	{ "//server/share/x", TFTP_ENOTFOUND, NULL, "UNC-like: ROOT/server/share/x, absent" },
	{ "/../outside.txt", TFTP_EACCESS, NULL, "'..' after the leading slash" },
	{ "/etc-abs/passwd", TFTP_EACCESS, NULL, "absolute name through an absolute link" },
	{ "/", TFTP_EACCESS, NULL, "the root itself, absolute" },
	{ "\\", TFTP_EACCESS, NULL, "the root itself, DOS-style" },
	/* symlinks that leave the root */
	{ "etc-abs/passwd", TFTP_EACCESS, NULL, "through an absolute dir link" },
	{ "etc-abs", TFTP_EACCESS, NULL, "absolute link to a directory" },
	{ "etc-rel/passwd", TFTP_EACCESS, NULL, "relative link climbing out" },
	{ "passwd-link", TFTP_EACCESS, NULL, "link to a file outside" },
	{ "chain1", TFTP_EACCESS, NULL, "a chain whose last link escapes" },
	{ "dotdot/outside.txt", TFTP_EACCESS, NULL, "link to '..'" },
	{ "dotdot", TFTP_EACCESS, NULL, "link to '..' as the leaf" },
	{ "sub/up-out", TFTP_EACCESS, NULL, "two levels up from sub/" },
	{ "abs-inside", TFTP_EACCESS, NULL, "absolute links are refused even inside" },
	{ "loop1", TFTP_EACCESS, NULL, "symlink loop" },
	/* not regular files */
	{ "zero-abs", TFTP_EACCESS, NULL, "device via absolute link" },
	{ "zero-rel", TFTP_EACCESS, NULL, "device via climbing link" },
	{ "fifo", TFTP_EACCESS, NULL, "a FIFO would block" },
	{ "sub", TFTP_EACCESS, NULL, "a directory" },
	{ "sub/", TFTP_EACCESS, NULL, "a directory, trailing slash" },
	{ ".", TFTP_EACCESS, NULL, "the root directory" },
	{ "dot", TFTP_EACCESS, NULL, "link to the root directory" },
	{ "link-dir", TFTP_EACCESS, NULL, "link to a directory" },
	{ "", TFTP_EACCESS, NULL, "empty name names the root directory" },
	/* absent inside the root: file not found, and nothing is decoded */
	{ "%2e%2e/outside.txt", TFTP_EACCESS, NULL, "encoded '..': only ever an escape attempt" },
	{ "%2e%2e%2foutside.txt", TFTP_EACCESS, NULL, "encoded '../'" },
	{ "%2E%2e%5Coutside.txt", TFTP_EACCESS, NULL, "encoded, any case, DOS separator" },
	{ "\xc0\xae\xc0\xae/outside.txt", TFTP_EACCESS, NULL, "overlong UTF-8 '..'" },
	{ "%252e%252e/outside.txt", TFTP_ENOTFOUND, NULL, "double-encoded: literal, absent" },
	{ "....//", TFTP_ENOTFOUND, NULL, "'....' is an ordinary, absent name" },
	{ "...", TFTP_ENOTFOUND, NULL, "'...' is an ordinary, absent name" },
	{ "nope.txt", TFTP_ENOTFOUND, NULL, "absent" },
	{ "sub/nope.txt", TFTP_ENOTFOUND, NULL, "absent in a subdirectory" },
	{ "nodir/ok.txt", TFTP_ENOTFOUND, NULL, "absent directory" },
	{ "ok.txt/x", TFTP_ENOTFOUND, NULL, "a file is not a directory" },
	{ "dangling", TFTP_ENOTFOUND, NULL, "link to an absent name inside" },
	{ "OK.TXT", TFTP_ENOTFOUND, NULL, "names are case-sensitive" },
	{ "C:\\ok.txt", TFTP_ENOTFOUND, NULL, "'C:' is an ordinary, absent name" },
	{ "ok.txt ", TFTP_ENOTFOUND, NULL, "no trimming" },
	/* served, byte for byte */
	{ "ok.txt", SERVED, "ok.txt", "plain" },
	{ "./ok.txt", SERVED, "ok.txt", "'.' is skipped" },
	{ "sub/inner.txt", SERVED, "sub/inner.txt", "subdirectory" },
	{ "sub\\inner.txt", SERVED, "sub/inner.txt", "'\\' separator" },
	{ "sub//inner.txt", SERVED, "sub/inner.txt", "empty component" },
	{ "sub/./deeper/x.txt", SERVED, "sub/deeper/x.txt", "'.' in the middle" },
	{ "link-ok", SERVED, "sub/inner.txt", "relative link inside" },
	{ "link-chain-ok", SERVED, "sub/inner.txt", "chain inside" },
	{ "link-dir/inner.txt", SERVED, "sub/inner.txt", "directory link inside" },
	{ "link-dir/deeper/x.txt", SERVED, "sub/deeper/x.txt", "deeper through a link" },
	{ "sub/link-sibling", SERVED, "ok.txt", "link with '..' that stays inside" },
	{ "dot/ok.txt", SERVED, "ok.txt", "link to '.'" },
};

/**
 * check_case() - ask the server for a name and check the answer
 * @c:   the case
 * @raw: the whole RRQ to send instead of building one from @c->name, or NULL
 * @len: its length
 */
static void check_case(const struct path_case *c, const uint8_t *raw, size_t len)
{
	struct fake_net net;
	struct tftp_config cfg = { .root = g_root };
	struct tftp_server *srv;

	fake_init(&net);
	srv = fake_server(&net, &cfg);
	if (raw)
		fake_input(srv, &net, 2000, TFTP_PORT, raw, len);
	else
		fake_req(srv, &net, TFTP_RRQ, 2000, c->name, "octet", NULL);
	if (c->code == SERVED) {
		struct fake_client cl;
		uint8_t *want;
		size_t n;
		char src[256];

		client_init(&cl, 2000, 512, 1, 0);
		client_run(&cl, srv, &net);
		ck_assert_msg(cl.done, "'%s' (%s): not served", c->name, c->why);
		snprintf(src, sizeof(src), "%s/%s", g_root, c->source);
		want = read_file(src, &n);
		ck_assert_uint_eq(cl.len, n);
		ck_assert_mem_eq(cl.data, want, n);
		free(want);
		free(cl.data);
	} else {
		struct tftp_pkt pkt;

		fake_last(&net, &pkt);
		ck_assert_msg(pkt.opcode == TFTP_ERROR && pkt.err_code == c->code,
			      "'%s' (%s): got %s %u '%s', want ERROR %d", c->name, c->why,
			      tftp_opcode_name(pkt.opcode), pkt.err_code, pkt.err_msg, c->code);
		ck_assert_uint_eq(net.n_pkts, 1);
		ck_assert_uint_eq(fake_count_ev(&net, "transfer-start"), 0);
	}
	ck_assert_uint_eq(tftp_server_active(srv), 0);
	ck_assert_uint_eq(net.n_open, 0);
	tftp_server_free(srv);
	fake_fini(&net);
}

START_TEST(test_path_table)
{
	check_case(&cases[_i], NULL, 0);
}
END_TEST

START_TEST(test_nul_inside_name)
{
	static const uint8_t rrq[] = "\x00\x01ok.txt\0../outside.txt\0octet\0";
	static const struct path_case c = { "ok.txt\\0../outside.txt", TFTP_EACCESS, NULL,
					    "NUL injection" };

	check_case(&c, rrq, sizeof(rrq) - 1);
}
END_TEST

START_TEST(test_very_long_names)
{
	static char longname[PXL_ROOT_NAME_MAX + 200];
	static char longcomp[NAME_MAX + 50];
	static char deep[PXL_ROOT_NAME_MAX];
	const struct path_case c1 = { longname, TFTP_EACCESS, NULL, "longer than PXL_ROOT_NAME_MAX" };
	const struct path_case c2 = { longcomp, TFTP_EACCESS, NULL, "component over NAME_MAX" };
	const struct path_case c3 = { deep, TFTP_ENOTFOUND, NULL, "long but legal and absent" };
	size_t i;

	memset(longname, 'a', sizeof(longname) - 1);
	memset(longcomp, 'b', sizeof(longcomp) - 1);
	for (i = 0; i + 2 < 900; i += 2)
		memcpy(deep + i, "d/", 2);
	memcpy(deep + i, "f", 2);
	check_case(&c1, NULL, 0);
	check_case(&c2, NULL, 0);
	check_case(&c3, NULL, 0);
}
END_TEST

/**
 * open_root() - an fd on a directory of the tree
 * @dir: the directory
 *
 * Return: the fd (the test fails if it cannot be opened).
 */
static int open_root(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	ck_assert_int_ge(fd, 0);
	return fd;
}

START_TEST(test_path_api_reasons)
{
	static const struct {
		const char *name;
		int err;
		const char *why;
	} r[] = {
		{ "../x", -EACCES, "'..' not allowed" },
		{ "/x", -ENOENT, "file not found" },
		{ "//", -EISDIR, "is a directory" },
		{ "", -EACCES, "empty file name" },
		{ "etc-abs", -EACCES, "absolute symlink refused" },
		{ "dotdot/x", -EACCES, "symlink leaves the root" },
		{ "loop1", -ELOOP, "too many symlinks" },
		{ "sub", -EISDIR, "is a directory" },
		{ "fifo", -EACCES, "not a regular file" },
		{ "ok.txt/x", -ENOTDIR, "not a directory" },
		{ "nope", -ENOENT, "file not found" },
	};
	int root = open_root(g_root);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(r); i++) {
		struct pxl_root_file p;

		ck_assert_int_eq(pxl_root_open(root, r[i].name, &p), r[i].err);
		ck_assert_msg(p.why && !strcmp(p.why, r[i].why), "'%s': why '%s'", r[i].name,
			      p.why ? p.why : "(null)");
		ck_assert_int_eq(p.fd, -1);
		ck_assert_int_eq(p.dir_fd, -1);
	}
	ck_assert_uint_eq(tftp_path_errcode(-ENOENT), TFTP_ENOTFOUND);
	ck_assert_uint_eq(tftp_path_errcode(-ENOTDIR), TFTP_ENOTFOUND);
	ck_assert_uint_eq(tftp_path_errcode(-EEXIST), TFTP_EEXISTS);
	ck_assert_uint_eq(tftp_path_errcode(-ELOOP), TFTP_EACCESS);
	ck_assert_uint_eq(tftp_path_errcode(-EISDIR), TFTP_EACCESS);
	close(root);
}
END_TEST

START_TEST(test_path_open_keeps_no_fds)
{
	int root = open_root(g_root), before, after, i;
	struct pxl_root_file p;

	before = dup(0);
	close(before);
	for (i = 0; i < 50; i++) {
		ck_assert_int_eq(pxl_root_open(root, "link-dir/deeper/x.txt", &p), 0);
		ck_assert_str_eq(p.leaf, "x.txt");
		pxl_root_close(&p);
		ck_assert_int_ne(pxl_root_open(root, "chain1", &p), 0);
	}
	after = dup(0);
	close(after);
	ck_assert_int_eq(before, after); /* no descriptor leaked on either path */
	close(root);
}
END_TEST

START_TEST(test_path_create)
{
	static const struct {
		const char *name;
		int err;
	} r[] = {
		{ "taken.bin", -EEXIST },      /* never overwrite */
		{ "../root/ok.txt", -EACCES }, /* same traversal rules */
		{ "/tmp/x", -ENOENT }, /* ROOT/tmp/x: no folder tmp in the upload root */
		{ "nodir/x", -ENOENT },
		{ "", -EACCES },
	};
	int up = open_root(g_up);
	struct pxl_root_file p;
	size_t i;
	uint8_t *got;
	size_t n;

	for (i = 0; i < ARRAY_SIZE(r); i++)
		ck_assert_int_eq(pxl_root_create(up, r[i].name, &p), r[i].err);
	ck_assert_int_eq(pxl_root_create(up, "new.bin", &p), 0);
	ck_assert_int_eq(write(p.fd, "abc", 3), 3);
	ck_assert_str_eq(p.leaf, "new.bin");
	pxl_root_close(&p);
	ck_assert_int_eq(pxl_root_create(up, "new.bin", &p), -EEXIST);
	/* an existing symlink as the leaf is not followed, even a dangling one */
	link_at("../outside-new.txt", "up/dangling-up");
	ck_assert_int_eq(pxl_root_create(up, "dangling-up", &p), -EEXIST);
	ck_assert_int_ne(access(at("outside-new.txt"), F_OK), 0);
	got = read_file(at("up/taken.bin"), &n);
	ck_assert_uint_eq(n, 5);
	ck_assert_mem_eq(got, "taken", 5);
	free(got);
	close(up);
}
END_TEST

/**
 * tftp_paths_suite() - the path resolution test suite
 *
 * Return: the suite.
 */
static Suite *tftp_paths_suite(void)
{
	Suite *s = suite_create("tftp_paths");
	TCase *tc = tcase_create("paths");

	tcase_add_unchecked_fixture(tc, tree_setup, tree_teardown);
	tcase_add_loop_test(tc, test_path_table, 0, ARRAY_SIZE(cases));
	tcase_add_test(tc, test_nul_inside_name);
	tcase_add_test(tc, test_very_long_names);
	tcase_add_test(tc, test_path_api_reasons);
	tcase_add_test(tc, test_path_open_keeps_no_fds);
	tcase_add_test(tc, test_path_create);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(tftp_paths_suite)
