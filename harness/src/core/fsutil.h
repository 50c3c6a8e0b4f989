/* fsutil.h - small file-system helpers shared by the commands and the engine */
#ifndef PXL_FSUTIL_H
#define PXL_FSUTIL_H

int pxl_mkdir_p(const char *path);

#endif /* PXL_FSUTIL_H */
