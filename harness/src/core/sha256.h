/* sha256.h - SHA-256 (FIPS 180-4) of buffers and files, for fixture integrity checks */
#ifndef PXL_SHA256_H
#define PXL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define PXL_SHA256_LEN 32
#define PXL_SHA256_HEX (2 * PXL_SHA256_LEN + 1)

/**
 * struct pxl_sha256 - a running hash
 * @h:     chaining state
 * @block: bytes not yet compressed
 * @used:  bytes in @block
 * @total: bytes hashed so far
 */
struct pxl_sha256 {
	uint32_t h[8];
	uint8_t block[64];
	size_t used;
	uint64_t total;
};

void pxl_sha256_init(struct pxl_sha256 *c);
void pxl_sha256_update(struct pxl_sha256 *c, const void *data, size_t len);
void pxl_sha256_final(struct pxl_sha256 *c, uint8_t out[PXL_SHA256_LEN]);
void pxl_sha256_hex(const uint8_t digest[PXL_SHA256_LEN], char hex[PXL_SHA256_HEX]);
int pxl_sha256_file(const char *path, char hex[PXL_SHA256_HEX]);

#endif /* PXL_SHA256_H */
