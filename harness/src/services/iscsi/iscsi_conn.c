/* iscsi_conn.c - one iSCSI connection: PDU reassembly, sending, events, lifetime */
#include "services/iscsi/iscsi_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/be.h"

/**
 * iscsi_conn_new() - a connection in the login phase
 * @set:  targets served (its session list gains the connection once logged in)
 * @out:  where PDUs go
 * @sink: where events go
 *
 * Return: the connection or NULL.
 */
struct iscsi_conn *iscsi_conn_new(struct iscsi_target_set *set, struct pxl_stream out,
				  struct pxl_event_sink sink)
{
	struct iscsi_conn *conn;

	if (!set || !out.ops || !out.ops->write)
		return NULL;
	conn = calloc(1, sizeof(*conn));
	if (!conn)
		return NULL;
	conn->set = set;
	conn->out = out;
	conn->sink = sink;
	conn->phase = PHASE_LOGIN;
	conn->next_ttt = 1;
	iscsi_params_defaults(&conn->p);
	return conn;
}

/**
 * iscsi_event() - report an event of service "iscsi"
 * @conn:   connection
 * @kind:   "login", "logout", "read", "write", "reject", "drop", "error"
 * @name:   target name or NULL (the session's target is used)
 * @detail: free text or NULL
 * @value:  number
 */
void iscsi_event(struct iscsi_conn *conn, const char *kind, const char *name, const char *detail,
		 uint64_t value)
{
	struct pxl_event ev = {
		.service = "iscsi",
		.kind = kind,
		.name = name ? name : (conn->target ? conn->target->iqn : NULL),
		.detail = detail,
		.value = value,
	};

	if (!strcmp(kind, "drop"))
		conn->stats.drops++;
	pxl_emit(&conn->sink, conn->now, &ev);
}

/**
 * iscsi_close() - stop talking: close the stream once queued bytes are out
 * @conn: connection
 * @why:  reason for the "error" event, or NULL for a normal close
 */
void iscsi_close(struct iscsi_conn *conn, const char *why)
{
	if (conn->phase == PHASE_CLOSED)
		return;
	if (why)
		iscsi_event(conn, "error", NULL, why, 0);
	iscsi_session_leave(conn);
	conn->phase = PHASE_CLOSED;
	if (conn->out.ops->close)
		conn->out.ops->close(conn->out.ctx);
}

/** iscsi_maxcmdsn() - the upper edge of the CmdSN window we offer */
uint32_t iscsi_maxcmdsn(const struct iscsi_conn *conn)
{
	return conn->expcmdsn + ISCSI_QUEUE_DEPTH - 1;
}

/**
 * iscsi_pdu_head() - fill StatSN, ExpCmdSN, MaxCmdSN and DataSegmentLength; encode the BHS
 * @conn:           connection
 * @bhs:            header fields (opcode-specific ones set by the caller)
 * @dlen:           length of the data segment that follows
 * @advance_statsn: this PDU carries a status: assign StatSN and advance it
 * @out:            the encoded header
 *
 * Every target PDU carries valid StatSN/ExpCmdSN/MaxCmdSN (iPXE copies them
 * from Data-In and R2T too).
 */
void iscsi_pdu_head(struct iscsi_conn *conn, struct iscsi_bhs *bhs, size_t dlen,
		    int advance_statsn, uint8_t out[ISCSI_BHS_LEN])
{
	bhs->dlen = (uint32_t)dlen;
	bhs->statsn = conn->statsn;
	bhs->expcmdsn = conn->expcmdsn;
	bhs->maxcmdsn = iscsi_maxcmdsn(conn);
	if (advance_statsn)
		conn->statsn++;
	iscsi_bhs_encode(bhs, out);
}

/**
 * send_joined() - the pieces copied into one buffer and written (a transport without writev)
 * @conn: connection
 * @iov:  pieces
 * @n:    their count
 *
 * Return: 0 or -errno.
 */
static int send_joined(struct iscsi_conn *conn, const struct iovec *iov, size_t n)
{
	size_t i, total = 0;

	for (i = 0; i < n; i++)
		total += iov[i].iov_len;
	if (total > conn->tx_cap) {
		uint8_t *p = realloc(conn->tx, total);

		if (!p)
			return -ENOMEM;
		conn->tx = p;
		conn->tx_cap = total;
	}
	for (total = 0, i = 0; i < n; i++) {
		if (iov[i].iov_len)
			memcpy(conn->tx + total, iov[i].iov_base, iov[i].iov_len);
		total += iov[i].iov_len;
	}
	return conn->out.ops->write(conn->out.ctx, conn->tx, total);
}

/**
 * iscsi_sendv() - send whole PDUs given as pieces (headers from iscsi_pdu_head(), data, pads)
 * @conn:  connection
 * @iov:   pieces, in order
 * @n:     their count
 * @npdus: PDUs they make
 *
 * The data is sent from the caller's memory when the transport gathers.
 *
 * Return: 0 or -errno.
 */
int iscsi_sendv(struct iscsi_conn *conn, const struct iovec *iov, size_t n, size_t npdus)
{
	int err;

	if (conn->phase == PHASE_CLOSED)
		return -EPIPE;
	if (conn->out.ops->writev)
		err = conn->out.ops->writev(conn->out.ctx, iov, n);
	else
		err = send_joined(conn, iov, n);
	if (err)
		return err;
	conn->stats.pdus_out += npdus;
	return 0;
}

/**
 * iscsi_send() - send one target PDU (see iscsi_pdu_head())
 * @conn:           connection
 * @bhs:            header fields (opcode-specific ones set by the caller)
 * @data:           data segment or NULL
 * @dlen:           its length
 * @advance_statsn: this PDU carries a status: assign StatSN and advance it
 *
 * Return: 0 or -errno.
 */
int iscsi_send(struct iscsi_conn *conn, struct iscsi_bhs *bhs, const void *data, size_t dlen,
	       int advance_statsn)
{
	static const uint8_t pad[4];
	uint8_t hdr[ISCSI_BHS_LEN];
	struct iovec iov[3] = { { hdr, sizeof(hdr) }, { (void *)data, dlen },
				{ (void *)pad, iscsi_pad4(dlen) - dlen } };

	if (conn->phase == PHASE_CLOSED)
		return -EPIPE;
	iscsi_pdu_head(conn, bhs, dlen, advance_statsn, hdr);
	return iscsi_sendv(conn, iov, 3, 1);
}

/**
 * iscsi_keybuf_add() - append "key=value\0" to response text
 * @kb:  buffer
 * @key: key name
 * @fmt: printf format of the value
 */
void iscsi_keybuf_add(struct iscsi_keybuf *kb, const char *key, const char *fmt, ...)
{
	size_t room = sizeof(kb->buf) - kb->len;
	va_list ap;
	int n, m;

	n = snprintf(kb->buf + kb->len, room, "%s=", key);
	if (n < 0 || (size_t)n >= room) {
		kb->overflow = 1;
		return;
	}
	va_start(ap, fmt);
	m = vsnprintf(kb->buf + kb->len + n, room - (size_t)n, fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)(n + m) >= room) {
		kb->overflow = 1;
		return;
	}
	kb->len += (size_t)(n + m) + 1;
}

/**
 * iscsi_value_in_list() - whether a comma-separated value list holds @want
 * @kv:   pair
 * @want: value
 *
 * Return: 1 if present.
 */
int iscsi_value_in_list(const struct iscsi_kv *kv, const char *want)
{
	size_t wl = strlen(want), i = 0;

	while (i <= kv->vlen) {
		const char *s = kv->val + i;
		const char *comma = memchr(s, ',', kv->vlen - i);
		size_t l = comma ? (size_t)(comma - s) : kv->vlen - i;

		if (l == wl && memcmp(s, want, wl) == 0)
			return 1;
		i += l + 1;
	}
	return 0;
}

/**
 * header_check() - validate a complete BHS before collecting the rest
 * @conn: connection
 * @bhs:  decoded header
 *
 * Return: 0, or -EMSGSIZE for a data segment over our declared limit.
 */
static int header_check(struct iscsi_conn *conn, const struct iscsi_bhs *bhs)
{
	uint32_t limit = conn->phase == PHASE_LOGIN ? ISCSI_LOGIN_MAX : ISCSI_TARGET_MRDSL;

	return bhs->dlen > limit ? -EMSGSIZE : 0;
}

/**
 * pdu_dispatch() - hand a complete PDU to the phase's handler
 * @conn: connection
 * @pdu:  PDU bytes
 * @len:  PDU length
 */
static void pdu_dispatch(struct iscsi_conn *conn, const uint8_t *pdu, size_t len)
{
	struct iscsi_bhs bhs;
	size_t off;

	conn->stats.pdus_in++;
	iscsi_bhs_parse(pdu, len, &bhs);
	if (conn->phase == PHASE_FFP) {
		iscsi_ffp_pdu(conn, &bhs, pdu, len);
		return;
	}
	if (bhs.opcode != ISCSI_OP_LOGIN_REQ) {
		iscsi_event(conn, "drop", NULL, "non-login PDU during login", bhs.opcode);
		iscsi_close(conn, "protocol error: non-login PDU during login");
		return;
	}
	off = ISCSI_BHS_LEN + (size_t)bhs.ahs_words * 4;
	iscsi_login_request(conn, &bhs, pdu + off, bhs.dlen);
}

/**
 * rx_header_done() - a BHS is complete: size the PDU or refuse it
 * @conn: connection
 *
 * Return: 0 to go on collecting, -1 if the connection is closing.
 */
static int rx_header_done(struct iscsi_conn *conn)
{
	struct iscsi_bhs bhs;
	size_t total;

	iscsi_bhs_parse(conn->rx, ISCSI_BHS_LEN, &bhs);
	total = iscsi_pdu_len(&bhs, 0, 0);
	if (header_check(conn, &bhs)) {
		if (conn->phase != PHASE_FFP) {
			iscsi_close(conn, "DataSegmentLength over limit during login");
			return -1;
		}
		iscsi_reject(conn, conn->rx, ISCSI_REJECT_PROTOCOL,
			     "DataSegmentLength over MaxRecvDataSegmentLength");
		conn->skip = total - ISCSI_BHS_LEN;
		conn->rx_len = 0;
		return 0;
	}
	if (total > conn->rx_cap) {
		uint8_t *p = realloc(conn->rx, total);

		if (!p) {
			iscsi_close(conn, "out of memory");
			return -1;
		}
		conn->rx = p;
		conn->rx_cap = total;
	}
	conn->pdu_len = total;
	return 0;
}

/**
 * iscsi_conn_input() - bytes from the initiator, split anywhere
 * @conn:  connection
 * @bytes: data
 * @len:   count
 * @now:   monotonic time
 *
 * Return: 0, or -EPIPE once the connection is closed (bytes are ignored).
 */
int iscsi_conn_input(struct iscsi_conn *conn, const void *bytes, size_t len, uint64_t now)
{
	const uint8_t *p = bytes;

	conn->now = now;
	if (conn->rx_cap < ISCSI_BHS_LEN) {
		conn->rx = realloc(conn->rx, ISCSI_BHS_LEN);
		if (!conn->rx)
			return -ENOMEM;
		conn->rx_cap = ISCSI_BHS_LEN;
	}
	while (len > 0 && conn->phase != PHASE_CLOSED) {
		size_t need, n;

		if (conn->skip) {
			n = conn->skip < len ? conn->skip : len;
			conn->skip -= n;
			p += n;
			len -= n;
			continue;
		}
		need = conn->pdu_len ? conn->pdu_len : ISCSI_BHS_LEN;
		n = need - conn->rx_len < len ? need - conn->rx_len : len;
		memcpy(conn->rx + conn->rx_len, p, n);
		conn->rx_len += n;
		p += n;
		len -= n;
		if (!conn->pdu_len && conn->rx_len == ISCSI_BHS_LEN && rx_header_done(conn) < 0)
			break;
		if (conn->pdu_len && conn->rx_len == conn->pdu_len) {
			size_t total = conn->pdu_len;

			conn->pdu_len = 0;
			conn->rx_len = 0;
			pdu_dispatch(conn, conn->rx, total);
		}
	}
	return conn->phase == PHASE_CLOSED ? -EPIPE : 0;
}

/**
 * iscsi_conn_closed() - the peer went away: drop tasks, report a lost session
 * @conn: connection
 */
void iscsi_conn_closed(struct iscsi_conn *conn)
{
	size_t i;

	for (i = 0; i < ISCSI_QUEUE_DEPTH; i++)
		if (conn->tasks[i].state != TASK_FREE)
			iscsi_task_abort(conn, &conn->tasks[i]);
	if (conn->phase == PHASE_FFP) {
		iscsi_event(conn, "logout", NULL, "connection closed without logout", 0);
		iscsi_session_lost(conn);
	}
	iscsi_session_leave(conn);
	conn->phase = PHASE_CLOSED;
}

/**
 * iscsi_conn_abandoned() - the owner stops with the connection still open: report it, stop talking
 * @conn: connection
 * @now:  time of the stop
 *
 * An initiator that hands its NIC to an OS (iPXE's sanboot) neither logs
 * out nor closes: its session is reported at the stop, with the time since
 * its last PDU, instead of as a close at that last PDU's time.  Call
 * iscsi_conn_free() next (iscsi_conn_closed() then reports nothing).
 */
void iscsi_conn_abandoned(struct iscsi_conn *conn, uint64_t now)
{
	char detail[128];

	if (conn->phase == PHASE_FFP) {
		snprintf(detail, sizeof(detail),
			 "abandoned by the initiator (no FIN, no logout): still open at the end, "
			 "idle %.1f s", now > conn->now ? (double)(now - conn->now) / 1e9 : 0.0);
		conn->now = now;
		iscsi_event(conn, "logout", NULL, detail, 0);
	}
	iscsi_session_leave(conn);
	conn->phase = PHASE_CLOSED;
}

/** iscsi_conn_is_closed() - whether the connection stopped talking */
int iscsi_conn_is_closed(const struct iscsi_conn *conn)
{
	return conn->phase == PHASE_CLOSED;
}

/** iscsi_conn_stats() - the connection's counters */
const struct iscsi_conn_stats *iscsi_conn_stats(const struct iscsi_conn *conn)
{
	return &conn->stats;
}

/**
 * iscsi_conn_free() - free a connection (call iscsi_conn_closed() first, or not)
 * @conn: connection (may be NULL)
 */
void iscsi_conn_free(struct iscsi_conn *conn)
{
	size_t i;

	if (!conn)
		return;
	for (i = 0; i < ISCSI_QUEUE_DEPTH; i++)
		if (conn->tasks[i].state != TASK_FREE)
			iscsi_task_abort(conn, &conn->tasks[i]);
	iscsi_session_leave(conn);
	iscsi_login_free(conn);
	free(conn->rx);
	free(conn->tx);
	free(conn);
}
