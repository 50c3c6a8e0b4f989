/* template.h - @NAME@ templates for external servers' configurations */
#ifndef PXL_TEMPLATE_H
#define PXL_TEMPLATE_H

#include <stddef.h>

#include "core/strbuf.h"

/**
 * struct pxl_tvar - one placeholder
 * @name:  NAME in @NAME@ (upper case, digits, '_')
 * @value: its text
 */
struct pxl_tvar {
	const char *name;
	const char *value;
};

int pxl_template_expand(const char *text, const char *name, const struct pxl_tvar *vars, size_t nvars,
			struct pxl_buf *out, char *err, size_t errlen);
int pxl_template_file(const char *in, const char *out, const struct pxl_tvar *vars, size_t nvars,
		      char *err, size_t errlen);
int pxl_read_file(const char *path, struct pxl_buf *out);
int pxl_write_file(const char *path, const char *text);

#endif /* PXL_TEMPLATE_H */
