/* parse.c - parse a scenario file or buffer: one parser run per matrix instance */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lang/parse.h"

/**
 * new_scenario() - a scenario with every default filled in
 * @file: file name
 * @inst: instance suffix (ownership taken)
 *
 * Return: the scenario, or NULL (and @inst freed) on allocation failure.
 */
static struct scenario *new_scenario(const char *file, char *inst)
{
	struct scenario *s = calloc(1, sizeof(*s));

	if (!s || !(s->file = strdup(file))) {
		free(s);
		free(inst);
		return NULL;
	}
	s->instance = inst;
	s->timeout = 300 * SCN_NS_PER_SEC;
	s->lan.net = 0x0a000200;
	s->lan.prefix = 24;
	s->lan.gateway = 0x0a000202;
	s->dhcp.lease = 3600 * SCN_NS_PER_SEC;
	return s;
}

/**
 * parse_lines() - run every line of the source through the parser
 * @j: job
 * @p: parser, ready
 *
 * Return: 0 or -ENOMEM.
 */
static int parse_lines(struct scn_job *j, struct scn_parser *p)
{
	size_t i;

	for (i = 0; i < j->src->n && !scn_diag_full(j->diag); i++) {
		if (scn_expand_line(p, &j->src->lines[i])) {
			scn_line_release(p);
			return -ENOMEM;
		}
		scn_parse_line(p);
		scn_line_release(p);
	}
	if (!scn_diag_full(j->diag))
		scn_finalize(p);
	return 0;
}

/**
 * parse_instance() - parse the file once for instance @k
 * @j: job
 * @k: instance index
 * @multi: there are several instances
 *
 * Return: 0 or -ENOMEM (parse errors are in the diagnostics).
 */
static int parse_instance(struct scn_job *j, size_t k, int multi)
{
	struct scn_vars vars = { 0 };
	struct scn_parser p = { 0 };
	unsigned errors = j->diag->errors;
	struct scenario **slot;
	char *inst = NULL;
	size_t i;
	int rc = scn_instance_vars(j, k, &vars, &inst);

	p.s = rc ? NULL : new_scenario(j->file, inst);
	p.seen = calloc(scn_nstmts, sizeof(*p.seen));
	p.bad = calloc(scn_nstmts, sizeof(*p.bad));
	if (!p.s || !p.seen || !p.bad) {
		rc = -ENOMEM;
		goto out;
	}
	p.file = j->file;
	p.diag = j->diag;
	p.vars = &vars;
	p.preset = j->preset;
	p.decl = j->pre.decl;
	p.ndecl = j->pre.ndecl;
	p.multi = multi;
	p.eof_line = j->src->eof_line;
	rc = parse_lines(j, &p);
	for (i = 0; i < j->preset->n; i++)
		j->preset_used[i] |= vars.v[i].used;
	if (rc || j->diag->errors != errors)
		goto out;
	slot = scn_push(&j->out->s, &j->out->n, sizeof(*slot));
	if (!slot) {
		rc = -ENOMEM;
		goto out;
	}
	*slot = p.s;
	p.s = NULL;
out:
	scn_parser_release(&p);
	scn_free(p.s);
	free(p.seen);
	free(p.bad);
	scn_vars_free(&vars);
	return rc;
}

/**
 * warn_unused_presets() - warn about --set variables no line used
 * @j: job
 */
static void warn_unused_presets(struct scn_job *j)
{
	size_t i, k;

	for (i = 0; i < j->preset->n; i++) {
		int matrix = 0;

		for (k = 0; k < j->pre.ndims; k++)
			matrix |= !strcmp(j->pre.dims[k].name, j->preset->v[i].name);
		if (!j->preset_used[i] && !matrix)
			scn_diag_add(j->diag, SCN_SEV_WARNING, j->file, 0, 0,
				     "variable '%s' given on the command line is never used",
				     j->preset->v[i].name);
	}
}

/**
 * run_job() - prescan, then parse every instance
 * @j:   job
 * @len: input length
 *
 * Return: 0 or -ENOMEM.
 */
static int run_job(struct scn_job *j, size_t len)
{
	size_t n, k;
	int rc = scn_prescan(j);

	if (rc)
		return rc;
	n = scn_count_instances(j, len);
	for (k = 0; k < n && !rc && !scn_diag_full(j->diag); k++)
		rc = parse_instance(j, k, n > 1);
	if (!rc)
		warn_unused_presets(j);
	return rc;
}

/**
 * scn_parse_buffer() - parse scenario text from memory
 * @name:   file name for messages (NULL: "<buffer>")
 * @buf:    text: any bytes (NULs and control bytes are reported)
 * @len:    length of @buf
 * @preset: variables set on the command line, or NULL; they win over
 *          `set` lines and pin `matrix` dimensions to their value
 * @out:    out: one scenario per matrix instance (empty on failure)
 * @diag:   errors and warnings are added here
 *
 * Return: 0 (warnings allowed), -EINVAL if any error was reported, -EFBIG
 * for input over 4 MiB, -ENOMEM.
 */
int scn_parse_buffer(const char *name, const char *buf, size_t len,
		     const struct scn_vars *preset, struct scn_list *out,
		     struct scn_diag *diag)
{
	const struct scn_vars none = { 0 };
	struct scn_src src;
	struct scn_job j = { .file = name ? name : "<buffer>", .src = &src,
			 .preset = preset ? preset : &none, .diag = diag,
			 .out = out };
	unsigned errors = diag->errors;
	int rc;

	out->s = NULL;
	out->n = 0;
	if (len > SCN_MAX_INPUT) {
		scn_diag_add(diag, SCN_SEV_ERROR, j.file, 0, 0,
			     "file too large (%zu bytes, at most %u)", len, SCN_MAX_INPUT);
		return -EFBIG;
	}
	if (!buf && len)
		return -EINVAL;
	rc = scn_lex(j.file, buf ? buf : "", len, &src, diag);
	if (rc)
		return rc;
	j.preset_used = calloc(j.preset->n + 1, sizeof(int));
	rc = j.preset_used ? run_job(&j, len) : -ENOMEM;
	free(j.preset_used);
	scn_prescan_free(&j.pre);
	scn_src_free(&src);
	if (!rc && diag->errors != errors)
		rc = -EINVAL;
	if (rc)
		scn_list_free(out);
	return rc;
}

/**
 * read_all() - read a whole file of at most SCN_MAX_INPUT bytes
 * @path: file
 * @buf:  out: contents (malloc'ed)
 * @len:  out: length
 *
 * Return: 0 or a negative errno (-EFBIG when too large, -EISDIR ...).
 */
static int read_all(const char *path, char **buf, size_t *len)
{
	struct stat st;
	ssize_t r = 0;
	size_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		rc = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		goto out;
	}
	if (st.st_size > SCN_MAX_INPUT) {
		rc = -EFBIG;
		goto out;
	}
	*buf = malloc((size_t)st.st_size + 1);
	if (!*buf) {
		rc = -ENOMEM;
		goto out;
	}
	while (n < (size_t)st.st_size &&
	       (r = read(fd, *buf + n, (size_t)st.st_size - n)) > 0)
		n += (size_t)r;
	if (r < 0) {
		rc = -errno;
		free(*buf);
		goto out;
	}
	*len = n;
out:
	close(fd);
	return rc;
}

/**
 * scn_parse_file() - parse a scenario file, and resolve the host paths it names
 * @path:   file path (relative paths are relative to the current directory)
 * @preset: command-line variables or NULL
 * @out:    out: instances (empty on failure)
 * @diag:   messages
 *
 * The TFTP root, `serve` sources and iSCSI images of each instance are
 * resolved against the file's folder and tree (scn_resolve_files()); a
 * buffer (scn_parse_buffer()) has no folder and is left as written.
 *
 * Return: 0, -EINVAL (errors reported), or a negative errno from reading
 * the file (also reported).
 */
int scn_parse_file(const char *path, const struct scn_vars *preset,
		   struct scn_list *out, struct scn_diag *diag)
{
	char *buf = NULL;
	size_t len = 0, i;
	int rc = read_all(path, &buf, &len);

	out->s = NULL;
	out->n = 0;
	if (rc) {
		scn_diag_add(diag, SCN_SEV_ERROR, path, 0, 0, "cannot read: %s",
			     rc == -EFBIG ? "file too large (at most 4 MiB)" :
			     rc == -EINVAL ? "not a regular file" : strerror(-rc));
		return rc;
	}
	rc = scn_parse_buffer(path, buf, len, preset, out, diag);
	free(buf);
	for (i = 0; !rc && i < out->n; i++)
		rc = scn_resolve_files(out->s[i]);
	if (rc == -ENOMEM)
		scn_diag_add(diag, SCN_SEV_ERROR, path, 0, 0, "out of memory");
	return rc;
}
