/* test_iscsi_pdu.c - unit tests of the iSCSI BHS codec, text keys, summaries and CDB decoding */
#include <errno.h>
#include <string.h>

#include "core/be.h"
#include "services/iscsi/iscsi_pdu.h"
#include "testlib.h"

/* the initiator's byte stream of iPXE's sanboot, from bios-ipxe-rom-sanboot.pcap */
#define IPXE_STREAM "iscsi/ipxe-sanboot-initiator.bin"
#define TARGET_STREAM "iscsi/ipxe-sanboot-target.bin"

/**
 * next_pdu() - step to the next PDU of a captured stream
 * @buf: stream
 * @len: stream length
 * @off: in/out: offset of the current PDU
 * @bhs: out: its header
 *
 * Return: pointer to the PDU, or NULL at the end.
 */
static const uint8_t *next_pdu(const uint8_t *buf, size_t len, size_t *off, struct iscsi_bhs *bhs)
{
	const uint8_t *p = buf + *off;

	if (*off >= len)
		return NULL;
	ck_assert_int_eq(iscsi_bhs_parse(p, len - *off, bhs), 0);
	ck_assert_uint_le(*off + iscsi_pdu_len(bhs, 0, 0), len);
	*off += iscsi_pdu_len(bhs, 0, 0);
	return p;
}

START_TEST(test_ipxe_login_request)
{
	size_t len, off = 0, n;
	uint8_t *buf = pxl_test_fixture(IPXE_STREAM, &len);
	struct iscsi_bhs bhs;
	struct iscsi_kv kv[ISCSI_KV_MAX];
	const uint8_t *p = next_pdu(buf, len, &off, &bhs);
	const struct iscsi_kv *tn;
	char line[256];

	ck_assert_uint_eq(bhs.opcode, ISCSI_OP_LOGIN_REQ);
	ck_assert(bhs.immediate);
	ck_assert(bhs.transit);
	ck_assert_uint_eq(bhs.csg, ISCSI_STAGE_SECURITY);
	ck_assert_uint_eq(bhs.nsg, ISCSI_STAGE_OPERATIONAL);
	ck_assert_uint_eq(bhs.dlen, 0x8d);
	ck_assert_uint_eq(bhs.itt, 0x18ae0001);
	ck_assert_uint_eq(bhs.isid[0], 0x40);
	ck_assert_uint_eq(bhs.cmdsn, 0);
	ck_assert_uint_eq(bhs.version_max, 0);
	ck_assert_uint_eq(off, 48 + 0x90);
	ck_assert_int_eq(iscsi_text_parse(p + 48, bhs.dlen, kv, ISCSI_KV_MAX, &n), 0);
	ck_assert_uint_eq(n, 4);
	tn = iscsi_kv_find(kv, n, "TargetName");
	ck_assert_ptr_nonnull(tn);
	ck_assert_int_eq(memcmp(tn->val, "iqn.2026-11.test:disk1", tn->vlen), 0);
	ck_assert_uint_eq(tn->vlen, strlen("iqn.2026-11.test:disk1"));
	ck_assert_int_gt(iscsi_pdu_summary(p, len, line, sizeof(line)), 0);
	ck_assert_str_eq(line, "Login Request (I) CSG=0 NSG=1 T ITT=0x18ae0001 "
			       "InitiatorName=iqn.2010-04.org.ipxe:00000000-0000-0000-0000-000000000000 "
			       "TargetName=iqn.2026-11.test:disk1 SessionType=Normal AuthMethod=None");
	free(buf);
}
END_TEST

START_TEST(test_ipxe_stream_walk)
{
	size_t len, off = 0, pdus = 0, reads = 0;
	uint8_t *buf = pxl_test_fixture(IPXE_STREAM, &len);
	struct iscsi_bhs bhs;
	const uint8_t *p;
	char line[256];

	while ((p = next_pdu(buf, len, &off, &bhs))) {
		pdus++;
		if (bhs.opcode == ISCSI_OP_SCSI_CMD && bhs.cdb[0] == SCSI_OP_READ_10) {
			ck_assert(bhs.read);
			ck_assert(!bhs.write);
			iscsi_pdu_summary(p, len - (size_t)(p - buf), line, sizeof(line));
			if (reads == 0)
				ck_assert_msg(strstr(line, "SCSI Command READ(10) LBA 64 len 4") != NULL,
					      "%s", line);
			reads++;
		}
	}
	ck_assert_uint_eq(off, len);
	ck_assert_uint_ge(pdus, 8);
	ck_assert_uint_ge(reads, 2);
	free(buf);
}
END_TEST

START_TEST(test_target_stream_walk)
{
	size_t len, off = 0, datain = 0;
	uint8_t *buf = pxl_test_fixture(TARGET_STREAM, &len);
	struct iscsi_bhs bhs;

	ck_assert_ptr_nonnull(next_pdu(buf, len, &off, &bhs));
	ck_assert_uint_eq(bhs.opcode, ISCSI_OP_LOGIN_RSP);
	ck_assert_uint_eq(bhs.status_class, 0);
	ck_assert_uint_eq(bhs.expcmdsn, 0);
	ck_assert_uint_eq(bhs.maxcmdsn, 1);
	while (next_pdu(buf, len, &off, &bhs))
		if (bhs.opcode == ISCSI_OP_DATA_IN) {
			datain++;
			ck_assert_uint_ne(bhs.maxcmdsn, 0);
		}
	ck_assert_uint_eq(off, len);
	ck_assert_uint_ge(datain, 1);
	free(buf);
}
END_TEST

START_TEST(test_encode_roundtrip)
{
	struct iscsi_bhs in = { 0 }, out;
	uint8_t raw[ISCSI_BHS_LEN], again[ISCSI_BHS_LEN];

	in.opcode = ISCSI_OP_DATA_IN;
	in.final = 1;
	in.has_status = 1;
	in.underflow = 1;
	in.status = 0;
	in.dlen = 0x123456;
	in.lun = 0x0001000000000000ull;
	in.itt = 0xdeadbeef;
	in.ttt = 0xffffffff;
	in.statsn = 7;
	in.expcmdsn = 8;
	in.maxcmdsn = 9;
	in.datasn = 3;
	in.offset = 4096;
	in.residual = 512;
	iscsi_bhs_encode(&in, raw);
	ck_assert_uint_eq(raw[0], 0x25);
	ck_assert_uint_eq(raw[1], 0x83);
	ck_assert_uint_eq(raw[5], 0x12);
	ck_assert_uint_eq(raw[7], 0x56);
	ck_assert_uint_eq(pxl_get_be32(raw + 24), 7);
	ck_assert_uint_eq(pxl_get_be32(raw + 32), 9);
	ck_assert_uint_eq(pxl_get_be32(raw + 44), 512);
	ck_assert_int_eq(iscsi_bhs_parse(raw, sizeof(raw), &out), 0);
	ck_assert(out.final && out.has_status && out.underflow && !out.overflow);
	ck_assert_uint_eq(out.lun, in.lun);
	ck_assert_uint_eq(out.offset, 4096);
	iscsi_bhs_encode(&out, again);
	ck_assert_int_eq(memcmp(raw, again, sizeof(raw)), 0);
}
END_TEST

START_TEST(test_pdu_len)
{
	struct iscsi_bhs b = { 0 };

	b.dlen = 0;
	ck_assert_uint_eq(iscsi_pdu_len(&b, 0, 0), 48);
	ck_assert_uint_eq(iscsi_pdu_len(&b, 1, 1), 52);
	b.dlen = 5;
	b.ahs_words = 2;
	ck_assert_uint_eq(iscsi_pdu_len(&b, 0, 0), 48 + 8 + 8);
	ck_assert_uint_eq(iscsi_pdu_len(&b, 1, 1), 48 + 8 + 4 + 8 + 4);
}
END_TEST

START_TEST(test_short_and_unknown)
{
	uint8_t raw[ISCSI_BHS_LEN] = { 0x1c, 0x80 };
	struct iscsi_bhs b;
	char line[64];

	ck_assert_int_eq(iscsi_bhs_parse(raw, 47, &b), -EINVAL);
	ck_assert_int_eq(iscsi_bhs_parse(raw, 48, &b), -EPROTO);
	ck_assert_uint_eq(b.opcode, 0x1c);
	ck_assert_str_eq(iscsi_opcode_name(0x1c), "Unknown");
	iscsi_pdu_summary(raw, sizeof(raw), line, sizeof(line));
	ck_assert_str_eq(line, "Unknown ITT=0x00000000 opcode 0x1c");
	ck_assert_int_eq(iscsi_pdu_summary(raw, 10, line, sizeof(line)), -EINVAL);
}
END_TEST

/**
 * parse_str() - run the text parser on a literal with embedded NULs
 * @s:   bytes
 * @len: length
 * @n:   out: pairs
 *
 * Return: the parser's result.
 */
static int parse_str(const char *s, size_t len, size_t *n)
{
	struct iscsi_kv kv[4];

	return iscsi_text_parse((const uint8_t *)s, len, kv, 4, n);
}

START_TEST(test_text_errors)
{
	size_t n;
	char big[200];

	ck_assert_int_eq(parse_str("A=1\0B=2\0", 8, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(parse_str("A=1\0\0\0\0", 7, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(parse_str("A=1\0B", 5, &n), -EINVAL);
	ck_assert_int_eq(parse_str("=1\0", 3, &n), -EBADMSG);
	ck_assert_int_eq(parse_str("A B=1\0", 6, &n), -EBADMSG);
	ck_assert_int_eq(parse_str("A=\xc3\x28\0", 5, &n), -EILSEQ);
	ck_assert_int_eq(parse_str("A=\xe0\x80\x80\0", 6, &n), -EILSEQ);
	ck_assert_int_eq(parse_str("A=caf\xc3\xa9\0", 7, &n), 0);
	ck_assert_int_eq(parse_str("A=1\0B=2\0C=3\0D=4\0E=5\0", 20, &n), -E2BIG);
	memset(big, 'k', sizeof(big));
	big[64] = '=';
	big[65] = '\0';
	ck_assert_int_eq(parse_str(big, 66, &n), -ENAMETOOLONG);
	big[63] = '=';
	ck_assert_int_eq(parse_str(big, 66, &n), 0);
	ck_assert_int_eq(parse_str("A=1", 3, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(iscsi_text_strerror(-EINVAL), "text key without '='");
}
END_TEST

START_TEST(test_cdb_decode)
{
	static const uint8_t r6[6] = { 0x08, 0x1f, 0xff, 0xff, 0x00, 0 };
	static const uint8_t r10[10] = { 0x28, 0, 0, 0, 0, 64, 0, 0, 1, 0 };
	static const uint8_t w12[12] = { 0xaa, 0, 0, 0, 1, 0, 0, 0, 0, 8, 0, 0 };
	static const uint8_t r16[16] = { 0x88, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 };
	static const uint8_t rc16[16] = { 0x9e, 0x10 };
	struct scsi_cdb_info info;
	char line[64];

	ck_assert_int_eq(scsi_cdb_parse(r6, 6, &info), 0);
	ck_assert_uint_eq(info.lba, 0x1fffff);
	ck_assert_uint_eq(info.blocks, 256);
	ck_assert_int_eq(scsi_cdb_parse(r10, 10, &info), 0);
	ck_assert_str_eq(info.name, "READ(10)");
	ck_assert_uint_eq(info.lba, 64);
	ck_assert_uint_eq(info.blocks, 1);
	ck_assert_int_eq(scsi_cdb_parse(w12, 12, &info), 0);
	ck_assert_uint_eq(info.lba, 256);
	ck_assert_uint_eq(info.blocks, 8);
	ck_assert_int_eq(scsi_cdb_parse(r16, 16, &info), 0);
	ck_assert_uint_eq(info.lba, 0x100000000ull);
	ck_assert_uint_eq(info.blocks, 256);
	ck_assert_int_eq(scsi_cdb_parse(r10, 6, &info), -EINVAL);
	ck_assert_str_eq(scsi_opcode_name(rc16, 16), "READ CAPACITY(16)");
	scsi_cdb_summary(r10, 10, line, sizeof(line));
	ck_assert_str_eq(line, "READ(10) LBA 64 len 1");
	scsi_cdb_summary((const uint8_t *)"\xc0\0\0\0\0\0", 6, line, sizeof(line));
	ck_assert_str_eq(line, "truncated CDB (6 bytes)");
	scsi_cdb_summary((const uint8_t *)"\x02\0\0\0\0\0", 6, line, sizeof(line));
	ck_assert_str_eq(line, "UNKNOWN opcode 0x02");
}
END_TEST

/**
 * iscsi_pdu_suite() - the suite
 *
 * Return: the suite.
 */
static Suite *iscsi_pdu_suite(void)
{
	Suite *s = suite_create("iscsi_pdu");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, test_ipxe_login_request);
	tcase_add_test(tc, test_ipxe_stream_walk);
	tcase_add_test(tc, test_target_stream_walk);
	tcase_add_test(tc, test_encode_roundtrip);
	tcase_add_test(tc, test_pdu_len);
	tcase_add_test(tc, test_short_and_unknown);
	tcase_add_test(tc, test_text_errors);
	tcase_add_test(tc, test_cdb_decode);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(iscsi_pdu_suite)
