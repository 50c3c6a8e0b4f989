/* wire_ip6.c - the wire observer's IPv6: checksums, then dispatch of UDP, TCP and ICMPv6
 *
 * net/packet.c decodes Ethernet and IPv4; an IPv6 frame reaches the observer
 * with only its EtherType and network-layer bytes known.  The IPv6 header,
 * its extension headers and the UDP/ICMPv6 header are decoded by
 * net/ip6.c's pxl_ip6_decode_l3() (the one decoder, shared with the LAN's
 * own IPv6 side), which checks every length before it reads; here the
 * checksums are verified and the TCP header is checked against the
 * payload.  A fragment is counted and skipped (netboot traffic is never
 * fragmented: TFTP blocks fit the MTU).
 */

#include <string.h>

#include "net/ip6.h"
#include "net/packet.h"
#include "core/be.h"
#include "wire/wire_priv.h"

#define TCP_HLEN 20

/**
 * ip6_udp() - a UDP datagram in an IPv6 packet (lengths checked): its checksum, then wire_udp_dispatch()
 * @w:  observer
 * @p:  the frame
 * @ip: the packet, @ip->is_udp
 */
static void ip6_udp(struct pxl_wire *w, const struct wire_pkt *p, const struct pxl_ip6 *ip)
{
	struct wire_udp u = { .v6 = 1, .src_mac = p->f->src_mac, .dst_mac = p->f->dst_mac };
	struct wire_pkt pu = { p->t, p->port, p->f, &u, ip->src, ip->dst, 1 };

	if (!w->cfg.no_l4_csum && !pxl_ip6_l4_csum_ok(ip)) {
		wire_drop(w, "bad UDP checksum (IPv6)", 1);	/* zero is not allowed in IPv6 */
		return;
	}
	memcpy(u.src, ip->src, 16);
	memcpy(u.dst, ip->dst, 16);
	u.sport = ip->sport;
	u.dport = ip->dport;
	u.payload = ip->payload;
	u.len = ip->payload_len;
	wire_udp_dispatch(w, &pu);
}

/**
 * ip6_tcp() - a TCP segment in an IPv6 packet: check it, then the TCP follower (iSCSI, HTTP)
 * @w:  observer
 * @p:  the frame
 * @ip: the packet
 *
 * The follower reads TCP from a struct pxl_frame: a copy of the frame's
 * gets the TCP header fields, and the addresses travel in the wire_pkt.
 */
static void ip6_tcp(struct pxl_wire *w, const struct wire_pkt *p, const struct pxl_ip6 *ip)
{
	struct pxl_frame f = *p->f;
	struct wire_pkt pt = { p->t, p->port, &f, NULL, ip->src, ip->dst, 1 };
	size_t hlen;

	if (ip->l4_len < TCP_HLEN) {
		wire_drop(w, "truncated TCP header (IPv6)", 1);
		return;
	}
	hlen = (size_t)(ip->l4[12] >> 4) * 4;
	if (hlen < TCP_HLEN || hlen > ip->l4_len) {
		wire_drop(w, "TCP header length exceeds IPv6 payload", 1);
		return;
	}
	if (!w->cfg.no_l4_csum && !pxl_ip6_l4_csum_ok(ip)) {
		wire_drop(w, "bad TCP checksum (IPv6)", 1);
		return;
	}
	f.is_tcp = 1;
	f.l4 = ip->l4;
	f.l4_len = ip->l4_len;
	f.sport = pxl_get_be16(ip->l4);
	f.dport = pxl_get_be16(ip->l4 + 2);
	f.tcp_seq = pxl_get_be32(ip->l4 + 4);
	f.tcp_ack = pxl_get_be32(ip->l4 + 8);
	f.tcp_flags = ip->l4[13];
	f.tcp_window = pxl_get_be16(ip->l4 + 14);
	f.payload = ip->l4 + hlen;
	f.payload_len = ip->l4_len - hlen;
	wire_tcp_input(w, &pt);
}

/**
 * wire_ip6_input() - observe an IPv6 frame: ICMPv6 (NDP), UDP (DHCPv6, TFTP), TCP (iSCSI, HTTP)
 * @w: observer
 * @p: the frame (EtherType 0x86dd; only @l3 decoded)
 */
void wire_ip6_input(struct pxl_wire *w, const struct wire_pkt *p)
{
	struct pxl_ip6 ip;
	const char *why = NULL;

	if (pxl_ip6_decode_l3(p->f->l3, p->f->l3_len, &ip, &why)) {
		wire_drop(w, why, 1);
		return;
	}
	if (ip.frag) {
		wire_drop(w, "IPv6 fragment", 0);
		return;
	}
	if (ip.is_icmp) {
		if (!w->cfg.no_l4_csum && !pxl_ip6_l4_csum_ok(&ip)) {
			wire_drop(w, "bad ICMPv6 checksum", 1);
			return;
		}
		wire_icmp6_input(w, p, &ip);
	} else if (ip.is_udp) {
		ip6_udp(w, p, &ip);
	} else if (ip.next == PXL_IPPROTO_TCP) {
		ip6_tcp(w, p, &ip);
	}
}
