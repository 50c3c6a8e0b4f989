/* storm_servers.h - `pxelab storm --servers`: the server sets a storm runs against */
#ifndef PXL_CLI_STORM_SERVERS_H
#define PXL_CLI_STORM_SERVERS_H

#include <stddef.h>

#include "cli/cli.h"
#include "lang/scenario.h"

/** PXL_STORM_MAX_SETS - server sets one command compares */
#define PXL_STORM_MAX_SETS 6

/**
 * struct pxl_storm_set - one set of servers a storm runs against
 * @name:  as given ("dnsmasq+tgt")
 * @dhcp:  the DHCP server (SCN_SRV_BUILTIN: the scenario's own)
 * @tftp:  the TFTP server swapped in, SCN_SRV_NONE for the scenario's
 * @iscsi: the iSCSI target builtin targets move to, SCN_SRV_NONE for the scenario's
 */
struct pxl_storm_set {
	char name[64];
	enum scn_server dhcp;
	enum scn_server tftp;
	enum scn_server iscsi;
};

int pxl_storm_sets_parse(const char *arg, struct pxl_storm_set sets[PXL_STORM_MAX_SETS], size_t *n);

#endif /* PXL_CLI_STORM_SERVERS_H */
