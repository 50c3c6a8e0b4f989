/* external.c - external DHCP, TFTP, iSCSI and HTTP servers in a private namespace: the provider operations they share
 *
 * Every external kind (dnsmasq, Kea, ISC dhcpd, udhcpd, tftpd-hpa, tgt, nginx, lighttpd)
 * binds its programs to pxl_peer_ops (tgt its own start).  The first
 * external server a run starts makes the private namespace (netns.c) and
 * plugs its TAP into the segment (net/tap_port.c); providers.c starts
 * them after pxelab's in-process servers: TFTP and iSCSI first, DHCP
 * last, each ready (its port bound) before the clients boot.
 * pxl_peers_close() stops every one by PID and closes the namespace.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "servers/external_priv.h"

/**
 * addr_taken() - is @a used by the LAN already (gateway, .3, .4, pool, reservations, targets)?
 * @sc: scenario
 * @a: address
 *
 * Return: 1 if so.
 */
static int addr_taken(const struct scenario *sc, uint32_t a)
{
	struct pxl_peer_env env;
	size_t i;

	pxl_peer_env_init(&env, sc, 0);
	if (a == env.gateway || a == (env.net | 3) || a == (env.net | 4) ||
	    (a >= env.pool_start && a <= env.pool_end))
		return 1;
	for (i = 0; i < sc->dhcp.nres; i++)
		if (sc->dhcp.res[i].addr == a)
			return 1;
	for (i = 0; i < sc->ntargets; i++)
		if (sc->targets[i].kind == SCN_SRV_BUILTIN && sc->targets[i].addr == a)
			return 1;
	return 0;
}

/**
 * pxl_peers_addr6() - the namespace interface's IPv6 address: the lan6 prefix and pxl_peers_addr()'s host part
 * @sc:  scenario (with a lan6 line)
 * @out: out (fd00::5)
 */
void pxl_peers_addr6(const struct scenario *sc, uint8_t out[16])
{
	scn_lan6_host(sc, pxl_peers_addr(sc), out);
}

/**
 * pxl_peers_addr() - the namespace interface's address in a scenario's LAN
 * @sc: scenario
 *
 * A `tgt` target with an address gives it; else x.x.x.5 (libslirp owns
 * .2 and .3, pxelab's iSCSI portal is .4), or the first of .6, .250-.253
 * that the pool and reservations leave free.
 * Return: the address, host order.
 */
uint32_t pxl_peers_addr(const struct scenario *sc)
{
	static const uint8_t hosts[] = { 5, 6, 250, 251, 252, 253 };
	struct pxl_peer_env env;
	size_t i;

	for (i = 0; i < sc->ntargets; i++)
		if (sc->targets[i].kind == SCN_SRV_TGT && sc->targets[i].addr)
			return sc->targets[i].addr;
	pxl_peer_env_init(&env, sc, 0);
	for (i = 0; i < sizeof(hosts); i++)
		if (!addr_taken(sc, env.net | hosts[i]))
			return env.net | hosts[i];
	return env.net | 5;
}

/**
 * pxl_storm_ns_addr() - an address for the storm initiators' namespace in a scenario's LAN
 * @sc:     scenario
 * @prefix: out: the LAN's prefix length
 *
 * The first of .253, .252, .251, .250, .6 that the LAN leaves free and the
 * external servers' namespace (pxl_peers_addr()) does not take.
 * Return: the address, host order, or 0 if none is free.
 */
uint32_t pxl_storm_ns_addr(const struct scenario *sc, unsigned *prefix)
{
	static const uint8_t hosts[] = { 253, 252, 251, 250, 6 };
	uint32_t peers = pxl_peers_addr(sc);
	struct pxl_peer_env env;
	size_t i;

	pxl_peer_env_init(&env, sc, 0);
	*prefix = env.prefix;
	for (i = 0; i < sizeof(hosts); i++)
		if ((env.net | hosts[i]) != peers && !addr_taken(sc, env.net | hosts[i]))
			return env.net | hosts[i];
	return 0;
}

/**
 * pxl_peer_translate_cannot() - what a DHCP server cannot express of a scenario's policy
 * @translate: the server's translator
 * @sc: scenario
 * @buf: out: "cannot express: ..." lines ("" when everything can be expressed)
 * @len: its size
 *
 * Return: the number of lines.
 */
int pxl_peer_translate_cannot(pxl_dhcp_translate_fn translate, const struct scenario *sc, char *buf, size_t len)
{
	struct pxl_buf rules = { 0 }, cannot = { 0 };
	struct pxl_peer_env env;
	const char *s;
	int n = 0;

	pxl_peer_env_init(&env, sc, pxl_peers_addr(sc));
	translate(&env, &rules, &cannot);
	for (s = pxl_buf_str(&cannot); *s; s++)
		n += *s == '\n';
	snprintf(buf, len, "%s", pxl_buf_str(&cannot));
	pxl_buf_free(&rules);
	pxl_buf_free(&cannot);
	return n;
}

/**
 * peer_cannot() - what an external DHCP or DHCPv6 server cannot express of a scenario's policy
 * @pv: its provider
 * @sc: scenario
 * @role: SCN_ROLE_DHCP or SCN_ROLE_DHCP6
 * @buf: out: "cannot express: ..." lines
 * @len: its size
 *
 * Return: the number of lines.
 */
static int peer_cannot(const struct pxl_provider *pv, const struct scenario *sc, enum scn_role role, char *buf,
		       size_t len)
{
	const struct pxl_peer_server *srv = pv->program[role];

	return srv && srv->translate ? pxl_peer_translate_cannot(srv->translate, sc, buf, len) : 0;
}

/**
 * need_program() - is the program of a server installed?
 * @srv: the server
 * @why, @len: message buffer
 *
 * Return: 0, or -1 with a message naming the Debian package.
 */
static int need_program(const struct pxl_peer_server *srv, char *why, size_t len)
{
	char path[PATH_MAX];

	if (!srv || !srv->program || pxl_peer_program(srv, path, sizeof(path)))
		return 0;
	return pxl_err(why, len, "%s is not installed (%s, Debian package %s: make deps)", srv->name, srv->program,
		 srv->package);
}

/**
 * pxl_peer_available() - is the program that serves @role installed?
 * @pv: provider
 * @role: role
 * @why, @len: message buffer
 *
 * Return: 0, or -1 with a message naming the Debian package.
 */
int pxl_peer_available(const struct pxl_provider *pv, enum scn_role role, char *why, size_t len)
{
	return need_program(pv->program[role], why, len);
}

/**
 * start_server() - prepare and start one program in the namespace
 * @p: the namespace
 * @srv: the program
 * @own_conf: the user's configuration, or NULL
 * @proc: out: its process (NULL when it did not start)
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message.
 */
static int start_server(struct pxl_peers *p, const struct pxl_peer_server *srv, const char *own_conf,
			struct pxl_peer_proc **proc, char *err, size_t errlen)
{
	struct pxl_peer_launch *l = calloc(1, sizeof(*l));
	char prog[PATH_MAX];
	int rc = -1;

	*proc = NULL;
	if (!l) {
		return pxl_err(err, errlen, "out of memory");
	}
	if (need_program(srv, err, errlen) || pxl_launch_prepare(p, srv, l, own_conf, err, errlen))
		goto out;
	pxl_launch_arg(l, "%s", pxl_peer_program(srv, prog, sizeof(prog)));
	if ((rc = srv->command(l))) {
		snprintf(err, errlen, "cannot prepare %s in %s: %s", srv->name, l->dir, strerror(-rc));
		rc = -1;
		goto out;
	}
	rc = pxl_launch_start(p, srv, l, err, errlen);
	if (!rc)
		*proc = &p->procs[p->nprocs - 1];
out:
	free(l);
	return rc;
}

/**
 * peers_setup() - namespace, TAP port and folder
 * @p: the namespace being made
 * @userns: force a user namespace
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message.
 */
static int peers_setup(struct pxl_peers *p, int userns, char *err, size_t errlen)
{
	const struct pxl_server_env *e = p->env;
	struct pxl_peer_env env;
	char why[512], rel[PATH_MAX];
	uint8_t addr6[16];
	int rc;

	snprintf(rel, sizeof(rel), "%s/peers", e->tmpdir);
	if ((mkdir(rel, 0755) && errno != EEXIST) || !realpath(rel, p->dir)) {
		return pxl_err(err, errlen, "cannot create %s: %s", rel, strerror(errno));
	}
	if (e->tftp_root[0] && !realpath(e->tftp_root, p->tftp_root)) {
		return pxl_err(err, errlen, "cannot find the TFTP root %s: %s", e->tftp_root, strerror(errno));
	}
	if (e->http_root && e->http_root[0] && !realpath(e->http_root, p->http_root)) {
		return pxl_err(err, errlen, "cannot find the HTTP root %s: %s", e->http_root, strerror(errno));
	}
	pxl_peer_env_init(&env, e->sc, 0);
	pxl_peers_addr6(e->sc, addr6);
	if (pxl_netns_create(&p->ns, pxl_peers_addr(e->sc), env.prefix, e->sc->lan6.given ? addr6 : NULL,
			     userns, why, sizeof(why))) {
		return pxl_err(err, errlen, "cannot create the private namespace for the external servers: %s", why);
	}
	p->tap = pxl_tap_port_new(e->loop, e->seg, p->ns.tap_fd, "netns", &rc);
	p->ns.tap_fd = -1; /* the port owns it now */
	if (!p->tap) {
		return pxl_err(err, errlen, "cannot plug the namespace's TAP into the LAN: %s", strerror(-rc));
	}
	return 0;
}

/**
 * pxl_peers_get() - the run's private namespace, made by the first external server that asks
 * @run: the run's servers
 *
 * Return: the namespace, or NULL with the run's error set.
 */
struct pxl_peers *pxl_peers_get(struct pxl_servers *run)
{
	const struct pxl_server_env *env = run->env;
	struct pxl_peers *p = run->peers;

	if (p)
		return p;
	p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(env->error, env->errlen, "out of memory");
		return NULL;
	}
	p->env = env;
	p->ns.tap_fd = p->ns.user_fd = p->ns.net_fd = p->ns.mnt_fd = -1;
	run->peers = p;
	return peers_setup(p, env->peers && env->peers->userns, env->error, env->errlen) ? NULL : p;
}

/**
 * pxl_peers_close() - stop every external server by PID, close the namespace (NULL is fine)
 * @p: the namespace
 */
void pxl_peers_close(struct pxl_peers *p)
{
	size_t i;

	if (!p)
		return;
	for (i = p->nprocs; i-- > 0;)
		pxl_proc_stop(&p->procs[i]);
	pxl_tap_port_free(p->tap);
	pxl_netns_close(&p->ns);
	free(p);
}

/**
 * peer_start() - start the program that serves @role in the run's namespace
 * @run: the run's servers
 * @pv: provider
 * @role: role
 * @inst: out: its process (struct pxl_peer_proc)
 *
 * Return: 0, or -1 with the run's error set.
 */
static int peer_start(struct pxl_servers *run, const struct pxl_provider *pv, enum scn_role role, void **inst)
{
	const struct pxl_server_env *env = run->env;
	const char *own = role == SCN_ROLE_DHCP && env->peers ? env->peers->dhcp_conf : NULL;
	static const char *const roles[SCN_NROLES] = { "DHCP", "TFTP", "iSCSI", "HTTP", "DHCPv6" };
	struct pxl_peer_proc *proc = NULL;
	struct pxl_peers *p;
	int rc;

	if (!pv->program[role]) {
		return pxl_err(env->error, env->errlen, "no program of this server serves %s", roles[role]);
	}
	if ((role == SCN_ROLE_TFTP && !env->tftp_root[0]) ||
	    (role == SCN_ROLE_HTTP && (!env->http_root || !env->http_root[0]))) {
		return pxl_err(env->error, env->errlen, "%s: the scenario has no %s line: nothing for a real %s server "
			       "to serve", env->sc->file, role == SCN_ROLE_TFTP ? "tftp" : "http", roles[role]);
	}
	p = pxl_peers_get(run);
	if (!p)
		return -1;
	rc = start_server(p, pv->program[role], own, &proc, env->error, env->errlen);
	*inst = proc;
	return rc;
}

/**
 * pxl_peer_stop() - stop an external server by PID (the namespace stays until pxl_peers_close())
 * @pv: provider
 * @role: role
 * @inst: its process, or NULL
 */
void pxl_peer_stop(const struct pxl_provider *pv, enum scn_role role, void *inst)
{
	if (inst)
		pxl_proc_stop(inst);
}

/**
 * pxl_peer_addr() - where external servers serve: the namespace's address
 * @pv: provider
 * @sc: scenario
 * @role: role
 *
 * Return: the address, host order.
 */
uint32_t pxl_peer_addr(const struct pxl_provider *pv, const struct scenario *sc, enum scn_role role)
{
	return pxl_peers_addr(sc);
}

/** pxl_peer_ops - how every external server but tgt starts, stops and answers */
const struct pxl_provider_ops pxl_peer_ops = {
	.start = peer_start,
	.stop = pxl_peer_stop,
	.addr = pxl_peer_addr,
	.cannot = peer_cannot,
	.available = pxl_peer_available,
	.netns = 1,
};
