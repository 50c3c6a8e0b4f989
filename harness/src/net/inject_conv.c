/* inject_conv.c - the hostile guest's conversations: a TFTP download with wrong ACKs, iSCSI garbage over TCP
 *
 * The TFTP conversation asks for a real file, then answers the server's
 * DATA with an ACK of block 0, of a block never sent, a duplicate, one from
 * a foreign transfer id, and finally an ERROR.  Each iSCSI conversation is
 * one TCP connection to the portal (a minimal client: handshake, ACK what
 * comes back, RST at the end) carrying PDUs a target must refuse.
 */
#include <string.h>

#include "core/be.h"
#include "core/loop.h"
#include "core/util.h"
#include "net/inject_priv.h"

#define TFTP_RRQ 1
#define TFTP_DATA 3
#define TFTP_ACK 4
#define TFTP_ERROR 5
#define TFTP_OACK 6
#define ISCSI_BHS 48
#define CONV_LINGER_NS (1500ULL * 1000000ULL)
#define CONV_SYN_WAIT_NS (3000ULL * 1000000ULL)
#define TFTP_WAIT_STEPS 20

const char *const inj_iscsi_names[INJ_ISCSI_SCRIPTS] = {
	"iSCSI SCSI command during login",
	"iSCSI login with DataSegmentLength 16 MiB",
	"iSCSI discovery login then garbage",
};

/**
 * tftp_send() - a TFTP packet from the hostile guest
 * @in: injector
 * @kind: counted name
 * @hostile: crafted to be wrong
 * @sport, @dport: ports
 * @p, @len: packet
 */
static void tftp_send(struct pxl_inject *in, const char *kind, int hostile, uint16_t sport, uint16_t dport,
		      const void *p, size_t len)
{
	uint8_t buf[INJ_CONV_BUF];

	inj_send(in, kind, hostile, buf, pxl_hostile_udp(&in->ctx, buf, sizeof(buf), sport, dport, p, len));
}

/**
 * inj_tftp_start() - ask for a real file (the wrong ACKs follow its first DATA)
 * @in: injector
 */
void inj_tftp_start(struct pxl_inject *in)
{
	const char *file = in->cfg.tftp_file ? in->cfg.tftp_file : "boot.ipxe";
	uint8_t p[300];
	size_t n = 0, fl = strlen(file);

	if (in->tftp.active || fl > 200)
		return;
	memset(&in->tftp, 0, sizeof(in->tftp));
	in->tftp.active = 1;
	in->tftp.port = (uint16_t)(30000 + pxl_hostile_rand(&in->ctx) % 10000);
	pxl_put_be16(p, TFTP_RRQ);
	n = 2;
	memcpy(p + n, file, fl + 1);
	n += fl + 1;
	memcpy(p + n, "octet", 6);
	n += 6;
	tftp_send(in, "TFTP read request (well-formed)", 0, in->tftp.port, 69, p, n);
}

/**
 * inj_tftp_tick() - the next wrong answer, once the server has sent DATA
 * @in: injector
 */
void inj_tftp_tick(struct pxl_inject *in)
{
	static const struct {
		const char *kind;
		int hostile;
		int foreign;
		uint16_t op, block;
	} steps[] = {
		{ "TFTP ACK of block 0 mid-transfer", 1, 0, TFTP_ACK, 0 },
		{ "TFTP ACK of a block never sent", 1, 0, TFTP_ACK, 7 },
		{ "TFTP ACK of a block never sent", 1, 0, TFTP_ACK, 65535 },
		{ "TFTP ACK of block 1 (well-formed)", 0, 0, TFTP_ACK, 1 },
		{ "TFTP duplicate ACK", 1, 0, TFTP_ACK, 1 },
		{ "TFTP ACK from a foreign transfer id", 1, 1, TFTP_ACK, 1 },
		{ "TFTP ERROR, the guest leaves (well-formed)", 0, 0, TFTP_ERROR, 0 },
	};
	struct inj_tftp *t = &in->tftp;
	uint8_t p[32];
	size_t n = 4;

	if (!t->active)
		return;
	if (!t->tid) {
		if (++t->step > TFTP_WAIT_STEPS)
			t->active = 0;
		return;
	}
	if (t->step >= ARRAY_SIZE(steps)) {
		t->active = 0;
		return;
	}
	pxl_put_be16(p, steps[t->step].op);
	pxl_put_be16(p + 2, steps[t->step].block);
	if (steps[t->step].op == TFTP_ERROR) {
		memcpy(p + 4, "hostile guest leaves", 21);
		n += 21;
	}
	tftp_send(in, steps[t->step].kind, steps[t->step].hostile,
		  (uint16_t)(t->port + steps[t->step].foreign), t->tid, p, n);
	t->step++;
}

/**
 * inj_tftp_input() - a UDP datagram for the hostile guest: the server's answers
 * @in: injector
 * @f: decoded frame (IPv4, to us)
 *
 * Return: 1 if it was TFTP for our conversation.
 */
int inj_tftp_input(struct pxl_inject *in, const struct pxl_frame *f)
{
	struct inj_tftp *t = &in->tftp;
	uint16_t op;

	if (!f->is_udp || !t->port || (f->dport != t->port && f->dport != t->port + 1) ||
	    f->payload_len < 4)
		return 0;
	op = (uint16_t)(f->payload[0] << 8 | f->payload[1]);
	in->st.tftp_answers++;
	if (op == TFTP_ERROR) {
		in->st.tftp_errors++;
		if (!t->tid)
			t->active = 0;
	} else if ((op == TFTP_DATA || op == TFTP_OACK) && !t->tid && f->dport == t->port) {
		t->tid = f->sport;
		t->step = 0;
	}
	return 1;
}

/**
 * tcp_send() - a TCP segment of the current iSCSI conversation
 * @in: injector
 * @kind: counted name
 * @hostile: crafted to be wrong
 * @flags: PXL_TCP_*
 * @data, @len: payload (advances snd_nxt)
 */
static void tcp_send(struct pxl_inject *in, const char *kind, int hostile, uint8_t flags,
		     const void *data, size_t len)
{
	struct inj_tcp *c = &in->tcp;
	uint8_t buf[INJ_CONV_BUF];
	size_t n = pxl_hostile_tcp(&in->ctx, buf, sizeof(buf), c->sport, c->snd_nxt, c->rcv_nxt,
				   flags, data, len);

	c->snd_nxt += (uint32_t)len + ((flags & PXL_TCP_SYN) ? 1 : 0);
	inj_send(in, kind, hostile, buf, n);
}

/**
 * bhs() - a Basic Header Segment
 * @p: 48 bytes out
 * @opcode, @flags: bytes 0 and 1
 * @dlen: DataSegmentLength (24 bits)
 * @itt: initiator task tag
 * @cmdsn: CmdSN
 */
static void bhs(uint8_t *p, uint8_t opcode, uint8_t flags, uint32_t dlen, uint32_t itt, uint32_t cmdsn)
{
	memset(p, 0, ISCSI_BHS);
	p[0] = opcode;
	p[1] = flags;
	pxl_put_be32(p + 4, dlen & 0xffffff);
	pxl_put_be32(p + 16, itt);
	pxl_put_be32(p + 24, cmdsn);
}

/**
 * login_pdu() - a Login Request (security -> full feature, transit) carrying @keys
 * @p: out (ISCSI_BHS + 256 bytes)
 * @keys: NUL-separated keys, @klen bytes
 * @klen: their length
 * @dlen: DataSegmentLength to claim (may lie)
 *
 * Return: PDU length (padded).
 */
static size_t login_pdu(uint8_t *p, const char *keys, size_t klen, uint32_t dlen)
{
	static const uint8_t isid[6] = { 0x40, 0x00, 0x66, 0x66, 0x00, 0x01 };
	size_t padded = (klen + 3) & ~(size_t)3;

	bhs(p, 0x43, 0x83, dlen, 1, 1);
	memcpy(p + 8, isid, sizeof(isid));
	memset(p + ISCSI_BHS, 0, padded);
	memcpy(p + ISCSI_BHS, keys, klen);
	return ISCSI_BHS + padded;
}

/**
 * conv_payload() - send the PDUs of the current conversation (once established)
 * @in: injector
 */
static void conv_payload(struct pxl_inject *in)
{
	static const char keys[] = "InitiatorName=iqn.2026-11.org.pxelab:hostile\0SessionType=Discovery\0"
				   "AuthMethod=None\0";
	uint8_t p[ISCSI_BHS + 256];
	size_t n;

	switch (in->tcp.script) {
	case 0:
		bhs(p, 0x01, 0xc0, 0, 1, 1);
		p[32] = 0x28;
		tcp_send(in, inj_iscsi_names[0], 1, PXL_TCP_ACK | PXL_TCP_PSH, p, ISCSI_BHS);
		break;
	case 1:
		n = login_pdu(p, keys, sizeof(keys) - 1, 0xffffff);
		tcp_send(in, inj_iscsi_names[1], 1, PXL_TCP_ACK | PXL_TCP_PSH, p, n);
		break;
	default:
		n = login_pdu(p, keys, sizeof(keys) - 1, sizeof(keys) - 1);
		tcp_send(in, "iSCSI discovery login (well-formed)", 0, PXL_TCP_ACK | PXL_TCP_PSH, p, n);
		bhs(p, 0x3d, 0x80, 0, 2, 2);
		tcp_send(in, "iSCSI reserved opcode 0x3d", 1, PXL_TCP_ACK | PXL_TCP_PSH, p, ISCSI_BHS);
		bhs(p, 0x41, 0xc0, 0, 3, 2);
		pxl_put_be32(p + 20, 512);
		p[32] = 0x28;
		p[39] = 1;
		tcp_send(in, "iSCSI SCSI command in a discovery session", 1, PXL_TCP_ACK | PXL_TCP_PSH, p,
			 ISCSI_BHS);
		bhs(p, 0x04, 0x80, 0x100000, 4, 3);
		pxl_put_be32(p + 20, 0xffffffff);
		memset(p + ISCSI_BHS, 'A', 64);
		tcp_send(in, "iSCSI Text request with DataSegmentLength 1 MiB", 1, PXL_TCP_ACK | PXL_TCP_PSH,
			 p, ISCSI_BHS + 64);
		break;
	}
}

/**
 * inj_iscsi_reset() - end the open conversation with a RST
 * @in: injector
 */
static void inj_iscsi_reset(struct pxl_inject *in)
{
	if (!in->tcp.active)
		return;
	tcp_send(in, "TCP RST, the guest leaves (well-formed)", 0, PXL_TCP_RST | PXL_TCP_ACK, NULL, 0);
	in->tcp.active = 0;
}

/**
 * inj_iscsi_start() - open the TCP connection of conversation @script
 * @in: injector
 * @script: 0 .. INJ_ISCSI_SCRIPTS - 1
 * @now: clock
 */
void inj_iscsi_start(struct pxl_inject *in, int script, uint64_t now)
{
	struct inj_tcp *c = &in->tcp;

	inj_iscsi_reset(in);
	memset(c, 0, sizeof(*c));
	c->active = 1;
	c->script = script;
	c->sport = (uint16_t)(41000 + pxl_hostile_rand(&in->ctx) % 20000);
	c->iss = (uint32_t)pxl_hostile_rand(&in->ctx);
	c->snd_nxt = c->iss;
	c->deadline = now + CONV_SYN_WAIT_NS;
	in->st.iscsi_conns++;
	tcp_send(in, "TCP SYN to the portal (well-formed)", 0, PXL_TCP_SYN, NULL, 0);
}

/**
 * inj_iscsi_tick() - reset the conversation once it has lingered long enough
 * @in: injector
 * @now: clock
 */
void inj_iscsi_tick(struct pxl_inject *in, uint64_t now)
{
	if (in->tcp.active && now >= in->tcp.deadline)
		inj_iscsi_reset(in);
}

/**
 * inj_iscsi_input() - a TCP segment for the hostile guest from the portal
 * @in: injector
 * @f: decoded frame (IPv4, to us)
 * @now: clock
 *
 * Return: 1 if it belonged to the open conversation.
 */
int inj_iscsi_input(struct pxl_inject *in, const struct pxl_frame *f, uint64_t now)
{
	struct inj_tcp *c = &in->tcp;
	uint32_t adv;

	if (!c->active || !f->is_tcp || f->dport != c->sport || f->sport != in->ctx.portal_port)
		return 0;
	if (f->tcp_flags & PXL_TCP_RST) {
		in->st.iscsi_closed++;
		c->active = 0;
		return 1;
	}
	if (!c->established) {
		if ((f->tcp_flags & (PXL_TCP_SYN | PXL_TCP_ACK)) != (PXL_TCP_SYN | PXL_TCP_ACK) ||
		    f->tcp_ack != c->iss + 1)
			return 1;
		c->established = 1;
		c->rcv_nxt = f->tcp_seq + 1;
		c->deadline = now + CONV_LINGER_NS;
		tcp_send(in, "TCP ACK (well-formed)", 0, PXL_TCP_ACK, NULL, 0);
		conv_payload(in);
		return 1;
	}
	adv = (uint32_t)f->payload_len + ((f->tcp_flags & PXL_TCP_FIN) ? 1 : 0);
	if (!adv)
		return 1;
	if (f->tcp_seq == c->rcv_nxt) {
		c->rcv_nxt += adv;
		in->st.iscsi_bytes += f->payload_len;
	}
	if (f->tcp_flags & PXL_TCP_FIN)
		in->st.iscsi_closed++;
	tcp_send(in, "TCP ACK (well-formed)", 0, PXL_TCP_ACK, NULL, 0);
	return 1;
}
