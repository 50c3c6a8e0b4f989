/* chap.c - CHAP with MD5 (RFC 1994) as iSCSI uses it: responses and value encodings */
#include "services/iscsi/chap.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

/**
 * chap_response() - MD5(identifier || secret || challenge)
 * @id:        CHAP identifier
 * @secret:    shared secret (NUL-terminated)
 * @challenge: challenge bytes
 * @clen:      challenge length
 * @out:       out: 16-byte response
 */
void chap_response(uint8_t id, const char *secret, const uint8_t *challenge, size_t clen,
		   uint8_t out[MD5_DIGEST_LEN])
{
	struct md5_ctx ctx;

	md5_init(&ctx);
	md5_update(&ctx, &id, 1);
	md5_update(&ctx, secret, strlen(secret));
	md5_update(&ctx, challenge, clen);
	md5_final(&ctx, out);
}

/**
 * b64_value() - value of a base64 character
 * @c: character
 *
 * Return: 0..63 or -1.
 */
static int b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/**
 * decode_hex() - decode hex digits (odd count: leading nibble alone)
 * @s: digits
 * @n: count
 * @out: output
 * @cap: room
 * @len: out: bytes
 *
 * Return: 0, -EINVAL for a bad digit, -E2BIG if @cap is too small.
 */
static int decode_hex(const char *s, size_t n, uint8_t *out, size_t cap, size_t *len)
{
	size_t i = 0, o = 0;

	if ((n + 1) / 2 > cap)
		return -E2BIG;
	if (n % 2) {
		if (pxl_hex_digit(s[0]) < 0)
			return -EINVAL;
		out[o++] = (uint8_t)pxl_hex_digit(s[0]);
		i = 1;
	}
	for (; i < n; i += 2) {
		int hi = pxl_hex_digit(s[i]), lo = pxl_hex_digit(s[i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[o++] = (uint8_t)(hi << 4 | lo);
	}
	*len = o;
	return 0;
}

/**
 * decode_b64() - decode base64 (padding optional)
 * @s: characters
 * @n: count
 * @out: output
 * @cap: room
 * @len: out: bytes
 *
 * Return: 0, -EINVAL for a bad character, -E2BIG if @cap is too small.
 */
static int decode_b64(const char *s, size_t n, uint8_t *out, size_t cap, size_t *len)
{
	uint32_t acc = 0;
	size_t i, o = 0;
	int bits = 0;

	while (n > 0 && s[n - 1] == '=')
		n--;
	for (i = 0; i < n; i++) {
		int v = b64_value(s[i]);

		if (v < 0)
			return -EINVAL;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= cap)
				return -E2BIG;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	*len = o;
	return 0;
}

/**
 * chap_decode() - decode an iSCSI binary value ("0x..." hex or "0b..." base64)
 * @val:  value text (not NUL-terminated)
 * @vlen: its length
 * @out:  output bytes
 * @cap:  room in @out
 * @len:  out: decoded length
 *
 * Return: 0, -EINVAL (no prefix, bad digit, empty), -E2BIG (too long).
 */
int chap_decode(const char *val, size_t vlen, uint8_t *out, size_t cap, size_t *len)
{
	if (vlen < 3 || val[0] != '0')
		return -EINVAL;
	if (val[1] == 'x' || val[1] == 'X')
		return decode_hex(val + 2, vlen - 2, out, cap, len);
	if (val[1] == 'b' || val[1] == 'B')
		return decode_b64(val + 2, vlen - 2, out, cap, len);
	return -EINVAL;
}

/**
 * chap_encode_hex() - encode bytes as "0x" and lower-case hex
 * @bin: bytes
 * @len: count
 * @out: output (NUL-terminated)
 * @cap: room
 *
 * Return: 0 or -E2BIG.
 */
int chap_encode_hex(const uint8_t *bin, size_t len, char *out, size_t cap)
{
	size_t i;

	if (cap < 2 * len + 3)
		return -E2BIG;
	out[0] = '0';
	out[1] = 'x';
	for (i = 0; i < len; i++)
		snprintf(out + 2 + 2 * i, 3, "%02x", bin[i]);
	out[2 + 2 * len] = '\0';
	return 0;
}

/**
 * chap_equal() - compare two byte strings without an early exit
 * @a:   first
 * @b:   second
 * @len: length
 *
 * Return: 1 if equal.
 */
int chap_equal(const uint8_t *a, const uint8_t *b, size_t len)
{
	uint8_t diff = 0;
	size_t i;

	for (i = 0; i < len; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}
