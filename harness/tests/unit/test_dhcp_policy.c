/* test_dhcp_policy.c - boot policy: every condition kind on real packets, every rule action through the server */
#include "test_dhcp_fake.h"

#define T0 (1000 * PXL_NS_PER_SEC)

static struct fake F;
static struct dhcp_msg BIOS, OVMF, SNP, M;

/** load() - parse fixtures/packets/NAME.bin into @m */
static void load(const char *name, struct dhcp_msg *m)
{
	char rel[128];
	size_t len;
	uint8_t *buf;

	snprintf(rel, sizeof(rel), "packets/%s.bin", name);
	buf = pxl_test_fixture(rel, &len);
	ck_assert_int_eq(dhcp_msg_parse(m, buf, len), 0);
	free(buf);
}

/** setup() - the three real client DISCOVERs */
static void setup(void)
{
	load("dhcp-bios-ipxe-rom-discover", &BIOS);
	load("dhcp-ovmf-discover", &OVMF);
	load("dhcp-snponly-discover", &SNP);
}

/**
 * hits() - whether a single rule matches @m with history @h
 * @r: rule (checked first, resolving feature names)
 * @m: request
 * @h: history
 *
 * Return: 1 or 0.
 */
static int hits(struct dhcp_rule *r, const struct dhcp_msg *m, const struct dhcp_history *h)
{
	ck_assert_int_eq(dhcp_rule_check(r), 0);
	return dhcp_policy_match(r, 1, m, h) == r;
}

START_TEST(test_user_class_exact)
{
	struct dhcp_history h;
	struct dhcp_rule r;

	dhcp_history_init(&h);
	dhcp_rule_init(&r, "uc");
	dhcp_rule_user_class(&r, "iPXE");
	ck_assert(hits(&r, &BIOS, &h));
	ck_assert(hits(&r, &SNP, &h));
	ck_assert(!hits(&r, &OVMF, &h));
	dhcp_rule_init(&r, "uc");
	dhcp_rule_user_class(&r, "ipxe"); /* exact, case matters */
	ck_assert(!hits(&r, &BIOS, &h));
	dhcp_rule_init(&r, "uc");
	dhcp_rule_user_class(&r, "iPX"); /* not a prefix match */
	ck_assert(!hits(&r, &SNP, &h));
}
END_TEST

START_TEST(test_vendor_prefix)
{
	struct dhcp_history h;
	struct dhcp_rule r;

	dhcp_history_init(&h);
	dhcp_rule_init(&r, "v");
	dhcp_rule_vendor(&r, "PXEClient:Arch:00007");
	ck_assert(hits(&r, &OVMF, &h));
	ck_assert(hits(&r, &SNP, &h));
	ck_assert(!hits(&r, &BIOS, &h));
	dhcp_rule_init(&r, "v");
	dhcp_rule_vendor(&r, "PXEClient:Arch:00007:UNDI:003010");
	ck_assert(hits(&r, &SNP, &h));
	ck_assert(!hits(&r, &OVMF, &h));
}
END_TEST

START_TEST(test_arch_compare)
{
	static uint8_t buf[DHCP_MSG_MAX_LEN];
	struct req_spec s = { .type = DHCPDISCOVER };
	struct dhcp_history h;
	struct dhcp_rule r;

	dhcp_history_init(&h);
	dhcp_rule_init(&r, "a");
	dhcp_rule_arch(&r, DHCP_CMP_EQ, 7);
	ck_assert(hits(&r, &OVMF, &h));
	ck_assert(!hits(&r, &BIOS, &h));
	dhcp_rule_init(&r, "a");
	dhcp_rule_arch(&r, DHCP_CMP_LT, 6);
	ck_assert(hits(&r, &BIOS, &h));
	ck_assert(!hits(&r, &SNP, &h));
	/* no option 93: never matches, negated always does */
	ck_assert_int_eq(dhcp_msg_parse(&M, buf, craft(&s, buf)), 0);
	dhcp_rule_init(&r, "a");
	dhcp_rule_arch(&r, DHCP_CMP_GE, 0);
	ck_assert(!hits(&r, &M, &h));
	dhcp_rule_negate_last(&r);
	ck_assert(hits(&r, &M, &h));
}
END_TEST

START_TEST(test_ipxe_feature)
{
	struct dhcp_history h;
	struct dhcp_rule r;

	dhcp_history_init(&h);
	dhcp_rule_init(&r, "f");
	dhcp_rule_feature(&r, "efi");
	ck_assert(hits(&r, &SNP, &h));
	ck_assert(!hits(&r, &BIOS, &h));
	ck_assert(!hits(&r, &OVMF, &h));
	dhcp_rule_init(&r, "f");
	dhcp_rule_feature_code(&r, 0x18); /* bzimage: the BIOS ROM has it */
	ck_assert(hits(&r, &BIOS, &h));
	ck_assert(!hits(&r, &SNP, &h));
	dhcp_rule_init(&r, "f");
	dhcp_rule_feature(&r, "iscsi");
	ck_assert(hits(&r, &BIOS, &h));
	ck_assert(hits(&r, &SNP, &h));
	dhcp_rule_init(&r, "f");
	dhcp_rule_feature(&r, "no-such-feature");
	ck_assert_int_eq(dhcp_rule_check(&r), -EINVAL);
}
END_TEST

START_TEST(test_mac_and_and_negate)
{
	struct dhcp_history h;
	struct dhcp_rule r;

	dhcp_history_init(&h);
	dhcp_rule_init(&r, "m");
	dhcp_rule_mac(&r, mac_qemu);
	ck_assert(hits(&r, &OVMF, &h));
	dhcp_rule_init(&r, "m");
	dhcp_rule_mac(&r, mac_other);
	ck_assert(!hits(&r, &OVMF, &h));
	/* all conditions must hold: PXE vendor AND without user class iPXE */
	dhcp_rule_init(&r, "firmware");
	dhcp_rule_vendor(&r, "PXEClient");
	dhcp_rule_user_class(&r, "iPXE");
	ck_assert_int_eq(dhcp_rule_negate_last(&r), 0);
	ck_assert(hits(&r, &OVMF, &h));
	ck_assert(!hits(&r, &SNP, &h));
	ck_assert(!hits(&r, &BIOS, &h));
	dhcp_rule_init(&r, "empty");
	ck_assert_int_eq(dhcp_rule_negate_last(&r), -EINVAL);
	ck_assert(hits(&r, &BIOS, &h)); /* no condition: always */
}
END_TEST

START_TEST(test_nbp_count_and_history)
{
	struct dhcp_history h;
	struct dhcp_rule r;
	enum dhcp_cmp c;

	dhcp_history_init(&h);
	dhcp_rule_init(&r, "first");
	dhcp_rule_nbp_count(&r, NULL, DHCP_CMP_LT, 1);
	ck_assert(hits(&r, &BIOS, &h));
	ck_assert_int_eq(dhcp_history_add(&h, mac_qemu, "undionly.kpxe"), 0);
	ck_assert(!hits(&r, &BIOS, &h));
	ck_assert_uint_eq(dhcp_history_count(&h, mac_qemu, "undionly.kpxe"), 1);
	ck_assert_uint_eq(dhcp_history_count(&h, mac_other, NULL), 0);
	dhcp_rule_init(&r, "per-file");
	dhcp_rule_nbp_count(&r, "snponly.efi", DHCP_CMP_EQ, 0);
	ck_assert(hits(&r, &OVMF, &h));
	dhcp_history_add(&h, mac_qemu, "snponly.efi");
	dhcp_history_add(&h, mac_qemu, "snponly.efi");
	ck_assert(!hits(&r, &OVMF, &h));
	ck_assert_uint_eq(dhcp_history_count(&h, mac_qemu, NULL), 3);
	dhcp_rule_init(&r, "ge");
	dhcp_rule_nbp_count(&r, "snponly.efi", DHCP_CMP_GE, 2);
	ck_assert(hits(&r, &OVMF, &h));
	ck_assert_int_eq(dhcp_history_add(&h, mac_qemu, ""), -EINVAL);
	ck_assert_int_eq(dhcp_cmp_parse("<=", &c), 0);
	ck_assert_int_eq(c, DHCP_CMP_LE);
	ck_assert_int_eq(dhcp_cmp_parse("!=", &c), 0);
	ck_assert_int_eq(c, DHCP_CMP_NE);
	ck_assert_int_eq(dhcp_cmp_parse("=<", &c), -EINVAL);
	dhcp_history_fini(&h);
}
END_TEST

START_TEST(test_first_match_wins)
{
	struct dhcp_history h;
	struct dhcp_rule rules[3];

	dhcp_history_init(&h);
	dhcp_rule_init(&rules[0], "ipxe");
	dhcp_rule_user_class(&rules[0], "iPXE");
	dhcp_rule_init(&rules[1], "uefi");
	dhcp_rule_arch(&rules[1], DHCP_CMP_EQ, 7);
	dhcp_rule_init(&rules[2], "otherwise");
	ck_assert_ptr_eq(dhcp_policy_match(rules, 3, &SNP, &h), &rules[0]);
	ck_assert_ptr_eq(dhcp_policy_match(rules, 3, &OVMF, &h), &rules[1]);
	ck_assert_ptr_eq(dhcp_policy_match(rules, 3, &BIOS, &h), &rules[0]);
	ck_assert_ptr_eq(dhcp_policy_match(rules + 1, 2, &BIOS, &h), &rules[2]);
	ck_assert_ptr_null(dhcp_policy_match(rules + 1, 1, &BIOS, &h));
	ck_assert_ptr_null(dhcp_policy_match(rules, 0, &BIOS, &h));
}
END_TEST

START_TEST(test_rule_limits)
{
	struct dhcp_rule r;
	int i;

	dhcp_rule_init(&r, "full");
	for (i = 0; i < DHCP_RULE_MAX_MATCH; i++)
		ck_assert_int_eq(dhcp_rule_vendor(&r, "x"), 0);
	ck_assert_int_eq(dhcp_rule_vendor(&r, "x"), -ENOSPC);
	for (i = 0; i < DHCP_RULE_MAX_OPTS; i++)
		ck_assert_int_eq(dhcp_rule_option_str(&r, 200, "x"), 0);
	ck_assert_int_eq(dhcp_rule_option_str(&r, 200, "x"), -ENOSPC);
	dhcp_rule_init(&r, "bad");
	dhcp_rule_option(&r, DHCP_OPT_OVERLOAD, "\x01", 1);
	ck_assert_int_eq(dhcp_rule_check(&r), -EINVAL);
	dhcp_rule_init(&r, "bad");
	dhcp_rule_user_class(&r, NULL);
	ck_assert_int_eq(dhcp_rule_check(&r), -EINVAL);
}
END_TEST

/**
 * serve_one() - a server with the single rule @r; feed fixture @name, parse the reply into M
 * @r:    rule
 * @name: fixture
 *
 * Return: the server (caller frees).
 */
static struct dhcp_server *serve_one(const struct dhcp_rule *r, const char *name)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;

	base_config(&cfg);
	cfg.rules = r;
	cfg.n_rules = 1;
	srv = fake_new_server(&F, &cfg);
	ck_assert_int_eq(fake_input_fixture(srv, name, T0), 0);
	fake_reply(&F, &M);
	return srv;
}

START_TEST(test_action_file_next_server_sname)
{
	struct dhcp_server *srv;
	struct dhcp_rule r;

	dhcp_rule_init(&r, "tftp");
	r.file = "efi/boot.efi";
	r.next_server = IP4(10, 0, 2, 9);
	r.sname = "bootsrv";
	srv = serve_one(&r, "dhcp-ovmf-discover");
	ck_assert_str_eq(M.hdr.file, "efi/boot.efi");
	ck_assert_uint_eq(M.hdr.siaddr, IP4(10, 0, 2, 9));
	ck_assert_str_eq(M.hdr.sname, "bootsrv");
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_ROOT_PATH));
	ck_assert_str_eq(fake_last_event(&F)->detail,
			 "rule tftp: file=efi/boot.efi next-server=10.0.2.9 broadcast");
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_action_root_path)
{
	struct dhcp_server *srv;
	struct dhcp_rule r;

	dhcp_rule_init(&r, "san");
	dhcp_rule_feature(&r, "iscsi");
	r.root_path = "iscsi:10.0.2.2::3260:1:iqn.2026-11.org.pxelab:boot";
	srv = serve_one(&r, "dhcp-bios-ipxe-rom-discover");
	ck_assert_str_eq(opt_str(&M, DHCP_OPT_ROOT_PATH), r.root_path);
	ck_assert_str_eq(M.hdr.file, "");
	ck_assert_str_eq(fake_last_event(&F)->name, r.root_path);
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_action_options_raw_and_string)
{
	static const uint8_t raw[] = { 0xc0, 0xa8, 0x01, 0x01 };
	struct dhcp_server *srv;
	struct dhcp_rule r;
	const uint8_t *p;
	size_t len;

	dhcp_rule_init(&r, "opts");
	r.file = "x.efi";
	dhcp_rule_option(&r, DHCP_OPT_ROUTER, raw, sizeof(raw));     /* replaces the default */
	dhcp_rule_option_str(&r, DHCP_OPT_DOMAIN, "lab.example");     /* not requested: sent */
	dhcp_rule_option_str(&r, 209, "pxelinux.cfg/default");
	srv = serve_one(&r, "dhcp-ovmf-discover");
	ck_assert_uint_eq(opt_u32(&M, DHCP_OPT_ROUTER), IP4(192, 168, 1, 1));
	ck_assert_str_eq(opt_str(&M, DHCP_OPT_DOMAIN), "lab.example");
	p = dhcp_msg_opt(&M, 209, &len);
	ck_assert_uint_eq(len, 20);
	ck_assert_mem_eq(p, "pxelinux.cfg/default", 20);
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_action_no_pxedhcp)
{
	struct dhcp_server *srv;
	struct dhcp_rule r;
	size_t len;

	dhcp_rule_init(&r, "ipxe");
	dhcp_rule_user_class(&r, "iPXE");
	r.root_path = "iscsi:10.0.2.2:::1:iqn.2026-11.org.pxelab:boot";
	r.no_pxedhcp = 1;
	srv = serve_one(&r, "dhcp-snponly-discover");
	ck_assert_ptr_nonnull(dhcp_msg_ipxe_opt(&M, IPXE_OPT_NO_PXEDHCP, &len));
	ck_assert_uint_eq(len, 1);
	ck_assert_uint_eq(dhcp_msg_ipxe_opt(&M, IPXE_OPT_NO_PXEDHCP, &len)[0], 1);
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_action_no_boot)
{
	struct dhcp_server *srv;
	struct dhcp_rule r;

	dhcp_rule_init(&r, "disk-only");
	dhcp_rule_mac(&r, mac_qemu);
	r.file = "ignored.efi";
	r.root_path = "ignored";
	r.no_boot = 1;
	srv = serve_one(&r, "dhcp-ovmf-discover");
	ck_assert_uint_eq(M.type, DHCPOFFER);
	ck_assert_uint_ne(M.hdr.yiaddr, 0);
	ck_assert_uint_eq(M.hdr.siaddr, 0);
	ck_assert_str_eq(M.hdr.file, "");
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_ROOT_PATH));
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_VENDOR_CLASS));
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_VENDOR));
	ck_assert(dhcp_msg_has_opt(&M, DHCP_OPT_LEASE_TIME));
	ck_assert_str_eq(fake_last_event(&F)->detail, "rule disk-only: no boot answer");
	ck_assert_str_eq(fake_last_event(&F)->name, "");
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_no_rule_address_only)
{
	struct dhcp_server *srv;
	struct dhcp_rule r;

	dhcp_rule_init(&r, "bios-only");
	dhcp_rule_arch(&r, DHCP_CMP_EQ, 0);
	r.file = "undionly.kpxe";
	srv = serve_one(&r, "dhcp-ovmf-discover");
	ck_assert_str_eq(M.hdr.file, "");
	ck_assert_uint_eq(M.hdr.siaddr, 0);
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_VENDOR_CLASS));
	ck_assert_str_eq(fake_last_event(&F)->detail, "no rule matched: address only");
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_proxy_no_boot_ignored)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	struct dhcp_rule r;

	dhcp_rule_init(&r, "only-bios");
	dhcp_rule_arch(&r, DHCP_CMP_EQ, 0);
	r.file = "undionly.kpxe";
	base_config(&cfg);
	cfg.proxy = 1;
	cfg.rules = &r;
	cfg.n_rules = 1;
	srv = fake_new_server(&F, &cfg);
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-ovmf-discover", T0), 0);
	ck_assert_uint_eq(F.n_sent, 0);
	ck_assert_uint_eq(dhcp_server_stats(srv)->drops[DHCP_DROP_NO_BOOT], 1);
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-bios-ipxe-rom-discover", T0), 0);
	fake_reply(&F, &M);
	ck_assert_str_eq(M.hdr.file, "undionly.kpxe");
	ck_assert_uint_eq(M.hdr.yiaddr, 0);
	dhcp_server_free(srv);
}
END_TEST

/** dhcp_policy_suite() - the policy suite */
static Suite *dhcp_policy_suite(void)
{
	Suite *s = suite_create("dhcp_policy");
	TCase *tc = tcase_create("match");
	TCase *ta = tcase_create("actions");

	tcase_add_unchecked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_user_class_exact);
	tcase_add_test(tc, test_vendor_prefix);
	tcase_add_test(tc, test_arch_compare);
	tcase_add_test(tc, test_ipxe_feature);
	tcase_add_test(tc, test_mac_and_and_negate);
	tcase_add_test(tc, test_nbp_count_and_history);
	tcase_add_test(tc, test_first_match_wins);
	tcase_add_test(tc, test_rule_limits);
	tcase_add_test(ta, test_action_file_next_server_sname);
	tcase_add_test(ta, test_action_root_path);
	tcase_add_test(ta, test_action_options_raw_and_string);
	tcase_add_test(ta, test_action_no_pxedhcp);
	tcase_add_test(ta, test_action_no_boot);
	tcase_add_test(ta, test_no_rule_address_only);
	tcase_add_test(ta, test_proxy_no_boot_ignored);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, ta);
	return s;
}

PXL_TEST_MAIN(dhcp_policy_suite)
