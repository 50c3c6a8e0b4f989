/* cmd_serve_iscsi.c - `pxelab serve iscsi`: pxelab's iSCSI target on a host TCP or unix socket */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/loop.h"
#include "net/stream_listen.h"
#include "services/iscsi/iscsi_target.h"

/**
 * struct serve_iscsi - the command's state
 * @set:     targets
 * @last:    target the next --lun/--chap applies to
 * @listen:  --listen value
 * @verbose: print read/write events too
 * @quiet:   print no events
 * @loop:    event loop
 */
struct serve_iscsi {
	struct iscsi_target_set *set;
	struct iscsi_target *last;
	const char *listen;
	int verbose;
	int quiet;
	struct pxl_loop *loop;
};

static const char usage[] =
	"usage: pxelab serve iscsi --listen ADDR:PORT|unix:PATH --target IQN\n"
	"                          --lun N:IMAGE[,snapshot|readonly|persistent] ...\n"
	"                          [--chap USER:SECRET] [--mutual-chap USER:SECRET] [-v|-q]\n"
	"  --lun and --chap apply to the preceding --target; both repeat.\n"
	"  snapshot (default) never writes the image; persistent writes it.\n"
	"  PORT 0 picks a free port; the line 'listening on ADDR:PORT' tells which.\n";

/**
 * print_event() - event sink: one line per event on stderr
 * @ctx: the command state
 * @now: time
 * @ev:  event
 */
static void print_event(void *ctx, uint64_t now, const struct pxl_event *ev)
{
	const struct serve_iscsi *s = ctx;
	int io = !strcmp(ev->kind, "read") || !strcmp(ev->kind, "write");

	if (s->quiet || (io && !s->verbose))
		return;
	fprintf(stderr, "iscsi %s %s%s%s value=%llu\n", ev->kind, ev->name ? ev->name : "-",
		ev->detail ? " " : "", ev->detail ? ev->detail : "", (unsigned long long)ev->value);
}

/**
 * svc_open() - a connection arrived: give it an iSCSI connection object
 * @arg:  the command state
 * @out:  its stream
 * @peer: peer address
 *
 * Return: the connection or NULL.
 */
static void *svc_open(void *arg, struct pxl_stream out, const char *peer)
{
	struct serve_iscsi *s = arg;

	return iscsi_conn_new(s->set, out, (struct pxl_event_sink){ print_event, s });
}

/**
 * svc_input() - bytes for a connection
 * @obj: iSCSI connection
 * @buf: bytes
 * @len: count
 * @now: time
 *
 * Return: as iscsi_conn_input().
 */
static int svc_input(void *obj, const void *buf, size_t len, uint64_t now)
{
	return iscsi_conn_input(obj, buf, len, now);
}

/**
 * svc_closed() - a connection ended: free its object
 * @obj: iSCSI connection
 */
static void svc_closed(void *obj)
{
	iscsi_conn_closed(obj);
	iscsi_conn_free(obj);
}

/**
 * split_cred() - "user:secret" into two strings (modifies @arg)
 * @arg:    option value
 * @secret: out: the part after the first ':'
 *
 * Return: 0 or -EINVAL.
 */
static int split_cred(char *arg, char **secret)
{
	char *colon = strchr(arg, ':');

	if (!colon || colon == arg || !colon[1])
		return -EINVAL;
	*colon = '\0';
	*secret = colon + 1;
	return 0;
}

/**
 * add_lun() - --lun N:IMAGE[,MODE] for the preceding target
 * @s:   command state
 * @arg: option value (modified)
 *
 * Return: 0, or -1 after printing what is wrong.
 */
static int add_lun(struct serve_iscsi *s, char *arg)
{
	enum blockstore_mode mode = BLOCKSTORE_SNAPSHOT;
	char *colon = strchr(arg, ':'), *comma, *end;
	struct blockstore *bs;
	struct scsi_disk_cfg cfg = { 0 };
	unsigned long lun;
	int err;

	lun = colon ? strtoul(arg, &end, 0) : 0;
	if (!colon || end != colon || lun > 16383 || !colon[1]) {
		fprintf(stderr, "pxelab serve iscsi: --lun %s: expected N:IMAGE[,MODE]\n", arg);
		return -1;
	}
	comma = strrchr(colon + 1, ',');
	if (comma && blockstore_parse_mode(comma + 1, &mode) == 0)
		*comma = '\0';
	else if (comma && strchr(comma + 1, '/') == NULL) {
		fprintf(stderr, "pxelab serve iscsi: --lun: unknown mode '%s' "
				"(snapshot, readonly, persistent)\n", comma + 1);
		return -1;
	}
	err = blockstore_open(colon + 1, mode, &bs);
	if (err) {
		fprintf(stderr, "pxelab serve iscsi: --lun %lu: %s: %s\n", lun, colon + 1,
			strerror(-err));
		return -1;
	}
	cfg.id = ((uint64_t)(iscsi_target_count(s->set)) << 16) | lun;
	err = iscsi_target_add_lun(s->last, (uint16_t)lun, scsi_disk_new(bs, &cfg));
	if (err) {
		fprintf(stderr, "pxelab serve iscsi: --lun %lu: %s (image smaller than a block, "
				"or LUN given twice)\n", lun, strerror(-err));
		return -1;
	}
	return 0;
}

/**
 * set_chap() - --chap / --mutual-chap for the preceding target
 * @s:      command state
 * @arg:    "user:secret" (modified)
 * @mutual: --mutual-chap
 *
 * Return: 0, or -1 after printing what is wrong.
 */
static int set_chap(struct serve_iscsi *s, char *arg, int mutual)
{
	char *secret;
	int err = split_cred(arg, &secret);

	if (!err)
		err = mutual ? iscsi_target_set_mutual_chap(s->last, arg, secret)
			     : iscsi_target_set_chap(s->last, arg, secret);
	if (err) {
		fprintf(stderr, "pxelab serve iscsi: --%s: expected USER:SECRET\n",
			mutual ? "mutual-chap" : "chap");
		return -1;
	}
	return 0;
}

/**
 * parse_option() - one option
 * @s:   command state
 * @c:   option character
 * @arg: its value
 *
 * Return: 0, 1 for --help, -1 on error (printed).
 */
static int parse_option(struct serve_iscsi *s, int c, char *arg)
{
	if (c == 'h')
		return 1;
	if (c == 'v' || c == 'q') {
		*(c == 'v' ? &s->verbose : &s->quiet) = 1;
		return 0;
	}
	if (c == 'l') {
		s->listen = arg;
		return 0;
	}
	if (c == 't') {
		s->last = iscsi_target_add(s->set, arg);
		if (!s->last)
			fprintf(stderr, "pxelab serve iscsi: --target %s: %s\n", arg, strerror(errno));
		return s->last ? 0 : -1;
	}
	if (!s->last) {
		fprintf(stderr, "pxelab serve iscsi: --lun/--chap must follow a --target\n");
		return -1;
	}
	if (c == 'n')
		return add_lun(s, arg);
	if (c == 'c' || c == 'm')
		return set_chap(s, arg, c == 'm');
	fputs(usage, stderr);
	return -1;
}

/**
 * parse_args() - the command line
 * @s:    command state
 * @argc: count
 * @argv: arguments (argv[0] is "iscsi")
 *
 * Return: 0, 1 for --help, -1 on error (printed).
 */
static int parse_args(struct serve_iscsi *s, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "target", required_argument, NULL, 't' },
		{ "lun", required_argument, NULL, 'n' },
		{ "chap", required_argument, NULL, 'c' },
		{ "mutual-chap", required_argument, NULL, 'm' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, "vqh", lo, NULL)) != -1) {
		r = parse_option(s, c, optarg);
		if (r)
			return r;
	}
	if (optind < argc || !s->listen || !iscsi_target_count(s->set)) {
		fprintf(stderr, "pxelab serve iscsi: %s\n%s",
			optind < argc ? "unexpected argument" : "--listen and --target are required",
			usage);
		return -1;
	}
	return 0;
}

/**
 * serve_run() - listen and run the loop until a signal
 * @s: command state
 *
 * Return: exit status.
 */
static int serve_run(struct serve_iscsi *s)
{
	struct pxl_stream_service svc = { svc_open, svc_input, svc_closed, s, NULL };

	return pxl_cli_serve_stream(s->loop, "iscsi", s->listen, &svc);
}

/**
 * pxl_cmd_serve_iscsi() - `pxelab serve iscsi ...`
 * @argc: count
 * @argv: arguments (argv[0] is "iscsi")
 *
 * Return: 0 after SIGINT/SIGTERM, 1 on a runtime error, 2 on bad usage.
 */
int pxl_cmd_serve_iscsi(int argc, char **argv)
{
	struct serve_iscsi s = { 0 };
	int code = PXL_EXIT_USAGE, r;

	s.set = iscsi_target_set_new(NULL);
	s.loop = pxl_loop_new();
	if (!s.set || !s.loop || pxl_loop_catch_signals(s.loop)) {
		fprintf(stderr, "pxelab serve iscsi: cannot set up: %s\n", strerror(errno));
		code = PXL_EXIT_FAIL;
		goto out;
	}
	r = parse_args(&s, argc, argv);
	if (r > 0) {
		fputs(usage, stdout);
		code = PXL_EXIT_OK;
	}
	if (r)
		goto out;
	code = serve_run(&s);
out:
	iscsi_target_set_free(s.set);
	pxl_loop_free(s.loop);
	return code;
}
