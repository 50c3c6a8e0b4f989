/* test_dhcp6.c - DHCPv6 codec and server: real OVMF SOLICIT bytes, every message type, malformed input */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "testlib.h"
#include "services/dhcp6/dhcp6_msg.h"
#include "services/dhcp6/dhcp6_server.h"

#define T0 (1000 * PXL_NS_PER_SEC)
#define MAX_EV 32

/**
 * struct rec - events a server emitted (kinds and details copied)
 * @kind:   event kinds
 * @detail: details
 * @name:   names ("" if none)
 * @mac:    the client's MAC, when @has_mac
 * @has_mac: the event named a client
 * @n:      count
 */
struct rec {
	char kind[MAX_EV][32];
	char detail[MAX_EV][160];
	char name[MAX_EV][160];
	uint8_t mac[MAX_EV][6];
	int has_mac[MAX_EV];
	size_t n;
};

static struct rec R;
static struct dhcp_rule RULES[2];
static struct dhcp6_config CFG;
static uint8_t *OVMF, *IPXE;
static size_t OVMF_LEN, IPXE_LEN;

/** record() - event sink keeping copies */
static void record(void *ctx, uint64_t now, const struct pxl_event *ev)
{
	struct rec *r = ctx;

	if (r->n == MAX_EV)
		return;
	snprintf(r->kind[r->n], sizeof(r->kind[0]), "%s", ev->kind);
	snprintf(r->detail[r->n], sizeof(r->detail[0]), "%s", ev->detail ? ev->detail : "");
	snprintf(r->name[r->n], sizeof(r->name[0]), "%s", ev->name ? ev->name : "");
	memcpy(r->mac[r->n], ev->mac, 6);
	r->has_mac[r->n] = ev->has_mac;
	r->n++;
}

/** setup() - the fixtures, a two-rule policy (iPXE script, else snponly.efi), a 4-address pool */
static void setup(void)
{
	OVMF = pxl_test_fixture("packets/dhcp6-ovmf-solicit.bin", &OVMF_LEN);
	IPXE = pxl_test_fixture("packets/dhcp6-ipxe-solicit.bin", &IPXE_LEN);
	dhcp_rule_init(&RULES[0], "ipxe");
	dhcp_rule_user_class(&RULES[0], "iPXE");
	RULES[0].file = "tftp://[fd00::5]/v6.ipxe";
	dhcp_rule_init(&RULES[1], "uefi");
	dhcp_rule_arch(&RULES[1], DHCP_CMP_EQ, 7);
	RULES[1].file = "snponly.efi";
	memset(&CFG, 0, sizeof(CFG));
	inet_pton(AF_INET6, "fd00::5", CFG.server_addr);
	inet_pton(AF_INET6, "fd00::100", CFG.pool_start);
	inet_pton(AF_INET6, "fd00::53", CFG.dns[0]);
	CFG.n_dns = 1;
	memcpy(CFG.server_mac, "\x52\x55\x0a\x00\x02\x05", 6);
	CFG.pool_size = 4;
	CFG.rules = RULES;
	CFG.n_rules = 2;
	memset(&R, 0, sizeof(R));
}

/** teardown() - free the fixtures */
static void teardown(void)
{
	free(OVMF);
	free(IPXE);
}

/** server() - a server on CFG recording into R */
static struct dhcp6_server *server(void)
{
	struct dhcp6_server *s = dhcp6_server_new(&CFG, (struct pxl_event_sink){ record, &R });

	ck_assert_ptr_nonnull(s);
	return s;
}

/**
 * derive() - a client message from a real one: new type, options appended
 * @src:   real message
 * @len:   its length
 * @type:  new type
 * @extra: options to append (already encoded), or NULL
 * @elen:  their length
 * @out:   out: the message (room for DHCP6_MSG_MAX_LEN)
 *
 * Return: its length.
 */
static size_t derive(const uint8_t *src, size_t len, uint8_t type, const void *extra,
		     size_t elen, uint8_t *out)
{
	memcpy(out, src, len);
	out[0] = type;
	if (extra)
		memcpy(out + len, extra, elen);
	return len + elen;
}

/** with_sid() - @src retyped, with the server's id appended */
static size_t with_sid(struct dhcp6_server *s, const uint8_t *src, size_t len, uint8_t type,
		       uint8_t *out)
{
	uint8_t opt[4 + DHCP6_DUID_MAX];
	size_t dl;
	const uint8_t *duid = dhcp6_server_duid(s, &dl);

	opt[0] = 0;
	opt[1] = DHCP6_OPT_SERVERID;
	opt[2] = 0;
	opt[3] = (uint8_t)dl;
	memcpy(opt + 4, duid, dl);
	return derive(src, len, type, opt, 4 + dl, out);
}

/**
 * serve() - one payload through the server, the reply parsed
 * @s:   server
 * @p:   payload
 * @len: its length
 * @b:   reply buffer
 * @m:   out: the reply parsed, when there is one
 *
 * Return: 1 if there was a reply.
 */
static int serve(struct dhcp6_server *s, const uint8_t *p, size_t len, struct dhcp6_build *b,
		 struct dhcp6_msg *m)
{
	int r = dhcp6_server_input(s, p, len, T0, b);

	if (r)
		ck_assert_int_eq(dhcp6_msg_parse(m, b->buf, b->len), 0);
	return r;
}

/** status_of() - the status code of an options area (-1 if none; success if absent is the caller's call) */
static int status_of(const uint8_t *area, size_t len)
{
	struct dhcp6_opt o;
	size_t off = 0;

	while (dhcp6_opt_next(area, len, &off, &o) > 0)
		if (o.code == DHCP6_OPT_STATUS && o.len >= 2)
			return o.data[0] << 8 | o.data[1];
	return -1;
}

/** url_of() - option 59 of a reply as a string ("" if none) */
static const char *url_of(const struct dhcp6_msg *m, char *buf, size_t size)
{
	size_t len = 0;
	const uint8_t *p = dhcp6_msg_opt(m, DHCP6_OPT_BOOTFILE_URL, &len);

	snprintf(buf, size, "%.*s", p ? (int)len : 0, p ? (const char *)p : "");
	return buf;
}

START_TEST(test_parse_ovmf_solicit)
{
	struct dhcp6_msg m;
	struct dhcp6_ia ia[2];
	uint8_t mac[6], nii[3];
	uint16_t arch;
	size_t len;
	const uint8_t *cid;

	ck_assert_int_eq(dhcp6_msg_parse(&m, OVMF, OVMF_LEN), 0);
	ck_assert_uint_eq(m.type, DHCP6_SOLICIT);
	ck_assert_uint_eq(m.xid, 0xa089dd);
	ck_assert_int_eq(dhcp6_msg_client_arch(&m, &arch), 0);
	ck_assert_uint_eq(arch, 7);
	ck_assert(dhcp6_msg_vendor_prefix(&m, "PXEClient:Arch:00007"));
	ck_assert(!dhcp6_msg_vendor_prefix(&m, "HTTPClient"));
	ck_assert(!dhcp6_msg_has_user_class(&m, "iPXE"));
	ck_assert_int_eq(dhcp6_msg_nii(&m, nii), 0);
	ck_assert_mem_eq(nii, "\x01\x03\x00", 3);
	ck_assert(dhcp6_msg_oro_has(&m, 59) && dhcp6_msg_oro_has(&m, 60));
	ck_assert(dhcp6_msg_oro_has(&m, 23) && dhcp6_msg_oro_has(&m, 16));
	ck_assert(!dhcp6_msg_oro_has(&m, 24));
	ck_assert_uint_eq(dhcp6_msg_ias(&m, ia, 2), 1);
	ck_assert_uint_eq(ia[0].iaid, 0x17a3de7e);
	ck_assert_uint_eq(ia[0].t1, 0xffffffff);
	cid = dhcp6_msg_opt(&m, DHCP6_OPT_CLIENTID, &len);
	ck_assert_ptr_nonnull(cid);
	ck_assert_int_eq(dhcp6_duid_mac(cid, len, mac), 0);     /* DUID-LLT */
	ck_assert_mem_eq(mac, "\x52\x54\x00\x12\x34\x56", 6);
}
END_TEST

START_TEST(test_parse_ipxe_solicit)
{
	struct dhcp6_msg m;
	uint8_t mac[6];
	uint16_t arch;
	size_t len;
	const uint8_t *cid;

	ck_assert_int_eq(dhcp6_msg_parse(&m, IPXE, IPXE_LEN), 0);
	ck_assert(dhcp6_msg_has_user_class(&m, "iPXE"));
	ck_assert(!dhcp6_msg_has_user_class(&m, "iPX"));          /* exact, as DHCPv4 */
	ck_assert(dhcp6_msg_vendor_prefix(&m, "PXEClient"));
	ck_assert_int_eq(dhcp6_msg_client_arch(&m, &arch), 0);
	ck_assert_uint_eq(arch, 7);
	cid = dhcp6_msg_opt(&m, DHCP6_OPT_CLIENTID, &len);
	ck_assert_uint_eq(len, 18);
	ck_assert_int_eq(dhcp6_duid_mac(cid, len, mac), -ENOENT); /* DUID-UUID: no MAC */
}
END_TEST

/** at_boundary() - whether the OVMF SOLICIT cut to @len ends between two options */
static int at_boundary(size_t len)
{
	struct dhcp6_opt o;
	size_t off = 0;

	if (len == DHCP6_HDR_LEN)
		return 1;
	while (dhcp6_opt_next(OVMF + DHCP6_HDR_LEN, OVMF_LEN - DHCP6_HDR_LEN, &off, &o) > 0)
		if (off + DHCP6_HDR_LEN == len)
			return 1;
	return 0;
}

START_TEST(test_parse_malformed)
{
	static const uint8_t overrun[] = { 1, 0, 0, 1, 0, 1, 0, 9, 0, 1 };
	static const uint8_t half_hdr[] = { 1, 0, 0, 1, 0, 1, 0 };
	static const uint8_t short_ia[] = { 1, 0, 0, 1, 0, 3, 0, 4, 0, 0, 0, 1 };
	static const uint8_t ia_inner[] = { 1, 0, 0, 1, 0, 3, 0, 16, 0, 0, 0, 1, 0, 0, 0, 0,
					    0, 0, 0, 0, 0, 5, 0, 24 };  /* IAADDR past the IA */
	static const uint8_t short_addr[] = { 1, 0, 0, 1, 0, 3, 0, 16, 0, 0, 0, 1, 0, 0, 0, 0,
					      0, 0, 0, 0, 0, 5, 0, 0 };  /* IAADDR of 0 bytes */
	static const uint8_t relay[] = { 12, 0, 0, 0 };
	static const uint8_t zero[] = { 0, 0, 0, 0 };
	static uint8_t big[DHCP6_MSG_MAX_LEN + 1] = { 1 };
	struct dhcp6_msg m;
	size_t i;

	for (i = 0; i < 4; i++)
		ck_assert_int_eq(dhcp6_msg_parse(&m, OVMF, i), DHCP6_PERR_TRUNCATED);
	ck_assert_int_eq(dhcp6_msg_parse(&m, overrun, sizeof(overrun)), DHCP6_PERR_OPT_OVERRUN);
	ck_assert_int_eq(dhcp6_msg_parse(&m, half_hdr, sizeof(half_hdr)), DHCP6_PERR_OPT_OVERRUN);
	ck_assert_int_eq(dhcp6_msg_parse(&m, short_ia, sizeof(short_ia)), DHCP6_PERR_IA_OVERRUN);
	ck_assert_int_eq(dhcp6_msg_parse(&m, ia_inner, sizeof(ia_inner)), DHCP6_PERR_IA_OVERRUN);
	ck_assert_int_eq(dhcp6_msg_parse(&m, short_addr, sizeof(short_addr)), DHCP6_PERR_IA_OVERRUN);
	ck_assert_int_eq(dhcp6_msg_parse(&m, relay, sizeof(relay)), DHCP6_PERR_RELAY);
	ck_assert_int_eq(dhcp6_msg_parse(&m, zero, sizeof(zero)), DHCP6_PERR_BAD_TYPE);
	ck_assert_int_eq(dhcp6_msg_parse(&m, big, sizeof(big)), DHCP6_PERR_TOO_LONG);
	for (i = 4; i < OVMF_LEN; i++)            /* a cut inside an option is refused */
		ck_assert_int_eq(dhcp6_msg_parse(&m, OVMF, i) == 0, at_boundary(i));
	ck_assert_int_eq(dhcp6_msg_parse(&m, OVMF, OVMF_LEN), 0);
}
END_TEST

START_TEST(test_solicit_advertise_ovmf)
{
	struct dhcp6_server *s = server();
	struct dhcp6_build b;
	struct dhcp6_msg m;
	struct dhcp6_ia ia[2];
	struct dhcp6_iaaddr a;
	char url[200], want[16];
	size_t len;
	const uint8_t *p;

	ck_assert(serve(s, OVMF, OVMF_LEN, &b, &m));
	ck_assert_uint_eq(m.type, DHCP6_ADVERTISE);
	ck_assert_uint_eq(m.xid, 0xa089dd);
	p = dhcp6_msg_opt(&m, DHCP6_OPT_CLIENTID, &len);
	ck_assert_uint_eq(len, 14);
	ck_assert_mem_eq(p, OVMF + 8, 14);
	p = dhcp6_msg_opt(&m, DHCP6_OPT_SERVERID, &len);
	ck_assert_uint_eq(len, 10);
	ck_assert_mem_eq(p, "\x00\x03\x00\x01\x52\x55\x0a\x00\x02\x05", 10);
	ck_assert_uint_eq(dhcp6_msg_ias(&m, ia, 2), 1);
	ck_assert_uint_eq(ia[0].iaid, 0x17a3de7e);
	ck_assert_uint_eq(ia[0].t1, 1800);
	ck_assert_uint_eq(ia[0].t2, 2880);
	ck_assert_int_eq(dhcp6_ia_addr(&ia[0], 0, &a), 0);
	inet_pton(AF_INET6, "fd00::100", want);
	ck_assert_mem_eq(a.addr, want, 16);
	ck_assert_uint_eq(a.preferred, 3600);
	ck_assert_uint_eq(a.valid, 7200);
	ck_assert_str_eq(url_of(&m, url, sizeof(url)), "tftp://[fd00::5]/snponly.efi");
	p = dhcp6_msg_opt(&m, DHCP6_OPT_PREFERENCE, &len);
	ck_assert(p && len == 1 && p[0] == 0);
	p = dhcp6_msg_opt(&m, DHCP6_OPT_DNS, &len);             /* OVMF asks for 23 */
	ck_assert(p && len == 16);
	ck_assert_ptr_null(dhcp6_msg_opt(&m, DHCP6_OPT_VENDOR_CLASS, &len));
	ck_assert_uint_eq(dhcp6_server_bound(s, T0), 0);         /* an offer only */
	ck_assert_str_eq(R.kind[0], "advertise");
	ck_assert_str_eq(R.detail[0], "solicit rule uefi addr fd00::100");
	ck_assert_str_eq(R.name[0], "tftp://[fd00::5]/snponly.efi");
	dhcp6_server_free(s);
}
END_TEST

START_TEST(test_request_reply_renew_release)
{
	struct dhcp6_server *s = server();
	struct dhcp6_build b;
	struct dhcp6_msg m;
	struct dhcp6_ia ia[1];
	struct dhcp6_iaaddr a;
	uint8_t req[DHCP6_MSG_MAX_LEN];
	size_t n;
	char url[200];

	ck_assert(serve(s, OVMF, OVMF_LEN, &b, &m));
	n = with_sid(s, OVMF, OVMF_LEN, DHCP6_REQUEST, req);
	ck_assert(serve(s, req, n, &b, &m));
	ck_assert_uint_eq(m.type, DHCP6_REPLY);
	ck_assert_uint_eq(dhcp6_msg_ias(&m, ia, 1), 1);
	ck_assert_int_eq(dhcp6_ia_addr(&ia[0], 0, &a), 0);
	ck_assert_uint_eq(a.addr[15], 0x00);                    /* the advertised fd00::100 */
	ck_assert_uint_eq(a.addr[14], 0x01);
	ck_assert_str_eq(url_of(&m, url, sizeof(url)), "tftp://[fd00::5]/snponly.efi");
	ck_assert_uint_eq(dhcp6_server_bound(s, T0), 1);
	n = with_sid(s, OVMF, OVMF_LEN, DHCP6_RENEW, req);
	ck_assert(serve(s, req, n, &b, &m));
	ck_assert_uint_eq(m.type, DHCP6_REPLY);
	ck_assert_uint_eq(dhcp6_msg_ias(&m, ia, 1), 1);
	ck_assert_int_eq(dhcp6_ia_addr(&ia[0], 0, &a), 0);
	ck_assert_int_eq(status_of(ia[0].opts, ia[0].opts_len), -1);
	n = derive(OVMF, OVMF_LEN, DHCP6_REBIND, NULL, 0, req);  /* REBIND: no server id */
	ck_assert(serve(s, req, n, &b, &m));
	ck_assert_int_eq(dhcp6_ia_addr(&ia[0], 0, &a), 0);
	n = with_sid(s, OVMF, OVMF_LEN, DHCP6_RELEASE, req);
	ck_assert(serve(s, req, n, &b, &m));
	ck_assert_uint_eq(m.type, DHCP6_REPLY);
	ck_assert_int_eq(status_of(m.opts, m.opts_len), DHCP6_ST_SUCCESS);
	ck_assert_uint_eq(dhcp6_msg_ias(&m, ia, 1), 0);          /* released IAs not echoed */
	ck_assert_uint_eq(dhcp6_server_bound(s, T0), 0);
	n = with_sid(s, OVMF, OVMF_LEN, DHCP6_RENEW, req);       /* renew after release */
	ck_assert(serve(s, req, n, &b, &m));
	ck_assert_uint_eq(dhcp6_msg_ias(&m, ia, 1), 1);
	ck_assert_int_eq(dhcp6_ia_addr(&ia[0], 0, &a), -ENOENT);
	ck_assert_int_eq(status_of(ia[0].opts, ia[0].opts_len), DHCP6_ST_NO_BINDING);
	ck_assert_str_eq(R.kind[4], "release");
	ck_assert_str_eq(R.detail[4], "release addr fd00::100");
	dhcp6_server_free(s);
}
END_TEST

START_TEST(test_ipxe_policy_user_class)
{
	struct dhcp6_server *s = server();
	struct dhcp6_build b;
	struct dhcp6_msg m;
	char url[200];

	ck_assert(serve(s, IPXE, IPXE_LEN, &b, &m));
	ck_assert_uint_eq(m.type, DHCP6_ADVERTISE);
	ck_assert_str_eq(url_of(&m, url, sizeof(url)), "tftp://[fd00::5]/v6.ipxe");
	ck_assert_ptr_nonnull(dhcp6_msg_opt(&m, DHCP6_OPT_DNS, &(size_t){ 0 })); /* iPXE asks 23 */
	ck_assert_str_eq(R.detail[0], "solicit rule ipxe addr fd00::100");
	dhcp6_server_free(s);
}
END_TEST

/* iPXE's DUID-UUID holds no MAC: the frame's source names the client; OVMF's DUID-LLT wins over it */
START_TEST(test_link_address_names_client)
{
	struct dhcp6_server *s = server();
	struct dhcp6_build b;
	const uint8_t ll[6] = { 0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc };

	ck_assert(dhcp6_server_input(s, IPXE, IPXE_LEN, T0, &b));
	ck_assert(!R.has_mac[0]);
	ck_assert(dhcp6_server_input_ll(s, IPXE, IPXE_LEN, ll, T0, &b));
	ck_assert(R.has_mac[1]);
	ck_assert_mem_eq(R.mac[1], ll, 6);
	ck_assert(dhcp6_server_input_ll(s, OVMF, OVMF_LEN, ll, T0, &b));
	ck_assert(R.has_mac[2]);
	ck_assert_mem_eq(R.mac[2], "\x52\x54\x00\x12\x34\x56", 6);
	dhcp6_server_free(s);
}
END_TEST

START_TEST(test_no_boot_and_params)
{
	struct dhcp6_server *s;
	struct dhcp6_build b;
	struct dhcp6_msg m;
	size_t len;
	const uint8_t *p;

	RULES[0].no_boot = 1;
	CFG.boot_params = "console=ttyS0";
	s = server();
	ck_assert(serve(s, IPXE, IPXE_LEN, &b, &m));
	ck_assert_ptr_null(dhcp6_msg_opt(&m, DHCP6_OPT_BOOTFILE_URL, &len));
	ck_assert_ptr_null(dhcp6_msg_opt(&m, DHCP6_OPT_BOOTFILE_PARAM, &len));
	ck_assert(serve(s, OVMF, OVMF_LEN, &b, &m));
	p = dhcp6_msg_opt(&m, DHCP6_OPT_BOOTFILE_PARAM, &len);
	ck_assert(p && len == 15 && p[0] == 0 && p[1] == 13 && !memcmp(p + 2, "console=ttyS0", 13));
	dhcp6_server_free(s);
}
END_TEST

START_TEST(test_rapid_commit)
{
	static const uint8_t rc[] = { 0, 14, 0, 0 };
	struct dhcp6_server *s;
	struct dhcp6_build b;
	struct dhcp6_msg m;
	uint8_t req[DHCP6_MSG_MAX_LEN];
	size_t n = derive(OVMF, OVMF_LEN, DHCP6_SOLICIT, rc, sizeof(rc), req), len;

	s = server();                                     /* not enabled: ADVERTISE */
	ck_assert(serve(s, req, n, &b, &m));
	ck_assert_uint_eq(m.type, DHCP6_ADVERTISE);
	dhcp6_server_free(s);
	CFG.rapid_commit = 1;
	s = server();
	ck_assert(serve(s, req, n, &b, &m));
	ck_assert_uint_eq(m.type, DHCP6_REPLY);
	ck_assert_ptr_nonnull(dhcp6_msg_opt(&m, DHCP6_OPT_RAPID_COMMIT, &len));
	ck_assert_ptr_null(dhcp6_msg_opt(&m, DHCP6_OPT_PREFERENCE, &len));
	ck_assert_uint_eq(dhcp6_server_bound(s, T0), 1);
	ck_assert(serve(s, OVMF, OVMF_LEN, &b, &m));      /* no option 14: ADVERTISE */
	ck_assert_uint_eq(m.type, DHCP6_ADVERTISE);
	dhcp6_server_free(s);
}
END_TEST

START_TEST(test_decline_and_exhaustion)
{
	struct dhcp6_server *s;
	struct dhcp6_build b;
	struct dhcp6_msg m;
	struct dhcp6_ia ia[1];
	struct dhcp6_iaaddr a;
	uint8_t req[DHCP6_MSG_MAX_LEN];
	size_t n;

	CFG.pool_size = 1;
	s = server();
	n = with_sid(s, OVMF, OVMF_LEN, DHCP6_REQUEST, req);
	ck_assert(serve(s, req, n, &b, &m));
	n = with_sid(s, OVMF, OVMF_LEN, DHCP6_DECLINE, req);
	ck_assert(serve(s, req, n, &b, &m));
	ck_assert_int_eq(status_of(m.opts, m.opts_len), DHCP6_ST_SUCCESS);
	ck_assert(serve(s, IPXE, IPXE_LEN, &b, &m));      /* the one address is quarantined */
	ck_assert_uint_eq(dhcp6_msg_ias(&m, ia, 1), 1);
	ck_assert_int_eq(dhcp6_ia_addr(&ia[0], 0, &a), -ENOENT);
	ck_assert_int_eq(status_of(ia[0].opts, ia[0].opts_len), DHCP6_ST_NO_ADDRS_AVAIL);
	ck_assert_int_eq(dhcp6_server_input(s, IPXE, IPXE_LEN,
					    T0 + 601 * PXL_NS_PER_SEC, &b), 1);
	ck_assert_int_eq(dhcp6_msg_parse(&m, b.buf, b.len), 0);      /* quarantine over */
	ck_assert_uint_eq(dhcp6_msg_ias(&m, ia, 1), 1);
	ck_assert_int_eq(dhcp6_ia_addr(&ia[0], 0, &a), 0);
	ck_assert_str_eq(R.kind[1], "decline");
	dhcp6_server_free(s);
}
END_TEST

START_TEST(test_confirm)
{
	struct dhcp6_server *s = server();
	struct dhcp6_build b;
	struct dhcp6_msg m;
	uint8_t req[DHCP6_MSG_MAX_LEN];
	uint8_t ia[4 + 12 + 4 + 24] = { 0, 3, 0, 40, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0,
					0, 5, 0, 24 };
	size_t n;

	n = derive(OVMF, OVMF_LEN, DHCP6_CONFIRM, NULL, 0, req);  /* IA_NA without address */
	ck_assert(!dhcp6_server_input(s, req, n, T0, &b));
	ck_assert_str_eq(R.detail[0], "confirm-without-address");
	inet_pton(AF_INET6, "fd00::1234", ia + 20);
	n = derive(IPXE, IPXE_LEN, DHCP6_CONFIRM, ia, sizeof(ia), req);
	ck_assert(serve(s, req, n, &b, &m));
	ck_assert_int_eq(status_of(m.opts, m.opts_len), DHCP6_ST_SUCCESS);
	inet_pton(AF_INET6, "fd01::1234", ia + 20);
	n = derive(IPXE, IPXE_LEN, DHCP6_CONFIRM, ia, sizeof(ia), req);
	ck_assert(serve(s, req, n, &b, &m));
	ck_assert_int_eq(status_of(m.opts, m.opts_len), DHCP6_ST_NOT_ON_LINK);
	dhcp6_server_free(s);
}
END_TEST

START_TEST(test_information_request)
{
	static const uint8_t ir[] = { 11, 1, 2, 3, 0, 6, 0, 4, 0, 23, 0, 59, 0, 15, 0, 6, 0, 4,
				      'i', 'P', 'X', 'E' };
	struct dhcp6_server *s = server();
	struct dhcp6_build b;
	struct dhcp6_msg m;
	struct dhcp6_ia ia[1];
	uint8_t req[DHCP6_MSG_MAX_LEN];
	char url[200];
	size_t n, len;

	ck_assert(serve(s, ir, sizeof(ir), &b, &m));      /* no client id: allowed */
	ck_assert_uint_eq(m.type, DHCP6_REPLY);
	ck_assert_uint_eq(m.xid, 0x010203);
	ck_assert_ptr_null(dhcp6_msg_opt(&m, DHCP6_OPT_CLIENTID, &len));
	ck_assert_uint_eq(dhcp6_msg_ias(&m, ia, 1), 0);
	ck_assert_str_eq(url_of(&m, url, sizeof(url)), "tftp://[fd00::5]/v6.ipxe");
	ck_assert_ptr_nonnull(dhcp6_msg_opt(&m, DHCP6_OPT_DNS, &len));
	n = derive(OVMF, OVMF_LEN, DHCP6_INFORMATION_REQUEST, NULL, 0, req); /* with an IA */
	ck_assert(!dhcp6_server_input(s, req, n, T0, &b));
	ck_assert_str_eq(R.kind[0], "inform");
	ck_assert_str_eq(R.detail[1], "information-request-with-ia");
	dhcp6_server_free(s);
}
END_TEST

START_TEST(test_http_client_vendor_class)
{
	static const uint8_t http[] = "HTTPClient:Arch:00016:UNDI:003000";
	struct dhcp6_server *s;
	struct dhcp6_build b;
	struct dhcp6_msg m;
	uint8_t req[DHCP6_MSG_MAX_LEN];
	size_t n, len;
	const uint8_t *p;

	RULES[1].file = "http://[fd00::5]/uefi-marker.efi";
	s = server();
	n = derive(OVMF, OVMF_LEN, DHCP6_SOLICIT, NULL, 0, req);
	memcpy(req + n - 32, http, 32);            /* same length: "HTTPClient:Arch:00016:UNDI:00300" */
	ck_assert(serve(s, req, n, &b, &m));
	ck_assert_str_eq(R.name[0], "http://[fd00::5]/uefi-marker.efi");
	p = dhcp6_msg_opt(&m, DHCP6_OPT_VENDOR_CLASS, &len);
	ck_assert(p && len == 16);
	ck_assert_mem_eq(p, "\x00\x00\x01\x57\x00\x0aHTTPClient", 16);
	dhcp6_server_free(s);
}
END_TEST

START_TEST(test_discards)
{
	static const uint8_t junk[] = { 1, 0, 0, 1, 0, 1, 0, 200, 1, 2 };
	struct dhcp6_server *s = server(), *other;
	struct dhcp6_build b;
	uint8_t req[DHCP6_MSG_MAX_LEN];
	size_t n;

	ck_assert(!dhcp6_server_input(s, junk, sizeof(junk), T0, &b));
	ck_assert_str_eq(R.kind[0], "drop");
	ck_assert_str_eq(R.detail[0], "option-overrun");
	n = derive(OVMF, OVMF_LEN, DHCP6_ADVERTISE, NULL, 0, req);
	ck_assert(!dhcp6_server_input(s, req, n, T0, &b));
	ck_assert_str_eq(R.detail[1], "server-message");
	n = derive(OVMF, OVMF_LEN, DHCP6_REQUEST, NULL, 0, req);
	ck_assert(!dhcp6_server_input(s, req, n, T0, &b));
	ck_assert_str_eq(R.detail[2], "no-server-id");
	n = with_sid(s, OVMF, OVMF_LEN, DHCP6_SOLICIT, req);
	ck_assert(!dhcp6_server_input(s, req, n, T0, &b));
	ck_assert_str_eq(R.detail[3], "unexpected-server-id");
	memcpy(CFG.server_mac, "\x02\0\0\0\0\x01", 6);
	other = server();
	n = with_sid(other, OVMF, OVMF_LEN, DHCP6_REQUEST, req);
	ck_assert(!dhcp6_server_input(s, req, n, T0, &b));
	ck_assert_str_eq(R.detail[4], "other-server");
	memcpy(req, OVMF, OVMF_LEN);
	req[5] = 99;                                /* CLIENTID becomes an unknown option */
	ck_assert(!dhcp6_server_input(s, req, OVMF_LEN, T0, &b));
	ck_assert_str_eq(R.detail[5], "no-client-id");
	for (n = 0; n < 3; n++) {                   /* REPLY, RECONFIGURE, RELAY-FORW */
		static const uint8_t types[] = { DHCP6_REPLY, DHCP6_RECONFIGURE, DHCP6_RELAY_FORW };
		uint8_t t[DHCP6_MSG_MAX_LEN];
		size_t tl = derive(OVMF, OVMF_LEN, types[n], NULL, 0, t);

		ck_assert(!dhcp6_server_input(s, t, tl, T0, &b));
	}
	ck_assert_str_eq(R.detail[6], "server-message");
	ck_assert_str_eq(R.detail[7], "server-message");
	ck_assert_str_eq(R.detail[8], "relay");
	ck_assert_str_eq(R.name[8], "relay-forw");
	ck_assert_uint_eq(dhcp6_server_stats(s)->dropped, 9);
	ck_assert_uint_eq(dhcp6_server_stats(s)->received, 9);
	ck_assert_uint_eq(dhcp6_server_stats(s)->tx_type[DHCP6_ADVERTISE], 0);
	dhcp6_server_free(other);
	dhcp6_server_free(s);
}
END_TEST

START_TEST(test_config_check)
{
	char err[160];

	CFG.pool_size = 0;
	ck_assert_int_ne(dhcp6_config_check(&CFG, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, "pool"));
	ck_assert_ptr_null(dhcp6_server_new(&CFG, (struct pxl_event_sink){ 0 }));
	CFG.pool_size = 4;
	inet_pton(AF_INET6, "fd00::ffff:fffe", CFG.pool_start);
	ck_assert_int_ne(dhcp6_config_check(&CFG, err, sizeof(err)), 0);
	CFG.pool_size = 2;
	ck_assert_int_eq(dhcp6_config_check(&CFG, err, sizeof(err)), 0);
}
END_TEST

/** dhcp6_suite() - the suite */
static Suite *dhcp6_suite(void)
{
	Suite *s = suite_create("dhcp6");
	TCase *tp = tcase_create("codec"), *ts = tcase_create("server");

	tcase_add_checked_fixture(tp, setup, teardown);
	tcase_add_checked_fixture(ts, setup, teardown);
	tcase_add_test(tp, test_parse_ovmf_solicit);
	tcase_add_test(tp, test_parse_ipxe_solicit);
	tcase_add_test(tp, test_parse_malformed);
	tcase_add_test(ts, test_solicit_advertise_ovmf);
	tcase_add_test(ts, test_request_reply_renew_release);
	tcase_add_test(ts, test_ipxe_policy_user_class);
	tcase_add_test(ts, test_link_address_names_client);
	tcase_add_test(ts, test_no_boot_and_params);
	tcase_add_test(ts, test_rapid_commit);
	tcase_add_test(ts, test_decline_and_exhaustion);
	tcase_add_test(ts, test_confirm);
	tcase_add_test(ts, test_information_request);
	tcase_add_test(ts, test_http_client_vendor_class);
	tcase_add_test(ts, test_discards);
	tcase_add_test(ts, test_config_check);
	suite_add_tcase(s, tp);
	suite_add_tcase(s, ts);
	return s;
}

PXL_TEST_MAIN(dhcp6_suite)
