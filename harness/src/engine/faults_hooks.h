/* faults_hooks.h - the engine's hooks for link faults, the hostile guest, connection watch and fixture checks */
#ifndef PXL_ENGINE_ROBUST_H
#define PXL_ENGINE_ROBUST_H

struct pxl_eng;

int pxl_eng_robust_prepare(struct pxl_eng *e);
int pxl_eng_robust_start(struct pxl_eng *e);
void pxl_eng_robust_collect(struct pxl_eng *e);

#endif /* PXL_ENGINE_ROBUST_H */
