/* json.h - writing JSON text: string escaping shared by the report writers */
#ifndef PXL_JSON_H
#define PXL_JSON_H

#include <stdio.h>

void pxl_json_str(FILE *f, const char *s);

#endif /* PXL_JSON_H */
