/* hostile.h - crafted frames a hostile guest sends: malformed headers, lying lengths, garbage requests
 *
 * The catalogue the inject port (inject_port.h) walks through.  Each entry
 * builds one frame from the hostile guest's identity and a random stream;
 * its name says what is wrong with it.  Frames aimed at pxelab's services
 * carry correct checksums where the lie is elsewhere, so that they get
 * past the checks in front of the parser they are meant for.
 */
#ifndef PXL_HOSTILE_H
#define PXL_HOSTILE_H

#include <stddef.h>
#include <stdint.h>

#include "net/packet.h"

/** PXL_HOSTILE_FRAME_MAX - the largest frame a builder writes */
#define PXL_HOSTILE_FRAME_MAX 9100

/**
 * struct pxl_hostile_ctx - who the hostile guest is and whom it attacks
 * @mac, @ip:          the hostile guest
 * @srv_ip:            pxelab's services (DHCP, TFTP: the gateway)
 * @portal_ip, @portal_port: the iSCSI portal
 * @rng:               random stream (garbage bytes, ports, ids)
 */
struct pxl_hostile_ctx {
	uint8_t mac[PXL_ETH_ALEN];
	uint32_t ip;
	uint32_t srv_ip;
	uint32_t portal_ip;
	uint16_t portal_port;
	uint64_t rng;
};

/** pxl_hostile_build_fn - write one frame into @buf (PXL_HOSTILE_FRAME_MAX bytes); Return: its length */
typedef size_t (*pxl_hostile_build_fn)(struct pxl_hostile_ctx *c, uint8_t *buf);

/**
 * struct pxl_hostile_kind - one entry of the catalogue
 * @name:  what is wrong with the frame ("IPv4 IHL < 5")
 * @build: its builder
 */
struct pxl_hostile_kind {
	const char *name;
	pxl_hostile_build_fn build;
};

extern const struct pxl_hostile_kind pxl_hostile_kinds[];
extern const size_t pxl_hostile_nkinds;

uint64_t pxl_hostile_rand(struct pxl_hostile_ctx *c);
size_t pxl_hostile_tcp(const struct pxl_hostile_ctx *c, uint8_t *buf, size_t cap, uint16_t sport,
		       uint32_t seq, uint32_t ack, uint8_t flags, const void *data, size_t len);
size_t pxl_hostile_udp(const struct pxl_hostile_ctx *c, uint8_t *buf, size_t cap, uint16_t sport,
		       uint16_t dport, const void *data, size_t len);

#endif /* PXL_HOSTILE_H */
