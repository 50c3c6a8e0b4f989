/* util.h - the smallest shared helpers: array length, growable arrays, hex digits, error messages */
#ifndef PXL_UTIL_H
#define PXL_UTIL_H

#include <stddef.h>

/**
 * ARRAY_SIZE() - number of elements of an array (not a pointer)
 * @a: the array
 *
 * Given a pointer it would silently compute nonsense; -Wall's
 * -Wsizeof-pointer-div (gcc and clang) turns that into a build error.
 */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/**
 * PXL_VEC_GROW() - pxl_vec_grow() for a typed array pointer and its size_t capacity
 * @arr:  the array pointer (an lvalue, e.g. t->v)
 * @cap:  its capacity in elements (a size_t lvalue)
 * @need: elements wanted
 *
 * Return: 0 or -ENOMEM, as pxl_vec_grow().
 */
#define PXL_VEC_GROW(arr, cap, need) pxl_vec_grow(&(arr), &(cap), (need), sizeof(*(arr)))

int pxl_vec_grow(void *arrp, size_t *cap, size_t need, size_t elem);

int pxl_hex_digit(int c);

int pxl_err(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* PXL_UTIL_H */
