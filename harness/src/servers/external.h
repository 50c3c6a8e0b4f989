/* external.h - external DHCP, TFTP and iSCSI servers in a private namespace, for one engine run */
#ifndef PXL_PEERS_H
#define PXL_PEERS_H

#include <stddef.h>
#include <stdint.h>

#include "lang/scenario.h"

struct pxl_eng;

/** enum pxl_tftp_peer - a real TFTP server instead of the scenario's */
enum pxl_tftp_peer {
	PXL_TFTP_PEER_NONE,    /* the scenario's own (builtin or slirp) */
	PXL_TFTP_PEER_HPA,     /* tftpd-hpa's in.tftpd */
	PXL_TFTP_PEER_DNSMASQ, /* dnsmasq's TFTP server (a second, TFTP-only dnsmasq) */
};

/**
 * struct pxl_peer_opts - choices the command line makes about external servers
 * @dhcp_conf: the user's own configuration for the external DHCP server
 *             (a template: @NAME@ placeholders are expanded), or NULL
 * @tftp:      a real TFTP server instead of the scenario's
 * @userns:    use a user namespace even when running as root
 */
struct pxl_peer_opts {
	const char *dhcp_conf;
	enum pxl_tftp_peer tftp;
	int userns;
};

/**
 * struct pxl_peer_copy - a scenario with its swapped parts translated (pxl_peer_copy_free())
 * @s:      the copy (shares every unchanged pointer with the original)
 * @allocs: what the copy owns
 * @n:      entries of @allocs
 */
struct pxl_peer_copy {
	struct scenario s;
	void *allocs[64];
	size_t n;
};

int pxl_peers_start(struct pxl_eng *e);
void pxl_peers_stop(struct pxl_eng *e);

uint32_t pxl_peers_addr(const struct scenario *sc);
int pxl_peers_dhcp_kind(const char *name, enum scn_dhcp_kind *kind);
const char *pxl_peers_dhcp_name(enum scn_dhcp_kind kind);
int pxl_peers_tftp_kind(const char *name, enum pxl_tftp_peer *kind);
int pxl_peers_cannot(const struct scenario *sc, char *buf, size_t len);
int pxl_peers_available(const struct scenario *sc, const struct pxl_peer_opts *o, char *why, size_t len);
int pxl_peer_copy_make(const struct scenario *in, enum scn_dhcp_kind kind, const struct pxl_peer_opts *o,
		       int tgt, struct pxl_peer_copy *out, char *err, size_t errlen);
void pxl_peer_copy_free(struct pxl_peer_copy *c);

#endif /* PXL_PEERS_H */
