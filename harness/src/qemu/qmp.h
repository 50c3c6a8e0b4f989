/* qmp.h - a minimal synchronous QMP client: connect, command, wait for the reply */
#ifndef PXL_QMP_H
#define PXL_QMP_H

#include <stddef.h>

int pxl_qmp_connect(const char *path, int timeout_ms);
int pxl_qmp_command(int fd, const char *json, char *reply, size_t len, int timeout_ms);

#endif /* PXL_QMP_H */
