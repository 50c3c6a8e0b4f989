/* pcap_read.h - reader for classic pcap files (both byte orders, micro/nano time)
 *
 * The reader works on a buffer holding the whole file (pxl_pcap_load() reads
 * one); records point into that buffer.  A truncated or lying record header
 * ends the iteration with -EINVAL, never a read past the buffer.
 */
#ifndef PXL_PCAP_READ_H
#define PXL_PCAP_READ_H

#include <stddef.h>
#include <stdint.h>

#define PXL_PCAP_LINKTYPE_ETHERNET 1

/**
 * struct pxl_pcap_reader - iteration state over a pcap buffer
 * @buf, @len:  the file's bytes
 * @off:        offset of the next record header
 * @swap:       file byte order differs from the little-endian decode default
 * @nano:       timestamps are in nanoseconds (else microseconds)
 * @linktype:   the file's link type (1 = Ethernet)
 * @snaplen:    the file's snapshot length
 */
struct pxl_pcap_reader {
	const uint8_t *buf;
	size_t len;
	size_t off;
	int swap;
	int nano;
	uint32_t linktype;
	uint32_t snaplen;
};

/**
 * struct pxl_pcap_rec - one record
 * @t_ns:    timestamp, nanoseconds since the epoch
 * @data:    captured bytes (point into the reader's buffer)
 * @caplen:  captured length
 * @origlen: original length on the wire
 */
struct pxl_pcap_rec {
	uint64_t t_ns;
	const uint8_t *data;
	size_t caplen;
	size_t origlen;
};

/**
 * pxl_pcap_open_mem() - start reading a pcap held in memory
 * @r:   reader to initialise
 * @buf: file bytes (must outlive the reader)
 * @len: file length
 *
 * Return: 0, or -EINVAL if the global header is short or the magic unknown.
 */
int pxl_pcap_open_mem(struct pxl_pcap_reader *r, const uint8_t *buf, size_t len);

/**
 * pxl_pcap_next() - fetch the next record
 * @r:   reader
 * @rec: out: the record
 *
 * Return: 1 with a record, 0 at a clean end of file, -EINVAL on a truncated
 * or oversized record.
 */
int pxl_pcap_next(struct pxl_pcap_reader *r, struct pxl_pcap_rec *rec);

/**
 * pxl_pcap_load() - read a whole file into memory
 * @path: file name
 * @buf:  out: malloc'ed contents (caller frees)
 * @len:  out: length
 *
 * Return: 0 or a negative errno.
 */
int pxl_pcap_load(const char *path, uint8_t **buf, size_t *len);

#endif /* PXL_PCAP_READ_H */
