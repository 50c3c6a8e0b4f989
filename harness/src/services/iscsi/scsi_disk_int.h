/* scsi_disk_int.h - internals shared by the SCSI disk's files (not for other users) */
#ifndef PXL_SCSI_DISK_INT_H
#define PXL_SCSI_DISK_INT_H

#include "services/iscsi/scsi_disk.h"

/**
 * struct scsi_disk - a block device over a blockstore
 * @bs:        backing store (owned)
 * @blocks:    capacity in 512-byte blocks
 * @vendor:    T10 vendor, space-padded on output
 * @product:   product identification
 * @serial:    unit serial number
 * @id:        identity for the NAA designator
 * @power_on_ua: new nexuses start with a unit attention
 * @reset_gen: bumped by every LUN reset; nexuses compare it
 */
struct scsi_disk {
	struct blockstore *bs;
	uint64_t blocks;
	char vendor[9];
	char product[17];
	char serial[33];
	uint64_t id;
	int power_on_ua;
	unsigned int reset_gen;
};

/** scsi_handler - runs one command; sets status, sense and data */
typedef void (*scsi_handler)(struct scsi_disk *d, struct scsi_cmd *c);
/** scsi_want - prepare step of a data-out command: 1 to go on, 0 if completed */
typedef int (*scsi_want)(struct scsi_disk *d, struct scsi_cmd *c);

void scsi_inquiry(struct scsi_disk *d, struct scsi_cmd *c);
void scsi_read_capacity10(struct scsi_disk *d, struct scsi_cmd *c);
void scsi_read_capacity16(struct scsi_disk *d, struct scsi_cmd *c);
void scsi_mode_sense(struct scsi_disk *d, struct scsi_cmd *c);

void scsi_read(struct scsi_disk *d, struct scsi_cmd *c);
void scsi_write(struct scsi_disk *d, struct scsi_cmd *c);
int scsi_write_want(struct scsi_disk *d, struct scsi_cmd *c);
void scsi_verify(struct scsi_disk *d, struct scsi_cmd *c);
int scsi_verify_want(struct scsi_disk *d, struct scsi_cmd *c);
void scsi_sync_cache(struct scsi_disk *d, struct scsi_cmd *c);

#endif /* PXL_SCSI_DISK_INT_H */
