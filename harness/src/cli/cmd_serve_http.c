/* cmd_serve_http.c - `pxelab serve http`: pxelab's HTTP file server on a host TCP or unix socket */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/loop.h"
#include "net/stream_listen.h"
#include "services/http/http_server.h"

/**
 * struct serve_http - the command's state
 * @cfg:     server configuration
 * @srv:     the server
 * @listen:  --listen value
 * @verbose: print request and complete events too
 * @quiet:   print no events
 * @loop:    event loop
 */
struct serve_http {
	struct http_config cfg;
	struct http_server *srv;
	const char *listen;
	int verbose;
	int quiet;
	struct pxl_loop *loop;
};

static const char usage[] =
	"usage: pxelab serve http --listen ADDR:PORT|unix:PATH --root DIR\n"
	"                         [--max-conns N] [--max-head BYTES] [--no-range] [-v|-q]\n"
	"  Serves the files under DIR by GET and HEAD (HTTP/1.1, keep-alive, one Range),\n"
	"  with the TFTP server's path rules; no directory listings.\n"
	"  --max-conns N      connections at once (64); the next gets 503\n"
	"  --max-head BYTES   longest request head (8192); longer: 414 or 431\n"
	"  --no-range         ignore Range (Accept-Ranges: none)\n"
	"  -v prints every request, -q nothing; by default responses and errors.\n"
	"  PORT 0 picks a free port; the line 'listening on ADDR:PORT' tells which.\n";

/**
 * print_event() - event sink: one line per event on stderr
 * @ctx: the command state
 * @now: time
 * @ev:  event
 */
static void print_event(void *ctx, uint64_t now, const struct pxl_event *ev)
{
	const struct serve_http *s = ctx;
	int chatty = !strcmp(ev->kind, "request") || !strcmp(ev->kind, "complete");

	if (s->quiet || (chatty && !s->verbose))
		return;
	fprintf(stderr, "http %s %s%s%s value=%llu\n", ev->kind, ev->name ? ev->name : "-",
		ev->detail ? " " : "", ev->detail ? ev->detail : "", (unsigned long long)ev->value);
}

/** svc_open() - a connection arrived: an HTTP connection object */
static void *svc_open(void *arg, struct pxl_stream out, const char *peer)
{
	struct serve_http *s = arg;

	return http_conn_new(s->srv, out, (struct pxl_event_sink){ print_event, s }, pxl_now_ns());
}

/** svc_input() - bytes for a connection */
static int svc_input(void *obj, const void *buf, size_t len, uint64_t now)
{
	return http_conn_input(obj, buf, len, now);
}

/** svc_drained() - the output drained: more of the body */
static void svc_drained(void *obj, uint64_t now)
{
	http_conn_drained(obj, now);
}

/** svc_closed() - a connection ended: free its object */
static void svc_closed(void *obj)
{
	http_conn_free(obj);
}

/**
 * parse_number() - a positive number option
 * @name: option name, for the message
 * @arg:  its value
 * @out:  out: the number
 *
 * Return: 0, or -1 after printing what is wrong.
 */
static int parse_number(const char *name, const char *arg, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || !*out || *out > 1000000) {
		fprintf(stderr, "pxelab serve http: --%s %s: expected a number from 1 to 1000000\n",
			name, arg);
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
static int parse_option(struct serve_http *s, int c, char *arg)
{
	unsigned long n;

	switch (c) {
	case 'h':
		return 1;
	case 'v':
	case 'q':
		*(c == 'v' ? &s->verbose : &s->quiet) = 1;
		return 0;
	case 'l':
		s->listen = arg;
		return 0;
	case 'r':
		s->cfg.root = arg;
		return 0;
	case 'R':
		s->cfg.no_range = 1;
		return 0;
	case 'c':
	case 'H':
		if (parse_number(c == 'c' ? "max-conns" : "max-head", arg, &n))
			return -1;
		if (c == 'c')
			s->cfg.max_conns = (unsigned int)n;
		else
			s->cfg.max_head = n < 64 ? 64 : n;
		return 0;
	}
	fputs(usage, stderr);
	return -1;
}

/**
 * parse_args() - the command line
 * @s:    command state
 * @argc: count
 * @argv: arguments (argv[0] is "http")
 *
 * Return: 0, 1 for --help, -1 on error (printed).
 */
static int parse_args(struct serve_http *s, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "root", required_argument, NULL, 'r' },
		{ "max-conns", required_argument, NULL, 'c' },
		{ "max-head", required_argument, NULL, 'H' },
		{ "no-range", no_argument, NULL, 'R' },
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
	if (optind < argc || !s->listen || !s->cfg.root) {
		fprintf(stderr, "pxelab serve http: %s\n%s",
			optind < argc ? "unexpected argument" : "--listen and --root are required",
			usage);
		return -1;
	}
	return 0;
}

/**
 * serve_run() - open the root, listen and run the loop until a signal
 * @s: command state
 *
 * Return: exit status.
 */
static int serve_run(struct serve_http *s)
{
	struct pxl_stream_service svc = { svc_open, svc_input, svc_closed, s, svc_drained };
	int err;

	s->srv = http_server_new(&s->cfg, &err);
	if (!s->srv) {
		fprintf(stderr, "pxelab serve http: --root %s: %s\n", s->cfg.root, strerror(-err));
		return PXL_EXIT_FAIL;
	}
	return pxl_cli_serve_stream(s->loop, "http", s->listen, &svc);
}

/**
 * pxl_cmd_serve_http() - `pxelab serve http ...`
 * @argc: count
 * @argv: arguments (argv[0] is "http")
 *
 * Return: 0 after SIGINT/SIGTERM, 1 on a runtime error, 2 on bad usage.
 */
int pxl_cmd_serve_http(int argc, char **argv)
{
	struct serve_http s = { 0 };
	int code = PXL_EXIT_USAGE, r;

	s.loop = pxl_loop_new();
	if (!s.loop || pxl_loop_catch_signals(s.loop)) {
		fprintf(stderr, "pxelab serve http: cannot set up: %s\n", strerror(errno));
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
	http_server_free(s.srv);
	pxl_loop_free(s.loop);
	return code;
}
