/* udp_host.h - a datagram transport on real host UDP sockets, for `pxelab serve` */
#ifndef PXL_UDP_HOST_H
#define PXL_UDP_HOST_H

#include "core/loop.h"
#include "net/transport.h"

struct pxl_udp_host;

/** pxl_udp_input_fn - a datagram arrived on one of the host's sockets */
typedef void (*pxl_udp_input_fn)(void *arg, const struct pxl_dgram *dg);

struct pxl_udp_host *pxl_udp_host_new(struct pxl_loop *loop, pxl_udp_input_fn input, void *arg);

int pxl_udp_host_listen(struct pxl_udp_host *h, uint32_t addr, uint16_t *port);

struct pxl_udp_transport pxl_udp_host_transport(struct pxl_udp_host *h);

void pxl_udp_host_free(struct pxl_udp_host *h);

#endif /* PXL_UDP_HOST_H */
