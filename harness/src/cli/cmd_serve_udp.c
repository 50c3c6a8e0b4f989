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
#include "lang/scenario.h"
#include "servers/dhcp_policy.h"
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
 * serve_dhcp_run() - open the socket, start the server, run until a signal
 * @s:      context
 * @cfg:    the server's configuration
 * @listen: --listen value
 *
 * Return: exit status.
 */
static int serve_dhcp_run(struct serve_ctx *s, struct dhcp_config *cfg, const char *listen)
{
	uint32_t addr;
	uint16_t port;
	int code;

	if ((code = serve_open(s, "dhcp", listen, &addr, &port)))
		return serve_close(s, code);
	cfg->port = port;
	if (port != 67)
		printf("pxelab serve dhcp: port %u is not 67: replies go to each request's source address and port "
		       "(for test clients; PXE firmware listens on 68 and needs port 67)\n", port);
	s->dhcp = dhcp_server_new(cfg, pxl_udp_host_transport(s->host), (struct pxl_event_sink){ serve_event, s });
	if (!s->dhcp) {
		fprintf(stderr, "pxelab serve dhcp: configuration refused: %s\n", strerror(errno));
		return serve_close(s, PXL_EXIT_USAGE);
	}
	return serve_run(s);
}

/**
 * struct serve_dhcp_opts - what `pxelab serve dhcp` was told
 * @cfg:      the values given on the command line (0 where absent)
 * @rule:     the one boot rule --file, --next-server and --root-path describe
 * @listen:   --listen value
 * @scenario: --scenario FILE, or NULL
 */
struct serve_dhcp_opts {
	struct dhcp_config cfg;
	struct dhcp_rule rule;
	const char *listen;
	const char *scenario;
};

static const char serve_dhcp_usage[] =
	"usage: pxelab serve dhcp --listen ADDR:PORT (--server IP --pool A-B | --scenario FILE)\n"
	"       [--netmask M] [--file NBP] [--next-server IP] [--root-path P] [--lease SECONDS]\n"
	"       [--proxy] [--quiet]\n"
	"Serve pxelab's DHCP server on a host UDP socket.\n"
	"  --listen ADDR:PORT   where to listen; a port other than 67 answers each request's\n"
	"                       source address and port (for test clients)\n"
	"  --server IP          the server's address (option 54, default router, next server)\n"
	"  --pool A-B           the addresses handed out\n"
	"  --scenario FILE      serve the policy of a scenario's dhcp block (lan, pool, lease,\n"
	"                       reserve, proxy, when/otherwise); --server, --pool, --netmask,\n"
	"                       --lease and --proxy override it\n"
	"  --netmask M          subnet mask (default 255.255.255.0, or the scenario's)\n"
	"  --file NBP           boot file name (not with --scenario)\n"
	"  --next-server IP     siaddr (not with --scenario)\n"
	"  --root-path P        option 17 (not with --scenario)\n"
	"  --lease SECONDS      lease time\n"
	"  --proxy              ProxyDHCP: boot information only, no addresses\n"
	"  -q, --quiet          do not print events\n"
	"exit status: 0 stopped by SIGINT/SIGTERM, 2 bad usage, scenario or port\n";

/**
 * serve_dhcp_parse() - parse `pxelab serve dhcp` options
 * @argc, @argv: arguments
 * @o: out: what was given
 * @s: context (quiet)
 *
 * Return: 0, -1 after --help, or an exit status.
 */
static int serve_dhcp_parse(int argc, char **argv, struct serve_dhcp_opts *o, struct serve_ctx *s)
{
	static const struct option lo[] = {
		{ "listen", 1, NULL, 'l' }, { "server", 1, NULL, 's' }, { "pool", 1, NULL, 'p' },
		{ "netmask", 1, NULL, 'm' }, { "file", 1, NULL, 'f' }, { "next-server", 1, NULL, 'n' },
		{ "root-path", 1, NULL, 'R' }, { "lease", 1, NULL, 'L' }, { "proxy", 0, NULL, 'P' },
		{ "scenario", 1, NULL, 'S' }, { "quiet", 0, NULL, 'q' }, { "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct dhcp_config *cfg = &o->cfg;
	char *dash;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", lo, NULL)) != -1) {
		switch (c) {
		case 'l': o->listen = optarg; break;
		case 'S': o->scenario = optarg; break;
		case 's': if (pxl_ip_parse(optarg, &cfg->server_addr)) goto bad; break;
		case 'm': if (pxl_ip_parse(optarg, &cfg->netmask)) goto bad; break;
		case 'n': if (pxl_ip_parse(optarg, &o->rule.next_server)) goto bad; break;
		case 'f': o->rule.file = optarg; break;
		case 'R': o->rule.root_path = optarg; break;
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
			fputs(serve_dhcp_usage, c == 'h' ? stdout : stderr);
			return c == 'h' ? -1 : PXL_EXIT_USAGE;
		}
	}
	return 0;
bad:
	fprintf(stderr, "pxelab serve dhcp: bad value '%s' for --%s\n", optarg, argv[optind - 1] + 2);
	return PXL_EXIT_USAGE;
}

/**
 * serve_dhcp_scenario() - the policy of --scenario FILE, with the command line's overrides
 * @o:      what was given
 * @list:   out: the file's instances (the first one is served)
 * @policy: out: its dhcp block as a configuration
 *
 * Return: 0 or PXL_EXIT_USAGE after printing why (the file's diagnostics).
 */
static int serve_dhcp_scenario(const struct serve_dhcp_opts *o, struct scn_list *list,
			       struct pxl_dhcp_policy *policy)
{
	const struct dhcp_config *given = &o->cfg;
	struct dhcp_config *cfg = &policy->cfg;
	struct scn_diag d;
	char err[256];
	int rc;

	if (o->rule.file || o->rule.next_server || o->rule.root_path) {
		fputs("pxelab serve dhcp: --file, --next-server and --root-path are the scenario's "
		      "when/otherwise lines with --scenario\n", stderr);
		return PXL_EXIT_USAGE;
	}
	scn_diag_init(&d);
	rc = scn_parse_file(o->scenario, NULL, list, &d);
	scn_diag_print(&d, stderr);
	scn_diag_free(&d);
	if (rc)
		return PXL_EXIT_USAGE;
	if (list->n > 1)
		printf("pxelab serve dhcp: %s has %zu matrix instances: serving the first (%s)\n", o->scenario,
		       list->n, list->s[0]->name);
	if (pxl_dhcp_policy_make(list->s[0], policy, err, sizeof(err))) {
		fprintf(stderr, "pxelab serve dhcp: %s\n", err);
		return PXL_EXIT_USAGE;
	}
	if (given->server_addr)
		cfg->server_addr = cfg->gateway = cfg->next_server = given->server_addr;
	if (given->pool_start)
		cfg->pool_start = given->pool_start, cfg->pool_end = given->pool_end;
	if (given->netmask)
		cfg->netmask = given->netmask;
	if (given->lease_time)
		cfg->lease_time = given->lease_time;
	cfg->proxy |= given->proxy;
	return 0;
}

/**
 * pxl_cmd_serve_dhcp() - `pxelab serve dhcp --listen ADDR:PORT (--server IP --pool A-B | --scenario FILE)`
 * @argc, @argv: arguments (argv[0] is "dhcp")
 *
 * Return: exit status.
 */
int pxl_cmd_serve_dhcp(int argc, char **argv)
{
	struct serve_ctx s = { 0 };
	struct serve_dhcp_opts o = { .listen = NULL };
	struct pxl_dhcp_policy policy = { .rules = NULL };
	struct scn_list list = { NULL, 0 };
	struct dhcp_config *cfg = &o.cfg;
	int code;

	dhcp_rule_init(&o.rule, "serve");
	code = serve_dhcp_parse(argc, argv, &o, &s);
	if (code)
		return code < 0 ? 0 : code;
	if (o.scenario) {
		code = serve_dhcp_scenario(&o, &list, &policy);
		cfg = &policy.cfg;
	} else if (!cfg->server_addr || (!cfg->proxy && !cfg->pool_start)) {
		fputs("pxelab serve dhcp: --server IP and --pool A-B (or --scenario FILE) are required\n", stderr);
		code = PXL_EXIT_USAGE;
	} else {
		cfg->netmask = cfg->netmask ? cfg->netmask : 0xffffff00;
		cfg->rules = &o.rule;
		cfg->n_rules = o.rule.file || o.rule.root_path ? 1 : 0;
	}
	if (!code)
		code = serve_dhcp_run(&s, cfg, o.listen);
	pxl_dhcp_policy_free(&policy);
	scn_list_free(&list);
	return code;
}
