/* diagnose.h - the wording of the judge's verdicts: failed stages, deadlines, xfail notes */
#ifndef PXL_DIAGNOSE_H
#define PXL_DIAGNOSE_H

#include <stddef.h>
#include <stdint.h>

#include "lang/scenario.h"
#include "wire/wire.h"

/** enum pxl_xfail_how - how a client's run compares with the scenario's `xfail` */
enum pxl_xfail_how {
	PXL_XFAIL_MET,           /* failed at the declared stage with the declared text */
	PXL_XFAIL_ALL_PASSED,    /* every stage passed */
	PXL_XFAIL_LATER,         /* the declared stage passed, a later one failed */
	PXL_XFAIL_NOT_RUN,       /* an earlier stage failed: the declared one never ran */
	PXL_XFAIL_TEXT_MISSING,  /* the declared stage failed, its diagnosis lacks the text */
};

/* deadlines: the `why` of a stage that ran out of time */
void pxl_diag_within(uint64_t within, char *buf, size_t len);
void pxl_diag_timeout(uint64_t timeout, char *buf, size_t len);

/* a failed stage */
void pxl_diag_never(const struct scenario *sc, const struct scn_stage *st, const struct scn_expect *e,
		    const struct pxl_obs *o, char *buf, size_t len);
void pxl_diag_dead_end(const struct scn_dead_end *de, const char *line, double t, char *buf, size_t len);
void pxl_diag_unmet_head(const struct scn_stage *st, const char *why, char *buf, size_t len);
void pxl_diag_unmet_line(const struct scenario *sc, const struct scn_expect *e, unsigned count,
			 const uint8_t *mac, const struct pxl_obs *store, size_t n, char *buf, size_t len);

/* a negative scenario's outcome */
void pxl_diag_xfail(const struct scenario *sc, const char *client, enum pxl_xfail_how how,
		    char *note, size_t len);

#endif /* PXL_DIAGNOSE_H */
