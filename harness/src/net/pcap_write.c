/* pcap_write.c - a pcap file writer (LINKTYPE_ETHERNET, nanosecond timestamps) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "net/pcap_write.h"

#define PCAP_MAGIC_NS 0xa1b23c4du
#define PCAP_LINKTYPE_ETHERNET 1
#define PCAP_SNAPLEN 262144

/**
 * struct pxl_pcap - an open capture file
 * @f: stdio stream
 * @err: first write error (-errno), sticky
 */
struct pxl_pcap {
	FILE *f;
	int err;
};

/** struct pcap_file_hdr - the pcap global header, host byte order */
struct pcap_file_hdr {
	uint32_t magic;
	uint16_t major;
	uint16_t minor;
	int32_t thiszone;
	uint32_t sigfigs;
	uint32_t snaplen;
	uint32_t linktype;
};

/** struct pcap_rec_hdr - a pcap record header, host byte order */
struct pcap_rec_hdr {
	uint32_t sec;
	uint32_t nsec;
	uint32_t caplen;
	uint32_t len;
};

/**
 * pxl_pcap_open() - create (truncate) a capture file and write its header
 * @path: file path
 * @err: out: -errno on failure
 *
 * Return: the writer, or NULL.
 */
struct pxl_pcap *pxl_pcap_open(const char *path, int *err)
{
	struct pcap_file_hdr h = { PCAP_MAGIC_NS, 2, 4, 0, 0, PCAP_SNAPLEN,
				   PCAP_LINKTYPE_ETHERNET };
	struct pxl_pcap *p = calloc(1, sizeof(*p));

	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	p->f = fopen(path, "wb");
	if (!p->f || fwrite(&h, sizeof(h), 1, p->f) != 1 || fflush(p->f)) {
		*err = -errno;
		if (p->f)
			fclose(p->f);
		free(p);
		return NULL;
	}
	return p;
}

/**
 * pxl_pcap_write() - append one frame
 * @p: writer
 * @wall_ns: wall-clock time of the frame in ns since the epoch
 * @frame: bytes
 * @len: length
 *
 * Return: 0 or the first -errno seen on this file.
 */
int pxl_pcap_write(struct pxl_pcap *p, uint64_t wall_ns, const uint8_t *frame, size_t len)
{
	struct pcap_rec_hdr r;

	if (p->err)
		return p->err;
	r.sec = (uint32_t)(wall_ns / 1000000000ULL);
	r.nsec = (uint32_t)(wall_ns % 1000000000ULL);
	r.len = (uint32_t)len;
	r.caplen = len > PCAP_SNAPLEN ? PCAP_SNAPLEN : (uint32_t)len;
	if (fwrite(&r, sizeof(r), 1, p->f) != 1 || fwrite(frame, 1, r.caplen, p->f) != r.caplen)
		p->err = -(errno ? errno : EIO);
	return p->err;
}

/** pxl_pcap_flush() - push buffered records to the file; Return: 0 or -errno */
int pxl_pcap_flush(struct pxl_pcap *p)
{
	if (!p->err && fflush(p->f))
		p->err = -errno;
	return p->err;
}

/** pxl_pcap_close() - flush and close (p may be NULL); Return: 0 or -errno */
int pxl_pcap_close(struct pxl_pcap *p)
{
	int rc;

	if (!p)
		return 0;
	rc = pxl_pcap_flush(p);
	if (fclose(p->f) && !rc)
		rc = -errno;
	free(p);
	return rc;
}
