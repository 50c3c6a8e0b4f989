/* fuzz_wire_ip6.c - fuzz target: the wire observer's IPv6 (net/ip6.c's decoder, wire/wire_ip6.c, wire_ndp.c, wire_dhcp6.c, TFTP over IPv6)
 *
 * Input: records (fuzz.h).  Selector bits 0-1 choose what the record is:
 * 0 = the IPv6 payload of an ICMPv6 message, 1 = a DHCPv6 payload from a
 * client (546 -> 547), 2 = a DHCPv6 payload from the server (547 -> 546),
 * 3 = a whole IPv6 packet (header and extension headers as given) after an
 * Ethernet header; bit 2 = a TFTP payload instead (client 1001 -> 69 when
 * bit 0 is clear, server 40000 -> 1001 when set) for selectors 0-1;
 * bit 3 = a 1 s time step.  The target builds the Ethernet and IPv6 headers
 * with a valid payload length and upper-layer checksum, so the bytes reach
 * the NDP, DHCPv6 and TFTP decoders; a whole packet (selector 3) is fed as
 * given, to reach the header and extension-header checks, and TCP (the
 * observer follows port 80 and 3260 over IPv6 too; an input of odd size
 * turns checksum checks off so that such packets get past them).  Seeds: the
 * captured OVMF and iPXE SOLICITs, dnsmasq's RA of the field notes.
 * Contracts checked: every observation has a protocol and a verb; a dhcp6
 * one an "xid" and, when it says, an exchange of "boot" or "address"; an
 * ra one its "flags"; the observer counts every frame.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "net/packet.h"
#include "wire/wire.h"

#define L4_MAX 2048

static const uint8_t CLIENT_LL[16] = { 0xfe, 0x80, [8] = 0x50, 0x54, 0, 0xff, 0xfe, 0x12, 0x34, 0x56 };
static const uint8_t SERVER_LL[16] = { 0xfe, 0x80, [15] = 5 };
static const uint8_t MAC_C[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
static const uint8_t MAC_S[6] = { 0x52, 0x55, 0x0a, 0, 2, 5 };

/**
 * check_obs() - the observation contracts
 * @arg: unused
 * @o:   observation
 */
static void check_obs(void *arg, const struct pxl_obs *o)
{
	const char *x;
	char line[512];

	(void)arg;
	FUZZ_ASSERT(o->proto && o->verb, "observation without protocol or verb");
	pxl_obs_format(o, line, sizeof(line));
	fuzz_touch_str(line);
	if (!strcmp(o->proto, "dhcp6")) {
		FUZZ_ASSERT(pxl_obs_field(o, "xid"), "dhcp6 %s without xid", o->verb);
		x = pxl_obs_field(o, "exchange");
		FUZZ_ASSERT(!x || !strcmp(x, "boot") || !strcmp(x, "address"), "exchange '%s'", x);
	}
	if (!strcmp(o->proto, "ra"))
		FUZZ_ASSERT(pxl_obs_field(o, "flags"), "ra without flags");
}

/**
 * put_csum() - the upper-layer checksum over the IPv6 pseudo-header
 * @ip:  the IPv6 header (payload after it)
 * @nh:  upper-layer protocol
 * @len: upper-layer length
 * @at:  offset of the checksum field in the upper layer
 */
static void put_csum(uint8_t *ip, uint8_t nh, size_t len, size_t at)
{
	uint8_t pseudo[8] = { 0, 0, (uint8_t)(len >> 8), (uint8_t)len, 0, 0, 0, nh };
	uint32_t sum;
	uint16_t c;

	ip[40 + at] = ip[40 + at + 1] = 0;
	sum = pxl_csum_partial(ip + 8, 32, 0);
	sum = pxl_csum_partial(pseudo, sizeof(pseudo), sum);
	sum = pxl_csum_partial(ip + 40, len, sum);
	c = pxl_csum_fold(sum);
	if (nh == PXL_IPPROTO_UDP && !c)
		c = 0xffff;
	ip[40 + at] = (uint8_t)(c >> 8);
	ip[40 + at + 1] = (uint8_t)c;
}

/**
 * build() - an Ethernet/IPv6 frame around one record
 * @f:   out: the frame (14 + 40 + 8 + L4_MAX bytes)
 * @rec: the record
 *
 * Return: the frame length.
 */
static size_t build(uint8_t *f, const struct fuzz_rec *rec)
{
	unsigned kind = rec->sel & 3, tftp = (rec->sel & 4) && kind < 2;
	int up = tftp ? !(kind & 1) : kind != 2;
	size_t n = rec->len < L4_MAX ? rec->len : L4_MAX, ulen = kind == 0 && !tftp ? n : n + 8;
	uint16_t sport = tftp ? (up ? 1001 : 40000) : (up ? 546 : 547);
	uint16_t dport = tftp ? (up ? 69 : 1001) : (up ? 547 : 546);
	uint8_t *ip = f + 14, *u = ip + 40;

	memcpy(f, up ? MAC_S : MAC_C, 6);
	memcpy(f + 6, up ? MAC_C : MAC_S, 6);
	f[12] = 0x86, f[13] = 0xdd;
	if (kind == 3) {
		memcpy(ip, rec->data, n);
		return 14 + n;
	}
	memset(ip, 0, 40);
	ip[0] = 0x60, ip[4] = (uint8_t)(ulen >> 8), ip[5] = (uint8_t)ulen, ip[7] = 255;
	ip[6] = kind == 0 && !tftp ? 58 : PXL_IPPROTO_UDP;
	memcpy(ip + 8, up ? CLIENT_LL : SERVER_LL, 16);
	memcpy(ip + 24, up ? SERVER_LL : CLIENT_LL, 16);
	if (ip[6] == 58) {
		memcpy(u, rec->data, n);
		if (n >= 4)
			put_csum(ip, 58, n, 2);
		return 14 + 40 + n;
	}
	u[0] = (uint8_t)(sport >> 8), u[1] = (uint8_t)sport, u[2] = (uint8_t)(dport >> 8), u[3] = (uint8_t)dport;
	u[4] = (uint8_t)(ulen >> 8), u[5] = (uint8_t)ulen;
	memcpy(u + 8, rec->data, n);
	put_csum(ip, PXL_IPPROTO_UDP, ulen, 6);
	return 14 + 40 + ulen;
}

/**
 * LLVMFuzzerTestOneInput() - one input: IPv6 frames built around its records
 * @data: input
 * @size: its length
 *
 * Return: 0.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t frame[14 + 40 + 8 + L4_MAX];
	struct fuzz_cursor cur = { data, size };
	/* an odd-sized input skips the checksums, so that whole packets (selector 3) reach TCP, UDP and NDP */
	struct pxl_wire_config cfg = { .no_l4_csum = (int)(size & 1) };
	struct pxl_wire *w = pxl_wire_new(&cfg, check_obs, NULL);
	struct pxl_wire_stats st;
	struct fuzz_rec rec;
	uint64_t t = 1000 * PXL_NS_PER_SEC, frames = 0;

	FUZZ_ASSERT(w, "no observer");
	while (fuzz_next_rec(&cur, &rec)) {
		t += (rec.sel & 8) ? PXL_NS_PER_SEC : PXL_NS_PER_MS;
		pxl_wire_frame(w, t, 0, frame, build(frame, &rec));
		frames++;
	}
	pxl_wire_flush(w, t + PXL_NS_PER_SEC);
	pxl_wire_stats(w, &st);
	FUZZ_ASSERT(st.frames == frames, "observer counted %llu frames of %llu",
		    (unsigned long long)st.frames, (unsigned long long)frames);
	pxl_wire_free(w);
	return 0;
}
