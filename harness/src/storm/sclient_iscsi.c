/* sclient_iscsi.c - a synthetic client's iSCSI stages: iPXE's login, TEST UNIT READY, READ CAPACITY, boot-sector READs
 *
 * The PDUs are iPXE's as captured (../shared/captures/
 * uefi-native-pxe-dnsmasq-tgt.pcap, snponly.efi sanboot): two login
 * requests (security stage with AuthMethod=None, then the operational
 * keys) under one ITT 0x18ae0001, an ISID of type IANA enterprise number
 * (0x40, Fen Systems 10019) with a random qualifier, the initiator name
 * iqn.2010-04.org.ipxe:UUID; then TEST UNIT READY (again while the target
 * answers CHECK CONDITION, as iPXE does up to 10 times), READ CAPACITY(10)
 * and the eleven READ(10)s iPXE's EFI sanboot issued, in order (a command
 * that ends in CHECK CONDITION, e.g. a unit attention, is sent again, at
 * most 10 times, as iPXE's SAN device retries it).  ITTs
 * count up from 0x18ae0001, CmdSN from 0 (the login is immediate),
 * ExpStatSN is the last StatSN + 1.
 *
 * The bytes ride a real TCP connection the host opens (scl_tx.tcp_open);
 * responses come back through scl_client_tcp() in any slicing.  Each
 * request waits at most SCL_ISCSI_TIMEOUT_MS for its response.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/addr.h"
#include "core/be.h"
#include "core/util.h"
#include "net/transport.h"
#include "services/iscsi/iscsi_pdu.h"
#include "storm/sclient_priv.h"

/** SCL_ISCSI_TIMEOUT_MS - how long one request waits (iPXE's SAN command timeout, 15 s) */
#define SCL_ISCSI_TIMEOUT_MS 15000
/** SCL_AGAIN_MAX - a command sent again while it ends in CHECK CONDITION (iPXE's
 * SCSI_READY_MAX_RETRY for TEST UNIT READY, its san_retries for the others: 10) */
#define SCL_AGAIN_MAX 10
/** SCL_ITT_MAGIC - iPXE's initiator task tags: 0x18ae0000 | counter */
#define SCL_ITT_MAGIC 0x18ae0000u
/** SCL_ISID_IANA - ISID type 01b (IANA enterprise number) then Fen Systems' 10019 */
static const uint8_t scl_isid_iana[4] = { 0x40, 0x00, 0x27, 0x23 };

/** scl_sec_keys - the security stage's keys after the names, as iPXE sends them */
static const char scl_sec_keys[] = "SessionType=Normal\0AuthMethod=None";

/** scl_op_keys - the operational stage's keys, as iPXE sends them */
static const char scl_op_keys[] =
	"HeaderDigest=None\0DataDigest=None\0MaxConnections=1\0InitialR2T=Yes\0ImmediateData=No\0"
	"MaxRecvDataSegmentLength=8192\0MaxBurstLength=262144\0FirstBurstLength=65536\0"
	"DefaultTime2Wait=0\0DefaultTime2Retain=0\0MaxOutstandingR2T=1\0DataPDUInOrder=Yes\0"
	"DataSequenceInOrder=Yes\0ErrorRecoveryLevel=0";

/**
 * struct scl_read - one READ(10) of iPXE's EFI sanboot
 * @lba:    first block
 * @blocks: count
 */
struct scl_read {
	uint32_t lba;
	uint16_t blocks;
};

/* the READ(10)s of the capture, in order (LBA 64 x4: iPXE looks for an ISO9660 volume) */
static const struct scl_read scl_reads[] = {
	{ 64, 4 }, { 0, 1 }, { 64, 4 }, { 64, 1 }, { 0, 1 }, { 0, 1 },
	{ 0, 1 }, { 64, 4 }, { 64, 1 }, { 0, 1 }, { 0, 1 },
};

/* steps: 0, 1 the logins, 2 TEST UNIT READY, 3 READ CAPACITY(10), 4.. the READs */
enum { STEP_LOGIN_SEC, STEP_LOGIN_OP, STEP_TUR, STEP_CAP, STEP_READ0 };
#define STEP_END (STEP_READ0 + (int)ARRAY_SIZE(scl_reads))

/**
 * iscsi_fail() - the stage failed: close the connection, say why
 * @c:   client
 * @now: clock
 * @tx:  host
 * @why: diagnosis
 */
static void iscsi_fail(struct scl_client *c, uint64_t now, const struct scl_tx *tx, const char *why)
{
	if (tx->tcp_close)
		tx->tcp_close(tx->ctx, c);
	scl_fail(c, now, "%s", why);
}

/**
 * root_field() - the @k-th colon-separated field of "iscsi:A:B:C:D:IQN"
 * @root: root path
 * @k:    0 server .. 4 target name (the rest of the text)
 * @len:  out: its length
 *
 * Return: its first byte, or NULL if the path has fewer fields.
 */
static const char *root_field(const char *root, unsigned k, size_t *len)
{
	const char *p = root + 6;
	unsigned i;

	for (i = 0; i < k; i++) {
		p = strchr(p, ':');
		if (!p)
			return NULL;
		p++;
	}
	*len = k == 4 ? strlen(p) : strcspn(p, ":");
	return p;
}

/**
 * parse_root() - the portal, port, LUN and target name of an iPXE iSCSI root path
 * @c: client (c->root set)
 *
 * Return: 0, or -1 if iPXE could not use it either.
 */
static int parse_root(struct scl_client *c)
{
	const char *srv, *port, *lun, *iqn;
	size_t ls, lp, ll, li;
	char buf[PXL_IP_STR + 1];
	unsigned long v;

	if (strncmp(c->root, "iscsi:", 6) || !(srv = root_field(c->root, 0, &ls)) ||
	    !(port = root_field(c->root, 2, &lp)) || !(lun = root_field(c->root, 3, &ll)) ||
	    !(iqn = root_field(c->root, 4, &li)) || !li || ls >= sizeof(buf))
		return -1;
	memcpy(buf, srv, ls);
	buf[ls] = '\0';
	if (pxl_ip_parse(buf, &c->is.portal))
		return -1;
	v = lp ? strtoul(port, NULL, 10) : 3260;
	if (!v || v > 65535)
		return -1;
	c->is.port = (uint16_t)v;
	v = ll ? strtoul(lun, NULL, 16) : 0;
	memset(c->is.lun, 0, sizeof(c->is.lun));
	pxl_put_be16(c->is.lun, (uint16_t)v);
	c->is.iqn_off = (uint16_t)(iqn - c->root);
	return 0;
}

/**
 * scl_iscsi_begin() - the login stage: ask the host for a connection to the root path's portal
 * @c:   client (its iPXE ACK's root path in c->root)
 * @now: clock
 * @tx:  host
 */
void scl_iscsi_begin(struct scl_client *c, uint64_t now, const struct scl_tx *tx)
{
	char why[SCL_WHY_MAX];
	int rc;

	c->rec[c->stage].start_ns = now;
	memset(&c->is, 0, sizeof(c->is));
	if (!c->root[0] || parse_root(c)) {
		snprintf(why, sizeof(why), c->root[0] ? "root path \"%.60s\" is not iscsi:SERVER::PORT:LUN:IQN" :
			 "the iPXE round's ACK carries no root path (option 17)%.0s", c->root);
		iscsi_fail(c, now, tx, why);
		return;
	}
	c->is.isid_q = (uint16_t)scl_rand(c);
	c->is.itt = SCL_ITT_MAGIC | 1;
	c->is.expstatsn = 1;
	c->state = SCL_CONNECT;
	c->deadline = now + scl_timer_ns(c, SCL_ISCSI_TIMEOUT_MS * PXL_NS_PER_MS);
	rc = tx->tcp_open ? tx->tcp_open(tx->ctx, c, c->is.portal, c->is.port) : -ENOSYS;
	if (rc) {
		snprintf(why, sizeof(why), "cannot open TCP to the iSCSI portal: %s",
			 rc == -ENOSYS ? "no TCP stack for synthetic clients" : strerror(-rc));
		iscsi_fail(c, now, tx, why);
	}
}

/**
 * put_text() - "KEY=VALUE" keys (NUL-separated in @keys) after @o in @buf
 * @buf:  PDU
 * @o:    offset
 * @keys: keys, NUL-separated
 * @klen: their length without the last NUL
 *
 * Return: the new offset.
 */
static size_t put_text(uint8_t *buf, size_t o, const char *keys, size_t klen)
{
	memcpy(buf + o, keys, klen + 1);
	return o + klen + 1;
}

/**
 * send_pdu() - a BHS with its data segment (padded to 4) on the connection
 * @c:    client
 * @tx:   host
 * @pdu:  the PDU, BHS then data, room for the padding
 * @dlen: data segment length (also written into the BHS)
 *
 * Return: 0, or -errno.
 */
static int send_pdu(struct scl_client *c, const struct scl_tx *tx, uint8_t *pdu, size_t dlen)
{
	size_t pad = (4 - dlen % 4) % 4;

	pxl_put_be32(pdu + 4, (uint32_t)dlen);	/* TotalAHSLength 0 */
	memset(pdu + ISCSI_BHS_LEN + dlen, 0, pad);
	c->rec[c->stage].tries++;
	return tx->tcp_send(tx->ctx, c, pdu, ISCSI_BHS_LEN + dlen + pad);
}

/**
 * uuid_str() - a UUID as iPXE prints it in its initiator name: 8-4-4-4-12 lower-case hex
 * @u:   16 bytes
 * @out: text
 *
 * Return: @out.
 */
static const char *uuid_str(const uint8_t u[16], char out[37])
{
	size_t i, o = 0;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		o += (size_t)snprintf(out + o, 37 - o, "%02x", u[i]);
	}
	return out;
}

/**
 * send_login() - login request @c->is.step (0: security stage, 1: operational stage)
 * @c:  client
 * @tx: host
 *
 * Return: 0, or -errno.
 */
static int send_login(struct scl_client *c, const struct scl_tx *tx)
{
	uint8_t pdu[ISCSI_BHS_LEN + 512] = { 0 };
	char names[320], uuid[37];
	size_t o = ISCSI_BHS_LEN;
	int n;

	pdu[0] = 0x40 | ISCSI_OP_LOGIN_REQ;		/* immediate */
	pdu[1] = c->is.step == STEP_LOGIN_SEC ? 0x81 : 0x87;	/* T, CSG 0 NSG 1 / CSG 1 NSG 3 */
	memcpy(pdu + 8, scl_isid_iana, 4);
	pxl_put_be16(pdu + 12, c->is.isid_q);
	pxl_put_be32(pdu + 16, c->is.itt);
	pxl_put_be32(pdu + 24, c->is.cmdsn);
	pxl_put_be32(pdu + 28, c->is.expstatsn);
	if (c->is.step == STEP_LOGIN_OP)
		return send_pdu(c, tx, pdu, put_text(pdu, o, scl_op_keys, sizeof(scl_op_keys) - 1) - o);
	n = snprintf(names, sizeof(names), "InitiatorName=iqn.2010-04.org.ipxe:%s%cTargetName=%s",
		     uuid_str(c->uuid, uuid), 0, c->root + c->is.iqn_off);
	if (n < 0 || (size_t)n >= sizeof(names))
		return -ENAMETOOLONG;
	o = put_text(pdu, o, names, (size_t)n);
	return send_pdu(c, tx, pdu, put_text(pdu, o, scl_sec_keys, sizeof(scl_sec_keys) - 1) - ISCSI_BHS_LEN);
}

/**
 * send_command() - the SCSI command of the current step, as iPXE builds it
 * @c:  client
 * @tx: host
 *
 * Return: 0, or -errno.
 */
static int send_command(struct scl_client *c, const struct scl_tx *tx)
{
	uint8_t pdu[ISCSI_BHS_LEN] = { 0 };
	uint32_t edtl = 0;

	pdu[0] = ISCSI_OP_SCSI_CMD;
	pdu[1] = ISCSI_FLAG_FINAL | 1;			/* simple task */
	memcpy(pdu + 8, c->is.lun, 8);
	if (c->is.step == STEP_CAP) {
		pdu[32] = 0x25;				/* READ CAPACITY(10) */
		edtl = 8;
	} else if (c->is.step >= STEP_READ0) {
		const struct scl_read *r = &scl_reads[c->is.step - STEP_READ0];

		pdu[32] = 0x28;				/* READ(10) */
		pxl_put_be32(pdu + 34, r->lba);
		pxl_put_be16(pdu + 39, r->blocks);
		edtl = r->blocks * c->is.blksize;
	}						/* else TEST UNIT READY: CDB all zero */
	if (edtl)
		pdu[1] |= ISCSI_FLAG_CMD_READ;
	pxl_put_be32(pdu + 16, c->is.itt);
	pxl_put_be32(pdu + 20, edtl);
	pxl_put_be32(pdu + 24, c->is.cmdsn++);
	pxl_put_be32(pdu + 28, c->is.expstatsn);
	c->is.got = 0;
	return send_pdu(c, tx, pdu, 0);
}

/**
 * send_step() - the request of the current step, a fresh ITT for a command, and its timer
 * @c:   client
 * @now: clock
 * @tx:  host
 */
static void send_step(struct scl_client *c, uint64_t now, const struct scl_tx *tx)
{
	int rc;

	c->state = SCL_ISCSI;
	c->deadline = now + scl_timer_ns(c, SCL_ISCSI_TIMEOUT_MS * PXL_NS_PER_MS);
	if (c->is.step >= STEP_TUR)
		c->is.itt = SCL_ITT_MAGIC | ((c->is.itt + 1) & 0xffff);
	rc = c->is.step <= STEP_LOGIN_OP ? send_login(c, tx) : send_command(c, tx);
	if (rc) {
		char why[SCL_WHY_MAX];

		snprintf(why, sizeof(why), "cannot send on the iSCSI connection: %s", strerror(-rc));
		iscsi_fail(c, now, tx, why);
	}
}

/**
 * step_name() - the request of a step in words
 * @c:   client
 * @buf: room for "READ(10) LBA 4294967295 x65535"
 * @len: its size
 *
 * Return: @buf.
 */
static const char *step_name(const struct scl_client *c, char *buf, size_t len)
{
	static const char *const names[] = { "the security-stage login", "the operational-stage login",
					     "TEST UNIT READY", "READ CAPACITY(10)" };

	if (c->is.step < STEP_READ0)
		snprintf(buf, len, "%s", names[c->is.step]);
	else
		snprintf(buf, len, "READ(10) LBA %u x%u", scl_reads[c->is.step - STEP_READ0].lba,
			 scl_reads[c->is.step - STEP_READ0].blocks);
	return buf;
}

/**
 * stage_over() - the login or the boot stage passed: the next one, or the end (connection closed)
 * @c:   client
 * @now: clock
 * @tx:  host
 */
static void stage_over(struct scl_client *c, uint64_t now, const struct scl_tx *tx)
{
	unsigned retx = tx->tcp_retrans ? tx->tcp_retrans(tx->ctx, c) : 0;

	c->rec[c->stage].retx = retx - c->is.retx0;
	c->is.retx0 = retx;
	if (c->stage == SCL_ISCSI_BOOT && tx->tcp_close)
		tx->tcp_close(tx->ctx, c);
	scl_pass(c, now, tx);
}

/**
 * scl_iscsi_boot_begin() - the boot stage: TEST UNIT READY first
 * @c:   client (logged in)
 * @now: clock
 * @tx:  host
 */
void scl_iscsi_boot_begin(struct scl_client *c, uint64_t now, const struct scl_tx *tx)
{
	c->rec[c->stage].start_ns = now;
	c->is.step = STEP_TUR;
	send_step(c, now, tx);
}

/**
 * on_login() - a login response: the next login request, or the session is up
 * @c:   client
 * @b:   its header
 * @now: clock
 * @tx:  host
 */
static void on_login(struct scl_client *c, const struct iscsi_bhs *b, uint64_t now, const struct scl_tx *tx)
{
	char why[SCL_WHY_MAX];

	c->is.expstatsn = b->statsn + 1;
	if (b->status_class || !b->transit || (c->is.step == STEP_LOGIN_OP && b->nsg != ISCSI_STAGE_FULL_FEATURE)) {
		snprintf(why, sizeof(why), "login to %.60s refused: status class %u detail %u, T=%d NSG %u",
			 c->root + c->is.iqn_off, b->status_class, b->status_detail, b->transit, b->nsg);
		iscsi_fail(c, now, tx, why);
		return;
	}
	if (b->nsg == ISCSI_STAGE_FULL_FEATURE) {
		c->is.tsih = (uint16_t)b->tsih;
		stage_over(c, now, tx);
		return;
	}
	c->is.step = STEP_LOGIN_OP;
	send_step(c, now, tx);
}

/**
 * check_command() - the command of the current step ended with @status: its words if it failed
 * @c:      client
 * @status: SCSI status
 * @why:    out: diagnosis
 * @len:    its size
 *
 * Return: 0 it passed, 1 TEST UNIT READY must go again, -1 failed (@why).
 */
static int check_command(struct scl_client *c, uint32_t status, char *why, size_t len)
{
	char what[48];
	uint32_t want = 8;

	step_name(c, what, sizeof(what));
	if (status && ++c->is.tur < SCL_AGAIN_MAX)
		return 1;
	if (c->is.step >= STEP_READ0)
		want = scl_reads[c->is.step - STEP_READ0].blocks * c->is.blksize;
	if (status)
		snprintf(why, len, "%s: SCSI status 0x%02x (sense key 0x%x, ASC/ASCQ %02x/%02x) %u times (iPXE gives up)",
			 what, status, c->is.sense[0], c->is.sense[1], c->is.sense[2], c->is.tur);
	else if (c->is.step != STEP_TUR && c->is.got != want)
		snprintf(why, len, "%s: %u data bytes, expected %u", what, c->is.got, want);
	else if (c->is.step == STEP_CAP && !(c->is.blksize = pxl_get_be32(c->is.cap + 4)))
		snprintf(why, len, "READ CAPACITY(10) says the block length is 0");
	else
		return 0;
	return -1;
}

/**
 * on_status() - the current command completed: the next step, again, or the end
 * @c:      client
 * @status: SCSI status
 * @now:    clock
 * @tx:     host
 */
static void on_status(struct scl_client *c, uint32_t status, uint64_t now, const struct scl_tx *tx)
{
	char why[SCL_WHY_MAX];
	int rc = check_command(c, status, why, sizeof(why));

	if (rc < 0) {
		iscsi_fail(c, now, tx, why);
		return;
	}
	if (rc == 0)
		c->is.tur = 0;
	if (rc == 0 && ++c->is.step == STEP_END) {
		stage_over(c, now, tx);
		return;
	}
	send_step(c, now, tx);
}

/**
 * on_pdu() - a whole response PDU (its header in c->is.hdr, its data counted)
 * @c:   client
 * @now: clock
 * @tx:  host
 */
static void on_pdu(struct scl_client *c, uint64_t now, const struct scl_tx *tx)
{
	struct iscsi_bhs b;
	char why[SCL_WHY_MAX];

	if (iscsi_bhs_parse(c->is.hdr, ISCSI_BHS_LEN, &b)) {
		iscsi_fail(c, now, tx, "malformed iSCSI response header");
		return;
	}
	if (b.opcode == ISCSI_OP_NOP_IN || b.opcode == ISCSI_OP_ASYNC)
		return;				/* iPXE takes no action on these either */
	if (b.itt != c->is.itt || b.opcode == ISCSI_OP_REJECT ||
	    (b.opcode == ISCSI_OP_LOGIN_RSP) != (c->is.step <= STEP_LOGIN_OP) ||
	    (b.opcode != ISCSI_OP_LOGIN_RSP && b.opcode != ISCSI_OP_SCSI_RSP && b.opcode != ISCSI_OP_DATA_IN)) {
		snprintf(why, sizeof(why), "unexpected %s (ITT 0x%08x, reason 0x%02x) awaiting %s",
			 iscsi_opcode_name(b.opcode), b.itt, b.reason, step_name(c, (char[48]){ 0 }, 48));
		iscsi_fail(c, now, tx, why);
	} else if (b.opcode == ISCSI_OP_LOGIN_RSP) {
		on_login(c, &b, now, tx);
	} else if (b.opcode == ISCSI_OP_SCSI_RSP && b.response) {
		snprintf(why, sizeof(why), "%s: iSCSI response 0x%02x", step_name(c, (char[48]){ 0 }, 48), b.response);
		iscsi_fail(c, now, tx, why);
	} else if (b.opcode == ISCSI_OP_SCSI_RSP || b.has_status) {
		c->is.expstatsn = b.statsn + 1;
		on_status(c, b.status, now, tx);
	}
}

/**
 * sense_byte() - a byte of a SCSI Response's data (SenseLength, then fixed-format sense): key, ASC, ASCQ kept
 * @c:   client
 * @off: its offset in the data segment
 * @b:   the byte
 */
static void sense_byte(struct scl_client *c, uint32_t off, uint8_t b)
{
	if (off == 4)
		c->is.sense[0] = b & 0x0f;
	else if (off == 14 || off == 15)
		c->is.sense[off - 13] = b;
}

/**
 * take_data() - data segment bytes of the PDU being received: counted, READ CAPACITY's kept
 * @c:    client
 * @p:    bytes
 * @n:    how many (at most c->is.left)
 */
static void take_data(struct scl_client *c, const uint8_t *p, size_t n)
{
	uint32_t ahs = c->is.hdr[4] * 4u, dlen = pxl_get_be(c->is.hdr + 5, 3);
	uint32_t total = ahs + dlen + (4 - dlen % 4) % 4, at = total - c->is.left, off;
	size_t i;

	for (i = 0; i < n; i++, at++) {
		if (at < ahs || at >= ahs + dlen)
			continue;
		if ((c->is.hdr[0] & 0x3f) == ISCSI_OP_SCSI_RSP) {
			sense_byte(c, at - ahs, p[i]);
			continue;
		}
		off = (c->is.hdr[0] & 0x3f) == ISCSI_OP_DATA_IN ? pxl_get_be32(c->is.hdr + 40) : 0;
		off += at - ahs;
		if (c->is.step == STEP_CAP && off < sizeof(c->is.cap))
			c->is.cap[off] = p[i];
		c->is.got++;
	}
	c->is.left -= (uint32_t)n;
}

/**
 * take_bytes() - bytes from the connection: headers, data, whole PDUs handled
 * @c:   client
 * @p:   bytes
 * @n:   how many
 * @now: clock
 * @tx:  host
 */
static void take_bytes(struct scl_client *c, const uint8_t *p, size_t n, uint64_t now, const struct scl_tx *tx)
{
	while (n && c->state == SCL_ISCSI) {
		size_t k;

		if (c->is.hlen < ISCSI_BHS_LEN) {
			k = (size_t)(ISCSI_BHS_LEN - c->is.hlen);
			k = k < n ? k : n;
			memcpy(c->is.hdr + c->is.hlen, p, k);
			c->is.hlen = (uint8_t)(c->is.hlen + k);
			if (c->is.hlen == ISCSI_BHS_LEN) {
				uint32_t dlen = pxl_get_be(c->is.hdr + 5, 3);

				c->is.left = c->is.hdr[4] * 4u + dlen + (4 - dlen % 4) % 4;
				memset(c->is.sense, 0, sizeof(c->is.sense));
			}
		} else {
			k = c->is.left < n ? (size_t)c->is.left : n;
			take_data(c, p, k);
		}
		p += k;
		n -= k;
		if (c->is.hlen == ISCSI_BHS_LEN && !c->is.left) {
			c->is.hlen = 0;
			on_pdu(c, now, tx);
		}
	}
}

/**
 * scl_iscsi_tcp() - what the host says of the client's connection
 * @c:    client
 * @ev:   connected, data or closed
 * @data, @len: the bytes of SCL_TCP_DATA
 * @err:  errno of SCL_TCP_CLOSED (0: the peer closed it)
 * @now:  clock
 * @tx:   host
 */
void scl_iscsi_tcp(struct scl_client *c, enum scl_tcp_ev ev, const uint8_t *data, size_t len, int err,
		   uint64_t now, const struct scl_tx *tx)
{
	char why[SCL_WHY_MAX], ip[PXL_IP_STR], what[48];

	if (ev == SCL_TCP_CONNECTED && c->state == SCL_CONNECT) {
		c->is.step = STEP_LOGIN_SEC;
		send_step(c, now, tx);
	} else if (ev == SCL_TCP_DATA) {
		take_bytes(c, data, len, now, tx);
	} else if (ev == SCL_TCP_CLOSED && (c->state == SCL_CONNECT || c->state == SCL_ISCSI)) {
		if (c->state == SCL_CONNECT)
			snprintf(why, sizeof(why), "TCP connection to %s:%u failed: %s",
				 pxl_ip_str(c->is.portal, ip), c->is.port, strerror(err ? err : ECONNRESET));
		else
			snprintf(why, sizeof(why), "%s%s awaiting %s", err ? "the connection failed: " : "the target closed the connection",
				 err ? strerror(err) : "", step_name(c, what, sizeof(what)));
		iscsi_fail(c, now, tx, why);
	}
}

/**
 * scl_iscsi_tick() - a request waited SCL_ISCSI_TIMEOUT_MS: the stage fails
 * @c:   client
 * @now: clock
 * @tx:  host
 */
void scl_iscsi_tick(struct scl_client *c, uint64_t now, const struct scl_tx *tx)
{
	char why[SCL_WHY_MAX], ip[PXL_IP_STR], what[48];

	if (c->state == SCL_CONNECT)
		snprintf(why, sizeof(why), "no TCP connection to %s:%u within %u s (kernel SYN retries)",
			 pxl_ip_str(c->is.portal, ip), c->is.port, SCL_ISCSI_TIMEOUT_MS / 1000);
	else
		snprintf(why, sizeof(why), "no response to %s within %u s",
			 step_name(c, what, sizeof(what)), SCL_ISCSI_TIMEOUT_MS / 1000);
	iscsi_fail(c, now, tx, why);
}
