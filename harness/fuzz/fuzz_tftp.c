/* fuzz_tftp.c - fuzz target: TFTP packet parsing, safe path resolution and the server's transfers
 *
 * Input: records (fuzz.h), one TFTP datagram each.  Every record is parsed
 * with tftp_pkt_parse() and summarised; a request's file name is resolved
 * with pxl_root_open() (and pxl_root_create() for a WRQ), and whatever
 * they open must lie inside the served (upload) folder.  Then the record goes to a TFTP server made
 * fresh for this input over a served root with files, folders and symlinks
 * (two of which escape it).  Selector bits: 0-1 = destination (69, the
 * newest transfer port, the oldest one, a port nobody opened), 2 = source
 * port (the client's or a stranger's), 3 = 1.5 s pass and timers run
 * first.  Contracts checked: every datagram the server sends parses, a DATA
 * block never exceeds 1468 bytes, ports are closed once each, and none is
 * left open when the server is freed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/root_path.h"
#include "core/util.h"
#include "fuzz.h"
#include "services/tftp/tftp_pkt.h"
#include "services/tftp/tftp_server.h"

#define SRV_ADDR 0x0a000202u  /* 10.0.2.2 */
#define CLI_ADDR 0x0a000264u  /* 10.0.2.100 */
#define MAX_PORTS 64
#define FIRST_TID 50000

/**
 * struct tftp_fuzz - the served tree, made once
 * @root:    served folder (real path)
 * @upload:  upload folder (emptied before each input)
 * @root_fd: @root opened, for direct path checks
 * @up_fd:   @upload opened
 * @ready:   set up
 */
static struct tftp_fuzz {
	char root[PATH_MAX];
	char upload[PATH_MAX];
	int root_fd;
	int up_fd;
	int ready;
} fz;

/**
 * struct tftp_net - the fake transport of one input
 * @open:   ports currently open, oldest first
 * @n_open: how many
 * @next:   next port to hand out
 */
struct tftp_net {
	uint16_t open[MAX_PORTS];
	size_t n_open;
	uint16_t next;
};

/**
 * make_tree() - the served tree: the captures' file names, a folder, symlinks in and out, a loop
 * @base: temp folder that gets root/, upload/ and a secret file beside them
 *
 * Return: 0 or -1.
 */
static int make_tree(const char *base)
{
	static const char *const links[][2] = {
		{ "root/link-in", "snponly.efi" },   { "root/link-out", "../secret" },
		{ "root/link-abs", "/etc/passwd" }, { "root/loop", "loop" },
		{ "root/dir-link", "sub" },      { "root/sub/up", "../../secret" },
	};
	static uint8_t blob[3000];
	char path[PATH_MAX];
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(blob); i++)
		blob[i] = (uint8_t)i;
	snprintf(path, sizeof(path), "%s/root", base);
	rc |= mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/root/sub", base);
	rc |= mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/upload", base);
	rc |= mkdir(path, 0755);
	rc |= fuzz_write_file(base, "secret", "secret\n", 7);
	rc |= fuzz_write_file(base, "root/boot.ipxe", "#!ipxe\nsanboot\n", 15);
	rc |= fuzz_write_file(base, "root/snponly.efi", blob, sizeof(blob));
	rc |= fuzz_write_file(base, "root/undionly.kpxe", blob, 1468);
	rc |= fuzz_write_file(base, "root/exact512", blob, 512);
	rc |= fuzz_write_file(base, "root/empty", blob, 0);
	rc |= fuzz_write_file(base, "root/sub/file", blob, 100);
	for (i = 0; i < ARRAY_SIZE(links); i++) {
		snprintf(path, sizeof(path), "%s/%s", base, links[i][0]);
		rc |= symlink(links[i][1], path);
	}
	return rc ? -1 : 0;
}

/** setup() - the tree, once */
static void setup(void)
{
	const char *base;
	char path[PATH_MAX];

	if (fz.ready)
		return;
	base = fuzz_tmpdir("tftp");
	if (!base || make_tree(base))
		abort();
	snprintf(path, sizeof(path), "%s/root", base);
	if (!realpath(path, fz.root))
		abort();
	snprintf(path, sizeof(path), "%s/upload", base);
	if (!realpath(path, fz.upload))
		abort();
	fz.root_fd = open(fz.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fz.up_fd = open(fz.upload, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fz.root_fd < 0 || fz.up_fd < 0)
		abort();
	fz.ready = 1;
}

/** empty_upload() - remove what the previous input uploaded (flat: the server makes no folders) */
static void empty_upload(void)
{
	int fd = dup(fz.up_fd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;

	if (!d)
		abort();
	rewinddir(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			FUZZ_ASSERT(unlinkat(fz.up_fd, de->d_name, 0) == 0, "cannot remove upload %s: %s",
				    de->d_name, strerror(errno));
	closedir(d);
}

/**
 * check_inside() - an fd the path code opened must be a file inside @dir
 * @fd:  the fd
 * @dir: folder it must be under (real path)
 * @name: the client's name, for the message
 */
static void check_inside(int fd, const char *dir, const char *name)
{
	char link[64], target[PATH_MAX];
	size_t dl = strlen(dir);
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	FUZZ_ASSERT(n > 0, "readlink %s: %s", link, strerror(errno));
	target[n] = '\0';
	FUZZ_ASSERT(!strncmp(target, dir, dl) && target[dl] == '/',
		    "name \"%s\" opened %s, outside %s", name, target, dir);
}

/**
 * check_paths() - resolve a request's name directly, as the server will
 * @name:   the client's file name
 * @create: for a WRQ: also create it in the upload folder (then remove it)
 */
static void check_paths(const char *name, int create)
{
	struct pxl_root_file res;

	if (pxl_root_open(fz.root_fd, name, &res) == 0) {
		check_inside(res.fd, fz.root, name);
		pxl_root_close(&res);
	} else {
		FUZZ_ASSERT(res.why, "refused \"%s\" without a reason", name);
	}
	if (create && pxl_root_create(fz.up_fd, name, &res) == 0) {
		check_inside(res.fd, fz.upload, name);
		FUZZ_ASSERT(unlinkat(res.dir_fd, res.leaf, 0) == 0, "unlink %s", res.leaf);
		pxl_root_close(&res);
	}
}

/**
 * check_packet() - parse one record as a TFTP packet and read all of it
 * @rec: the record
 */
static void check_packet(const struct fuzz_rec *rec)
{
	struct tftp_pkt pkt;
	char line[512];
	unsigned int i;
	int rc = tftp_pkt_parse(rec->data, rec->len, &pkt);

	FUZZ_ASSERT(!rc == (pkt.perr == TFTP_PERR_NONE), "rc %d perr %d", rc, pkt.perr);
	fuzz_touch_str(tftp_perr_str(pkt.perr));
	if (rc)
		return;
	tftp_pkt_summary(&pkt, line, sizeof(line));
	fuzz_touch_str(line);
	fuzz_touch_str(tftp_opcode_name(pkt.opcode));
	for (i = 0; i < pkt.n_opts; i++) {
		fuzz_touch_str(pkt.opts[i].name);
		fuzz_touch_str(pkt.opts[i].value);
		tftp_opt_get(&pkt, pkt.opts[i].name);
	}
	if (pkt.opcode == TFTP_ERROR) {
		FUZZ_ASSERT(strlen(pkt.err_msg) < TFTP_MSG_MAX, "error message");
		fuzz_touch_str(tftp_error_name(pkt.err_code));
	}
	if (pkt.opcode == TFTP_RRQ || pkt.opcode == TFTP_WRQ) {
		tftp_mode_known(pkt.mode);
		check_paths(pkt.filename, pkt.opcode == TFTP_WRQ);
	}
}

/**
 * net_send() - transport: what the server sends must parse and fit
 * @ctx: the fake network
 * @dg:  the datagram
 *
 * Return: 0.
 */
static int net_send(void *ctx, const struct pxl_dgram *dg)
{
	struct tftp_pkt pkt;

	(void)ctx;
	FUZZ_ASSERT(tftp_pkt_parse(dg->data, dg->len, &pkt) == 0, "server sent an unparsable %s",
		    tftp_perr_str(pkt.perr));
	FUZZ_ASSERT(pkt.opcode != TFTP_DATA || pkt.data_len <= 1468, "DATA of %zu bytes",
		    pkt.data_len);
	return 0;
}

/**
 * net_open() - transport: hand out the next transfer port
 * @ctx:  the fake network
 * @addr: address asked for
 * @port: out: the port
 *
 * Return: 0, or -EADDRINUSE when MAX_PORTS are open.
 */
static int net_open(void *ctx, uint32_t addr, uint16_t *port)
{
	struct tftp_net *net = ctx;

	FUZZ_ASSERT(addr == SRV_ADDR, "port asked on %08x", addr);
	if (net->n_open >= MAX_PORTS)
		return -EADDRINUSE;
	*port = net->next++;
	net->open[net->n_open++] = *port;
	return 0;
}

/**
 * net_close() - transport: the port must be open
 * @ctx:  the fake network
 * @addr: address
 * @port: port
 */
static void net_close(void *ctx, uint32_t addr, uint16_t port)
{
	struct tftp_net *net = ctx;
	size_t i;

	for (i = 0; i < net->n_open; i++) {
		if (net->open[i] == port) {
			memmove(&net->open[i], &net->open[i + 1],
				(net->n_open - i - 1) * sizeof(net->open[0]));
			net->n_open--;
			return;
		}
	}
	FUZZ_ASSERT(0, "close of port %u, which is not open", port);
}

/**
 * dest_port() - where a record goes, by its selector
 * @net: the fake network
 * @sel: selector
 *
 * Return: a port.
 */
static uint16_t dest_port(const struct tftp_net *net, unsigned int sel)
{
	switch (sel & 3) {
	case 1:
		return net->n_open ? net->open[net->n_open - 1] : TFTP_PORT;
	case 2:
		return net->n_open ? net->open[0] : TFTP_PORT;
	case 3:
		return 40000;
	}
	return TFTP_PORT;
}

/**
 * LLVMFuzzerTestOneInput() - one input: records through the parser, the path checks and a server
 * @data: records (fuzz.h)
 * @size: their length
 *
 * Return: 0 (libFuzzer's convention; problems abort).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct pxl_udp_ops ops = { net_send, net_open, net_close };
	struct tftp_net net = { .next = FIRST_TID };
	struct tftp_config cfg = { 0 };
	struct fuzz_cursor cur = { data, size };
	struct tftp_server *srv;
	struct fuzz_rec rec;
	uint64_t now = 1000 * PXL_NS_PER_SEC;

	setup();
	empty_upload();
	cfg.root = fz.root;
	cfg.server_addr = SRV_ADDR;
	cfg.max_transfers = 8;
	cfg.allow_upload = 1;
	cfg.upload_dir = fz.upload;
	cfg.max_upload_bytes = 4096;
	srv = tftp_server_new(&cfg, (struct pxl_udp_transport){ &ops, &net }, fuzz_sink());
	FUZZ_ASSERT(srv, "server could not start: %s", strerror(errno));
	while (fuzz_next_rec(&cur, &rec)) {
		struct pxl_dgram dg = {
			.src = { CLI_ADDR, rec.sel & 4 ? 2001 : 2000 },
			.dst = { SRV_ADDR, dest_port(&net, rec.sel) },
			.data = rec.data,
			.len = rec.len,
			.mac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
			.has_mac = 1,
		};

		check_packet(&rec);
		if (rec.sel & 8) {
			now += 1500 * PXL_NS_PER_MS;
			if (tftp_server_next_deadline(srv) <= now)
				tftp_server_tick(srv, now);
		}
		tftp_server_input(srv, &dg, now);
	}
	now += 60 * PXL_NS_PER_SEC;
	tftp_server_tick(srv, now);
	tftp_server_free(srv);
	FUZZ_ASSERT(net.n_open == 0, "%zu ports left open", net.n_open);
	return 0;
}
