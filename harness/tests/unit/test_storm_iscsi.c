/* test_storm_iscsi.c - a synthetic client's iSCSI stages: iPXE's PDUs byte for byte, responses in any slicing, failures in words */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/be.h"
#include "core/util.h"
#include "storm/sclient_priv.h"
#include "testlib.h"

/* iPXE's PDU headers from ../shared/captures/uefi-native-pxe-dnsmasq-tgt.pcap (LUN 1) */
static const char *const cap_login1 =
	"438100000000008d4000272326c1000018ae000100000000000000000000000100000000000000000000000000000000";
static const char *const cap_tur =
	"0181000000000000000100000000000018ae000200000000000000000000000200000000000000000000000000000000";
static const char *const cap_cap =
	"01c1000000000000000100000000000018ae000400000008000000020000000425000000000000000000000000000000";
static const char *const cap_read0 =
	"01c1000000000000000100000000000018ae000500000800000000030000000528000000004000000400000000000000";

/**
 * struct host - a fake TCP host: what the client sent, what it asked
 * @out, @len: bytes sent, all PDUs in a row
 * @opened:    tcp_open calls (@ip, @port the last)
 * @closed:    tcp_close calls
 */
struct host {
	uint8_t out[8192];
	size_t len;
	unsigned opened;
	uint32_t ip;
	uint16_t port;
	unsigned closed;
};

static int h_open(void *ctx, struct scl_client *c, uint32_t ip, uint16_t port)
{
	struct host *h = ctx;

	(void)c;
	h->opened++;
	h->ip = ip;
	h->port = port;
	return 0;
}

static int h_send(void *ctx, struct scl_client *c, const void *buf, size_t len)
{
	struct host *h = ctx;

	(void)c;
	ck_assert_uint_le(h->len + len, sizeof(h->out));
	memcpy(h->out + h->len, buf, len);
	h->len += len;
	return 0;
}

static void h_close(void *ctx, struct scl_client *c)
{
	(void)c;
	((struct host *)ctx)->closed++;
}

static void unhex(const char *s, uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (uint8_t)(pxl_hex_digit(s[2 * i]) << 4 | pxl_hex_digit(s[2 * i + 1]));
}

/** rsp() - a target response header: opcode, flags, dlen, ITT, StatSN, SCSI status byte 3 */
static void rsp(uint8_t b[48], uint8_t op, uint8_t flags, uint32_t dlen, uint32_t itt, uint32_t statsn,
		uint8_t status)
{
	memset(b, 0, 48);
	b[0] = op;
	b[1] = flags;
	b[3] = status;
	pxl_put_be32(b + 4, dlen);
	pxl_put_be32(b + 16, itt);
	pxl_put_be32(b + 24, statsn);
	pxl_put_be32(b + 32, statsn + 1);	/* ExpCmdSN */
	pxl_put_be32(b + 36, statsn + 64);	/* MaxCmdSN */
}

/** feed() - bytes to the client, @step at a time */
static void feed(struct scl_client *c, const struct scl_tx *tx, const uint8_t *p, size_t n, size_t step)
{
	while (n) {
		size_t k = n < step ? n : step;

		scl_client_tcp(c, SCL_TCP_DATA, p, k, 0, 1000, tx);
		p += k;
		n -= k;
	}
}

/** client_at_login() - a client past stage 4 with @root, its connection just up */
static void client_at_login(struct scl_client *c, const struct scl_config *cfg, struct host *h,
			    const struct scl_tx *tx, const char *root)
{
	scl_client_init(c, 7, cfg);
	memset(h, 0, sizeof(*h));
	c->stage = SCL_DHCP_IPXE;	/* stage 4 passes: stage 5 begins as in a storm */
	c->state = SCL_REQUEST;
	snprintf(c->root, sizeof(c->root), "%s", root);
	scl_pass(c, 1, tx);
	ck_assert_uint_eq(c->stage, SCL_ISCSI_LOGIN);
	ck_assert(c->state == SCL_CONNECT || c->state == SCL_FAILED);
	scl_client_tcp(c, SCL_TCP_CONNECTED, NULL, 0, 0, 2, tx);
}

/** pdu_at() - the @k-th PDU the client sent (0-based), its header in @hdr; Return: its offset */
static size_t pdu_at(const struct host *h, unsigned k)
{
	size_t o = 0;

	while (k--) {
		uint32_t dlen = pxl_get_be(h->out + o + 5, 3);

		o += 48 + dlen + (4 - dlen % 4) % 4;
		ck_assert_uint_le(o + 48, h->len);
	}
	return o;
}

/** same_as_captured() - the PDU at @o equals the captured header (ISID qualifier bytes 12-13 aside when @isid) */
static void same_as_captured(const struct host *h, size_t o, const char *hex, int isid)
{
	uint8_t want[48], got[48];

	unhex(hex, want, 48);
	memcpy(got, h->out + o, 48);
	if (isid) {
		got[12] = want[12];
		got[13] = want[13];
	}
	ck_assert_msg(!memcmp(got, want, 48), "PDU at %zu differs from iPXE's (opcode 0x%02x)", o, got[0]);
}

static const char root1[] = "iscsi:10.0.2.4::3260:1:iqn.2026-11.test:disk1";

START_TEST(login_and_boot_reads_are_ipxes_pdus)
{
	struct scl_config cfg = { .seed = 3 };
	struct host h;
	struct scl_tx tx = { .tcp_open = h_open, .tcp_send = h_send, .tcp_close = h_close, .ctx = &h };
	struct scl_client c;
	uint8_t b[48 + 2048], capdata[8] = { 0, 0, 0x3f, 0xff, 0, 0, 2, 0 };	/* 16384 blocks of 512 */
	const char *text;
	size_t o;
	unsigned i, tries;

	client_at_login(&c, &cfg, &h, &tx, root1);
	ck_assert_uint_eq(h.opened, 1);
	ck_assert_uint_eq(h.ip, 0x0a000204u);
	ck_assert_uint_eq(h.port, 3260);
	same_as_captured(&h, 0, cap_login1, 1);
	text = (const char *)h.out + 48;
	ck_assert(!strncmp(text, "InitiatorName=iqn.2010-04.org.ipxe:", 35));
	ck_assert_str_eq(text + strlen(text) + 1, "TargetName=iqn.2026-11.test:disk1");
	/* security stage passes to operational: the second login, iPXE's keys */
	rsp(b, 0x23, 0x81, 0, 0x18ae0001, 0, 0);
	feed(&c, &tx, b, 48, 7);
	o = pdu_at(&h, 1);
	ck_assert_uint_eq(h.out[o + 1], 0x87);
	ck_assert(memmem(h.out + o + 48, 282, "MaxRecvDataSegmentLength=8192\0MaxBurstLength=262144", 52));
	rsp(b, 0x23, 0x87, 0, 0x18ae0001, 1, 0);
	feed(&c, &tx, b, 48, 48);
	ck_assert_uint_eq(c.stage, SCL_ISCSI_BOOT);
	ck_assert(c.rec[SCL_ISCSI_LOGIN].ok);
	ck_assert_uint_eq(c.rec[SCL_ISCSI_LOGIN].tries, 2);
	/* TEST UNIT READY: CHECK CONDITION (unit attention), then again and GOOD, as with tgt */
	same_as_captured(&h, pdu_at(&h, 2), cap_tur, 0);
	rsp(b, 0x21, 0x80, 0, 0x18ae0002, 2, 2);
	feed(&c, &tx, b, 48, 1);
	rsp(b, 0x21, 0x80, 0, 0x18ae0003, 3, 0);
	feed(&c, &tx, b, 48, 48);
	same_as_captured(&h, pdu_at(&h, 4), cap_cap, 0);
	rsp(b, 0x25, 0x81, 8, 0x18ae0004, 4, 0);	/* Data-In with status */
	memcpy(b + 48, capdata, 8);
	feed(&c, &tx, b, 56, 5);
	ck_assert_uint_eq(c.is.blksize, 512);
	same_as_captured(&h, pdu_at(&h, 5), cap_read0, 0);
	for (i = 0, tries = 6; c.state == SCL_ISCSI; i++, tries++) {
		uint32_t n = pxl_get_be32(h.out + pdu_at(&h, tries - 1) + 20), itt = pxl_get_be32(h.out + pdu_at(&h, tries - 1) + 16);

		rsp(b, 0x25, 0x80, n, itt, 0, 0);	/* Data-In without status, then a SCSI Response */
		memset(b + 48, 0xa5, n);
		feed(&c, &tx, b, 48 + n, 1000);
		rsp(b, 0x21, 0x80, 0, itt, 5 + i, 0);
		feed(&c, &tx, b, 48, 48);
	}
	ck_assert_msg(c.state == SCL_DONE, "%s", c.rec[c.stage].why);
	ck_assert_uint_eq(i, 11);
	ck_assert_uint_eq(c.rec[SCL_ISCSI_BOOT].tries, 14);	/* 2 TUR, READ CAPACITY, 11 READs */
	ck_assert_uint_eq(h.closed, 1);
}
END_TEST

START_TEST(failures_say_what_and_where)
{
	struct scl_config cfg = { .seed = 3 };
	struct host h;
	struct scl_tx tx = { .tcp_open = h_open, .tcp_send = h_send, .tcp_close = h_close, .ctx = &h };
	struct scl_client c;
	uint8_t b[48];

	/* login refused: authorization failure */
	client_at_login(&c, &cfg, &h, &tx, root1);
	rsp(b, 0x23, 0x81, 0, 0x18ae0001, 0, 0);
	b[36] = 2;	/* status class */
	b[37] = 1;
	feed(&c, &tx, b, 48, 48);
	ck_assert_uint_eq(c.state, SCL_FAILED);
	ck_assert_str_eq(c.rec[SCL_ISCSI_LOGIN].why,
			 "login to iqn.2026-11.test:disk1 refused: status class 2 detail 1, T=1 NSG 1");
	ck_assert_uint_eq(h.closed, 1);
	/* the target closes in the middle */
	client_at_login(&c, &cfg, &h, &tx, root1);
	scl_client_tcp(&c, SCL_TCP_CLOSED, NULL, 0, 0, 5, &tx);
	ck_assert_str_eq(c.rec[SCL_ISCSI_LOGIN].why, "the target closed the connection awaiting the security-stage login");
	/* nothing answers: iPXE's 15 s */
	client_at_login(&c, &cfg, &h, &tx, root1);
	scl_client_tick(&c, c.deadline, &tx);
	ck_assert_str_eq(c.rec[SCL_ISCSI_LOGIN].why, "no response to the security-stage login within 15 s");
	/* no root path, a bad one, no TCP stack */
	client_at_login(&c, &cfg, &h, &tx, "");
	ck_assert_str_eq(c.rec[SCL_ISCSI_LOGIN].why, "the iPXE round's ACK carries no root path (option 17)");
	client_at_login(&c, &cfg, &h, &tx, "iscsi:server.example::3260:0:iqn.x");
	ck_assert_str_eq(c.rec[SCL_ISCSI_LOGIN].why,
			 "root path \"iscsi:server.example::3260:0:iqn.x\" is not iscsi:SERVER::PORT:LUN:IQN");
	tx.tcp_open = NULL;
	client_at_login(&c, &cfg, &h, &tx, root1);
	ck_assert_str_eq(c.rec[SCL_ISCSI_LOGIN].why,
			 "cannot open TCP to the iSCSI portal: no TCP stack for synthetic clients");
}
END_TEST

/** to_boot() - a client through both logins, at its first TEST UNIT READY */
static void to_boot(struct scl_client *c, const struct scl_config *cfg, struct host *h, const struct scl_tx *tx)
{
	uint8_t b[48];

	client_at_login(c, cfg, h, tx, root1);
	rsp(b, 0x23, 0x81, 0, 0x18ae0001, 0, 0);
	feed(c, tx, b, 48, 48);
	rsp(b, 0x23, 0x87, 0, 0x18ae0001, 1, 0);
	feed(c, tx, b, 48, 48);
	ck_assert_uint_eq(c->stage, SCL_ISCSI_BOOT);
}

START_TEST(check_condition_is_sent_again_ten_times_at_most)
{
	struct scl_config cfg = { .seed = 3 };
	struct host h;
	struct scl_tx tx = { .tcp_open = h_open, .tcp_send = h_send, .tcp_close = h_close, .ctx = &h };
	struct scl_client c;
	uint8_t b[48];
	unsigned i;

	to_boot(&c, &cfg, &h, &tx);
	rsp(b, 0x21, 0x80, 0, 0x18ae0002, 2, 0);	/* TUR GOOD */
	feed(&c, &tx, b, 48, 48);
	for (i = 0; i < 10 && c.state == SCL_ISCSI; i++) {	/* READ CAPACITY: unit attention each time */
		uint8_t sd[48 + 20] = { 0 };

		rsp(sd, 0x21, 0x80, 20, c.is.itt, 3 + i, 2);
		sd[48 + 1] = 18;		/* SenseLength, then fixed-format sense */
		sd[48 + 2] = 0x70;
		sd[48 + 4] = 0x06;		/* UNIT ATTENTION */
		sd[48 + 14] = 0x29;		/* power on, reset */
		feed(&c, &tx, sd, sizeof(sd), 3);
	}
	ck_assert_uint_eq(i, 10);
	ck_assert_uint_eq(c.state, SCL_FAILED);
	ck_assert_str_eq(c.rec[SCL_ISCSI_BOOT].why, "READ CAPACITY(10): SCSI status 0x02 (sense key 0x6, ASC/ASCQ 29/00) 10 times (iPXE gives up)");
	ck_assert_uint_eq(c.rec[SCL_ISCSI_BOOT].tries, 11);
	/* once is nothing: the same command again, then on */
	to_boot(&c, &cfg, &h, &tx);
	rsp(b, 0x21, 0x80, 0, 0x18ae0002, 2, 0);
	feed(&c, &tx, b, 48, 48);
	rsp(b, 0x21, 0x80, 0, 0x18ae0003, 3, 2);
	feed(&c, &tx, b, 48, 48);
	ck_assert_uint_eq(h.out[pdu_at(&h, 4) + 32], 0x25);	/* READ CAPACITY again */
	ck_assert_uint_eq(c.state, SCL_ISCSI);
	ck_assert_uint_eq(c.is.tur, 1);
}
END_TEST

/** storm_iscsi_suite() - the suite */
static Suite *storm_iscsi_suite(void)
{
	Suite *s = suite_create("storm_iscsi");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, login_and_boot_reads_are_ipxes_pdus);
	tcase_add_test(tc, failures_say_what_and_where);
	tcase_add_test(tc, check_condition_is_sent_again_ten_times_at_most);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(storm_iscsi_suite)

