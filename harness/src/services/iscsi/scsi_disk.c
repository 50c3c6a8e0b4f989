/* scsi_disk.c - the SCSI disk: opcode table, sense data, unit attentions, small commands */
#include "services/iscsi/scsi_disk_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/be.h"
#include "core/util.h"

/**
 * struct scsi_op - one supported operation
 * @opcode:  operation code
 * @sa:      service action or -1
 * @name:    printable name
 * @run:     handler
 * @want:    prepare step for commands that take data-out, or NULL
 * @ua_free: runs even with a unit attention pending (SPC-4 5.14)
 */
struct scsi_op {
	uint8_t opcode;
	int sa;
	const char *name;
	scsi_handler run;
	scsi_want want;
	int ua_free;
};

static void scsi_tur(struct scsi_disk *d, struct scsi_cmd *c);
static void scsi_request_sense(struct scsi_disk *d, struct scsi_cmd *c);
static void scsi_start_stop(struct scsi_disk *d, struct scsi_cmd *c);

static const struct scsi_op scsi_ops[] = {
	{ SCSI_OP_TEST_UNIT_READY, -1, "TEST UNIT READY", scsi_tur, NULL, 0 },
	{ SCSI_OP_REQUEST_SENSE, -1, "REQUEST SENSE", scsi_request_sense, NULL, 1 },
	{ SCSI_OP_READ_6, -1, "READ(6)", scsi_read, NULL, 0 },
	{ SCSI_OP_WRITE_6, -1, "WRITE(6)", scsi_write, scsi_write_want, 0 },
	{ SCSI_OP_INQUIRY, -1, "INQUIRY", scsi_inquiry, NULL, 1 },
	{ SCSI_OP_MODE_SENSE_6, -1, "MODE SENSE(6)", scsi_mode_sense, NULL, 0 },
	{ SCSI_OP_START_STOP_UNIT, -1, "START STOP UNIT", scsi_start_stop, NULL, 0 },
	{ SCSI_OP_READ_CAPACITY_10, -1, "READ CAPACITY(10)", scsi_read_capacity10, NULL, 0 },
	{ SCSI_OP_READ_10, -1, "READ(10)", scsi_read, NULL, 0 },
	{ SCSI_OP_WRITE_10, -1, "WRITE(10)", scsi_write, scsi_write_want, 0 },
	{ SCSI_OP_WRITE_VERIFY_10, -1, "WRITE AND VERIFY(10)", scsi_write, scsi_write_want, 0 },
	{ SCSI_OP_VERIFY_10, -1, "VERIFY(10)", scsi_verify, scsi_verify_want, 0 },
	{ SCSI_OP_SYNC_CACHE_10, -1, "SYNCHRONIZE CACHE(10)", scsi_sync_cache, NULL, 0 },
	{ SCSI_OP_MODE_SENSE_10, -1, "MODE SENSE(10)", scsi_mode_sense, NULL, 0 },
	{ SCSI_OP_READ_16, -1, "READ(16)", scsi_read, NULL, 0 },
	{ SCSI_OP_WRITE_16, -1, "WRITE(16)", scsi_write, scsi_write_want, 0 },
	{ SCSI_OP_WRITE_VERIFY_16, -1, "WRITE AND VERIFY(16)", scsi_write, scsi_write_want, 0 },
	{ SCSI_OP_VERIFY_16, -1, "VERIFY(16)", scsi_verify, scsi_verify_want, 0 },
	{ SCSI_OP_SYNC_CACHE_16, -1, "SYNCHRONIZE CACHE(16)", scsi_sync_cache, NULL, 0 },
	{ SCSI_OP_SERVICE_ACTION_IN_16, SCSI_SA_READ_CAPACITY_16, "READ CAPACITY(16)",
	  scsi_read_capacity16, NULL, 0 },
	{ SCSI_OP_READ_12, -1, "READ(12)", scsi_read, NULL, 0 },
	{ SCSI_OP_WRITE_12, -1, "WRITE(12)", scsi_write, scsi_write_want, 0 },
	{ SCSI_OP_WRITE_VERIFY_12, -1, "WRITE AND VERIFY(12)", scsi_write, scsi_write_want, 0 },
	{ SCSI_OP_VERIFY_12, -1, "VERIFY(12)", scsi_verify, scsi_verify_want, 0 },
};

/**
 * copy_padded() - copy a string into a fixed buffer, truncating
 * @dst:  buffer of @size bytes (NUL-terminated)
 * @size: buffer size
 * @src:  source or NULL
 * @def:  used when @src is NULL
 */
static void copy_padded(char *dst, size_t size, const char *src, const char *def)
{
	snprintf(dst, size, "%s", src ? src : def);
}

/**
 * scsi_disk_new() - create a disk over a store
 * @bs:  backing store; the disk owns it from now on (even on failure)
 * @cfg: identity (may be NULL for defaults)
 *
 * Return: the disk or NULL (out of memory, or a store smaller than a block).
 */
struct scsi_disk *scsi_disk_new(struct blockstore *bs, const struct scsi_disk_cfg *cfg)
{
	static const struct scsi_disk_cfg defaults;
	struct scsi_disk *d;
	char serial[33];

	if (!cfg)
		cfg = &defaults;
	d = calloc(1, sizeof(*d));
	if (!d || !bs || blockstore_size(bs) < SCSI_BLOCK_SIZE) {
		free(d);
		blockstore_close(bs);
		return NULL;
	}
	d->bs = bs;
	d->blocks = blockstore_size(bs) / SCSI_BLOCK_SIZE;
	d->id = cfg->id;
	d->power_on_ua = cfg->power_on_ua;
	d->reset_gen = 1;
	snprintf(serial, sizeof(serial), "PXL%016llx", (unsigned long long)cfg->id);
	copy_padded(d->vendor, sizeof(d->vendor), cfg->vendor, "PXELAB");
	copy_padded(d->product, sizeof(d->product), cfg->product, "pxelab disk");
	copy_padded(d->serial, sizeof(d->serial), cfg->serial, serial);
	return d;
}

/**
 * scsi_disk_free() - free a disk and its store
 * @d: disk (may be NULL)
 */
void scsi_disk_free(struct scsi_disk *d)
{
	if (!d)
		return;
	blockstore_close(d->bs);
	free(d);
}

/** scsi_disk_blocks() - capacity in 512-byte blocks */
uint64_t scsi_disk_blocks(const struct scsi_disk *d)
{
	return d->blocks;
}

/** scsi_disk_store() - the backing store */
struct blockstore *scsi_disk_store(const struct scsi_disk *d)
{
	return d->bs;
}

/** scsi_disk_reset_gen() - LUN reset generation; a nexus that saw another has a UA */
unsigned int scsi_disk_reset_gen(const struct scsi_disk *d)
{
	return d->reset_gen;
}

/** scsi_disk_power_on_ua() - whether new nexuses start with a unit attention */
int scsi_disk_power_on_ua(const struct scsi_disk *d)
{
	return d->power_on_ua;
}

/**
 * scsi_disk_reset() - LUN reset: every nexus gets UNIT ATTENTION 29h/00h
 * @d: disk
 */
void scsi_disk_reset(struct scsi_disk *d)
{
	d->reset_gen++;
	blockstore_flush(d->bs);
}

/**
 * scsi_cmd_sense() - complete with CHECK CONDITION and fixed-format sense
 * @c:         command
 * @key:       sense key
 * @asc_ascq:  ASC << 8 | ASCQ
 */
void scsi_cmd_sense(struct scsi_cmd *c, uint8_t key, uint16_t asc_ascq)
{
	memset(c->sense, 0, sizeof(c->sense));
	c->sense[0] = 0x70;
	c->sense[2] = key & 0x0f;
	c->sense[7] = SCSI_SENSE_LEN - 8;
	c->sense[12] = (uint8_t)(asc_ascq >> 8);
	c->sense[13] = (uint8_t)asc_ascq;
	c->sense_len = SCSI_SENSE_LEN;
	c->status = SCSI_STATUS_CHECK_CONDITION;
	c->in_len = 0;
}

/**
 * scsi_cmd_data() - complete GOOD with parameter data, cut to the allocation length
 * @c:     command
 * @data:  the full parameter data
 * @len:   its length
 * @alloc: ALLOCATION LENGTH from the CDB
 */
void scsi_cmd_data(struct scsi_cmd *c, const void *data, size_t len, size_t alloc)
{
	size_t n = len < alloc ? len : alloc;

	c->status = SCSI_STATUS_GOOD;
	c->in_len = n;
	if (c->in && c->in_cap)
		memcpy(c->in, data, n < c->in_cap ? n : c->in_cap);
}

/**
 * scsi_op_find() - the table entry for a CDB
 * @cdb: CDB (at least 2 bytes)
 *
 * Return: the entry or NULL.
 */
static const struct scsi_op *scsi_op_find(const uint8_t *cdb)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(scsi_ops); i++)
		if (scsi_ops[i].opcode == cdb[0] &&
		    (scsi_ops[i].sa < 0 || scsi_ops[i].sa == (cdb[1] & 0x1f)))
			return &scsi_ops[i];
	return NULL;
}

/**
 * scsi_begin() - common checks: CDB length, opcode, unit attention
 * @d: disk
 * @c: command (results reset here)
 *
 * Return: the operation to run, or NULL if the command already completed.
 */
static const struct scsi_op *scsi_begin(struct scsi_disk *d, struct scsi_cmd *c)
{
	const struct scsi_op *op;

	c->status = SCSI_STATUS_GOOD;
	c->sense_len = 0;
	c->in_len = 0;
	c->ua_reported = 0;
	if (scsi_cdb_parse(c->cdb, c->cdb_len, &c->info) == -EINVAL || c->cdb_len < 2) {
		scsi_cmd_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_OPCODE);
		return NULL;
	}
	op = scsi_op_find(c->cdb);
	if (!op) {
		scsi_cmd_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_OPCODE);
		return NULL;
	}
	if (c->ua_pending && !op->ua_free) {
		scsi_cmd_sense(c, SCSI_SENSE_UNIT_ATTENTION, SCSI_ASC_POWER_ON_RESET);
		c->ua_reported = 1;
		return NULL;
	}
	return op;
}

/**
 * scsi_disk_prepare() - first step of a command that may take data-out
 * @d: disk
 * @c: command: @cdb set
 *
 * Return: 1 if the command goes on and wants @c->out_want data-out bytes
 * (0 for commands without data-out); 0 if it already completed (status set).
 */
int scsi_disk_prepare(struct scsi_disk *d, struct scsi_cmd *c)
{
	const struct scsi_op *op = scsi_begin(d, c);

	c->out_want = 0;
	if (!op)
		return 0;
	if (!op->want)
		return 1;
	return op->want(d, c);
}

/**
 * scsi_disk_exec() - run a command to completion
 * @d: disk
 * @c: command: @cdb, @out/@out_len, @in/@in_cap, @ua_pending set
 */
void scsi_disk_exec(struct scsi_disk *d, struct scsi_cmd *c)
{
	const struct scsi_op *op = scsi_begin(d, c);

	if (!op)
		return;
	if (op->want && !op->want(d, c))
		return;
	op->run(d, c);
}

/**
 * scsi_tur() - TEST UNIT READY: the medium is always ready
 * @d: disk
 * @c: command
 */
static void scsi_tur(struct scsi_disk *d, struct scsi_cmd *c)
{
	c->status = SCSI_STATUS_GOOD;
}

/**
 * scsi_request_sense() - REQUEST SENSE: the pending unit attention or NO SENSE
 * @d: disk
 * @c: command
 */
static void scsi_request_sense(struct scsi_disk *d, struct scsi_cmd *c)
{
	uint8_t data[SCSI_SENSE_LEN] = { 0x70, 0, SCSI_SENSE_NO_SENSE, 0, 0, 0, 0,
					 SCSI_SENSE_LEN - 8 };

	if (c->cdb[1] & 0x01) {
		scsi_cmd_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_FIELD_IN_CDB);
		return;
	}
	if (c->ua_pending) {
		data[2] = SCSI_SENSE_UNIT_ATTENTION;
		data[12] = SCSI_ASC_POWER_ON_RESET >> 8;
		c->ua_reported = 1;
	}
	scsi_cmd_data(c, data, sizeof(data), c->cdb[4]);
}

/**
 * scsi_start_stop() - START STOP UNIT: accepted; a fixed disk stays ready
 * @d: disk
 * @c: command
 */
static void scsi_start_stop(struct scsi_disk *d, struct scsi_cmd *c)
{
	c->status = SCSI_STATUS_GOOD;
}

/**
 * scsi_nolun_exec() - a command addressed to a LUN that does not exist
 * @c: command
 *
 * INQUIRY answers "no device" (qualifier 011b, type 1Fh); REQUEST SENSE
 * reports LOGICAL UNIT NOT SUPPORTED; everything else fails with it.
 */
void scsi_nolun_exec(struct scsi_cmd *c)
{
	uint8_t inq[36] = { 0x7f, 0, 0x06, 0x02, 31 };

	c->status = SCSI_STATUS_GOOD;
	c->sense_len = 0;
	c->in_len = 0;
	scsi_cdb_parse(c->cdb, c->cdb_len, &c->info);
	if (c->cdb_len >= 6 && c->cdb[0] == SCSI_OP_INQUIRY && !(c->cdb[1] & 1)) {
		scsi_cmd_data(c, inq, sizeof(inq), pxl_get_be16(c->cdb + 3));
		return;
	}
	scsi_cmd_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_LUN_NOT_SUPPORTED);
}

/**
 * scsi_report_luns() - REPORT LUNS for a target's list of LUNs
 * @c:    command (CDB: SELECT REPORT at byte 2, ALLOCATION LENGTH at 6..9)
 * @luns: LUN numbers (peripheral addressing below 256, flat above)
 * @n:    count
 */
void scsi_report_luns(struct scsi_cmd *c, const uint16_t *luns, size_t n)
{
	uint8_t data[8 + 8 * 256] = { 0 };
	size_t i;

	c->status = SCSI_STATUS_GOOD;
	c->sense_len = 0;
	scsi_cdb_parse(c->cdb, c->cdb_len, &c->info);
	if (c->cdb_len < 12 || c->cdb[2] > 2) {
		scsi_cmd_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_FIELD_IN_CDB);
		return;
	}
	if (n > 256)
		n = 256;
	pxl_put_be32(data, (uint32_t)(8 * n));
	for (i = 0; i < n; i++) {
		uint8_t *e = data + 8 + 8 * i;

		if (luns[i] < 256) {
			e[1] = (uint8_t)luns[i];
		} else {
			e[0] = 0x40 | (uint8_t)((luns[i] >> 8) & 0x3f);
			e[1] = (uint8_t)luns[i];
		}
	}
	scsi_cmd_data(c, data, 8 + 8 * n, pxl_get_be32(c->cdb + 6));
}
