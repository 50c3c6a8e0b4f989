/* testlib.h - shared helpers for pxelab's Check unit tests: a main(), fixture loading */
#ifndef PXL_TESTLIB_H
#define PXL_TESTLIB_H

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/**
 * pxl_test_fixture() - read a file under the repository's fixtures/ folder
 * @rel: path relative to fixtures/ (tests run from the repository root)
 * @len: out: file length
 *
 * Return: malloc'ed contents (caller frees); the test fails if unreadable.
 */
static inline uint8_t *pxl_test_fixture(const char *rel, size_t *len)
{
	char path[512];
	FILE *f;
	uint8_t *buf;
	long n;

	snprintf(path, sizeof(path), "fixtures/%s", rel);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open fixture %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/**
 * PXL_TEST_MAIN() - a main() that runs one suite and exits non-zero on failure
 * @suite_fn: function returning the Suite
 */
#define PXL_TEST_MAIN(suite_fn)                                         \
	int main(void)                                                  \
	{                                                               \
		SRunner *sr = srunner_create(suite_fn());               \
		int failed;                                             \
		srunner_run_all(sr, CK_NORMAL);                         \
		failed = srunner_ntests_failed(sr);                     \
		srunner_free(sr);                                       \
		return failed ? EXIT_FAILURE : EXIT_SUCCESS;            \
	}

#endif /* PXL_TESTLIB_H */
