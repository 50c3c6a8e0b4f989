/* root_path.h - resolve a client's file name safely inside a served directory (TFTP and every
 * other service that serves files: one set of rules)
 *
 * The policy, in the order it is applied:
 *  - '\' is a path separator like '/' (PXE clients send DOS-style paths);
 *  - an empty name, or one longer than PXL_ROOT_NAME_MAX, is refused (EACCES);
 *  - a leading '/' or '\' (one or many) names the served root, as
 *    tftpd-hpa -s and dnsmasq resolve it: "/grub/grub.cfg" is
 *    ROOT/grub/grub.cfg and "/etc/passwd" is ROOT/etc/passwd, never the
 *    host's; a name of slashes only is the root directory (EISDIR);
 *  - a ".." component anywhere in the name is refused (EACCES), even when
 *    the result would stay inside the root ("a/../b");
 *  - empty and "." components are skipped ("a//b", "./b");
 *  - nothing is decoded: "%2e%2e" is a file name of six characters;
 *  - the walk goes one component at a time from a directory fd with
 *    O_NOFOLLOW; a symlink met on the way is read and followed by the same
 *    walk, so ".." inside a link target pops one directory level and popping
 *    above the root is refused (EACCES); absolute link targets are refused
 *    (EACCES) even if they happen to point inside the root; more than
 *    PXL_ROOT_MAX_LINKS links is ELOOP;
 *  - a missing component is ENOENT, a regular file used as a directory is
 *    ENOTDIR (both: TFTP "file not found");
 *  - the last component must be a regular file (EISDIR for a directory,
 *    EACCES for devices, FIFOs and sockets).
 */
#ifndef PXL_CORE_ROOT_PATH_H
#define PXL_CORE_ROOT_PATH_H

#include <limits.h>
#include <stdint.h>

/** PXL_ROOT_NAME_MAX - longest file name accepted from a client */
#define PXL_ROOT_NAME_MAX 1024
/** PXL_ROOT_MAX_LINKS - symlinks followed while resolving one name */
#define PXL_ROOT_MAX_LINKS 16
/** PXL_ROOT_MAX_DEPTH - directory levels below the root */
#define PXL_ROOT_MAX_DEPTH 32

/**
 * struct pxl_root_file - an opened file and where it lives
 * @fd:     the file, opened read-only (lookup) or write-only (create)
 * @dir_fd: the directory holding it (kept for unlinking a failed upload)
 * @leaf:   its name in @dir_fd
 * @why:    on failure, a short static reason fit for an ERROR message
 * @size:   the file's size when it was opened for reading (its fstat(), which
 *          the lookup makes anyway: callers need not ask again), 0 when created
 */
struct pxl_root_file {
	int fd;
	int dir_fd;
	uint64_t size;
	char leaf[NAME_MAX + 1];
	const char *why;
};

int pxl_root_open(int root_fd, const char *name, struct pxl_root_file *res);
int pxl_root_create(int root_fd, const char *name, struct pxl_root_file *res);
void pxl_root_close(struct pxl_root_file *res);

#endif /* PXL_CORE_ROOT_PATH_H */
