/* test_lan6.c - pxelab's IPv6 side of the LAN: RA on RS, NA for its addresses, DHCPv6 and TFTP-by-alias routing, malformed frames */
#include <errno.h>
#include <string.h>

#include "core/be.h"
#include "core/loop.h"
#include "net/ip6.h"
#include "net/lan6.h"
#include "net/segment.h"
#include "lang/scenario.h"
#include "servers/ipv6.h"
#include "services/dhcp6/dhcp6_msg.h"
#include "testlib.h"

#define SRV4 0x0a000202u

static const uint8_t guest_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t pxl_mac[6] = { 0x52, 0x56, 10, 0, 2, 2 };
static const uint8_t guest_ll[16] = { 0xfe, 0x80, [8] = 0x50, 0x54, 0x00, 0xff, 0xfe, 0x12, 0x34, 0x56 };
static const uint8_t guest_g[16] = { 0xfd, [15] = 0x55 };
static const uint8_t srv6[16] = { 0xfd, [15] = 2 };
static const uint8_t all_routers[16] = { 0xff, 0x02, [15] = 2 };
static const uint8_t all_dhcp[16] = { 0xff, 0x02, [13] = 1, [15] = 2 };

/**
 * struct lan - a segment, a guest port and pxelab's IPv6 side
 * @rx, @rx_len, @nrx: the last frame the guest got, and how many it got
 * @udp6, @n6: what the DHCPv6-port service got
 * @dg4, @n4: what the IPv4 service on 10.0.2.2:69 got
 */
struct lan {
	struct pxl_loop *loop;
	struct pxl_segment *seg;
	struct pxl_lan6 *l6;
	struct pxl_udp_transport tr;
	int port;
	uint8_t rx[2048];
	size_t rx_len;
	int nrx;
	struct pxl_dgram6 udp6;
	int n6;
	struct pxl_dgram dg4;
	int n4;
};

static struct lan L;

/** guest_rx() - the guest's port: keep the last frame */
static void guest_rx(void *arg, const uint8_t *frame, size_t len)
{
	L.rx_len = len < sizeof(L.rx) ? len : sizeof(L.rx);
	memcpy(L.rx, frame, L.rx_len);
	L.nrx++;
}

/** svc6() - the service on UDP 547 */
static void svc6(void *arg, const struct pxl_dgram6 *dg)
{
	L.udp6 = *dg;
	L.n6++;
}

/** svc4() - the IPv4 service on 10.0.2.2:69 */
static void svc4(void *arg, const struct pxl_dgram *dg)
{
	L.dg4 = *dg;
	L.n4++;
}

/** lan_up() - the LAN, RA flags @managed/@ra_off */
static void lan_up(int managed, int ra_off)
{
	struct pxl_lan6_config cfg = { .prefix = { 0xfd }, .addr = { 0xfd, [15] = 2 }, .alias4 = SRV4,
				       .managed = managed, .other = managed, .autoconf = !managed,
				       .ra_off = ra_off, .router_lifetime = 1800 };

	memset(&L, 0, sizeof(L));
	memcpy(cfg.mac, pxl_mac, 6);
	L.loop = pxl_loop_new();
	L.seg = pxl_segment_new();
	L.port = pxl_segment_add_port(L.seg, "pc1", guest_rx, NULL);
	ck_assert_int_eq(pxl_segment_own_address(L.seg, SRV4, (const uint8_t[]){ 0x52, 0x55, 10, 0, 2, 2 }, 0), 0);
	ck_assert_int_eq(pxl_segment_udp_attach(L.seg, SRV4, 69, svc4, NULL, &L.tr), 0);
	L.l6 = pxl_lan6_new(L.loop, L.seg, &cfg);
	ck_assert_ptr_nonnull(L.l6);
	ck_assert_int_eq(pxl_lan6_udp_attach(L.l6, 547, svc6, NULL), 0);
	ck_assert_int_eq(pxl_lan6_udp_attach(L.l6, 547, svc6, NULL), -EADDRINUSE);
}

/** lan_down() - free it */
static void lan_down(void)
{
	pxl_lan6_free(L.l6);
	pxl_segment_free(L.seg);
	pxl_loop_free(L.loop);
}

/** guest_icmp() - the guest sends an ICMPv6 message (hop limit 255) */
static void guest_icmp(const uint8_t *src, const uint8_t *dst, const uint8_t *msg, size_t len)
{
	struct pxl_ip6_spec sp = { .hop_limit = 255 };
	uint8_t f[256];
	size_t n;

	memcpy(sp.src_mac, guest_mac, 6);
	pxl_ip6_multicast_mac(dst, sp.dst_mac);
	memcpy(sp.src, src, 16);
	memcpy(sp.dst, dst, 16);
	n = pxl_ip6_build_icmp(f, sizeof(f), &sp, msg, len);
	ck_assert_uint_gt(n, 0);
	pxl_segment_input(L.seg, L.port, f, n);
}

/** guest_payload() - the guest sends a UDP datagram of @len bytes (to pxelab's MAC when @dst is unicast) */
static void guest_payload(const uint8_t *dst, uint16_t sport, uint16_t dport, const void *payload, size_t len)
{
	struct pxl_ip6_spec sp = { 0 };
	uint8_t f[1024];
	size_t n;

	memcpy(sp.src_mac, guest_mac, 6);
	if (pxl_ip6_is_multicast(dst))
		pxl_ip6_multicast_mac(dst, sp.dst_mac);
	else
		memcpy(sp.dst_mac, pxl_mac, 6);
	memcpy(sp.src, dst[0] == 0xfd ? guest_g : guest_ll, 16);
	memcpy(sp.dst, dst, 16);
	n = pxl_ip6_build_udp(f, sizeof(f), &sp, sport, dport, payload, len);
	ck_assert_uint_gt(n, 0);
	pxl_segment_input(L.seg, L.port, f, n);
}

/** guest_udp() - the guest sends a text datagram (guest_payload()) */
static void guest_udp(const uint8_t *dst, uint16_t sport, uint16_t dport, const char *text)
{
	guest_payload(dst, sport, dport, text, strlen(text));
}

/** rx_decoded() - the guest's last frame, decoded and checksum-checked */
static void rx_decoded(struct pxl_ip6 *v)
{
	ck_assert_int_eq(pxl_ip6_decode(L.rx, L.rx_len, v, NULL), 0);
	ck_assert(pxl_ip6_l4_csum_ok(v));
	ck_assert_mem_eq(v->src_mac, pxl_mac, 6);
}

START_TEST(rs_gets_an_ra_at_once_with_the_flags)
{
	static const uint8_t rs[8] = { PXL_ICMP6_RS };
	struct pxl_ip6 v;

	lan_up(1, 0);
	ck_assert_int_eq(L.nrx, 1);	/* the first, unsolicited RA */
	guest_icmp((const uint8_t[16]){ 0 }, all_routers, rs, sizeof(rs));
	ck_assert_int_eq(L.nrx, 2);
	rx_decoded(&v);
	ck_assert(v.is_icmp);
	ck_assert_uint_eq(v.icmp_type, PXL_ICMP6_RA);
	ck_assert_uint_eq(v.hop_limit, 255);
	ck_assert_uint_eq(v.payload[1], 0xc0);			/* M=1 O=1 */
	ck_assert_uint_eq(pxl_get_be16(v.payload + 2), 1800);	/* router lifetime */
	ck_assert_uint_eq(v.payload[28], 3);			/* prefix information */
	ck_assert_uint_eq(v.payload[31], 0x80);			/* L=1 A=0 */
	ck_assert_mem_eq(v.payload + 44, srv6, 8);
	ck_assert_uint_eq(v.dst_mac[0], 0x33);
	lan_down();
	lan_up(0, 1);
	guest_icmp((const uint8_t[16]){ 0 }, all_routers, rs, sizeof(rs));
	ck_assert_int_eq(L.nrx, 0);	/* ra off: none at start, none on RS */
	lan_down();
}
END_TEST

START_TEST(ns_for_own_address_gets_na_others_do_not)
{
	uint8_t ns[24] = { PXL_ICMP6_NS }, snm[16] = { 0xff, 0x02, [11] = 1, 0xff, 0, 0, 2 };
	struct pxl_ip6 v;

	lan_up(1, 0);
	memcpy(ns + 8, srv6, 16);
	guest_icmp(guest_ll, snm, ns, sizeof(ns));
	ck_assert_int_eq(L.nrx, 2);
	rx_decoded(&v);
	ck_assert_uint_eq(v.icmp_type, PXL_ICMP6_NA);
	ck_assert_uint_eq(v.payload[0], 0xe0);			/* router, solicited, override */
	ck_assert_mem_eq(v.payload + 4, srv6, 16);
	ck_assert_mem_eq(v.payload + 22, pxl_mac, 6);		/* target link-layer address */
	ck_assert_mem_eq(v.dst, guest_ll, 16);
	ck_assert_mem_eq(v.dst_mac, guest_mac, 6);
	guest_icmp((const uint8_t[16]){ 0 }, snm, ns, sizeof(ns));	/* DAD: not answered */
	ns[23] = 9;
	guest_icmp(guest_ll, snm, ns, sizeof(ns));			/* not ours */
	ck_assert_int_eq(L.nrx, 2);
	lan_down();
}
END_TEST

START_TEST(dhcp6_multicast_reaches_the_service_and_the_reply_the_guest)
{
	struct pxl_dgram6 out = { .sport = 547, .dport = 546, .data = (const uint8_t *)"adv", .len = 3 };
	struct pxl_lan6_stats st;
	struct pxl_ip6 v;
	uint8_t ll[16];

	lan_up(1, 0);
	guest_udp(all_dhcp, 546, 547, "solicit");
	ck_assert_int_eq(L.n6, 1);
	ck_assert_uint_eq(L.udp6.len, 7);
	ck_assert_mem_eq(L.udp6.src, guest_ll, 16);
	ck_assert_mem_eq(L.udp6.mac, guest_mac, 6);
	memcpy(out.dst, L.udp6.src, 16);
	memcpy(out.mac, L.udp6.mac, 6);
	ck_assert_int_eq(pxl_lan6_send(L.l6, &out), 0);
	rx_decoded(&v);
	pxl_lan6_link_local(L.l6, ll);
	ck_assert_mem_eq(v.src, ll, 16);
	ck_assert_uint_eq(v.dport, 546);
	ck_assert_uint_eq(v.payload_len, 3);
	memcpy(out.src, guest_g, 16);	/* not pxelab's */
	ck_assert_int_eq(pxl_lan6_send(L.l6, &out), -EADDRNOTAVAIL);
	pxl_lan6_get_stats(L.l6, &st);
	ck_assert_uint_eq(st.to_services, 1);
	lan_down();
}
END_TEST

START_TEST(tftp_to_the_global_address_runs_the_ipv4_service_by_alias)
{
	uint8_t a6[16];
	struct pxl_dgram back;
	struct pxl_ip6 v;

	lan_up(1, 0);
	guest_udp(srv6, 2000, 69, "RRQ");
	ck_assert_int_eq(L.n4, 1);
	ck_assert_uint_eq(L.dg4.src.addr, PXL_LAN6_HANDLE_NET | 1);
	ck_assert_uint_eq(L.dg4.src.port, 2000);
	ck_assert_uint_eq(L.dg4.dst.addr, SRV4);
	guest_udp(srv6, 2000, 69, "again");
	ck_assert_uint_eq(L.dg4.src.addr, PXL_LAN6_HANDLE_NET | 1);	/* same peer, same handle */
	/* reports name the peer behind the handle, and nothing behind others */
	ck_assert_int_eq(pxl_lan6_peer_addr(L.l6, PXL_LAN6_HANDLE_NET | 1, a6), 0);
	ck_assert_mem_eq(a6, guest_g, 16);
	ck_assert_int_eq(pxl_lan6_peer_addr(L.l6, PXL_LAN6_HANDLE_NET | 2, a6), -ENOENT);
	ck_assert_int_eq(pxl_lan6_peer_addr(L.l6, PXL_LAN6_HANDLE_NET, a6), -ENOENT);
	ck_assert_int_eq(pxl_lan6_peer_addr(L.l6, SRV4, a6), -ENOENT);
	ck_assert_int_eq(pxl_lan6_peer_addr(NULL, PXL_LAN6_HANDLE_NET | 1, a6), -ENOENT);
	back = L.dg4;
	back.src = L.dg4.dst;
	back.src.port = 49152;
	back.dst = L.dg4.src;
	back.data = (const uint8_t *)"DATA";
	back.len = 4;
	back.has_mac = 0;
	ck_assert_int_eq(L.tr.ops->send(L.tr.ctx, &back), 0);
	rx_decoded(&v);
	ck_assert(v.is_udp);
	ck_assert_mem_eq(v.src, srv6, 16);
	ck_assert_mem_eq(v.dst, guest_g, 16);
	ck_assert_mem_eq(v.dst_mac, guest_mac, 6);
	ck_assert_uint_eq(v.sport, 49152);
	ck_assert_uint_eq(v.dport, 2000);
	guest_udp(srv6, 2000, 70, "no service");
	ck_assert_int_eq(L.n4, 2);
	lan_down();
}
END_TEST

START_TEST(malformed_frames_reach_no_service)
{
	struct pxl_ip6_spec sp = { 0 };
	struct pxl_lan6_stats st;
	struct pxl_ip6 v;
	uint8_t f[256];
	size_t n;

	lan_up(1, 0);
	memcpy(sp.src_mac, guest_mac, 6);
	pxl_ip6_multicast_mac(all_dhcp, sp.dst_mac);
	memcpy(sp.src, guest_ll, 16);
	memcpy(sp.dst, all_dhcp, 16);
	n = pxl_ip6_build_udp(f, sizeof(f), &sp, 546, 547, "solicit", 7);
	f[n - 1] ^= 1;					/* bad checksum */
	pxl_segment_input(L.seg, L.port, f, n);
	f[n - 1] ^= 1;
	pxl_put_be16(f + PXL_ETH_HLEN + 4, 200);	/* payload length past the frame */
	pxl_segment_input(L.seg, L.port, f, n);
	ck_assert_int_eq(pxl_ip6_decode(f, n, &v, NULL), -EINVAL);
	ck_assert_int_eq(pxl_ip6_decode(f, PXL_ETH_HLEN + 39, &v, NULL), -EINVAL);
	pxl_segment_input(L.seg, L.port, f, PXL_ETH_HLEN + 39);
	pxl_put_be16(f + PXL_ETH_HLEN + 4, 15);		/* the IPv6 payload length right again */
	pxl_put_be16(f + PXL_ETH_HLEN + 40 + 4, 40);	/* UDP length past the IPv6 payload */
	ck_assert_int_eq(pxl_ip6_decode(f, n, &v, NULL), -EINVAL);
	pxl_segment_input(L.seg, L.port, f, n);
	ck_assert_int_eq(L.n6, 0);
	pxl_lan6_get_stats(L.l6, &st);
	ck_assert_uint_eq(st.malformed, 4);
	ck_assert_int_eq(pxl_ip6_decode(f, 10, &v, NULL), -ENOENT);
	lan_down();
}
END_TEST

/**
 * ext_frame() - an Ethernet/IPv6 frame with one 8-byte extension header before an ICMPv6 MLD report
 * @f:     out: 70 bytes
 * @nh:    the extension header's type (0 hop-by-hop, 44 fragment)
 * @ext:   its 8 bytes (next header first)
 * @plen:  the IPv6 payload length written
 *
 * Return: the frame length.
 */
static size_t ext_frame(uint8_t *f, uint8_t nh, const uint8_t ext[8], uint16_t plen)
{
	memset(f, 0, 70);
	pxl_put_be16(f + 12, PXL_ETHERTYPE_IPV6);
	f[PXL_ETH_HLEN] = 0x60;
	pxl_put_be16(f + PXL_ETH_HLEN + 4, plen);
	f[PXL_ETH_HLEN + 6] = nh;
	f[PXL_ETH_HLEN + 7] = 1;
	memcpy(f + PXL_ETH_HLEN + 40, ext, 8);
	f[PXL_ETH_HLEN + 48] = 143;	/* MLDv2 report */
	return 70;
}

/* the one decoder (net/ip6.c, also the wire observer's): extension headers
 * walked to the upper layer, a fragment marked and not decoded, each
 * extension header's length checked against the payload */
START_TEST(decoder_walks_extension_headers)
{
	static const uint8_t hbh[8] = { 58, 0, 5, 2, 0, 0, 1, 0 };	/* router alert, as MLD sends */
	static const uint8_t frag[8] = { 58, 0, 0, 8, 0, 0, 0, 1 };	/* offset 1 */
	static const uint8_t long_hbh[8] = { 58, 2, 1, 4, 0, 0, 0, 0 };	/* 24 bytes, 16 there */
	struct pxl_ip6 v;
	const char *why = NULL;
	uint8_t f[70];
	size_t n;

	n = ext_frame(f, 0, hbh, 16);
	ck_assert_int_eq(pxl_ip6_decode(f, n, &v, &why), 0);
	ck_assert(v.is_icmp && !v.frag);
	ck_assert_uint_eq(v.next, 58);
	ck_assert_uint_eq(v.icmp_type, 143);
	ck_assert_ptr_eq(v.l4, f + PXL_ETH_HLEN + 48);
	ck_assert_uint_eq(v.l4_len, 8);
	ck_assert_int_eq(pxl_ip6_decode_l3(f + PXL_ETH_HLEN, n - PXL_ETH_HLEN, &v, &why), 0);
	ck_assert(v.is_icmp && !v.dst_mac);
	n = ext_frame(f, 44, frag, 16);
	ck_assert_int_eq(pxl_ip6_decode(f, n, &v, &why), 0);
	ck_assert(v.frag && !v.is_icmp && !v.is_udp);
	ck_assert(!pxl_ip6_l4_csum_ok(&v));
	n = ext_frame(f, 0, long_hbh, 16);
	ck_assert_int_eq(pxl_ip6_decode(f, n, &v, &why), -EINVAL);
	ck_assert_str_eq(why, "IPv6 extension header past end");
	n = ext_frame(f, 0, hbh, 4);
	ck_assert_int_eq(pxl_ip6_decode(f, n, &v, &why), -EINVAL);
	ck_assert_str_eq(why, "IPv6 extension header truncated");
	n = ext_frame(f, 0, hbh, 16);
	f[PXL_ETH_HLEN] = 0x40;
	ck_assert_int_eq(pxl_ip6_decode(f, n, &v, &why), -EINVAL);
	ck_assert_str_eq(why, "IPv6 version is not 6");
}
END_TEST

/* a scenario's lan6 line and dhcp6 block as the engine starts them: a SOLICIT from
 * OVMF (vendor class PXEClient, no user class) gets an ADVERTISE with the boot file
 * URL of the 'otherwise' rule at pxelab's address; iPXE's (user class iPXE) the other */
START_TEST(dhcp6_block_answers_on_the_lan)
{
	static const char text[] =
		"scenario t\nlan6 fd00::/64 only\ndhcp6 builtin\n  pool fd00::100 - fd00::1ff\n"
		"  when user-class \"iPXE\" file \"boot.ipxe\"\n  otherwise file \"snponly.efi\"\n"
		"client pc1\nstage 1 \"s\"\n  expect console \"x\"\n";
	static const uint8_t duid[] = { 0, 3, 0, 1, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	char err[256] = "", hint[64];
	struct pxl_server_env env = { .error = err, .errlen = sizeof(err), .hint = hint, .hintlen = sizeof(hint) };
	struct pxl_ipv6_run *run = NULL;
	struct dhcp6_build b;
	struct scn_diag d;
	struct scn_list list;
	struct dhcp6_msg m;
	const uint8_t *url;
	const char *want;
	uint8_t a6[16];
	char a6s[PXL_IP6_STR];
	struct pxl_ip6 v;
	size_t n;
	int pass;

	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_buffer("t.scn", text, strlen(text), NULL, &list, &d), 0);
	memset(&L, 0, sizeof(L));
	L.loop = pxl_loop_new();
	L.seg = pxl_segment_new();
	L.port = pxl_segment_add_port(L.seg, "pc1", guest_rx, NULL);
	env.sc = list.s[0];
	scn_lan6_host(env.sc, 0x0a000205, a6);	/* the namespace's tgt: x.x.x.5 -> fd00::5 */
	ck_assert_str_eq(pxl_ip6_str(a6, a6s), "fd00::5");
	env.loop = L.loop;
	env.seg = L.seg;
	ck_assert_msg(pxl_ipv6_start(&env, &run) == 0, "%s", err);
	for (pass = 0; pass < 2; pass++) {
		dhcp6_build_init(&b, DHCP6_SOLICIT, 0x1234 + (uint32_t)pass);
		dhcp6_put(&b, DHCP6_OPT_CLIENTID, duid, sizeof(duid));
		dhcp6_put(&b, DHCP6_OPT_IA_NA, (const uint8_t[12]){ 0, 0, 0, 1 }, 12);
		if (pass)
			dhcp6_put(&b, DHCP6_OPT_USER_CLASS, (const uint8_t[]){ 0, 4, 'i', 'P', 'X', 'E' }, 6);
		ck_assert(!b.overflow);
		guest_payload(all_dhcp, 546, 547, b.buf, b.len);
		ck_assert_int_eq(pxl_ip6_decode(L.rx, L.rx_len, &v, NULL), 0);
		ck_assert(v.is_udp);
		ck_assert_uint_eq(v.dport, 546);
		ck_assert_mem_eq(v.dst, guest_ll, 16);
		ck_assert_int_eq(dhcp6_msg_parse(&m, v.payload, v.payload_len), 0);
		ck_assert_uint_eq(m.type, DHCP6_ADVERTISE);
		url = dhcp6_msg_opt(&m, DHCP6_OPT_BOOTFILE_URL, &n);
		ck_assert_ptr_nonnull(url);
		want = pass ? "tftp://[fd00::2]/boot.ipxe" : "tftp://[fd00::2]/snponly.efi";
		ck_assert_uint_eq(n, strlen(want));
		ck_assert_mem_eq(url, want, n);
	}
	pxl_ipv6_stop(run);
	pxl_segment_free(L.seg);
	pxl_loop_free(L.loop);
	scn_list_free(&list);
}
END_TEST

/** lan6_suite() - the suite */
static Suite *lan6_suite(void)
{
	Suite *s = suite_create("lan6");
	TCase *tc = tcase_create("lan6");

	tcase_add_test(tc, rs_gets_an_ra_at_once_with_the_flags);
	tcase_add_test(tc, ns_for_own_address_gets_na_others_do_not);
	tcase_add_test(tc, dhcp6_multicast_reaches_the_service_and_the_reply_the_guest);
	tcase_add_test(tc, tftp_to_the_global_address_runs_the_ipv4_service_by_alias);
	tcase_add_test(tc, malformed_frames_reach_no_service);
	tcase_add_test(tc, decoder_walks_extension_headers);
	tcase_add_test(tc, dhcp6_block_answers_on_the_lan);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(lan6_suite)
