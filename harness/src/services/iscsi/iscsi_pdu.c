/* iscsi_pdu.c - iSCSI BHS codec (RFC 7143 11): field tables per opcode, PDU length */
#include "services/iscsi/iscsi_pdu.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "core/be.h"
#include "core/util.h"

/** enum bhs_flag_kind - how byte 1 of a BHS is laid out */
enum bhs_flag_kind {
	FLAGS_F,         /* F bit, the rest reserved */
	FLAGS_ALWAYS_F,  /* F bit always 1 */
	FLAGS_CMD,       /* F R W . . ATTR */
	FLAGS_LOGIN,     /* T C . . CSG NSG */
	FLAGS_TEXT,      /* F C */
	FLAGS_RSP,       /* 1 . . o u O U . */
	FLAGS_DATA_IN,   /* F A . . . O U S */
	FLAGS_FUNCTION,  /* 1 function (7 bits) */
	FLAGS_REASON,    /* 1 reason (7 bits) */
};

/** enum bhs_field_kind - how a field is stored in struct iscsi_bhs */
enum bhs_field_kind { FIELD_U32, FIELD_U64, FIELD_BYTES };

/**
 * struct bhs_field - one opcode-specific field
 * @off:    byte offset in the BHS
 * @width:  bytes on the wire
 * @kind:   member type
 * @member: offsetof() the member in struct iscsi_bhs
 */
struct bhs_field {
	uint8_t off;
	uint8_t width;
	uint8_t kind;
	uint16_t member;
};

#define F32(o, w, m) { (o), (w), FIELD_U32, offsetof(struct iscsi_bhs, m) }
#define LUN_FIELD { 8, 8, FIELD_U64, offsetof(struct iscsi_bhs, lun) }
#define REQ_SN F32(24, 4, cmdsn), F32(28, 4, expstatsn)
#define RSP_SN F32(24, 4, statsn), F32(28, 4, expcmdsn), F32(32, 4, maxcmdsn)
#define END_FIELDS { 0, 0, 0, 0 }

static const struct bhs_field f_nop_out[] = { LUN_FIELD, F32(20, 4, ttt), REQ_SN, END_FIELDS };
static const struct bhs_field f_scsi_cmd[] = {
	LUN_FIELD, F32(20, 4, edtl), REQ_SN,
	{ 32, 16, FIELD_BYTES, offsetof(struct iscsi_bhs, cdb) }, END_FIELDS
};
static const struct bhs_field f_tmf_req[] = {
	LUN_FIELD, F32(20, 4, ref_itt), REQ_SN, F32(32, 4, refcmdsn), F32(36, 4, expdatasn),
	END_FIELDS
};
static const struct bhs_field f_login_req[] = {
	F32(2, 1, version_max), F32(3, 1, version_min),
	{ 8, 6, FIELD_BYTES, offsetof(struct iscsi_bhs, isid) }, F32(14, 2, tsih),
	F32(20, 2, cid), REQ_SN, END_FIELDS
};
static const struct bhs_field f_text_req[] = { LUN_FIELD, F32(20, 4, ttt), REQ_SN, END_FIELDS };
static const struct bhs_field f_data_out[] = {
	LUN_FIELD, F32(20, 4, ttt), F32(28, 4, expstatsn), F32(36, 4, datasn), F32(40, 4, offset),
	END_FIELDS
};
static const struct bhs_field f_logout_req[] = { F32(20, 2, cid), REQ_SN, END_FIELDS };
static const struct bhs_field f_snack[] = {
	LUN_FIELD, F32(20, 4, ttt), F32(28, 4, expstatsn), F32(40, 4, offset),
	F32(44, 4, desired), END_FIELDS
};
static const struct bhs_field f_nop_in[] = { LUN_FIELD, F32(20, 4, ttt), RSP_SN, END_FIELDS };
static const struct bhs_field f_scsi_rsp[] = {
	F32(2, 1, response), F32(3, 1, status), RSP_SN, F32(36, 4, expdatasn),
	F32(40, 4, bidi_residual), F32(44, 4, residual), END_FIELDS
};
static const struct bhs_field f_tmf_rsp[] = { F32(2, 1, response), RSP_SN, END_FIELDS };
static const struct bhs_field f_login_rsp[] = {
	F32(2, 1, version_max), F32(3, 1, version_min),
	{ 8, 6, FIELD_BYTES, offsetof(struct iscsi_bhs, isid) }, F32(14, 2, tsih), RSP_SN,
	F32(36, 1, status_class), F32(37, 1, status_detail), END_FIELDS
};
static const struct bhs_field f_text_rsp[] = { LUN_FIELD, F32(20, 4, ttt), RSP_SN, END_FIELDS };
static const struct bhs_field f_data_in[] = {
	F32(3, 1, status), LUN_FIELD, F32(20, 4, ttt), RSP_SN, F32(36, 4, datasn),
	F32(40, 4, offset), F32(44, 4, residual), END_FIELDS
};
static const struct bhs_field f_logout_rsp[] = {
	F32(2, 1, response), RSP_SN, F32(40, 2, time2wait), F32(42, 2, time2retain), END_FIELDS
};
static const struct bhs_field f_r2t[] = {
	LUN_FIELD, F32(20, 4, ttt), RSP_SN, F32(36, 4, datasn), F32(40, 4, offset),
	F32(44, 4, desired), END_FIELDS
};
static const struct bhs_field f_async[] = { LUN_FIELD, RSP_SN, F32(36, 1, reason), END_FIELDS };
static const struct bhs_field f_reject[] = {
	F32(2, 1, reason), RSP_SN, F32(36, 4, datasn), END_FIELDS
};

/**
 * struct bhs_layout - the layout of one opcode's BHS
 * @opcode: opcode
 * @name:   printable name
 * @flags:  layout of byte 1
 * @fields: opcode-specific fields, ended by a zero width
 */
struct bhs_layout {
	uint8_t opcode;
	const char *name;
	enum bhs_flag_kind flags;
	const struct bhs_field *fields;
};

static const struct bhs_layout bhs_layouts[] = {
	{ ISCSI_OP_NOP_OUT, "NOP-Out", FLAGS_ALWAYS_F, f_nop_out },
	{ ISCSI_OP_SCSI_CMD, "SCSI Command", FLAGS_CMD, f_scsi_cmd },
	{ ISCSI_OP_TMF_REQ, "Task Management Request", FLAGS_FUNCTION, f_tmf_req },
	{ ISCSI_OP_LOGIN_REQ, "Login Request", FLAGS_LOGIN, f_login_req },
	{ ISCSI_OP_TEXT_REQ, "Text Request", FLAGS_TEXT, f_text_req },
	{ ISCSI_OP_DATA_OUT, "SCSI Data-Out", FLAGS_F, f_data_out },
	{ ISCSI_OP_LOGOUT_REQ, "Logout Request", FLAGS_REASON, f_logout_req },
	{ ISCSI_OP_SNACK, "SNACK Request", FLAGS_F, f_snack },
	{ ISCSI_OP_NOP_IN, "NOP-In", FLAGS_ALWAYS_F, f_nop_in },
	{ ISCSI_OP_SCSI_RSP, "SCSI Response", FLAGS_RSP, f_scsi_rsp },
	{ ISCSI_OP_TMF_RSP, "Task Management Response", FLAGS_ALWAYS_F, f_tmf_rsp },
	{ ISCSI_OP_LOGIN_RSP, "Login Response", FLAGS_LOGIN, f_login_rsp },
	{ ISCSI_OP_TEXT_RSP, "Text Response", FLAGS_TEXT, f_text_rsp },
	{ ISCSI_OP_DATA_IN, "SCSI Data-In", FLAGS_DATA_IN, f_data_in },
	{ ISCSI_OP_LOGOUT_RSP, "Logout Response", FLAGS_ALWAYS_F, f_logout_rsp },
	{ ISCSI_OP_R2T, "R2T", FLAGS_ALWAYS_F, f_r2t },
	{ ISCSI_OP_ASYNC, "Asynchronous Message", FLAGS_ALWAYS_F, f_async },
	{ ISCSI_OP_REJECT, "Reject", FLAGS_ALWAYS_F, f_reject },
};

/**
 * bhs_layout_find() - the layout of an opcode
 * @opcode: 6-bit opcode
 *
 * Return: the layout or NULL for an opcode RFC 7143 does not define.
 */
static const struct bhs_layout *bhs_layout_find(uint8_t opcode)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bhs_layouts); i++)
		if (bhs_layouts[i].opcode == opcode)
			return &bhs_layouts[i];
	return NULL;
}

/**
 * iscsi_opcode_name() - printable name of an opcode
 * @opcode: 6-bit opcode
 *
 * Return: a static string; "Unknown" for undefined opcodes.
 */
const char *iscsi_opcode_name(uint8_t opcode)
{
	const struct bhs_layout *l = bhs_layout_find(opcode & 0x3f);

	return l ? l->name : "Unknown";
}

/**
 * iscsi_opcode_is_initiator() - whether an opcode is sent by initiators
 * @opcode: 6-bit opcode
 *
 * Return: 1 for initiator opcodes (0x00-0x1f), 0 for target opcodes.
 */
int iscsi_opcode_is_initiator(uint8_t opcode)
{
	return (opcode & 0x3f) < 0x20;
}

/**
 * flags_decode() - decode byte 1 into the opcode-specific bits
 * @kind: layout of byte 1
 * @b:    byte 1
 * @bhs:  out: fields to fill
 */
static void flags_decode(enum bhs_flag_kind kind, uint8_t b, struct iscsi_bhs *bhs)
{
	bhs->flags = b;
	bhs->final = !!(b & ISCSI_FLAG_FINAL);
	switch (kind) {
	case FLAGS_CMD:
		bhs->read = !!(b & ISCSI_FLAG_CMD_READ);
		bhs->write = !!(b & ISCSI_FLAG_CMD_WRITE);
		bhs->attr = b & ISCSI_FLAG_CMD_ATTR;
		break;
	case FLAGS_LOGIN:
		bhs->transit = !!(b & ISCSI_FLAG_TRANSIT);
		bhs->cont = !!(b & ISCSI_FLAG_CONTINUE);
		bhs->csg = (b >> 2) & 3;
		bhs->nsg = b & 3;
		break;
	case FLAGS_TEXT:
		bhs->cont = !!(b & ISCSI_FLAG_CONTINUE);
		break;
	case FLAGS_DATA_IN:
		bhs->has_status = !!(b & ISCSI_FLAG_STATUS);
		bhs->overflow = !!(b & ISCSI_FLAG_OVERFLOW);
		bhs->underflow = !!(b & ISCSI_FLAG_UNDERFLOW);
		break;
	case FLAGS_RSP:
		bhs->overflow = !!(b & ISCSI_FLAG_OVERFLOW);
		bhs->underflow = !!(b & ISCSI_FLAG_UNDERFLOW);
		bhs->bidi_overflow = !!(b & ISCSI_FLAG_BIDI_OVER);
		bhs->bidi_underflow = !!(b & ISCSI_FLAG_BIDI_UNDER);
		break;
	case FLAGS_FUNCTION:
		bhs->function = b & 0x7f;
		break;
	case FLAGS_REASON:
		bhs->reason = b & 0x7f;
		break;
	default:
		break;
	}
}

/**
 * flags_encode() - build byte 1 from the opcode-specific bits
 * @kind: layout of byte 1
 * @bhs:  fields
 *
 * Return: byte 1.
 */
static uint8_t flags_encode(enum bhs_flag_kind kind, const struct iscsi_bhs *bhs)
{
	uint8_t f = bhs->final ? ISCSI_FLAG_FINAL : 0;

	switch (kind) {
	case FLAGS_ALWAYS_F:
		return ISCSI_FLAG_FINAL;
	case FLAGS_CMD:
		return f | (bhs->read ? ISCSI_FLAG_CMD_READ : 0) |
		       (bhs->write ? ISCSI_FLAG_CMD_WRITE : 0) | (bhs->attr & ISCSI_FLAG_CMD_ATTR);
	case FLAGS_LOGIN:
		return (bhs->transit ? ISCSI_FLAG_TRANSIT : 0) |
		       (bhs->cont ? ISCSI_FLAG_CONTINUE : 0) | ((bhs->csg & 3) << 2) | (bhs->nsg & 3);
	case FLAGS_TEXT:
		return f | (bhs->cont ? ISCSI_FLAG_CONTINUE : 0);
	case FLAGS_RSP:
		return ISCSI_FLAG_FINAL | (bhs->bidi_overflow ? ISCSI_FLAG_BIDI_OVER : 0) |
		       (bhs->bidi_underflow ? ISCSI_FLAG_BIDI_UNDER : 0) |
		       (bhs->overflow ? ISCSI_FLAG_OVERFLOW : 0) |
		       (bhs->underflow ? ISCSI_FLAG_UNDERFLOW : 0);
	case FLAGS_DATA_IN:
		return f | (bhs->overflow ? ISCSI_FLAG_OVERFLOW : 0) |
		       (bhs->underflow ? ISCSI_FLAG_UNDERFLOW : 0) |
		       (bhs->has_status ? ISCSI_FLAG_STATUS : 0);
	case FLAGS_FUNCTION:
		return ISCSI_FLAG_FINAL | (bhs->function & 0x7f);
	case FLAGS_REASON:
		return ISCSI_FLAG_FINAL | (bhs->reason & 0x7f);
	default:
		return f;
	}
}

/**
 * iscsi_bhs_parse() - decode a Basic Header Segment
 * @buf: at least 48 bytes of PDU
 * @len: available bytes
 * @bhs: out: decoded fields (all zero where the opcode has none)
 *
 * Return: 0; -EINVAL if @len < 48; -EPROTO for an opcode RFC 7143 does not
 * define (common fields are still decoded).
 */
int iscsi_bhs_parse(const uint8_t *buf, size_t len, struct iscsi_bhs *bhs)
{
	const struct bhs_layout *l;
	const struct bhs_field *f;

	memset(bhs, 0, sizeof(*bhs));
	if (!buf || len < ISCSI_BHS_LEN)
		return -EINVAL;
	bhs->opcode = buf[0] & 0x3f;
	bhs->immediate = !!(buf[0] & 0x40);
	bhs->flags = buf[1];
	bhs->final = !!(buf[1] & ISCSI_FLAG_FINAL);
	bhs->ahs_words = buf[4];
	bhs->dlen = (uint32_t)pxl_get_be(buf + 5, 3);
	bhs->lun = pxl_get_be(buf + 8, 8);
	bhs->itt = pxl_get_be32(buf + 16);
	l = bhs_layout_find(bhs->opcode);
	if (!l)
		return -EPROTO;
	flags_decode(l->flags, buf[1], bhs);
	for (f = l->fields; f->width; f++) {
		uint8_t *m = (uint8_t *)bhs + f->member;

		if (f->kind == FIELD_BYTES)
			memcpy(m, buf + f->off, f->width);
		else if (f->kind == FIELD_U64)
			*(uint64_t *)(void *)m = pxl_get_be(buf + f->off, f->width);
		else
			*(uint32_t *)(void *)m = (uint32_t)pxl_get_be(buf + f->off, f->width);
	}
	return 0;
}

/**
 * iscsi_bhs_encode() - build a Basic Header Segment from its fields
 * @bhs: fields (opcode decides which are used; byte 1 is built from the
 *       decoded bits, not from @bhs->flags)
 * @out: 48 bytes, fully written
 */
void iscsi_bhs_encode(const struct iscsi_bhs *bhs, uint8_t out[ISCSI_BHS_LEN])
{
	const struct bhs_layout *l = bhs_layout_find(bhs->opcode & 0x3f);
	const struct bhs_field *f;

	memset(out, 0, ISCSI_BHS_LEN);
	out[0] = (bhs->opcode & 0x3f) | (bhs->immediate ? 0x40 : 0);
	out[4] = (uint8_t)bhs->ahs_words;
	pxl_put_be(out + 5, 3, bhs->dlen);
	pxl_put_be32(out + 16, bhs->itt);
	if (!l) {
		out[1] = bhs->flags;
		return;
	}
	out[1] = flags_encode(l->flags, bhs);
	for (f = l->fields; f->width; f++) {
		const uint8_t *m = (const uint8_t *)bhs + f->member;

		if (f->kind == FIELD_BYTES)
			memcpy(out + f->off, m, f->width);
		else if (f->kind == FIELD_U64)
			pxl_put_be(out + f->off, f->width, *(const uint64_t *)(const void *)m);
		else
			pxl_put_be(out + f->off, f->width, *(const uint32_t *)(const void *)m);
	}
}

/**
 * iscsi_pad4() - round a data segment length up to the 4-byte boundary
 * @len: length
 *
 * Return: padded length.
 */
size_t iscsi_pad4(size_t len)
{
	return (len + 3) & ~(size_t)3;
}

/**
 * iscsi_pdu_len() - total bytes of a PDU on the wire
 * @bhs:           decoded header
 * @header_digest: CRC32C header digest negotiated
 * @data_digest:   CRC32C data digest negotiated
 *
 * Return: BHS + AHS + header digest + padded data + data digest.
 */
size_t iscsi_pdu_len(const struct iscsi_bhs *bhs, int header_digest, int data_digest)
{
	size_t n = ISCSI_BHS_LEN + (size_t)bhs->ahs_words * 4;

	if (header_digest)
		n += ISCSI_DIGEST_LEN;
	if (bhs->dlen) {
		n += iscsi_pad4(bhs->dlen);
		if (data_digest)
			n += ISCSI_DIGEST_LEN;
	}
	return n;
}
