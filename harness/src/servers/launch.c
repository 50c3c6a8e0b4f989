/* launch.c - start one external server in the namespace, wait until it listens, stop it by PID
 *
 * A launch gathers the template variables, expands the server's template
 * (or the user's own configuration) into its private folder, builds the
 * command line and spawns it inside the namespace with its output in
 * reports/.../peer-NAME.log.  "Ready" means its port is bound in the
 * namespace (/proc/PID/net/udp or tcp, which show the namespace's
 * sockets).  Stopping is SIGTERM (SIGKILL for servers that ignore it) to
 * its process group, then SIGKILL after 2 s, always reaped by PID.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/addr.h"
#include "core/util.h"
#include "net/packet.h"
#include "servers/external_priv.h"

#define PEER_STOP_MS 2000

extern char **environ;

/**
 * pxl_launch_str() - keep a formatted string in the launch's store
 * @l: launch
 * @fmt: printf format
 *
 * Return: the string ("" when the store is full).
 */
const char *pxl_launch_str(struct pxl_peer_launch *l, const char *fmt, ...)
{
	char *s = l->store + l->used;
	size_t room = sizeof(l->store) - l->used;
	va_list ap;
	int n;

	if (room < 2) {
		l->full = 1;
		return "";
	}
	va_start(ap, fmt);
	n = vsnprintf(s, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		l->full = 1;
		s[0] = '\0';
		return s;
	}
	l->used += (size_t)n + 1;
	return s;
}

/**
 * pxl_launch_var() - define a template variable
 * @l: launch
 * @name: NAME of @NAME@
 * @fmt: printf format of its value
 */
void pxl_launch_var(struct pxl_peer_launch *l, const char *name, const char *fmt, ...)
{
	char val[PATH_MAX];
	va_list ap;

	if (l->nvars >= PXL_PEER_MAX_VARS)
		return;
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	l->vars[l->nvars].name = name;
	l->vars[l->nvars++].value = pxl_launch_str(l, "%s", val);
}

/**
 * pxl_launch_arg() - append a command-line argument
 * @l: launch
 * @fmt: printf format
 *
 * An argument past PXL_PEER_MAX_ARGS is refused and marks the launch:
 * pxl_launch_start() then fails, naming the program and the limit, so a
 * server never starts with its command line cut short.
 * Return: 0, or -E2BIG when the argument was refused.
 */
int pxl_launch_arg(struct pxl_peer_launch *l, const char *fmt, ...)
{
	char val[PATH_MAX];
	va_list ap;

	if (l->argc >= PXL_PEER_MAX_ARGS) {
		l->too_many = 1;
		return -E2BIG;
	}
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	l->argv[l->argc++] = (char *)pxl_launch_str(l, "%s", val);
	l->argv[l->argc] = NULL;
	return 0;
}

/**
 * launch_vars6() - the IPv6 variables: the lan6 line and the dhcp6 block ("" without them)
 * @l: launch (env set)
 * @sc: scenario
 */
static void launch_vars6(struct pxl_peer_launch *l, const struct scenario *sc)
{
	const uint64_t pref = sc->dhcp6.pol.lease / SCN_NS_PER_SEC;
	int v6 = sc->lan6.given;
	char a[PXL_IP6_STR];

	pxl_launch_var(l, "SERVER_IP6", "%s", v6 ? pxl_ip6_str(l->env.server6, a) : "");
	pxl_launch_var(l, "PREFIX6", "%s", v6 ? pxl_ip6_str(sc->lan6.prefix, a) : "");
	pxl_launch_var(l, "POOL6_START", "%s", v6 ? pxl_ip6_str(sc->dhcp6.pool_start, a) : "");
	pxl_launch_var(l, "POOL6_END", "%s", v6 ? pxl_ip6_str(sc->dhcp6.pool_end, a) : "");
	pxl_launch_var(l, "LEASE6_SECS", "%llu", (unsigned long long)pref);
	pxl_launch_var(l, "VALID6_SECS", "%llu", (unsigned long long)(2 * pref));
}

/**
 * launch_vars() - the variables every template may use
 * @l: launch (env and dir set)
 * @p: the run's external servers (the TFTP and HTTP roots)
 */
static void launch_vars(struct pxl_peer_launch *l, const struct pxl_peers *p)
{
	const struct scenario *sc = p->env->sc;
	const struct pxl_peer_env *v = &l->env;
	char a[16];

	pxl_launch_var(l, "IFACE", "%s", PXL_NETNS_IFNAME);
	pxl_launch_var(l, "SERVER_IP", "%s", pxl_ip_str(v->server, a));
	pxl_launch_var(l, "NETWORK", "%s", pxl_ip_str(v->net, a));
	pxl_launch_var(l, "NETMASK", "%s", pxl_ip_str(v->mask, a));
	pxl_launch_var(l, "PREFIX", "%u", v->prefix);
	pxl_launch_var(l, "BROADCAST", "%s", pxl_ip_str(v->net | ~v->mask, a));
	pxl_launch_var(l, "ROUTER", "%s", pxl_ip_str(v->gateway, a));
	pxl_launch_var(l, "POOL_START", "%s", pxl_ip_str(v->pool_start, a));
	pxl_launch_var(l, "POOL_END", "%s", pxl_ip_str(v->pool_end, a));
	pxl_launch_var(l, "POOL_SIZE", "%u", v->pool_end >= v->pool_start ? v->pool_end - v->pool_start + 1 : 0);
	pxl_launch_var(l, "LEASE_SECS", "%u", v->lease);
	pxl_launch_var(l, "NEXT_SERVER", "%s", pxl_ip_str(v->next_server, a));
	pxl_launch_var(l, "DIR", "%s", l->dir);
	pxl_launch_var(l, "LEASE_FILE", "%s/leases", l->dir);
	pxl_launch_var(l, "PID_FILE", "%s/pid", l->dir);
	pxl_launch_var(l, "TFTP_ROOT", "%s", p->tftp_root);
	pxl_launch_var(l, "HTTP_ROOT", "%s", p->http_root);
	pxl_launch_var(l, "HTTP_RANGES", "%s", sc->http.no_range ? "disable" : "enable");
	pxl_launch_var(l, "HTTP_MAX_RANGES", "%s", sc->http.no_range ? "0" : "1");
	launch_vars6(l, sc);
}

/**
 * launch_rules() - translate the DHCP policy; cannot-express lines go to the log and the run's hint
 * @l: launch
 * @srv: server
 * @own: the user brings the configuration: @RULES@ is offered, nothing is said about it
 */
static void launch_rules(struct pxl_peer_launch *l, const struct pxl_peer_server *srv, int own)
{
	const struct pxl_server_env *e = l->p->env;
	struct pxl_buf rules = { 0 }, cannot = { 0 };
	FILE *f;

	if (!srv->translate)
		return;
	srv->translate(&l->env, &rules, &cannot);
	if (l->nvars < PXL_PEER_MAX_VARS) {
		l->vars[l->nvars].name = "RULES";
		l->vars[l->nvars++].value = pxl_launch_str(l, "%s", pxl_buf_str(&rules));
	}
	if (own)
		cannot.len = 0;
	if (cannot.len && (f = fopen(l->log, "a"))) {
		fprintf(f, "pxelab: %s", pxl_buf_str(&cannot));
		fclose(f);
	}
	if (cannot.len && !e->hint[0])
		snprintf(e->hint, e->hintlen, "%s %.*s", srv->name,
			 (int)strcspn(pxl_buf_str(&cannot), "\n"), pxl_buf_str(&cannot));
	pxl_buf_free(&rules);
	pxl_buf_free(&cannot);
}

/**
 * pxl_launch_prepare() - variables, private folder and configuration file of one server
 * @p: the run's external servers
 * @srv: server
 * @l: out
 * @own_conf: the user's configuration (used instead of the template), or NULL
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message.
 */
int pxl_launch_prepare(struct pxl_peers *p, const struct pxl_peer_server *srv, struct pxl_peer_launch *l,
		       const char *own_conf, char *err, size_t errlen)
{
	const struct pxl_server_env *e = p->env;
	const struct pxl_peer_opts *o = e->peers;
	char tdir[PATH_MAX], in[PATH_MAX * 2], base[NAME_MAX + 1];

	memset(l, 0, sizeof(*l));
	l->p = p;
	pxl_peer_env_init(&l->env, e->sc, p->ns.addr);
	if (o && o->tftp != SCN_SRV_NONE) {
		l->env.next_server = p->ns.addr;
		memcpy(l->env.tftp6, l->env.server6, 16);
	}
	snprintf(l->dir, sizeof(l->dir), "%s/%s", p->dir, srv->name);
	snprintf(l->log, sizeof(l->log), "%s/peer-%s.log", e->rundir, srv->name);
	if (mkdir(l->dir, 0755) && errno != EEXIST) {
		return pxl_err(err, errlen, "cannot create %s: %s", l->dir, strerror(errno));
	}
	launch_vars(l, p);
	launch_rules(l, srv, own_conf != NULL);
	if (l->full) {
		return pxl_err(err, errlen, "%s: the translated policy is too large (more than %zu bytes)", srv->name,
			 sizeof(l->store));
	}
	if (!srv->tmpl && !own_conf)
		return 0;
	if (own_conf) {
		snprintf(in, sizeof(in), "%s", own_conf);
	} else if (pxl_peer_template_dir(tdir, sizeof(tdir))) {
		return pxl_err(err, errlen, "cannot find the server templates (fixtures/peers/) next to pxelab or in the "
			 "current folder");
	} else {
		snprintf(in, sizeof(in), "%s/%s", tdir, srv->tmpl);
	}
	snprintf(base, sizeof(base), "%s", strrchr(in, '/') ? strrchr(in, '/') + 1 : in);
	if (strlen(base) > 3 && !strcmp(base + strlen(base) - 3, ".in"))
		base[strlen(base) - 3] = '\0';
	snprintf(l->conf, sizeof(l->conf), "%s/%s", l->dir, base);
	return pxl_template_file(in, l->conf, l->vars, l->nvars, err, errlen) ? -1 : 0;
}

/**
 * port_bound() - is a port bound in the namespace of @pid (IPv4 or IPv6)?
 * @pid: a process in the namespace
 * @tcp: 1: a listening TCP socket, 0: a UDP socket
 * @port: the port
 *
 * Return: 1 if so.
 */
static int port_bound(pid_t pid, int tcp, uint16_t port)
{
	char path[64], line[512];
	unsigned lport, st;
	int found = 0, v6;
	FILE *f;

	for (v6 = 0; v6 < 2 && !found; v6++) {
		snprintf(path, sizeof(path), "/proc/%d/net/%s%s", (int)pid, tcp ? "tcp" : "udp", v6 ? "6" : "");
		f = fopen(path, "r");
		if (!f)
			continue;
		while (!found && fgets(line, sizeof(line), f))
			if (sscanf(line, " %*u: %*x:%x %*x:%*x %x", &lport, &st) == 2)
				found = lport == port && (!tcp || st == 0x0a);
		fclose(f);
	}
	return found;
}

/**
 * log_tail() - the last two lines of a log joined by " / ", for error messages
 * @path: log
 * @buf: out
 * @len: its size
 *
 * Return: @buf ("" if empty).
 */
static const char *log_tail(const char *path, char *buf, size_t len)
{
	char line[512], prev[512] = "", last[512] = "";
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (!line[strspn(line, " \t\r\n")])
			continue;
		snprintf(prev, sizeof(prev), "%s", last);
		snprintf(last, sizeof(last), "%.*s", (int)strcspn(line, "\r\n"), line);
	}
	if (f)
		fclose(f);
	snprintf(buf, len, "%s%s%s", prev, prev[0] ? " / " : "", last);
	return buf;
}

/**
 * pxl_proc_wait_ready() - wait until the server's port is bound
 * @pr: process
 * @timeout_ms: budget
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message (it exited, or never bound its port).
 */
int pxl_proc_wait_ready(struct pxl_peer_proc *pr, int timeout_ms, char *err, size_t errlen)
{
	const struct pxl_peer_server *s = pr->srv;
	char tail[300];
	int waited;

	for (waited = 0; waited <= timeout_ms; waited += 20) {
		if (waitpid(pr->pid, &pr->status, WNOHANG) == pr->pid) {
			pr->pid = 0;
			return pxl_err(err, errlen, "%s exited with %s %d before it was ready: %s (log: %s)", s->name,
				 WIFEXITED(pr->status) ? "status" : "signal",
				 WIFEXITED(pr->status) ? WEXITSTATUS(pr->status) : WTERMSIG(pr->status),
				 log_tail(pr->log, tail, sizeof(tail)), pr->log);
		}
		if (!s->ready_port || port_bound(pr->pid, s->ready_tcp, s->ready_port))
			return 0;
		usleep(20000);
	}
	return pxl_err(err, errlen, "%s did not bind %s port %u within %d ms: %s (log: %s)", s->name,
		 s->ready_tcp ? "TCP" : "UDP", s->ready_port, timeout_ms, log_tail(pr->log, tail, sizeof(tail)),
		 pr->log);
}

/**
 * proc_exited() - a server exited during the run: say so in failing stages
 * @arg: struct pxl_peer_proc
 * @pid: its pid
 * @status: waitpid() status
 */
static void proc_exited(void *arg, pid_t pid, int status)
{
	struct pxl_peer_proc *pr = arg;
	const struct pxl_server_env *e = pr->p->env;
	char tail[200];

	pr->pid = 0;
	pr->status = status;
	if (!e->hint[0])
		snprintf(e->hint, e->hintlen, "%s exited with %s %d during the run: %s (log: %s)", pr->srv->name,
			 WIFEXITED(status) ? "status" : "signal", WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
			 log_tail(pr->log, tail, sizeof(tail)), pr->log);
}

/**
 * pxl_launch_start() - spawn a prepared server, wait until it is ready, watch it
 * @p: the run's external servers
 * @srv: server
 * @l: prepared launch (command line filled)
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message (nothing left running).
 */
int pxl_launch_start(struct pxl_peers *p, const struct pxl_peer_server *srv, struct pxl_peer_launch *l,
		     char *err, size_t errlen)
{
	struct pxl_peer_proc *pr;

	if (l->too_many) {
		return pxl_err(err, errlen, "%s: its command line has more than %d arguments (PXL_PEER_MAX_ARGS): not started",
			 srv->name, PXL_PEER_MAX_ARGS);
	}
	if (l->full) {
		return pxl_err(err, errlen, "%s: its command line is too long", srv->name);
	}
	if (p->nprocs >= PXL_PEER_MAX_PROCS) {
		return pxl_err(err, errlen, "too many external servers");
	}
	pr = &p->procs[p->nprocs];
	memset(pr, 0, sizeof(*pr));
	pr->p = p;
	pr->srv = srv;
	snprintf(pr->log, sizeof(pr->log), "%s", l->log);
	if (pxl_netns_spawn(&p->ns, l->argv, l->envp[0] ? l->envp : environ, l->log, &pr->pid, err, errlen))
		return -1;
	p->nprocs++;
	if (pxl_proc_wait_ready(pr, 10000, err, errlen))
		return -1;
	if (pxl_loop_watch_child(p->env->loop, pr->pid, proc_exited, pr) < 0) {
		return pxl_err(err, errlen, "cannot watch %s (pid %d)", srv->name, (int)pr->pid);
	}
	return 0;
}

/**
 * proc_gone() - wait up to @ms for the process to exit, reaping it
 * @pr: process
 * @ms: budget
 *
 * Return: 1 if it is gone.
 */
static int proc_gone(struct pxl_peer_proc *pr, int ms)
{
	int waited;

	for (waited = 0; waited <= ms; waited += 10) {
		pid_t r = waitpid(pr->pid, &pr->status, WNOHANG);

		if (r == pr->pid || (r < 0 && errno == ECHILD)) {
			pr->pid = 0;
			return 1;
		}
		usleep(10000);
	}
	return 0;
}

/**
 * pxl_proc_stop() - stop a server by PID (its process group) and reap it; safe when already gone
 * @pr: process
 */
void pxl_proc_stop(struct pxl_peer_proc *pr)
{
	pid_t pid = pr->pid;

	if (!pid)
		return;
	pxl_loop_unwatch_child(pr->p->env->loop, pid);
	if (!pr->srv->sigkill) {
		kill(-pid, SIGTERM);
		kill(pid, SIGTERM);
		if (proc_gone(pr, PEER_STOP_MS))
			return;
	}
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	waitpid(pid, &pr->status, 0);
	pr->pid = 0;
}
