/* servers_priv.h - the servers of one run, and the provider each kind's file defines */
#ifndef PXL_SERVERS_PRIV_H
#define PXL_SERVERS_PRIV_H

#include "servers/provider.h"

/* at most one DHCP server, the scenario's TFTP server and one swapped in, one iSCSI target per kind */
#define PXL_RUN_MAX_SERVERS (4 + SCN_SRV_COUNT)

struct pxl_peers;

/**
 * struct pxl_started - one server started (or half started) for a run
 * @pv:   its provider
 * @role: what it serves
 * @inst: what its start made (NULL: nothing to stop)
 */
struct pxl_started {
	const struct pxl_provider *pv;
	enum scn_role role;
	void *inst;
};

/**
 * struct pxl_servers - the servers of one run
 * @env:     what the engine gave
 * @peers:   the private namespace of the external servers, made by the first that needs it (external.c)
 * @started: servers in start order
 * @n:       entries used
 */
struct pxl_servers {
	const struct pxl_server_env *env;
	struct pxl_peers *peers;
	struct pxl_started started[PXL_RUN_MAX_SERVERS];
	size_t n;
};

/* every kind's provider: pxl_provider_<provider column of lang/server_kinds.def> */
#define SERVER_KIND(id, name, provider, roles) extern const struct pxl_provider pxl_provider_##provider;
#include "lang/server_kinds.def"
#undef SERVER_KIND

#endif /* PXL_SERVERS_PRIV_H */
