/* scsi_disk.h - a SCSI block device (SBC-3 subset): CDB in, data in/out, status and sense out
 *
 * Independent of iSCSI.  A command runs in up to two steps:
 * scsi_disk_prepare() tells how many data-out bytes the CDB transfers (or
 * completes the command early with an error, so no data is solicited), then
 * scsi_disk_exec() runs it.  Commands without data-out may skip prepare.
 * Unit attentions are per I_T nexus, so the caller keeps them: it passes
 * @ua_pending and clears its own flag when @ua_reported comes back set.
 */
#ifndef PXL_SCSI_DISK_H
#define PXL_SCSI_DISK_H

#include <stddef.h>
#include <stdint.h>

#include "services/iscsi/blockstore.h"
#include "services/iscsi/scsi_cdb.h"

#define SCSI_BLOCK_SIZE 512u
#define SCSI_SENSE_LEN 18
#define SCSI_MAX_XFER_BLOCKS 32768u /* 16 MiB, reported in VPD Block Limits */

/* status codes */
#define SCSI_STATUS_GOOD 0x00
#define SCSI_STATUS_CHECK_CONDITION 0x02
#define SCSI_STATUS_BUSY 0x08
#define SCSI_STATUS_TASK_SET_FULL 0x28

/* sense keys */
#define SCSI_SENSE_NO_SENSE 0x0
#define SCSI_SENSE_NOT_READY 0x2
#define SCSI_SENSE_MEDIUM_ERROR 0x3
#define SCSI_SENSE_HARDWARE_ERROR 0x4
#define SCSI_SENSE_ILLEGAL_REQUEST 0x5
#define SCSI_SENSE_UNIT_ATTENTION 0x6
#define SCSI_SENSE_DATA_PROTECT 0x7
#define SCSI_SENSE_ABORTED_COMMAND 0xb
#define SCSI_SENSE_MISCOMPARE 0xe

/* additional sense code and qualifier, as ASC << 8 | ASCQ */
#define SCSI_ASC_INVALID_OPCODE 0x2000
#define SCSI_ASC_LBA_OUT_OF_RANGE 0x2100
#define SCSI_ASC_INVALID_FIELD_IN_CDB 0x2400
#define SCSI_ASC_LUN_NOT_SUPPORTED 0x2500
#define SCSI_ASC_INVALID_FIELD_IN_PARAM 0x2600
#define SCSI_ASC_WRITE_PROTECTED 0x2700
#define SCSI_ASC_POWER_ON_RESET 0x2900
#define SCSI_ASC_SAVING_NOT_SUPPORTED 0x3900
#define SCSI_ASC_MISCOMPARE_VERIFY 0x1d00
#define SCSI_ASC_DATA_PHASE_ERROR 0x4b00
#define SCSI_ASC_UNRECOVERED_READ 0x1100
#define SCSI_ASC_WRITE_ERROR 0x0c00

/**
 * struct scsi_disk_cfg - identity of a disk
 * @vendor:      T10 vendor (8 chars max), "PXELAB" if NULL
 * @product:     product (16 chars max), "pxelab disk" if NULL
 * @serial:      unit serial number (VPD 0x80), derived from @id if NULL
 * @id:          64-bit identity used for the NAA designator (VPD 0x83)
 * @power_on_ua: report UNIT ATTENTION 29h/00h to every new nexus
 */
struct scsi_disk_cfg {
	const char *vendor;
	const char *product;
	const char *serial;
	uint64_t id;
	int power_on_ua;
};

/**
 * struct scsi_cmd - one command through the disk
 * @cdb, @cdb_len:    the CDB
 * @out, @out_len:    data-out bytes received (may be fewer than @out_want)
 * @in, @in_cap:      data-in buffer and its size
 * @ua_pending:       the caller's nexus holds a unit attention
 * @in_len:           out: bytes the command produced (may exceed @in_cap;
 *                    only min(@in_len, @in_cap) were written)
 * @out_want:         out (prepare): bytes of data-out the CDB transfers
 * @status:           out: SCSI status
 * @sense, @sense_len: out: fixed-format sense data with CHECK CONDITION
 * @ua_reported:      out: the unit attention was reported; clear it
 * @info:             out: decoded CDB (name, LBA, blocks) for events
 */
struct scsi_cmd {
	const uint8_t *cdb;
	size_t cdb_len;
	const uint8_t *out;
	size_t out_len;
	uint8_t *in;
	size_t in_cap;
	int ua_pending;

	size_t in_len;
	size_t out_want;
	uint8_t status;
	uint8_t sense[SCSI_SENSE_LEN];
	size_t sense_len;
	int ua_reported;
	struct scsi_cdb_info info;
};

struct scsi_disk;

struct scsi_disk *scsi_disk_new(struct blockstore *bs, const struct scsi_disk_cfg *cfg);
void scsi_disk_free(struct scsi_disk *d);
uint64_t scsi_disk_blocks(const struct scsi_disk *d);
struct blockstore *scsi_disk_store(const struct scsi_disk *d);
unsigned int scsi_disk_reset_gen(const struct scsi_disk *d);
int scsi_disk_power_on_ua(const struct scsi_disk *d);
void scsi_disk_reset(struct scsi_disk *d);

int scsi_disk_prepare(struct scsi_disk *d, struct scsi_cmd *c);
void scsi_disk_exec(struct scsi_disk *d, struct scsi_cmd *c);

void scsi_cmd_sense(struct scsi_cmd *c, uint8_t key, uint16_t asc_ascq);
void scsi_cmd_data(struct scsi_cmd *c, const void *data, size_t len, size_t alloc);
void scsi_nolun_exec(struct scsi_cmd *c);
void scsi_report_luns(struct scsi_cmd *c, const uint16_t *luns, size_t n);

#endif /* PXL_SCSI_DISK_H */
