/* test_hostile.c - the hostile guest's frames are what their names say; the TCP watch; SHA-256 vectors */
#include <string.h>

#include "core/sha256.h"
#include "core/util.h"
#include "net/hostile.h"
#include "net/syn_watch.h"
#include "services/dhcp/dhcp_msg.h"
#include "services/tftp/tftp_pkt.h"
#include "testlib.h"

/** ctx() - a hostile guest at 10.0.2.66 against 10.0.2.2 and the portal 10.0.2.4:3260 */
static struct pxl_hostile_ctx ctx(void)
{
	struct pxl_hostile_ctx c = { .mac = { 0x52, 0x54, 0, 0x66, 0x66, 0x66 }, .ip = 0x0a000242,
				     .srv_ip = 0x0a000202, .portal_ip = 0x0a000204, .portal_port = 3260,
				     .rng = 12345 };
	return c;
}

/** starts() - Return: 1 if @s begins with @prefix */
static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

START_TEST(header_lies_are_rejected_by_the_decoder)
{
	static const char *const broken[] = { "runt", "truncated", "IPv4 IHL", "IPv4 total", "IPv4 bad",
					      "IPv4 version", "UDP length", "TCP", "ARP truncated" };
	static uint8_t buf[PXL_HOSTILE_FRAME_MAX];
	struct pxl_hostile_ctx c = ctx();
	size_t k, i, checked = 0;

	for (k = 0; k < pxl_hostile_nkinds; k++) {
		const char *name = pxl_hostile_kinds[k].name;
		size_t len = pxl_hostile_kinds[k].build(&c, buf);
		struct pxl_frame f;
		const char *why = NULL;
		int rc = pxl_frame_decode(buf, len, &f, &why);

		ck_assert_msg(len > 0 && len <= PXL_HOSTILE_FRAME_MAX, "%s: length %zu", name, len);
		for (i = 0; i < ARRAY_SIZE(broken); i++) {
			if (!starts(name, broken[i]))
				continue;
			ck_assert_msg(rc != 0 && why, "%s: the decoder accepted it", name);
			checked++;
		}
		if (!strcmp(name, "UDP bad checksum")) {
			ck_assert_int_eq(rc, 0);
			ck_assert_int_eq(pxl_l4_csum_ok(&f), 0);
			checked++;
		}
	}
	ck_assert_uint_ge(checked, 14);
}
END_TEST

START_TEST(dhcp_lies_reach_the_parser_and_are_refused)
{
	static uint8_t buf[PXL_HOSTILE_FRAME_MAX];
	static struct dhcp_msg msg;
	struct pxl_hostile_ctx c = ctx();
	size_t k, n = 0;

	for (k = 0; k < pxl_hostile_nkinds; k++) {
		const char *name = pxl_hostile_kinds[k].name;
		size_t len;
		struct pxl_frame f;

		if (!starts(name, "DHCP"))
			continue;
		len = pxl_hostile_kinds[k].build(&c, buf);
		ck_assert_msg(pxl_frame_decode(buf, len, &f, NULL) == 0 && f.is_udp && f.dport == 67 &&
			      pxl_l4_csum_ok(&f), "%s: does not reach the DHCP server", name);
		ck_assert_msg(dhcp_msg_parse(&msg, f.payload, f.payload_len) != 0,
			      "%s: the DHCP parser accepted it", name);
		n++;
	}
	ck_assert_uint_ge(n, 6);
}
END_TEST

START_TEST(tftp_lies_reach_the_server_port)
{
	static uint8_t buf[PXL_HOSTILE_FRAME_MAX];
	struct pxl_hostile_ctx c = ctx();
	struct tftp_pkt pkt;
	size_t k, n = 0;

	for (k = 0; k < pxl_hostile_nkinds; k++) {
		const char *name = pxl_hostile_kinds[k].name;
		struct pxl_frame f;
		size_t len;

		if (!starts(name, "TFTP"))
			continue;
		len = pxl_hostile_kinds[k].build(&c, buf);
		ck_assert_msg(pxl_frame_decode(buf, len, &f, NULL) == 0 && f.is_udp && f.dport == 69 &&
			      pxl_l4_csum_ok(&f), "%s: does not reach the TFTP server", name);
		if (!strcmp(name, "TFTP request without NUL") || !strcmp(name, "TFTP opcode 9"))
			ck_assert_msg(tftp_pkt_parse(f.payload, f.payload_len, &pkt) != 0,
				      "%s: the TFTP parser accepted it", name);
		n++;
	}
	ck_assert_uint_ge(n, 5);
}
END_TEST

START_TEST(catalogue_is_reproducible)
{
	static uint8_t a[PXL_HOSTILE_FRAME_MAX], b[PXL_HOSTILE_FRAME_MAX];
	struct pxl_hostile_ctx c1 = ctx(), c2 = ctx();
	size_t k;

	for (k = 0; k < pxl_hostile_nkinds; k++) {
		size_t la = pxl_hostile_kinds[k].build(&c1, a), lb = pxl_hostile_kinds[k].build(&c2, b);

		ck_assert_uint_eq(la, lb);
		ck_assert_int_eq(memcmp(a, b, la), 0);
	}
}
END_TEST

START_TEST(syn_watch_tells_connected_from_dropped)
{
	struct pxl_syn_watch *w = pxl_syn_watch_new();
	struct pxl_hostile_ctx guest = ctx(), portal = ctx();
	struct pxl_syn_dest d[4];
	uint8_t f[128];
	size_t len, n, i;

	/* the portal answering: swap the roles */
	portal.ip = guest.portal_ip;
	portal.portal_ip = guest.ip;
	portal.portal_port = 50000;
	len = pxl_hostile_tcp(&guest, f, sizeof(f), 50000, 1, 0, PXL_TCP_SYN, NULL, 0);
	pxl_syn_watch_frame(w, 1, f, len);
	len = pxl_hostile_tcp(&portal, f, sizeof(f), 3260, 9, 2, PXL_TCP_SYN | PXL_TCP_ACK, NULL, 0);
	pxl_syn_watch_frame(w, 2, f, len);
	/* three SYNs to port 8080 that nobody answers */
	guest.portal_port = 8080;
	for (i = 0; i < 3; i++) {
		len = pxl_hostile_tcp(&guest, f, sizeof(f), 50001, 1, 0, PXL_TCP_SYN, NULL, 0);
		pxl_syn_watch_frame(w, 3 + i, f, len);
	}
	n = pxl_syn_watch_results(w, d, 4);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(d[0].port, 3260);
	ck_assert_str_eq(pxl_syn_dest_verdict(&d[0]), "connected");
	ck_assert_uint_eq(d[1].port, 8080);
	ck_assert_uint_eq(d[1].syns, 3);
	ck_assert_uint_eq(d[1].first_ns, 3);
	ck_assert_uint_eq(d[1].last_ns, 5);
	ck_assert_str_eq(pxl_syn_dest_verdict(&d[1]), "dropped");
	pxl_syn_watch_free(w);
}
END_TEST

START_TEST(sha256_known_answers)
{
	static const struct {
		const char *in;
		const char *hex;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};
	struct pxl_sha256 c;
	uint8_t d[PXL_SHA256_LEN];
	char hex[PXL_SHA256_HEX];
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		pxl_sha256_init(&c);
		for (k = 0; v[i].in[k]; k++) /* byte by byte: exercises the partial block path */
			pxl_sha256_update(&c, v[i].in + k, 1);
		pxl_sha256_final(&c, d);
		pxl_sha256_hex(d, hex);
		ck_assert_str_eq(hex, v[i].hex);
	}
	pxl_sha256_init(&c);
	for (i = 0; i < 1000000 / 100; i++) {
		static const char a100[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
					   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
		pxl_sha256_update(&c, a100, 100);
	}
	pxl_sha256_final(&c, d);
	pxl_sha256_hex(d, hex);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	ck_assert_int_lt(pxl_sha256_file("/nonexistent/pxelab", hex), 0);
}
END_TEST

/** hostile_suite() - the suite */
static Suite *hostile_suite(void)
{
	Suite *s = suite_create("hostile");
	TCase *tc = tcase_create("hostile");

	tcase_add_test(tc, header_lies_are_rejected_by_the_decoder);
	tcase_add_test(tc, dhcp_lies_reach_the_parser_and_are_refused);
	tcase_add_test(tc, tftp_lies_reach_the_server_port);
	tcase_add_test(tc, catalogue_is_reproducible);
	tcase_add_test(tc, syn_watch_tells_connected_from_dropped);
	tcase_add_test(tc, sha256_known_answers);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(hostile_suite)
