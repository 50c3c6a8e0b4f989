/* scsi_cdb.h - SCSI CDB decoding: opcode names, LBA and transfer length, summaries */
#ifndef PXL_SCSI_CDB_H
#define PXL_SCSI_CDB_H

#include <stddef.h>
#include <stdint.h>

/* SCSI operation codes pxelab names or serves */
#define SCSI_OP_TEST_UNIT_READY 0x00
#define SCSI_OP_REQUEST_SENSE 0x03
#define SCSI_OP_READ_6 0x08
#define SCSI_OP_WRITE_6 0x0a
#define SCSI_OP_INQUIRY 0x12
#define SCSI_OP_MODE_SELECT_6 0x15
#define SCSI_OP_RESERVE_6 0x16
#define SCSI_OP_RELEASE_6 0x17
#define SCSI_OP_MODE_SENSE_6 0x1a
#define SCSI_OP_START_STOP_UNIT 0x1b
#define SCSI_OP_SEND_DIAGNOSTIC 0x1d
#define SCSI_OP_PREVENT_ALLOW 0x1e
#define SCSI_OP_READ_CAPACITY_10 0x25
#define SCSI_OP_READ_10 0x28
#define SCSI_OP_WRITE_10 0x2a
#define SCSI_OP_WRITE_VERIFY_10 0x2e
#define SCSI_OP_VERIFY_10 0x2f
#define SCSI_OP_PREFETCH_10 0x34
#define SCSI_OP_SYNC_CACHE_10 0x35
#define SCSI_OP_WRITE_SAME_10 0x41
#define SCSI_OP_UNMAP 0x42
#define SCSI_OP_MODE_SELECT_10 0x55
#define SCSI_OP_MODE_SENSE_10 0x5a
#define SCSI_OP_PERSISTENT_RESERVE_IN 0x5e
#define SCSI_OP_PERSISTENT_RESERVE_OUT 0x5f
#define SCSI_OP_READ_16 0x88
#define SCSI_OP_COMPARE_AND_WRITE 0x89
#define SCSI_OP_WRITE_16 0x8a
#define SCSI_OP_ORWRITE_16 0x8b
#define SCSI_OP_WRITE_VERIFY_16 0x8e
#define SCSI_OP_VERIFY_16 0x8f
#define SCSI_OP_PREFETCH_16 0x90
#define SCSI_OP_SYNC_CACHE_16 0x91
#define SCSI_OP_WRITE_SAME_16 0x93
#define SCSI_OP_SERVICE_ACTION_IN_16 0x9e
#define SCSI_OP_REPORT_LUNS 0xa0
#define SCSI_OP_MAINTENANCE_IN 0xa3
#define SCSI_OP_READ_12 0xa8
#define SCSI_OP_WRITE_12 0xaa
#define SCSI_OP_WRITE_VERIFY_12 0xae
#define SCSI_OP_VERIFY_12 0xaf

#define SCSI_SA_READ_CAPACITY_16 0x10
#define SCSI_SA_GET_LBA_STATUS 0x12
#define SCSI_SA_REPORT_SUPPORTED_OPCODES 0x0c

/**
 * struct scsi_cdb_info - what a CDB asks for
 * @opcode:   operation code (byte 0)
 * @name:     operation name ("READ(10)"), "UNKNOWN" if not known
 * @cdb_len:  CDB length implied by the opcode group
 * @has_lba:  @lba and @blocks are meaningful (block read/write/verify)
 * @lba:      first logical block
 * @blocks:   transfer length in blocks (READ(6)/WRITE(6) 0 means 256)
 */
struct scsi_cdb_info {
	uint8_t opcode;
	const char *name;
	size_t cdb_len;
	int has_lba;
	uint64_t lba;
	uint32_t blocks;
};

const char *scsi_opcode_name(const uint8_t *cdb, size_t len);
size_t scsi_cdb_len(uint8_t opcode);
int scsi_cdb_parse(const uint8_t *cdb, size_t len, struct scsi_cdb_info *info);
int scsi_cdb_summary(const uint8_t *cdb, size_t len, char *buf, size_t size);

#endif /* PXL_SCSI_CDB_H */
