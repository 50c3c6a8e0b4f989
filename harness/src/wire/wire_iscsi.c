/* wire_iscsi.c - iSCSI observations: PDU framing of a reassembled stream, login, commands, reads */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "services/iscsi/iscsi_pdu.h"
#include "wire/wire_priv.h"

#define WIRE_STREAM_MAX (WIRE_PDU_KEEP + 256u * 1024u)  /* bytes buffered per direction */

/**
 * struct pdu_ctx - one PDU being handled
 * @c:    connection
 * @p:    the frame that completed it
 * @t0:   time its first byte arrived
 * @bhs:  decoded header
 * @data: data segment when buffered whole, else NULL
 */
struct pdu_ctx {
	struct wire_conn *c;
	const struct wire_pkt *p;
	uint64_t t0;
	const struct iscsi_bhs *bhs;
	const uint8_t *data;
};

/**
 * struct login_status - a Login Response status and its text (RFC 7143 11.13.5)
 */
struct login_status {
	uint8_t cls, detail;
	const char *text;
};

static const struct login_status login_statuses[] = {
	{ 0, 0, "success" },
	{ 1, 1, "target-moved-temporarily" },
	{ 1, 2, "target-moved-permanently" },
	{ 2, 0, "initiator-error" },
	{ 2, 1, "authentication-failure" },
	{ 2, 2, "authorization-failure" },
	{ 2, 3, "not-found" },
	{ 2, 4, "target-removed" },
	{ 2, 5, "unsupported-version" },
	{ 2, 6, "too-many-connections" },
	{ 2, 7, "missing-parameter" },
	{ 2, 8, "cant-include-in-session" },
	{ 2, 9, "session-type-not-supported" },
	{ 2, 10, "session-does-not-exist" },
	{ 2, 11, "invalid-during-login" },
	{ 3, 0, "target-error" },
	{ 3, 1, "service-unavailable" },
	{ 3, 2, "out-of-resources" },
};

/**
 * struct scsi_status - a SCSI status byte and its name
 */
struct scsi_status {
	uint8_t code;
	const char *name;
};

static const struct scsi_status scsi_statuses[] = {
	{ 0x00, "good" },	  { 0x02, "check-condition" },
	{ 0x04, "condition-met" }, { 0x08, "busy" },
	{ 0x18, "reservation-conflict" }, { 0x28, "task-set-full" },
	{ 0x30, "aca-active" },	  { 0x40, "task-aborted" },
};

/**
 * login_status_name() - name of a login status, as the scenario language spells it
 * @cls:    status class
 * @detail: status detail
 * @buf:    room for "CC-DD" when RFC 7143 does not name it
 *
 * Return: static name or @buf.
 */
static const char *login_status_name(uint32_t cls, uint32_t detail, char buf[16])
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(login_statuses); i++)
		if (login_statuses[i].cls == cls && login_statuses[i].detail == detail)
			return login_statuses[i].text;
	snprintf(buf, 16, "%02x-%02x", cls & 0xff, detail & 0xff);
	return buf;
}

/**
 * scsi_status_name() - name of a SCSI status byte
 * @code: status
 * @buf:  room for "0xNN" when unknown
 *
 * Return: static name or @buf.
 */
static const char *scsi_status_name(uint32_t code, char buf[8])
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(scsi_statuses); i++)
		if (scsi_statuses[i].code == code)
			return scsi_statuses[i].name;
	snprintf(buf, 8, "0x%02x", code & 0xff);
	return buf;
}

/**
 * pdu_obs() - start an observation about a PDU's connection
 * @w:    observer
 * @x:    the PDU
 * @verb: verb
 *
 * Return: the observation with the initiator as client.
 */
static struct pxl_obs *pdu_obs(struct pxl_wire *w, const struct pdu_ctx *x, const char *verb)
{
	enum pxl_obs_dir dir = iscsi_opcode_is_initiator(x->bhs->opcode) ? PXL_OBS_FROM_CLIENT :
									   PXL_OBS_TO_CLIENT;
	struct pxl_obs *o = wire_obs_begin(w, x->p, "iscsi", verb, dir);

	wire_obs_client(w, o, wire_addr_ip4(x->c->cip), x->c->has_mac ? x->c->mac : NULL);
	return o;
}

/**
 * add_target() - add the session's target name, when the login named one
 * @o: observation
 * @c: connection
 */
static void add_target(struct pxl_obs *o, const struct wire_conn *c)
{
	if (c->target[0])
		wire_obs_add(o, "target", c->target);
}

/**
 * kv_copy() - copy a key's value, printable, if the key is @key
 * @kv:   pair
 * @key:  key wanted
 * @dst:  output (left alone unless empty)
 * @size: its size
 */
static void kv_copy(const struct iscsi_kv *kv, const char *key, char *dst, size_t size)
{
	if (!dst[0] && iscsi_kv_key_is(kv, key))
		wire_printable(dst, size, (const uint8_t *)kv->val, kv->vlen);
}

/**
 * kv_is() - whether a pair is @key=@val
 * @kv:  pair
 * @key: key
 * @val: value
 *
 * Return: 1 or 0.
 */
static int kv_is(const struct iscsi_kv *kv, const char *key, const char *val)
{
	return iscsi_kv_key_is(kv, key) && kv->vlen == strlen(val) &&
	       !memcmp(kv->val, val, kv->vlen);
}

/**
 * login_keys() - read the keys of a login PDU into the connection
 * @w: observer
 * @x: the PDU (data buffered)
 */
static void login_keys(struct pxl_wire *w, const struct pdu_ctx *x)
{
	struct iscsi_kv kv[ISCSI_KV_MAX];
	struct wire_conn *c = x->c;
	size_t n = 0, i;

	if (!x->data || !x->bhs->dlen)
		return;
	if (iscsi_text_parse(x->data, x->bhs->dlen, kv, ISCSI_KV_MAX, &n) < 0) {
		wire_drop(w, "iscsi: malformed login text", 1);
		return;
	}
	for (i = 0; i < n; i++) {
		if (x->bhs->opcode == ISCSI_OP_LOGIN_REQ) {
			kv_copy(&kv[i], "InitiatorName", c->initiator, sizeof(c->initiator));
			kv_copy(&kv[i], "TargetName", c->target, sizeof(c->target));
			kv_copy(&kv[i], "SessionType", c->session_type, sizeof(c->session_type));
			kv_copy(&kv[i], "AuthMethod", c->auth, sizeof(c->auth));
		} else if (kv_is(&kv[i], "HeaderDigest", "CRC32C")) {
			c->neg_hdigest = 1;
		} else if (kv_is(&kv[i], "DataDigest", "CRC32C")) {
			c->neg_ddigest = 1;
		}
	}
}

/**
 * on_login_req() - a Login Request: start timing, collect names
 * @w: observer
 * @x: the PDU
 */
static void on_login_req(struct pxl_wire *w, const struct pdu_ctx *x)
{
	if (!x->c->login_started) {
		x->c->login_started = 1;
		x->c->login_t = x->t0;
	}
	login_keys(w, x);
}

/**
 * login_emit() - report the outcome of a login
 * @w: observer
 * @x: the final Login Response
 *
 * The observation is "from" the initiator: a login is its act.
 */
static void login_emit(struct pxl_wire *w, const struct pdu_ctx *x)
{
	const struct wire_conn *c = x->c;
	const uint8_t *isid = x->bhs->isid;
	struct pxl_obs *o = pdu_obs(w, x, "login");
	char ms[32], nbuf[16];
	const char *status = login_status_name(x->bhs->status_class, x->bhs->status_detail, nbuf);

	o->dir = PXL_OBS_FROM_CLIENT;

	wire_ms(ms, sizeof(ms), c->login_t, x->p->t);
	wire_obs_add(o, "initiator", c->initiator);
	wire_obs_add(o, "target", c->target);
	wire_obs_add(o, "session-type", c->session_type[0] ? c->session_type : "Normal");
	wire_obs_add(o, "auth-method", c->auth);
	wire_obs_addf(o, "isid", "%02x%02x%02x%02x%02x%02x", isid[0], isid[1], isid[2],
		      isid[3], isid[4], isid[5]);
	wire_obs_addf(o, "tsih", "0x%04x", x->bhs->tsih);
	wire_obs_add(o, "status", status);
	wire_obs_addf(o, "status-code", "%02x-%02x", x->bhs->status_class & 0xff,
		      x->bhs->status_detail & 0xff);
	wire_obs_add(o, "latency-ms", ms);
	wire_obs_addf(o, "port", "%u", c->sport);
	wire_obs_summary(o, "iSCSI login to %s by %s: %s (%s ms)",
			 c->target[0] ? c->target : "(no target name)",
			 c->initiator[0] ? c->initiator : "(no initiator name)", status, ms);
	wire_obs_emit(w, o);
}

/**
 * on_login_rsp() - a Login Response: report success or failure once
 * @w: observer
 * @x: the PDU
 */
static void on_login_rsp(struct pxl_wire *w, const struct pdu_ctx *x)
{
	const struct iscsi_bhs *b = x->bhs;
	struct wire_conn *c = x->c;

	login_keys(w, x);
	if (c->login_done)
		return;
	if (b->status_class) {
		c->login_done = 1;
		login_emit(w, x);
	} else if (b->transit && b->nsg == ISCSI_STAGE_FULL_FEATURE) {
		c->login_done = 1;
		c->hdigest = c->neg_hdigest;
		c->ddigest = c->neg_ddigest;
		login_emit(w, x);
	}
}

/**
 * cmd_slot() - the outstanding command with an ITT, or a free slot for it
 * @c:      connection
 * @itt:    initiator task tag
 * @create: take a free (or the oldest) slot when none matches
 *
 * Return: the slot, or NULL.
 */
static struct wire_cmd *cmd_slot(struct wire_conn *c, uint32_t itt, int create)
{
	struct wire_cmd *free_slot = NULL, *oldest = &c->cmd[0];
	size_t i;

	for (i = 0; i < WIRE_CMD_MAX; i++) {
		if (c->cmd[i].used && c->cmd[i].itt == itt)
			return &c->cmd[i];
		if (!c->cmd[i].used && !free_slot)
			free_slot = &c->cmd[i];
		if (c->cmd[i].t < oldest->t)
			oldest = &c->cmd[i];
	}
	if (!create)
		return NULL;
	return free_slot ? free_slot : oldest;
}

/**
 * is_rw_op() - whether a CDB opcode is a READ or WRITE 6/10/12/16
 * @op:    operation code
 * @write: out: 1 for a WRITE
 *
 * Return: 1 or 0.
 */
static int is_rw_op(uint8_t op, int *write)
{
	static const uint8_t reads[] = { SCSI_OP_READ_6, SCSI_OP_READ_10, SCSI_OP_READ_12,
					 SCSI_OP_READ_16 };
	static const uint8_t writes[] = { SCSI_OP_WRITE_6, SCSI_OP_WRITE_10, SCSI_OP_WRITE_12,
					  SCSI_OP_WRITE_16 };
	size_t i;

	for (i = 0; i < sizeof(reads); i++) {
		if (op == reads[i] || op == writes[i]) {
			*write = op == writes[i];
			return 1;
		}
	}
	return 0;
}

/**
 * lun_of() - the LUN number of an iSCSI LUN field (single-level addressing)
 * @lun: the 8 bytes as a big-endian number
 *
 * Return: the LUN.
 */
static unsigned lun_of(uint64_t lun)
{
	return (unsigned)((lun >> 48) & 0x3fff);
}

/**
 * op_keyword() - a SCSI operation name as the scenario language spells it
 * @name: codec name ("READ CAPACITY(10)")
 * @buf:  output ("read-capacity-10")
 * @size: its size
 *
 * Return: @buf.
 */
static const char *op_keyword(const char *name, char *buf, size_t size)
{
	size_t n = 0;

	for (; *name && n + 1 < size; name++) {
		if (*name == ')')
			continue;
		if (*name == ' ' || *name == '(')
			buf[n++] = '-';
		else
			buf[n++] = (char)((*name >= 'A' && *name <= 'Z') ? *name - 'A' + 'a' : *name);
	}
	buf[n] = '\0';
	return buf;
}

/**
 * on_scsi_cmd() - a SCSI Command: report it, remember reads and writes
 * @w: observer
 * @x: the PDU
 */
static void on_scsi_cmd(struct pxl_wire *w, const struct pdu_ctx *x)
{
	const struct iscsi_bhs *b = x->bhs;
	struct scsi_cdb_info info;
	struct wire_cmd *cmd;
	struct pxl_obs *o;
	char kw[48];
	int write = 0;

	if (scsi_cdb_parse(b->cdb, sizeof(b->cdb), &info) == -EINVAL)
		info.has_lba = 0;
	o = pdu_obs(w, x, "command");
	wire_obs_add(o, "opcode", op_keyword(info.name, kw, sizeof(kw)));
	wire_obs_add(o, "opcode-name", info.name);
	wire_obs_addf(o, "cdb-opcode", "0x%02x", b->cdb[0]);
	add_target(o, x->c);
	wire_obs_addf(o, "lun", "%u", lun_of(b->lun));
	wire_obs_addf(o, "itt", "0x%08x", b->itt);
	wire_obs_addf(o, "edtl", "%u", b->edtl);
	if (info.has_lba) {
		wire_obs_addf(o, "lba", "%llu", (unsigned long long)info.lba);
		wire_obs_addf(o, "blocks", "%u", info.blocks);
		wire_obs_summary(o, "iSCSI command %s lba %llu blocks %u lun %u", info.name,
				 (unsigned long long)info.lba, info.blocks, lun_of(b->lun));
	} else {
		wire_obs_summary(o, "iSCSI command %s lun %u", info.name, lun_of(b->lun));
	}
	wire_obs_emit(w, o);
	if (!info.has_lba || !is_rw_op(b->cdb[0], &write))
		return;
	cmd = cmd_slot(x->c, b->itt, 1);
	memset(cmd, 0, sizeof(*cmd));
	cmd->used = 1;
	cmd->itt = b->itt;
	cmd->t = x->t0;
	cmd->is_write = write;
	cmd->is_read = !write;
	cmd->lba = info.lba;
	cmd->blocks = info.blocks;
	cmd->lun = lun_of(b->lun);
	cmd->bytes = b->dlen;	/* immediate data */
}

/**
 * cmd_complete() - report a read or write when its status arrives
 * @w:      observer
 * @x:      the PDU carrying the status
 * @status: SCSI status, or -1 for an iSCSI-level failure (response != 0)
 */
static void cmd_complete(struct pxl_wire *w, const struct pdu_ctx *x, int status)
{
	struct wire_cmd *cmd = cmd_slot(x->c, x->bhs->itt, 0);
	const char *verb, *st;
	struct pxl_obs *o;
	char ms[32], sbuf[8];

	if (!cmd)
		return;
	verb = cmd->is_write ? "write" : "read";
	st = status < 0 ? "target-failure" : scsi_status_name((uint32_t)status, sbuf);
	wire_ms(ms, sizeof(ms), cmd->t, x->p->t);
	o = pdu_obs(w, x, verb);
	o->dir = PXL_OBS_FROM_CLIENT;	/* the initiator's read, completed */
	wire_obs_addf(o, "lba", "%llu", (unsigned long long)cmd->lba);
	wire_obs_addf(o, "blocks", "%u", cmd->blocks);
	wire_obs_addf(o, "bytes", "%llu", (unsigned long long)cmd->bytes);
	wire_obs_add(o, "status", st);
	wire_obs_add(o, "latency-ms", ms);
	wire_obs_addf(o, "lun", "%u", cmd->lun);
	add_target(o, x->c);
	wire_obs_summary(o, "iSCSI %s lba %llu blocks %u: %s, %llu bytes (%s ms)", verb,
			 (unsigned long long)cmd->lba, cmd->blocks, st,
			 (unsigned long long)cmd->bytes, ms);
	wire_obs_emit(w, o);
	cmd->used = 0;
}

/**
 * on_data() - Data-In or Data-Out: count bytes; a Data-In with S completes the command
 * @w: observer
 * @x: the PDU
 */
static void on_data(struct pxl_wire *w, const struct pdu_ctx *x)
{
	struct wire_cmd *cmd = cmd_slot(x->c, x->bhs->itt, 0);

	if (cmd)
		cmd->bytes += x->bhs->dlen;
	if (x->bhs->opcode == ISCSI_OP_DATA_IN && x->bhs->has_status)
		cmd_complete(w, x, (int)(x->bhs->status & 0xff));
}

/**
 * on_scsi_rsp() - a SCSI Response completes its command
 * @w: observer
 * @x: the PDU
 */
static void on_scsi_rsp(struct pxl_wire *w, const struct pdu_ctx *x)
{
	cmd_complete(w, x, x->bhs->response ? -1 : (int)(x->bhs->status & 0xff));
}

/**
 * on_reason_pdu() - a Logout Request or a Reject: report it with its reason
 * @w: observer
 * @x: the PDU
 */
static void on_reason_pdu(struct pxl_wire *w, const struct pdu_ctx *x)
{
	const char *verb = x->bhs->opcode == ISCSI_OP_LOGOUT_REQ ? "logout" : "reject";
	struct pxl_obs *o = pdu_obs(w, x, verb);

	wire_obs_addf(o, "reason", "%u", x->bhs->reason);
	add_target(o, x->c);
	wire_obs_summary(o, "iSCSI %s, reason %u", verb, x->bhs->reason);
	wire_obs_emit(w, o);
}

/**
 * struct pdu_handler - what to do with a PDU of one opcode
 * @opcode:    iSCSI opcode
 * @need_data: buffer the data segment whole before handling (if small enough)
 * @fn:        handler
 */
struct pdu_handler {
	uint8_t opcode;
	int need_data;
	void (*fn)(struct pxl_wire *w, const struct pdu_ctx *x);
};

static const struct pdu_handler pdu_handlers[] = {
	{ ISCSI_OP_LOGIN_REQ, 1, on_login_req },
	{ ISCSI_OP_LOGIN_RSP, 1, on_login_rsp },
	{ ISCSI_OP_SCSI_CMD, 0, on_scsi_cmd },
	{ ISCSI_OP_DATA_IN, 0, on_data },
	{ ISCSI_OP_DATA_OUT, 0, on_data },
	{ ISCSI_OP_SCSI_RSP, 0, on_scsi_rsp },
	{ ISCSI_OP_LOGOUT_REQ, 0, on_reason_pdu },
	{ ISCSI_OP_REJECT, 0, on_reason_pdu },
};

/**
 * handler_for() - the handler of an opcode
 * @opcode: opcode
 *
 * Return: the handler, or NULL for opcodes that are only framed.
 */
static const struct pdu_handler *handler_for(uint8_t opcode)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pdu_handlers); i++)
		if (pdu_handlers[i].opcode == opcode)
			return &pdu_handlers[i];
	return NULL;
}

/**
 * stream_consume() - drop bytes from the front of a direction's buffer
 * @s: stream
 * @n: bytes (at most @s->len)
 */
static void stream_consume(struct wire_stream *s, size_t n)
{
	memmove(s->buf, s->buf + n, s->len - n);
	s->len -= n;
}

/**
 * frame_one() - frame and handle the PDU at the front of the buffer
 * @w:   observer
 * @c:   connection
 * @dir: direction
 * @p:   the frame that brought the last bytes
 *
 * Return: 1 if a PDU was handled, 0 if more bytes are needed, -EPROTO for
 * a header that is not iSCSI (the stream is lost).
 */
static int frame_one(struct pxl_wire *w, struct wire_conn *c, int dir, const struct wire_pkt *p)
{
	struct wire_stream *s = &c->s[dir];
	const struct pdu_handler *h;
	struct iscsi_bhs bhs;
	struct pdu_ctx x = { c, p, s->pdu_t, &bhs, NULL };
	size_t total, hdr, take;

	if (s->len < ISCSI_BHS_LEN)
		return 0;
	if (iscsi_bhs_parse(s->buf, s->len, &bhs) < 0 ||
	    iscsi_opcode_is_initiator(bhs.opcode) != (dir == 0))
		return -EPROTO;
	total = iscsi_pdu_len(&bhs, c->hdigest, c->ddigest);
	hdr = ISCSI_BHS_LEN + (size_t)bhs.ahs_words * 4 + (c->hdigest ? ISCSI_DIGEST_LEN : 0);
	h = handler_for(bhs.opcode);
	if (h && h->need_data && total <= WIRE_PDU_KEEP) {
		if (s->len < total)
			return 0;
		x.data = s->buf + hdr;
	}
	if (h)
		h->fn(w, &x);
	take = total < s->len ? total : s->len;
	s->skip = total - take;
	stream_consume(s, take);
	s->pdu_t = p->t;	/* what is left arrived with this frame */
	return 1;
}

/**
 * wire_iscsi_data() - in-order stream bytes of one direction of an iSCSI connection
 * @w:    observer
 * @c:    connection
 * @dir:  0 initiator -> target, 1 target -> initiator
 * @data: bytes
 * @len:  count
 * @p:    the frame they came in
 *
 * Return: 0, or negative when the stream cannot be framed (the caller
 * drops the connection's state).
 */
int wire_iscsi_data(struct pxl_wire *w, struct wire_conn *c, int dir, const uint8_t *data,
		    size_t len, const struct wire_pkt *p)
{
	struct wire_stream *s = &c->s[dir];
	size_t n = s->skip < len ? (size_t)s->skip : len;
	int rc;

	s->skip -= n;
	if (!s->len)
		s->pdu_t = p->t;
	if (wire_stream_append(s, data + n, len - n, WIRE_STREAM_MAX) < 0)
		return -ENOBUFS;
	while (!s->skip && (rc = frame_one(w, c, dir, p)) != 0)
		if (rc < 0)
			return rc;
	return 0;
}

/**
 * stall_one() - describe one direction of a connection that stopped inside a PDU
 * @c:    connection
 * @dir:  0 initiator -> target, 1 target -> initiator
 * @now:  time of the report
 * @buf:  out: one line
 * @size: size of @buf
 *
 * Return: characters written, 0 when the direction sits between PDUs.
 */
static size_t stall_one(const struct wire_conn *c, int dir, uint64_t now, char *buf, size_t size)
{
	const struct wire_stream *s = &c->s[dir];
	const char *who = dir ? "target" : "initiator";
	double quiet = now > c->seen ? (double)(now - c->seen) / 1e9 : 0;
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], what[96];
	struct iscsi_bhs bhs;
	int n;

	if (!s->len || !size)
		return 0;
	if (s->len < ISCSI_BHS_LEN)
		snprintf(what, sizeof(what), "stopped inside a PDU header (%zu of %u bytes)", s->len,
			 ISCSI_BHS_LEN);
	else if (iscsi_bhs_parse(s->buf, s->len, &bhs) == 0)
		snprintf(what, sizeof(what), "%s stopped at %zu of %zu bytes", iscsi_opcode_name(bhs.opcode),
			 s->len, iscsi_pdu_len(&bhs, c->hdigest, c->ddigest));
	else
		return 0;
	n = snprintf(buf, size, "iSCSI %s:%u -> %s:%u: the %s's %s; the connection then stayed silent for %.1f s",
		     wire_addr_str(c->cip, a, sizeof(a)), c->cport, wire_addr_str(c->sip, b, sizeof(b)), c->sport,
		     who, what, quiet);
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/**
 * pxl_wire_iscsi_stalls() - iSCSI connections left inside a PDU (why a login or a read never finished)
 * @w:    observer
 * @now:  time of the report (the connection's silence is measured to it)
 * @buf:  out: one line per stalled direction, "; "-separated ("" for none)
 * @size: size of @buf
 *
 * Return: how many directions stopped mid-PDU (all counted, even when @buf is cut).
 */
size_t pxl_wire_iscsi_stalls(const struct pxl_wire *w, uint64_t now, char *buf, size_t size)
{
	size_t i, used = 0, count = 0;
	char line[256];
	int dir, n;

	if (!size)
		return 0;
	buf[0] = '\0';
	for (i = 0; i < WIRE_CONN_MAX; i++) {
		for (dir = 0; w->conn[i].used && w->conn[i].app == WIRE_APP_ISCSI && dir < 2; dir++) {
			if (!stall_one(&w->conn[i], dir, now, line, sizeof(line)))
				continue;
			n = snprintf(buf + used, size - used, "%s%s", count++ ? "; " : "", line);
			used = n < 0 || (size_t)n >= size - used ? size - 1 : used + (size_t)n;
		}
	}
	return count;
}
