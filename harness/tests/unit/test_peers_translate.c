/* test_peers_translate.c - a scenario's DHCP policy in dnsmasq/Kea/dhcpd/udhcpd syntax, "cannot express", swapped servers */
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "servers/external_priv.h"
#include "lang/scenario.h"
#include "testlib.h"

static const char base[] =
	"scenario t\n"
	"lan 10.0.2.0/24 gateway 10.0.2.2\n"
	"dhcp builtin\n"
	"  pool 10.0.2.100 - 10.0.2.199\n"
	"  no-pxedhcp\n"
	"  when user-class \"iPXE\" root-path \"iscsi:10.0.2.4::3260:0:iqn.2026-11.org.pxelab:boot\" name ipxe-sanboot\n"
	"  otherwise next-server 10.0.2.2 file \"snponly.efi\" name firmware-nbp\n"
	"tftp builtin root fixtures/tftp\n"
	"iscsi builtin target iqn.2026-11.org.pxelab:boot lun 0 image vm-images/out/uefi-marker.img snapshot\n"
	"client pc1 firmware uefi nic virtio-net pxe native\n"
	"stage 1 \"s\"\n  expect console \"x\"\n";

/**
 * parse() - parse a scenario text, failing the test on errors
 * @text: scenario
 * @list: out
 *
 * Return: the instance.
 */
static struct scenario *parse(const char *text, struct scn_list *list)
{
	struct scn_diag d;
	char msg[512] = "";

	scn_diag_init(&d);
	scn_parse_buffer("t.scn", text, strlen(text), NULL, list, &d);
	if (d.errors)
		scn_msg_format(&d.msg[0], msg, sizeof(msg));
	ck_assert_msg(d.errors == 0 && list->n == 1, "parse failed: %s", msg);
	scn_diag_free(&d);
	return list->s[0];
}

/**
 * translate_role() - one DHCP or DHCPv6 server's translation of @sc, through its provider
 * @sc: scenario
 * @kind: the server
 * @role: SCN_ROLE_DHCP or SCN_ROLE_DHCP6
 * @out: configuration fragment (caller frees)
 * @cannot: cannot-express lines (caller frees)
 */
static void translate_role(const struct scenario *sc, enum scn_server kind, enum scn_role role, struct pxl_buf *out,
			   struct pxl_buf *cannot)
{
	const struct pxl_provider *pv = pxl_provider_of(kind);
	pxl_dhcp_translate_fn fn;
	struct pxl_peer_env env;

	ck_assert_ptr_nonnull(pv);
	ck_assert_ptr_nonnull(pv->program[role]);
	fn = pv->program[role]->translate;
	ck_assert_ptr_nonnull(fn);
	memset(out, 0, sizeof(*out));
	memset(cannot, 0, sizeof(*cannot));
	pxl_peer_env_init(&env, sc, pxl_peers_addr(sc));
	fn(&env, out, cannot);
}

/** translate() - translate_role() for the DHCPv4 server */
static void translate(const struct scenario *sc, enum scn_server kind, struct pxl_buf *out, struct pxl_buf *cannot)
{
	translate_role(sc, kind, SCN_ROLE_DHCP, out, cannot);
}

/** has() - assert that @text contains @needle */
static void has(const struct pxl_buf *b, const char *needle)
{
	ck_assert_msg(strstr(pxl_buf_str(b), needle), "missing \"%s\" in:\n%s", needle, pxl_buf_str(b));
}

START_TEST(test_dnsmasq)
{
	struct scn_list l = { 0 };
	struct pxl_buf o, c;

	translate(parse(base, &l), SCN_SRV_DNSMASQ, &o, &c);
	has(&o, "dhcp-userclass=set:pxl-r1c1,iPXE\n");
	has(&o, "dhcp-option=tag:pxl-r1c1,17,\"iscsi:10.0.2.4::3260:0:iqn.2026-11.org.pxelab:boot\"\n");
	has(&o, "dhcp-boot=tag:!pxl-r1c1,snponly.efi,,10.0.2.2\n");
	has(&o, "dhcp-option=tag:pxl-ipxe,encap:175,176,1b\n");
	ck_assert_str_eq(pxl_buf_str(&c), "");
	pxl_buf_free(&o);
	pxl_buf_free(&c);
	scn_list_free(&l);
}
END_TEST

START_TEST(test_kea)
{
	struct scn_list l = { 0 };
	struct pxl_buf o, c;

	translate(parse(base, &l), SCN_SRV_KEA, &o, &c);
	has(&o, "\"name\": \"pxl-r1\",\n      \"test\": \"option[77].hex == 'iPXE'\"");
	/* root path as hex: "iscsi" = 6973637369 */
	has(&o, "{ \"code\": 17, \"csv-format\": false, \"data\": \"69736373693a31302e302e322e343a3a");
	has(&o, "\"test\": \"not member('pxl-r1')\"");
	has(&o, "\"next-server\": \"10.0.2.2\"");
	has(&o, "\"boot-file-name\": \"snponly.efi\"");
	has(&o, "\"data\": \"b00101\"");
	ck_assert_str_eq(pxl_buf_str(&c), "");
	pxl_buf_free(&o);
	pxl_buf_free(&c);
	scn_list_free(&l);
}
END_TEST

START_TEST(test_isc)
{
	struct scn_list l = { 0 };
	struct pxl_buf o, c;

	translate(parse(base, &l), SCN_SRV_ISC, &o, &c);
	has(&o, "if (exists user-class and option user-class = \"iPXE\") {\n"
		"  option root-path \"iscsi:10.0.2.4::3260:0:iqn.2026-11.org.pxelab:boot\";\n}\n");
	has(&o, "else {\n  filename \"snponly.efi\";\n  next-server 10.0.2.2;\n}\n");
	has(&o, "option ipxe.no-pxedhcp 1;");
	ck_assert_str_eq(pxl_buf_str(&c), "");
	pxl_buf_free(&o);
	pxl_buf_free(&c);
	scn_list_free(&l);
}
END_TEST

/* DHCP option 203 (iPXE's initiator IQN, RFC 4173 sec. 5) in a rule: every
 * server that takes arbitrary options sends it, as text (issue 14 item 3) */
START_TEST(test_option_203)
{
	static const char iqn[] = "iqn.2026-11.org.pxelab:initiator-pc1";
	static const enum scn_server kinds[] = { SCN_SRV_DNSMASQ, SCN_SRV_KEA, SCN_SRV_ISC };
	static const char *const want[][2] = {
		{ "dhcp-option-force=tag:pxl-r1c1,203,\"iqn.2026-11.org.pxelab:initiator-pc1\"", NULL },
		/* "iqn.2026-11.org.pxelab:initiator-pc1" in hex */
		{ "{ \"code\": 203, \"csv-format\": false, \"data\": "
		  "\"69716e2e323032362d31312e6f72672e7078656c61623a696e69746961746f722d706331\" }", NULL },
		{ "option pxl-203 code 203 = text;", "option pxl-203 \"iqn.2026-11.org.pxelab:initiator-pc1\";" },
	};
	char text[2048], from[128];
	struct scn_list l = { 0 };
	struct pxl_buf o, c;
	size_t k;

	snprintf(from, sizeof(from), "root-path \"iscsi:10.0.2.4::3260:0:iqn.2026-11.org.pxelab:boot\" option 203 \"%s\"", iqn);
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(strstr(base, "root-path") - base), base, from,
		 strstr(base, " name ipxe-sanboot"));
	parse(text, &l);
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		translate(l.s[0], kinds[k], &o, &c);
		has(&o, want[k][0]);
		if (want[k][1])
			has(&o, want[k][1]);
		ck_assert_str_eq(pxl_buf_str(&c), "");
		pxl_buf_free(&o);
		pxl_buf_free(&c);
	}
	scn_list_free(&l);
}
END_TEST

START_TEST(test_no_conditions_cannot_express)
{
	struct scn_list l = { 0 };
	struct scenario *sc = parse(base, &l);
	struct pxl_buf o, c;
	char buf[1024];

	translate(sc, SCN_SRV_UDHCPD, &o, &c);
	has(&o, "boot_file snponly.efi\n");
	has(&o, "siaddr 10.0.2.2\n");
	has(&c, "cannot express: rule ipxe-sanboot (when user-class \"iPXE\" -> root-path "
		"iscsi:10.0.2.4::3260:0:iqn.2026-11.org.pxelab:boot): udhcpd has no conditional answers\n");
	ck_assert_msg(!strstr(pxl_buf_str(&o), "6973637369"), "the iPXE root path must not go to everybody");
	pxl_buf_free(&o);
	pxl_buf_free(&c);
	sc->dhcp.kind = SCN_SRV_SLIRP;
	ck_assert_int_eq(pxl_servers_cannot(sc, buf, sizeof(buf)), 1);
	ck_assert_msg(strstr(buf, "libslirp's DHCP has no conditional answers: it offers \"snponly.efi\""), "%s", buf);
	sc->dhcp.kind = SCN_SRV_KEA;
	ck_assert_int_eq(pxl_servers_cannot(sc, buf, sizeof(buf)), 0);
	scn_list_free(&l);
}
END_TEST

START_TEST(test_feature_condition_cannot_express)
{
	const char *p = strstr(base, "user-class \"iPXE\"");
	struct scn_list l = { 0 };
	struct pxl_buf o, c;
	char text[2048];

	ck_assert_ptr_nonnull(p);
	snprintf(text, sizeof(text), "%.*sipxe-feature iscsi%s", (int)(p - base), base, p + strlen("user-class \"iPXE\""));
	translate(parse(text, &l), SCN_SRV_DNSMASQ, &o, &c);
	has(&c, "rule ipxe-sanboot (when ipxe-feature iscsi");
	has(&c, "dnsmasq cannot test ipxe-feature");
	pxl_buf_free(&o);
	pxl_buf_free(&c);
	translate(l.s[0], SCN_SRV_KEA, &o, &c);
	has(&c, "Kea cannot test ipxe-feature");
	pxl_buf_free(&o);
	pxl_buf_free(&c);
	scn_list_free(&l);
}
END_TEST

START_TEST(test_dnsmasq_order_after_two_conditions)
{
	static const char two[] =
		"scenario t\n"
		"dhcp builtin\n"
		"  pool 10.0.2.100 - 10.0.2.199\n"
		"  when user-class \"iPXE\" arch 7 root-path \"iscsi:10.0.2.4::::iqn.x:y\" name a\n"
		"  when arch 7 file \"snponly.efi\" name b\n"
		"  otherwise file \"undionly.kpxe\" name c\n"
		"client pc1\n"
		"stage 1 \"s\"\n  expect console \"x\"\n";
	struct scn_list l = { 0 };
	struct pxl_buf o, c;

	translate(parse(two, &l), SCN_SRV_DNSMASQ, &o, &c);
	has(&c, "cannot express: rule b (when arch 7");
	has(&c, "after a rule with several conditions");
	pxl_buf_free(&o);
	pxl_buf_free(&c);
	translate(l.s[0], SCN_SRV_KEA, &o, &c);
	ck_assert_str_eq(pxl_buf_str(&c), "");
	has(&o, "\"test\": \"option[93].hex == 0x0007 and not member('pxl-r1')\"");
	pxl_buf_free(&o);
	pxl_buf_free(&c);
	scn_list_free(&l);
}
END_TEST

START_TEST(test_copy_moves_tftp_and_iscsi)
{
	struct pxl_peer_opts opts = { .tftp = SCN_SRV_TFTPD_HPA };
	struct scn_list l = { 0 };
	struct scenario *sc = parse(base, &l);
	struct pxl_peer_copy cp;
	const struct scn_action *a;
	char err[256];

	ck_assert_int_eq(pxl_peer_copy_make(sc, SCN_SRV_DNSMASQ, &opts, SCN_SRV_TGT, &cp, err, sizeof(err)), 0);
	ck_assert_int_eq(cp.s.dhcp.kind, SCN_SRV_DNSMASQ);
	ck_assert_int_eq(cp.s.targets[0].kind, SCN_SRV_TGT);
	ck_assert_uint_eq(cp.s.targets[0].lun, 1);
	ck_assert_uint_eq(cp.s.targets[0].addr, 0x0a000205);
	a = pxl_rule_action(&cp.s.dhcp.rules[0], "root-path");
	ck_assert_str_eq(a->value, "iscsi:10.0.2.5::3260:1:iqn.2026-11.org.pxelab:boot");
	a = pxl_rule_action(&cp.s.dhcp.rules[1], "siaddr");
	ck_assert_str_eq(a->value, "10.0.2.5");
	/* the original is untouched */
	ck_assert_int_eq(sc->dhcp.kind, SCN_SRV_BUILTIN);
	ck_assert_int_eq(sc->targets[0].kind, SCN_SRV_BUILTIN);
	ck_assert_str_eq(pxl_rule_action(&sc->dhcp.rules[0], "root-path")->value,
			 "iscsi:10.0.2.4::3260:0:iqn.2026-11.org.pxelab:boot");
	ck_assert_str_eq(pxl_rule_action(&sc->dhcp.rules[1], "siaddr")->value, "10.0.2.2");
	pxl_peer_copy_free(&cp);
	scn_list_free(&l);
}
END_TEST

START_TEST(test_copy_moves_the_lun_of_a_root_path_naming_the_new_portal)
{
	struct scn_list l = { 0 };
	struct pxl_peer_copy cp;
	char text[2048], err[256], *p;

	/* `${iscsi.addr}` under --iscsi tgt: the root path already names tgt's portal; its LUN must still move */
	snprintf(text, sizeof(text), "%s", base);
	p = strstr(text, "iscsi:10.0.2.4:");
	ck_assert_ptr_nonnull(p);
	p[13] = '5';
	ck_assert_int_eq(pxl_peer_copy_make(parse(text, &l), SCN_SRV_BUILTIN, &(struct pxl_peer_opts){ .tftp = SCN_SRV_NONE },
					    SCN_SRV_TGT, &cp, err, sizeof(err)), 0);
	ck_assert_str_eq(pxl_rule_action(&cp.s.dhcp.rules[0], "root-path")->value,
			 "iscsi:10.0.2.5::3260:1:iqn.2026-11.org.pxelab:boot");
	pxl_peer_copy_free(&cp);
	scn_list_free(&l);
}
END_TEST

START_TEST(test_namespace_address_avoids_the_pool)
{
	struct scn_list l = { 0 };
	char text[2048], *p;

	ck_assert_uint_eq(pxl_peers_addr(parse(base, &l)), 0x0a000205);
	scn_list_free(&l);
	snprintf(text, sizeof(text), "%s", base);
	p = strstr(text, "pool 10.0.2.100");
	memcpy(p, "pool 10.0.2.005", 15);
	ck_assert_uint_eq(pxl_peers_addr(parse(text, &l)), 0x0a0002fa);
	scn_list_free(&l);
}
END_TEST

/* pxe6-to-ipxe's dhcp6 block, and rules on the vendor class, the arch and a client */
static const char base6[] =
	"scenario t6\n"
	"lan6 fd00::/64 only ra managed\n"
	"dhcp6 builtin\n"
	"  pool fd00::100 - fd00::1ff\n"
	"  when user-class \"iPXE\"  file \"v6-sanboot.ipxe\" name ipxe-script\n"
	"  when arch 16  file \"http://[fd00::5]/boot.efi\" name http-boot\n"
	"  when vendor-class ~ \"^PXEClient\"  file \"/snponly.efi\" name pxe\n"
	"  when client pc1  file \"pc1.efi\" name only-pc1\n"
	"  otherwise               file \"snponly.efi\" name firmware-nbp\n"
	"tftp builtin root fixtures/tftp\n"
	"client pc1 firmware uefi nic virtio-net pxe native netboot pxe6\n"
	"stage 1 \"s\"\n  expect console \"x\"\n";

START_TEST(test_dnsmasq_dhcp6)
{
	struct scn_list l = { 0 };
	struct pxl_buf o, c;

	translate_role(parse(base6, &l), SCN_SRV_DNSMASQ, SCN_ROLE_DHCP6, &o, &c);
	/* option 15 and 16 (enterprise 343, the one OVMF and iPXE send), option 61 */
	has(&o, "dhcp-userclass=set:pxl-r1c1,iPXE\n");
	has(&o, "dhcp-option=tag:pxl-r1c1,option6:bootfile-url,tftp://[fd00::2]/v6-sanboot.ipxe\n");
	has(&o, "dhcp-match=set:pxl-r2c1,option6:61,16\n");
	has(&o, "dhcp-option=tag:pxl-r2c1,tag:!pxl-r1c1,option6:bootfile-url,http://[fd00::5]/boot.efi\n");
	has(&o, "dhcp-vendorclass=set:pxl-r3c1,enterprise:343,PXEClient\n");
	has(&o, "tag:!pxl-r2c1,option6:bootfile-url,tftp://[fd00::2]/snponly.efi\n");
	has(&o, "dhcp-mac=set:pxl-r4c1,52:54:00:12:34:56\n");
	has(&o, "tag:!pxl-r1c1,tag:!pxl-r2c1,tag:!pxl-r3c1,tag:!pxl-r4c1,option6:bootfile-url,tftp://[fd00::2]/snponly.efi\n");
	ck_assert_ptr_null(strstr(pxl_buf_str(&o), "dhcp-boot"));
	ck_assert_str_eq(pxl_buf_str(&c), "");
	pxl_buf_free(&o);
	pxl_buf_free(&c);
	scn_list_free(&l);
}
END_TEST

START_TEST(test_kea_dhcp6)
{
	struct scn_list l = { 0 };
	struct pxl_buf o, c;

	translate_role(parse(base6, &l), SCN_SRV_KEA, SCN_ROLE_DHCP6, &o, &c);
	has(&o, "\"name\": \"pxl-r1\",\n      \"test\": \"substring(option[15].hex,2,all) == 'iPXE'\"");
	/* option 59 as hex, always sent: "tftp://[fd00::2]/v6-sanboot.ipxe" */
	has(&o, "{ \"code\": 59, \"csv-format\": false, \"data\": \"746674703a2f2f5b666430303a3a325d2f76362d73616e626f6f742e69707865\", \"always-send\": true }");
	has(&o, "\"test\": \"option[61].hex == 0x0010 and not member('pxl-r1')\"");
	has(&o, "\"test\": \"substring(option[16].hex,6,9) == 'PXEClient' and not member('pxl-r1') and not member('pxl-r2')\"");
	has(&o, "\"test\": \"not member('pxl-r1') and not member('pxl-r2') and not member('pxl-r3') and not member('pxl-r4')\"");
	ck_assert_ptr_null(strstr(pxl_buf_str(&o), "boot-file-name"));
	/* Kea's DHCPv6 expressions have no client MAC: rule only-pc1 is said, and left out */
	ck_assert_ptr_null(strstr(pxl_buf_str(&o), "\"pxl-r4\""));
	ck_assert_str_eq(pxl_buf_str(&c), "cannot express: rule only-pc1 (when client \"pc1\" -> file pc1.efi): "
			 "Kea's DHCPv6 server cannot test client this way\n");
	pxl_buf_free(&o);
	pxl_buf_free(&c);
	scn_list_free(&l);
}
END_TEST

START_TEST(test_dhcp6_cannot_through_the_provider)
{
	struct scn_list l = { 0 };
	struct scenario *sc = parse(base6, &l);
	char buf[1024];

	/* pxl_servers_cannot() asks the dhcp6 block's server about the dhcp6 policy */
	sc->dhcp6.pol.kind = SCN_SRV_KEA;
	ck_assert_int_eq(pxl_servers_cannot(sc, buf, sizeof(buf)), 1);
	ck_assert_ptr_nonnull(strstr(buf, "rule only-pc1"));
	sc->dhcp6.pol.kind = SCN_SRV_DNSMASQ;
	ck_assert_int_eq(pxl_servers_cannot(sc, buf, sizeof(buf)), 0);
	sc->dhcp6.pol.kind = SCN_SRV_BUILTIN;
	ck_assert_int_eq(pxl_servers_cannot(sc, buf, sizeof(buf)), 0);
	scn_list_free(&l);
}
END_TEST

/** translate_suite() - the suite */
static Suite *translate_suite(void)
{
	Suite *s = suite_create("peers_translate");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_dnsmasq);
	tcase_add_test(tc, test_kea);
	tcase_add_test(tc, test_isc);
	tcase_add_test(tc, test_option_203);
	tcase_add_test(tc, test_no_conditions_cannot_express);
	tcase_add_test(tc, test_feature_condition_cannot_express);
	tcase_add_test(tc, test_dnsmasq_order_after_two_conditions);
	tcase_add_test(tc, test_copy_moves_tftp_and_iscsi);
	tcase_add_test(tc, test_copy_moves_the_lun_of_a_root_path_naming_the_new_portal);
	tcase_add_test(tc, test_namespace_address_avoids_the_pool);
	tcase_add_test(tc, test_dnsmasq_dhcp6);
	tcase_add_test(tc, test_kea_dhcp6);
	tcase_add_test(tc, test_dhcp6_cannot_through_the_provider);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(translate_suite)
