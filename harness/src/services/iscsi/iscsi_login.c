/* iscsi_login.c - the login phase: identity, stages and transitions, status codes */
#include "services/iscsi/iscsi_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOGIN_OK 0x0000
#define LOGIN_INITIATOR_ERROR 0x0200
#define LOGIN_AUTH_FAILED 0x0201
#define LOGIN_NOT_FOUND 0x0203
#define LOGIN_UNSUPPORTED_VERSION 0x0205
#define LOGIN_TOO_MANY_CONNECTIONS 0x0206
#define LOGIN_MISSING_PARAMETER 0x0207
#define LOGIN_NO_SESSION 0x020a
#define LOGIN_TARGET_ERROR 0x0300

/**
 * struct login_ctx - what one Login Request turned into
 * @kv, @n:   its pairs
 * @rsp:      response text
 * @status:   class << 8 | detail
 * @why:      reason for a failure
 * @transit:  the response moves to @nsg
 * @nsg:      next stage of the response
 * @keys_done: the keys were answered (AuthMethod defaults to None after)
 * @whybuf:   room for a @why that names things
 */
struct login_ctx {
	struct iscsi_kv kv[ISCSI_KV_MAX];
	size_t n;
	struct iscsi_keybuf rsp;
	uint16_t status;
	const char *why;
	int transit;
	uint32_t nsg;
	int keys_done;
	char whybuf[ISCSI_NAME_MAX + 96];
};

/**
 * login_fail() - record a failure status and reason
 * @lc:     context
 * @status: class << 8 | detail
 * @why:    reason
 *
 * Return: -1, for "return login_fail(...)".
 */
static int login_fail(struct login_ctx *lc, uint16_t status, const char *why)
{
	lc->status = status;
	lc->why = why;
	return -1;
}

/**
 * login_accumulate() - gather text across Login Requests with the C bit
 * @conn: connection
 * @bhs:  request
 * @data: its data segment
 * @dlen: length
 *
 * Return: 1 if more is coming (an empty response was sent), 0 if the text
 * is complete in conn->login.buf, -1 if it grew too large.
 */
static int login_accumulate(struct iscsi_conn *conn, const struct iscsi_bhs *bhs,
			    const uint8_t *data, size_t dlen)
{
	struct iscsi_login *l = &conn->login;
	uint8_t *p;

	if (l->len + dlen > ISCSI_LOGIN_MAX)
		return -1;
	p = realloc(l->buf, l->len + dlen + 1);
	if (!p)
		return -1;
	l->buf = p;
	memcpy(l->buf + l->len, data, dlen);
	l->len += dlen;
	if (bhs->cont) {
		struct iscsi_bhs rsp = { .opcode = ISCSI_OP_LOGIN_RSP, .csg = bhs->csg,
					 .nsg = bhs->nsg, .itt = bhs->itt, .tsih = conn->tsih };

		memcpy(rsp.isid, bhs->isid, sizeof(rsp.isid));
		iscsi_send(conn, &rsp, NULL, 0, 1);
		return 1;
	}
	return 0;
}

/**
 * login_single_session() - refuse a second session of an initiator on a single-session target
 * @conn: connection (initiator, ISID and target known)
 * @lc:   context
 *
 * Class 2 detail 6, "too many connections", is what iSCSI Enterprise
 * Target answers when a target's MaxSessions is reached (tgt carries the
 * same check, disabled); an initiator error, so open-iscsi gives up at once
 * instead of retrying as it would after a class 3 "service unavailable".
 *
 * Return: 0, or -1 (status set).
 */
static int login_single_session(struct iscsi_conn *conn, struct login_ctx *lc)
{
	const uint8_t *isid;

	if (!conn->target->single_session || !(isid = iscsi_session_other(conn)))
		return 0;
	snprintf(lc->whybuf, sizeof(lc->whybuf),
		 "single-session target: %s already has a session (ISID %02x%02x%02x%02x%02x%02x)",
		 conn->initiator, isid[0], isid[1], isid[2], isid[3], isid[4], isid[5]);
	return login_fail(lc, LOGIN_TOO_MANY_CONNECTIONS, lc->whybuf);
}

/**
 * login_identity() - the first request: initiator, session type, target
 * @conn: connection
 * @bhs:  request
 * @lc:   context
 *
 * Return: 0 or -1 (status set).
 */
static int login_identity(struct iscsi_conn *conn, const struct iscsi_bhs *bhs,
			  struct login_ctx *lc)
{
	const struct iscsi_kv *in = iscsi_kv_find(lc->kv, lc->n, "InitiatorName");
	const struct iscsi_kv *st = iscsi_kv_find(lc->kv, lc->n, "SessionType");
	const struct iscsi_kv *tn = iscsi_kv_find(lc->kv, lc->n, "TargetName");

	conn->login.started = 1;
	memcpy(conn->isid, bhs->isid, sizeof(conn->isid));
	conn->statsn = bhs->expstatsn;
	conn->expcmdsn = bhs->cmdsn;
	if (!in || in->vlen == 0 || in->vlen >= ISCSI_NAME_MAX)
		return login_fail(lc, LOGIN_MISSING_PARAMETER, "InitiatorName missing");
	memcpy(conn->initiator, in->val, in->vlen);
	conn->initiator[in->vlen] = '\0';
	if (bhs->tsih)
		return login_fail(lc, LOGIN_NO_SESSION, "TSIH given: no session to join");
	if (st && st->vlen == 9 && memcmp(st->val, "Discovery", 9) == 0) {
		conn->discovery = 1;
		return 0;
	}
	if (st && !(st->vlen == 6 && memcmp(st->val, "Normal", 6) == 0))
		return login_fail(lc, LOGIN_INITIATOR_ERROR, "unknown SessionType");
	if (!tn || tn->vlen == 0)
		return login_fail(lc, LOGIN_MISSING_PARAMETER, "TargetName missing");
	conn->target = iscsi_target_find(conn->set, tn->val, tn->vlen);
	if (!conn->target)
		return login_fail(lc, LOGIN_NOT_FOUND, "target not found");
	return login_single_session(conn, lc);
}

/**
 * is_identity_key() - keys consumed by login_identity()
 * @kv: pair
 *
 * Return: 1 for InitiatorName, TargetName, SessionType.
 */
static int is_identity_key(const struct iscsi_kv *kv)
{
	return iscsi_kv_key_is(kv, "InitiatorName") || iscsi_kv_key_is(kv, "TargetName") ||
	       iscsi_kv_key_is(kv, "SessionType");
}

/**
 * login_keys() - answer every key: security, operational, or NotUnderstood
 * @conn: connection
 * @bhs:  request
 * @lc:   context
 *
 * Return: 0 or -1 (status set).
 */
static int login_keys(struct iscsi_conn *conn, const struct iscsi_bhs *bhs, struct login_ctx *lc)
{
	size_t i;

	if (bhs->csg == ISCSI_STAGE_SECURITY &&
	    iscsi_auth_keys(conn, lc->kv, lc->n, &lc->rsp, &lc->why))
		return login_fail(lc, LOGIN_AUTH_FAILED, lc->why);
	for (i = 0; i < lc->n; i++) {
		const struct iscsi_kv *kv = &lc->kv[i];

		if (is_identity_key(kv) || iscsi_auth_is_key(kv))
			continue;
		if (iscsi_params_negotiate(&conn->p, kv, &lc->rsp) == -ENOENT) {
			char key[ISCSI_KEY_MAX + 1];

			snprintf(key, sizeof(key), "%.*s", (int)kv->klen, kv->key);
			iscsi_keybuf_add(&lc->rsp, key, "NotUnderstood");
		}
	}
	if (lc->rsp.overflow)
		return login_fail(lc, LOGIN_INITIATOR_ERROR, "login response too large");
	return 0;
}

/**
 * login_stage() - check CSG/NSG and decide the response's transit
 * @conn: connection
 * @bhs:  request
 * @lc:   context
 *
 * Return: 0 or -1 (status set).
 */
static int login_stage(struct iscsi_conn *conn, const struct iscsi_bhs *bhs, struct login_ctx *lc)
{
	int need_auth = conn->target && conn->target->chap_user[0];

	if (bhs->csg != ISCSI_STAGE_SECURITY && bhs->csg != ISCSI_STAGE_OPERATIONAL)
		return login_fail(lc, LOGIN_INITIATOR_ERROR, "invalid CSG");
	if (bhs->transit && (bhs->nsg <= bhs->csg || bhs->nsg == 2))
		return login_fail(lc, LOGIN_INITIATOR_ERROR, "invalid NSG");
	if (conn->login.auth == AUTH_START && !need_auth &&
	    (bhs->csg == ISCSI_STAGE_OPERATIONAL || lc->keys_done))
		conn->login.auth = AUTH_DONE;
	if (bhs->csg == ISCSI_STAGE_OPERATIONAL && conn->login.auth != AUTH_DONE)
		return login_fail(lc, LOGIN_AUTH_FAILED, "operational stage before authentication");
	lc->nsg = bhs->nsg;
	lc->transit = bhs->transit && conn->login.auth == AUTH_DONE;
	if (!lc->transit)
		lc->nsg = bhs->csg;
	return 0;
}

/**
 * login_process() - run one complete Login Request
 * @conn: connection
 * @bhs:  request
 * @lc:   context (pairs parsed)
 *
 * Return: 0 or -1 (status set).
 */
static int login_process(struct iscsi_conn *conn, const struct iscsi_bhs *bhs,
			 struct login_ctx *lc)
{
	int err;

	if (bhs->version_min > 0)
		return login_fail(lc, LOGIN_UNSUPPORTED_VERSION, "unsupported iSCSI version");
	err = iscsi_text_parse(conn->login.buf, conn->login.len, lc->kv, ISCSI_KV_MAX, &lc->n);
	if (err)
		return login_fail(lc, LOGIN_INITIATOR_ERROR, iscsi_text_strerror(err));
	if (!conn->login.started && login_identity(conn, bhs, lc))
		return -1;
	if (login_stage(conn, bhs, lc) || login_keys(conn, bhs, lc))
		return -1;
	lc->keys_done = 1;
	return login_stage(conn, bhs, lc);
}

/**
 * login_event() - report the outcome of a login
 * @conn:   connection
 * @status: class << 8 | detail
 * @why:    failure reason or NULL
 */
static void login_event(struct iscsi_conn *conn, uint16_t status, const char *why)
{
	char detail[ISCSI_NAME_MAX + 128];

	snprintf(detail, sizeof(detail), "initiator=%s status=%02x/%02x%s%s", conn->initiator,
		 status >> 8, status & 0xff, why ? " " : "", why ? why : "");
	iscsi_event(conn, "login", conn->discovery ? "discovery" : NULL, detail, status);
}

/**
 * login_respond() - send the Login Response; enter full feature phase on NSG 3
 * @conn: connection
 * @bhs:  request
 * @lc:   outcome
 */
static void login_respond(struct iscsi_conn *conn, const struct iscsi_bhs *bhs,
			  struct login_ctx *lc)
{
	struct iscsi_bhs rsp = { .opcode = ISCSI_OP_LOGIN_RSP, .itt = bhs->itt, .csg = bhs->csg };
	int ffp = !lc->status && lc->transit && lc->nsg == ISCSI_STAGE_FULL_FEATURE;
	size_t i;

	memcpy(rsp.isid, conn->isid, sizeof(rsp.isid));
	if (!lc->status && !conn->discovery && !conn->login.tpgt_sent) {
		iscsi_keybuf_add(&lc->rsp, "TargetPortalGroupTag", "%u", conn->set->tpgt);
		conn->login.tpgt_sent = 1;
	}
	rsp.transit = lc->transit && !lc->status;
	rsp.nsg = lc->status ? 0 : lc->nsg;
	rsp.status_class = lc->status >> 8;
	rsp.status_detail = lc->status & 0xff;
	if (ffp) {
		while (!conn->tsih)
			conn->set->rng(conn->set->rng_ctx, (uint8_t *)&conn->tsih, 2);
		rsp.tsih = conn->tsih;
	}
	iscsi_send(conn, &rsp, lc->rsp.buf, lc->status ? 0 : lc->rsp.len, 1);
	if (lc->status) {
		login_event(conn, lc->status, lc->why);
		iscsi_close(conn, NULL);
		return;
	}
	if (!ffp)
		return;
	iscsi_params_finish(&conn->p);
	for (i = 0; conn->target && i < conn->target->nluns; i++) {
		struct scsi_disk *d = conn->target->luns[i].disk;

		conn->ua_gen[i] = scsi_disk_reset_gen(d) - (scsi_disk_power_on_ua(d) ? 1 : 0);
	}
	conn->phase = PHASE_FFP;
	iscsi_session_join(conn);
	login_event(conn, LOGIN_OK, NULL);
}

/**
 * iscsi_login_request() - handle a Login Request PDU
 * @conn: connection (login phase)
 * @bhs:  decoded header
 * @data: data segment
 * @dlen: its length
 */
void iscsi_login_request(struct iscsi_conn *conn, const struct iscsi_bhs *bhs,
			 const uint8_t *data, size_t dlen)
{
	struct login_ctx *lc;
	int more = login_accumulate(conn, bhs, data, dlen);

	if (more > 0)
		return;
	lc = calloc(1, sizeof(*lc));
	if (!lc || more < 0) {
		free(lc);
		iscsi_close(conn, "login text too large or out of memory");
		return;
	}
	login_process(conn, bhs, lc);
	login_respond(conn, bhs, lc);
	conn->login.len = 0;
	free(lc);
}

/**
 * iscsi_login_free() - release login-phase buffers
 * @conn: connection
 */
void iscsi_login_free(struct iscsi_conn *conn)
{
	free(conn->login.buf);
	conn->login.buf = NULL;
	conn->login.len = 0;
}
