/* test_iscsi_chap.c - unit tests of MD5 (RFC 1321 vectors) and CHAP response/encoding helpers */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "services/iscsi/chap.h"
#include "services/iscsi/md5.h"
#include "testlib.h"

/**
 * hex_of() - hex string of a digest
 * @d:   16 bytes
 * @out: 33 bytes
 *
 * Return: @out.
 */
static const char *hex_of(const uint8_t *d, char *out)
{
	int i;

	for (i = 0; i < 16; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
	return out;
}

START_TEST(test_md5_rfc1321)
{
	static const char *const vec[][2] = {
		{ "", "d41d8cd98f00b204e9800998ecf8427e" },
		{ "a", "0cc175b9c0f1b6a831c399e269772661" },
		{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
		{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
		{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		  "d174ab98d277d9f5a5611c2c9f419d9f" },
		{ "1234567890123456789012345678901234567890123456789012345678901234567890"
		  "1234567890", "57edf4a22be3c955ac49da2e2107b67a" },
	};
	uint8_t d[16];
	char hex[33];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vec); i++) {
		md5(vec[i][0], strlen(vec[i][0]), d);
		ck_assert_str_eq(hex_of(d, hex), vec[i][1]);
	}
}
END_TEST

START_TEST(test_md5_incremental)
{
	const char *msg = "1234567890123456789012345678901234567890123456789012345678901234567890"
			  "1234567890";
	struct md5_ctx ctx;
	uint8_t d[16];
	char hex[33];
	size_t i;

	md5_init(&ctx);
	for (i = 0; i < strlen(msg); i += 7)
		md5_update(&ctx, msg + i, strlen(msg) - i < 7 ? strlen(msg) - i : 7);
	md5_final(&ctx, d);
	ck_assert_str_eq(hex_of(d, hex), "57edf4a22be3c955ac49da2e2107b67a");
}
END_TEST

START_TEST(test_chap_response_vector)
{
	uint8_t chal[16], d[16];
	char hex[33];
	int i;

	for (i = 0; i < 16; i++)
		chal[i] = (uint8_t)i;
	chap_response(0x2a, "secretsecret", chal, sizeof(chal), d);
	ck_assert_str_eq(hex_of(d, hex), "54d49338a27b0c1dd5e935c21ab005a3");
	memset(chal, 0xaa, sizeof(chal));
	chap_response(7, "targetsecret1", chal, sizeof(chal), d);
	ck_assert_str_eq(hex_of(d, hex), "94848fffe1e37115e0fcec1516f40d83");
}
END_TEST

START_TEST(test_chap_encodings)
{
	uint8_t out[16];
	char enc[64];
	size_t n;

	ck_assert_int_eq(chap_decode("0x0a0B", 6, out, sizeof(out), &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(out[0], 0x0a);
	ck_assert_uint_eq(out[1], 0x0b);
	ck_assert_int_eq(chap_decode("0xabc", 5, out, sizeof(out), &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(out[0], 0x0a);
	ck_assert_uint_eq(out[1], 0xbc);
	ck_assert_int_eq(chap_decode("0bAAEC", 6, out, sizeof(out), &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(out[2], 2);
	ck_assert_int_eq(chap_decode("0xzz", 4, out, sizeof(out), &n), -EINVAL);
	ck_assert_int_eq(chap_decode("abcd", 4, out, sizeof(out), &n), -EINVAL);
	ck_assert_int_eq(chap_decode("0x", 2, out, sizeof(out), &n), -EINVAL);
	ck_assert_int_eq(chap_decode("0x000102030405060708090a0b0c0d0e0f10", 36, out, sizeof(out),
				     &n), -E2BIG);
	ck_assert_int_eq(chap_encode_hex((const uint8_t *)"\x01\xff", 2, enc, sizeof(enc)), 0);
	ck_assert_str_eq(enc, "0x01ff");
	ck_assert_int_eq(chap_encode_hex((const uint8_t *)"\x01\xff", 2, enc, 6), -E2BIG);
	ck_assert(chap_equal((const uint8_t *)"ab", (const uint8_t *)"ab", 2));
	ck_assert(!chap_equal((const uint8_t *)"ab", (const uint8_t *)"ac", 2));
}
END_TEST

/**
 * chap_suite() - the suite
 *
 * Return: the suite.
 */
static Suite *chap_suite(void)
{
	Suite *s = suite_create("iscsi_chap");
	TCase *tc = tcase_create("md5_chap");

	tcase_add_test(tc, test_md5_rfc1321);
	tcase_add_test(tc, test_md5_incremental);
	tcase_add_test(tc, test_chap_response_vector);
	tcase_add_test(tc, test_chap_encodings);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(chap_suite)
