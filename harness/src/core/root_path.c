/* root_path.c - resolve a client's file name safely inside a served directory (the rules in root_path.h) */
#include "core/root_path.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>


/**
 * struct walk - state of one resolution
 * @fds:    directory fds from the root (fds[0]) down to the current one
 * @depth:  index of the current directory in @fds
 * @links:  symlinks followed so far
 * @rest:   the path still to walk ('/'-separated)
 * @off:    read offset in @rest
 * @create: resolving for creation (the leaf must not exist)
 * @why:    reason of a failure
 */
struct walk {
	int fds[PXL_ROOT_MAX_DEPTH + 1];
	int depth;
	int links;
	char rest[2 * PXL_ROOT_NAME_MAX + 2];
	size_t off;
	int create;
	const char *why;
};

/**
 * refuse() - record a reason and return an error
 * @w:   the walk
 * @err: negative errno
 * @why: static reason
 *
 * Return: @err.
 */
static int refuse(struct walk *w, int err, const char *why)
{
	w->why = why;
	return err;
}

/**
 * has_dotdot() - whether a '/'-separated path has a ".." component
 * @p: the path
 *
 * Return: 1 if so.
 */
static int has_dotdot(const char *p)
{
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += n;
		p += strspn(p, "/");
	}
	return 0;
}

/**
 * has_encoded_escape() - whether a name hides '.', '/' or '\\' in an encoding
 * @p: the client's name
 *
 * TFTP names are not URLs and nothing here decodes them, but a name with
 * %2e, %2f or %5c (any case) or an overlong UTF-8 '.', '/' or '\\' (C0 AE,
 * C0 AF, C1 9C, E0 80 AE ...) is only ever sent to escape a root through
 * a server that does decode: it is refused as an access violation.
 *
 * Return: 1 if it does.
 */
static int has_encoded_escape(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i;

	for (i = 0; u[i]; i++) {
		if (u[i] == '%' && u[i + 1] && u[i + 2] &&
		    (!strncasecmp(p + i, "%2e", 3) || !strncasecmp(p + i, "%2f", 3) || !strncasecmp(p + i, "%5c", 3)))
			return 1;
		if ((u[i] == 0xc0 || u[i] == 0xc1) && u[i + 1] >= 0x80 && u[i + 1] <= 0xbf)
			return 1;
		if (u[i] == 0xe0 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f)
			return 1;
	}
	return 0;
}

/**
 * walk_init() - check a client name and prepare its walk
 * @w:       the walk (zeroed by the caller)
 * @root_fd: directory to resolve in
 * @name:    the client's name
 *
 * Return: 0 or a negative errno with @w->why set.
 */
static int walk_init(struct walk *w, int root_fd, const char *name)
{
	size_t i, len;

	w->depth = -1;
	if (!name || !name[0])
		return refuse(w, -EACCES, "empty file name");
	len = strlen(name);
	if (len > PXL_ROOT_NAME_MAX)
		return refuse(w, -ENAMETOOLONG, "file name too long");
	for (i = 0; i <= len; i++)
		w->rest[i] = name[i] == '\\' ? '/' : name[i];
	/* GRUB asks for "/grub/grub.cfg": as tftpd-hpa -s and dnsmasq do, a
	 * leading '/' (one or many) names the root itself, never the host's /:
	 * next_comp() skips it like any empty component
	 */
	if (!w->rest[strspn(w->rest, "/")])
		return refuse(w, -EISDIR, "is a directory");
	if (has_dotdot(w->rest))
		return refuse(w, -EACCES, "'..' not allowed");
	if (has_encoded_escape(name))
		return refuse(w, -EACCES, "encoded '.', '/' or '\\' refused");
	w->fds[0] = fcntl(root_fd, F_DUPFD_CLOEXEC, 0);
	if (w->fds[0] < 0)
		return refuse(w, -errno, "cannot use root directory");
	w->depth = 0;
	return 0;
}

/**
 * walk_release() - close the walk's directory fds
 * @w:    the walk
 * @keep: index of one fd to leave open (handed to the caller), or -1
 */
static void walk_release(struct walk *w, int keep)
{
	for (; w->depth >= 0; w->depth--)
		if (w->depth != keep)
			close(w->fds[w->depth]);
}

/**
 * next_comp() - take the next component of the remaining path
 * @w:    the walk
 * @comp: out: the component (NAME_MAX + 1 bytes)
 * @last: out: whether nothing but separators follows it
 *
 * Return: 1 with a component, 0 at the end, or -ENAMETOOLONG.
 */
static int next_comp(struct walk *w, char *comp, int *last)
{
	const char *p = w->rest + w->off;
	size_t n;

	p += strspn(p, "/");
	if (!*p)
		return 0;
	n = strcspn(p, "/");
	if (n > NAME_MAX)
		return refuse(w, -ENAMETOOLONG, "file name too long");
	memcpy(comp, p, n);
	comp[n] = '\0';
	p += n;
	w->off = (size_t)(p - w->rest);
	*last = p[strspn(p, "/")] == '\0';
	return 1;
}

/**
 * walk_up() - go to the parent directory (a ".." from a symlink target)
 * @w: the walk
 *
 * Return: 0, or -EACCES when that would leave the root.
 */
static int walk_up(struct walk *w)
{
	if (w->depth == 0)
		return refuse(w, -EACCES, "symlink leaves the root");
	close(w->fds[w->depth--]);
	return 0;
}

/**
 * walk_down() - enter a subdirectory of the current directory
 * @w:    the walk
 * @comp: its name
 *
 * Return: 0 or a negative errno.
 */
static int walk_down(struct walk *w, const char *comp)
{
	int fd;

	if (w->depth >= PXL_ROOT_MAX_DEPTH)
		return refuse(w, -ENAMETOOLONG, "directory tree too deep");
	fd = openat(w->fds[w->depth], comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return refuse(w, -errno, "cannot open directory");
	w->fds[++w->depth] = fd;
	return 0;
}

/**
 * follow() - replace a symlink component by its target in the remaining path
 * @w:    the walk
 * @comp: the symlink's name in the current directory
 *
 * Return: 0 or a negative errno.
 */
static int follow(struct walk *w, const char *comp)
{
	char target[PXL_ROOT_NAME_MAX + 1];
	char joined[sizeof(w->rest)];
	ssize_t n;
	int len;

	if (++w->links > PXL_ROOT_MAX_LINKS)
		return refuse(w, -ELOOP, "too many symlinks");
	n = readlinkat(w->fds[w->depth], comp, target, sizeof(target));
	if (n < 0)
		return refuse(w, -errno, "unreadable symlink");
	if ((size_t)n >= sizeof(target))
		return refuse(w, -ENAMETOOLONG, "symlink target too long");
	target[n] = '\0';
	if (target[0] == '/')
		return refuse(w, -EACCES, "absolute symlink refused");
	len = snprintf(joined, sizeof(joined), "%s/%s", target, w->rest + w->off);
	if (len < 0 || (size_t)len >= sizeof(joined))
		return refuse(w, -ENAMETOOLONG, "symlink target too long");
	memcpy(w->rest, joined, (size_t)len + 1);
	w->off = 0;
	return 0;
}

/**
 * open_leaf() - open the final component, for reading or creation
 * @w:    the walk
 * @comp: its name
 * @st:   what fstatat() said of it (unused when creating)
 * @res:  result
 *
 * Return: 0 or a negative errno.
 */
static int open_leaf(struct walk *w, const char *comp, const struct stat *st,
		     struct pxl_root_file *res)
{
	int dfd = w->fds[w->depth];
	struct stat now;
	int fd;

	if (w->create) {
		fd = openat(dfd, comp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0)
			return refuse(w, -errno, errno == EEXIST ? "file exists" : "cannot create");
	} else {
		fd = openat(dfd, comp, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			return refuse(w, -errno, errno == ENOENT ? "file not found" : "cannot open");
		if (fstat(fd, &now) || !S_ISREG(now.st_mode) || now.st_ino != st->st_ino ||
		    now.st_dev != st->st_dev) {
			close(fd);
			return refuse(w, -EACCES, "file changed during lookup");
		}
	}
	res->fd = fd;
	res->dir_fd = dfd;
	res->size = w->create ? 0 : (uint64_t)now.st_size;
	snprintf(res->leaf, sizeof(res->leaf), "%s", comp);
	return 1;
}

/**
 * step() - resolve one component of the walk
 * @w:   the walk
 * @res: result, filled when the leaf is opened
 *
 * Return: 0 to go on, 1 when the leaf is open, or a negative errno.
 */
static int step(struct walk *w, struct pxl_root_file *res)
{
	char comp[NAME_MAX + 1];
	struct stat st;
	int last, rc;

	rc = next_comp(w, comp, &last);
	if (rc <= 0)
		return rc ? rc : refuse(w, -EISDIR, "is a directory");
	if (!strcmp(comp, "."))
		return 0;
	if (!strcmp(comp, ".."))
		return walk_up(w);
	if (fstatat(w->fds[w->depth], comp, &st, AT_SYMLINK_NOFOLLOW)) {
		if (errno == ENOENT && w->create && last)
			return open_leaf(w, comp, NULL, res);
		return refuse(w, -errno, errno == ENOENT ? "file not found" : "cannot look up");
	}
	if (w->create && last)
		return refuse(w, -EEXIST, "file exists");
	if (S_ISLNK(st.st_mode))
		return follow(w, comp);
	if (S_ISDIR(st.st_mode))
		return last ? refuse(w, -EISDIR, "is a directory") : walk_down(w, comp);
	if (!last)
		return refuse(w, -ENOTDIR, "not a directory");
	if (!S_ISREG(st.st_mode))
		return refuse(w, -EACCES, "not a regular file");
	return open_leaf(w, comp, &st, res);
}

/**
 * resolve() - run a whole walk
 * @root_fd: directory to resolve in
 * @name:    client's file name
 * @create:  create the leaf instead of opening it
 * @res:     result
 *
 * Return: 0 or a negative errno; @res->why says why.
 */
static int resolve(int root_fd, const char *name, int create, struct pxl_root_file *res)
{
	struct walk w;
	int rc;

	memset(&w, 0, sizeof(w));
	w.create = create;
	res->fd = -1;
	res->dir_fd = -1;
	res->leaf[0] = '\0';
	rc = walk_init(&w, root_fd, name);
	while (!rc)
		rc = step(&w, res);
	if (rc == 1) {
		walk_release(&w, w.depth);
		res->why = NULL;
		return 0;
	}
	walk_release(&w, -1);
	res->why = w.why;
	return rc;
}

/**
 * pxl_root_open() - open a file for reading under the policy of tftp_path.h
 * @root_fd: the served directory
 * @name:    the client's file name (untrusted)
 * @res:     result: @fd and @dir_fd to close with pxl_root_close()
 *
 * Return: 0, or a negative errno with @res->why set.
 */
int pxl_root_open(int root_fd, const char *name, struct pxl_root_file *res)
{
	return resolve(root_fd, name, 0, res);
}

/**
 * pxl_root_create() - create a new file for writing under the same policy
 * @root_fd: the upload directory
 * @name:    the client's file name (untrusted)
 * @res:     result: @fd and @dir_fd to close with pxl_root_close()
 *
 * Never overwrites: an existing leaf (file, directory, symlink) is -EEXIST.
 * Intermediate directories must exist; symlinks among them are followed
 * only inside the upload directory.
 *
 * Return: 0, or a negative errno with @res->why set.
 */
int pxl_root_create(int root_fd, const char *name, struct pxl_root_file *res)
{
	return resolve(root_fd, name, 1, res);
}

/**
 * pxl_root_close() - close what pxl_root_open/create() opened
 * @res: the result (its fds become -1)
 */
void pxl_root_close(struct pxl_root_file *res)
{
	if (res->fd >= 0)
		close(res->fd);
	if (res->dir_fd >= 0)
		close(res->dir_fd);
	res->fd = -1;
	res->dir_fd = -1;
}
