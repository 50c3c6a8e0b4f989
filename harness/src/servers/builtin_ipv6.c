/* builtin_ipv6.c - a scenario's lan6 line and dhcp6 block on the segment: pxelab's IPv6 side and its DHCPv6 server
 *
 * `lan6 PREFIX/64 ...` becomes a struct pxl_lan6 (router advertisements,
 * neighbour answers, IPv6 UDP to the services; the IPv4 services at the
 * gateway, TFTP among them, also answer at PREFIX::host), `dhcp6 builtin`
 * a struct dhcp6_server on UDP 547 whose replies go back to the sender's
 * link-local address from pxelab's own.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/be.h"
#include "core/util.h"
#include "net/lan6.h"
#include "servers/builtin_priv.h"
#include "servers/dhcp_policy.h"
#include "servers/ipv6.h"
#include "services/dhcp6/dhcp6_server.h"

/**
 * struct pxl_ipv6_run - the IPv6 side of one run
 * @lan: pxelab on the LAN's IPv6 (NULL without a lan6 line)
 * @dhcp6: the DHCPv6 server (NULL without a dhcp6 block)
 * @rules: its policy (owned)
 * @reply: scratch reply
 */
struct pxl_ipv6_run {
	struct pxl_lan6 *lan;
	struct dhcp6_server *dhcp6;
	struct dhcp_rule *rules;
	struct dhcp6_build reply;
};

/**
 * pxl_ipv6_mac() - the link address pxelab's IPv6 side answers with
 * @sc:  scenario
 * @mac: out: 52:56 and the gateway's four bytes (libslirp's own scheme
 *       uses 52:55 for its IPv4 addresses)
 */
void pxl_ipv6_mac(const struct scenario *sc, uint8_t mac[6])
{
	pxl_segment_mac_for(pxl_builtin_gateway(sc), mac);
	mac[1] = 0x56;
}

/** ipv6_dhcp_input() - a datagram to UDP 547: serve it, answer the sender from the link-local address */
static void ipv6_dhcp_input(void *arg, const struct pxl_dgram6 *dg)
{
	struct pxl_ipv6_run *r = arg;
	struct pxl_dgram6 out = { .sport = DHCP6_SERVER_PORT };

	if (!dhcp6_server_input_ll(r->dhcp6, dg->data, dg->len, dg->mac, pxl_now_ns(), &r->reply))
		return;
	memcpy(out.dst, dg->src, 16);
	out.dport = dg->sport;
	memcpy(out.mac, dg->mac, 6);
	out.data = r->reply.buf;
	out.len = r->reply.len;
	pxl_lan6_send(r->lan, &out);
}

/**
 * ipv6_lan_config() - the lan6 line as a struct pxl_lan6_config
 * @sc:  scenario
 * @cfg: out
 */
static void ipv6_lan_config(const struct scenario *sc, struct pxl_lan6_config *cfg)
{
	enum scn_ra ra = sc->lan6.ra;

	memset(cfg, 0, sizeof(*cfg));
	memcpy(cfg->prefix, sc->lan6.prefix, 16);
	scn_lan6_addr(sc, cfg->addr);
	pxl_ipv6_mac(sc, cfg->mac);
	cfg->alias4 = pxl_builtin_gateway(sc);
	cfg->managed = ra == SCN_RA_MANAGED;
	cfg->other = ra == SCN_RA_MANAGED || ra == SCN_RA_OTHER;
	cfg->autoconf = ra != SCN_RA_MANAGED;
	cfg->ra_off = ra == SCN_RA_OFF;
	cfg->router_lifetime = (uint32_t)(sc->lan6.router_lifetime / PXL_NS_PER_SEC);
}

/**
 * ipv6_dhcp_start() - the dhcp6 block's server on UDP 547
 * @env: the run
 * @r:   the IPv6 side (its lan made)
 *
 * Return: 0, or -1 with env->error set.
 */
static int ipv6_dhcp_start(const struct pxl_server_env *env, struct pxl_ipv6_run *r)
{
	const struct scenario *sc = env->sc;
	struct dhcp6_config cfg = { .preference = 255 };
	char why[200];
	int rc;

	if (pxl_dhcp_rules_make(sc, &sc->dhcp6.pol, &r->rules, env->error, env->errlen))
		return -1;
	scn_lan6_addr(sc, cfg.server_addr);
	pxl_ipv6_mac(sc, cfg.server_mac);
	memcpy(cfg.pool_start, sc->dhcp6.pool_start, 16);
	cfg.pool_size = pxl_get_be32(sc->dhcp6.pool_end + 12) - pxl_get_be32(sc->dhcp6.pool_start + 12) + 1;
	cfg.preferred = (uint32_t)(sc->dhcp6.pol.lease / PXL_NS_PER_SEC);
	cfg.valid = 2 * cfg.preferred;
	cfg.rules = r->rules;
	cfg.n_rules = sc->dhcp6.pol.nrules;
	if (dhcp6_config_check(&cfg, why, sizeof(why)))
		return pxl_err(env->error, env->errlen, "%s:%u: the DHCPv6 server refused this configuration: %s",
			       sc->file, sc->dhcp6.pol.loc.line, why);
	r->dhcp6 = dhcp6_server_new(&cfg, env->events);
	if (!r->dhcp6)
		return pxl_err(env->error, env->errlen, "cannot start the DHCPv6 server: %s", strerror(errno));
	rc = pxl_lan6_udp_attach(r->lan, DHCP6_SERVER_PORT, ipv6_dhcp_input, r);
	return rc ? pxl_err(env->error, env->errlen, "cannot attach the DHCPv6 server to the LAN: %s", strerror(-rc)) : 0;
}

/**
 * pxl_ipv6_start() - pxelab's IPv6 side of the run, and its DHCPv6 server
 * @env: the run
 * @out: out: the IPv6 side (NULL without a lan6 line), set as soon as
 *       there is something to stop
 *
 * Return: 0, or -1 with env->error set.
 */
int pxl_ipv6_start(const struct pxl_server_env *env, struct pxl_ipv6_run **out)
{
	struct pxl_lan6_config cfg;
	struct pxl_ipv6_run *r;

	*out = NULL;
	if (!env->sc->lan6.given)
		return 0;
	r = calloc(1, sizeof(*r));
	*out = r;
	if (!r)
		return pxl_err(env->error, env->errlen, "out of memory");
	ipv6_lan_config(env->sc, &cfg);
	r->lan = pxl_lan6_new(env->loop, env->seg, &cfg);
	if (!r->lan)
		return pxl_err(env->error, env->errlen, "out of memory");
	if (env->sc->dhcp6.pol.kind == SCN_SRV_BUILTIN)
		return ipv6_dhcp_start(env, r);
	return 0;
}

/**
 * pxl_ipv6_stats() - what the IPv6 side did (zeros without one)
 * @r:  the IPv6 side, or NULL
 * @st: out
 */
void pxl_ipv6_stats(const struct pxl_ipv6_run *r, struct pxl_lan6_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (r && r->lan)
		pxl_lan6_get_stats(r->lan, st);
}

/**
 * pxl_ipv6_peer_addr() - the IPv6 address an IPv4 service's handle address stands for
 * @r:      the IPv6 side (NULL: none)
 * @handle: the address the service saw
 * @out:    the peer's IPv6 address
 *
 * Return: 0, or -ENOENT when @handle is an ordinary IPv4 address.
 */
int pxl_ipv6_peer_addr(const struct pxl_ipv6_run *r, uint32_t handle, uint8_t out[16])
{
	return r ? pxl_lan6_peer_addr(r->lan, handle, out) : -ENOENT;
}

/** pxl_ipv6_stop() - stop the DHCPv6 server and the IPv6 side (NULL is fine) */
void pxl_ipv6_stop(struct pxl_ipv6_run *r)
{
	if (!r)
		return;
	dhcp6_server_free(r->dhcp6);
	pxl_lan6_free(r->lan);
	free(r->rules);
	free(r);
}
