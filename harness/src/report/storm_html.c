/* storm_html.c - a storm's index.html: the stage table, each stage's latency distribution and completions over time as inline SVG */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"
#include "report/html_priv.h"
#include "report/report.h"
#include "report/storm_priv.h"

#define PLOT_W 560
#define PLOT_H 180
#define PLOT_PAD 44
#define PLOT_POINTS 400

/**
 * cmp_u64() - qsort order
 * @a, @b: uint64_t
 *
 * Return: <0, 0, >0.
 */
static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/**
 * step_plot() - how many of the values are at or below x, as an SVG line
 * @f:     stream
 * @title: caption
 * @v:     values in ns, sorted
 * @n:     how many
 * @ymax:  top of the y axis (the clients)
 * @xname: x axis words
 *
 * One plot serves both figures: a stage's latency distribution (clients
 * done within x) and completions over time (clients complete by x).
 */
static void step_plot(FILE *f, const char *title, const uint64_t *v, size_t n, size_t ymax, const char *xname)
{
	double xmax = n ? (double)v[n - 1] / 1e6 : 1, step = n > PLOT_POINTS ? (double)n / PLOT_POINTS : 1, k;

	xmax = xmax > 0 ? xmax : 1;
	fprintf(f, "<figure class=\"card\"><figcaption>%s</figcaption>\n<svg width=\"%d\" height=\"%d\" "
		"role=\"img\" class=\"storm-plot\">\n", title, PLOT_W + 2 * PLOT_PAD, PLOT_H + 2 * PLOT_PAD);
	fprintf(f, "<g transform=\"translate(%d,%d)\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\" "
		"stroke=\"#d5dbe1\"/>\n<polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\" points=\"0,%d",
		PLOT_PAD, PLOT_PAD / 2, PLOT_W, PLOT_H, PLOT_H);
	for (k = 0; n && k < (double)n; k += step) {
		size_t i = (size_t)k;

		fprintf(f, " %.1f,%.1f", (double)v[i] / 1e6 / xmax * PLOT_W,
			PLOT_H - (double)(i + 1) / (double)ymax * PLOT_H);
	}
	if (n)
		fprintf(f, " %d,%.1f", PLOT_W, PLOT_H - (double)n / (double)ymax * PLOT_H);
	fprintf(f, "\"/>\n<text x=\"0\" y=\"%d\" font-size=\"12\">0</text><text x=\"%d\" y=\"%d\" font-size=\"12\" "
		"text-anchor=\"end\">%.1f ms</text><text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s"
		"</text><text x=\"-6\" y=\"10\" font-size=\"12\" text-anchor=\"end\">%zu</text><text x=\"-6\" y=\"%d\" "
		"font-size=\"12\" text-anchor=\"end\">0</text></g></svg></figure>\n", PLOT_H + 16, PLOT_W, PLOT_H + 16,
		xmax, PLOT_W / 2, PLOT_H + 16, xname, ymax, PLOT_H);
}

/**
 * stage_plots() - one latency distribution per simulated stage, then completions over time
 * @f: stream
 * @r: storm
 *
 * Return: 0, or -ENOMEM.
 */
static int stage_plots(FILE *f, const struct pxl_storm_result *r)
{
	uint64_t *v = calloc(r->n ? r->n : 1, sizeof(*v));
	char title[160];
	size_t i, k, s;

	if (!v)
		return -ENOMEM;
	for (s = 0; s < ARRAY_SIZE(pxl_storm_stages); s++) {
		int scl = pxl_storm_stages[s].scl;

		if (scl < 0)
			continue;
		for (i = 0, k = 0; i < r->n; i++)
			if (r->cl[i].rec[scl].ok)
				v[k++] = r->cl[i].rec[scl].end_ns - r->cl[i].rec[scl].start_ns;
		qsort(v, k, sizeof(*v), cmp_u64);
		snprintf(title, sizeof(title), "stage %u (%s): clients that passed within x", pxl_storm_stages[s].num,
			 pxl_storm_stages[s].title);
		step_plot(f, title, v, k, r->n, "stage latency");
	}
	for (i = 0, k = 0; i < r->n; i++)
		if (r->cl[i].state == SCL_DONE)
			v[k++] = r->cl[i].rec[SCL_STAGES - 1].end_ns - r->t0;
	qsort(v, k, sizeof(*v), cmp_u64);
	step_plot(f, "completions over time: clients through every simulated stage", v, k, r->n,
		  "time since the storm began");
	free(v);
	return 0;
}

/**
 * stage_rows() - the stage table
 * @f: stream
 * @r: storm
 */
static void stage_rows(FILE *f, const struct pxl_storm_result *r)
{
	size_t i;

	fputs("<table><tr><th>stage</th><th>passed / began</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th>"
	      "<th>max ms</th><th>requests</th><th>retransmissions</th><th>first failure</th></tr>\n", f);
	for (i = 0; i < ARRAY_SIZE(pxl_storm_stages); i++) {
		const struct pxl_storm_stage_row *row = &pxl_storm_stages[i];
		const struct pxl_storm_stage_sum *s;

		fprintf(f, "<tr><td>%u %s</td>", row->num, row->title);
		if (row->scl < 0) {
			fputs("<td colspan=\"8\" class=\"muted\">not simulated</td></tr>\n", f);
			continue;
		}
		s = &r->sum.stage[row->scl];
		fprintf(f, "<td>%u / %u</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%llu</td>"
			"<td>%llu</td><td>", s->passed, s->started, (double)s->p50_ns / 1e6, (double)s->p95_ns / 1e6,
			(double)s->p99_ns / 1e6, (double)s->max_ns / 1e6, (unsigned long long)s->tries,
			(unsigned long long)s->retx);
		pxl_html_esc(f, r->diag[row->scl]);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

/**
 * pxl_report_storm_html() - index.html of a storm
 * @r:    storm
 * @path: file
 *
 * Return: 0, or -errno.
 */
int pxl_report_storm_html(const struct pxl_storm_result *r, const char *path)
{
	const char *verdict = r->passed ? "pass" : "fail";
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -errno;
	pxl_html_head(f, "pxelab storm", "storm", verdict);
	fprintf(f, " data-clients=\"%u\" data-completed=\"%u\">\n<h1>storm ", r->opts.clients, r->sum.completed);
	pxl_html_esc(f, r->run.sc->name);
	fprintf(f, " <span class=\"badge b-%s\">%s</span></h1>\n<div class=\"card\"><p>%u synthetic clients, %s, "
		"seed %llu: <b>%u completed</b> in %.2f s; pxelab CPU %.2f s, peak RSS %.1f MiB, %llu frames.</p>\n"
		"<p class=\"muted\">Note: %s.</p></div>\n", verdict, verdict, r->opts.clients,
		r->opts.spread_ns ? "arrivals spread" : "all at once", (unsigned long long)r->opts.seed,
		r->sum.completed, (double)r->run.duration / 1e9, r->run.cpu_self, (double)r->maxrss_kib / 1024,
		(unsigned long long)r->run.frames, PXL_STORM_STAGE3_NOTE);
	stage_rows(f, r);
	rc = stage_plots(f, r);
	pxl_html_tail(f);
	return fclose(f) || rc ? (rc ? rc : -EIO) : 0;
}
