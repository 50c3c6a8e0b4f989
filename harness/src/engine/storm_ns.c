/* storm_ns.c - the storm initiators' network namespace: its TAP on the run's LAN, sockets made inside it
 *
 * The synthetic clients' iSCSI stages need a real TCP stack.  They get the
 * kernel's, in a private network namespace of their own (servers/netns.c,
 * not the external servers' one: a target in that namespace would be
 * reached over its loopback, not the LAN) whose TAP is one more port of
 * the run's segment (net/tap_port.c).  So every iSCSI PDU crosses the
 * same segment, libslirp and target a QEMU client's does, as TCP from the
 * namespace's one address.  The sockets are made in the namespace by a
 * child (pxl_netns_sockd_start()) and used here.
 */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/addr.h"
#include "core/util.h"
#include "net/tap_port.h"
#include "servers/external.h"
#include "engine/engine_priv.h"

/**
 * raise_nofile() - the soft open-file limit up to the hard one (a socket per client, and libslirp's)
 */
static void raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/**
 * pxl_storm_ns_start() - the namespace, its TAP on the LAN, the socket maker in it
 * @e:  engine (set up: loop, segment)
 * @ns: out (pxl_storm_ns_stop() it, also after a failure)
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message.
 */
int pxl_storm_ns_start(struct pxl_eng *e, struct pxl_storm_ns *ns, char *err, size_t errlen)
{
	char why[512], ip[PXL_IP_STR];
	unsigned prefix;
	uint32_t addr = pxl_storm_ns_addr(e->sc, &prefix);
	int rc;

	memset(ns, 0, sizeof(*ns));
	ns->ns.tap_fd = ns->ns.user_fd = ns->ns.net_fd = ns->ns.mnt_fd = ns->sockd.sock = -1;
	ns->sockd.pid = -1;
	if (!addr)
		return pxl_err(err, errlen, "no free address in the LAN for the synthetic clients' iSCSI "
			       "initiators (.253, .252, .251, .250 and .6 are taken)");
	raise_nofile();
	if (pxl_netns_create(&ns->ns, addr, prefix, NULL, 0, why, sizeof(why)))
		return pxl_err(err, errlen, "cannot create the namespace of the clients' iSCSI initiators: %s", why);
	ns->addr = addr;
	ns->tap = pxl_tap_port_new(e->loop, e->seg, ns->ns.tap_fd, "storm-tcp", &rc);
	ns->ns.tap_fd = -1;	/* the port owns it now */
	if (!ns->tap)
		return pxl_err(err, errlen, "cannot plug the initiators' TAP (%s) into the LAN: %s",
			       pxl_ip_str(addr, ip), strerror(-rc));
	if (pxl_netns_sockd_start(&ns->ns, &ns->sockd, why, sizeof(why)))
		return pxl_err(err, errlen, "initiators' namespace: %s", why);
	return 0;
}

/**
 * pxl_storm_ns_socket() - a non-blocking TCP socket inside the namespace (pxl_storm_config.tcp_socket), from a batch made ahead
 * @ctx: struct pxl_storm_ns
 *
 * Return: the fd, or -errno.
 */
int pxl_storm_ns_socket(void *ctx)
{
	struct pxl_storm_ns *ns = ctx;
	int n;

	if (!ns->npool) {
		n = pxl_netns_sockets(&ns->sockd, SOCK_STREAM | SOCK_NONBLOCK, ns->pool, PXL_NETNS_SOCK_BATCH);
		if (n < 0)
			return n;
		ns->npool = (size_t)n;
	}
	return ns->pool[--ns->npool];
}

/**
 * pxl_storm_ns_stop() - the socket maker ends, the TAP leaves the LAN, the namespace goes (safe twice)
 * @ns: namespace
 */
void pxl_storm_ns_stop(struct pxl_storm_ns *ns)
{
	while (ns->npool)
		close(ns->pool[--ns->npool]);
	pxl_netns_sockd_stop(&ns->sockd);
	pxl_tap_port_free(ns->tap);
	ns->tap = NULL;
	pxl_netns_close(&ns->ns);
}
