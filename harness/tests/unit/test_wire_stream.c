/* test_wire_stream.c - the wire observer under stress: TCP resegmentation, duplicates,
 * reordering, gaps, junk streams, synthetic iSCSI and TFTP exchanges, malformed frames */

#include <errno.h>

#include "core/util.h"
#include "services/iscsi/iscsi_pdu.h"
#include "net/transport.h"
#include "services/tftp/tftp_pkt.h"
#include "test_wire_util.h"

#define SANBOOT "captures/bios-ipxe-rom-sanboot.pcap"
#define UEFI "captures/uefi-native-pxe-dnsmasq-tgt.pcap"

static const struct pxl_wire_config sanboot_cfg = { { 3291 }, 1, 0, 0, 0 };

static const size_t chunk_sizes[] = { 1, 3, 7, 48, 100, 1000 };

/* PDUs cut at any byte boundary give the same observations */
START_TEST(test_resegmented)
{
	struct rec b = { 0 };
	struct pxl_wire_stats sb;

	resegment_same(&sanboot_cfg, SANBOOT, chunk_sizes[_i], 0, 0, &b, &sb);
	ck_assert_uint_eq(rec_count(&b, "iscsi", "read", NULL, NULL), 3);
	ck_assert_uint_eq(sb.dropped, 0);
	ck_assert_uint_eq(sb.tcp_ooo_segments, 0);
	rec_free(&b);
}
END_TEST

/* Every data segment retransmitted: same observations, duplicates counted */
START_TEST(test_duplicates)
{
	struct frames in = { 0 }, out = { 0 };
	struct rec a = { 0 }, b = { 0 };
	struct pxl_wire_stats sa, sb;
	size_t i, hlen, plen, ndata = 0;
	char *siga, *sigb;

	frames_load(UEFI, &in);
	for (i = 0; i < in.n; i++) {
		frames_add(&out, in.t[i], in.f[i], in.len[i]);
		if (tcp_payload(in.f[i], in.len[i], &hlen, &plen)) {
			frames_add(&out, in.t[i], in.f[i], in.len[i]);
			ndata++;
		}
	}
	wire_run(NULL, &in, 0, &a, &sa);
	wire_run(NULL, &out, 0, &b, &sb);
	siga = rec_signature(&a);
	sigb = rec_signature(&b);
	ck_assert_str_eq(siga, sigb);
	ck_assert_uint_eq(sb.tcp_dup_segments, ndata);
	ck_assert_uint_eq(sa.tcp_dup_segments, 0);
	ck_assert_uint_eq(sb.tcp_resyncs, 0);
	free(siga);
	free(sigb);
	rec_free(&a);
	rec_free(&b);
	frames_free(&in);
	frames_free(&out);
}
END_TEST

/* Each segment's pieces arrive last-first: held, then delivered in order */
START_TEST(test_reordered)
{
	struct frames in = { 0 }, out = { 0 };
	struct rec a = { 0 }, b = { 0 };
	struct pxl_wire_stats sa, sb;
	char *siga, *sigb;

	frames_load(UEFI, &in);
	resegment(&in, &out, 0, 1);
	wire_run(NULL, &in, 0, &a, &sa);
	wire_run(NULL, &out, 0, &b, &sb);
	siga = rec_signature(&a);
	sigb = rec_signature(&b);
	ck_assert_str_eq(siga, sigb);
	ck_assert_uint_gt(sb.tcp_ooo_segments, 100);
	ck_assert_uint_eq(sb.tcp_resyncs, 0);
	free(siga);
	free(sigb);
	rec_free(&a);
	rec_free(&b);
	frames_free(&in);
	frames_free(&out);
}
END_TEST

/* A lost segment that the peer acknowledges: the connection is dropped and counted */
START_TEST(test_gap)
{
	struct frames in = { 0 }, out = { 0 };
	struct rec r = { 0 };
	struct pxl_wire_stats st;
	size_t i;

	frames_load(SANBOOT, &in);
	for (i = 0; i < in.n; i++)
		if (i != 46)	/* frame 47: the first 1440 bytes of the LBA 64 Data-In */
			frames_add(&out, in.t[i], in.f[i], in.len[i]);
	wire_run(&sanboot_cfg, &out, 0, &r, &st);
	ck_assert_uint_eq(st.tcp_resyncs, 1);
	ck_assert_uint_eq(reason_count(&st, "tcp: gap in stream, state dropped"), 1);
	ck_assert_uint_gt(reason_count(&st, "tcp: segment for no known connection"), 0);
	ck_assert_uint_eq(rec_count(&r, "iscsi", "login", "status", "success"), 1);
	ck_assert_uint_eq(rec_count(&r, "iscsi", "read", NULL, NULL), 0);
	ck_assert_uint_eq(rec_count(&r, "iscsi", "command", "lba", "0"), 0);
	ck_assert_uint_eq(st.tcp_ooo_segments, 1);	/* frame 48, waiting for 47 */
	ck_assert_uint_eq(st.malformed, 0);
	rec_free(&r);
	frames_free(&in);
	frames_free(&out);
}
END_TEST

/**
 * pdu() - lay out a PDU: BHS, optional header digest, padded data
 * @s:    session (digest setting)
 * @out:  output
 * @bhs:  header (dlen is set from @len)
 * @data: data segment or NULL
 * @len:  its length
 *
 * Return: PDU length.
 */
static size_t pdu(const struct sess *s, uint8_t *out, struct iscsi_bhs *bhs, const void *data,
		  size_t len)
{
	size_t n = ISCSI_BHS_LEN;

	bhs->dlen = (uint32_t)len;
	iscsi_bhs_encode(bhs, out);
	if (s->hdigest) {
		memset(out + n, 0xdd, ISCSI_DIGEST_LEN);
		n += ISCSI_DIGEST_LEN;
	}
	if (len) {
		memset(out + n, 0, iscsi_pad4(len));
		if (data)
			memcpy(out + n, data, len);
		n += iscsi_pad4(len);
	}
	return n;
}

/**
 * login() - one Login Request and its Response
 * @s:      session
 * @keys:   request keys, NUL-separated (length @klen)
 * @klen:   their length
 * @cls:    response status class
 * @detail: response status detail
 * @rkeys:  response keys
 * @rklen:  their length
 */
static void login(struct sess *s, const char *keys, size_t klen, uint8_t cls, uint8_t detail,
		  const char *rkeys, size_t rklen)
{
	struct iscsi_bhs b;
	uint8_t buf[2048];
	size_t n;

	memset(&b, 0, sizeof(b));
	b.opcode = ISCSI_OP_LOGIN_REQ;
	b.immediate = 1;
	b.transit = 1;
	b.csg = ISCSI_STAGE_OPERATIONAL;
	b.nsg = ISCSI_STAGE_FULL_FEATURE;
	b.itt = 1;
	n = pdu(s, buf, &b, keys, klen);
	sess_send(s, 0, PXL_TCP_ACK | PXL_TCP_PSH, buf, 20);	/* split inside the BHS */
	sess_send(s, 0, PXL_TCP_ACK | PXL_TCP_PSH, buf + 20, n - 20);
	memset(&b, 0, sizeof(b));
	b.opcode = ISCSI_OP_LOGIN_RSP;
	b.transit = !cls;
	b.csg = ISCSI_STAGE_OPERATIONAL;
	b.nsg = cls ? 0 : ISCSI_STAGE_FULL_FEATURE;
	b.itt = 1;
	b.tsih = cls ? 0 : 7;
	b.status_class = cls;
	b.status_detail = detail;
	n = pdu(s, buf, &b, rkeys, rklen);
	sess_send(s, 1, PXL_TCP_ACK | PXL_TCP_PSH, buf, n);
}

/**
 * scsi_cmd() - a SCSI Command PDU
 * @s:    session
 * @out:  output
 * @itt:  task tag
 * @cdb:  CDB (16 bytes)
 * @edtl: expected data transfer length
 * @wr:   a write
 *
 * Return: PDU length.
 */
static size_t scsi_cmd(const struct sess *s, uint8_t *out, uint32_t itt, const uint8_t *cdb,
		       uint32_t edtl, int wr)
{
	struct iscsi_bhs b;

	memset(&b, 0, sizeof(b));
	b.opcode = ISCSI_OP_SCSI_CMD;
	b.final = 1;
	b.read = !wr;
	b.write = wr;
	b.lun = 2ull << 48;
	b.itt = itt;
	b.edtl = edtl;
	memcpy(b.cdb, cdb, 16);
	return pdu(s, out, &b, NULL, 0);
}

/**
 * simple_pdu() - a PDU with an opcode, ITT and data length only (plus status fields)
 * @s:      session
 * @out:    output
 * @op:     opcode
 * @itt:    task tag
 * @len:    data length
 * @status: SCSI status for a SCSI Response or a Data-In with S, -1 for none
 *
 * Return: PDU length.
 */
static size_t simple_pdu(const struct sess *s, uint8_t *out, uint8_t op, uint32_t itt, size_t len,
			 int status)
{
	struct iscsi_bhs b;

	memset(&b, 0, sizeof(b));
	b.opcode = op;
	b.final = 1;
	b.itt = itt;
	if (status >= 0) {
		b.has_status = 1;
		b.status = (uint32_t)status;
	}
	return pdu(s, out, &b, NULL, len);
}

static const char login_keys[] = "InitiatorName=iqn.2026-11.test:init\0TargetName=iqn.2026-11.test:nope\0"
				 "SessionType=Normal\0AuthMethod=None\0HeaderDigest=CRC32C,None";

START_TEST(test_iscsi_login_failure)
{
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	const struct pxl_obs *o;
	struct sess s;

	sess_open(&s, w, 40000, 3260);
	login(&s, login_keys, sizeof(login_keys), 2, 3, NULL, 0);
	sess_send(&s, 1, PXL_TCP_ACK | PXL_TCP_FIN, NULL, 0);
	o = rec_find(&r, 0, "iscsi", "login", (const char *)NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(pxl_obs_field(o, "status"), "not-found");
	ck_assert_str_eq(pxl_obs_field(o, "status-code"), "02-03");
	ck_assert_str_eq(pxl_obs_field(o, "target"), "iqn.2026-11.test:nope");
	ck_assert_str_eq(pxl_obs_field(o, "initiator"), "iqn.2026-11.test:init");
	ck_assert_str_eq(pxl_obs_field(o, "latency-ms"), "2.000");	/* 3 frames, 1 ms apart */
	ck_assert_str_eq(pxl_obs_field(o, "tsih"), "0x0000");
	o = rec_find(&r, 0, "iscsi", "close", (const char *)NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(pxl_obs_field(o, "by"), "target");
	ck_assert_str_eq(pxl_obs_field(o, "how"), "fin");
	ck_assert_int_eq(o->dir, PXL_OBS_TO_CLIENT);
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

START_TEST(test_iscsi_stall_described)
{
	/* seed 16 of the lossy soak: the second Login Request's header arrives,
	 * its data segment never does; a target response cut inside its header */
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	struct iscsi_bhs b;
	uint8_t buf[512];
	char out[1024];
	struct sess s;
	size_t n;

	sess_open(&s, w, 40001, 3260);
	ck_assert_uint_eq(pxl_wire_iscsi_stalls(w, s.t, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "");
	memset(&b, 0, sizeof(b));
	b.opcode = ISCSI_OP_LOGIN_REQ;
	b.immediate = 1;
	b.itt = 1;
	n = pdu(&s, buf, &b, login_keys, sizeof(login_keys));
	ck_assert_uint_gt(n, 100);
	sess_send(&s, 0, PXL_TCP_ACK | PXL_TCP_PSH, buf, ISCSI_BHS_LEN);
	ck_assert_uint_eq(pxl_wire_iscsi_stalls(w, s.t + 58 * PXL_NS_PER_SEC, out, sizeof(out)), 1);
	snprintf((char *)buf, sizeof(buf), "iSCSI 10.0.2.15:40001 -> 10.0.2.2:3260: the initiator's "
		 "Login Request stopped at 48 of %zu bytes; the connection then stayed silent for 58.0 s", n);
	ck_assert_str_eq(out, (const char *)buf);
	memset(buf, 0, sizeof(buf));
	buf[0] = ISCSI_OP_LOGIN_RSP;
	sess_send(&s, 1, PXL_TCP_ACK | PXL_TCP_PSH, buf, 20);
	ck_assert_uint_eq(pxl_wire_iscsi_stalls(w, s.t, out, sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(out, "; iSCSI 10.0.2.15:40001 -> 10.0.2.2:3260: the target's stopped inside a "
				 "PDU header (20 of 48 bytes); the connection then stayed silent for 0.0 s"));
	ck_assert_uint_eq(pxl_wire_iscsi_stalls(w, s.t, out, 40), 2);	/* cut, terminated */
	ck_assert_uint_eq(strlen(out), 39);
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

/**
 * full_feature() - a session logged in with header digests
 * @s: out: session
 * @w: observer
 */
static void full_feature(struct sess *s, struct pxl_wire *w)
{
	static const char rkeys[] = "HeaderDigest=CRC32C\0DataDigest=None";

	sess_open(s, w, 40001, 3260);
	login(s, login_keys, sizeof(login_keys), 0, 0, rkeys, sizeof(rkeys));
	s->hdigest = 1;
}

START_TEST(test_iscsi_digest_write_read)
{
	static const uint8_t wr10[16] = { SCSI_OP_WRITE_10, 0, 0, 0, 0, 5, 0, 0, 1, 0 };
	static const uint8_t rd16[16] = { SCSI_OP_READ_16, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2 };
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	const struct pxl_obs *o;
	uint8_t buf[4096];
	struct sess s;
	size_t n;

	full_feature(&s, w);
	ck_assert_str_eq(pxl_obs_field(rec_find(&r, 0, "iscsi", "login", (const char *)NULL),
				       "status"), "success");
	sess_send(&s, 0, PXL_TCP_ACK, buf, scsi_cmd(&s, buf, 7, wr10, 512, 1));
	sess_send(&s, 1, PXL_TCP_ACK, buf, simple_pdu(&s, buf, ISCSI_OP_R2T, 7, 0, -1));
	sess_send(&s, 0, PXL_TCP_ACK, buf, simple_pdu(&s, buf, ISCSI_OP_DATA_OUT, 7, 512, -1));
	n = simple_pdu(&s, buf, ISCSI_OP_SCSI_RSP, 7, 0, 0);
	n += simple_pdu(&s, buf + n, ISCSI_OP_NOP_IN, 0xffffffffu, 0, -1);	/* same segment */
	sess_send(&s, 1, PXL_TCP_ACK, buf, n);
	o = rec_find(&r, 0, "iscsi", "write", (const char *)NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(pxl_obs_field(o, "lba"), "5");
	ck_assert_str_eq(pxl_obs_field(o, "blocks"), "1");
	ck_assert_str_eq(pxl_obs_field(o, "bytes"), "512");
	ck_assert_str_eq(pxl_obs_field(o, "status"), "good");
	ck_assert_str_eq(pxl_obs_field(o, "latency-ms"), "3.000");
	sess_send(&s, 0, PXL_TCP_ACK, buf, scsi_cmd(&s, buf, 8, rd16, 1024, 0));
	n = simple_pdu(&s, buf, ISCSI_OP_DATA_IN, 8, 1000, -1);
	sess_send(&s, 1, PXL_TCP_ACK, buf, n);
	sess_send(&s, 1, PXL_TCP_ACK, buf, simple_pdu(&s, buf, ISCSI_OP_DATA_IN, 8, 24, 2));
	o = rec_find(&r, 0, "iscsi", "read", (const char *)NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(pxl_obs_field(o, "lba"), "4294967296");
	ck_assert_str_eq(pxl_obs_field(o, "blocks"), "2");
	ck_assert_str_eq(pxl_obs_field(o, "bytes"), "1024");
	ck_assert_str_eq(pxl_obs_field(o, "status"), "check-condition");
	ck_assert_str_eq(pxl_obs_field(o, "lun"), "2");
	ck_assert_int_eq(o->dir, PXL_OBS_FROM_CLIENT);
	o = rec_find(&r, 0, "iscsi", "command", "opcode", "read-16", (const char *)NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(pxl_obs_field(o, "target"), "iqn.2026-11.test:nope");
	ck_assert_str_eq(pxl_obs_field(o, "lun"), "2");
	ck_assert_str_eq(pxl_obs_field(o, "itt"), "0x00000008");
	sess_send(&s, 0, PXL_TCP_ACK, buf, simple_pdu(&s, buf, ISCSI_OP_LOGOUT_REQ, 9, 0, -1));
	ck_assert_ptr_nonnull(rec_find(&r, 0, "iscsi", "logout", "reason", "0", (const char *)NULL));
	ck_assert_uint_eq(r.n, 7);	/* connect login command write command read logout */
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

START_TEST(test_iscsi_junk)
{
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	struct pxl_wire_stats st;
	uint8_t buf[256];
	struct sess s;

	sess_open(&s, w, 40002, 3260);
	memset(buf, 0, sizeof(buf));
	buf[0] = 0x0e;	/* not an opcode RFC 7143 defines */
	sess_send(&s, 0, PXL_TCP_ACK, buf, 48);
	sess_open(&s, w, 40003, 3260);
	sess_send(&s, 0, PXL_TCP_ACK, buf, simple_pdu(&s, buf, ISCSI_OP_SCSI_RSP, 1, 0, 0));
	sess_send(&s, 0, PXL_TCP_ACK, buf, 48);	/* the connection is gone */
	pxl_wire_stats(w, &st);
	ck_assert_uint_eq(st.tcp_resyncs, 2);
	ck_assert_uint_eq(reason_count(&st, "iscsi: undecodable stream, state dropped"), 2);
	ck_assert_uint_eq(reason_count(&st, "tcp: segment for no known connection"), 1);
	ck_assert_uint_eq(rec_count(&r, "iscsi", "connect", NULL, NULL), 2);
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

START_TEST(test_iscsi_rst_and_syn_retransmit)
{
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	struct pxl_wire_stats st;
	uint8_t b[64];
	struct sess s;

	sess_open(&s, w, 40004, 3260);
	/* the same SYN again: no new connection */
	pxl_wire_frame(w, s.t, 2, b, build_tcp(b, &s.i2t, 0xfffffff0u, 0, PXL_TCP_SYN, NULL, 0));
	ck_assert_uint_eq(rec_count(&r, "iscsi", "connect", NULL, NULL), 1);
	/* a SYN with another ISN on the same ports: a new connection */
	pxl_wire_frame(w, s.t, 2, b, build_tcp(b, &s.i2t, 0x12345678u, 0, PXL_TCP_SYN, NULL, 0));
	ck_assert_uint_eq(rec_count(&r, "iscsi", "connect", NULL, NULL), 2);
	s.seq[0] = 0x12345679u;
	sess_send(&s, 1, PXL_TCP_RST | PXL_TCP_ACK, NULL, 0);
	ck_assert_ptr_nonnull(rec_find(&r, 0, "iscsi", "close", "how", "rst", (const char *)NULL));
	sess_send(&s, 0, PXL_TCP_ACK, "abcd", 4);
	pxl_wire_stats(w, &st);
	ck_assert_uint_eq(reason_count(&st, "tcp: segment for no known connection"), 1);
	ck_assert_uint_eq(st.tcp_resyncs, 0);
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

/**
 * udp_spec() - addressing of a UDP datagram between the client and the server
 * @s:     out: spec
 * @to_srv: from the client 10.0.2.15 (else from the server 10.0.2.2)
 * @cport: client port
 * @sport: server port
 */
static void udp_spec(struct pxl_udp_spec *s, int to_srv, uint16_t cport, uint16_t sport)
{
	uint8_t cm[6], sm[6];

	ck_assert_int_eq(pxl_mac_parse("52:54:00:12:34:56", cm), 0);
	ck_assert_int_eq(pxl_mac_parse("52:55:0a:00:02:02", sm), 0);
	memset(s, 0, sizeof(*s));
	memcpy(s->src_mac, to_srv ? cm : sm, 6);
	memcpy(s->dst_mac, to_srv ? sm : cm, 6);
	s->src_ip = to_srv ? 0x0a00020f : 0x0a000202;
	s->dst_ip = to_srv ? 0x0a000202 : 0x0a00020f;
	s->sport = to_srv ? cport : sport;
	s->dport = to_srv ? sport : cport;
}

/**
 * send_udp() - feed one UDP datagram
 * @w:      observer
 * @t:      time in ms
 * @to_srv: from the client
 * @cport:  client port
 * @sport:  server port
 * @data:   payload
 * @len:    length (negative: a builder failed)
 */
static void send_udp(struct pxl_wire *w, uint64_t t, int to_srv, uint16_t cport, uint16_t sport,
		     const uint8_t *data, int len)
{
	struct pxl_udp_spec s;
	uint8_t b[2048];
	size_t n;

	ck_assert_int_ge(len, 0);
	udp_spec(&s, to_srv, cport, sport);
	n = pxl_build_udp(b, sizeof(b), &s, data, (size_t)len);
	ck_assert_uint_gt(n, 0);
	pxl_wire_frame(w, t * PXL_NS_PER_MS, 3, b, n);
}

START_TEST(test_tftp_server_error)
{
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	const struct pxl_obs *o;
	uint8_t p[512];

	send_udp(w, 10, 1, 2000, 69, p, tftp_build_request(p, sizeof(p), TFTP_RRQ, "missing.efi",
							  "octet", NULL, 0));
	send_udp(w, 12, 0, 2000, 40000, p, tftp_build_error(p, sizeof(p), 1, "File not found"));
	o = rec_find(&r, 0, "tftp", "error", (const char *)NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(pxl_obs_field(o, "sender"), "server");
	ck_assert_str_eq(pxl_obs_field(o, "code"), "1");
	ck_assert_str_eq(pxl_obs_field(o, "message"), "File not found");
	ck_assert_int_eq(o->dir, PXL_OBS_TO_CLIENT);
	o = rec_find(&r, 0, "tftp", "transfer", (const char *)NULL);
	ck_assert_str_eq(pxl_obs_field(o, "state"), "aborted");
	ck_assert_str_eq(pxl_obs_field(o, "duration-ms"), "2.000");
	ck_assert_str_eq(pxl_obs_field(o, "blksize"), "512");
	ck_assert_ptr_null(rec_find(&r, 0, "tftp", "start", (const char *)NULL));
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

/* An upload, with a retransmitted DATA block and a stray packet after the end */
START_TEST(test_tftp_wrq)
{
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	struct pxl_wire_stats st;
	const struct pxl_obs *o;
	uint8_t p[1024], data[512];

	memset(data, 'x', sizeof(data));
	send_udp(w, 1, 1, 2001, 69, p, tftp_build_request(p, sizeof(p), TFTP_WRQ, "up.bin",
							 "octet", NULL, 0));
	send_udp(w, 2, 1, 2001, 69, p, tftp_build_request(p, sizeof(p), TFTP_WRQ, "up.bin",
							 "octet", NULL, 0));	/* again */
	send_udp(w, 3, 0, 2001, 40001, p, tftp_build_ack(p, sizeof(p), 0));
	send_udp(w, 4, 1, 2001, 40001, p, tftp_build_data(p, sizeof(p), 1, data, 512));
	send_udp(w, 5, 1, 2001, 40001, p, tftp_build_data(p, sizeof(p), 1, data, 512));
	send_udp(w, 6, 0, 2001, 40001, p, tftp_build_ack(p, sizeof(p), 1));
	send_udp(w, 7, 1, 2001, 40001, p, tftp_build_data(p, sizeof(p), 2, data, 10));
	send_udp(w, 8, 0, 2001, 40002, p, tftp_build_ack(p, sizeof(p), 2));	/* wrong TID */
	send_udp(w, 9, 0, 2001, 40001, p, tftp_build_ack(p, sizeof(p), 2));
	send_udp(w, 10, 0, 2001, 40001, p, tftp_build_ack(p, sizeof(p), 2));	/* after the end */
	ck_assert_uint_eq(rec_count(&r, "tftp", "request", "op", "wrq"), 1);
	ck_assert_ptr_nonnull(rec_find(&r, 0, "tftp", "start", "server-tid", "40001",
				       (const char *)NULL));
	o = rec_find(&r, 0, "tftp", "transfer", (const char *)NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(pxl_obs_field(o, "state"), "complete");
	ck_assert_str_eq(pxl_obs_field(o, "bytes"), "522");
	ck_assert_str_eq(pxl_obs_field(o, "blocks"), "2");
	ck_assert_str_eq(pxl_obs_field(o, "duration-ms"), "8.000");
	ck_assert_int_eq(o->dir, PXL_OBS_FROM_CLIENT);
	ck_assert_str_eq(pxl_obs_field(o, "throughput"), "65250");
	ck_assert_uint_eq(r.n, 3);	/* request, start, transfer: nothing after the end */
	send_udp(w, 11, 1, 2001, 69, p, tftp_build_ack(p, sizeof(p), 2));	/* to port 69 */
	pxl_wire_stats(w, &st);
	ck_assert_uint_eq(reason_count(&st, "tftp: packet from an unknown TID"), 1);
	ck_assert_uint_eq(reason_count(&st, "tftp: packet for no known transfer"), 1);
	ck_assert_uint_eq(st.malformed, 0);
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

/**
 * struct bad_frame - a malformed input and the reason the observer must count
 */
struct bad_frame {
	const char *name;
	int kind;
	const char *why;
};

enum { BAD_IP_CSUM, BAD_UDP_CSUM, BAD_TCP_CSUM, BAD_DHCP, BAD_DHCP_COOKIE, BAD_TFTP, BAD_TRUNC };

static const struct bad_frame bad_frames[] = {
	{ "IPv4 checksum", BAD_IP_CSUM, "bad IPv4 header checksum" },
	{ "UDP checksum", BAD_UDP_CSUM, "bad UDP checksum" },
	{ "TCP checksum", BAD_TCP_CSUM, "bad TCP checksum" },
	{ "short DHCP", BAD_DHCP, "dhcp: truncated" },
	{ "DHCP cookie", BAD_DHCP_COOKIE, "dhcp: bad-cookie" },
	{ "TFTP request", BAD_TFTP, "tftp: unterminated file name" },
	{ "truncated Ethernet", BAD_TRUNC, "truncated Ethernet header" },
};

/**
 * make_bad() - build one malformed frame
 * @kind: enum value from bad_frames
 * @b:    output (at least 600 bytes)
 *
 * Return: its length.
 */
static size_t make_bad(int kind, uint8_t *b)
{
	struct pxl_udp_spec s;
	uint8_t dhcp[300];
	size_t n;

	memset(dhcp, 0, sizeof(dhcp));
	dhcp[0] = 1;
	dhcp[1] = 1;
	dhcp[2] = 6;
	udp_spec(&s, 1, 68, 67);
	switch (kind) {
	case BAD_TCP_CSUM:
		s.dport = 3260;
		n = build_tcp(b, &s, 1, 0, PXL_TCP_SYN, NULL, 0);
		b[50] ^= 0x55;
		return n;
	case BAD_DHCP:
		return pxl_build_udp(b, 600, &s, dhcp, 100);
	case BAD_TFTP:
		s.sport = 2000;
		s.dport = 69;
		return pxl_build_udp(b, 600, &s, "\0\1abc", 5);
	case BAD_TRUNC:
		return 10;
	default:
		break;
	}
	n = pxl_build_udp(b, 600, &s, dhcp, sizeof(dhcp));	/* cookie missing */
	if (kind == BAD_IP_CSUM)
		b[22] ^= 1;	/* TTL */
	if (kind == BAD_UDP_CSUM)
		b[100] ^= 1;
	return n;
}

START_TEST(test_malformed_counted)
{
	const struct bad_frame *c = &bad_frames[_i];
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	struct pxl_wire_stats st;
	uint8_t b[600], *exact;
	size_t n = make_bad(c->kind, b);

	exact = malloc(n);
	ck_assert_ptr_nonnull(exact);
	memcpy(exact, b, n);
	pxl_wire_frame(w, 1, 0, exact, n);
	pxl_wire_frame(w, 2, 0, exact, n);
	pxl_wire_stats(w, &st);
	ck_assert_msg(pxl_wire_drops(w, c->why) == 2, "%s: \"%s\" counted %llu times (%s)", c->name,
		      c->why, (unsigned long long)pxl_wire_drops(w, c->why),
		      st.n_reasons ? st.reasons[0].why : "no reason");
	ck_assert_uint_eq(st.malformed, 2);
	ck_assert_uint_eq(st.dropped, 2);
	ck_assert_uint_eq(st.n_reasons, 1);
	ck_assert_uint_eq(r.n, 0);
	free(exact);
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

/* Every prefix of every frame, checksums ignored so the parsers see the damage */
START_TEST(test_truncated_frames)
{
	struct frames fs = { 0 };
	struct pxl_wire_config cfg = { { 3260, 3291 }, 2, 0, 1, 0 };
	struct pxl_wire *w = pxl_wire_new(&cfg, NULL, NULL);
	struct pxl_wire_stats st;
	uint8_t *cut;
	size_t i, n;

	frames_load(_i ? UEFI : SANBOOT, &fs);
	for (i = 0; i < fs.n; i++) {
		for (n = 0; n <= fs.len[i]; n++) {
			cut = malloc(n ? n : 1);
			ck_assert_ptr_nonnull(cut);
			memcpy(cut, fs.f[i], n);
			pxl_wire_frame(w, fs.t[i], 0, cut, n);
			free(cut);
		}
	}
	pxl_wire_stats(w, &st);
	ck_assert_uint_gt(st.malformed, 1000);
	ck_assert_uint_gt(st.observations, 0);
	pxl_wire_free(w);
	frames_free(&fs);
}
END_TEST

/**
 * lcg() - a deterministic pseudo-random step
 * @x: state
 *
 * Return: next value.
 */
static uint32_t lcg(uint32_t *x)
{
	*x = *x * 1103515245u + 12345u;
	return *x >> 8;
}

/* Random byte damage to real frames never crashes or reads out of bounds */
START_TEST(test_fuzzed_frames)
{
	struct frames fs = { 0 };
	struct pxl_wire_config cfg = { { 3260, 3291 }, 2, 0, 1, 0 };
	struct pxl_wire *w = pxl_wire_new(&cfg, NULL, NULL);
	struct pxl_wire_stats st;
	uint32_t x = 12345u + (uint32_t)_i;
	size_t i, k, round;
	uint8_t *b;

	frames_load(_i ? UEFI : SANBOOT, &fs);
	for (round = 0; round < 20; round++) {
		for (i = 0; i < fs.n; i++) {
			b = malloc(fs.len[i]);
			ck_assert_ptr_nonnull(b);
			memcpy(b, fs.f[i], fs.len[i]);
			for (k = 0; k < 1 + lcg(&x) % 4; k++)
				b[14 + lcg(&x) % (fs.len[i] - 14)] ^= (uint8_t)(1 + lcg(&x) % 255);
			pxl_wire_frame(w, fs.t[i], 0, b, fs.len[i]);
			free(b);
		}
	}
	pxl_wire_flush(w, fs.t[fs.n - 1]);
	pxl_wire_stats(w, &st);
	ck_assert_uint_eq(st.frames, 20 * fs.n);
	ck_assert_uint_gt(st.dropped, 0);
	pxl_wire_free(w);
	frames_free(&fs);
}
END_TEST

/**
 * wire_stream_suite() - stress and synthetic tests of the observer
 *
 * Return: the suite.
 */
static Suite *wire_stream_suite(void)
{
	Suite *s = suite_create("wire_stream");
	TCase *tc = tcase_create("stream");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_resegmented, 0,
			    (int)(ARRAY_SIZE(chunk_sizes)));
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_reordered);
	tcase_add_test(tc, test_gap);
	tcase_add_test(tc, test_iscsi_login_failure);
	tcase_add_test(tc, test_iscsi_stall_described);
	tcase_add_test(tc, test_iscsi_digest_write_read);
	tcase_add_test(tc, test_iscsi_junk);
	tcase_add_test(tc, test_iscsi_rst_and_syn_retransmit);
	tcase_add_test(tc, test_tftp_server_error);
	tcase_add_test(tc, test_tftp_wrq);
	tcase_add_loop_test(tc, test_malformed_counted, 0,
			    (int)(ARRAY_SIZE(bad_frames)));
	tcase_add_loop_test(tc, test_truncated_frames, 0, 2);
	tcase_add_loop_test(tc, test_fuzzed_frames, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(wire_stream_suite)
