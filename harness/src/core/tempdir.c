/* tempdir.c - private temporary folders that are always removed */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/tempdir.h"

/**
 * pxl_tempdir_make() - create a 0700 folder under $TMPDIR (or /tmp)
 * @path: out: its path
 * @len: size of @path
 * @tag: a word in the name ("boot", "run")
 *
 * Return: 0 or -errno.
 */
int pxl_tempdir_make(char *path, size_t len, const char *tag)
{
	const char *base = getenv("TMPDIR");

	if (!base || !*base)
		base = "/tmp";
	if ((size_t)snprintf(path, len, "%s/pxelab-%s-XXXXXX", base, tag) >= len)
		return -ENAMETOOLONG;
	return mkdtemp(path) ? 0 : -errno;
}

/** tempdir_rm_one() - nftw callback: remove one entry */
static int tempdir_rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(p) ? -1 : 0;
}

/**
 * pxl_tempdir_remove() - remove a folder made by pxl_tempdir_make() and all in it
 * @path: the folder (an empty string is ignored)
 *
 * Return: 0 or -errno.
 */
int pxl_tempdir_remove(const char *path)
{
	if (!path || !*path || !strstr(path, "/pxelab-"))
		return -EINVAL;
	return nftw(path, tempdir_rm_one, 16, FTW_DEPTH | FTW_PHYS) ? -errno : 0;
}
