/* iscsi_pdu.h - iSCSI PDU codec (RFC 7143): BHS fields, PDU length, text keys, summaries
 *
 * Decoding never reads past the caller's length and never allocates.  The
 * same struct iscsi_bhs is used to build PDUs (iscsi_bhs_encode()), so the
 * target and the tests share one description of every header.
 */
#ifndef PXL_ISCSI_PDU_H
#define PXL_ISCSI_PDU_H

#include <stddef.h>
#include <stdint.h>

#include "services/iscsi/scsi_cdb.h"

#define ISCSI_BHS_LEN 48
#define ISCSI_DIGEST_LEN 4
#define ISCSI_DLEN_MAX 0xffffffu

/* opcodes: initiator -> target */
#define ISCSI_OP_NOP_OUT 0x00
#define ISCSI_OP_SCSI_CMD 0x01
#define ISCSI_OP_TMF_REQ 0x02
#define ISCSI_OP_LOGIN_REQ 0x03
#define ISCSI_OP_TEXT_REQ 0x04
#define ISCSI_OP_DATA_OUT 0x05
#define ISCSI_OP_LOGOUT_REQ 0x06
#define ISCSI_OP_SNACK 0x10
/* opcodes: target -> initiator */
#define ISCSI_OP_NOP_IN 0x20
#define ISCSI_OP_SCSI_RSP 0x21
#define ISCSI_OP_TMF_RSP 0x22
#define ISCSI_OP_LOGIN_RSP 0x23
#define ISCSI_OP_TEXT_RSP 0x24
#define ISCSI_OP_DATA_IN 0x25
#define ISCSI_OP_LOGOUT_RSP 0x26
#define ISCSI_OP_R2T 0x31
#define ISCSI_OP_ASYNC 0x32
#define ISCSI_OP_REJECT 0x3f

/* byte 1 flag bits */
#define ISCSI_FLAG_FINAL 0x80       /* F: final PDU of a sequence */
#define ISCSI_FLAG_CMD_READ 0x40    /* R in SCSI Command */
#define ISCSI_FLAG_CMD_WRITE 0x20   /* W in SCSI Command */
#define ISCSI_FLAG_CMD_ATTR 0x07    /* task attribute */
#define ISCSI_FLAG_TRANSIT 0x80     /* T in Login */
#define ISCSI_FLAG_CONTINUE 0x40    /* C in Login and Text */
#define ISCSI_FLAG_DATA_ACK 0x40    /* A in Data-In */
#define ISCSI_FLAG_BIDI_OVER 0x10   /* o in SCSI Response */
#define ISCSI_FLAG_BIDI_UNDER 0x08  /* u in SCSI Response */
#define ISCSI_FLAG_OVERFLOW 0x04    /* O in SCSI Response and Data-In */
#define ISCSI_FLAG_UNDERFLOW 0x02   /* U in SCSI Response and Data-In */
#define ISCSI_FLAG_STATUS 0x01      /* S in Data-In */

/* login stages */
#define ISCSI_STAGE_SECURITY 0
#define ISCSI_STAGE_OPERATIONAL 1
#define ISCSI_STAGE_FULL_FEATURE 3

/* reject reasons (RFC 7143 11.17.1) */
#define ISCSI_REJECT_DIGEST 0x02
#define ISCSI_REJECT_SNACK 0x03
#define ISCSI_REJECT_PROTOCOL 0x04
#define ISCSI_REJECT_UNSUPPORTED 0x05
#define ISCSI_REJECT_IMMEDIATE 0x06
#define ISCSI_REJECT_TASK_IN_PROGRESS 0x07
#define ISCSI_REJECT_INVALID_DATA_ACK 0x08
#define ISCSI_REJECT_INVALID_FIELD 0x09
#define ISCSI_REJECT_LONG_OP 0x0a
#define ISCSI_REJECT_NEGOTIATION_RESET 0x0b
#define ISCSI_REJECT_WAITING_LOGOUT 0x0c

/**
 * struct iscsi_bhs - the fields of a 48-byte Basic Header Segment
 *
 * Common to all PDUs: @opcode (6 bits), @immediate (I bit), @flags (byte 1
 * as sent), @final (F bit), @ahs_words (TotalAHSLength, 4-byte words),
 * @dlen (DataSegmentLength), @lun (bytes 8..15, raw), @itt.
 * Initiator PDUs carry @cmdsn and @expstatsn; target PDUs carry @statsn,
 * @expcmdsn and @maxcmdsn.  The rest is meaningful for the opcodes named.
 * Numbers are in host order.
 */
struct iscsi_bhs {
	uint8_t opcode;
	int immediate;
	uint8_t flags;
	int final;
	uint32_t ahs_words;
	uint32_t dlen;
	uint64_t lun;
	uint32_t itt;
	uint32_t ttt;          /* NOP, Text, Data-In/Out, R2T, SNACK */
	uint32_t cmdsn;
	uint32_t expstatsn;
	uint32_t statsn;
	uint32_t expcmdsn;
	uint32_t maxcmdsn;

	/* Login request/response */
	int transit;           /* T */
	int cont;              /* C (Login and Text) */
	uint32_t csg, nsg;
	uint32_t version_max;
	uint32_t version_min;  /* Version-active in a response */
	uint8_t isid[6];
	uint32_t tsih;
	uint32_t cid;          /* Login and Logout requests */
	uint32_t status_class;
	uint32_t status_detail;

	/* SCSI Command */
	int read, write;
	uint32_t attr;
	uint32_t edtl;         /* Expected Data Transfer Length */
	uint8_t cdb[16];

	/* SCSI Response, Data-In: status, residuals */
	uint32_t response;     /* SCSI/TMF/Logout response code */
	uint32_t status;       /* SCSI status */
	int has_status;        /* Data-In S bit */
	int overflow, underflow, bidi_overflow, bidi_underflow;
	uint32_t residual;
	uint32_t bidi_residual;
	uint32_t expdatasn;    /* SCSI Response, TMF request */

	/* Data-In/Out, R2T */
	uint32_t datasn;       /* DataSN, R2TSN, or Reject's DataSN/R2TSN */
	uint32_t offset;       /* Buffer Offset */
	uint32_t desired;      /* R2T Desired Data Transfer Length */

	/* Task Management */
	uint32_t function;
	uint32_t ref_itt;
	uint32_t refcmdsn;

	/* Logout, Reject */
	uint32_t reason;
	uint32_t time2wait, time2retain;
};

/**
 * struct iscsi_kv - one key=value pair inside a text/login data segment
 * @key: first byte of the key (not NUL-terminated at '=')
 * @klen: key length
 * @val: first byte of the value (NUL-terminated in the data, or at its end)
 * @vlen: value length
 */
struct iscsi_kv {
	const char *key;
	size_t klen;
	const char *val;
	size_t vlen;
};

#define ISCSI_KEY_MAX 63     /* RFC 7143 6.1: keys at most 63 bytes */
#define ISCSI_VALUE_MAX 8192 /* room for a 4096-byte binary CHAP value in hex */
#define ISCSI_KV_MAX 128     /* more pairs than this in one exchange is abuse */

const char *iscsi_opcode_name(uint8_t opcode);
int iscsi_opcode_is_initiator(uint8_t opcode);

int iscsi_bhs_parse(const uint8_t *buf, size_t len, struct iscsi_bhs *bhs);
void iscsi_bhs_encode(const struct iscsi_bhs *bhs, uint8_t out[ISCSI_BHS_LEN]);
size_t iscsi_pdu_len(const struct iscsi_bhs *bhs, int header_digest, int data_digest);
size_t iscsi_pad4(size_t len);

int iscsi_text_parse(const uint8_t *data, size_t len, struct iscsi_kv *kv, size_t max,
		     size_t *count);
const char *iscsi_text_strerror(int err);
int iscsi_utf8_valid(const uint8_t *s, size_t len);
const struct iscsi_kv *iscsi_kv_find(const struct iscsi_kv *kv, size_t n, const char *key);
int iscsi_kv_key_is(const struct iscsi_kv *kv, const char *key);

int iscsi_pdu_summary(const uint8_t *pdu, size_t len, char *buf, size_t size);

#endif /* PXL_ISCSI_PDU_H */
