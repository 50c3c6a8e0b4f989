/* test_wire_ip6.c - the wire observer's IPv6: RA/RS/NS/NA, DHCPv6 (OVMF's captured SOLICIT, its two exchanges), TFTP and HTTP over IPv6, malformed frames */

#include <arpa/inet.h>
#include <unistd.h>

#include "core/be.h"
#include "core/util.h"
#include "net/pcap_write.h"
#include "services/dhcp6/dhcp6_msg.h"
#include "lang/scenario.h"
#include "engine/match.h"
#include "test_wire_util.h"

#define T0 (1000 * PXL_NS_PER_SEC)

static const uint8_t PC1[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t SRV[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x05 };
static const uint8_t ALL_NODES[6] = { 0x33, 0x33, 0, 0, 0, 1 };
static const uint8_t ALL_ROUTERS[6] = { 0x33, 0x33, 0, 0, 0, 2 };
static const uint8_t DHCP_MC[6] = { 0x33, 0x33, 0, 1, 0, 2 };

/**
 * struct v6 - a frame being built: Ethernet, IPv6, then the upper layer
 * @b:   bytes
 * @len: frame length
 */
struct v6 {
	uint8_t b[2048];
	size_t len;
};

/**
 * ip6() - a 16-byte address from text
 * @s:   "fd00::5"
 * @out: out: the address
 *
 * Return: @out.
 */
static uint8_t *ip6(const char *s, uint8_t out[16])
{
	ck_assert_int_eq(inet_pton(AF_INET6, s, out), 1);
	return out;
}

/**
 * build() - an Ethernet/IPv6 frame with a valid upper-layer checksum
 * @f:    out: the frame
 * @smac, @dmac: link addresses
 * @src, @dst:   IPv6 addresses (text)
 * @nh:   58 (ICMPv6, checksum at byte 2), 6 (TCP, header included, checksum at 16) or 17 (UDP: @l4
 *        without its 8-byte header; @sport, @dport)
 * @sport, @dport: UDP ports
 * @l4, @n: the ICMPv6 message, or the UDP payload
 */
static void build(struct v6 *f, const uint8_t *smac, const uint8_t *dmac, const char *src,
		  const char *dst, uint8_t nh, uint16_t sport, uint16_t dport, const void *l4, size_t n)
{
	uint8_t *ip = f->b + 14, *u = ip + 40, pseudo[8] = { 0 };
	size_t ulen = nh == 17 ? n + 8 : n;
	uint32_t sum;
	uint16_t c;

	ck_assert_uint_lt(14 + 40 + ulen, sizeof(f->b));
	memset(f->b, 0, sizeof(f->b));
	memcpy(f->b, dmac, 6);
	memcpy(f->b + 6, smac, 6);
	f->b[12] = 0x86, f->b[13] = 0xdd;
	ip[0] = 0x60, ip[4] = (uint8_t)(ulen >> 8), ip[5] = (uint8_t)ulen, ip[6] = nh, ip[7] = 255;
	ip6(src, ip + 8);
	ip6(dst, ip + 24);
	if (nh == 17) {
		u[0] = (uint8_t)(sport >> 8), u[1] = (uint8_t)sport, u[2] = (uint8_t)(dport >> 8);
		u[3] = (uint8_t)dport, u[4] = (uint8_t)(ulen >> 8), u[5] = (uint8_t)ulen;
		memcpy(u + 8, l4, n);
	} else {
		memcpy(u, l4, n);
		u[nh == 6 ? 16 : 2] = u[nh == 6 ? 17 : 3] = 0;
	}
	pseudo[2] = (uint8_t)(ulen >> 8), pseudo[3] = (uint8_t)ulen, pseudo[7] = nh;
	sum = pxl_csum_partial(ip + 8, 32, 0);
	sum = pxl_csum_partial(pseudo, 8, sum);
	sum = pxl_csum_partial(u, ulen, sum);
	c = pxl_csum_fold(sum);
	if (nh == 17 && !c)
		c = 0xffff;
	u[nh == 17 ? 6 : nh == 6 ? 16 : 2] = (uint8_t)(c >> 8);
	u[nh == 17 ? 7 : nh == 6 ? 17 : 3] = (uint8_t)c;
	f->len = 14 + 40 + ulen;
}

/**
 * feed6() - one frame through an observer at T0 + @ms
 * @w:  observer
 * @f:  frame
 * @ms: time
 */
static void feed6(struct pxl_wire *w, const struct v6 *f, unsigned ms)
{
	pxl_wire_frame(w, T0 + (uint64_t)ms * PXL_NS_PER_MS, 0, f->b, f->len);
}

/* dnsmasq's RA of the field notes: M=1 O=1, lifetime 1800, fd00::/64 L=1 A=0, 3600/3600, MTU 1500, SLLA */
static const uint8_t RA_DNSMASQ[] = {
	134, 0, 0, 0, 64, 0xc0, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0,
	3, 4, 64, 0x80, 0, 0, 0x0e, 0x10, 0, 0, 0x0e, 0x10, 0, 0, 0, 0,
	0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	5, 1, 0, 0, 0, 0, 0x05, 0xdc,
	1, 1, 0x52, 0x55, 0x0a, 0x00, 0x02, 0x05,
};

/** ra_frame() - the RA above from fe80::5 to all nodes (or @dmac) */
static void ra_frame(struct v6 *f, const uint8_t *msg, size_t n, const uint8_t *dmac)
{
	build(f, SRV, dmac, "fe80::5", "ff02::1", 58, 0, 0, msg, n);
}

START_TEST(test_ra_dnsmasq)
{
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	const struct pxl_obs *o;
	struct v6 f;

	ra_frame(&f, RA_DNSMASQ, sizeof(RA_DNSMASQ), ALL_NODES);
	feed6(w, &f, 0);
	ck_assert_uint_eq(r.n, 1);
	o = &r.o[0];
	ck_assert_str_eq(o->proto, "ra");
	ck_assert_str_eq(o->verb, "advert");
	ck_assert(!o->has_mac && o->dir == PXL_OBS_TO_CLIENT);	/* to all nodes: every client's */
	ck_assert_str_eq(pxl_obs_field(o, "managed"), "yes");
	ck_assert_str_eq(pxl_obs_field(o, "other"), "yes");
	ck_assert_str_eq(pxl_obs_field(o, "flags"), "M=1 O=1");
	ck_assert_str_eq(pxl_obs_field(o, "router-lifetime"), "1800");
	ck_assert_str_eq(pxl_obs_field(o, "prefix"), "fd00::/64");
	ck_assert_str_eq(pxl_obs_field(o, "prefix-on-link"), "yes");
	ck_assert_str_eq(pxl_obs_field(o, "prefix-autonomous"), "no");
	ck_assert_str_eq(pxl_obs_field(o, "prefix-valid"), "3600");
	ck_assert_str_eq(pxl_obs_field(o, "mtu"), "1500");
	ck_assert_str_eq(pxl_obs_field(o, "source-mac"), "52:55:0a:00:02:05");
	ck_assert_str_eq(pxl_obs_field(o, "src"), "fe80::5");
	ck_assert_ptr_nonnull(strstr(o->summary, "RA "));
	/* libslirp's (field notes 3b): M=0 O=0, unicast to pc1 after its RS */
	{
		uint8_t slirp[sizeof(RA_DNSMASQ)];

		memcpy(slirp, RA_DNSMASQ, sizeof(slirp));
		slirp[5] = 0;
		ra_frame(&f, slirp, sizeof(slirp), PC1);
		feed6(w, &f, 1);
	}
	ck_assert_uint_eq(r.n, 2);
	ck_assert_ptr_null(pxl_obs_field(&r.o[1], "managed"));
	ck_assert_ptr_null(pxl_obs_field(&r.o[1], "other"));
	ck_assert(r.o[1].has_mac && !memcmp(r.o[1].mac, PC1, 6));
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

START_TEST(test_rs_ns_na)
{
	static const uint8_t rs[] = { 133, 0, 0, 0, 0, 0, 0, 0 };
	uint8_t ns[24] = { 135 }, na[32] = { 136, 0, 0, 0, 0x60 };
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	struct v6 f;

	build(&f, PC1, ALL_ROUTERS, "::", "ff02::2", 58, 0, 0, rs, sizeof(rs));	/* OVMF: from :: first */
	feed6(w, &f, 0);
	ip6("fd00::13d", ns + 8);	/* DAD */
	build(&f, PC1, ALL_NODES, "::", "ff02::1:ff00:13d", 58, 0, 0, ns, sizeof(ns));
	feed6(w, &f, 1);
	ip6("fd00::5", na + 8);
	na[24] = 2, na[25] = 1;
	memcpy(na + 26, SRV, 6);
	build(&f, SRV, PC1, "fd00::5", "fd00::13d", 58, 0, 0, na, sizeof(na));
	feed6(w, &f, 2);
	ck_assert_uint_eq(r.n, 3);
	ck_assert_str_eq(r.o[0].verb, "rs");
	ck_assert(r.o[0].has_mac && !memcmp(r.o[0].mac, PC1, 6) && r.o[0].dir == PXL_OBS_FROM_CLIENT);
	ck_assert_str_eq(r.o[1].verb, "ns");
	ck_assert_str_eq(pxl_obs_field(&r.o[1], "target"), "fd00::13d");
	ck_assert_str_eq(pxl_obs_field(&r.o[1], "src"), "::");
	ck_assert_str_eq(r.o[2].verb, "na");
	ck_assert_str_eq(pxl_obs_field(&r.o[2], "target"), "fd00::5");
	ck_assert_str_eq(pxl_obs_field(&r.o[2], "target-mac"), "52:55:0a:00:02:05");
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

/**
 * server_msg() - an ADVERTISE or REPLY as dnsmasq sent it (field notes 3a), built with the service's builder
 * @b:    out: the message
 * @type: DHCP6_ADVERTISE or DHCP6_REPLY
 * @xid:  transaction id
 * @iaid: IAID echoed
 * @addr: address given (text)
 * @url:  option 59, or NULL
 */
static void server_msg(struct dhcp6_build *b, uint8_t type, uint32_t xid, uint32_t iaid,
		       const char *addr, const char *url)
{
	static const uint8_t cid[] = { 0, 1, 0, 1, 0x31, 0xdf, 0x02, 0x4d, 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
	static const uint8_t sid[] = { 0, 1, 0, 1, 0x2e, 0, 0, 1, 0x52, 0x55, 0x0a, 0, 2, 5 };
	uint8_t ia[12] = { 0 }, a[24] = { 0 };
	size_t at, at2;

	dhcp6_build_init(b, type, xid);
	dhcp6_put(b, DHCP6_OPT_CLIENTID, cid, sizeof(cid));
	dhcp6_put(b, DHCP6_OPT_SERVERID, sid, sizeof(sid));
	ia[0] = (uint8_t)(iaid >> 24), ia[1] = (uint8_t)(iaid >> 16), ia[2] = (uint8_t)(iaid >> 8);
	ia[3] = (uint8_t)iaid, ia[6] = 0x07, ia[7] = 0x08, ia[10] = 0x0c, ia[11] = 0x4e;
	at = dhcp6_open(b, DHCP6_OPT_IA_NA, ia, sizeof(ia));
	ip6(addr, a);
	a[18] = a[22] = 0x0e, a[19] = a[23] = 0x10;
	at2 = dhcp6_open(b, DHCP6_OPT_IAADDR, a, sizeof(a));
	dhcp6_close(b, at2);
	dhcp6_close(b, at);
	dhcp6_put_status(b, DHCP6_ST_SUCCESS, "success");
	if (url)
		dhcp6_put(b, DHCP6_OPT_BOOTFILE_URL, url, strlen(url));
	ck_assert(!b->overflow);
}

/* Ip6Config's SOLICIT (field notes 3a): CLIENTID, ELAPSED, IA_NA, ORO 23 only */
static const uint8_t IP6CONFIG_SOLICIT[] = {
	1, 0x11, 0x22, 0x33,
	0, 1, 0, 14, 0, 1, 0, 1, 0x31, 0xdf, 0x02, 0x4d, 0x52, 0x54, 0, 0x12, 0x34, 0x56,
	0, 8, 0, 2, 0, 0,
	0, 3, 0, 12, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 6, 0, 2, 0, 23,
};

/* its RELEASE, later: a new xid, no option request, the same IAID (9) */
static const uint8_t IP6CONFIG_RELEASE[] = {
	8, 0x44, 0x55, 0x66,
	0, 1, 0, 14, 0, 1, 0, 1, 0x31, 0xdf, 0x02, 0x4d, 0x52, 0x54, 0, 0x12, 0x34, 0x56,
	0, 3, 0, 40, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 5, 0, 24, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xb5, 0, 0, 0, 0, 0, 0, 0, 0,
};

/**
 * out() - a frame to an observer, or to a capture file
 * @w:  observer, or NULL
 * @pc: capture, or NULL
 * @f:  frame
 * @ms: time
 */
static void out(struct pxl_wire *w, struct pxl_pcap *pc, const struct v6 *f, unsigned ms)
{
	if (w)
		feed6(w, f, ms);
	if (pc)
		ck_assert_int_eq(pxl_pcap_write(pc, T0 + (uint64_t)ms * PXL_NS_PER_MS, f->b, f->len), 0);
}

/**
 * two_exchanges() - OVMF's two DHCPv6 clients against dnsmasq, in the order of the capture
 * @w:  observer, or NULL
 * @pc: capture to write the frames to, or NULL
 *
 * Ip6Config solicits (xid 0x112233, IAID 9) and gets fd00::1b5; PxeBc sends
 * the captured SOLICIT (xid 0xa089dd, IAID 0x17a3de7e), gets an ADVERTISE
 * with option 59, waits 5.2 s, requests and gets the REPLY; Ip6Config
 * releases its address.
 */
static void two_exchanges(struct pxl_wire *w, struct pxl_pcap *pc)
{
	size_t len;
	uint8_t *ovmf = pxl_test_fixture("packets/dhcp6-ovmf-solicit.bin", &len);
	struct dhcp6_build b;
	struct v6 f;

	build(&f, PC1, DHCP_MC, "fe80::5054:ff:fe12:3456", "ff02::1:2", 17, 546, 547, IP6CONFIG_SOLICIT,
	      sizeof(IP6CONFIG_SOLICIT));
	out(w, pc, &f, 14000);
	server_msg(&b, DHCP6_ADVERTISE, 0x112233, 9, "fd00::1b5", NULL);
	build(&f, SRV, PC1, "fe80::5", "fe80::5054:ff:fe12:3456", 17, 547, 546, b.buf, b.len);
	out(w, pc, &f, 14002);
	build(&f, PC1, DHCP_MC, "fe80::5054:ff:fe12:3456", "ff02::1:2", 17, 546, 547, ovmf, len);
	out(w, pc, &f, 14700);
	server_msg(&b, DHCP6_ADVERTISE, 0xa089dd, 0x17a3de7e, "fd00::13d", "tftp://[fd00::5]/snponly.efi");
	build(&f, SRV, PC1, "fe80::5", "fe80::5054:ff:fe12:3456", 17, 547, 546, b.buf, b.len);
	out(w, pc, &f, 14704);
	ovmf[0] = DHCP6_REQUEST, ovmf[1] = 0xbb;	/* PxeBc's REQUEST: a new xid, the same options */
	build(&f, PC1, DHCP_MC, "fe80::5054:ff:fe12:3456", "ff02::1:2", 17, 546, 547, ovmf, len);
	out(w, pc, &f, 19900);
	server_msg(&b, DHCP6_REPLY, 0xbb89dd, 0x17a3de7e, "fd00::13d", "tftp://[fd00::5]/snponly.efi");
	build(&f, SRV, PC1, "fe80::5", "fe80::5054:ff:fe12:3456", 17, 547, 546, b.buf, b.len);
	out(w, pc, &f, 20000);
	build(&f, PC1, DHCP_MC, "fe80::5054:ff:fe12:3456", "ff02::1:2", 17, 546, 547, IP6CONFIG_RELEASE,
	      sizeof(IP6CONFIG_RELEASE));
	out(w, pc, &f, 20100);
	free(ovmf);
}

START_TEST(test_dhcp6_ovmf_two_exchanges)
{
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	struct pxl_wire_stats st;
	const struct pxl_obs *o;

	two_exchanges(w, NULL);
	pxl_wire_stats(w, &st);
	ck_assert_uint_eq(st.dropped, 0);
	ck_assert_uint_eq(r.n, 7);
	o = rec_find(&r, 0, "dhcp6", "solicit", "exchange", "address", (const char *)NULL);
	ck_assert(o && o->has_mac && !memcmp(o->mac, PC1, 6) && o->dir == PXL_OBS_FROM_CLIENT);
	ck_assert_str_eq(pxl_obs_field(o, "oro"), "23");
	ck_assert_ptr_null(pxl_obs_field(o, "vendor-class"));
	o = rec_find(&r, 0, "dhcp6", "advertise", "exchange", "address", (const char *)NULL);
	ck_assert_str_eq(pxl_obs_field(o, "address"), "fd00::1b5");
	ck_assert_str_eq(pxl_obs_field(o, "latency-ms"), "2.000");
	o = rec_find(&r, 0, "dhcp6", "solicit", "exchange", "boot", (const char *)NULL);
	ck_assert_str_eq(pxl_obs_field(o, "xid"), "0xa089dd");
	ck_assert_str_eq(pxl_obs_field(o, "vendor-class"), "PXEClient:Arch:00007:UNDI:003000");
	ck_assert_str_eq(pxl_obs_field(o, "enterprise"), "343");
	ck_assert_str_eq(pxl_obs_field(o, "arch"), "7");
	ck_assert_str_eq(pxl_obs_field(o, "nii"), "01:03:00");
	ck_assert_str_eq(pxl_obs_field(o, "oro"), "59,60,23,16");
	ck_assert_str_eq(pxl_obs_field(o, "iaid"), "0x17a3de7e");
	ck_assert_str_eq(pxl_obs_field(o, "client-duid"), "00:01:00:01:31:df:02:4d:52:54:00:12:34:56");
	ck_assert_ptr_null(pxl_obs_field(o, "user-class"));
	ck_assert_str_eq(pxl_obs_field(o, "src"), "[fe80::5054:ff:fe12:3456]:546");
	o = rec_find(&r, 0, "dhcp6", "advertise", "exchange", "boot", (const char *)NULL);
	ck_assert_str_eq(pxl_obs_field(o, "bootfile-url"), "tftp://[fd00::5]/snponly.efi");
	ck_assert_str_eq(pxl_obs_field(o, "status"), "success");
	ck_assert_str_eq(pxl_obs_field(o, "t1"), "1800");
	ck_assert_str_eq(pxl_obs_field(o, "latency-ms"), "4.000");
	ck_assert(o->dir == PXL_OBS_TO_CLIENT && o->has_mac && !memcmp(o->mac, PC1, 6));
	o = rec_find(&r, 0, "dhcp6", "reply", (const char *)NULL);
	ck_assert_str_eq(pxl_obs_field(o, "exchange"), "boot");
	ck_assert_str_eq(pxl_obs_field(o, "latency-ms"), "100.000");	/* from the REQUEST, not the 5.2 s wait */
	ck_assert_str_eq(pxl_obs_field(o, "address"), "fd00::13d");
	/* the RELEASE has no option request: its IAID ties it to Ip6Config's exchange */
	o = rec_find(&r, 0, "dhcp6", "release", (const char *)NULL);
	ck_assert_str_eq(pxl_obs_field(o, "exchange"), "address");
	ck_assert_str_eq(pxl_obs_field(o, "address"), "fd00::1b5");
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

/**
 * parse_expect() - the first expectation of a one-stage scenario
 * @line: the expect line
 * @list: out: the parsed scenario (free with scn_list_free())
 *
 * Return: the expectation.
 */
static const struct scn_expect *parse_expect(const char *line, struct scn_list *list)
{
	char text[512];
	struct scn_diag d;

	snprintf(text, sizeof(text), "scenario t\nclient pc1 firmware uefi nic virtio-net pxe native\n"
		 "stage 1 \"s\"\n  %s\n", line);
	scn_diag_init(&d);
	ck_assert_msg(scn_parse_buffer("t.scn", text, strlen(text), NULL, list, &d) == 0 && list->n == 1,
		      "%s", line);
	scn_diag_free(&d);
	return &list->s[0]->stages[0].ex[0];
}

/**
 * met_by() - how many recorded observations meet one expectation line for pc1
 * @r:    recorder
 * @line: the expect line
 *
 * Return: the count.
 */
static size_t met_by(const struct rec *r, const char *line)
{
	struct scn_list list = { 0 };
	const struct scn_expect *e = parse_expect(line, &list);
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += (size_t)pxl_expect_matches(list.s[0], e, PC1, &r->o[i]);
	scn_list_free(&list);
	return n;
}

/* The expectations of issue 16 on the observations above: the address exchange is left out unless named */
START_TEST(test_dhcp6_expectations)
{
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	struct v6 f;

	two_exchanges(w, NULL);
	ra_frame(&f, RA_DNSMASQ, sizeof(RA_DNSMASQ), ALL_NODES);
	feed6(w, &f, 20200);
	ck_assert_uint_eq(met_by(&r, "expect dhcp6 solicit from pc1 vendor-class ^PXEClient"), 1);
	ck_assert_uint_eq(met_by(&r, "expect dhcp6 solicit from pc1"), 1);	/* not Ip6Config's */
	ck_assert_uint_eq(met_by(&r, "expect dhcp6 solicit from pc1 exchange address"), 1);
	ck_assert_uint_eq(met_by(&r, "expect dhcp6 advertise to pc1 bootfile-url ^tftp://"), 1);
	ck_assert_uint_eq(met_by(&r, "expect dhcp6 reply to pc1 bootfile-url ^tftp:// status success"), 1);
	ck_assert_uint_eq(met_by(&r, "never dhcp6 advertise to pc1 without bootfile-url"), 0);
	ck_assert_uint_eq(met_by(&r, "expect dhcp6 advertise to pc1 without bootfile-url exchange address"), 1);
	ck_assert_uint_eq(met_by(&r, "expect dhcp6 release from pc1"), 0);
	ck_assert_uint_eq(met_by(&r, "expect dhcp6 release from pc1 exchange address"), 1);
	ck_assert_uint_eq(met_by(&r, "expect ra managed other prefix \"fd00::/64\""), 1);
	ck_assert_uint_eq(met_by(&r, "expect ra without managed"), 0);
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

/**
 * tftp6() - a TFTP packet over IPv6 between pc1 (fd00::13d) and the server (fd00::5)
 * @w:     observer
 * @up:    1: from the client
 * @cport, @sport: ports
 * @pkt, @n: TFTP bytes
 * @ms:    time
 */
static void tftp6(struct pxl_wire *w, int up, uint16_t cport, uint16_t sport, const void *pkt, size_t n,
		  unsigned ms)
{
	struct v6 f;

	if (up)
		build(&f, PC1, SRV, "fd00::13d", "fd00::5", 17, cport, sport, pkt, n);
	else
		build(&f, SRV, PC1, "fd00::5", "fd00::13d", 17, sport, cport, pkt, n);
	feed6(w, &f, ms);
}

/* OVMF's TFTPv6 (field notes 3a): a tsize probe aborted with ERROR 8, then the download with blksize 1228 */
START_TEST(test_tftp_over_ipv6)
{
	static const char rrq[] = "\0\1snponly.efi\0octet\0tsize\0000\0blksize\0001228\0windowsize\0004";
	static const char rrq2[] = "\0\1snponly.efi\0octet\0blksize\0001228\0windowsize\0004";
	static const char oack1[] = "\0\6tsize\000173792\0blksize\0001228\0";
	static const char oack2[] = "\0\6blksize\0001228\0";
	static const char abort8[] = "\0\5\0\10User aborted the transfer";
	uint8_t data[4 + 1228] = { 0, 3 }, ack[4] = { 0, 4 };
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	const struct pxl_obs *o;

	tftp6(w, 1, 1001, 69, rrq, sizeof(rrq), 0);
	tftp6(w, 0, 1001, 40000, oack1, sizeof(oack1) - 1, 1);
	tftp6(w, 1, 1001, 40000, abort8, sizeof(abort8), 2);
	tftp6(w, 1, 1002, 69, rrq2, sizeof(rrq2), 3);
	tftp6(w, 0, 1002, 40001, oack2, sizeof(oack2) - 1, 4);
	tftp6(w, 1, 1002, 40001, ack, 4, 5);
	data[3] = 1;
	tftp6(w, 0, 1002, 40001, data, sizeof(data), 6);
	data[3] = 2;
	tftp6(w, 0, 1002, 40001, data, 4 + 100, 7);
	ack[3] = 1;
	tftp6(w, 1, 1002, 40001, ack, 4, 8);
	ack[3] = 2;
	tftp6(w, 1, 1002, 40001, ack, 4, 9);
	o = rec_find(&r, 0, "tftp", "transfer", "status", "aborted", (const char *)NULL);
	ck_assert_str_eq(pxl_obs_field(o, "error-code"), "8");
	o = rec_find(&r, 0, "tftp", "transfer", "status", "complete", (const char *)NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(pxl_obs_field(o, "file"), "snponly.efi");
	ck_assert_str_eq(pxl_obs_field(o, "bytes"), "1328");
	ck_assert_str_eq(pxl_obs_field(o, "blksize"), "1228");
	ck_assert(o->has_mac && !memcmp(o->mac, PC1, 6) && o->ip == 0);
	o = rec_find(&r, 0, "tftp", "request", (const char *)NULL);
	ck_assert_str_eq(pxl_obs_field(o, "src"), "[fd00::13d]:1001");
	ck_assert_str_eq(pxl_obs_field(o, "dst"), "[fd00::5]:69");
	ck_assert_str_eq(pxl_obs_field(o, "option-windowsize"), "4");
	ck_assert_uint_eq(met_by(&r, "expect tftp transfer \"snponly.efi\" complete"), 1);
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

/**
 * tcp6() - a TCP segment over IPv6 between pc1 [fd00::13d]:40000 and the server [fd00::5]:80
 * @w:     observer
 * @up:    1: from the client
 * @seq, @ack: sequence and acknowledgement numbers
 * @flags: TCP flags
 * @data:  payload (NULL for none)
 * @ms:    time
 */
static void tcp6(struct pxl_wire *w, int up, uint32_t seq, uint32_t ack, uint8_t flags, const char *data,
		 unsigned ms)
{
	uint8_t seg[1024] = { 0 };
	size_t n = data ? strlen(data) : 0;
	struct v6 f;

	pxl_put_be16(seg, up ? 40000 : 80);
	pxl_put_be16(seg + 2, up ? 80 : 40000);
	pxl_put_be32(seg + 4, seq);
	pxl_put_be32(seg + 8, ack);
	seg[12] = 5 << 4, seg[13] = flags, seg[14] = 0xff;
	memcpy(seg + 20, data ? data : "", n);
	if (up)
		build(&f, PC1, SRV, "fd00::13d", "fd00::5", 6, 0, 0, seg, 20 + n);
	else
		build(&f, SRV, PC1, "fd00::5", "fd00::13d", 6, 0, 0, seg, 20 + n);
	feed6(w, &f, ms);
}

/* HTTP over IPv6 (iPXE's `chain http://[fd00::5]/boot.ipxe`): the TCP follower takes either family */
START_TEST(test_http_over_ipv6)
{
	static const char get[] = "GET /boot.ipxe HTTP/1.1\r\nHost: [fd00::5]\r\n\r\n";
	static const char resp[] = "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n#!ipxe\n";
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	const struct pxl_obs *o;

	tcp6(w, 1, 100, 0, PXL_TCP_SYN, NULL, 0);
	tcp6(w, 0, 500, 101, PXL_TCP_SYN | PXL_TCP_ACK, NULL, 1);
	tcp6(w, 1, 101, 501, PXL_TCP_ACK, NULL, 2);
	tcp6(w, 1, 101, 501, PXL_TCP_ACK | PXL_TCP_PSH, get, 3);
	tcp6(w, 0, 501, 101 + sizeof(get) - 1, PXL_TCP_ACK | PXL_TCP_PSH, resp, 5);
	tcp6(w, 0, 501 + sizeof(resp) - 1, 101 + sizeof(get) - 1, PXL_TCP_ACK | PXL_TCP_FIN, NULL, 6);
	o = rec_find(&r, 0, "http", "connect", (const char *)NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(pxl_obs_field(o, "server"), "fd00::5");
	ck_assert_str_eq(pxl_obs_field(o, "src"), "[fd00::13d]:40000");
	ck_assert_ptr_nonnull(strstr(o->summary, "HTTP connect [fd00::13d]:40000 -> [fd00::5]:80"));
	o = rec_find(&r, 0, "http", "get", "path", "/boot.ipxe", (const char *)NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(pxl_obs_field(o, "status"), "200");
	ck_assert_str_eq(pxl_obs_field(o, "bytes"), "7");
	ck_assert_str_eq(pxl_obs_field(o, "state"), "complete");
	ck_assert(o->has_mac && !memcmp(o->mac, PC1, 6) && o->ip == 0);
	ck_assert_uint_eq(met_by(&r, "expect http get \"/boot.ipxe\" status 200"), 1);
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

/**
 * drops_one() - feed one frame to a fresh observer: it must be dropped for @why, with no observation
 * @f:   frame
 * @why: drop reason
 */
static void drops_one(const struct v6 *f, const char *why)
{
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);

	feed6(w, f, 0);
	ck_assert_msg(pxl_wire_drops(w, why) == 1, "not dropped for '%s'", why);
	ck_assert_uint_eq(r.n, 0);
	pxl_wire_free(w);
	rec_free(&r);
}

START_TEST(test_malformed)
{
	static const uint8_t overrun[] = { 1, 0, 0, 1, 0, 1, 0, 9, 0, 1 };	/* CLIENTID of 9 bytes, 2 there */
	static const uint8_t ia_inner[] = { 1, 0, 0, 1, 0, 3, 0, 16, 0, 0, 0, 1, 0, 0, 0, 0,
					    0, 0, 0, 0, 0, 5, 0, 30 };	/* IAADDR of 30 in an IA of 16 */
	static const uint8_t frag_hdr[] = { 17, 0, 0, 9, 0, 0, 0, 1 };	/* offset 1 */
	uint8_t ra[sizeof(RA_DNSMASQ)];
	struct v6 f;

	ra_frame(&f, RA_DNSMASQ, sizeof(RA_DNSMASQ), ALL_NODES);
	f.len = 14 + 39;
	drops_one(&f, "truncated IPv6 header");
	ra_frame(&f, RA_DNSMASQ, sizeof(RA_DNSMASQ), ALL_NODES);
	f.len -= 8;	/* the payload length now runs past the frame */
	drops_one(&f, "IPv6 payload length exceeds frame");
	memcpy(ra, RA_DNSMASQ, sizeof(ra));
	ra[sizeof(ra) - 7] = 0;	/* SLLA of length 0 */
	ra_frame(&f, ra, sizeof(ra), ALL_NODES);
	drops_one(&f, "icmpv6: option length 0");
	ra[sizeof(ra) - 7] = 2;	/* 16 bytes, 8 left */
	ra_frame(&f, ra, sizeof(ra), ALL_NODES);
	drops_one(&f, "icmpv6: option past end");
	ra_frame(&f, RA_DNSMASQ, 12, ALL_NODES);
	drops_one(&f, "icmpv6: message truncated");
	ra_frame(&f, RA_DNSMASQ, sizeof(RA_DNSMASQ), ALL_NODES);
	f.b[14 + 40 + 20] ^= 1;
	drops_one(&f, "bad ICMPv6 checksum");
	build(&f, PC1, DHCP_MC, "fe80::1", "ff02::1:2", 17, 546, 547, overrun, sizeof(overrun));
	drops_one(&f, "dhcp6: option-overrun");
	build(&f, PC1, DHCP_MC, "fe80::1", "ff02::1:2", 17, 546, 547, ia_inner, sizeof(ia_inner));
	drops_one(&f, "dhcp6: ia-overrun");
	build(&f, PC1, DHCP_MC, "fe80::1", "ff02::1:2", 17, 546, 547, overrun, 3);
	drops_one(&f, "dhcp6: truncated");
	build(&f, PC1, DHCP_MC, "fe80::1", "ff02::1:2", 17, 546, 547, overrun, sizeof(overrun));
	f.b[14 + 40 + 4] = 0xff;	/* UDP length past the payload */
	drops_one(&f, "UDP length exceeds IPv6 payload");
	build(&f, PC1, DHCP_MC, "fe80::1", "ff02::1:2", 17, 546, 547, overrun, sizeof(overrun));
	f.b[14 + 40 + 6] = f.b[14 + 40 + 7] = 0;	/* no checksum: not allowed over IPv6 */
	drops_one(&f, "bad UDP checksum (IPv6)");
	build(&f, PC1, SRV, "fd00::13d", "fd00::5", 6, 0, 0, "\0\120\0\120\0\0\0\1\0\0\0\0\xf0\2\0\0\0\0\0\0", 20);
	drops_one(&f, "TCP header length exceeds IPv6 payload");	/* data offset 60 bytes in 20 */
	build(&f, PC1, DHCP_MC, "fe80::1", "ff02::1:2", 44, 0, 0, frag_hdr, sizeof(frag_hdr));
	drops_one(&f, "IPv6 fragment");
	build(&f, PC1, DHCP_MC, "fe80::1", "ff02::1:2", 0, 0, 0, "\x3a\x05\0\0\0\0\0\0", 8);
	drops_one(&f, "IPv6 extension header past end");
}
END_TEST

/* A scenario's dhcp6 expectations judged on a replayed pcap (wire_replay.c) of the exchanges above */
START_TEST(test_replayed_pcap)
{
	char path[] = "/tmp/pxl-test-wire6-XXXXXX";
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	struct pxl_pcap *pc;
	struct v6 f;
	int fd = mkstemp(path), err = 0;

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_ptr_nonnull(pc = pxl_pcap_open(path, 0, &err));
	two_exchanges(NULL, pc);
	ra_frame(&f, RA_DNSMASQ, sizeof(RA_DNSMASQ), ALL_NODES);
	out(NULL, pc, &f, 20200);
	ck_assert_int_eq(pxl_pcap_close(pc), 0);
	ck_assert_int_eq(pxl_wire_replay_pcap(w, path, -1, NULL), 8);
	ck_assert_uint_eq(r.n, 8);
	ck_assert_uint_eq(met_by(&r, "expect dhcp6 solicit from pc1 vendor-class ^PXEClient"), 1);
	ck_assert_uint_eq(met_by(&r, "expect dhcp6 reply to pc1 bootfile-url ^tftp://"), 1);
	ck_assert_uint_eq(met_by(&r, "never dhcp6 reply to pc1 without bootfile-url"), 0);
	ck_assert_uint_eq(met_by(&r, "expect ra managed prefix \"fd00::/64\""), 1);
	pxl_wire_free(w);
	unlink(path);
	rec_free(&r);
}
END_TEST

/** wire6_suite() - the suite */
static Suite *wire6_suite(void)
{
	Suite *s = suite_create("wire_ip6");
	TCase *tc = tcase_create("ip6");

	tcase_add_test(tc, test_ra_dnsmasq);
	tcase_add_test(tc, test_rs_ns_na);
	tcase_add_test(tc, test_dhcp6_ovmf_two_exchanges);
	tcase_add_test(tc, test_dhcp6_expectations);
	tcase_add_test(tc, test_tftp_over_ipv6);
	tcase_add_test(tc, test_http_over_ipv6);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_replayed_pcap);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(wire6_suite)
