/* http_conn.c - one HTTP connection: the server object, head reassembly, pipelining, body pumping */
#include "services/http/http_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/**
 * http_server_new() - a server for a root directory
 * @cfg: configuration (copied; @cfg->root must be a directory)
 * @err: out: -errno on failure
 *
 * Return: the server or NULL.
 */
struct http_server *http_server_new(const struct http_config *cfg, int *err)
{
	struct http_server *srv = calloc(1, sizeof(*srv));

	*err = -ENOMEM;
	if (!srv)
		return NULL;
	srv->cfg = *cfg;
	if (!srv->cfg.max_head)
		srv->cfg.max_head = 8192;
	if (!srv->cfg.max_conns)
		srv->cfg.max_conns = 64;
	srv->root_fd = cfg->root ? open(cfg->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (srv->root_fd < 0) {
		*err = cfg->root ? -errno : -EINVAL;
		free(srv);
		return NULL;
	}
	*err = 0;
	return srv;
}

/** http_server_conns() - connections alive */
unsigned int http_server_conns(const struct http_server *srv)
{
	return srv->nconns;
}

/**
 * http_server_free() - close the root (every connection must be freed first)
 * @srv: server (may be NULL)
 */
void http_server_free(struct http_server *srv)
{
	if (!srv)
		return;
	close(srv->root_fd);
	free(srv);
}

/**
 * http_event() - report an event of service "http"
 * @c:      connection
 * @kind:   "request", "response", "complete", "error", "abort"
 * @name:   target or path, or NULL
 * @detail: free text or NULL
 * @value:  number
 */
void http_event(struct http_conn *c, const char *kind, const char *name, const char *detail,
		uint64_t value)
{
	struct pxl_event ev = {
		.service = "http", .kind = kind, .name = name, .detail = detail, .value = value,
	};

	pxl_emit(&c->sink, c->now, &ev);
}

/**
 * http_send() - queue bytes to the client
 * @c:   connection
 * @buf: bytes
 * @len: count
 *
 * Return: 0, or -errno (the connection is then closed).
 */
int http_send(struct http_conn *c, const void *buf, size_t len)
{
	int rc = c->closed ? -EPIPE : c->out.ops->write(c->out.ctx, buf, len);

	if (rc)
		http_close(c);
	return rc;
}

/**
 * http_close() - stop: close the stream once queued bytes are out
 * @c: connection
 */
void http_close(struct http_conn *c)
{
	if (c->closed)
		return;
	c->closed = 1;
	if (c->busy)
		http_event(c, "abort", c->resp.path, "connection closed", c->resp.bytes);
	c->busy = 0;
	pxl_root_close(&c->resp.file);
	if (c->out.ops->close)
		c->out.ops->close(c->out.ctx);
}

/**
 * http_conn_new() - a connection, or a 503 answer when the server is full
 * @srv:  server
 * @out:  transport
 * @sink: events
 * @now:  time
 *
 * Return: the connection or NULL (out of memory, bad arguments).
 */
struct http_conn *http_conn_new(struct http_server *srv, struct pxl_stream out,
				struct pxl_event_sink sink, uint64_t now)
{
	struct http_conn *c;

	if (!srv || !out.ops || !out.ops->write)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->in_cap = srv->cfg.max_head * 2;
	c->in = malloc(c->in_cap);
	c->chunk = malloc(HTTP_CHUNK);
	if (!c->in || !c->chunk) {
		free(c->in);
		free(c->chunk);
		free(c);
		return NULL;
	}
	c->srv = srv;
	c->out = out;
	c->sink = sink;
	c->now = now;
	c->resp.file = (struct pxl_root_file){ .fd = -1, .dir_fd = -1 };
	if (srv->nconns++ >= srv->cfg.max_conns)
		http_fail(c, 503, NULL, "too many connections", 1);
	return c;
}

/**
 * oversized_head() - answer a head that outgrew the bound: 414 or 431
 * @c: connection
 */
static void oversized_head(struct http_conn *c)
{
	int line_done = memchr(c->in, '\n', c->in_len) != NULL;

	http_fail(c, line_done ? 431 : 414, NULL,
		  line_done ? "request head over the size bound" : "request line over the size bound", 1);
}

/**
 * parse_failed() - answer a head the parser refused
 * @c:   connection
 * @rc:  parser result
 * @why: parser's reason
 */
static void parse_failed(struct http_conn *c, int rc, const char *why)
{
	unsigned int status = rc == -E2BIG ? 431 : rc == -EPROTONOSUPPORT ? 505 : 400;

	http_fail(c, status, NULL, why, 1);
}

/**
 * process() - serve the complete requests waiting in the input, in order
 * @c: connection
 */
static void process(struct http_conn *c)
{
	struct http_head h;
	const char *why = NULL;
	size_t end;
	int rc;

	while (!c->closed && !c->busy && c->in_len) {
		end = http_head_end(c->in, c->in_len);
		if (!end || end > c->srv->cfg.max_head) {
			if (end || c->in_len >= c->srv->cfg.max_head)
				oversized_head(c);
			return;
		}
		rc = http_parse_request((const char *)c->in, end, &h, &why);
		if (rc) {
			parse_failed(c, rc, why);
			return;
		}
		c->stats.requests++;
		http_handle(c, &h);
		memmove(c->in, c->in + end, c->in_len - end);
		c->in_len -= end;
		if (!c->busy && c->close_after)
			http_close(c);
	}
}

/**
 * http_conn_input() - bytes from the client
 * @c:   connection
 * @buf: bytes
 * @len: count
 * @now: time
 *
 * Input that arrives while a body is out is kept (up to twice the head
 * bound: pipelined requests) and served after it.
 *
 * Return: 0, or -EPIPE once the connection is closed.
 */
int http_conn_input(struct http_conn *c, const void *buf, size_t len, uint64_t now)
{
	const uint8_t *p = buf;
	size_t n;

	c->now = now;
	while (len && !c->closed) {
		n = c->in_cap - c->in_len < len ? c->in_cap - c->in_len : len;
		if (!n) {
			http_event(c, "error", c->resp.path, "pipelined input over the bound", 0);
			http_close(c);
			break;
		}
		memcpy(c->in + c->in_len, p, n);
		c->in_len += n;
		p += n;
		len -= n;
		process(c);
	}
	return c->closed ? -EPIPE : 0;
}

/**
 * http_conn_drained() - the transport sent what was queued: go on with the body, then the next request
 * @c:   connection
 * @now: time
 */
void http_conn_drained(struct http_conn *c, uint64_t now)
{
	c->now = now;
	if (c->closed || !c->busy)
		return;
	http_pump(c);
	if (!c->busy && c->close_after)
		http_close(c);
	process(c);
}

/** http_conn_is_closed() - the connection closed (or asked its transport to) */
int http_conn_is_closed(const struct http_conn *c)
{
	return c->closed;
}

/** http_conn_stats() - the connection's counters */
const struct http_conn_stats *http_conn_stats(const struct http_conn *c)
{
	return &c->stats;
}

/**
 * http_conn_free() - forget a connection (the transport has ended)
 * @c: connection (may be NULL)
 */
void http_conn_free(struct http_conn *c)
{
	if (!c)
		return;
	if (c->busy)
		http_event(c, "abort", c->resp.path, "connection ended", c->resp.bytes);
	pxl_root_close(&c->resp.file);
	c->srv->nconns--;
	free(c->in);
	free(c->chunk);
	free(c);
}
