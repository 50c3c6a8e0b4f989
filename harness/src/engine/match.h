/* match.h - does one observation meet one expectation? */
#ifndef PXL_MATCH_H
#define PXL_MATCH_H

#include <stdint.h>

#include "lang/scenario.h"
#include "wire/wire.h"

int pxl_expect_matches(const struct scenario *sc, const struct scn_expect *e,
		       const uint8_t *client_mac, const struct pxl_obs *o);
int pxl_expect_near(const struct scn_expect *e, const struct pxl_obs *o);
const char *pxl_expect_proto_name(enum scn_proto p);

#endif /* PXL_MATCH_H */
