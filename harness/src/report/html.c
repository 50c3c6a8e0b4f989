/* html.c - self-contained HTML pages: index.html of one run, and several runs side by side */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "report/html.h"
#include "report/html_priv.h"

#define HTML_WIDE 1180   /* timeline width on a run's page */
#define HTML_COLUMNS_PX 1180

/**
 * run_verdict() - Return: "pass", "xfail" (a negative scenario failed as declared) or "fail"
 * @r: run
 */
static const char *run_verdict(const struct pxl_run_result *r)
{
	if (!r->passed)
		return "fail";
	return r->sc->xfail.stage ? "xfail" : "pass";
}

/**
 * pxl_html_head() - doctype, title, style, the marker element's opening tag
 * @f: stream
 * @title: page title
 * @kind: "run", "compare" or "storm"
 * @verdict: "pass"/"fail"/"xfail"
 */
void pxl_html_head(FILE *f, const char *title, const char *kind, const char *verdict)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; img-src data:\">\n<title>", f);
	pxl_html_esc(f, title);
	fputs("</title>\n", f);
	pxl_html_style(f);
	fprintf(f, "</head><body><main>\n<div id=\"pxelab-report\" data-kind=\"%s\" data-verdict=\"%s\"", kind,
		verdict);
}

/**
 * legend() - what the colours of the timeline mean
 * @f: stream
 */
static void legend(FILE *f)
{
	fputs("<p class=\"legend muted\"><span><i style=\"background:#66bb6a\"></i>stage passed</span>"
	      "<span><i style=\"background:#ef5350\"></i>failed</span>"
	      "<span><i style=\"background:#ffa726\"></i>failed as declared (xfail)</span>"
	      "<span><i style=\"background:#1565c0\"></i>DHCP</span><span><i style=\"background:#6a1b9a\"></i>TFTP</span>"
	      "<span><i style=\"background:#00838f\"></i>iSCSI</span>"
	      "<span><i style=\"background:#37474f\"></i>console</span>"
	      "<span>hover a mark for the decoded packet</span></p>\n", f);
}

/**
 * client_header() - client name, firmware, NIC, how QEMU ended
 * @f: stream
 * @r: run
 * @i: client index
 * @tag: heading element ("h2", "h3")
 */
static void client_header(FILE *f, const struct pxl_run_result *r, size_t i, const char *tag)
{
	const struct pxl_client_result *c = &r->clients[i];
	const struct scn_client *sc = i < r->sc->nclients ? &r->sc->clients[i] : NULL;
	const char *v = r->sc->xfail.stage ? run_verdict(r) : c->passed ? "pass" : "fail";

	fprintf(f, "<%s id=\"client-", tag);
	pxl_html_esc(f, c->name);
	fprintf(f, "\">client ");
	pxl_html_esc(f, c->name);
	fprintf(f, " <span class=\"badge b-%s\">%s</span></%s>\n<p class=\"muted\">", v, v, tag);
	if (sc)
		fprintf(f, "%s firmware, %s NIC, %s PXE, %s; ", sc->fw == SCN_FW_UEFI ? "UEFI (OVMF)" : "BIOS (SeaBIOS)",
			sc->nic, sc->pxe == SCN_PXE_NATIVE ? "native" : "iPXE ROM",
			sc->accel == SCN_ACCEL_KVM ? "KVM" : "TCG");
	fputs("QEMU ", f);
	pxl_html_esc(f, c->qemu_status[0] ? c->qemu_status : "not started");
	fputs("</p>\n", f);
}

/**
 * run_facts() - verdict line, figures and links of one run
 * @f: stream
 * @r: run
 * @links: prefix of the links to the run's files ("" on its own page), NULL for no links
 */
static void run_facts(FILE *f, const struct pxl_run_result *r, const char *links)
{
	static const char *const files[] = { "junit.xml", "metrics.json", "capture.pcap", "console.log", "events.log" };
	size_t i;

	fprintf(f, "<div class=\"facts\"><span><b>%.1f s</b> wall</span><span>pxelab %.2f s CPU</span>"
		"<span>QEMU %.2f s CPU</span><span>%llu frames</span><span>%llu malformed</span>"
		"<span>run %s</span></div>\n", (double)r->duration / 1e9, r->cpu_self, r->cpu_children,
		(unsigned long long)r->frames, (unsigned long long)r->malformed, r->run_id);
	if (r->sc->xfail.stage) {
		fprintf(f, "<p>negative scenario: must fail at stage %u. ", r->sc->xfail.stage);
		pxl_html_esc(f, r->xfail_note);
		fputs("</p>\n", f);
	}
	if (r->error[0]) {
		fputs("<pre class=\"diag\">the run could not start: ", f);
		pxl_html_esc(f, r->error);
		fputs("</pre>\n", f);
	}
	if (!links)
		return;
	fputs("<p class=\"links\">", f);
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		fputs("<a href=\"", f);
		pxl_html_esc(f, links);
		fprintf(f, "%s\">%s</a>", files[i], files[i]);
	}
	fputs("</p>\n", f);
}

/**
 * run_body() - everything about one run below its heading
 * @f: stream
 * @r: run
 */
static void run_body(FILE *f, const struct pxl_run_result *r)
{
	uint64_t span = pxl_html_run_span(r);
	size_t i;

	for (i = 0; i < r->nclients; i++) {
		const struct pxl_client_result *c = &r->clients[i];

		fputs("<section class=\"client\">\n", f);
		client_header(f, r, i, "h2");
		pxl_html_timeline(f, r, c, span, HTML_WIDE);
		legend(f);
		fputs("<h3>Stages</h3>\n", f);
		pxl_html_stage_table(f, r, c, 1);
		pxl_html_tftp_table(f, c);
		pxl_html_screenshot(f, c);
		fputs("<h3>Packets of each stage</h3>\n", f);
		pxl_html_packets(f, r, c);
		fputs("<h3>Console, with stage boundaries</h3>\n", f);
		pxl_html_console(f, r, c);
		fputs("</section>\n", f);
	}
}

/**
 * pxl_html_tail() - close the marker element and the page
 * @f: stream
 */
void pxl_html_tail(FILE *f)
{
	char ts[64];
	time_t now = time(NULL);

	strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S UTC", gmtime(&now));
	fprintf(f, "<p class=\"muted\">written by pxelab, %s</p>\n</div></main></body></html>\n", ts);
}

/**
 * pxl_report_html() - write index.html for one run
 * @r: the run (its clients' events give the timeline and the packet tables)
 * @path: file to write, normally <rundir>/index.html
 *
 * Sections: verdict, facts and links, then per client a waterfall timeline
 * (SVG) of the stages with the key packets as marks, the stage table, the
 * failure screenshot, the decoded packets of each stage, and the console
 * with stage boundaries.
 * Return: 0, -EINVAL for no run, scenario or path, or -errno when the file
 * cannot be written.
 */
int pxl_report_html(const struct pxl_run_result *r, const char *path)
{
	char title[512];
	FILE *f;

	if (!r || !r->sc || !path)
		return -EINVAL;
	f = fopen(path, "w");
	if (!f)
		return -errno;
	snprintf(title, sizeof(title), "pxelab: %s \xe2\x80\x94 %s", r->sc->name, run_verdict(r));
	pxl_html_head(f, title, "run", run_verdict(r));
	fputs(" data-scenario=\"", f);
	pxl_html_esc(f, r->sc->name);
	fprintf(f, "\" data-clients=\"%zu\" data-stages=\"%zu\">\n<h1>", r->nclients, r->sc->nstages);
	pxl_html_esc(f, r->sc->name);
	fprintf(f, " <span class=\"badge b-%s\">%s</span></h1>\n", run_verdict(r), run_verdict(r));
	if (r->sc->description) {
		fputs("<p>", f);
		pxl_html_esc(f, r->sc->description);
		fputs("</p>\n", f);
	}
	fputs("<p class=\"muted\">", f);
	pxl_html_esc(f, r->sc->file);
	fputs("</p>\n", f);
	run_facts(f, r, "");
	run_body(f, r);
	pxl_html_tail(f);
	return fclose(f) ? -errno : 0;
}

/**
 * rel_prefix() - the run folder as seen from the folder a page is written to
 * @page: the page's path
 * @rundir: the run's folder
 * @out, @len: out: "../pxe-to-ipxe/2026.../" (or the absolute folder when no relative path exists)
 */
static void rel_prefix(const char *page, const char *rundir, char *out, size_t len)
{
	char pdir[PATH_MAX], rdir[PATH_MAX], tmp[PATH_MAX], *slash;
	size_t common = 0, i;

	snprintf(tmp, sizeof(tmp), "%s", page);
	slash = strrchr(tmp, '/');
	if (slash)
		*slash = '\0';
	if (!realpath(slash ? tmp : ".", pdir) || !realpath(rundir, rdir)) {
		snprintf(out, len, "%s/", rundir);
		return;
	}
	strcat(pdir, "/");
	strcat(rdir, "/");
	for (i = 0; pdir[i] && pdir[i] == rdir[i]; i++)
		if (pdir[i] == '/')
			common = i + 1;
	out[0] = '\0';
	for (i = common; pdir[i]; i++)
		if (pdir[i] == '/')
			snprintf(out + strlen(out), len - strlen(out), "../");
	snprintf(out + strlen(out), len - strlen(out), "%s", rdir + common);
}

/**
 * compare_column() - one run of a comparison
 * @f: stream
 * @cmp: comparison
 * @i: column
 * @span: common time scale
 * @width: timeline width
 * @path: the page's path (for links)
 */
static void compare_column(FILE *f, const struct pxl_html_compare *cmp, size_t i, uint64_t span, int width,
			   const char *path)
{
	const struct pxl_run_result *r = cmp->runs[i];
	char prefix[PATH_MAX];
	size_t c;

	fputs("<div class=\"card\"><h2>", f);
	pxl_html_esc(f, cmp->labels && cmp->labels[i] ? cmp->labels[i] : r->sc->name);
	fprintf(f, " <span class=\"badge b-%s\">%s</span></h2>\n", run_verdict(r), run_verdict(r));
	if (r->rundir[0])
		rel_prefix(path, r->rundir, prefix, sizeof(prefix));
	run_facts(f, r, r->rundir[0] ? prefix : NULL);
	if (r->rundir[0]) {
		fputs("<p class=\"links\"><a href=\"", f);
		pxl_html_esc(f, prefix);
		fputs("index.html\">full report of this run</a></p>\n", f);
	}
	for (c = 0; c < r->nclients; c++) {
		client_header(f, r, c, "h3");
		pxl_html_timeline(f, r, &r->clients[c], span, width);
		pxl_html_stage_table(f, r, &r->clients[c], 0);
	}
	fputs("</div>\n", f);
}

/**
 * pxl_report_html_compare() - write a page showing several runs side by side
 * @cmp: what to compare (runs may come from different reports folders: the
 *       links to each run's files are made relative to the page's folder,
 *       or are the rundir as given when either folder cannot be resolved)
 * @path: file to write
 *
 * Return: 0, -EINVAL for no runs (or no @cmp or @path), or -errno when the
 * file cannot be written.
 */
int pxl_report_html_compare(const struct pxl_html_compare *cmp, const char *path)
{
	uint64_t span = 0;
	int width, all = 1;
	size_t i;
	FILE *f;

	if (!cmp || !cmp->n || !cmp->runs || !path)
		return -EINVAL;
	for (i = 0; i < cmp->n; i++) {
		uint64_t s = pxl_html_run_span(cmp->runs[i]);

		span = s > span ? s : span;
		all &= cmp->runs[i]->passed;
	}
	width = cmp->n == 1 ? HTML_WIDE : (int)(HTML_COLUMNS_PX / (cmp->n > 3 ? 3 : cmp->n)) - 34;
	f = fopen(path, "w");
	if (!f)
		return -errno;
	pxl_html_head(f, cmp->title ? cmp->title : "pxelab comparison", "compare", all ? "pass" : "fail");
	fprintf(f, " data-runs=\"%zu\">\n<h1>", cmp->n);
	pxl_html_esc(f, cmp->title ? cmp->title : "pxelab comparison");
	fputs("</h1>\n", f);
	if (cmp->nfindings) {
		fputs("<div class=\"card\"><h3>Findings</h3><ul>\n", f);
		for (i = 0; i < cmp->nfindings; i++) {
			fputs("<li>", f);
			pxl_html_esc(f, cmp->findings[i]);
			fputs("</li>\n", f);
		}
		fputs("</ul></div>\n", f);
	}
	legend(f);
	fprintf(f, "<div class=\"cols\" style=\"grid-template-columns:repeat(%zu,minmax(0,1fr))\">\n",
		cmp->n > 3 ? 3 : cmp->n);
	for (i = 0; i < cmp->n; i++)
		compare_column(f, cmp, i, span, width, path);
	fputs("</div>\n", f);
	pxl_html_tail(f);
	return fclose(f) ? -errno : 0;
}
