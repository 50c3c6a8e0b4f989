/* cmd_gate.c - `pxelab gate`: judge stage timings of JUnit results against baselines; `--update-baseline` */
#include <dirent.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "compare/gate.h"

/**
 * struct gate_opts - the command line of `pxelab gate`
 * @baselines: baselines folder
 * @tol: default tolerance
 * @junit: output JUnit (inputs merged + the gate's suite) or NULL
 * @update: rewrite the baselines
 * @require_all: a baseline without a result fails
 * @quiet: print only the verdict line
 * @files: input JUnit files
 * @nfiles: how many
 */
struct gate_opts {
	const char *baselines;
	struct gate_tol tol;
	const char *junit;
	int update;
	int require_all;
	int quiet;
	char **files;
	int nfiles;
};

static const char gate_usage[] =
	"usage: pxelab gate [options] JUNIT...\n"
	"Compare every stage's time (and each client's total) in pxelab JUnit results\n"
	"with the baselines; fail on a regression beyond the tolerance or on any failed stage.\n"
	"A stage may take at most  baseline x (1 + REL) + ABS  seconds.\n"
	"  --baselines DIR     baseline files (default fixtures/baselines; format: its README.md)\n"
	"  --rel REL           relative tolerance (default 0.5 = 50 %)\n"
	"  --abs SECONDS       absolute tolerance (default 3)\n"
	"  --junit OUT         write the inputs merged plus a pxelab-gate suite (one testcase per row)\n"
	"  --update-baseline   rewrite the baselines from these results (scenarios that passed)\n"
	"  --require-all       a baseline with no result in the inputs fails the gate\n"
	"  -q, --quiet         print only the verdict line\n"
	"A baseline file's own `tolerance REL ABS` line overrides --rel/--abs for its scenario.\n"
	"exit status: 0 pass, 1 regression or failed stage, 2 bad input or usage\n";

/**
 * parse_secs() - a non-negative number
 * @s: text
 * @out: out
 *
 * Return: 0 or -1.
 */
static int parse_secs(const char *s, double *out)
{
	char *end;

	*out = strtod(s, &end);
	if (end != s && *end == 's')
		end++;
	return end != s && !*end && *out >= 0 ? 0 : -1;
}

/**
 * gate_parse() - parse the command line
 * @argc, @argv: arguments after "gate"
 * @o: out
 *
 * Return: 0 or PXL_EXIT_USAGE.
 */
static int gate_parse(int argc, char **argv, struct gate_opts *o)
{
	static const struct option lo[] = {
		{ "baselines", 1, NULL, 'b' }, { "rel", 1, NULL, 'r' }, { "abs", 1, NULL, 'a' },
		{ "junit", 1, NULL, 'J' }, { "update-baseline", 0, NULL, 'u' }, { "require-all", 0, NULL, 'A' },
		{ "quiet", 0, NULL, 'q' }, { "help", 0, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", lo, NULL)) != -1) {
		switch (c) {
		case 'b': o->baselines = optarg; break;
		case 'J': o->junit = optarg; break;
		case 'u': o->update = 1; break;
		case 'A': o->require_all = 1; break;
		case 'q': o->quiet = 1; break;
		case 'r':
		case 'a':
			if (parse_secs(optarg, c == 'r' ? &o->tol.rel : &o->tol.abs)) {
				fprintf(stderr, "pxelab gate: --%s %s: expected a number >= 0\n", c == 'r' ? "rel" : "abs",
					optarg);
				return PXL_EXIT_USAGE;
			}
			break;
		case 'h': fputs(gate_usage, stdout); exit(0);
		default: fputs(gate_usage, stderr); return PXL_EXIT_USAGE;
		}
	}
	o->files = argv + optind;
	o->nfiles = argc - optind;
	if (!o->nfiles) {
		fprintf(stderr, "pxelab gate: no JUnit file given\n%s", gate_usage);
		return PXL_EXIT_USAGE;
	}
	return 0;
}

/**
 * judge_row() - the verdict of one row
 * @r: row (base and state set)
 * @tol: tolerance of its scenario
 */
static void judge_row(struct gate_row *r, const struct gate_tol *tol)
{
	r->limit = r->base >= 0 ? r->base * (1 + tol->rel) + tol->abs : 0;
	if (r->state == GATE_FAILED)
		r->verdict = GATE_FAIL;
	else if (r->state == GATE_NOTRUN)
		r->verdict = r->base >= 0 ? GATE_MISSING : GATE_OK;
	else if (r->base < 0)
		r->verdict = GATE_NEW;
	else
		r->verdict = r->now > r->limit ? GATE_REGRESSED : GATE_OK;
}

/**
 * load_baselines() - baselines of every scenario in the results, and verdicts
 * @o: options
 * @rows: rows (baseline-only stages are added)
 *
 * Return: 0, or PXL_EXIT_USAGE after printing a malformed baseline's location.
 */
static int load_baselines(const struct gate_opts *o, struct gate_rows *rows)
{
	char err[1024];
	size_t i, j, n = rows->n;

	for (i = 0; i < n; i++) {
		struct gate_tol tol = o->tol;
		char scenario[sizeof(rows->r[0].scenario)];

		for (j = 0; j < i && strcmp(rows->r[j].scenario, rows->r[i].scenario); j++)
			;
		if (j < i)
			continue;
		memcpy(scenario, rows->r[i].scenario, sizeof(scenario));
		if (gate_baseline_load(o->baselines, scenario, rows, &tol, err, sizeof(err)) < 0) {
			fprintf(stderr, "pxelab gate: %s\n", err);
			return PXL_EXIT_USAGE;
		}
		for (j = 0; j < rows->n; j++)
			if (!strcmp(rows->r[j].scenario, scenario))
				judge_row(&rows->r[j], &tol);
	}
	return 0;
}

/**
 * require_all() - a row for every baseline file that has no result
 * @o: options
 * @rows: rows
 */
static void require_all(const struct gate_opts *o, struct gate_rows *rows)
{
	char want[1024], have[1024];
	struct dirent *de;
	DIR *d = opendir(o->baselines);
	size_t i;

	while (d && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		struct gate_row *r;

		if (len <= 9 || strcmp(de->d_name + len - 9, ".baseline"))
			continue;
		snprintf(want, sizeof(want), "%s/%s", o->baselines, de->d_name);
		for (i = 0; i < rows->n; i++) {
			gate_baseline_file(o->baselines, rows->r[i].scenario, have, sizeof(have));
			if (!strcmp(have, want))
				break;
		}
		if (i < rows->n || !(r = gate_rows_add(rows)))
			continue;
		snprintf(r->scenario, sizeof(r->scenario), "%.*s", (int)(len - 9), de->d_name);
		snprintf(r->client, sizeof(r->client), "-");
		snprintf(r->name, sizeof(r->name), "no result in the inputs");
		r->stage = GATE_TOTAL;
		r->state = GATE_NOTRUN;
		r->base = 0;
		r->verdict = GATE_MISSING;
	}
	if (d)
		closedir(d);
}

/**
 * suite_total() - a last row: every client total that has a baseline, summed
 * @rows: rows
 * @tol: default tolerance
 */
static void suite_total(struct gate_rows *rows, const struct gate_tol *tol)
{
	double now = 0, base = 0;
	struct gate_row *t;
	size_t i, n = 0;

	for (i = 0; i < rows->n; i++) {
		if (rows->r[i].stage != GATE_TOTAL || rows->r[i].state != GATE_PASSED || rows->r[i].base < 0)
			continue;
		now += rows->r[i].now;
		base += rows->r[i].base;
		n++;
	}
	if (n < 2 || !(t = gate_rows_add(rows)))
		return;
	snprintf(t->scenario, sizeof(t->scenario), "(every scenario)");
	snprintf(t->client, sizeof(t->client), "all");
	snprintf(t->name, sizeof(t->name), "total");
	t->now = now;
	t->base = base;
	judge_row(t, tol);
}

/**
 * gate_print_table() - the regression table
 * @rows: judged rows
 * @f: stream
 */
void gate_print_table(const struct gate_rows *rows, FILE *f)
{
	char stage[200], base[32], now[32], ratio[32];
	size_t i;

	fprintf(f, "%-26s %-6s %-34s %9s %9s %7s  %s\n", "scenario", "client", "stage", "baseline", "now", "ratio",
		"verdict");
	for (i = 0; i < rows->n; i++) {
		const struct gate_row *r = &rows->r[i];

		if (r->stage == GATE_TOTAL)
			snprintf(stage, sizeof(stage), "%s", r->name);
		else
			snprintf(stage, sizeof(stage), "%u %s", r->stage, r->name);
		snprintf(base, sizeof(base), r->base >= 0 ? "%.2f s" : "-", r->base);
		snprintf(now, sizeof(now), r->state == GATE_NOTRUN ? "-" : "%.2f s", r->now);
		snprintf(ratio, sizeof(ratio), r->base > 0 && r->state != GATE_NOTRUN ? "%.2fx" : "-",
			 r->base > 0 ? r->now / r->base : 0);
		fprintf(f, "%-26.26s %-6.6s %-34.34s %9s %9s %7s  %s", r->scenario, r->client, stage, base, now,
			ratio, gate_verdict_name(r->verdict));
		if (r->verdict == GATE_REGRESSED)
			fprintf(f, " (limit %.2f s)", r->limit);
		fputc('\n', f);
	}
}

/**
 * update_baselines() - rewrite the baseline of every scenario whose stages all passed
 * @o: options
 * @rows: rows
 *
 * Return: 0, or PXL_EXIT_FAIL when a scenario failed (its baseline is left alone) or a file could not be written.
 */
static int update_baselines(const struct gate_opts *o, const struct gate_rows *rows)
{
	char err[1024], path[1024];
	int code = 0;
	size_t i, j;

	for (i = 0; i < rows->n; i++) {
		const char *sc = rows->r[i].scenario;
		int failed = 0;

		for (j = 0; j < i && strcmp(rows->r[j].scenario, sc); j++)
			;
		if (j < i || !strcmp(sc, "(every scenario)") || !strcmp(rows->r[i].client, "-"))
			continue;
		for (j = 0; j < rows->n; j++)
			failed |= !strcmp(rows->r[j].scenario, sc) && rows->r[j].state == GATE_FAILED;
		gate_baseline_file(o->baselines, sc, path, sizeof(path));
		if (failed) {
			fprintf(stderr, "pxelab gate: not updating %s: a stage of %s failed\n", path, sc);
			code = PXL_EXIT_FAIL;
		} else if (gate_baseline_write(o->baselines, sc, rows, err, sizeof(err))) {
			fprintf(stderr, "pxelab gate: %s\n", err);
			code = PXL_EXIT_FAIL;
		} else if (!o->quiet) {
			printf("pxelab gate: wrote %s\n", path);
		}
	}
	return code;
}

/**
 * row_order() - qsort order of rows: scenario, client, stages in order, the client's total last
 */
static int row_order(const void *a, const void *b)
{
	const struct gate_row *x = a, *y = b;
	unsigned sx = x->stage ? x->stage : UINT_MAX, sy = y->stage ? y->stage : UINT_MAX;
	int c;

	if (!strcmp(x->scenario, "(every scenario)") != !strcmp(y->scenario, "(every scenario)"))
		return !strcmp(x->scenario, "(every scenario)") ? 1 : -1;
	if ((c = strcmp(x->scenario, y->scenario)) || (c = strcmp(x->client, y->client)))
		return c;
	return sx < sy ? -1 : sx > sy;
}

/**
 * gate_report() - print the table and the verdict line; write the JUnit
 * @o: options
 * @rows: judged rows (sorted here)
 *
 * Return: 0 pass, PXL_EXIT_FAIL on a regression or failure (or an unwritable JUnit).
 */
static int gate_report(const struct gate_opts *o, struct gate_rows *rows)
{
	size_t i, bad = 0, nnew = 0, len = 0;
	char *table = NULL, err[1024];
	FILE *mem = open_memstream(&table, &len);
	int code;

	if (!mem)
		return PXL_EXIT_FAIL;
	qsort(rows->r, rows->n, sizeof(rows->r[0]), row_order);
	gate_print_table(rows, mem);
	fclose(mem);
	for (i = 0; i < rows->n; i++) {
		bad += rows->r[i].verdict >= GATE_REGRESSED;
		nnew += rows->r[i].verdict == GATE_NEW;
	}
	if (!o->quiet)
		printf("pxelab gate: limit per row = baseline x %.2f + %.1f s (baselines: %s)\n%s", 1 + o->tol.rel,
		       o->tol.abs, o->baselines, table);
	printf("pxelab gate: %s: %zu rows, %zu ok, %zu without baseline, %zu regressed or failed\n",
	       bad ? "FAIL" : "PASS", rows->n, rows->n - bad - nnew, nnew, bad);
	code = bad ? PXL_EXIT_FAIL : 0;
	if (o->junit && gate_write_junit((const char *const *)o->files, (size_t)o->nfiles, rows, table, o->junit, err,
					 sizeof(err))) {
		fprintf(stderr, "pxelab gate: %s\n", err);
		code = PXL_EXIT_FAIL;
	}
	free(table);
	return code;
}

/**
 * pxl_cmd_gate() - `pxelab gate`
 * @argc, @argv: arguments after the command name
 *
 * Return: 0 pass, 1 regression or failed stage, 2 bad input.
 */
int pxl_cmd_gate(int argc, char **argv)
{
	struct gate_opts o = { .baselines = "fixtures/baselines", .tol = { 0.5, 3.0 } };
	struct gate_rows rows = { 0 };
	char err[1024];
	int code, i;

	if ((code = gate_parse(argc, argv, &o)))
		return code;
	for (i = 0; i < o.nfiles; i++) {
		if (gate_read_junit(o.files[i], &rows, err, sizeof(err))) {
			fprintf(stderr, "pxelab gate: %s\n", err);
			gate_rows_free(&rows);
			return PXL_EXIT_USAGE;
		}
	}
	if (!rows.n) {
		fprintf(stderr, "pxelab gate: no pxelab stage results (testcases \"stage N: ...\") in the inputs\n");
		return PXL_EXIT_USAGE;
	}
	gate_add_totals(&rows);
	if (o.update) {
		code = update_baselines(&o, &rows);
	} else if (!(code = load_baselines(&o, &rows))) {
		if (o.require_all)
			require_all(&o, &rows);
		suite_total(&rows, &o.tol);
		code = gate_report(&o, &rows);
	}
	gate_rows_free(&rows);
	return code;
}
