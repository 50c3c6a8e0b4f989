/* iscsi_tgt.c - tgt (tgtd + tgtadm) instead of pxelab's iSCSI target, inside the namespace
 *
 * tgtd runs in the foreground with its portal on the namespace address and
 * a control port of its own (tgtadm -C takes 0..32767; several tgtd need
 * distinct ports; its control socket lives in the namespace's private
 * /run).  Each `iscsi tgt` target is set up by the tgtadm lines of
 * fixtures/peers/tgt.cmds.in.  tgt's LUN 0 is its controller: the disk
 * goes on the target's LUN (1 or more).  A snapshot image is served from
 * a private copy.  tgtd ignores SIGTERM: it is stopped with SIGKILL.
 * This is the `tgt` provider: the shared external operations, its own start.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/util.h"
#include "servers/external_priv.h"

#define TGT_READY_MS 5000
#define TGTADM_MAX_ARGS 32

static const struct pxl_peer_server tgt = {
	.name = "tgt", .program = "tgtd", .package = "tgt", .ready_tcp = 1, .ready_port = 3260, .sigkill = 1,
};

/**
 * tgtadm() - run "tgtadm -C PORT ARGS" inside the namespace
 * @p: external servers
 * @args: the arguments after -C PORT, separated by blanks
 * @log: where its output goes
 * @err, @errlen: message buffer
 *
 * Return: its exit status, or -1 with a message (also when @args has too many words).
 */
static int tgtadm(struct pxl_peers *p, const char *args, const char *log, char *err, size_t errlen)
{
	char copy[2048], port[8], prog[PATH_MAX], *argv[TGTADM_MAX_ARGS + 1], *tok, *save = NULL;
	int n = 0;

	snprintf(copy, sizeof(copy), "%s", args);
	snprintf(port, sizeof(port), "%u", p->tgt_port);
	snprintf(prog, sizeof(prog), "%s", access("/usr/sbin/tgtadm", X_OK) ? "tgtadm" : "/usr/sbin/tgtadm");
	argv[n++] = prog;
	argv[n++] = "-C";
	argv[n++] = port;
	for (tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (n == TGTADM_MAX_ARGS) {
			return pxl_err(err, errlen, "tgtadm %.200s: more than %d arguments", args, TGTADM_MAX_ARGS);
		}
		argv[n++] = tok;
	}
	argv[n] = NULL;
	return pxl_netns_run(&p->ns, argv, log, 5000, err, errlen);
}

/**
 * tgt_image() - the file tgt serves for a target: a private copy for a snapshot
 * @p: external servers
 * @t: target
 * @idx: its index (names the copy)
 * @out: out: path
 * @len: its size
 *
 * Return: 0, or -1 when the copy failed.
 */
static int tgt_image(struct pxl_peers *p, const struct scn_target *t, size_t idx, char *out, size_t len)
{
	char *argv[] = { "cp", "--sparse=always", (char *)t->image, out, NULL };
	int status;
	pid_t pid;

	if (t->mode != SCN_IMAGE_SNAPSHOT) /* tgtadm runs with cwd / */
		return realpath(t->image, out) ? 0 : -1;
	snprintf(out, len, "%s/tgt/disk-%zu.img", p->dir, idx);
	pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/**
 * tgt_setup_target() - the tgtadm lines of the template for one target
 * @p: external servers
 * @l: launch (variables)
 * @t: target
 * @idx: its index
 * @tmpl: the template text
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message.
 */
static int tgt_setup_target(struct pxl_peers *p, struct pxl_peer_launch *l, const struct scn_target *t,
			    size_t idx, const char *tmpl, char *err, size_t errlen)
{
	struct pxl_buf cmds = { 0 };
	char image[PATH_MAX], *line, *save = NULL;
	size_t nv = l->nvars;
	int rc = 0;

	if (t->single_session) {
		return pxl_err(err, errlen, "%s:%u: tgt cannot serve %s single-session: tgt has no "
			 "one-session-per-initiator limit (only pxelab's builtin target does)",
			 p->env->sc->file, t->loc.line, t->iqn);
	}
	if (strpbrk(t->image, " \t\n")) {
		return pxl_err(err, errlen, "%s:%u: tgt cannot serve %s: tgtadm takes no blanks in a path",
			 p->env->sc->file, t->loc.line, t->image);
	}
	if (tgt_image(p, t, idx, image, sizeof(image))) {
		return pxl_err(err, errlen, "%s:%u: cannot copy %s for tgt (snapshot mode serves a private copy)",
			 p->env->sc->file, t->loc.line, t->image);
	}
	pxl_launch_var(l, "TID", "%zu", idx + 1);
	pxl_launch_var(l, "IQN", "%s", t->iqn);
	pxl_launch_var(l, "LUN", "%u", t->lun ? t->lun : 1);
	pxl_launch_var(l, "IMAGE", "%s", image);
	pxl_launch_var(l, "READONLY", "%d", t->mode == SCN_IMAGE_READONLY);
	if (pxl_template_expand(tmpl, "fixtures/peers/tgt.cmds.in", l->vars, l->nvars, &cmds, err, errlen))
		rc = -1;
	for (line = strtok_r(cmds.s, "\n", &save); !rc && line; line = strtok_r(NULL, "\n", &save)) {
		if (!line[strspn(line, " \t")] || line[strspn(line, " \t")] == '#')
			continue;
		rc = tgtadm(p, line, l->log, err, errlen);
		if (rc > 0)
			snprintf(err, errlen, "tgtadm %s failed with status %d (log: %s)", line, rc, l->log);
	}
	if (!rc && t->chap_user) {
		char acct[1024];

		snprintf(acct, sizeof(acct), "--lld iscsi --op new --mode account --user %s --password %s",
			 t->chap_user, t->chap_secret ? t->chap_secret : "");
		rc = tgtadm(p, acct, l->log, err, errlen);
		snprintf(acct, sizeof(acct), "--lld iscsi --op bind --mode account --tid %zu --user %s", idx + 1,
			 t->chap_user);
		if (!rc)
			rc = tgtadm(p, acct, l->log, err, errlen);
		if (rc > 0)
			snprintf(err, errlen, "tgtadm could not set up CHAP for %s (log: %s)", t->iqn, l->log);
	}
	l->nvars = nv;
	pxl_buf_free(&cmds);
	return rc ? -1 : 0;
}

/**
 * tgt_wait_control() - wait until tgtd answers on its control port
 * @p: external servers
 * @l: launch
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message.
 */
static int tgt_wait_control(struct pxl_peers *p, struct pxl_peer_launch *l, char *err, size_t errlen)
{
	int waited;

	for (waited = 0; waited < TGT_READY_MS; waited += 50) {
		if (tgtadm(p, "--op show --mode system", "/dev/null", err, errlen) == 0)
			return 0;
		usleep(50000);
	}
	return pxl_err(err, errlen, "tgtd did not answer on control port %u within %d ms (log: %s)", p->tgt_port,
		 TGT_READY_MS, l->log);
}

/**
 * tgt_template() - read fixtures/peers/tgt.cmds.in
 * @out: its text
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message.
 */
static int tgt_template(struct pxl_buf *out, char *err, size_t errlen)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];
	int rc;

	if (pxl_peer_template_dir(dir, sizeof(dir))) {
		return pxl_err(err, errlen, "cannot find the server templates (fixtures/peers/)");
	}
	snprintf(path, sizeof(path), "%s/tgt.cmds.in", dir);
	rc = pxl_read_file(path, out);
	if (rc)
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(-rc));
	return rc ? -1 : 0;
}

/**
 * tgt_portal_port() - the TCP port of the first tgt target (3260 by default)
 * @sc: scenario
 *
 * Return: the port.
 */
static uint16_t tgt_portal_port(const struct scenario *sc)
{
	size_t i;

	for (i = 0; i < sc->ntargets; i++)
		if (sc->targets[i].kind == SCN_SRV_TGT && sc->targets[i].port)
			return sc->targets[i].port;
	return 3260;
}

/**
 * tgt_launch() - tgtd in the foreground, on the namespace address, with its own control port
 * @p: the namespace
 * @l: launch (prepared)
 * @prog: tgtd's path
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message.
 */
static int tgt_launch(struct pxl_peers *p, struct pxl_peer_launch *l, const char *prog, char *err, size_t errlen)
{
	char a[16], a6[PXL_IP6_STR];

	pxl_launch_var(l, "CONTROL_PORT", "%u", p->tgt_port);
	pxl_launch_arg(l, "%s", prog);
	pxl_launch_arg(l, "-f");
	pxl_launch_arg(l, "-C");
	pxl_launch_arg(l, "%u", p->tgt_port);
	pxl_launch_arg(l, "--iscsi");
	if (p->ns.has_addr6)	/* tgtd takes several portals, comma-separated; IPv6 in brackets */
		pxl_launch_arg(l, "portal=%s:%u,portal=[%s]:%u", pxl_ip_str(p->ns.addr, a),
			       tgt_portal_port(p->env->sc), pxl_ip6_str(p->ns.addr6, a6),
			       tgt_portal_port(p->env->sc));
	else
		pxl_launch_arg(l, "portal=%s:%u", pxl_ip_str(p->ns.addr, a), tgt_portal_port(p->env->sc));
	return pxl_launch_start(p, &tgt, l, err, errlen);
}

/**
 * tgt_start() - tgtd with every `iscsi tgt` target of the scenario
 * @run: the run's servers
 * @pv: provider
 * @role: SCN_ROLE_ISCSI
 * @inst: out: tgtd's process
 *
 * Return: 0, or -1 with the run's error set.
 */
static int tgt_start(struct pxl_servers *run, const struct pxl_provider *pv, enum scn_role role, void **inst)
{
	const struct pxl_server_env *env = run->env;
	const struct scenario *sc = env->sc;
	struct pxl_peer_launch *l = calloc(1, sizeof(*l));
	char *err = env->error, prog[PATH_MAX];
	size_t i, errlen = env->errlen;
	struct pxl_buf tmpl = { 0 };
	struct pxl_peers *p;
	int rc = -1;

	if (!l) {
		return pxl_err(err, errlen, "out of memory");
	}
	if (!(p = pxl_peers_get(run)))
		goto out;
	if (!pxl_peer_program(&tgt, prog, sizeof(prog))) {
		snprintf(err, errlen, "tgtd is not installed (Debian package tgt: make deps)");
		goto out;
	}
	/* distinct per pxelab process and run: tgtadm -C takes 0..32767 */
	p->tgt_port = (uint16_t)(16384 + ((unsigned)getpid() * 7u + (unsigned)(env->t0 / 1000000u)) % 16000u);
	if (tgt_template(&tmpl, err, errlen) || pxl_launch_prepare(p, &tgt, l, NULL, err, errlen) ||
	    tgt_launch(p, l, prog, err, errlen))
		goto out;
	*inst = &p->procs[p->nprocs - 1];
	if (tgt_wait_control(p, l, err, errlen))
		goto out;
	rc = 0;
	for (i = 0; i < sc->ntargets && !rc; i++)
		if (sc->targets[i].kind == SCN_SRV_TGT)
			rc = tgt_setup_target(p, l, &sc->targets[i], i, pxl_buf_str(&tmpl), err, errlen);
out:
	pxl_buf_free(&tmpl);
	free(l);
	return rc;
}

static const struct pxl_provider_ops tgt_ops = {
	.start = tgt_start,
	.stop = pxl_peer_stop,
	.addr = pxl_peer_addr,
	.available = pxl_peer_available,
	.netns = 1,
};

/** pxl_provider_tgt - tgt (tgtd and tgtadm) in the private namespace */
const struct pxl_provider pxl_provider_tgt = { &tgt_ops, { [SCN_ROLE_ISCSI] = &tgt } };
