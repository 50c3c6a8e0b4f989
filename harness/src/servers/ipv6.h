/* ipv6.h - the IPv6 side of a run (a scenario's lan6 line and dhcp6 block), for the engine */
#ifndef PXL_SERVERS_IPV6_H
#define PXL_SERVERS_IPV6_H

#include <stdint.h>

#include "net/lan6.h"
#include "servers/provider.h"

struct pxl_ipv6_run;

int pxl_ipv6_start(const struct pxl_server_env *env, struct pxl_ipv6_run **out);
int pxl_ipv6_peer_addr(const struct pxl_ipv6_run *r, uint32_t handle, uint8_t out[16]);
void pxl_ipv6_stats(const struct pxl_ipv6_run *r, struct pxl_lan6_stats *st);
void pxl_ipv6_stop(struct pxl_ipv6_run *r);
void pxl_ipv6_mac(const struct scenario *sc, uint8_t mac[6]);

#endif /* PXL_SERVERS_IPV6_H */
