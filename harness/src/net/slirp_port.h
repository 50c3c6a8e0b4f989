/* slirp_port.h - libslirp as a port of the segment: ARP, ICMP, TCP, IPv6 RA */
#ifndef PXL_SLIRP_PORT_H
#define PXL_SLIRP_PORT_H

#include <stdint.h>

#include "core/loop.h"
#include "net/segment.h"

/**
 * struct pxl_slirp_config - the virtual network libslirp serves
 * @net, @mask:   IPv4 network and netmask (host order), default 10.0.2.0/24
 * @gateway:      libslirp's own address, default 10.0.2.2
 * @dhcp_start:   first address libslirp's DHCP hands out (builtin mode)
 * @builtin_dhcp: turn libslirp's own DHCP on (it always offers @bootfile)
 * @tftp_path:    turn libslirp's own TFTP on, serving this folder (or NULL)
 * @bootfile:     file name libslirp's DHCP offers (or NULL)
 * @no_ipv6:      switch libslirp's IPv6 off (no RA, no NDP answers): the
 *                scenario has an IPv6 side of pxelab's own (net/lan6.h)
 */
struct pxl_slirp_config {
	uint32_t net;
	uint32_t mask;
	uint32_t gateway;
	uint32_t dhcp_start;
	int builtin_dhcp;
	const char *tftp_path;
	const char *bootfile;
	int no_ipv6;
};

struct pxl_slirp;

void pxl_slirp_config_default(struct pxl_slirp_config *cfg);
struct pxl_slirp *pxl_slirp_new(struct pxl_loop *loop, struct pxl_segment *seg,
				const struct pxl_slirp_config *cfg, int *err);
int pxl_slirp_add_unix(struct pxl_slirp *s, uint32_t addr, uint16_t port, const char *path);
int pxl_slirp_port(const struct pxl_slirp *s);
uint64_t pxl_slirp_synack_repeats(const struct pxl_slirp *s);
void pxl_slirp_free(struct pxl_slirp *s);

#endif /* PXL_SLIRP_PORT_H */
