/* parse_addrs.c - parse a scenario with ${tftp.addr} and its kin naming where each server really runs */
#include <string.h>

#include "cli/cli.h"
#include "net/packet.h"
#include "servers/provider.h"

/**
 * role_kind() - the server that will serve a role for a scenario
 * @sc: scenario (the first instance)
 * @role: role
 * @peers: the servers --tftp and --http put in place of the scenario's (SCN_SRV_NONE: none), or NULL
 * @iscsi: the iSCSI target server --iscsi puts in place of builtin targets, or SCN_SRV_NONE
 *
 * Return: the kind, SCN_SRV_NONE when the scenario has none.
 */
static enum scn_server role_kind(const struct scenario *sc, enum scn_role role, const struct pxl_peer_opts *peers,
				 enum scn_server iscsi)
{
	enum scn_server tftp = peers ? peers->tftp : SCN_SRV_NONE, http = peers ? peers->http : SCN_SRV_NONE;
	enum scn_server k = role == SCN_ROLE_DHCP ? sc->dhcp.kind : role == SCN_ROLE_TFTP ? sc->tftp.kind :
			    role == SCN_ROLE_HTTP ? sc->http.kind : sc->ntargets ? sc->targets[0].kind : SCN_SRV_NONE;

	if (role == SCN_ROLE_TFTP && tftp != SCN_SRV_NONE && k != SCN_SRV_NONE)
		return tftp;
	if (role == SCN_ROLE_HTTP && http != SCN_SRV_NONE && k != SCN_SRV_NONE)
		return http;
	if (role == SCN_ROLE_ISCSI && iscsi != SCN_SRV_NONE && k == SCN_SRV_BUILTIN)
		return iscsi;
	return k;
}

/**
 * pxl_cli_parse_file() - parse a scenario file; ${ROLE.addr} names where ROLE's server runs
 * @path: the file
 * @vars: --set variables; its srv_addr[] are filled
 * @peers: the TFTP and HTTP servers of --tftp and --http (SCN_SRV_NONE: the scenario's), or NULL
 * @iscsi: the iSCSI target server of --iscsi, SCN_SRV_NONE for the scenario's
 * @out: out: instances
 * @d: diagnostics (of the final parse only)
 *
 * A first parse learns the scenario's servers (its dhcp/tftp/iscsi/http
 * lines may follow the lines that name their addresses); the addresses of
 * the servers that will run (pxl_server_addr(): builtin at the gateway or
 * x.x.x.4, real servers at x.x.x.5) then fill ${ROLE.addr} for the second.
 * Return: scn_parse_file()'s.
 */
int pxl_cli_parse_file(const char *path, struct scn_vars *vars, const struct pxl_peer_opts *peers,
		       enum scn_server iscsi, struct scn_list *out, struct scn_diag *d)
{
	struct scn_diag first;
	size_t r;
	int rc;

	memset(vars->srv_addr, 0, sizeof(vars->srv_addr));
	scn_diag_init(&first);
	rc = scn_parse_file(path, vars, out, &first);
	for (r = 0; !rc && !first.errors && out->n && r < SCN_NADDR_ROLES; r++) {
		uint32_t a = pxl_server_addr(role_kind(out->s[0], (enum scn_role)r, peers, iscsi), (enum scn_role)r,
					     out->s[0]);

		if (a)
			pxl_ip_str(a, vars->srv_addr[r]);
	}
	scn_diag_free(&first);
	scn_list_free(out);
	return scn_parse_file(path, vars, out, d);
}
