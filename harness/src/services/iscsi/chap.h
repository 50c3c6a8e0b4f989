/* chap.h - CHAP with MD5 (RFC 1994) as iSCSI uses it: responses and value encodings */
#ifndef PXL_CHAP_H
#define PXL_CHAP_H

#include <stddef.h>
#include <stdint.h>

#include "services/iscsi/md5.h"

#define CHAP_ALG_MD5 5
#define CHAP_CHALLENGE_LEN 16
#define CHAP_BINARY_MAX 1024

void chap_response(uint8_t id, const char *secret, const uint8_t *challenge, size_t clen,
		   uint8_t out[MD5_DIGEST_LEN]);
int chap_decode(const char *val, size_t vlen, uint8_t *out, size_t cap, size_t *len);
int chap_encode_hex(const uint8_t *bin, size_t len, char *out, size_t cap);
int chap_equal(const uint8_t *a, const uint8_t *b, size_t len);

#endif /* PXL_CHAP_H */
