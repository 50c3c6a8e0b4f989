/* tftp_write.c - the receiving side of a TFTP upload (WRQ): OACK or ACK 0, DATA in sequence, dally
 *
 * Lock-step only (windowsize is not offered on uploads).  Each new block is
 * written and acknowledged; a repeat of the previous block means our ACK was
 * lost and is answered with that ACK again; anything else is dropped.  After
 * the short final block the transfer lingers one timeout ("dally", RFC 1350
 * section 6) to re-acknowledge a repeated final block, then ends.
 */
#include "services/tftp/tftp_xfer.h"

#include <errno.h>

/**
 * set_ack() - make the kept control packet an ACK of @blk
 * @x:   the transfer
 * @blk: block number (wire value)
 */
static void set_ack(struct tftp_xfer *x, uint16_t blk)
{
	int len = tftp_build_ack(x->ctl, sizeof(x->ctl), blk);

	x->ctl_len = len > 0 ? (size_t)len : 0;
}

/**
 * write_begin() - first packet of an upload: the OACK, or ACK 0
 * @x:   the transfer
 * @now: current time
 */
static void write_begin(struct tftp_xfer *x, uint64_t now)
{
	if (x->state != XS_OACK)
		set_ack(x, 0);
	tftp_xfer_send_ctl(x, now, 0);
}

/**
 * store_block() - check and write the next block of the upload
 * @x:   the transfer (freed on failure)
 * @pkt: the DATA packet
 * @now: current time
 *
 * Return: 0, or -errno once the transfer has been aborted.
 */
static int store_block(struct tftp_xfer *x, const struct tftp_pkt *pkt, uint64_t now)
{
	struct tftp_stats *st = &x->srv->stats;
	int rc;

	if (pkt->data_len > x->blksize) {
		tftp_xfer_abort(x, now, &st->aborted_error, TFTP_EBADOP, "block larger than blksize");
		return -EMSGSIZE;
	}
	if (x->bytes + pkt->data_len > x->srv->cfg.max_upload_bytes) {
		tftp_xfer_abort(x, now, &st->aborted_error, TFTP_ENOSPACE, "upload too large");
		return -EFBIG;
	}
	rc = tftp_sink_write(&x->out, pkt->data, pkt->data_len);
	if (!rc && pkt->data_len < x->blksize)
		rc = tftp_sink_finish(&x->out);
	if (rc) {
		tftp_xfer_abort(x, now, &st->aborted_error,
				rc == -ENOSPC || rc == -EDQUOT ? TFTP_ENOSPACE : TFTP_EUNDEF,
				"write error");
		return rc;
	}
	x->bytes += pkt->data_len;
	x->blocks++;
	return 0;
}

/**
 * new_block() - the block we expected arrived
 * @x:   the transfer
 * @pkt: the DATA packet
 * @now: current time
 */
static void new_block(struct tftp_xfer *x, const struct tftp_pkt *pkt, uint64_t now)
{
	if (store_block(x, pkt, now))
		return;
	x->state = XS_DATA;
	x->base++;
	tftp_xfer_progress(x);
	set_ack(x, pkt->block);
	tftp_xfer_send_ctl(x, now, 0);
	if (pkt->data_len < x->blksize) {
		tftp_xfer_complete(x, now, x->bytes);
		x->state = XS_DALLY;
	}
}

/**
 * write_input() - a packet from the client of an upload
 * @x:   the transfer
 * @dg:  the datagram
 * @pkt: its parse (not an ERROR)
 * @now: current time
 */
static void write_input(struct tftp_xfer *x, const struct pxl_dgram *dg,
			const struct tftp_pkt *pkt, uint64_t now)
{
	uint16_t k;

	if (pkt->opcode != TFTP_DATA) {
		tftp_drop(x->srv, now, dg, TFTP_DROP_UNEXPECTED, "not DATA during an upload");
		return;
	}
	k = (uint16_t)(pkt->block - (uint16_t)x->base);
	if (k == 0 && x->state != XS_DALLY)
		new_block(x, pkt, now);
	else if (k == 0xffff && x->base > 1)
		tftp_xfer_send_ctl(x, now, 1); /* our ACK of it was lost */
	else
		tftp_drop(x->srv, now, dg, TFTP_DROP_STRAY_DATA, NULL);
}

/**
 * write_resend() - timeout: send the OACK or the last ACK again
 * @x:   the transfer
 * @now: current time
 */
static void write_resend(struct tftp_xfer *x, uint64_t now)
{
	tftp_xfer_send_ctl(x, now, 1);
}

const struct tftp_dir_ops tftp_write_ops = {
	.begin = write_begin,
	.input = write_input,
	.resend = write_resend,
};
