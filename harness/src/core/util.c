/* util.c - the smallest shared helpers: growable arrays, hex digits, error messages */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* the first allocation of an empty array holds at least this many elements */
#define PXL_VEC_FIRST 8

/**
 * pxl_vec_grow() - make room for @need elements in a malloc'ed array
 * @arrp: address of the array pointer (any object pointer type; NULL while empty)
 * @cap:  its capacity in elements, updated
 * @need: elements wanted
 * @elem: size of one element (not 0)
 *
 * The capacity doubles (from PXL_VEC_FIRST) until it holds @need, so that
 * appending one element at a time costs amortised constant time.  The
 * pointer is read and written through memcpy(), so any typed pointer's
 * address may be passed (PXL_VEC_GROW() does it for you).  Nothing changes
 * on failure: the old array stays valid.
 *
 * Return: 0, or -ENOMEM if the allocation fails or the size would overflow.
 */
int pxl_vec_grow(void *arrp, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : PXL_VEC_FIRST;
	void *old, *p;

	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return -ENOMEM;
		n *= 2;
	}
	if (!elem || n > SIZE_MAX / elem)
		return -ENOMEM;
	memcpy(&old, arrp, sizeof(old));
	p = realloc(old, n * elem);
	if (!p)
		return -ENOMEM;
	memcpy(arrp, &p, sizeof(p));
	*cap = n;
	return 0;
}

/**
 * pxl_hex_digit() - value of one hexadecimal digit, in either case
 * @c: the character (a plain char's negative values are simply no digit)
 *
 * Locale-independent, unlike isxdigit().
 *
 * Return: 0..15, or -1 if @c is no hex digit.
 */
int pxl_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/**
 * pxl_err() - write an error message into a caller's buffer, for "return pxl_err(...)"
 * @err: the buffer (may be NULL when @len is 0)
 * @len: its size; a longer message is cut, always NUL-terminated
 * @fmt: printf format
 *
 * Return: -1, the failure value of the functions that report through
 * (@err, @len) pairs.
 */
int pxl_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (err && len) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return -1;
}
