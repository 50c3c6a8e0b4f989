/* packet.c - Ethernet, ARP, IPv4, UDP and TCP header codec with checksums */

#include "net/packet.h"

#include <errno.h>
#include <string.h>

#include "core/util.h"

#define ETH_VLAN_TPID 0x8100
#define ETH_VLAN_HLEN 4
#define ARP_LEN 28
#define IPV4_MIN_HLEN 20
#define UDP_HLEN 8
#define TCP_MIN_HLEN 20
#define IP_FLAG_MF 0x2000
#define IP_FRAG_OFF_MASK 0x1fff

/**
 * rd16() - read a big-endian 16-bit number
 * @p: two readable bytes
 *
 * Return: the number in host order.
 */
static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

/**
 * rd32() - read a big-endian 32-bit number
 * @p: four readable bytes
 *
 * Return: the number in host order.
 */
static uint32_t rd32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

/**
 * wr16() - write a big-endian 16-bit number
 * @p: two writable bytes
 * @v: value in host order
 */
static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/**
 * wr32() - write a big-endian 32-bit number
 * @p: four writable bytes
 * @v: value in host order
 */
static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/**
 * fail() - report a malformed frame
 * @why:    out, may be NULL: where the reason goes
 * @reason: static reason text
 *
 * Return: -EINVAL.
 */
static int fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -EINVAL;
}

uint32_t pxl_csum_partial(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;
	uint64_t acc = sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		acc += rd16(p + i);
	if (len & 1)
		acc += (uint32_t)p[len - 1] << 8;
	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	return (uint32_t)acc;
}

uint16_t pxl_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/**
 * pseudo_sum() - ones'-complement sum of the IPv4 pseudo-header
 * @src:   source address, host order
 * @dst:   destination address, host order
 * @proto: IP protocol
 * @len:   transport length (header + data)
 *
 * Return: running sum to continue with pxl_csum_partial().
 */
static uint32_t pseudo_sum(uint32_t src, uint32_t dst, uint8_t proto, size_t len)
{
	uint8_t ph[12];

	wr32(ph, src);
	wr32(ph + 4, dst);
	ph[8] = 0;
	ph[9] = proto;
	wr16(ph + 10, (uint16_t)len);
	return pxl_csum_partial(ph, sizeof(ph), 0);
}

/**
 * decode_arp() - decode an ARP packet for IPv4 over Ethernet
 * @f:   frame with @l3/@l3_len set
 * @why: out: reason when malformed
 *
 * ARP for other hardware or protocol types is left undecoded.
 * Return: 0 or -EINVAL.
 */
static int decode_arp(struct pxl_frame *f, const char **why)
{
	const uint8_t *p = f->l3;

	if (f->l3_len < 8)
		return fail(why, "truncated ARP header");
	if (rd16(p) != 1 || rd16(p + 2) != PXL_ETHERTYPE_IPV4 || p[4] != 6 || p[5] != 4)
		return 0;
	if (f->l3_len < ARP_LEN)
		return fail(why, "truncated ARP packet");
	f->is_arp = 1;
	f->arp_op = rd16(p + 6);
	f->arp_sha = p + 8;
	f->arp_spa = rd32(p + 14);
	f->arp_tha = p + 18;
	f->arp_tpa = rd32(p + 24);
	return 0;
}

/**
 * decode_udp() - decode a UDP header inside an IPv4 payload
 * @f:   frame with @l4/@l4_len set
 * @why: out: reason when malformed
 *
 * Return: 0 or -EINVAL.
 */
static int decode_udp(struct pxl_frame *f, const char **why)
{
	const uint8_t *p = f->l4;
	uint16_t ulen;

	if (f->l4_len < UDP_HLEN)
		return fail(why, "truncated UDP header");
	ulen = rd16(p + 4);
	if (ulen < UDP_HLEN)
		return fail(why, "UDP length < 8");
	if (ulen > f->l4_len)
		return fail(why, "UDP length exceeds IPv4 payload");
	f->is_udp = 1;
	f->sport = rd16(p);
	f->dport = rd16(p + 2);
	f->payload = p + UDP_HLEN;
	f->payload_len = ulen - UDP_HLEN;
	return 0;
}

/**
 * decode_tcp() - decode a TCP header inside an IPv4 payload
 * @f:   frame with @l4/@l4_len set
 * @why: out: reason when malformed
 *
 * Return: 0 or -EINVAL.
 */
static int decode_tcp(struct pxl_frame *f, const char **why)
{
	const uint8_t *p = f->l4;
	size_t doff;

	if (f->l4_len < TCP_MIN_HLEN)
		return fail(why, "truncated TCP header");
	doff = (size_t)(p[12] >> 4) * 4;
	if (doff < TCP_MIN_HLEN)
		return fail(why, "TCP data offset < 5");
	if (doff > f->l4_len)
		return fail(why, "TCP data offset past the end");
	f->is_tcp = 1;
	f->sport = rd16(p);
	f->dport = rd16(p + 2);
	f->tcp_seq = rd32(p + 4);
	f->tcp_ack = rd32(p + 8);
	f->tcp_flags = p[13];
	f->tcp_window = rd16(p + 14);
	f->payload = p + doff;
	f->payload_len = f->l4_len - doff;
	return 0;
}

/**
 * struct l4_decoder - an IPv4 protocol and the function that decodes it
 */
struct l4_decoder {
	uint8_t proto;
	int (*decode)(struct pxl_frame *f, const char **why);
};

static const struct l4_decoder l4_decoders[] = {
	{ PXL_IPPROTO_UDP, decode_udp },
	{ PXL_IPPROTO_TCP, decode_tcp },
};

/**
 * decode_l4() - dispatch the IPv4 payload to its transport decoder
 * @f:   frame with IPv4 decoded
 * @why: out: reason when malformed
 *
 * Return: 0 (unknown protocols too) or -EINVAL.
 */
static int decode_l4(struct pxl_frame *f, const char **why)
{
	size_t i;

	if (f->ip_frag)
		return 0;
	for (i = 0; i < ARRAY_SIZE(l4_decoders); i++)
		if (l4_decoders[i].proto == f->ip_proto)
			return l4_decoders[i].decode(f, why);
	return 0;
}

/**
 * decode_ipv4() - decode and verify an IPv4 header, then its payload
 * @f:   frame with @l3/@l3_len set
 * @why: out: reason when malformed
 *
 * Return: 0 or -EINVAL.
 */
static int decode_ipv4(struct pxl_frame *f, const char **why)
{
	const uint8_t *p = f->l3;
	size_t ihl, total;
	uint16_t frag;

	if (f->l3_len < IPV4_MIN_HLEN)
		return fail(why, "truncated IPv4 header");
	if ((p[0] >> 4) != 4)
		return fail(why, "IPv4 version is not 4");
	ihl = (size_t)(p[0] & 0x0f) * 4;
	if (ihl < IPV4_MIN_HLEN)
		return fail(why, "IPv4 IHL < 5");
	if (ihl > f->l3_len)
		return fail(why, "IPv4 IHL past the end");
	total = rd16(p + 2);
	if (total > f->l3_len)
		return fail(why, "IPv4 total length exceeds frame");
	if (total < ihl)
		return fail(why, "IPv4 total length < header length");
	if (pxl_csum_fold(pxl_csum_partial(p, ihl, 0)) != 0)
		return fail(why, "bad IPv4 header checksum");
	frag = rd16(p + 6);
	f->is_ipv4 = 1;
	f->ip_id = rd16(p + 4);
	f->ip_frag = (frag & IP_FLAG_MF) || (frag & IP_FRAG_OFF_MASK);
	f->ip_ttl = p[8];
	f->ip_proto = p[9];
	f->ip_src = rd32(p + 12);
	f->ip_dst = rd32(p + 16);
	f->l4 = p + ihl;
	f->l4_len = total - ihl;
	return decode_l4(f, why);
}

/**
 * struct l3_decoder - an EtherType and the function that decodes it
 */
struct l3_decoder {
	uint16_t ethertype;
	int (*decode)(struct pxl_frame *f, const char **why);
};

static const struct l3_decoder l3_decoders[] = {
	{ PXL_ETHERTYPE_IPV4, decode_ipv4 },
	{ PXL_ETHERTYPE_ARP, decode_arp },
};

int pxl_frame_decode(const uint8_t *buf, size_t len, struct pxl_frame *f, const char **why)
{
	size_t off = PXL_ETH_HLEN, i;

	memset(f, 0, sizeof(*f));
	if (why)
		*why = NULL;
	if (!buf || len < PXL_ETH_HLEN)
		return fail(why, "truncated Ethernet header");
	f->dst_mac = buf;
	f->src_mac = buf + PXL_ETH_ALEN;
	f->ethertype = rd16(buf + 12);
	if (f->ethertype == ETH_VLAN_TPID) {
		if (len < PXL_ETH_HLEN + ETH_VLAN_HLEN)
			return fail(why, "truncated 802.1Q tag");
		f->ethertype = rd16(buf + 16);
		off += ETH_VLAN_HLEN;
	}
	f->l3 = buf + off;
	f->l3_len = len - off;
	for (i = 0; i < ARRAY_SIZE(l3_decoders); i++)
		if (l3_decoders[i].ethertype == f->ethertype)
			return l3_decoders[i].decode(f, why);
	return 0;
}

int pxl_l4_csum_ok(const struct pxl_frame *f)
{
	size_t len;
	uint32_t sum;

	if (!f || !f->is_ipv4 || (!f->is_udp && !f->is_tcp))
		return 0;
	if (f->is_udp) {
		if (rd16(f->l4 + 6) == 0)
			return 1;
		len = rd16(f->l4 + 4);
	} else {
		len = f->l4_len;
	}
	sum = pseudo_sum(f->ip_src, f->ip_dst, f->ip_proto, len);
	sum = pxl_csum_partial(f->l4, len, sum);
	return pxl_csum_fold(sum) == 0;
}

/**
 * put_eth() - write an Ethernet header
 * @buf:  at least PXL_ETH_HLEN bytes
 * @dst:  destination MAC
 * @src:  source MAC
 * @type: EtherType, host order
 */
static void put_eth(uint8_t *buf, const uint8_t *dst, const uint8_t *src, uint16_t type)
{
	memcpy(buf, dst, PXL_ETH_ALEN);
	memcpy(buf + PXL_ETH_ALEN, src, PXL_ETH_ALEN);
	wr16(buf + 12, type);
}

/**
 * put_ipv4() - write a 20-byte IPv4 header with its checksum
 * @p:     at least 20 bytes
 * @spec:  addresses, identification and TTL
 * @total: IPv4 total length
 */
static void put_ipv4(uint8_t *p, const struct pxl_udp_spec *spec, size_t total)
{
	p[0] = 0x45;
	p[1] = 0;
	wr16(p + 2, (uint16_t)total);
	wr16(p + 4, spec->ip_id);
	wr16(p + 6, 0);
	p[8] = spec->ttl ? spec->ttl : 64;
	p[9] = PXL_IPPROTO_UDP;
	wr16(p + 10, 0);
	wr32(p + 12, spec->src_ip);
	wr32(p + 16, spec->dst_ip);
	wr16(p + 10, pxl_csum_fold(pxl_csum_partial(p, IPV4_MIN_HLEN, 0)));
}

size_t pxl_build_udp(uint8_t *buf, size_t cap, const struct pxl_udp_spec *spec,
		     const void *payload, size_t len)
{
	size_t total = IPV4_MIN_HLEN + UDP_HLEN + len;
	size_t flen = PXL_ETH_HLEN + total;
	uint8_t *udp;
	uint16_t csum;

	if (!buf || !spec || (len && !payload) || total > 0xffff)
		return 0;
	if (flen < PXL_ETH_MIN_FRAME)
		flen = PXL_ETH_MIN_FRAME;
	if (cap < flen)
		return 0;
	udp = buf + PXL_ETH_HLEN + IPV4_MIN_HLEN;
	if (len)	/* first: the payload may already sit in @buf */
		memmove(udp + UDP_HLEN, payload, len);
	memset(udp + UDP_HLEN + len, 0, flen - (PXL_ETH_HLEN + total));
	put_eth(buf, spec->dst_mac, spec->src_mac, PXL_ETHERTYPE_IPV4);
	put_ipv4(buf + PXL_ETH_HLEN, spec, total);
	wr16(udp, spec->sport);
	wr16(udp + 2, spec->dport);
	wr16(udp + 4, (uint16_t)(UDP_HLEN + len));
	wr16(udp + 6, 0);
	csum = pxl_csum_fold(pxl_csum_partial(udp, UDP_HLEN + len,
			     pseudo_sum(spec->src_ip, spec->dst_ip, PXL_IPPROTO_UDP, UDP_HLEN + len)));
	wr16(udp + 6, csum ? csum : 0xffff);
	return flen;
}

size_t pxl_build_arp(uint8_t *buf, uint16_t op, const uint8_t *sha, uint32_t spa,
		     const uint8_t *tha, uint32_t tpa)
{
	static const uint8_t bcast[PXL_ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t zero[PXL_ETH_ALEN];
	const uint8_t *eth_dst = op == PXL_ARP_REQUEST ? bcast : (tha ? tha : bcast);
	const uint8_t *arp_tha = op == PXL_ARP_REQUEST ? zero : (tha ? tha : zero);
	uint8_t *p = buf + PXL_ETH_HLEN;

	memset(buf, 0, PXL_ETH_MIN_FRAME);
	put_eth(buf, eth_dst, sha, PXL_ETHERTYPE_ARP);
	wr16(p, 1);
	wr16(p + 2, PXL_ETHERTYPE_IPV4);
	p[4] = PXL_ETH_ALEN;
	p[5] = 4;
	wr16(p + 6, op);
	memcpy(p + 8, sha, PXL_ETH_ALEN);
	wr32(p + 14, spa);
	memcpy(p + 18, arp_tha, PXL_ETH_ALEN);
	wr32(p + 24, tpa);
	return PXL_ETH_MIN_FRAME;
}
