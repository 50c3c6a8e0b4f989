/* wire_http.c - HTTP/1.x over reassembled TCP: one observation per request, with its response
 *
 * Heads are parsed by the HTTP server's own parser (services/http/http_msg.c),
 * so the observer and the server read the same HTTP.  Requests queue up in
 * order (keep-alive, pipelining); each response answers the oldest.  Bodies
 * are counted, never buffered: a 64 MiB download costs no memory.  What the
 * observer cannot follow (chunked bodies, a protocol switch, a response with
 * no request, a head over WIRE_HTTP_HEAD_MAX) drops the connection's state.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "services/http/http_msg.h"
#include "wire/wire_priv.h"

/**
 * slice_text() - copy a slice of an untrusted head as a printable string
 * @dst:  output
 * @size: its size
 * @s:    the slice
 */
static void slice_text(char *dst, size_t size, struct http_slice s)
{
	wire_printable(dst, size, (const uint8_t *)s.p, s.len);
}

/**
 * field_text() - a header field's value as a printable string ("" if absent)
 * @h:    head
 * @name: field name
 * @dst:  output
 * @size: its size
 */
static void field_text(const struct http_head *h, const char *name, char *dst, size_t size)
{
	const struct http_slice *v = http_field(h, name);

	dst[0] = '\0';
	if (v)
		slice_text(dst, size, *v);
}

/**
 * req_verb() - the observation verb of a request
 * @r: request
 *
 * Return: "get", "head", "range" (a GET with a Range field) or "request".
 */
static const char *req_verb(const struct wire_http_req *r)
{
	if (!strcmp(r->method, "HEAD"))
		return "head";
	if (strcmp(r->method, "GET"))
		return "request";
	return r->range[0] ? "range" : "get";
}

/**
 * add_response() - the response's fields and the timings of the exchange
 * @o:  observation
 * @h:  connection's HTTP state (response part)
 * @r:  the request
 * @t:  time of the last byte delivered
 * @ms: out: duration text (for the summary)
 *
 * Return: throughput, bytes per second.
 */
static uint64_t add_response(struct pxl_obs *o, const struct wire_http *h, const struct wire_http_req *r,
			     uint64_t t, char ms[32])
{
	uint64_t ns = t > r->t ? t - r->t : 0;
	uint64_t bps = ns ? (uint64_t)((double)h->bytes * 1e9 / (double)ns) : 0;
	char lat[32];

	wire_obs_addf(o, "status", "%u", h->status);
	if (h->clen[0])
		wire_obs_add(o, "content-length", h->clen);
	if (h->crange[0])
		wire_obs_add(o, "content-range", h->crange);
	if (h->ctype[0])
		wire_obs_add(o, "content-type", h->ctype);
	if (h->server[0])
		wire_obs_add(o, "server-header", h->server);
	if (h->conn[0])
		wire_obs_add(o, "connection", h->conn);
	wire_obs_add(o, "headers", h->names);
	wire_ms(lat, sizeof(lat), r->t, h->t_head);
	wire_obs_add(o, "latency-ms", lat);
	wire_ms(ms, 32, r->t, t);
	return bps;
}

/**
 * emit_summary() - the human line of an exchange
 * @o:     observation
 * @h:     connection's HTTP state
 * @r:     the request
 * @state: "complete", "cut by the client" or "incomplete"
 * @ms:    duration text
 * @bps:   throughput
 */
static void emit_summary(struct pxl_obs *o, const struct wire_http *h, const struct wire_http_req *r,
			 const char *state, const char *ms, uint64_t bps)
{
	const char *rg = r->range[0] ? " Range " : "";

	if (!h->in_body) {
		wire_obs_summary(o, "HTTP %s %s%s%s: no response (%s)", r->method, r->path, rg, r->range, state);
		return;
	}
	wire_obs_summary(o, "HTTP %s %s%s%s -> %u %s%s%s%s: %llu bytes in %s ms, %llu B/s", r->method, r->path,
			 rg, r->range, h->status, h->reason, strcmp(state, "complete") ? " (" : "",
			 strcmp(state, "complete") ? state : "", strcmp(state, "complete") ? ")" : "",
			 (unsigned long long)h->bytes, ms, (unsigned long long)bps);
}

/**
 * http_emit() - report the oldest request and forget it
 * @w:     observer
 * @c:     connection
 * @p:     the frame that ended it (time, port, endpoints if any)
 * @state: "complete", "cut by the client" or "incomplete"
 */
static void http_emit(struct pxl_wire *w, struct wire_conn *c, const struct wire_pkt *p, const char *state)
{
	struct wire_http *h = &c->http;
	const struct wire_http_req *r = &h->q[0];
	struct pxl_obs *o = wire_obs_begin(w, p, "http", req_verb(r), PXL_OBS_TO_CLIENT);
	uint64_t end = h->in_body && strcmp(state, "complete") ? h->t_last : p->t;	/* cut short: its last byte */
	uint64_t bps = 0, ns = end > r->t ? end - r->t : 0;
	char ms[32] = "";

	wire_obs_client(w, o, wire_addr_ip4(c->cip), c->has_mac ? c->mac : NULL);
	wire_obs_add(o, "method", r->method);
	wire_obs_add(o, "path", r->path);
	if (r->range[0])
		wire_obs_add(o, "range", r->range);
	if (h->in_body) {
		bps = add_response(o, h, r, end, ms);
		wire_obs_addf(o, "bytes", "%llu", (unsigned long long)h->bytes);
		wire_obs_add(o, "duration-ms", ms);
		wire_obs_addf(o, "duration-us", "%llu", (unsigned long long)(ns / 1000));	/* `within` */
		wire_obs_addf(o, "throughput", "%llu", (unsigned long long)bps);
	}
	wire_obs_add(o, "state", state);
	if (p->f)
		wire_obs_endpoints_pkt(o, p);
	emit_summary(o, h, r, state, ms, bps);
	wire_obs_emit(w, o);
	memmove(&h->q[0], &h->q[1], (h->nq - 1) * sizeof(h->q[0]));
	h->nq--;
	h->in_body = h->until_close = 0;
	h->body_left = h->bytes = 0;
}

/**
 * on_request() - a request head from the client: queue it
 * @c:  connection
 * @hd: the parsed head
 * @t:  time its first byte arrived
 *
 * Return: 0, or -ENOBUFS (too many unanswered), -ENOTSUP (a chunked request
 * body), -EINVAL (a bad Content-Length).
 */
static int on_request(struct wire_conn *c, const struct http_head *hd, uint64_t t)
{
	struct wire_http *h = &c->http;
	const struct http_slice *cl = http_field(hd, "Content-Length");
	struct wire_http_req *r;
	uint64_t body = 0;

	if (h->nq >= WIRE_HTTP_PIPE)
		return -ENOBUFS;
	if (http_field(hd, "Transfer-Encoding"))
		return -ENOTSUP;
	if (cl && http_parse_u64(*cl, &body) < 0)
		return -EINVAL;
	r = &h->q[h->nq++];
	slice_text(r->method, sizeof(r->method), hd->method);
	slice_text(r->path, sizeof(r->path), hd->target);
	field_text(hd, "Range", r->range, sizeof(r->range));
	r->t = t;
	c->s[0].skip = body;
	return 0;
}

/**
 * body_length() - how long the body of a response is (RFC 9112 section 6.3)
 * @h:   connection's HTTP state (its oldest request is the one answered)
 * @hd:  the response head
 *
 * Return: 0 with @h->body_left / @h->until_close set, -ENOTSUP for a
 * chunked body, -EINVAL for a bad Content-Length.
 */
static int body_length(struct wire_http *h, const struct http_head *hd)
{
	const struct http_slice *cl = http_field(hd, "Content-Length");

	h->body_left = 0;
	h->until_close = 0;
	if (!strcmp(h->q[0].method, "HEAD") || hd->status == 204 || hd->status == 304)
		return 0;
	if (http_field(hd, "Transfer-Encoding"))
		return -ENOTSUP;
	if (!cl) {
		h->until_close = 1;
		return 0;
	}
	return http_parse_u64(*cl, &h->body_left) < 0 ? -EINVAL : 0;
}

/**
 * field_names() - a head's field names in order, joined by ',' (printable; cut at @size)
 * @hd:   head
 * @dst:  output
 * @size: its size
 */
static void field_names(const struct http_head *hd, char *dst, size_t size)
{
	char name[64];
	size_t i, o = 0;

	dst[0] = '\0';
	for (i = 0; i < hd->nfields && o + 1 < size; i++) {
		slice_text(name, sizeof(name), hd->fields[i].name);
		o += (size_t)snprintf(dst + o, size - o, "%s%s", i ? "," : "", name);
	}
}

/**
 * on_response() - a response head from the server: the answer to the oldest request
 * @w:  observer
 * @c:  connection
 * @hd: the parsed head
 * @p:  the frame that completed it
 *
 * Return: 0, or negative for what cannot be followed (no request waiting,
 * a protocol switch, a chunked body, a bad Content-Length).
 */
static int on_response(struct pxl_wire *w, struct wire_conn *c, const struct http_head *hd,
		       const struct wire_pkt *p)
{
	struct wire_http *h = &c->http;

	if (hd->status >= 100 && hd->status < 200 && hd->status != 101)
		return 0;	/* interim: the real answer follows */
	if (!h->nq || hd->status < 200)
		return -EPROTO;
	if (body_length(h, hd) < 0)
		return -ENOTSUP;
	h->in_body = 1;
	h->bytes = 0;
	h->status = hd->status;
	h->t_head = h->t_last = p->t;
	slice_text(h->reason, sizeof(h->reason), hd->reason);
	field_text(hd, "Content-Length", h->clen, sizeof(h->clen));
	field_text(hd, "Content-Range", h->crange, sizeof(h->crange));
	field_text(hd, "Content-Type", h->ctype, sizeof(h->ctype));
	field_text(hd, "Server", h->server, sizeof(h->server));
	field_text(hd, "Connection", h->conn, sizeof(h->conn));
	field_names(hd, h->names, sizeof(h->names));
	if (!h->body_left && !h->until_close)
		http_emit(w, c, p, "complete");
	return 0;
}

/**
 * head_take() - collect a head from a direction's bytes and handle it once whole
 * @w:    observer
 * @c:    connection
 * @dir:  0 client -> server, 1 server -> client
 * @data: in: bytes; out: those after the head (or none left)
 * @len:  in/out: their count
 * @p:    the frame
 *
 * Return: 0, or negative when the stream cannot be followed.
 */
static int head_take(struct pxl_wire *w, struct wire_conn *c, int dir, const uint8_t **data, size_t *len,
		     const struct wire_pkt *p)
{
	struct wire_stream *s = &c->s[dir];
	struct http_head hd;
	const char *why;
	size_t old = s->len, end;
	int rc;

	if (!s->len)
		s->pdu_t = p->t;
	if (wire_stream_append(s, *data, *len, WIRE_HTTP_HEAD_MAX) < 0)
		return -ENOBUFS;
	end = http_head_end(s->buf, s->len);
	if (!end) {
		*len = 0;
		return 0;
	}
	*data += end - old;	/* the head ended inside these bytes */
	*len -= end - old;
	s->len = 0;
	if (dir == 0)
		rc = http_parse_request((const char *)s->buf, end, &hd, &why) ?: on_request(c, &hd, s->pdu_t);
	else
		rc = http_parse_response((const char *)s->buf, end, &hd, &why) ?: on_response(w, c, &hd, p);
	s->pdu_t = p->t;
	return rc;
}

/**
 * body_take() - count response body bytes
 * @w:    observer
 * @c:    connection
 * @data: in: bytes; out: those after the body
 * @len:  in/out: their count
 * @p:    the frame
 */
static void body_take(struct pxl_wire *w, struct wire_conn *c, const uint8_t **data, size_t *len,
		      const struct wire_pkt *p)
{
	struct wire_http *h = &c->http;
	size_t n = *len;

	if (!h->until_close && h->body_left < n)
		n = (size_t)h->body_left;
	h->bytes += n;
	h->t_last = p->t;
	if (!h->until_close)
		h->body_left -= n;
	*data += n;
	*len -= n;
	if (!h->until_close && !h->body_left)
		http_emit(w, c, p, "complete");
}

/**
 * wire_http_data() - in-order stream bytes of one direction of an HTTP connection
 * @w:    observer
 * @c:    connection
 * @dir:  0 client -> server, 1 server -> client
 * @data: bytes
 * @len:  count
 * @p:    the frame they came in
 *
 * Return: 0, or negative when the stream cannot be followed (the caller
 * drops the connection's state).
 */
int wire_http_data(struct pxl_wire *w, struct wire_conn *c, int dir, const uint8_t *data, size_t len,
		   const struct wire_pkt *p)
{
	struct wire_stream *s = &c->s[dir];
	size_t n;
	int rc;

	while (len) {
		if (s->skip) {	/* a request's body, or a cut response's rest */
			n = s->skip < len ? (size_t)s->skip : len;
			s->skip -= n;
			data += n;
			len -= n;
		} else if (dir == 1 && c->http.in_body) {
			body_take(w, c, &data, &len, p);
		} else if ((rc = head_take(w, c, dir, &data, &len, p)) < 0) {
			return rc;
		}
	}
	return 0;
}

/**
 * wire_http_server_fin() - the server closed its side: a body sent "until close" is complete
 * @w: observer
 * @c: connection
 * @p: the FIN
 */
void wire_http_server_fin(struct pxl_wire *w, struct wire_conn *c, const struct wire_pkt *p)
{
	if (c->http.nq && c->http.in_body && c->http.until_close)
		http_emit(w, c, p, "complete");
}

/**
 * wire_http_client_close() - the client closed (FIN or RST) while a response's body was coming
 * @w: observer
 * @c: connection
 * @p: the FIN or RST
 *
 * iPXE closes a connection whose answer it will not use (a 200 with the
 * whole disk to a Range read) while the server is still sending: the
 * response is reported now, with the bytes delivered so far, not when
 * the server's data stops (perhaps after the judge has concluded).  What
 * the server still sends is nobody's: it is skipped, not read as a head.
 */
void wire_http_client_close(struct pxl_wire *w, struct wire_conn *c, const struct wire_pkt *p)
{
	if (!c->http.nq || !c->http.in_body)
		return;
	http_emit(w, c, p, "cut by the client");
	c->s[1].skip = UINT64_MAX;
}

/**
 * wire_http_end() - the connection is going away: report what was never fully answered
 * @w: observer
 * @c: connection
 * @p: the frame that ended it (or a frameless time, at a flush)
 */
void wire_http_end(struct pxl_wire *w, struct wire_conn *c, const struct wire_pkt *p)
{
	while (c->http.nq)
		http_emit(w, c, p, "incomplete");
}

/**
 * wire_http_flush() - report every request not fully answered, on every HTTP connection
 * @w: observer
 * @t: time to report at
 */
void wire_http_flush(struct pxl_wire *w, uint64_t t)
{
	struct wire_pkt p = { t, -1, NULL, NULL, NULL, NULL, 0 };
	size_t i;

	for (i = 0; i < WIRE_CONN_MAX; i++)
		if (w->conn[i].used && w->conn[i].app == WIRE_APP_HTTP)
			wire_http_end(w, &w->conn[i], &p);
}
