/* test_dhcp_msg.c - DHCP codec tests on real captured packets, overload, concatenation and malformed input */
#include "services/dhcp/dhcp_msg.h"
#include "testlib.h"

#include <errno.h>
#include <string.h>

#include "core/util.h"

static const uint8_t qemu_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/**
 * parse_fixture() - load fixtures/packets/NAME.bin and parse it (must succeed)
 * @name: fixture base name
 * @msg:  out: parsed message
 */
static void parse_fixture(const char *name, struct dhcp_msg *msg)
{
	char rel[128];
	size_t len;
	uint8_t *buf;
	int rc;

	snprintf(rel, sizeof(rel), "packets/%s.bin", name);
	buf = pxl_test_fixture(rel, &len);
	rc = dhcp_msg_parse(msg, buf, len);
	ck_assert_msg(rc == 0, "%s: %s", name, dhcp_perr_name(msg->error));
	free(buf);
}

/**
 * raw_msg() - a minimal valid DHCP request header with cookie, options appended by caller
 * @buf:  out: 240 bytes written
 * @type: message type to put first (0 for none)
 *
 * Return: length written (240, or 243 with a message type).
 */
static size_t raw_msg(uint8_t *buf, uint8_t type)
{
	memset(buf, 0, 240);
	buf[0] = 1;
	buf[1] = 1;
	buf[2] = 6;
	buf[4] = 0xde;
	buf[5] = 0xad;
	buf[6] = 0xbe;
	buf[7] = 0xef;
	memcpy(buf + 28, qemu_mac, 6);
	buf[236] = 99;
	buf[237] = 130;
	buf[238] = 83;
	buf[239] = 99;
	if (!type)
		return 240;
	buf[240] = 53;
	buf[241] = 1;
	buf[242] = type;
	return 243;
}

START_TEST(test_bios_ipxe_rom_discover)
{
	static struct dhcp_msg m;
	uint8_t t, maj, min, uuid[16], zero[16] = { 0 };
	uint16_t arch, max;
	char feat[256], line[512];
	const uint8_t *bus;
	size_t len;

	parse_fixture("dhcp-bios-ipxe-rom-discover", &m);
	ck_assert_uint_eq(m.hdr.op, DHCP_BOOTREQUEST);
	ck_assert_uint_eq(m.hdr.htype, 1);
	ck_assert_uint_eq(m.hdr.hlen, 6);
	ck_assert_uint_eq(m.hdr.xid, 0x8bf5f12c);
	ck_assert_uint_eq(m.hdr.secs, 4);
	ck_assert_uint_eq(m.hdr.flags & DHCP_FLAG_BROADCAST, 0);
	ck_assert_mem_eq(m.hdr.chaddr, qemu_mac, 6);
	ck_assert_uint_eq(m.type, DHCPDISCOVER);
	ck_assert_uint_eq(m.overload, 0);
	ck_assert(dhcp_msg_is_pxe(&m));
	ck_assert(dhcp_msg_is_ipxe(&m));
	ck_assert(dhcp_msg_vendor_prefix(&m, "PXEClient:Arch:00000"));
	ck_assert(!dhcp_msg_vendor_prefix(&m, "PXEClient:Arch:00007"));
	ck_assert(dhcp_msg_has_user_class(&m, "iPXE"));
	ck_assert(!dhcp_msg_has_user_class(&m, "iPX"));
	ck_assert_int_eq(dhcp_msg_client_arch(&m, &arch), 0);
	ck_assert_uint_eq(arch, 0);
	ck_assert_int_eq(dhcp_msg_client_ndi(&m, &t, &maj, &min), 0);
	ck_assert_uint_eq(t, 1);
	ck_assert_uint_eq(maj, 2);
	ck_assert_uint_eq(min, 1);
	ck_assert_int_eq(dhcp_msg_client_uuid(&m, uuid), 0);
	ck_assert_mem_eq(uuid, zero, 16);
	ck_assert_int_eq(dhcp_msg_opt_u16(&m, DHCP_OPT_MAX_SIZE, &max), 0);
	ck_assert_uint_eq(max, 1472);
	ck_assert_uint_eq(dhcp_msg_reply_max(&m), 1444);
	ck_assert_uint_eq(dhcp_msg_requested(&m, DHCP_OPT_SUBNET_MASK), 1);
	ck_assert_uint_gt(dhcp_msg_requested(&m, DHCP_OPT_ROOT_PATH), 0);
	ck_assert_uint_gt(dhcp_msg_requested(&m, DHCP_OPT_IPXE), 0);
	ck_assert_uint_eq(dhcp_msg_requested(&m, DHCP_OPT_LEASE_TIME), 0);
	ck_assert(dhcp_msg_ipxe_feature(&m, 0x11));
	ck_assert(dhcp_msg_ipxe_feature(&m, (uint8_t)dhcp_ipxe_feature_code("http")));
	ck_assert(!dhcp_msg_ipxe_feature(&m, 0x24)); /* efi: not in a BIOS ROM */
	bus = dhcp_msg_ipxe_opt(&m, IPXE_OPT_BUS_ID, &len);
	ck_assert_ptr_nonnull(bus);
	ck_assert_uint_eq(len, 5);
	ck_assert_uint_eq(bus[0], 1); /* PCI */
	ck_assert_str_eq(dhcp_msg_ipxe_features(&m, feat, sizeof(feat)),
			 "pxeext,iscsi,aoe,http,tftp,dns,bzimage,multiboot,pxe,elf,menu,nfs");
	ck_assert_str_eq(dhcp_msg_summary(&m, line, sizeof(line)),
			 "DISCOVER xid 0x8bf5f12c from 52:54:00:12:34:56 vendor "
			 "PXEClient:Arch:00000:UNDI:002001 user-class iPXE arch 0");
}
END_TEST

START_TEST(test_ovmf_discover)
{
	static struct dhcp_msg m;
	char line[512];
	uint16_t arch;

	parse_fixture("dhcp-ovmf-discover", &m);
	ck_assert_uint_eq(m.hdr.xid, 0x543433de);
	ck_assert_uint_eq(m.hdr.flags, DHCP_FLAG_BROADCAST);
	ck_assert_uint_eq(m.type, DHCPDISCOVER);
	ck_assert(dhcp_msg_is_pxe(&m));
	ck_assert(!dhcp_msg_is_ipxe(&m));
	ck_assert_ptr_null(dhcp_msg_user_class(&m, 0, &(size_t){ 0 }));
	ck_assert_int_eq(dhcp_msg_client_arch(&m, &arch), 0);
	ck_assert_uint_eq(arch, 7);
	ck_assert_uint_gt(dhcp_msg_requested(&m, DHCP_OPT_UUID), 0);
	ck_assert_str_eq(dhcp_msg_summary(&m, line, sizeof(line)),
			 "DISCOVER xid 0x543433de from 52:54:00:12:34:56 vendor "
			 "PXEClient:Arch:00007:UNDI:003000 user-class - arch 7");
}
END_TEST

START_TEST(test_snponly_discover_and_request)
{
	static struct dhcp_msg m;
	char feat[256];
	uint32_t req;
	uint8_t t, maj, min;

	parse_fixture("dhcp-snponly-discover", &m);
	ck_assert(dhcp_msg_is_ipxe(&m));
	ck_assert(dhcp_msg_vendor_prefix(&m, "PXEClient:Arch:00007:UNDI:003010"));
	ck_assert_int_eq(dhcp_msg_client_ndi(&m, &t, &maj, &min), 0);
	ck_assert_uint_eq(maj, 3);
	ck_assert_uint_eq(min, 10);
	ck_assert(dhcp_msg_ipxe_feature(&m, (uint8_t)dhcp_ipxe_feature_code("efi")));
	ck_assert(dhcp_msg_ipxe_feature(&m, (uint8_t)dhcp_ipxe_feature_code("iscsi")));
	ck_assert(!dhcp_msg_ipxe_feature(&m, (uint8_t)dhcp_ipxe_feature_code("bzimage")));
	ck_assert_str_eq(dhcp_msg_ipxe_features(&m, feat, sizeof(feat)),
			 "iscsi,aoe,http,tftp,dns,efi,menu,nfs");

	parse_fixture("dhcp-snponly-request", &m);
	ck_assert_uint_eq(m.type, DHCPREQUEST);
	ck_assert_int_eq(dhcp_msg_opt_u32(&m, DHCP_OPT_REQ_ADDR, &req), 0);
	ck_assert_uint_eq(req, 0x0a00029d);
	ck_assert_int_eq(dhcp_msg_opt_u32(&m, DHCP_OPT_SERVER_ID, &req), 0);
	ck_assert_uint_eq(req, 0x0a000202);
}
END_TEST

START_TEST(test_dnsmasq_and_slirp_replies)
{
	static struct dhcp_msg m;
	char line[512], root[128];
	uint32_t v;

	parse_fixture("dhcp-dnsmasq-ack-snponly", &m);
	ck_assert_uint_eq(m.hdr.op, DHCP_BOOTREPLY);
	ck_assert_uint_eq(m.type, DHCPACK);
	ck_assert_uint_eq(m.hdr.yiaddr, 0x0a00029d);
	ck_assert_uint_eq(m.hdr.siaddr, 0x0a000202);
	ck_assert_int_eq(dhcp_msg_opt_u32(&m, DHCP_OPT_LEASE_TIME, &v), 0);
	ck_assert_uint_eq(v, 3600);
	ck_assert_str_eq(dhcp_msg_opt_str(&m, DHCP_OPT_ROOT_PATH, root, sizeof(root)),
			 "iscsi:10.0.2.2:::1:iqn.2026-11.test:disk1");
	ck_assert_str_eq(dhcp_msg_summary(&m, line, sizeof(line)),
			 "ACK xid 0xa62e981a to 52:54:00:12:34:56 yiaddr 10.0.2.157 siaddr "
			 "10.0.2.2 file \"\" root-path iscsi:10.0.2.2:::1:iqn.2026-11.test:disk1");

	parse_fixture("dhcp-dnsmasq-offer-ovmf", &m);
	ck_assert_uint_eq(m.type, DHCPOFFER);
	ck_assert_str_eq(dhcp_msg_summary(&m, line, sizeof(line)),
			 "OFFER xid 0x543433de to 52:54:00:12:34:56 yiaddr 10.0.2.157 siaddr "
			 "10.0.2.2 file \"snponly.efi\" root-path -");

	parse_fixture("dhcp-slirp-offer", &m);
	ck_assert_uint_eq(m.type, DHCPOFFER);
	ck_assert_str_eq(m.hdr.file, "boot.ipxe");
	ck_assert_uint_eq(m.hdr.yiaddr, 0x0a00020f);
	ck_assert_int_eq(dhcp_msg_opt_u32(&m, DHCP_OPT_DNS, &v), 0);
	ck_assert_uint_eq(v, 0x0a000203);
}
END_TEST

START_TEST(test_rfc3004_user_class)
{
	static struct dhcp_msg m;
	uint8_t buf[300];
	size_t n = raw_msg(buf, DHCPDISCOVER), len;
	static const uint8_t uc[] = { 77, 9, 4, 'i', 'P', 'X', 'E', 3, 'f', 'o', 'o', 255 };
	const uint8_t *c;

	memcpy(buf + n, uc, sizeof(uc));
	ck_assert_int_eq(dhcp_msg_parse(&m, buf, n + sizeof(uc)), 0);
	ck_assert(dhcp_msg_has_user_class(&m, "iPXE"));
	ck_assert(dhcp_msg_has_user_class(&m, "foo"));
	ck_assert(!dhcp_msg_has_user_class(&m, "iPXEfoo"));
	c = dhcp_msg_user_class(&m, 1, &len);
	ck_assert_uint_eq(len, 3);
	ck_assert_mem_eq(c, "foo", 3);
	ck_assert_ptr_null(dhcp_msg_user_class(&m, 2, &len));
}
END_TEST

START_TEST(test_concatenation_and_overload_parse)
{
	static struct dhcp_msg m;
	uint8_t buf[400];
	size_t n = raw_msg(buf, DHCPACK), len;
	const uint8_t *p;
	static const uint8_t opts[] = { 52, 1, 3, 17, 3, 'a', 'b', 'c', 12, 1, 'h', 255 };

	memcpy(buf + n, opts, sizeof(opts));
	/* file carries more of 17 then 67; sname carries the rest of 17 */
	memcpy(buf + DHCP_FILE_OFF, "\x11\x02" "de" "\x43\x03" "x.y" "\xff", 10);
	memcpy(buf + DHCP_SNAME_OFF, "\x00\x11\x01" "f" "\x34\x01\x02" "\xff", 8);
	ck_assert_int_eq(dhcp_msg_parse(&m, buf, n + sizeof(opts)), 0);
	ck_assert_uint_eq(m.overload, 3);
	ck_assert_str_eq(m.hdr.file, "");
	ck_assert_str_eq(m.hdr.sname, "");
	p = dhcp_msg_opt(&m, DHCP_OPT_ROOT_PATH, &len);
	ck_assert_uint_eq(len, 6);
	ck_assert_mem_eq(p, "abcdef", 6);
	p = dhcp_msg_opt(&m, DHCP_OPT_BOOTFILE, &len);
	ck_assert_uint_eq(len, 3);
	ck_assert_mem_eq(p, "x.y", 3);
	ck_assert_uint_eq(dhcp_msg_opt(&m, DHCP_OPT_OVERLOAD, &len)[0], 3); /* 52 in sname ignored */
	ck_assert_uint_eq(len, 1);
}
END_TEST

START_TEST(test_number_accessors)
{
	static struct dhcp_msg m;
	uint8_t buf[300], u8;
	uint16_t u16;
	uint32_t u32;
	size_t n = raw_msg(buf, DHCPREQUEST), len;
	static const uint8_t opts[] = { 57, 1, 5, 50, 4, 10, 0, 2, 9, 60, 0, 255 };

	memcpy(buf + n, opts, sizeof(opts));
	ck_assert_int_eq(dhcp_msg_parse(&m, buf, n + sizeof(opts)), 0);
	ck_assert_int_eq(dhcp_msg_opt_u16(&m, DHCP_OPT_MAX_SIZE, &u16), -EINVAL);
	ck_assert_uint_eq(dhcp_msg_reply_max(&m), 548);
	ck_assert_int_eq(dhcp_msg_opt_u32(&m, DHCP_OPT_REQ_ADDR, &u32), 0);
	ck_assert_uint_eq(u32, 0x0a000209);
	ck_assert_int_eq(dhcp_msg_opt_u8(&m, DHCP_OPT_MSG_TYPE, &u8), 0);
	ck_assert_uint_eq(u8, DHCPREQUEST);
	ck_assert_int_eq(dhcp_msg_opt_u32(&m, DHCP_OPT_LEASE_TIME, &u32), -ENOENT);
	ck_assert_ptr_nonnull(dhcp_msg_opt(&m, DHCP_OPT_VENDOR_CLASS, &len));
	ck_assert_uint_eq(len, 0);
	ck_assert(!dhcp_msg_is_pxe(&m));
	ck_assert_ptr_null(dhcp_msg_opt(&m, DHCP_OPT_END, &len));
}
END_TEST

/**
 * expect_perr() - parse @buf and require failure with @want
 * @buf:  payload
 * @len:  length
 * @want: expected reason
 * @line: caller's line, for the failure message
 */
static void expect_perr_at(const uint8_t *buf, size_t len, enum dhcp_perr want, int line)
{
	static struct dhcp_msg m;
	int rc = dhcp_msg_parse(&m, buf, len);

	ck_assert_int_ne(rc, 0);
	ck_assert_msg(m.error == want, "line %d: got %s want %s", line, dhcp_perr_name(m.error),
		      dhcp_perr_name(want));
}

#define expect_perr(buf, len, want) expect_perr_at(buf, len, want, __LINE__)

START_TEST(test_malformed)
{
	static uint8_t buf[DHCP_MSG_MAX_LEN + 16];
	size_t n = raw_msg(buf, DHCPDISCOVER);

	expect_perr(buf, 100, DHCP_PERR_TRUNCATED);
	expect_perr(buf, 239, DHCP_PERR_TRUNCATED);
	expect_perr(NULL, 0, DHCP_PERR_TRUNCATED);
	expect_perr(buf, n, DHCP_PERR_NO_END);                 /* no end option */
	memset(buf + 240, 0, 60);
	expect_perr(buf, 300, DHCP_PERR_NO_END);               /* pad only */
	raw_msg(buf, DHCPDISCOVER);
	memcpy(buf + n, "\x3c\x20PXE", 5);                     /* 60 claims 32 bytes */
	expect_perr(buf, n + 5, DHCP_PERR_OPT_OVERRUN);
	buf[n] = 60;
	expect_perr(buf, n + 1, DHCP_PERR_OPT_OVERRUN);        /* code, no length */
	memcpy(buf + n, "\x34\x01\x07\xff", 4);                /* overload 7 */
	expect_perr(buf, n + 4, DHCP_PERR_BAD_OVERLOAD);
	memcpy(buf + n, "\x34\x02\x01\x01\xff", 5);            /* overload of 2 bytes */
	expect_perr(buf, n + 5, DHCP_PERR_BAD_OVERLOAD);
	memcpy(buf + n, "\x34\x01\x01\xff", 4);                /* file holds a bad option */
	memcpy(buf + DHCP_FILE_OFF, "\x11\x7f" "abc", 5);
	expect_perr(buf, n + 4, DHCP_PERR_OPT_OVERRUN);
	raw_msg(buf, DHCPDISCOVER);
	buf[n] = 255;
	buf[241] = 2;                                          /* 53 swallows the end */
	expect_perr(buf, n + 1, DHCP_PERR_NO_END);
	buf[241] = 3;
	expect_perr(buf, n + 1, DHCP_PERR_OPT_OVERRUN);
	memcpy(buf + 240, "\x35\x02\x01\x01\xff", 5);
	expect_perr(buf, 245, DHCP_PERR_BAD_MSG_TYPE);
	raw_msg(buf, DHCPDISCOVER);
	buf[n] = 255;
	buf[0] = 3;
	expect_perr(buf, n + 1, DHCP_PERR_BAD_OP);
	buf[0] = 1;
	buf[2] = 17;
	expect_perr(buf, n + 1, DHCP_PERR_BAD_HLEN);
	buf[2] = 6;
	buf[239] = 98;
	expect_perr(buf, n + 1, DHCP_PERR_BAD_COOKIE);
	buf[239] = 99;
	expect_perr(buf, DHCP_MSG_MAX_LEN + 1, DHCP_PERR_TOO_LONG);
}
END_TEST

/** xorshift32() - deterministic pseudo-random numbers for the mutation test */
static uint32_t xorshift32(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

START_TEST(test_truncations_and_mutations_never_overrun)
{
	static const char *const names[] = { "dhcp-bios-ipxe-rom-discover",
					     "dhcp-snponly-request", "dhcp-dnsmasq-ack-snponly" };
	static struct dhcp_msg m;
	uint32_t seed = 0x1234567;
	size_t i, k, len, total, cut, ok = 0;
	uint8_t *orig, *buf;
	char line[512];

	for (i = 0; i < 3; i++) {
		char rel[128];

		snprintf(rel, sizeof(rel), "packets/%s.bin", names[i]);
		orig = pxl_test_fixture(rel, &len);
		for (cut = 0; cut < len; cut++) {
			/* a heap copy of exactly @cut bytes lets ASan see over-reads */
			buf = malloc(cut ? cut : 1);
			memcpy(buf, orig, cut);
			ck_assert_int_ne(dhcp_msg_parse(&m, buf, cut), 0);
			free(buf);
		}
		for (k = 0; k < 3000; k++) {
			buf = malloc(len);
			memcpy(buf, orig, len);
			buf[240 + xorshift32(&seed) % (len - 240)] = (uint8_t)xorshift32(&seed);
			buf[240 + xorshift32(&seed) % (len - 240)] = (uint8_t)xorshift32(&seed);
			if (!dhcp_msg_parse(&m, buf, len)) {
				for (total = 0, cut = 1; cut < 255; cut++)
					total += m.opt_len[cut];
				ck_assert_uint_le(total, len);
				dhcp_msg_summary(&m, line, sizeof(line));
				ok++;
			}
			free(buf);
		}
		free(orig);
	}
	ck_assert_uint_gt(ok, 0);
}
END_TEST

/**
 * big_build() - a reply header and options too big for 548 bytes without overload
 * @b: builder to fill
 */
static void big_build(struct dhcp_build *b)
{
	struct dhcp_hdr h = { .op = DHCP_BOOTREPLY, .htype = 1, .hlen = 6, .xid = 42,
			      .yiaddr = 0x0a000264, .siaddr = 0x0a000202 };
	char text[200];
	int i;

	memcpy(h.chaddr, qemu_mac, 6);
	snprintf(h.file, sizeof(h.file), "snponly.efi");
	snprintf(h.sname, sizeof(h.sname), "bootserver");
	dhcp_build_init(b, &h);
	dhcp_build_u8(b, DHCP_OPT_MSG_TYPE, DHCPACK);
	dhcp_build_u32(b, DHCP_OPT_SERVER_ID, 0x0a000202);
	for (i = 0; i < 4; i++) {
		memset(text, 'a' + i, sizeof(text));
		ck_assert_int_eq(dhcp_build_opt(b, (uint8_t)(224 + i), text, 90), 0);
	}
	dhcp_build_str(b, DHCP_OPT_ROOT_PATH, "iscsi:10.0.2.2:::1:iqn.2026-11.org.pxelab:boot");
}

START_TEST(test_build_roundtrip_no_overload)
{
	static struct dhcp_build b;
	static struct dhcp_msg m;
	uint8_t out[1500];
	int len;
	uint32_t v;

	big_build(&b);
	len = dhcp_build_finish(&b, out, sizeof(out), 1444);
	ck_assert_int_gt(len, 240 + 400);
	ck_assert_int_eq(dhcp_msg_parse(&m, out, (size_t)len), 0);
	ck_assert_uint_eq(m.overload, 0);
	ck_assert_uint_eq(m.type, DHCPACK);
	ck_assert_uint_eq(m.hdr.xid, 42);
	ck_assert_uint_eq(m.hdr.yiaddr, 0x0a000264);
	ck_assert_str_eq(m.hdr.file, "snponly.efi");
	ck_assert_str_eq(m.hdr.sname, "bootserver");
	ck_assert_int_eq(dhcp_msg_opt_u32(&m, DHCP_OPT_SERVER_ID, &v), 0);
	/* options in insertion order: 53 first right after the cookie */
	ck_assert_uint_eq(out[240], DHCP_OPT_MSG_TYPE);
	ck_assert_uint_eq(out[243], DHCP_OPT_SERVER_ID);
	ck_assert_uint_eq(out[len - 1] == 255 || out[len - 1] == 0, 1);
}
END_TEST

START_TEST(test_build_overload_when_max_small)
{
	static struct dhcp_build b;
	static struct dhcp_msg m;
	uint8_t out[1500];
	const uint8_t *p;
	char s[300];
	size_t olen;
	int len, i;

	big_build(&b);
	len = dhcp_build_finish(&b, out, sizeof(out), 548);
	ck_assert_int_gt(len, 0);
	ck_assert_int_le(len, 548);
	ck_assert_int_eq(dhcp_msg_parse(&m, out, (size_t)len), 0);
	ck_assert_uint_ne(m.overload, 0);
	ck_assert_uint_eq(out[240], DHCP_OPT_OVERLOAD);
	/* names moved into options 67 / 66 */
	ck_assert_str_eq(dhcp_msg_opt_str(&m, DHCP_OPT_BOOTFILE, s, sizeof(s)), "snponly.efi");
	if (m.overload & 2)
		ck_assert_str_eq(dhcp_msg_opt_str(&m, DHCP_OPT_TFTP_SERVER, s, sizeof(s)),
				 "bootserver");
	for (i = 0; i < 4; i++) {
		p = dhcp_msg_opt(&m, (uint8_t)(224 + i), &olen);
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq(olen, 90);
		ck_assert_uint_eq(p[0], (uint8_t)('a' + i));
		ck_assert_uint_eq(p[89], (uint8_t)('a' + i));
	}
	ck_assert_str_eq(dhcp_msg_opt_str(&m, DHCP_OPT_ROOT_PATH, s, sizeof(s)),
			 "iscsi:10.0.2.2:::1:iqn.2026-11.org.pxelab:boot");
	/* does not fit at all */
	ck_assert_int_eq(dhcp_build_opt(&b, 230, out, 1200), 0);
	ck_assert_int_eq(dhcp_build_finish(&b, out, sizeof(out), 548), -ENOSPC);
}
END_TEST

START_TEST(test_build_long_option_split)
{
	static struct dhcp_build b;
	static struct dhcp_msg m;
	uint8_t out[1500], data[600];
	const uint8_t *p;
	size_t olen, i;
	int len;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	dhcp_build_init(&b, NULL);
	b.hdr.op = DHCP_BOOTREPLY;
	dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, DHCPOFFER);
	dhcp_build_opt(&b, DHCP_OPT_VENDOR, data, sizeof(data));
	len = dhcp_build_finish(&b, out, sizeof(out), 1444);
	ck_assert_int_gt(len, 0);
	ck_assert_uint_eq(out[243], DHCP_OPT_VENDOR);
	ck_assert_uint_eq(out[244], 255); /* first chunk full */
	ck_assert_int_eq(dhcp_msg_parse(&m, out, (size_t)len), 0);
	p = dhcp_msg_opt(&m, DHCP_OPT_VENDOR, &olen);
	ck_assert_uint_eq(olen, sizeof(data));
	ck_assert_mem_eq(p, data, sizeof(data));
}
END_TEST

START_TEST(test_build_replace_remove_and_limits)
{
	static struct dhcp_build b;
	static struct dhcp_msg m;
	uint8_t out[600];
	char longname[200];
	int len;
	uint32_t v;

	dhcp_build_init(&b, NULL);
	b.hdr.op = DHCP_BOOTREPLY;
	ck_assert_int_eq(dhcp_build_u32(&b, DHCP_OPT_ROUTER, 1), 0);
	ck_assert_int_eq(dhcp_build_u32(&b, DHCP_OPT_ROUTER, 2), 0);
	ck_assert_int_eq(dhcp_build_opt(&b, DHCP_OPT_OVERLOAD, "\x01", 1), -EINVAL);
	ck_assert_int_eq(dhcp_build_opt(&b, DHCP_OPT_END, NULL, 0), -EINVAL);
	ck_assert(dhcp_build_has(&b, DHCP_OPT_ROUTER));
	ck_assert_int_eq(dhcp_build_u32(&b, DHCP_OPT_DNS, 3), 0);
	ck_assert_int_eq(dhcp_build_remove(&b, DHCP_OPT_DNS), 1);
	ck_assert_int_eq(dhcp_build_remove(&b, DHCP_OPT_DNS), 0);
	memset(longname, 'f', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	snprintf(b.hdr.file, sizeof(b.hdr.file), "%.128s", longname); /* 128: no room for NUL */
	len = dhcp_build_finish(&b, out, sizeof(out), 1444);
	ck_assert_int_eq(len, 240 + 6 + 2 + 128 + 1); /* router, option 67, end */
	ck_assert_int_eq(dhcp_msg_parse(&m, out, (size_t)len), 0);
	ck_assert_int_eq(dhcp_msg_opt_u32(&m, DHCP_OPT_ROUTER, &v), 0);
	ck_assert_uint_eq(v, 2);
	ck_assert(!dhcp_msg_has_opt(&m, DHCP_OPT_DNS));
	ck_assert_str_eq(m.hdr.file, "");
	ck_assert(dhcp_msg_has_opt(&m, DHCP_OPT_BOOTFILE));
	ck_assert_int_eq(dhcp_build_finish(&b, out, 200, 1444), -ENOSPC);
	for (len = 0; len < DHCP_BUILD_MAX_OPTS; len++)
		dhcp_build_u8(&b, (uint8_t)(100 + len % 100), 1);
	ck_assert_int_eq(b.error, -ENOSPC);
	ck_assert_int_eq(dhcp_build_finish(&b, out, sizeof(out), 1444), -ENOSPC);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(dhcp_type_name(DHCPINFORM), "INFORM");
	ck_assert_str_eq(dhcp_type_name(0), "BOOTP");
	ck_assert_str_eq(dhcp_type_name(99), "TYPE?");
	ck_assert_str_eq(dhcp_perr_name(DHCP_PERR_NO_END), "no-end-option");
	ck_assert_int_eq(dhcp_ipxe_feature_code("iscsi"), 0x11);
	ck_assert_int_eq(dhcp_ipxe_feature_code("version"), 0xeb);
	ck_assert_int_eq(dhcp_ipxe_feature_code("nosuch"), -ENOENT);
	ck_assert_str_eq(dhcp_ipxe_feature_name(0x29), "nfs");
	ck_assert_ptr_null(dhcp_ipxe_feature_name(0x30));
}
END_TEST

/** dhcp_msg_suite() - the codec suite */
/**
 * features_by_code() - the feature list as dhcp_msg_ipxe_feature() sees it, code by code
 * @m:    parsed message
 * @buf:  out: names as dhcp_msg_ipxe_features() renders them
 * @size: size of @buf
 */
static void features_by_code(const struct dhcp_msg *m, char *buf, size_t size)
{
	size_t i, used = 0;
	const char *name;
	char hex[8];

	buf[0] = '\0';
	for (i = 1; i < 255; i++) {
		if (i == IPXE_OPT_VERSION || !dhcp_msg_ipxe_feature(m, (uint8_t)i))
			continue;
		name = dhcp_ipxe_feature_name((uint8_t)i);
		if (!name && (i < 0x10 || i >= 0x30))
			continue;
		if (!name) {
			snprintf(hex, sizeof(hex), "0x%02zx", i);
			name = hex;
		}
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? "," : "", name);
	}
}

START_TEST(test_ipxe_features_one_pass)
{
	/* duplicates (the first counts), zero values, pads, unknown codes, a cut entry */
	static const uint8_t enc[][24] = {
		{ 13, 0x11, 1, 1, 0x11, 1, 0, 0x13, 1, 0, 0x13, 1, 1, 0, 0x2a, 1, 7, 0xeb, 3, 1, 0, 0 },
		{ 9, 0x24, 1, 1, 0x20, 2, 0, 0, 0x11, 9, 1 },
		{ 10, 0x21, 0, 0x22, 2, 0, 5, 0xff, 0x11, 1, 1 },
		{ 6, 0x10, 1, 1, 0x2f, 1, 3 },
	};
	static struct dhcp_msg m;
	uint8_t buf[400];
	char got[512], want[512];
	size_t i, len;

	for (i = 0; i < ARRAY_SIZE(enc); i++) {
		len = raw_msg(buf, 1);
		buf[len++] = DHCP_OPT_IPXE;
		buf[len++] = enc[i][0];
		memcpy(buf + len, enc[i] + 1, enc[i][0]);
		len += enc[i][0];
		buf[len++] = DHCP_OPT_END;
		ck_assert_int_eq(dhcp_msg_parse(&m, buf, len), 0);
		features_by_code(&m, want, sizeof(want));
		dhcp_msg_ipxe_features(&m, got, sizeof(got));
		ck_assert_msg(!strcmp(got, want), "row %zu: '%s', code by code '%s'", i, got, want);
	}
	ck_assert_str_eq(got, "pxeext,0x2f");
}
END_TEST

static Suite *dhcp_msg_suite(void)
{
	Suite *s = suite_create("dhcp_msg");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, test_bios_ipxe_rom_discover);
	tcase_add_test(tc, test_ovmf_discover);
	tcase_add_test(tc, test_snponly_discover_and_request);
	tcase_add_test(tc, test_dnsmasq_and_slirp_replies);
	tcase_add_test(tc, test_rfc3004_user_class);
	tcase_add_test(tc, test_concatenation_and_overload_parse);
	tcase_add_test(tc, test_number_accessors);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_truncations_and_mutations_never_overrun);
	tcase_add_test(tc, test_build_roundtrip_no_overload);
	tcase_add_test(tc, test_build_overload_when_max_small);
	tcase_add_test(tc, test_build_long_option_split);
	tcase_add_test(tc, test_build_replace_remove_and_limits);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_ipxe_features_one_pass);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(dhcp_msg_suite)
