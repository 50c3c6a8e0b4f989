/* run_files.c - the files every run writes into its run folder: one table row per format */
#include <stdio.h>

#include "core/util.h"
#include "report/html.h"
#include "report/report.h"

/**
 * pxl_report_junit_one() - junit.xml of one run
 * @r:    the run
 * @path: file to write
 *
 * Return: what pxl_report_junit() returns.
 */
int pxl_report_junit_one(const struct pxl_run_result *r, const char *path)
{
	const struct pxl_run_result *one[1] = { r };

	return pxl_report_junit(one, 1, path);
}

/*
 * pxl_report_files - a run's report files, in the order they are written.
 * To add a format: one row here, its writer in a file of its own under report/.
 */
const struct pxl_report_file pxl_report_files[] = {
	{ "junit.xml", pxl_report_junit_one },
	{ "metrics.json", pxl_report_metrics },
	{ "index.html", pxl_report_html },
};
const size_t pxl_report_nfiles = ARRAY_SIZE(pxl_report_files);

/**
 * pxl_report_run_files() - write every file of pxl_report_files into the run folder
 * @r:    the run (nothing is written without a run folder, or after a setup error)
 * @errf: where "cannot write PATH" goes for a file that fails (the others are still written)
 *
 * Return: the number of files that could not be written.
 */
int pxl_report_run_files(const struct pxl_run_result *r, FILE *errf)
{
	char path[1024];
	int failed = 0;
	size_t i;

	if (!r->rundir[0] || r->error[0])
		return 0;
	for (i = 0; i < pxl_report_nfiles; i++) {
		snprintf(path, sizeof(path), "%s/%s", r->rundir, pxl_report_files[i].name);
		if (pxl_report_files[i].write(r, path)) {
			fprintf(errf, "pxelab run: cannot write %s\n", path);
			failed++;
		}
	}
	return failed;
}
