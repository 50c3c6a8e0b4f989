/* test_iscsi_target.c - unit tests of the iSCSI target through a fake stream: login, SCSI, data, errors */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "services/iscsi/chap.h"
#include "core/be.h"
#include "services/iscsi/iscsi_pdu.h"
#include "services/iscsi/iscsi_target.h"
#include "testlib.h"

#define IQN "iqn.2026-11.test:disk1"
#define ISCSI_RSVD_TAG 0xffffffffu
#define BLOCKS 2048

/**
 * struct rig - one connection under test and what it wrote
 * @set:    targets
 * @conn:   connection
 * @out:    bytes the target wrote
 * @len:    their count
 * @rd:     bytes already consumed by next_rsp()
 * @closed: the target closed the stream
 * @logins, @rejects, @drops, @reads: events seen
 * @cmdsn:  next CmdSN to send
 * @itt:    next ITT
 * @isid:   last byte of the ISID its logins send
 * @shared: the set belongs to another rig (rig_join())
 * @logouts, @logout_detail: "logout" events, the last one's detail and time
 * @writevs: gathered writes the target made (fs_ops_gather)
 */
struct rig {
	struct iscsi_target_set *set;
	struct iscsi_conn *conn;
	uint8_t *out;
	size_t len, cap, rd;
	int closed;
	int logins, login_fail, rejects, drops, reads;
	uint32_t cmdsn, itt, statsn;
	uint8_t isid;
	int shared;
	int logouts;
	char logout_detail[256];
	int writevs;
};

static char img_path[64];

/** fs_write() - fake stream: keep the bytes */
static int fs_write(void *ctx, const void *buf, size_t n)
{
	struct rig *r = ctx;

	if (r->len + n > r->cap) {
		r->cap = (r->len + n) * 2;
		r->out = realloc(r->out, r->cap);
	}
	memcpy(r->out + r->len, buf, n);
	r->len += n;
	return 0;
}

/** fs_close() - fake stream: note the close */
static void fs_close(void *ctx)
{
	((struct rig *)ctx)->closed = 1;
}

static const struct pxl_stream_ops fs_ops = { fs_write, fs_close, NULL, NULL };

/** fs_writev() - fake gathering stream: keep the pieces' bytes, count the calls */
static int fs_writev(void *ctx, const struct iovec *iov, size_t n)
{
	size_t i;

	((struct rig *)ctx)->writevs++;
	for (i = 0; i < n; i++)
		fs_write(ctx, iov[i].iov_base, iov[i].iov_len);
	return 0;
}

static const struct pxl_stream_ops fs_ops_gather = { fs_write, fs_close, NULL, fs_writev };

/** count_event() - event sink counting kinds */
static void count_event(void *ctx, uint64_t now, const struct pxl_event *ev)
{
	struct rig *r = ctx;

	ck_assert_str_eq(ev->service, "iscsi");
	if (!strcmp(ev->kind, "login")) {
		r->logins++;
		r->login_fail += ev->value != 0;
	}
	if (!strcmp(ev->kind, "logout")) {
		r->logouts++;
		snprintf(r->logout_detail, sizeof(r->logout_detail), "%s@%llu", ev->detail ? ev->detail : "",
			 (unsigned long long)now);
	}
	r->rejects += !strcmp(ev->kind, "reject");
	r->drops += !strcmp(ev->kind, "drop");
	r->reads += !strcmp(ev->kind, "read");
}

/** fixed_rng() - deterministic "random" bytes: 0xaa */
static void fixed_rng(void *ctx, uint8_t *buf, size_t len)
{
	memset(buf, 0xaa, len);
}

/** make_image() - 1 MiB image, block N begins with N */
static void make_image(void)
{
	uint8_t blk[512];
	int fd, i;

	snprintf(img_path, sizeof(img_path), "/tmp/pxl-iscsi-XXXXXX");
	fd = mkstemp(img_path);
	ck_assert_int_ge(fd, 0);
	for (i = 0; i < BLOCKS; i++) {
		memset(blk, i & 0xff, sizeof(blk));
		pxl_put_be32(blk, (uint32_t)i);
		ck_assert_int_eq(write(fd, blk, sizeof(blk)), (int)sizeof(blk));
	}
	close(fd);
}

/** drop_image() - remove it */
static void drop_image(void)
{
	unlink(img_path);
}

/**
 * rig_new() - a target set (IQN, LUN 0 snapshot; optional CHAP) and one connection
 * @r:    rig to fill
 * @user: CHAP user or NULL
 */
static void rig_new(struct rig *r, const char *user)
{
	struct blockstore *bs;
	struct iscsi_target *t;

	memset(r, 0, sizeof(*r));
	r->set = iscsi_target_set_new("127.0.0.1:3260");
	iscsi_target_set_rng(r->set, fixed_rng, NULL);
	t = iscsi_target_add(r->set, IQN);
	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_nonnull(iscsi_target_add(r->set, "iqn.2026-11.test:other"));
	ck_assert_int_eq(blockstore_open(img_path, BLOCKSTORE_SNAPSHOT, &bs), 0);
	ck_assert_int_eq(iscsi_target_add_lun(t, 0, scsi_disk_new(bs, NULL)), 0);
	if (user) {
		ck_assert_int_eq(iscsi_target_set_chap(t, user, "secretsecret"), 0);
		ck_assert_int_eq(iscsi_target_set_mutual_chap(t, "tuser", "targetsecret1"), 0);
	}
	r->conn = iscsi_conn_new(r->set, (struct pxl_stream){ &fs_ops, r },
				 (struct pxl_event_sink){ count_event, r });
	ck_assert_ptr_nonnull(r->conn);
	r->itt = 0x100;
}

/**
 * rig_join() - a second connection to the target set of @a
 * @r:    rig to fill
 * @a:    rig whose set it shares (free @r first)
 * @isid: last byte of the ISID @r's logins send
 */
static void rig_join(struct rig *r, struct rig *a, uint8_t isid)
{
	memset(r, 0, sizeof(*r));
	r->set = a->set;
	r->shared = 1;
	r->isid = isid;
	r->conn = iscsi_conn_new(r->set, (struct pxl_stream){ &fs_ops, r },
				 (struct pxl_event_sink){ count_event, r });
	ck_assert_ptr_nonnull(r->conn);
	r->itt = 0x100;
}

/** rig_free() - free everything */
static void rig_free(struct rig *r)
{
	iscsi_conn_closed(r->conn);
	iscsi_conn_free(r->conn);
	if (!r->shared)
		iscsi_target_set_free(r->set);
	free(r->out);
}

/**
 * send_pdu() - encode and feed one initiator PDU (optionally one byte at a time)
 * @r:     rig
 * @b:     header
 * @data:  data segment
 * @dlen:  its length
 * @bytes: feed one byte per call
 */
static void send_pdu(struct rig *r, struct iscsi_bhs *b, const void *data, size_t dlen, int bytes)
{
	uint8_t *pdu = calloc(1, ISCSI_BHS_LEN + iscsi_pad4(dlen));
	size_t total = ISCSI_BHS_LEN + iscsi_pad4(dlen), i;

	b->dlen = (uint32_t)dlen;
	iscsi_bhs_encode(b, pdu);
	if (dlen)
		memcpy(pdu + ISCSI_BHS_LEN, data, dlen);
	if (bytes)
		for (i = 0; i < total; i++)
			iscsi_conn_input(r->conn, pdu + i, 1, 1);
	else
		iscsi_conn_input(r->conn, pdu, total, 1);
	free(pdu);
}

/**
 * next_rsp() - the next PDU the target wrote
 * @r:    rig
 * @b:    out: header
 * @data: out: data segment (may be NULL)
 *
 * Return: 1 if there was one, 0 if none.
 */
static int next_rsp(struct rig *r, struct iscsi_bhs *b, const uint8_t **data)
{
	if (r->rd + ISCSI_BHS_LEN > r->len)
		return 0;
	ck_assert_int_eq(iscsi_bhs_parse(r->out + r->rd, r->len - r->rd, b), 0);
	ck_assert_uint_le(r->rd + iscsi_pdu_len(b, 0, 0), r->len);
	ck_assert(!iscsi_opcode_is_initiator(b->opcode));
	if (data)
		*data = r->out + r->rd + ISCSI_BHS_LEN;
	r->rd += iscsi_pdu_len(b, 0, 0);
	ck_assert_uint_ne(b->maxcmdsn, 0);
	r->statsn = b->statsn;
	return 1;
}

/**
 * login_step() - one Login Request; returns the response
 * @r:       rig
 * @csg:     current stage
 * @nsg:     next stage (with T)
 * @keys:    text
 * @klen:    its length
 * @rsp:     out: response header
 * @data:    out: response data
 */
static void login_step(struct rig *r, uint32_t csg, uint32_t nsg, const char *keys, size_t klen,
		       struct iscsi_bhs *rsp, const uint8_t **data)
{
	struct iscsi_bhs b = { .opcode = ISCSI_OP_LOGIN_REQ, .immediate = 1, .transit = 1,
			       .csg = csg, .nsg = nsg, .itt = 1, .cmdsn = r->cmdsn,
			       .expstatsn = r->statsn + 1 };

	b.isid[0] = 0x40;
	b.isid[5] = r->isid;
	send_pdu(r, &b, keys, klen, 0);
	ck_assert(next_rsp(r, rsp, data));
	ck_assert_uint_eq(rsp->opcode, ISCSI_OP_LOGIN_RSP);
}

#define K(s) s, sizeof(s) - 1
#define ID_KEYS "InitiatorName=iqn.2026-11.test:init\0TargetName=" IQN "\0SessionType=Normal\0"

/**
 * login() - full login: security (None) then operational with @keys
 * @r:    rig
 * @keys: operational text
 * @klen: length
 */
static void login(struct rig *r, const char *keys, size_t klen)
{
	struct iscsi_bhs rsp;

	login_step(r, 0, 1, K(ID_KEYS "AuthMethod=None\0"), &rsp, NULL);
	ck_assert_uint_eq(rsp.status_class, 0);
	ck_assert(rsp.transit);
	login_step(r, 1, 3, keys, klen, &rsp, NULL);
	ck_assert_uint_eq(rsp.status_class, 0);
	ck_assert(rsp.transit);
	ck_assert_uint_eq(rsp.nsg, 3);
	ck_assert_uint_ne(rsp.tsih, 0);
	r->cmdsn = rsp.expcmdsn;
}

/**
 * scsi() - one SCSI command without data-out; collects Data-In and status
 * @r:     rig
 * @cdb:   CDB (16 bytes)
 * @edtl:  expected length
 * @in:    out: data (may be NULL)
 * @inlen: out: bytes received
 * @rsp:   out: the status-carrying PDU
 *
 * Return: SCSI status.
 */
static uint8_t scsi(struct rig *r, const uint8_t *cdb, uint32_t edtl, uint8_t *in, size_t *inlen,
		    struct iscsi_bhs *rsp)
{
	struct iscsi_bhs b = { .opcode = ISCSI_OP_SCSI_CMD, .final = 1, .read = edtl > 0,
			       .itt = r->itt++, .edtl = edtl, .cmdsn = r->cmdsn++,
			       .expstatsn = r->statsn + 1 };
	const uint8_t *d;

	memcpy(b.cdb, cdb, 16);
	send_pdu(r, &b, NULL, 0, 0);
	*inlen = 0;
	while (next_rsp(r, rsp, &d)) {
		if (rsp->opcode == ISCSI_OP_DATA_IN) {
			ck_assert_uint_eq(rsp->offset, *inlen);
			if (in)
				memcpy(in + *inlen, d, rsp->dlen);
			*inlen += rsp->dlen;
			if (rsp->has_status)
				return (uint8_t)rsp->status;
			continue;
		}
		ck_assert_uint_eq(rsp->opcode, ISCSI_OP_SCSI_RSP);
		return (uint8_t)rsp->status;
	}
	ck_abort_msg("no status for the command");
	return 0xff;
}

#define OP_KEYS "HeaderDigest=None\0DataDigest=None\0InitialR2T=Yes\0ImmediateData=No\0" \
	"MaxRecvDataSegmentLength=8192\0MaxBurstLength=262144\0FirstBurstLength=65536\0"

START_TEST(test_ipxe_capture_every_split)
{
	size_t len, k;
	uint8_t *stream = pxl_test_fixture("iscsi/ipxe-sanboot-initiator.bin", &len);
	uint8_t *ref = NULL;
	size_t ref_len = 0;

	for (k = 0; k <= len; k++) {
		struct rig r;
		struct iscsi_bhs b;
		int status_pdus = 0, logins_ok = 0;

		rig_new(&r, NULL);
		iscsi_conn_input(r.conn, stream, k, 1);
		iscsi_conn_input(r.conn, stream + k, len - k, 1);
		ck_assert(!r.closed);
		ck_assert_int_eq(r.drops, 0);
		ck_assert_int_eq(r.rejects, 0);
		ck_assert_int_eq(r.logins, 1);
		ck_assert_int_eq(r.login_fail, 0);
		ck_assert_int_ge(r.reads, 2);
		while (next_rsp(&r, &b, NULL)) {
			logins_ok += b.opcode == ISCSI_OP_LOGIN_RSP && b.status_class == 0;
			status_pdus += b.opcode == ISCSI_OP_SCSI_RSP || b.has_status;
			if (b.opcode == ISCSI_OP_DATA_IN)
				ck_assert_uint_le(b.dlen, 8192);
		}
		ck_assert_int_eq(logins_ok, 2);
		ck_assert_int_ge(status_pdus, 4);
		if (!ref) {
			ref = malloc(r.len);
			memcpy(ref, r.out, r.len);
			ref_len = r.len;
		}
		ck_assert_uint_eq(r.len, ref_len);
		ck_assert_int_eq(memcmp(r.out, ref, ref_len), 0);
		rig_free(&r);
	}
	free(ref);
	free(stream);
}
END_TEST

START_TEST(test_login_tur_capacity_read_bytewise)
{
	static const uint8_t tur[16], rc10[16] = { 0x25 };
	static const uint8_t r10[16] = { 0x28, 0, 0, 0, 0, 64, 0, 0, 1 };
	struct iscsi_bhs b = { .opcode = ISCSI_OP_SCSI_CMD, .final = 1, .read = 1, .edtl = 512 };
	struct rig r;
	struct iscsi_bhs rsp;
	uint8_t buf[512];
	size_t n;

	rig_new(&r, NULL);
	login(&r, K(OP_KEYS));
	ck_assert_uint_eq(scsi(&r, tur, 0, NULL, &n, &rsp), 0);
	ck_assert_uint_eq(scsi(&r, rc10, 8, buf, &n, &rsp), 0);
	ck_assert_uint_eq(n, 8);
	ck_assert_uint_eq(pxl_get_be32(buf), BLOCKS - 1);
	/* READ(10) fed one byte at a time */
	memcpy(b.cdb, r10, 16);
	b.itt = 77;
	b.cmdsn = r.cmdsn++;
	send_pdu(&r, &b, NULL, 0, 1);
	ck_assert(next_rsp(&r, &rsp, NULL));
	ck_assert_uint_eq(rsp.opcode, ISCSI_OP_DATA_IN);
	ck_assert(rsp.has_status && rsp.final);
	ck_assert_uint_eq(rsp.itt, 77);
	ck_assert_uint_eq(pxl_get_be32(r.out + r.rd - 512), 64);
	ck_assert_uint_eq(rsp.expcmdsn, r.cmdsn);
	ck_assert_int_eq(r.reads, 1);
	rig_free(&r);
}
END_TEST

/**
 * rsp_value() - the value of a key in response text
 * @d:   data
 * @len: length
 * @key: key
 *
 * Return: static copy of the value, or NULL.
 */
static const char *rsp_value(const uint8_t *d, size_t len, const char *key)
{
	static char v[256];
	struct iscsi_kv kv[ISCSI_KV_MAX];
	const struct iscsi_kv *p;
	size_t n;

	ck_assert_int_eq(iscsi_text_parse(d, len, kv, ISCSI_KV_MAX, &n), 0);
	p = iscsi_kv_find(kv, n, key);
	if (!p)
		return NULL;
	snprintf(v, sizeof(v), "%.*s", (int)p->vlen, p->val);
	return v;
}

START_TEST(test_negotiation_semantics)
{
	static const char keys[] = "HeaderDigest=CRC32C,None\0DataDigest=CRC32C\0MaxConnections=4\0"
		"InitialR2T=No\0ImmediateData=Yes\0MaxRecvDataSegmentLength=4096\0"
		"MaxBurstLength=65536\0FirstBurstLength=131072\0DefaultTime2Wait=0\0"
		"DefaultTime2Retain=30\0MaxOutstandingR2T=8\0DataPDUInOrder=No\0"
		"DataSequenceInOrder=No\0ErrorRecoveryLevel=2\0X-com.example.Foo=bar\0"
		"IFMarker=Yes\0OFMarkInt=2048\0MaxBurstLength=99999999999\0";
	static const char *const want[][2] = {
		{ "HeaderDigest", "None" }, { "DataDigest", "Reject" }, { "MaxConnections", "1" },
		{ "InitialR2T", "No" }, { "ImmediateData", "Yes" },
		{ "MaxRecvDataSegmentLength", "262144" }, { "FirstBurstLength", "131072" },
		{ "DefaultTime2Wait", "2" }, { "DefaultTime2Retain", "0" },
		{ "MaxOutstandingR2T", "1" }, { "DataPDUInOrder", "Yes" },
		{ "DataSequenceInOrder", "Yes" }, { "ErrorRecoveryLevel", "0" },
		{ "X-com.example.Foo", "NotUnderstood" }, { "IFMarker", "No" },
		{ "OFMarkInt", "Irrelevant" },
	};
	struct rig r;
	struct iscsi_bhs rsp;
	const uint8_t *d;
	size_t i;

	rig_new(&r, NULL);
	login_step(&r, 0, 1, K(ID_KEYS "AuthMethod=CHAP,None\0"), &rsp, &d);
	ck_assert_str_eq(rsp_value(d, rsp.dlen, "AuthMethod"), "None");
	ck_assert_str_eq(rsp_value(d, rsp.dlen, "TargetPortalGroupTag"), "1");
	login_step(&r, 1, 3, keys, sizeof(keys) - 1, &rsp, &d);
	ck_assert_uint_eq(rsp.status_class, 0);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		const char *v = rsp_value(d, rsp.dlen, want[i][0]);

		ck_assert_msg(v && !strcmp(v, want[i][1]), "%s=%s, want %s", want[i][0],
			      v ? v : "(none)", want[i][1]);
	}
	ck_assert_str_eq(rsp_value(d, rsp.dlen, "MaxBurstLength"), "65536");
	ck_assert_ptr_null(rsp_value(d, rsp.dlen, "TargetPortalGroupTag"));
	rig_free(&r);
}
END_TEST

START_TEST(test_data_in_split_by_mrdsl_and_burst)
{
	static const uint8_t r10[16] = { 0x28, 0, 0, 0, 0, 0, 0, 0, 32 };
	struct iscsi_bhs b = { .opcode = ISCSI_OP_SCSI_CMD, .final = 1, .read = 1, .edtl = 16384,
			       .itt = 5 };
	struct rig r;
	struct iscsi_bhs rsp;
	uint32_t sn = 0, off = 0, fbits = 0;

	rig_new(&r, NULL);
	login(&r, K("MaxRecvDataSegmentLength=4096\0MaxBurstLength=8192\0FirstBurstLength=4096\0"));
	memcpy(b.cdb, r10, 16);
	b.cmdsn = r.cmdsn++;
	send_pdu(&r, &b, NULL, 0, 0);
	while (next_rsp(&r, &rsp, NULL)) {
		ck_assert_uint_eq(rsp.opcode, ISCSI_OP_DATA_IN);
		ck_assert_uint_eq(rsp.datasn, sn++);
		ck_assert_uint_eq(rsp.offset, off);
		ck_assert_uint_eq(rsp.dlen, 4096);
		ck_assert_uint_ne(rsp.expcmdsn, 0);
		ck_assert_uint_ne(rsp.maxcmdsn, 0);
		ck_assert_uint_ne(rsp.statsn, 0);
		off += rsp.dlen;
		fbits += rsp.final;
		ck_assert_int_eq(rsp.final, off % 8192 == 0);
		ck_assert_int_eq(rsp.has_status, off == 16384);
	}
	ck_assert_uint_eq(sn, 4);
	ck_assert_uint_eq(fbits, 2);
	rig_free(&r);
}
END_TEST

/**
 * read_gathered() - log in with @mrdsl on a plain and on a gathering stream, READ @blocks
 * @blocks: READ(10) length
 * @mrdsl:  MaxRecvDataSegmentLength the initiator declares
 * @plain:  out: the plain rig (free it)
 * @gath:   out: the gathering rig (free it)
 */
static void read_gathered(uint16_t blocks, const char *mrdsl, struct rig *plain, struct rig *gath)
{
	uint8_t r10[16] = { 0x28, 0, 0, 0, 0, 1 };
	struct rig *rr[2] = { plain, gath };
	struct iscsi_bhs b;
	char keys[96];
	int i, n;

	pxl_put_be16(r10 + 7, blocks);
	n = snprintf(keys, sizeof(keys), "MaxRecvDataSegmentLength=%s%cMaxBurstLength=262144%c",
		     mrdsl, 0, 0);
	for (i = 0; i < 2; i++) {
		rig_new(rr[i], NULL);
		if (i) {
			iscsi_conn_free(rr[i]->conn);
			rr[i]->conn = iscsi_conn_new(rr[i]->set, (struct pxl_stream){ &fs_ops_gather, rr[i] },
						     (struct pxl_event_sink){ count_event, rr[i] });
		}
		login(rr[i], keys, (size_t)n);
		b = (struct iscsi_bhs){ .opcode = ISCSI_OP_SCSI_CMD, .final = 1, .read = 1, .itt = 7,
					.edtl = blocks * 512u, .cmdsn = rr[i]->cmdsn++ };
		memcpy(b.cdb, r10, 16);
		rr[i]->writevs = 0;
		send_pdu(rr[i], &b, NULL, 0, 0);
	}
}

/* A READ's Data-In PDUs leave in gathered writes of up to 16 PDUs, the data
 * sent from where it was read; the bytes are those of the plain stream, the
 * status rides in the last Data-In (S bit, GOOD, no SCSI Response PDU). */
START_TEST(test_data_in_gathered)
{
	static const struct { uint16_t blocks; const char *mrdsl; int pdus, writes; } rows[] = {
		{ 128, "8192", 8, 1 },	  /* 64 KiB at 8 KiB: one write of 8 */
		{ 128, "262144", 1, 1 },  /* libiscsi's default: one PDU */
		{ 40, "512", 40, 3 },	  /* 16 + 16 + 8 */
		{ 1, "512", 1, 1 },
	};
	struct rig plain, gath;
	struct iscsi_bhs rsp;
	const uint8_t *d;
	size_t i;
	int pdus;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		read_gathered(rows[i].blocks, rows[i].mrdsl, &plain, &gath);
		ck_assert_int_eq(gath.writevs, rows[i].writes);
		ck_assert_uint_eq(plain.len - plain.rd, gath.len - gath.rd);
		ck_assert_mem_eq(plain.out + plain.rd, gath.out + gath.rd, plain.len - plain.rd);
		for (pdus = 0; next_rsp(&gath, &rsp, &d); pdus++) {
			ck_assert_uint_eq(rsp.opcode, ISCSI_OP_DATA_IN);
			ck_assert_uint_eq(rsp.datasn, (uint32_t)pdus);
			ck_assert_uint_eq(pxl_get_be32(d), 1 + rsp.offset / 512);
			ck_assert_int_eq(rsp.has_status, pdus + 1 == rows[i].pdus);
			ck_assert_int_eq(rsp.final, rsp.has_status);
		}
		ck_assert_int_eq(pdus, rows[i].pdus);
		ck_assert_uint_eq(rsp.status, 0);
		rig_free(&plain);
		rig_free(&gath);
	}
}
END_TEST

/**
 * data_out() - send one Data-Out
 * @r:      rig
 * @itt:    task
 * @ttt:    transfer tag
 * @datasn: DataSN
 * @off:    buffer offset
 * @data:   bytes
 * @len:    count
 * @final:  F bit
 */
static void data_out(struct rig *r, uint32_t itt, uint32_t ttt, uint32_t datasn, uint32_t off,
		     const uint8_t *data, size_t len, int final)
{
	struct iscsi_bhs b = { .opcode = ISCSI_OP_DATA_OUT, .itt = itt, .ttt = ttt,
			       .datasn = datasn, .offset = off, .final = final };

	send_pdu(r, &b, data, len, 0);
}

START_TEST(test_write_with_r2t)
{
	static const uint8_t w10[16] = { 0x2a, 0, 0, 0, 0, 100, 0, 0, 16 };
	static const uint8_t r10[16] = { 0x28, 0, 0, 0, 0, 100, 0, 0, 16 };
	static uint8_t data[8192], back[8192];
	struct iscsi_bhs b = { .opcode = ISCSI_OP_SCSI_CMD, .final = 1, .write = 1, .edtl = 8192,
			       .itt = 9 };
	struct rig r;
	struct iscsi_bhs rsp;
	size_t i, n;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	rig_new(&r, NULL);
	login(&r, K("InitialR2T=Yes\0ImmediateData=No\0MaxBurstLength=4096\0"));
	memcpy(b.cdb, w10, 16);
	b.cmdsn = r.cmdsn++;
	send_pdu(&r, &b, NULL, 0, 0);
	for (i = 0; i < 2; i++) {
		ck_assert(next_rsp(&r, &rsp, NULL));
		ck_assert_uint_eq(rsp.opcode, ISCSI_OP_R2T);
		ck_assert_uint_eq(rsp.datasn, i);
		ck_assert_uint_eq(rsp.offset, 4096 * i);
		ck_assert_uint_eq(rsp.desired, 4096);
		ck_assert_uint_ne(rsp.maxcmdsn, 0);
		ck_assert_uint_ne(rsp.statsn, 0);
		ck_assert(!next_rsp(&r, &rsp, NULL) || 0);
		data_out(&r, 9, rsp.ttt, 0, (uint32_t)(4096 * i), data + 4096 * i, 2048, 0);
		data_out(&r, 9, rsp.ttt, 1, (uint32_t)(4096 * i + 2048), data + 4096 * i + 2048,
			 2048, 1);
	}
	ck_assert(next_rsp(&r, &rsp, NULL));
	ck_assert_uint_eq(rsp.opcode, ISCSI_OP_SCSI_RSP);
	ck_assert_uint_eq(rsp.status, 0);
	ck_assert_uint_eq(rsp.expdatasn, 2);
	ck_assert_uint_eq(scsi(&r, r10, 8192, back, &n, &rsp), 0);
	ck_assert_int_eq(memcmp(back, data, sizeof(data)), 0);
	rig_free(&r);
}
END_TEST

START_TEST(test_write_wrong_datasn_fails)
{
	static const uint8_t w10[16] = { 0x2a, 0, 0, 0, 0, 100, 0, 0, 1 };
	static const uint8_t tur[16];
	struct iscsi_bhs b = { .opcode = ISCSI_OP_SCSI_CMD, .final = 1, .write = 1, .edtl = 512,
			       .itt = 11 };
	struct rig r;
	struct iscsi_bhs rsp;
	const uint8_t *d;
	uint8_t data[512] = { 0 };
	size_t n;

	rig_new(&r, NULL);
	login(&r, K("InitialR2T=Yes\0ImmediateData=No\0"));
	memcpy(b.cdb, w10, 16);
	b.cmdsn = r.cmdsn++;
	send_pdu(&r, &b, NULL, 0, 0);
	ck_assert(next_rsp(&r, &rsp, NULL));
	ck_assert_uint_eq(rsp.opcode, ISCSI_OP_R2T);
	data_out(&r, 11, rsp.ttt, 5, 0, data, sizeof(data), 1);
	ck_assert(next_rsp(&r, &rsp, &d));
	ck_assert_uint_eq(rsp.opcode, ISCSI_OP_SCSI_RSP);
	ck_assert_uint_eq(rsp.status, 2);
	ck_assert_uint_eq(d[2 + 2], 0x0b);
	/* a stray Data-Out for the finished task is dropped; the session goes on */
	data_out(&r, 11, rsp.ttt, 0, 0, data, sizeof(data), 1);
	ck_assert_int_eq(r.drops, 1);
	ck_assert_uint_eq(scsi(&r, tur, 0, NULL, &n, &rsp), 0);
	rig_free(&r);
}
END_TEST

START_TEST(test_immediate_and_unsolicited_data)
{
	static const uint8_t w10[16] = { 0x2a, 0, 0, 0, 0, 200, 0, 0, 4 };
	static const uint8_t r10[16] = { 0x28, 0, 0, 0, 0, 200, 0, 0, 4 };
	struct iscsi_bhs b = { .opcode = ISCSI_OP_SCSI_CMD, .write = 1, .edtl = 2048, .itt = 12 };
	static uint8_t data[2048], back[2048];
	struct rig r;
	struct iscsi_bhs rsp;
	size_t n;

	memset(data, 0x3c, sizeof(data));
	rig_new(&r, NULL);
	login(&r, K("InitialR2T=No\0ImmediateData=Yes\0FirstBurstLength=65536\0"));
	memcpy(b.cdb, w10, 16);
	b.cmdsn = r.cmdsn++;
	send_pdu(&r, &b, data, 1024, 0);
	ck_assert(!next_rsp(&r, &rsp, NULL));
	data_out(&r, 12, ISCSI_RSVD_TAG, 0, 1024, data + 1024, 1024, 1);
	ck_assert(next_rsp(&r, &rsp, NULL));
	ck_assert_uint_eq(rsp.opcode, ISCSI_OP_SCSI_RSP);
	ck_assert_uint_eq(rsp.status, 0);
	ck_assert_uint_eq(scsi(&r, r10, 2048, back, &n, &rsp), 0);
	ck_assert_int_eq(memcmp(back, data, sizeof(data)), 0);
	/* immediate data only, F set: done at once */
	b.final = 1;
	b.edtl = 512;
	b.cdb[8] = 1;
	b.itt = 13;
	b.cmdsn = r.cmdsn++;
	send_pdu(&r, &b, data, 512, 0);
	ck_assert(next_rsp(&r, &rsp, NULL));
	ck_assert_uint_eq(rsp.opcode, ISCSI_OP_SCSI_RSP);
	rig_free(&r);
}
END_TEST

START_TEST(test_cmdsn_window)
{
	static const uint8_t tur[16];
	struct iscsi_bhs b = { .opcode = ISCSI_OP_SCSI_CMD, .final = 1, .itt = 20 };
	struct rig r;
	struct iscsi_bhs rsp;
	size_t n;

	rig_new(&r, NULL);
	login(&r, K(OP_KEYS));
	ck_assert_uint_eq(scsi(&r, tur, 0, NULL, &n, &rsp), 0);
	b.cmdsn = rsp.maxcmdsn + 1;
	send_pdu(&r, &b, NULL, 0, 0);
	ck_assert(!next_rsp(&r, &rsp, NULL));
	b.cmdsn = r.cmdsn - 1;
	send_pdu(&r, &b, NULL, 0, 0);
	ck_assert(!next_rsp(&r, &rsp, NULL));
	ck_assert_int_eq(r.drops, 2);
	b.immediate = 1;
	b.cmdsn = r.cmdsn;
	send_pdu(&r, &b, NULL, 0, 0);
	ck_assert(next_rsp(&r, &rsp, NULL));
	ck_assert_uint_eq(rsp.expcmdsn, r.cmdsn);
	ck_assert_uint_eq(scsi(&r, tur, 0, NULL, &n, &rsp), 0);
	ck_assert_uint_eq(rsp.expcmdsn, r.cmdsn);
	rig_free(&r);
}
END_TEST

/**
 * chap_login() - CHAP login; returns the final security-stage response
 * @r:      rig
 * @secret: secret the initiator uses
 * @mutual: ask the target to prove itself
 * @rsp:    out: last response
 * @d:      out: its data
 */
static void chap_login(struct rig *r, const char *secret, int mutual, struct iscsi_bhs *rsp,
		       const uint8_t **d)
{
	uint8_t chal[16], digest[16];
	char keys[512], hex[40];
	size_t len, clen;
	const char *v;
	int id;

	login_step(r, 0, 1, K(ID_KEYS "AuthMethod=CHAP,None\0"), rsp, d);
	ck_assert_str_eq(rsp_value(*d, rsp->dlen, "AuthMethod"), "CHAP");
	ck_assert(!rsp->transit);
	login_step(r, 0, 1, K("CHAP_A=7,5\0"), rsp, d);
	ck_assert_str_eq(rsp_value(*d, rsp->dlen, "CHAP_A"), "5");
	id = atoi(rsp_value(*d, rsp->dlen, "CHAP_I"));
	v = rsp_value(*d, rsp->dlen, "CHAP_C");
	ck_assert_int_eq(chap_decode(v, strlen(v), chal, sizeof(chal), &clen), 0);
	chap_response((uint8_t)id, secret, chal, clen, digest);
	chap_encode_hex(digest, 16, hex, sizeof(hex));
	len = (size_t)snprintf(keys, sizeof(keys), "CHAP_N=iuser%cCHAP_R=%s%c", 0, hex, 0);
	if (mutual)
		len += (size_t)snprintf(keys + len, sizeof(keys) - len,
					"CHAP_I=7%cCHAP_C=0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab%c", 0, 0);
	login_step(r, 0, 1, keys, len, rsp, d);
}

START_TEST(test_chap_one_way_and_mutual)
{
	uint8_t chal[16], digest[16];
	char hex[40];
	struct rig r;
	struct iscsi_bhs rsp;
	const uint8_t *d;

	rig_new(&r, "iuser");
	chap_login(&r, "secretsecret", 1, &rsp, &d);
	ck_assert_uint_eq(rsp.status_class, 0);
	ck_assert(rsp.transit);
	memset(chal, 0xaa, sizeof(chal));
	chal[15] = 0xab;
	chap_response(7, "targetsecret1", chal, 16, digest);
	chap_encode_hex(digest, 16, hex, sizeof(hex));
	ck_assert_str_eq(rsp_value(d, rsp.dlen, "CHAP_N"), "tuser");
	ck_assert_str_eq(rsp_value(d, rsp.dlen, "CHAP_R"), hex);
	rig_free(&r);

	rig_new(&r, "iuser");
	chap_login(&r, "wrongsecret", 1, &rsp, &d);
	ck_assert_uint_eq(rsp.status_class, 2);
	ck_assert_uint_eq(rsp.status_detail, 1);
	ck_assert(r.closed);
	ck_assert_int_eq(r.login_fail, 1);
	rig_free(&r);

	/* the target requires mutual CHAP here: one-way only is refused */
	rig_new(&r, "iuser");
	chap_login(&r, "secretsecret", 0, &rsp, &d);
	ck_assert_uint_eq(rsp.status_detail, 1);
	rig_free(&r);

	/* no CHAP offered to a CHAP target */
	rig_new(&r, "iuser");
	login_step(&r, 0, 1, K(ID_KEYS "AuthMethod=None\0"), &rsp, &d);
	ck_assert_uint_eq(rsp.status_class << 8 | rsp.status_detail, 0x0201);
	rig_free(&r);
}
END_TEST

START_TEST(test_login_errors)
{
	static const struct {
		const char *keys;
		size_t len;
		uint16_t status;
	} cases[] = {
		{ K("InitiatorName=i\0TargetName=iqn.nope\0"), 0x0203 },
		{ K("InitiatorName=i\0SessionType=Normal\0"), 0x0207 },
		{ K("TargetName=" IQN "\0"), 0x0207 },
		{ K("InitiatorName=i\0TargetName=" IQN "\0Garbage\0"), 0x0200 },
		{ K("InitiatorName=i\0TargetName=" IQN "\0X=\xff\xfe\0"), 0x0200 },
	};
	struct rig r;
	struct iscsi_bhs rsp, b = { .opcode = ISCSI_OP_LOGIN_REQ, .immediate = 1, .transit = 1,
				    .nsg = 1, .version_min = 1 };
	char many[ISCSI_KV_MAX * 8 + 64];
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		rig_new(&r, NULL);
		login_step(&r, 0, 1, cases[i].keys, cases[i].len, &rsp, NULL);
		ck_assert_uint_eq(rsp.status_class << 8 | rsp.status_detail, cases[i].status);
		ck_assert(r.closed);
		rig_free(&r);
	}
	rig_new(&r, NULL);
	send_pdu(&r, &b, K(ID_KEYS), 0);
	ck_assert(next_rsp(&r, &rsp, NULL));
	ck_assert_uint_eq(rsp.status_class << 8 | rsp.status_detail, 0x0205);
	rig_free(&r);
	for (i = 0; i <= ISCSI_KV_MAX; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, "K%zu=1", i) + 1;
	rig_new(&r, NULL);
	login_step(&r, 0, 1, many, n, &rsp, NULL);
	ck_assert_uint_eq(rsp.status_class << 8 | rsp.status_detail, 0x0200);
	rig_free(&r);
	/* a SCSI command before login closes the connection */
	rig_new(&r, NULL);
	b = (struct iscsi_bhs){ .opcode = ISCSI_OP_SCSI_CMD, .final = 1 };
	send_pdu(&r, &b, NULL, 0, 0);
	ck_assert(r.closed);
	ck_assert_int_eq(iscsi_conn_input(r.conn, "x", 1, 1), -EPIPE);
	rig_free(&r);
}
END_TEST

/**
 * first_step() - the first Login Request of @r; its status
 * @r:    rig
 * @keys: text
 * @klen: its length
 *
 * Return: class << 8 | detail.
 */
static uint16_t first_step(struct rig *r, const char *keys, size_t klen)
{
	struct iscsi_bhs rsp;

	login_step(r, 0, 1, keys, klen, &rsp, NULL);
	return (uint16_t)(rsp.status_class << 8 | rsp.status_detail);
}

#define SECOND_LOGIN(r) first_step(r, K(ID_KEYS "AuthMethod=None\0"))
#define OTHER_INIT "InitiatorName=iqn.2026-11.test:other-init\0TargetName=" IQN "\0"

START_TEST(test_single_session)
{
	struct rig a, b, c;
	struct iscsi_target *t;

	/* without the option a second session of the same initiator is welcome */
	rig_new(&a, NULL);
	login(&a, K(OP_KEYS));
	rig_join(&b, &a, 1);
	ck_assert_uint_eq(SECOND_LOGIN(&b), 0);
	rig_free(&b);
	/* with it: another ISID is refused with 02/06 and the connection closed */
	t = iscsi_target_find(a.set, IQN, strlen(IQN));
	iscsi_target_set_single_session(t, 1);
	rig_join(&b, &a, 1);
	ck_assert_uint_eq(SECOND_LOGIN(&b), 0x0206);
	ck_assert(b.closed);
	ck_assert_int_eq(b.login_fail, 1);
	rig_free(&b);
	/* the same ISID is session reinstatement, not a second session */
	rig_join(&b, &a, 0);
	ck_assert_uint_eq(SECOND_LOGIN(&b), 0);
	rig_free(&b);
	/* another initiator name, or the other target, is not limited */
	rig_join(&b, &a, 2);
	ck_assert_uint_eq(first_step(&b, K(OTHER_INIT "AuthMethod=None\0")), 0);
	rig_free(&b);
	rig_join(&b, &a, 2);
	ck_assert_uint_eq(first_step(&b, K("InitiatorName=iqn.2026-11.test:init\0"
					   "TargetName=iqn.2026-11.test:other\0")), 0);
	rig_free(&b);
	/* a refused session does not count: the one that was refused above
	 * left nothing behind, a third ISID is refused for the first only */
	rig_join(&c, &a, 5);
	ck_assert_uint_eq(SECOND_LOGIN(&c), 0x0206);
	rig_free(&c);
	/* the first session ends without a logout (iPXE's connection reset by
	 * the OS it booted): it still counts, a new ISID is refused */
	rig_join(&b, &a, 3);
	iscsi_conn_closed(a.conn);
	ck_assert_uint_eq(SECOND_LOGIN(&b), 0x0206);
	rig_free(&b);
	rig_free(&a);
}
END_TEST

/* a session that logs out is gone: a new ISID logs in afterwards */
START_TEST(test_single_session_after_logout)
{
	struct iscsi_bhs lo;
	struct rig a, b;

	rig_new(&a, NULL);
	login(&a, K(OP_KEYS));
	iscsi_target_set_single_session(iscsi_target_find(a.set, IQN, strlen(IQN)), 1);
	lo = (struct iscsi_bhs){ .opcode = ISCSI_OP_LOGOUT_REQ, .itt = 77, .cmdsn = a.cmdsn++ };
	send_pdu(&a, &lo, NULL, 0, 0);
	ck_assert(a.closed);
	rig_join(&b, &a, 1);
	ck_assert_uint_eq(SECOND_LOGIN(&b), 0);
	rig_free(&b);
	rig_free(&a);
}
END_TEST

/* a session still open when its owner stops is reported abandoned, once, at the stop */
START_TEST(test_abandoned_session)
{
	struct rig r, b;

	rig_new(&r, NULL);
	iscsi_target_set_single_session(iscsi_target_find(r.set, IQN, strlen(IQN)), 1);
	login(&r, K(OP_KEYS));
	iscsi_conn_abandoned(r.conn, 2500000001ull);
	ck_assert_int_eq(r.logouts, 1);
	ck_assert_str_eq(r.logout_detail, "abandoned by the initiator (no FIN, no logout): "
			 "still open at the end, idle 2.5 s@2500000001");
	ck_assert_int_eq(iscsi_conn_input(r.conn, "x", 1, 3), -EPIPE);
	iscsi_conn_closed(r.conn);
	ck_assert_int_eq(r.logouts, 1);
	/* and it no longer holds the initiator's one session */
	rig_join(&b, &r, 7);
	ck_assert_uint_eq(SECOND_LOGIN(&b), 0);
	rig_free(&b);
	rig_free(&r);
	/* a connection still logging in is not a session: nothing to report */
	rig_new(&r, NULL);
	iscsi_conn_abandoned(r.conn, 5);
	ck_assert_int_eq(r.logouts, 0);
	rig_free(&r);
}
END_TEST

/**
 * expect_reject() - the next PDU is a Reject with @reason
 * @r:      rig
 * @reason: reason code
 */
static void expect_reject(struct rig *r, uint32_t reason)
{
	struct iscsi_bhs rsp;

	ck_assert(next_rsp(r, &rsp, NULL));
	ck_assert_uint_eq(rsp.opcode, ISCSI_OP_REJECT);
	ck_assert_uint_eq(rsp.reason, reason);
	ck_assert_uint_eq(rsp.dlen, ISCSI_BHS_LEN);
}

START_TEST(test_bad_input_rejected_session_survives)
{
	static const uint8_t tur[16];
	struct rig r, other;
	struct iscsi_bhs rsp, b = { .opcode = 0x1c, .itt = 1 };
	uint8_t *big = calloc(1, 300000), ahs[8] = { 0, 9, 0x77 };
	char many[ISCSI_KV_MAX * 8 + 64];
	size_t n = 0, i, got;

	rig_new(&r, NULL);
	rig_new(&other, NULL);
	login(&r, K(OP_KEYS));
	login(&other, K(OP_KEYS));
	send_pdu(&r, &b, NULL, 0, 0);
	expect_reject(&r, ISCSI_REJECT_UNSUPPORTED);
	b = (struct iscsi_bhs){ .opcode = ISCSI_OP_NOP_OUT, .itt = 2, .cmdsn = r.cmdsn,
				.immediate = 1 };
	send_pdu(&r, &b, big, 300000, 0);
	expect_reject(&r, ISCSI_REJECT_PROTOCOL);
	b.ahs_words = 2;
	b.dlen = 0;
	{
		uint8_t pdu[ISCSI_BHS_LEN + 8];

		iscsi_bhs_encode(&b, pdu);
		memcpy(pdu + ISCSI_BHS_LEN, ahs, 8);
		iscsi_conn_input(r.conn, pdu, sizeof(pdu), 1);
	}
	expect_reject(&r, ISCSI_REJECT_INVALID_FIELD);
	b = (struct iscsi_bhs){ .opcode = ISCSI_OP_TEXT_REQ, .final = 1, .itt = 3,
				.ttt = ISCSI_RSVD_TAG, .cmdsn = r.cmdsn++ };
	send_pdu(&r, &b, K("SendTargets\0"), 0);
	expect_reject(&r, ISCSI_REJECT_PROTOCOL);
	b.cmdsn = r.cmdsn++;
	send_pdu(&r, &b, K("SendTargets=\xc0\xaf\0"), 0);
	expect_reject(&r, ISCSI_REJECT_PROTOCOL);
	for (i = 0; i <= ISCSI_KV_MAX; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, "K%zu=1", i) + 1;
	b.cmdsn = r.cmdsn++;
	send_pdu(&r, &b, many, n, 0);
	expect_reject(&r, ISCSI_REJECT_PROTOCOL);
	ck_assert(!r.closed);
	ck_assert_int_eq(r.rejects, 6);
	/* NOP ping still answered; the other connection never noticed */
	b = (struct iscsi_bhs){ .opcode = ISCSI_OP_NOP_OUT, .itt = 4, .ttt = ISCSI_RSVD_TAG,
				.cmdsn = r.cmdsn++ };
	send_pdu(&r, &b, "ping", 4, 0);
	ck_assert(next_rsp(&r, &rsp, NULL));
	ck_assert_uint_eq(rsp.opcode, ISCSI_OP_NOP_IN);
	ck_assert_uint_eq(rsp.dlen, 4);
	ck_assert_uint_eq(scsi(&other, tur, 0, NULL, &got, &rsp), 0);
	ck_assert_int_eq(other.rejects, 0);
	free(big);
	rig_free(&r);
	rig_free(&other);
}
END_TEST

START_TEST(test_discovery_tmf_reset_logout)
{
	static const uint8_t tur[16];
	struct rig r;
	struct iscsi_bhs rsp, b;
	const uint8_t *d;
	size_t n;

	rig_new(&r, NULL);
	login_step(&r, 0, 3, K("InitiatorName=i\0SessionType=Discovery\0AuthMethod=None\0"), &rsp,
		   &d);
	ck_assert_uint_eq(rsp.status_class, 0);
	b = (struct iscsi_bhs){ .opcode = ISCSI_OP_TEXT_REQ, .final = 1, .itt = 3,
				.ttt = ISCSI_RSVD_TAG, .cmdsn = rsp.expcmdsn };
	send_pdu(&r, &b, K("SendTargets=All\0"), 0);
	ck_assert(next_rsp(&r, &rsp, &d));
	ck_assert_uint_eq(rsp.opcode, ISCSI_OP_TEXT_RSP);
	ck_assert_str_eq(rsp_value(d, rsp.dlen, "TargetAddress"), "127.0.0.1:3260,1");
	ck_assert_ptr_nonnull(memmem(d, rsp.dlen, "TargetName=iqn.2026-11.test:other", 33));
	rig_free(&r);

	rig_new(&r, NULL);
	login(&r, K(OP_KEYS));
	b = (struct iscsi_bhs){ .opcode = ISCSI_OP_TMF_REQ, .function = 5, .itt = 30,
				.cmdsn = r.cmdsn++ };
	send_pdu(&r, &b, NULL, 0, 0);
	ck_assert(next_rsp(&r, &rsp, NULL));
	ck_assert_uint_eq(rsp.opcode, ISCSI_OP_TMF_RSP);
	ck_assert_uint_eq(rsp.response, 0);
	ck_assert_uint_eq(scsi(&r, tur, 0, NULL, &n, &rsp), 2);
	ck_assert_uint_eq(scsi(&r, tur, 0, NULL, &n, &rsp), 0);
	b = (struct iscsi_bhs){ .opcode = ISCSI_OP_TMF_REQ, .function = 1, .itt = 31,
				.ref_itt = 999, .refcmdsn = r.cmdsn + 5, .cmdsn = r.cmdsn++ };
	send_pdu(&r, &b, NULL, 0, 0);
	ck_assert(next_rsp(&r, &rsp, NULL));
	ck_assert_uint_eq(rsp.response, 1);
	b = (struct iscsi_bhs){ .opcode = ISCSI_OP_LOGOUT_REQ, .itt = 32, .cmdsn = r.cmdsn++ };
	send_pdu(&r, &b, NULL, 0, 0);
	ck_assert(next_rsp(&r, &rsp, NULL));
	ck_assert_uint_eq(rsp.opcode, ISCSI_OP_LOGOUT_RSP);
	ck_assert_uint_eq(rsp.response, 0);
	ck_assert(r.closed);
	rig_free(&r);
}
END_TEST

/**
 * iscsi_target_suite() - the suite
 *
 * Return: the suite.
 */
static Suite *iscsi_target_suite(void)
{
	Suite *s = suite_create("iscsi_target");
	TCase *tc = tcase_create("target");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, make_image, drop_image);
	tcase_add_test(tc, test_ipxe_capture_every_split);
	tcase_add_test(tc, test_login_tur_capacity_read_bytewise);
	tcase_add_test(tc, test_negotiation_semantics);
	tcase_add_test(tc, test_data_in_split_by_mrdsl_and_burst);
	tcase_add_test(tc, test_data_in_gathered);
	tcase_add_test(tc, test_write_with_r2t);
	tcase_add_test(tc, test_write_wrong_datasn_fails);
	tcase_add_test(tc, test_immediate_and_unsolicited_data);
	tcase_add_test(tc, test_cmdsn_window);
	tcase_add_test(tc, test_chap_one_way_and_mutual);
	tcase_add_test(tc, test_login_errors);
	tcase_add_test(tc, test_single_session);
	tcase_add_test(tc, test_single_session_after_logout);
	tcase_add_test(tc, test_abandoned_session);
	tcase_add_test(tc, test_bad_input_rejected_session_survives);
	tcase_add_test(tc, test_discovery_tmf_reset_logout);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(iscsi_target_suite)
