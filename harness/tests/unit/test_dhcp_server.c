/* test_dhcp_server.c - DHCP server state machine on real firmware packets: DORA, NAK, leases, proxy, drops */
#include "test_dhcp_fake.h"

#define SEC PXL_NS_PER_SEC
#define T0 (1000 * SEC)

static struct fake F;
static struct dhcp_msg M;

static const uint8_t pxe_43[] = { 6, 1, 8, 255 };

/**
 * assert_pxe_boot_offer() - the PXE identification every boot answer to a PXE client carries
 * @m: parsed reply
 */
static void assert_pxe_ids(const struct dhcp_msg *m)
{
	const uint8_t *p;
	size_t len;

	ck_assert_str_eq(opt_str(m, DHCP_OPT_VENDOR_CLASS), "PXEClient");
	p = dhcp_msg_opt(m, DHCP_OPT_VENDOR, &len);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(len, sizeof(pxe_43));
	ck_assert_mem_eq(p, pxe_43, sizeof(pxe_43));
	p = dhcp_msg_opt(m, DHCP_OPT_UUID, &len);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(len, 17);
}

/**
 * assert_lease_opts() - 54, 51, 58, 59, 1, 3 of a lease reply
 * @m:     parsed reply
 * @lease: expected lease time
 */
static void assert_lease_opts(const struct dhcp_msg *m, uint32_t lease)
{
	ck_assert_uint_eq(opt_u32(m, DHCP_OPT_SERVER_ID), IP4(10, 0, 2, 2));
	ck_assert_uint_eq(opt_u32(m, DHCP_OPT_LEASE_TIME), lease);
	ck_assert_uint_eq(opt_u32(m, DHCP_OPT_T1), lease / 2);
	ck_assert_uint_eq(opt_u32(m, DHCP_OPT_T2), lease * 7 / 8);
	ck_assert_uint_eq(opt_u32(m, DHCP_OPT_SUBNET_MASK), IP4(255, 255, 255, 0));
	ck_assert_uint_eq(opt_u32(m, DHCP_OPT_ROUTER), IP4(10, 0, 2, 2));
}

START_TEST(test_ovmf_to_snponly_chain)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	const struct pxl_dgram *dg;
	const struct fake_event *ev;

	base_config(&cfg);
	cfg.pool_start = IP4(10, 0, 2, 157); /* the capture's client asks for .157 */
	srv = fake_new_server(&F, &cfg);

	/* stage 1: OVMF's DISCOVER (broadcast flag set) */
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-ovmf-discover", T0), 0);
	dg = fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPOFFER);
	ck_assert_uint_eq(M.hdr.xid, 0x543433de);
	ck_assert_uint_eq(M.hdr.yiaddr, IP4(10, 0, 2, 157));
	ck_assert_uint_eq(M.hdr.siaddr, IP4(10, 0, 2, 2));
	ck_assert_str_eq(M.hdr.file, "snponly.efi");
	ck_assert_uint_eq(M.hdr.flags, DHCP_FLAG_BROADCAST);
	assert_lease_opts(&M, 3600);
	assert_pxe_ids(&M);
	ck_assert_uint_eq(opt_u32(&M, DHCP_OPT_DNS), IP4(10, 0, 2, 3)); /* OVMF asks for 6 */
	ck_assert_uint_eq(opt_u32(&M, DHCP_OPT_BROADCAST), IP4(10, 0, 2, 255));
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_ROOT_PATH));
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_IPXE));
	ck_assert_uint_eq(dg->dst.addr, BCAST);
	ck_assert_uint_eq(dg->dst.port, 68);
	ck_assert_uint_eq(dg->src.addr, IP4(10, 0, 2, 2));
	ck_assert_uint_eq(dg->src.port, 67);
	ck_assert(!dg->has_mac);
	ev = fake_last_event(&F);
	ck_assert_str_eq(ev->service, "dhcp");
	ck_assert_str_eq(ev->kind, "offer");
	ck_assert_str_eq(ev->name, "snponly.efi");
	ck_assert_uint_eq(ev->addr, IP4(10, 0, 2, 157));
	ck_assert_mem_eq(ev->mac, mac_qemu, 6);
	ck_assert_str_eq(ev->detail, "rule uefi: file=snponly.efi next-server=10.0.2.2 broadcast");

	/* stage 2: OVMF's REQUEST -> ACK with the NBP, counted */
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-ovmf-request", T0 + SEC), 0);
	fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPACK);
	ck_assert_uint_eq(M.hdr.yiaddr, IP4(10, 0, 2, 157));
	ck_assert_str_eq(M.hdr.file, "snponly.efi");
	assert_lease_opts(&M, 3600);
	assert_pxe_ids(&M);
	ck_assert_str_eq(fake_last_event(&F)->kind, "ack");
	ck_assert_uint_eq(dhcp_server_nbp_count(srv, mac_qemu, "snponly.efi"), 1);

	/* stage 4: snponly.efi's DISCOVER (user class iPXE, unicast flag) */
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-snponly-discover", T0 + 10 * SEC), 0);
	dg = fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPOFFER);
	ck_assert_uint_eq(M.hdr.yiaddr, IP4(10, 0, 2, 157)); /* same client, same address */
	ck_assert_str_eq(M.hdr.file, "");                    /* no NBP: no loop */
	ck_assert_str_eq(opt_str(&M, DHCP_OPT_ROOT_PATH),
			 "iscsi:10.0.2.2:::1:iqn.2026-11.org.pxelab:boot");
	/* no NBP, so no PXEClient: iPXE would take it for a ProxyDHCP offer,
	 * ask port 4011 and ignore the file-less ProxyDHCPACK (3.8 s lost) */
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_VENDOR_CLASS));
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_VENDOR));
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_IPXE)); /* no-pxedhcp not configured */
	ck_assert_uint_eq(dg->dst.addr, IP4(10, 0, 2, 157));
	ck_assert(dg->has_mac);
	ck_assert_mem_eq(dg->mac, mac_qemu, 6);
	ev = fake_last_event(&F);
	ck_assert_str_eq(ev->name, "iscsi:10.0.2.2:::1:iqn.2026-11.org.pxelab:boot");
	ck_assert_str_eq(ev->detail, "rule ipxe: root-path=iscsi:10.0.2.2:::1:iqn.2026-11.org."
				     "pxelab:boot next-server=10.0.2.2");

	/* stage 4: its REQUEST -> ACK with the root path */
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-snponly-request", T0 + 11 * SEC), 0);
	fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPACK);
	ck_assert_str_eq(M.hdr.file, "");
	ck_assert_str_eq(opt_str(&M, DHCP_OPT_ROOT_PATH),
			 "iscsi:10.0.2.2:::1:iqn.2026-11.org.pxelab:boot");
	ck_assert_uint_eq(F.n_sent, 4);
	ck_assert_uint_eq(dhcp_server_nbp_count(srv, mac_qemu, NULL), 1);
	ck_assert_uint_eq(dhcp_server_stats(srv)->tx_type[DHCPACK], 2);
	ck_assert_uint_eq(dhcp_server_stats(srv)->rx_type[DHCPDISCOVER], 2);
	ck_assert_uint_eq(dhcp_server_stats(srv)->dropped, 0);
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_bios_rom_first_boot_rule)
{
	static struct dhcp_rule rules[2];
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	const struct pxl_dgram *dg;

	base_config(&cfg);
	cfg.pool_start = IP4(10, 0, 2, 15); /* the capture's client asks for .15 */
	dhcp_rule_init(&rules[0], "first-boot");
	dhcp_rule_nbp_count(&rules[0], NULL, DHCP_CMP_LT, 1);
	rules[0].file = "undionly.kpxe";
	dhcp_rule_init(&rules[1], "ipxe");
	dhcp_rule_user_class(&rules[1], "iPXE");
	rules[1].root_path = "iscsi:10.0.2.2:::1:iqn.2026-11.org.pxelab:boot";
	cfg.rules = rules;
	cfg.n_rules = 2;
	srv = fake_new_server(&F, &cfg);

	/* the ROM is iPXE already, but has never been given an NBP */
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-bios-ipxe-rom-discover", T0), 0);
	dg = fake_reply(&F, &M);
	ck_assert_str_eq(M.hdr.file, "undionly.kpxe");
	ck_assert_uint_eq(M.hdr.siaddr, IP4(10, 0, 2, 2)); /* config default: the server */
	ck_assert_uint_eq(M.hdr.yiaddr, IP4(10, 0, 2, 15));
	ck_assert_uint_eq(dg->dst.addr, IP4(10, 0, 2, 15)); /* no broadcast flag: unicast */
	ck_assert(dg->has_mac);
	ck_assert_uint_eq(dhcp_msg_reply_max(&M), 548); /* replies carry no 57 */
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-bios-ipxe-rom-request", T0 + SEC), 0);
	fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPACK);
	ck_assert_str_eq(M.hdr.file, "undionly.kpxe");
	ck_assert_uint_eq(dhcp_server_nbp_count(srv, mac_qemu, "undionly.kpxe"), 1);

	/* undionly.kpxe sends the very same DISCOVER: now it gets the disk */
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-bios-ipxe-rom-discover", T0 + 5 * SEC), 0);
	fake_reply(&F, &M);
	ck_assert_str_eq(M.hdr.file, "");
	ck_assert_str_eq(opt_str(&M, DHCP_OPT_ROOT_PATH),
			 "iscsi:10.0.2.2:::1:iqn.2026-11.org.pxelab:boot");
	ck_assert_str_eq(fake_last_event(&F)->detail,
			 "rule ipxe: root-path=iscsi:10.0.2.2:::1:iqn.2026-11.org.pxelab:boot "
			 "next-server=10.0.2.2");
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_reply_destinations)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	const struct pxl_dgram *dg;
	struct req_spec s = { .type = DHCPDISCOVER, .xid = 7, .giaddr = IP4(10, 0, 2, 1) };

	base_config(&cfg);
	srv = fake_new_server(&F, &cfg);
	/* relayed: to the relay's server port */
	ck_assert_int_eq(fake_input_spec(srv, &s, IP4(10, 0, 2, 1), 67, T0), 0);
	dg = fake_reply(&F, &M);
	ck_assert_uint_eq(dg->dst.addr, IP4(10, 0, 2, 1));
	ck_assert_uint_eq(dg->dst.port, 67);
	ck_assert_uint_eq(M.hdr.giaddr, IP4(10, 0, 2, 1));
	ck_assert(!dg->has_mac);
	/* relayed NAK: broadcast bit set for the relay */
	s = (struct req_spec){ .type = DHCPREQUEST, .giaddr = IP4(10, 0, 2, 1),
			       .req = IP4(10, 0, 3, 9) };
	ck_assert_int_eq(fake_input_spec(srv, &s, IP4(10, 0, 2, 1), 67, T0), 0);
	dg = fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPNAK);
	ck_assert_uint_eq(dg->dst.addr, IP4(10, 0, 2, 1));
	ck_assert_uint_eq(M.hdr.flags, DHCP_FLAG_BROADCAST);
	/* broadcast flag */
	s = (struct req_spec){ .type = DHCPDISCOVER, .flags = DHCP_FLAG_BROADCAST };
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	dg = fake_reply(&F, &M);
	ck_assert_uint_eq(dg->dst.addr, BCAST);
	ck_assert_uint_eq(dg->dst.port, 68);
	ck_assert(!dg->has_mac);
	/* no flag: unicast to yiaddr with chaddr as link destination */
	s.flags = 0;
	s.mac = mac_other;
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	dg = fake_reply(&F, &M);
	ck_assert_uint_eq(dg->dst.addr, M.hdr.yiaddr);
	ck_assert_uint_ne(M.hdr.yiaddr, 0);
	ck_assert(dg->has_mac);
	ck_assert_mem_eq(dg->mac, mac_other, 6);
	dhcp_server_free(srv);
}
END_TEST

/**
 * bind() - DISCOVER then SELECTING REQUEST for @mac; returns the bound address
 * @srv: server
 * @mac: client
 * @now: clock
 */
static uint32_t bind(struct dhcp_server *srv, const uint8_t *mac, uint64_t now)
{
	struct req_spec s = { .type = DHCPDISCOVER, .mac = mac, .xid = 1 };
	uint32_t addr;

	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, now), 0);
	fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPOFFER);
	addr = M.hdr.yiaddr;
	s = (struct req_spec){ .type = DHCPREQUEST, .mac = mac, .xid = 2, .req = addr,
			       .sid = IP4(10, 0, 2, 2) };
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, now), 0);
	fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPACK);
	ck_assert_uint_eq(M.hdr.yiaddr, addr);
	return addr;
}

/**
 * expect_nak() - feed @s and require a broadcast NAK whose 56 text starts with @why
 * @srv: server
 * @s:   request
 * @why: reason prefix
 */
static void expect_nak(struct dhcp_server *srv, const struct req_spec *s, const char *why)
{
	const struct pxl_dgram *dg;
	size_t n = F.n_sent;

	ck_assert_int_eq(fake_input_spec(srv, s, s->ciaddr, 67, T0 + 2 * SEC), 0);
	ck_assert_uint_eq(F.n_sent, n + 1);
	dg = fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPNAK);
	ck_assert_uint_eq(M.hdr.yiaddr, 0);
	ck_assert_uint_eq(M.hdr.siaddr, 0);
	ck_assert_str_eq(M.hdr.file, "");
	ck_assert_uint_eq(opt_u32(&M, DHCP_OPT_SERVER_ID), IP4(10, 0, 2, 2));
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_LEASE_TIME));
	ck_assert_msg(!strncmp(opt_str(&M, DHCP_OPT_MESSAGE), why, strlen(why)), "56: %s",
		      opt_str(&M, DHCP_OPT_MESSAGE));
	ck_assert_uint_eq(dg->dst.addr, BCAST);
	ck_assert_str_eq(fake_last_event(&F)->kind, "nak");
}

START_TEST(test_nak_cases)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	struct req_spec s = { .type = DHCPREQUEST, .sid = IP4(10, 0, 2, 2) };
	uint32_t a;

	base_config(&cfg);
	srv = fake_new_server(&F, &cfg);
	a = bind(srv, mac_qemu, T0);
	ck_assert_uint_eq(a, IP4(10, 0, 2, 100));
	s.req = IP4(10, 0, 2, 50);            /* selecting, address out of pool */
	s.mac = mac_other;
	expect_nak(srv, &s, "address outside the pool (requested 10.0.2.50)");
	s.req = IP4(192, 168, 1, 5);          /* wrong subnet */
	expect_nak(srv, &s, "wrong subnet");
	s.req = a;                            /* another client's address */
	expect_nak(srv, &s, "address not available");
	s = (struct req_spec){ .type = DHCPREQUEST, .req = IP4(10, 0, 2, 120) };
	expect_nak(srv, &s, "client holds another address"); /* init-reboot, wrong address */
	s = (struct req_spec){ .type = DHCPREQUEST, .ciaddr = IP4(10, 0, 2, 30) };
	expect_nak(srv, &s, "address outside the pool");     /* renewing an address not ours */
	ck_assert_uint_eq(dhcp_server_stats(srv)->tx_type[DHCPNAK], 5);
	/* init-reboot with the right address: ACK */
	s = (struct req_spec){ .type = DHCPREQUEST, .req = a };
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0 + 3 * SEC), 0);
	fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPACK);
	ck_assert_uint_eq(M.hdr.yiaddr, a);
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_other_server_selected)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	struct req_spec s = { .type = DHCPDISCOVER };
	uint32_t offered;
	int rc;

	base_config(&cfg);
	cfg.pool_end = cfg.pool_start; /* a single address */
	srv = fake_new_server(&F, &cfg);
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	fake_reply(&F, &M);
	offered = M.hdr.yiaddr;
	/* the pool is held by the offer */
	s.mac = mac_other;
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	ck_assert_uint_eq(F.n_sent, 1);
	ck_assert_uint_eq(dhcp_server_stats(srv)->drops[DHCP_DROP_POOL_EXHAUSTED], 1);
	ck_assert_str_eq(fake_last_event(&F)->detail, "pool-exhausted");
	/* the first client picks another server: silence (RFC 2131 4.3.2), offer freed */
	s = (struct req_spec){ .type = DHCPREQUEST, .req = IP4(10, 0, 2, 77),
			       .sid = IP4(10, 0, 2, 4) };
	rc = fake_input_spec(srv, &s, 0, 67, T0 + SEC);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(F.n_sent, 1);
	ck_assert_uint_eq(dhcp_server_stats(srv)->drops[DHCP_DROP_OTHER_SERVER], 1);
	s = (struct req_spec){ .type = DHCPDISCOVER, .mac = mac_other };
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0 + SEC), 0);
	ck_assert_uint_eq(F.n_sent, 2);
	fake_reply(&F, &M);
	ck_assert_mem_eq(M.hdr.chaddr, mac_other, 6);
	ck_assert_uint_eq(M.hdr.yiaddr, offered);
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_renew_and_rebind)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	const struct pxl_dgram *dg;
	struct req_spec s = { .type = DHCPREQUEST };
	uint32_t a;

	base_config(&cfg);
	cfg.lease_time = 600;
	srv = fake_new_server(&F, &cfg);
	a = bind(srv, mac_qemu, T0);
	s.ciaddr = a; /* renewing: unicast from the client's address */
	ck_assert_int_eq(fake_input_spec(srv, &s, a, 67, T0 + 300 * SEC), 0);
	dg = fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPACK);
	ck_assert_uint_eq(M.hdr.yiaddr, a);
	ck_assert_uint_eq(M.hdr.ciaddr, a);
	ck_assert_uint_eq(opt_u32(&M, DHCP_OPT_LEASE_TIME), 600);
	ck_assert_uint_eq(dg->dst.addr, a);
	ck_assert_uint_eq(dg->dst.port, 68);
	/* rebinding: broadcast request, still answered to ciaddr; lease was extended */
	s.flags = DHCP_FLAG_BROADCAST;
	ck_assert_int_eq(fake_input_spec(srv, &s, a, 67, T0 + 800 * SEC), 0);
	dg = fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPACK);
	ck_assert_uint_eq(dg->dst.addr, a);
	ck_assert_ptr_nonnull(dhcp_lease_of(dhcp_server_leases(srv), mac_qemu, T0 + 1300 * SEC));
	ck_assert_ptr_null(dhcp_lease_of(dhcp_server_leases(srv), mac_qemu, T0 + 1401 * SEC));
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_lease_expiry_fake_clock)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	struct req_spec s = { .type = DHCPDISCOVER, .mac = mac_other };
	uint32_t a;

	base_config(&cfg);
	cfg.pool_end = cfg.pool_start;
	cfg.lease_time = 60;
	cfg.offer_hold = 10;
	srv = fake_new_server(&F, &cfg);
	a = bind(srv, mac_qemu, T0);
	ck_assert_uint_eq(opt_u32(&M, DHCP_OPT_LEASE_TIME), 60);
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0 + 59 * SEC), 0);
	ck_assert_uint_eq(F.n_sent, 2); /* bound: nothing for the other client */
	ck_assert_uint_eq(dhcp_server_stats(srv)->drops[DHCP_DROP_POOL_EXHAUSTED], 1);
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0 + 61 * SEC), 0);
	fake_reply(&F, &M);
	ck_assert_uint_eq(M.hdr.yiaddr, a); /* expired: reused */
	/* the offer holds it for offer_hold seconds only */
	s.mac = mac_qemu;
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0 + 70 * SEC), 0);
	ck_assert_uint_eq(F.n_sent, 3);
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0 + 72 * SEC), 0);
	fake_reply(&F, &M);
	ck_assert_uint_eq(M.hdr.yiaddr, a);
	ck_assert_mem_eq(M.hdr.chaddr, mac_qemu, 6);
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_reservations)
{
	struct dhcp_reservation res = { .addr = IP4(10, 0, 2, 50) };
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	struct req_spec s = { .type = DHCPREQUEST, .mac = mac_other, .req = IP4(10, 0, 2, 50),
			      .sid = IP4(10, 0, 2, 2) };

	memcpy(res.mac, mac_qemu, 6);
	base_config(&cfg);
	cfg.reservations = &res;
	cfg.n_reservations = 1;
	srv = fake_new_server(&F, &cfg);
	ck_assert_uint_eq(bind(srv, mac_qemu, T0), IP4(10, 0, 2, 50)); /* outside the pool */
	expect_nak(srv, &s, "address outside the pool");
	s.mac = mac_qemu;
	s.req = IP4(10, 0, 2, 100);
	expect_nak(srv, &s, "client has another reserved address");
	/* another client never gets the reserved address, even when asking */
	s = (struct req_spec){ .type = DHCPDISCOVER, .mac = mac_other, .req = IP4(10, 0, 2, 50) };
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	fake_reply(&F, &M);
	ck_assert_uint_eq(M.hdr.yiaddr, IP4(10, 0, 2, 100));
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_requested_address_honoured)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	struct req_spec s = { .type = DHCPDISCOVER, .req = IP4(10, 0, 2, 150) };

	base_config(&cfg);
	srv = fake_new_server(&F, &cfg);
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	fake_reply(&F, &M);
	ck_assert_uint_eq(M.hdr.yiaddr, IP4(10, 0, 2, 150));
	s.mac = mac_other; /* held for the first client: the next one gets the pool start */
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	fake_reply(&F, &M);
	ck_assert_uint_eq(M.hdr.yiaddr, IP4(10, 0, 2, 100));
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_decline_and_release)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	struct req_spec s = { .type = DHCPDECLINE, .sid = IP4(10, 0, 2, 2) };
	uint32_t a;

	base_config(&cfg);
	cfg.pool_end = IP4(10, 0, 2, 101);
	srv = fake_new_server(&F, &cfg);
	a = bind(srv, mac_qemu, T0);
	s.req = IP4(10, 0, 2, 101); /* not the client's */
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	ck_assert_uint_eq(dhcp_server_stats(srv)->drops[DHCP_DROP_UNKNOWN_CLIENT], 1);
	s.req = a;
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	ck_assert_str_eq(fake_last_event(&F)->kind, "decline");
	ck_assert_uint_eq(fake_last_event(&F)->addr, a);
	ck_assert_uint_eq(F.n_sent, 2); /* DECLINE gets no reply */
	/* the declined address is quarantined: the client now gets .101 */
	ck_assert_uint_eq(bind(srv, mac_qemu, T0 + SEC), IP4(10, 0, 2, 101));
	/* RELEASE frees it for someone else at once */
	s = (struct req_spec){ .type = DHCPRELEASE, .ciaddr = IP4(10, 0, 2, 101),
			       .sid = IP4(10, 0, 2, 2) };
	ck_assert_int_eq(fake_input_spec(srv, &s, IP4(10, 0, 2, 101), 67, T0 + 2 * SEC), 0);
	ck_assert_str_eq(fake_last_event(&F)->kind, "release");
	ck_assert_uint_eq(F.n_sent, 4);
	ck_assert_uint_eq(bind(srv, mac_other, T0 + 3 * SEC), IP4(10, 0, 2, 101));
	/* a second RELEASE of what the client no longer holds is dropped */
	ck_assert_int_eq(fake_input_spec(srv, &s, IP4(10, 0, 2, 101), 67, T0 + 4 * SEC), 0);
	ck_assert_uint_eq(dhcp_server_stats(srv)->drops[DHCP_DROP_UNKNOWN_CLIENT], 2);
	/* after the quarantine, .100 is usable again */
	ck_assert(dhcp_lease_usable(dhcp_server_leases(srv), mac_qemu, a, T0 + 601 * SEC));
	ck_assert(!dhcp_lease_usable(dhcp_server_leases(srv), mac_qemu, a, T0 + 599 * SEC));
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_inform)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	const struct pxl_dgram *dg;
	struct req_spec s = { .type = DHCPINFORM, .ciaddr = IP4(10, 0, 2, 120),
			      .vendor = "PXEClient:Arch:00007:UNDI:003000" };

	base_config(&cfg);
	srv = fake_new_server(&F, &cfg);
	ck_assert_int_eq(fake_input_spec(srv, &s, IP4(10, 0, 2, 120), 67, T0), 0);
	dg = fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPACK);
	ck_assert_uint_eq(M.hdr.yiaddr, 0);
	ck_assert_uint_eq(M.hdr.ciaddr, IP4(10, 0, 2, 120));
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_LEASE_TIME));
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_T1));
	ck_assert_uint_eq(opt_u32(&M, DHCP_OPT_SUBNET_MASK), IP4(255, 255, 255, 0));
	ck_assert_str_eq(M.hdr.file, "snponly.efi");
	ck_assert_str_eq(opt_str(&M, DHCP_OPT_VENDOR_CLASS), "PXEClient");
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_UUID)); /* none sent, none echoed */
	ck_assert_uint_eq(dg->dst.addr, IP4(10, 0, 2, 120));
	ck_assert_uint_eq(dg->dst.port, 68);
	ck_assert_str_eq(fake_last_event(&F)->kind, "inform");
	ck_assert_ptr_null(dhcp_lease_of(dhcp_server_leases(srv), mac_qemu, T0));
	dhcp_server_free(srv);
}
END_TEST

/* OVMF's HTTP Boot DISCOVER (field notes 2): the offer carries 60 "HTTPClient" and the URL in 67 */
START_TEST(test_http_boot_client)
{
	static struct dhcp_rule rule;
	static const char url[] = "http://10.0.2.4/uefi-marker.efi";
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	struct req_spec s = { .type = DHCPDISCOVER, .vendor = "HTTPClient:Arch:00016:UNDI:003000" };

	base_config(&cfg);
	dhcp_rule_init(&rule, "http");
	dhcp_rule_vendor(&rule, "HTTPClient");
	rule.file = url;
	cfg.rules = &rule;
	cfg.n_rules = 1;
	srv = fake_new_server(&F, &cfg);
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPOFFER);
	ck_assert_str_eq(opt_str(&M, DHCP_OPT_VENDOR_CLASS), "HTTPClient");
	ck_assert_str_eq(opt_str(&M, DHCP_OPT_BOOTFILE), url);
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_VENDOR)); /* no PXE discovery control */
	dhcp_server_free(srv);
	/* a rule that omits 60 (scenarios/neg-http-boot-no-option60.scn): the URL stays, HTTPClient goes */
	ck_assert_int_eq(dhcp_rule_omit(&rule, DHCP_OPT_VENDOR_CLASS), 0);
	ck_assert_int_eq(dhcp_rule_omit(&rule, DHCP_OPT_MSG_TYPE), -EINVAL);
	srv = fake_new_server(&F, &cfg);
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPOFFER);
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_VENDOR_CLASS));
	ck_assert_str_eq(opt_str(&M, DHCP_OPT_BOOTFILE), url);
	dhcp_server_free(srv);
	/* a PXE client answered with the same file gets PXEClient, not HTTPClient */
	s.vendor = "PXEClient:Arch:00007:UNDI:003000";
	dhcp_rule_init(&rule, "any");
	rule.file = url;
	srv = fake_new_server(&F, &cfg);
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	fake_reply(&F, &M);
	ck_assert_str_eq(opt_str(&M, DHCP_OPT_VENDOR_CLASS), "PXEClient");
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_parameter_request_list)
{
	static const uint8_t prl_small[] = { 1, 3 };
	static const uint8_t prl_dns[] = { 6, 1 };
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	struct req_spec s = { .type = DHCPDISCOVER, .prl = prl_small, .n_prl = 2 };

	base_config(&cfg);
	srv = fake_new_server(&F, &cfg);
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	fake_reply(&F, &M);
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_DNS));
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_BROADCAST));
	ck_assert(dhcp_msg_has_opt(&M, DHCP_OPT_SUBNET_MASK));
	ck_assert(dhcp_msg_has_opt(&M, DHCP_OPT_LEASE_TIME)); /* mandatory */
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_VENDOR_CLASS)); /* not a PXE client */
	s.prl = prl_dns;
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	fake_reply(&F, &M);
	ck_assert_uint_eq(opt_u32(&M, DHCP_OPT_DNS), IP4(10, 0, 2, 3));
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_BROADCAST));
	s.prl = NULL; /* no list: everything */
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	fake_reply(&F, &M);
	ck_assert(dhcp_msg_has_opt(&M, DHCP_OPT_DNS));
	ck_assert(dhcp_msg_has_opt(&M, DHCP_OPT_BROADCAST));
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_overload_small_max_size)
{
	static struct dhcp_rule rule;
	static char big[3][200];
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	struct req_spec s = { .type = DHCPDISCOVER, .max = 576,
			      .vendor = "PXEClient:Arch:00007:UNDI:003000" };
	const struct pxl_dgram *dg;
	int i;

	base_config(&cfg);
	dhcp_rule_init(&rule, "big");
	rule.file = "snponly.efi";
	rule.root_path = "iscsi:10.0.2.2:::1:iqn.2026-11.org.pxelab:a-rather-long-target-name";
	for (i = 0; i < 3; i++) {
		memset(big[i], 'A' + i, 100);
		dhcp_rule_option(&rule, (uint8_t)(224 + i), big[i], 100);
	}
	cfg.rules = &rule;
	cfg.n_rules = 1;
	srv = fake_new_server(&F, &cfg);
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	dg = fake_reply(&F, &M);
	ck_assert_uint_le(dg->len, 576 - 28);
	ck_assert_uint_ne(M.overload, 0);
	ck_assert_str_eq(opt_str(&M, DHCP_OPT_BOOTFILE), "snponly.efi"); /* moved to 67 */
	ck_assert_str_eq(opt_str(&M, DHCP_OPT_ROOT_PATH), rule.root_path);
	for (i = 0; i < 3; i++) {
		size_t len;
		const uint8_t *p = dhcp_msg_opt(&M, (uint8_t)(224 + i), &len);

		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq(len, 100);
		ck_assert_mem_eq(p, big[i], 100);
	}
	ck_assert_str_eq(opt_str(&M, DHCP_OPT_VENDOR_CLASS), "PXEClient");
	assert_lease_opts(&M, 3600);
	/* a client accepting 1500 bytes gets the plain layout */
	s.max = 1500;
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	dg = fake_reply(&F, &M);
	ck_assert_uint_gt(dg->len, 548);
	ck_assert_uint_eq(M.overload, 0);
	ck_assert_str_eq(M.hdr.file, "snponly.efi");
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_no_pxedhcp_config)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	const uint8_t *p;
	size_t len;

	base_config(&cfg);
	cfg.no_pxedhcp = 1;
	srv = fake_new_server(&F, &cfg);
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-snponly-discover", T0), 0);
	fake_reply(&F, &M);
	p = dhcp_msg_opt(&M, DHCP_OPT_IPXE, &len);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(len, 3);
	ck_assert_mem_eq(p, "\xb0\x01\x01", 3);
	ck_assert_ptr_nonnull(dhcp_msg_ipxe_opt(&M, IPXE_OPT_NO_PXEDHCP, &len));
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-ovmf-discover", T0), 0);
	fake_reply(&F, &M);
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_IPXE)); /* OVMF is not iPXE */
	dhcp_server_free(srv);
}
END_TEST

/* an address-only answer (no-boot) to iPXE keeps 175.176: the boot file
 * may come over DHCPv6 (scenarios/pxe6-dual-stack.scn) */
START_TEST(test_no_pxedhcp_no_boot)
{
	static struct dhcp_rule rule;
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	size_t len;

	base_config(&cfg);
	cfg.no_pxedhcp = 1;
	dhcp_rule_init(&rule, "v4-address-only");
	rule.no_boot = 1;
	cfg.rules = &rule;
	cfg.n_rules = 1;
	srv = fake_new_server(&F, &cfg);
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-snponly-discover", T0), 0);
	fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPOFFER);
	ck_assert_str_eq(M.hdr.file, "");
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_VENDOR_CLASS));
	ck_assert_ptr_nonnull(dhcp_msg_ipxe_opt(&M, IPXE_OPT_NO_PXEDHCP, &len));
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_proxy_mode)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	const struct pxl_dgram *dg;
	struct req_spec s = { .type = DHCPDISCOVER };
	const struct fake_event *ev;

	base_config(&cfg);
	cfg.proxy = 1;
	cfg.pool_start = cfg.pool_end = 0;
	srv = fake_new_server(&F, &cfg);
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-ovmf-discover", T0), 0);
	dg = fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPOFFER);
	ck_assert_uint_eq(M.hdr.yiaddr, 0);
	ck_assert_uint_eq(M.hdr.siaddr, IP4(10, 0, 2, 2));
	ck_assert_str_eq(M.hdr.file, "snponly.efi");
	ck_assert_uint_eq(opt_u32(&M, DHCP_OPT_SERVER_ID), IP4(10, 0, 2, 2));
	assert_pxe_ids(&M);
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_LEASE_TIME));
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_SUBNET_MASK));
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_ROUTER));
	ck_assert(!dhcp_msg_has_opt(&M, DHCP_OPT_DNS));
	ck_assert_uint_eq(dg->dst.addr, BCAST);
	ck_assert_uint_eq(dg->src.port, 67);
	ev = fake_last_event(&F);
	ck_assert_str_eq(ev->service, "proxydhcp");
	ck_assert_str_eq(ev->kind, "offer");
	ck_assert_uint_eq(ev->addr, 0);
	/* the real server's business: ignored */
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-ovmf-request", T0), 0);
	ck_assert_uint_eq(F.n_sent, 1);
	ck_assert_uint_eq(dhcp_server_stats(srv)->drops[DHCP_DROP_PROXY_IGNORED], 1);
	ck_assert_str_eq(fake_last_event(&F)->detail, "proxy-ignored: REQUEST");
	/* a non-PXE client: ignored */
	ck_assert_int_eq(fake_input_spec(srv, &s, 0, 67, T0), 0);
	ck_assert_uint_eq(F.n_sent, 1);
	ck_assert_uint_eq(dhcp_server_stats(srv)->drops[DHCP_DROP_NOT_PXE], 1);
	ck_assert_str_eq(fake_last_event(&F)->kind, "drop");
	ck_assert_str_eq(fake_last_event(&F)->service, "proxydhcp");
	/* port 4011: REQUEST from the client's new address -> ACK back to it */
	s = (struct req_spec){ .type = DHCPREQUEST, .ciaddr = IP4(10, 0, 2, 157),
			       .vendor = "PXEClient:Arch:00007:UNDI:003000" };
	ck_assert_int_eq(fake_input_spec(srv, &s, IP4(10, 0, 2, 157), 4011, T0 + SEC), 0);
	dg = fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPACK);
	ck_assert_uint_eq(M.hdr.yiaddr, 0);
	ck_assert_str_eq(M.hdr.file, "snponly.efi");
	ck_assert_uint_eq(dg->dst.addr, IP4(10, 0, 2, 157));
	ck_assert_uint_eq(dg->dst.port, 68);
	ck_assert_uint_eq(dg->src.port, 4011);
	ck_assert_str_eq(fake_last_event(&F)->kind, "ack");
	ck_assert_uint_eq(dhcp_server_nbp_count(srv, mac_qemu, "snponly.efi"), 1);
	/* 4011 DISCOVER is not a thing */
	s.type = DHCPDISCOVER;
	ck_assert_int_eq(fake_input_spec(srv, &s, IP4(10, 0, 2, 157), 4011, T0 + SEC), 0);
	ck_assert_uint_eq(dhcp_server_stats(srv)->drops[DHCP_DROP_PROXY_IGNORED], 2);
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_full_mode_answers_4011)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	const struct pxl_dgram *dg;
	struct req_spec s = { .type = DHCPREQUEST, .ciaddr = IP4(10, 0, 2, 100),
			      .vendor = "PXEClient", .uclass = "iPXE" };

	base_config(&cfg);
	srv = fake_new_server(&F, &cfg);
	ck_assert_int_eq(fake_input_spec(srv, &s, IP4(10, 0, 2, 100), 4011, T0), 0);
	dg = fake_reply(&F, &M);
	ck_assert_uint_eq(M.type, DHCPACK);
	ck_assert_uint_eq(M.hdr.yiaddr, 0);
	ck_assert_str_eq(opt_str(&M, DHCP_OPT_ROOT_PATH),
			 "iscsi:10.0.2.2:::1:iqn.2026-11.org.pxelab:boot");
	ck_assert_uint_eq(dg->src.port, 4011);
	ck_assert_str_eq(fake_last_event(&F)->service, "proxydhcp");
	dhcp_server_free(srv);
}
END_TEST

/**
 * expect_drop() - feed a payload, require no reply, -EINVAL and a counted reason
 * @srv:    server
 * @buf:    payload
 * @len:    its length
 * @port:   destination port
 * @reason: expected drop reason
 */
static void expect_drop(struct dhcp_server *srv, const uint8_t *buf, size_t len, uint16_t port,
			unsigned int reason)
{
	uint64_t before = dhcp_server_stats(srv)->drops[reason];
	size_t sent = F.n_sent;
	const struct fake_event *ev;

	ck_assert_int_eq(fake_input(srv, buf, len, 0, port, T0), -EINVAL);
	ck_assert_uint_eq(F.n_sent, sent);
	ck_assert_uint_eq(dhcp_server_stats(srv)->drops[reason], before + 1);
	ev = fake_last_event(&F);
	ck_assert_str_eq(ev->kind, "drop");
	ck_assert_msg(!strncmp(ev->detail, dhcp_drop_name(reason), strlen(dhcp_drop_name(reason))),
		      "detail %s", ev->detail);
	ck_assert_uint_eq(ev->value, reason);
	ck_assert(ev->has_mac);
}

START_TEST(test_malformed_dropped)
{
	static uint8_t giant[70000];
	static uint8_t buf[DHCP_MSG_MAX_LEN];
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	struct req_spec s = { .type = DHCPDISCOVER };
	size_t n, len;
	uint8_t *offer;

	base_config(&cfg);
	srv = fake_new_server(&F, &cfg);
	n = craft(&s, buf);
	expect_drop(srv, buf, 200, 67, DHCP_PERR_TRUNCATED);
	expect_drop(srv, buf, 0, 67, DHCP_PERR_TRUNCATED);
	memcpy(giant, buf, n);
	expect_drop(srv, giant, 65507, 67, DHCP_PERR_TOO_LONG);
	buf[243] = 55;
	buf[244] = 200; /* option length past the end */
	expect_drop(srv, buf, n, 67, DHCP_PERR_OPT_OVERRUN);
	craft(&s, buf);
	expect_drop(srv, buf, 243, 67, DHCP_PERR_NO_END); /* cut before the end option */
	memset(buf + 240, 0, n - 240);
	expect_drop(srv, buf, n, 67, DHCP_PERR_NO_END);   /* pad only */
	craft(&s, buf);
	buf[0] = 9;
	expect_drop(srv, buf, n, 67, DHCP_PERR_BAD_OP);
	buf[0] = 1;
	buf[2] = 17;
	expect_drop(srv, buf, n, 67, DHCP_PERR_BAD_HLEN);
	buf[2] = 6;
	buf[236] = 0x64;
	expect_drop(srv, buf, n, 67, DHCP_PERR_BAD_COOKIE);
	buf[236] = 99;
	buf[2] = 0;
	expect_drop(srv, buf, n, 67, DHCP_DROP_BAD_HW);
	buf[2] = 6;
	expect_drop(srv, buf, n, 68, DHCP_DROP_WRONG_PORT);
	buf[240] = 0; /* option 53 becomes pads: plain BOOTP */
	buf[241] = 0;
	buf[242] = 0;
	expect_drop(srv, buf, n, 67, DHCP_DROP_NO_TYPE);
	s.type = DHCPOFFER;
	n = craft(&s, buf);
	expect_drop(srv, buf, n, 67, DHCP_DROP_BAD_TYPE);
	s.type = 42;
	n = craft(&s, buf);
	expect_drop(srv, buf, n, 67, DHCP_DROP_BAD_TYPE);
	offer = pxl_test_fixture("packets/dhcp-dnsmasq-offer-ovmf.bin", &len);
	expect_drop(srv, offer, len, 67, DHCP_DROP_NOT_REQUEST); /* wrong op: a server's reply */
	free(offer);
	ck_assert_uint_eq(dhcp_server_stats(srv)->dropped, 15);
	ck_assert_uint_eq(dhcp_server_stats(srv)->received, 15);
	ck_assert_uint_eq(F.n_sent, 0);
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_send_failure_counted)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;

	base_config(&cfg);
	srv = fake_new_server(&F, &cfg);
	F.fail = -ENOBUFS;
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-ovmf-discover", T0), -EIO);
	ck_assert_uint_eq(dhcp_server_stats(srv)->drops[DHCP_DROP_SEND_FAILED], 1);
	ck_assert_str_eq(fake_last_event(&F)->detail, "send-failed");
	dhcp_server_free(srv);
}
END_TEST

START_TEST(test_config_rejected)
{
	static const struct pxl_udp_ops ops = { .send = fake_send };
	struct pxl_udp_transport tx = { &ops, &F };
	struct pxl_event_sink sink = { NULL, NULL };
	struct dhcp_rule bad;
	struct dhcp_config cfg;

	base_config(&cfg);
	cfg.pool_end = IP4(10, 0, 3, 10);
	errno = 0;
	ck_assert_ptr_null(dhcp_server_new(&cfg, tx, sink));
	ck_assert_int_eq(errno, EINVAL);
	base_config(&cfg);
	cfg.server_addr = 0;
	ck_assert_ptr_null(dhcp_server_new(&cfg, tx, sink));
	base_config(&cfg);
	cfg.netmask = IP4(255, 0, 255, 0);
	ck_assert_ptr_null(dhcp_server_new(&cfg, tx, sink));
	base_config(&cfg);
	cfg.pool_start = IP4(10, 0, 2, 200);
	cfg.pool_end = IP4(10, 0, 2, 100);
	ck_assert_ptr_null(dhcp_server_new(&cfg, tx, sink));
	base_config(&cfg);
	dhcp_rule_init(&bad, "bad");
	dhcp_rule_feature(&bad, "warp-drive");
	cfg.rules = &bad;
	cfg.n_rules = 1;
	ck_assert_ptr_null(dhcp_server_new(&cfg, tx, sink));
	dhcp_rule_init(&bad, "bad");
	dhcp_rule_option(&bad, DHCP_OPT_SERVER_ID, "\x01\x02\x03\x04", 4);
	ck_assert_ptr_null(dhcp_server_new(&cfg, tx, sink));
	tx.ops = NULL;
	base_config(&cfg);
	ck_assert_ptr_null(dhcp_server_new(&cfg, tx, sink));
}
END_TEST

START_TEST(test_config_deep_copied)
{
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	struct dhcp_rule *rule = malloc(sizeof(*rule));
	char *file = strdup("boot.efi"), *name = strdup("heap"), *uc = strdup("iPXE");

	dhcp_rule_init(rule, name);
	dhcp_rule_user_class(rule, uc);
	rule->file = file;
	base_config(&cfg);
	cfg.rules = rule;
	cfg.n_rules = 1;
	srv = fake_new_server(&F, &cfg);
	memset(rule, 0, sizeof(*rule));
	memset(file, 'x', strlen(file));
	memset(uc, 'x', strlen(uc));
	free(rule);
	free(file);
	free(name);
	free(uc);
	ck_assert_int_eq(fake_input_fixture(srv, "dhcp-snponly-discover", T0), 0);
	fake_reply(&F, &M);
	ck_assert_str_eq(M.hdr.file, "boot.efi");
	ck_assert_str_eq(fake_last_event(&F)->detail, "rule heap: file=boot.efi next-server=10.0.2.2");
	dhcp_server_free(srv);
}
END_TEST

/** xorshift32() - deterministic pseudo-random numbers for the mutation test */
static uint32_t xorshift32(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

START_TEST(test_mutated_packets_accounted)
{
	static const char *const names[] = { "dhcp-ovmf-discover", "dhcp-ovmf-request",
					     "dhcp-snponly-request", "dhcp-bios-ipxe-rom-discover" };
	struct dhcp_config cfg;
	struct dhcp_server *srv;
	uint32_t seed = 0xc0ffee;
	size_t i, k, len, pos, before_sent, before_ev;
	uint64_t before_drop;
	uint8_t *orig, *buf;

	base_config(&cfg);
	cfg.proxy = (int)(_i & 1);
	srv = fake_new_server(&F, &cfg);
	for (i = 0; i < 4; i++) {
		char rel[128];

		snprintf(rel, sizeof(rel), "packets/%s.bin", names[i]);
		orig = pxl_test_fixture(rel, &len);
		for (k = 0; k < 2000; k++) {
			buf = malloc(len);
			memcpy(buf, orig, len);
			pos = xorshift32(&seed) % len;
			buf[pos] = (uint8_t)xorshift32(&seed);
			buf[240 + xorshift32(&seed) % (len - 240)] = (uint8_t)xorshift32(&seed);
			F.n_sent = 0; /* keep the recorder from filling up */
			F.n_ev = 0;
			before_sent = F.n_sent;
			before_ev = F.n_ev;
			before_drop = dhcp_server_stats(srv)->dropped;
			fake_input(srv, buf, xorshift32(&seed) % 8 ? len : pos, 0,
				   k % 5 ? 67 : 4011, T0 + k * SEC);
			ck_assert_msg(F.n_sent == before_sent + 1 ||
				      dhcp_server_stats(srv)->dropped == before_drop + 1 ||
				      (F.n_ev == before_ev + 1 &&
				       (!strcmp(F.ev[0].kind, "release") ||
					!strcmp(F.ev[0].kind, "decline"))),
				      "datagram %zu/%zu neither answered nor counted", i, k);
			ck_assert_uint_le(F.n_ev, 1);
			free(buf);
		}
		free(orig);
	}
	ck_assert_uint_eq(dhcp_server_stats(srv)->received, 8000);
	ck_assert_uint_gt(dhcp_server_stats(srv)->tx_type[DHCPOFFER], 0);
	ck_assert_uint_gt(dhcp_server_stats(srv)->dropped, 0);
	dhcp_server_free(srv);
}
END_TEST

/** dhcp_server_suite() - the server suite */
static Suite *dhcp_server_suite(void)
{
	Suite *s = suite_create("dhcp_server");
	TCase *tc = tcase_create("server");

	tcase_add_test(tc, test_ovmf_to_snponly_chain);
	tcase_add_test(tc, test_bios_rom_first_boot_rule);
	tcase_add_test(tc, test_reply_destinations);
	tcase_add_test(tc, test_nak_cases);
	tcase_add_test(tc, test_other_server_selected);
	tcase_add_test(tc, test_renew_and_rebind);
	tcase_add_test(tc, test_lease_expiry_fake_clock);
	tcase_add_test(tc, test_reservations);
	tcase_add_test(tc, test_requested_address_honoured);
	tcase_add_test(tc, test_decline_and_release);
	tcase_add_test(tc, test_inform);
	tcase_add_test(tc, test_http_boot_client);
	tcase_add_test(tc, test_parameter_request_list);
	tcase_add_test(tc, test_overload_small_max_size);
	tcase_add_test(tc, test_no_pxedhcp_config);
	tcase_add_test(tc, test_no_pxedhcp_no_boot);
	tcase_add_test(tc, test_proxy_mode);
	tcase_add_test(tc, test_full_mode_answers_4011);
	tcase_add_test(tc, test_malformed_dropped);
	tcase_add_test(tc, test_send_failure_counted);
	tcase_add_test(tc, test_config_rejected);
	tcase_add_test(tc, test_config_deep_copied);
	tcase_add_loop_test(tc, test_mutated_packets_accounted, 0, 2); /* full, proxy */
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(dhcp_server_suite)
