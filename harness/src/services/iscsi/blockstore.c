/* blockstore.c - a disk image behind a SCSI disk: snapshot (copy-on-write), readonly, persistent */
#include "services/iscsi/blockstore.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

#define CHUNK_SHIFT 16
#define CHUNK_SIZE ((size_t)1 << CHUNK_SHIFT)

/**
 * struct blockstore - an open image
 * @fd:      image file (O_RDONLY unless persistent)
 * @size:    image size in bytes
 * @mode:    write behaviour
 * @chunks:  snapshot overlay: one pointer per 64 KiB chunk, NULL = unchanged
 * @nchunks: entries in @chunks
 * @dirty:   overlay chunks allocated
 */
struct blockstore {
	int fd;
	uint64_t size;
	enum blockstore_mode mode;
	uint8_t **chunks;
	size_t nchunks;
	size_t dirty;
};

static const char *const mode_names[] = {
	[BLOCKSTORE_SNAPSHOT] = "snapshot",
	[BLOCKSTORE_READONLY] = "readonly",
	[BLOCKSTORE_PERSISTENT] = "persistent",
};

/**
 * blockstore_parse_mode() - mode from its name
 * @name: "snapshot", "readonly" or "persistent"
 * @mode: out: the mode
 *
 * Return: 0 or -EINVAL.
 */
int blockstore_parse_mode(const char *name, enum blockstore_mode *mode)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mode_names); i++)
		if (strcmp(name, mode_names[i]) == 0) {
			*mode = (enum blockstore_mode)i;
			return 0;
		}
	return -EINVAL;
}

/**
 * blockstore_mode_name() - printable name of a mode
 * @mode: mode
 *
 * Return: static string.
 */
const char *blockstore_mode_name(enum blockstore_mode mode)
{
	return (unsigned int)mode < 3 ? mode_names[mode] : "?";
}

/**
 * blockstore_open() - open an image file
 * @path: raw image
 * @mode: write behaviour
 * @out:  out: the store
 *
 * Return: 0 or -errno (-ENOENT missing, -EISDIR, -ENOMEM ...).
 */
int blockstore_open(const char *path, enum blockstore_mode mode, struct blockstore **out)
{
	struct blockstore *bs;
	struct stat st;
	int err;

	bs = calloc(1, sizeof(*bs));
	if (!bs)
		return -ENOMEM;
	bs->mode = mode;
	bs->fd = open(path, (mode == BLOCKSTORE_PERSISTENT ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (bs->fd < 0 || fstat(bs->fd, &st) < 0) {
		err = -errno;
		goto fail;
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		err = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		goto fail;
	}
	bs->size = (uint64_t)st.st_size;
	bs->nchunks = (size_t)((bs->size + CHUNK_SIZE - 1) >> CHUNK_SHIFT);
	if (mode == BLOCKSTORE_SNAPSHOT) {
		bs->chunks = calloc(bs->nchunks ? bs->nchunks : 1, sizeof(*bs->chunks));
		if (!bs->chunks) {
			err = -ENOMEM;
			goto fail;
		}
	}
	*out = bs;
	return 0;
fail:
	if (bs->fd >= 0)
		close(bs->fd);
	free(bs);
	return err;
}

/** blockstore_size() - image size in bytes */
uint64_t blockstore_size(const struct blockstore *bs)
{
	return bs->size;
}

/** blockstore_mode() - the store's write behaviour */
enum blockstore_mode blockstore_mode(const struct blockstore *bs)
{
	return bs->mode;
}

/** blockstore_overlay_bytes() - memory the snapshot overlay holds */
size_t blockstore_overlay_bytes(const struct blockstore *bs)
{
	return bs->dirty * CHUNK_SIZE;
}

/**
 * file_read() - pread() the whole range, zero-filling past end of file
 * @fd:  file
 * @off: offset
 * @buf: output
 * @len: bytes
 *
 * Return: 0 or -errno.
 */
static int file_read(int fd, uint64_t off, uint8_t *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = pread(fd, buf, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0) {
			memset(buf, 0, len);
			return 0;
		}
		buf += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

/**
 * file_write() - pwrite() the whole range
 * @fd:  file
 * @off: offset
 * @buf: bytes
 * @len: count
 *
 * Return: 0 or -errno.
 */
static int file_write(int fd, uint64_t off, const uint8_t *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = pwrite(fd, buf, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

/**
 * range_ok() - whether [off, off+len) lies inside the image
 * @bs:  store
 * @off: offset
 * @len: bytes
 *
 * Return: 1 if inside.
 */
static int range_ok(const struct blockstore *bs, uint64_t off, size_t len)
{
	return off <= bs->size && len <= bs->size - off;
}

/**
 * blockstore_read() - read bytes (overlay first in snapshot mode)
 * @bs:  store
 * @off: byte offset
 * @buf: output
 * @len: bytes
 *
 * Return: 0, -ERANGE outside the image, or -errno.
 */
int blockstore_read(struct blockstore *bs, uint64_t off, void *buf, size_t len)
{
	uint8_t *p = buf;

	if (!range_ok(bs, off, len))
		return -ERANGE;
	while (len > 0) {
		size_t idx = (size_t)(off >> CHUNK_SHIFT), in = (size_t)(off & (CHUNK_SIZE - 1));
		size_t n = CHUNK_SIZE - in < len ? CHUNK_SIZE - in : len;
		int err = 0;

		if (bs->chunks && bs->chunks[idx])
			memcpy(p, bs->chunks[idx] + in, n);
		else
			err = file_read(bs->fd, off, p, n);
		if (err)
			return err;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

/**
 * overlay_chunk() - the overlay copy of a chunk, made from the image on first use
 * @bs:  store (snapshot mode)
 * @idx: chunk index
 *
 * Return: the chunk or NULL (out of memory or read error).
 */
static uint8_t *overlay_chunk(struct blockstore *bs, size_t idx)
{
	uint8_t *c = bs->chunks[idx];

	if (c)
		return c;
	c = malloc(CHUNK_SIZE);
	if (!c)
		return NULL;
	if (file_read(bs->fd, (uint64_t)idx << CHUNK_SHIFT, c, CHUNK_SIZE) < 0) {
		free(c);
		return NULL;
	}
	bs->chunks[idx] = c;
	bs->dirty++;
	return c;
}

/**
 * blockstore_write() - write bytes according to the mode
 * @bs:  store
 * @off: byte offset
 * @buf: bytes
 * @len: count
 *
 * Return: 0, -EROFS (readonly), -ERANGE outside the image, -ENOMEM, -errno.
 */
int blockstore_write(struct blockstore *bs, uint64_t off, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (bs->mode == BLOCKSTORE_READONLY)
		return -EROFS;
	if (!range_ok(bs, off, len))
		return -ERANGE;
	if (bs->mode == BLOCKSTORE_PERSISTENT)
		return file_write(bs->fd, off, p, len);
	while (len > 0) {
		size_t idx = (size_t)(off >> CHUNK_SHIFT), in = (size_t)(off & (CHUNK_SIZE - 1));
		size_t n = CHUNK_SIZE - in < len ? CHUNK_SIZE - in : len;
		uint8_t *c = overlay_chunk(bs, idx);

		if (!c)
			return -ENOMEM;
		memcpy(c + in, p, n);
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

/**
 * blockstore_flush() - make persistent writes durable
 * @bs: store
 *
 * Return: 0 or -errno.
 */
int blockstore_flush(struct blockstore *bs)
{
	if (bs->mode != BLOCKSTORE_PERSISTENT)
		return 0;
	return fdatasync(bs->fd) < 0 ? -errno : 0;
}

/**
 * blockstore_close() - close the image and drop the overlay
 * @bs: store (may be NULL)
 */
void blockstore_close(struct blockstore *bs)
{
	size_t i;

	if (!bs)
		return;
	for (i = 0; bs->chunks && i < bs->nchunks; i++)
		free(bs->chunks[i]);
	free(bs->chunks);
	close(bs->fd);
	free(bs);
}
