/* fuzz_storm_iscsi.c - fuzz target: a synthetic client's iSCSI initiator (storm/sclient_iscsi.c) fed a hostile target's stream
 *
 * Input: records (fuzz.h), each a chunk of what the "target" sends on the
 * client's connection.  Selector bit 0: the client's timer fires first (at
 * its deadline); bit 1: the connection closes after the chunk (bit 2: with
 * ECONNRESET).  The client starts at stage 5, connected, root path
 * iscsi:10.0.2.4::3260:1:iqn.2026-11.test:disk1.  Contracts checked: every
 * byte the client sends is whole initiator PDUs that parse (Login or SCSI
 * Command, data segment padded), a finished client sends nothing more and
 * has closed its connection (or never had one), a failed stage has words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/be.h"
#include "fuzz.h"
#include "services/iscsi/iscsi_pdu.h"
#include "storm/sclient_priv.h"

/**
 * struct fz_host - the fake host of one input
 * @sent:   bytes the client sent
 * @closed: tcp_close calls
 */
struct fz_host {
	size_t sent;
	unsigned closed;
};

static int fz_open(void *ctx, struct scl_client *c, uint32_t ip, uint16_t port)
{
	(void)ctx;
	(void)c;
	(void)ip;
	(void)port;
	return 0;
}

/**
 * fz_send() - what the client sends must be whole initiator PDUs that parse
 * @ctx: host
 * @c:   client
 * @buf, @len: bytes
 *
 * Return: 0.
 */
static int fz_send(void *ctx, struct scl_client *c, const void *buf, size_t len)
{
	struct fz_host *h = ctx;
	const uint8_t *p = buf;
	struct iscsi_bhs b;

	if (scl_client_finished(c) || c->state != SCL_ISCSI)
		abort();
	while (len) {
		if (len < ISCSI_BHS_LEN || iscsi_bhs_parse(p, len, &b) ||
		    (b.opcode != ISCSI_OP_LOGIN_REQ && b.opcode != ISCSI_OP_SCSI_CMD) ||
		    iscsi_pdu_len(&b, 0, 0) > len)
			abort();
		len -= iscsi_pdu_len(&b, 0, 0);
		p += iscsi_pdu_len(&b, 0, 0);
	}
	h->sent += (size_t)(p - (const uint8_t *)buf);
	return 0;
}

static void fz_close(void *ctx, struct scl_client *c)
{
	(void)c;
	((struct fz_host *)ctx)->closed++;
}

/**
 * LLVMFuzzerTestOneInput() - one input: the target's chunks to one client
 * @data: input
 * @size: its length
 *
 * Return: 0.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_host h = { 0 };
	struct scl_tx tx = { .tcp_open = fz_open, .tcp_send = fz_send, .tcp_close = fz_close, .ctx = &h };
	struct scl_config cfg = { .seed = 9 };
	struct fuzz_cursor cur = { data, size };
	struct scl_client c;
	struct fuzz_rec r;
	uint64_t now = 1;

	scl_client_init(&c, 1, &cfg);
	c.stage = SCL_DHCP_IPXE;
	c.state = SCL_REQUEST;
	snprintf(c.root, sizeof(c.root), "iscsi:10.0.2.4::3260:1:iqn.2026-11.test:disk1");
	scl_pass(&c, now, &tx);
	scl_client_tcp(&c, SCL_TCP_CONNECTED, NULL, 0, 0, ++now, &tx);
	while (fuzz_next_rec(&cur, &r) && !scl_client_finished(&c)) {
		if ((r.sel & 1) && c.deadline != PXL_NEVER)
			scl_client_tick(&c, now = c.deadline, &tx);
		scl_client_tcp(&c, SCL_TCP_DATA, r.data, r.len, 0, ++now, &tx);
		if (r.sel & 2)
			scl_client_tcp(&c, SCL_TCP_CLOSED, NULL, 0, (r.sel & 4) ? 104 : 0, ++now, &tx);
	}
	if (c.state == SCL_FAILED && (!c.rec[c.stage].why[0] || !h.closed))
		abort();
	if (c.state == SCL_DONE && h.closed != 1)
		abort();
	return 0;
}
