/* engine.c - run one scenario: build the LAN, boot the clients, judge the stages
 *
 * The run: a reports folder, a private temporary folder, the segment with
 * its pcap and the wire observer as a tap, libslirp, the scenario's DHCP,
 * TFTP and iSCSI servers (servers/provider.h), then one QEMU per client.  Every observation (wire
 * or console line) is stored and fed to each client's stage judge
 * (judge.c); a 100 ms tick enforces the deadlines.  Teardown always stops
 * QEMU and removes the temporary folder.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/loop.h"
#include "core/tempdir.h"
#include "core/util.h"
#include "net/slirp_port.h"
#include "qemu/qemu.h"
#include "engine/engine.h"
#include "engine/engine_priv.h"
#include "engine/faults_hooks.h"
#include "engine/ibft.h"
#include "engine/judge.h"
#include "engine/match.h"

#define ENG_TICK_NS (100ULL * 1000000ULL)
#define ENG_MAX_OBS 200000

/**
 * pxl_eng_obs_add_field() - append a (key, value) to an observation being built
 * @o: observation
 * @key: key
 * @val: value
 */
void pxl_eng_obs_add_field(struct pxl_obs *o, const char *key, const char *val)
{
	size_t kl = strlen(key) + 1, vl = strlen(val) + 1;

	if (o->n_fields >= PXL_OBS_MAX_FIELDS || o->used + kl + vl > sizeof(o->text)) {
		o->truncated = 1;
		return;
	}
	memcpy(o->text + o->used, key, kl);
	o->fields[o->n_fields].key = (uint16_t)o->used;
	o->used += kl;
	memcpy(o->text + o->used, val, vl);
	o->fields[o->n_fields].val = (uint16_t)o->used;
	o->used += vl;
	o->n_fields++;
}

/**
 * eng_store() - keep an observation and feed it to every judge
 * @e: engine
 * @o: observation (copied)
 */
void pxl_eng_observe(struct pxl_eng *e, const struct pxl_obs *o)
{
	size_t i;

	if (e->storm) /* a storm's clients judge themselves: nothing keeps its observations */
		return;
	if (e->nobs == e->cap && e->cap < ENG_MAX_OBS)
		(void)PXL_VEC_GROW(e->obs, e->cap, e->nobs + 1);	/* out of memory: not kept */
	if (e->nobs < e->cap)
		e->obs[e->nobs++] = *o;
	if (e->opts->watch && e->opts->watch->obs) {
		e->opts->watch->obs(e->opts->watch->arg, o, o->t_ns > e->t0 ? o->t_ns - e->t0 : 0);
	} else if (e->opts->verbose) {
		char line[512];

		printf("  %8.3f %s\n", (double)(o->t_ns - e->t0) / 1e9, pxl_obs_format(o, line, sizeof(line)));
	}
	if (!e->ncl || !e->cl[e->ncl - 1].judge)	/* the servers are starting (lan6's first RA) */
		return;
	for (i = 0; i < e->ncl; i++)
		pxl_judge_feed(e->cl[i].judge, e->obs, e->nobs, o);
	pxl_eng_check_done(e);
}

/** eng_on_obs() - the wire observer made an observation */
static void eng_on_obs(void *arg, const struct pxl_obs *o)
{
	pxl_eng_observe(arg, o);
}

/** eng_tap() - every frame on the segment goes through the wire observer */
static void eng_tap(void *arg, uint64_t t, int port, const uint8_t *frame, size_t len)
{
	struct pxl_eng *e = arg;
	size_t i;

	for (i = 0; i < e->ncl; i++)
		if (e->cl[i].qemu && pxl_qemu_port(e->cl[i].qemu) == port)
			e->cl[i].alive = t;
	pxl_wire_frame(e->wire, t, port, frame, len);
}

/**
 * eng_console_obs() - one console line (or the pending partial line) as an observation
 * @c: client
 * @text: the line, NUL-terminated
 * @o: out
 */
static void eng_console_obs(const struct pxl_eng_client *c, const char *text, struct pxl_obs *o)
{
	memset(o, 0, offsetof(struct pxl_obs, text));
	o->t_ns = pxl_now_ns();
	o->port = -1;
	o->proto = "console";
	o->verb = "line";
	memcpy(o->mac, c->sc->mac, 6);
	o->has_mac = 1;
	pxl_eng_obs_add_field(o, "text", text);
	snprintf(o->summary, sizeof(o->summary), "console %s: %.200s", c->sc->name, text);
}

/**
 * eng_send_keys() - type the keys of every `on console ... send` line the
 *                   console line @o meets, each once per client
 * @c: client
 * @o: the console observation (a complete or an unfinished line)
 */
static void eng_send_keys(struct pxl_eng_client *c, const struct pxl_obs *o)
{
	const struct scenario *sc = c->eng->sc;
	size_t i;

	for (i = 0; i < sc->nsends && i < SCN_SEND_MAX; i++) {
		const struct scn_send *sd = &sc->sends[i];
		int rc;

		if ((c->sent >> i & 1) || !pxl_expect_matches(sc, &sd->when, c->sc->mac, o))
			continue;
		c->sent |= (uint64_t)1 << i;
		rc = pxl_qemu_send(c->qemu, sd->bytes, sd->nbytes);
		if (c->eng->events)
			fprintf(c->eng->events, "%9.3f console send mac=- ip=- name=%s detail=line %u%s%s value=%zu\n",
				(double)(o->t_ns - c->eng->t0) / 1e9, c->sc->name, sd->loc.line,
				rc ? ": not sent: " : "", rc ? strerror(-rc) : "", sd->nbytes);
	}
}

/**
 * eng_on_console() - console text: complete lines become observations; the
 *                    partial line is shown to the judges without being kept
 * @arg: struct pxl_eng_client
 * @text: new text
 * @len: its length
 */
static void eng_on_console(void *arg, const char *text, size_t len)
{
	struct pxl_eng_client *c = arg;
	struct pxl_eng *e = c->eng;
	struct pxl_obs *o = &e->scratch;
	size_t i;

	c->alive = pxl_now_ns();
	for (i = 0; i < len; i++) {
		if (text[i] != '\n' && c->line_len < sizeof(c->line) - 1) {
			c->line[c->line_len++] = text[i];
			continue;
		}
		if (text[i] != '\n')
			continue;
		c->line[c->line_len] = '\0';
		eng_console_obs(c, c->line, o);
		eng_send_keys(c, o);
		pxl_eng_observe(e, o);
		if (pxl_ibft_obs(c->line, c->sc->name, c->sc->mac, e->obs, e->nobs, o->t_ns, o))
			pxl_eng_observe(e, o);
		c->line_len = 0;
	}
	if (c->line_len) {
		c->line[c->line_len] = '\0';
		eng_console_obs(c, c->line, o);
		eng_send_keys(c, o);
		pxl_judge_feed(c->judge, e->obs, e->nobs, o);
		pxl_eng_check_done(e);
	}
}

/** eng_on_exit() - a client's QEMU exited: an unfinished walk fails here */
static void eng_on_exit(void *arg, int status)
{
	struct pxl_eng_client *c = arg;
	struct pxl_eng *e = c->eng;
	char why[128];

	snprintf(c->qemu_status, sizeof(c->qemu_status), "%s %d",
		 WIFEXITED(status) ? "exited with status" : "killed by signal",
		 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	if (c->line_len) {
		/* the console's last line, never ended by a newline: keep it */
		c->line[c->line_len] = '\0';
		eng_console_obs(c, c->line, &e->scratch);
		c->line_len = 0;
		pxl_eng_observe(e, &e->scratch);
	}
	if (pxl_judge_done(c->judge))
		return;
	snprintf(why, sizeof(why), "QEMU %s", c->qemu_status);
	if (pxl_qemu_stderr(c->qemu)[0])
		snprintf(why + strlen(why), sizeof(why) - strlen(why), "; it said: %.60s",
			 pxl_qemu_stderr(c->qemu));
	pxl_judge_expire(c->judge, e->obs, e->nobs, pxl_now_ns(), why);
	pxl_eng_check_done(e);
}

/**
 * eng_report_stages() - tell the watch which stages passed or failed since the last call
 * @e: engine
 */
static void eng_report_stages(struct pxl_eng *e)
{
	const struct pxl_run_watch *w = e->opts->watch;
	uint64_t t = pxl_now_ns() - e->t0;
	size_t i;

	for (i = 0; w && w->stage && i < e->ncl; i++) {
		struct pxl_eng_client *c = &e->cl[i];
		size_t now = c->judge ? pxl_judge_stage(c->judge) : 0;

		for (; c->reported < now; c->reported++)
			w->stage(w->arg, i, c->reported, PXL_STAGE_PASS, t);
		if (c->judge && pxl_judge_done(c->judge) && !pxl_judge_passed(c->judge) && !c->reported_end)
			w->stage(w->arg, i, now, PXL_STAGE_FAIL, t);
		c->reported_end = c->judge && pxl_judge_done(c->judge);
	}
}

/**
 * pxl_eng_check_done() - report stage changes; stop the loop once every client's walk is over
 * @e: engine
 */
void pxl_eng_check_done(struct pxl_eng *e)
{
	size_t i;

	eng_report_stages(e);
	if (e->storm) /* over when its clients are: eng_tick() asks */
		return;
	for (i = 0; i < e->ncl; i++)
		if (!pxl_judge_done(e->cl[i].judge))
			return;
	pxl_loop_stop(e->loop, 0);
}

/**
 * eng_tick() - enforce stage deadlines and the scenario timeout
 * @arg: engine
 */
static void eng_tick(void *arg)
{
	struct pxl_eng *e = arg;
	uint64_t now = pxl_now_ns();
	size_t i;

	for (i = 0; i < e->ncl; i++)
		if (!pxl_judge_tick(e->cl[i].judge, e->obs, e->nobs, now))
			pxl_judge_idle(e->cl[i].judge, e->obs, e->nobs, now, e->cl[i].alive,
				       e->cl[i].sc->name, e->idle_share);
	pxl_eng_check_done(e);
	if (e->storm && pxl_eng_storm_over(e, now))
		pxl_loop_stop(e->loop, 0);
	if (e->opts->watch && e->opts->watch->tick)
		e->opts->watch->tick(e->opts->watch->arg, now - e->t0);
	pxl_timer_arm(e->tick, now + ENG_TICK_NS);
}

/**
 * eng_start_clients() - one QEMU and one judge per client
 * @e: engine
 *
 * Return: 0, or -1 with e->res->error set.
 */
static int eng_start_clients(struct pxl_eng *e)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	char err[1024];
	size_t i;

	/* guests per CPU: N silent firmwares on fewer cores each start N/cores times slower */
	cpus = cpus > 0 ? cpus : 1;
	e->idle_share = e->ncl > (size_t)cpus ? (unsigned)((e->ncl + (size_t)cpus - 1) / (size_t)cpus) : 1;

	for (i = 0; i < e->ncl; i++) {
		struct pxl_eng_client *c = &e->cl[i];

		if (pxl_eng_client_config(e, c) < 0)
			return -1;
		c->judge = pxl_judge_new(e->sc, (int)i, e->t0);
		c->alive = pxl_now_ns();
		if (!c->judge) {
			snprintf(e->res->error, sizeof(e->res->error), "out of memory");
			return -1;
		}
		c->qemu = pxl_qemu_start(e->loop, e->seg, &c->qcfg, eng_on_console, eng_on_exit, c,
					 err, sizeof(err));
		if (!c->qemu) {
			snprintf(e->res->error, sizeof(e->res->error), "%s", err);
			return -1;
		}
	}
	return 0;
}

/**
 * pxl_eng_setup() - reports folder, temp folder, loop, segment, observer, libslirp, services
 * @e: engine
 *
 * The LAN of every run, `pxelab run`'s and `pxelab storm`'s (engine/storm.c).
 * Return: 0, or -1 with e->res->error set.
 */
int pxl_eng_setup(struct pxl_eng *e)
{
	struct pxl_wire_config wc = { .n_iscsi_ports = 0 };
	char pcap[1024];
	int rc;

	if (pxl_eng_prepare_dirs(e) < 0)
		return -1;
	e->loop = pxl_loop_new();
	e->seg = pxl_segment_new();
	if (!e->loop || !e->seg || pxl_loop_catch_signals(e->loop)) {
		snprintf(e->res->error, sizeof(e->res->error), "cannot set up the event loop");
		return -1;
	}
	snprintf(pcap, sizeof(pcap), "%s/capture.pcap", e->res->rundir);
	if (!e->opts->no_capture && (rc = pxl_segment_open_pcap(e->seg, pcap, e->opts->capture_snap))) {
		snprintf(e->res->error, sizeof(e->res->error), "cannot write %s: %s", pcap, strerror(-rc));
		return -1;
	}
	pxl_eng_iscsi_ports(e, wc.iscsi_ports, &wc.n_iscsi_ports);
	e->wire = pxl_wire_new(&wc, eng_on_obs, e);
	if (!e->wire || pxl_segment_add_tap(e->seg, eng_tap, e)) {
		snprintf(e->res->error, sizeof(e->res->error), "cannot create the wire observer");
		return -1;
	}
	if (pxl_eng_start_slirp(e) < 0 || pxl_eng_start_servers(e) < 0)
		return -1;
	e->tick = pxl_timer_new(e->loop, eng_tick, e);
	if (!e->tick) {
		snprintf(e->res->error, sizeof(e->res->error), "out of memory");
		return -1;
	}
	return 0;
}

/**
 * eng_screenshots() - a failed client that is still running: save its screen
 * @e: engine
 */
static void eng_screenshots(struct pxl_eng *e)
{
	size_t i;

	for (i = 0; i < e->ncl; i++) {
		struct pxl_eng_client *c = &e->cl[i];
		char path[1024];

		if (!c->qemu || pxl_judge_passed(c->judge) || pxl_qemu_exited(c->qemu, NULL))
			continue;
		snprintf(path, sizeof(path), "%s/screenshot-%s.png", e->res->rundir, c->sc->name);
		if (pxl_qemu_screendump(c->qemu, path) == 0)
			snprintf(c->screenshot, sizeof(c->screenshot), "%s", path);
	}
}

/**
 * pxl_eng_teardown() - stop every client and service; remove the temp folder
 * @e: engine
 */
void pxl_eng_teardown(struct pxl_eng *e)
{
	size_t i;

	for (i = 0; i < e->ncl; i++) {
		if (e->cl[i].qemu) {
			pxl_qemu_stop(e->cl[i].qemu);
			if (!e->cl[i].qemu_status[0])
				snprintf(e->cl[i].qemu_status, sizeof(e->cl[i].qemu_status), "stopped by pxelab");
		}
	}
	if (e->wire) {
		uint64_t now = pxl_now_ns();

		pxl_wire_flush(e->wire, now);
		pxl_wire_stats(e->wire, &e->res->wire);
		pxl_wire_iscsi_stalls(e->wire, now, e->stall, sizeof(e->stall));
	}
	if (e->seg) {
		struct pxl_segment_stats st;

		pxl_segment_get_stats(e->seg, &st);
		e->res->frames = st.frames;
		e->res->malformed = st.malformed;
	}
	for (i = 0; i < e->ncl; i++) {
		if (e->cl[i].qemu && e->res->clients)
			e->res->clients[i].console = strdup(pxl_qemu_console(e->cl[i].qemu, NULL));
		pxl_qemu_free(e->cl[i].qemu);
	}
	pxl_eng_stop_servers(e);
	e->res->robust.synack_repeats = pxl_slirp_synack_repeats(e->slirp);
	pxl_slirp_free(e->slirp);
	pxl_timer_free(e->tick);
	pxl_eng_robust_collect(e);
	pxl_segment_free(e->seg);
	pxl_wire_free(e->wire);
	if (e->loop && pxl_loop_signal(e->loop))
		e->res->interrupted = pxl_loop_signal(e->loop);
	pxl_loop_free(e->loop);
	if (e->tmpdir[0] && !e->opts->keep)
		pxl_tempdir_remove(e->tmpdir);
}

/**
 * eng_interrupted() - a signal stopped the loop: fail every open walk
 * @e: engine
 */
static void eng_interrupted(struct pxl_eng *e)
{
	char why[64];
	size_t i;

	snprintf(why, sizeof(why), "interrupted by signal %d", pxl_loop_signal(e->loop));
	for (i = 0; i < e->ncl; i++)
		pxl_judge_expire(e->cl[i].judge, e->obs, e->nobs, pxl_now_ns(), why);
}

/**
 * pxl_eng_cpu() - CPU seconds used so far by this process and by its reaped children
 * @self: out
 * @children: out
 */
void pxl_eng_cpu(double *self, double *children)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	*self = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
		(double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	getrusage(RUSAGE_CHILDREN, &ru);
	*children = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
		    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/**
 * pxl_engine_run() - run one scenario instance to its verdict
 * @sc: scenario (checked: scn_check_files() passed)
 * @opts: options
 * @res: out: results (free with pxl_run_result_free())
 *
 * Return: 0 when the run passed, 1 when a stage failed, 2 when the run
 * could not start (res->error says why), 128+N when interrupted.
 */
int pxl_engine_run(const struct scenario *sc, const struct pxl_run_opts *opts, struct pxl_run_result *res)
{
	struct pxl_eng e = { .sc = sc, .opts = opts, .res = res };
	double self0, children0;
	int code = 0;

	memset(res, 0, sizeof(*res));
	res->sc = sc;
	e.ncl = sc->nclients;
	e.cl = calloc(sc->nclients ? sc->nclients : 1, sizeof(*e.cl));
	res->clients = calloc(sc->nclients ? sc->nclients : 1, sizeof(*res->clients));
	if (!e.cl || !res->clients) {
		snprintf(res->error, sizeof(res->error), "out of memory");
		return 2;
	}
	pxl_eng_robust_prepare(&e); /* hashes images: before the run clock starts */
	pxl_eng_cpu(&self0, &children0);
	e.t0 = pxl_now_ns();
	if (!res->error[0] && pxl_eng_setup(&e) == 0 && eng_start_clients(&e) == 0 &&
	    pxl_eng_robust_start(&e) == 0) {
		pxl_timer_arm(e.tick, e.t0 + ENG_TICK_NS);
		pxl_loop_run(e.loop);
		if (pxl_loop_signal(e.loop))
			eng_interrupted(&e);
		eng_screenshots(&e);
	}
	res->duration = pxl_now_ns() - e.t0;
	pxl_eng_teardown(&e);
	pxl_eng_collect(&e);
	pxl_eng_cpu(&res->cpu_self, &res->cpu_children);
	res->cpu_self -= self0;          /* this run only, not earlier runs of this process */
	res->cpu_children -= children0;
	if (res->error[0])
		code = 2;
	else if (res->interrupted)
		code = 128 + res->interrupted;
	else
		code = res->passed ? 0 : 1;
	free(e.obs);
	free(e.cl);
	return code;
}
