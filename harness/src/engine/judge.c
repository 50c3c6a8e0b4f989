/* judge.c - the stage judge: one client's walk through the scenario's stages
 *
 * Stages are met in order.  A stage starts when the previous one ended (its
 * last expectation met) and ends when all its `expect` lines are met by
 * observations made at or after its start.  A `never` line is active from
 * its stage's start to the end of the run: once it is met `times` times,
 * the stage running then fails, naming the line.  A stage that is not met
 * by its `within` deadline (or the scenario's timeout) fails with what was
 * expected and the nearest observations seen instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/match.h"
#include "engine/judge.h"

/**
 * struct judge_exp - progress of one expectation of the current stage
 * @met: it has been met
 * @t: time of the observation that met it
 * @mark: that observation's summary
 */
struct judge_exp {
	int met;
	uint64_t t;
	char mark[PXL_OBS_SUMMARY];
};

/**
 * struct pxl_judge - one client's stage walk
 * @sc: scenario
 * @mac: the client's MAC
 * @t0: run start (absolute ns)
 * @stage: index of the current stage (== nstages when all passed)
 * @ex: progress of the current stage's expectations
 * @never: per stage, per expectation: times a `never` line was met
 * @res: results per stage
 * @done: passed or failed
 */
struct pxl_judge {
	const struct scenario *sc;
	const uint8_t *mac;
	uint64_t t0;
	size_t stage;
	struct judge_exp *ex;
	unsigned **never;
	struct pxl_stage_result *res;
	int done;
};

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
	size_t i;

	if (!j)
		return NULL;
	j->sc = sc;
	j->mac = sc->clients[client].mac;
	j->t0 = t0;
	j->res = calloc(sc->nstages ? sc->nstages : 1, sizeof(*j->res));
	j->never = calloc(sc->nstages ? sc->nstages : 1, sizeof(*j->never));
	if (!j->res || !j->never)
		goto err;
	for (i = 0; i < sc->nstages; i++) {
		j->never[i] = calloc(sc->stages[i].nex ? sc->stages[i].nex : 1, sizeof(unsigned));
		if (!j->never[i])
			goto err;
	}
	if (sc->nstages) {
		j->ex = calloc(sc->stages[0].nex ? sc->stages[0].nex : 1, sizeof(*j->ex));
		if (!j->ex)
			goto err;
	}
	j->done = sc->nstages == 0;
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
	for (i = 0; j->never && i < j->sc->nstages; i++)
		free(j->never[i]);
	free(j->never);
	if (j->res) {
		for (i = 0; i < j->sc->nstages; i++) {
			free(j->res[i].message);
			free(j->res[i].marks);
		}
		free(j->res);
	}
	free(j->ex);
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
 * Return: absolute ns, or PXL_NEVER when the stage has no `within`.
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
 * judge_stage_passed() - close the current stage and open the next
 * @j: judge
 *
 * Return: 0, or -1 on allocation failure (the run then fails).
 */
static int judge_stage_passed(struct pxl_judge *j)
{
	const struct scn_stage *st = &j->sc->stages[j->stage];
	struct pxl_stage_result *r = &j->res[j->stage];
	size_t i, len = 0;
	uint64_t end = 0, first = UINT64_MAX;

	for (i = 0; i < st->nex; i++) {
		if (st->ex[i].negate)
			continue;
		end = j->ex[i].t > end ? j->ex[i].t : end;
		first = j->ex[i].t < first ? j->ex[i].t : first;
		len += strlen(j->ex[i].mark) + 1;
	}
	r->state = PXL_STAGE_PASS;
	r->end = end ? rel(j, end) : r->start;
	r->end = r->end < r->start ? r->start : r->end;
	r->first = first == UINT64_MAX ? r->start : rel(j, first);
	r->marks = calloc(1, len + 1);
	for (i = 0; r->marks && i < st->nex; i++) {
		if (!st->ex[i].negate && j->ex[i].mark[0]) {
			strcat(r->marks, j->ex[i].mark);
			strcat(r->marks, "\n");
		}
	}
	j->stage++;
	free(j->ex);
	j->ex = NULL;
	if (j->stage >= j->sc->nstages) {
		j->done = 1;
		return 0;
	}
	j->res[j->stage].start = r->end;
	j->ex = calloc(j->sc->stages[j->stage].nex + 1, sizeof(*j->ex));
	return j->ex ? 0 : -1;
}

/**
 * judge_check_nevers() - count @o against every active `never` line
 * @j: judge
 * @o: observation
 *
 * Return: 1 if a `never` line has now been met (the stage was failed).
 */
static int judge_check_nevers(struct pxl_judge *j, const struct pxl_obs *o)
{
	char line[512], msg[2048];
	size_t s, i;

	for (s = 0; s <= j->stage && s < j->sc->nstages; s++) {
		const struct scn_stage *st = &j->sc->stages[s];

		if (rel(j, o->t_ns) < j->res[s].start)
			continue;
		for (i = 0; i < st->nex; i++) {
			const struct scn_expect *e = &st->ex[i];

			if (!e->negate || !pxl_expect_matches(j->sc, e, j->mac, o))
				continue;
			if (++j->never[s][i] < (e->times ? e->times : 1))
				continue;
			scn_expect_format(j->sc, e, line, sizeof(line));
			snprintf(msg, sizeof(msg),
				 "`%s` (stage %u, line %u) happened: %s%s",
				 line, st->number, e->loc.line, o->summary,
				 !strcmp(o->proto, "tftp") && e->times > 1 ?
				 " -- the same file was downloaded again: a chainload loop" : "");
			judge_fail(j, o->t_ns, msg);
			return 1;
		}
	}
	return 0;
}

/**
 * judge_try_stage() - does @o meet an open expectation of the current stage?
 * @j: judge
 * @o: observation (at or after the stage start)
 *
 * Return: 1 if the stage is now complete.
 */
static int judge_try_stage(struct pxl_judge *j, const struct pxl_obs *o)
{
	const struct scn_stage *st = &j->sc->stages[j->stage];
	int open = 0;
	size_t i;

	for (i = 0; i < st->nex; i++) {
		const struct scn_expect *e = &st->ex[i];

		if (e->negate || j->ex[i].met)
			continue;
		if (pxl_expect_matches(j->sc, e, j->mac, o)) {
			j->ex[i].met = 1;
			j->ex[i].t = o->t_ns;
			snprintf(j->ex[i].mark, sizeof(j->ex[i].mark), "%s", o->summary);
			continue;
		}
		open++;
	}
	return open == 0;
}

/**
 * pxl_judge_feed() - one new observation
 * @j: judge
 * @store: every observation so far (@o may or may not be the last of them)
 * @n: entries in @store
 * @o: the new observation
 *
 * When a stage completes, the next one is tried against the observations
 * already stored from its start on, so stages that complete together (or
 * whose evidence came early) are not missed.
 */
void pxl_judge_feed(struct pxl_judge *j, const struct pxl_obs *store, size_t n, const struct pxl_obs *o)
{
	size_t i;

	if (j->done || judge_check_nevers(j, o))
		return;
	if (rel(j, o->t_ns) < j->res[j->stage].start || !judge_try_stage(j, o))
		return;
	while (!j->done) {
		if (judge_stage_passed(j) < 0) {
			judge_fail(j, o->t_ns, "out of memory");
			return;
		}
		if (j->done)
			return;
		for (i = 0; i < n; i++) {
			if (rel(j, store[i].t_ns) >= j->res[j->stage].start && judge_try_stage(j, &store[i]))
				break;
		}
		if (i == n)
			return;
	}
}

/**
 * judge_nearest() - append the observations closest to an unmet expectation
 * @j: judge
 * @e: expectation
 * @store, @n: observations
 * @buf, @len: message being built
 *
 * Up to three of the same protocol and verb, then up to two more of the
 * same protocol (a TFTP error explains a transfer that never completed),
 * latest first; with none at all, the client's last observation of any
 * protocol (a DHCP ACK with siaddr 0.0.0.0 explains a TFTP that never began).
 */
static void judge_nearest(const struct pxl_judge *j, const struct scn_expect *e,
			  const struct pxl_obs *store, size_t n, char *buf, size_t len)
{
	static const int quota[3] = { 0, 2, 3 };
	int level, shown = 0, here;
	size_t i;

	for (level = 2; level >= 1; level--) {
		for (i = n, here = 0; i-- > 0 && here < quota[level];) {
			if (pxl_expect_near(e, &store[i]) != level)
				continue;
			snprintf(buf + strlen(buf), len - strlen(buf), "%s\n      %s",
				 shown ? "" : "; seen instead (latest first):", store[i].summary);
			shown++;
			here++;
		}
	}
	if (shown)
		return;
	snprintf(buf + strlen(buf), len - strlen(buf), "; no %s traffic at all",
		 pxl_expect_proto_name(e->proto));
	/* then the last thing that did cross the wire for this client */
	for (i = n; i-- > 0;) {
		if (!strcmp(store[i].proto, "console") || (store[i].has_mac && memcmp(store[i].mac, j->mac, 6)))
			continue;
		snprintf(buf + strlen(buf), len - strlen(buf), "; the last packet before: %s", store[i].summary);
		break;
	}
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
	char msg[8192], line[512];
	size_t i;

	if (j->done)
		return;
	st = &j->sc->stages[j->stage];
	snprintf(msg, sizeof(msg), "stage %u \"%s\" not met (%s):", st->number, st->name, why);
	for (i = 0; i < st->nex; i++) {
		if (st->ex[i].negate || j->ex[i].met)
			continue;
		scn_expect_format(j->sc, &st->ex[i], line, sizeof(line));
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "\n  expected `%s` (line %u)",
			 line, st->ex[i].loc.line);
		judge_nearest(j, &st->ex[i], store, n, msg, sizeof(msg));
	}
	judge_fail(j, now, msg);
}
