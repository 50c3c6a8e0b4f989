/* strbuf.c - text appended piece by piece: growing on the heap, or cut to a caller's array */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/util.h"

/**
 * pxl_buf_init_fixed() - make @b a bounded buffer writing into @array
 * @b:     buffer
 * @array: the caller's memory (may be NULL when @size is 0)
 * @size:  its size; the text is always NUL-terminated when @size > 0
 */
void pxl_buf_init_fixed(struct pxl_buf *b, char *array, size_t size)
{
	memset(b, 0, sizeof(*b));
	b->s = array;
	b->cap = size;
	b->bounded = 1;
	if (size)
		array[0] = '\0';
}

/**
 * heap_room() - room in a heap buffer for @n more bytes and the NUL
 * @b: buffer (not bounded, nothing lost)
 * @n: bytes
 *
 * Return: 0, or -ENOMEM (and @b->lost is set).
 */
static int heap_room(struct pxl_buf *b, size_t n)
{
	if (n >= (size_t)-1 - b->len || pxl_vec_grow(&b->s, &b->cap, b->len + n + 1, 1)) {
		b->lost = 1;
		return -ENOMEM;
	}
	return 0;
}

/**
 * bounded_add() - append to a bounded buffer what still fits of @len bytes
 * @b:    buffer (bounded)
 * @text: bytes
 * @len:  how many
 */
static void bounded_add(struct pxl_buf *b, const char *text, size_t len)
{
	if (b->len + 1 < b->cap) {
		size_t keep = b->cap - 1 - b->len < len ? b->cap - 1 - b->len : len;

		memcpy(b->s + b->len, text, keep);
		b->s[b->len + keep] = '\0';
	}
	b->len += len;
	if (b->len >= b->cap)
		b->lost = 1;
}

/**
 * pxl_buf_add() - append bytes (a NUL among them is kept as text)
 * @b:    buffer
 * @text: bytes
 * @len:  how many
 *
 * A heap buffer with nothing in it yet allocates even for @len 0, so that
 * @b->s is "" rather than NULL afterwards (unless the allocation fails).
 */
void pxl_buf_add(struct pxl_buf *b, const char *text, size_t len)
{
	if (b->bounded) {
		bounded_add(b, text, len);
		return;
	}
	if (b->lost || heap_room(b, len))
		return;
	memcpy(b->s + b->len, text, len);
	b->len += len;
	b->s[b->len] = '\0';
}

/**
 * pxl_buf_vprintf() - append formatted text (vprintf style)
 * @b:   buffer
 * @fmt: printf format
 * @ap:  its arguments
 *
 * The text is formatted straight into the buffer; a heap buffer too small
 * for it grows once and formats again.
 */
void pxl_buf_vprintf(struct pxl_buf *b, const char *fmt, va_list ap)
{
	size_t room = b->len < b->cap ? b->cap - b->len : 0;
	va_list again;
	int n;

	if (b->lost && !b->bounded)
		return;
	va_copy(again, ap);
	n = vsnprintf(room ? b->s + b->len : NULL, room, fmt, ap);
	if (n >= 0 && (size_t)n >= room && !b->bounded) {
		if (heap_room(b, (size_t)n))
			n = -1;
		else
			vsnprintf(b->s + b->len, b->cap - b->len, fmt, again);
	}
	va_end(again);
	if (n < 0) {
		b->lost = 1;
		if (b->s && b->len < b->cap)
			b->s[b->len] = '\0';	/* drop a half-written piece */
		return;
	}
	b->len += (size_t)n;
	if (b->bounded && b->len >= b->cap)
		b->lost = 1;
}

/**
 * pxl_buf_printf() - append formatted text
 * @b:   buffer
 * @fmt: printf format
 */
void pxl_buf_printf(struct pxl_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pxl_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/**
 * pxl_buf_str() - the text
 * @b: buffer
 *
 * Return: the text, or "" while a heap buffer is empty (or a bounded one has no room).
 */
const char *pxl_buf_str(const struct pxl_buf *b)
{
	return b->s && b->cap ? b->s : "";
}

/**
 * pxl_buf_error() - whether all text that was appended is there
 * @b: buffer
 *
 * Return: 0, -ENOMEM if a heap buffer could not grow, or -ENOSPC if a
 * bounded buffer's text was cut.
 */
int pxl_buf_error(const struct pxl_buf *b)
{
	if (!b->lost)
		return 0;
	return b->bounded ? -ENOSPC : -ENOMEM;
}

/**
 * pxl_buf_free() - free a heap buffer's text (a bounded one's array stays the caller's)
 * @b: buffer; it is an empty heap buffer afterwards
 */
void pxl_buf_free(struct pxl_buf *b)
{
	if (!b->bounded)
		free(b->s);
	memset(b, 0, sizeof(*b));
}
