/* iscsi_scsi.c - SCSI Command, Data-Out, R2T and Data-In: moving a command's data */
#include "services/iscsi/iscsi_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/be.h"

/**
 * iscsi_lun_lookup() - the logical unit a LUN field addresses
 * @conn:      connection
 * @lun_field: bytes 8..15 of the BHS
 * @idx:       out: index in the target's table
 *
 * Return: the LUN or NULL.
 */
struct iscsi_lun *iscsi_lun_lookup(struct iscsi_conn *conn, uint64_t lun_field, size_t *idx)
{
	uint8_t b0 = (uint8_t)(lun_field >> 56), b1 = (uint8_t)(lun_field >> 48);
	const struct iscsi_target *t = conn->target;
	uint16_t lun;
	size_t i;

	if (!t || (lun_field & 0xffffffffffffull))
		return NULL;
	if ((b0 >> 6) == 0 && !(b0 & 0x3f))
		lun = b1;
	else if ((b0 >> 6) == 1)
		lun = (uint16_t)(((b0 & 0x3f) << 8) | b1);
	else
		return NULL;
	for (i = 0; i < t->nluns; i++)
		if (t->luns[i].lun == lun) {
			*idx = i;
			return (struct iscsi_lun *)&t->luns[i];
		}
	return NULL;
}

/**
 * task_ua() - whether this nexus has a unit attention on the task's LUN
 * @conn: connection
 * @t:    task
 *
 * Return: 1 if pending.
 */
static int task_ua(const struct iscsi_conn *conn, const struct iscsi_task *t)
{
	return t->lun && conn->ua_gen[t->lun_idx] != scsi_disk_reset_gen(t->lun->disk);
}

/**
 * task_exec() - run the command on its LUN (or the no-LUN / REPORT LUNS paths)
 * @conn: connection
 * @t:    task
 * @prep: 1 for the prepare step, 0 to execute
 *
 * Return: for @prep, 1 if data-out should be collected; otherwise 0.
 */
static int task_exec(struct iscsi_conn *conn, struct iscsi_task *t, int prep)
{
	struct scsi_cmd *c = &t->cmd;
	uint16_t luns[ISCSI_MAX_LUNS];
	size_t i;
	int go = 0;

	c->cdb = t->cdb;
	c->cdb_len = sizeof(t->cdb);
	c->ua_pending = task_ua(conn, t);
	if (t->cdb[0] == SCSI_OP_REPORT_LUNS && conn->target && !prep) {
		for (i = 0; i < conn->target->nluns; i++)
			luns[i] = conn->target->luns[i].lun;
		scsi_report_luns(c, luns, conn->target->nluns);
	} else if (t->cdb[0] == SCSI_OP_REPORT_LUNS || !t->lun) {
		if (prep)
			return 1;
		scsi_nolun_exec(c);
	} else if (prep) {
		go = scsi_disk_prepare(t->lun->disk, c);
	} else {
		scsi_disk_exec(t->lun->disk, c);
	}
	if (c->ua_reported && t->lun)
		conn->ua_gen[t->lun_idx] = scsi_disk_reset_gen(t->lun->disk);
	return go;
}

/**
 * task_event() - report a READ or WRITE as an event
 * @conn: connection
 * @t:    completed task
 */
static void task_event(struct iscsi_conn *conn, const struct iscsi_task *t)
{
	const struct scsi_cdb_info *info = &t->cmd.info;
	const char *kind;
	char detail[64];

	if (!info->has_lba || strncmp(info->name, "READ(", 5) == 0)
		kind = info->has_lba ? "read" : NULL;
	else if (strncmp(info->name, "WRITE", 5) == 0)
		kind = "write";
	else
		kind = NULL;
	if (!kind)
		return;
	if (kind[0] == 'r')
		conn->stats.reads++;
	else
		conn->stats.writes++;
	snprintf(detail, sizeof(detail), "blocks=%u status=0x%02x", info->blocks, t->cmd.status);
	iscsi_event(conn, kind, NULL, detail, info->lba);
}

/**
 * residual_set() - overflow/underflow of what the command transferred against EDTL
 * @bhs:     Data-In or SCSI Response being built
 * @natural: bytes the command transferred (or wanted to)
 * @edtl:    Expected Data Transfer Length
 */
static void residual_set(struct iscsi_bhs *bhs, size_t natural, uint32_t edtl)
{
	if (natural > edtl) {
		bhs->overflow = 1;
		bhs->residual = (uint32_t)(natural - edtl);
	} else if (natural < edtl) {
		bhs->underflow = 1;
		bhs->residual = (uint32_t)(edtl - natural);
	}
}

/** DATA_IN_BATCH - Data-In PDUs handed to the transport in one gathered write */
#define DATA_IN_BATCH 16

/**
 * struct data_in_batch - Data-In PDUs being gathered: headers here, data in place
 * @hdr:  encoded headers
 * @iov:  header, data and pad of each PDU
 * @n:    PDUs gathered
 */
struct data_in_batch {
	uint8_t hdr[DATA_IN_BATCH][ISCSI_BHS_LEN];
	struct iovec iov[3 * DATA_IN_BATCH];
	size_t n;
};

/**
 * data_in_add() - gather one Data-In PDU; send the batch when it is full or @last
 * @conn:  connection
 * @batch: the batch
 * @b:     header fields (StatSN etc. are filled here)
 * @data:  its data segment
 * @seg:   length
 * @last:  no PDU follows
 *
 * Return: 0 or -errno.
 */
static int data_in_add(struct iscsi_conn *conn, struct data_in_batch *batch, struct iscsi_bhs *b,
		       const uint8_t *data, size_t seg, int last)
{
	static const uint8_t pad[4];
	struct iovec *v = &batch->iov[3 * batch->n];
	size_t n;

	iscsi_pdu_head(conn, b, seg, b->has_status, batch->hdr[batch->n]);
	v[0] = (struct iovec){ batch->hdr[batch->n], ISCSI_BHS_LEN };
	v[1] = (struct iovec){ (void *)data, seg };
	v[2] = (struct iovec){ (void *)pad, iscsi_pad4(seg) - seg };
	if (++batch->n < DATA_IN_BATCH && !last)
		return 0;
	n = batch->n;
	batch->n = 0;
	return iscsi_sendv(conn, batch->iov, 3 * n, n);
}

/**
 * send_data_in() - Data-In PDUs: MaxRecvDataSegmentLength each, a sequence per MaxBurstLength
 * @conn:    connection
 * @t:       task
 * @data:    bytes
 * @len:     count (> 0)
 * @natural: bytes produced, for the residual in the final (S) PDU
 *
 * The status rides in the final Data-In (S bit, RFC 7143 11.7.1), and the
 * data goes out from @data in gathered writes of up to DATA_IN_BATCH PDUs.
 *
 * Return: number of Data-In PDUs sent.
 */
static uint32_t send_data_in(struct iscsi_conn *conn, const struct iscsi_task *t,
			     const uint8_t *data, size_t len, size_t natural)
{
	size_t off = 0, seg_max = conn->p.initiator_mrdsl, burst = conn->p.max_burst;
	struct data_in_batch batch;
	uint32_t datasn = 0;

	batch.n = 0;
	while (off < len) {
		struct iscsi_bhs b = { .opcode = ISCSI_OP_DATA_IN, .lun = t->lunraw, .itt = t->itt,
				       .ttt = ISCSI_RSVD_TAG, .datasn = datasn,
				       .offset = (uint32_t)off };
		size_t burst_end = (off / burst + 1) * burst;
		size_t seg = len - off;

		if (seg > seg_max)
			seg = seg_max;
		if (off + seg > burst_end)
			seg = burst_end - off;
		b.final = off + seg == len || off + seg == burst_end;
		b.has_status = off + seg == len;
		if (b.has_status)
			residual_set(&b, natural, t->edtl);
		data_in_add(conn, &batch, &b, data + off, seg, b.has_status);
		off += seg;
		datasn++;
	}
	return datasn;
}

/**
 * send_response() - SCSI Response with status, sense and residuals
 * @conn:      connection
 * @t:         task
 * @natural:   bytes the command transferred (for residuals when GOOD)
 * @expdatasn: Data-In or R2T PDUs sent for the command
 */
static void send_response(struct iscsi_conn *conn, const struct iscsi_task *t, size_t natural,
			  uint32_t expdatasn)
{
	struct iscsi_bhs b = { .opcode = ISCSI_OP_SCSI_RSP, .itt = t->itt, .lun = 0,
			       .status = t->cmd.status, .expdatasn = expdatasn };
	uint8_t sense[2 + SCSI_SENSE_LEN];
	size_t slen = 0;

	if (t->cmd.status == SCSI_STATUS_GOOD) {
		residual_set(&b, natural, t->edtl);
	} else if (t->cmd.sense_len) {
		pxl_put_be16(sense, (uint16_t)t->cmd.sense_len);
		memcpy(sense + 2, t->cmd.sense, t->cmd.sense_len);
		slen = 2 + t->cmd.sense_len;
	}
	iscsi_send(conn, &b, sense, slen, 1);
}

/**
 * task_free() - release a task slot and its buffer
 * @t: task
 */
static void task_free(struct iscsi_task *t)
{
	free(t->out);
	memset(t, 0, sizeof(*t));
	t->state = TASK_FREE;
}

/**
 * task_complete() - execute (unless it already failed) and send data and status
 * @conn:   connection
 * @t:      task
 * @write:  W bit
 */
static void task_complete(struct iscsi_conn *conn, struct iscsi_task *t, int write)
{
	struct scsi_cmd *c = &t->cmd;
	size_t cap = t->read ? (t->edtl < ISCSI_XFER_MAX ? t->edtl : ISCSI_XFER_MAX) : 0;
	uint8_t *in = cap ? malloc(cap) : NULL;
	size_t natural, sent;
	uint32_t ndata = 0;

	if (!t->failed) {
		c->out = t->out;
		c->out_len = t->have < t->want ? t->have : t->want;
		c->in = in;
		c->in_cap = in ? cap : 0;
		task_exec(conn, t, 0);
	}
	natural = t->read || !write ? c->in_len : c->out_want;
	sent = t->read && c->status == SCSI_STATUS_GOOD ? (c->in_len < cap ? c->in_len : cap) : 0;
	if (t->read && cap && !in && !t->failed)
		scsi_cmd_sense(c, SCSI_SENSE_HARDWARE_ERROR, 0x5500 /* resource failure */);
	task_event(conn, t);
	if (sent && in)
		ndata = send_data_in(conn, t, in, sent, natural);
	if (!ndata)
		send_response(conn, t, natural, write ? t->r2tsn : 0);
	free(in);
	task_free(t);
}

/**
 * task_fail() - complete a task now with CHECK CONDITION
 * @conn:  connection
 * @t:     task
 * @key:   sense key
 * @asc:   ASC << 8 | ASCQ
 * @why:   reason for the "error" event
 */
static void task_fail(struct iscsi_conn *conn, struct iscsi_task *t, uint8_t key, uint16_t asc,
		      const char *why)
{
	iscsi_event(conn, "error", NULL, why, t->itt);
	scsi_cmd_sense(&t->cmd, key, asc);
	t->failed = 1;
	task_complete(conn, t, 1);
}

/**
 * send_r2t() - ask for the next piece of data-out (at most MaxBurstLength)
 * @conn: connection
 * @t:    task
 */
static void send_r2t(struct iscsi_conn *conn, struct iscsi_task *t)
{
	size_t len = t->want - t->have;
	struct iscsi_bhs b = { .opcode = ISCSI_OP_R2T, .itt = t->itt };

	if (len > conn->p.max_burst)
		len = conn->p.max_burst;
	if (conn->next_ttt == ISCSI_RSVD_TAG)
		conn->next_ttt = 1;
	t->ttt = conn->next_ttt++;
	t->state = TASK_R2T;
	t->limit = t->have + len;
	t->datasn = 0;
	b.lun = t->lunraw;
	b.ttt = t->ttt;
	b.datasn = t->r2tsn++;
	b.offset = (uint32_t)t->have;
	b.desired = (uint32_t)len;
	iscsi_send(conn, &b, NULL, 0, 0);
}

/**
 * task_continue() - after a sequence: solicit more, or complete
 * @conn: connection
 * @t:    task
 */
static void task_continue(struct iscsi_conn *conn, struct iscsi_task *t)
{
	if (t->failed || t->have >= t->want)
		task_complete(conn, t, 1);
	else
		send_r2t(conn, t);
}

/**
 * task_alloc() - a free task slot
 * @conn: connection
 * @itt:  initiator task tag
 *
 * Return: the slot or NULL (all busy, or the ITT is already in use).
 */
static struct iscsi_task *task_alloc(struct iscsi_conn *conn, uint32_t itt)
{
	struct iscsi_task *free_slot = NULL;
	size_t i;

	for (i = 0; i < ISCSI_QUEUE_DEPTH; i++) {
		struct iscsi_task *t = &conn->tasks[i];

		if (t->state != TASK_FREE && t->itt == itt)
			return NULL;
		if (t->state == TASK_FREE && !free_slot)
			free_slot = t;
	}
	return free_slot;
}

/**
 * write_begin() - a command with data-out: prepare, take immediate data, go on
 * @conn: connection
 * @t:    task (in the table)
 * @bhs:  command header
 * @imm:  immediate data
 * @dlen: its length
 */
static void write_begin(struct iscsi_conn *conn, struct iscsi_task *t, const struct iscsi_bhs *bhs,
			const uint8_t *imm, size_t dlen)
{
	size_t n;

	if (task_exec(conn, t, 1)) {
		t->want = t->cmd.out_want < t->edtl ? t->cmd.out_want : t->edtl;
		if (t->want > ISCSI_XFER_MAX)
			t->want = ISCSI_XFER_MAX;
		t->out = t->want ? malloc(t->want) : NULL;
		if (t->want && !t->out) {
			task_fail(conn, t, SCSI_SENSE_HARDWARE_ERROR, 0x5500, "out of memory");
			return;
		}
	} else {
		t->failed = 1;
	}
	n = dlen < t->want ? dlen : t->want;
	if (n)
		memcpy(t->out, imm, n);
	t->have = dlen;
	if (!bhs->final) {
		t->state = TASK_UNSOLICITED;
		t->limit = t->edtl < conn->p.first_burst ? t->edtl : conn->p.first_burst;
		t->ttt = ISCSI_RSVD_TAG;
		return;
	}
	task_continue(conn, t);
}

/**
 * command_check() - PDU-level checks of a SCSI Command
 * @conn: connection
 * @bhs:  header
 *
 * Return: NULL if fine, else the reason to Reject.
 */
static const char *command_check(const struct iscsi_conn *conn, const struct iscsi_bhs *bhs)
{
	if (conn->discovery)
		return "SCSI command in a discovery session";
	if (bhs->dlen && !bhs->write)
		return "immediate data without the W bit";
	if (bhs->dlen && !conn->p.immediate_data)
		return "immediate data not negotiated";
	if (bhs->dlen > bhs->edtl || bhs->dlen > conn->p.first_burst)
		return "immediate data beyond EDTL or FirstBurstLength";
	if (!bhs->final && (!bhs->write || conn->p.initial_r2t))
		return "unsolicited data announced but not allowed";
	return NULL;
}

/**
 * iscsi_scsi_command() - a SCSI Command PDU in full feature phase (CmdSN accepted)
 * @conn: connection
 * @bhs:  header
 * @pdu:  whole PDU
 * @len:  its length
 */
void iscsi_scsi_command(struct iscsi_conn *conn, const struct iscsi_bhs *bhs,
			const uint8_t *pdu, size_t len)
{
	const char *bad = command_check(conn, bhs);
	struct iscsi_task local = { .state = TASK_FREE }, *t = &local;
	size_t off = ISCSI_BHS_LEN + (size_t)bhs->ahs_words * 4;

	if (bad) {
		iscsi_reject(conn, pdu, ISCSI_REJECT_PROTOCOL, bad);
		return;
	}
	if (bhs->write) {
		t = task_alloc(conn, bhs->itt);
		if (!t) {
			local.itt = bhs->itt;
			local.cmd.status = SCSI_STATUS_TASK_SET_FULL;
			local.failed = 1;
			send_response(conn, &local, 0, 0);
			return;
		}
	}
	t->itt = bhs->itt;
	t->lunraw = bhs->lun;
	t->edtl = bhs->edtl;
	t->read = bhs->read;
	memcpy(t->cdb, bhs->cdb, sizeof(t->cdb));
	t->lun = iscsi_lun_lookup(conn, bhs->lun, &t->lun_idx);
	t->cmd.in_len = 0;
	if (bhs->write) {
		t->state = TASK_UNSOLICITED;
		write_begin(conn, t, bhs, pdu + off, bhs->dlen);
		return;
	}
	task_complete(conn, t, 0);
}

/**
 * task_find() - the waiting task of an ITT
 * @conn: connection
 * @itt:  initiator task tag
 *
 * Return: the task or NULL.
 */
static struct iscsi_task *task_find(struct iscsi_conn *conn, uint32_t itt)
{
	size_t i;

	for (i = 0; i < ISCSI_QUEUE_DEPTH; i++)
		if (conn->tasks[i].state != TASK_FREE && conn->tasks[i].itt == itt)
			return &conn->tasks[i];
	return NULL;
}

/**
 * data_out_check() - sequence checks of a Data-Out against its task
 * @t:   task
 * @bhs: Data-Out header
 *
 * Return: NULL if in order, else the reason the command fails.
 */
static const char *data_out_check(const struct iscsi_task *t, const struct iscsi_bhs *bhs)
{
	uint32_t want_ttt = t->state == TASK_UNSOLICITED ? ISCSI_RSVD_TAG : t->ttt;

	if (bhs->ttt != want_ttt)
		return "Data-Out with a wrong Target Transfer Tag";
	if (bhs->datasn != t->datasn)
		return "Data-Out with a wrong DataSN";
	if (bhs->offset != t->have)
		return "Data-Out with a wrong Buffer Offset";
	if ((uint64_t)bhs->offset + bhs->dlen > t->limit)
		return "Data-Out beyond the burst";
	return NULL;
}

/**
 * iscsi_data_out() - a Data-Out PDU: check its place in the sequence, keep its bytes
 * @conn: connection
 * @bhs:  header
 * @data: data segment
 */
void iscsi_data_out(struct iscsi_conn *conn, const struct iscsi_bhs *bhs, const uint8_t *data)
{
	struct iscsi_task *t = task_find(conn, bhs->itt);
	const char *bad;
	size_t n;

	if (!t) {
		iscsi_event(conn, "drop", NULL, "Data-Out for no waiting task", bhs->itt);
		return;
	}
	bad = data_out_check(t, bhs);
	if (bad) {
		task_fail(conn, t, SCSI_SENSE_ABORTED_COMMAND, SCSI_ASC_DATA_PHASE_ERROR, bad);
		return;
	}
	if (t->have < t->want) {
		n = t->want - t->have < bhs->dlen ? t->want - t->have : bhs->dlen;
		memcpy(t->out + t->have, data, n);
	}
	t->have += bhs->dlen;
	t->datasn++;
	if (!bhs->final)
		return;
	if (t->state == TASK_R2T && t->have < t->limit) {
		task_fail(conn, t, SCSI_SENSE_ABORTED_COMMAND, SCSI_ASC_DATA_PHASE_ERROR,
			  "R2T sequence ended short");
		return;
	}
	task_continue(conn, t);
}

/**
 * iscsi_task_abort() - drop a waiting task without a response (TMF, connection loss)
 * @conn: connection
 * @t:    task
 */
void iscsi_task_abort(struct iscsi_conn *conn, struct iscsi_task *t)
{
	task_free(t);
}
