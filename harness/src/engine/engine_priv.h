/* engine_priv.h - the engine's state, shared by its files (engine, setup, collect, faults_hooks) */
#ifndef PXL_ENGINE_PRIV_H
#define PXL_ENGINE_PRIV_H

#include <limits.h>
#include <stdio.h>

#include "core/loop.h"
#include "net/segment.h"
#include "net/slirp_port.h"
#include "qemu/qemu.h"
#include "servers/netns.h"
#include "servers/provider.h"
#include "servers/ipv6.h"
#include "engine/engine.h"
#include "wire/wire.h"

/**
 * struct pxl_eng_client - one client during a run
 * @eng: engine
 * @sc: its scenario description
 * @qcfg: its QEMU configuration
 * @workdir: private folder (QMP socket, VARS copy)
 * @console_log: where its console goes
 * @uuid: its SMBIOS UUID (given or derived by scn_client_uuid()); @qcfg.uuid points here
 * @qemu: the running QEMU
 * @judge: its stage walk
 * @line, @line_len: console line being assembled
 * @screenshot: failure screenshot path or ""
 * @qemu_status: how QEMU ended
 * @reported: stages already reported to the watch
 * @reported_end: the end of the walk was reported
 * @sent: the scenario's `on ... send` lines already fired for it (bit i: sends[i])
 * @alive: when it last sent a frame or printed (absolute ns), for `dead-end idle`
 */
struct pxl_eng_client {
	struct pxl_eng *eng;
	const struct scn_client *sc;
	struct pxl_qemu_config qcfg;
	char workdir[PATH_MAX];
	char console_log[PATH_MAX];
	char uuid[37];
	struct pxl_qemu *qemu;
	struct pxl_judge *judge;
	char line[2048];
	size_t line_len;
	char screenshot[PATH_MAX];
	char qemu_status[64];
	size_t reported;
	int reported_end;
	uint64_t sent;
	uint64_t alive;
};

/**
 * struct pxl_eng - one run
 * @sc, @opts, @res: scenario, options, results
 * @loop, @seg, @slirp, @wire: the LAN
 * @senv: what the servers are given (servers/provider.h)
 * @servers: the run's DHCP, TFTP and iSCSI servers
 * @ipv6: the IPv6 side (lan6 line, dhcp6 block), or NULL
 * @events: events.log, where the servers' events go
 * @cl, @ncl: clients
 * @idle_share: QEMU clients per host CPU (at least 1): the idle dead end waits that many times longer
 * @obs, @nobs, @cap: every observation so far
 * @scratch: an observation being built
 * @tick: deadline timer
 * @t0: run start (monotonic ns)
 * @tmpdir: private temporary folder of the run
 * @tftp_root: the TFTP root prepared in @tmpdir
 * @http_root: the HTTP root prepared in @tmpdir
 * @hint: advice appended to stage failures ("the image is too small ...")
 * @stall: iSCSI connections the wire saw stop inside a PDU (filled at teardown)
 * @robust: faults, hostile guest, TCP watch (faults_hooks.c)
 * @storm: the synthetic clients of `pxelab storm` (storm.c), or NULL
 * @on_event: also told every server event (storm.c), or NULL
 * @storm_ctx: storm.c's state
 */
struct pxl_eng {
	const struct scenario *sc;
	const struct pxl_run_opts *opts;
	struct pxl_run_result *res;
	struct pxl_loop *loop;
	struct pxl_segment *seg;
	struct pxl_slirp *slirp;
	struct pxl_wire *wire;
	struct pxl_server_env senv;
	struct pxl_servers *servers;
	struct pxl_ipv6_run *ipv6;
	FILE *events;
	struct pxl_eng_client *cl;
	size_t ncl;
	unsigned idle_share;
	struct pxl_obs *obs;
	size_t nobs;
	size_t cap;
	struct pxl_obs scratch;
	struct pxl_timer *tick;
	uint64_t t0;
	char tmpdir[PATH_MAX];
	char tftp_root[PATH_MAX];
	char http_root[PATH_MAX];
	char hint[512];
	char stall[768];
	struct pxl_eng_robust *robust;
	struct pxl_storm_port *storm;
	void (*on_event)(struct pxl_eng *e, const struct pxl_event *ev);
	void *storm_ctx;
};

struct pxl_storm_port;
struct pxl_tap_port;

/**
 * struct pxl_storm_ns - the storm initiators' namespace (storm_ns.c)
 * @ns:    the namespace
 * @tap:   its TAP, a port of the run's segment
 * @sockd: the child that makes sockets inside it
 * @addr:  its address, host order
 * @pool, @npool: sockets made ahead, a batch at a time
 */
struct pxl_storm_ns {
	struct pxl_netns ns;
	struct pxl_tap_port *tap;
	struct pxl_netns_sockd sockd;
	uint32_t addr;
	int pool[PXL_NETNS_SOCK_BATCH];
	size_t npool;
};

int pxl_storm_ns_start(struct pxl_eng *e, struct pxl_storm_ns *ns, char *err, size_t errlen);
int pxl_storm_ns_socket(void *ctx);
void pxl_storm_ns_stop(struct pxl_storm_ns *ns);

int pxl_eng_setup(struct pxl_eng *e);
void pxl_eng_teardown(struct pxl_eng *e);
void pxl_eng_cpu(double *self, double *children);
int pxl_eng_storm_over(struct pxl_eng *e, uint64_t now);
void pxl_eng_observe(struct pxl_eng *e, const struct pxl_obs *o);
void pxl_eng_check_done(struct pxl_eng *e);
int pxl_eng_prepare_dirs(struct pxl_eng *e);
int pxl_eng_start_slirp(struct pxl_eng *e);
int pxl_eng_start_servers(struct pxl_eng *e);
void pxl_eng_stop_servers(struct pxl_eng *e);
int pxl_eng_client_config(struct pxl_eng *e, struct pxl_eng_client *c);
void pxl_eng_iscsi_ports(const struct pxl_eng *e, uint16_t *ports, size_t *n);
void pxl_eng_collect(struct pxl_eng *e);

void pxl_eng_obs_add_field(struct pxl_obs *o, const char *key, const char *val);

#endif /* PXL_ENGINE_PRIV_H */
