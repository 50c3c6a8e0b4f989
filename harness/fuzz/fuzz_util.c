/* fuzz_util.c - shared helpers of the fuzz targets: record splitting, checksum repair, temp folders, sinks */
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/packet.h"

#define FUZZ_MAX_TMPDIRS 4

/**
 * struct fuzz_tmp - temp folders made by this process, removed at exit
 * @path: their paths
 * @n:    how many
 *
 * The one piece of process-wide state: libFuzzer gives no teardown hook,
 * so the folders are removed by an atexit() handler.  The fuzz runners
 * (mk/fuzz.mk) also point TMPDIR at a folder they remove themselves, for
 * the runs that end in a crash (no atexit then).
 */
static struct fuzz_tmp {
	char path[FUZZ_MAX_TMPDIRS][256];
	int n;
} fuzz_tmp;

/**
 * fuzz_fail() - report a broken contract and abort
 * @file: source file
 * @line: source line
 * @cond: the condition that failed, as text
 * @fmt:  printf format of the details
 */
void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: fuzz contract broken: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/**
 * fuzz_next_rec() - take the next record off the input
 * @c: cursor (advanced)
 * @r: out: the record
 *
 * A lone trailing byte is a record of its own with selector 0.
 * Return: 1 if a record was taken, 0 at the end of the input.
 */
int fuzz_next_rec(struct fuzz_cursor *c, struct fuzz_rec *r)
{
	size_t len;

	if (!c->n)
		return 0;
	if (c->n < 2) {
		*r = (struct fuzz_rec){ 0, c->p, c->n };
		c->p += c->n;
		c->n = 0;
		return 1;
	}
	r->sel = c->p[0] >> 4;
	len = ((size_t)(c->p[0] & 0x0f) << 8) | c->p[1];
	c->p += 2;
	c->n -= 2;
	if (len == FUZZ_REC_REST || len > c->n)
		len = c->n;
	r->data = c->p;
	r->len = len;
	c->p += len;
	c->n -= len;
	return 1;
}

/**
 * fuzz_rng() - xorshift64* step: deterministic numbers from an input byte
 * @state: state (must not be 0; the caller seeds it)
 *
 * Return: 64 pseudo-random bits.
 */
uint64_t fuzz_rng(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 2685821657736338717ULL;
}

/**
 * fix_l4() - rewrite the UDP (to "none") or TCP checksum of an IPv4 packet
 * @ip:    IPv4 header
 * @ihl:   its length
 * @total: IPv4 total length (at most what the buffer holds)
 */
static void fix_l4(uint8_t *ip, size_t ihl, size_t total)
{
	uint8_t *l4 = ip + ihl, pseudo[12];
	size_t len = total - ihl;
	uint32_t sum;

	if (ip[9] == PXL_IPPROTO_UDP && len >= 8) {
		l4[6] = l4[7] = 0;
		return;
	}
	if (ip[9] != PXL_IPPROTO_TCP || len < 20)
		return;
	memcpy(pseudo, ip + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = PXL_IPPROTO_TCP;
	pseudo[10] = (uint8_t)(len >> 8);
	pseudo[11] = (uint8_t)len;
	l4[16] = l4[17] = 0;
	sum = pxl_csum_partial(pseudo, sizeof(pseudo), 0);
	sum = pxl_csum_fold(pxl_csum_partial(l4, len, sum));
	l4[16] = (uint8_t)(sum >> 8);
	l4[17] = (uint8_t)sum;
}

/**
 * fuzz_fix_checksums() - make an IPv4 frame's checksums right, whatever else it says
 * @frame: Ethernet frame (modified in place)
 * @len:   its length
 *
 * Lets mutated frames get past the checksum checks to the protocol
 * decoders.  Frames that are not IPv4, or whose header lengths do not fit,
 * are left alone (the decoder will reject them anyway).
 */
void fuzz_fix_checksums(uint8_t *frame, size_t len)
{
	size_t off = PXL_ETH_HLEN, ihl, total;
	uint8_t *ip;
	uint16_t sum;

	if (len >= PXL_ETH_HLEN + 4 && frame[12] == 0x81 && frame[13] == 0x00)
		off += 4;
	if (len < off + 20 || frame[off - 2] != 0x08 || frame[off - 1] != 0x00)
		return;
	ip = frame + off;
	ihl = (size_t)(ip[0] & 0x0f) * 4;
	total = ((size_t)ip[2] << 8) | ip[3];
	if (ihl < 20 || ihl > len - off)
		return;
	if (total >= ihl && total <= len - off)
		fix_l4(ip, ihl, total);
	ip[10] = ip[11] = 0;
	sum = pxl_csum_fold(pxl_csum_partial(ip, ihl, 0));
	ip[10] = (uint8_t)(sum >> 8);
	ip[11] = (uint8_t)sum;
}

/**
 * rm_entry() - nftw callback: remove one entry
 * @path: entry
 * @st:   its status (unused)
 * @type: entry type (unused)
 * @ftw:  walk state (unused)
 *
 * Return: 0 (keep walking whatever happens).
 */
static int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/** fuzz_tmp_cleanup() - atexit handler: remove the temp folders */
static void fuzz_tmp_cleanup(void)
{
	int i;

	for (i = 0; i < fuzz_tmp.n; i++)
		nftw(fuzz_tmp.path[i], rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	fuzz_tmp.n = 0;
}

/**
 * fuzz_tmpdir() - make a private temp folder, removed when the process exits
 * @tag: short name part ("tftp", "iscsi")
 *
 * Made under $TMPDIR (or /tmp).  Return: its path (static), or NULL with a
 * message on stderr.
 */
const char *fuzz_tmpdir(const char *tag)
{
	const char *base = getenv("TMPDIR");
	char *p;

	if (fuzz_tmp.n >= FUZZ_MAX_TMPDIRS) {
		fprintf(stderr, "fuzz: more than %d temp folders asked for\n", FUZZ_MAX_TMPDIRS);
		return NULL;
	}
	p = fuzz_tmp.path[fuzz_tmp.n];
	snprintf(p, sizeof(fuzz_tmp.path[0]), "%s/pxelab-fuzz-%s-XXXXXX",
		 base && *base ? base : "/tmp", tag);
	if (!mkdtemp(p)) {
		fprintf(stderr, "fuzz: cannot make a temp folder %s: %s\n", p, strerror(errno));
		return NULL;
	}
	if (!fuzz_tmp.n)
		atexit(fuzz_tmp_cleanup);
	fuzz_tmp.n++;
	return p;
}

/**
 * fuzz_write_file() - create a file with the given contents
 * @dir:  folder
 * @name: file name (may hold '/' into existing subfolders)
 * @data: contents
 * @len:  their length
 *
 * Return: 0 or -errno (with a message on stderr).
 */
int fuzz_write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[512];
	ssize_t w;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto err;
	w = len ? write(fd, data, len) : 0;
	if (w < 0 || (size_t)w != len) {
		close(fd);
		goto err;
	}
	return close(fd) ? -errno : 0;
err:
	fprintf(stderr, "fuzz: cannot write %s: %s\n", path, strerror(errno));
	return -errno;
}

/**
 * fuzz_touch_str() - read every byte of a string (NULL is fine)
 * @s: the string
 *
 * ASan then reports a dangling or unterminated string at the producer.
 */
void fuzz_touch_str(const char *s)
{
	volatile size_t n = 0;

	if (s)
		n = strlen(s);
	(void)n;
}

/**
 * fuzz_touch_event() - event sink: read every string of the event
 * @ctx: unused
 * @now: unused
 * @ev:  the event
 */
void fuzz_touch_event(void *ctx, uint64_t now, const struct pxl_event *ev)
{
	(void)ctx;
	(void)now;
	FUZZ_ASSERT(ev->service && ev->kind, "event without service or kind");
	fuzz_touch_str(ev->service);
	fuzz_touch_str(ev->kind);
	fuzz_touch_str(ev->name);
	fuzz_touch_str(ev->detail);
}
