/* fuzz_lan6.c - fuzz target: the IPv6 frame decoder and pxelab's IPv6 side of the LAN (net/ip6.c, net/lan6.c)
 *
 * Input: records (fuzz.h), one Ethernet frame each, sent by a guest port
 * into a segment with pxelab's IPv6 side (prefix fd00::/64, address
 * fd00::2, IPv4 alias 10.0.2.2), an echo service on UDP 547 of the IPv6
 * side and an IPv4 echo service on 10.0.2.2:69 (reached through the alias:
 * its replies go to handle addresses and leave as IPv6).  Selector bit 0:
 * repair the UDP/ICMPv6 checksum and the payload length first (so mutated
 * frames reach the solicitation and UDP paths).  Contracts checked: every
 * IPv6 frame pxelab sends decodes, has a valid checksum and comes from one
 * of pxelab's addresses; the IPv6 side never hands more datagrams to
 * services than frames came in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/be.h"
#include "core/loop.h"
#include "fuzz.h"
#include "net/ip6.h"
#include "net/lan6.h"
#include "net/segment.h"

#define FRAME_MAX 4096

/**
 * struct lan6_fuzz - one input's LAN
 * @seg:    the segment
 * @lan:    pxelab's IPv6 side
 * @tr:     the IPv4 echo service's transport
 * @frame:  the record, copied (checksums repaired in place)
 * @frames: frames the guest sent
 */
static struct lan6_fuzz {
	struct pxl_segment *seg;
	struct pxl_lan6 *lan;
	struct pxl_udp_transport tr;
	uint8_t frame[FRAME_MAX];
	uint64_t frames;
} fz;

/** guest_deliver() - a frame switched to the guest: pxelab's IPv6 frames must be well formed */
static void guest_deliver(void *arg, const uint8_t *frame, size_t len)
{
	struct pxl_ip6 v;
	uint8_t ll[16];

	if (len < PXL_ETH_HLEN || pxl_get_be16(frame + 12) != PXL_ETHERTYPE_IPV6)
		return;
	if (frame[6] != 0x52 || frame[7] != 0x56)
		return;	/* not pxelab's IPv6 side */
	FUZZ_ASSERT(pxl_ip6_decode(frame, len, &v, NULL) == 0, "pxelab sent an undecodable IPv6 frame (%zu bytes)", len);
	FUZZ_ASSERT(v.is_udp || v.is_icmp, "pxelab sent IPv6 with next header %u", v.next);
	FUZZ_ASSERT(pxl_ip6_l4_csum_ok(&v), "pxelab sent a bad checksum");
	pxl_ip6_link_local(frame + 6, ll);
	FUZZ_ASSERT(!memcmp(v.src, ll, 16) || (v.src[0] == 0xfd && v.src[15] == 2), "pxelab sent from a foreign address");
}

/** echo6() - the IPv6 side's UDP 547 service: the payload back to the sender */
static void echo6(void *arg, const struct pxl_dgram6 *dg)
{
	struct pxl_dgram6 out = *dg;

	memset(out.src, 0, 16);
	memcpy(out.dst, dg->src, 16);
	out.sport = dg->dport;
	out.dport = dg->sport;
	pxl_lan6_send(fz.lan, &out);
}

/** echo4() - the IPv4 service on 10.0.2.2:69: the payload back to the (handle) sender */
static void echo4(void *arg, const struct pxl_dgram *dg)
{
	struct pxl_dgram out = *dg;

	out.src = dg->dst;
	out.dst = dg->src;
	out.has_mac = 0;
	fz.tr.ops->send(fz.tr.ctx, &out);
}

/**
 * repair() - fix an IPv6 frame's payload length and UDP/ICMPv6 checksum in place
 * @f:   frame
 * @len: its length
 */
static void repair(uint8_t *f, size_t len)
{
	uint8_t *ip = f + PXL_ETH_HLEN, *l4 = ip + PXL_IP6_HLEN;
	size_t n, at;
	uint32_t sum;
	uint8_t tail[8] = { 0 };

	if (len < PXL_ETH_HLEN + PXL_IP6_HLEN + 8 || pxl_get_be16(f + 12) != PXL_ETHERTYPE_IPV6)
		return;
	n = len - PXL_ETH_HLEN - PXL_IP6_HLEN;
	pxl_put_be16(ip + 4, (uint16_t)n);
	if (ip[6] == 17)
		pxl_put_be16(l4 + 4, (uint16_t)n);
	else if (ip[6] != 58)
		return;
	at = ip[6] == 17 ? 6 : 2;
	pxl_put_be16(l4 + at, 0);
	pxl_put_be32(tail, (uint32_t)n);
	tail[7] = ip[6];
	sum = pxl_csum_partial(tail, 8, pxl_csum_partial(ip + 8, 32, 0));
	pxl_put_be16(l4 + at, pxl_csum_fold(pxl_csum_partial(l4, n, sum)));
}

/**
 * lan_new() - a segment with a guest port, pxelab's IPv6 side and the two echo services
 * @loop: event loop
 *
 * Return: the guest's port id.
 */
static int lan_new(struct pxl_loop *loop)
{
	struct pxl_lan6_config cfg = { .prefix = { 0xfd }, .addr = { 0xfd, [15] = 2 },
				       .mac = { 0x52, 0x56, 10, 0, 2, 2 }, .alias4 = 0x0a000202,
				       .managed = 1, .other = 1, .router_lifetime = 1800 };
	static const uint8_t mac4[6] = { 0x52, 0x55, 10, 0, 2, 2 };
	int port;

	fz.seg = pxl_segment_new();
	FUZZ_ASSERT(fz.seg, "no segment");
	port = pxl_segment_add_port(fz.seg, "pc1", guest_deliver, NULL);
	FUZZ_ASSERT(port > 0, "no port");
	FUZZ_ASSERT(!pxl_segment_own_address(fz.seg, 0x0a000202, mac4, 0), "no address");
	FUZZ_ASSERT(!pxl_segment_udp_attach(fz.seg, 0x0a000202, 69, echo4, NULL, &fz.tr), "no IPv4 service");
	fz.lan = pxl_lan6_new(loop, fz.seg, &cfg);
	FUZZ_ASSERT(fz.lan, "no IPv6 side");
	FUZZ_ASSERT(!pxl_lan6_udp_attach(fz.lan, 547, echo6, NULL), "no IPv6 service");
	return port;
}

/**
 * LLVMFuzzerTestOneInput() - one input: frames from a guest into the segment
 * @data: records (fuzz.h)
 * @size: their length
 *
 * Return: 0 (libFuzzer's convention; problems abort).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_cursor cur = { data, size };
	struct pxl_loop *loop = pxl_loop_new();
	struct pxl_lan6_stats st;
	struct fuzz_rec rec;
	int port;

	FUZZ_ASSERT(loop, "no loop");
	port = lan_new(loop);
	fz.frames = 0;
	while (fuzz_next_rec(&cur, &rec)) {
		size_t n = rec.len < FRAME_MAX ? rec.len : FRAME_MAX;

		memcpy(fz.frame, rec.data, n);
		if (rec.sel & 1)
			repair(fz.frame, n);
		fz.frames++;
		pxl_segment_input(fz.seg, port, fz.frame, n);
	}
	pxl_lan6_get_stats(fz.lan, &st);
	FUZZ_ASSERT(st.to_services <= fz.frames, "%llu datagrams to services from %llu frames",
		    (unsigned long long)st.to_services, (unsigned long long)fz.frames);
	pxl_lan6_free(fz.lan);
	pxl_segment_free(fz.seg);
	pxl_loop_free(loop);
	return 0;
}
