/* strbuf.h - text appended piece by piece: growing on the heap, or cut to a caller's array */
#ifndef PXL_STRBUF_H
#define PXL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

/**
 * struct pxl_buf - text being appended to, in one of two modes
 * @s:       the text, NUL-terminated (NULL while a heap buffer is still empty)
 * @len:     length of all text appended; a bounded buffer keeps only the
 *           first @cap - 1 bytes of it, so @len may exceed them (as snprintf()
 *           counts)
 * @cap:     bytes allocated (heap) or the array's size (bounded)
 * @bounded: @s is the caller's array, set by pxl_buf_init_fixed(): it never
 *           grows, is never freed, and text past its end is cut
 * @lost:    text is missing: an allocation failed (heap; later appends are
 *           ignored) or did not fit (bounded)
 *
 * Heap mode (zero-initialise, pxl_buf_free() when done) builds text of any
 * length: configurations, templates.  Bounded mode writes one-line
 * summaries into a caller's fixed array, cut safely when they run long.
 */
struct pxl_buf {
	char *s;
	size_t len;
	size_t cap;
	int bounded;
	int lost;
};

void pxl_buf_init_fixed(struct pxl_buf *b, char *array, size_t size);
void pxl_buf_add(struct pxl_buf *b, const char *text, size_t len);
void pxl_buf_vprintf(struct pxl_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void pxl_buf_printf(struct pxl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *pxl_buf_str(const struct pxl_buf *b);
int pxl_buf_error(const struct pxl_buf *b);
void pxl_buf_free(struct pxl_buf *b);

#endif /* PXL_STRBUF_H */
