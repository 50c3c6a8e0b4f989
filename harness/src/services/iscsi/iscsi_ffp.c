/* iscsi_ffp.c - full feature phase: CmdSN window, opcode table, NOP, Text, Logout, Reject */
#include "services/iscsi/iscsi_int.h"

#include <stdio.h>
#include <string.h>

#include "core/be.h"
#include "core/util.h"

/**
 * iscsi_reject() - send a Reject carrying the offending header
 * @conn:   connection
 * @hdr:    the 48-byte BHS rejected
 * @reason: reject reason code
 * @why:    text for the "reject" event
 */
void iscsi_reject(struct iscsi_conn *conn, const uint8_t *hdr, uint8_t reason, const char *why)
{
	struct iscsi_bhs b = { .opcode = ISCSI_OP_REJECT, .reason = reason, .itt = ISCSI_RSVD_TAG };

	conn->stats.rejects++;
	iscsi_event(conn, "reject", NULL, why, reason);
	iscsi_send(conn, &b, hdr, ISCSI_BHS_LEN, 1);
}

/**
 * ahs_valid() - whether the AHS area is a well-formed list of known AHS
 * @pdu:   PDU
 * @words: TotalAHSLength
 *
 * Return: 1 if valid (types 1 extended CDB and 2 bidi read length only).
 */
static int ahs_valid(const uint8_t *pdu, uint32_t words)
{
	const uint8_t *p = pdu + ISCSI_BHS_LEN, *end = p + (size_t)words * 4;

	while (p < end) {
		size_t alen, total;

		if (end - p < 4)
			return 0;
		alen = pxl_get_be16(p);
		total = iscsi_pad4(3 + alen);
		if (alen == 0 || total > (size_t)(end - p) || (p[2] != 1 && p[2] != 2))
			return 0;
		if (p[2] == 2 && alen != 5)
			return 0;
		p += total;
	}
	return 1;
}

/**
 * cmdsn_accept() - apply the CmdSN window to a non-immediate command
 * @conn: connection
 * @bhs:  header
 *
 * Commands outside [ExpCmdSN, MaxCmdSN] are silently dropped (RFC 7143
 * 3.2.2.1); this target does not reorder, so a gap drops too.
 *
 * Return: 1 to process, 0 to drop.
 */
static int cmdsn_accept(struct iscsi_conn *conn, const struct iscsi_bhs *bhs)
{
	int32_t ahead = (int32_t)(bhs->cmdsn - conn->expcmdsn);

	if (bhs->immediate)
		return 1;
	if (ahead < 0) {
		iscsi_event(conn, "drop", NULL, "CmdSN below ExpCmdSN", bhs->cmdsn);
		return 0;
	}
	if ((int32_t)(bhs->cmdsn - iscsi_maxcmdsn(conn)) > 0) {
		iscsi_event(conn, "drop", NULL, "CmdSN beyond MaxCmdSN", bhs->cmdsn);
		return 0;
	}
	if (ahead > 0) {
		iscsi_event(conn, "drop", NULL, "CmdSN gap (no reordering)", bhs->cmdsn);
		return 0;
	}
	conn->expcmdsn++;
	return 1;
}

/**
 * nop_out() - NOP-Out: answer a ping with a NOP-In echoing its data
 * @conn: connection
 * @bhs:  header
 * @pdu:  PDU
 * @len:  length
 */
static void nop_out(struct iscsi_conn *conn, const struct iscsi_bhs *bhs, const uint8_t *pdu,
		    size_t len)
{
	struct iscsi_bhs b = { .opcode = ISCSI_OP_NOP_IN, .lun = bhs->lun, .itt = bhs->itt,
			       .ttt = ISCSI_RSVD_TAG };
	size_t dlen = bhs->dlen < conn->p.initiator_mrdsl ? bhs->dlen : conn->p.initiator_mrdsl;

	if (bhs->itt == ISCSI_RSVD_TAG)
		return;
	iscsi_send(conn, &b, pdu + ISCSI_BHS_LEN + (size_t)bhs->ahs_words * 4, dlen, 1);
}

/**
 * send_targets() - the SendTargets answer: name and portal of each target asked for
 * @conn: connection
 * @kv:   the SendTargets pair
 * @rsp:  response text
 */
static void send_targets(struct iscsi_conn *conn, const struct iscsi_kv *kv,
			 struct iscsi_keybuf *rsp)
{
	const struct iscsi_target_set *set = conn->set;
	size_t i;

	for (i = 0; i < set->ntargets; i++) {
		const struct iscsi_target *t = set->targets[i];
		int all = kv->vlen == 3 && memcmp(kv->val, "All", 3) == 0;
		int named = kv->vlen == strlen(t->iqn) && memcmp(kv->val, t->iqn, kv->vlen) == 0;
		int self = kv->vlen == 0 && t == conn->target;

		if (!all && !named && !self)
			continue;
		iscsi_keybuf_add(rsp, "TargetName", "%s", t->iqn);
		iscsi_keybuf_add(rsp, "TargetAddress", "%s,%u", set->portal, set->tpgt);
	}
}

/**
 * text_request() - Text: SendTargets; every other key is NotUnderstood
 * @conn: connection
 * @bhs:  header
 * @pdu:  PDU
 * @len:  length
 */
static void text_request(struct iscsi_conn *conn, const struct iscsi_bhs *bhs, const uint8_t *pdu,
			 size_t len)
{
	static struct iscsi_keybuf rsp_zero;
	struct iscsi_bhs b = { .opcode = ISCSI_OP_TEXT_RSP, .final = 1, .lun = bhs->lun,
			       .itt = bhs->itt, .ttt = ISCSI_RSVD_TAG };
	struct iscsi_kv kv[ISCSI_KV_MAX];
	struct iscsi_keybuf rsp = rsp_zero;
	size_t n, i;
	int err;

	if (bhs->cont) {
		iscsi_reject(conn, pdu, ISCSI_REJECT_UNSUPPORTED, "Text continuation not supported");
		return;
	}
	err = iscsi_text_parse(pdu + ISCSI_BHS_LEN + (size_t)bhs->ahs_words * 4, bhs->dlen, kv,
			       ISCSI_KV_MAX, &n);
	if (err) {
		iscsi_reject(conn, pdu, ISCSI_REJECT_PROTOCOL, iscsi_text_strerror(err));
		return;
	}
	for (i = 0; i < n; i++) {
		char key[ISCSI_KEY_MAX + 1];

		if (iscsi_kv_key_is(&kv[i], "SendTargets")) {
			send_targets(conn, &kv[i], &rsp);
			continue;
		}
		snprintf(key, sizeof(key), "%.*s", (int)kv[i].klen, kv[i].key);
		iscsi_keybuf_add(&rsp, key, "NotUnderstood");
	}
	iscsi_send(conn, &b, rsp.buf, rsp.len, 1);
}

/**
 * logout_request() - Logout: answer, report, close after the answer is out
 * @conn: connection
 * @bhs:  header
 * @pdu:  PDU
 * @len:  length
 */
static void logout_request(struct iscsi_conn *conn, const struct iscsi_bhs *bhs,
			   const uint8_t *pdu, size_t len)
{
	struct iscsi_bhs b = { .opcode = ISCSI_OP_LOGOUT_RSP, .itt = bhs->itt,
			       .response = bhs->reason == 2 ? 2 : 0 };
	char detail[64];

	snprintf(detail, sizeof(detail), "reason=%u", bhs->reason);
	iscsi_send(conn, &b, NULL, 0, 1);
	iscsi_event(conn, "logout", NULL, detail, bhs->reason);
	iscsi_close(conn, NULL);
}

/**
 * scsi_command() - adapter: SCSI Command after the CmdSN check
 * @conn: connection
 * @bhs:  header
 * @pdu:  PDU
 * @len:  length
 */
static void scsi_command(struct iscsi_conn *conn, const struct iscsi_bhs *bhs, const uint8_t *pdu,
			 size_t len)
{
	iscsi_scsi_command(conn, bhs, pdu, len);
}

/**
 * data_out() - adapter: Data-Out with its data segment
 * @conn: connection
 * @bhs:  header
 * @pdu:  PDU
 * @len:  length
 */
static void data_out(struct iscsi_conn *conn, const struct iscsi_bhs *bhs, const uint8_t *pdu,
		     size_t len)
{
	iscsi_data_out(conn, bhs, pdu + ISCSI_BHS_LEN + (size_t)bhs->ahs_words * 4);
}

/**
 * tmf_request() - adapter: Task Management Function Request
 * @conn: connection
 * @bhs:  header
 * @pdu:  PDU
 * @len:  length
 */
static void tmf_request(struct iscsi_conn *conn, const struct iscsi_bhs *bhs, const uint8_t *pdu,
			size_t len)
{
	iscsi_tmf_request(conn, bhs);
}

/**
 * not_supported() - SNACK (ERL 0) and a Login Request after login: Reject
 * @conn: connection
 * @bhs:  header
 * @pdu:  PDU
 * @len:  length
 */
static void not_supported(struct iscsi_conn *conn, const struct iscsi_bhs *bhs,
			  const uint8_t *pdu, size_t len)
{
	iscsi_reject(conn, pdu, ISCSI_REJECT_PROTOCOL,
		     bhs->opcode == ISCSI_OP_SNACK ? "SNACK at ErrorRecoveryLevel 0"
						   : "Login Request in full feature phase");
}

/**
 * struct ffp_op - an initiator opcode in full feature phase
 * @opcode:   opcode
 * @numbered: carries a CmdSN subject to the window
 * @fn:       handler
 */
struct ffp_op {
	uint8_t opcode;
	int numbered;
	void (*fn)(struct iscsi_conn *conn, const struct iscsi_bhs *bhs, const uint8_t *pdu,
		   size_t len);
};

static const struct ffp_op ffp_ops[] = {
	{ ISCSI_OP_NOP_OUT, 1, nop_out },
	{ ISCSI_OP_SCSI_CMD, 1, scsi_command },
	{ ISCSI_OP_TMF_REQ, 1, tmf_request },
	{ ISCSI_OP_LOGIN_REQ, 0, not_supported },
	{ ISCSI_OP_TEXT_REQ, 1, text_request },
	{ ISCSI_OP_DATA_OUT, 0, data_out },
	{ ISCSI_OP_LOGOUT_REQ, 1, logout_request },
	{ ISCSI_OP_SNACK, 0, not_supported },
};

/**
 * iscsi_ffp_pdu() - dispatch one complete PDU in full feature phase
 * @conn: connection
 * @bhs:  decoded header
 * @pdu:  PDU bytes
 * @len:  PDU length
 */
void iscsi_ffp_pdu(struct iscsi_conn *conn, const struct iscsi_bhs *bhs, const uint8_t *pdu,
		   size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ffp_ops); i++)
		if (ffp_ops[i].opcode == bhs->opcode)
			break;
	if (i == ARRAY_SIZE(ffp_ops)) {
		iscsi_reject(conn, pdu, ISCSI_REJECT_UNSUPPORTED, "unknown opcode");
		return;
	}
	if (!ahs_valid(pdu, bhs->ahs_words)) {
		iscsi_reject(conn, pdu, ISCSI_REJECT_INVALID_FIELD, "malformed AHS");
		return;
	}
	if (ffp_ops[i].numbered && !(bhs->opcode == ISCSI_OP_NOP_OUT && bhs->itt == ISCSI_RSVD_TAG) &&
	    !cmdsn_accept(conn, bhs))
		return;
	ffp_ops[i].fn(conn, bhs, pdu, len);
}
