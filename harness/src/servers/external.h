/* external.h - external servers for `pxelab compare`: a scenario with servers swapped in, the namespace address */
#ifndef PXL_PEERS_H
#define PXL_PEERS_H

#include <stddef.h>
#include <stdint.h>

#include "lang/scenario.h"
#include "servers/provider.h"

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

uint32_t pxl_peers_addr(const struct scenario *sc);
void pxl_peers_addr6(const struct scenario *sc, uint8_t out[16]);
uint32_t pxl_storm_ns_addr(const struct scenario *sc, unsigned *prefix);
int pxl_peer_copy_make(const struct scenario *in, enum scn_server kind, const struct pxl_peer_opts *o,
		       enum scn_server iscsi, struct pxl_peer_copy *out, char *err, size_t errlen);
void pxl_peer_copy_free(struct pxl_peer_copy *c);

#endif /* PXL_PEERS_H */
