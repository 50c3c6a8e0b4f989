/* scsi_disk_info.c - the SCSI disk's descriptive commands: INQUIRY and VPD, READ CAPACITY, MODE SENSE */
#include "services/iscsi/scsi_disk_int.h"

#include <string.h>

#include "core/be.h"
#include "core/util.h"

#define VPD_SUPPORTED 0x00
#define VPD_SERIAL 0x80
#define VPD_DEVICE_ID 0x83
#define VPD_BLOCK_LIMITS 0xb0
#define VPD_BLOCK_CHARACTERISTICS 0xb1
#define VPD_PROVISIONING 0xb2

#define MODE_PAGE_RW_RECOVERY 0x01
#define MODE_PAGE_CACHING 0x08
#define MODE_PAGE_CONTROL 0x0a
#define MODE_PAGE_ALL 0x3f

/**
 * put_ascii() - copy a string space-padded into a fixed field
 * @dst: field
 * @len: field width
 * @src: string
 */
static void put_ascii(uint8_t *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	memset(dst, ' ', len);
	memcpy(dst, src, n < len ? n : len);
}

/**
 * inquiry_standard() - standard INQUIRY data (SPC-4, SBC-3, iSCSI)
 * @d:   disk
 * @buf: out: at least 74 bytes
 *
 * Return: data length.
 */
static size_t inquiry_standard(const struct scsi_disk *d, uint8_t *buf)
{
	static const uint16_t versions[] = { 0x00a0 /* SAM-5 */, 0x0960 /* iSCSI */,
					     0x0460 /* SPC-4 */, 0x04c0 /* SBC-3 */ };
	size_t i, len = 74;

	memset(buf, 0, len);
	buf[2] = 0x06;        /* SPC-4 */
	buf[3] = 0x10 | 0x02; /* HISUP, response data format 2 */
	buf[4] = (uint8_t)(len - 5);
	buf[7] = 0x02;        /* CMDQUE */
	put_ascii(buf + 8, 8, d->vendor);
	put_ascii(buf + 16, 16, d->product);
	put_ascii(buf + 32, 4, "0001");
	for (i = 0; i < ARRAY_SIZE(versions); i++)
		pxl_put_be16(buf + 58 + 2 * i, versions[i]);
	return len;
}

/**
 * vpd_supported() - VPD 0x00: the pages served
 * @d:   disk
 * @buf: out
 *
 * Return: data length.
 */
static size_t vpd_supported(const struct scsi_disk *d, uint8_t *buf)
{
	static const uint8_t pages[] = { VPD_SUPPORTED, VPD_SERIAL, VPD_DEVICE_ID,
					 VPD_BLOCK_LIMITS, VPD_BLOCK_CHARACTERISTICS,
					 VPD_PROVISIONING };

	buf[3] = sizeof(pages);
	memcpy(buf + 4, pages, sizeof(pages));
	return 4 + sizeof(pages);
}

/**
 * vpd_serial() - VPD 0x80: unit serial number
 * @d:   disk
 * @buf: out
 *
 * Return: data length.
 */
static size_t vpd_serial(const struct scsi_disk *d, uint8_t *buf)
{
	size_t n = strlen(d->serial);

	buf[3] = (uint8_t)n;
	memcpy(buf + 4, d->serial, n);
	return 4 + n;
}

/**
 * vpd_device_id() - VPD 0x83: NAA and T10 vendor ID designators of the LU
 * @d:   disk
 * @buf: out
 *
 * Return: data length.
 */
static size_t vpd_device_id(const struct scsi_disk *d, uint8_t *buf)
{
	uint8_t *p = buf + 4;
	size_t n = strlen(d->serial);

	/* NAA IEEE Registered Extended (6h), binary, associated with the LU */
	p[0] = 0x01;
	p[1] = 0x03;
	p[3] = 16;
	p[4] = 0x60;
	pxl_put_be64(p + 12, d->id);
	p += 20;
	/* T10 vendor ID, ASCII: vendor + serial */
	p[0] = 0x02;
	p[1] = 0x01;
	p[3] = (uint8_t)(8 + n);
	put_ascii(p + 4, 8, d->vendor);
	memcpy(p + 12, d->serial, n);
	p += 12 + n;
	pxl_put_be16(buf + 2, (uint16_t)(p - buf - 4));
	return (size_t)(p - buf);
}

/**
 * vpd_block_limits() - VPD 0xB0 (SBC-3 length 0x3C): transfer limits, no UNMAP
 * @d:   disk
 * @buf: out
 *
 * Return: data length.
 */
static size_t vpd_block_limits(const struct scsi_disk *d, uint8_t *buf)
{
	buf[3] = 0x3c;
	pxl_put_be16(buf + 6, 1);
	pxl_put_be32(buf + 8, SCSI_MAX_XFER_BLOCKS);
	pxl_put_be32(buf + 12, 128);
	return 64;
}

/**
 * vpd_block_chars() - VPD 0xB1: non-rotating medium
 * @d:   disk
 * @buf: out
 *
 * Return: data length.
 */
static size_t vpd_block_chars(const struct scsi_disk *d, uint8_t *buf)
{
	buf[3] = 0x3c;
	pxl_put_be16(buf + 4, 1);
	return 64;
}

/**
 * vpd_provisioning() - VPD 0xB2: fully provisioned, no UNMAP
 * @d:   disk
 * @buf: out
 *
 * Return: data length.
 */
static size_t vpd_provisioning(const struct scsi_disk *d, uint8_t *buf)
{
	buf[3] = 4;
	return 8;
}

/** struct vpd_page - a VPD page and its builder */
struct vpd_page {
	uint8_t code;
	size_t (*build)(const struct scsi_disk *d, uint8_t *buf);
};

static const struct vpd_page vpd_pages[] = {
	{ VPD_SUPPORTED, vpd_supported },
	{ VPD_SERIAL, vpd_serial },
	{ VPD_DEVICE_ID, vpd_device_id },
	{ VPD_BLOCK_LIMITS, vpd_block_limits },
	{ VPD_BLOCK_CHARACTERISTICS, vpd_block_chars },
	{ VPD_PROVISIONING, vpd_provisioning },
};

/**
 * scsi_inquiry() - INQUIRY: standard data or a VPD page
 * @d: disk
 * @c: command
 */
void scsi_inquiry(struct scsi_disk *d, struct scsi_cmd *c)
{
	uint8_t buf[256] = { 0 };
	size_t i, alloc = pxl_get_be16(c->cdb + 3);
	int evpd = c->cdb[1] & 0x01;
	uint8_t page = c->cdb[2];

	if (c->cdb[1] & 0xfe || (!evpd && page)) {
		scsi_cmd_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_FIELD_IN_CDB);
		return;
	}
	if (!evpd) {
		scsi_cmd_data(c, buf, inquiry_standard(d, buf), alloc);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(vpd_pages); i++)
		if (vpd_pages[i].code == page) {
			buf[1] = page;
			scsi_cmd_data(c, buf, vpd_pages[i].build(d, buf), alloc);
			return;
		}
	scsi_cmd_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_FIELD_IN_CDB);
}

/**
 * scsi_read_capacity10() - READ CAPACITY(10): last LBA (saturated) and block size
 * @d: disk
 * @c: command
 */
void scsi_read_capacity10(struct scsi_disk *d, struct scsi_cmd *c)
{
	uint8_t buf[8];
	uint64_t last = d->blocks - 1;

	if (!(c->cdb[8] & 0x01) && pxl_get_be32(c->cdb + 2)) {
		scsi_cmd_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_FIELD_IN_CDB);
		return;
	}
	pxl_put_be32(buf, last > 0xffffffffu ? 0xffffffffu : (uint32_t)last);
	pxl_put_be32(buf + 4, SCSI_BLOCK_SIZE);
	scsi_cmd_data(c, buf, sizeof(buf), sizeof(buf));
}

/**
 * scsi_read_capacity16() - READ CAPACITY(16): last LBA, block size, no protection
 * @d: disk
 * @c: command
 */
void scsi_read_capacity16(struct scsi_disk *d, struct scsi_cmd *c)
{
	uint8_t buf[32] = { 0 };

	pxl_put_be64(buf, d->blocks - 1);
	pxl_put_be32(buf + 8, SCSI_BLOCK_SIZE);
	scsi_cmd_data(c, buf, sizeof(buf), pxl_get_be32(c->cdb + 10));
}

/**
 * mode_page() - append one mode page (current or default values; changeable: zeros)
 * @d:          disk
 * @code:       page code
 * @changeable: PC = 01b: report the changeable mask (nothing is)
 * @p:          out
 *
 * Return: bytes appended, 0 for a page not served.
 */
static size_t mode_page(const struct scsi_disk *d, uint8_t code, int changeable, uint8_t *p)
{
	switch (code) {
	case MODE_PAGE_RW_RECOVERY:
		p[0] = code;
		p[1] = 0x0a;
		return 12;
	case MODE_PAGE_CACHING:
		p[0] = code;
		p[1] = 0x12;
		if (!changeable)
			p[2] = 0x04; /* WCE: writes are cached until SYNCHRONIZE CACHE */
		return 20;
	case MODE_PAGE_CONTROL:
		p[0] = code;
		p[1] = 0x0a;
		if (!changeable) {
			p[3] = 0x10; /* queue algorithm modifier 1: unrestricted */
			pxl_put_be16(p + 8, 0xffff);
		}
		return 12;
	default:
		return 0;
	}
}

/**
 * mode_pages() - the pages a MODE SENSE asks for
 * @d:    disk
 * @page: page code (0x3f: all)
 * @sub:  subpage code (0 or 0xff with all)
 * @pc:   page control
 * @p:    out
 *
 * Return: bytes, or -1 if the page/subpage is not served.
 */
static int mode_pages(const struct scsi_disk *d, uint8_t page, uint8_t sub, int pc, uint8_t *p)
{
	static const uint8_t all[] = { MODE_PAGE_RW_RECOVERY, MODE_PAGE_CACHING,
				       MODE_PAGE_CONTROL };
	size_t i, n = 0;

	if (page == MODE_PAGE_ALL) {
		if (sub != 0 && sub != 0xff)
			return -1;
		for (i = 0; i < sizeof(all); i++)
			n += mode_page(d, all[i], pc == 1, p + n);
		return (int)n;
	}
	if (sub != 0)
		return -1;
	n = mode_page(d, page, pc == 1, p);
	return n ? (int)n : -1;
}

/**
 * scsi_mode_sense() - MODE SENSE(6) and (10): header, block descriptor, pages
 * @d: disk
 * @c: command
 */
void scsi_mode_sense(struct scsi_disk *d, struct scsi_cmd *c)
{
	uint8_t buf[256] = { 0 };
	int ten = c->cdb[0] == SCSI_OP_MODE_SENSE_10, dbd = c->cdb[1] & 0x08, pc = c->cdb[2] >> 6;
	size_t hdr = ten ? 8 : 4, bd = dbd ? 0 : 8, alloc;
	uint8_t dsp = 0x10 | (blockstore_mode(d->bs) == BLOCKSTORE_READONLY ? 0x80 : 0);
	int n;

	alloc = ten ? pxl_get_be16(c->cdb + 7) : c->cdb[4];
	if (pc == 3) {
		scsi_cmd_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_SAVING_NOT_SUPPORTED);
		return;
	}
	n = mode_pages(d, c->cdb[2] & 0x3f, c->cdb[3], pc, buf + hdr + bd);
	if (n < 0) {
		scsi_cmd_sense(c, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ASC_INVALID_FIELD_IN_CDB);
		return;
	}
	if (bd) {
		uint8_t *b = buf + hdr;

		pxl_put_be32(b, d->blocks > 0xffffffffu ? 0xffffffffu : (uint32_t)d->blocks);
		pxl_put_be32(b + 4, SCSI_BLOCK_SIZE);
	}
	if (ten) {
		pxl_put_be16(buf, (uint16_t)(hdr + bd + (size_t)n - 2));
		buf[3] = dsp;
		pxl_put_be16(buf + 6, (uint16_t)bd);
	} else {
		buf[0] = (uint8_t)(hdr + bd + (size_t)n - 1);
		buf[2] = dsp;
		buf[3] = (uint8_t)bd;
	}
	scsi_cmd_data(c, buf, hdr + bd + (size_t)n, alloc);
}
