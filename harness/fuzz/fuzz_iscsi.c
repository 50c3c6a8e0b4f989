/* fuzz_iscsi.c - fuzz target: iSCSI PDU parsing, login key negotiation and the target behind a fake stream
 *
 * Input: one byte that chooses how the stream is cut, then the bytes an
 * initiator sends (fixtures/iscsi/ipxe-sanboot-initiator.bin is the seed:
 * iPXE's whole login, TEST UNIT READY, READ CAPACITY and reads).  The
 * stream is decoded PDU by PDU with the codec (BHS, lengths, text keys,
 * summary), then fed to a fresh connection of a target set made for this
 * input (one target without authentication, LUN 0 snapshot and LUN 1
 * read-only; one target with CHAP and mutual CHAP) in pieces of random
 * size (cut byte 0: in one piece).  Contracts checked: everything the
 * target writes is a sequence of well-formed target PDUs.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "services/iscsi/blockstore.h"
#include "services/iscsi/iscsi_pdu.h"
#include "services/iscsi/iscsi_target.h"

#define IMG_BLOCKS 2048            /* 1 MiB: iPXE's probe reads LBA 64 and 0 */
#define OUT_KEEP (4u << 20)        /* target output kept for checking */

/**
 * struct iscsi_fuzz - made once: the disk image
 * @img:   its path
 * @ready: set up
 */
static struct iscsi_fuzz {
	char img[PATH_MAX];
	int ready;
} fz;

/**
 * struct out_buf - what the target wrote during one input
 * @buf:    bytes (up to OUT_KEEP)
 * @len:    bytes kept
 * @cap:    allocated
 * @total:  bytes written in all
 * @closed: the target closed the stream
 */
struct out_buf {
	uint8_t *buf;
	size_t len, cap, total;
	int closed;
};

/** setup() - the 1 MiB image (block N starts with N), once */
static void setup(void)
{
	static uint8_t img[IMG_BLOCKS * 512];
	const char *dir;
	size_t i;

	if (fz.ready)
		return;
	for (i = 0; i < IMG_BLOCKS; i++) {
		img[i * 512] = (uint8_t)(i >> 8);
		img[i * 512 + 1] = (uint8_t)i;
	}
	memcpy(img + 510, "\x55\xaa", 2);
	dir = fuzz_tmpdir("iscsi");
	if (!dir || fuzz_write_file(dir, "disk.img", img, sizeof(img)))
		abort();
	snprintf(fz.img, sizeof(fz.img), "%s/disk.img", dir);
	fz.ready = 1;
}

/** fixed_rng() - CHAP challenges and TSIHs: always the same bytes */
static void fixed_rng(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	memset(buf, 0xa5, len);
}

/**
 * add_lun() - a SCSI disk on the image
 * @t:    target
 * @lun:  LUN
 * @mode: blockstore mode
 */
static void add_lun(struct iscsi_target *t, uint16_t lun, enum blockstore_mode mode)
{
	struct blockstore *bs;
	struct scsi_disk *d;

	FUZZ_ASSERT(blockstore_open(fz.img, mode, &bs) == 0, "cannot open %s", fz.img);
	d = scsi_disk_new(bs, NULL);
	FUZZ_ASSERT(d && iscsi_target_add_lun(t, lun, d) == 0, "cannot add LUN %u", lun);
}

/**
 * make_set() - this input's targets
 *
 * Return: the set.
 */
static struct iscsi_target_set *make_set(void)
{
	struct iscsi_target_set *set = iscsi_target_set_new("10.0.2.4:3260");
	struct iscsi_target *t, *c;

	FUZZ_ASSERT(set, "no target set");
	iscsi_target_set_rng(set, fixed_rng, NULL);
	t = iscsi_target_add(set, "iqn.2026-11.test:disk1");
	c = iscsi_target_add(set, "iqn.2026-11.test:chap");
	FUZZ_ASSERT(t && c, "cannot add targets");
	add_lun(t, 0, BLOCKSTORE_SNAPSHOT);
	add_lun(t, 1, BLOCKSTORE_READONLY);
	add_lun(c, 0, BLOCKSTORE_SNAPSHOT);
	FUZZ_ASSERT(iscsi_target_set_chap(c, "user", "secretsecret") == 0 &&
		    iscsi_target_set_mutual_chap(c, "tuser", "targetsecret1") == 0, "CHAP");
	return set;
}

/**
 * out_write() - fake stream: keep what the target writes
 * @ctx: struct out_buf
 * @buf: bytes
 * @n:   count
 *
 * Return: 0.
 */
static int out_write(void *ctx, const void *buf, size_t n)
{
	struct out_buf *o = ctx;

	FUZZ_ASSERT(!o->closed, "write after close");
	o->total += n;
	if (o->len + n > OUT_KEEP)
		return 0;
	if (o->len + n > o->cap) {
		size_t cap = (o->len + n) * 2;
		uint8_t *p = realloc(o->buf, cap);

		FUZZ_ASSERT(p, "out of memory");
		o->buf = p;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, buf, n);
	o->len += n;
	return 0;
}

/** out_close() - fake stream: note the close */
static void out_close(void *ctx)
{
	((struct out_buf *)ctx)->closed = 1;
}

/**
 * decode_stream() - walk a byte stream PDU by PDU with the codec
 * @p:         bytes
 * @len:       count
 * @initiator: the stream is the initiator's (else the target's: checked)
 */
static void decode_stream(const uint8_t *p, size_t len, int initiator)
{
	static struct iscsi_kv kv[ISCSI_KV_MAX];
	struct iscsi_bhs b;
	char line[512];
	size_t off = 0, n, count;

	while (len - off >= ISCSI_BHS_LEN) {
		int rc = iscsi_bhs_parse(p + off, len - off, &b);

		FUZZ_ASSERT(rc == 0 || (rc == -EPROTO && initiator), "BHS at %zu: %d", off, rc);
		n = iscsi_pdu_len(&b, 0, 0);
		FUZZ_ASSERT(n >= ISCSI_BHS_LEN, "PDU length %zu", n);
		iscsi_pdu_summary(p + off, len - off, line, sizeof(line));
		fuzz_touch_str(line);
		fuzz_touch_str(iscsi_opcode_name(b.opcode));
		if (!initiator)
			FUZZ_ASSERT(!iscsi_opcode_is_initiator(b.opcode) && n <= len - off,
				    "target sent opcode 0x%02x, %zu bytes at %zu of %zu", b.opcode, n,
				    off, len);
		if (n > len - off)
			return;
		if (b.dlen && b.opcode != ISCSI_OP_SCSI_CMD && b.opcode != ISCSI_OP_DATA_OUT &&
		    b.opcode != ISCSI_OP_DATA_IN) {
			size_t ds = ISCSI_BHS_LEN + (size_t)b.ahs_words * 4;
			rc = iscsi_text_parse(p + off + ds, b.dlen, kv, ISCSI_KV_MAX, &count);
			fuzz_touch_str(iscsi_text_strerror(rc));
			iscsi_kv_find(kv, rc ? 0 : count, "TargetName");
			iscsi_utf8_valid(p + off + ds, b.dlen);
		}
		off += n;
	}
	if (!initiator)
		FUZZ_ASSERT(off == len, "target output ends in a partial PDU (%zu of %zu)", off, len);
}

/**
 * feed() - hand the stream to the connection in pieces
 * @conn: connection
 * @p:    bytes
 * @len:  count
 * @cut:  0: one piece; else seeds the piece sizes (1 .. 4 * @cut)
 */
static void feed(struct iscsi_conn *conn, const uint8_t *p, size_t len, uint8_t cut)
{
	uint64_t rng = 0x9e3779b97f4a7c15ULL ^ cut, now = 1000 * PXL_NS_PER_SEC;
	size_t n;

	while (len) {
		n = cut ? 1 + fuzz_rng(&rng) % (4u * cut) : len;
		n = n < len ? n : len;
		if (iscsi_conn_input(conn, p, n, now) == -EPIPE)
			return;
		p += n;
		len -= n;
		now += PXL_NS_PER_MS;
	}
}

/**
 * LLVMFuzzerTestOneInput() - one input: a cut byte and an initiator's stream through codec and target
 * @data: cut byte, then the stream
 * @size: their length
 *
 * Return: 0 (libFuzzer's convention; problems abort).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct pxl_stream_ops ops = { out_write, out_close, NULL, NULL };
	struct out_buf out = { 0 };
	struct iscsi_target_set *set;
	struct iscsi_conn *conn;

	if (!size)
		return 0;
	setup();
	decode_stream(data + 1, size - 1, 1);
	set = make_set();
	conn = iscsi_conn_new(set, (struct pxl_stream){ &ops, &out }, fuzz_sink());
	FUZZ_ASSERT(conn, "no connection");
	feed(conn, data + 1, size - 1, data[0]);
	iscsi_conn_stats(conn);
	iscsi_conn_closed(conn);
	iscsi_conn_free(conn);
	iscsi_target_set_free(set);
	if (out.total <= OUT_KEEP)
		decode_stream(out.buf, out.len, 0);
	free(out.buf);
	return 0;
}
