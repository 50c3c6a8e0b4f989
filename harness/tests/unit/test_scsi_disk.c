/* test_scsi_disk.c - unit tests of the SCSI disk and its blockstore: every opcode, sense, modes */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/be.h"
#include "services/iscsi/md5.h"
#include "services/iscsi/scsi_disk.h"
#include "testlib.h"

#define BLOCKS 2048 /* 1 MiB image */

static char img_path[64];

/**
 * make_image() - a 1 MiB image whose block N starts with N (32-bit BE) then fills with N
 */
static void make_image(void)
{
	uint8_t blk[SCSI_BLOCK_SIZE];
	FILE *f;
	int fd, i;

	snprintf(img_path, sizeof(img_path), "/tmp/pxl-scsi-XXXXXX");
	fd = mkstemp(img_path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "wb");
	for (i = 0; i < BLOCKS; i++) {
		memset(blk, i & 0xff, sizeof(blk));
		pxl_put_be32(blk, (uint32_t)i);
		ck_assert_uint_eq(fwrite(blk, 1, sizeof(blk), f), sizeof(blk));
	}
	fclose(f);
}

/** drop_image() - remove the image */
static void drop_image(void)
{
	unlink(img_path);
}

/**
 * file_md5() - digest of the image file
 * @out: 16 bytes
 */
static void file_md5(uint8_t out[16])
{
	size_t len;
	uint8_t *buf;
	FILE *f = fopen(img_path, "rb");
	long n;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n);
	len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	md5(buf, len, out);
	free(buf);
}

/**
 * open_disk() - a disk over the image
 * @mode: blockstore mode
 *
 * Return: the disk.
 */
static struct scsi_disk *open_disk(enum blockstore_mode mode)
{
	struct blockstore *bs;
	struct scsi_disk_cfg cfg = { .id = 0x1234 };

	ck_assert_int_eq(blockstore_open(img_path, mode, &bs), 0);
	return scsi_disk_new(bs, &cfg);
}

/**
 * run() - one command through prepare and exec
 * @d:    disk
 * @c:    command (zeroed by the caller; cdb set)
 * @cdb:  CDB
 * @out:  data-out or NULL
 * @olen: its length
 * @in:   data-in buffer or NULL
 * @icap: its size
 */
static void run(struct scsi_disk *d, struct scsi_cmd *c, const uint8_t *cdb, const void *out,
		size_t olen, void *in, size_t icap)
{
	uint8_t full[16] = { 0 };

	memcpy(full, cdb, scsi_cdb_len(cdb[0]) ? scsi_cdb_len(cdb[0]) : 6);
	memset(c, 0, sizeof(*c));
	c->cdb = full;
	c->cdb_len = sizeof(full);
	c->out = out;
	c->out_len = olen;
	c->in = in;
	c->in_cap = icap;
	if (scsi_disk_prepare(d, c))
		scsi_disk_exec(d, c);
	c->cdb = NULL;
}

/**
 * assert_sense() - CHECK CONDITION with a given key and ASC/ASCQ
 * @c:   command
 * @key: sense key
 * @asc: ASC << 8 | ASCQ
 */
static void assert_sense(const struct scsi_cmd *c, uint8_t key, uint16_t asc)
{
	ck_assert_uint_eq(c->status, SCSI_STATUS_CHECK_CONDITION);
	ck_assert_uint_eq(c->sense_len, SCSI_SENSE_LEN);
	ck_assert_uint_eq(c->sense[0], 0x70);
	ck_assert_uint_eq(c->sense[2], key);
	ck_assert_uint_eq(pxl_get_be16(c->sense + 12), asc);
}

START_TEST(test_tur_unknown_and_ua)
{
	struct scsi_disk *d = open_disk(BLOCKSTORE_SNAPSHOT);
	uint8_t tur[6] = { 0 }, unknown[6] = { 0x02 }, inq[6] = { 0x12, 0, 0, 0, 36 }, buf[64];
	struct scsi_cmd c;
	unsigned int gen = scsi_disk_reset_gen(d);

	run(d, &c, tur, NULL, 0, NULL, 0);
	ck_assert_uint_eq(c.status, SCSI_STATUS_GOOD);
	run(d, &c, unknown, NULL, 0, NULL, 0);
	assert_sense(&c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_OPCODE);
	scsi_disk_reset(d);
	ck_assert_uint_ne(scsi_disk_reset_gen(d), gen);
	memset(&c, 0, sizeof(c));
	c.cdb = tur;
	c.cdb_len = 6;
	c.ua_pending = 1;
	scsi_disk_exec(d, &c);
	assert_sense(&c, SCSI_SENSE_UNIT_ATTENTION, SCSI_ASC_POWER_ON_RESET);
	ck_assert(c.ua_reported);
	memset(&c, 0, sizeof(c));
	c.cdb = inq;
	c.cdb_len = 6;
	c.ua_pending = 1;
	c.in = buf;
	c.in_cap = sizeof(buf);
	scsi_disk_exec(d, &c);
	ck_assert_uint_eq(c.status, SCSI_STATUS_GOOD);
	ck_assert(!c.ua_reported);
	scsi_disk_free(d);
}
END_TEST

START_TEST(test_inquiry)
{
	struct scsi_disk *d = open_disk(BLOCKSTORE_SNAPSHOT);
	uint8_t cdb[6] = { 0x12, 0, 0, 0, 255 }, buf[256];
	struct scsi_cmd c;

	run(d, &c, cdb, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(c.status, SCSI_STATUS_GOOD);
	ck_assert_uint_eq(c.in_len, 74);
	ck_assert_uint_eq(buf[0], 0);
	ck_assert_uint_eq(buf[2], 6);
	ck_assert_uint_eq(buf[3] & 0x0f, 2);
	ck_assert_uint_eq(buf[4], 74 - 5);
	ck_assert_int_eq(memcmp(buf + 8, "PXELAB  ", 8), 0);
	ck_assert_uint_eq(pxl_get_be16(buf + 64), 0x04c0);
	cdb[4] = 10;
	run(d, &c, cdb, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(c.in_len, 10);
	cdb[2] = 1; /* page code without EVPD */
	run(d, &c, cdb, NULL, 0, buf, sizeof(buf));
	assert_sense(&c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_FIELD_IN_CDB);
	cdb[1] = 1;
	cdb[2] = 0x00;
	cdb[4] = 255;
	run(d, &c, cdb, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(buf[3], 6);
	ck_assert_int_eq(memcmp(buf + 4, "\x00\x80\x83\xb0\xb1\xb2", 6), 0);
	cdb[2] = 0x80;
	run(d, &c, cdb, NULL, 0, buf, sizeof(buf));
	ck_assert_int_eq(memcmp(buf + 4, "PXL0000000000001234", 19), 0);
	cdb[2] = 0x83;
	run(d, &c, cdb, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(c.in_len, 4u + pxl_get_be16(buf + 2));
	ck_assert_uint_eq(buf[4 + 1] & 0x0f, 3); /* NAA */
	cdb[2] = 0xb0;
	run(d, &c, cdb, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(buf[3], 0x3c);
	ck_assert_uint_eq(pxl_get_be32(buf + 8), SCSI_MAX_XFER_BLOCKS);
	cdb[2] = 0xb1;
	run(d, &c, cdb, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(pxl_get_be16(buf + 4), 1);
	cdb[2] = 0x99;
	run(d, &c, cdb, NULL, 0, buf, sizeof(buf));
	assert_sense(&c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_FIELD_IN_CDB);
	scsi_disk_free(d);
}
END_TEST

START_TEST(test_read_capacity)
{
	struct scsi_disk *d = open_disk(BLOCKSTORE_SNAPSHOT);
	uint8_t rc10[10] = { 0x25 }, rc16[16] = { 0x9e, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32 };
	uint8_t buf[64];
	struct scsi_cmd c;

	run(d, &c, rc10, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(c.in_len, 8);
	ck_assert_uint_eq(pxl_get_be32(buf), BLOCKS - 1);
	ck_assert_uint_eq(pxl_get_be32(buf + 4), 512);
	rc10[5] = 1; /* LBA without PMI */
	run(d, &c, rc10, NULL, 0, buf, sizeof(buf));
	assert_sense(&c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_FIELD_IN_CDB);
	run(d, &c, rc16, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(c.in_len, 32);
	ck_assert_uint_eq(pxl_get_be(buf, 8), BLOCKS - 1);
	ck_assert_uint_eq(buf[12], 0);
	rc16[13] = 12;
	run(d, &c, rc16, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(c.in_len, 12);
	scsi_disk_free(d);
}
END_TEST

START_TEST(test_reads)
{
	struct scsi_disk *d = open_disk(BLOCKSTORE_SNAPSHOT);
	static const uint8_t r6[6] = { 0x08, 0, 0, 5, 2 };
	static const uint8_t r10[10] = { 0x28, 0, 0, 0, 0, 64, 0, 0, 1 };
	static const uint8_t r12[12] = { 0xa8, 0, 0, 0, 0, 7, 0, 0, 0, 3 };
	static const uint8_t r16[16] = { 0x88, 0, 0, 0, 0, 0, 0, 0, 0x07, 0xff, 0, 0, 0, 1 };
	static const uint8_t beyond[10] = { 0x28, 0, 0, 0, 0x07, 0xff, 0, 0, 2 };
	static const uint8_t prot[10] = { 0x28, 0x20, 0, 0, 0, 0, 0, 0, 1 };
	static uint8_t buf[4 * 512];
	struct scsi_cmd c;

	run(d, &c, r6, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(c.in_len, 1024);
	ck_assert_uint_eq(pxl_get_be32(buf), 5);
	ck_assert_uint_eq(pxl_get_be32(buf + 512), 6);
	ck_assert_str_eq(c.info.name, "READ(6)");
	run(d, &c, r10, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(pxl_get_be32(buf), 64);
	ck_assert_uint_eq(buf[511], 64);
	run(d, &c, r12, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(c.in_len, 1536);
	ck_assert_uint_eq(pxl_get_be32(buf + 1024), 9);
	run(d, &c, r16, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(pxl_get_be32(buf), BLOCKS - 1);
	run(d, &c, r10, NULL, 0, buf, 100); /* short buffer: natural length still reported */
	ck_assert_uint_eq(c.in_len, 512);
	run(d, &c, beyond, NULL, 0, buf, sizeof(buf));
	assert_sense(&c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_LBA_OUT_OF_RANGE);
	run(d, &c, prot, NULL, 0, buf, sizeof(buf));
	assert_sense(&c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_FIELD_IN_CDB);
	scsi_disk_free(d);
}
END_TEST

/**
 * write_and_check() - WRITE(n) of 2 blocks at LBA 10 and read them back
 * @d:   disk
 * @cdb: the write CDB
 */
static void write_and_check(struct scsi_disk *d, const uint8_t *cdb)
{
	static const uint8_t r10[10] = { 0x28, 0, 0, 0, 0, 10, 0, 0, 2 };
	static uint8_t data[1024], back[1024];
	struct scsi_cmd c;

	memset(data, cdb[0], sizeof(data));
	run(d, &c, cdb, data, sizeof(data), NULL, 0);
	ck_assert_uint_eq(c.status, SCSI_STATUS_GOOD);
	ck_assert_uint_eq(c.out_want, 1024);
	run(d, &c, r10, NULL, 0, back, sizeof(back));
	ck_assert_int_eq(memcmp(back, data, sizeof(data)), 0);
}

START_TEST(test_writes_snapshot_never_touch_image)
{
	static const uint8_t w6[6] = { 0x0a, 0, 0, 10, 2 };
	static const uint8_t w10[10] = { 0x2a, 0x08, 0, 0, 0, 10, 0, 0, 2 };
	static const uint8_t w12[12] = { 0xaa, 0, 0, 0, 0, 10, 0, 0, 0, 2 };
	static const uint8_t w16[16] = { 0x8a, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 2 };
	static const uint8_t wv10[10] = { 0x2e, 0, 0, 0, 0, 10, 0, 0, 2 };
	uint8_t before[16], after[16];
	struct scsi_disk *d;

	file_md5(before);
	d = open_disk(BLOCKSTORE_SNAPSHOT);
	write_and_check(d, w6);
	write_and_check(d, w10);
	write_and_check(d, w12);
	write_and_check(d, w16);
	write_and_check(d, wv10);
	ck_assert_uint_gt(blockstore_overlay_bytes(scsi_disk_store(d)), 0);
	scsi_disk_free(d);
	file_md5(after);
	ck_assert_int_eq(memcmp(before, after, 16), 0);
}
END_TEST

START_TEST(test_write_readonly_and_persistent)
{
	static const uint8_t w10[10] = { 0x2a, 0, 0, 0, 0, 10, 0, 0, 1 };
	static const uint8_t beyond[10] = { 0x2a, 0, 0, 0, 0x08, 0x00, 0, 0, 1 };
	uint8_t data[512], before[16], after[16];
	struct scsi_disk *d = open_disk(BLOCKSTORE_READONLY);
	struct scsi_cmd c;

	memset(data, 0x5a, sizeof(data));
	file_md5(before);
	run(d, &c, w10, data, sizeof(data), NULL, 0);
	assert_sense(&c, SCSI_SENSE_DATA_PROTECT, SCSI_ASC_WRITE_PROTECTED);
	scsi_disk_free(d);
	d = open_disk(BLOCKSTORE_PERSISTENT);
	run(d, &c, beyond, data, sizeof(data), NULL, 0);
	assert_sense(&c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_LBA_OUT_OF_RANGE);
	run(d, &c, w10, data, sizeof(data), NULL, 0);
	ck_assert_uint_eq(c.status, SCSI_STATUS_GOOD);
	scsi_disk_free(d);
	file_md5(after);
	ck_assert_int_ne(memcmp(before, after, 16), 0);
	d = open_disk(BLOCKSTORE_SNAPSHOT);
	run(d, &c, (const uint8_t *)"\x28\0\0\0\0\x0a\0\0\x01\0", NULL, 0, data, sizeof(data));
	ck_assert_uint_eq(data[0], 0x5a);
	scsi_disk_free(d);
}
END_TEST

START_TEST(test_verify_and_sync)
{
	struct scsi_disk *d = open_disk(BLOCKSTORE_SNAPSHOT);
	static const uint8_t v10[10] = { 0x2f, 0x02, 0, 0, 0, 3, 0, 0, 1 };
	static const uint8_t v16[16] = { 0x8f, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1 };
	static const uint8_t s10[10] = { 0x35, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t s16[16] = { 0x91, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00, 0, 0, 0, 1 };
	static const uint8_t ssu[6] = { 0x1b, 0, 0, 0, 1 };
	uint8_t blk[512];
	struct scsi_cmd c;

	memset(blk, 3, sizeof(blk));
	pxl_put_be32(blk, 3);
	run(d, &c, v10, blk, sizeof(blk), NULL, 0);
	ck_assert_uint_eq(c.status, SCSI_STATUS_GOOD);
	blk[100] ^= 1;
	run(d, &c, v10, blk, sizeof(blk), NULL, 0);
	assert_sense(&c, SCSI_SENSE_MISCOMPARE, SCSI_ASC_MISCOMPARE_VERIFY);
	run(d, &c, v16, NULL, 0, NULL, 0);
	ck_assert_uint_eq(c.status, SCSI_STATUS_GOOD);
	run(d, &c, s10, NULL, 0, NULL, 0);
	ck_assert_uint_eq(c.status, SCSI_STATUS_GOOD);
	run(d, &c, s16, NULL, 0, NULL, 0);
	assert_sense(&c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_LBA_OUT_OF_RANGE);
	run(d, &c, ssu, NULL, 0, NULL, 0);
	ck_assert_uint_eq(c.status, SCSI_STATUS_GOOD);
	scsi_disk_free(d);
}
END_TEST

START_TEST(test_mode_sense)
{
	struct scsi_disk *d = open_disk(BLOCKSTORE_READONLY);
	uint8_t ms6[6] = { 0x1a, 0, 0x3f, 0, 255 }, ms10[10] = { 0x5a, 0x08, 0x0a, 0, 0, 0, 0, 0, 255 };
	uint8_t buf[256];
	struct scsi_cmd c;

	run(d, &c, ms6, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(c.status, SCSI_STATUS_GOOD);
	ck_assert_uint_eq(buf[0] + 1u, c.in_len);
	ck_assert_uint_eq(buf[2], 0x90); /* WP, DPOFUA */
	ck_assert_uint_eq(buf[3], 8);
	ck_assert_uint_eq(pxl_get_be32(buf + 4), BLOCKS);
	ck_assert_uint_eq(c.in_len, 4 + 8 + 12 + 20 + 12);
	run(d, &c, ms10, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(c.in_len, 8 + 12);
	ck_assert_uint_eq(pxl_get_be16(buf), 18);
	ck_assert_uint_eq(buf[8], 0x0a);
	ms6[2] = 0x3f | 0xc0; /* saved values */
	run(d, &c, ms6, NULL, 0, buf, sizeof(buf));
	assert_sense(&c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_SAVING_NOT_SUPPORTED);
	ms6[2] = 0x19;
	run(d, &c, ms6, NULL, 0, buf, sizeof(buf));
	assert_sense(&c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_FIELD_IN_CDB);
	ms6[2] = 0x3f;
	ms6[4] = 4;
	run(d, &c, ms6, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(c.in_len, 4);
	scsi_disk_free(d);
}
END_TEST

START_TEST(test_request_sense_report_luns_nolun)
{
	struct scsi_disk *d = open_disk(BLOCKSTORE_SNAPSHOT);
	uint8_t rs[6] = { 0x03, 0, 0, 0, 18 }, rl[12] = { 0xa0, 0, 0, 0, 0, 0, 0, 0, 1, 0 };
	uint8_t inq[6] = { 0x12, 0, 0, 0, 36 }, tur[6] = { 0 }, buf[256];
	uint16_t luns[2] = { 0, 300 };
	struct scsi_cmd c;

	run(d, &c, rs, NULL, 0, buf, sizeof(buf));
	ck_assert_uint_eq(c.in_len, 18);
	ck_assert_uint_eq(buf[2], SCSI_SENSE_NO_SENSE);
	memset(&c, 0, sizeof(c));
	c.cdb = rs;
	c.cdb_len = 6;
	c.in = buf;
	c.in_cap = sizeof(buf);
	c.ua_pending = 1;
	scsi_disk_exec(d, &c);
	ck_assert_uint_eq(buf[2], SCSI_SENSE_UNIT_ATTENTION);
	ck_assert_uint_eq(buf[12], 0x29);
	ck_assert(c.ua_reported);
	memset(&c, 0, sizeof(c));
	c.cdb = rl;
	c.cdb_len = sizeof(rl);
	c.in = buf;
	c.in_cap = sizeof(buf);
	scsi_report_luns(&c, luns, 2);
	ck_assert_uint_eq(c.in_len, 24);
	ck_assert_uint_eq(pxl_get_be32(buf), 16);
	ck_assert_uint_eq(buf[16], 0x41);
	ck_assert_uint_eq(buf[17], 300 & 0xff);
	memset(&c, 0, sizeof(c));
	c.cdb = inq;
	c.cdb_len = 6;
	c.in = buf;
	c.in_cap = sizeof(buf);
	scsi_nolun_exec(&c);
	ck_assert_uint_eq(buf[0], 0x7f);
	c.cdb = tur;
	scsi_nolun_exec(&c);
	assert_sense(&c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_LUN_NOT_SUPPORTED);
	scsi_disk_free(d);
}
END_TEST

START_TEST(test_blockstore_errors)
{
	struct blockstore *bs;
	enum blockstore_mode m;
	uint8_t b[8];

	ck_assert_int_eq(blockstore_open("/nonexistent/pxelab.img", BLOCKSTORE_SNAPSHOT, &bs),
			 -ENOENT);
	ck_assert_int_eq(blockstore_open("/tmp", BLOCKSTORE_SNAPSHOT, &bs), -EISDIR);
	ck_assert_int_eq(blockstore_parse_mode("readonly", &m), 0);
	ck_assert_int_eq(m, BLOCKSTORE_READONLY);
	ck_assert_int_eq(blockstore_parse_mode("rw", &m), -EINVAL);
	ck_assert_int_eq(blockstore_open(img_path, BLOCKSTORE_READONLY, &bs), 0);
	ck_assert_int_eq(blockstore_read(bs, BLOCKS * 512 - 4, b, 8), -ERANGE);
	ck_assert_int_eq(blockstore_write(bs, 0, b, 8), -EROFS);
	blockstore_close(bs);
}
END_TEST

/**
 * scsi_disk_suite() - the suite
 *
 * Return: the suite.
 */
static Suite *scsi_disk_suite(void)
{
	Suite *s = suite_create("scsi_disk");
	TCase *tc = tcase_create("opcodes");

	tcase_add_checked_fixture(tc, make_image, drop_image);
	tcase_add_test(tc, test_tur_unknown_and_ua);
	tcase_add_test(tc, test_inquiry);
	tcase_add_test(tc, test_read_capacity);
	tcase_add_test(tc, test_reads);
	tcase_add_test(tc, test_writes_snapshot_never_touch_image);
	tcase_add_test(tc, test_write_readonly_and_persistent);
	tcase_add_test(tc, test_verify_and_sync);
	tcase_add_test(tc, test_mode_sense);
	tcase_add_test(tc, test_request_sense_report_luns_nolun);
	tcase_add_test(tc, test_blockstore_errors);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(scsi_disk_suite)
