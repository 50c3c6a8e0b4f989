/* wire_ip6.c - the wire observer's IPv6: header and extension headers, UDP and TCP with their checksums, dispatch
 *
 * net/packet.c decodes Ethernet and IPv4; an IPv6 frame reaches the observer
 * with only its EtherType and network-layer bytes known, and is decoded
 * here.  Every length is checked against what holds it before it is read:
 * the fixed header against the frame, the payload length against the
 * bytes after the header, each extension header against the payload, the
 * UDP length against the upper-layer bytes.  A fragment is counted and
 * skipped (netboot traffic is never fragmented: TFTP blocks fit the MTU).
 */

#include <string.h>

#include "net/ip6.h"
#include "net/packet.h"
#include "core/be.h"
#include "wire/wire_priv.h"

#define IP6_HLEN 40
#define IP6_NH_HOP 0
#define IP6_NH_ROUTING 43
#define IP6_NH_FRAGMENT 44
#define IP6_NH_DSTOPTS 60
#define IP6_NH_NONE 59
#define IP6_NH_ICMP6 58
#define IP6_MAX_EXT 8          /* extension headers walked before giving up */
#define UDP_HLEN 8
#define TCP_HLEN 20

/**
 * ip6_ext() - walk the extension headers from @ip->l4 to the upper layer
 * @ip: packet; in: @next and @l4 at the first header after the fixed one;
 *      out: at the upper-layer header (or @frag set)
 *
 * Return: NULL, or why the packet is malformed.
 */
static const char *ip6_ext(struct wire_ip6 *ip)
{
	size_t hlen;
	int n;

	for (n = 0; n < IP6_MAX_EXT; n++) {
		if (ip->next != IP6_NH_HOP && ip->next != IP6_NH_ROUTING &&
		    ip->next != IP6_NH_FRAGMENT && ip->next != IP6_NH_DSTOPTS)
			return NULL;
		if (ip->l4_len < 8)
			return "IPv6 extension header truncated";
		hlen = ip->next == IP6_NH_FRAGMENT ? 8 : ((size_t)ip->l4[1] + 1) * 8;
		if (hlen > ip->l4_len)
			return "IPv6 extension header past end";
		if (ip->next == IP6_NH_FRAGMENT && (pxl_get_be16(ip->l4 + 2) & 0xfff9))
			ip->frag = 1;	/* an offset, or more fragments to come */
		ip->next = ip->l4[0];
		ip->l4 += hlen;
		ip->l4_len -= hlen;
	}
	return "IPv6: too many extension headers";
}

/**
 * ip6_decode() - the fixed header, then the extension headers
 * @l3:  network-layer bytes (untrusted)
 * @len: their count
 * @ip:  out: the packet
 *
 * Return: NULL, or why the packet is malformed.
 */
static const char *ip6_decode(const uint8_t *l3, size_t len, struct wire_ip6 *ip)
{
	size_t plen;

	memset(ip, 0, sizeof(*ip));
	if (len < IP6_HLEN)
		return "truncated IPv6 header";
	if (l3[0] >> 4 != 6)
		return "IPv6 version not 6";
	plen = pxl_get_be16(l3 + 4);
	if (plen > len - IP6_HLEN)
		return "IPv6 payload length exceeds frame";
	ip->next = l3[6];
	ip->hop_limit = l3[7];
	memcpy(ip->src, l3 + 8, 16);
	memcpy(ip->dst, l3 + 24, 16);
	ip->l4 = l3 + IP6_HLEN;
	ip->l4_len = plen;	/* Ethernet padding after the payload is not ours */
	return ip6_ext(ip);
}

/**
 * wire_ip6_csum_ok() - verify an upper-layer checksum over the IPv6 pseudo-header
 * @ip: packet (@l4, @l4_len: the whole upper-layer message)
 * @nh: upper-layer protocol number for the pseudo-header
 *
 * Return: 1 if the sum is right.
 */
static int wire_ip6_csum_ok(const struct wire_ip6 *ip, uint8_t nh)
{
	uint32_t sum = pxl_ip6_pseudo_sum(ip->src, ip->dst, nh, ip->l4_len);

	return pxl_csum_fold(pxl_csum_partial(ip->l4, ip->l4_len, sum)) == 0;
}

/**
 * ip6_udp() - a UDP datagram in an IPv6 packet: check it, then wire_udp_dispatch()
 * @w:  observer
 * @p:  the frame
 * @ip: the packet
 */
static void ip6_udp(struct pxl_wire *w, const struct wire_pkt *p, const struct wire_ip6 *ip)
{
	struct wire_udp u = { .v6 = 1, .src_mac = p->f->src_mac, .dst_mac = p->f->dst_mac };
	struct wire_pkt pu = { p->t, p->port, p->f, &u, ip->src, ip->dst, 1 };
	struct wire_ip6 dgram = *ip;
	size_t ulen;

	if (ip->l4_len < UDP_HLEN) {
		wire_drop(w, "truncated UDP header (IPv6)", 1);
		return;
	}
	ulen = pxl_get_be16(ip->l4 + 4);
	if (ulen < UDP_HLEN || ulen > ip->l4_len) {
		wire_drop(w, "UDP length exceeds IPv6 payload", 1);
		return;
	}
	dgram.l4_len = ulen;
	if (!w->cfg.no_l4_csum && (!pxl_get_be16(ip->l4 + 6) || !wire_ip6_csum_ok(&dgram, PXL_IPPROTO_UDP))) {
		wire_drop(w, "bad UDP checksum (IPv6)", 1);	/* zero is not allowed in IPv6 */
		return;
	}
	memcpy(u.src, ip->src, 16);
	memcpy(u.dst, ip->dst, 16);
	u.sport = pxl_get_be16(ip->l4);
	u.dport = pxl_get_be16(ip->l4 + 2);
	u.payload = ip->l4 + UDP_HLEN;
	u.len = ulen - UDP_HLEN;
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
static void ip6_tcp(struct pxl_wire *w, const struct wire_pkt *p, const struct wire_ip6 *ip)
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
	if (!w->cfg.no_l4_csum && !wire_ip6_csum_ok(ip, PXL_IPPROTO_TCP)) {
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
	struct wire_ip6 ip;
	const char *why = ip6_decode(p->f->l3, p->f->l3_len, &ip);

	if (why) {
		wire_drop(w, why, 1);
		return;
	}
	if (ip.frag) {
		wire_drop(w, "IPv6 fragment", 0);
		return;
	}
	if (ip.next == IP6_NH_ICMP6) {
		if (!w->cfg.no_l4_csum && (ip.l4_len < 4 || !wire_ip6_csum_ok(&ip, IP6_NH_ICMP6))) {
			wire_drop(w, "bad ICMPv6 checksum", 1);
			return;
		}
		wire_icmp6_input(w, p, &ip);
	} else if (ip.next == PXL_IPPROTO_UDP) {
		ip6_udp(w, p, &ip);
	} else if (ip.next == PXL_IPPROTO_TCP) {
		ip6_tcp(w, p, &ip);
	}
}
