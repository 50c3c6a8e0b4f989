/* builtin.c - pxelab's own servers as the `builtin` provider: DHCP and TFTP on the segment, iSCSI and HTTP through libslirp */
#include <stddef.h>

#include "servers/builtin_priv.h"
#include "servers/servers_priv.h"

/**
 * pxl_builtin_gateway() - the LAN's gateway address, where pxelab's DHCP and TFTP servers answer
 * @sc: scenario
 *
 * Return: the address, host order (10.0.2.2 without a `lan` line).
 */
uint32_t pxl_builtin_gateway(const struct scenario *sc)
{
	return sc->lan.given ? sc->lan.gateway : 0x0a000202;
}

/**
 * builtin_start() - one of pxelab's servers for the run
 * @run: the run's servers
 * @pv: this provider
 * @role: what to serve
 * @inst: out: the server
 *
 * Return: 0, or -1 with the run's error set.
 */
static int builtin_start(struct pxl_servers *run, const struct pxl_provider *pv, enum scn_role role, void **inst)
{
	struct pxl_builtin_dhcp *dhcp = NULL;
	struct pxl_builtin_tftp *tftp = NULL;
	struct pxl_builtin_iscsi *iscsi = NULL;
	struct pxl_builtin_http *http = NULL;
	int rc;

	switch (role) {
	case SCN_ROLE_DHCP:
		rc = pxl_builtin_dhcp_start(run->env, &dhcp);
		*inst = dhcp;
		return rc;
	case SCN_ROLE_TFTP:
		rc = pxl_builtin_tftp_start(run->env, &tftp);
		*inst = tftp;
		return rc;
	case SCN_ROLE_HTTP:
		rc = pxl_builtin_http_start(run->env, &http);
		*inst = http;
		return rc;
	default:
		rc = pxl_builtin_iscsi_start(run->env, &iscsi);
		*inst = iscsi;
		return rc;
	}
}

/**
 * builtin_stop() - stop one of pxelab's servers
 * @pv: this provider
 * @role: what it served
 * @inst: the server (NULL is fine)
 */
static void builtin_stop(const struct pxl_provider *pv, enum scn_role role, void *inst)
{
	if (role == SCN_ROLE_DHCP)
		pxl_builtin_dhcp_stop(inst);
	else if (role == SCN_ROLE_TFTP)
		pxl_builtin_tftp_stop(inst);
	else if (role == SCN_ROLE_HTTP)
		pxl_builtin_http_stop(inst);
	else
		pxl_builtin_iscsi_stop(inst);
}

/**
 * builtin_addr() - where pxelab serves a role: the gateway; iSCSI on the first builtin target's portal
 * @pv: this provider
 * @sc: scenario
 * @role: role
 *
 * Return: the address, host order.
 */
static uint32_t builtin_addr(const struct pxl_provider *pv, const struct scenario *sc, enum scn_role role)
{
	size_t i;

	if (role == SCN_ROLE_HTTP)
		return pxl_builtin_portal(sc, NULL);
	if (role != SCN_ROLE_ISCSI)
		return pxl_builtin_gateway(sc);
	for (i = 0; i < sc->ntargets; i++)
		if (sc->targets[i].kind == SCN_SRV_BUILTIN)
			return pxl_builtin_portal(sc, &sc->targets[i]);
	return pxl_builtin_portal(sc, NULL);
}

static const struct pxl_provider_ops builtin_ops = {
	.start = builtin_start,
	.stop = builtin_stop,
	.addr = builtin_addr,
};

/** pxl_provider_builtin - pxelab's own DHCP, TFTP and iSCSI servers (it expresses every policy) */
const struct pxl_provider pxl_provider_builtin = { &builtin_ops, { NULL } };
