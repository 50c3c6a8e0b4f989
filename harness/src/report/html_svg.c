/* html_svg.c - the waterfall timeline of one client: stage bars with the key packets as marks */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "report/html_priv.h"

#define TL_ROW_BASE 34   /* row height without mark labels */
#define TL_LANE 14       /* height of one lane of mark labels */
#define TL_LANES 6       /* lanes of mark labels per row at most */
#define TL_AXIS 26       /* height of the time axis */
#define TL_CHAR_PX 6.4   /* average width of a character at 11 px */

/**
 * struct tl_geom - where things go
 * @x0: left edge of the plot (after the stage names)
 * @x1: right edge of the plot (the duration text goes after it)
 * @span: ns the plot covers
 */
struct tl_geom {
	double x0;
	double x1;
	uint64_t span;
};

/** tl_x() - Return: the x coordinate of @t (ns since run start) */
static double tl_x(const struct tl_geom *g, uint64_t t)
{
	return g->x0 + (g->x1 - g->x0) * ((double)t / (double)g->span);
}

/**
 * pxl_html_run_span() - the time a run's timeline must cover
 * @r: run
 *
 * Return: ns: the latest stage end or kept event, plus a margin; at least 1 s.
 */
uint64_t pxl_html_run_span(const struct pxl_run_result *r)
{
	uint64_t span = 0;
	size_t c, s;

	for (c = 0; c < r->nclients; c++) {
		const struct pxl_client_result *cl = &r->clients[c];

		for (s = 0; cl->stages && s < r->sc->nstages; s++)
			if (cl->stages[s].state == PXL_STAGE_PASS || cl->stages[s].state == PXL_STAGE_FAIL)
				span = cl->stages[s].end > span ? cl->stages[s].end : span;
		for (s = 0; s < cl->nevents; s++)
			if (cl->events[s].stage >= 0 && cl->events[s].t > span)
				span = cl->events[s].t;
	}
	span += span / 50;
	return span < 1000000000ULL ? 1000000000ULL : span;
}

/**
 * tl_axis() - the time axis with ticks and vertical grid lines
 * @f: stream
 * @g: geometry
 * @height: total height (grid lines run down to it)
 */
static void tl_axis(FILE *f, const struct tl_geom *g, int height)
{
	static const double steps[] = { 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600 };
	double secs = (double)g->span / 1e9, step = steps[0], t;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		step = steps[i];
		if (secs / step <= 10)
			break;
	}
	for (t = 0; t <= secs + 1e-9; t += step) {
		double x = tl_x(g, (uint64_t)(t * 1e9));

		fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x, TL_AXIS - 6, x,
			height);
		fprintf(f, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%g s</text>\n", x,
			TL_AXIS - 10, t);
	}
}

/**
 * tl_mark_class() - Return: CSS class of a mark from its event text's protocol
 * @ev: event
 */
static const char *tl_mark_class(const struct pxl_seen *ev)
{
	if (ev->kind == PXL_SEEN_CONSOLE)
		return "m-console";
	if (!strncmp(ev->text, "dhcp", 4))
		return "m-dhcp";
	if (!strncmp(ev->text, "tftp", 4) || !strncmp(ev->text, "http", 4))
		return "m-tftp";	/* file transfers share a colour */
	return "m-iscsi";
}

/**
 * tl_row_lanes() - assign label lanes to a stage's marks (greedy, left to right)
 * @c: client
 * @s: stage index
 * @g: geometry
 * @lane: out: lane per event index (-1: no label shown)
 *
 * Return: lanes used.
 */
static int tl_row_lanes(const struct pxl_client_result *c, size_t s, const struct tl_geom *g, int *lane)
{
	double end[TL_LANES];
	int used = 0, l;
	size_t i;

	for (l = 0; l < TL_LANES; l++)
		end[l] = -1e9;
	for (i = 0; i < c->nevents; i++) {
		const struct pxl_seen *ev = &c->events[i];
		double x, w;

		lane[i] = -1;
		if (ev->stage != (int)s || !ev->label[0])
			continue;
		x = tl_x(g, ev->t);
		w = TL_CHAR_PX * (double)strlen(ev->label) + 8;
		for (l = 0; l < TL_LANES; l++) {
			if (x >= end[l]) {
				end[l] = x + w;
				lane[i] = l;
				used = l + 1 > used ? l + 1 : used;
				break;
			}
		}
	}
	return used;
}

/**
 * tl_bar() - one stage's bar, its name and its duration
 * @f: stream
 * @r: run
 * @c: client
 * @s: stage index
 * @g: geometry
 * @y: top of the row
 */
static void tl_bar(FILE *f, const struct pxl_run_result *r, const struct pxl_client_result *c, size_t s,
		   const struct tl_geom *g, int y)
{
	const struct pxl_stage_result *st = c->stages ? &c->stages[s] : NULL;
	const char *v = pxl_html_verdict(r, c, s);
	int ran = st && (st->state == PXL_STAGE_PASS || st->state == PXL_STAGE_FAIL);
	double xa, xb;
	size_t maxc = (size_t)((g->x0 - 16) / TL_CHAR_PX);

	fprintf(f, "<text class=\"sname\" x=\"6\" y=\"%d\">%u&#160;&#160;", y + 17, r->sc->stages[s].number);
	pxl_html_esc_cut(f, r->sc->stages[s].name, maxc > 4 ? maxc - 4 : maxc);
	fputs("</text>\n", f);
	if (!ran) {
		fprintf(f, "<text class=\"notrun\" x=\"%.1f\" y=\"%d\">%s</text>\n", g->x0 + 4, y + 17,
			st && st->state == PXL_STAGE_SKIPPED ? "not run: an earlier stage failed" : "not run");
		return;
	}
	xa = tl_x(g, st->start);
	xb = tl_x(g, st->end);
	if (xb - xa < 3)
		xb = xa + 3;
	fprintf(f, "<rect class=\"bar v-%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" rx=\"3\">"
		"<title>stage %u: %.3f s to %.3f s (%s)</title></rect>\n", v, xa, y + 5, xb - xa,
		r->sc->stages[s].number, (double)st->start / 1e9, (double)st->end / 1e9, v);
	fprintf(f, "<text class=\"dur\" x=\"%.1f\" y=\"%d\">%.2f s%s</text>\n", xb + 5, y + 17,
		(double)(st->end - st->start) / 1e9, st->state == PXL_STAGE_FAIL ? " \xe2\x9c\x97" : "");
}

/**
 * tl_marks() - the key packets of one stage: ticks on the bar, labels below it
 * @f: stream
 * @c: client
 * @g: geometry
 * @y: top of the row
 * @lane: lane per event (tl_row_lanes())
 * @s: stage index
 * @width: SVG width (labels near the right edge are drawn leftwards)
 */
static void tl_marks(FILE *f, const struct pxl_client_result *c, const struct tl_geom *g, int y, const int *lane,
		     size_t s, int width)
{
	size_t i;

	for (i = 0; i < c->nevents; i++) {
		const struct pxl_seen *ev = &c->events[i];
		double x;

		if (ev->stage != (int)s || !ev->label[0])
			continue;
		x = tl_x(g, ev->t);
		fprintf(f, "<g class=\"mark %s\"><title>%.3f s  ", tl_mark_class(ev), (double)ev->t / 1e9);
		pxl_html_esc_cut(f, ev->text, 300);
		fprintf(f, "</title><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
			"<circle cx=\"%.1f\" cy=\"%d\" r=\"3\"/>", x, y + 2, x,
			y + 24 + (lane[i] >= 0 ? lane[i] * TL_LANE : 0), x, y + 13);
		if (lane[i] >= 0) {
			double w = TL_CHAR_PX * (double)strlen(ev->label);
			int flip = x + 3 + w > width - 4;

			fprintf(f, "<text x=\"%.1f\" y=\"%d\"%s>", flip ? x - 3 : x + 3, y + 33 + lane[i] * TL_LANE,
				flip ? " text-anchor=\"end\"" : "");
			pxl_html_esc(f, ev->label);
			fputs("</text>", f);
		}
		fputs("</g>\n", f);
	}
}

/**
 * pxl_html_timeline() - the waterfall of one client as an inline SVG
 * @f: stream
 * @r: run
 * @c: client
 * @span: ns the time axis covers (the same for every column of a comparison)
 * @width: SVG width in px
 */
void pxl_html_timeline(FILE *f, const struct pxl_run_result *r, const struct pxl_client_result *c,
		       uint64_t span, int width)
{
	struct tl_geom g = { .x0 = width >= 900 ? 220 : 150, .x1 = width - 70, .span = span ? span : 1 };
	int *lane = calloc(c->nevents + 1, sizeof(*lane));
	int height = TL_AXIS, y;
	size_t s;

	if (!lane)
		return;
	for (s = 0; s < r->sc->nstages; s++)
		height += TL_ROW_BASE + tl_row_lanes(c, s, &g, lane) * TL_LANE;
	fprintf(f, "<svg class=\"timeline\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"stage timeline of ", width, height + 4, width,
		height + 4);
	pxl_html_esc(f, c->name);
	fputs("\">\n", f);
	for (s = 0, y = TL_AXIS; s < r->sc->nstages; s++) {
		int rows = TL_ROW_BASE + tl_row_lanes(c, s, &g, lane) * TL_LANE;

		if (s % 2 == 0)
			fprintf(f, "<rect class=\"stripe\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n", y, width,
				rows);
		y += rows;
	}
	tl_axis(f, &g, height);
	for (s = 0, y = TL_AXIS; s < r->sc->nstages; s++) {
		int rows = TL_ROW_BASE + tl_row_lanes(c, s, &g, lane) * TL_LANE;

		tl_bar(f, r, c, s, &g, y);
		tl_marks(f, c, &g, y, lane, s, width);
		y += rows;
	}
	fputs("</svg>\n", f);
	free(lane);
}
