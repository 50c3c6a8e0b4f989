/* pcap_read.c - reader for classic pcap files (both byte orders, micro/nano time) */

#include "net/pcap_read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define PCAP_GLOBAL_HLEN 24
#define PCAP_REC_HLEN 16
#define PCAP_MAX_CAPLEN (256u * 1024u)
#define PCAP_MAX_FILE (1024u * 1024u * 1024u)

/**
 * struct pcap_magic - a magic number as read little-endian and its meaning
 */
struct pcap_magic {
	uint32_t le_value;
	int swap;
	int nano;
};

static const struct pcap_magic pcap_magics[] = {
	{ 0xa1b2c3d4u, 0, 0 },	/* little-endian, microseconds */
	{ 0xd4c3b2a1u, 1, 0 },	/* big-endian, microseconds */
	{ 0xa1b23c4du, 0, 1 },	/* little-endian, nanoseconds */
	{ 0x4d3cb2a1u, 1, 1 },	/* big-endian, nanoseconds */
};

/**
 * rd32() - read a 32-bit number in the file's byte order
 * @p:    four readable bytes
 * @swap: non-zero for big-endian
 *
 * Return: the number.
 */
static uint32_t rd32(const uint8_t *p, int swap)
{
	if (swap)
		return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
		       ((uint32_t)p[2] << 8) | p[3];
	return ((uint32_t)p[3] << 24) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[1] << 8) | p[0];
}

int pxl_pcap_open_mem(struct pxl_pcap_reader *r, const uint8_t *buf, size_t len)
{
	uint32_t magic;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (!buf || len < PCAP_GLOBAL_HLEN)
		return -EINVAL;
	magic = rd32(buf, 0);
	for (i = 0; i < ARRAY_SIZE(pcap_magics); i++) {
		if (pcap_magics[i].le_value != magic)
			continue;
		r->buf = buf;
		r->len = len;
		r->off = PCAP_GLOBAL_HLEN;
		r->swap = pcap_magics[i].swap;
		r->nano = pcap_magics[i].nano;
		r->snaplen = rd32(buf + 16, r->swap);
		r->linktype = rd32(buf + 20, r->swap) & 0x0fffffffu;
		return 0;
	}
	return -EINVAL;
}

int pxl_pcap_next(struct pxl_pcap_reader *r, struct pxl_pcap_rec *rec)
{
	const uint8_t *h;
	uint32_t sec, frac, caplen;

	if (r->off == r->len)
		return 0;
	if (r->len - r->off < PCAP_REC_HLEN)
		return -EINVAL;
	h = r->buf + r->off;
	sec = rd32(h, r->swap);
	frac = rd32(h + 4, r->swap);
	caplen = rd32(h + 8, r->swap);
	if (caplen > PCAP_MAX_CAPLEN || caplen > r->len - r->off - PCAP_REC_HLEN)
		return -EINVAL;
	rec->t_ns = (uint64_t)sec * 1000000000ull + (r->nano ? frac : (uint64_t)frac * 1000ull);
	rec->data = h + PCAP_REC_HLEN;
	rec->caplen = caplen;
	rec->origlen = rd32(h + 12, r->swap);
	r->off += PCAP_REC_HLEN + caplen;
	return 1;
}

int pxl_pcap_load(const char *path, uint8_t **buf, size_t *len)
{
	FILE *f;
	long n;
	uint8_t *b = NULL;
	int err = -EIO;

	f = fopen(path, "rb");
	if (!f)
		return -errno;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		goto out;
	err = -EFBIG;
	if ((unsigned long)n > PCAP_MAX_FILE)
		goto out;
	err = -ENOMEM;
	b = malloc(n ? (size_t)n : 1);
	if (!b)
		goto out;
	err = -EIO;
	if (fread(b, 1, (size_t)n, f) != (size_t)n)
		goto out;
	*buf = b;
	*len = (size_t)n;
	b = NULL;
	err = 0;
out:
	free(b);
	fclose(f);
	return err;
}
