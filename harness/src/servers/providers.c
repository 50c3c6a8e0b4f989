/* providers.c - the server kinds bound to their providers; which servers a run starts, in what order
 *
 * A run needs its scenario's DHCP and TFTP servers (a TFTP server the
 * command line swaps in replaces the scenario's: pxl_peer_copy_make() puts
 * it in the scenario copy the run gets), and one iSCSI target server per kind
 * its targets name.  pxelab's in-process servers start first (DHCP, TFTP,
 * iSCSI: the order pxelab always used), then those of the private
 * namespace: TFTP, iSCSI and HTTP before DHCP, so that no client is answered
 * before the servers the answer names are up.  They stop in reverse, then
 * the namespace closes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "servers/external_priv.h"
#include "servers/servers_priv.h"

/** providers - each kind's provider, index = enum scn_server (lang/server_kinds.def) */
static const struct pxl_provider *const providers[SCN_SRV_COUNT] = {
	[SCN_SRV_NONE] = NULL,
#define SERVER_KIND(id, name, provider, roles) [SCN_SRV_##id] = &pxl_provider_##provider,
#include "lang/server_kinds.def"
#undef SERVER_KIND
};

/**
 * struct pxl_pick - a server a run needs
 * @kind: which
 * @role: for what
 */
struct pxl_pick {
	enum scn_server kind;
	enum scn_role role;
};

/** pxl_provider_of() - Return: the provider of a kind, or NULL (SCN_SRV_NONE, out of range) */
const struct pxl_provider *pxl_provider_of(enum scn_server kind)
{
	return (unsigned)kind < SCN_SRV_COUNT ? providers[kind] : NULL;
}

/**
 * pxl_server_addr() - the address a kind serves a role on in a scenario's LAN
 * @kind: server kind
 * @role: role
 * @sc: scenario
 *
 * Return: the address, host order, or 0 when the kind does not say.
 */
uint32_t pxl_server_addr(enum scn_server kind, enum scn_role role, const struct scenario *sc)
{
	const struct pxl_provider *pv = pxl_provider_of(kind);

	return pv && pv->ops->addr ? pv->ops->addr(pv, sc, role) : 0;
}

/**
 * plan() - the servers a run needs, in role order
 * @sc: scenario
 * @out: out (room for PXL_RUN_MAX_SERVERS)
 *
 * Return: the number of servers.
 */
static size_t plan(const struct scenario *sc, struct pxl_pick *out)
{
	size_t n = 0, i, k;

	if (sc->dhcp.kind != SCN_SRV_NONE)
		out[n++] = (struct pxl_pick){ sc->dhcp.kind, SCN_ROLE_DHCP };
	if (sc->tftp.kind != SCN_SRV_NONE)
		out[n++] = (struct pxl_pick){ sc->tftp.kind, SCN_ROLE_TFTP };
	if (sc->http.kind != SCN_SRV_NONE)
		out[n++] = (struct pxl_pick){ sc->http.kind, SCN_ROLE_HTTP };
	/* pxelab's own DHCPv6 server is part of its IPv6 side (servers/builtin_ipv6.c), started by the engine */
	if (sc->dhcp6.pol.kind != SCN_SRV_NONE && sc->dhcp6.pol.kind != SCN_SRV_BUILTIN)
		out[n++] = (struct pxl_pick){ sc->dhcp6.pol.kind, SCN_ROLE_DHCP6 };
	for (k = SCN_SRV_NONE + 1; k < SCN_SRV_COUNT; k++) {
		for (i = 0; i < sc->ntargets && sc->targets[i].kind != k; i++)
			;
		if (i < sc->ntargets)
			out[n++] = (struct pxl_pick){ (enum scn_server)k, SCN_ROLE_ISCSI };
	}
	return n;
}

/**
 * start_one() - start one server of the plan, recording it for pxl_servers_stop()
 * @run: the run's servers
 * @pk: which
 *
 * Return: 0, or -1 with the run's error set.
 */
static int start_one(struct pxl_servers *run, const struct pxl_pick *pk)
{
	const struct pxl_provider *pv = providers[pk->kind];
	struct pxl_started *st = &run->started[run->n++];

	st->pv = pv;
	st->role = pk->role;
	st->inst = NULL;
	return pv->ops->start ? pv->ops->start(run, pv, pk->role, &st->inst) : 0;
}

/**
 * pxl_servers_start() - start every server a run needs
 * @env: the run (it must outlive the servers)
 * @out: out: the servers (pxl_servers_stop() them, also after a failure)
 *
 * Return: 0, or -1 with env->error set.
 */
int pxl_servers_start(const struct pxl_server_env *env, struct pxl_servers **out)
{
	static const struct { int netns; enum scn_role role; } order[] = {
		{ 0, SCN_ROLE_DHCP }, { 0, SCN_ROLE_TFTP }, { 0, SCN_ROLE_ISCSI }, { 0, SCN_ROLE_HTTP },
		{ 1, SCN_ROLE_TFTP }, { 1, SCN_ROLE_ISCSI }, { 1, SCN_ROLE_HTTP }, { 1, SCN_ROLE_DHCP },
		{ 1, SCN_ROLE_DHCP6 },
	};
	struct pxl_pick picks[PXL_RUN_MAX_SERVERS];
	size_t np = plan(env->sc, picks), s, i;
	struct pxl_servers *run = calloc(1, sizeof(*run));

	*out = run;
	if (!run) {
		return pxl_err(env->error, env->errlen, "out of memory");
	}
	run->env = env;
	for (s = 0; s < ARRAY_SIZE(order); s++)
		for (i = 0; i < np; i++)
			if (picks[i].role == order[s].role && providers[picks[i].kind]->ops->netns == order[s].netns &&
			    start_one(run, &picks[i]))
				return -1;
	return 0;
}

/**
 * pxl_servers_stop() - stop a run's servers in reverse order, then close the namespace (NULL is fine)
 * @run: the servers
 */
void pxl_servers_stop(struct pxl_servers *run)
{
	size_t i;

	if (!run)
		return;
	for (i = run->n; i-- > 0;) {
		const struct pxl_started *st = &run->started[i];

		if (st->pv->ops->stop)
			st->pv->ops->stop(st->pv, st->role, st->inst);
	}
	pxl_peers_close(run->peers);
	free(run);
}

/**
 * pxl_servers_cannot() - what the scenario's DHCP and DHCPv6 servers cannot express of their policies
 * @sc: scenario
 * @buf: out: "cannot express: ..." lines ("" when everything can be expressed)
 * @len: its size
 *
 * Return: the number of lines.
 */
int pxl_servers_cannot(const struct scenario *sc, char *buf, size_t len)
{
	const struct { enum scn_server kind; enum scn_role role; } asks[] = {
		{ sc->dhcp.kind, SCN_ROLE_DHCP }, { sc->dhcp6.pol.kind, SCN_ROLE_DHCP6 },
	};
	size_t i, used;
	int n = 0;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(asks); i++) {
		const struct pxl_provider *pv = pxl_provider_of(asks[i].kind);

		used = strlen(buf);
		if (pv && pv->ops->cannot && used < len)
			n += pv->ops->cannot(pv, sc, asks[i].role, buf + used, len - used);
	}
	return n;
}

/**
 * pxl_servers_available() - can this machine run the servers a scenario needs?
 * @sc: scenario (a copy from pxl_peer_copy_make() when the command line swaps servers)
 * @why, @len: message buffer
 *
 * Return: 0, or -1 with the reason (a missing program, or TUN/TAP for the namespace).
 */
int pxl_servers_available(const struct scenario *sc, char *why, size_t len)
{
	struct pxl_pick picks[PXL_RUN_MAX_SERVERS];
	size_t np = plan(sc, picks), i;
	int netns = 0;

	for (i = 0; i < np; i++) {
		const struct pxl_provider *pv = providers[picks[i].kind];

		if (pv->ops->available && pv->ops->available(pv, picks[i].role, why, len))
			return -1;
		netns |= pv->ops->netns;
	}
	if (netns && access("/dev/net/tun", F_OK)) {
		return pxl_err(why, len, "/dev/net/tun is missing: external servers need TUN/TAP (modprobe tun)");
	}
	return 0;
}
