/* scsi_cdb.c - SCSI CDB decoding: opcode names, LBA and transfer length, summaries */
#include "services/iscsi/scsi_cdb.h"

#include <errno.h>
#include <stdio.h>

#include "core/be.h"
#include "core/util.h"

/**
 * struct cdb_layout - name and field positions of one operation code
 * @op:      operation code
 * @sa:      service action (low 5 bits of byte 1), or -1 for none
 * @name:    printable name
 * @lba_off: byte offset of the LBA (0: no LBA)
 * @lba_w:   LBA width in bytes
 * @len_off: byte offset of the transfer length in blocks (0: none)
 * @len_w:   transfer length width in bytes
 */
struct cdb_layout {
	uint8_t op;
	int sa;
	const char *name;
	uint8_t lba_off, lba_w, len_off, len_w;
};

static const struct cdb_layout cdb_layouts[] = {
	{ SCSI_OP_TEST_UNIT_READY, -1, "TEST UNIT READY", 0, 0, 0, 0 },
	{ SCSI_OP_REQUEST_SENSE, -1, "REQUEST SENSE", 0, 0, 0, 0 },
	{ SCSI_OP_READ_6, -1, "READ(6)", 1, 3, 4, 1 },
	{ SCSI_OP_WRITE_6, -1, "WRITE(6)", 1, 3, 4, 1 },
	{ SCSI_OP_INQUIRY, -1, "INQUIRY", 0, 0, 0, 0 },
	{ SCSI_OP_MODE_SELECT_6, -1, "MODE SELECT(6)", 0, 0, 0, 0 },
	{ SCSI_OP_RESERVE_6, -1, "RESERVE(6)", 0, 0, 0, 0 },
	{ SCSI_OP_RELEASE_6, -1, "RELEASE(6)", 0, 0, 0, 0 },
	{ SCSI_OP_MODE_SENSE_6, -1, "MODE SENSE(6)", 0, 0, 0, 0 },
	{ SCSI_OP_START_STOP_UNIT, -1, "START STOP UNIT", 0, 0, 0, 0 },
	{ SCSI_OP_SEND_DIAGNOSTIC, -1, "SEND DIAGNOSTIC", 0, 0, 0, 0 },
	{ SCSI_OP_PREVENT_ALLOW, -1, "PREVENT ALLOW MEDIUM REMOVAL", 0, 0, 0, 0 },
	{ SCSI_OP_READ_CAPACITY_10, -1, "READ CAPACITY(10)", 0, 0, 0, 0 },
	{ SCSI_OP_READ_10, -1, "READ(10)", 2, 4, 7, 2 },
	{ SCSI_OP_WRITE_10, -1, "WRITE(10)", 2, 4, 7, 2 },
	{ SCSI_OP_WRITE_VERIFY_10, -1, "WRITE AND VERIFY(10)", 2, 4, 7, 2 },
	{ SCSI_OP_VERIFY_10, -1, "VERIFY(10)", 2, 4, 7, 2 },
	{ SCSI_OP_PREFETCH_10, -1, "PRE-FETCH(10)", 2, 4, 7, 2 },
	{ SCSI_OP_SYNC_CACHE_10, -1, "SYNCHRONIZE CACHE(10)", 2, 4, 7, 2 },
	{ SCSI_OP_WRITE_SAME_10, -1, "WRITE SAME(10)", 2, 4, 7, 2 },
	{ SCSI_OP_UNMAP, -1, "UNMAP", 0, 0, 0, 0 },
	{ SCSI_OP_MODE_SELECT_10, -1, "MODE SELECT(10)", 0, 0, 0, 0 },
	{ SCSI_OP_MODE_SENSE_10, -1, "MODE SENSE(10)", 0, 0, 0, 0 },
	{ SCSI_OP_PERSISTENT_RESERVE_IN, -1, "PERSISTENT RESERVE IN", 0, 0, 0, 0 },
	{ SCSI_OP_PERSISTENT_RESERVE_OUT, -1, "PERSISTENT RESERVE OUT", 0, 0, 0, 0 },
	{ SCSI_OP_READ_16, -1, "READ(16)", 2, 8, 10, 4 },
	{ SCSI_OP_COMPARE_AND_WRITE, -1, "COMPARE AND WRITE", 2, 8, 13, 1 },
	{ SCSI_OP_WRITE_16, -1, "WRITE(16)", 2, 8, 10, 4 },
	{ SCSI_OP_ORWRITE_16, -1, "ORWRITE(16)", 2, 8, 10, 4 },
	{ SCSI_OP_WRITE_VERIFY_16, -1, "WRITE AND VERIFY(16)", 2, 8, 10, 4 },
	{ SCSI_OP_VERIFY_16, -1, "VERIFY(16)", 2, 8, 10, 4 },
	{ SCSI_OP_PREFETCH_16, -1, "PRE-FETCH(16)", 2, 8, 10, 4 },
	{ SCSI_OP_SYNC_CACHE_16, -1, "SYNCHRONIZE CACHE(16)", 2, 8, 10, 4 },
	{ SCSI_OP_WRITE_SAME_16, -1, "WRITE SAME(16)", 2, 8, 10, 4 },
	{ SCSI_OP_SERVICE_ACTION_IN_16, SCSI_SA_READ_CAPACITY_16, "READ CAPACITY(16)", 0, 0, 0, 0 },
	{ SCSI_OP_SERVICE_ACTION_IN_16, SCSI_SA_GET_LBA_STATUS, "GET LBA STATUS", 2, 8, 0, 0 },
	{ SCSI_OP_SERVICE_ACTION_IN_16, -1, "SERVICE ACTION IN(16)", 0, 0, 0, 0 },
	{ SCSI_OP_REPORT_LUNS, -1, "REPORT LUNS", 0, 0, 0, 0 },
	{ SCSI_OP_MAINTENANCE_IN, SCSI_SA_REPORT_SUPPORTED_OPCODES,
	  "REPORT SUPPORTED OPERATION CODES", 0, 0, 0, 0 },
	{ SCSI_OP_MAINTENANCE_IN, -1, "MAINTENANCE IN", 0, 0, 0, 0 },
	{ SCSI_OP_READ_12, -1, "READ(12)", 2, 4, 6, 4 },
	{ SCSI_OP_WRITE_12, -1, "WRITE(12)", 2, 4, 6, 4 },
	{ SCSI_OP_WRITE_VERIFY_12, -1, "WRITE AND VERIFY(12)", 2, 4, 6, 4 },
	{ SCSI_OP_VERIFY_12, -1, "VERIFY(12)", 2, 4, 6, 4 },
};

/**
 * scsi_cdb_len() - CDB length implied by an operation code's group
 * @opcode: operation code
 *
 * Return: 6, 10, 12 or 16; 0 for reserved/vendor groups.
 */
size_t scsi_cdb_len(uint8_t opcode)
{
	switch (opcode >> 5) {
	case 0:
		return 6;
	case 1:
	case 2:
		return 10;
	case 4:
		return 16;
	case 5:
		return 12;
	default:
		return 0;
	}
}

/**
 * cdb_layout_find() - the table entry for a CDB
 * @cdb: CDB bytes
 * @len: available bytes (at least 1)
 *
 * Return: the entry, matching the service action when the opcode has them,
 * or NULL if the opcode is unknown.
 */
static const struct cdb_layout *cdb_layout_find(const uint8_t *cdb, size_t len)
{
	size_t i;
	int sa = len > 1 ? (cdb[1] & 0x1f) : -2;

	for (i = 0; i < ARRAY_SIZE(cdb_layouts); i++) {
		const struct cdb_layout *l = &cdb_layouts[i];

		if (l->op != cdb[0])
			continue;
		if (l->sa < 0 || l->sa == sa)
			return l;
	}
	return NULL;
}

/**
 * scsi_opcode_name() - printable name of the operation a CDB asks for
 * @cdb: CDB bytes (may be NULL)
 * @len: available bytes
 *
 * Return: a static string, "UNKNOWN" when not known.
 */
const char *scsi_opcode_name(const uint8_t *cdb, size_t len)
{
	const struct cdb_layout *l;

	if (!cdb || len < 1)
		return "UNKNOWN";
	l = cdb_layout_find(cdb, len);
	return l ? l->name : "UNKNOWN";
}

/**
 * scsi_cdb_parse() - decode the operation, LBA and transfer length of a CDB
 * @cdb:  CDB bytes
 * @len:  available bytes
 * @info: out: the decoded view
 *
 * Return: 0, -EINVAL if @len is shorter than the opcode's CDB length,
 * -ENOENT for an unknown opcode (@info->opcode and @info->name still set).
 */
int scsi_cdb_parse(const uint8_t *cdb, size_t len, struct scsi_cdb_info *info)
{
	const struct cdb_layout *l;

	*info = (struct scsi_cdb_info){ .name = "UNKNOWN" };
	if (!cdb || len < 1)
		return -EINVAL;
	info->opcode = cdb[0];
	info->cdb_len = scsi_cdb_len(cdb[0]);
	if (info->cdb_len == 0 || len < info->cdb_len)
		return -EINVAL;
	l = cdb_layout_find(cdb, len);
	if (!l)
		return -ENOENT;
	info->name = l->name;
	if (!l->lba_off)
		return 0;
	info->has_lba = 1;
	info->lba = pxl_get_be(cdb + l->lba_off, l->lba_w);
	if (l->len_off)
		info->blocks = (uint32_t)pxl_get_be(cdb + l->len_off, l->len_w);
	if (info->cdb_len == 6) {
		info->lba &= 0x1fffff;
		if (info->blocks == 0)
			info->blocks = 256;
	}
	return 0;
}

/**
 * scsi_cdb_summary() - one-line description of a CDB, "READ(10) LBA 64 len 1"
 * @cdb:  CDB bytes
 * @len:  available bytes
 * @buf:  output buffer (always NUL-terminated if @size > 0)
 * @size: size of @buf
 *
 * Return: the length snprintf() reported.
 */
int scsi_cdb_summary(const uint8_t *cdb, size_t len, char *buf, size_t size)
{
	struct scsi_cdb_info info;
	int err = scsi_cdb_parse(cdb, len, &info);

	if (err == -ENOENT)
		return snprintf(buf, size, "UNKNOWN opcode 0x%02x", info.opcode);
	if (err)
		return snprintf(buf, size, "truncated CDB (%zu bytes)", len);
	if (!info.has_lba)
		return snprintf(buf, size, "%s", info.name);
	return snprintf(buf, size, "%s LBA %llu len %u", info.name,
			(unsigned long long)info.lba, info.blocks);
}
