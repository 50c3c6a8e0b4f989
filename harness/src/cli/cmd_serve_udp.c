/* cmd_serve_udp.c - `pxelab serve tftp|dhcp`: a datagram service on a host UDP socket */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/loop.h"
#include "net/packet.h"
#include "net/udp_host.h"
#include "services/dhcp/dhcp_server.h"
#include "services/tftp/tftp_server.h"

/**
 * struct serve_ctx - one served service
 * @loop: event loop
 * @host: host sockets
 * @tftp, @dhcp: the service (one of them)
 * @timer: TFTP retransmission timer
 * @quiet: do not print events
 */
struct serve_ctx {
	struct pxl_loop *loop;
	struct pxl_udp_host *host;
	struct tftp_server *tftp;
	struct dhcp_server *dhcp;
	struct pxl_timer *timer;
	int quiet;
};

/**
 * serve_event() - print a service event as one line
 * @ctx: struct serve_ctx
 * @now: time
 * @ev: event
 */
static void serve_event(void *ctx, uint64_t now, const struct pxl_event *ev)
{
	struct serve_ctx *s = ctx;
	char ip[16] = "-", mac[18] = "-";

	if (s->quiet)
		return;
	if (ev->addr)
		pxl_ip_str(ev->addr, ip);
	if (ev->has_mac)
		pxl_mac_str(ev->mac, mac);
	printf("%s %s client=%s mac=%s%s%s%s%s value=%llu\n", ev->service, ev->kind, ip, mac,
	       ev->name ? " name=" : "", ev->name ? ev->name : "", ev->detail ? " detail=" : "",
	       ev->detail ? ev->detail : "", (unsigned long long)ev->value);
	fflush(stdout);
}

/**
 * parse_listen() - "ADDR:PORT" into host-order address and port
 * @s: text
 * @addr, @port: out
 *
 * Return: 0 or -EINVAL.
 */
static int parse_listen(const char *s, uint32_t *addr, uint16_t *port)
{
	char buf[64];
	char *colon, *end;
	unsigned long p;

	if (snprintf(buf, sizeof(buf), "%s", s) >= (int)sizeof(buf) || !(colon = strrchr(buf, ':')))
		return -EINVAL;
	*colon = '\0';
	p = strtoul(colon + 1, &end, 10);
	if (*end || p > 65535 || pxl_ip_parse(buf, addr))
		return -EINVAL;
	*port = (uint16_t)p;
	return 0;
}

/** serve_tftp_rearm() - arm the timer at the TFTP server's next deadline */
static void serve_tftp_rearm(struct serve_ctx *s)
{
	uint64_t d = tftp_server_next_deadline(s->tftp);

	if (d == PXL_NEVER)
		pxl_timer_disarm(s->timer);
	else
		pxl_timer_arm(s->timer, d);
}

/** serve_input() - a datagram arrived: hand it to the service */
static void serve_input(void *arg, const struct pxl_dgram *dg)
{
	struct serve_ctx *s = arg;

	if (s->dhcp)
		dhcp_server_input(s->dhcp, dg, pxl_now_ns());
	if (s->tftp) {
		tftp_server_input(s->tftp, dg, pxl_now_ns());
		serve_tftp_rearm(s);
	}
}

/** serve_tick() - TFTP retransmission timer */
static void serve_tick(void *arg)
{
	struct serve_ctx *s = arg;

	tftp_server_tick(s->tftp, pxl_now_ns());
	serve_tftp_rearm(s);
}

/**
 * serve_open() - loop, signals and the listening socket
 * @s: context
 * @cmd: "tftp" or "dhcp" (for messages)
 * @listen: "ADDR:PORT"
 * @addr, @port: out: the bound address and port
 *
 * Return: 0 or an exit status after printing why.
 */
static int serve_open(struct serve_ctx *s, const char *cmd, const char *listen, uint32_t *addr, uint16_t *port)
{
	char ip[16];
	int rc;

	if (!listen || parse_listen(listen, addr, port)) {
		fprintf(stderr, "pxelab serve %s: --listen ADDR:PORT is required (e.g. 127.0.0.1:6969), got '%s'\n",
			cmd, listen ? listen : "");
		return PXL_EXIT_USAGE;
	}
	s->loop = pxl_loop_new();
	s->host = s->loop ? pxl_udp_host_new(s->loop, serve_input, s) : NULL;
	if (!s->host || pxl_loop_catch_signals(s->loop)) {
		fprintf(stderr, "pxelab serve %s: cannot set up the event loop\n", cmd);
		return PXL_EXIT_FAIL;
	}
	rc = pxl_udp_host_listen(s->host, *addr, port);
	if (rc) {
		fprintf(stderr, "pxelab serve %s: cannot listen on %s: %s\n", cmd, listen, strerror(-rc));
		return PXL_EXIT_FAIL;
	}
	printf("pxelab serve %s: listening on %s:%u (Ctrl-C to stop)\n", cmd, pxl_ip_str(*addr, ip), *port);
	fflush(stdout);
	return 0;
}

/**
 * serve_close() - free the service, its timer, sockets and loop (each may be absent)
 * @s: context
 * @code: exit status to pass through
 *
 * Return: @code.
 */
static int serve_close(struct serve_ctx *s, int code)
{
	tftp_server_free(s->tftp);
	dhcp_server_free(s->dhcp);
	pxl_timer_free(s->timer);
	pxl_udp_host_free(s->host);
	pxl_loop_free(s->loop);
	return code;
}

/**
 * serve_run() - run until a signal, then free everything
 * @s: context
 *
 * Return: 0 after a clean stop by SIGINT/SIGTERM.
 */
static int serve_run(struct serve_ctx *s)
{
	int code = pxl_loop_run(s->loop);

	return serve_close(s, pxl_loop_signal(s->loop) ? 0 : code);
}

/**
 * pxl_cmd_serve_tftp() - `pxelab serve tftp --listen ADDR:PORT --root DIR [options]`
 * @argc, @argv: arguments (argv[0] is "tftp")
 *
 * Return: exit status.
 */
int pxl_cmd_serve_tftp(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "listen", 1, NULL, 'l' }, { "root", 1, NULL, 'r' }, { "max-blksize", 1, NULL, 'b' },
		{ "upload-dir", 1, NULL, 'u' }, { "quiet", 0, NULL, 'q' }, { "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct serve_ctx s = { 0 };
	struct tftp_config cfg = { 0 };
	const char *listen = NULL;
	uint32_t addr;
	uint16_t port;
	int c, code;

	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", lo, NULL)) != -1) {
		switch (c) {
		case 'l': listen = optarg; break;
		case 'r': cfg.root = optarg; break;
		case 'b': cfg.max_blksize = (uint16_t)strtoul(optarg, NULL, 10); break;
		case 'u': cfg.allow_upload = 1; cfg.upload_dir = optarg; break;
		case 'q': s.quiet = 1; break;
		default:
			fputs("usage: pxelab serve tftp --listen ADDR:PORT --root DIR [--max-blksize N]"
			      " [--upload-dir DIR] [--quiet]\n", c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : PXL_EXIT_USAGE;
		}
	}
	if (!cfg.root) {
		fputs("pxelab serve tftp: --root DIR is required\n", stderr);
		return PXL_EXIT_USAGE;
	}
	if ((code = serve_open(&s, "tftp", listen, &addr, &port)))
		return serve_close(&s, code);
	cfg.server_addr = addr;
	cfg.listen_port = port;
	s.timer = pxl_timer_new(s.loop, serve_tick, &s);
	s.tftp = tftp_server_new(&cfg, pxl_udp_host_transport(s.host), (struct pxl_event_sink){ serve_event, &s });
	if (!s.tftp) {
		fprintf(stderr, "pxelab serve tftp: --root %s: %s\n", cfg.root, strerror(errno));
		return serve_close(&s, PXL_EXIT_USAGE);
	}
	return serve_run(&s);
}

/**
 * serve_dhcp_parse() - the options of `pxelab serve dhcp`
 * @argc, @argv: arguments
 * @cfg: out: server configuration
 * @rule: out: the one boot rule the flags describe
 * @s: context (quiet)
 * @listen: out: --listen value
 *
 * Return: 0 or an exit status.
 */
static int serve_dhcp_parse(int argc, char **argv, struct dhcp_config *cfg, struct dhcp_rule *rule,
			    struct serve_ctx *s, const char **listen)
{
	static const struct option lo[] = {
		{ "listen", 1, NULL, 'l' }, { "server", 1, NULL, 's' }, { "pool", 1, NULL, 'p' },
		{ "netmask", 1, NULL, 'm' }, { "file", 1, NULL, 'f' }, { "next-server", 1, NULL, 'n' },
		{ "root-path", 1, NULL, 'R' }, { "lease", 1, NULL, 'L' }, { "proxy", 0, NULL, 'P' },
		{ "quiet", 0, NULL, 'q' }, { "help", 0, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	char *dash;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", lo, NULL)) != -1) {
		switch (c) {
		case 'l': *listen = optarg; break;
		case 's': if (pxl_ip_parse(optarg, &cfg->server_addr)) goto bad; break;
		case 'm': if (pxl_ip_parse(optarg, &cfg->netmask)) goto bad; break;
		case 'n': if (pxl_ip_parse(optarg, &rule->next_server)) goto bad; break;
		case 'f': rule->file = optarg; break;
		case 'R': rule->root_path = optarg; break;
		case 'L': cfg->lease_time = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'P': cfg->proxy = 1; break;
		case 'q': s->quiet = 1; break;
		case 'p':
			dash = strchr(optarg, '-');
			if (!dash) goto bad;
			*dash = '\0';
			if (pxl_ip_parse(optarg, &cfg->pool_start) || pxl_ip_parse(dash + 1, &cfg->pool_end))
				goto bad;
			break;
		default:
			fputs("usage: pxelab serve dhcp --listen ADDR:PORT --server IP --pool A-B [--netmask M]\n"
			      "       [--file NBP] [--next-server IP] [--root-path P] [--lease SECONDS] [--proxy] [--quiet]\n",
			      c == 'h' ? stdout : stderr);
			return c == 'h' ? -1 : PXL_EXIT_USAGE;
		}
	}
	return 0;
bad:
	fprintf(stderr, "pxelab serve dhcp: bad value '%s' for --%s\n", optarg, argv[optind - 1] + 2);
	return PXL_EXIT_USAGE;
}

/**
 * pxl_cmd_serve_dhcp() - `pxelab serve dhcp --listen ADDR:PORT --server IP --pool A-B [options]`
 * @argc, @argv: arguments (argv[0] is "dhcp")
 *
 * Return: exit status.
 */
int pxl_cmd_serve_dhcp(int argc, char **argv)
{
	struct serve_ctx s = { 0 };
	struct dhcp_config cfg = { .netmask = 0xffffff00 };
	struct dhcp_rule rule;
	const char *listen = NULL;
	uint32_t addr;
	uint16_t port;
	int code;

	dhcp_rule_init(&rule, "serve");
	code = serve_dhcp_parse(argc, argv, &cfg, &rule, &s, &listen);
	if (code)
		return code < 0 ? 0 : code;
	if (!cfg.server_addr || (!cfg.proxy && !cfg.pool_start)) {
		fputs("pxelab serve dhcp: --server IP and --pool A-B are required\n", stderr);
		return PXL_EXIT_USAGE;
	}
	cfg.rules = &rule;
	cfg.n_rules = rule.file || rule.root_path ? 1 : 0;
	if ((code = serve_open(&s, "dhcp", listen, &addr, &port)))
		return serve_close(&s, code);
	cfg.port = port;
	if (port != 67)
		printf("pxelab serve dhcp: port %u is not 67: replies go to each request's source address and port "
		       "(for test clients; PXE firmware listens on 68 and needs port 67)\n", port);
	s.dhcp = dhcp_server_new(&cfg, pxl_udp_host_transport(s.host), (struct pxl_event_sink){ serve_event, &s });
	if (!s.dhcp) {
		fprintf(stderr, "pxelab serve dhcp: configuration refused: %s\n", strerror(errno));
		return serve_close(&s, PXL_EXIT_USAGE);
	}
	return serve_run(&s);
}
