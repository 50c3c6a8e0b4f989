/* judge.c - the stage judge: one client's walk through the scenario's stages
 *
 * The judge decides verdicts; diagnose.c words them.
 *
 * Stages are met in order.  Stage 1 starts at the run start, stage N+1 when
 * stage N ended (the time of the observation that met its last open
 * expectation).  An observation is offered to the stage that is current
 * when it arrives, if it was made at or after that stage's start; the one
 * that completed stage N is therefore not offered to stage N+1, nor is the
 * rest of a console line that met stage N (judge_identify()).  Every
 * observation meets at most one stage: a scenario that wants a second
 * login says so, with an `expect` in the next stage or `times 2`.
 *
 * An `expect` line is met once `times` (default 1) distinct observations
 * met it; a stage is met when all its `expect` lines are, and one with no
 * `expect` line as soon as it starts.  A `never` line is active from its
 * stage's start to the end of the run: once met `times` times, the stage
 * running then fails, naming the line.  A stage not met by its `within`
 * deadline (or the scenario's timeout) fails with what was expected and
 * the nearest observations seen instead; the deadlines are checked at
 * every observation and by pxl_judge_tick(), so an observation made at or
 * after the deadline never meets the stage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/diagnose.h"
#include "engine/judge.h"
#include "engine/match.h"

/* leading bytes of a console line kept to recognise its next piece */
#define JUDGE_LINE_KEEP 256

/**
 * struct judge_exp - progress of one `expect` or `never` line
 * @count: distinct observations that met it
 * @last:  identity of the last of them (0: none)
 * @t:     its time
 * @mark:  its summary
 */
struct judge_exp {
	unsigned count;
	uint64_t last;
	uint64_t t;
	char mark[PXL_OBS_SUMMARY];
};

/**
 * struct judge_line - the console line a client is writing, as last shown to the judge
 * @id:    its identity
 * @open:  it was shown unfinished (a piece, not kept in the store)
 * @spent: 1 + index of the latest stage one of whose `expect` lines it met (0: none)
 * @text:  its text so far (cut)
 */
struct judge_line {
	uint64_t id;
	int open;
	size_t spent;
	char text[JUDGE_LINE_KEEP];
};

/**
 * struct judge_seen - one observation as the judge tells them apart
 * @id:   identity: pieces of one console line share it, anything else has its own
 * @line: the console line it belongs to, or NULL
 */
struct judge_seen {
	uint64_t id;
	struct judge_line *line;
};

/**
 * struct pxl_judge - one client's stage walk
 * @sc: scenario
 * @mac: the client's MAC
 * @t0: run start (absolute ns)
 * @stage: index of the current stage (== nstages when all passed)
 * @ex: per stage, per expectation: progress
 * @lines: per scenario client: its console line being written
 * @seq: identities handed out
 * @res: results per stage
 * @done: passed or failed
 */
struct pxl_judge {
	const struct scenario *sc;
	const uint8_t *mac;
	uint64_t t0;
	size_t stage;
	struct judge_exp **ex;
	struct judge_line *lines;
	uint64_t seq;
	struct pxl_stage_result *res;
	int done;
};

static void judge_advance(struct pxl_judge *j);

/** judge_times() - Return: how many observations meet @e (`times`, at least 1) */
static unsigned judge_times(const struct scn_expect *e)
{
	return e->times ? e->times : 1;
}

/** judge_has_expect() - Return: 1 if @st has an `expect` line (not only `never` lines) */
static int judge_has_expect(const struct scn_stage *st)
{
	size_t i;

	for (i = 0; i < st->nex; i++)
		if (!st->ex[i].negate)
			return 1;
	return 0;
}

/**
 * pxl_judge_new() - start judging one client
 * @sc: scenario
 * @client: index of the client
 * @t0: run start, absolute monotonic ns (stage 1 starts here)
 *
 * Return: the judge or NULL.
 */
struct pxl_judge *pxl_judge_new(const struct scenario *sc, int client, uint64_t t0)
{
	struct pxl_judge *j = calloc(1, sizeof(*j));
	size_t i, nst = sc->nstages ? sc->nstages : 1;

	if (!j)
		return NULL;
	j->sc = sc;
	j->mac = sc->clients[client].mac;
	j->t0 = t0;
	j->res = calloc(nst, sizeof(*j->res));
	j->ex = calloc(nst, sizeof(*j->ex));
	j->lines = calloc(sc->nclients ? sc->nclients : 1, sizeof(*j->lines));
	if (!j->res || !j->ex || !j->lines)
		goto err;
	for (i = 0; i < sc->nstages; i++) {
		j->ex[i] = calloc(sc->stages[i].nex ? sc->stages[i].nex : 1, sizeof(**j->ex));
		if (!j->ex[i])
			goto err;
	}
	j->done = sc->nstages == 0;
	if (sc->nstages && !judge_has_expect(&sc->stages[0]))
		judge_advance(j);
	return j;
err:
	pxl_judge_free(j);
	return NULL;
}

/** pxl_judge_free() - free a judge (results included unless taken) */
void pxl_judge_free(struct pxl_judge *j)
{
	size_t i;

	if (!j)
		return;
	for (i = 0; j->ex && i < j->sc->nstages; i++)
		free(j->ex[i]);
	free(j->ex);
	if (j->res) {
		for (i = 0; i < j->sc->nstages; i++) {
			free(j->res[i].message);
			free(j->res[i].marks);
		}
		free(j->res);
	}
	free(j->lines);
	free(j);
}

/**
 * pxl_judge_take_results() - hand the per-stage results to the caller
 * @j: judge
 *
 * Return: an array of sc->nstages results the caller frees (messages too).
 */
struct pxl_stage_result *pxl_judge_take_results(struct pxl_judge *j)
{
	struct pxl_stage_result *r = j->res;

	j->res = NULL;
	return r;
}

/** pxl_judge_done() - Return: 1 once every stage passed or one failed */
int pxl_judge_done(const struct pxl_judge *j)
{
	return j->done;
}

/** pxl_judge_passed() - Return: 1 if every stage passed */
int pxl_judge_passed(const struct pxl_judge *j)
{
	return j->done && j->stage >= j->sc->nstages;
}

/** pxl_judge_stage() - Return: index of the stage being judged */
size_t pxl_judge_stage(const struct pxl_judge *j)
{
	return j->stage;
}

/** rel() - Return: @t relative to the run start */
static uint64_t rel(const struct pxl_judge *j, uint64_t t)
{
	return t > j->t0 ? t - j->t0 : 0;
}

/**
 * pxl_judge_deadline() - when the current stage fails if not met
 * @j: judge
 *
 * Return: absolute ns, or UINT64_MAX when the stage has no `within`.
 */
uint64_t pxl_judge_deadline(const struct pxl_judge *j)
{
	const struct scn_stage *st;

	if (j->done)
		return UINT64_MAX;
	st = &j->sc->stages[j->stage];
	return st->within ? j->t0 + j->res[j->stage].start + st->within : UINT64_MAX;
}

/**
 * judge_fail() - fail the current stage, skip the rest
 * @j: judge
 * @now: absolute time
 * @msg: diagnosis (copied)
 */
static void judge_fail(struct pxl_judge *j, uint64_t now, const char *msg)
{
	size_t i;

	j->res[j->stage].state = PXL_STAGE_FAIL;
	j->res[j->stage].end = rel(j, now);
	j->res[j->stage].message = strdup(msg);
	for (i = j->stage + 1; i < j->sc->nstages; i++)
		j->res[i].state = PXL_STAGE_SKIPPED;
	j->done = 1;
}

/**
 * judge_close() - the current stage is met: its verdict, times and marks
 * @j: judge
 *
 * The stage ends at its latest expectation's observation; the marks list
 * the observations that met its `expect` lines.
 */
static void judge_close(struct pxl_judge *j)
{
	const struct scn_stage *st = &j->sc->stages[j->stage];
	struct pxl_stage_result *r = &j->res[j->stage];
	const struct judge_exp *x = j->ex[j->stage];
	size_t i, len = 0;
	uint64_t end = 0, first = UINT64_MAX;

	for (i = 0; i < st->nex; i++) {
		if (st->ex[i].negate)
			continue;
		end = x[i].t > end ? x[i].t : end;
		first = x[i].t < first ? x[i].t : first;
		len += strlen(x[i].mark) + 1;
	}
	r->state = PXL_STAGE_PASS;
	r->end = end ? rel(j, end) : r->start;
	r->end = r->end < r->start ? r->start : r->end;
	r->first = first == UINT64_MAX ? r->start : rel(j, first);
	r->marks = calloc(1, len + 1);
	for (i = 0; r->marks && i < st->nex; i++) {
		if (!st->ex[i].negate && x[i].mark[0]) {
			strcat(r->marks, x[i].mark);
			strcat(r->marks, "\n");
		}
	}
}

/**
 * judge_advance() - the current stage is met: close it and open the next
 * @j: judge
 *
 * The next stage starts at the end of this one.  A stage with no `expect`
 * line is met as it opens (its `never` lines stay active to the end).
 */
static void judge_advance(struct pxl_judge *j)
{
	do {
		judge_close(j);
		if (++j->stage >= j->sc->nstages) {
			j->done = 1;
			return;
		}
		j->res[j->stage].start = j->res[j->stage - 1].end;
	} while (!judge_has_expect(&j->sc->stages[j->stage]));
}

/**
 * judge_line_of() - the console line an observation belongs to
 * @j: judge
 * @o: observation
 *
 * Return: the line of the scenario client whose console @o is, or NULL.
 */
static struct judge_line *judge_line_of(struct pxl_judge *j, const struct pxl_obs *o)
{
	size_t c;

	if (strcmp(o->proto, "console") || !o->has_mac)
		return NULL;
	for (c = 0; c < j->sc->nclients; c++)
		if (!memcmp(j->sc->clients[c].mac, o->mac, 6))
			return &j->lines[c];
	return NULL;
}

/** obs_same() - Return: 1 if @a and @b are copies of one observation */
static int obs_same(const struct pxl_obs *a, const struct pxl_obs *b)
{
	return a->t_ns == b->t_ns && !strcmp(a->proto, b->proto) && !strcmp(a->verb, b->verb) &&
	       !strcmp(a->summary, b->summary);
}

/**
 * judge_identify() - tell observations apart
 * @j: judge
 * @store, @n: every observation kept so far
 * @o: the new observation
 * @seen: out: its identity
 *
 * Every observation is new, except console lines: the engine shows a line
 * while it is being written (each piece a transient observation, not kept
 * in @store), then once complete (kept, the last of @store).  The pieces
 * and the complete line share one identity, so the line counts once
 * towards `times` and, having met a stage, is not offered to the next.  A
 * console observation continues the client's line if the previous one was
 * a transient piece that its text extends.  (Past the store's capacity
 * complete lines look transient too: then only a line repeating the
 * previous one word for word is taken for its continuation.)
 */
static void judge_identify(struct pxl_judge *j, const struct pxl_obs *store, size_t n,
			   const struct pxl_obs *o, struct judge_seen *seen)
{
	struct judge_line *l = judge_line_of(j, o);
	const char *text;

	seen->line = l;
	if (!l) {
		seen->id = ++j->seq;
		return;
	}
	text = pxl_obs_field(o, "text");
	text = text ? text : "";
	if (!l->open || strncmp(text, l->text, strlen(l->text))) {
		l->id = ++j->seq;
		l->spent = 0;
	}
	l->open = !(n && obs_same(&store[n - 1], o));
	snprintf(l->text, sizeof(l->text), "%s", text);
	seen->id = l->id;
}

/**
 * judge_offered() - may an observation count for stage @s?
 * @j: judge
 * @o: observation
 * @seen: its identity
 * @s: stage index
 *
 * Return: 1 if it was made at or after the stage's start and is not the
 * rest of a console line that met an earlier stage.
 */
static int judge_offered(const struct pxl_judge *j, const struct pxl_obs *o, const struct judge_seen *seen,
			 size_t s)
{
	if (rel(j, o->t_ns) < j->res[s].start)
		return 0;
	return !seen->line || !seen->line->spent || seen->line->spent - 1 >= s;
}

/**
 * judge_count() - count an observation towards one line, once per distinct observation
 * @x: the line's progress
 * @seen: the observation's identity
 * @o: the observation
 *
 * Return: 1 if counted now, 0 if it had been counted already.
 */
static int judge_count(struct judge_exp *x, const struct judge_seen *seen, const struct pxl_obs *o)
{
	if (x->last == seen->id)
		return 0;
	x->last = seen->id;
	x->count++;
	x->t = o->t_ns;
	snprintf(x->mark, sizeof(x->mark), "%s", o->summary);
	return 1;
}

/**
 * judge_check_nevers() - count @o against every active `never` line
 * @j: judge
 * @o: observation
 * @seen: its identity
 *
 * Return: 1 if a `never` line has now been met (the current stage failed).
 */
static int judge_check_nevers(struct pxl_judge *j, const struct pxl_obs *o, const struct judge_seen *seen)
{
	char msg[2048];
	size_t s, i;

	for (s = 0; s <= j->stage && s < j->sc->nstages; s++) {
		const struct scn_stage *st = &j->sc->stages[s];

		if (!judge_offered(j, o, seen, s))
			continue;
		for (i = 0; i < st->nex; i++) {
			const struct scn_expect *e = &st->ex[i];

			if (!e->negate || !pxl_expect_matches(j->sc, e, j->mac, o) ||
			    !judge_count(&j->ex[s][i], seen, o) || j->ex[s][i].count < judge_times(e))
				continue;
			pxl_diag_never(j->sc, st, e, o, msg, sizeof(msg));
			judge_fail(j, o->t_ns, msg);
			return 1;
		}
	}
	return 0;
}

/**
 * judge_try_stage() - count @o towards the open `expect` lines of the current stage
 * @j: judge
 * @o: observation
 * @seen: its identity
 *
 * Return: 1 if the stage is now met.
 */
static int judge_try_stage(struct pxl_judge *j, const struct pxl_obs *o, const struct judge_seen *seen)
{
	const struct scn_stage *st = &j->sc->stages[j->stage];
	struct judge_exp *x = j->ex[j->stage];
	int open = 0;
	size_t i;

	if (!judge_offered(j, o, seen, j->stage))
		return 0;
	for (i = 0; i < st->nex; i++) {
		const struct scn_expect *e = &st->ex[i];

		if (e->negate || x[i].count >= judge_times(e))
			continue;
		if (pxl_expect_matches(j->sc, e, j->mac, o) && judge_count(&x[i], seen, o) && seen->line)
			seen->line->spent = j->stage + 1;
		open += x[i].count < judge_times(e);
	}
	return open == 0;
}

/**
 * judge_late() - fail the current stage if @now is past its deadline or the scenario's
 * @j: judge (not done)
 * @store, @n: observations so far (for the diagnosis)
 * @now: absolute time
 *
 * Return: 1 if the stage failed.
 */
static int judge_late(struct pxl_judge *j, const struct pxl_obs *store, size_t n, uint64_t now)
{
	char why[128];

	if (now >= pxl_judge_deadline(j))
		pxl_diag_within(j->sc->stages[j->stage].within, why, sizeof(why));
	else if (j->sc->timeout && now >= j->t0 + j->sc->timeout)
		pxl_diag_timeout(j->sc->timeout, why, sizeof(why));
	else
		return 0;
	pxl_judge_expire(j, store, n, now, why);
	return 1;
}

/**
 * pxl_judge_tick() - enforce the current stage's `within` and the scenario's timeout
 * @j: judge
 * @store, @n: observations so far (for the diagnosis)
 * @now: absolute time
 *
 * A deadline is missed at the instant it is reached: the stage fails with
 * "within 20 s" or "scenario timeout 180 s" as the reason.
 * Return: 1 if the stage failed now.
 */
int pxl_judge_tick(struct pxl_judge *j, const struct pxl_obs *store, size_t n, uint64_t now)
{
	return !j->done && judge_late(j, store, n, now);
}

/**
 * judge_dead_end() - fail the current stage at once if a console line proves the client stuck
 * @j: judge (its stage not met by @o)
 * @store, @n: observations so far (for the diagnosis)
 * @o: the observation
 * @seen: its identity
 *
 * Only this client's console counts, and not a line that met an `expect`
 * line: a scenario that expects "Kernel panic" is not stuck when it sees it.
 */
static void judge_dead_end(struct pxl_judge *j, const struct pxl_obs *store, size_t n,
			   const struct pxl_obs *o, const struct judge_seen *seen)
{
	const struct scn_dead_end *de;
	const char *text;
	char why[512];

	if (!seen->line || seen->line->spent || memcmp(o->mac, j->mac, 6))
		return;
	text = pxl_obs_field(o, "text");
	de = text ? scn_dead_end_find(j->sc, text) : NULL;
	if (!de)
		return;
	pxl_diag_dead_end(de, text, (double)rel(j, o->t_ns) / 1e9, why, sizeof(why));
	pxl_judge_expire(j, store, n, o->t_ns, why);
}

/**
 * pxl_judge_idle() - fail the current stage if the client has been silent for the idle time
 * @j: judge
 * @store, @n: observations so far (for the diagnosis)
 * @now: absolute time
 * @last: when the client last sent a frame or printed (absolute ns)
 * @client: its name, for the diagnosis
 * @share: QEMU clients per host CPU in this run, at least 1: the idle time is
 *         multiplied by it (8 TCG guests on 2 cores each start ~4x slower,
 *         and a firmware is silent while it starts)
 *
 * Return: 1 if the stage failed now.
 */
int pxl_judge_idle(struct pxl_judge *j, const struct pxl_obs *store, size_t n, uint64_t now,
		   uint64_t last, const char *client, unsigned share)
{
	uint64_t idle = j->sc->dead_ends.idle * (share ? share : 1);
	char why[256], more[64] = "";

	if (j->done || !idle || now < last || now - last < idle)
		return 0;
	if (share > 1)
		snprintf(more, sizeof(more), " (dead-end idle %.0f s x %u clients per CPU)",
			 (double)j->sc->dead_ends.idle / 1e9, share);
	snprintf(why, sizeof(why), "dead end idle at %.1f s: no frame and no console output from %s for %.0f s%s",
		 (double)rel(j, now) / 1e9, client, (double)idle / 1e9, more);
	pxl_judge_expire(j, store, n, now, why);
	return 1;
}

/**
 * pxl_judge_feed() - one new observation
 * @j: judge
 * @store: every observation kept so far
 * @n: entries in @store
 * @o: the new observation: a copy of the last of @store, or a transient one
 *     not kept (a console line still being written)
 *
 * The rule of stages: @o is offered to the stage current when it arrives
 * (and, for `never` lines, to the stages before it), if made at or after
 * that stage's start.  When @o completes a stage, the next one opens but
 * is not offered @o: it sees only later observations, and not the rest of
 * a console line that met an earlier stage.  So one observation meets at
 * most one stage.  An @o made at or after the current deadline fails the
 * stage instead (as pxl_judge_tick() would have).
 */
void pxl_judge_feed(struct pxl_judge *j, const struct pxl_obs *store, size_t n, const struct pxl_obs *o)
{
	struct judge_seen seen;

	if (j->done || judge_late(j, store, n, o->t_ns))
		return;
	judge_identify(j, store, n, o, &seen);
	if (judge_check_nevers(j, o, &seen))
		return;
	if (judge_try_stage(j, o, &seen))
		judge_advance(j);
	else
		judge_dead_end(j, store, n, o, &seen);
}

/**
 * pxl_judge_expire() - the current stage ran out of time: fail it with a diagnosis
 * @j: judge
 * @store, @n: observations so far
 * @now: absolute time
 * @why: "within 20 s", "scenario timeout 180 s", "QEMU exited (status 1)" ...
 */
void pxl_judge_expire(struct pxl_judge *j, const struct pxl_obs *store, size_t n, uint64_t now,
		      const char *why)
{
	const struct scn_stage *st;
	char msg[8192];
	size_t i;

	if (j->done)
		return;
	st = &j->sc->stages[j->stage];
	pxl_diag_unmet_head(st, why, msg, sizeof(msg));
	for (i = 0; i < st->nex; i++) {
		const struct judge_exp *x = &j->ex[j->stage][i];

		if (st->ex[i].negate || x->count >= judge_times(&st->ex[i]))
			continue;
		pxl_diag_unmet_line(j->sc, &st->ex[i], x->count, j->mac, store, n, msg, sizeof(msg));
	}
	judge_fail(j, now, msg);
}

/**
 * pxl_judge_xfail() - did a client fail exactly as the scenario's `xfail` declares?
 * @sc: scenario (xfail.stage != 0)
 * @client: the client's name (for the note)
 * @passed: every stage passed
 * @stages: its per-stage results (NULL: none)
 * @note, @len: out: how (left alone when there is no declared stage to look at)
 *
 * Met when the declared stage failed and its diagnosis contains the
 * declared text (any case).
 * Return: 1 if met.
 */
int pxl_judge_xfail(const struct scenario *sc, const char *client, int passed,
		    const struct pxl_stage_result *stages, char *note, size_t len)
{
	unsigned want = sc->xfail.stage;
	const struct pxl_stage_result *st;
	enum pxl_xfail_how how;

	if (passed) {
		how = PXL_XFAIL_ALL_PASSED;
	} else if (!want || want > sc->nstages || !stages) {
		return 0;
	} else if ((st = &stages[want - 1])->state != PXL_STAGE_FAIL) {
		how = st->state == PXL_STAGE_PASS ? PXL_XFAIL_LATER : PXL_XFAIL_NOT_RUN;
	} else if (sc->xfail.text && !strcasestr(st->message ? st->message : "", sc->xfail.text)) {
		how = PXL_XFAIL_TEXT_MISSING;
	} else {
		how = PXL_XFAIL_MET;
	}
	pxl_diag_xfail(sc, client, how, note, len);
	return how == PXL_XFAIL_MET;
}
