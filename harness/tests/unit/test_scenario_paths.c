/* test_scenario_paths.c - scn_resolve_path(), scn_resolve_files(): where a relative host path in a scenario leads */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lang/scenario.h"
#include "testlib.h"

/*
 * The temp tree: an installed-like suite, a data folder, a bare folder.
 *   T/suite/scenarios/a.scn  T/suite/scenarios/local.efi
 *   T/suite/fixtures/tftp/   T/data/vm-images/out/x.img   T/bare/
 */
static const char *const tree_dirs[] = {
	"suite", "suite/scenarios", "suite/fixtures", "suite/fixtures/tftp", "data", "data/vm-images",
	"data/vm-images/out", "bare",
};
static const char *const tree_files[] = {
	"suite/scenarios/a.scn", "suite/scenarios/local.efi", "data/vm-images/out/x.img",
};

/* a scenario naming one path of each kind, relative */
static const char scenario_text[] =
	"scenario a\n"
	"tftp builtin root fixtures/tftp\n"
	"  serve a.efi local.efi\n"
	"iscsi builtin target iqn.2026-11.org.pxelab:a image vm-images/out/x.img snapshot\n"
	"client pc1\n"
	"stage 1 \"s\"\n"
	"  expect console x\n";

/**
 * tree_path() - T/@rel
 * @t:   the temp tree
 * @rel: relative path
 * @buf: out
 * @len: size of @buf
 *
 * Return: @buf.
 */
static char *tree_path(const char *t, const char *rel, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", t, rel);
	return buf;
}

/**
 * tree_make() - build the temp tree; the scenario file holds scenario_text
 * @t: out: its folder (64 bytes)
 */
static void tree_make(char *t)
{
	char p[PATH_MAX];
	size_t i;
	FILE *f;

	snprintf(t, 64, "/tmp/pxl-paths-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(t));
	for (i = 0; i < sizeof(tree_dirs) / sizeof(tree_dirs[0]); i++)
		ck_assert_int_eq(mkdir(tree_path(t, tree_dirs[i], p, sizeof(p)), 0755), 0);
	for (i = 0; i < sizeof(tree_files) / sizeof(tree_files[0]); i++) {
		f = fopen(tree_path(t, tree_files[i], p, sizeof(p)), "w");
		ck_assert_ptr_nonnull(f);
		fputs(i ? "x" : scenario_text, f);
		fclose(f);
	}
	ck_assert_int_eq(setenv("PXELAB_DATADIR", tree_path(t, "data", p, sizeof(p)), 1), 0);
}

/**
 * tree_remove() - remove the temp tree (files, then folders deepest first)
 * @t: its folder
 */
static void tree_remove(const char *t)
{
	char p[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(tree_files) / sizeof(tree_files[0]); i++)
		ck_assert_int_eq(unlink(tree_path(t, tree_files[i], p, sizeof(p))), 0);
	for (i = sizeof(tree_dirs) / sizeof(tree_dirs[0]); i-- > 0;)
		ck_assert_int_eq(rmdir(tree_path(t, tree_dirs[i], p, sizeof(p))), 0);
	ck_assert_int_eq(rmdir(t), 0);
	unsetenv("PXELAB_DATADIR");
}

/**
 * expect_resolved() - scn_resolve_path(@file, @path) gives @want and @rc
 * @file: scenario file
 * @path: path as written
 * @rc:   expected return
 * @want: expected result
 */
static void expect_resolved(const char *file, const char *path, int rc, const char *want)
{
	char buf[PATH_MAX];

	ck_assert_int_eq(scn_resolve_path(file, path, buf, sizeof(buf)), rc);
	ck_assert_str_eq(buf, want);
}

START_TEST(test_order)
{
	char t[64], scn[PATH_MAX], want[PATH_MAX];

	tree_make(t);
	tree_path(t, "suite/scenarios/a.scn", scn, sizeof(scn));
	/* the scenario's own folder first */
	expect_resolved(scn, "local.efi", 0, tree_path(t, "suite/scenarios/local.efi", want, sizeof(want)));
	/* then its parent: the tree the scenario lives in */
	expect_resolved(scn, "fixtures/tftp", 0, tree_path(t, "suite/fixtures/tftp", want, sizeof(want)));
	/* then the data folder */
	expect_resolved(scn, "vm-images/out/x.img", 0, tree_path(t, "data/vm-images/out/x.img", want, sizeof(want)));
	/* nowhere: the path as written, for the messages */
	expect_resolved(scn, "vm-images/out/nope.img", -ENOENT, "vm-images/out/nope.img");
	/* absolute: as is, even when missing */
	expect_resolved(scn, "/nonexistent/x.img", 0, "/nonexistent/x.img");
	tree_remove(t);
}
END_TEST

START_TEST(test_current_folder)
{
	char t[64], scn[PATH_MAX], here[PATH_MAX], want[PATH_MAX + 64];

	tree_make(t);
	/* a scenario in a folder of its own names a file of the current folder (tests run from the repository root) */
	tree_path(t, "bare/b.scn", scn, sizeof(scn));
	expect_resolved(scn, "harness/tests/unit/testlib.h", 0, "harness/tests/unit/testlib.h");
	/* the data folder comes after the current folder: the same file, found by its relative spelling */
	ck_assert_ptr_nonnull(getcwd(here, sizeof(here)));
	ck_assert_int_eq(setenv("PXELAB_DATADIR", here, 1), 0);
	expect_resolved(scn, "harness/tests/unit/testlib.h", 0, "harness/tests/unit/testlib.h");
	/* and reached when nothing before it has the file */
	snprintf(want, sizeof(want), "%s/harness", here);
	ck_assert_int_eq(setenv("PXELAB_DATADIR", want, 1), 0);
	snprintf(want, sizeof(want), "%s/harness/tests/unit/testlib.h", here);
	expect_resolved(scn, "tests/unit/testlib.h", 0, want);
	tree_remove(t);
}
END_TEST

START_TEST(test_textual)
{
	char t[64], here[PATH_MAX], sub[PATH_MAX];

	/* the source tree: scenarios/x.scn names fixtures/... of the repository, spelt as before */
	expect_resolved("scenarios/pxe-to-ipxe.scn", "fixtures/tftp", 0, "fixtures/tftp");
	expect_resolved("./scenarios/pxe-to-ipxe.scn", "fixtures/tftp", 0, "fixtures/tftp");
	expect_resolved("harness/tests/x.scn", "tests/unit/testlib.h", 0, "harness/tests/unit/testlib.h");
	/* a scenario named from its own folder: the parent is ".." */
	tree_make(t);
	ck_assert_ptr_nonnull(getcwd(here, sizeof(here)));
	ck_assert_int_eq(chdir(tree_path(t, "suite/scenarios", sub, sizeof(sub))), 0);
	expect_resolved("a.scn", "fixtures/tftp", 0, "../fixtures/tftp");
	expect_resolved("./a.scn", "fixtures/tftp", 0, "../fixtures/tftp");
	expect_resolved("../scenarios/a.scn", "fixtures/tftp", 0, "../fixtures/tftp");
	ck_assert_int_eq(chdir(here), 0);
	tree_remove(t);
}
END_TEST

START_TEST(test_parse_file_resolves)
{
	struct scn_list list;
	struct scn_diag d;
	char t[64], scn[PATH_MAX], want[PATH_MAX];
	const struct scenario *s;

	tree_make(t);
	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_file(tree_path(t, "suite/scenarios/a.scn", scn, sizeof(scn)), NULL, &list, &d), 0);
	ck_assert_uint_eq(d.errors, 0);
	ck_assert_uint_eq(list.n, 1);
	s = list.s[0];
	ck_assert_str_eq(s->tftp.root, tree_path(t, "suite/fixtures/tftp", want, sizeof(want)));
	ck_assert_str_eq(s->tftp.serve[0].src, tree_path(t, "suite/scenarios/local.efi", want, sizeof(want)));
	ck_assert_str_eq(s->targets[0].image, tree_path(t, "data/vm-images/out/x.img", want, sizeof(want)));
	scn_list_free(&list);
	/* a buffer has no folder: its paths stay as written (the fuzz target relies on it) */
	ck_assert_int_eq(scn_parse_buffer(scn, scenario_text, strlen(scenario_text), NULL, &list, &d), 0);
	ck_assert_str_eq(list.s[0]->tftp.root, "fixtures/tftp");
	ck_assert_str_eq(list.s[0]->targets[0].image, "vm-images/out/x.img");
	scn_list_free(&list);
	scn_diag_free(&d);
	tree_remove(t);
}
END_TEST

START_TEST(test_datadir)
{
	unsetenv("PXELAB_DATADIR");
	ck_assert_str_eq(scn_datadir(), PXL_DATADIR);
	setenv("PXELAB_DATADIR", "", 1);
	ck_assert_str_eq(scn_datadir(), PXL_DATADIR);
	setenv("PXELAB_DATADIR", "/srv/pxelab", 1);
	ck_assert_str_eq(scn_datadir(), "/srv/pxelab");
	unsetenv("PXELAB_DATADIR");
}
END_TEST

/**
 * paths_suite() - the suite
 *
 * Return: it.
 */
static Suite *paths_suite(void)
{
	Suite *s = suite_create("scenario_paths");
	TCase *tc = tcase_create("resolve");

	tcase_add_test(tc, test_order);
	tcase_add_test(tc, test_current_folder);
	tcase_add_test(tc, test_textual);
	tcase_add_test(tc, test_parse_file_resolves);
	tcase_add_test(tc, test_datadir);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(paths_suite)
