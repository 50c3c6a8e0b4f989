/* html.h - self-contained HTML reports: one run (index.html) and several runs side by side
 *
 * Both pages are single files: inline CSS and SVG, images as data: URIs, no
 * script, no fetch.  Links to the run's sibling files (junit.xml,
 * capture.pcap, console.log, ...) are relative, so a reports folder can be
 * moved or uploaded as a CI artifact whole.
 *
 * The page's root element is <div id="pxelab-report"> with data-kind
 * ("run" or "compare"), data-verdict ("pass"/"fail") and, for a run,
 * data-scenario, data-clients and data-stages: tests look for it in the DOM
 * a browser built (chromium --dump-dom).
 */
#ifndef PXL_REPORT_HTML_H
#define PXL_REPORT_HTML_H

#include <stddef.h>

#include "engine/engine.h"

int pxl_report_html(const struct pxl_run_result *r, const char *path);

/**
 * struct pxl_html_compare - several runs of one story, shown side by side
 * @title:     page heading, e.g. "pxe-to-ipxe: DHCP servers compared"
 * @runs:      the runs, one column each (the same scenario with another server, say)
 * @labels:    one column title per run ("builtin", "dnsmasq", ...); NULL: the scenario names
 * @n:         number of runs (columns)
 * @findings:  sentences shown above the columns ("dnsmasq: stage 4 took 3.1 s longer ..."), may be NULL
 * @nfindings: number of @findings
 *
 * Every column draws its timelines on the same time scale, so the bar
 * lengths compare across servers.
 */
struct pxl_html_compare {
	const char *title;
	const struct pxl_run_result *const *runs;
	const char *const *labels;
	size_t n;
	const char *const *findings;
	size_t nfindings;
};

int pxl_report_html_compare(const struct pxl_html_compare *cmp, const char *path);

#endif /* PXL_REPORT_HTML_H */
