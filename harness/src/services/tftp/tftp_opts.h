/* tftp_opts.h - TFTP option negotiation (RFC 2347 blksize 2348, tsize/timeout 2349, windowsize 7440)
 *
 * Rules: option names match case-insensitively; only the first occurrence of
 * a name counts; unknown options are ignored; only acknowledged options go
 * into the OACK (under their lower-case names, in request order).  Values
 * must be plain decimal.  A value outside the RFC's range is a negotiation
 * failure (TFTP error 8): blksize < 8, timeout outside 1..255, windowsize 0,
 * non-numeric values.  blksize and windowsize above our configured maxima are
 * lowered to them (they are upper bounds of what the client can take).
 * tsize on a read is answered with the file's size (netascii: its encoded
 * size); on a write it is the size announced by the client, refused with
 * error 3 if above the upload limit.  windowsize is not offered on writes.
 */
#ifndef PXL_TFTP_OPTS_H
#define PXL_TFTP_OPTS_H

#include <stdint.h>

#include "services/tftp/tftp_pkt.h"

/** TFTP_BLKSIZE_MIN, TFTP_BLKSIZE_MAX - RFC 2348's range */
#define TFTP_BLKSIZE_MIN 8
#define TFTP_BLKSIZE_MAX 65464
/** TFTP_BLKSIZE_DEFAULT - RFC 1350's block size */
#define TFTP_BLKSIZE_DEFAULT 512

/**
 * struct tftp_nego_in - what negotiation needs to know
 * @max_blksize:    largest block size we send or accept
 * @max_windowsize: largest window we send
 * @is_write:       the request is a WRQ
 * @size:           read: the size the file will have on the wire
 * @max_upload:     write: largest upload accepted
 */
struct tftp_nego_in {
	uint16_t max_blksize;
	uint16_t max_windowsize;
	int is_write;
	uint64_t size;
	uint64_t max_upload;
};

/**
 * struct tftp_nego - the outcome of negotiation
 * @blksize:    agreed block size (512 if not negotiated)
 * @windowsize: agreed window (1 if not negotiated)
 * @timeout_s:  agreed timeout in seconds (0 if not negotiated)
 * @has_tsize:  tsize was acknowledged
 * @tsize:      the acknowledged tsize value
 * @oack:       options to acknowledge, in request order
 * @n_oack:     how many (0: no OACK, plain RFC 1350 transfer)
 * @err_code:   on failure: TFTP error code to send
 * @why:        on failure: message to send
 */
struct tftp_nego {
	uint16_t blksize;
	uint16_t windowsize;
	uint16_t timeout_s;
	int has_tsize;
	uint64_t tsize;
	struct tftp_opt oack[TFTP_MAX_OPTS];
	unsigned int n_oack;
	uint16_t err_code;
	char why[96];
	/* private: storage for @oack values */
	char vals[TFTP_MAX_OPTS][24];
};

int tftp_negotiate(const struct tftp_pkt *req, const struct tftp_nego_in *in,
		   struct tftp_nego *out);
uint16_t tftp_blksize_for_mtu(unsigned int mtu);

#endif /* PXL_TFTP_OPTS_H */
