/* tftp_build.c - builders of TFTP packets (RFC 1350, 2347): requests, DATA, ACK, ERROR, OACK */
#include "services/tftp/tftp_pkt.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

/**
 * put16() - write a big-endian 16-bit number
 * @p: two writable bytes
 * @v: the number
 */
static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/**
 * put_str() - append a string and its NUL to a packet being built
 * @buf: packet buffer
 * @cap: its capacity
 * @pos: in/out: write offset
 * @s:   the string
 *
 * Return: 0, -EINVAL for NULL, or -ENOSPC.
 */
static int put_str(uint8_t *buf, size_t cap, size_t *pos, const char *s)
{
	size_t n;

	if (!s)
		return -EINVAL;
	n = strlen(s) + 1;
	if (n > cap - *pos)
		return -ENOSPC;
	memcpy(buf + *pos, s, n);
	*pos += n;
	return 0;
}

/**
 * put_opts() - append option pairs to a packet being built
 * @buf:    packet buffer
 * @cap:    its capacity
 * @pos:    in/out: write offset
 * @opts:   options
 * @n_opts: how many
 *
 * Return: 0 or -errno.
 */
static int put_opts(uint8_t *buf, size_t cap, size_t *pos, const struct tftp_opt *opts,
		    unsigned int n_opts)
{
	unsigned int i;
	int rc;

	if (n_opts && !opts)
		return -EINVAL;
	for (i = 0; i < n_opts; i++) {
		rc = put_str(buf, cap, pos, opts[i].name);
		if (!rc)
			rc = put_str(buf, cap, pos, opts[i].value);
		if (rc)
			return rc;
	}
	return 0;
}

/**
 * start_pkt() - check a build buffer and write the opcode
 * @buf:    packet buffer
 * @cap:    its capacity
 * @opcode: opcode
 * @need:   bytes the fixed part needs (at least 2)
 *
 * Return: 0, -EINVAL, or -ENOSPC.
 */
static int start_pkt(uint8_t *buf, size_t cap, uint16_t opcode, size_t need)
{
	if (!buf)
		return -EINVAL;
	if (cap < need || cap > INT_MAX)
		return cap > INT_MAX ? -EINVAL : -ENOSPC;
	put16(buf, opcode);
	return 0;
}

/**
 * tftp_build_request() - build an RRQ or WRQ
 * @buf:      packet buffer
 * @cap:      its capacity
 * @opcode:   TFTP_RRQ or TFTP_WRQ
 * @filename: file name
 * @mode:     "octet" or "netascii"
 * @opts:     options to request (may be NULL if @n_opts is 0)
 * @n_opts:   how many
 *
 * Return: packet length, or -EINVAL / -ENOSPC.
 */
int tftp_build_request(uint8_t *buf, size_t cap, uint16_t opcode, const char *filename,
		       const char *mode, const struct tftp_opt *opts, unsigned int n_opts)
{
	size_t pos = 2;
	int rc;

	if (opcode != TFTP_RRQ && opcode != TFTP_WRQ)
		return -EINVAL;
	rc = start_pkt(buf, cap, opcode, 2);
	if (!rc)
		rc = put_str(buf, cap, &pos, filename);
	if (!rc)
		rc = put_str(buf, cap, &pos, mode);
	if (!rc)
		rc = put_opts(buf, cap, &pos, opts, n_opts);
	return rc ? rc : (int)pos;
}

/**
 * tftp_build_data() - build a DATA packet
 * @buf:   packet buffer
 * @cap:   its capacity
 * @block: block number
 * @data:  payload; may already sit at @buf + TFTP_HDR_LEN (it is then left
 *         in place), may be NULL if @len is 0
 * @len:   payload length
 *
 * Return: packet length, or -EINVAL / -ENOSPC.
 */
int tftp_build_data(uint8_t *buf, size_t cap, uint16_t block, const uint8_t *data,
		    size_t len)
{
	int rc = start_pkt(buf, cap, TFTP_DATA, TFTP_HDR_LEN);

	if (rc)
		return rc;
	if (len > cap - TFTP_HDR_LEN)
		return -ENOSPC;
	if (len && !data)
		return -EINVAL;
	put16(buf + 2, block);
	if (len && data != buf + TFTP_HDR_LEN)
		memmove(buf + TFTP_HDR_LEN, data, len);
	return (int)(TFTP_HDR_LEN + len);
}

/**
 * tftp_build_ack() - build an ACK
 * @buf:   packet buffer
 * @cap:   its capacity
 * @block: block number
 *
 * Return: 4, or -EINVAL / -ENOSPC.
 */
int tftp_build_ack(uint8_t *buf, size_t cap, uint16_t block)
{
	int rc = start_pkt(buf, cap, TFTP_ACK, TFTP_HDR_LEN);

	if (rc)
		return rc;
	put16(buf + 2, block);
	return TFTP_HDR_LEN;
}

/**
 * tftp_build_error() - build an ERROR
 * @buf:  packet buffer
 * @cap:  its capacity
 * @code: error code
 * @msg:  message (NULL: the RFC's text for @code)
 *
 * Return: packet length, or -EINVAL / -ENOSPC.
 */
int tftp_build_error(uint8_t *buf, size_t cap, uint16_t code, const char *msg)
{
	size_t pos = 4;
	int rc = start_pkt(buf, cap, TFTP_ERROR, 4);

	if (rc)
		return rc;
	put16(buf + 2, code);
	rc = put_str(buf, cap, &pos, msg ? msg : tftp_error_name(code));
	return rc ? rc : (int)pos;
}

/**
 * tftp_build_oack() - build an OACK
 * @buf:    packet buffer
 * @cap:    its capacity
 * @opts:   acknowledged options
 * @n_opts: how many
 *
 * Return: packet length, or -EINVAL / -ENOSPC.
 */
int tftp_build_oack(uint8_t *buf, size_t cap, const struct tftp_opt *opts,
		    unsigned int n_opts)
{
	size_t pos = 2;
	int rc = start_pkt(buf, cap, TFTP_OACK, 2);

	if (!rc)
		rc = put_opts(buf, cap, &pos, opts, n_opts);
	return rc ? rc : (int)pos;
}
