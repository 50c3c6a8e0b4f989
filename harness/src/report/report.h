/* report.h - a run's report files and its terminal summary, and the table that lists them */
#ifndef PXL_REPORT_H
#define PXL_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "engine/engine.h"
#include "engine/storm.h"

/**
 * struct pxl_report_file - one file every run writes into its run folder
 * @name:  file name inside the run folder ("junit.xml", ...)
 * @write: writes the run's results to @path; 0, or -errno / -1 on failure
 */
struct pxl_report_file {
	const char *name;
	int (*write)(const struct pxl_run_result *r, const char *path);
};

extern const struct pxl_report_file pxl_report_files[];
extern const size_t pxl_report_nfiles;

int pxl_report_run_files(const struct pxl_run_result *r, FILE *errf);

int pxl_report_junit(const struct pxl_run_result *const *res, size_t n, const char *path);
int pxl_report_junit_one(const struct pxl_run_result *r, const char *path);
int pxl_report_metrics(const struct pxl_run_result *res, const char *path);
void pxl_report_summary(const struct pxl_run_result *res, FILE *f);
size_t pxl_report_walks(const struct pxl_run_result *res, double w[3]);

int pxl_report_storm_files(const struct pxl_storm_result *r, FILE *errf);
int pxl_report_storm_junit(const struct pxl_storm_result *r, const char *path);
int pxl_report_storm_metrics(const struct pxl_storm_result *r, const char *path);
int pxl_report_storm_html(const struct pxl_storm_result *r, const char *path);
int pxl_report_storm_clients(const struct pxl_storm_result *r, const char *path);
void pxl_report_storm_summary(const struct pxl_storm_result *r, FILE *f);
void pxl_report_storm_side(const struct pxl_storm_result *const *r, const char *const *names, size_t n, FILE *f);

#endif /* PXL_REPORT_H */
