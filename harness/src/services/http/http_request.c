/* http_request.c - one HTTP request: method and header tables, the path, the response head, the body */
#include "services/http/http_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

/**
 * struct http_req - a request being answered
 * @c:        connection
 * @h:        its head
 * @range:    the Range value, or NULL
 * @if_range: an If-Range field was sent (Range is then ignored)
 * @status:   a header check's verdict (0: none)
 * @why:      its cause
 */
struct http_req {
	struct http_conn *c;
	const struct http_head *h;
	const struct http_slice *range;
	int if_range;
	unsigned int status;
	const char *why;
};

/**
 * struct http_resp_head - what the status line and fields say
 * @status:  status code
 * @type:    Content-Type
 * @length:  Content-Length
 * @extra:   more fields, each ending in CRLF ("" for none)
 */
struct http_resp_head {
	unsigned int status;
	const char *type;
	uint64_t length;
	const char *extra;
};

/**
 * http_content_type() - the Content-Type of a file name by its extension
 * @name: file name (a path: its last component counts)
 *
 * Return: the media type; application/octet-stream when unknown.
 */
const char *http_content_type(const char *name)
{
	static const struct { const char *ext; const char *type; } types[] = {
		{ "efi", "application/efi" }, { "img", "application/vnd.efi-img" },
		{ "iso", "application/vnd.efi-iso" }, { "ipxe", "text/plain" },
		{ "txt", "text/plain" }, { "cfg", "text/plain" }, { "html", "text/html" },
		{ "htm", "text/html" }, { "json", "application/json" },
		{ "gz", "application/gzip" }, { "xz", "application/x-xz" },
	};
	const char *slash = strrchr(name, '/'), *dot = strrchr(name, '.');
	size_t i;

	if (dot && (!slash || dot > slash))
		for (i = 0; i < ARRAY_SIZE(types); i++)
			if (!strcasecmp(dot + 1, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

/**
 * format_head() - the status line and fields of a response, into a buffer
 * @c:    connection
 * @rh:   what to say
 * @buf:  out
 * @size: its size
 *
 * Return: its length, or -EOVERFLOW (the connection is closed).
 */
static int format_head(struct http_conn *c, const struct http_resp_head *rh, char *buf, size_t size)
{
	int n = snprintf(buf, size,
			 "HTTP/1.1 %u %s\r\nServer: pxelab\r\nContent-Type: %s\r\n"
			 "Content-Length: %llu\r\n%s%s\r\n",
			 rh->status, http_reason(rh->status), rh->type, (unsigned long long)rh->length,
			 rh->extra, c->close_after ? "Connection: close\r\n" : "");

	if (n < 0 || (size_t)n >= size)
		return http_close(c), -EOVERFLOW;
	return n;
}

/**
 * send_head() - the status line and fields of a response
 * @c:  connection
 * @rh: what to say
 *
 * Return: 0 or -errno (the connection is closed).
 */
static int send_head(struct http_conn *c, const struct http_resp_head *rh)
{
	char head[1024];
	int n = format_head(c, rh, head, sizeof(head));

	return n < 0 ? n : http_send(c, head, (size_t)n);
}

/**
 * fail_with() - an error response with extra fields, and its "error" event
 * @c:           connection
 * @status:      4xx or 5xx
 * @path:        decoded path, or NULL
 * @why:         the cause
 * @extra:       more fields ("" for none)
 */
static void fail_with(struct http_conn *c, unsigned int status, const char *path, const char *why,
		      const char *extra)
{
	char body[64];
	int n = snprintf(body, sizeof(body), "%u %s\n", status, http_reason(status));
	struct http_resp_head rh = { status, "text/plain", (uint64_t)n, extra };

	c->stats.errors++;
	http_event(c, "error", path, why, status);
	if (!send_head(c, &rh) && !c->head_only)
		http_send(c, body, (size_t)n);
}

/**
 * http_fail() - answer with an error status, the cause in an "error" event
 * @c:           connection
 * @status:      4xx or 5xx
 * @path:        decoded path, or NULL
 * @why:         the cause
 * @close_after: close the connection after the answer
 */
void http_fail(struct http_conn *c, unsigned int status, const char *path, const char *why,
	       int close_after)
{
	c->close_after |= close_after;
	fail_with(c, status, path, why, status == 405 ? "Allow: GET, HEAD\r\n" : "");
	if (c->close_after)
		http_close(c);
}

/** hdr_host() - Host: one, and only one (RFC 9112 section 3.2) */
static void hdr_host(struct http_req *r, struct http_slice v)
{
	if (http_field_count(r->h, "Host") > 1) {
		r->status = 400;
		r->why = "repeated Host field";
	}
}

/** hdr_length() - Content-Length: a body pxelab does not read closes the connection */
static void hdr_length(struct http_req *r, struct http_slice v)
{
	uint64_t n;

	if (http_field_count(r->h, "Content-Length") > 1 || http_parse_u64(v, &n)) {
		r->status = 400;
		r->why = "invalid or repeated Content-Length";
	} else if (n) {
		r->status = 400;
		r->why = "a request body is not accepted";
	}
}

/** hdr_te() - Transfer-Encoding: request bodies are not implemented */
static void hdr_te(struct http_req *r, struct http_slice v)
{
	r->status = 501;
	r->why = "Transfer-Encoding in a request is not implemented";
}

/** hdr_connection() - Connection: close, or keep-alive for HTTP/1.0 */
static void hdr_connection(struct http_req *r, struct http_slice v)
{
	if (http_list_has(v, "close"))
		r->c->close_after = 1;
	else if (http_list_has(v, "keep-alive"))
		r->c->close_after = 0;
}

/** hdr_range() - Range: kept for later */
static void hdr_range(struct http_req *r, struct http_slice v)
{
	if (!r->c->srv->cfg.no_range)
		r->range = http_field(r->h, "Range");
}

/** hdr_if_range() - If-Range: pxelab sends no validators, so the whole file is served */
static void hdr_if_range(struct http_req *r, struct http_slice v)
{
	r->if_range = 1;
}

/**
 * check_fields() - run each field through its handler; the first verdict counts
 * @r: request
 */
static void check_fields(struct http_req *r)
{
	static const struct {
		const char *name;
		void (*handle)(struct http_req *r, struct http_slice v);
	} fields[] = {
		{ "Host", hdr_host }, { "Content-Length", hdr_length },
		{ "Transfer-Encoding", hdr_te }, { "Connection", hdr_connection },
		{ "Range", hdr_range }, { "If-Range", hdr_if_range },
	};
	size_t i, j;

	r->c->close_after = r->h->minor == 0;
	for (i = 0; i < r->h->nfields && !r->status; i++)
		for (j = 0; j < ARRAY_SIZE(fields); j++)
			if (http_slice_eq(r->h->fields[i].name, fields[j].name))
				fields[j].handle(r, r->h->fields[i].value);
	if (!r->status && r->h->minor == 1 && !http_field(r->h, "Host")) {
		r->status = 400;
		r->why = "HTTP/1.1 request without Host";
	}
	if (r->if_range)
		r->range = NULL;
}

/**
 * decode_byte() - one byte of a path: a %XX escape or the byte itself
 * @p:   the path at this byte
 * @end: end of the path
 * @out: out: the byte
 * @why: out: the defect
 *
 * Return: bytes consumed (1 or 3), or 0 for an escape refused.
 */
static size_t decode_byte(const char *p, const char *end, char *out, const char **why)
{
	int hi, lo;

	if (*p != '%') {
		*out = *p;
		return 1;
	}
	hi = end - p >= 3 ? pxl_hex_digit((unsigned char)p[1]) : -1;
	lo = end - p >= 3 ? pxl_hex_digit((unsigned char)p[2]) : -1;
	if (hi < 0 || lo < 0)
		return *why = "malformed percent-encoding in the path", 0;
	*out = (char)(hi * 16 + lo);
	if (!*out)
		return *why = "encoded NUL in the path", 0;
	/* no file to boot has one, and the name goes into events and logs */
	if ((unsigned char)*out < 0x20 || *out == 0x7f)
		return *why = "encoded control character in the path", 0;
	if (*out == '/' || *out == '\\')
		return *why = "encoded path separator", 0;
	return 3;
}

/**
 * decode_target() - the file name a request target names (one %XX decoding pass)
 * @t:    request target
 * @name: out: the name (PXL_ROOT_NAME_MAX + 1 bytes)
 * @why:  out: the defect
 *
 * Return: 0, 400 or 414.
 */
static unsigned int decode_target(struct http_slice t, char *name, const char **why)
{
	const char *p = t.p, *end = t.p + t.len, *cut;
	size_t n = 0, used;

	if (t.len > 7 && !strncasecmp(p, "http://", 7)) {
		p = memchr(p + 7, '/', t.len - 7);
		p = p ? p : "/";
		end = p[1] || p == t.p + 7 ? end : p + 1;
	}
	if (*p != '/')
		return *why = "request target is not a path", 400;
	cut = memchr(p, '?', (size_t)(end - p));
	end = cut ? cut : end;
	cut = memchr(p, '#', (size_t)(end - p));
	end = cut ? cut : end;
	while (p < end) {
		if (n == PXL_ROOT_NAME_MAX)
			return *why = "path over 1024 bytes", 414;
		used = decode_byte(p, end, &name[n++], why);
		if (!used)
			return 400;
		p += used;
	}
	name[n] = '\0';
	return 0;
}

/**
 * open_status() - the status and cause of a name the path rules refused
 * @rc:  negative errno from pxl_root_open()
 * @f:   its result (@f->why)
 * @why: out: the cause
 *
 * Return: 404, 403 or 500.
 */
static unsigned int open_status(int rc, const struct pxl_root_file *f, const char **why)
{
	if (rc == -ENOENT || rc == -ENOTDIR)
		return *why = "no such file", 404;
	if (rc == -EISDIR)
		return *why = "a directory (no listings)", 403;
	if (rc == -EACCES || rc == -ELOOP)
		return *why = f->why ? f->why : "refused by the path rules", 403;
	return *why = "cannot open the file", 500;
}

/**
 * finish() - the body is out: "complete", ready for the next request
 * @c: connection
 */
static void finish(struct http_conn *c)
{
	struct http_resp *r = &c->resp;
	char detail[128];

	snprintf(detail, sizeof(detail), "status=%u bytes=%llu duration_ms=%llu", r->status,
		 (unsigned long long)r->bytes,
		 (unsigned long long)((c->now - r->start) / PXL_NS_PER_MS));
	c->busy = 0;
	pxl_root_close(&r->file);
	http_event(c, "complete", r->path, detail, r->bytes);
}

/**
 * queued() - bytes the transport still holds
 * @c: connection
 *
 * Return: the count (0 when the transport cannot tell).
 */
static size_t queued(const struct http_conn *c)
{
	return c->out.ops->queued ? c->out.ops->queued(c->out.ctx) : 0;
}

/**
 * http_pump() - send the body while the transport holds less than a window
 * @c: connection
 */
void http_pump(struct http_conn *c)
{
	struct http_resp *r = &c->resp;
	size_t room;
	ssize_t n;

	while (c->busy && r->left && queued(c) < HTTP_WINDOW) {
		room = HTTP_CHUNK - c->held;
		n = pread(r->file.fd, c->chunk + c->held, r->left < room ? r->left : room, (off_t)r->off);
		if (n <= 0) {
			http_event(c, "abort", r->path, n ? "read error" : "the file shrank",
				   r->bytes);
			c->busy = 0;
			c->held = 0;
			http_close(c);
			return;
		}
		room = c->held;
		c->held = 0;
		if (http_send(c, c->chunk, room + (size_t)n))
			return;
		r->off += (uint64_t)n;
		r->left -= (uint64_t)n;
		r->bytes += (uint64_t)n;
		c->stats.body_bytes += (uint64_t)n;
	}
	room = c->held;	/* a head whose body waits for the transport to drain, or has none */
	c->held = 0;
	if (room && http_send(c, c->chunk, room))
		return;
	if (c->busy && !r->left)
		finish(c);
}

/**
 * serve_file() - 200, 206 or 416 for an opened file; the body follows unless HEAD
 * @r: request
 */
static void serve_file(struct http_req *r)
{
	struct http_conn *c = r->c;
	struct http_resp *resp = &c->resp;
	struct http_resp_head rh = { 200, http_content_type(resp->path), 0, "" };
	char extra[160], detail[256], range[72];
	uint64_t size, first = 0, last = 0;
	enum http_range_rc rr = HTTP_RANGE_NONE;
	int n;

	size = resp->file.size;
	if (r->range)
		rr = http_parse_range(*r->range, size, &first, &last);
	if (rr == HTTP_RANGE_UNSATISFIABLE) {
		snprintf(extra, sizeof(extra), "Content-Range: bytes */%llu\r\n",
			 (unsigned long long)size);
		pxl_root_close(&resp->file);
		fail_with(c, 416, resp->path, "range not satisfiable", extra);
		return;
	}
	if (rr == HTTP_RANGE_NONE)
		last = size ? size - 1 : 0;
	rh.status = rr == HTTP_RANGE_OK ? 206 : 200;
	rh.length = size ? last - first + 1 : 0;
	snprintf(range, sizeof(range), "%llu-%llu/%llu", (unsigned long long)first,
		 (unsigned long long)last, (unsigned long long)size);
	if (rr == HTTP_RANGE_OK)
		snprintf(extra, sizeof(extra), "Accept-Ranges: bytes\r\nContent-Range: bytes %s\r\n", range);
	else
		snprintf(extra, sizeof(extra), "Accept-Ranges: %s\r\n",
			 c->srv->cfg.no_range ? "none" : "bytes");
	rh.extra = extra;
	snprintf(detail, sizeof(detail), "status=%u length=%llu%s%s type=%s", rh.status,
		 (unsigned long long)rh.length, rr == HTTP_RANGE_OK ? " range=" : "",
		 rr == HTTP_RANGE_OK ? range : "", rh.type);
	http_event(c, "response", resp->path, detail, rh.status);
	resp->status = rh.status;
	resp->off = first;
	resp->left = c->head_only ? 0 : rh.length;
	resp->bytes = 0;
	c->busy = 1;
	n = format_head(c, &rh, (char *)c->chunk, HTTP_CHUNK);
	if (n < 0)
		return;
	c->held = (size_t)n;	/* http_pump() sends it with the body's first bytes */
	http_pump(c);
}

/**
 * serve_get() - GET and HEAD: decode the path, open it, serve it
 * @r: request
 */
static void serve_get(struct http_req *r)
{
	struct http_conn *c = r->c;
	const char *why = NULL;
	unsigned int status = decode_target(r->h->target, c->resp.path, &why);
	int rc;

	if (status) {
		snprintf(c->resp.path, sizeof(c->resp.path), "%.*s", (int)r->h->target.len,
			 r->h->target.p);
		http_fail(c, status, c->resp.path, why, 0);
		return;
	}
	rc = pxl_root_open(c->srv->root_fd, c->resp.path, &c->resp.file);
	if (rc) {
		status = open_status(rc, &c->resp.file, &why);
		http_fail(c, status, c->resp.path, why, 0);
		return;
	}
	c->resp.start = c->now;
	serve_file(r);
}

/**
 * not_allowed() - a method HTTP defines that a file server refuses: 405
 * @r: request
 */
static void not_allowed(struct http_req *r)
{
	http_fail(r->c, 405, NULL, "method not allowed (GET and HEAD only)", 0);
}

/**
 * http_handle() - answer one parsed request
 * @c: connection
 * @h: its head
 */
void http_handle(struct http_conn *c, const struct http_head *h)
{
	static const struct {
		const char *method;
		void (*serve)(struct http_req *r);
	} methods[] = {
		{ "GET", serve_get }, { "HEAD", serve_get }, { "POST", not_allowed },
		{ "PUT", not_allowed }, { "DELETE", not_allowed }, { "OPTIONS", not_allowed },
		{ "PATCH", not_allowed }, { "CONNECT", not_allowed }, { "TRACE", not_allowed },
	};
	struct http_req r = { .c = c, .h = h };
	char what[160];
	size_t i;

	snprintf(what, sizeof(what), "%.*s HTTP/1.%u%s%.*s", (int)h->method.len, h->method.p,
		 h->minor, http_field(h, "Range") ? " range=" : "",
		 http_field(h, "Range") ? (int)http_field(h, "Range")->len : 0,
		 http_field(h, "Range") ? http_field(h, "Range")->p : "");
	snprintf(c->resp.path, sizeof(c->resp.path), "%.*s", (int)h->target.len, h->target.p);
	http_event(c, "request", c->resp.path, what, 0);
	c->head_only = h->method.len == 4 && !memcmp(h->method.p, "HEAD", 4);
	check_fields(&r);
	if (r.status) {
		http_fail(c, r.status, NULL, r.why, 1);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(methods); i++)
		if (h->method.len == strlen(methods[i].method) &&
		    !memcmp(h->method.p, methods[i].method, h->method.len)) {
			methods[i].serve(&r);
			return;
		}
	http_fail(c, 501, NULL, "method not implemented", 1);
}
