/* scsi_disk_rw.c - the SCSI disk's data commands: READ, WRITE, VERIFY, SYNCHRONIZE CACHE */
#include "services/iscsi/scsi_disk_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/**
 * lba_range_ok() - whether [lba, lba+blocks) lies on the medium
 * @d:      disk
 * @lba:    first block
 * @blocks: count
 *
 * Return: 1 if inside.
 */
static int lba_range_ok(const struct scsi_disk *d, uint64_t lba, uint64_t blocks)
{
	return lba <= d->blocks && blocks <= d->blocks - lba;
}

/**
 * rw_check() - checks common to block commands: protection field, range, size
 * @d: disk
 * @c: command (c->info decoded)
 *
 * Return: 1 if the command may go on, 0 if it completed with CHECK CONDITION.
 */
static int rw_check(struct scsi_disk *d, struct scsi_cmd *c)
{
	if (c->cdb_len > 6 && (c->cdb[1] >> 5)) {
		scsi_cmd_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_FIELD_IN_CDB);
		return 0;
	}
	if (!lba_range_ok(d, c->info.lba, c->info.blocks)) {
		scsi_cmd_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_LBA_OUT_OF_RANGE);
		return 0;
	}
	if (c->info.blocks > SCSI_MAX_XFER_BLOCKS) {
		scsi_cmd_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_FIELD_IN_CDB);
		return 0;
	}
	return 1;
}

/**
 * scsi_read() - READ(6/10/12/16): blocks into the data-in buffer
 * @d: disk
 * @c: command
 */
void scsi_read(struct scsi_disk *d, struct scsi_cmd *c)
{
	size_t len, n;

	if (!rw_check(d, c))
		return;
	len = (size_t)c->info.blocks * SCSI_BLOCK_SIZE;
	n = len < c->in_cap ? len : c->in_cap;
	if (n && blockstore_read(d->bs, c->info.lba * SCSI_BLOCK_SIZE, c->in, n) < 0) {
		scsi_cmd_sense(c, SCSI_SENSE_MEDIUM_ERROR, SCSI_ASC_UNRECOVERED_READ);
		return;
	}
	c->status = SCSI_STATUS_GOOD;
	c->in_len = len;
}

/**
 * scsi_write_want() - prepare WRITE / WRITE AND VERIFY: checks, data-out size
 * @d: disk
 * @c: command
 *
 * Return: 1 to transfer c->out_want bytes, 0 if completed with an error.
 */
int scsi_write_want(struct scsi_disk *d, struct scsi_cmd *c)
{
	if (!rw_check(d, c))
		return 0;
	if (blockstore_mode(d->bs) == BLOCKSTORE_READONLY) {
		scsi_cmd_sense(c, SCSI_SENSE_DATA_PROTECT, SCSI_ASC_WRITE_PROTECTED);
		return 0;
	}
	c->out_want = (size_t)c->info.blocks * SCSI_BLOCK_SIZE;
	return 1;
}

/**
 * scsi_write() - WRITE(6/10/12/16), WRITE AND VERIFY: the whole blocks received
 * @d: disk
 * @c: command (prepared)
 *
 * Only whole blocks of the data received are written: an initiator that
 * sent less than the CDB asked for (a smaller iSCSI EDTL) writes less.
 */
void scsi_write(struct scsi_disk *d, struct scsi_cmd *c)
{
	size_t n = c->out_len < c->out_want ? c->out_len : c->out_want;
	int err = 0;

	n -= n % SCSI_BLOCK_SIZE;
	if (n)
		err = blockstore_write(d->bs, c->info.lba * SCSI_BLOCK_SIZE, c->out, n);
	if (!err && c->cdb_len > 6 && (c->cdb[1] & 0x08))
		err = blockstore_flush(d->bs);
	if (err == -EROFS) {
		scsi_cmd_sense(c, SCSI_SENSE_DATA_PROTECT, SCSI_ASC_WRITE_PROTECTED);
		return;
	}
	if (err) {
		scsi_cmd_sense(c, SCSI_SENSE_MEDIUM_ERROR, SCSI_ASC_WRITE_ERROR);
		return;
	}
	c->status = SCSI_STATUS_GOOD;
}

/**
 * scsi_verify_want() - prepare VERIFY: BYTCHK decides the data-out
 * @d: disk
 * @c: command
 *
 * Return: 1 to transfer c->out_want bytes, 0 if completed with an error.
 */
int scsi_verify_want(struct scsi_disk *d, struct scsi_cmd *c)
{
	int bytchk = (c->cdb[1] >> 1) & 3;

	if (!rw_check(d, c))
		return 0;
	if (bytchk == 2) {
		scsi_cmd_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_FIELD_IN_CDB);
		return 0;
	}
	if (bytchk == 1)
		c->out_want = (size_t)c->info.blocks * SCSI_BLOCK_SIZE;
	else if (bytchk == 3 && c->info.blocks)
		c->out_want = SCSI_BLOCK_SIZE;
	return 1;
}

/**
 * verify_block() - compare one medium block with the expected bytes
 * @d:    disk
 * @lba:  block
 * @want: expected 512 bytes
 *
 * Return: 1 if equal, 0 if different, -errno on read error.
 */
static int verify_block(struct scsi_disk *d, uint64_t lba, const uint8_t *want)
{
	uint8_t got[SCSI_BLOCK_SIZE];
	int err = blockstore_read(d->bs, lba * SCSI_BLOCK_SIZE, got, sizeof(got));

	if (err)
		return err;
	return memcmp(got, want, sizeof(got)) == 0;
}

/**
 * scsi_verify() - VERIFY(10/12/16): range check, or compare with data-out
 * @d: disk
 * @c: command (prepared)
 */
void scsi_verify(struct scsi_disk *d, struct scsi_cmd *c)
{
	int bytchk = (c->cdb[1] >> 1) & 3;
	uint64_t i;

	c->status = SCSI_STATUS_GOOD;
	if (!bytchk)
		return;
	for (i = 0; i < c->info.blocks; i++) {
		size_t off = bytchk == 3 ? 0 : (size_t)i * SCSI_BLOCK_SIZE;
		int r;

		if (off + SCSI_BLOCK_SIZE > c->out_len)
			break;
		r = verify_block(d, c->info.lba + i, c->out + off);
		if (r < 0) {
			scsi_cmd_sense(c, SCSI_SENSE_MEDIUM_ERROR, SCSI_ASC_UNRECOVERED_READ);
			return;
		}
		if (r == 0) {
			scsi_cmd_sense(c, SCSI_SENSE_MISCOMPARE, SCSI_ASC_MISCOMPARE_VERIFY);
			return;
		}
	}
}

/**
 * scsi_sync_cache() - SYNCHRONIZE CACHE(10/16): range check, then flush
 * @d: disk
 * @c: command
 */
void scsi_sync_cache(struct scsi_disk *d, struct scsi_cmd *c)
{
	if (!lba_range_ok(d, c->info.lba, c->info.blocks)) {
		scsi_cmd_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_LBA_OUT_OF_RANGE);
		return;
	}
	if (blockstore_flush(d->bs) < 0) {
		scsi_cmd_sense(c, SCSI_SENSE_MEDIUM_ERROR, SCSI_ASC_WRITE_ERROR);
		return;
	}
	c->status = SCSI_STATUS_GOOD;
}
