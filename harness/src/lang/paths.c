/* paths.c - where a relative host path in a scenario leads: its folder, its tree, the current folder, the data folder */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/scenario.h"

/* the Makefile compiles in PREFIX/share/pxelab (mk/install.mk) */
#ifndef PXL_DATADIR
#define PXL_DATADIR "/usr/local/share/pxelab"
#endif

/* the folders a relative path is tried in, in order (see scn_resolve_path()) */
enum { NBASES = 4 };

/**
 * scn_datadir() - pxelab's data folder: $PXELAB_DATADIR, else the one compiled in
 *
 * The data folder holds the installed scenario suite, fixtures and boot
 * images (PREFIX/share/pxelab/{scenarios,fixtures,vm-images/out}).
 *
 * Return: the folder, never NULL or empty.
 */
const char *scn_datadir(void)
{
	const char *d = getenv("PXELAB_DATADIR");

	return d && d[0] ? d : PXL_DATADIR;
}

/**
 * folder_of() - the folder a file is in, as text: "a/b.scn" -> "a", "b.scn" -> "."
 * @file: a file path
 * @out:  out: its folder
 * @len:  size of @out
 */
static void folder_of(const char *file, char *out, size_t len)
{
	size_t n = strlen(file);

	while (n > 1 && file[n - 1] == '/')
		n--;
	while (n && file[n - 1] != '/')
		n--;
	while (n > 1 && file[n - 1] == '/')
		n--;
	if (!n)
		snprintf(out, len, ".");
	else
		snprintf(out, len, "%.*s", (int)n, file);
}

/**
 * parent_of() - the folder above a folder, as text: "a/b" -> "a", "a" -> ".", "." -> ".."
 * @dir: a folder, as folder_of() gives it
 * @out: out: its parent
 * @len: size of @out
 *
 * A last component of "." or ".." has no textual parent: "/.." is added.
 */
static void parent_of(const char *dir, char *out, size_t len)
{
	const char *slash = strrchr(dir, '/');
	const char *last = slash ? slash + 1 : dir;

	if (!strcmp(dir, "/"))
		snprintf(out, len, "/");
	else if (!strcmp(dir, "."))
		snprintf(out, len, "..");
	else if (!strcmp(last, ".") || !strcmp(last, ".."))
		snprintf(out, len, "%s/..", dir);
	else if (!slash)
		snprintf(out, len, ".");
	else
		folder_of(dir, out, len);
}

/**
 * join() - @base/@path, or @path alone when @base is the current folder
 * @base: folder
 * @path: relative path
 * @out:  out: the joined path
 * @len:  size of @out
 *
 * Return: 0, or -ENAMETOOLONG.
 */
static int join(const char *base, const char *path, char *out, size_t len)
{
	int n;

	if (!strcmp(base, "."))
		n = snprintf(out, len, "%s", path);
	else
		n = snprintf(out, len, "%s%s%s", base, base[strlen(base) - 1] == '/' ? "" : "/", path);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/**
 * scn_resolve_path() - the host file a path in a scenario names
 * @file: the scenario file as given to the parser
 * @path: the path as written in it
 * @buf:  out: the path to use
 * @len:  size of @buf
 *
 * An absolute @path is used as is.  A relative one is tried, in order,
 * against the scenario file's folder, that folder's parent (the tree the
 * scenario lives in: scenarios/x.scn names fixtures/... and vm-images/...
 * of the repository or of PREFIX/share/pxelab), the current folder, and
 * the data folder (scn_datadir()); the first that exists wins.  The
 * result is textual ("scenarios/../fixtures/tftp" reads "fixtures/tftp"),
 * so a scenario run from the source tree names the same paths as before.
 *
 * Return: 0 with the path found in @buf, or -ENOENT with @path itself
 * in @buf (so messages about a missing file name it as written).
 */
int scn_resolve_path(const char *file, const char *path, char *buf, size_t len)
{
	char bases[NBASES][PATH_MAX];
	size_t i;

	snprintf(buf, len, "%s", path);
	if (path[0] == '/' || !path[0] || !file)
		return 0;
	folder_of(file, bases[0], sizeof(bases[0]));
	parent_of(bases[0], bases[1], sizeof(bases[1]));
	snprintf(bases[2], sizeof(bases[2]), ".");
	snprintf(bases[3], sizeof(bases[3]), "%s", scn_datadir());
	for (i = 0; i < NBASES; i++)
		if (!join(bases[i], path, buf, len) && !access(buf, F_OK))
			return 0;
	snprintf(buf, len, "%s", path);
	return -ENOENT;
}

/**
 * resolve_field() - replace one path of the model by the file it names
 * @file: the scenario file
 * @path: in/out: the path (NULL: nothing to do)
 *
 * Return: 0, or -ENOMEM.
 */
static int resolve_field(const char *file, char **path)
{
	char buf[PATH_MAX];
	char *copy;

	if (!*path || scn_resolve_path(file, *path, buf, sizeof(buf)) || !strcmp(buf, *path))
		return 0;
	copy = strdup(buf);
	if (!copy)
		return -ENOMEM;
	free(*path);
	*path = copy;
	return 0;
}

/**
 * scn_resolve_files() - resolve every host path of a scenario (scn_resolve_path())
 * @s: scenario: its TFTP and HTTP roots, `serve` sources and iSCSI images
 *
 * Paths that lead nowhere stay as written; scn_check_files() reports them.
 *
 * Return: 0, or -ENOMEM.
 */
int scn_resolve_files(struct scenario *s)
{
	int rc = resolve_field(s->file, &s->tftp.root);
	size_t i;

	for (i = 0; !rc && i < s->tftp.nserve; i++)
		rc = resolve_field(s->file, &s->tftp.serve[i].src);
	if (!rc)
		rc = resolve_field(s->file, &s->http.root);
	for (i = 0; !rc && i < s->http.nserve; i++)
		rc = resolve_field(s->file, &s->http.serve[i].src);
	for (i = 0; !rc && i < s->ntargets; i++)
		rc = resolve_field(s->file, &s->targets[i].image);
	return rc;
}
