/* md5.c - MD5 message digest written from RFC 1321, for iSCSI CHAP */
#include "services/iscsi/md5.h"

#include <string.h>

/* T[i] = floor(2^32 * abs(sin(i + 1))), RFC 1321 3.4 */
static const uint32_t md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
	0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
	0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
	0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
	0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
	0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
	0xeb86d391,
};

/* per-round rotation amounts */
static const uint8_t md5_s[4][4] = {
	{ 7, 12, 17, 22 }, { 5, 9, 14, 20 }, { 4, 11, 16, 23 }, { 6, 10, 15, 21 },
};

/**
 * rol32() - rotate left
 * @x: value
 * @n: bits (1..31)
 *
 * Return: rotated value.
 */
static uint32_t rol32(uint32_t x, unsigned int n)
{
	return (x << n) | (x >> (32 - n));
}

/**
 * md5_round_fn() - the auxiliary function and message word of step @i
 * @i:   step 0..63
 * @b:   B
 * @c:   C
 * @d:   D
 * @g:   out: index of the message word
 *
 * Return: F, G, H or I of (B, C, D).
 */
static uint32_t md5_round_fn(unsigned int i, uint32_t b, uint32_t c, uint32_t d, unsigned int *g)
{
	switch (i / 16) {
	case 0:
		*g = i;
		return (b & c) | (~b & d);
	case 1:
		*g = (5 * i + 1) % 16;
		return (b & d) | (c & ~d);
	case 2:
		*g = (3 * i + 5) % 16;
		return b ^ c ^ d;
	default:
		*g = (7 * i) % 16;
		return c ^ (b | ~d);
	}
}

/**
 * md5_block() - process one 64-byte block
 * @ctx:   state
 * @block: 64 bytes
 */
static void md5_block(struct md5_ctx *ctx, const uint8_t *block)
{
	uint32_t x[16], a = ctx->state[0], b = ctx->state[1], c = ctx->state[2], d = ctx->state[3];
	unsigned int i, g;

	for (i = 0; i < 16; i++)
		x[i] = (uint32_t)block[4 * i] | ((uint32_t)block[4 * i + 1] << 8) |
		       ((uint32_t)block[4 * i + 2] << 16) | ((uint32_t)block[4 * i + 3] << 24);
	for (i = 0; i < 64; i++) {
		uint32_t f = md5_round_fn(i, b, c, d, &g);
		uint32_t t = d;

		d = c;
		c = b;
		b = b + rol32(a + f + md5_t[i] + x[g], md5_s[i / 16][i % 4]);
		a = t;
	}
	ctx->state[0] += a;
	ctx->state[1] += b;
	ctx->state[2] += c;
	ctx->state[3] += d;
}

/**
 * md5_init() - start a digest
 * @ctx: state to initialise
 */
void md5_init(struct md5_ctx *ctx)
{
	ctx->state[0] = 0x67452301;
	ctx->state[1] = 0xefcdab89;
	ctx->state[2] = 0x98badcfe;
	ctx->state[3] = 0x10325476;
	ctx->bytes = 0;
}

/**
 * md5_update() - add message bytes
 * @ctx:  state
 * @data: bytes
 * @len:  count
 */
void md5_update(struct md5_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t have = ctx->bytes % 64;

	ctx->bytes += len;
	while (len > 0) {
		size_t n = 64 - have < len ? 64 - have : len;

		memcpy(ctx->block + have, p, n);
		have += n;
		p += n;
		len -= n;
		if (have == 64) {
			md5_block(ctx, ctx->block);
			have = 0;
		}
	}
}

/**
 * md5_final() - pad, finish and output the digest
 * @ctx:    state (unusable afterwards)
 * @digest: out: 16 bytes
 */
void md5_final(struct md5_ctx *ctx, uint8_t digest[MD5_DIGEST_LEN])
{
	static const uint8_t pad[64] = { 0x80 };
	uint64_t bits = ctx->bytes * 8;
	uint8_t len[8];
	size_t have = ctx->bytes % 64;
	unsigned int i;

	for (i = 0; i < 8; i++)
		len[i] = (uint8_t)(bits >> (8 * i));
	md5_update(ctx, pad, have < 56 ? 56 - have : 120 - have);
	md5_update(ctx, len, 8);
	for (i = 0; i < 16; i++)
		digest[i] = (uint8_t)(ctx->state[i / 4] >> (8 * (i % 4)));
}

/**
 * md5() - digest of one buffer
 * @data:   bytes
 * @len:    count
 * @digest: out: 16 bytes
 */
void md5(const void *data, size_t len, uint8_t digest[MD5_DIGEST_LEN])
{
	struct md5_ctx ctx;

	md5_init(&ctx);
	md5_update(&ctx, data, len);
	md5_final(&ctx, digest);
}
