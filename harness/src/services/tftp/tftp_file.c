/* tftp_file.c - block-wise file I/O for TFTP transfers: octet and netascii, with restartable positions */
#include "services/tftp/tftp_file.h"

#include <errno.h>
#include <unistd.h>

/** CHUNK - raw bytes read at a time for netascii conversion and sizing */
#define CHUNK 4096

/**
 * pread_full() - pread() until @len bytes, end of file or an error
 * @fd:  file
 * @buf: destination
 * @len: bytes wanted
 * @off: file offset
 *
 * Return: bytes read (short only at end of file) or -errno.
 */
static ssize_t pread_full(int fd, uint8_t *buf, size_t len, uint64_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, buf + got, len - got, (off_t)(off + got));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/**
 * encode_chunk() - netascii-encode raw bytes into a block until either runs out
 * @raw:  raw bytes
 * @n:    how many
 * @pos:  position (its @off advances per raw byte consumed; a split pair
 *        leaves its second byte in @pend)
 * @out:  block buffer
 * @got:  in/out: bytes already in @out
 * @want: block size
 *
 * Return: raw bytes consumed.
 */
static size_t encode_chunk(const uint8_t *raw, size_t n, struct tftp_pos *pos, uint8_t *out,
			   size_t *got, size_t want)
{
	size_t i;

	for (i = 0; i < n && *got < want; i++) {
		uint8_t c = raw[i];

		pos->off++;
		if (c != '\n' && c != '\r') {
			out[(*got)++] = c;
			continue;
		}
		out[(*got)++] = '\r';
		pos->pend = c == '\n' ? '\n' : '\0';
		pos->has_pend = 1;
		if (*got < want) {
			out[(*got)++] = pos->pend;
			pos->has_pend = 0;
		}
	}
	return i;
}

/**
 * read_netascii() - produce one netascii block
 * @fd:   file
 * @pos:  in: block start; out: next block's start
 * @out:  block buffer
 * @want: block size
 *
 * Return: bytes produced (< @want at end of file) or -errno.
 */
static ssize_t read_netascii(int fd, struct tftp_pos *pos, uint8_t *out, size_t want)
{
	uint8_t raw[CHUNK];
	size_t got = 0;

	if (pos->has_pend && want) {
		out[got++] = pos->pend;
		pos->has_pend = 0;
	}
	while (got < want) {
		size_t ask = want - got < sizeof(raw) ? want - got : sizeof(raw);
		ssize_t n = pread_full(fd, raw, ask, pos->off);

		if (n < 0)
			return n;
		if (n == 0)
			break;
		encode_chunk(raw, (size_t)n, pos, out, &got, want);
	}
	return (ssize_t)got;
}

/**
 * tftp_file_read() - produce the block that starts at @pos
 * @fd:       file
 * @netascii: convert to netascii
 * @pos:      in: the block's start; out: the next block's start
 * @out:      block buffer of @want bytes
 * @want:     block size
 *
 * Return: bytes produced (less than @want only for the last block) or -errno.
 */
ssize_t tftp_file_read(int fd, int netascii, struct tftp_pos *pos, uint8_t *out,
		       size_t want)
{
	ssize_t n;

	if (fd < 0 || !pos || (!out && want))
		return -EINVAL;
	if (netascii)
		return read_netascii(fd, pos, out, want);
	n = pread_full(fd, out, want, pos->off);
	if (n > 0)
		pos->off += (uint64_t)n;
	return n;
}

/**
 * tftp_file_netascii_size() - the size of a file once netascii-encoded
 * @fd:   file
 * @size: out: raw size plus one per CR and per LF
 *
 * Return: 0 or -errno.
 */
int tftp_file_netascii_size(int fd, uint64_t *size)
{
	uint8_t raw[CHUNK];
	uint64_t off = 0, total = 0;
	ssize_t n, i;

	while ((n = pread_full(fd, raw, sizeof(raw), off)) > 0) {
		for (i = 0; i < n; i++)
			total += (raw[i] == '\n' || raw[i] == '\r') ? 2 : 1;
		off += (uint64_t)n;
	}
	if (n < 0)
		return (int)n;
	*size = total;
	return 0;
}

/**
 * write_full() - write all bytes at the sink's current offset
 * @sink: upload state
 * @buf:  bytes
 * @len:  how many
 *
 * Return: 0 or -errno.
 */
static int write_full(struct tftp_sink *sink, const uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t n = pwrite(sink->fd, buf, len, (off_t)sink->written);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf += n;
		len -= (size_t)n;
		sink->written += (uint64_t)n;
	}
	return 0;
}

/**
 * decode_byte() - netascii-decode one byte into an output buffer
 * @sink: upload state (carries a pending CR)
 * @c:    the byte
 * @out:  output buffer (room for two bytes at @n)
 * @n:    in/out: bytes in @out
 */
static void decode_byte(struct tftp_sink *sink, uint8_t c, uint8_t *out, size_t *n)
{
	if (sink->cr) {
		sink->cr = 0;
		if (c == '\n' || c == '\0') {
			out[(*n)++] = c == '\n' ? '\n' : '\r';
			return;
		}
		out[(*n)++] = '\r'; /* a bare CR: keep it, then treat c normally */
	}
	if (c == '\r')
		sink->cr = 1;
	else
		out[(*n)++] = c;
}

/**
 * tftp_sink_write() - append one received block to an upload
 * @sink: upload state
 * @data: block payload
 * @len:  its length
 *
 * Return: 0 or -errno.
 */
int tftp_sink_write(struct tftp_sink *sink, const uint8_t *data, size_t len)
{
	uint8_t out[CHUNK + 2];
	size_t i, n = 0;
	int rc;

	if (!sink || sink->fd < 0 || (!data && len))
		return -EINVAL;
	if (!sink->netascii)
		return write_full(sink, data, len);
	for (i = 0; i < len; i++) {
		decode_byte(sink, data[i], out, &n);
		if (n >= CHUNK) {
			rc = write_full(sink, out, n);
			if (rc)
				return rc;
			n = 0;
		}
	}
	return n ? write_full(sink, out, n) : 0;
}

/**
 * tftp_sink_finish() - flush what an upload still owes (a trailing bare CR)
 * @sink: upload state
 *
 * Return: 0 or -errno.
 */
int tftp_sink_finish(struct tftp_sink *sink)
{
	static const uint8_t cr = '\r';

	if (!sink || !sink->cr)
		return 0;
	sink->cr = 0;
	return write_full(sink, &cr, 1);
}
