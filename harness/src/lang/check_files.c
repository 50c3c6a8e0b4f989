/* check_files.c - before any QEMU starts: do the files a scenario names exist? */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "lang/parse.h"

/**
 * struct fcheck - state of one file check
 * @s:      scenario
 * @paths:  firmware locations
 * @diag:   messages
 * @errors: errors reported
 * @root_bad: the TFTP root is missing (reported once, not per boot file)
 */
struct fcheck {
	const struct scenario *s;
	const struct scn_paths *paths;
	struct scn_diag *diag;
	unsigned errors;
	int root_bad;
};

/** pkg_prefixes - which Debian package provides files under a directory */
static const struct {
	const char *prefix;
	const char *pkg;
} pkg_prefixes[] = {
	{ "/usr/share/OVMF/", "ovmf" },
	{ "/usr/lib/ipxe/qemu/", "ipxe-qemu" },
	{ "/usr/lib/ipxe/", "ipxe" },
	{ "/usr/share/seabios/", "seabios" },
	{ "/usr/share/qemu/", "qemu-system-data" },
};

/**
 * scn_paths_default() - Debian's firmware locations (qemu/machines.c)
 * @paths: out: paths
 */
void scn_paths_default(struct scn_paths *paths)
{
	size_t i;

	for (i = 0; i < PXL_FW_COUNT; i++) {
		paths->code[i] = pxl_firmwares[i].code.path;
		paths->vars[i] = pxl_firmwares[i].vars.path;
	}
	paths->rom_dir = PXL_ROM_DIR;
}

/**
 * scn_client_rom() - the NIC option ROM a client boots, if any
 * @paths: firmware locations (NULL: Debian's)
 * @c:     client
 * @buf:   out: ROM path, "" when the client needs none (native PXE)
 * @len:   size of @buf
 *
 * The ROM's file name is the NIC model's for the client's firmware
 * (pxe-*.rom for SeaBIOS, efi-*.rom for OVMF).
 *
 * Return: 0, -ENOENT (the model has no ROM for that firmware) or
 * -ENAMETOOLONG.
 */
int scn_client_rom(const struct scn_paths *paths, const struct scn_client *c,
		   char *buf, size_t len)
{
	return pxl_nic_rom_path(c->fw, c->nic_model, c->pxe,
				paths ? paths->rom_dir : PXL_ROM_DIR, buf, len);
}

/**
 * fc_report() - add a message about the scenario at a location
 * @fc:  check state
 * @sev: severity
 * @loc: where the file is named
 * @fmt: format
 */
static void fc_report(struct fcheck *fc, enum scn_sev sev, struct scn_loc loc,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void fc_report(struct fcheck *fc, enum scn_sev sev, struct scn_loc loc,
		      const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) >= 0) {
		scn_diag_add(fc->diag, sev, fc->s->file, loc.line, loc.col, "%s",
			     text);
		free(text);
	}
	va_end(ap);
	if (sev == SCN_SEV_ERROR)
		fc->errors++;
}

/**
 * pkg_hint() - " (install the Debian package 'X')" for a path, or ""
 * @path: missing file
 * @pkg:  package known by role, or NULL to guess from the directory
 * @buf:  out: the hint
 * @len:  size of @buf
 *
 * Return: @buf.
 */
static const char *pkg_hint(const char *path, const char *pkg, char *buf,
			    size_t len)
{
	size_t i;

	for (i = 0; !pkg && i < ARRAY_SIZE(pkg_prefixes); i++)
		if (!strncmp(path, pkg_prefixes[i].prefix, strlen(pkg_prefixes[i].prefix)))
			pkg = pkg_prefixes[i].pkg;
	if (pkg)
		snprintf(buf, len, " (install the Debian package '%s')", pkg);
	else if (strstr(path, "vm-images/"))
		snprintf(buf, len, " (build it with 'make vm-images')");
	else
		buf[0] = 0;
	return buf;
}

/**
 * check_path() - a path must exist as a directory or a readable file
 * @fc:   check state
 * @loc:  where it is named
 * @what: "client 'pc1' needs the UEFI firmware" ...
 * @path: the path
 * @pkg:  Debian package that provides it, or NULL
 * @dir:  it must be a directory (else a regular file or block device)
 * @st:   out: its stat (may be NULL)
 *
 * Return: 0, or -ENOENT after reporting.
 */
static int check_path(struct fcheck *fc, struct scn_loc loc, const char *what,
		      const char *path, const char *pkg, int dir,
		      struct stat *st)
{
	struct stat sb;
	char hint[96];
	const char *why = NULL;

	if (stat(path, &sb))
		why = strerror(errno);
	else if (dir && !S_ISDIR(sb.st_mode))
		why = "not a directory";
	else if (!dir && !S_ISREG(sb.st_mode) && !S_ISBLK(sb.st_mode))
		why = "not a regular file";
	else if (access(path, dir ? R_OK | X_OK : R_OK))
		why = strerror(errno);
	if (why) {
		fc_report(fc, SCN_SEV_ERROR, loc, "%s '%s': %s%s", what, path, why,
			  pkg_hint(path, pkg, hint, sizeof(hint)));
		return -ENOENT;
	}
	if (st)
		*st = sb;
	return 0;
}

/**
 * check_client() - the firmware files and the ROM a client boots
 * @fc: check state
 * @c:  client
 */
static void check_client(struct fcheck *fc, const struct scn_client *c)
{
	const struct pxl_firmware *fw = &pxl_firmwares[c->fw];
	char what[160], rom[512];

	snprintf(what, sizeof(what), "client '%s' needs %s", c->name, fw->code.what);
	check_path(fc, c->loc, what, fc->paths->code[c->fw], fw->pkg, 0, NULL);
	if (fw->vars.what && fc->paths->vars[c->fw]) {
		snprintf(what, sizeof(what), "client '%s' needs %s", c->name, fw->vars.what);
		check_path(fc, c->loc, what, fc->paths->vars[c->fw], fw->pkg, 0, NULL);
	}
	if (scn_client_rom(fc->paths, c, rom, sizeof(rom)) || !rom[0])
		return;
	snprintf(what, sizeof(what), "client '%s' needs the %s NIC ROM", c->name,
		 c->nic);
	check_path(fc, c->loc, what, rom, PXL_ROM_PKG, 0, NULL);
}

/**
 * check_image() - an iSCSI disk image: present, sized in sectors, big enough
 * @fc: check state
 * @t:  target
 */
static void check_image(struct fcheck *fc, const struct scn_target *t)
{
	const struct scenario *s = fc->s;
	unsigned long long size;
	struct stat st;
	size_t i;

	if (check_path(fc, t->loc, "iscsi image", t->image, NULL, 0, &st))
		return;
	if (t->mode == SCN_IMAGE_PERSISTENT && access(t->image, W_OK))
		fc_report(fc, SCN_SEV_ERROR, t->loc, "iscsi image '%s' is persistent but not writable: %s",
			  t->image, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return;
	size = (unsigned long long)st.st_size;
	if (size < 512 || size % 512) {
		fc_report(fc, SCN_SEV_ERROR, t->loc, "iscsi image '%s' is %llu bytes: expected a non-zero multiple of 512",
			  t->image, size);
		return;
	}
	for (i = 0; i < s->nclients; i++) {
		if (s->clients[i].fw != SCN_FW_BIOS || size >= SCN_BIOS_MIN_IMAGE)
			continue;
		fc_report(fc, SCN_SEV_ERROR, t->loc, "iscsi image '%s' is %llu bytes; bios client '%s' needs at least 16 MiB (iPXE's INT13 sanboot fails on tiny disks)",
			  t->image, size, s->clients[i].name);
		return;
	}
}

/**
 * served_name() - whether the TFTP server serves a boot file name
 * @fc:   check state
 * @name: name as the DHCP rule hands it out (leading '/' ignored)
 * @loc:  the rule's action
 *
 * Return: 1 if served or present in the root, 0 if not (nothing reported),
 * -EINVAL if the name escapes the root (reported).
 */
static int served_name(struct fcheck *fc, const char *name, struct scn_loc loc)
{
	const struct scn_tftp *t = &fc->s->tftp;
	struct stat st;
	char *path;
	size_t i;
	int found;

	while (*name == '/')
		name++;
	if (!strcmp(name, "..") || !strncmp(name, "../", 3) || strstr(name, "/../") ||
	    (strlen(name) >= 3 && !strcmp(name + strlen(name) - 3, "/.."))) {
		fc_report(fc, SCN_SEV_ERROR, loc, "boot file '%s' escapes the TFTP root",
			  name);
		return -EINVAL;
	}
	for (i = 0; i < t->nserve; i++)
		if (!strcmp(t->serve[i].name, name))
			return 1;
	if (!t->root || asprintf(&path, "%s/%s", t->root, name) < 0)
		return 0;
	found = !stat(path, &st) && S_ISREG(st.st_mode);
	free(path);
	return found;
}

/**
 * check_boot_files() - each `file "X"` a rule hands out must be servable
 * @fc: check state
 *
 * Missing files are errors when pxelab's own DHCP server hands them out,
 * warnings otherwise (an external server's policy may differ).
 */
static void check_boot_files(struct fcheck *fc)
{
	const struct scenario *s = fc->s;
	const struct scn_dhcp *d = &s->dhcp;
	size_t i, k;

	for (i = 0; i < d->nrules; i++) {
		for (k = 0; k < d->rules[i].nact; k++) {
			const struct scn_action *a = &d->rules[i].act[k];
			enum scn_sev sev = d->kind == SCN_SRV_BUILTIN ?
					   SCN_SEV_ERROR : SCN_SEV_WARNING;

			if (strcmp(a->key, "file") || !a->value ||
			    strstr(a->value, "://"))
				continue;
			if (fc->root_bad)
				continue;
			if (s->tftp.kind == SCN_SRV_NONE)
				fc_report(fc, SCN_SEV_WARNING, a->loc, "no tftp server serves boot file '%s'",
					  a->value);
			else if (!served_name(fc, a->value, a->loc))
				fc_report(fc, sev, a->loc, "boot file '%s' is neither in the TFTP root%s%s%s nor served with 'serve'",
					  a->value, s->tftp.root ? " '" : "",
					  s->tftp.root ? s->tftp.root : "",
					  s->tftp.root ? "'" : "");
		}
	}
}

/**
 * check_serve_dest() - a `serve NAME` in a folder lands in a folder the TFTP root has
 * @fc: check state (the root checked already)
 * @sv: the serve line
 *
 * `serve` copies one file into the run's copy of the root and creates no
 * folder: caught here, at the line, rather than as a failed copy at run time.
 */
static void check_serve_dest(struct fcheck *fc, const struct scn_serve *sv)
{
	const char *root = fc->s->tftp.root, *name = sv->name, *slash = strrchr(name, '/');
	struct stat st;
	char *dir = NULL;
	int ok;

	if (!slash || fc->root_bad)
		return;
	ok = root && asprintf(&dir, "%s/%.*s", root, (int)(slash - name), name) >= 0 &&
	     !stat(dir, &st) && S_ISDIR(st.st_mode);
	free(dir);
	if (!ok)
		fc_report(fc, SCN_SEV_ERROR, sv->loc,
			  "serve destination '%s': the TFTP root%s%s has no folder '%.*s' ('serve' creates none)",
			  sv->name, root ? " " : "", root ? root : "", (int)(slash - name), name);
}

/**
 * scn_check_files() - check every host file a scenario needs, before QEMU
 * @s:     scenario
 * @paths: firmware locations (NULL: Debian's, see scn_paths_default())
 * @diag:  messages, each naming the scenario line that needs the file and,
 *         for firmware, the Debian package that provides it
 *
 * Paths are checked as the model holds them: scn_parse_file() resolved
 * the relative ones (scn_resolve_path()); one that led nowhere is as written.
 *
 * Return: 0, or -ENOENT if any error was reported.
 */
int scn_check_files(const struct scenario *s, const struct scn_paths *paths,
		    struct scn_diag *diag)
{
	struct fcheck fc = { .s = s, .paths = paths, .diag = diag };
	struct scn_paths def;
	size_t i;

	if (!paths) {
		scn_paths_default(&def);
		fc.paths = &def;
	}
	if (s->tftp.root)
		fc.root_bad = check_path(&fc, s->tftp.loc, "tftp root",
					 s->tftp.root, NULL, 1, NULL) != 0;
	for (i = 0; i < s->tftp.nserve; i++) {
		check_path(&fc, s->tftp.serve[i].loc, "serve source",
			   s->tftp.serve[i].src, NULL, 0, NULL);
		check_serve_dest(&fc, &s->tftp.serve[i]);
	}
	if (s->http.root)
		check_path(&fc, s->http.loc, "http root", s->http.root, NULL, 1, NULL);
	for (i = 0; i < s->http.nserve; i++)
		check_path(&fc, s->http.serve[i].loc, "serve source",
			   s->http.serve[i].src, NULL, 0, NULL);
	check_boot_files(&fc);
	for (i = 0; i < s->ntargets; i++)
		check_image(&fc, &s->targets[i]);
	for (i = 0; i < s->nclients; i++)
		check_client(&fc, &s->clients[i]);
	return fc.errors ? -ENOENT : 0;
}
