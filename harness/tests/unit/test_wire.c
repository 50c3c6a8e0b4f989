/* test_wire.c - the wire observer on the three real captures: DHCP, TFTP, iSCSI observations
 *
 * Expected values were read off the captures with tshark, e.g.
 *   tshark -r F -Y tftp -T fields -e frame.time_relative -e tftp.opcode -e tftp.block
 *   tshark -r F -d tcp.port==3291,iscsi -Y iscsi
 */

#include <errno.h>

#include "test_wire_util.h"

#define SANBOOT "captures/bios-ipxe-rom-sanboot.pcap"
#define CHAINLOOP "captures/bios-ipxe-rom-slirp-chainloop.pcap"
#define UEFI "captures/uefi-native-pxe-dnsmasq-tgt.pcap"
#define CLIENT_MAC "52:54:00:12:34:56"
#define IQN "iqn.2026-11.test:disk1"

/**
 * replay() - replay a fixture capture into a recorder
 * @rel:   path under fixtures/
 * @cfg:   observer configuration or NULL
 * @r:     out: observations (zero it first)
 * @st:    out: counters
 * @flush: call pxl_wire_flush() at the end
 */
static void replay(const char *rel, const struct pxl_wire_config *cfg, struct rec *r,
		   struct pxl_wire_stats *st, int flush)
{
	char path[256];
	struct pxl_wire *w = pxl_wire_new(cfg, rec_cb, r);
	uint64_t last = 0;
	long n;

	ck_assert_ptr_nonnull(w);
	snprintf(path, sizeof(path), "fixtures/%s", rel);
	n = pxl_wire_replay_pcap(w, path, -1, &last);
	ck_assert_int_gt(n, 0);
	if (flush)
		pxl_wire_flush(w, last);
	pxl_wire_stats(w, st);
	ck_assert_uint_eq(st->frames, (uint64_t)n);
	ck_assert_uint_eq(st->observations, r->n);
	pxl_wire_free(w);
}

/**
 * mac_is() - whether an observation's client MAC is @mac
 * @o:   observation
 * @mac: "aa:bb:..."
 *
 * Return: 1 or 0.
 */
static int mac_is(const struct pxl_obs *o, const char *mac)
{
	char buf[18];

	return o->has_mac && !strcmp(pxl_mac_str(o->mac, buf), mac);
}

/**
 * field_eq() - assert a field's value
 * @o:   observation
 * @key: key
 * @val: expected value
 */
static void field_eq(const struct pxl_obs *o, const char *key, const char *val)
{
	const char *v;

	ck_assert_ptr_nonnull(o);
	v = pxl_obs_field(o, key);
	ck_assert_msg(v && !strcmp(v, val), "%s %s: %s is \"%s\", want \"%s\"", o->proto, o->verb,
		      key, v ? v : "(absent)", val);
}

/**
 * has_feature() - whether a comma list holds a name
 * @list: "a,b,c"
 * @name: name
 *
 * Return: 1 or 0.
 */
static int has_feature(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while (p && *p) {
		if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p = strchr(p, ',');
		p = p ? p + 1 : NULL;
	}
	return 0;
}

static const struct pxl_wire_config sanboot_cfg = { { 3260, 3291 }, 2, 0, 0, 0 };

START_TEST(test_sanboot_dhcp)
{
	struct pxl_wire_stats st;
	struct rec r = { 0 };
	const struct pxl_obs *o;

	replay(SANBOOT, &sanboot_cfg, &r, &st, 0);
	o = rec_find(&r, 0, "dhcp", "discover", (const char *)NULL);
	ck_assert_ptr_eq(o, &r.o[0]);
	ck_assert(mac_is(o, CLIENT_MAC));
	ck_assert_int_eq(o->dir, PXL_OBS_FROM_CLIENT);
	field_eq(o, "xid", "0x8bf5f12c");
	field_eq(o, "user-class", "iPXE");
	field_eq(o, "vendor-class", "PXEClient:Arch:00000:UNDI:002001");
	field_eq(o, "arch", "0");
	field_eq(o, "broadcast", "no");
	field_eq(o, "option-77", "iPXE");
	field_eq(o, "option-93", "00:00");
	ck_assert(has_feature(pxl_obs_field(o, "ipxe-feature"), "iscsi"));
	ck_assert(has_feature(pxl_obs_field(o, "ipxe-feature"), "http"));
	ck_assert(!has_feature(pxl_obs_field(o, "ipxe-feature"), "efi"));
	ck_assert_ptr_null(pxl_obs_field(o, "latency-ms"));
	ck_assert_uint_eq(rec_count(&r, "dhcp", "discover", NULL, NULL), 2);
	ck_assert_uint_eq(rec_count(&r, "dhcp", "offer", NULL, NULL), 2);
	o = rec_find(&r, 0, "dhcp", "ack", (const char *)NULL);
	ck_assert_int_eq(o->dir, PXL_OBS_TO_CLIENT);
	ck_assert(mac_is(o, CLIENT_MAC));
	ck_assert_uint_eq(o->ip, 0x0a00020f);
	field_eq(o, "file", "boot.ipxe");
	field_eq(o, "yiaddr", "10.0.2.15");
	field_eq(o, "siaddr", "10.0.2.2");
	field_eq(o, "server-id", "10.0.2.2");
	field_eq(o, "lease-time", "86400");
	field_eq(o, "option-54", "0a:00:02:02");
	/* frames 11 -> 12: 3.046263 -> 3.046297 */
	field_eq(o, "latency-ms", "0.034");
	ck_assert_uint_eq(st.malformed, 0);
	ck_assert_uint_eq(st.dropped, 0);
	rec_free(&r);
}
END_TEST

START_TEST(test_sanboot_tftp_iscsi)
{
	struct pxl_wire_stats st;
	struct rec r = { 0 };
	const struct pxl_obs *o, *login, *read0;

	replay(SANBOOT, &sanboot_cfg, &r, &st, 0);
	o = rec_find(&r, 0, "tftp", "request", "file", "boot.ipxe", (const char *)NULL);
	field_eq(o, "option-blksize", "1432");
	field_eq(o, "option-tsize", "0");
	o = rec_find(&r, 0, "tftp", "start", (const char *)NULL);
	field_eq(o, "option-blksize", "1428");
	field_eq(o, "option-tsize", "83");
	field_eq(o, "server-tid", "69");
	o = rec_find(&r, 0, "tftp", "transfer", "file", "boot.ipxe", (const char *)NULL);
	ck_assert(mac_is(o, CLIENT_MAC));
	field_eq(o, "state", "complete");
	field_eq(o, "bytes", "83");
	field_eq(o, "blocks", "1");
	/* frames 16 -> 20: 3.128695 -> 3.131668 */
	field_eq(o, "duration-ms", "2.973");
	field_eq(o, "duration-us", "2973");	/* what `within` compares */
	o = rec_find(&r, 0, "iscsi", "connect", (const char *)NULL);
	field_eq(o, "port", "3291");
	ck_assert(mac_is(o, CLIENT_MAC));
	ck_assert_uint_eq(o->ip, 0x0a00020f);
	login = rec_find(&r, 0, "iscsi", "login", "target", IQN, (const char *)NULL);
	field_eq(login, "status", "success");
	field_eq(login, "initiator",
		 "iqn.2010-04.org.ipxe:00000000-0000-0000-0000-000000000000");
	field_eq(login, "auth-method", "None");
	field_eq(login, "port", "3291");
	/* frame 24 (first byte of the login) -> 33 (final response): 3.157477 -> 3.212753 */
	field_eq(login, "latency-ms", "55.276");
	ck_assert_uint_eq(rec_count(&r, "iscsi", "login", NULL, NULL), 1);
	read0 = rec_find(&r, 0, "iscsi", "read", "lba", "0", (const char *)NULL);
	field_eq(read0, "blocks", "1");
	field_eq(read0, "status", "good");
	field_eq(read0, "bytes", "512");
	ck_assert_uint_gt(rec_index(&r, read0), rec_index(&r, login));
	o = rec_find(&r, 0, "iscsi", "read", "lba", "64", (const char *)NULL);
	field_eq(o, "blocks", "4");
	field_eq(o, "bytes", "2048");	/* a Data-In split over two TCP segments */
	ck_assert_uint_eq(rec_count(&r, "iscsi", "read", NULL, NULL), 3);
	ck_assert_uint_eq(rec_count(&r, "iscsi", "command", "opcode", "test-unit-ready"), 2);
	ck_assert_uint_eq(rec_count(&r, "iscsi", "command", "opcode", "read-capacity-10"), 1);
	o = rec_find(&r, 0, "iscsi", "command", "opcode", "read-10", (const char *)NULL);
	field_eq(o, "lun", "1");
	field_eq(o, "opcode-name", "READ(10)");
	field_eq(o, "target", IQN);
	ck_assert_int_eq(o->dir, PXL_OBS_FROM_CLIENT);
	ck_assert_int_eq(read0->dir, PXL_OBS_FROM_CLIENT);
	field_eq(read0, "lun", "1");
	ck_assert_int_eq(login->dir, PXL_OBS_FROM_CLIENT);
	field_eq(login, "status-code", "00-00");
	ck_assert_uint_eq(st.tcp_resyncs, 0);
	rec_free(&r);
}
END_TEST

/* Without port 3291 configured the sanboot capture has no iSCSI at all */
START_TEST(test_sanboot_default_port)
{
	struct pxl_wire_stats st;
	struct rec r = { 0 };

	replay(SANBOOT, NULL, &r, &st, 0);
	ck_assert_uint_eq(rec_count(&r, "iscsi", "connect", NULL, NULL), 0);
	ck_assert_uint_eq(rec_count(&r, "iscsi", "login", NULL, NULL), 0);
	ck_assert_uint_eq(rec_count(&r, "tftp", "transfer", "state", "complete"), 1);
	rec_free(&r);
}
END_TEST

START_TEST(test_chainloop)
{
	struct pxl_wire_stats st;
	struct rec r = { 0 };
	const struct pxl_obs *a, *b;

	replay(CHAINLOOP, NULL, &r, &st, 1);
	ck_assert_uint_eq(rec_count(&r, "tftp", "request", "file", "undionly.kpxe"), 2);
	ck_assert_uint_eq(rec_count(&r, "tftp", "transfer", "file", "undionly.kpxe"), 2);
	a = rec_find(&r, 0, "tftp", "transfer", "state", "complete", (const char *)NULL);
	b = rec_find(&r, 1, "tftp", "transfer", "state", "complete", (const char *)NULL);
	field_eq(a, "bytes", "74213");
	field_eq(b, "bytes", "74213");
	field_eq(a, "blocks", "52");
	field_eq(a, "blksize", "1428");
	field_eq(a, "tsize", "74213");
	/* frames 16 -> 122 and 138 -> 244 */
	field_eq(a, "duration-ms", "5.924");
	field_eq(b, "duration-ms", "182.130");
	ck_assert_uint_eq(rec_count(&r, "dhcp", "discover", NULL, NULL), 6);
	ck_assert_uint_eq(rec_count(&r, "dhcp", "ack", "file", "undionly.kpxe"), 2);
	ck_assert_uint_eq(rec_count(&r, "dhcp", "discover", "xid", "0xfa139a76"), 2);
	ck_assert_uint_eq(rec_count(&r, "iscsi", "connect", NULL, NULL), 0);
	ck_assert_uint_eq(st.dropped, 0);
	rec_free(&r);
}
END_TEST

START_TEST(test_uefi_firmware_stage)
{
	struct pxl_wire_stats st;
	struct rec r = { 0 };
	const struct pxl_obs *o;
	size_t i;

	replay(UEFI, NULL, &r, &st, 1);
	o = rec_find(&r, 0, "dhcp", "discover", (const char *)NULL);
	for (i = 0; strcmp(r.o[i].proto, "dhcp"); i++)	/* OVMF's IPv6 RS and NS come first */
		ck_assert(!strcmp(r.o[i].proto, "ndp"));
	ck_assert_ptr_eq(o, &r.o[i]);
	field_eq(o, "vendor-class", "PXEClient:Arch:00007:UNDI:003000");
	ck_assert_ptr_null(pxl_obs_field(o, "user-class"));
	ck_assert_ptr_null(pxl_obs_field(o, "ipxe-feature"));
	field_eq(o, "arch", "7");
	field_eq(o, "broadcast", "yes");
	field_eq(o, "option-94", "01:03:00");
	o = rec_find(&r, 0, "dhcp", "offer", (const char *)NULL);
	field_eq(o, "latency-ms", "1.009");	/* frames 8 -> 9 */
	field_eq(o, "yiaddr", "10.0.2.157");
	o = rec_find(&r, 0, "dhcp", "ack", (const char *)NULL);
	field_eq(o, "file", "snponly.efi");	/* dnsmasq sends it as option 67 */
	field_eq(o, "option-67", "snponly.efi");
	field_eq(o, "latency-ms", "1.651");	/* frames 12 -> 13 */
	field_eq(o, "lease-time", "3600");
	ck_assert_ptr_null(pxl_obs_field(o, "root-path"));
	rec_free(&r);
}
END_TEST

START_TEST(test_uefi_tftp_abort_then_complete)
{
	struct pxl_wire_stats st;
	struct rec r = { 0 };
	const struct pxl_obs *err, *ab, *ok, *req2;

	replay(UEFI, NULL, &r, &st, 1);
	field_eq(rec_find(&r, 0, "tftp", "request", (const char *)NULL), "option-tsize", "0");
	err = rec_find(&r, 0, "tftp", "error", (const char *)NULL);
	field_eq(err, "code", "8");
	field_eq(err, "message", "User aborted the transfer");
	field_eq(err, "sender", "client");
	field_eq(err, "file", "snponly.efi");
	ck_assert_int_eq(err->dir, PXL_OBS_FROM_CLIENT);
	ab = rec_find(&r, 0, "tftp", "transfer", "state", "aborted", (const char *)NULL);
	field_eq(ab, "file", "snponly.efi");
	field_eq(ab, "error-code", "8");
	field_eq(ab, "bytes", "0");
	field_eq(ab, "tsize", "173792");
	ck_assert_uint_eq(rec_index(&r, ab), rec_index(&r, err) + 1);
	req2 = rec_find(&r, 1, "tftp", "request", "file", "snponly.efi", (const char *)NULL);
	ck_assert_ptr_null(pxl_obs_field(req2, "option-tsize"));
	field_eq(req2, "option-windowsize", "4");
	ok = rec_find(&r, 0, "tftp", "transfer", "state", "complete", (const char *)NULL);
	field_eq(ok, "file", "snponly.efi");
	field_eq(ok, "bytes", "173792");
	field_eq(ok, "blocks", "119");
	field_eq(ok, "blksize", "1468");
	field_eq(ok, "duration-ms", "21.116");	/* frames 19 -> 259 */
	field_eq(ok, "status", "complete");
	ck_assert_int_eq(ok->dir, PXL_OBS_TO_CLIENT);
	ck_assert(mac_is(ok, CLIENT_MAC));
	ck_assert_uint_eq(ok->ip, 0x0a00029d);
	ck_assert_uint_gt(rec_index(&r, ok), rec_index(&r, ab));
	ck_assert_uint_eq(rec_count(&r, "tftp", "transfer", NULL, NULL), 2);
	rec_free(&r);
}
END_TEST

START_TEST(test_uefi_ipxe_and_iscsi)
{
	struct pxl_wire_stats st;
	struct rec r = { 0 };
	const struct pxl_obs *d2, *ack2, *login, *o;

	replay(UEFI, NULL, &r, &st, 1);
	d2 = rec_find(&r, 0, "dhcp", "discover", "user-class", "iPXE", (const char *)NULL);
	field_eq(d2, "vendor-class", "PXEClient:Arch:00007:UNDI:003010");
	ck_assert(has_feature(pxl_obs_field(d2, "ipxe-feature"), "iscsi"));
	ck_assert(has_feature(pxl_obs_field(d2, "ipxe-feature"), "efi"));
	ack2 = rec_find(&r, 1, "dhcp", "ack", (const char *)NULL);
	field_eq(ack2, "root-path", "iscsi:10.0.2.2:::1:" IQN);
	field_eq(ack2, "option-17", "iscsi:10.0.2.2:::1:" IQN);
	ck_assert_ptr_null(pxl_obs_field(ack2, "file"));
	ck_assert_uint_gt(rec_index(&r, ack2), rec_index(&r, d2));
	o = rec_find(&r, 0, "iscsi", "connect", (const char *)NULL);
	field_eq(o, "port", "3260");
	field_eq(o, "server", "10.0.2.2");
	ck_assert_uint_gt(rec_index(&r, o), rec_index(&r, ack2));
	login = rec_find(&r, 0, "iscsi", "login", (const char *)NULL);
	field_eq(login, "target", IQN);
	field_eq(login, "status", "success");
	field_eq(login, "port", "3260");
	field_eq(login, "tsih", "0x0100");
	field_eq(login, "latency-ms", "45.596");	/* frames 281 -> 291 */
	ck_assert(mac_is(login, CLIENT_MAC));
	o = rec_find(&r, 0, "iscsi", "read", "lba", "0", (const char *)NULL);
	field_eq(o, "status", "good");
	ck_assert_uint_gt(rec_index(&r, o), rec_index(&r, login));
	/* tshark: Read(10) LBA 0x40 x4 (3), 0x40 x1 (2), 0 x1 (6) */
	ck_assert_uint_eq(rec_count(&r, "iscsi", "read", "lba", "64"), 5);
	ck_assert_uint_eq(rec_count(&r, "iscsi", "read", "lba", "0"), 6);
	ck_assert_uint_eq(rec_count(&r, "iscsi", "command", "opcode", "test-unit-ready"), 2);
	o = rec_find(&r, 0, "iscsi", "close", (const char *)NULL);
	field_eq(o, "by", "initiator");
	ck_assert_int_eq(o->dir, PXL_OBS_FROM_CLIENT);
	ck_assert_uint_eq(st.malformed, 0);
	ck_assert_uint_eq(st.tcp_resyncs, 0);
	rec_free(&r);
}
END_TEST

/* The IP -> MAC table learns from DHCP ACKs and ARP */
START_TEST(test_ip_mac_table)
{
	struct pxl_wire *w = pxl_wire_new(NULL, NULL, NULL);
	uint8_t mac[6];
	char buf[18];

	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(pxl_wire_client_mac(w, 0x0a00029d, mac), -ENOENT);
	ck_assert_int_gt(pxl_wire_replay_pcap(w, "fixtures/" UEFI, -1, NULL), 0);
	ck_assert_int_eq(pxl_wire_client_mac(w, 0x0a00029d, mac), 0);
	ck_assert_str_eq(pxl_mac_str(mac, buf), CLIENT_MAC);
	ck_assert_int_eq(pxl_wire_client_mac(w, 0x0a000202, mac), 0);	/* ARP frame 15 */
	ck_assert_str_eq(pxl_mac_str(mac, buf), "8a:ed:ab:59:72:9f");
	ck_assert_int_eq(pxl_wire_client_mac(w, 0x0a000203, mac), -ENOENT);
	pxl_wire_free(w);
}
END_TEST

/* Stopping halfway through the transfer and flushing reports it incomplete */
START_TEST(test_flush_incomplete)
{
	struct frames fs = { 0 };
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	const struct pxl_obs *o;

	frames_load(UEFI, &fs);
	fs.n = 100;	/* frames 1..100: the second transfer is at block 40 */
	feed(w, &fs);
	ck_assert_uint_eq(rec_count(&r, "tftp", "transfer", "state", "complete"), 0);
	pxl_wire_flush(w, fs.t[99]);
	o = rec_find(&r, 0, "tftp", "transfer", "state", "incomplete", (const char *)NULL);
	field_eq(o, "file", "snponly.efi");
	field_eq(o, "blocks", "40");
	field_eq(o, "bytes", "58720");
	pxl_wire_flush(w, fs.t[99]);	/* nothing left */
	ck_assert_uint_eq(rec_count(&r, "tftp", "transfer", "state", "incomplete"), 1);
	fs.n = 348;
	pxl_wire_free(w);
	frames_free(&fs);
	rec_free(&r);
}
END_TEST

START_TEST(test_obs_api)
{
	struct rec r = { 0 };
	struct pxl_wire_stats st;
	const char *k, *v;
	char line[8192];
	struct pxl_obs copy;

	replay(SANBOOT, &sanboot_cfg, &r, &st, 0);
	copy = r.o[0];
	ck_assert_str_eq(copy.proto, "dhcp");
	ck_assert_ptr_null(pxl_obs_field(&copy, "no-such-field"));
	ck_assert_int_eq(pxl_obs_field_at(&copy, 0, &k, &v), 0);
	ck_assert_str_eq(k, "xid");
	ck_assert_str_eq(v, "0x8bf5f12c");
	ck_assert_int_eq(pxl_obs_field_at(&copy, copy.n_fields, &k, &v), -ENOENT);
	ck_assert(!copy.truncated);
	ck_assert_int_eq(copy.port, -1);
	pxl_obs_format(&copy, line, sizeof(line));
	ck_assert_msg(!strncmp(line, "dhcp discover mac=" CLIENT_MAC " xid=0x8bf5f12c ", 42),
		      "%s", line);
	ck_assert_ptr_nonnull(strstr(copy.summary, "DISCOVER"));
	pxl_obs_format(&copy, line, 10);
	ck_assert_str_eq(line, "dhcp disc");
	rec_free(&r);
}
END_TEST

START_TEST(test_config)
{
	struct pxl_wire_config cfg = { { 0 }, PXL_WIRE_MAX_PORTS + 1, 0, 0, 0 };
	struct pxl_wire *w;

	ck_assert_ptr_null(pxl_wire_new(&cfg, NULL, NULL));
	cfg.n_iscsi_ports = PXL_WIRE_MAX_PORTS;
	w = pxl_wire_new(&cfg, NULL, NULL);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(pxl_wire_replay_pcap(w, NULL, 0, NULL), -EINVAL);
	ck_assert_int_eq(pxl_wire_replay_pcap(NULL, "fixtures/" SANBOOT, 0, NULL), -EINVAL);
	pxl_wire_free(w);
	pxl_wire_free(NULL);
}
END_TEST

START_TEST(test_replay_errors)
{
	struct pxl_wire *w = pxl_wire_new(NULL, NULL, NULL);

	ck_assert_int_eq(pxl_wire_replay_pcap(w, "fixtures/no-such.pcap", -1, NULL), -ENOENT);
	ck_assert_int_eq(pxl_wire_replay_pcap(w, "fixtures/captures/uefi-native-pxe-dnsmasq-tgt.console.txt",
					      -1, NULL), -EINVAL);
	pxl_wire_free(w);
}
END_TEST

/**
 * wire_suite() - observer tests on real captures
 *
 * Return: the suite.
 */
static Suite *wire_suite(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("captures");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sanboot_dhcp);
	tcase_add_test(tc, test_sanboot_tftp_iscsi);
	tcase_add_test(tc, test_sanboot_default_port);
	tcase_add_test(tc, test_chainloop);
	tcase_add_test(tc, test_uefi_firmware_stage);
	tcase_add_test(tc, test_uefi_tftp_abort_then_complete);
	tcase_add_test(tc, test_uefi_ipxe_and_iscsi);
	tcase_add_test(tc, test_ip_mac_table);
	tcase_add_test(tc, test_flush_incomplete);
	tcase_add_test(tc, test_obs_api);
	tcase_add_test(tc, test_config);
	tcase_add_test(tc, test_replay_errors);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(wire_suite)
