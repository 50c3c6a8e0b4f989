/* progress.c - terminal progress of `pxelab run`: live line on a TTY, timestamped lines elsewhere
 *
 * Driven by the engine through struct pxl_run_watch: every observation,
 * every stage that passes or fails, and the engine's 100 ms tick (which
 * redraws the live line).  Everything runs in the engine's loop.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli/progress.h"

/**
 * struct pxl_progress - progress of one running scenario
 * @mode: how it is shown
 * @sc: the scenario
 * @verbose: print every observation (-v)
 * @index, @total: position in the run ("[2/7]")
 * @out: where progress goes
 * @watch: the callbacks handed to the engine
 * @stage: per client: index of the stage in progress (nstages when all met)
 * @failed: per client: its walk failed
 * @last: the latest observation, short, for the live line
 * @now: the engine's latest time, ns since the run start
 * @frame: spinner frame
 */
struct pxl_progress {
	enum pxl_progress_mode mode;
	const struct scenario *sc;
	int verbose;
	size_t index, total;
	FILE *out;
	struct pxl_run_watch watch;
	size_t *stage;
	int *failed;
	char last[200];
	uint64_t now;
	unsigned frame;
};

/**
 * pxl_progress_mode_pick() - TTY mode on a terminal, plain lines elsewhere or under CI=true
 * @quiet: --quiet
 * @out: the stream progress goes to
 *
 * Return: the mode.
 */
enum pxl_progress_mode pxl_progress_mode_pick(int quiet, FILE *out)
{
	const char *ci = getenv("CI"), *term = getenv("TERM");

	if (quiet)
		return PXL_PROGRESS_QUIET;
	if (!isatty(fileno(out)) || (ci && !strcmp(ci, "true")) || (term && !strcmp(term, "dumb")))
		return PXL_PROGRESS_PLAIN;
	return PXL_PROGRESS_TTY;
}

/**
 * stamp() - write "[HH:MM:SS] " (local time)
 * @f: stream
 */
static void stamp(FILE *f)
{
	char ts[16];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%H:%M:%S", &tm);
	fprintf(f, "[%s] ", ts);
}

/**
 * last_seen() - the latest observation, short: "console: text" or "dhcp ack file=..." without noise
 * @o: observation
 * @out, @len: out
 */
static void last_seen(const struct pxl_obs *o, char *out, size_t len)
{
	const char *k, *v;
	size_t i, n;

	if (!strcmp(o->proto, "console")) {
		snprintf(out, len, "console: %s", pxl_obs_field(o, "text") ?: "");
		return;
	}
	n = (size_t)snprintf(out, len, "%s %s", o->proto, o->verb);
	for (i = 0; pxl_obs_field_at(o, i, &k, &v) == 0 && n < len; i++)
		if (strncmp(k, "option-", 7) && strcmp(k, "xid"))
			n += (size_t)snprintf(out + n, len - n, " %s=%s", k, v);
}

/** clear_line() - on a TTY, erase the live line before printing a whole line */
static void clear_line(struct pxl_progress *p)
{
	if (p->mode == PXL_PROGRESS_TTY)
		fputs("\r\033[K", p->out);
}

/**
 * on_obs() - watch: an observation (printed with -v; remembered for the live line)
 * @arg: progress
 * @o: observation
 * @t: ns since the run start
 */
static void on_obs(void *arg, const struct pxl_obs *o, uint64_t t)
{
	struct pxl_progress *p = arg;
	char line[512];

	p->now = t;
	last_seen(o, p->last, sizeof(p->last));
	if (!p->verbose)
		return;
	clear_line(p);
	fprintf(p->out, "  %8.3f %s\n", (double)t / 1e9, pxl_obs_format(o, line, sizeof(line)));
}

/**
 * on_stage() - watch: a stage passed or failed (plain mode prints it)
 * @arg: progress
 * @client, @stage: indexes
 * @state: PXL_STAGE_PASS or PXL_STAGE_FAIL
 * @t: ns since the run start
 */
static void on_stage(void *arg, size_t client, size_t stage, enum pxl_stage_state state, uint64_t t)
{
	struct pxl_progress *p = arg;
	const struct scn_stage *st = stage < p->sc->nstages ? &p->sc->stages[stage] : NULL;

	if (state == PXL_STAGE_PASS)
		p->stage[client] = stage + 1;
	else
		p->failed[client] = 1;
	if (p->mode != PXL_PROGRESS_PLAIN || !st)
		return;
	stamp(p->out);
	fprintf(p->out, "%s %s: stage %u \"%s\" %s at %.2f s\n", p->sc->name, p->sc->clients[client].name,
		st->number, st->name, state == PXL_STAGE_PASS ? "met" : "FAILED", (double)t / 1e9);
	fflush(p->out);
}

/**
 * on_tick() - watch: redraw the live line (spinner, each client's stage, elapsed, latest packet)
 * @arg: progress
 * @t: ns since the run start
 */
static void on_tick(void *arg, uint64_t t)
{
	static const char *const spin[] = { "\xe2\xa0\x8b", "\xe2\xa0\x99", "\xe2\xa0\xb9", "\xe2\xa0\xb8",
					    "\xe2\xa0\xbc", "\xe2\xa0\xb4", "\xe2\xa0\xa6", "\xe2\xa0\xa7",
					    "\xe2\xa0\x87", "\xe2\xa0\x8f" };
	struct pxl_progress *p = arg;
	char line[512];
	struct winsize ws;
	size_t c, n, s, cols = 100;

	if (p->mode != PXL_PROGRESS_TTY)
		return;
	if (ioctl(fileno(p->out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		cols = ws.ws_col;
	n = (size_t)snprintf(line, sizeof(line), "[%zu/%zu] %s", p->index, p->total, p->sc->name);
	for (c = 0; c < p->sc->nclients && n < sizeof(line); c++) {
		s = p->stage[c];
		if (s < p->sc->nstages)
			n += (size_t)snprintf(line + n, sizeof(line) - n, "  %s stage %u/%zu %s%s", p->sc->clients[c].name,
					      p->sc->stages[s].number, p->sc->nstages,
					      p->sc->nclients == 1 ? p->sc->stages[s].name : "", p->failed[c] ? " FAILED" : "");
		else
			n += (size_t)snprintf(line + n, sizeof(line) - n, "  %s all stages met", p->sc->clients[c].name);
	}
	if (n < sizeof(line))
		snprintf(line + n, sizeof(line) - n, "  %.1f s  %s", (double)t / 1e9, p->last);
	line[cols - 4 < sizeof(line) ? cols - 4 : sizeof(line) - 1] = '\0';
	fprintf(p->out, "\r\033[K\033[1;33m%s\033[0m %s", spin[p->frame++ % 10], line);
	fflush(p->out);
}

/**
 * pxl_progress_begin() - a scenario starts: announce it
 * @mode: how to show progress (QUIET: nothing happens, NULL is returned)
 * @sc: the scenario
 * @verbose: print every observation (-v)
 * @index, @total: position of this run among all (1-based)
 *
 * Return: the progress (hand pxl_progress_watch() to the engine), or NULL
 * (quiet, or out of memory: the run then goes on without progress).
 */
struct pxl_progress *pxl_progress_begin(enum pxl_progress_mode mode, const struct scenario *sc, int verbose,
					size_t index, size_t total)
{
	struct pxl_progress *p;

	if (mode == PXL_PROGRESS_QUIET || !(p = calloc(1, sizeof(*p))))
		return NULL;
	p->stage = calloc(sc->nclients + 1, sizeof(*p->stage));
	p->failed = calloc(sc->nclients + 1, sizeof(*p->failed));
	if (!p->stage || !p->failed) {
		free(p->stage);
		free(p->failed);
		free(p);
		return NULL;
	}
	p->mode = mode;
	p->sc = sc;
	p->verbose = verbose;
	p->index = index;
	p->total = total;
	p->out = stdout;
	p->watch = (struct pxl_run_watch){ on_obs, on_stage, on_tick, p };
	if (mode == PXL_PROGRESS_PLAIN) {
		stamp(p->out);
		fprintf(p->out, "[%zu/%zu] %s: started (%zu client%s, %zu stages)\n", index, total, sc->name,
			sc->nclients, sc->nclients == 1 ? "" : "s", sc->nstages);
	}
	fflush(p->out);
	return p;
}

/**
 * pxl_progress_watch() - the callbacks to put in struct pxl_run_opts
 * @p: progress (NULL: none)
 *
 * Return: the watch, or NULL.
 */
const struct pxl_run_watch *pxl_progress_watch(struct pxl_progress *p)
{
	return p ? &p->watch : NULL;
}

/**
 * pxl_progress_end() - the scenario ended: close the live line, print the verdict
 * @p: progress (NULL: nothing)
 * @res: the engine's result
 */
void pxl_progress_end(struct pxl_progress *p, const struct pxl_run_result *res)
{
	const char *v = res->passed ? (res->sc->xfail.stage ? "XFAIL" : "PASS") : res->error[0] ? "ERROR" : "FAIL";

	if (!p)
		return;
	if (p->mode == PXL_PROGRESS_TTY) {
		fprintf(p->out, "\r\033[K\033[1;%sm%s %s\033[0m [%zu/%zu] %s in %.1f s\n", res->passed ? "32" : "31",
			res->passed ? "\xe2\x9c\x94" : "\xe2\x9c\x98", v, p->index, p->total, res->sc->name,
			(double)res->duration / 1e9);
	} else {
		stamp(p->out);
		fprintf(p->out, "[%zu/%zu] %s: %s in %.1f s\n", p->index, p->total, res->sc->name, v,
			(double)res->duration / 1e9);
	}
	fflush(p->out);
	free(p->stage);
	free(p->failed);
	free(p);
}
