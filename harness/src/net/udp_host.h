/* udp_host.h - a datagram transport on real host UDP sockets, for `pxelab serve` */
#ifndef PXL_UDP_HOST_H
#define PXL_UDP_HOST_H

#include "core/loop.h"
#include "net/transport.h"

struct pxl_udp_host;

/** pxl_udp_input_fn - a datagram arrived on one of the host's sockets */
typedef void (*pxl_udp_input_fn)(void *arg, const struct pxl_dgram *dg);

/**
 * pxl_udp_host_new() - create a set of UDP sockets driven by @loop
 * @loop:  event loop
 * @input: called for every datagram received on any socket of the set
 * @arg:   first argument of @input
 *
 * Return: the host transport, or NULL with errno set.
 */
struct pxl_udp_host *pxl_udp_host_new(struct pxl_loop *loop, pxl_udp_input_fn input, void *arg);

/**
 * pxl_udp_host_listen() - bind a socket to @addr:@port (0 = ephemeral)
 * @h:    host transport
 * @addr: address, host order (0 = any)
 * @port: in: wanted port; out: bound port
 *
 * Return: 0 or -errno (-EADDRINUSE for a busy port).
 */
int pxl_udp_host_listen(struct pxl_udp_host *h, uint32_t addr, uint16_t *port);

/**
 * pxl_udp_host_transport() - the struct pxl_udp_transport a service is given
 *
 * open_port() binds a new ephemeral socket on the requested address;
 * send() sends from the socket bound to dg->src (or the first listener).
 */
struct pxl_udp_transport pxl_udp_host_transport(struct pxl_udp_host *h);

/** pxl_udp_host_free() - close every socket and free @h */
void pxl_udp_host_free(struct pxl_udp_host *h);

#endif /* PXL_UDP_HOST_H */
