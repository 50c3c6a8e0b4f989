/* builtin_priv.h - pxelab's own DHCP, TFTP, iSCSI and HTTP servers, for the `builtin` provider (builtin.c) */
#ifndef PXL_BUILTIN_PRIV_H
#define PXL_BUILTIN_PRIV_H

#include <stdint.h>

#include "servers/provider.h"

struct pxl_builtin_dhcp;
struct pxl_builtin_tftp;
struct pxl_builtin_iscsi;
struct pxl_builtin_http;

/* builtin.c */
uint32_t pxl_builtin_gateway(const struct scenario *sc);

/* builtin_udp.c */
int pxl_builtin_dhcp_start(const struct pxl_server_env *env, struct pxl_builtin_dhcp **out);
void pxl_builtin_dhcp_stop(struct pxl_builtin_dhcp *b);
int pxl_builtin_tftp_start(const struct pxl_server_env *env, struct pxl_builtin_tftp **out);
void pxl_builtin_tftp_stop(struct pxl_builtin_tftp *b);

/* builtin_iscsi.c */
uint32_t pxl_builtin_portal(const struct scenario *sc, const struct scn_target *t);
int pxl_builtin_iscsi_start(const struct pxl_server_env *env, struct pxl_builtin_iscsi **out);
void pxl_builtin_iscsi_stop(struct pxl_builtin_iscsi *is);

/* builtin_http.c */
int pxl_builtin_http_start(const struct pxl_server_env *env, struct pxl_builtin_http **out);
void pxl_builtin_http_stop(struct pxl_builtin_http *h);

#endif /* PXL_BUILTIN_PRIV_H */
