/* pcap_write.c - a pcap file writer (LINKTYPE_ETHERNET, nanosecond timestamps) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/pcap_write.h"

#define PCAP_MAGIC_NS 0xa1b23c4du
#define PCAP_LINKTYPE_ETHERNET 1

/**
 * struct pxl_pcap - an open capture file
 * @f: stdio stream
 * @err: first write error (-errno), sticky
 * @snaplen: bytes kept of each frame (the rest is counted in the record's length)
 */
struct pxl_pcap {
	FILE *f;
	int err;
	uint32_t snaplen;
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
 * pxl_pcap_parse_mode() - a capture mode: `full`, `headers`, `headers:SNAP` or `off`
 * @s: the text
 * @snaplen: out: bytes kept of each frame (PXL_PCAP_SNAP_FULL for `full`,
 *           PXL_PCAP_SNAP_HEADERS for `headers`), 0 for `off`
 *
 * Return: 0, or -EINVAL for anything else (SNAP outside 64 .. 262144 too).
 */
int pxl_pcap_parse_mode(const char *s, uint32_t *snaplen)
{
	unsigned long v;
	char *end;

	if (!strcmp(s, "full") || !strcmp(s, "off") || !strcmp(s, "headers")) {
		*snaplen = s[0] == 'f' ? PXL_PCAP_SNAP_FULL : s[0] == 'o' ? 0 : PXL_PCAP_SNAP_HEADERS;
		return 0;
	}
	if (strncmp(s, "headers:", 8) || s[8] < '0' || s[8] > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s + 8, &end, 10);
	if (errno || *end || v < PXL_PCAP_SNAP_MIN || v > PXL_PCAP_SNAP_FULL)
		return -EINVAL;
	*snaplen = (uint32_t)v;
	return 0;
}

/**
 * pxl_pcap_mode_str() - the capture mode of a snap length, as pxl_pcap_parse_mode() reads it
 * @snaplen: 0 (off), PXL_PCAP_SNAP_FULL (full) or a `headers` snap length
 * @out, @len: where to write "off", "full" or "headers:SNAP"
 */
void pxl_pcap_mode_str(uint32_t snaplen, char *out, size_t len)
{
	if (!snaplen || snaplen >= PXL_PCAP_SNAP_FULL)
		snprintf(out, len, "%s", snaplen ? "full" : "off");
	else
		snprintf(out, len, "headers:%u", snaplen);
}

/**
 * pxl_pcap_open() - create (truncate) a capture file and write its header
 * @path: file path
 * @snaplen: bytes kept of each frame (0 or more than PXL_PCAP_SNAP_FULL: that)
 * @err: out: -errno on failure
 *
 * Return: the writer, or NULL.
 */
struct pxl_pcap *pxl_pcap_open(const char *path, uint32_t snaplen, int *err)
{
	struct pcap_file_hdr h = { PCAP_MAGIC_NS, 2, 4, 0, 0, PXL_PCAP_SNAP_FULL,
				   PCAP_LINKTYPE_ETHERNET };
	struct pxl_pcap *p = calloc(1, sizeof(*p));

	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	p->snaplen = snaplen && snaplen < PXL_PCAP_SNAP_FULL ? snaplen : PXL_PCAP_SNAP_FULL;
	h.snaplen = p->snaplen;
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
 * pxl_pcap_write() - append one frame (its first snaplen bytes; the record keeps its length)
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
	r.caplen = len > p->snaplen ? p->snaplen : (uint32_t)len;
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
