/* wire_tcp.c - TCP connections to iSCSI and HTTP ports: connect/close, in-order reassembly per direction */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "wire/wire_priv.h"

#define WIRE_OOO_BYTES (256u * 1024u)  /* early bytes held per direction */

/**
 * seq_diff() - signed distance between two sequence numbers
 * @a: sequence number
 * @b: sequence number
 *
 * Return: a - b modulo 2^32, as a signed number.
 */
static int64_t seq_diff(uint32_t a, uint32_t b)
{
	return (int64_t)(int32_t)(a - b);
}

/**
 * stream_free() - release a direction's buffers
 * @s: stream
 */
static void stream_free(struct wire_stream *s)
{
	size_t i;

	for (i = 0; i < s->n_ooo; i++)
		free(s->ooo[i].data);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

/**
 * wire_conn_free() - forget a connection and release its buffers
 * @w: observer
 * @c: connection
 */
void wire_conn_free(struct pxl_wire *w, struct wire_conn *c)
{
	stream_free(&c->s[0]);
	stream_free(&c->s[1]);
	memset(c, 0, sizeof(*c));
}

/**
 * wire_stream_append() - add bytes to a direction's buffer
 * @s:    stream
 * @data: bytes
 * @len:  count
 * @max:  most bytes the buffer may hold
 *
 * Return: 0, or -ENOBUFS past @max (or out of memory).
 */
int wire_stream_append(struct wire_stream *s, const uint8_t *data, size_t len, size_t max)
{
	if (s->len + len > max || PXL_VEC_GROW(s->buf, s->cap, s->len + len))
		return -ENOBUFS;
	if (len)	/* the buffer may still be NULL */
		memcpy(s->buf + s->len, data, len);
	s->len += len;
	return 0;
}

/**
 * conn_resync() - drop a connection's state after a gap or junk, and count it
 * @w:   observer
 * @c:   connection
 * @why: reason
 */
static void conn_resync(struct pxl_wire *w, struct wire_conn *c, const char *why)
{
	w->stats.tcp_resyncs++;
	wire_drop(w, why, 0);
	wire_conn_free(w, c);
}

/**
 * is_iscsi_port() - whether a TCP port is configured as iSCSI
 * @w:    observer
 * @port: port
 *
 * Return: 1 or 0.
 */
static int is_iscsi_port(const struct pxl_wire *w, uint16_t port)
{
	size_t i;

	for (i = 0; i < w->cfg.n_iscsi_ports; i++)
		if (w->cfg.iscsi_ports[i] == port)
			return 1;
	return 0;
}

/**
 * app_of() - what a server port carries
 * @w:    observer
 * @port: the server's TCP port
 * @app:  out: the application
 *
 * Return: 1 if the observer follows that port, else 0.
 */
static int app_of(const struct pxl_wire *w, uint16_t port, enum wire_app *app)
{
	if (is_iscsi_port(w, port)) {
		*app = WIRE_APP_ISCSI;
		return 1;
	}
	if (w->cfg.http_port == port) {
		*app = WIRE_APP_HTTP;
		return 1;
	}
	return 0;
}

/**
 * conn_find() - the connection a segment belongs to
 * @w:   observer
 * @p:   the segment (TCP decoded; addresses of either family in @p->sa, @p->da)
 * @dir: out: 0 initiator -> target, 1 target -> initiator
 *
 * Return: the connection, or NULL.
 */
static struct wire_conn *conn_find(struct pxl_wire *w, const struct wire_pkt *p, int *dir)
{
	const struct pxl_frame *f = p->f;
	struct wire_conn *c;
	size_t i;

	for (i = 0; i < WIRE_CONN_MAX; i++) {
		c = &w->conn[i];
		if (!c->used)
			continue;
		if (!memcmp(p->sa, c->cip, 16) && f->sport == c->cport && !memcmp(p->da, c->sip, 16) &&
		    f->dport == c->sport) {
			*dir = 0;
			return c;
		}
		if (!memcmp(p->da, c->cip, 16) && f->dport == c->cport && !memcmp(p->sa, c->sip, 16) &&
		    f->sport == c->sport) {
			*dir = 1;
			return c;
		}
	}
	return NULL;
}

/**
 * conn_new() - a connection for a SYN (the oldest is dropped when full)
 * @w: observer
 * @p: the SYN
 *
 * Return: the connection, initialised from the SYN.
 */
static struct wire_conn *conn_new(struct pxl_wire *w, const struct wire_pkt *p)
{
	const struct pxl_frame *f = p->f;
	struct wire_conn *c = NULL, *oldest = &w->conn[0];
	size_t i;

	for (i = 0; i < WIRE_CONN_MAX && !c; i++) {
		if (!w->conn[i].used)
			c = &w->conn[i];
		else if (w->conn[i].seen < oldest->seen)
			oldest = &w->conn[i];
	}
	if (!c) {
		conn_resync(w, oldest, "tcp: too many connections");
		c = oldest;
	}
	c->used = 1;
	app_of(w, f->dport, &c->app);
	memcpy(c->cip, p->sa, 16);
	c->cport = f->sport;
	memcpy(c->sip, p->da, 16);
	c->sport = f->dport;
	memcpy(c->mac, f->src_mac, 6);
	c->has_mac = 1;
	c->seen = p->t;
	return c;
}

/**
 * conn_obs() - start an observation about a connection
 * @w:    observer
 * @c:    connection
 * @p:    the frame
 * @verb: verb
 *
 * Return: the observation, with the client and direction set.
 */
static struct pxl_obs *conn_obs(struct pxl_wire *w, const struct wire_conn *c,
				const struct wire_pkt *p, const char *verb)
{
	enum pxl_obs_dir dir = !memcmp(p->sa, c->cip, 16) && p->f->sport == c->cport ?
				       PXL_OBS_FROM_CLIENT : PXL_OBS_TO_CLIENT;
	struct pxl_obs *o = wire_obs_begin(w, p, c->app == WIRE_APP_HTTP ? "http" : "iscsi", verb, dir);

	wire_obs_client(w, o, wire_addr_ip4(c->cip), c->has_mac ? c->mac : NULL);
	return o;
}

/**
 * on_syn() - a SYN from an initiator: a new connection and a "connect"
 * @w: observer
 * @p: the SYN
 */
static void on_syn(struct pxl_wire *w, const struct wire_pkt *p)
{
	const struct pxl_frame *f = p->f;
	struct wire_conn *c;
	struct pxl_obs *o;
	char ip[INET6_ADDRSTRLEN], cip[INET6_ADDRSTRLEN];
	int dir;

	c = conn_find(w, p, &dir);
	if (c && dir == 0 && c->s[0].synced && c->s[0].next == f->tcp_seq + 1)
		return;	/* a retransmitted SYN */
	if (c)
		wire_conn_free(w, c);
	c = conn_new(w, p);
	c->s[0].synced = 1;
	c->s[0].next = f->tcp_seq + 1;
	o = conn_obs(w, c, p, "connect");
	wire_obs_addf(o, "port", "%u", f->dport);
	wire_obs_add(o, "server", wire_addr_str(p->da, ip, sizeof(ip)));
	wire_obs_addf(o, "client-port", "%u", f->sport);
	wire_obs_endpoints_pkt(o, p);
	wire_obs_summary(o, p->v6 ? "%s connect [%s]:%u -> [%s]:%u" : "%s connect %s:%u -> %s:%u",
			 c->app == WIRE_APP_HTTP ? "HTTP" : "iSCSI", wire_addr_str(p->sa, cip, sizeof(cip)),
			 f->sport, ip, f->dport);
	wire_obs_emit(w, o);
}

/**
 * on_close() - a FIN or RST: report the first one; forget the connection when done
 * @w:   observer
 * @c:   connection
 * @dir: direction of the segment
 * @p:   the segment
 * @how: "fin" or "rst"
 *
 * Return: 1 if the connection was forgotten.
 */
static int on_close(struct pxl_wire *w, struct wire_conn *c, int dir, const struct wire_pkt *p,
		    const char *how)
{
	struct pxl_obs *o;
	int first = !c->s[0].fin && !c->s[1].fin;

	int http = c->app == WIRE_APP_HTTP;
	const char *by = dir ? (http ? "server" : "target") : (http ? "client" : "initiator");

	c->s[dir].fin = 1;
	if (http && dir == 1 && how[0] == 'f')
		wire_http_server_fin(w, c, p);
	if (http && dir == 0)
		wire_http_client_close(w, c, p);
	if (first || how[0] == 'r') {
		o = conn_obs(w, c, p, "close");
		wire_obs_add(o, "how", how);
		wire_obs_add(o, "by", by);
		wire_obs_addf(o, "port", "%u", c->sport);
		wire_obs_summary(o, "%s connection closed (%s) by the %s", http ? "HTTP" : "iSCSI", how, by);
		wire_obs_emit(w, o);
	}
	if (how[0] == 'r' || (c->s[0].fin && c->s[1].fin)) {
		if (http)
			wire_http_end(w, c, p);
		wire_conn_free(w, c);
		return 1;
	}
	return 0;
}

/**
 * stream_take() - deliver the part of a segment at or after the expected sequence
 * @w:    observer
 * @c:    connection
 * @dir:  direction
 * @seq:  segment sequence number (not after the expected one)
 * @data: segment data
 * @len:  its length
 * @p:    the frame
 *
 * Return: 0, or negative when the connection was resynchronised.
 */
static int stream_take(struct pxl_wire *w, struct wire_conn *c, int dir, uint32_t seq,
		       const uint8_t *data, size_t len, const struct wire_pkt *p)
{
	struct wire_stream *s = &c->s[dir];
	size_t skip = (size_t)(-seq_diff(seq, s->next));

	if (skip >= len)
		return 0;
	s->next += (uint32_t)(len - skip);
	if (c->app == WIRE_APP_HTTP) {
		if (wire_http_data(w, c, dir, data + skip, len - skip, p) < 0) {
			conn_resync(w, c, "http: undecodable stream, state dropped");
			return -1;
		}
	} else if (wire_iscsi_data(w, c, dir, data + skip, len - skip, p) < 0) {
		conn_resync(w, c, "iscsi: undecodable stream, state dropped");
		return -1;
	}
	return 0;
}

/**
 * stream_drain() - deliver held segments that have become in order
 * @w:   observer
 * @c:   connection
 * @dir: direction
 * @p:   the frame that filled the gap
 *
 * Return: 0, or negative when the connection was resynchronised.
 */
static int stream_drain(struct pxl_wire *w, struct wire_conn *c, int dir, const struct wire_pkt *p)
{
	struct wire_stream *s = &c->s[dir];
	struct wire_ooo seg;
	size_t i;
	int progress = 1;

	while (progress) {
		progress = 0;
		for (i = 0; i < s->n_ooo; i++) {
			if (seq_diff(s->ooo[i].seq, s->next) > 0)
				continue;
			seg = s->ooo[i];
			s->ooo[i] = s->ooo[--s->n_ooo];
			progress = 1;
			if (stream_take(w, c, dir, seg.seq, seg.data, seg.len, p) < 0) {
				free(seg.data);
				return -1;
			}
			free(seg.data);
			break;
		}
	}
	return 0;
}

/**
 * stream_hold() - keep an early segment until the bytes before it arrive
 * @w:    observer
 * @c:    connection
 * @dir:  direction
 * @f:    the segment
 *
 * Return: 0, or negative when there is no room (a gap: the connection is resynchronised).
 */
static int stream_hold(struct pxl_wire *w, struct wire_conn *c, int dir, const struct pxl_frame *f)
{
	struct wire_stream *s = &c->s[dir];
	size_t i, held = 0;
	uint8_t *copy;

	for (i = 0; i < s->n_ooo; i++) {
		if (s->ooo[i].seq == f->tcp_seq && s->ooo[i].len >= f->payload_len) {
			w->stats.tcp_dup_segments++;
			return 0;
		}
		held += s->ooo[i].len;
	}
	copy = s->n_ooo < WIRE_OOO_MAX && held + f->payload_len <= WIRE_OOO_BYTES ?
		       malloc(f->payload_len) : NULL;
	if (!copy) {
		conn_resync(w, c, "tcp: gap in stream, state dropped");
		return -1;
	}
	memcpy(copy, f->payload, f->payload_len);
	s->ooo[s->n_ooo].seq = f->tcp_seq;
	s->ooo[s->n_ooo].data = copy;
	s->ooo[s->n_ooo].len = f->payload_len;
	s->n_ooo++;
	w->stats.tcp_ooo_segments++;
	return 0;
}

/**
 * stream_segment() - place a segment's data in its direction's stream
 * @w:   observer
 * @c:   connection
 * @dir: direction
 * @p:   the segment
 *
 * Return: 0, or negative when the connection was resynchronised.
 */
static int stream_segment(struct pxl_wire *w, struct wire_conn *c, int dir, const struct wire_pkt *p)
{
	const struct pxl_frame *f = p->f;
	struct wire_stream *s = &c->s[dir];
	int64_t off;

	if (!f->payload_len)
		return 0;
	if (!s->synced) {
		conn_resync(w, c, "tcp: data before the SYN was seen");
		return -1;
	}
	off = seq_diff(f->tcp_seq, s->next);
	if (off + (int64_t)f->payload_len <= 0) {
		w->stats.tcp_dup_segments++;
		return 0;
	}
	if (off > 0)
		return stream_hold(w, c, dir, f);
	if (stream_take(w, c, dir, f->tcp_seq, f->payload, f->payload_len, p) < 0)
		return -1;
	return stream_drain(w, c, dir, p);
}

/**
 * ack_gap() - whether a peer acknowledges bytes this observer never saw
 * @c:   connection
 * @dir: direction of the acknowledging segment
 * @f:   the segment
 *
 * The capture lost them and nobody will retransmit them: the stream the
 * other way has a gap that cannot fill.
 * Return: 1 or 0.
 */
static int ack_gap(const struct wire_conn *c, int dir, const struct pxl_frame *f)
{
	const struct wire_stream *o = &c->s[!dir];

	return (f->tcp_flags & PXL_TCP_ACK) && o->synced && seq_diff(f->tcp_ack, o->next) > 0 &&
	       !(o->fin && seq_diff(f->tcp_ack, o->next) == 1);
}

/**
 * wire_tcp_input() - observe a TCP segment (only iSCSI and HTTP ports are followed)
 * @w: observer
 * @p: the frame (TCP decoded, checksum verified; IPv4, or IPv6 through wire_ip6.c)
 */
void wire_tcp_input(struct pxl_wire *w, const struct wire_pkt *p)
{
	const struct pxl_frame *f = p->f;
	struct wire_conn *c;
	enum wire_app app;
	int dir;

	if (!app_of(w, f->dport, &app) && !app_of(w, f->sport, &app))
		return;
	if ((f->tcp_flags & (PXL_TCP_SYN | PXL_TCP_ACK)) == PXL_TCP_SYN && app_of(w, f->dport, &app)) {
		on_syn(w, p);
		return;
	}
	c = conn_find(w, p, &dir);
	if (!c) {
		if (f->payload_len)
			wire_drop(w, "tcp: segment for no known connection", 0);
		return;
	}
	c->seen = p->t;
	if (f->tcp_flags & PXL_TCP_RST) {
		on_close(w, c, dir, p, "rst");
		return;
	}
	if ((f->tcp_flags & PXL_TCP_SYN) && dir == 1) {
		c->s[1].synced = 1;
		c->s[1].next = f->tcp_seq + 1;
	}
	if (ack_gap(c, dir, f)) {
		conn_resync(w, c, "tcp: gap in stream, state dropped");
		return;
	}
	if (stream_segment(w, c, dir, p) < 0)
		return;
	if ((f->tcp_flags & PXL_TCP_FIN) && c->s[dir].synced &&
	    c->s[dir].next == f->tcp_seq + (uint32_t)f->payload_len) {
		c->s[dir].next++;
		on_close(w, c, dir, p, "fin");
	}
}
