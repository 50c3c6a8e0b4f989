/* hostile.c - crafted frames a hostile guest sends: malformed headers, lying lengths, garbage requests
 *
 * Builders write a well-formed frame with the helpers below, then break
 * exactly the thing their name says.
 */
#include <string.h>

#include "core/be.h"
#include "core/util.h"
#include "net/hostile.h"
#include "net/segment.h"

#define ETH 14
#define IP4 20
#define UDPH 8
#define BOOTP_LEN 236
#define DHCP_COOKIE 0x63825363u

/**
 * pxl_hostile_rand() - next random 64 bits of the hostile stream
 * @c: context
 *
 * Return: the value (xorshift64*; seeded by the caller).
 */
uint64_t pxl_hostile_rand(struct pxl_hostile_ctx *c)
{
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return c->rng * 0x2545f4914f6cdd1dULL;
}

/**
 * ipv4() - an Ethernet + IPv4 header with a correct checksum
 * @c: context (source)
 * @buf: frame
 * @dst: destination address (its MAC follows libslirp's scheme; broadcast for 255.255.255.255)
 * @proto: IP protocol
 * @payload: bytes after the IPv4 header
 */
static void ipv4(const struct pxl_hostile_ctx *c, uint8_t *buf, uint32_t dst, uint8_t proto, size_t payload)
{
	uint8_t *ip = buf + ETH;

	if (dst == PXL_IPV4_BROADCAST)
		memset(buf, 0xff, PXL_ETH_ALEN);
	else
		pxl_segment_mac_for(dst, buf);
	memcpy(buf + 6, c->mac, PXL_ETH_ALEN);
	pxl_put_be16(buf + 12, PXL_ETHERTYPE_IPV4);
	memset(ip, 0, IP4);
	ip[0] = 0x45;
	pxl_put_be16(ip + 2, (uint32_t)(IP4 + payload));
	pxl_put_be16(ip + 4, (uint32_t)(c->rng & 0xffff));
	ip[8] = 64;
	ip[9] = proto;
	pxl_put_be32(ip + 12, c->ip);
	pxl_put_be32(ip + 16, dst);
	pxl_put_be16(ip + 10, pxl_csum_fold(pxl_csum_partial(ip, IP4, 0)));
}

/** ip_recsum() - recompute the IPv4 header checksum after a change (IHL 5) */
static void ip_recsum(uint8_t *buf)
{
	pxl_put_be16(buf + ETH + 10, 0);
	pxl_put_be16(buf + ETH + 10, pxl_csum_fold(pxl_csum_partial(buf + ETH, IP4, 0)));
}

/**
 * l4_csum() - checksum of a UDP or TCP segment with its pseudo-header
 * @c: context (source address)
 * @dst: destination address
 * @proto: protocol
 * @seg: segment (its checksum field zeroed)
 * @len: its length
 *
 * Return: the checksum to store.
 */
static uint16_t l4_csum(const struct pxl_hostile_ctx *c, uint32_t dst, uint8_t proto,
			const uint8_t *seg, size_t len)
{
	uint8_t ph[12];
	uint16_t s;

	pxl_put_be32(ph, c->ip);
	pxl_put_be32(ph + 4, dst);
	ph[8] = 0;
	ph[9] = proto;
	pxl_put_be16(ph + 10, (uint32_t)len);
	s = pxl_csum_fold(pxl_csum_partial(seg, len, pxl_csum_partial(ph, sizeof(ph), 0)));
	return s ? s : (proto == PXL_IPPROTO_UDP ? 0xffff : 0);
}

/**
 * pxl_hostile_udp() - a correct UDP frame from the hostile guest to the services
 * @c: context
 * @buf: out
 * @cap: its size
 * @sport, @dport: ports
 * @data, @len: payload
 *
 * Return: frame length, or 0 if it does not fit.
 */
size_t pxl_hostile_udp(const struct pxl_hostile_ctx *c, uint8_t *buf, size_t cap, uint16_t sport,
		       uint16_t dport, const void *data, size_t len)
{
	struct pxl_udp_spec s = { .src_ip = c->ip, .dst_ip = c->srv_ip, .sport = sport, .dport = dport,
				  .ip_id = (uint16_t)c->rng };

	memcpy(s.src_mac, c->mac, PXL_ETH_ALEN);
	pxl_segment_mac_for(c->srv_ip, s.dst_mac);
	return pxl_build_udp(buf, cap, &s, data, len);
}

/**
 * pxl_hostile_tcp() - a correct TCP segment from the hostile guest to the iSCSI portal
 * @c: context
 * @buf: out
 * @cap: its size
 * @sport: our port
 * @seq, @ack: sequence and acknowledgement numbers
 * @flags: PXL_TCP_*
 * @data, @len: payload
 *
 * Return: frame length, or 0 if it does not fit.
 */
size_t pxl_hostile_tcp(const struct pxl_hostile_ctx *c, uint8_t *buf, size_t cap, uint16_t sport,
		       uint32_t seq, uint32_t ack, uint8_t flags, const void *data, size_t len)
{
	size_t flen = ETH + IP4 + 20 + len;
	uint8_t *t = buf + ETH + IP4;

	if (flen > cap || flen > 0xffff)
		return 0;
	ipv4(c, buf, c->portal_ip, PXL_IPPROTO_TCP, 20 + len);
	memset(t, 0, 20);
	pxl_put_be16(t, sport);
	pxl_put_be16(t + 2, c->portal_port);
	pxl_put_be32(t + 4, seq);
	pxl_put_be32(t + 8, ack);
	t[12] = 5 << 4;
	t[13] = flags;
	pxl_put_be16(t + 14, 65535);
	if (len)
		memcpy(t + 20, data, len);
	pxl_put_be16(t + 16, l4_csum(c, c->portal_ip, PXL_IPPROTO_TCP, t, 20 + len));
	if (flen < PXL_ETH_MIN_FRAME) {
		memset(buf + flen, 0, PXL_ETH_MIN_FRAME - flen);
		flen = PXL_ETH_MIN_FRAME;
	}
	return flen;
}

/** garbage() - fill @len bytes with random ones */
static void garbage(struct pxl_hostile_ctx *c, uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(pxl_hostile_rand(c) >> 24);
}

/**
 * bootp() - a DHCPDISCOVER from the hostile guest: header, cookie, type 1
 * @c: context
 * @p: payload buffer (at least 300 bytes)
 *
 * Return: bytes used (the options end is left to the caller).
 */
static size_t bootp(struct pxl_hostile_ctx *c, uint8_t *p)
{
	memset(p, 0, 300);
	p[0] = 1;
	p[1] = 1;
	p[2] = 6;
	pxl_put_be32(p + 4, (uint32_t)pxl_hostile_rand(c));
	memcpy(p + 28, c->mac, PXL_ETH_ALEN);
	pxl_put_be32(p + BOOTP_LEN, DHCP_COOKIE);
	p[240] = 53;
	p[241] = 1;
	p[242] = 1;
	return 243;
}

/** dhcp_frame() - a UDP frame 68 -> 67 carrying @len bytes of @p */
static size_t dhcp_frame(struct pxl_hostile_ctx *c, uint8_t *buf, const uint8_t *p, size_t len)
{
	return pxl_hostile_udp(c, buf, PXL_HOSTILE_FRAME_MAX, 68, 67, p, len);
}

/** b_runt() - 10 bytes: not even an Ethernet header */
static size_t b_runt(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	garbage(c, buf, 10);
	return 10;
}

/** b_ip_truncated() - the frame ends 12 bytes into the IPv4 header */
static size_t b_ip_truncated(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	ipv4(c, buf, c->srv_ip, PXL_IPPROTO_UDP, 0);
	return ETH + 12;
}

/** b_ihl_small() - IHL 3 (12 bytes), below the minimum of 5 */
static size_t b_ihl_small(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[40];

	memset(p, 0, sizeof(p));
	pxl_hostile_udp(c, buf, PXL_HOSTILE_FRAME_MAX, 68, 67, p, sizeof(p));
	buf[ETH] = 0x43;
	ip_recsum(buf);
	return ETH + IP4 + UDPH + sizeof(p);
}

/** b_ihl_big() - IHL 15 (60 bytes) in a 40-byte packet */
static size_t b_ihl_big(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	ipv4(c, buf, c->srv_ip, PXL_IPPROTO_UDP, 20);
	buf[ETH] = 0x4f;
	garbage(c, buf + ETH + IP4, 26);
	return PXL_ETH_MIN_FRAME;
}

/** b_total_len() - IPv4 total length 1400 in a 60-byte frame */
static size_t b_total_len(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[16] = { 0 };

	pxl_hostile_udp(c, buf, PXL_HOSTILE_FRAME_MAX, 68, 67, p, sizeof(p));
	pxl_put_be16(buf + ETH + 2, 1400);
	ip_recsum(buf);
	return PXL_ETH_MIN_FRAME;
}

/** b_ip_csum() - a DHCPDISCOVER whose IPv4 header checksum is wrong */
static size_t b_ip_csum(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[300];
	size_t n = bootp(c, p), len;

	p[n++] = 255;
	len = dhcp_frame(c, buf, p, n);
	buf[ETH + 10] ^= 0x5a;
	return len;
}

/** b_ip_version() - version 6 in an IPv4 EtherType */
static size_t b_ip_version(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[20] = { 0 };
	size_t len = pxl_hostile_udp(c, buf, PXL_HOSTILE_FRAME_MAX, 68, 67, p, sizeof(p));

	buf[ETH] = 0x65;
	ip_recsum(buf);
	return len;
}

/** b_udp_len_big() - UDP length 600 in a 48-byte IPv4 payload (to DHCP) */
static size_t b_udp_len_big(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[40] = { 1, 1, 6 };
	size_t len = pxl_hostile_udp(c, buf, PXL_HOSTILE_FRAME_MAX, 68, 67, p, sizeof(p));

	pxl_put_be16(buf + ETH + IP4 + 4, 600);
	return len;
}

/** b_udp_len_small() - UDP length 3, under its own header (to TFTP) */
static size_t b_udp_len_small(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[12] = { 0, 1, 'x', 0, 'o', 'c', 't', 'e', 't', 0 };
	size_t len = pxl_hostile_udp(c, buf, PXL_HOSTILE_FRAME_MAX, 2001, 69, p, sizeof(p));

	pxl_put_be16(buf + ETH + IP4 + 4, 3);
	return len;
}

/** b_udp_csum() - a DHCPDISCOVER with a wrong UDP checksum */
static size_t b_udp_csum(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[300];
	size_t n = bootp(c, p), len;

	p[n++] = 255;
	len = dhcp_frame(c, buf, p, n);
	buf[ETH + IP4 + 6] ^= 0xa5;
	return len;
}

/** b_udp_truncated() - protocol UDP, 4 bytes of payload: half a UDP header */
static size_t b_udp_truncated(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	ipv4(c, buf, c->srv_ip, PXL_IPPROTO_UDP, 4);
	pxl_put_be16(buf + ETH + IP4, 68);
	pxl_put_be16(buf + ETH + IP4 + 2, 67);
	memset(buf + ETH + IP4 + 4, 0, 22);
	return PXL_ETH_MIN_FRAME;
}

/** b_dhcp_short() - 100 random bytes to port 67: shorter than a BOOTP header */
static size_t b_dhcp_short(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[100];

	garbage(c, p, sizeof(p));
	p[0] = 1;
	return dhcp_frame(c, buf, p, sizeof(p));
}

/** b_dhcp_cookie() - a DHCPDISCOVER without the magic cookie */
static size_t b_dhcp_cookie(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[300];
	size_t n = bootp(c, p);

	pxl_put_be32(p + BOOTP_LEN, 0xdeadbeef);
	p[n++] = 255;
	return dhcp_frame(c, buf, p, n);
}

/** b_dhcp_overrun() - option 60 claims 200 bytes; 20 follow */
static size_t b_dhcp_overrun(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[300];
	size_t n = bootp(c, p);

	p[n++] = 60;
	p[n++] = 200;
	memcpy(p + n, "PXEClient:Arch:00007", 20);
	return dhcp_frame(c, buf, p, n + 20);
}

/** b_dhcp_no_end() - options run to the end of the packet without an END */
static size_t b_dhcp_no_end(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[300];
	size_t n = bootp(c, p);

	p[n++] = 12;
	p[n++] = 4;
	memcpy(p + n, "evil", 4);
	n += 4;
	p[n++] = 61;
	p[n++] = 1;
	return dhcp_frame(c, buf, p, n);
}

/** b_dhcp_overload() - option 52 sends the parser into sname/file full of lying options */
static size_t b_dhcp_overload(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[300];
	size_t n = bootp(c, p);

	memset(p + 44, 0, 192);
	p[44] = 60;	/* sname: option 60 of 250 bytes in a 64-byte field */
	p[45] = 250;
	p[108] = 67;	/* file: option 67 of 255 bytes in a 128-byte field */
	p[109] = 255;
	p[n++] = 52;
	p[n++] = 1;
	p[n++] = 3;
	p[n++] = 255;
	return dhcp_frame(c, buf, p, n);
}

/** b_dhcp_fields() - hlen 255, message type 0xff, a zero-length option 53 */
static size_t b_dhcp_fields(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[300];
	size_t n = bootp(c, p);

	p[2] = 255;
	p[242] = 0xff;
	p[n++] = 53;
	p[n++] = 0;
	p[n++] = 255;
	return dhcp_frame(c, buf, p, n);
}

/** b_dhcp_jumbo() - 9000 random bytes to port 67 with a valid checksum */
static size_t b_dhcp_jumbo(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[9000];
	size_t n = bootp(c, p);

	garbage(c, p + n, sizeof(p) - n);
	return dhcp_frame(c, buf, p, sizeof(p));
}

/** tftp_frame() - a UDP frame from a random port to TFTP port 69 */
static size_t tftp_frame(struct pxl_hostile_ctx *c, uint8_t *buf, const void *p, size_t len)
{
	uint16_t sport = (uint16_t)(20000 + pxl_hostile_rand(c) % 10000);

	return pxl_hostile_udp(c, buf, PXL_HOSTILE_FRAME_MAX, sport, 69, p, len);
}

/** b_tftp_no_nul() - a read request whose name and mode never end */
static size_t b_tftp_no_nul(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	static const uint8_t p[] = { 0, 1, 'b', 'o', 'o', 't', '.', 'i', 'p', 'x', 'e' };

	return tftp_frame(c, buf, p, sizeof(p));
}

/** b_tftp_opcode() - opcode 9 (no such TFTP packet) */
static size_t b_tftp_opcode(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	static const uint8_t p[] = { 0, 9, 'x', 0, 'o', 'c', 't', 'e', 't', 0 };

	return tftp_frame(c, buf, p, sizeof(p));
}

/** b_tftp_ack0() - an ACK of block 0 to the request port */
static size_t b_tftp_ack0(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	static const uint8_t p[] = { 0, 4, 0, 0 };

	return tftp_frame(c, buf, p, sizeof(p));
}

/** b_tftp_data() - a DATA packet to the request port */
static size_t b_tftp_data(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[516] = { 0, 3, 0, 1 };

	garbage(c, p + 4, 512);
	return tftp_frame(c, buf, p, sizeof(p));
}

/** b_tftp_options() - a read request with every option out of range, some twice */
static size_t b_tftp_options(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	static const char p[] = "boot.ipxe\0octet\0blksize\0001\0blksize\00099999\0windowsize\0000\0"
				"tsize\0-5\0timeout\0000\0timeout\000999\0x\0";

	return tftp_frame(c, buf, p, sizeof(p) - 1);
}

/** b_tftp_mode() - a read request with an unknown mode holding a high byte */
static size_t b_tftp_mode(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	static const char p[] = "boot.ipxe\0binary\xff\0";

	return tftp_frame(c, buf, p, sizeof(p) - 1);
}

/** b_arp_truncated() - an ARP request for IPv4 over Ethernet cut after 20 of its 28 bytes */
static size_t b_arp_truncated(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	pxl_build_arp(buf, PXL_ARP_REQUEST, c->mac, c->ip, NULL, c->srv_ip);
	return ETH + 20;
}

/** b_arp_hlen() - an ARP request with hardware length 255 */
static size_t b_arp_hlen(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	size_t len = pxl_build_arp(buf, PXL_ARP_REQUEST, c->mac, c->ip, NULL, c->srv_ip);

	buf[ETH + 4] = 255;
	return len;
}

/** b_ip_fragment() - the first fragment of a DHCPDISCOVER (more fragments never come) */
static size_t b_ip_fragment(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	uint8_t p[300];
	size_t n = bootp(c, p), len;

	p[n++] = 255;
	len = dhcp_frame(c, buf, p, n);
	pxl_put_be16(buf + ETH + 6, 0x2000);
	ip_recsum(buf);
	return len;
}

/** b_tcp_doff_small() - a TCP SYN with data offset 2 (8 bytes) to the portal */
static size_t b_tcp_doff_small(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	size_t len = pxl_hostile_tcp(c, buf, PXL_HOSTILE_FRAME_MAX, 40000, 1, 0, PXL_TCP_SYN, NULL, 0);

	buf[ETH + IP4 + 12] = 2 << 4;
	return len;
}

/** b_tcp_doff_big() - a TCP segment whose header (60 bytes) outgrows the packet */
static size_t b_tcp_doff_big(struct pxl_hostile_ctx *c, uint8_t *buf)
{
	size_t len = pxl_hostile_tcp(c, buf, PXL_HOSTILE_FRAME_MAX, 40001, 1, 0, PXL_TCP_ACK, "ab", 2);

	buf[ETH + IP4 + 12] = 15 << 4;
	return len;
}

const struct pxl_hostile_kind pxl_hostile_kinds[] = {
	{ "runt frame", b_runt },
	{ "truncated IPv4 header", b_ip_truncated },
	{ "IPv4 IHL < 5", b_ihl_small },
	{ "IPv4 IHL past the packet", b_ihl_big },
	{ "IPv4 total length past the frame", b_total_len },
	{ "IPv4 bad header checksum", b_ip_csum },
	{ "IPv4 version 6", b_ip_version },
	{ "UDP length past the IPv4 payload", b_udp_len_big },
	{ "UDP length under 8", b_udp_len_small },
	{ "UDP bad checksum", b_udp_csum },
	{ "truncated UDP header", b_udp_truncated },
	{ "DHCP shorter than BOOTP", b_dhcp_short },
	{ "DHCP without magic cookie", b_dhcp_cookie },
	{ "DHCP option overrun", b_dhcp_overrun },
	{ "DHCP options without end", b_dhcp_no_end },
	{ "DHCP overload into lying sname/file", b_dhcp_overload },
	{ "DHCP hlen 255, type 255", b_dhcp_fields },
	{ "DHCP 9000 bytes of garbage", b_dhcp_jumbo },
	{ "TFTP request without NUL", b_tftp_no_nul },
	{ "TFTP opcode 9", b_tftp_opcode },
	{ "TFTP ACK block 0 to port 69", b_tftp_ack0 },
	{ "TFTP DATA to port 69", b_tftp_data },
	{ "TFTP options out of range", b_tftp_options },
	{ "TFTP unknown mode", b_tftp_mode },
	{ "ARP truncated", b_arp_truncated },
	{ "ARP hardware length 255", b_arp_hlen },
	{ "IPv4 fragment to DHCP", b_ip_fragment },
	{ "TCP data offset < 5", b_tcp_doff_small },
	{ "TCP header past the packet", b_tcp_doff_big },
};
const size_t pxl_hostile_nkinds = ARRAY_SIZE(pxl_hostile_kinds);
