/* external_priv.h - external servers: the table of programs, their launch context and running processes */
#ifndef PXL_PEERS_PRIV_H
#define PXL_PEERS_PRIV_H

#include <limits.h>
#include <stdint.h>
#include <sys/types.h>

#include "net/tap_port.h"
#include "servers/netns.h"
#include "servers/external.h"
#include "servers/policy.h"
#include "servers/template.h"

#define PXL_PEER_MAX_ARGS 24
#define PXL_PEER_MAX_VARS 32
#define PXL_PEER_MAX_PROCS 6

struct pxl_peers;

/**
 * struct pxl_peer_launch - one server being started: paths, variables, command line
 * @p:        the run's external servers
 * @env:      policy and addresses
 * @dir:      its private folder (configuration, leases, pid file)
 * @conf:     configuration file written from the template (or "")
 * @log:      reports/.../peer-NAME.log (its stdout and stderr)
 * @vars:     template variables
 * @nvars:    entries used
 * @argv:     command line (NULL-terminated)
 * @argc:     entries used
 * @envp:     environment (NULL-terminated)
 * @store:    strings of @vars values, @argv and @envp
 * @used:     bytes used in @store
 * @full:     a string did not fit in @store (the launch is refused)
 */
struct pxl_peer_launch {
	struct pxl_peers *p;
	struct pxl_peer_env env;
	char dir[PATH_MAX];
	char conf[PATH_MAX];
	char log[PATH_MAX];
	struct pxl_tvar vars[PXL_PEER_MAX_VARS];
	size_t nvars;
	char *argv[PXL_PEER_MAX_ARGS + 1];
	int argc;
	char *envp[8];
	char store[65536];
	size_t used;
	int full;
};

/**
 * struct pxl_peer_server - one external server program
 * @name:      what users type ("dnsmasq", "kea", "tftpd-hpa", "tgt" ...)
 * @program:   the executable (found in PATH or /usr/sbin)
 * @package:   the Debian package that has it
 * @tmpl:      its configuration template in fixtures/peers/, or NULL
 * @translate: the DHCP policy in its syntax (for @RULES@), or NULL
 * @command:   fill the launch's command line (after the configuration is written)
 * @ready_tcp: the server is ready when this port is bound: 1 TCP (listening), 0 UDP
 * @ready_port: that port (0: ready at once)
 * @sigkill:   it ignores SIGTERM: stop it with SIGKILL
 * @kind:      the scenario's dhcp kind it serves (SCN_DHCP_NONE for TFTP/iSCSI)
 */
struct pxl_peer_server {
	const char *name;
	const char *program;
	const char *package;
	const char *tmpl;
	pxl_dhcp_translate_fn translate;
	int (*command)(struct pxl_peer_launch *l);
	int ready_tcp;
	uint16_t ready_port;
	int sigkill;
	enum scn_dhcp_kind kind;
};

/**
 * struct pxl_peer_proc - a running external server
 * @p:      the run's external servers
 * @srv:    what it is
 * @pid:    its pid (its own process group), 0 once reaped
 * @status: waitpid() status once exited
 * @log:    its log file
 */
struct pxl_peer_proc {
	struct pxl_peers *p;
	const struct pxl_peer_server *srv;
	pid_t pid;
	int status;
	char log[PATH_MAX];
};

/**
 * struct pxl_peers - the external servers of one run
 * @e:      engine
 * @ns:     the namespace
 * @tap:    its TAP on the segment
 * @dir:    private folder under the run's temp folder (absolute: servers run with cwd /)
 * @tftp_root: the run's TFTP root, absolute, or ""
 * @procs:  running servers
 * @nprocs: entries used
 * @tgt_port: tgtd's control port, 0 when no tgtd runs
 */
struct pxl_peers {
	struct pxl_eng *e;
	struct pxl_netns ns;
	struct pxl_tap_port *tap;
	char dir[PATH_MAX];
	char tftp_root[PATH_MAX];
	struct pxl_peer_proc procs[PXL_PEER_MAX_PROCS];
	size_t nprocs;
	uint16_t tgt_port;
};

/* servers.c */
const struct pxl_peer_server *pxl_peer_server_find(const char *name);
const struct pxl_peer_server *pxl_peer_server_dhcp(enum scn_dhcp_kind kind);
int pxl_peer_template_dir(char *buf, size_t len);
const char *pxl_peer_program(const struct pxl_peer_server *srv, char *buf, size_t len);

/* launch.c */
const char *pxl_launch_str(struct pxl_peer_launch *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pxl_launch_var(struct pxl_peer_launch *l, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void pxl_launch_arg(struct pxl_peer_launch *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int pxl_launch_prepare(struct pxl_peers *p, const struct pxl_peer_server *srv, struct pxl_peer_launch *l,
		       const char *own_conf, char *err, size_t errlen);
int pxl_launch_start(struct pxl_peers *p, const struct pxl_peer_server *srv, struct pxl_peer_launch *l,
		     char *err, size_t errlen);
int pxl_proc_wait_ready(struct pxl_peer_proc *pr, int timeout_ms, char *err, size_t errlen);
void pxl_proc_stop(struct pxl_peer_proc *pr);

/* DHCP translators (dhcp_*.c) */
void pxl_dhcp_dnsmasq(const struct pxl_peer_env *env, struct pxl_buf *out, struct pxl_buf *cannot);
void pxl_dhcp_kea(const struct pxl_peer_env *env, struct pxl_buf *out, struct pxl_buf *cannot);
void pxl_dhcp_isc(const struct pxl_peer_env *env, struct pxl_buf *out, struct pxl_buf *cannot);
void pxl_dhcp_udhcpd(const struct pxl_peer_env *env, struct pxl_buf *out, struct pxl_buf *cannot);
void pxl_dhcp_slirp(const struct pxl_peer_env *env, struct pxl_buf *out, struct pxl_buf *cannot);

/* iscsi_tgt.c */
int pxl_tgt_start(struct pxl_peers *p, char *err, size_t errlen);

#endif /* PXL_PEERS_PRIV_H */
