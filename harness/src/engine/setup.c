/* setup.c - the run's folders, the TFTP root, libslirp, the servers' environment and the clients' QEMU settings */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "core/tempdir.h"
#include "net/packet.h"
#include "servers/provider.h"
#include "engine/engine_priv.h"

#define ENG_MIN_FREE_MB 64

/**
 * run_cmd() - run a program without a shell and wait for it
 * @argv: NULL-terminated arguments
 *
 * Return: its exit status, or -1 if it could not run.
 */
static int run_cmd(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/**
 * eng_check_writable() - the reports folder must take files and have room
 * @e: engine (res->rundir set and created)
 *
 * Return: 0, or -1 with e->res->error set.
 */
static int eng_check_writable(struct pxl_eng *e)
{
	char probe[PATH_MAX];
	struct statvfs vfs;
	FILE *f;

	snprintf(probe, sizeof(probe), "%s/.write-probe", e->res->rundir);
	f = fopen(probe, "w");
	if (!f || fputs("ok\n", f) == EOF || fclose(f)) {
		snprintf(e->res->error, sizeof(e->res->error), "reports folder %s is not writable: %s",
			 e->res->rundir, strerror(errno));
		return -1;
	}
	unlink(probe);
	if (statvfs(e->res->rundir, &vfs) == 0 &&
	    (uint64_t)vfs.f_bavail * vfs.f_frsize < (uint64_t)ENG_MIN_FREE_MB << 20) {
		snprintf(e->res->error, sizeof(e->res->error),
			 "reports folder %s has only %llu MiB free (need %d MiB for captures and logs)",
			 e->res->rundir, (unsigned long long)((uint64_t)vfs.f_bavail * vfs.f_frsize >> 20),
			 ENG_MIN_FREE_MB);
		return -1;
	}
	return 0;
}

/**
 * eng_run_id() - a run id: UTC time and pid, sortable and unique on a machine
 * @buf: out
 * @len: its size
 */
static void eng_run_id(char *buf, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	snprintf(buf, len, "%04d%02d%02d-%02d%02d%02d-%d", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)getpid());
}

/**
 * eng_safe_name() - a scenario name as a folder name
 * @name: "pxe-to-ipxe[nic=e1000]"
 * @buf: out: "pxe-to-ipxe_nic=e1000"
 * @len: its size
 */
static void eng_safe_name(const char *name, char *buf, size_t len)
{
	size_t i, o = 0;

	for (i = 0; name[i] && o + 1 < len; i++) {
		char c = name[i];

		if (c == ']')
			continue;
		buf[o++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			   c == '-' || c == '.' || c == '=' || c == ',' ? c : '_';
	}
	buf[o] = '\0';
}

/**
 * eng_prepare_root() - a served root of the run: the scenario's root plus `serve` files
 * @e:    engine (tmpdir made)
 * @t:    the tftp or http line
 * @what: "TFTP" or "HTTP", for messages
 * @dir:  its folder in @e->tmpdir
 * @root: out: the root (PATH_MAX)
 *
 * The copy keeps fixtures untouched and lets `serve` place host files
 * (/usr/lib/ipxe/snponly.efi) inside the root without symlinks that the
 * servers would rightly refuse.  Return: 0, or -1 with res->error set.
 */
static int eng_prepare_root(struct pxl_eng *e, const struct scn_tftp *t, const char *what, const char *dir,
			    char *root)
{
	char src[PATH_MAX], dst[PATH_MAX];
	size_t i;

	if (t->kind == SCN_SRV_NONE)
		return 0;
	snprintf(root, PATH_MAX, "%s/%s", e->tmpdir, dir);
	if (mkdir(root, 0755)) {
		snprintf(e->res->error, sizeof(e->res->error), "cannot create %s: %s", root, strerror(errno));
		return -1;
	}
	if (t->root) {
		char *argv[] = { "cp", "-RL", src, root, NULL };

		snprintf(src, sizeof(src), "%s/.", t->root);
		if (run_cmd(argv)) {
			snprintf(e->res->error, sizeof(e->res->error), "cannot copy the %s root %s", what, t->root);
			return -1;
		}
	}
	for (i = 0; i < t->nserve; i++) {
		char *argv[] = { "cp", "-L", t->serve[i].src, dst, NULL };

		snprintf(dst, sizeof(dst), "%s/%s", root, t->serve[i].name);
		if (run_cmd(argv)) {
			snprintf(e->res->error, sizeof(e->res->error), "%s:%u: cannot copy %s into the %s root",
				 e->sc->file, t->serve[i].loc.line, t->serve[i].src, what);
			return -1;
		}
	}
	return 0;
}

/**
 * pxl_eng_prepare_dirs() - reports/<scenario>/<run-id>/, the temp folder, the TFTP root
 * @e: engine
 *
 * Return: 0, or -1 with e->res->error set.
 */
int pxl_eng_prepare_dirs(struct pxl_eng *e)
{
	char name[256];
	int rc;

	eng_run_id(e->res->run_id, sizeof(e->res->run_id));
	eng_safe_name(e->sc->name, name, sizeof(name));
	snprintf(e->res->rundir, sizeof(e->res->rundir), "%s/%s/%s",
		 e->opts->reports ? e->opts->reports : "reports", name, e->res->run_id);
	if ((rc = pxl_mkdir_p(e->res->rundir))) {
		snprintf(e->res->error, sizeof(e->res->error), "cannot create reports folder %s: %s",
			 e->res->rundir, strerror(-rc));
		return -1;
	}
	if (eng_check_writable(e) < 0)
		return -1;
	if (pxl_tempdir_make(e->tmpdir, sizeof(e->tmpdir), "run")) {
		snprintf(e->res->error, sizeof(e->res->error), "cannot create a temporary folder: %s",
			 strerror(errno));
		e->tmpdir[0] = '\0';
		return -1;
	}
	if (eng_prepare_root(e, &e->sc->tftp, "TFTP", "tftp", e->tftp_root))
		return -1;
	return eng_prepare_root(e, &e->sc->http, "HTTP", "http", e->http_root);
}

/**
 * eng_slirp_bootfile() - the one file name libslirp's DHCP can offer
 * @sc: scenario
 *
 * Return: the first `file` action of the policy, or NULL.
 */
static const char *eng_slirp_bootfile(const struct scenario *sc)
{
	size_t r, a;

	for (r = 0; r < sc->dhcp.nrules; r++)
		for (a = 0; a < sc->dhcp.rules[r].nact; a++)
			if (!strcmp(sc->dhcp.rules[r].act[a].key, "file"))
				return sc->dhcp.rules[r].act[a].value;
	return NULL;
}

/**
 * pxl_eng_start_slirp() - libslirp for the scenario's LAN (its DHCP/TFTP only when asked)
 * @e: engine
 *
 * Return: 0, or -1 with e->res->error set.
 */
int pxl_eng_start_slirp(struct pxl_eng *e)
{
	const struct scenario *sc = e->sc;
	struct pxl_slirp_config cfg;
	int rc;

	pxl_slirp_config_default(&cfg);
	if (sc->lan.given) {
		cfg.mask = sc->lan.prefix ? 0xffffffffu << (32 - sc->lan.prefix) : 0;
		cfg.net = sc->lan.net & cfg.mask;
		cfg.gateway = sc->lan.gateway;
		cfg.dhcp_start = cfg.net | 15;
	}
	/* the `slirp` provider has nothing to start: its servers are libslirp's, switched on here */
	cfg.builtin_dhcp = sc->dhcp.kind == SCN_SRV_SLIRP;
	if (cfg.builtin_dhcp)
		cfg.bootfile = eng_slirp_bootfile(sc);
	if (sc->tftp.kind == SCN_SRV_SLIRP)
		cfg.tftp_path = e->tftp_root;
	/* pxelab's own advertisements then: iPXE takes the first RA, and libslirp's says M=0 */
	cfg.no_ipv6 = sc->lan6.given;
	e->slirp = pxl_slirp_new(e->loop, e->seg, &cfg, &rc);
	if (!e->slirp) {
		snprintf(e->res->error, sizeof(e->res->error), "cannot start libslirp: %s", strerror(-rc));
		return -1;
	}
	return 0;
}

/**
 * eng_event() - a server's event: one line in events.log (and stdout with -v)
 * @ctx: engine
 * @now: time
 * @ev: event
 */
static void eng_event(void *ctx, uint64_t now, const struct pxl_event *ev)
{
	struct pxl_eng *e = ctx;
	char mac[18] = "-", ip[PXL_IP6_STR] = "-", line[1024];
	uint8_t a6[16];

	if (ev->has_mac)
		pxl_mac_str(ev->mac, mac);
	/* TFTP over IPv6 sees its peers as handle addresses: name the real one */
	if (ev->addr && !pxl_ipv6_peer_addr(e->ipv6, ev->addr, a6))
		pxl_ip6_str(a6, ip);
	else if (ev->addr)
		pxl_ip_str(ev->addr, ip);
	snprintf(line, sizeof(line), "%9.3f %s %s mac=%s ip=%s%s%s%s%s value=%llu",
		 (double)(now - e->t0) / 1e9, ev->service, ev->kind, mac, ip,
		 ev->name ? " name=" : "", ev->name ? ev->name : "",
		 ev->detail ? " detail=" : "", ev->detail ? ev->detail : "",
		 (unsigned long long)ev->value);
	if (e->events)
		fprintf(e->events, "%s\n", line);
	if (e->opts->verbose)
		printf("  event %s\n", line);
	if (e->on_event)
		e->on_event(e, ev);
}

/**
 * pxl_eng_start_servers() - events.log, then the scenario's DHCP, TFTP and iSCSI servers
 * @e: engine (segment, loop, libslirp ready; TFTP root prepared)
 *
 * Return: 0, or -1 with e->res->error set.
 */
int pxl_eng_start_servers(struct pxl_eng *e)
{
	struct pxl_server_env *v = &e->senv;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/events.log", e->res->rundir);
	e->events = fopen(path, "w");
	v->sc = e->sc;
	v->loop = e->loop;
	v->seg = e->seg;
	v->slirp = e->slirp;
	v->tmpdir = e->tmpdir;
	v->tftp_root = e->tftp_root;
	v->http_root = e->http_root;
	v->rundir = e->res->rundir;
	v->t0 = e->t0;
	v->peers = e->opts->peers;
	v->events = (struct pxl_event_sink){ eng_event, e };
	v->error = e->res->error;
	v->errlen = sizeof(e->res->error);
	v->hint = e->hint;
	v->hintlen = sizeof(e->hint);
	if (pxl_servers_start(v, &e->servers))
		return -1;
	return pxl_ipv6_start(v, &e->ipv6);
}

/**
 * pxl_eng_stop_servers() - stop the servers, close events.log (safe if never started)
 * @e: engine
 */
void pxl_eng_stop_servers(struct pxl_eng *e)
{
	pxl_ipv6_stop(e->ipv6);
	e->ipv6 = NULL;
	pxl_servers_stop(e->servers);
	e->servers = NULL;
	if (e->events)
		fclose(e->events);
	e->events = NULL;
}

/**
 * pxl_eng_client_config() - a client's QEMU settings and private folder
 * @e: engine
 * @c: client (c->sc is set here)
 *
 * Return: 0, or -1 with e->res->error set.
 */
int pxl_eng_client_config(struct pxl_eng *e, struct pxl_eng_client *c)
{
	size_t idx = (size_t)(c - e->cl);
	const struct scn_client *sc = &e->sc->clients[idx];
	int acc;

	c->eng = e;
	c->sc = sc;
	snprintf(c->workdir, sizeof(c->workdir), "%s/%s", e->tmpdir, sc->name);
	if (mkdir(c->workdir, 0700)) {
		snprintf(e->res->error, sizeof(e->res->error), "cannot create %s: %s", c->workdir, strerror(errno));
		return -1;
	}
	if (e->ncl == 1)
		snprintf(c->console_log, sizeof(c->console_log), "%s/console.log", e->res->rundir);
	else
		snprintf(c->console_log, sizeof(c->console_log), "%s/console-%s.log", e->res->rundir, sc->name);
	c->qcfg.name = sc->name;
	c->qcfg.fw = sc->fw;
	c->qcfg.nic = sc->nic_model;
	c->qcfg.pxe = sc->pxe;
	c->qcfg.http_boot = sc->http_boot;
	c->qcfg.pxe6_first = sc->pxe6_first;
	acc = pxl_machine_find(PXL_MACHINE_ACCEL, e->opts->accel);  /* --accel wins */
	c->qcfg.accel = acc >= 0 ? (enum pxl_accel)acc : sc->accel;
	c->qcfg.memory_mb = sc->memory_mib;
	c->qcfg.uuid = scn_client_uuid(e->sc, sc, c->uuid);
	memcpy(c->qcfg.mac, sc->mac, 6);
	c->qcfg.workdir = c->workdir;
	c->qcfg.console_log = c->console_log;
	return 0;
}

/**
 * pxl_eng_iscsi_ports() - TCP ports the wire observer decodes as iSCSI
 * @e: engine
 * @ports: out
 * @n: out: entries
 */
void pxl_eng_iscsi_ports(const struct pxl_eng *e, uint16_t *ports, size_t *n)
{
	size_t i, j;

	*n = 0;
	for (i = 0; i < e->sc->ntargets && *n < PXL_WIRE_MAX_PORTS; i++) {
		uint16_t p = e->sc->targets[i].port ? e->sc->targets[i].port : 3260;

		for (j = 0; j < *n && ports[j] != p; j++)
			;
		if (j == *n)
			ports[(*n)++] = p;
	}
}
