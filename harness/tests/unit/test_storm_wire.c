/* test_storm_wire.c - a storm's wire facts (OFFERs, a DHCP server's address probes, TCP resets) and their words */
#include <string.h>

#include "net/packet.h"
#include "services/dhcp/dhcp_msg.h"
#include "engine/storm_wire.h"
#include "testlib.h"

#define SERVER 0x0a000005u	/* 10.0.0.5: the external servers' namespace */
#define INITIATOR 0x0a0000fdu	/* 10.0.0.253: the storm's initiators */
#define POOL_START 0x0a000401u	/* 10.0.4.1 */
#define POOL_END 0x0a0007fau	/* 10.0.7.250 */
#define S 1000000000ull

static const uint8_t server_mac[6] = { 0x02, 0x50, 0x58, 0x4c, 0x00, 0x05 };
static const uint8_t client_mac[6] = { 0x02, 0x53, 0x00, 0x00, 0x00, 0x07 };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/** ip_reproto() - make a built UDP frame another IPv4 protocol (header checksum redone) */
static void ip_reproto(uint8_t *f, uint8_t proto)
{
	uint16_t sum;

	f[14 + 9] = proto;
	f[24] = f[25] = 0;
	sum = pxl_csum_fold(pxl_csum_partial(f + 14, 20, 0));
	f[24] = (uint8_t)(sum >> 8);
	f[25] = (uint8_t)sum;
}

/** dhcp() - a DHCP frame of @type: a DISCOVER from the client, or a reply yiaddr @yi from the server */
static size_t dhcp(uint8_t *f, uint8_t type, uint32_t yi)
{
	struct dhcp_hdr h = { .op = type == 1 ? DHCP_BOOTREQUEST : DHCP_BOOTREPLY, .htype = 1, .hlen = 6,
			      .yiaddr = yi };
	struct pxl_udp_spec sp = { .src_ip = type == 1 ? 0 : SERVER, .dst_ip = 0xffffffffu,
				   .sport = type == 1 ? 68 : 67, .dport = type == 1 ? 67 : 68 };
	struct dhcp_build b;
	uint8_t pl[600];
	int n;

	memcpy(sp.src_mac, type == 1 ? client_mac : server_mac, 6);
	memcpy(sp.dst_mac, bcast, 6);
	dhcp_build_init(&b, &h);
	dhcp_build_u8(&b, 53, type);
	n = dhcp_build_finish(&b, pl, sizeof(pl), sizeof(pl));
	ck_assert_int_gt(n, 0);
	return pxl_build_udp(f, 1514, &sp, pl, (size_t)n);
}

/** tcp_or_icmp() - a TCP segment with @flags (proto 6) or an ICMP echo request (proto 1) */
static size_t tcp_or_icmp(uint8_t *f, uint8_t proto, uint32_t src, uint32_t dst, uint16_t sport, uint8_t flags)
{
	struct pxl_udp_spec sp = { .src_ip = src, .dst_ip = dst, .sport = sport, .dport = 40000 };
	uint8_t pl[12] = { 0 };
	size_t n;

	memcpy(sp.src_mac, server_mac, 6);
	memcpy(sp.dst_mac, bcast, 6);
	pl[4] = 0x50;		/* TCP data offset 5 (the UDP header is the TCP header's first 8 bytes) */
	pl[5] = flags;
	n = pxl_build_udp(f, 1514, &sp, pl, sizeof(pl));
	ip_reproto(f, proto);
	return n;
}

START_TEST(dhcp_probes_before_offers_are_counted_once)
{
	struct pxl_storm_wire w;
	uint8_t f[1514];
	char words[1024];

	ck_assert_int_eq(pxl_storm_wire_init(&w, POOL_START, POOL_END, 10 * S), 0);
	pxl_storm_wire_frame(&w, 10 * S, f, dhcp(f, 1, 0));
	pxl_storm_wire_frame(&w, 10 * S, f, dhcp(f, 1, 0));
	/* the server ARPs for 10.0.4.7 twice (the kernel's retries) and 10.0.4.8 once */
	pxl_storm_wire_frame(&w, 11 * S, f, pxl_build_arp(f, PXL_ARP_REQUEST, server_mac, SERVER, NULL, 0x0a000407u));
	pxl_storm_wire_frame(&w, 12 * S, f, pxl_build_arp(f, PXL_ARP_REQUEST, server_mac, SERVER, NULL, 0x0a000407u));
	pxl_storm_wire_frame(&w, 13 * S, f, pxl_build_arp(f, PXL_ARP_REQUEST, server_mac, SERVER, NULL, 0x0a000408u));
	pxl_storm_wire_frame(&w, 14 * S, f, dhcp(f, 2, 0x0a000407u));
	/* after the OFFER an ARP for 10.0.4.7 reaches the client: not a probe; nor a client's own ARP,
	 * nor an address outside the pool */
	pxl_storm_wire_frame(&w, 15 * S, f, pxl_build_arp(f, PXL_ARP_REQUEST, server_mac, SERVER, NULL, 0x0a000407u));
	pxl_storm_wire_frame(&w, 15 * S, f, pxl_build_arp(f, PXL_ARP_REQUEST, client_mac, 0x0a000407u, NULL, 0x0a000409u));
	pxl_storm_wire_frame(&w, 15 * S, f, pxl_build_arp(f, PXL_ARP_REQUEST, server_mac, SERVER, NULL, 0x0a000002u));
	/* an ICMP echo to a pool address is a probe too */
	pxl_storm_wire_frame(&w, 16 * S, f, tcp_or_icmp(f, PXL_IPPROTO_ICMP, SERVER, 0x0a00040au, 0x0800, 0));
	ck_assert_uint_eq(w.discovers, 2);
	ck_assert_uint_eq(w.offers, 1);
	ck_assert_uint_eq(w.probes, 3);
	ck_assert_uint_eq(w.arp_probes, 3);
	ck_assert_uint_eq(w.echo_probes, 1);
	ck_assert_uint_gt(pxl_storm_wire_dhcp_words(&w, "kea", words, sizeof(words)), 0);
	ck_assert_str_eq(words, "on the wire over the whole storm, DHCP kea sent 1 OFFERs for 2 DISCOVERs and probed 3 pool addresses "
			 "first (3 ARP requests, 1 ICMP echo; the first from 10.0.0.5 for 10.0.4.7 at 1.000 s)");
	pxl_storm_wire_dhcp_words(&w, "dnsmasq", words, sizeof(words));
	ck_assert_msg(strstr(words, "at 1.000 s): dnsmasq's ping check: before offering an address it pings it "
			     "and waits up to 3 s") != NULL, "%s", words);
	ck_assert_uint_eq(pxl_storm_wire_iscsi_words(&w, "tgt", words, sizeof(words)), 0);
	ck_assert_uint_eq(pxl_storm_wire_udp_words(&w, words, sizeof(words)), 0);	/* not known */
	w.has_udp_drops = 1;
	ck_assert_uint_eq(pxl_storm_wire_udp_words(&w, words, sizeof(words)), 0);	/* none dropped */
	w.udp_drops = 2807;
	ck_assert_uint_gt(pxl_storm_wire_udp_words(&w, words, sizeof(words)), 0);
	ck_assert_str_eq(words, "the servers' namespace dropped 2807 UDP datagrams over the whole storm, their "
			 "sockets' receive buffers full (Udp RcvbufErrors)");
	/* a short buffer is cut, never overrun */
	ck_assert_uint_eq(pxl_storm_wire_dhcp_words(&w, "kea", words, 10), 9);
	ck_assert_str_eq(words, "on the wi");
	pxl_storm_wire_free(&w);
}
END_TEST

START_TEST(dhcp_words_without_probes_or_discovers)
{
	struct pxl_storm_wire w;
	uint8_t f[1514];
	char words[256] = "x";

	ck_assert_int_eq(pxl_storm_wire_init(&w, 0, 0, 0), 0);	/* no pool: no map, no probes */
	ck_assert_uint_eq(pxl_storm_wire_dhcp_words(&w, "builtin", words, sizeof(words)), 0);
	pxl_storm_wire_frame(&w, S, f, pxl_build_arp(f, PXL_ARP_REQUEST, server_mac, SERVER, NULL, 0x0a000407u));
	pxl_storm_wire_frame(&w, S, f, dhcp(f, 1, 0));
	pxl_storm_wire_frame(&w, S, f, dhcp(f, 1, 0));
	pxl_storm_wire_frame(&w, S, f, dhcp(f, 2, 0x0a000407u));
	ck_assert_uint_eq(w.probes, 0);
	pxl_storm_wire_dhcp_words(&w, "builtin", words, sizeof(words));
	ck_assert_str_eq(words, "on the wire over the whole storm, DHCP builtin sent 1 OFFERs for 2 DISCOVERs");
	pxl_storm_wire_frame(&w, S, f, 3);	/* a runt is ignored */
	pxl_storm_wire_free(&w);
}
END_TEST

START_TEST(resets_to_the_initiators_name_their_sender)
{
	struct pxl_storm_wire w;
	uint8_t f[1514];
	char words[512];

	ck_assert_int_eq(pxl_storm_wire_init(&w, POOL_START, POOL_END, 2 * S), 0);
	w.initiator = INITIATOR;
	pxl_storm_wire_frame(&w, 2 * S, f, tcp_or_icmp(f, PXL_IPPROTO_TCP, SERVER, INITIATOR, 3260, PXL_TCP_SYN | 0x10));
	pxl_storm_wire_frame(&w, 3 * S + 500000000ull, f,
			     tcp_or_icmp(f, PXL_IPPROTO_TCP, SERVER, INITIATOR, 3260, PXL_TCP_RST));
	pxl_storm_wire_frame(&w, 4 * S, f, tcp_or_icmp(f, PXL_IPPROTO_TCP, SERVER, INITIATOR, 3260, PXL_TCP_RST | 0x10));
	pxl_storm_wire_frame(&w, 4 * S, f, tcp_or_icmp(f, PXL_IPPROTO_TCP, SERVER, 0x0a000409u, 3260, PXL_TCP_RST));
	ck_assert_uint_eq(w.rsts, 2);
	ck_assert_uint_gt(pxl_storm_wire_iscsi_words(&w, "tgt", words, sizeof(words)), 0);
	ck_assert_str_eq(words, "on the wire over the whole storm, 2 TCP resets to the initiators (target: tgt); the first from "
			 "10.0.0.5:3260 (MAC 02:50:58:4c:00:05) at 1.500 s");
	pxl_storm_wire_free(&w);
}
END_TEST

/** storm_wire_suite() - the suite */
static Suite *storm_wire_suite(void)
{
	Suite *s = suite_create("storm_wire");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, dhcp_probes_before_offers_are_counted_once);
	tcase_add_test(tc, dhcp_words_without_probes_or_discovers);
	tcase_add_test(tc, resets_to_the_initiators_name_their_sender);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(storm_wire_suite)
