/* html_priv.h - pieces shared by the HTML report's files (page, timeline, sections) */
#ifndef PXL_REPORT_HTML_PRIV_H
#define PXL_REPORT_HTML_PRIV_H

#include <stdint.h>
#include <stdio.h>

#include "engine/engine.h"

void pxl_html_esc(FILE *f, const char *s);
void pxl_html_esc_n(FILE *f, const char *s, size_t n);
void pxl_html_esc_cut(FILE *f, const char *s, size_t n);
const char *pxl_html_verdict(const struct pxl_run_result *r, const struct pxl_client_result *c, size_t s);
uint64_t pxl_html_run_span(const struct pxl_run_result *r);
void pxl_html_timeline(FILE *f, const struct pxl_run_result *r, const struct pxl_client_result *c,
		       uint64_t span, int width);
void pxl_html_style(FILE *f);
void pxl_html_head(FILE *f, const char *title, const char *kind, const char *verdict);
void pxl_html_tail(FILE *f);
void pxl_html_stage_table(FILE *f, const struct pxl_run_result *r, const struct pxl_client_result *c, int full);
void pxl_html_tftp_table(FILE *f, const struct pxl_client_result *c);
void pxl_html_packets(FILE *f, const struct pxl_run_result *r, const struct pxl_client_result *c);
void pxl_html_console(FILE *f, const struct pxl_run_result *r, const struct pxl_client_result *c);
void pxl_html_screenshot(FILE *f, const struct pxl_client_result *c);

#endif /* PXL_REPORT_HTML_PRIV_H */
