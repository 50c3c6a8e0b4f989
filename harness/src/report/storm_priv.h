/* storm_priv.h - what the storm report writers share: the six stages of issue 17 and which are simulated */
#ifndef PXL_REPORT_STORM_PRIV_H
#define PXL_REPORT_STORM_PRIV_H

#include "engine/storm.h"

/**
 * struct pxl_storm_stage_row - one of the six netboot stages
 * @num:   its number (1..6)
 * @title: its words
 * @scl:   the synthetic clients' stage, or -1 when they do not walk it yet
 */
struct pxl_storm_stage_row {
	unsigned num;
	const char *title;
	int scl;
};

extern const struct pxl_storm_stage_row pxl_storm_stages[6];

void pxl_storm_failed_clients(const struct pxl_storm_result *r, int scl, FILE *f, size_t max);

#endif /* PXL_REPORT_STORM_PRIV_H */
