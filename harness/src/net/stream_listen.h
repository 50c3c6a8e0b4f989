/* stream_listen.h - accept TCP or unix-socket connections on the loop, one stream service object each */
#ifndef PXL_STREAM_LISTEN_H
#define PXL_STREAM_LISTEN_H

#include <stddef.h>
#include <stdint.h>

#include "core/loop.h"
#include "net/transport.h"

struct pxl_stream_listener;

/**
 * struct pxl_stream_service - what to run on each accepted connection
 * @open:   create the per-connection object; @out is its byte-stream
 *          transport, @peer a printable peer address; NULL refuses
 * @input:  bytes arrived (non-zero return is ignored; the object closes
 *          itself through @out when it wants)
 * @closed: the connection ended (EOF, error, or after @out's close was
 *          flushed): free the object; @out is dead from now on
 * @arg:    first argument of @open
 * @drained: (may be NULL) the queued output fell below the low mark after
 *          a send: the object may write more (large bodies, one window at
 *          a time; see pxl_stream_ops.queued)
 */
struct pxl_stream_service {
	void *(*open)(void *arg, struct pxl_stream out, const char *peer);
	int (*input)(void *obj, const void *buf, size_t len, uint64_t now);
	void (*closed)(void *obj);
	void *arg;
	void (*drained)(void *obj, uint64_t now);
};

int pxl_stream_listen_tcp(struct pxl_loop *loop, const char *addr_port,
			  const struct pxl_stream_service *svc, struct pxl_stream_listener **out,
			  uint16_t *bound_port);
int pxl_stream_listen_unix(struct pxl_loop *loop, const char *path,
			   const struct pxl_stream_service *svc, struct pxl_stream_listener **out);
size_t pxl_stream_listener_conns(const struct pxl_stream_listener *l);
void pxl_stream_listener_free(struct pxl_stream_listener *l);

#endif /* PXL_STREAM_LISTEN_H */
