/* ip6.c - IPv6 for the LAN and the wire observer: the one bounds-checked decoder (IPv6, extension headers, UDP, ICMPv6) and builders */
#include <errno.h>
#include <string.h>

#include "core/be.h"
#include "net/ip6.h"

#define UDP_HLEN 8
#define ICMP6_HLEN 4
#define IP6_NH_HOP 0
#define IP6_NH_ROUTING 43
#define IP6_NH_FRAGMENT 44
#define IP6_NH_DSTOPTS 60
#define IP6_MAX_EXT 8          /* extension headers walked before giving up */

/** ip6_fail() - set the reason; Return: -EINVAL */
static int ip6_fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -EINVAL;
}

/**
 * decode_ext() - walk the extension headers from @v->l4 to the upper layer
 * @v:   view; in: @next and @l4 at the first header after the fixed one;
 *       out: at the upper-layer header, @frag set for a fragment
 * @why: out: reason when malformed
 *
 * Return: 0 or -EINVAL.
 */
static int decode_ext(struct pxl_ip6 *v, const char **why)
{
	size_t hlen;
	int n;

	for (n = 0; n < IP6_MAX_EXT; n++) {
		if (v->next != IP6_NH_HOP && v->next != IP6_NH_ROUTING &&
		    v->next != IP6_NH_FRAGMENT && v->next != IP6_NH_DSTOPTS)
			return 0;
		if (v->l4_len < 8)
			return ip6_fail(why, "IPv6 extension header truncated");
		hlen = v->next == IP6_NH_FRAGMENT ? 8 : ((size_t)v->l4[1] + 1) * 8;
		if (hlen > v->l4_len)
			return ip6_fail(why, "IPv6 extension header past end");
		if (v->next == IP6_NH_FRAGMENT && (pxl_get_be16(v->l4 + 2) & 0xfff9))
			v->frag = 1;	/* an offset, or more fragments to come */
		v->next = v->l4[0];
		v->l4 += hlen;
		v->l4_len -= hlen;
	}
	return ip6_fail(why, "IPv6: too many extension headers");
}

/**
 * decode_l4() - the UDP or ICMPv6 header at @v->l4 (not of a fragment)
 * @v:   view with @l4/@l4_len/@next set
 * @why: out: reason when malformed
 *
 * Return: 0 or -EINVAL.
 */
static int decode_l4(struct pxl_ip6 *v, const char **why)
{
	size_t ulen;

	if (v->frag)
		return 0;
	if (v->next == PXL_IPPROTO_UDP) {
		if (v->l4_len < UDP_HLEN)
			return ip6_fail(why, "truncated UDP header (IPv6)");
		ulen = pxl_get_be16(v->l4 + 4);
		if (ulen < UDP_HLEN || ulen > v->l4_len)
			return ip6_fail(why, "UDP length exceeds IPv6 payload");
		v->is_udp = 1;
		v->sport = pxl_get_be16(v->l4);
		v->dport = pxl_get_be16(v->l4 + 2);
		v->payload = v->l4 + UDP_HLEN;
		v->payload_len = ulen - UDP_HLEN;
	} else if (v->next == PXL_IPPROTO_ICMPV6) {
		if (v->l4_len < ICMP6_HLEN)
			return ip6_fail(why, "truncated ICMPv6 header");
		v->is_icmp = 1;
		v->icmp_type = v->l4[0];
		v->icmp_code = v->l4[1];
		v->payload = v->l4 + ICMP6_HLEN;
		v->payload_len = v->l4_len - ICMP6_HLEN;
	}
	return 0;
}

/**
 * pxl_ip6_decode_l3() - decode an IPv6 packet: fixed header, extension headers, UDP or ICMPv6 header
 * @l3:  network-layer bytes (untrusted)
 * @len: their count (Ethernet padding after the payload is allowed)
 * @v:   out: decoded view (zeroed first; no link addresses)
 * @why: out, may be NULL: static reason text when the packet is malformed
 *
 * Every length is checked before it is read: the fixed header against
 * @len, the payload length against the bytes after it, each extension
 * header against the payload, the UDP length against the upper layer.
 * Return: 0, or -EINVAL when malformed.
 */
int pxl_ip6_decode_l3(const uint8_t *l3, size_t len, struct pxl_ip6 *v, const char **why)
{
	size_t plen;

	memset(v, 0, sizeof(*v));
	if (len < PXL_IP6_HLEN)
		return ip6_fail(why, "truncated IPv6 header");
	if ((l3[0] >> 4) != 6)
		return ip6_fail(why, "IPv6 version is not 6");
	plen = pxl_get_be16(l3 + 4);
	if (plen > len - PXL_IP6_HLEN)
		return ip6_fail(why, "IPv6 payload length exceeds frame");
	v->next = l3[6];
	v->hop_limit = l3[7];
	v->src = l3 + 8;
	v->dst = l3 + 24;
	v->l4 = l3 + PXL_IP6_HLEN;
	v->l4_len = plen;
	if (decode_ext(v, why))
		return -EINVAL;
	return decode_l4(v, why);
}

/**
 * pxl_ip6_decode() - decode an Ethernet/IPv6 frame: pxl_ip6_decode_l3() after the Ethernet header
 * @buf: frame bytes (no FCS)
 * @len: frame length
 * @v:   out: decoded view (zeroed first)
 * @why: out, may be NULL: static reason text when the frame is malformed
 *
 * An untagged EtherType 0x86dd only; anything else is -ENOENT (not IPv6,
 * not an error).  Return: 0, -ENOENT, or -EINVAL when malformed.
 */
int pxl_ip6_decode(const uint8_t *buf, size_t len, struct pxl_ip6 *v, const char **why)
{
	int rc;

	memset(v, 0, sizeof(*v));
	if (len < PXL_ETH_HLEN || pxl_get_be16(buf + 12) != PXL_ETHERTYPE_IPV6)
		return -ENOENT;
	rc = pxl_ip6_decode_l3(buf + PXL_ETH_HLEN, len - PXL_ETH_HLEN, v, why);
	v->dst_mac = buf;
	v->src_mac = buf + 6;
	return rc;
}

/**
 * pxl_ip6_pseudo_sum() - the IPv6 pseudo-header's sum (RFC 8200 8.1)
 * @src, @dst: addresses
 * @next:      upper-layer protocol
 * @len:       upper-layer length
 *
 * Return: running sum.
 */
uint32_t pxl_ip6_pseudo_sum(const uint8_t *src, const uint8_t *dst, uint8_t next, size_t len)
{
	uint8_t tail[8] = { 0 };

	pxl_put_be32(tail, (uint32_t)len);
	tail[7] = next;
	return pxl_csum_partial(tail, sizeof(tail),
				pxl_csum_partial(dst, 16, pxl_csum_partial(src, 16, 0)));
}

/**
 * pxl_ip6_l4_csum_ok() - verify the UDP, ICMPv6 or TCP checksum of a decoded packet
 * @v: view with is_udp or is_icmp, or a TCP segment (@next 6, not a fragment;
 *     the sum covers @l4_len bytes)
 *
 * A UDP checksum of zero is invalid over IPv6 (RFC 8200).
 * Return: 1 if valid.
 */
int pxl_ip6_l4_csum_ok(const struct pxl_ip6 *v)
{
	size_t n = v->is_udp ? (size_t)(v->payload - v->l4) + v->payload_len : v->l4_len;

	if (!v->is_udp && !v->is_icmp && (v->frag || v->next != PXL_IPPROTO_TCP))
		return 0;
	if (v->is_udp && pxl_get_be16(v->l4 + 6) == 0)
		return 0;
	return pxl_csum_fold(pxl_csum_partial(v->l4, n, pxl_ip6_pseudo_sum(v->src, v->dst, v->next, n))) == 0;
}

/**
 * ip6_build() - Ethernet and IPv6 headers, the upper layer copied after them
 * @buf, @cap: output
 * @spec:      addresses
 * @next:      upper-layer protocol
 * @l4:        upper-layer bytes (checksum field zero)
 * @len:       their length
 * @csum_at:   offset of the checksum field in @l4
 *
 * Return: frame length, or 0 if it does not fit.
 */
static size_t ip6_build(uint8_t *buf, size_t cap, const struct pxl_ip6_spec *spec, uint8_t next,
			const uint8_t *l4, size_t len, size_t csum_at)
{
	uint8_t *ip = buf + PXL_ETH_HLEN, *p = ip + PXL_IP6_HLEN;
	size_t total = PXL_ETH_HLEN + PXL_IP6_HLEN + len;

	if (len > 0xffff || total > cap || total < PXL_ETH_HLEN)
		return 0;
	memcpy(buf, spec->dst_mac, PXL_ETH_ALEN);
	memcpy(buf + 6, spec->src_mac, PXL_ETH_ALEN);
	pxl_put_be16(buf + 12, PXL_ETHERTYPE_IPV6);
	memset(ip, 0, 8);
	ip[0] = 0x60;
	pxl_put_be16(ip + 4, (uint16_t)len);
	ip[6] = next;
	ip[7] = spec->hop_limit ? spec->hop_limit : 64;
	memcpy(ip + 8, spec->src, 16);
	memcpy(ip + 24, spec->dst, 16);
	memmove(p, l4, len);
	pxl_put_be16(p + csum_at, 0);
	pxl_put_be16(p + csum_at, pxl_csum_fold(pxl_csum_partial(p, len, pxl_ip6_pseudo_sum(spec->src, spec->dst, next, len))));
	return total;
}

/**
 * pxl_ip6_build_udp() - an Ethernet/IPv6/UDP frame with a valid checksum
 * @buf, @cap: output
 * @spec:      addresses
 * @sport, @dport: ports
 * @payload, @len: UDP payload
 *
 * Return: frame length, or 0 if it does not fit.
 */
size_t pxl_ip6_build_udp(uint8_t *buf, size_t cap, const struct pxl_ip6_spec *spec,
			 uint16_t sport, uint16_t dport, const void *payload, size_t len)
{
	uint8_t *u = buf + PXL_ETH_HLEN + PXL_IP6_HLEN;
	size_t n;

	if (cap < PXL_ETH_HLEN + PXL_IP6_HLEN + UDP_HLEN || len > cap - PXL_ETH_HLEN - PXL_IP6_HLEN - UDP_HLEN ||
	    len > 0xffff - UDP_HLEN)
		return 0;
	memmove(u + UDP_HLEN, payload, len);
	pxl_put_be16(u, sport);
	pxl_put_be16(u + 2, dport);
	pxl_put_be16(u + 4, (uint16_t)(len + UDP_HLEN));
	pxl_put_be16(u + 6, 0);
	n = ip6_build(buf, cap, spec, PXL_IPPROTO_UDP, u, len + UDP_HLEN, 6);
	if (n && pxl_get_be16(u + 6) == 0)
		pxl_put_be16(u + 6, 0xffff);	/* RFC 768: a computed 0 is sent as all ones */
	return n;
}

/**
 * pxl_ip6_build_icmp() - an Ethernet/IPv6/ICMPv6 frame with a valid checksum
 * @buf, @cap: output
 * @spec:      addresses (hop limit 255 for neighbour discovery)
 * @msg, @len: the ICMPv6 message, type first (its checksum field is filled)
 *
 * Return: frame length, or 0 if it does not fit.
 */
size_t pxl_ip6_build_icmp(uint8_t *buf, size_t cap, const struct pxl_ip6_spec *spec,
			  const void *msg, size_t len)
{
	if (len < ICMP6_HLEN)
		return 0;
	return ip6_build(buf, cap, spec, PXL_IPPROTO_ICMPV6, msg, len, 2);
}

/**
 * pxl_ip6_link_local() - the EUI-64 link-local address of a MAC (RFC 4291)
 * @mac: link address
 * @out: out: fe80::MAC with the U/L bit flipped and ff:fe inserted
 */
void pxl_ip6_link_local(const uint8_t mac[PXL_ETH_ALEN], uint8_t out[16])
{
	memset(out, 0, 16);
	out[0] = 0xfe;
	out[1] = 0x80;
	out[8] = mac[0] ^ 0x02;
	out[9] = mac[1];
	out[10] = mac[2];
	out[11] = 0xff;
	out[12] = 0xfe;
	out[13] = mac[3];
	out[14] = mac[4];
	out[15] = mac[5];
}

/**
 * pxl_ip6_multicast_mac() - the Ethernet address of an IPv6 multicast group
 * @addr: group
 * @mac:  out: 33:33 and the group's last 32 bits
 */
void pxl_ip6_multicast_mac(const uint8_t addr[16], uint8_t mac[PXL_ETH_ALEN])
{
	mac[0] = 0x33;
	mac[1] = 0x33;
	memcpy(mac + 2, addr + 12, 4);
}

/** pxl_ip6_is_multicast() - Return: 1 if @addr is ff00::/8 */
int pxl_ip6_is_multicast(const uint8_t addr[16])
{
	return addr[0] == 0xff;
}
