/* progress.h - terminal progress of `pxelab run`: a live line on a TTY, timestamped lines elsewhere
 *
 * On a terminal (and CI not "true", TERM not "dumb"): one line per running
 * scenario, redrawn on every engine tick (100 ms): spinner, scenario,
 * client, current stage, elapsed time, the latest packet; the verdict in
 * colour at the end.  Otherwise: plain lines "[HH:MM:SS] ..." for the start,
 * every stage met or failed, and the end; no escape codes.
 *
 * The engine drives it through struct pxl_run_watch (observations, stage
 * changes, ticks) from its own loop: no thread, no second judge.  The
 * verdicts in the reports are the engine's.
 */
#ifndef PXL_PROGRESS_H
#define PXL_PROGRESS_H

#include <stdio.h>

#include "engine/engine.h"
#include "lang/scenario.h"

/** enum pxl_progress_mode - how progress is shown */
enum pxl_progress_mode {
	PXL_PROGRESS_QUIET, /* nothing (--quiet) */
	PXL_PROGRESS_PLAIN, /* timestamped lines, no escape codes */
	PXL_PROGRESS_TTY,   /* live line with spinner and colour */
};

struct pxl_progress;

enum pxl_progress_mode pxl_progress_mode_pick(int quiet, FILE *out);
struct pxl_progress *pxl_progress_begin(enum pxl_progress_mode mode, const struct scenario *sc, int verbose,
					size_t index, size_t total);
const struct pxl_run_watch *pxl_progress_watch(struct pxl_progress *p);
void pxl_progress_end(struct pxl_progress *p, const struct pxl_run_result *res);

#endif /* PXL_PROGRESS_H */
