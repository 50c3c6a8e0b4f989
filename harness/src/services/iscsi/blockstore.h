/* blockstore.h - a disk image behind a SCSI disk: snapshot (copy-on-write), readonly, persistent */
#ifndef PXL_BLOCKSTORE_H
#define PXL_BLOCKSTORE_H

#include <stddef.h>
#include <stdint.h>

/**
 * enum blockstore_mode - what writes do
 * @BLOCKSTORE_SNAPSHOT:   writes go to an in-memory overlay; the image is
 *                         opened read-only and never written (the default)
 * @BLOCKSTORE_READONLY:   writes fail with -EROFS
 * @BLOCKSTORE_PERSISTENT: writes go to the image file
 */
enum blockstore_mode {
	BLOCKSTORE_SNAPSHOT,
	BLOCKSTORE_READONLY,
	BLOCKSTORE_PERSISTENT,
};

struct blockstore;

int blockstore_open(const char *path, enum blockstore_mode mode, struct blockstore **out);
int blockstore_parse_mode(const char *name, enum blockstore_mode *mode);
const char *blockstore_mode_name(enum blockstore_mode mode);
uint64_t blockstore_size(const struct blockstore *bs);
enum blockstore_mode blockstore_mode(const struct blockstore *bs);
int blockstore_read(struct blockstore *bs, uint64_t off, void *buf, size_t len);
int blockstore_write(struct blockstore *bs, uint64_t off, const void *buf, size_t len);
int blockstore_flush(struct blockstore *bs);
size_t blockstore_overlay_bytes(const struct blockstore *bs);
void blockstore_close(struct blockstore *bs);

#endif /* PXL_BLOCKSTORE_H */
