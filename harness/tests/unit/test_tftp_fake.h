/* test_tftp_fake.h - test doubles for the TFTP server: recording transport, event log, scripted client */
#ifndef PXL_TEST_TFTP_FAKE_H
#define PXL_TEST_TFTP_FAKE_H

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "services/tftp/tftp_opts.h"
#include "services/tftp/tftp_pkt.h"
#include "services/tftp/tftp_server.h"

#define SRV_ADDR 0x0a000202u /* 10.0.2.2 */
#define CLI_ADDR 0x0a00029du /* 10.0.2.157 */
#define FAKE_MAX_PORTS 1024
#define T0 (1000 * PXL_NS_PER_SEC)

/**
 * struct fake_pkt - one datagram the server sent
 * @src:  its source (a TID or the listen port)
 * @dst:  its destination
 * @data: copy of the payload
 * @len:  payload length
 * @when: fake time it was sent
 */
struct fake_pkt {
	struct pxl_ep src;
	struct pxl_ep dst;
	uint8_t *data;
	size_t len;
	uint64_t when;
};

/**
 * struct fake_ev - one event the server reported (strings copied)
 * @kind:   event kind
 * @name:   file name or ""
 * @detail: detail or ""
 * @value:  number
 * @addr:   client address
 */
struct fake_ev {
	char kind[32];
	char name[256];
	char detail[256];
	uint64_t value;
	uint32_t addr;
};

/**
 * struct fake_net - the recording transport, event log and fake clock
 * @pkts:      datagrams sent, in order
 * @n_pkts:    how many
 * @cap_pkts:  room in @pkts
 * @evs:       events reported, in order
 * @n_evs:     how many
 * @cap_evs:   room in @evs
 * @next_port: next TID open_port() hands out (50000 first)
 * @open:      ports currently open
 * @n_open:    how many
 * @opens:     open_port() successes
 * @closes:    close_port() calls
 * @fail_open: make open_port() fail
 * @now:       the fake clock (starts at T0)
 */
struct fake_net {
	struct fake_pkt *pkts;
	size_t n_pkts;
	size_t cap_pkts;
	struct fake_ev *evs;
	size_t n_evs;
	size_t cap_evs;
	uint16_t next_port;
	uint16_t open[FAKE_MAX_PORTS];
	size_t n_open;
	unsigned int opens;
	unsigned int closes;
	int fail_open;
	uint64_t now;
};

/**
 * fake_send() - transport send: record the datagram
 * @ctx: the fake_net
 * @dg:  the datagram
 *
 * Return: 0.
 */
static inline int fake_send(void *ctx, const struct pxl_dgram *dg)
{
	struct fake_net *net = ctx;
	struct fake_pkt *p;

	if (net->n_pkts == net->cap_pkts) {
		net->cap_pkts = net->cap_pkts ? 2 * net->cap_pkts : 64;
		net->pkts = realloc(net->pkts, net->cap_pkts * sizeof(*net->pkts));
		ck_assert_ptr_nonnull(net->pkts);
	}
	p = &net->pkts[net->n_pkts++];
	p->src = dg->src;
	p->dst = dg->dst;
	p->len = dg->len;
	p->when = net->now;
	p->data = malloc(dg->len ? dg->len : 1);
	ck_assert_ptr_nonnull(p->data);
	memcpy(p->data, dg->data, dg->len);
	return 0;
}

/**
 * fake_open_port() - transport open_port: hand out 50000, 50001, ...
 * @ctx:  the fake_net
 * @addr: address asked for
 * @port: in: 0; out: the port
 *
 * Return: 0, or -EADDRINUSE when told to fail.
 */
static inline int fake_open_port(void *ctx, uint32_t addr, uint16_t *port)
{
	struct fake_net *net = ctx;

	ck_assert_uint_eq(addr, SRV_ADDR);
	if (net->fail_open)
		return -EADDRINUSE;
	ck_assert_uint_lt(net->n_open, FAKE_MAX_PORTS);
	*port = net->next_port++;
	net->open[net->n_open++] = *port;
	net->opens++;
	return 0;
}

/**
 * fake_close_port() - transport close_port: the port must be open
 * @ctx:  the fake_net
 * @addr: address
 * @port: port
 */
static inline void fake_close_port(void *ctx, uint32_t addr, uint16_t port)
{
	struct fake_net *net = ctx;
	size_t i;

	for (i = 0; i < net->n_open; i++) {
		if (net->open[i] == port) {
			net->open[i] = net->open[--net->n_open];
			net->closes++;
			return;
		}
	}
	ck_abort_msg("close_port(%u) of a port not open", port);
}

/**
 * fake_emit() - event sink: copy the event
 * @ctx: the fake_net
 * @now: time
 * @ev:  the event
 */
static inline void fake_emit(void *ctx, uint64_t now, const struct pxl_event *ev)
{
	struct fake_net *net = ctx;
	struct fake_ev *e;

	ck_assert_str_eq(ev->service, "tftp");
	if (net->n_evs == net->cap_evs) {
		net->cap_evs = net->cap_evs ? 2 * net->cap_evs : 64;
		net->evs = realloc(net->evs, net->cap_evs * sizeof(*net->evs));
		ck_assert_ptr_nonnull(net->evs);
	}
	e = &net->evs[net->n_evs++];
	memset(e, 0, sizeof(*e));
	snprintf(e->kind, sizeof(e->kind), "%s", ev->kind);
	snprintf(e->name, sizeof(e->name), "%s", ev->name ? ev->name : "");
	snprintf(e->detail, sizeof(e->detail), "%s", ev->detail ? ev->detail : "");
	e->value = ev->value;
	e->addr = ev->addr;
}

static const struct pxl_udp_ops fake_ops = { fake_send, fake_open_port, fake_close_port };

/**
 * fake_init() - a fresh fake network at time T0
 * @net: the fake
 */
static inline void fake_init(struct fake_net *net)
{
	memset(net, 0, sizeof(*net));
	net->next_port = 50000;
	net->now = T0;
}

/**
 * fake_fini() - free what the fake recorded
 * @net: the fake
 */
static inline void fake_fini(struct fake_net *net)
{
	size_t i;

	for (i = 0; i < net->n_pkts; i++)
		free(net->pkts[i].data);
	free(net->pkts);
	free(net->evs);
	memset(net, 0, sizeof(*net));
}

/**
 * fake_server() - a server on this fake with @cfg (server_addr forced)
 * @net: the fake
 * @cfg: configuration
 *
 * Return: the server (the test fails if it cannot be made).
 */
static inline struct tftp_server *fake_server(struct fake_net *net, struct tftp_config *cfg)
{
	struct pxl_udp_transport tp = { &fake_ops, net };
	struct pxl_event_sink sink = { fake_emit, net };
	struct tftp_server *srv;

	cfg->server_addr = SRV_ADDR;
	srv = tftp_server_new(cfg, tp, sink);
	ck_assert_msg(srv != NULL, "tftp_server_new: %s", strerror(errno));
	return srv;
}

/**
 * fake_input() - deliver client bytes to the server at the fake clock
 * @srv:  the server
 * @net:  the fake
 * @cport: client port
 * @sport: server port (69 or a TID)
 * @buf:  payload
 * @len:  its length
 */
static inline void fake_input(struct tftp_server *srv, struct fake_net *net, uint16_t cport,
			      uint16_t sport, const void *buf, size_t len)
{
	struct pxl_dgram dg = { .src = { CLI_ADDR, cport }, .dst = { SRV_ADDR, sport },
				.data = buf, .len = len };

	ck_assert_int_eq(tftp_server_input(srv, &dg, net->now), 0);
}

/**
 * fake_req() - send a request with options given as name, value, ..., NULL
 * @srv:    the server
 * @net:    the fake
 * @opcode: TFTP_RRQ or TFTP_WRQ
 * @cport:  client port
 * @name:   file name
 * @mode:   mode
 * @...:    option name/value strings, NULL-terminated
 */
static inline void fake_req(struct tftp_server *srv, struct fake_net *net, uint16_t opcode,
			    uint16_t cport, const char *name, const char *mode, ...)
{
	struct tftp_opt opts[TFTP_MAX_OPTS];
	unsigned int n = 0;
	uint8_t buf[4096];
	const char *o;
	va_list ap;
	int len;

	va_start(ap, mode);
	while ((o = va_arg(ap, const char *)) != NULL && n < TFTP_MAX_OPTS) {
		opts[n].name = o;
		opts[n++].value = va_arg(ap, const char *);
	}
	va_end(ap);
	len = tftp_build_request(buf, sizeof(buf), opcode, name, mode, opts, n);
	ck_assert_int_gt(len, 0);
	fake_input(srv, net, cport, TFTP_PORT, buf, (size_t)len);
}

/**
 * fake_ack() - the client acknowledges a block to a TID
 * @srv:   the server
 * @net:   the fake
 * @cport: client port
 * @tid:   server TID
 * @block: block number
 */
static inline void fake_ack(struct tftp_server *srv, struct fake_net *net, uint16_t cport,
			    uint16_t tid, uint16_t block)
{
	uint8_t buf[4];

	ck_assert_int_eq(tftp_build_ack(buf, sizeof(buf), block), 4);
	fake_input(srv, net, cport, tid, buf, 4);
}

/**
 * fake_parse() - parse the i-th sent datagram
 * @net: the fake
 * @i:   index
 * @pkt: result
 */
static inline void fake_parse(const struct fake_net *net, size_t i, struct tftp_pkt *pkt)
{
	ck_assert_uint_lt(i, net->n_pkts);
	ck_assert_int_eq(tftp_pkt_parse(net->pkts[i].data, net->pkts[i].len, pkt), 0);
}

/**
 * fake_last() - parse the last sent datagram
 * @net: the fake
 * @pkt: result
 *
 * Return: that datagram.
 */
static inline const struct fake_pkt *fake_last(const struct fake_net *net, struct tftp_pkt *pkt)
{
	ck_assert_uint_gt(net->n_pkts, 0);
	fake_parse(net, net->n_pkts - 1, pkt);
	return &net->pkts[net->n_pkts - 1];
}

/**
 * fake_count_ev() - how many events of a kind were reported
 * @net:  the fake
 * @kind: event kind
 *
 * Return: the count.
 */
static inline unsigned int fake_count_ev(const struct fake_net *net, const char *kind)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < net->n_evs; i++)
		n += !strcmp(net->evs[i].kind, kind);
	return n;
}

/**
 * fake_ev() - the last event of a kind (the test fails if there is none)
 * @net:  the fake
 * @kind: event kind
 *
 * Return: the event.
 */
static inline const struct fake_ev *fake_ev(const struct fake_net *net, const char *kind)
{
	size_t i;

	for (i = net->n_evs; i > 0; i--)
		if (!strcmp(net->evs[i - 1].kind, kind))
			return &net->evs[i - 1];
	ck_abort_msg("no '%s' event", kind);
	return NULL;
}

/**
 * expect_error() - the last sent datagram is an ERROR with @code to the client
 * @net:  the fake
 * @code: expected error code
 *
 * Return: its message (valid until the fake is freed).
 */
static inline const char *expect_error(const struct fake_net *net, uint16_t code)
{
	static struct tftp_pkt pkt;

	fake_last(net, &pkt);
	ck_assert_msg(pkt.opcode == TFTP_ERROR, "sent %s, not ERROR", tftp_opcode_name(pkt.opcode));
	ck_assert_msg(pkt.err_code == code, "ERROR %u '%s', want code %u", pkt.err_code,
		      pkt.err_msg, code);
	ck_assert_uint_eq(net->pkts[net->n_pkts - 1].dst.addr, CLI_ADDR);
	return pkt.err_msg;
}

/**
 * struct fake_client - a scripted RFC 1350/7440 client
 * @cport:   its port
 * @tid:     server's TID once known
 * @ws:      windowsize it expects (acks every @ws blocks)
 * @blksize: block size it expects
 * @next:    next block wanted (16-bit wire number)
 * @in_win:  blocks received since the last ACK
 * @data:    what was received
 * @len:     bytes received
 * @cap:     room in @data
 * @done:    the short block arrived
 * @seen:    sent datagrams already processed
 */
struct fake_client {
	uint16_t cport;
	uint16_t tid;
	unsigned int ws;
	unsigned int blksize;
	uint16_t next;
	unsigned int in_win;
	uint8_t *data;
	size_t len;
	size_t cap;
	int done;
	size_t seen;
};

/**
 * client_take() - the client handles one datagram the server sent it
 * @c:   the client
 * @srv: the server
 * @net: the fake
 * @p:   the datagram
 */
static inline void client_take(struct fake_client *c, struct tftp_server *srv,
			       struct fake_net *net, const struct fake_pkt *p)
{
	struct tftp_pkt pkt;

	ck_assert_int_eq(tftp_pkt_parse(p->data, p->len, &pkt), 0);
	ck_assert_msg(pkt.opcode != TFTP_ERROR, "server sent ERROR %u %s", pkt.err_code,
		      pkt.err_msg);
	if (!c->tid)
		c->tid = p->src.port;
	ck_assert_uint_eq(p->src.port, c->tid);
	if (pkt.opcode == TFTP_OACK) {
		fake_ack(srv, net, c->cport, c->tid, 0);
		return;
	}
	ck_assert_uint_eq(pkt.opcode, TFTP_DATA);
	if (pkt.block != c->next || c->done)
		return;
	ck_assert_uint_le(pkt.data_len, c->blksize);
	if (c->len + pkt.data_len > c->cap) {
		c->cap = (c->len + pkt.data_len) * 2;
		c->data = realloc(c->data, c->cap);
		ck_assert_ptr_nonnull(c->data);
	}
	if (pkt.data_len)
		memcpy(c->data + c->len, pkt.data, pkt.data_len);
	c->len += pkt.data_len;
	c->next++;
	c->done = pkt.data_len < c->blksize;
	if (++c->in_win == c->ws || c->done) {
		c->in_win = 0;
		fake_ack(srv, net, c->cport, c->tid, pkt.block);
	}
}

/**
 * client_run() - let the client answer everything sent to it until quiet
 * @c:   the client
 * @srv: the server
 * @net: the fake
 */
static inline void client_run(struct fake_client *c, struct tftp_server *srv,
			      struct fake_net *net)
{
	while (c->seen < net->n_pkts) {
		const struct fake_pkt *p = &net->pkts[c->seen++];

		if (p->dst.port == c->cport)
			client_take(c, srv, net, p);
	}
}

/**
 * client_init() - a scripted client
 * @c:       the client
 * @cport:   its port
 * @blksize: block size it expects
 * @ws:      window size it acknowledges by
 * @seen:    sent datagrams to skip (already handled)
 */
static inline void client_init(struct fake_client *c, uint16_t cport, unsigned int blksize,
			       unsigned int ws, size_t seen)
{
	memset(c, 0, sizeof(*c));
	c->cport = cport;
	c->blksize = blksize;
	c->ws = ws;
	c->next = 1;
	c->seen = seen;
}

/**
 * write_file() - create a file with given contents
 * @path: file
 * @buf:  contents
 * @len:  length
 */
static inline void write_file(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

/**
 * read_file() - the whole contents of a file
 * @path: file
 * @len:  out: length
 *
 * Return: malloc'ed bytes.
 */
static inline uint8_t *read_file(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	int fd = open(path, O_RDONLY);

	ck_assert_msg(fd >= 0, "open %s", path);
	ck_assert_int_eq(fstat(fd, &st), 0);
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(read(fd, buf, (size_t)st.st_size), st.st_size);
	close(fd);
	*len = (size_t)st.st_size;
	return buf;
}

/**
 * rm_one() - nftw() callback removing one entry
 * @path: entry
 * @st:   its stat (unused)
 * @type: its type (unused)
 * @ftw:  walk state (unused)
 *
 * Return: remove()'s result.
 */
static inline int rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path);
}

/**
 * rm_tree() - remove a temporary tree (symlinks are removed, not followed)
 * @path: top directory, under /tmp
 */
static inline void rm_tree(const char *path)
{
	if (strncmp(path, "/tmp/", 5) != 0)
		return;
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

#endif /* PXL_TEST_TFTP_FAKE_H */
