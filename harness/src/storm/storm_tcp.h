/* storm_tcp.h - the synthetic clients' TCP connections: real kernel sockets behind one epoll fd */
#ifndef PXL_STORM_TCP_H
#define PXL_STORM_TCP_H

#include <stddef.h>
#include <stdint.h>

#include "storm/sclient.h"

struct pxl_loop;
struct pxl_storm_tcp;

/**
 * struct pxl_storm_tcp_ops - where sockets come from and where news goes
 * @socket: a new non-blocking TCP socket (e.g. made inside a network
 *          namespace on the LAN).  Return: the fd, or -errno.
 * @sctx:   its argument
 * @event:  a client's connection connected, got bytes, or closed (@err:
 *          errno, 0 when the peer closed it)
 * @ctx:    its first argument
 */
struct pxl_storm_tcp_ops {
	int (*socket)(void *sctx);
	void *sctx;
	void (*event)(void *ctx, unsigned idx, enum scl_tcp_ev ev, const uint8_t *data, size_t len, int err);
	void *ctx;
};

struct pxl_storm_tcp *pxl_storm_tcp_new(struct pxl_loop *loop, unsigned n, const struct pxl_storm_tcp_ops *ops);
int pxl_storm_tcp_open(struct pxl_storm_tcp *t, unsigned idx, uint32_t ip, uint16_t port);
int pxl_storm_tcp_send(struct pxl_storm_tcp *t, unsigned idx, const void *buf, size_t len);
void pxl_storm_tcp_close(struct pxl_storm_tcp *t, unsigned idx);
unsigned pxl_storm_tcp_retrans(const struct pxl_storm_tcp *t, unsigned idx);
unsigned pxl_storm_tcp_peak(const struct pxl_storm_tcp *t);
void pxl_storm_tcp_free(struct pxl_storm_tcp *t);

#endif /* PXL_STORM_TCP_H */
