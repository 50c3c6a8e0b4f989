/* tftp_read.c - the sending side of a TFTP read: OACK, windows of DATA (RFC 7440), ACK handling
 *
 * Blocks are numbered from 1 in 64 bits inside the server; the wire carries
 * the low 16 bits, so block 65536 goes out as 0 (rollover).  The window is
 * blocks base .. base + sent - 1.  An ACK of any block in it moves base past
 * that block and sends the next window from there: a full-window ACK slides,
 * an earlier one restarts after the last block the client has (RFC 7440).
 * An ACK of a block already acknowledged is ignored, so duplicated ACKs
 * never duplicate data (no Sorcerer's Apprentice).
 */
#include "services/tftp/tftp_xfer.h"

/**
 * send_block() - read and send window slot @i (block base + i)
 * @x:   the transfer
 * @i:   slot in the window; x->pos[i] is where the block starts
 *
 * Return: 1 if this was the last block of the file, 0 if not, -errno on a
 * read error.
 */
static int send_block(struct tftp_xfer *x, unsigned int i)
{
	uint64_t blk = x->base + i;
	struct tftp_pos p = x->pos[i];
	ssize_t n = tftp_file_read(x->file.fd, x->netascii, &p, x->buf + TFTP_HDR_LEN, x->blksize);
	int len;

	if (n < 0)
		return (int)n;
	x->pos[i + 1] = p;
	if ((size_t)n < x->blksize) {
		x->last_blk = blk;
		x->last_len = (size_t)n;
	}
	len = tftp_build_data(x->buf, TFTP_HDR_LEN + (size_t)x->blksize, (uint16_t)blk,
			      x->buf + TFTP_HDR_LEN, (size_t)n);
	if (len > 0)
		tftp_xfer_send(x, x->buf, (size_t)len);
	if (blk <= x->high) {
		x->retransmits++;
		x->srv->stats.retransmits++;
	} else {
		x->high = blk;
	}
	return blk == x->last_blk;
}

/**
 * send_window() - send up to windowsize blocks from base and arm the timer
 * @x:   the transfer (freed on a read error)
 * @now: current time
 */
static void send_window(struct tftp_xfer *x, uint64_t now)
{
	unsigned int i;
	int rc = 0;

	x->sent = 0;
	for (i = 0; i < x->windowsize && !rc; i++) {
		rc = send_block(x, i);
		if (rc < 0) {
			tftp_xfer_abort(x, now, &x->srv->stats.aborted_error, TFTP_EUNDEF,
					"read error");
			return;
		}
		x->sent = i + 1;
	}
	tftp_xfer_arm(x, now);
}

/**
 * read_begin() - first packet of a read: the OACK, or DATA 1 at once
 * @x:   the transfer
 * @now: current time
 */
static void read_begin(struct tftp_xfer *x, uint64_t now)
{
	if (x->state == XS_OACK)
		tftp_xfer_send_ctl(x, now, 0);
	else
		send_window(x, now);
}

/**
 * acked() - the client has every block up to @blk
 * @x:   the transfer (freed when complete)
 * @blk: the block acknowledged (inside the window)
 * @now: current time
 */
static void acked(struct tftp_xfer *x, uint64_t blk, uint64_t now)
{
	unsigned int k = (unsigned int)(blk - x->base);

	tftp_xfer_progress(x);
	if (blk == x->last_blk) {
		x->blocks = blk;
		tftp_xfer_complete(x, now, (blk - 1) * x->blksize + x->last_len);
		tftp_xfer_free(x);
		return;
	}
	x->pos[0] = x->pos[k + 1];
	x->base = blk + 1;
	send_window(x, now);
}

/**
 * read_ack() - an ACK from the client
 * @x:   the transfer
 * @dg:  the datagram (for drop reports)
 * @blk: the 16-bit block number it carries
 * @now: current time
 */
static void read_ack(struct tftp_xfer *x, const struct pxl_dgram *dg, uint16_t blk,
		     uint64_t now)
{
	uint16_t k = (uint16_t)(blk - (uint16_t)x->base);

	if (x->state == XS_OACK) {
		if (blk != 0) {
			tftp_drop(x->srv, now, dg, TFTP_DROP_FUTURE_ACK, NULL);
			return;
		}
		x->state = XS_DATA;
		tftp_xfer_progress(x);
		send_window(x, now);
		return;
	}
	if (k < x->sent)
		acked(x, x->base + k, now);
	else
		tftp_drop(x->srv, now, dg, k >= 0x8000 ? TFTP_DROP_STALE_ACK : TFTP_DROP_FUTURE_ACK,
			  NULL);
}

/**
 * read_input() - a packet from the client of a read
 * @x:   the transfer
 * @dg:  the datagram
 * @pkt: its parse (not an ERROR)
 * @now: current time
 */
static void read_input(struct tftp_xfer *x, const struct pxl_dgram *dg,
		       const struct tftp_pkt *pkt, uint64_t now)
{
	if (pkt->opcode == TFTP_ACK)
		read_ack(x, dg, pkt->block, now);
	else
		tftp_drop(x->srv, now, dg, TFTP_DROP_UNEXPECTED, "not an ACK during a read");
}

/**
 * read_resend() - timeout: send the OACK or the whole window again
 * @x:   the transfer
 * @now: current time
 */
static void read_resend(struct tftp_xfer *x, uint64_t now)
{
	if (x->state == XS_OACK)
		tftp_xfer_send_ctl(x, now, 1);
	else
		send_window(x, now);
}

const struct tftp_dir_ops tftp_read_ops = {
	.begin = read_begin,
	.input = read_input,
	.resend = read_resend,
};
