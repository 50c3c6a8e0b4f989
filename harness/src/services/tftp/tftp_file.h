/* tftp_file.h - block-wise file I/O for TFTP transfers: octet and netascii, with restartable positions
 *
 * Reading: every block but the last is exactly blksize bytes, so a block's
 * starting position fully describes it.  For octet that is a file offset;
 * netascii (LF -> CR LF, CR -> CR NUL) also needs the second byte of a pair
 * split across two blocks.  A sender keeps one position per block of its
 * window and can re-read any of them (RFC 7440 restart, retransmission).
 *
 * Writing (uploads) is sequential: octet bytes go straight to the file,
 * netascii is decoded (CR LF -> LF, CR NUL -> CR) with a CR that ends one
 * block carried to the next.
 */
#ifndef PXL_TFTP_FILE_H
#define PXL_TFTP_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/**
 * struct tftp_pos - where a block starts in the source file
 * @off:      file offset of the next raw byte
 * @pend:     netascii: second byte of a CR pair still owed (LF or NUL)
 * @has_pend: whether @pend is owed
 */
struct tftp_pos {
	uint64_t off;
	uint8_t pend;
	uint8_t has_pend;
};

/**
 * struct tftp_sink - the state of an upload being written
 * @fd:       destination file
 * @netascii: decode netascii
 * @written:  bytes written to the file so far
 * @cr:       netascii: a CR ended the previous block
 */
struct tftp_sink {
	int fd;
	int netascii;
	uint64_t written;
	int cr;
};

ssize_t tftp_file_read(int fd, int netascii, struct tftp_pos *pos, uint8_t *out,
		       size_t want);
int tftp_file_netascii_size(int fd, uint64_t *size);
int tftp_sink_write(struct tftp_sink *sink, const uint8_t *data, size_t len);
int tftp_sink_finish(struct tftp_sink *sink);

#endif /* PXL_TFTP_FILE_H */
