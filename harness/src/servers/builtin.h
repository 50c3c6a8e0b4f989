/* builtin.h - pxelab's own DHCP, TFTP and iSCSI servers on the segment, configured from a scenario */
#ifndef PXL_BUILTIN_H
#define PXL_BUILTIN_H

#include "net/transport.h"

struct pxl_eng;
struct pxl_builtin;
struct pxl_builtin_iscsi;

int pxl_builtin_start(struct pxl_eng *e);
void pxl_builtin_stop(struct pxl_eng *e);
struct pxl_event_sink pxl_builtin_sink(struct pxl_builtin *b);

int pxl_builtin_iscsi_start(struct pxl_eng *e, struct pxl_builtin_iscsi **out, struct pxl_event_sink sink);
void pxl_builtin_iscsi_stop(struct pxl_eng *e, struct pxl_builtin_iscsi *is);

#endif /* PXL_BUILTIN_H */
