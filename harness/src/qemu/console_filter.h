/* console_filter.h - serial console bytes to plain text: escape sequences removed, line drawing kept readable */
#ifndef PXL_CONSOLE_FILTER_H
#define PXL_CONSOLE_FILTER_H

#include <stddef.h>

/**
 * struct pxl_console_filter - parser state kept across chunks (zero it to start)
 * @state: where in an escape sequence the input is (console_filter.c)
 * @g0:    G0 is the DEC special graphics set (ESC ( 0; ESC ( B: ASCII)
 * @g1:    G1 is (ESC ) 0)
 * @shift: SO selected G1; SI selects G0 back
 */
struct pxl_console_filter {
	int state;
	int g0;
	int g1;
	int shift;
};

size_t pxl_console_filter(struct pxl_console_filter *f, const char *in, size_t n, char *out);

#endif /* PXL_CONSOLE_FILTER_H */
