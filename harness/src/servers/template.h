/* template.h - @NAME@ templates for external servers' configurations, and a growable text buffer */
#ifndef PXL_TEMPLATE_H
#define PXL_TEMPLATE_H

#include <stddef.h>

/**
 * struct pxl_tvar - one placeholder
 * @name:  NAME in @NAME@ (upper case, digits, '_')
 * @value: its text
 */
struct pxl_tvar {
	const char *name;
	const char *value;
};

/**
 * struct pxl_buf - a growable NUL-terminated text (zero-initialise; free @s)
 * @s:   text, or NULL while empty
 * @len: bytes used
 * @cap: bytes allocated
 * @oom: an allocation failed (the text is incomplete)
 */
struct pxl_buf {
	char *s;
	size_t len;
	size_t cap;
	int oom;
};

void pxl_buf_add(struct pxl_buf *b, const char *text, size_t len);
void pxl_buf_printf(struct pxl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *pxl_buf_str(const struct pxl_buf *b);
void pxl_buf_free(struct pxl_buf *b);

int pxl_template_expand(const char *text, const char *name, const struct pxl_tvar *vars, size_t nvars,
			struct pxl_buf *out, char *err, size_t errlen);
int pxl_template_file(const char *in, const char *out, const struct pxl_tvar *vars, size_t nvars,
		      char *err, size_t errlen);
int pxl_read_file(const char *path, struct pxl_buf *out);
int pxl_write_file(const char *path, const char *text);

#endif /* PXL_TEMPLATE_H */
