/* iscsi_tmf.c - Task Management Functions: abort task(s), LUN and target resets */
#include "services/iscsi/iscsi_int.h"

#include <stdio.h>

#include "core/util.h"

#define TMF_COMPLETE 0
#define TMF_NO_TASK 1
#define TMF_NO_LUN 2
#define TMF_NOT_SUPPORTED 5
#define TMF_REJECTED 255

/**
 * abort_matching() - drop waiting tasks of a LUN (or all with @all)
 * @conn:   connection
 * @lunraw: LUN field
 * @all:    every LUN
 */
static void abort_matching(struct iscsi_conn *conn, uint64_t lunraw, int all)
{
	size_t i;

	for (i = 0; i < ISCSI_QUEUE_DEPTH; i++)
		if (conn->tasks[i].state != TASK_FREE && (all || conn->tasks[i].lunraw == lunraw))
			iscsi_task_abort(conn, &conn->tasks[i]);
}

/**
 * tmf_abort_task() - ABORT TASK: the referenced task if it still waits for data
 * @conn: connection
 * @bhs:  request
 *
 * Commands run in CmdSN order and complete at once unless they wait for
 * Data-Out, so a task not found has already completed: "task does not
 * exist", which is what libiscsi's AbortTaskSimpleAsync expects.
 *
 * Return: TMF response code.
 */
static int tmf_abort_task(struct iscsi_conn *conn, const struct iscsi_bhs *bhs)
{
	size_t i;

	for (i = 0; i < ISCSI_QUEUE_DEPTH; i++)
		if (conn->tasks[i].state != TASK_FREE && conn->tasks[i].itt == bhs->ref_itt) {
			iscsi_task_abort(conn, &conn->tasks[i]);
			return TMF_COMPLETE;
		}
	return TMF_NO_TASK;
}

/**
 * tmf_abort_set() - ABORT TASK SET / CLEAR TASK SET: every task of the LUN
 * @conn: connection
 * @bhs:  request
 *
 * Return: TMF response code.
 */
static int tmf_abort_set(struct iscsi_conn *conn, const struct iscsi_bhs *bhs)
{
	size_t idx;

	if (!iscsi_lun_lookup(conn, bhs->lun, &idx))
		return TMF_NO_LUN;
	abort_matching(conn, bhs->lun, 0);
	return TMF_COMPLETE;
}

/**
 * tmf_lun_reset() - LOGICAL UNIT RESET: abort its tasks, unit attention for all
 * @conn: connection
 * @bhs:  request
 *
 * Return: TMF response code.
 */
static int tmf_lun_reset(struct iscsi_conn *conn, const struct iscsi_bhs *bhs)
{
	size_t idx;
	struct iscsi_lun *lu = iscsi_lun_lookup(conn, bhs->lun, &idx);

	if (!lu)
		return TMF_NO_LUN;
	abort_matching(conn, bhs->lun, 0);
	scsi_disk_reset(lu->disk);
	return TMF_COMPLETE;
}

/**
 * tmf_target_reset() - TARGET WARM/COLD RESET: every LUN of the target
 * @conn: connection
 * @bhs:  request
 *
 * Return: TMF response code.
 */
static int tmf_target_reset(struct iscsi_conn *conn, const struct iscsi_bhs *bhs)
{
	size_t i;

	if (!conn->target)
		return TMF_REJECTED;
	abort_matching(conn, 0, 1);
	for (i = 0; i < conn->target->nluns; i++)
		scsi_disk_reset(conn->target->luns[i].disk);
	return TMF_COMPLETE;
}

/** struct tmf_op - a task management function */
struct tmf_op {
	uint32_t function;
	const char *name;
	int (*fn)(struct iscsi_conn *conn, const struct iscsi_bhs *bhs);
};

static const struct tmf_op tmf_ops[] = {
	{ 1, "ABORT TASK", tmf_abort_task },
	{ 2, "ABORT TASK SET", tmf_abort_set },
	{ 4, "CLEAR TASK SET", tmf_abort_set },
	{ 5, "LOGICAL UNIT RESET", tmf_lun_reset },
	{ 6, "TARGET WARM RESET", tmf_target_reset },
	{ 7, "TARGET COLD RESET", tmf_target_reset },
};

/**
 * iscsi_tmf_request() - run a Task Management Function Request and answer it
 * @conn: connection
 * @bhs:  request (CmdSN already accepted)
 */
void iscsi_tmf_request(struct iscsi_conn *conn, const struct iscsi_bhs *bhs)
{
	struct iscsi_bhs b = { .opcode = ISCSI_OP_TMF_RSP, .itt = bhs->itt,
			       .response = TMF_NOT_SUPPORTED };
	char detail[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tmf_ops); i++)
		if (tmf_ops[i].function == bhs->function)
			b.response = (uint32_t)tmf_ops[i].fn(conn, bhs);
	snprintf(detail, sizeof(detail), "function=%u response=%u", bhs->function, b.response);
	iscsi_event(conn, "tmf", NULL, detail, bhs->function);
	iscsi_send(conn, &b, NULL, 0, 1);
	if (bhs->function == 7)
		iscsi_close(conn, NULL);
}
