/* test_packet.c - unit tests of the Ethernet/ARP/IPv4/UDP/TCP codec, the pcap reader and writer */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "net/packet.h"
#include "testlib.h"
#include "net/pcap_read.h"
#include "net/pcap_write.h"

/**
 * struct pcap_counts - what a capture holds, per tshark (see the test names)
 */
struct pcap_counts {
	const char *file;
	unsigned frames, arp, ipv4, udp, tcp, ipv6;
};

/* Measured with tshark -r F -Y FILTER | wc -l; FILTER: arp, ip, ip.proto==17,
 * ip.proto==6, ipv6 (plain "udp" also counts the two DHCPv6 frames) */
static const struct pcap_counts captures[] = {
	{ "captures/bios-ipxe-rom-sanboot.pcap", 56, 3, 47, 11, 36, 6 },
	{ "captures/bios-ipxe-rom-slirp-chainloop.pcap", 254, 6, 230, 230, 0, 18 },
	{ "captures/uefi-native-pxe-dnsmasq-tgt.pcap", 348, 7, 316, 254, 62, 25 },
};

/**
 * dup_exact() - copy bytes into a heap buffer of exactly that size
 * @p:   bytes
 * @len: length
 *
 * Lets AddressSanitizer catch a single byte read past the end.
 * Return: malloc'ed copy (non-NULL even for @len 0).
 */
static uint8_t *dup_exact(const uint8_t *p, size_t len)
{
	uint8_t *b = malloc(len ? len : 1);

	ck_assert_ptr_nonnull(b);
	if (len)
		memcpy(b, p, len);
	return b;
}

/**
 * nth_frame() - fetch frame @n (1-based, as tshark numbers them) of a capture
 * @file: fixture path under fixtures/
 * @n:    frame number
 * @len:  out: frame length
 *
 * Return: malloc'ed exact-size copy of the frame.
 */
static uint8_t *nth_frame(const char *file, unsigned n, size_t *len)
{
	struct pxl_pcap_reader r;
	struct pxl_pcap_rec rec;
	uint8_t *buf, *out = NULL;
	size_t blen;
	unsigned i;

	buf = pxl_test_fixture(file, &blen);
	ck_assert_int_eq(pxl_pcap_open_mem(&r, buf, blen), 0);
	for (i = 1; pxl_pcap_next(&r, &rec) == 1; i++) {
		if (i == n) {
			out = dup_exact(rec.data, rec.caplen);
			*len = rec.caplen;
			break;
		}
	}
	free(buf);
	ck_assert_msg(out != NULL, "%s has no frame %u", file, n);
	return out;
}

START_TEST(test_captures_decode)
{
	const struct pcap_counts *c = &captures[_i];
	struct pxl_pcap_reader r;
	struct pxl_pcap_rec rec;
	struct pxl_frame f;
	unsigned n = 0, arp = 0, ipv4 = 0, udp = 0, tcp = 0, ipv6 = 0;
	const char *why;
	uint8_t *buf, *fr;
	size_t len;
	int rc;

	buf = pxl_test_fixture(c->file, &len);
	ck_assert_int_eq(pxl_pcap_open_mem(&r, buf, len), 0);
	ck_assert_uint_eq(r.linktype, PXL_PCAP_LINKTYPE_ETHERNET);
	while ((rc = pxl_pcap_next(&r, &rec)) == 1) {
		n++;
		fr = dup_exact(rec.data, rec.caplen);
		ck_assert_msg(pxl_frame_decode(fr, rec.caplen, &f, &why) == 0,
			      "%s frame %u: %s", c->file, n, why);
		arp += f.is_arp;
		ipv4 += f.is_ipv4;
		udp += f.is_udp;
		tcp += f.is_tcp;
		ipv6 += f.ethertype == PXL_ETHERTYPE_IPV6;
		if (f.is_udp || f.is_tcp)
			ck_assert_msg(pxl_l4_csum_ok(&f), "%s frame %u: bad L4 checksum", c->file, n);
		free(fr);
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(n, c->frames);
	ck_assert_uint_eq(arp, c->arp);
	ck_assert_uint_eq(ipv4, c->ipv4);
	ck_assert_uint_eq(udp, c->udp);
	ck_assert_uint_eq(tcp, c->tcp);
	ck_assert_uint_eq(ipv6, c->ipv6);
	free(buf);
}
END_TEST

/* sanboot frame 1: tshark -Y frame.number==1 -T fields -e eth.src -e ip.id ... */
START_TEST(test_dhcp_discover_fields)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct pxl_frame f;
	uint8_t *fr;
	size_t len;

	fr = nth_frame("captures/bios-ipxe-rom-sanboot.pcap", 1, &len);
	ck_assert_uint_eq(len, 442);
	ck_assert_int_eq(pxl_frame_decode(fr, len, &f, NULL), 0);
	ck_assert_mem_eq(f.src_mac, mac, 6);
	ck_assert_uint_eq(f.dst_mac[0], 0xff);
	ck_assert_uint_eq(f.ethertype, PXL_ETHERTYPE_IPV4);
	ck_assert(f.is_ipv4 && f.is_udp && !f.is_tcp && !f.ip_frag);
	ck_assert_uint_eq(f.ip_src, 0);
	ck_assert_uint_eq(f.ip_dst, PXL_IPV4_BROADCAST);
	ck_assert_uint_eq(f.ip_id, 0x0100);
	ck_assert_uint_eq(f.ip_ttl, 64);
	ck_assert_uint_eq(f.sport, 68);
	ck_assert_uint_eq(f.dport, 67);
	ck_assert_uint_eq(f.payload_len, 408 - 8);
	ck_assert_ptr_eq(f.payload, fr + 42);
	ck_assert_uint_eq(f.payload[0], 1);	/* BOOTREQUEST */
	free(fr);
}
END_TEST

/* sanboot frame 21: the iSCSI SYN 10.0.2.15:46449 -> 10.0.2.2:3291 */
START_TEST(test_tcp_syn_fields)
{
	struct pxl_frame f;
	uint8_t *fr;
	size_t len;

	fr = nth_frame("captures/bios-ipxe-rom-sanboot.pcap", 21, &len);
	ck_assert_int_eq(pxl_frame_decode(fr, len, &f, NULL), 0);
	ck_assert(f.is_tcp && !f.is_udp);
	ck_assert_uint_eq(f.ip_src, 0x0a00020f);
	ck_assert_uint_eq(f.ip_dst, 0x0a000202);
	ck_assert_uint_eq(f.sport, 46449);
	ck_assert_uint_eq(f.dport, 3291);
	ck_assert_uint_eq(f.tcp_seq, 125349685u);
	ck_assert_uint_eq(f.tcp_ack, 0);
	ck_assert_uint_eq(f.tcp_flags, PXL_TCP_SYN);
	ck_assert_uint_eq(f.tcp_window, 65532);
	ck_assert_uint_eq(f.payload_len, 0);
	ck_assert_uint_eq(f.l4_len, 44);
	ck_assert(pxl_l4_csum_ok(&f));
	fr[len - 1] ^= 0x01;	/* a TCP option byte: checksum must now fail */
	ck_assert_int_eq(pxl_frame_decode(fr, len, &f, NULL), 0);
	ck_assert(!pxl_l4_csum_ok(&f));
	free(fr);
}
END_TEST

/* sanboot frame 24: 48 bytes of iSCSI login from the client */
START_TEST(test_tcp_data_fields)
{
	struct pxl_frame f;
	uint8_t *fr;
	size_t len;

	fr = nth_frame("captures/bios-ipxe-rom-sanboot.pcap", 24, &len);
	ck_assert_uint_eq(len, 102);
	ck_assert_int_eq(pxl_frame_decode(fr, len, &f, NULL), 0);
	ck_assert(f.is_tcp);
	ck_assert_uint_eq(f.dport, 3291);
	ck_assert_uint_eq(f.payload_len, 48);
	ck_assert_ptr_eq(f.payload, fr + 14 + 20 + 20);
	ck_assert(f.tcp_flags & PXL_TCP_ACK);
	ck_assert(pxl_l4_csum_ok(&f));
	free(fr);
}
END_TEST

/* sanboot frames 14 (42-byte request, no padding) and 15 (padded reply) */
START_TEST(test_arp_fields)
{
	struct pxl_frame f;
	uint8_t *fr;
	size_t len;

	fr = nth_frame("captures/bios-ipxe-rom-sanboot.pcap", 14, &len);
	ck_assert_uint_eq(len, 42);
	ck_assert_int_eq(pxl_frame_decode(fr, len, &f, NULL), 0);
	ck_assert(f.is_arp && !f.is_ipv4);
	ck_assert_uint_eq(f.arp_op, PXL_ARP_REQUEST);
	ck_assert_uint_eq(f.arp_spa, 0x0a00020f);
	ck_assert_uint_eq(f.arp_tpa, 0x0a000202);
	ck_assert_mem_eq(f.arp_sha, fr + 6, 6);
	free(fr);
	fr = nth_frame("captures/bios-ipxe-rom-sanboot.pcap", 15, &len);
	ck_assert_int_eq(pxl_frame_decode(fr, len, &f, NULL), 0);
	ck_assert_uint_eq(f.arp_op, PXL_ARP_REPLY);
	ck_assert_uint_eq(f.arp_spa, 0x0a000202);
	ck_assert_uint_eq(f.arp_sha[0], 0x52);
	ck_assert_uint_eq(f.arp_sha[1], 0x55);
	free(fr);
}
END_TEST

/* Rebuilding sanboot frame 1 from its decoded fields gives the same bytes */
START_TEST(test_build_matches_capture)
{
	struct pxl_udp_spec s;
	struct pxl_frame f;
	uint8_t *fr, out[600];
	size_t len, n;

	fr = nth_frame("captures/bios-ipxe-rom-sanboot.pcap", 1, &len);
	ck_assert_int_eq(pxl_frame_decode(fr, len, &f, NULL), 0);
	memset(&s, 0, sizeof(s));
	memcpy(s.src_mac, f.src_mac, 6);
	memcpy(s.dst_mac, f.dst_mac, 6);
	s.src_ip = f.ip_src;
	s.dst_ip = f.ip_dst;
	s.sport = f.sport;
	s.dport = f.dport;
	s.ip_id = f.ip_id;
	s.ttl = f.ip_ttl;
	n = pxl_build_udp(out, sizeof(out), &s, f.payload, f.payload_len);
	ck_assert_uint_eq(n, len);
	ck_assert_mem_eq(out, fr, len);
	free(fr);
}
END_TEST

/**
 * test_spec() - a UDP spec for round-trip tests
 * @s: out: spec 10.0.2.2:69 -> 10.0.2.15:2000
 */
static void test_spec(struct pxl_udp_spec *s)
{
	static const uint8_t a[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
	static const uint8_t b[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

	memset(s, 0, sizeof(*s));
	memcpy(s->src_mac, a, 6);
	memcpy(s->dst_mac, b, 6);
	s->src_ip = 0x0a000202;
	s->dst_ip = 0x0a00020f;
	s->sport = 69;
	s->dport = 2000;
	s->ip_id = 0x1234;
}

START_TEST(test_build_udp_roundtrip)
{
	static const size_t sizes[] = { 0, 1, 4, 17, 18, 19, 512, 1468 };
	uint8_t payload[1468], out[1600];
	struct pxl_udp_spec s;
	struct pxl_frame f;
	size_t n, want, i, k;

	test_spec(&s);
	for (k = 0; k < sizeof(payload); k++)
		payload[k] = (uint8_t)(k * 7 + 3);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		memset(out, 0xaa, sizeof(out));
		n = pxl_build_udp(out, sizeof(out), &s, payload, sizes[i]);
		want = 42 + sizes[i] < 60 ? 60 : 42 + sizes[i];
		ck_assert_uint_eq(n, want);
		for (k = 42 + sizes[i]; k < n; k++)
			ck_assert_uint_eq(out[k], 0);	/* padding is zero */
		ck_assert_int_eq(pxl_frame_decode(out, n, &f, NULL), 0);
		ck_assert(f.is_udp);
		ck_assert_uint_eq(f.ip_ttl, 64);
		ck_assert_uint_eq(f.ip_id, 0x1234);
		ck_assert_uint_eq(f.ip_src, s.src_ip);
		ck_assert_uint_eq(f.ip_dst, s.dst_ip);
		ck_assert_uint_eq(f.sport, 69);
		ck_assert_uint_eq(f.dport, 2000);
		ck_assert_uint_eq(f.payload_len, sizes[i]);
		ck_assert_uint_eq(f.l4_len, 8 + sizes[i]);
		if (sizes[i])
			ck_assert_mem_eq(f.payload, payload, sizes[i]);
		ck_assert(pxl_l4_csum_ok(&f));
		ck_assert_uint_ne(out[40] | out[41], 0);	/* checksum is present */
	}
}
END_TEST

START_TEST(test_build_udp_limits)
{
	static uint8_t big[65536];
	struct pxl_udp_spec s;
	uint8_t out[100];

	test_spec(&s);
	ck_assert_uint_eq(pxl_build_udp(out, 59, &s, "x", 1), 0);
	ck_assert_uint_eq(pxl_build_udp(out, 60, &s, "x", 1), 60);
	ck_assert_uint_eq(pxl_build_udp(out, 99, &s, big, 58), 0);
	ck_assert_uint_eq(pxl_build_udp(out, 100, &s, big, 58), 100);
	ck_assert_uint_eq(pxl_build_udp(NULL, 0, &s, big, 65535 - 28 + 1), 0);
	s.ttl = 5;
	ck_assert_uint_eq(pxl_build_udp(out, sizeof(out), &s, NULL, 0), 60);
	ck_assert_uint_eq(out[22], 5);
}
END_TEST

/* The payload may already be in place in the output buffer */
START_TEST(test_build_udp_in_place)
{
	uint8_t out[200];
	struct pxl_udp_spec s;
	struct pxl_frame f;

	test_spec(&s);
	memcpy(out + 42, "hello, world", 12);
	ck_assert_uint_eq(pxl_build_udp(out, sizeof(out), &s, out + 42, 12), 60);
	ck_assert_int_eq(pxl_frame_decode(out, 60, &f, NULL), 0);
	ck_assert_mem_eq(f.payload, "hello, world", 12);
	ck_assert(pxl_l4_csum_ok(&f));
}
END_TEST

START_TEST(test_build_arp_roundtrip)
{
	static const uint8_t sha[6] = { 2, 0, 0, 0, 0, 1 };
	static const uint8_t tha[6] = { 2, 0, 0, 0, 0, 2 };
	uint8_t out[60];
	struct pxl_frame f;

	ck_assert_uint_eq(pxl_build_arp(out, PXL_ARP_REQUEST, sha, 0x0a000202, tha, 0x0a00020f), 60);
	ck_assert_int_eq(pxl_frame_decode(out, 60, &f, NULL), 0);
	ck_assert(f.is_arp);
	ck_assert_uint_eq(f.arp_op, PXL_ARP_REQUEST);
	ck_assert_uint_eq(f.dst_mac[0], 0xff);
	ck_assert_mem_eq(f.src_mac, sha, 6);
	ck_assert_uint_eq(f.arp_tha[5], 0);
	ck_assert_uint_eq(f.arp_tpa, 0x0a00020f);
	ck_assert_uint_eq(pxl_build_arp(out, PXL_ARP_REPLY, sha, 0x0a000202, tha, 0x0a00020f), 60);
	ck_assert_int_eq(pxl_frame_decode(out, 60, &f, NULL), 0);
	ck_assert_uint_eq(f.arp_op, PXL_ARP_REPLY);
	ck_assert_mem_eq(f.dst_mac, tha, 6);
	ck_assert_mem_eq(f.arp_tha, tha, 6);
	ck_assert_uint_eq(f.arp_spa, 0x0a000202);
}
END_TEST

/**
 * set_ip_csum() - recompute the IPv4 header checksum of a frame at offset 14
 * @fr: frame with a 20+ byte IPv4 header whose IHL is trusted
 */
static void set_ip_csum(uint8_t *fr)
{
	size_t ihl = (size_t)(fr[14] & 0x0f) * 4;
	uint16_t c;

	fr[24] = fr[25] = 0;
	c = pxl_csum_fold(pxl_csum_partial(fr + 14, ihl, 0));
	fr[24] = (uint8_t)(c >> 8);
	fr[25] = (uint8_t)c;
}

/**
 * struct bad_case - one malformed frame: how it is made and the reason expected
 * @name:   what the case is
 * @base:   the valid frame to start from (enum base_kind)
 * @cut:    truncate the frame to this length (0: keep)
 * @off:    byte offset to overwrite (0: none)
 * @val:    byte value to write there
 * @off2, @val2: a second byte to write (0: none)
 * @fix:    recompute the IPv4 header checksum after the changes
 * @why:    the reason the decoder must give
 */
/* the valid frames malformed cases start from */
enum base_kind { BASE_UDP, BASE_TCP, BASE_ARP };

struct bad_case {
	const char *name;
	int base;
	size_t cut;
	size_t off;
	uint8_t val;
	size_t off2;
	uint8_t val2;
	int fix;
	const char *why;
};

/* Built UDP frame: 14 eth + 20 ip + 8 udp + 32 payload = 74 bytes.
 * TCP frame: sanboot frame 21, 14 + 20 + 44 = 78 bytes.  ARP: built, 60 bytes. */
static const struct bad_case bad_cases[] = {
	{ "13-byte Ethernet", 0, 13, 0, 0, 0, 0, 0, "truncated Ethernet header" },
	{ "truncated 802.1Q", 0, 17, 12, 0x81, 13, 0x00, 0, "truncated 802.1Q tag" },
	{ "truncated IPv4", 0, 14 + 19, 0, 0, 0, 0, 0, "truncated IPv4 header" },
	{ "IPv4 version 6", 0, 0, 14, 0x65, 0, 0, 1, "IPv4 version is not 4" },
	{ "IHL < 5", 0, 0, 14, 0x44, 0, 0, 0, "IPv4 IHL < 5" },
	{ "IHL past the end", 0, 14 + 40, 14, 0x4f, 0, 0, 0, "IPv4 IHL past the end" },
	{ "total length > buffer", 0, 0, 16, 0x01, 17, 0x00, 1, "IPv4 total length exceeds frame" },
	{ "total length < IHL", 0, 0, 16, 0x00, 17, 19, 1, "IPv4 total length < header length" },
	{ "bad header checksum", 0, 0, 24, 0x00, 25, 0x00, 0, "bad IPv4 header checksum" },
	{ "UDP header cut by total", 0, 0, 16, 0x00, 17, 27, 1, "truncated UDP header" },
	{ "UDP length > payload", 0, 0, 38, 0x00, 39, 41, 0, "UDP length exceeds IPv4 payload" },
	{ "UDP length < 8", 0, 0, 38, 0x00, 39, 7, 0, "UDP length < 8" },
	{ "truncated TCP", 1, 0, 16, 0x00, 17, 39, 1, "truncated TCP header" },
	{ "TCP data offset < 5", 1, 0, 46, 0x40, 0, 0, 0, "TCP data offset < 5" },
	{ "TCP data offset past the end", 1, 0, 46, 0xf0, 0, 0, 0, "TCP data offset past the end" },
	{ "truncated ARP header", 2, 14 + 7, 0, 0, 0, 0, 0, "truncated ARP header" },
	{ "truncated ARP", 2, 14 + 27, 0, 0, 0, 0, 0, "truncated ARP packet" },
};

/**
 * base_frame() - the valid frame a malformed case starts from
 * @kind: enum base_kind
 * @len:  out: length
 *
 * Return: malloc'ed frame.
 */
static uint8_t *base_frame(int kind, size_t *len)
{
	struct pxl_udp_spec s;
	uint8_t *b, payload[32];

	if (kind == BASE_TCP)
		return nth_frame("captures/bios-ipxe-rom-sanboot.pcap", 21, len);
	test_spec(&s);
	memset(payload, 'p', sizeof(payload));
	b = malloc(74);
	ck_assert_ptr_nonnull(b);
	if (kind == BASE_ARP) {
		*len = pxl_build_arp(b, PXL_ARP_REQUEST, s.src_mac, s.src_ip, NULL, s.dst_ip);
		return b;
	}
	*len = pxl_build_udp(b, 74, &s, payload, sizeof(payload));
	ck_assert_uint_eq(*len, 74);
	return b;
}

START_TEST(test_malformed)
{
	const struct bad_case *c = &bad_cases[_i];
	struct pxl_frame f;
	const char *why = NULL;
	uint8_t *b, *fr;
	size_t len;

	b = base_frame(c->base, &len);
	ck_assert_int_eq(pxl_frame_decode(b, len, &f, NULL), 0);
	if (c->off)
		b[c->off] = c->val;
	if (c->off2)
		b[c->off2] = c->val2;
	if (c->fix)
		set_ip_csum(b);
	if (c->cut)
		len = c->cut;
	fr = dup_exact(b, len);
	ck_assert_msg(pxl_frame_decode(fr, len, &f, &why) == -EINVAL, "%s: accepted", c->name);
	ck_assert_msg(why && strcmp(why, c->why) == 0, "%s: why \"%s\", want \"%s\"",
		      c->name, why ? why : "(null)", c->why);
	ck_assert_msg(!f.is_udp && !f.is_tcp, "%s: transport claimed", c->name);
	free(fr);
	free(b);
}
END_TEST

START_TEST(test_empty_and_null)
{
	struct pxl_frame f;
	const char *why = NULL;
	uint8_t *fr = dup_exact(NULL, 0);

	ck_assert_int_eq(pxl_frame_decode(fr, 0, &f, &why), -EINVAL);
	ck_assert_str_eq(why, "truncated Ethernet header");
	ck_assert_int_eq(pxl_frame_decode(NULL, 0, &f, NULL), -EINVAL);
	free(fr);
}
END_TEST

/* Every prefix of every captured frame decodes safely; cut IPv4 frames are refused */
START_TEST(test_truncation_sweep)
{
	struct pxl_pcap_reader r;
	struct pxl_pcap_rec rec;
	struct pxl_frame full, f;
	const char *why;
	uint8_t *buf, *fr;
	size_t len, cut, ip_end;
	int rc;

	buf = pxl_test_fixture(captures[_i].file, &len);
	ck_assert_int_eq(pxl_pcap_open_mem(&r, buf, len), 0);
	while (pxl_pcap_next(&r, &rec) == 1) {
		ck_assert_int_eq(pxl_frame_decode(rec.data, rec.caplen, &full, NULL), 0);
		ip_end = full.is_ipv4 ? (size_t)(full.l4 + full.l4_len - rec.data) : 0;
		for (cut = 0; cut < rec.caplen; cut++) {
			fr = dup_exact(rec.data, cut);
			why = NULL;
			rc = pxl_frame_decode(fr, cut, &f, &why);
			ck_assert(rc == 0 || (rc == -EINVAL && why != NULL));
			if (cut < ip_end)
				ck_assert_int_eq(rc, -EINVAL);
			free(fr);
		}
	}
	free(buf);
}
END_TEST

/* Trailing Ethernet padding is not UDP payload */
START_TEST(test_padding_not_payload)
{
	struct pxl_udp_spec s;
	struct pxl_frame f;
	uint8_t out[60];

	test_spec(&s);
	ck_assert_uint_eq(pxl_build_udp(out, sizeof(out), &s, "ab", 2), 60);
	ck_assert_int_eq(pxl_frame_decode(out, 60, &f, NULL), 0);
	ck_assert_uint_eq(f.l3_len, 46);
	ck_assert_uint_eq(f.l4_len, 10);
	ck_assert_uint_eq(f.payload_len, 2);
}
END_TEST

START_TEST(test_vlan_and_fragment)
{
	struct pxl_udp_spec s;
	struct pxl_frame f;
	uint8_t out[80], tagged[84];

	test_spec(&s);
	ck_assert_uint_eq(pxl_build_udp(out, sizeof(out), &s, "abcd", 4), 60);
	memcpy(tagged, out, 12);
	tagged[12] = 0x81;
	tagged[13] = 0x00;
	tagged[14] = 0x00;
	tagged[15] = 0x05;
	memcpy(tagged + 16, out + 12, 48);
	ck_assert_int_eq(pxl_frame_decode(tagged, 64, &f, NULL), 0);
	ck_assert_uint_eq(f.ethertype, PXL_ETHERTYPE_IPV4);
	ck_assert(f.is_udp);
	ck_assert_mem_eq(f.payload, "abcd", 4);
	out[20] = 0x20;	/* MF */
	set_ip_csum(out);
	ck_assert_int_eq(pxl_frame_decode(out, 60, &f, NULL), 0);
	ck_assert(f.is_ipv4 && f.ip_frag && !f.is_udp);
	ck_assert(!pxl_l4_csum_ok(&f));
}
END_TEST

START_TEST(test_udp_csum_zero_and_bad)
{
	struct pxl_udp_spec s;
	struct pxl_frame f;
	uint8_t out[80];

	test_spec(&s);
	ck_assert_uint_eq(pxl_build_udp(out, sizeof(out), &s, "abcdefgh", 8), 60);
	out[42] ^= 0xff;
	ck_assert_int_eq(pxl_frame_decode(out, 60, &f, NULL), 0);
	ck_assert(!pxl_l4_csum_ok(&f));
	out[40] = out[41] = 0;	/* "no checksum" */
	ck_assert(pxl_l4_csum_ok(&f));
}
END_TEST

/* RFC 1071 section 3 example, and an odd length */
START_TEST(test_csum)
{
	static const uint8_t d[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	static const uint8_t odd[] = { 0x01, 0x02, 0x03 };

	ck_assert_uint_eq(pxl_csum_partial(d, sizeof(d), 0), 0x2ddf0);
	ck_assert_uint_eq(pxl_csum_fold(pxl_csum_partial(d, sizeof(d), 0)), (uint16_t)~0xddf2);
	ck_assert_uint_eq(pxl_csum_partial(odd, 3, 0), 0x0102 + 0x0300);
	ck_assert_uint_eq(pxl_csum_fold(pxl_csum_partial(d, 4, pxl_csum_partial(d + 4, 4, 0))),
			  (uint16_t)~0xddf2);
}
END_TEST

START_TEST(test_strings)
{
	static const char *bad_ip[] = { "", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1..2.3",
					"1.2.3.4 ", "a.b.c.d", "1.2.3.0004", "-1.2.3.4" };
	static const char *bad_mac[] = { "", "52:54:00:12:34", "52:54:00:12:34:56:78",
					 "52:54:00:12:34:5g", "525:4:00:12:34:56", "52:54-00-12-34-56",
					 "52:54:00:AB:cd:5" };
	uint8_t mac[6];
	char ib[16], mb[18];
	uint32_t a;
	size_t i;

	ck_assert_int_eq(pxl_ip_parse("10.0.2.15", &a), 0);
	ck_assert_uint_eq(a, 0x0a00020f);
	ck_assert_str_eq(pxl_ip_str(a, ib), "10.0.2.15");
	ck_assert_str_eq(pxl_ip_str(0xffffffffu, ib), "255.255.255.255");
	ck_assert_int_eq(pxl_ip_parse("0.0.0.0", &a), 0);
	ck_assert_uint_eq(a, 0);
	for (i = 0; i < ARRAY_SIZE(bad_ip); i++)
		ck_assert_msg(pxl_ip_parse(bad_ip[i], &a) == -EINVAL, "accepted \"%s\"", bad_ip[i]);
	ck_assert_int_eq(pxl_mac_parse("52-54-00-AB-cd-05", mac), 0);
	ck_assert_str_eq(pxl_mac_str(mac, mb), "52:54:00:ab:cd:05");
	for (i = 0; i < ARRAY_SIZE(bad_mac); i++)
		ck_assert_msg(pxl_mac_parse(bad_mac[i], mac) == -EINVAL, "accepted \"%s\"", bad_mac[i]);
}
END_TEST

/**
 * convert_pcap() - rewrite a little-endian microsecond pcap as big-endian nanosecond
 * @in:  file bytes
 * @len: length
 *
 * Return: malloc'ed converted copy of the same length.
 */
static uint8_t *convert_pcap(const uint8_t *in, size_t len)
{
	static const uint8_t magic[4] = { 0xa1, 0xb2, 0x3c, 0x4d };
	uint8_t *out = dup_exact(in, len);
	size_t off = 24, i, k;
	uint32_t v, caplen;

	memcpy(out, magic, 4);
	for (i = 4; i < 24; i += 2) {	/* version halves, then 32-bit words */
		if (i < 8) {
			out[i] = in[i + 1];
			out[i + 1] = in[i];
		} else if (i % 4 == 0) {
			for (k = 0; k < 4; k++)
				out[i + k] = in[i + 3 - k];
		}
	}
	while (off + 16 <= len) {
		for (i = 0; i < 16; i += 4) {
			v = (uint32_t)in[off + i] | (uint32_t)in[off + i + 1] << 8 |
			    (uint32_t)in[off + i + 2] << 16 | (uint32_t)in[off + i + 3] << 24;
			if (i == 4)
				v *= 1000;
			for (k = 0; k < 4; k++)
				out[off + i + k] = (uint8_t)(v >> (24 - 8 * k));
		}
		caplen = (uint32_t)in[off + 8] | (uint32_t)in[off + 9] << 8 |
			 (uint32_t)in[off + 10] << 16 | (uint32_t)in[off + 11] << 24;
		off += 16 + caplen;
	}
	return out;
}

START_TEST(test_pcap_byte_orders)
{
	struct pxl_pcap_reader a, b;
	struct pxl_pcap_rec ra, rb;
	uint8_t *le, *be;
	size_t len;
	int n = 0, rca, rcb;

	le = pxl_test_fixture("captures/bios-ipxe-rom-sanboot.pcap", &len);
	be = convert_pcap(le, len);
	ck_assert_int_eq(pxl_pcap_open_mem(&a, le, len), 0);
	ck_assert_int_eq(pxl_pcap_open_mem(&b, be, len), 0);
	ck_assert(!a.swap && !a.nano && b.swap && b.nano);
	ck_assert_uint_eq(a.linktype, b.linktype);
	ck_assert_uint_eq(a.snaplen, b.snaplen);
	for (;;) {
		rca = pxl_pcap_next(&a, &ra);
		rcb = pxl_pcap_next(&b, &rb);
		ck_assert_int_eq(rca, rcb);
		if (rca != 1)
			break;
		n++;
		ck_assert_uint_eq(ra.t_ns, rb.t_ns);
		ck_assert_uint_eq(ra.caplen, rb.caplen);
		ck_assert_uint_eq(ra.origlen, rb.origlen);
		ck_assert_mem_eq(ra.data, rb.data, ra.caplen);
	}
	ck_assert_int_eq(n, 56);
	free(be);
	free(le);
}
END_TEST

START_TEST(test_pcap_malformed)
{
	struct pxl_pcap_reader r;
	struct pxl_pcap_rec rec;
	uint8_t *buf, *cut;
	size_t len;

	buf = pxl_test_fixture("captures/bios-ipxe-rom-sanboot.pcap", &len);
	ck_assert_int_eq(pxl_pcap_open_mem(&r, buf, 23), -EINVAL);
	cut = dup_exact(buf, 24 + 16 + 10);	/* record header promises 442 bytes */
	ck_assert_int_eq(pxl_pcap_open_mem(&r, cut, 24 + 16 + 10), 0);
	ck_assert_int_eq(pxl_pcap_next(&r, &rec), -EINVAL);
	free(cut);
	cut = dup_exact(buf, 24 + 16 + 442 + 5);	/* half a record header */
	ck_assert_int_eq(pxl_pcap_open_mem(&r, cut, 24 + 16 + 442 + 5), 0);
	ck_assert_int_eq(pxl_pcap_next(&r, &rec), 1);
	ck_assert_uint_eq(rec.caplen, 442);
	ck_assert_int_eq(pxl_pcap_next(&r, &rec), -EINVAL);
	free(cut);
	buf[0] = 0;
	ck_assert_int_eq(pxl_pcap_open_mem(&r, buf, len), -EINVAL);
	free(buf);
}
END_TEST

/**
 * struct capture_mode_case - one `--capture` text and what it means
 * @text: the argument
 * @rc:   pxl_pcap_parse_mode()'s return
 * @snap: the snap length it gives (0: off)
 */
struct capture_mode_case {
	const char *text;
	int rc;
	uint32_t snap;
};

static const struct capture_mode_case capture_modes[] = {
	{ "full", 0, PXL_PCAP_SNAP_FULL }, { "off", 0, 0 }, { "headers", 0, 128 },
	{ "headers:64", 0, 64 }, { "headers:1500", 0, 1500 }, { "headers:262144", 0, 262144 },
	{ "headers:63", -EINVAL, 0 }, { "headers:262145", -EINVAL, 0 }, { "headers:", -EINVAL, 0 },
	{ "headers:-1", -EINVAL, 0 }, { "headers:12x", -EINVAL, 0 }, { "headers:99999999999999999999", -EINVAL, 0 },
	{ "Full", -EINVAL, 0 }, { "pcapng", -EINVAL, 0 }, { "", -EINVAL, 0 }, { "headers 96", -EINVAL, 0 },
};

START_TEST(test_capture_mode)
{
	const struct capture_mode_case *c = &capture_modes[_i];
	uint32_t snap = 7;
	char back[32];

	ck_assert_msg(pxl_pcap_parse_mode(c->text, &snap) == c->rc, "'%s'", c->text);
	if (c->rc)
		return;
	ck_assert_msg(snap == c->snap, "'%s' gave %u", c->text, snap);
	pxl_pcap_mode_str(snap, back, sizeof(back));
	ck_assert_int_eq(pxl_pcap_parse_mode(back, &snap), 0);
	ck_assert_msg(snap == c->snap, "'%s' printed back as '%s'", c->text, back);
}
END_TEST

/**
 * write_capture() - three frames (60, 200 and 1514 bytes) through the writer
 * @path: file to write
 * @snap: snap length given to pxl_pcap_open()
 * @frame: out: the 1514 bytes written (the others are its prefixes)
 */
static void write_capture(const char *path, uint32_t snap, uint8_t frame[1514])
{
	struct pxl_pcap *p;
	int err = 0, i;

	for (i = 0; i < 1514; i++)
		frame[i] = (uint8_t)(i * 7 + 3);
	p = pxl_pcap_open(path, snap, &err);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(pxl_pcap_write(p, 1000000001ull, frame, 60), 0);
	ck_assert_int_eq(pxl_pcap_write(p, 2000000002ull, frame, 200), 0);
	ck_assert_int_eq(pxl_pcap_write(p, 3000000003ull, frame, 1514), 0);
	ck_assert_int_eq(pxl_pcap_close(p), 0);
}

START_TEST(test_pcap_write_snaplen)
{
	static const uint32_t snaps[] = { 0, 64, 128, 1514 };
	static const size_t lens[] = { 60, 200, 1514 };
	char path[] = "/tmp/pxl-test-pcap-XXXXXX";
	struct pxl_pcap_reader r;
	struct pxl_pcap_rec rec;
	uint8_t frame[1514], *buf;
	size_t len, i, want, k;
	int fd;

	for (k = 0; k < ARRAY_SIZE(snaps); k++) {
		fd = mkstemp(path);
		ck_assert_int_ge(fd, 0);
		close(fd);
		write_capture(path, snaps[k], frame);
		ck_assert_int_eq(pxl_pcap_load(path, &buf, &len), 0);
		unlink(path);
		ck_assert_int_eq(pxl_pcap_open_mem(&r, buf, len), 0);
		ck_assert_uint_eq(r.snaplen, snaps[k] ? snaps[k] : PXL_PCAP_SNAP_FULL);
		for (i = 0; i < ARRAY_SIZE(lens); i++) {
			want = snaps[k] && snaps[k] < lens[i] ? snaps[k] : lens[i];
			ck_assert_int_eq(pxl_pcap_next(&r, &rec), 1);
			ck_assert_uint_eq(rec.caplen, want);
			ck_assert_uint_eq(rec.origlen, lens[i]);
			ck_assert_uint_eq(rec.t_ns, (i + 1) * 1000000001ull);
			ck_assert_mem_eq(rec.data, frame, want);
		}
		ck_assert_int_eq(pxl_pcap_next(&r, &rec), 0);
		free(buf);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
	}
}
END_TEST

/**
 * packet_suite() - the codec test suite
 *
 * Return: the suite.
 */
static Suite *packet_suite(void)
{
	Suite *s = suite_create("packet");
	TCase *tc = tcase_create("codec");
	int ncap = (int)(ARRAY_SIZE(captures));

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_captures_decode, 0, ncap);
	tcase_add_test(tc, test_dhcp_discover_fields);
	tcase_add_test(tc, test_tcp_syn_fields);
	tcase_add_test(tc, test_tcp_data_fields);
	tcase_add_test(tc, test_arp_fields);
	tcase_add_test(tc, test_build_matches_capture);
	tcase_add_test(tc, test_build_udp_roundtrip);
	tcase_add_test(tc, test_build_udp_limits);
	tcase_add_test(tc, test_build_udp_in_place);
	tcase_add_test(tc, test_build_arp_roundtrip);
	tcase_add_loop_test(tc, test_malformed, 0,
			    (int)(ARRAY_SIZE(bad_cases)));
	tcase_add_test(tc, test_empty_and_null);
	tcase_add_loop_test(tc, test_truncation_sweep, 0, ncap);
	tcase_add_test(tc, test_padding_not_payload);
	tcase_add_test(tc, test_vlan_and_fragment);
	tcase_add_test(tc, test_udp_csum_zero_and_bad);
	tcase_add_test(tc, test_csum);
	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_pcap_byte_orders);
	tcase_add_test(tc, test_pcap_malformed);
	tcase_add_loop_test(tc, test_capture_mode, 0, (int)ARRAY_SIZE(capture_modes));
	tcase_add_test(tc, test_pcap_write_snaplen);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(packet_suite)
