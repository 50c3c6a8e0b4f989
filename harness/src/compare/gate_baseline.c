/* gate_baseline.c - baseline files of the gate: fixtures/baselines/<scenario>.baseline (format in its README.md) */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "compare/gate.h"

/**
 * gate_baseline_file() - the baseline file of a scenario instance
 * @dir: baselines folder
 * @scenario: instance name ("pxe-to-ipxe", "boot[nic=e1000]")
 * @out, @len: out: "DIR/NAME.baseline", with characters other than
 *             letters, digits and ._=,+- replaced by '_'
 */
void gate_baseline_file(const char *dir, const char *scenario, char *out, size_t len)
{
	size_t i, n;

	snprintf(out, len, "%s/", dir);
	n = strlen(out);
	for (i = 0; scenario[i] && n + 10 < len; i++)
		out[n++] = isalnum((unsigned char)scenario[i]) || strchr("._=,+-", scenario[i]) ? scenario[i] : '_';
	snprintf(out + n, len - n, ".baseline");
}

/**
 * parse_line() - one line of a baseline file
 * @line: text, comment removed
 * @scenario: the file's scenario
 * @rows: rows to set baselines on (a baseline stage the run lacks becomes a row of its own)
 * @tol: in/out: tolerance (a `tolerance REL ABS` line overrides it)
 *
 * Return: 0, 1 for a blank line, -1 when malformed.
 */
static int parse_line(char *line, const char *scenario, struct gate_rows *rows, struct gate_tol *tol)
{
	char client[64], stage[16];
	struct gate_row *r;
	double secs, rel, abs_s;
	unsigned n = 0;
	int off = 0;

	if (sscanf(line, " %63s", client) != 1)
		return 1;
	if (!strcmp(client, "tolerance")) {
		if (sscanf(line, " tolerance %lf %lf %n", &rel, &abs_s, &off) != 2 || line[off] || rel < 0 || abs_s < 0)
			return -1;
		tol->rel = rel;
		tol->abs = abs_s;
		return 0;
	}
	if (sscanf(line, " %63s %15s %lf %n", client, stage, &secs, &off) != 3 || secs < 0)
		return -1;
	if (strcmp(stage, "total") && (sscanf(stage, "%u", &n) != 1 || !n))
		return -1;
	r = gate_rows_find(rows, scenario, client, n);
	if (!r) {
		r = gate_rows_add(rows);
		if (!r)
			return -1;
		snprintf(r->scenario, sizeof(r->scenario), "%s", scenario);
		snprintf(r->client, sizeof(r->client), "%s", client);
		snprintf(r->name, sizeof(r->name), "%s", n ? line + off : "total");
		r->name[strcspn(r->name, "\n")] = '\0';
		r->stage = n;
		r->state = GATE_NOTRUN;
	}
	r->base = secs;
	return 0;
}

/**
 * gate_baseline_load() - set the baselines of one scenario's rows
 * @dir: baselines folder
 * @scenario: instance name
 * @rows: rows (baseline stages the run lacks are added, not run)
 * @tol: in/out: tolerance, overridden by the file's `tolerance` line
 * @err, @errlen: out: "FILE:LINE: ..." for a malformed line
 *
 * Return: 1 when the file exists and was read, 0 when there is none, -1 on error.
 */
int gate_baseline_load(const char *dir, const char *scenario, struct gate_rows *rows, struct gate_tol *tol,
		       char *err, size_t errlen)
{
	char path[1024], line[512];
	unsigned lineno = 0;
	FILE *f;

	gate_baseline_file(dir, scenario, path, sizeof(path));
	f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		return pxl_err(err, errlen, "%s: %s", path, strerror(errno));
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		line[strcspn(line, "#\n")] = '\0';
		if (parse_line(line, scenario, rows, tol) < 0) {
			fclose(f);
			return pxl_err(err, errlen, "%s:%u: expected `CLIENT STAGE|total SECONDS [NAME]` or "
				       "`tolerance REL ABS-SECONDS`, found '%s'", path, lineno, line);
		}
	}
	fclose(f);
	return 1;
}

/**
 * kept_tolerance() - an existing baseline's own `tolerance` line, with the comments just above it
 * @path: the baseline file (may not exist)
 * @out, @len: out: those lines, or "" when the file has no tolerance line
 *
 * A tolerance is set by hand, with its reason in the comment above it; a
 * rewrite from a run must not lose either.
 */
static void kept_tolerance(const char *path, char *out, size_t len)
{
	char line[512];
	size_t n = 0, l;
	int found = 0;
	FILE *f = fopen(path, "r");

	while (f && !found && fgets(line, sizeof(line), f)) {
		found = !strncmp(line, "tolerance ", 10);
		if (line[0] != '#' && !found) {
			n = 0;	/* comments count only right above the tolerance line */
			continue;
		}
		l = strlen(line);
		if (l < len - n) {
			memcpy(out + n, line, l);
			n += l;
		}
	}
	out[found ? n : 0] = '\0';
	if (f)
		fclose(f);
}

/**
 * gate_baseline_write() - write one scenario's baseline from its measured rows
 * @dir: baselines folder
 * @scenario: instance name
 * @rows: rows (those of @scenario that passed are written)
 * @err, @errlen: out: why not
 *
 * The file's own `tolerance` line and the comments just above it survive
 * the rewrite (kept_tolerance()); other hand-written comments do not.
 *
 * Return: 0 or -1.
 */
int gate_baseline_write(const char *dir, const char *scenario, const struct gate_rows *rows,
			char *err, size_t errlen)
{
	char path[1024], ts[32], keep[2048];
	time_t now = time(NULL);
	size_t i;
	FILE *f;

	gate_baseline_file(dir, scenario, path, sizeof(path));
	kept_tolerance(path, keep, sizeof(keep));
	f = fopen(path, "w");
	if (!f)
		return pxl_err(err, errlen, "cannot write %s: %s", path, strerror(errno));
	strftime(ts, sizeof(ts), "%Y-%m-%d", gmtime(&now));
	fprintf(f, "# pxelab baseline of scenario %s: seconds per stage (format: README.md here)\n"
		"# written by `pxelab gate --update-baseline` on %s\n# CLIENT STAGE SECONDS NAME\n", scenario, ts);
	for (i = 0; i < rows->n; i++) {
		const struct gate_row *r = &rows->r[i];

		if (strcmp(r->scenario, scenario) || r->state != GATE_PASSED)
			continue;
		if (r->stage == GATE_TOTAL)
			fprintf(f, "%s total %.3f\n", r->client, r->now);
		else
			fprintf(f, "%s %u %.3f %s\n", r->client, r->stage, r->now, r->name);
	}
	fputs(keep, f);
	if (fclose(f))
		return pxl_err(err, errlen, "cannot write %s: %s", path, strerror(errno));
	return 0;
}
