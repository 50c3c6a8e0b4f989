/* external_priv.h - external servers: their programs, launch context, running processes and namespace */
#ifndef PXL_PEERS_PRIV_H
#define PXL_PEERS_PRIV_H

#include <limits.h>
#include <stdint.h>
#include <sys/types.h>

#include "net/tap_port.h"
#include "servers/netns.h"
#include "servers/external.h"
#include "servers/policy.h"
#include "servers/servers_priv.h"
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
 * @too_many: an argument past PXL_PEER_MAX_ARGS was refused (the launch fails, naming it)
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
	int too_many;
	char *envp[8];
	char store[65536];
	size_t used;
	int full;
};

/**
 * struct pxl_peer_server - one external server program (each kind's file has its own)
 * @name:      names its folder, log (peer-NAME.log) and messages ("dnsmasq", "dnsmasq-tftp", "tgt" ...)
 * @program:   the executable (found in PATH or /usr/sbin)
 * @package:   the Debian package that has it
 * @tmpl:      its configuration template in fixtures/peers/, or NULL
 * @translate: the DHCP policy in its syntax (for @RULES@), or NULL
 * @command:   fill the launch's command line (after the configuration is written)
 * @ready_tcp: the server is ready when this port is bound: 1 TCP (listening), 0 UDP
 * @ready_port: that port (0: ready at once)
 * @sigkill:   it ignores SIGTERM: stop it with SIGKILL
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
 * struct pxl_peers - the private namespace of one run's external servers
 * @env:    the run
 * @ns:     the namespace
 * @tap:    its TAP on the segment
 * @dir:    private folder under the run's temp folder (absolute: servers run with cwd /)
 * @tftp_root: the run's TFTP root, absolute, or ""
 * @http_root: the run's HTTP root, absolute, or ""
 * @procs:  running servers
 * @nprocs: entries used
 * @tgt_port: tgtd's control port, 0 when no tgtd runs
 */
struct pxl_peers {
	const struct pxl_server_env *env;
	struct pxl_netns ns;
	struct pxl_tap_port *tap;
	char dir[PATH_MAX];
	char tftp_root[PATH_MAX];
	char http_root[PATH_MAX];
	struct pxl_peer_proc procs[PXL_PEER_MAX_PROCS];
	size_t nprocs;
	uint16_t tgt_port;
};

/* external.c: the namespace, and the provider operations of every external server */
extern const struct pxl_provider_ops pxl_peer_ops;
struct pxl_peers *pxl_peers_get(struct pxl_servers *run);
void pxl_peers_close(struct pxl_peers *p);
void pxl_peer_stop(const struct pxl_provider *pv, enum scn_role role, void *inst);
uint32_t pxl_peer_addr(const struct pxl_provider *pv, const struct scenario *sc, enum scn_role role);
int pxl_peer_available(const struct pxl_provider *pv, enum scn_role role, char *why, size_t len);
int pxl_peer_translate_cannot(pxl_dhcp_translate_fn translate, const struct scenario *sc, char *buf, size_t len);

/* programs.c */
int pxl_peer_template_dir(char *buf, size_t len);
const char *pxl_peer_program(const struct pxl_peer_server *srv, char *buf, size_t len);

/* launch.c */
const char *pxl_launch_str(struct pxl_peer_launch *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pxl_launch_var(struct pxl_peer_launch *l, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int pxl_launch_arg(struct pxl_peer_launch *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int pxl_launch_prepare(struct pxl_peers *p, const struct pxl_peer_server *srv, struct pxl_peer_launch *l,
		       const char *own_conf, char *err, size_t errlen);
int pxl_launch_start(struct pxl_peers *p, const struct pxl_peer_server *srv, struct pxl_peer_launch *l,
		     char *err, size_t errlen);
int pxl_proc_wait_ready(struct pxl_peer_proc *pr, int timeout_ms, char *err, size_t errlen);
void pxl_proc_stop(struct pxl_peer_proc *pr);

#endif /* PXL_PEERS_PRIV_H */
