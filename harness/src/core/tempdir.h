/* tempdir.h - private temporary folders that are always removed */
#ifndef PXL_TEMPDIR_H
#define PXL_TEMPDIR_H

#include <stddef.h>

int pxl_tempdir_make(char *path, size_t len, const char *tag);
int pxl_tempdir_remove(const char *path);

#endif /* PXL_TEMPDIR_H */
