/* provider.h - the one interface of every DHCP, TFTP and iSCSI server a run can use, and what the engine gives them
 *
 * Each row of lang/server_kinds.def (builtin, slirp, dnsmasq, kea, ...) is
 * bound to a struct pxl_provider, defined in the kind's own file.  The
 * engine fills a struct pxl_server_env and calls pxl_servers_start() /
 * pxl_servers_stop(); those pick the providers the scenario (and the
 * command line's swaps) need and start them in order.  `pxelab compare`
 * asks pxl_servers_cannot() and pxl_servers_available() before a run.
 * Nothing here knows the engine.
 */
#ifndef PXL_PROVIDER_H
#define PXL_PROVIDER_H

#include <stddef.h>
#include <stdint.h>

#include "core/loop.h"
#include "net/segment.h"
#include "net/slirp_port.h"
#include "net/transport.h"
#include "lang/scenario.h"

/**
 * struct pxl_peer_opts - choices the command line makes about external servers
 * @dhcp_conf: the user's own configuration for the external DHCP server
 *             (a template: @NAME@ placeholders are expanded), or NULL
 * @dhcp6:     a DHCPv6 server that replaces the scenario's (a SCN_SWAP_DHCP6 kind;
 *             pxl_peer_copy_make() applies it), SCN_SRV_NONE for the scenario's
 * @tftp:      a TFTP server that replaces the scenario's (a SCN_SWAP_TFTP kind, or builtin;
 *             pxl_peer_copy_make() applies it), SCN_SRV_NONE for the scenario's
 * @http:      an HTTP server that replaces the scenario's (a SCN_SWAP_HTTP kind, or builtin),
 *             SCN_SRV_NONE for the scenario's
 * @userns:    use a user namespace even when running as root
 */
struct pxl_peer_opts {
	const char *dhcp_conf;
	enum scn_server dhcp6;
	enum scn_server tftp;
	enum scn_server http;
	int userns;
};

/**
 * struct pxl_server_env - what the engine gives the servers of one run (it outlives them)
 * @sc:        the scenario
 * @loop:      the run's event loop
 * @seg:       the LAN segment
 * @slirp:     libslirp on the segment (the LAN's router)
 * @tmpdir:    the run's private temporary folder
 * @tftp_root: the run's TFTP root in @tmpdir ("" when the scenario has no tftp line)
 * @http_root: the run's HTTP root in @tmpdir ("" when the scenario has no http line)
 * @rundir:    the run's reports folder (servers' logs go there)
 * @t0:        the run's start (monotonic ns)
 * @peers:     command-line choices about external servers, or NULL
 * @events:    where servers report what they did (the engine's events.log)
 * @error:     receives why a start failed
 * @errlen:    its size
 * @hint:      advice the engine appends to stage failures ("the image is too small ...");
 *             also written during the run (an external server that exited)
 * @hintlen:   its size
 */
struct pxl_server_env {
	const struct scenario *sc;
	struct pxl_loop *loop;
	struct pxl_segment *seg;
	struct pxl_slirp *slirp;
	const char *tmpdir;
	const char *tftp_root;
	const char *http_root;
	const char *rundir;
	uint64_t t0;
	const struct pxl_peer_opts *peers;
	struct pxl_event_sink events;
	char *error;
	size_t errlen;
	char *hint;
	size_t hintlen;
};

struct pxl_servers;
struct pxl_provider;
struct pxl_peer_server;

/**
 * struct pxl_provider_ops - what every server kind implements
 * @start:     serve @role for the run; *@inst is set as soon as there is
 *             something to stop, also when the start fails.  Return: 0, or
 *             -1 with env->error set.  NULL: nothing to start (libslirp's
 *             servers, switched on with libslirp itself)
 * @stop:      stop and free what @start made (@inst may be NULL); NULL: nothing to stop
 * @addr:      the address it serves @role on in @sc's LAN
 * @cannot:    what it cannot express of @sc's DHCP policy (@role SCN_ROLE_DHCP) or
 *             DHCPv6 policy (SCN_ROLE_DHCP6): "cannot express: ..." lines into @buf
 *             ("" when all can); NULL when it expresses everything.
 *             Return: the number of lines
 * @available: can this machine run it for @role (is its program installed)?
 *             NULL when always.  Return: 0, or -1 with the reason in @why
 * @netns:     it runs in the run's private network namespace: such servers
 *             start after the in-process ones, and need TUN/TAP
 */
struct pxl_provider_ops {
	int (*start)(struct pxl_servers *run, const struct pxl_provider *pv, enum scn_role role, void **inst);
	void (*stop)(const struct pxl_provider *pv, enum scn_role role, void *inst);
	uint32_t (*addr)(const struct pxl_provider *pv, const struct scenario *sc, enum scn_role role);
	int (*cannot)(const struct pxl_provider *pv, const struct scenario *sc, enum scn_role role, char *buf,
		      size_t len);
	int (*available)(const struct pxl_provider *pv, enum scn_role role, char *why, size_t len);
	int netns;
};

/**
 * struct pxl_provider - one server kind's implementation (its name and roles are its row of the table)
 * @ops:     how it starts, stops and answers
 * @program: for external servers, the program that serves each role (servers/external_priv.h)
 */
struct pxl_provider {
	const struct pxl_provider_ops *ops;
	const struct pxl_peer_server *program[SCN_NROLES];
};

/* providers.c: the kinds bound to their providers; the servers of one run */
const struct pxl_provider *pxl_provider_of(enum scn_server kind);
uint32_t pxl_server_addr(enum scn_server kind, enum scn_role role, const struct scenario *sc);
int pxl_servers_start(const struct pxl_server_env *env, struct pxl_servers **out);
void pxl_servers_stop(struct pxl_servers *run);
int pxl_servers_cannot(const struct scenario *sc, char *buf, size_t len);
int pxl_servers_available(const struct scenario *sc, char *why, size_t len);

/* netns_stats.c: what the external servers' namespace counted */
int pxl_servers_udp_drops(const struct pxl_servers *run, unsigned long *drops);

#endif /* PXL_PROVIDER_H */
