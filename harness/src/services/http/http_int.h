/* http_int.h - the HTTP server's internals shared by its files (not for use outside services/http) */
#ifndef PXL_HTTP_INT_H
#define PXL_HTTP_INT_H

#include <stdint.h>

#include "core/root_path.h"
#include "services/http/http_msg.h"
#include "services/http/http_server.h"

/** HTTP_CHUNK - body bytes read from the file per write */
#define HTTP_CHUNK (64u << 10)

/**
 * struct http_server - the served root and the limits
 * @cfg:     configuration, defaults filled in
 * @root_fd: the root directory
 * @nconns:  connections alive
 */
struct http_server {
	struct http_config cfg;
	int root_fd;
	unsigned int nconns;
};

/**
 * struct http_resp - the response being sent
 * @file:    the file (fd -1 when there is no file body)
 * @status:  status code
 * @off:     next file offset to send
 * @left:    body bytes still to send
 * @bytes:   body bytes sent
 * @start:   when the request arrived
 * @path:    decoded path, for events
 */
struct http_resp {
	struct pxl_root_file file;
	unsigned int status;
	uint64_t off;
	uint64_t left;
	uint64_t bytes;
	uint64_t start;
	char path[PXL_ROOT_NAME_MAX + 1];
};

/**
 * struct http_conn - one connection
 * @srv:       server
 * @out:       transport
 * @sink:      events
 * @now:       time of the current input
 * @in:        received bytes not yet consumed (HTTP_IN_MAX)
 * @in_len:    their count
 * @in_cap:    size of @in
 * @head_only: the request being answered is a HEAD
 * @busy:      a response body is being sent
 * @close_after: close once the current response is out
 * @closed:    closed (nothing more is read or sent)
 * @resp:      the response in progress
 * @chunk:     file read buffer (HTTP_CHUNK)
 * @held:      bytes of a response head waiting at the start of @chunk: the
 *             body's first bytes are read in after them and both go out in one
 *             write (one send instead of two for small files and Range reads)
 * @stats:     counters
 */
struct http_conn {
	struct http_server *srv;
	struct pxl_stream out;
	struct pxl_event_sink sink;
	uint64_t now;
	uint8_t *in;
	size_t in_len, in_cap;
	int head_only;
	int busy;
	int close_after;
	int closed;
	struct http_resp resp;
	uint8_t *chunk;
	size_t held;
	struct http_conn_stats stats;
};

void http_event(struct http_conn *c, const char *kind, const char *name, const char *detail,
		uint64_t value);
void http_close(struct http_conn *c);
int http_send(struct http_conn *c, const void *buf, size_t len);
void http_handle(struct http_conn *c, const struct http_head *h);
void http_fail(struct http_conn *c, unsigned int status, const char *path, const char *why,
	       int close_after);
void http_pump(struct http_conn *c);

#endif /* PXL_HTTP_INT_H */
