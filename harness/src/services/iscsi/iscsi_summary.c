/* iscsi_summary.c - one-line human summaries of iSCSI PDUs for logs and the scenario engine */
#include "services/iscsi/iscsi_pdu.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/util.h"

/**
 * sum_keys() - append chosen (or all) key=value pairs of the data segment
 * @sb:   buffer
 * @data: data segment bytes available
 * @len:  their count
 * @keys: NULL-terminated list of keys to show, or NULL for all
 */
static void sum_keys(struct pxl_buf *sb, const uint8_t *data, size_t len, const char *const *keys)
{
	struct iscsi_kv kv[ISCSI_KV_MAX];
	size_t n, i;
	int err = iscsi_text_parse(data, len, kv, ISCSI_KV_MAX, &n);

	if (err && err != -E2BIG) {
		pxl_buf_printf(sb, " [%s]", iscsi_text_strerror(err));
		return;
	}
	for (i = 0; i < n; i++) {
		const char *const *k;
		int show = !keys;

		for (k = keys; k && *k && !show; k++)
			show = iscsi_kv_key_is(&kv[i], *k);
		if (show)
			pxl_buf_printf(sb, " %.*s=%.*s", (int)kv[i].klen, kv[i].key, (int)kv[i].vlen,
				       kv[i].val);
	}
}

/**
 * sum_login() - Login Request/Response details
 * @sb:   buffer
 * @bhs:  header
 * @data: data segment bytes available
 * @len:  their count
 */
static void sum_login(struct pxl_buf *sb, const struct iscsi_bhs *bhs, const uint8_t *data,
		      size_t len)
{
	static const char *const req_keys[] = { "InitiatorName", "TargetName", "SessionType",
						"AuthMethod", NULL };

	pxl_buf_printf(sb, " CSG=%u NSG=%u%s%s ITT=0x%08x", bhs->csg, bhs->nsg, bhs->transit ? " T" : "",
		       bhs->cont ? " C" : "", bhs->itt);
	if (bhs->opcode == ISCSI_OP_LOGIN_RSP)
		pxl_buf_printf(sb, " status %02x/%02x", bhs->status_class, bhs->status_detail);
	sum_keys(sb, data, len, bhs->opcode == ISCSI_OP_LOGIN_REQ ? req_keys : NULL);
}

/**
 * sum_text() - Text Request/Response details: all keys
 * @sb:   buffer
 * @bhs:  header
 * @data: data segment bytes available
 * @len:  their count
 */
static void sum_text(struct pxl_buf *sb, const struct iscsi_bhs *bhs, const uint8_t *data,
		     size_t len)
{
	pxl_buf_printf(sb, " ITT=0x%08x%s%s", bhs->itt, bhs->final ? " F" : "", bhs->cont ? " C" : "");
	sum_keys(sb, data, len, NULL);
}

/**
 * sum_cmd() - SCSI Command details: the CDB
 * @sb:   buffer
 * @bhs:  header
 * @data: unused
 * @len:  unused
 */
static void sum_cmd(struct pxl_buf *sb, const struct iscsi_bhs *bhs, const uint8_t *data,
		    size_t len)
{
	char cdb[96];

	scsi_cdb_summary(bhs->cdb, sizeof(bhs->cdb), cdb, sizeof(cdb));
	pxl_buf_printf(sb, " %s ITT=0x%08x CmdSN=%u EDTL=%u%s%s", cdb, bhs->itt, bhs->cmdsn, bhs->edtl,
		       bhs->read ? " R" : "", bhs->write ? " W" : "");
}

/**
 * sum_rsp() - SCSI Response details: status and residuals
 * @sb:   buffer
 * @bhs:  header
 * @data: unused
 * @len:  unused
 */
static void sum_rsp(struct pxl_buf *sb, const struct iscsi_bhs *bhs, const uint8_t *data,
		    size_t len)
{
	pxl_buf_printf(sb, " ITT=0x%08x response 0x%02x status 0x%02x StatSN=%u", bhs->itt,
		       bhs->response, bhs->status, bhs->statsn);
	if (bhs->overflow || bhs->underflow)
		pxl_buf_printf(sb, " %s residual %u", bhs->overflow ? "overflow" : "underflow",
			       bhs->residual);
}

/**
 * sum_data() - Data-In/Data-Out/R2T details
 * @sb:   buffer
 * @bhs:  header
 * @data: unused
 * @len:  unused
 */
static void sum_data(struct pxl_buf *sb, const struct iscsi_bhs *bhs, const uint8_t *data,
		     size_t len)
{
	pxl_buf_printf(sb, " ITT=0x%08x %s %u offset %u len %u", bhs->itt,
		       bhs->opcode == ISCSI_OP_R2T ? "R2TSN" : "DataSN", bhs->datasn, bhs->offset,
		       bhs->opcode == ISCSI_OP_R2T ? bhs->desired : bhs->dlen);
	if (bhs->final && bhs->opcode != ISCSI_OP_R2T)
		pxl_buf_printf(sb, " F");
	if (bhs->has_status)
		pxl_buf_printf(sb, " S status 0x%02x", bhs->status);
}

/**
 * sum_misc() - details of the other PDUs: ITT and the reason/function/response
 * @sb:   buffer
 * @bhs:  header
 * @data: unused
 * @len:  unused
 */
static void sum_misc(struct pxl_buf *sb, const struct iscsi_bhs *bhs, const uint8_t *data,
		     size_t len)
{
	pxl_buf_printf(sb, " ITT=0x%08x", bhs->itt);
	if (bhs->opcode == ISCSI_OP_TMF_REQ)
		pxl_buf_printf(sb, " function %u RefITT=0x%08x", bhs->function, bhs->ref_itt);
	if (bhs->opcode == ISCSI_OP_REJECT || bhs->opcode == ISCSI_OP_LOGOUT_REQ)
		pxl_buf_printf(sb, " reason 0x%02x", bhs->reason);
	if (bhs->opcode == ISCSI_OP_TMF_RSP || bhs->opcode == ISCSI_OP_LOGOUT_RSP)
		pxl_buf_printf(sb, " response 0x%02x", bhs->response);
}

/** struct summarizer - the detail writer of one opcode */
struct summarizer {
	uint8_t opcode;
	void (*fn)(struct pxl_buf *sb, const struct iscsi_bhs *bhs, const uint8_t *data,
		   size_t len);
};

static const struct summarizer summarizers[] = {
	{ ISCSI_OP_LOGIN_REQ, sum_login }, { ISCSI_OP_LOGIN_RSP, sum_login },
	{ ISCSI_OP_TEXT_REQ, sum_text },   { ISCSI_OP_TEXT_RSP, sum_text },
	{ ISCSI_OP_SCSI_CMD, sum_cmd },    { ISCSI_OP_SCSI_RSP, sum_rsp },
	{ ISCSI_OP_DATA_IN, sum_data },    { ISCSI_OP_DATA_OUT, sum_data },
	{ ISCSI_OP_R2T, sum_data },
};

/**
 * iscsi_pdu_summary() - one line describing a PDU
 * @pdu:  PDU bytes (BHS, then AHS and data as far as available)
 * @len:  available bytes
 * @buf:  output (NUL-terminated when @size > 0)
 * @size: size of @buf
 *
 * Example: "Login Request CSG=0 NSG=1 T ITT=0x00000000 InitiatorName=..."
 * or "SCSI Command READ(10) LBA 64 len 1 ITT=...".
 *
 * Return: the length the full line has (as snprintf()), or -EINVAL if
 * @len is shorter than a BHS.
 */
int iscsi_pdu_summary(const uint8_t *pdu, size_t len, char *buf, size_t size)
{
	struct pxl_buf sb;
	struct iscsi_bhs bhs;
	size_t i, off, dlen;

	pxl_buf_init_fixed(&sb, buf, size);
	if (iscsi_bhs_parse(pdu, len, &bhs) == -EINVAL)
		return -EINVAL;
	pxl_buf_printf(&sb, "%s", iscsi_opcode_name(bhs.opcode));
	if (bhs.immediate)
		pxl_buf_printf(&sb, " (I)");
	off = ISCSI_BHS_LEN + (size_t)bhs.ahs_words * 4;
	dlen = off < len ? len - off : 0;
	if (dlen > bhs.dlen)
		dlen = bhs.dlen;
	for (i = 0; i < ARRAY_SIZE(summarizers); i++)
		if (summarizers[i].opcode == bhs.opcode)
			break;
	if (i < ARRAY_SIZE(summarizers))
		summarizers[i].fn(&sb, &bhs, dlen ? pdu + off : NULL, dlen);
	else
		sum_misc(&sb, &bhs, NULL, 0);
	if (strcmp(iscsi_opcode_name(bhs.opcode), "Unknown") == 0)
		pxl_buf_printf(&sb, " opcode 0x%02x", bhs.opcode);
	return (int)sb.len;
}
