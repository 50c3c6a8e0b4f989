/* test_peers_wire.c - a capture read for the comparison: exchanges, findings, explanations
 *
 * fixtures/captures/uefi-native-pxe-dnsmasq-tgt.pcap is OVMF + snponly.efi
 * against dnsmasq and tgt in a namespace with no IPv6 router: dnsmasq
 * puts the NBP in option 67 only, iPXE waits ~3 s for ProxyDHCP (no
 * PXEClient, no 175.176) and ~12.8 s between its ACK and the iSCSI SYN.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare.h"
#include "core/util.h"
#include "testlib.h"

static const uint8_t pc1[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/**
 * read_capture() - analyse the fixture capture for pc1
 * @w: out
 */
static void read_capture(struct pxl_cmp_wire *w)
{
	char err[256] = "";

	ck_assert_msg(pxl_cmp_wire_read("fixtures/captures/uefi-native-pxe-dnsmasq-tgt.pcap", pc1, w, err,
					sizeof(err)) == 0, "%s", err);
}

START_TEST(test_firmware_exchange)
{
	struct pxl_cmp_wire w;
	const struct pxl_cmp_phase *fw = &w.ph[PXL_PHASE_FW];

	read_capture(&w);
	ck_assert_int_eq(fw->discovers, 1);
	ck_assert_int_eq(fw->offers, 1);
	ck_assert_int_eq(fw->acks, 1);
	ck_assert(fw->do_ms > 0.5 && fw->do_ms < 5);
	ck_assert(fw->ra_ms > 0.5 && fw->ra_ms < 5);
	ck_assert_str_eq(fw->file, "");
	ck_assert_str_eq(fw->opt67, "snponly.efi");
	ck_assert_uint_eq(fw->siaddr, 0x0a000202);
	ck_assert_int_eq(fw->pxeclient, 0);
	ck_assert_int_eq(fw->bcast_flag, 1);
	ck_assert_int_eq(fw->bcast_reply, 1);
	ck_assert_uint_eq(fw->server_id, 0x0a000202);
	ck_assert_uint_eq(fw->lease, 3600);
}
END_TEST

START_TEST(test_ipxe_exchange)
{
	struct pxl_cmp_wire w;
	const struct pxl_cmp_phase *ip = &w.ph[PXL_PHASE_IPXE];
	double wait;

	read_capture(&w);
	ck_assert_int_eq(ip->discovers, 2);
	ck_assert_int_eq(ip->early_discovers, 1);
	ck_assert_int_eq(ip->acks, 1);
	ck_assert_int_eq(ip->pxeclient, 0);
	ck_assert_int_eq(ip->no_pxedhcp, 0);
	ck_assert_str_eq(ip->root_path, "iscsi:10.0.2.2:::1:iqn.2026-11.test:disk1");
	wait = (double)(ip->t_request - ip->t_offer) / 1e9;
	ck_assert_msg(wait > 2.9 && wait < 3.1, "offer->request %.3f s", wait);
	ck_assert_uint_eq(w.router_adverts, 0);
	ck_assert(w.t_iscsi_syn > ip->t_ack);
}
END_TEST

START_TEST(test_explanations)
{
	struct pxl_cmp_wire w;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	read_capture(&w);
	pxl_cmp_explain(&w, f, "- ");
	pxl_cmp_findings(&w, 1, f, "- ");
	fclose(f);
	ck_assert_msg(strstr(text, "- iPXE waited ~3.0 s for ProxyDHCP: the offer lacks option 60 PXEClient"), "%s", text);
	ck_assert_msg(strstr(text, "- iPXE waited 12.8 s between its DHCP ACK and the iSCSI connection: no IPv6 router "
			    "advertisement was seen"), "%s", text);
	ck_assert_msg(strstr(text, "file field \"\", option 67 \"snponly.efi\""), "%s", text);
	ck_assert_msg(!strstr(text, "took"), "no slow OFFER here: %s", text);
	free(text);
	/* a chain without iPXE (GRUB, pxelinux): no line about an iPXE exchange that never happened */
	memset(&w.ph[PXL_PHASE_IPXE], 0, sizeof(w.ph[PXL_PHASE_IPXE]));
	f = open_memstream(&text, &len);
	pxl_cmp_findings(&w, 0, f, "- ");
	fclose(f);
	ck_assert_msg(strstr(text, "- firmware DHCP (server id") && !strstr(text, "iPXE"), "%s", text);
	free(text);
	f = open_memstream(&text, &len);
	pxl_cmp_findings(&w, 1, f, "- ");
	fclose(f);
	ck_assert_msg(strstr(text, "- iPXE DHCP: no answer seen (0 DISCOVER, 0 REQUEST)"), "%s", text);
	free(text);
}
END_TEST

/* which scenarios describe a chain through iPXE */
START_TEST(test_chain_has_ipxe)
{
	static const struct {
		const char *body;
		int ipxe;
	} rows[] = {
		{ "client pc1 firmware bios nic e1000 pxe ipxe-rom\n", 1 },
		{ "dhcp builtin\n pool 10.0.2.10 - 10.0.2.20\n when user-class \"iPXE\" root-path \"x\"\n"
		  " otherwise file snponly.efi\nclient pc1\n", 1 },
		{ "client pc1\nstage 1 \"s\"\n expect dhcp discover from pc1 ipxe-feature iscsi\n", 1 },
		{ "client pc1\nstage 1 \"s\"\n expect console ~ \"iPXE [0-9.]+\"\n", 1 },
		{ "dhcp builtin\n pool 10.0.2.10 - 10.0.2.20\n otherwise file grubx64.efi\nclient pc1\n"
		  "stage 1 \"s\"\n expect tftp transfer \"grubx64.efi\" complete\n expect console \"grub\"\n", 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		char text[1024];
		struct scn_list list;
		struct scn_diag d;

		snprintf(text, sizeof(text), "scenario t\n%s%s", rows[i].body,
			 strstr(rows[i].body, "stage") ? "" : "stage 1 \"s\"\n expect console x\n");
		scn_diag_init(&d);
		ck_assert_msg(scn_parse_buffer("t.scn", text, strlen(text), NULL, &list, &d) == 0, "%s", text);
		scn_diag_free(&d);
		ck_assert_msg(pxl_cmp_chain_has_ipxe(list.s[0]) == rows[i].ipxe, "row %zu: %s", i, text);
		scn_list_free(&list);
	}
}
END_TEST

START_TEST(test_not_a_capture)
{
	struct pxl_cmp_wire w;
	char err[256] = "";

	ck_assert_int_ne(pxl_cmp_wire_read("fixtures/peers/dnsmasq.conf.in", pc1, &w, err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, "not an Ethernet pcap"), "%s", err);
	ck_assert_int_ne(pxl_cmp_wire_read("fixtures/no-such.pcap", pc1, &w, err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, "No such file"), "%s", err);
}
END_TEST

/* pxelab's own sanboot-http capture: the HTTP findings, and what a second server differing in
 * its Server and Connection fields is said to differ in (and nothing else) */
START_TEST(test_http_findings_and_diff)
{
	struct pxl_compare *c = calloc(1, sizeof(*c));
	struct pxl_cmp_http *h;
	char err[256] = "", *text = NULL;
	size_t len;
	FILE *m;

	ck_assert_ptr_nonnull(c);
	ck_assert_msg(pxl_cmp_wire_read("fixtures/captures/pxelab-sanboot-http.pcap", pc1, &c->srv[0].runs[0].wire,
					err, sizeof(err)) == 0, "%s", err);
	h = &c->srv[0].runs[0].wire.http;
	ck_assert_uint_eq(h->conns, 2);		/* HEAD's, then the reads' */
	ck_assert_uint_ge(h->requests, 3);
	ck_assert_uint_eq(h->incomplete, 0);
	ck_assert_str_eq(h->server, "pxelab");
	ck_assert_str_eq(h->conn, "");
	ck_assert_uint_eq(h->ans[PXL_HTTP_HEAD].status, 200);
	ck_assert_str_eq(h->ans[PXL_HTTP_HEAD].clen, "33554432");
	ck_assert_uint_eq(h->ans[PXL_HTTP_RANGE].status, 206);
	ck_assert_ptr_nonnull(strstr(h->ans[PXL_HTTP_RANGE].crange, "/33554432"));
	ck_assert(h->t_last > h->t_first);
	c->srv[0].nruns = c->srv[1].nruns = 1;
	c->nsrv = 2;
	snprintf(c->srv[0].name, sizeof(c->srv[0].name), "builtin+builtin");
	snprintf(c->srv[1].name, sizeof(c->srv[1].name), "builtin+nginx");
	c->srv[1].runs[0] = c->srv[0].runs[0];
	h = &c->srv[1].runs[0].wire.http;
	snprintf(h->server, sizeof(h->server), "nginx/1.22.1");
	snprintf(h->conn, sizeof(h->conn), "keep-alive");
	m = open_memstream(&text, &len);
	pxl_cmp_http_diff(c, m, 0);
	fclose(m);
	ck_assert_ptr_nonnull(strstr(text, "HTTP, what differed between the servers"));
	ck_assert_ptr_nonnull(strstr(text, "Server field:\n      builtin+builtin: pxelab\n      builtin+nginx: nginx/1.22.1\n"));
	ck_assert_ptr_nonnull(strstr(text, "builtin+nginx: 2 connection(s) for"));
	ck_assert_ptr_nonnull(strstr(text, "Connection field keep-alive"));
	ck_assert_ptr_null(strstr(text, "HEAD answer"));	/* the same: not said */
	ck_assert_ptr_null(strstr(text, "Range answer"));
	free(text);
	free(c);
}
END_TEST

START_TEST(test_dhcp6_findings)
{
	struct pxl_cmp_wire w;
	const struct pxl_cmp_v6_ex *fw = &w.v6.ex[PXL_V6_FW], *ad = &w.v6.ex[PXL_V6_ADDR], *ip = &w.v6.ex[PXL_V6_IPXE];
	char err[256] = "", *text = NULL;
	size_t len;
	FILE *m;

	/* pxelab's own DHCPv6 server on pxe6-to-ipxe: OVMF's two exchanges and iPXE's, pxelab's RAs */
	ck_assert_msg(pxl_cmp_wire_read("fixtures/captures/pxelab-pxe6-to-ipxe.pcap", pc1, &w, err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert_int_eq(fw->solicits, 1);
	ck_assert_int_eq(fw->replies, 1);
	ck_assert_str_eq(fw->url, "tftp://[fd00::2]/snponly.efi");
	ck_assert_str_eq(fw->pref, "255");
	ck_assert(fw->sa_ms >= 0 && fw->sa_ms < 100 && fw->rr_ms >= 0 && fw->rr_ms < 100);
	ck_assert_int_eq(ad->solicits, 1);
	ck_assert_int_eq(ad->answered, 1);
	ck_assert_int_eq(ip->solicits, 1);
	ck_assert_str_eq(ip->url, "tftp://[fd00::2]/boot.ipxe");	/* the capture predates v6-sanboot.ipxe */
	ck_assert_int_eq(ip->rapid, 0);
	ck_assert_uint_gt(w.v6.ras, 0);
	ck_assert_ptr_nonnull(strstr(w.v6.ra_first, "M=1 O=1"));
	ck_assert_str_eq(w.v6.ra_macs, "52:56:0a:00:02:02");
	m = open_memstream(&text, &len);
	pxl_cmp_v6_findings(&w.v6, m, "- ");
	fclose(m);
	ck_assert_ptr_nonnull(strstr(text, "- router advertisements: "));
	ck_assert_ptr_nonnull(strstr(text, "- firmware DHCPv6 (boot): 1 SOLICIT, 1 ADVERTISE, 1 REQUEST, 1 REPLY; "
					 "option 59 \"tftp://[fd00::2]/snponly.efi\"; option 16 absent; preference 255"));
	ck_assert_ptr_nonnull(strstr(text, "- firmware DHCPv6 (address only): "));
	ck_assert_ptr_nonnull(strstr(text, "- iPXE DHCPv6: 1 SOLICIT"));
	free(text);
}
END_TEST

/** wire_suite() - the suite */
static Suite *wire_suite(void)
{
	Suite *s = suite_create("peers_wire");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_firmware_exchange);
	tcase_add_test(tc, test_ipxe_exchange);
	tcase_add_test(tc, test_chain_has_ipxe);
	tcase_add_test(tc, test_explanations);
	tcase_add_test(tc, test_not_a_capture);
	tcase_add_test(tc, test_http_findings_and_diff);
	tcase_add_test(tc, test_dhcp6_findings);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(wire_suite)
