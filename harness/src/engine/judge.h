/* judge.h - the stage judge: one client's walk through the scenario's stages */
#ifndef PXL_STAGES_H
#define PXL_STAGES_H

#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"
#include "lang/scenario.h"
#include "wire/wire.h"

struct pxl_judge;

struct pxl_judge *pxl_judge_new(const struct scenario *sc, int client, uint64_t t0);
void pxl_judge_free(struct pxl_judge *j);
void pxl_judge_feed(struct pxl_judge *j, const struct pxl_obs *store, size_t n, const struct pxl_obs *o);
void pxl_judge_expire(struct pxl_judge *j, const struct pxl_obs *store, size_t n, uint64_t now,
		      const char *why);
int pxl_judge_idle(struct pxl_judge *j, const struct pxl_obs *store, size_t n, uint64_t now,
		   uint64_t last, const char *client, unsigned share);
int pxl_judge_tick(struct pxl_judge *j, const struct pxl_obs *store, size_t n, uint64_t now);
uint64_t pxl_judge_deadline(const struct pxl_judge *j);
int pxl_judge_done(const struct pxl_judge *j);
int pxl_judge_passed(const struct pxl_judge *j);
size_t pxl_judge_stage(const struct pxl_judge *j);
struct pxl_stage_result *pxl_judge_take_results(struct pxl_judge *j);
int pxl_judge_xfail(const struct scenario *sc, const char *client, int passed,
		    const struct pxl_stage_result *stages, char *note, size_t len);

#endif /* PXL_STAGES_H */
