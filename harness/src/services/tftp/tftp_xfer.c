/* tftp_xfer.c - TFTP transfer life cycle: setup with its own TID, timers and backoff, completion, abort */
#include "services/tftp/tftp_xfer.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/**
 * xfer_emit() - report an event about a transfer
 * @x:      the transfer
 * @now:    time of the event
 * @kind:   event kind
 * @detail: free text
 * @value:  a number
 */
static void xfer_emit(struct tftp_xfer *x, uint64_t now, const char *kind, const char *detail,
		      uint64_t value)
{
	struct pxl_event ev = { .kind = kind, .addr = x->peer.addr, .name = x->name,
				.detail = detail, .value = value, .has_mac = x->has_mac };

	memcpy(ev.mac, x->mac, sizeof(ev.mac));
	tftp_emit(x->srv, now, &ev);
}

/**
 * describe_agreed() - the "transfer-start" detail: what was agreed
 * @x:    the transfer
 * @nego: the negotiation outcome
 */
static void describe_agreed(struct tftp_xfer *x, const struct tftp_nego *nego)
{
	size_t n;

	n = (size_t)snprintf(x->agreed, sizeof(x->agreed), "blksize=%u windowsize=%u",
			     x->blksize, x->windowsize);
	if (nego->has_tsize && n < sizeof(x->agreed))
		n += (size_t)snprintf(x->agreed + n, sizeof(x->agreed) - n, " tsize=%" PRIu64,
				      nego->tsize);
	if (nego->timeout_s && n < sizeof(x->agreed))
		n += (size_t)snprintf(x->agreed + n, sizeof(x->agreed) - n, " timeout=%u",
				      nego->timeout_s);
	if (x->netascii && n < sizeof(x->agreed))
		n += (size_t)snprintf(x->agreed + n, sizeof(x->agreed) - n, " mode=netascii");
	if (x->is_write && n < sizeof(x->agreed))
		snprintf(x->agreed + n, sizeof(x->agreed) - n, " upload");
}

/**
 * xfer_alloc() - allocate a transfer and its buffers from a request
 * @srv:      the server
 * @dg:       the request datagram
 * @req:      the parsed request
 * @nego:     agreed options
 * @netascii: netascii mode
 * @now:      current time
 *
 * Return: the transfer (not registered, no port, no file) or NULL.
 */
static struct tftp_xfer *xfer_alloc(struct tftp_server *srv, const struct pxl_dgram *dg,
				    const struct tftp_pkt *req, const struct tftp_nego *nego,
				    int netascii, uint64_t now)
{
	struct tftp_xfer *x = calloc(1, sizeof(*x));

	if (!x)
		return NULL;
	x->srv = srv;
	x->is_write = req->opcode == TFTP_WRQ;
	x->ops = x->is_write ? &tftp_write_ops : &tftp_read_ops;
	x->netascii = netascii;
	x->peer = dg->src;
	x->has_mac = dg->has_mac;
	memcpy(x->mac, dg->mac, sizeof(x->mac));
	tftp_printable(x->name, sizeof(x->name), req->filename);
	x->blksize = nego->blksize;
	x->windowsize = nego->windowsize;
	x->rto0_ms = nego->timeout_s ? nego->timeout_s * 1000u : srv->cfg.default_timeout_ms;
	x->rto_ms = x->rto0_ms;
	x->deadline = PXL_NEVER;
	x->start = now;
	x->base = 1;
	x->file.fd = -1;
	x->file.dir_fd = -1;
	x->buf = malloc(TFTP_HDR_LEN + (size_t)x->blksize);
	if (!x->is_write)
		x->pos = calloc((size_t)x->windowsize + 1, sizeof(*x->pos));
	if (!x->buf || (!x->is_write && !x->pos)) {
		free(x->buf);
		free(x->pos);
		free(x);
		return NULL;
	}
	return x;
}

/**
 * tftp_xfer_new() - set up a transfer: buffers, its own port, the table, "transfer-start"
 * @srv:      the server
 * @dg:       the request datagram
 * @req:      the parsed request
 * @nego:     agreed options (an OACK is prepared if any was acknowledged)
 * @file:     the open file; ownership moves to the transfer on success
 * @netascii: netascii mode
 * @now:      current time
 * @err:      out: negative errno on failure (-EBUSY when full)
 *
 * Return: the transfer, ready for its ops->begin(), or NULL.
 */
struct tftp_xfer *tftp_xfer_new(struct tftp_server *srv, const struct pxl_dgram *dg,
				const struct tftp_pkt *req, const struct tftp_nego *nego,
				struct pxl_root_file *file, int netascii, uint64_t now, int *err)
{
	struct tftp_xfer *x = xfer_alloc(srv, dg, req, nego, netascii, now);
	int rc;

	if (!x) {
		*err = -ENOMEM;
		return NULL;
	}
	x->local.addr = srv->cfg.server_addr ? srv->cfg.server_addr : dg->dst.addr;
	rc = srv->tp.ops->open_port(srv->tp.ctx, x->local.addr, &x->local.port);
	if (rc)
		goto err_free;
	rc = tftp_server_add(srv, x);
	if (rc)
		goto err_port;
	if (nego->n_oack) {
		rc = tftp_build_oack(x->ctl, sizeof(x->ctl), nego->oack, nego->n_oack);
		x->ctl_len = rc > 0 ? (size_t)rc : 0;
		x->state = XS_OACK;
	} else {
		x->state = XS_DATA;
	}
	x->file = *file;
	file->fd = -1;
	file->dir_fd = -1;
	x->out.fd = x->file.fd;
	x->out.netascii = netascii;
	describe_agreed(x, nego);
	srv->stats.started++;
	xfer_emit(x, now, "transfer-start", x->agreed, 0);
	return x;
err_port:
	srv->tp.ops->close_port(srv->tp.ctx, x->local.addr, x->local.port);
err_free:
	*err = rc;
	x->local.port = 0;
	free(x->buf);
	free(x->pos);
	free(x);
	return NULL;
}

/**
 * tftp_xfer_free() - end a transfer silently: table, port, file, memory
 * @x: the transfer
 */
void tftp_xfer_free(struct tftp_xfer *x)
{
	struct tftp_server *srv = x->srv;

	tftp_server_remove(srv, x);
	srv->tp.ops->close_port(srv->tp.ctx, x->local.addr, x->local.port);
	pxl_root_close(&x->file);
	free(x->buf);
	free(x->pos);
	free(x);
}

/**
 * tftp_xfer_send() - send a packet to the transfer's client from its TID
 * @x:   the transfer
 * @buf: packet
 * @len: its length
 *
 * Return: 0 or -errno (a lost packet is recovered by retransmission).
 */
int tftp_xfer_send(struct tftp_xfer *x, const uint8_t *buf, size_t len)
{
	return tftp_send_to(x->srv, x->local, x->peer, x->has_mac ? x->mac : NULL, buf, len);
}

/**
 * tftp_xfer_arm() - start the retransmission timer at the current timeout
 * @x:   the transfer
 * @now: current time
 */
void tftp_xfer_arm(struct tftp_xfer *x, uint64_t now)
{
	x->deadline = now + (uint64_t)x->rto_ms * PXL_NS_PER_MS;
	if (x->deadline < x->srv->next_hint)
		x->srv->next_hint = x->deadline;
}

/**
 * tftp_xfer_send_ctl() - send the kept control packet (OACK or ACK) and arm the timer
 * @x:     the transfer
 * @now:   current time
 * @again: this is a retransmission (counted)
 */
void tftp_xfer_send_ctl(struct tftp_xfer *x, uint64_t now, int again)
{
	if (again) {
		x->retransmits++;
		x->srv->stats.retransmits++;
	}
	tftp_xfer_send(x, x->ctl, x->ctl_len);
	tftp_xfer_arm(x, now);
}

/**
 * tftp_xfer_progress() - the client moved forward: reset the backoff
 * @x: the transfer
 */
void tftp_xfer_progress(struct tftp_xfer *x)
{
	x->retries = 0;
	x->rto_ms = x->rto0_ms;
}

/**
 * timeout_why() - the reason a transfer is abandoned for silence
 * @x:    the transfer
 * @buf:  out: the reason
 * @size: size of @buf
 *
 * A read whose last block has gone out at least once says so: the client
 * may hold the whole file and only its final ACK was lost (OVMF moves on
 * without acknowledging the server's retransmissions), which a user must
 * not mistake for a download that stopped half-way.
 *
 * Return: @buf.
 */
static const char *timeout_why(const struct tftp_xfer *x, char *buf, size_t size)
{
	if (x->is_write || !x->last_blk)
		snprintf(buf, size, "timeout");
	else
		snprintf(buf, size, "timeout: every block sent, acknowledged up to %" PRIu64 " of %" PRIu64
			 " (the final ACK may be what was lost)", x->base - 1, x->last_blk);
	return buf;
}

/**
 * tftp_xfer_timeout() - the transfer's timer fired
 * @x:   the transfer (may be freed)
 * @now: current time
 *
 * A dallying upload just ends.  Otherwise, after max_retries unanswered
 * retransmissions the transfer is abandoned; before that the timeout
 * doubles (capped at max_timeout_ms, never below the first timeout) and the
 * direction's resend() goes again.
 */
void tftp_xfer_timeout(struct tftp_xfer *x, uint64_t now)
{
	const struct tftp_config *cfg = &x->srv->cfg;
	uint32_t cap = cfg->max_timeout_ms > x->rto0_ms ? cfg->max_timeout_ms : x->rto0_ms;
	char why[128];

	if (x->state == XS_DALLY) {
		tftp_xfer_free(x);
		return;
	}
	if (x->retries >= cfg->max_retries) {
		tftp_xfer_abort(x, now, &x->srv->stats.aborted_timeout, -1, timeout_why(x, why, sizeof(why)));
		return;
	}
	x->retries++;
	x->rto_ms = x->rto_ms > cap / 2 ? cap : x->rto_ms * 2;
	x->ops->resend(x, now);
}

/**
 * tftp_xfer_peer_input() - a valid packet from the transfer's own client
 * @x:   the transfer (may be freed)
 * @dg:  the datagram
 * @pkt: its parse
 * @now: current time
 *
 * An ERROR ends the transfer quietly: the client chose to stop (OVMF stops
 * its tsize probe this way with error 8), which is not a server failure.
 */
void tftp_xfer_peer_input(struct tftp_xfer *x, const struct pxl_dgram *dg,
			  const struct tftp_pkt *pkt, uint64_t now)
{
	char why[TFTP_MSG_MAX + 48];

	if (pkt->opcode != TFTP_ERROR) {
		x->ops->input(x, dg, pkt, now);
		return;
	}
	if (x->state == XS_DALLY) { /* already complete: nothing to abort */
		tftp_xfer_free(x);
		return;
	}
	snprintf(why, sizeof(why), "client aborted: %s (error %u)", pkt->err_msg, pkt->err_code);
	tftp_xfer_abort(x, now, &x->srv->stats.aborted_client, -1, why);
}

/**
 * tftp_xfer_complete() - count and report a finished transfer (the caller frees or dallies)
 * @x:     the transfer
 * @now:   current time
 * @bytes: payload bytes moved
 */
void tftp_xfer_complete(struct tftp_xfer *x, uint64_t now, uint64_t bytes)
{
	char detail[160];

	x->srv->stats.completed++;
	if (x->is_write)
		x->srv->stats.bytes_received += bytes;
	else
		x->srv->stats.bytes_sent += bytes;
	snprintf(detail, sizeof(detail),
		 "bytes=%" PRIu64 " blocks=%" PRIu64 " retransmits=%" PRIu64 " duration_ms=%" PRIu64,
		 bytes, x->blocks, x->retransmits, (uint64_t)((now - x->start) / PXL_NS_PER_MS));
	xfer_emit(x, now, "transfer-complete", detail, bytes);
}

/**
 * tftp_xfer_abort() - end a transfer that failed, report why, free it
 * @x:       the transfer (freed)
 * @now:     current time
 * @counter: stats counter to bump
 * @code:    TFTP error code to tell the client, or -1 to send nothing
 * @why:     reason, for the ERROR message and the "transfer-abort" detail
 *
 * A partial upload is removed.
 */
void tftp_xfer_abort(struct tftp_xfer *x, uint64_t now, uint64_t *counter, int code,
		     const char *why)
{
	if (code >= 0)
		tftp_send_error(x->srv, now, x->local, x->peer, x->has_mac ? x->mac : NULL,
				(uint16_t)code, why, x->name);
	(*counter)++;
	xfer_emit(x, now, "transfer-abort", why, 0);
	if (x->is_write && x->state != XS_DALLY && x->file.dir_fd >= 0)
		unlinkat(x->file.dir_fd, x->file.leaf, 0);
	tftp_xfer_free(x);
}
