/* md5.h - MD5 message digest (RFC 1321), for iSCSI CHAP */
#ifndef PXL_MD5_H
#define PXL_MD5_H

#include <stddef.h>
#include <stdint.h>

#define MD5_DIGEST_LEN 16

/**
 * struct md5_ctx - running MD5 state
 * @state: A, B, C, D
 * @bytes: message length so far
 * @block: partial 64-byte block
 */
struct md5_ctx {
	uint32_t state[4];
	uint64_t bytes;
	uint8_t block[64];
};

void md5_init(struct md5_ctx *ctx);
void md5_update(struct md5_ctx *ctx, const void *data, size_t len);
void md5_final(struct md5_ctx *ctx, uint8_t digest[MD5_DIGEST_LEN]);
void md5(const void *data, size_t len, uint8_t digest[MD5_DIGEST_LEN]);

#endif /* PXL_MD5_H */
