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
	s->dhcp6.pol.lease = 3600 * SCN_NS_PER_SEC;
	return s;
}

/**
 * counts_now() - a diagnostics collection's counters
 * @d: the collection
 *
 * Return: them.
 */
static struct scn_counts counts_now(const struct scn_diag *d)
{
	return (struct scn_counts){ d->errors, d->warnings, d->dropped };
}

/**
 * counts_since() - turn counters taken with counts_now() into what was added since
 * @c: in: earlier counters; out: the difference
 * @d: the collection
 */
static void counts_since(struct scn_counts *c, const struct scn_diag *d)
{
	c->errors = d->errors - c->errors;
	c->warnings = d->warnings - c->warnings;
	c->dropped = d->dropped - c->dropped;
}

/**
 * parse_lines() - run every line of the source through the parser
 * @j: job (what each line adds to the counters goes to j->delta)
 * @p: parser, ready
 *
 * Return: 0 or -ENOMEM.
 */
static int parse_lines(struct scn_job *j, struct scn_parser *p)
{
	size_t i;

	for (i = 0; i < j->src->n && !scn_diag_full(j->diag); i++) {
		j->delta[i] = counts_now(j->diag);
		if (scn_expand_line(p, &j->src->lines[i])) {
			scn_line_release(p);
			return -ENOMEM;
		}
		scn_parse_line(p);
		scn_line_release(p);
		counts_since(&j->delta[i], j->diag);
	}
	if (!scn_diag_full(j->diag)) {
		j->delta[i] = counts_now(j->diag);
		scn_finalize(p);
		counts_since(&j->delta[i], j->diag);
	}
	return 0;
}

/**
 * looked_up_dim() - whether an instance's lines looked a matrix variable up
 * @j:    job
 * @vars: the instance's variables, with their used flags
 *
 * Return: 1 if so.
 */
static int looked_up_dim(const struct scn_job *j, const struct scn_vars *vars)
{
	size_t i;

	for (i = 0; i < j->pre.ndims; i++) {
		const struct scn_var *v = scn_vars_find(vars, j->pre.dims[i].name);

		if (v && v->used)
			return 1;
	}
	return 0;
}

/**
 * parse_instance() - parse the file once for instance @k
 * @j: job
 * @k: instance index
 * @multi: there are several instances
 * @varies: out: the instance's lines looked a matrix variable up, or a
 *          message named the instance: the next instance may parse differently
 *
 * Return: 0 or -ENOMEM (parse errors are in the diagnostics).
 */
static int parse_instance(struct scn_job *j, size_t k, int multi, int *varies)
{
	struct scn_vars vars = { 0 };
	struct scn_parser p = { 0 };
	unsigned errors = j->diag->errors;
	struct scenario **slot;
	char *inst = NULL;
	size_t i;
	int rc = scn_instance_vars(j, k, &vars, &inst);

	*varies = 1;
	p.s = rc ? NULL : new_scenario(j->file, inst);
	p.seen = j->keep.seen;
	p.bad = j->keep.bad;
	p.tok = j->keep.tok;
	p.tok_cap = j->keep.tok_cap;
	p.text = j->keep.text;
	p.text_cap = j->keep.text_cap;
	if (!p.s) {
		rc = -ENOMEM;
		goto out;
	}
	memset(p.seen, 0, scn_nstmts * sizeof(*p.seen));
	memset(p.bad, 0, scn_nstmts * sizeof(*p.bad));
	p.file = j->file;
	p.diag = j->diag;
	p.vars = &vars;
	p.preset = j->preset;
	p.decl = j->pre.decl;
	p.ndecl = j->pre.ndecl;
	p.multi = multi;
	p.eof_line = j->src->eof_line;
	rc = parse_lines(j, &p);
	*varies = p.tagged || looked_up_dim(j, &vars);
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
	j->keep.tok = p.tok;	/* the buffers may have grown */
	j->keep.tok_cap = p.tok_cap;
	j->keep.text = p.text;
	j->keep.text_cap = p.text_cap;
	scn_free(p.s);
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
 * replay_instances() - count what @left more instances would add, without parsing them
 * @j:    job (j->delta: the last instance, which started with a full collection)
 * @left: instances
 *
 * Each would report what the last one did: its messages either repeat a
 * kept one (dropped silently) or are counted and dropped, line by line,
 * with the same checks for 20 errors as parse_lines() and run_job().
 */
static void replay_instances(struct scn_job *j, size_t left)
{
	struct scn_diag *d = j->diag;
	size_t i;

	for (; left > 0 && !scn_diag_full(d); left--) {
		for (i = 0; i <= j->src->n && !scn_diag_full(d); i++) {
			d->errors += j->delta[i].errors;
			d->warnings += j->delta[i].warnings;
			d->dropped += j->delta[i].dropped;
		}
	}
}

/**
 * picked() - whether instance @k of @n is to be parsed (struct scn_parse_opts)
 * @j: job
 * @k: instance
 * @n: instances
 *
 * Return: 1 if so.
 */
static int picked(const struct scn_job *j, size_t k, size_t n)
{
	return !j->opts->pick || j->opts->pick(k, n, j->opts->pick_arg);
}

/**
 * picked_after() - how many instances after @k are to be parsed
 * @j: job
 * @k: instance
 * @n: instances
 *
 * Return: the count.
 */
static size_t picked_after(const struct scn_job *j, size_t k, size_t n)
{
	size_t c = 0;

	while (++k < n)
		c += (size_t)picked(j, k, n);
	return c;
}

/**
 * parse_instances() - parse instance after instance, until no later one can change the result
 * @j: job
 * @n: instances
 *
 * Only the instances struct scn_parse_opts picks are parsed (all by
 * default).  An instance that looked no matrix variable up and named
 * itself in no message parses like every later one (a matrix can make
 * 256), and once
 * the file has errors none of them is kept: only what they would add to
 * the diagnostics matters.  While the collection has room, that is
 * nothing (the same messages again, dropped as repeats); if it was full
 * before the instance began, later ones add what it added, so their
 * counts are replayed; in between, one more instance is parsed.
 *
 * Return: 0 or -ENOMEM.
 */
static int parse_instances(struct scn_job *j, size_t n)
{
	int rc = 0, varies, was_full;
	size_t k;

	for (k = 0; k < n && !rc && !scn_diag_full(j->diag); k++) {
		if (!picked(j, k, n))
			continue;
		was_full = j->diag->n == SCN_DIAG_MAX;
		rc = parse_instance(j, k, n > 1, &varies);
		if (rc || varies || j->diag->errors == j->errors)
			continue;
		if (was_full)
			replay_instances(j, picked_after(j, k, n));
		if (was_full || j->diag->n < SCN_DIAG_MAX)
			break;
	}
	return rc;
}

/**
 * run_job() - prescan, then parse the instances
 * @j:   job
 * @len: input length
 *
 * Return: 0 or -ENOMEM.
 */
static int run_job(struct scn_job *j, size_t len)
{
	int rc = scn_prescan(j);
	size_t n;

	if (rc)
		return rc;
	n = scn_count_instances(j, len);
	j->keep.seen = calloc(scn_nstmts, sizeof(*j->keep.seen));
	j->keep.bad = calloc(scn_nstmts, sizeof(*j->keep.bad));
	j->delta = calloc(j->src->n + 1, sizeof(*j->delta));
	rc = j->keep.seen && j->keep.bad && j->delta ? parse_instances(j, n) : -ENOMEM;
	if (!rc)
		warn_unused_presets(j);
	free(j->keep.seen);
	free(j->keep.bad);
	free(j->delta);
	scn_parser_release(&j->keep);
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
	return scn_parse_buffer_opts(name, buf, len, preset, NULL, out, diag);
}

/**
 * scn_parse_buffer_opts() - scn_parse_buffer() with settings
 * @name:   file name for messages (NULL: "<buffer>")
 * @buf:    text
 * @len:    length of @buf
 * @preset: command-line variables, or NULL
 * @opts:   settings, or NULL for the defaults (those of scn_parse_buffer())
 * @out:    out: one scenario per parsed matrix instance (empty on failure)
 * @diag:   errors and warnings are added here
 *
 * Return: as scn_parse_buffer().
 */
int scn_parse_buffer_opts(const char *name, const char *buf, size_t len,
			  const struct scn_vars *preset, const struct scn_parse_opts *opts,
			  struct scn_list *out, struct scn_diag *diag)
{
	const struct scn_parse_opts defaults = { 0 };
	const struct scn_vars none = { 0 };
	struct scn_src src;
	struct scn_job j = { .file = name ? name : "<buffer>", .src = &src,
			 .preset = preset ? preset : &none, .diag = diag,
			 .out = out, .opts = opts ? opts : &defaults };
	unsigned errors = diag->errors;
	int rc;

	j.errors = errors;
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
