/* junit_priv.h - the JUnit writers' shared libxml2 helpers (junit.c, storm_files.c) */
#ifndef PXL_REPORT_JUNIT_PRIV_H
#define PXL_REPORT_JUNIT_PRIV_H

#include <libxml/tree.h>

void pxl_junit_attr(xmlNodePtr n, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
xmlNodePtr pxl_junit_text(xmlNodePtr parent, const char *name, const char *text);
void pxl_junit_prop(xmlNodePtr props, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* PXL_REPORT_JUNIT_PRIV_H */
