/* http_server.h - pxelab's HTTP/1.1 file server (RFC 9110, 9112) as a byte-stream service
 *
 * A struct http_server holds the served root and the limits; each TCP
 * connection gets a struct http_conn: bytes in (split anywhere, requests
 * pipelined), bytes out through a struct pxl_stream, events out through a
 * struct pxl_event_sink (service "http").  Bodies go out one window at a
 * time: the connection writes while the transport's queued() is under
 * HTTP_WINDOW and goes on when its host calls http_conn_drained().
 *
 * Policy:
 *  - GET and HEAD; other registered methods 405 with Allow, unknown 501;
 *  - HTTP/1.1 keeps the connection open unless "Connection: close"; HTTP/1.0
 *    only with "Connection: keep-alive"; every response has Content-Length;
 *  - one "bytes" range a-b, a- or -n: 206 with Content-Range; a range past
 *    the end: 416 with "Content-Range: bytes *\/SIZE"; several ranges, an
 *    If-Range or bad syntax: the whole file (200); no-range servers ignore
 *    Range and send "Accept-Ranges: none";
 *  - the path: origin-form or absolute-form target, query cut off, %XX
 *    decoded once; a malformed escape, an encoded NUL or other control
 *    character (0x01-0x1f, 0x7f), '/' or '\' is 400;
 *    the decoded name resolves with core/root_path.h (the TFTP server's
 *    rules): absent 404; "..", links out of the root, devices, directories
 *    (no listings) 403;
 *  - Content-Type by extension: .efi application/efi, .img
 *    application/vnd.efi-img, .iso application/vnd.efi-iso (what OVMF's
 *    HTTP Boot reads to run an image or mount it as a RAM disk), ...;
 *  - bounds: the head (request line and fields) at @max_head bytes (414 if
 *    the request line alone is longer, else 431), @max_conns connections
 *    (the next one gets 503 and is closed), HTTP_MAX_FIELDS fields (431);
 *    an error on the request's syntax (400, 414, 431, 501, 505) or a request
 *    with a body closes the connection after the answer.
 *
 * Events (service "http"): "request" (name = target as sent, detail =
 * "METHOD HTTP/1.x[ range=...]"), "response" (name = decoded path, value =
 * status, detail "status=N length=N[ range=A-B/SIZE] type=..."), "complete"
 * (value = body bytes, detail "status=N bytes=N duration_ms=N"), "error"
 * (value = status, detail = the cause, name = path when known), "abort" (a
 * body not sent to its end: detail = why).
 */
#ifndef PXL_HTTP_SERVER_H
#define PXL_HTTP_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "net/transport.h"

/** HTTP_PORT - the well-known port */
#define HTTP_PORT 80
/** HTTP_WINDOW - body bytes queued on the transport before waiting for it to drain */
#define HTTP_WINDOW (256u << 10)

/**
 * struct http_config - how a server behaves; zero fields take the default
 * @root:      directory served (must exist)
 * @max_head:  longest request head in bytes (8192)
 * @max_conns: connections at once (64)
 * @no_range:  ignore Range, send "Accept-Ranges: none"
 */
struct http_config {
	const char *root;
	size_t max_head;
	unsigned int max_conns;
	int no_range;
};

/**
 * struct http_conn_stats - what a connection counted
 * @requests:   requests parsed
 * @errors:     error responses (4xx, 5xx)
 * @body_bytes: body bytes handed to the transport
 */
struct http_conn_stats {
	uint64_t requests;
	uint64_t errors;
	uint64_t body_bytes;
};

struct http_server;
struct http_conn;

struct http_server *http_server_new(const struct http_config *cfg, int *err);
unsigned int http_server_conns(const struct http_server *srv);
void http_server_free(struct http_server *srv);

struct http_conn *http_conn_new(struct http_server *srv, struct pxl_stream out,
				struct pxl_event_sink sink, uint64_t now);
int http_conn_input(struct http_conn *c, const void *buf, size_t len, uint64_t now);
void http_conn_drained(struct http_conn *c, uint64_t now);
int http_conn_is_closed(const struct http_conn *c);
const struct http_conn_stats *http_conn_stats(const struct http_conn *c);
void http_conn_free(struct http_conn *c);

const char *http_content_type(const char *name);

#endif /* PXL_HTTP_SERVER_H */
