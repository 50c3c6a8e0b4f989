/* text.c - metrics.json and the terminal summary table of a run */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "report/report.h"

static const char *const state_names[] = { "pending", "pass", "fail", "skipped" };

/**
 * json_client() - one client's stages and metrics
 * @f: stream
 * @r: run
 * @c: client
 */
static void json_client(FILE *f, const struct pxl_run_result *r, const struct pxl_client_result *c)
{
	size_t s;
	int m;

	fputs("    {\"name\": ", f);
	pxl_json_str(f, c->name);
	fprintf(f, ", \"passed\": %s, \"qemu\": ", c->passed ? "true" : "false");
	pxl_json_str(f, c->qemu_status);
	fputs(",\n     \"stages\": [\n", f);
	for (s = 0; c->stages && s < r->sc->nstages; s++) {
		const struct pxl_stage_result *st = &c->stages[s];

		fprintf(f, "       {\"number\": %u, \"name\": ", r->sc->stages[s].number);
		pxl_json_str(f, r->sc->stages[s].name);
		fprintf(f, ", \"state\": \"%s\", \"start_s\": %.3f, \"end_s\": %.3f, \"duration_s\": %.3f",
			state_names[st->state], (double)st->start / 1e9, (double)st->end / 1e9,
			st->end > st->start ? (double)(st->end - st->start) / 1e9 : 0.0);
		if (st->message) {
			fputs(", \"message\": ", f);
			pxl_json_str(f, st->message);
		}
		fprintf(f, "}%s\n", s + 1 < r->sc->nstages ? "," : "");
	}
	fputs("     ],\n     \"metrics\": {", f);
	for (m = 0; m < c->nmetrics; m++) {
		fprintf(f, "%s\n       ", m ? "," : "");
		pxl_json_str(f, c->metrics[m].name);
		fprintf(f, ": {\"value\": %.3f, \"unit\": \"%s\"}", c->metrics[m].value, c->metrics[m].unit);
	}
	fputs("}}", f);
}

/**
 * client_walk() - how long a client took over its stages
 * @r: run
 * @c: client
 *
 * Return: the end of its last stage that passed or failed, ns from the run's start.
 */
static uint64_t client_walk(const struct pxl_run_result *r, const struct pxl_client_result *c)
{
	uint64_t end = 0;
	size_t s;

	for (s = 0; c->stages && s < r->sc->nstages; s++)
		if (c->stages[s].state == PXL_STAGE_PASS || c->stages[s].state == PXL_STAGE_FAIL)
			end = c->stages[s].end > end ? c->stages[s].end : end;
	return end;
}

/** cmp_u64() - qsort order of uint64_t; Return: <0, 0, >0 */
static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/**
 * pxl_report_walks() - the clients' walk times, shortest first
 * @r: run
 * @w: out: min, median (lower of the middle two) and max, in seconds
 *
 * Return: how many clients (0: @w untouched).
 */
size_t pxl_report_walks(const struct pxl_run_result *r, double w[3])
{
	uint64_t *t = r->nclients ? calloc(r->nclients, sizeof(*t)) : NULL;
	size_t c, n = r->nclients;

	if (!t)
		return 0;
	for (c = 0; c < n; c++)
		t[c] = client_walk(r, &r->clients[c]);
	qsort(t, n, sizeof(*t), cmp_u64);
	w[0] = (double)t[0] / 1e9;
	w[1] = (double)t[(n - 1) / 2] / 1e9;
	w[2] = (double)t[n - 1] / 1e9;
	free(t);
	return n;
}

/**
 * json_walks() - "clients_at_once": how long each client took, when several booted together
 * @f: stream
 * @r: run
 */
static void json_walks(FILE *f, const struct pxl_run_result *r)
{
	double w[3];
	size_t c, n = pxl_report_walks(r, w);

	if (n < 2)
		return;
	fprintf(f, "  \"clients_at_once\": {\"clients\": %zu, \"walk_min_s\": %.3f, \"walk_median_s\": %.3f, "
		"\"walk_max_s\": %.3f, \"qemu_cpu_per_client_s\": %.2f,\n    \"walk_s\": {", n, w[0], w[1], w[2],
		r->cpu_children / (double)n);
	for (c = 0; c < n; c++) {
		fputs(c ? ", " : "", f);
		pxl_json_str(f, r->clients[c].name);
		fprintf(f, ": %.3f", (double)client_walk(r, &r->clients[c]) / 1e9);
	}
	fputs("}},\n", f);
}

/**
 * pxl_report_metrics() - write metrics.json for one run
 * @r: run
 * @path: file
 *
 * Return: 0 or -1.
 */
int pxl_report_metrics(const struct pxl_run_result *r, const char *path)
{
	FILE *f = fopen(path, "w");
	size_t c;

	if (!f)
		return -1;
	fputs("{\n  \"scenario\": ", f);
	pxl_json_str(f, r->sc->name);
	fputs(", \"run_id\": ", f);
	pxl_json_str(f, r->run_id);
	fprintf(f, ", \"passed\": %s,\n  \"duration_s\": %.3f, \"cpu_pxelab_s\": %.2f, \"cpu_qemu_s\": %.2f,\n"
		"  \"frames\": %llu, \"malformed_frames\": %llu, \"observations\": %llu,\n",
		r->passed ? "true" : "false", (double)r->duration / 1e9, r->cpu_self, r->cpu_children,
		(unsigned long long)r->frames, (unsigned long long)r->malformed,
		(unsigned long long)r->wire.observations);
	if (r->error[0]) {
		fputs("  \"error\": ", f);
		pxl_json_str(f, r->error);
		fputs(",\n", f);
	}
	pxl_report_robust_json(&r->robust, &r->wire, f);
	json_walks(f, r);
	fputs("  \"clients\": [\n", f);
	for (c = 0; c < r->nclients; c++) {
		json_client(f, r, &r->clients[c]);
		fputs(c + 1 < r->nclients ? ",\n" : "\n", f);
	}
	fputs("  ]\n}\n", f);
	return fclose(f) ? -1 : 0;
}

/**
 * summary_client() - the stage table of one client
 * @r: run
 * @c: client
 * @f: stream
 */
static void summary_client(const struct pxl_run_result *r, const struct pxl_client_result *c, FILE *f)
{
	static const char *const verdict[] = { "....", "PASS", "FAIL", "skip" };
	size_t s;

	for (s = 0; c->stages && s < r->sc->nstages; s++) {
		const struct pxl_stage_result *st = &c->stages[s];
		int xf = st->state == PXL_STAGE_FAIL && r->sc->xfail.stage == s + 1 && r->passed;

		fprintf(f, "  %-6s %u %-32.32s %-5s", c->name, r->sc->stages[s].number, r->sc->stages[s].name,
			xf ? "XFAIL" : verdict[st->state]);
		if (st->state == PXL_STAGE_PASS || st->state == PXL_STAGE_FAIL)
			fprintf(f, " %8.2f %8.2f %8.2f", (double)st->start / 1e9, (double)st->end / 1e9,
				(double)(st->end - st->start) / 1e9);
		fputc('\n', f);
		if (st->message)
			fprintf(f, "         %s\n", st->message);
	}
}

/**
 * pxl_report_summary() - print the run's stage table and verdict
 * @r: run
 * @f: stream
 */
void pxl_report_summary(const struct pxl_run_result *r, FILE *f)
{
	double w[3];
	size_t c;

	fprintf(f, "\n%s  (%s)\n", r->sc->name, r->rundir[0] ? r->rundir : "no reports folder");
	if (r->error[0]) {
		fprintf(f, "  ERROR: %s\n", r->error);
		return;
	}
	fprintf(f, "  %-6s %-34s %-5s %8s %8s %8s\n", "client", "stage", "", "start", "end", "seconds");
	for (c = 0; c < r->nclients; c++)
		summary_client(r, &r->clients[c], f);
	if (r->sc->xfail.stage)
		fprintf(f, "  expected failure: %s\n", r->xfail_note);
	pxl_report_robust_summary(&r->robust, f);
	if (pxl_report_walks(r, w) > 1)
		fprintf(f, "  %zu clients at once: each took %.1f / %.1f / %.1f s (min / median / max), QEMU %.1f s CPU each\n",
			r->nclients, w[0], w[1], w[2], r->cpu_children / (double)r->nclients);
	fprintf(f, "  %s in %.1f s (pxelab %.1f s CPU, QEMU %.1f s CPU), %llu frames, %llu malformed\n",
		r->passed ? "PASS" : "FAIL", (double)r->duration / 1e9, r->cpu_self, r->cpu_children,
		(unsigned long long)r->frames, (unsigned long long)r->malformed);
}
