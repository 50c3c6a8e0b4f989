/* html_sections.c - the HTML report's sections: style, stage table, packets, console, screenshot */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/html_priv.h"

#define HTML_PACKETS_PER_STAGE 200
#define HTML_SCREENSHOT_MAX (8 * 1024 * 1024)

/**
 * pxl_html_esc_cut() - like pxl_html_esc_n(), with an ellipsis where the text was cut
 * @f: stream
 * @s: text
 * @n: limit
 */
void pxl_html_esc_cut(FILE *f, const char *s, size_t n)
{
	pxl_html_esc_n(f, s, n);
	if (s && strlen(s) > n)
		fputs("\xe2\x80\xa6", f);
}

/**
 * pxl_html_esc_n() - write at most @n bytes of text, HTML-escaped (control bytes dropped)
 * @f: stream
 * @s: text (NULL: nothing)
 * @n: limit
 */
void pxl_html_esc_n(FILE *f, const char *s, size_t n)
{
	size_t i;

	for (i = 0; s && s[i] && i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '&')
			fputs("&amp;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c >= 0x20 || c == '\n' || c == '\t')
			fputc(c, f);
	}
}

/** pxl_html_esc() - write text HTML-escaped */
void pxl_html_esc(FILE *f, const char *s)
{
	pxl_html_esc_n(f, s, (size_t)-1);
}

/**
 * pxl_html_verdict() - the verdict of one stage as a CSS-friendly word
 * @r: run
 * @c: client
 * @s: stage index
 *
 * Return: "pass", "fail", "xfail" (the failure a negative scenario declares), "skipped" or "pending".
 */
const char *pxl_html_verdict(const struct pxl_run_result *r, const struct pxl_client_result *c, size_t s)
{
	const struct pxl_stage_result *st = c->stages ? &c->stages[s] : NULL;

	if (!st)
		return "pending";
	switch (st->state) {
	case PXL_STAGE_PASS: return "pass";
	case PXL_STAGE_FAIL: return r->sc->xfail.stage == s + 1 && r->passed ? "xfail" : "fail";
	case PXL_STAGE_SKIPPED: return "skipped";
	default: return "pending";
	}
}

/**
 * pxl_html_style() - the page's stylesheet (inline; readable on screen and in print)
 * @f: stream
 */
void pxl_html_style(FILE *f)
{
	fputs("<style>\n"
	      "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2329;"
	      "background:#f4f6f8;margin:0}\n"
	      "main{max-width:1240px;margin:0 auto;padding:18px 22px 40px}\n"
	      "h1{font-size:22px;margin:4px 0 2px}h2{font-size:18px;margin:26px 0 8px;border-bottom:2px solid #d5dbe1;"
	      "padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}\n"
	      ".card{background:#fff;border:1px solid #d5dbe1;border-radius:8px;padding:12px 16px;margin:10px 0}\n"
	      ".muted{color:#5f6b76}.badge{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;"
	      "font-weight:600;font-size:13px;vertical-align:middle}\n"
	      ".b-pass{background:#2e7d32}.b-fail{background:#c62828}.b-xfail{background:#ef6c00}"
	      ".b-skipped,.b-pending{background:#8a949e}\n"
	      ".facts{display:flex;flex-wrap:wrap;gap:6px 22px;margin:8px 0}.facts b{font-weight:600}\n"
	      "a{color:#1565c0}.links a{margin-right:14px}\n"
	      "table{border-collapse:collapse;width:100%;background:#fff}\n"
	      "th,td{border-bottom:1px solid #e3e7eb;padding:5px 8px;text-align:left;vertical-align:top}\n"
	      "th{background:#eef1f4;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums;"
	      "white-space:nowrap}\n"
	      "tr.v-fail td{background:#fdecea}tr.v-xfail td{background:#fff3e0}\n"
	      "pre{margin:0;white-space:pre-wrap;word-break:break-word;font:12px/1.4 ui-monospace,'DejaVu Sans Mono',"
	      "monospace}\n"
	      ".diag{background:#fff5f5;border-left:3px solid #c62828;padding:6px 8px;margin-top:4px}\n"
	      ".met{color:#2e5e31}\n"
	      "svg.timeline{display:block;background:#fff;border:1px solid #d5dbe1;border-radius:8px;max-width:100%}\n"
	      "svg .stripe{fill:#f6f8fa}svg .grid{stroke:#e1e5e9;stroke-width:1}\n"
	      "svg text{font:11px system-ui,sans-serif;fill:#1d2329}svg .tick{fill:#5f6b76}\n"
	      "svg .sname{font-size:12px;font-weight:600}svg .dur{font-size:11px;fill:#37414a}\n"
	      "svg .notrun{fill:#8a949e;font-style:italic}\n"
	      "svg .bar{stroke-width:1}.v-pass{fill:#66bb6a;stroke:#2e7d32}.v-fail{fill:#ef5350;stroke:#b71c1c}"
	      ".v-xfail{fill:#ffa726;stroke:#e65100}\n"
	      "svg .mark line{stroke-width:1.3}svg .mark circle{stroke:#fff;stroke-width:1}\n"
	      ".m-dhcp line{stroke:#1565c0}.m-dhcp circle,.m-dhcp text{fill:#1565c0}\n"
	      ".m-tftp line{stroke:#6a1b9a}.m-tftp circle,.m-tftp text{fill:#6a1b9a}\n"
	      ".m-iscsi line{stroke:#00838f}.m-iscsi circle,.m-iscsi text{fill:#00696f}\n"
	      ".m-console line{stroke:#37474f}.m-console circle,.m-console text{fill:#37474f}\n"
	      ".legend span{margin-right:16px;font-size:12px}.legend i{display:inline-block;width:10px;height:10px;"
	      "border-radius:5px;margin-right:5px;vertical-align:-1px}\n"
	      "details{margin:6px 0}summary{cursor:pointer;font-weight:600;padding:4px 0}\n"
	      "table.pk td{font-size:12px}table.pk td.lbl{font-weight:600;white-space:nowrap}\n"
	      ".pv{font-weight:600}.k{color:#6a737d}\n"
	      ".console{background:#111820;color:#d8dee4;border-radius:8px;padding:10px 12px;overflow-x:auto}\n"
	      ".console .t{color:#7d8a96}.console .hit{color:#9ccc65;font-weight:700}\n"
	      ".console .bound{color:#ffd54f;font-weight:700;display:block;margin:4px 0}\n"
	      ".console .bound.f{color:#ff8a80}\n"
	      ".cols{display:grid;gap:14px}.cols>div{min-width:0}\n"
	      "img.shot{max-width:100%;border:1px solid #d5dbe1;border-radius:6px;image-rendering:pixelated}\n"
	      "</style>\n", f);
}

/**
 * stage_details() - the detail cell of a stage: what met it, or its diagnosis
 * @f: stream
 * @st: stage result
 */
static void stage_details(FILE *f, const struct pxl_stage_result *st)
{
	if (st->message) {
		fputs("<pre class=\"diag\">", f);
		pxl_html_esc(f, st->message);
		fputs("</pre>", f);
	} else if (st->marks) {
		fputs("<pre class=\"met\">", f);
		pxl_html_esc(f, st->marks);
		fputs("</pre>", f);
	}
}

/**
 * pxl_html_stage_table() - stages with verdicts and timings
 * @f: stream
 * @r: run
 * @c: client
 * @full: also show what met each stage / the diagnosis
 */
void pxl_html_stage_table(FILE *f, const struct pxl_run_result *r, const struct pxl_client_result *c, int full)
{
	size_t s;

	fprintf(f, "<table class=\"stages\"><tr><th>#</th><th>stage</th><th>verdict</th><th>start</th><th>end</th>"
		"<th>seconds</th>%s</tr>\n", full ? "<th>met by / diagnosis</th>" : "");
	for (s = 0; s < r->sc->nstages; s++) {
		const struct pxl_stage_result *st = c->stages ? &c->stages[s] : NULL;
		const char *v = pxl_html_verdict(r, c, s);
		int ran = st && (st->state == PXL_STAGE_PASS || st->state == PXL_STAGE_FAIL);

		fprintf(f, "<tr class=\"v-%s\"><td>%u</td><td>", v, r->sc->stages[s].number);
		pxl_html_esc(f, r->sc->stages[s].name);
		fprintf(f, "</td><td><span class=\"badge b-%s\">%s</span></td>", v, v);
		if (ran)
			fprintf(f, "<td class=\"num\">%.3f</td><td class=\"num\">%.3f</td><td class=\"num\">%.3f</td>",
				(double)st->start / 1e9, (double)st->end / 1e9, (double)(st->end - st->start) / 1e9);
		else
			fputs("<td></td><td></td><td></td>", f);
		if (full) {
			fputs("<td>", f);
			if (st)
				stage_details(f, st);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

/**
 * xfer_metric() - the figure named "PROTO.FILE.SUFFIX" at @i, if that is its name
 * @c: client
 * @i: metric index
 * @pre: "tftp." or "http."
 * @file: the file name (@len bytes)
 * @len: its length
 * @suffix: "duration-ms", "throughput"
 * @v: out: the figure
 *
 * Return: 1 if found.
 */
static int xfer_metric(const struct pxl_client_result *c, int i, const char *pre, const char *file, size_t len,
		       const char *suffix, double *v)
{
	size_t pl = strlen(pre);
	const char *n;

	if (i >= c->nmetrics || !(n = c->metrics[i].name) || strncmp(n, pre, pl) ||
	    strncmp(n + pl, file, len) || n[pl + len] != '.' || strcmp(n + pl + 1 + len, suffix))
		return 0;
	*v = c->metrics[i].value;
	return 1;
}

/**
 * xfer_table() - one row per downloaded file of one protocol: file, bytes, duration, throughput
 * @f: stream
 * @c: client (its metrics: engine/collect.c writes PROTO.FILE.bytes, .duration-ms, .throughput in turn)
 * @pre: "tftp." or "http."
 * @title: "TFTP transfers"
 *
 * Nothing when the client downloaded nothing that way.
 */
static void xfer_table(FILE *f, const struct pxl_client_result *c, const char *pre, const char *title)
{
	size_t pl = strlen(pre);
	int i, rows = 0;

	for (i = 0; i < c->nmetrics; i++) {
		const char *n = c->metrics[i].name;
		size_t len = n ? strlen(n) : 0;
		double ms = 0, bps = 0;

		if (len < pl + 7 || strncmp(n, pre, pl) || strcmp(n + len - 6, ".bytes"))
			continue;
		len -= pl + 6;	/* "PROTO." and ".bytes" */
		if (!rows++)
			fprintf(f, "<h3>%s</h3>\n<table class=\"tftp\"><tr><th>file</th><th>bytes</th>"
				"<th>ms</th><th>throughput</th></tr>\n", title);
		fputs("<tr><td>", f);
		pxl_html_esc_n(f, n + pl, len);
		fprintf(f, "</td><td>%.0f</td>", c->metrics[i].value);
		if (xfer_metric(c, i + 1, pre, n + pl, len, "duration-ms", &ms))
			fprintf(f, "<td>%.3f</td>", ms);
		else
			fputs("<td></td>", f);
		if (xfer_metric(c, i + 2, pre, n + pl, len, "throughput", &bps))
			fprintf(f, "<td>%.0f B/s (%.2f MB/s)</td></tr>\n", bps, bps / 1e6);
		else
			fputs("<td></td></tr>\n", f);
	}
	if (rows)
		fputs("</table>\n", f);
}

/**
 * pxl_html_tftp_table() - the client's TFTP and HTTP downloads, a table each
 * @f: stream
 * @c: client
 */
void pxl_html_tftp_table(FILE *f, const struct pxl_client_result *c)
{
	xfer_table(f, c, "tftp.", "TFTP transfers");
	xfer_table(f, c, "http.", "HTTP transfers");
}

/**
 * packet_text() - a decoded observation: protocol and verb in bold, keys dimmed
 * @f: stream
 * @text: "dhcp ack mac=52:54:00:12:34:56 xid=0x... file=snponly.efi"
 */
static void packet_text(FILE *f, const char *text)
{
	const char *p = text, *sp;
	int words = 0;

	fputs("<pre><span class=\"pv\">", f);
	while (*p && words < 2) {
		sp = strchr(p, ' ');
		pxl_html_esc_n(f, p, sp ? (size_t)(sp - p) + 1 : strlen(p));
		p = sp ? sp + 1 : p + strlen(p);
		words++;
	}
	fputs("</span>", f);
	while (*p) {
		size_t k = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-");

		if (k && p[k] == '=' && (p == text || p[-1] == ' ')) {
			fputs("<span class=\"k\">", f);
			pxl_html_esc_n(f, p, k + 1);
			fputs("</span>", f);
			p += k + 1;
		}
		sp = strstr(p, " ");
		pxl_html_esc_n(f, p, sp ? (size_t)(sp - p) + 1 : strlen(p));
		p = sp ? sp + 1 : p + strlen(p);
	}
	fputs("</pre>", f);
}

/**
 * packets_in() - Return: how many wire observations of @c fall into stage @stage
 */
static size_t packets_in(const struct pxl_client_result *c, int stage)
{
	size_t i, n = 0;

	for (i = 0; i < c->nevents; i++)
		n += c->events[i].stage == stage && c->events[i].kind == PXL_SEEN_WIRE;
	return n;
}

/**
 * packets_of() - the table of one stage's wire observations
 * @f: stream
 * @c: client
 * @stage: stage index, or -1 for those outside every judged stage
 * @title: summary line
 * @open: show it unfolded
 */
static void packets_of(FILE *f, const struct pxl_client_result *c, int stage, const char *title, int open)
{
	size_t i, n = packets_in(c, stage), shown = 0;

	if (!n && stage < 0)
		return;
	fprintf(f, "<details%s><summary>", open ? " open" : "");
	pxl_html_esc(f, title);
	fprintf(f, " <span class=\"muted\">(%zu packet observation%s)</span></summary>\n", n, n == 1 ? "" : "s");
	if (!n) {
		fputs("<p class=\"muted\">no DHCP, TFTP, iSCSI or HTTP traffic of this client in this stage</p></details>\n", f);
		return;
	}
	fputs("<table class=\"pk\"><tr><th>time (s)</th><th>mark</th><th>decoded</th></tr>\n", f);
	for (i = 0; i < c->nevents && shown < HTML_PACKETS_PER_STAGE; i++) {
		const struct pxl_seen *ev = &c->events[i];

		if (ev->stage != stage || ev->kind != PXL_SEEN_WIRE)
			continue;
		fprintf(f, "<tr><td class=\"num\">%.3f</td><td class=\"lbl\">", (double)ev->t / 1e9);
		pxl_html_esc(f, ev->label);
		fputs("</td><td>", f);
		packet_text(f, ev->text);
		fputs("</td></tr>\n", f);
		shown++;
	}
	fputs("</table>\n", f);
	if (shown < n)
		fprintf(f, "<p class=\"muted\">%zu more: see capture.pcap</p>\n", n - shown);
	fputs("</details>\n", f);
}

/**
 * pxl_html_packets() - the decoded packets of each stage
 * @f: stream
 * @r: run
 * @c: client
 */
void pxl_html_packets(FILE *f, const struct pxl_run_result *r, const struct pxl_client_result *c)
{
	char title[300];
	size_t s;

	for (s = 0; s < r->sc->nstages; s++) {
		const char *v = pxl_html_verdict(r, c, s);

		if (!strcmp(v, "skipped") || !strcmp(v, "pending"))
			continue;
		snprintf(title, sizeof(title), "stage %u: %s (%s)", r->sc->stages[s].number, r->sc->stages[s].name, v);
		packets_of(f, c, (int)s, title, strcmp(v, "pass") || packets_in(c, (int)s) <= 25);
	}
	packets_of(f, c, -1, "after the last judged stage", 0);
	if (c->events_dropped)
		fprintf(f, "<p class=\"muted\">%zu further observations were not kept; capture.pcap has every frame</p>\n",
			c->events_dropped);
}

/**
 * console_bounds() - stage boundaries that happened at or before @t
 * @f: stream
 * @r: run
 * @c: client
 * @t: time of the next console line (UINT64_MAX: flush every boundary)
 * @next: in/out: next stage index to announce
 */
static void console_bounds(FILE *f, const struct pxl_run_result *r, const struct pxl_client_result *c, uint64_t t,
			   size_t *next)
{
	while (c->stages && *next < r->sc->nstages) {
		const struct pxl_stage_result *st = &c->stages[*next];

		if (st->state != PXL_STAGE_PASS && st->state != PXL_STAGE_FAIL)
			return;
		if (st->start > t)
			return;
		fprintf(f, "<span class=\"bound\">\xe2\x94\x80\xe2\x94\x80 %8.3f  stage %u \"", (double)st->start / 1e9,
			r->sc->stages[*next].number);
		pxl_html_esc(f, r->sc->stages[*next].name);
		fputs("\" starts \xe2\x94\x80\xe2\x94\x80</span>", f);
		(*next)++;
	}
}

/**
 * pxl_html_console() - the console, line by line with times, stage boundaries between
 * @f: stream
 * @r: run
 * @c: client
 */
void pxl_html_console(FILE *f, const struct pxl_run_result *r, const struct pxl_client_result *c)
{
	size_t i, next = 0, lines = 0;

	fputs("<pre class=\"console\" id=\"console-", f);
	pxl_html_esc(f, c->name);
	fputs("\">", f);
	for (i = 0; i < c->nevents; i++) {
		const struct pxl_seen *ev = &c->events[i];

		if (ev->kind != PXL_SEEN_CONSOLE)
			continue;
		console_bounds(f, r, c, ev->t, &next);
		fprintf(f, "<span class=\"t\">%8.3f \xe2\x94\x82 </span>%s", (double)ev->t / 1e9,
			ev->label[0] ? "<span class=\"hit\">" : "");
		pxl_html_esc(f, ev->text);
		fprintf(f, "%s\n", ev->label[0] ? "</span>" : "");
		lines++;
	}
	if (!lines && c->console)
		pxl_html_esc(f, c->console);
	console_bounds(f, r, c, UINT64_MAX, &next);
	fputs("</pre>\n", f);
}

/**
 * base64_out() - write bytes as base64
 * @f: stream
 * @p: bytes
 * @n: count
 */
static void base64_out(FILE *f, const unsigned char *p, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];

		fputc(tab[v >> 18 & 63], f); fputc(tab[v >> 12 & 63], f);
		fputc(tab[v >> 6 & 63], f); fputc(tab[v & 63], f);
	}
	if (n - i == 1) {
		unsigned v = (unsigned)p[i] << 16;

		fprintf(f, "%c%c==", tab[v >> 18 & 63], tab[v >> 12 & 63]);
	} else if (n - i == 2) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;

		fprintf(f, "%c%c%c=", tab[v >> 18 & 63], tab[v >> 12 & 63], tab[v >> 6 & 63]);
	}
}

/**
 * pxl_html_screenshot() - the client's screen at the failure, embedded as a data: URI
 * @f: stream
 * @c: client (nothing is written without a screenshot)
 */
void pxl_html_screenshot(FILE *f, const struct pxl_client_result *c)
{
	const char *base = strrchr(c->screenshot, '/');
	unsigned char *buf;
	struct stat sb;
	FILE *in;

	if (!c->screenshot[0] || stat(c->screenshot, &sb) || sb.st_size <= 0 || sb.st_size > HTML_SCREENSHOT_MAX)
		return;
	in = fopen(c->screenshot, "rb");
	buf = malloc((size_t)sb.st_size);
	if (in && buf && fread(buf, 1, (size_t)sb.st_size, in) == (size_t)sb.st_size) {
		fputs("<h3>Screen when the stage failed</h3>\n<p><a href=\"", f);
		pxl_html_esc(f, base ? base + 1 : c->screenshot);
		fputs("\">the PNG file</a></p><img class=\"shot\" alt=\"client screen at the failure\" "
		      "src=\"data:image/png;base64,", f);
		base64_out(f, buf, (size_t)sb.st_size);
		fputs("\">\n", f);
	}
	free(buf);
	if (in)
		fclose(in);
}
