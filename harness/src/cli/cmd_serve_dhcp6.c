/* cmd_serve_dhcp6.c - `pxelab serve dhcp6`: pxelab's DHCPv6 server on a host UDP/IPv6 socket */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/addr.h"
#include "core/loop.h"
#include "services/dhcp6/dhcp6_server.h"

/**
 * struct serve6 - the served DHCPv6 server
 * @loop:  event loop
 * @fd:    the UDP/IPv6 socket, -1 when none
 * @srv:   the server
 * @reply: reply buffer
 * @buf:   receive buffer
 * @quiet: do not print events
 */
struct serve6 {
	struct pxl_loop *loop;
	int fd;
	struct dhcp6_server *srv;
	struct dhcp6_build reply;
	uint8_t buf[DHCP6_MSG_MAX_LEN + 1];
	int quiet;
};

/**
 * struct serve6_opts - what the command line asked for
 * @listen:  "[ADDR]:PORT"
 * @rules:   [0] iPXE (user class "iPXE"), [1] everyone else
 * @cfg:     server settings
 * @has_server: --server given
 */
struct serve6_opts {
	const char *listen;
	struct dhcp_rule rules[2];
	struct dhcp6_config cfg;
	int has_server;
};

/** serve6_event() - print a DHCPv6 event as one line */
static void serve6_event(void *ctx, uint64_t now, const struct pxl_event *ev)
{
	const struct serve6 *s = ctx;
	char mac[PXL_MAC_STR] = "-";

	if (s->quiet)
		return;
	if (ev->has_mac)
		pxl_mac_str(ev->mac, mac);
	printf("%s %s mac=%s%s%s%s%s value=%llu\n", ev->service, ev->kind, mac,
	       ev->name ? " name=" : "", ev->name ? ev->name : "", ev->detail ? " detail=" : "",
	       ev->detail ? ev->detail : "", (unsigned long long)ev->value);
	fflush(stdout);
}

/** serve6_readable() - datagrams arrived: serve each, reply to its sender */
static void serve6_readable(void *arg, int fd, short revents)
{
	struct serve6 *s = arg;
	struct sockaddr_in6 peer;
	socklen_t plen;
	ssize_t n;

	for (;;) {
		plen = sizeof(peer);
		n = recvfrom(fd, s->buf, sizeof(s->buf), 0, (struct sockaddr *)&peer, &plen);
		if (n < 0)
			return;
		if (dhcp6_server_input(s->srv, s->buf, (size_t)n, pxl_now_ns(), &s->reply) &&
		    sendto(fd, s->reply.buf, s->reply.len, 0, (struct sockaddr *)&peer, plen) < 0)
			fprintf(stderr, "pxelab serve dhcp6: reply not sent: %s\n", strerror(errno));
	}
}

/**
 * parse_listen6() - "[ADDR]:PORT" (or "[ADDR]", port 547) into a socket address
 * @text: the value
 * @sa:   out: the address
 *
 * Return: 0 or -EINVAL.
 */
static int parse_listen6(const char *text, struct sockaddr_in6 *sa)
{
	char buf[80], *close, *end;
	unsigned long port = DHCP6_SERVER_PORT;

	if (text[0] != '[' || snprintf(buf, sizeof(buf), "%s", text + 1) >= (int)sizeof(buf) ||
	    !(close = strchr(buf, ']')))
		return -EINVAL;
	*close = '\0';
	if (close[1] == ':') {
		port = strtoul(close + 2, &end, 10);
		if (!close[2] || *end || port > 65535)
			return -EINVAL;
	} else if (close[1]) {
		return -EINVAL;
	}
	memset(sa, 0, sizeof(*sa));
	sa->sin6_family = AF_INET6;
	sa->sin6_port = htons((uint16_t)port);
	return inet_pton(AF_INET6, buf, &sa->sin6_addr) == 1 ? 0 : -EINVAL;
}

/**
 * parse_pool() - "FIRST-LAST" into the pool start and size
 * @value: the value
 * @cfg:   out: pool_start, pool_size
 *
 * Return: 0 or -EINVAL (not two addresses, differing above the last 32 bits, reversed).
 */
static int parse_pool(const char *value, struct dhcp6_config *cfg)
{
	uint8_t last[16];
	uint32_t a, b;
	char text[100], *dash;

	if (snprintf(text, sizeof(text), "%s", value) >= (int)sizeof(text) || !(dash = strchr(text, '-')))
		return -EINVAL;
	*dash = '\0';
	if (inet_pton(AF_INET6, text, cfg->pool_start) != 1 || inet_pton(AF_INET6, dash + 1, last) != 1 ||
	    memcmp(cfg->pool_start, last, 12))
		return -EINVAL;
	memcpy(&a, cfg->pool_start + 12, 4);
	memcpy(&b, last + 12, 4);
	a = ntohl(a);
	b = ntohl(b);
	if (b < a || b - a >= 65536)
		return -EINVAL;
	cfg->pool_size = b - a + 1;
	return 0;
}

/** serve6_usage() - the command's usage */
static void serve6_usage(FILE *f)
{
	fputs("usage: pxelab serve dhcp6 --listen [ADDR]:PORT --pool FIRST-LAST [--server ADDR]\n"
	      "       [--file NBP|URL] [--ipxe-file NBP|URL] [--boot-params TEXT] [--dns ADDR]\n"
	      "       [--preference N] [--rapid-commit] [--lifetime SECONDS] [--quiet]\n"
	      "\n"
	      "  --listen [ADDR]:PORT  UDP/IPv6 socket, e.g. [::1]:5547 ([::]:547 serves a link)\n"
	      "  --pool FIRST-LAST     IA_NA addresses, e.g. fd00::100-fd00::1ff (at most 65536)\n"
	      "  --server ADDR         host of tftp:// boot URLs (default: the listen address)\n"
	      "  --file NBP|URL        option 59 for clients without user class iPXE\n"
	      "  --ipxe-file NBP|URL   option 59 for iPXE (rule: user-class \"iPXE\")\n"
	      "  --boot-params TEXT    option 60, sent with option 59\n"
	      "  --dns ADDR            option 23 (when asked for)\n"
	      "  --preference N        option 7 in ADVERTISE, 0-255 (255: clients need not wait)\n"
	      "  --rapid-commit        answer SOLICIT with rapid commit by a REPLY\n"
	      "  --lifetime SECONDS    preferred lifetime (valid: twice it)\n"
	      "Replies go to each request's source address and port.\n", f);
}

/**
 * parse_num() - a decimal number within [0, @max]
 * @text: the value
 * @max:  largest allowed
 * @out:  out: the number
 *
 * Return: 0 or -EINVAL.
 */
static int parse_num(const char *text, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(text, &end, 10);
	return !*text || *end || errno || *out > max || text[0] == '-' ? -EINVAL : 0;
}

/**
 * serve6_opt() - apply one option
 * @o:   options so far
 * @c:   option letter
 * @arg: its value
 *
 * Return: 0, or -EINVAL for a bad value.
 */
static int serve6_opt(struct serve6_opts *o, int c, char *arg)
{
	unsigned long v;

	switch (c) {
	case 'l': o->listen = arg; return 0;
	case 'p': return parse_pool(arg, &o->cfg);
	case 's': o->has_server = 1;
		return inet_pton(AF_INET6, arg, o->cfg.server_addr) == 1 ? 0 : -EINVAL;
	case 'f': o->rules[1].file = arg; return 0;
	case 'i': o->rules[0].file = arg; return 0;
	case 'b': o->cfg.boot_params = arg; return 0;
	case 'd': if (o->cfg.n_dns == DHCP6_MAX_DNS) return -EINVAL;
		return inet_pton(AF_INET6, arg, o->cfg.dns[o->cfg.n_dns++]) == 1 ? 0 : -EINVAL;
	case 'P': if (parse_num(arg, 255, &v)) return -EINVAL;
		o->cfg.preference = (int)v; return 0;
	case 'r': o->cfg.rapid_commit = 1; return 0;
	case 'L': if (parse_num(arg, UINT32_MAX / 2, &v) || !v) return -EINVAL;
		o->cfg.preferred = (uint32_t)v;
		o->cfg.valid = (uint32_t)v * 2; return 0;
	}
	return -EINVAL;
}

/**
 * serve6_parse() - the command line
 * @argc, @argv: arguments (argv[0] is "dhcp6")
 * @o:   out: options
 * @s:   context (quiet)
 *
 * Return: 0, -1 after --help, or an exit status.
 */
static int serve6_parse(int argc, char **argv, struct serve6_opts *o, struct serve6 *s)
{
	static const struct option lo[] = {
		{ "listen", 1, NULL, 'l' }, { "pool", 1, NULL, 'p' }, { "server", 1, NULL, 's' },
		{ "file", 1, NULL, 'f' }, { "ipxe-file", 1, NULL, 'i' }, { "boot-params", 1, NULL, 'b' },
		{ "dns", 1, NULL, 'd' }, { "preference", 1, NULL, 'P' }, { "rapid-commit", 0, NULL, 'r' },
		{ "lifetime", 1, NULL, 'L' }, { "quiet", 0, NULL, 'q' }, { "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, idx = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", lo, &idx)) != -1) {
		if (c == 'q') {
			s->quiet = 1;
		} else if (c == 'h' || c == '?' || c == ':') {
			serve6_usage(c == 'h' ? stdout : stderr);
			return c == 'h' ? -1 : PXL_EXIT_USAGE;
		} else if (serve6_opt(o, c, optarg)) {
			fprintf(stderr, "pxelab serve dhcp6: bad value '%s' for --%s\n", optarg, lo[idx].name);
			return PXL_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "pxelab serve dhcp6: unexpected argument '%s'\n", argv[optind]);
		return PXL_EXIT_USAGE;
	}
	return 0;
}

/**
 * serve6_open() - bind the socket and watch it
 * @s:  context
 * @sa: address to bind
 *
 * Return: 0, or an exit status after printing why.
 */
static int serve6_open(struct serve6 *s, struct sockaddr_in6 *sa)
{
	socklen_t len = sizeof(*sa);
	char ip[INET6_ADDRSTRLEN];
	int one = 1;

	s->loop = pxl_loop_new();
	if (!s->loop || pxl_loop_catch_signals(s->loop)) {
		fputs("pxelab serve dhcp6: cannot set up the event loop\n", stderr);
		return PXL_EXIT_FAIL;
	}
	s->fd = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0 || setsockopt(s->fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) ||
	    bind(s->fd, (struct sockaddr *)sa, sizeof(*sa)) ||
	    getsockname(s->fd, (struct sockaddr *)sa, &len) ||
	    pxl_loop_add_fd(s->loop, s->fd, POLLIN, serve6_readable, s)) {
		fprintf(stderr, "pxelab serve dhcp6: --listen: cannot listen: %s\n", strerror(errno));
		return PXL_EXIT_FAIL;
	}
	printf("pxelab serve dhcp6: listening on [%s]:%u (Ctrl-C to stop)\n",
	       inet_ntop(AF_INET6, &sa->sin6_addr, ip, sizeof(ip)), ntohs(sa->sin6_port));
	fflush(stdout);
	return 0;
}

/**
 * serve6_close() - free everything (each part may be absent)
 * @s:    context
 * @code: exit status to pass through
 *
 * Return: @code.
 */
static int serve6_close(struct serve6 *s, int code)
{
	dhcp6_server_free(s->srv);
	if (s->fd >= 0) {
		if (s->loop)
			pxl_loop_del_fd(s->loop, s->fd);
		close(s->fd);
	}
	pxl_loop_free(s->loop);
	free(s);
	return code;
}

/**
 * serve6_config() - finish the settings: rules, server address and MAC
 * @o:  options
 * @sa: the listen address
 *
 * Return: 0, or an exit status after printing why.
 */
static int serve6_config(struct serve6_opts *o, const struct sockaddr_in6 *sa)
{
	char err[200];

	if (!o->cfg.pool_size) {
		fputs("pxelab serve dhcp6: --pool FIRST-LAST is required (e.g. fd00::100-fd00::1ff)\n", stderr);
		return PXL_EXIT_USAGE;
	}
	if (!o->has_server)
		memcpy(o->cfg.server_addr, &sa->sin6_addr, 16);
	memcpy(o->cfg.server_mac, "\x02\x00\x00\x00\x05\x47", 6);
	o->cfg.rules = o->rules[0].file ? o->rules : o->rules + 1;
	o->cfg.n_rules = (o->rules[0].file ? 1 : 0) + (o->rules[1].file ? 1 : 0);
	if (dhcp6_config_check(&o->cfg, err, sizeof(err))) {
		fprintf(stderr, "pxelab serve %s\n", err);
		return PXL_EXIT_USAGE;
	}
	return 0;
}

/**
 * pxl_cmd_serve_dhcp6() - `pxelab serve dhcp6 --listen [ADDR]:PORT --pool A-B [options]`
 * @argc, @argv: arguments (argv[0] is "dhcp6")
 *
 * Return: exit status.
 */
int pxl_cmd_serve_dhcp6(int argc, char **argv)
{
	struct serve6_opts o = { .cfg.preference = 0 };
	struct sockaddr_in6 sa;
	struct serve6 *s = calloc(1, sizeof(*s));
	int code;

	if (!s)
		return PXL_EXIT_FAIL;
	s->fd = -1;
	dhcp_rule_init(&o.rules[0], "ipxe");
	dhcp_rule_user_class(&o.rules[0], "iPXE");
	dhcp_rule_init(&o.rules[1], "default");
	code = serve6_parse(argc, argv, &o, s);
	if (code)
		return serve6_close(s, code < 0 ? 0 : code);
	if (!o.listen || parse_listen6(o.listen, &sa)) {
		fprintf(stderr, "pxelab serve dhcp6: --listen [ADDR]:PORT is required (e.g. [::1]:5547), got '%s'\n",
			o.listen ? o.listen : "");
		return serve6_close(s, PXL_EXIT_USAGE);
	}
	if ((code = serve6_config(&o, &sa)) || (code = serve6_open(s, &sa)))
		return serve6_close(s, code);
	s->srv = dhcp6_server_new(&o.cfg, (struct pxl_event_sink){ serve6_event, s });
	if (!s->srv)
		return serve6_close(s, PXL_EXIT_FAIL);
	code = pxl_loop_run(s->loop);
	return serve6_close(s, pxl_loop_signal(s->loop) ? 0 : code);
}
