/* verdict.c - one compared run as figures, and a server's verdict over its runs */
#include <stdio.h>
#include <string.h>

#include "compare/compare.h"

/**
 * pxl_cmp_run_take() - keep what the comparison needs of a run's result
 * @r: out (its wire part is filled separately from the capture)
 * @res: the engine's result
 * @code: pxl_engine_run()'s exit status
 */
void pxl_cmp_run_take(struct pxl_cmp_run *r, const struct pxl_run_result *res, int code)
{
	const struct pxl_client_result *c = res->nclients ? &res->clients[0] : NULL;
	size_t i;

	r->code = code;
	r->boot_s = -1;
	snprintf(r->error, sizeof(r->error), "%s", res->error);
	snprintf(r->rundir, sizeof(r->rundir), "%s", res->rundir);
	r->nstages = res->sc->nstages < PXL_CMP_MAX_STAGES ? res->sc->nstages : PXL_CMP_MAX_STAGES;
	for (i = 0; i < r->nstages; i++) {
		const struct pxl_stage_result *st = c && c->stages ? &c->stages[i] : NULL;

		r->state[i] = st ? (int)st->state : PXL_STAGE_PENDING;
		r->stage_s[i] = st && (st->state == PXL_STAGE_PASS || st->state == PXL_STAGE_FAIL) ?
				(double)(st->end - st->start) / 1e9 : -1;
		if (st && st->state == PXL_STAGE_FAIL && !r->fail_stage) {
			r->fail_stage = (unsigned)i + 1;
			snprintf(r->fail_msg, sizeof(r->fail_msg), "%s", st->message ? st->message : "failed");
		}
	}
	if (c && c->passed && r->nstages && c->stages)
		r->boot_s = (double)c->stages[r->nstages - 1].end / 1e9;
	if (res->error[0] && !r->fail_msg[0])
		snprintf(r->fail_msg, sizeof(r->fail_msg), "%s", res->error);
}

/**
 * pxl_cmp_verdict() - one line for a server: pass, FAIL, cannot express, not run
 * @s: server
 * @buf: out
 * @len: its size
 *
 * Return: 0 when this is what the server should do (every run passed, or
 * it cannot express the policy and says so), 1 when it failed or did not run.
 */
int pxl_cmp_verdict(const struct pxl_cmp_server *s, char *buf, size_t len)
{
	size_t i, passed = 0;

	if (s->skipped[0]) {
		snprintf(buf, len, "not run: %s", s->skipped);
		return 1;
	}
	for (i = 0; i < s->nruns; i++) {
		passed += s->runs[i].code == 0;
		if (s->runs[i].code >= 128) {
			snprintf(buf, len, "interrupted in run %zu (signal %d)", i + 1, s->runs[i].code - 128);
			return 1;
		}
	}
	if (s->cannot[0]) {
		snprintf(buf, len, "cannot express: %.*s (runs: %zu/%zu passed)",
			 (int)strcspn(s->cannot + 16, "\n"), s->cannot + 16, passed, s->nruns);
		return 0;
	}
	if (s->nruns && passed == s->nruns) {
		snprintf(buf, len, "pass (%zu/%zu runs)", passed, s->nruns);
		return 0;
	}
	snprintf(buf, len, "FAIL (%zu/%zu runs passed)", passed, s->nruns);
	return 1;
}
