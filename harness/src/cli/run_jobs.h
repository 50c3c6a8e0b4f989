/* run_jobs.h - `pxelab run -j N`: run instances in forked children, N at a time */
#ifndef PXL_RUN_JOBS_H
#define PXL_RUN_JOBS_H

#include <stddef.h>
#include <stdio.h>

/**
 * pxl_job_fn - runs job @index in a child process
 * @arg: the caller's context
 * @index: job number, 0-based
 * @rundir, @len: out: the reports folder the job wrote ("" for none)
 *
 * Return: the job's exit status (0..255).
 */
typedef int (*pxl_job_fn)(void *arg, size_t index, char *rundir, size_t len);

int pxl_jobs_run(size_t n, unsigned jobs, pxl_job_fn fn, void *arg, const char *const *names, char (*rundirs)[512],
		 int *codes, FILE *out);

#endif /* PXL_RUN_JOBS_H */
