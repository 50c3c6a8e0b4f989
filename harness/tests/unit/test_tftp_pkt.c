/* test_tftp_pkt.c - unit tests of the TFTP packet codec against captured firmware packets */
#include "testlib.h"

#include <errno.h>
#include <string.h>

#include "core/util.h"
#include "services/tftp/tftp_pkt.h"

/**
 * parse_fixture() - load a fixture and parse it into @pkt
 * @rel: path under fixtures/
 * @pkt: result
 * @len: out: length (may be NULL)
 *
 * Return: the loaded bytes (caller frees; @pkt's strings point into them).
 */
static uint8_t *parse_fixture(const char *rel, struct tftp_pkt *pkt, size_t *len)
{
	size_t n;
	uint8_t *buf = pxl_test_fixture(rel, &n);

	ck_assert_int_eq(tftp_pkt_parse(buf, n, pkt), 0);
	if (len)
		*len = n;
	return buf;
}

/**
 * summary() - summary of a packet into a static buffer
 * @pkt: parsed packet
 *
 * Return: the line.
 */
static const char *summary(const struct tftp_pkt *pkt)
{
	static char line[256];

	ck_assert_int_eq(tftp_pkt_summary(pkt, line, sizeof(line)), 0);
	return line;
}

START_TEST(test_ovmf_rrq_tsize)
{
	struct tftp_pkt pkt;
	uint8_t *buf = parse_fixture("packets/tftp-ovmf-rrq-tsize.bin", &pkt, NULL);

	ck_assert_uint_eq(pkt.opcode, TFTP_RRQ);
	ck_assert_str_eq(pkt.filename, "snponly.efi");
	ck_assert_str_eq(pkt.mode, "octet");
	ck_assert_uint_eq(pkt.n_opts, 3);
	ck_assert_str_eq(pkt.opts[0].name, "tsize");
	ck_assert_str_eq(pkt.opts[0].value, "0");
	ck_assert_str_eq(tftp_opt_get(&pkt, "BLKSIZE"), "1468");
	ck_assert_str_eq(tftp_opt_get(&pkt, "windowsize"), "4");
	ck_assert_ptr_null(tftp_opt_get(&pkt, "timeout"));
	ck_assert_str_eq(summary(&pkt), "RRQ snponly.efi octet tsize=0 blksize=1468 windowsize=4");
	free(buf);
}
END_TEST

START_TEST(test_ovmf_sequence_summaries)
{
	static const struct {
		const char *file;
		const char *line;
	} cases[] = {
		{ "packets/tftp-dnsmasq-oack-tsize.bin", "OACK blksize=1468 tsize=173792" },
		{ "packets/tftp-ovmf-error-abort.bin", "ERROR 8 User aborted the transfer" },
		{ "packets/tftp-ovmf-rrq-window.bin", "RRQ snponly.efi octet blksize=1468 windowsize=4" },
		{ "packets/tftp-dnsmasq-oack-blksize.bin", "OACK blksize=1468" },
		{ "packets/tftp-ovmf-ack0.bin", "ACK 0" },
		{ "packets/tftp-dnsmasq-data1.bin", "DATA 1 len=1468" },
		{ "packets/tftp-dnsmasq-data119-last.bin", "DATA 119 len=568" },
		{ "packets/tftp-ipxe-rrq.bin", "RRQ undionly.kpxe octet blksize=1432 tsize=0" },
		{ "packets/tftp-slirp-oack.bin", "OACK blksize=1428 tsize=74213" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct tftp_pkt pkt;
		uint8_t *buf = parse_fixture(cases[i].file, &pkt, NULL);

		ck_assert_msg(!strcmp(summary(&pkt), cases[i].line), "%s: got '%s'",
			      cases[i].file, summary(&pkt));
		free(buf);
	}
}
END_TEST

START_TEST(test_error_fields)
{
	struct tftp_pkt pkt;
	uint8_t *buf = parse_fixture("packets/tftp-ovmf-error-abort.bin", &pkt, NULL);

	ck_assert_uint_eq(pkt.opcode, TFTP_ERROR);
	ck_assert_uint_eq(pkt.err_code, TFTP_EOPTNEG);
	ck_assert_str_eq(pkt.err_msg, "User aborted the transfer");
	free(buf);
}
END_TEST

/**
 * assert_bytes_eq_fixture() - built bytes equal a captured packet
 * @rel: fixture
 * @buf: built packet
 * @len: its length (negative: builder failed)
 */
static void assert_bytes_eq_fixture(const char *rel, const uint8_t *buf, int len)
{
	size_t n;
	uint8_t *want = pxl_test_fixture(rel, &n);

	ck_assert_int_eq(len, (int)n);
	ck_assert_mem_eq(buf, want, n);
	free(want);
}

START_TEST(test_builders_match_captures)
{
	static const struct tftp_opt rrq_opts[] = {
		{ "tsize", "0" }, { "blksize", "1468" }, { "windowsize", "4" },
	};
	static const struct tftp_opt oack_opts[] = {
		{ "blksize", "1468" }, { "tsize", "173792" },
	};
	uint8_t buf[2048];
	size_t n;
	uint8_t *data = pxl_test_fixture("packets/tftp-dnsmasq-data1.bin", &n);

	assert_bytes_eq_fixture("packets/tftp-ovmf-rrq-tsize.bin", buf,
				tftp_build_request(buf, sizeof(buf), TFTP_RRQ, "snponly.efi",
						   "octet", rrq_opts, 3));
	assert_bytes_eq_fixture("packets/tftp-dnsmasq-oack-tsize.bin", buf,
				tftp_build_oack(buf, sizeof(buf), oack_opts, 2));
	assert_bytes_eq_fixture("packets/tftp-ovmf-error-abort.bin", buf,
				tftp_build_error(buf, sizeof(buf), 8, "User aborted the transfer"));
	assert_bytes_eq_fixture("packets/tftp-ovmf-ack0.bin", buf,
				tftp_build_ack(buf, sizeof(buf), 0));
	/* payload already in place: left alone */
	memcpy(buf + TFTP_HDR_LEN, data + TFTP_HDR_LEN, n - TFTP_HDR_LEN);
	assert_bytes_eq_fixture("packets/tftp-dnsmasq-data1.bin", buf,
				tftp_build_data(buf, sizeof(buf), 1, buf + TFTP_HDR_LEN,
						n - TFTP_HDR_LEN));
	/* payload elsewhere: copied */
	memset(buf, 0xee, sizeof(buf));
	assert_bytes_eq_fixture("packets/tftp-dnsmasq-data1.bin", buf,
				tftp_build_data(buf, sizeof(buf), 1, data + TFTP_HDR_LEN,
						n - TFTP_HDR_LEN));
	free(data);
}
END_TEST

START_TEST(test_build_default_error_text)
{
	uint8_t buf[64];
	struct tftp_pkt pkt;
	int n = tftp_build_error(buf, sizeof(buf), TFTP_EBADID, NULL);

	ck_assert_int_gt(n, 4);
	ck_assert_int_eq(tftp_pkt_parse(buf, (size_t)n, &pkt), 0);
	ck_assert_str_eq(pkt.err_msg, "unknown transfer ID");
}
END_TEST

START_TEST(test_builders_nospace)
{
	static const struct tftp_opt opts[] = { { "blksize", "1468" } };
	uint8_t buf[64], data[8] = { 0 };
	int full = tftp_build_request(buf, sizeof(buf), TFTP_RRQ, "f", "octet", opts, 1);
	size_t cap;

	ck_assert_int_eq(full, 2 + 2 + 6 + 8 + 5);
	for (cap = 0; cap < (size_t)full; cap++)
		ck_assert_int_eq(tftp_build_request(buf, cap, TFTP_RRQ, "f", "octet", opts, 1),
				 -ENOSPC);
	ck_assert_int_eq(tftp_build_data(buf, 11, 1, data, 8), -ENOSPC);
	ck_assert_int_eq(tftp_build_data(buf, 12, 1, data, 8), 12);
	ck_assert_int_eq(tftp_build_ack(buf, 3, 1), -ENOSPC);
	ck_assert_int_eq(tftp_build_error(buf, 5, 1, "x"), -ENOSPC);
	ck_assert_int_eq(tftp_build_error(buf, 6, 1, "x"), 6);
	ck_assert_int_eq(tftp_build_oack(buf, 10, opts, 1), -ENOSPC);
	ck_assert_int_eq(tftp_build_request(buf, sizeof(buf), TFTP_DATA, "f", "octet", NULL, 0),
			 -EINVAL);
	ck_assert_int_eq(tftp_build_request(buf, sizeof(buf), TFTP_RRQ, NULL, "octet", NULL, 0),
			 -EINVAL);
	ck_assert_int_eq(tftp_build_data(buf, sizeof(buf), 1, NULL, 3), -EINVAL);
}
END_TEST

/**
 * struct bad_case - a malformed packet and the reason the parser must give
 * @what:   description
 * @bytes:  the packet
 * @len:    its length
 * @perr:   expected reason
 * @opcode: expected opcode field after the failed parse
 */
struct bad_case {
	const char *what;
	const char *bytes;
	size_t len;
	enum tftp_perr perr;
	uint16_t opcode;
};

#define BAD(w, b, p, o) { w, b, sizeof(b) - 1, p, o }

static const struct bad_case bad_cases[] = {
	{ "empty", "", 0, TFTP_PERR_SHORT, 0 },
	BAD("one byte", "\x00", TFTP_PERR_SHORT, 0),
	BAD("opcode 0", "\x00\x00x\0octet\0", TFTP_PERR_OPCODE, 0),
	BAD("opcode 7", "\x00\x07x\0octet\0", TFTP_PERR_OPCODE, 7),
	BAD("opcode 0x0100 (little-endian RRQ)", "\x01\x00x\0octet\0", TFTP_PERR_OPCODE, 256),
	BAD("RRQ nothing", "\x00\x01", TFTP_PERR_NO_NAME, 1),
	BAD("RRQ name unterminated", "\x00\x01snponly.efi", TFTP_PERR_NO_NAME, 1),
	BAD("RRQ no mode", "\x00\x01snponly.efi\0", TFTP_PERR_NO_MODE, 1),
	BAD("RRQ mode unterminated", "\x00\x01snponly.efi\0oct", TFTP_PERR_NO_MODE, 1),
	BAD("WRQ no mode", "\x00\x02up\0", TFTP_PERR_NO_MODE, 2),
	BAD("RRQ NUL inside name", "\x00\x01ok.txt\0../../etc/passwd\0octet\0",
	    TFTP_PERR_NUL_IN_NAME, 1),
	BAD("RRQ NUL inside name, netascii", "\x00\x01" "a\0b\0NetAscii\0",
	    TFTP_PERR_NUL_IN_NAME, 1),
	BAD("RRQ option no value", "\x00\x01" "f\0octet\0blksize\0", TFTP_PERR_OPT_NOVALUE, 1),
	BAD("RRQ option name unterminated", "\x00\x01" "f\0octet\0blks", TFTP_PERR_OPT_UNTERM,
	    1),
	BAD("RRQ option value unterminated", "\x00\x01" "f\0octet\0blksize\0" "14",
	    TFTP_PERR_OPT_UNTERM, 1),
	BAD("RRQ empty option name", "\x00\x01" "f\0octet\0\0" "5\0", TFTP_PERR_OPT_EMPTY, 1),
	BAD("RRQ 17 options",
	    "\x00\x01" "f\0octet\0" "a\0" "1\0b\0" "1\0c\0" "1\0d\0" "1\0e\0" "1\0f\0" "1\0"
	    "g\0" "1\0h\0" "1\0i\0" "1\0j\0" "1\0k\0" "1\0l\0" "1\0m\0" "1\0n\0" "1\0o\0"
	    "1\0p\0" "1\0q\0" "1\0",
	    TFTP_PERR_TOO_MANY, 1),
	BAD("DATA 3 bytes", "\x00\x03\x00", TFTP_PERR_SHORT, 3),
	BAD("ACK 2 bytes", "\x00\x04", TFTP_PERR_SHORT, 4),
	BAD("ACK 3 bytes", "\x00\x04\x00", TFTP_PERR_SHORT, 4),
	BAD("ERROR 3 bytes", "\x00\x05\x00", TFTP_PERR_SHORT, 5),
	BAD("OACK option no value", "\x00\x06" "blksize\0", TFTP_PERR_OPT_NOVALUE, 6),
	BAD("OACK unterminated", "\x00\x06" "blksize\0" "512", TFTP_PERR_OPT_UNTERM, 6),
};

START_TEST(test_malformed)
{
	const struct bad_case *c = &bad_cases[_i];
	struct tftp_pkt pkt;
	/* exact-size heap copy: an over-read shows up under ASan/valgrind */
	uint8_t *buf = malloc(c->len ? c->len : 1);

	memcpy(buf, c->bytes, c->len);
	ck_assert_msg(tftp_pkt_parse(buf, c->len, &pkt) == -EBADMSG, "%s: parsed", c->what);
	ck_assert_msg(pkt.perr == c->perr, "%s: reason '%s', want '%s'", c->what,
		      tftp_perr_str(pkt.perr), tftp_perr_str(c->perr));
	ck_assert_msg(pkt.opcode == c->opcode, "%s: opcode %u", c->what, pkt.opcode);
	free(buf);
}
END_TEST

START_TEST(test_tolerated_oddities)
{
	struct tftp_pkt pkt;
	static const uint8_t padded[] = "\x00\x01" "f\0octet\0blksize\0" "512\0\0\0\0";
	static const uint8_t unknown_mode[] = "\x00\x01" "f\0binary\0";
	static const uint8_t err_unterm[] = "\x00\x05\x00\x08" "bye";
	static const uint8_t err_nomsg[] = "\x00\x05\x00\x01";
	static const uint8_t err_ctrl[] = "\x00\x05\x00\x00" "a\x1b[2Jb\xff\0";
	static const uint8_t ack_trailing[] = "\x00\x04\x12\x34junk";
	static const uint8_t data_empty[] = "\x00\x03\xff\xff";
	static const uint8_t oack_empty[] = "\x00\x06";

	ck_assert_int_eq(tftp_pkt_parse(padded, sizeof(padded) - 1, &pkt), 0);
	ck_assert_uint_eq(pkt.n_opts, 1);
	ck_assert_int_eq(tftp_pkt_parse(unknown_mode, sizeof(unknown_mode) - 1, &pkt), 0);
	ck_assert_str_eq(pkt.mode, "binary");
	ck_assert_int_eq(tftp_mode_known(pkt.mode), 0);
	ck_assert_int_eq(tftp_pkt_parse(err_unterm, sizeof(err_unterm) - 1, &pkt), 0);
	ck_assert_str_eq(pkt.err_msg, "bye");
	ck_assert_int_eq(tftp_pkt_parse(err_nomsg, sizeof(err_nomsg) - 1, &pkt), 0);
	ck_assert_str_eq(pkt.err_msg, "");
	ck_assert_int_eq(tftp_pkt_parse(err_ctrl, sizeof(err_ctrl) - 1, &pkt), 0);
	ck_assert_str_eq(pkt.err_msg, "a?[2Jb?");
	ck_assert_int_eq(tftp_pkt_parse(ack_trailing, sizeof(ack_trailing) - 1, &pkt), 0);
	ck_assert_uint_eq(pkt.block, 0x1234);
	ck_assert_int_eq(tftp_pkt_parse(data_empty, sizeof(data_empty) - 1, &pkt), 0);
	ck_assert_uint_eq(pkt.block, 65535);
	ck_assert_uint_eq(pkt.data_len, 0);
	ck_assert_int_eq(tftp_pkt_parse(oack_empty, sizeof(oack_empty) - 1, &pkt), 0);
	ck_assert_uint_eq(pkt.n_opts, 0);
}
END_TEST

START_TEST(test_error_message_truncated)
{
	uint8_t buf[600];
	struct tftp_pkt pkt;
	char msg[500];

	memset(msg, 'm', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	ck_assert_int_eq(tftp_build_error(buf, sizeof(buf), 0, msg), 4 + 500);
	ck_assert_int_eq(tftp_pkt_parse(buf, 504, &pkt), 0);
	ck_assert_uint_eq(strlen(pkt.err_msg), TFTP_MSG_MAX - 1);
}
END_TEST

START_TEST(test_every_prefix_of_fixtures)
{
	static const char *const files[] = {
		"packets/tftp-ovmf-rrq-tsize.bin",  "packets/tftp-dnsmasq-oack-tsize.bin",
		"packets/tftp-ovmf-error-abort.bin", "packets/tftp-ovmf-rrq-window.bin",
		"packets/tftp-ipxe-rrq.bin",         "packets/tftp-slirp-oack.bin",
	};
	size_t f, cut;
	int rejected = 0;

	for (f = 0; f < ARRAY_SIZE(files); f++) {
		size_t n;
		uint8_t *whole = pxl_test_fixture(files[f], &n);

		for (cut = 0; cut < n; cut++) {
			struct tftp_pkt pkt;
			uint8_t *buf = malloc(cut ? cut : 1);
			int rc;

			memcpy(buf, whole, cut);
			rc = tftp_pkt_parse(buf, cut, &pkt);
			ck_assert(rc == 0 || rc == -EBADMSG);
			if (rc)
				rejected++;
			free(buf);
		}
		free(whole);
	}
	/*
	 * 228 prefixes in all; accepted are those ending on a string boundary
	 * that completes a request or an option pair (RRQs: 3 + 2 + 2, OACKs:
	 * empty and one pair, 2 + 2) and the ERROR cut anywhere after its code
	 * (26, the message may be unterminated): 228 - 37 = 191.
	 */
	ck_assert_int_eq(rejected, 191);
}
END_TEST

START_TEST(test_summary_sanitises_and_truncates)
{
	static const uint8_t rrq[] = "\x00\x01" "a\x1b]0;x\x07.efi\0octet\0";
	struct tftp_pkt pkt;
	char small[8];

	ck_assert_int_eq(tftp_pkt_parse(rrq, sizeof(rrq) - 1, &pkt), 0);
	ck_assert_str_eq(summary(&pkt), "RRQ a?]0;x?.efi octet");
	ck_assert_int_eq(tftp_pkt_summary(&pkt, small, sizeof(small)), -ENOSPC);
	ck_assert_uint_lt(strlen(small), sizeof(small));
	ck_assert_str_eq(small, "RRQ a?]");
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(tftp_opcode_name(TFTP_OACK), "OACK");
	ck_assert_str_eq(tftp_opcode_name(9), "OP?");
	ck_assert_str_eq(tftp_error_name(TFTP_EOPTNEG), "option negotiation failed");
	ck_assert_str_eq(tftp_error_name(42), "unknown error");
	ck_assert_str_eq(tftp_perr_str(TFTP_PERR_NUL_IN_NAME), "NUL inside file name");
	ck_assert_str_eq(tftp_perr_str(TFTP_PERR_COUNT), "unknown");
	ck_assert_int_eq(tftp_mode_known("OCTET"), 1);
	ck_assert_int_eq(tftp_mode_known("mail"), 1);
	ck_assert_int_eq(tftp_mode_known("octets"), 0);
}
END_TEST

/**
 * tftp_pkt_suite() - the codec's test suite
 *
 * Return: the suite.
 */
static Suite *tftp_pkt_suite(void)
{
	Suite *s = suite_create("tftp_pkt");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, test_ovmf_rrq_tsize);
	tcase_add_test(tc, test_ovmf_sequence_summaries);
	tcase_add_test(tc, test_error_fields);
	tcase_add_test(tc, test_builders_match_captures);
	tcase_add_test(tc, test_build_default_error_text);
	tcase_add_test(tc, test_builders_nospace);
	tcase_add_loop_test(tc, test_malformed, 0, ARRAY_SIZE(bad_cases));
	tcase_add_test(tc, test_tolerated_oddities);
	tcase_add_test(tc, test_error_message_truncated);
	tcase_add_test(tc, test_every_prefix_of_fixtures);
	tcase_add_test(tc, test_summary_sanitises_and_truncates);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(tftp_pkt_suite)
