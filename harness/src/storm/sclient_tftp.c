/* sclient_tftp.c - a synthetic client fetches its NBP as OVMF does: ARP, tsize probe, windowed RRQ
 *
 * From uefi-native-pxe-dnsmasq-tgt.pcap and EDK2's PxeBcMtftp.c: ARP for
 * the next server; RRQ "octet" with tsize=0 blksize=1468 windowsize=4; on
 * the OACK, ERROR 8 "User aborted the transfer"; a new RRQ from a new port
 * with blksize 1468 windowsize 4; ACK 0 to the OACK, then an ACK at the end
 * of every window and for the short last block.  EDK2's timers:
 * PXEBC_MTFTP_TIMEOUT 4 s, PXEBC_MTFTP_RETRIES 6.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/transport.h"
#include "services/tftp/tftp_pkt.h"
#include "storm/sclient_priv.h"

/** SCL_TFTP_TIMEOUT_NS - EDK2 PXEBC_MTFTP_TIMEOUT */
#define SCL_TFTP_TIMEOUT_NS (4 * PXL_NS_PER_SEC)
/** SCL_TFTP_TRIES - EDK2 PXEBC_MTFTP_RETRIES */
#define SCL_TFTP_TRIES 6
/** SCL_BLKSIZE, SCL_WINDOW - what OVMF asks for */
#define SCL_BLKSIZE 1468
#define SCL_WINDOW 4

/**
 * tftp_sendto() - one TFTP packet from our port to the server
 * @c: client
 * @dport: server port (69, or its transfer port)
 * @pkt, @len: bytes
 * @tx: where it goes
 */
static void tftp_sendto(struct scl_client *c, uint16_t dport, const uint8_t *pkt, int len,
			const struct scl_tx *tx)
{
	if (len > 0)
		scl_send_udp(c, tx, c->srv_mac, c->ip, c->sport, c->next_server, dport, pkt,
			     (size_t)len);
}

/**
 * send_rrq() - the probe (with tsize) or the fetch, from a fresh port
 * @c:  client (state SCL_TSIZE or SCL_FETCH)
 * @tx: where it goes
 */
static void send_rrq(struct scl_client *c, const struct scl_tx *tx)
{
	const struct tftp_opt opts[] = {
		{ "tsize", "0" }, { "blksize", "1468" }, { "windowsize", "4" },
	};
	int probe = c->state == SCL_TSIZE;
	uint8_t pkt[SCL_FILE_MAX + 64];
	int len;

	len = tftp_build_request(pkt, sizeof(pkt), TFTP_RRQ, c->file, "octet",
				 probe ? opts : opts + 1, probe ? 3 : 2);
	tftp_sendto(c, 69, pkt, len, tx);
}

/**
 * send_arp() - who has the next server?
 * @c:  client
 * @tx: where it goes
 */
static void send_arp(struct scl_client *c, const struct scl_tx *tx)
{
	static const uint8_t zero[PXL_ETH_ALEN];
	uint8_t req[PXL_ETH_MIN_FRAME];

	pxl_build_arp(req, PXL_ARP_REQUEST, c->mac, c->ip, zero, c->next_server);
	tx->send(tx->ctx, req, sizeof(req));
}

/**
 * send_ack() - ACK of block @blk to the transfer port
 * @c:   client
 * @blk: block
 * @tx:  where it goes
 */
static void send_ack(struct scl_client *c, uint16_t blk, const struct scl_tx *tx)
{
	uint8_t pkt[TFTP_HDR_LEN];

	c->acked = blk;
	tftp_sendto(c, c->tid, pkt, tftp_build_ack(pkt, sizeof(pkt), blk), tx);
}

/**
 * new_port() - a fresh ephemeral source port, as firmware takes per transfer
 * @c: client
 */
static void new_port(struct scl_client *c)
{
	c->sport = (uint16_t)(49152 + scl_rand(c) % 16384);
	c->tid = 0;
}

/**
 * scl_tftp_begin() - the NBP stage starts: ARP for the next server
 * @c:   client
 * @now: clock
 * @tx:  where frames go
 */
void scl_tftp_begin(struct scl_client *c, uint64_t now, const struct scl_tx *tx)
{
	struct scl_stage_rec *r = &c->rec[SCL_TFTP_NBP];

	r->start_ns = now;
	c->state = SCL_TSIZE;
	c->try = 1;
	new_port(c);
	send_arp(c, tx);
	r->tries++;
	c->deadline = now + scl_timer_ns(c, SCL_TFTP_TIMEOUT_NS);
}

/**
 * progress() - an answer moved the transfer on: the retry count starts again
 * @c:   client
 * @now: clock
 */
static void progress(struct scl_client *c, uint64_t now)
{
	c->try = 1;
	c->deadline = now + scl_timer_ns(c, SCL_TFTP_TIMEOUT_NS);
}

/**
 * on_probe_oack() - the tsize probe answered: note tsize, abort with error 8, fetch
 * @c:   client
 * @p:   the OACK
 * @from: its source port
 * @now: clock
 * @tx:  where frames go
 */
static void on_probe_oack(struct scl_client *c, const struct tftp_pkt *p, uint16_t from,
			  uint64_t now, const struct scl_tx *tx)
{
	const char *ts = tftp_opt_get(p, "tsize");
	uint8_t pkt[64];

	c->tsize = ts ? strtoull(ts, NULL, 10) : 0;
	tftp_sendto(c, from, pkt, tftp_build_error(pkt, sizeof(pkt), TFTP_EOPTNEG,
						   "User aborted the transfer"), tx);
	new_port(c);
	c->state = SCL_FETCH;
	c->rec[SCL_TFTP_NBP].tries++;
	send_rrq(c, tx);
	progress(c, now);
}

/**
 * on_fetch_oack() - the fetch's OACK: take blksize and windowsize, ACK 0
 * @c:   client
 * @p:   the OACK
 * @now: clock
 * @tx:  where the ACK goes
 */
static void on_fetch_oack(struct scl_client *c, const struct tftp_pkt *p, uint64_t now,
			  const struct scl_tx *tx)
{
	const char *bs = tftp_opt_get(p, "blksize"), *ws = tftp_opt_get(p, "windowsize");

	c->blksize = (uint16_t)(bs ? atoi(bs) : 512);
	c->window = (uint16_t)(ws ? atoi(ws) : 1);
	if (!c->window)
		c->window = 1;
	c->rcvd = 0;
	send_ack(c, 0, tx);
	progress(c, now);
}

/**
 * on_data() - DATA: take it in order, ACK at a window's end, pass on the short block
 * @c:   client
 * @p:   the DATA
 * @now: clock
 * @tx:  where ACKs go
 */
static void on_data(struct scl_client *c, const struct tftp_pkt *p, uint64_t now,
		    const struct scl_tx *tx)
{
	if (!c->blksize)
		c->blksize = 512, c->window = 1;	/* no OACK: RFC 1350 defaults */
	if (p->block != (uint16_t)(c->rcvd + 1)) {
		send_ack(c, c->rcvd, tx);	/* out of order: say where we are */
		return;
	}
	c->rcvd = p->block;
	c->bytes += p->data_len;
	progress(c, now);
	if (p->data_len < c->blksize) {
		send_ack(c, p->block, tx);
		if (c->tsize && c->bytes != c->tsize)
			scl_fail(c, now, "%s: %llu bytes, but tsize said %llu", c->file,
				 (unsigned long long)c->bytes, (unsigned long long)c->tsize);
		else
			scl_pass(c, now, tx);
	} else if ((uint16_t)(p->block - c->acked) >= c->window) {
		send_ack(c, p->block, tx);
	}
}

/**
 * on_arp() - the next server's MAC: send the tsize probe
 * @c:   client
 * @f:   decoded frame
 * @now: clock
 * @tx:  where frames go
 *
 * Return: 1 if @f was that ARP reply.
 */
static int on_arp(struct scl_client *c, const struct pxl_frame *f, uint64_t now,
		  const struct scl_tx *tx)
{
	if (!f->is_arp || f->arp_op != PXL_ARP_REPLY || f->arp_spa != c->next_server ||
	    c->has_srv_mac)
		return 0;
	memcpy(c->srv_mac, f->arp_sha, PXL_ETH_ALEN);
	c->has_srv_mac = 1;
	send_rrq(c, tx);
	progress(c, now);
	return 1;
}

/**
 * scl_tftp_input() - a frame during the NBP stage
 * @c:   client
 * @f:   decoded frame
 * @now: clock
 * @tx:  where answers go
 *
 * Return: 1 if it belonged to this client's transfer.
 */
int scl_tftp_input(struct scl_client *c, const struct pxl_frame *f, uint64_t now,
		   const struct scl_tx *tx)
{
	struct tftp_pkt p;

	if (on_arp(c, f, now, tx))
		return 1;
	if (!f->is_udp || f->ip_dst != c->ip || f->dport != c->sport || f->ip_src != c->next_server ||
	    (c->tid && f->sport != c->tid) || tftp_pkt_parse(f->payload, f->payload_len, &p))
		return 0;
	if (!c->tid && c->state == SCL_FETCH)
		c->tid = f->sport;
	if (p.opcode == TFTP_ERROR)
		scl_fail(c, now, "ERROR %u (%s) \"%s\" to the %s of %s", p.err_code,
			 tftp_error_name(p.err_code), p.err_msg,
			 c->state == SCL_TSIZE ? "tsize probe" : "RRQ", c->file);
	else if (c->state == SCL_TSIZE && p.opcode == TFTP_OACK)
		on_probe_oack(c, &p, f->sport, now, tx);
	else if (c->state == SCL_TSIZE)
		scl_fail(c, now, "%s instead of an OACK to the tsize probe of %s",
			 tftp_opcode_name(p.opcode), c->file);
	else if (p.opcode == TFTP_OACK && !c->rcvd)
		on_fetch_oack(c, &p, now, tx);
	else if (p.opcode == TFTP_DATA)
		on_data(c, &p, now, tx);
	return 1;
}

/**
 * scl_tftp_tick() - 4 s without progress: ARP, RRQ or the last ACK again; give up after 6
 * @c:   client
 * @now: clock
 * @tx:  where frames go
 */
void scl_tftp_tick(struct scl_client *c, uint64_t now, const struct scl_tx *tx)
{
	struct scl_stage_rec *r = &c->rec[SCL_TFTP_NBP];

	if (c->try >= SCL_TFTP_TRIES) {
		scl_fail(c, now, "%s: no answer after %u tries, %u s apart (EDK2 MTFTP timers)",
			 !c->has_srv_mac ? "ARP for the next server" : c->file, c->try,
			 (unsigned)(SCL_TFTP_TIMEOUT_NS / PXL_NS_PER_SEC));
		return;
	}
	c->try++;
	r->tries++;
	r->retx++;
	c->deadline = now + scl_timer_ns(c, SCL_TFTP_TIMEOUT_NS);
	if (!c->has_srv_mac)
		send_arp(c, tx);
	else if (c->state == SCL_TSIZE || !c->tid)
		send_rrq(c, tx);
	else
		send_ack(c, c->rcvd, tx);
}
