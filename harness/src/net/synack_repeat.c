/* synack_repeat.c - answer a guest's retransmitted SYN with the server's SYN-ACK again (see the header) */
#include <stdlib.h>
#include <string.h>

#include "net/packet.h"
#include "net/synack_repeat.h"

/**
 * struct synack_entry - one half-open connection, as the server answered it
 * @used:                   slot in use
 * @guest_ip, @guest_port:   the guest's end (the SYN's source), host order
 * @server_ip, @server_port: the server's end
 * @isn:     the guest's initial sequence number (the SYN-ACK acknowledges isn + 1)
 * @srv_isn: the server's initial sequence number (the handshake's ACK acknowledges srv_isn + 1)
 * @t_ns:    when the SYN-ACK was sent
 * @frame, @len: the SYN-ACK frame, as sent
 */
struct synack_entry {
	int used;
	uint32_t guest_ip, server_ip;
	uint16_t guest_port, server_port;
	uint32_t isn, srv_isn;
	uint64_t t_ns;
	uint8_t frame[PXL_SYNACK_FRAME_MAX];
	size_t len;
};

/**
 * struct pxl_synack_repeat - the table
 * @e:       half-open connections
 * @repeats: SYN-ACKs handed back for resending
 */
struct pxl_synack_repeat {
	struct synack_entry e[PXL_SYNACK_REPEAT_MAX];
	uint64_t repeats;
};

/** pxl_synack_repeat_new() - Return: an empty table, or NULL without memory */
struct pxl_synack_repeat *pxl_synack_repeat_new(void)
{
	return calloc(1, sizeof(struct pxl_synack_repeat));
}

/**
 * find() - the entry of one connection
 * @r: table
 * @guest_ip, @guest_port, @server_ip, @server_port: the connection
 *
 * Return: the entry, or NULL.
 */
static struct synack_entry *find(struct pxl_synack_repeat *r, uint32_t guest_ip, uint16_t guest_port,
				 uint32_t server_ip, uint16_t server_port)
{
	size_t i;

	for (i = 0; i < PXL_SYNACK_REPEAT_MAX; i++) {
		struct synack_entry *e = &r->e[i];

		if (e->used && e->guest_ip == guest_ip && e->guest_port == guest_port &&
		    e->server_ip == server_ip && e->server_port == server_port)
			return e;
	}
	return NULL;
}

/**
 * slot() - a slot for a new connection: a free or expired one, else the oldest
 * @r: table
 * @now_ns: time
 *
 * Return: the slot (never NULL).
 */
static struct synack_entry *slot(struct pxl_synack_repeat *r, uint64_t now_ns)
{
	struct synack_entry *old = &r->e[0];
	size_t i;

	for (i = 0; i < PXL_SYNACK_REPEAT_MAX; i++) {
		struct synack_entry *e = &r->e[i];

		if (!e->used || now_ns - e->t_ns > PXL_SYNACK_REPEAT_TTL_NS)
			return e;
		if (e->t_ns < old->t_ns)
			old = e;
	}
	return old;
}

/**
 * pxl_synack_repeat_from_server() - a frame the server side sends toward the guest
 * @r: table
 * @now_ns: time
 * @frame, @len: the Ethernet frame
 *
 * A SYN-ACK is remembered for its connection (replacing an older one);
 * an RST forgets the connection.  Anything else is ignored.
 */
void pxl_synack_repeat_from_server(struct pxl_synack_repeat *r, uint64_t now_ns, const uint8_t *frame,
				   size_t len)
{
	struct synack_entry *e;
	struct pxl_frame f;

	if (pxl_frame_decode(frame, len, &f, NULL) || !f.is_ipv4 || !f.is_tcp || f.ip_frag)
		return;
	e = find(r, f.ip_dst, f.dport, f.ip_src, f.sport);
	if (f.tcp_flags & PXL_TCP_RST) {
		if (e)
			e->used = 0;
		return;
	}
	if ((f.tcp_flags & (PXL_TCP_SYN | PXL_TCP_ACK | PXL_TCP_FIN)) != (PXL_TCP_SYN | PXL_TCP_ACK) ||
	    len > PXL_SYNACK_FRAME_MAX)
		return;
	if (!e)
		e = slot(r, now_ns);
	*e = (struct synack_entry){ .used = 1, .guest_ip = f.ip_dst, .guest_port = f.dport,
				    .server_ip = f.ip_src, .server_port = f.sport, .isn = f.tcp_ack - 1,
				    .srv_isn = f.tcp_seq, .t_ns = now_ns, .len = len };
	memcpy(e->frame, frame, len);
}

/**
 * pxl_synack_repeat_from_guest() - a frame the guest sends toward the server side
 * @r: table
 * @now_ns: time
 * @frame, @len: the Ethernet frame
 * @out_len: out: length of the frame to resend
 *
 * The guest's retransmission of the SYN a remembered SYN-ACK answered
 * (same connection, same initial sequence number) returns that SYN-ACK.
 * The handshake's ACK, an RST or a SYN with another sequence number (a
 * new connection on the same ports) forget the connection.
 *
 * Return: the SYN-ACK frame to send to the guest again (valid until the
 * table's next call), or NULL.
 */
const uint8_t *pxl_synack_repeat_from_guest(struct pxl_synack_repeat *r, uint64_t now_ns, const uint8_t *frame,
					    size_t len, size_t *out_len)
{
	struct synack_entry *e;
	struct pxl_frame f;
	uint8_t fl;

	if (pxl_frame_decode(frame, len, &f, NULL) || !f.is_ipv4 || !f.is_tcp || f.ip_frag)
		return NULL;
	e = find(r, f.ip_src, f.sport, f.ip_dst, f.dport);
	if (!e)
		return NULL;
	fl = f.tcp_flags & (PXL_TCP_SYN | PXL_TCP_ACK | PXL_TCP_RST);
	if (fl == PXL_TCP_SYN && f.tcp_seq == e->isn && now_ns - e->t_ns <= PXL_SYNACK_REPEAT_TTL_NS) {
		r->repeats++;
		*out_len = e->len;
		return e->frame;
	}
	/* established (the ACK of our SYN), reset, or a new connection on these ports */
	if ((fl & PXL_TCP_RST) || fl == PXL_TCP_SYN || ((fl & PXL_TCP_ACK) && f.tcp_ack == e->srv_isn + 1))
		e->used = 0;
	return NULL;
}

/** pxl_synack_repeat_count() - Return: SYN-ACKs handed back for resending so far */
uint64_t pxl_synack_repeat_count(const struct pxl_synack_repeat *r)
{
	return r ? r->repeats : 0;
}

/** pxl_synack_repeat_free() - free the table (NULL is fine) */
void pxl_synack_repeat_free(struct pxl_synack_repeat *r)
{
	free(r);
}
