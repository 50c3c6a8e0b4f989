/* external.c - external DHCP, TFTP and iSCSI servers in a private namespace, for one engine run
 *
 * The engine calls pxl_peers_start() after its builtin services: when the
 * scenario's DHCP server is dnsmasq, Kea, ISC dhcpd or udhcpd, when a
 * target is `iscsi tgt`, or when the command line swapped in a real TFTP
 * server, a private namespace is made (netns.c), its TAP becomes a port of
 * the segment (net/tap_port.c) and the servers start inside it: TFTP and
 * iSCSI first, DHCP last, each ready (its port bound) before the clients
 * boot.  pxl_peers_stop() stops every one by PID and closes the namespace.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "servers/external_priv.h"
#include "engine/engine_priv.h"

/** dhcp_names - what users type for each DHCP kind, index = enum scn_dhcp_kind */
static const char *const dhcp_names[] = {
	[SCN_DHCP_NONE] = "none", [SCN_DHCP_BUILTIN] = "builtin", [SCN_DHCP_SLIRP] = "slirp",
	[SCN_DHCP_DNSMASQ] = "dnsmasq", [SCN_DHCP_KEA] = "kea", [SCN_DHCP_ISC] = "isc-dhcpd",
	[SCN_DHCP_UDHCPD] = "udhcpd",
};

/**
 * pxl_peers_dhcp_kind() - a DHCP server name as a scenario dhcp kind
 * @name: "builtin", "slirp", "dnsmasq", "kea", "isc-dhcpd", "udhcpd"
 * @kind: out
 *
 * Return: 0, or -EINVAL for an unknown name.
 */
int pxl_peers_dhcp_kind(const char *name, enum scn_dhcp_kind *kind)
{
	size_t i;

	for (i = SCN_DHCP_BUILTIN; i < ARRAY_SIZE(dhcp_names); i++) {
		if (!strcmp(name, dhcp_names[i])) {
			*kind = (enum scn_dhcp_kind)i;
			return 0;
		}
	}
	return -EINVAL;
}

/** pxl_peers_dhcp_name() - Return: the name of a DHCP kind ("?" if unknown) */
const char *pxl_peers_dhcp_name(enum scn_dhcp_kind kind)
{
	return (size_t)kind < ARRAY_SIZE(dhcp_names) ? dhcp_names[kind] : "?";
}

/**
 * pxl_peers_tftp_kind() - a TFTP server name
 * @name: "builtin" (the scenario's), "tftpd-hpa" or "dnsmasq"
 * @kind: out
 *
 * Return: 0, or -EINVAL.
 */
int pxl_peers_tftp_kind(const char *name, enum pxl_tftp_peer *kind)
{
	if (!strcmp(name, "builtin") || !strcmp(name, "scenario"))
		*kind = PXL_TFTP_PEER_NONE;
	else if (!strcmp(name, "tftpd-hpa"))
		*kind = PXL_TFTP_PEER_HPA;
	else if (!strcmp(name, "dnsmasq"))
		*kind = PXL_TFTP_PEER_DNSMASQ;
	else
		return -EINVAL;
	return 0;
}

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
		if (sc->targets[i].kind == SCN_ISCSI_BUILTIN && sc->targets[i].addr == a)
			return 1;
	return 0;
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
		if (sc->targets[i].kind == SCN_ISCSI_TGT && sc->targets[i].addr)
			return sc->targets[i].addr;
	pxl_peer_env_init(&env, sc, 0);
	for (i = 0; i < sizeof(hosts); i++)
		if (!addr_taken(sc, env.net | hosts[i]))
			return env.net | hosts[i];
	return env.net | 5;
}

/**
 * pxl_peers_cannot() - what the scenario's DHCP server cannot express of its policy
 * @sc: scenario
 * @buf: out: "cannot express: ..." lines ("" when everything can be expressed)
 * @len: its size
 *
 * Return: the number of lines.
 */
int pxl_peers_cannot(const struct scenario *sc, char *buf, size_t len)
{
	const struct pxl_peer_server *srv = pxl_peer_server_dhcp(sc->dhcp.kind);
	struct pxl_buf rules = { 0 }, cannot = { 0 };
	struct pxl_peer_env env;
	const char *s;
	int n = 0;

	if (len)
		buf[0] = '\0';
	if (!srv || !srv->translate)
		return 0;
	pxl_peer_env_init(&env, sc, pxl_peers_addr(sc));
	srv->translate(&env, &rules, &cannot);
	for (s = pxl_buf_str(&cannot); *s; s++)
		n += *s == '\n';
	snprintf(buf, len, "%s", pxl_buf_str(&cannot));
	pxl_buf_free(&rules);
	pxl_buf_free(&cannot);
	return n;
}

/**
 * need_program() - is the program of a server installed?
 * @name: server name
 * @why, @len: message buffer
 *
 * Return: 0, or -1 with a message naming the Debian package.
 */
static int need_program(const char *name, char *why, size_t len)
{
	const struct pxl_peer_server *srv = pxl_peer_server_find(name);
	char path[PATH_MAX];

	if (!srv || !srv->program || pxl_peer_program(srv, path, sizeof(path)))
		return 0;
	snprintf(why, len, "%s is not installed (%s, Debian package %s: make deps)", name, srv->program, srv->package);
	return -1;
}

/**
 * pxl_peers_available() - can this machine run the external servers a scenario needs?
 * @sc: scenario
 * @o: command-line choices, or NULL
 * @why, @len: message buffer
 *
 * Return: 0, or -1 with the reason (a missing program or TUN/TAP).
 */
int pxl_peers_available(const struct scenario *sc, const struct pxl_peer_opts *o, char *why, size_t len)
{
	const struct pxl_peer_server *dhcp = pxl_peer_server_dhcp(sc->dhcp.kind);
	int tftp = o ? (int)o->tftp : PXL_TFTP_PEER_NONE;
	int ns = (dhcp && dhcp->command) || tftp;
	size_t i;

	if (dhcp && need_program(dhcp->name, why, len))
		return -1;
	if ((tftp == PXL_TFTP_PEER_HPA && need_program("tftpd-hpa", why, len)) ||
	    (tftp == PXL_TFTP_PEER_DNSMASQ && need_program("dnsmasq-tftp", why, len)))
		return -1;
	for (i = 0; i < sc->ntargets; i++)
		if (sc->targets[i].kind == SCN_ISCSI_TGT && (ns = 1) && need_program("tgt", why, len))
			return -1;
	if (ns && access("/dev/net/tun", F_OK)) {
		snprintf(why, len, "/dev/net/tun is missing: external servers need TUN/TAP (modprobe tun)");
		return -1;
	}
	return 0;
}

/**
 * start_server() - prepare and start one server of the table
 * @p: external servers
 * @name: its name
 * @own_conf: the user's configuration, or NULL
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message.
 */
static int start_server(struct pxl_peers *p, const char *name, const char *own_conf, char *err, size_t errlen)
{
	const struct pxl_peer_server *srv = pxl_peer_server_find(name);
	struct pxl_peer_launch *l = calloc(1, sizeof(*l));
	char prog[PATH_MAX];
	int rc = -1;

	if (!l || !srv) {
		snprintf(err, errlen, "out of memory");
		free(l);
		return -1;
	}
	if (need_program(name, err, errlen) || pxl_launch_prepare(p, srv, l, own_conf, err, errlen))
		goto out;
	pxl_launch_arg(l, "%s", pxl_peer_program(srv, prog, sizeof(prog)));
	if ((rc = srv->command(l))) {
		snprintf(err, errlen, "cannot prepare %s in %s: %s", name, l->dir, strerror(-rc));
		rc = -1;
		goto out;
	}
	rc = pxl_launch_start(p, srv, l, err, errlen);
out:
	free(l);
	return rc;
}

/**
 * peers_setup() - namespace, TAP port and folder
 * @p: external servers
 * @userns: force a user namespace
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message.
 */
static int peers_setup(struct pxl_peers *p, int userns, char *err, size_t errlen)
{
	struct pxl_eng *e = p->e;
	struct pxl_peer_env env;
	char why[512], rel[PATH_MAX];
	int rc;

	snprintf(rel, sizeof(rel), "%s/peers", e->tmpdir);
	if ((mkdir(rel, 0755) && errno != EEXIST) || !realpath(rel, p->dir)) {
		snprintf(err, errlen, "cannot create %s: %s", rel, strerror(errno));
		return -1;
	}
	if (e->tftp_root[0] && !realpath(e->tftp_root, p->tftp_root)) {
		snprintf(err, errlen, "cannot find the TFTP root %s: %s", e->tftp_root, strerror(errno));
		return -1;
	}
	pxl_peer_env_init(&env, e->sc, 0);
	if (pxl_netns_create(&p->ns, pxl_peers_addr(e->sc), env.prefix, userns, why, sizeof(why))) {
		snprintf(err, errlen, "cannot create the private namespace for the external servers: %s", why);
		return -1;
	}
	p->tap = pxl_tap_port_new(e->loop, e->seg, p->ns.tap_fd, "netns", &rc);
	p->ns.tap_fd = -1; /* the port owns it now */
	if (!p->tap) {
		snprintf(err, errlen, "cannot plug the namespace's TAP into the LAN: %s", strerror(-rc));
		return -1;
	}
	return 0;
}

/**
 * pxl_peers_start() - start the run's external servers, if it has any
 * @e: engine (segment, loop, TFTP root and builtin services ready)
 *
 * Return: 0, or -1 with e->res->error set.
 */
int pxl_peers_start(struct pxl_eng *e)
{
	const struct pxl_peer_opts *o = e->opts->peers;
	const struct pxl_peer_server *dhcp = pxl_peer_server_dhcp(e->sc->dhcp.kind);
	enum pxl_tftp_peer tftp = o ? o->tftp : PXL_TFTP_PEER_NONE;
	char *err = e->res->error;
	size_t errlen = sizeof(e->res->error), i;
	struct pxl_peers *p;
	int tgt = 0;

	for (i = 0; i < e->sc->ntargets; i++)
		tgt |= e->sc->targets[i].kind == SCN_ISCSI_TGT;
	if (!(dhcp && dhcp->command) && !tftp && !tgt)
		return 0;
	p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	p->e = e;
	p->ns.tap_fd = p->ns.user_fd = p->ns.net_fd = p->ns.mnt_fd = -1;
	e->peers = p;
	if (tftp && !e->tftp_root[0]) {
		snprintf(err, errlen, "%s: the scenario has no tftp line: nothing for a real TFTP server to serve",
			 e->sc->file);
		return -1;
	}
	if (peers_setup(p, o && o->userns, err, errlen))
		return -1;
	if (tftp && start_server(p, tftp == PXL_TFTP_PEER_HPA ? "tftpd-hpa" : "dnsmasq-tftp", NULL, err, errlen))
		return -1;
	if (tgt && pxl_tgt_start(p, err, errlen))
		return -1;
	if (dhcp && dhcp->command && start_server(p, dhcp->name, o ? o->dhcp_conf : NULL, err, errlen))
		return -1;
	return 0;
}

/**
 * pxl_peers_stop() - stop every external server by PID, close the namespace (safe if never started)
 * @e: engine
 */
void pxl_peers_stop(struct pxl_eng *e)
{
	struct pxl_peers *p = e->peers;
	size_t i;

	if (!p)
		return;
	for (i = p->nprocs; i-- > 0;)
		pxl_proc_stop(&p->procs[i]);
	pxl_tap_port_free(p->tap);
	pxl_netns_close(&p->ns);
	free(p);
	e->peers = NULL;
}
