/* parse_matrix.c - before parsing: matrix dimensions, variable declarations, instances */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"

/**
 * raw_is() - whether a raw token is a given bare word
 * @t:    token
 * @word: word
 *
 * Return: 1 if equal.
 */
static int raw_is(const struct scn_rawtok *t, const char *word)
{
	return t->kind == SCN_TOK_WORD && t->len == strlen(word) &&
	       !memcmp(t->raw, word, t->len);
}

/**
 * job_err() - report an error at a raw token
 * @j:    job
 * @line: line
 * @t:    token (NULL: end of line)
 * @fmt:  format
 */
static void job_err(struct scn_job *j, const struct scn_line *line,
		    const struct scn_rawtok *t, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void job_err(struct scn_job *j, const struct scn_line *line,
		    const struct scn_rawtok *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	scn_diag_vadd(j->diag, SCN_SEV_ERROR, j->file, line->no,
		      t ? t->col : line->end_col, fmt, ap);
	va_end(ap);
}

/**
 * add_decl() - remember a set/matrix name
 * @j:      job
 * @name:   name
 * @line:   line
 * @matrix: from a matrix line
 *
 * Return: 0 or -ENOMEM.
 */
static int add_decl(struct scn_job *j, const char *name, unsigned line, int matrix)
{
	struct scn_decl *d;

	if (j->pre.ndecl >= 2 * SCN_MAX_VARS)
		return 0; /* the parser reports the excess */
	d = scn_push(&j->pre.decl, &j->pre.ndecl, sizeof(*d));
	if (!d)
		return -ENOMEM;
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->line = line;
	d->matrix = matrix;
	return 0;
}

/**
 * add_dim_value() - add one value to a matrix dimension
 * @j:    job
 * @line: the matrix line
 * @t:    value token
 * @d:    dimension
 *
 * Return: 0, -EINVAL (reported) or -ENOMEM.
 */
static int add_dim_value(struct scn_job *j, const struct scn_line *line,
			 const struct scn_rawtok *t, struct scn_dim *d)
{
	char *v, **slot;
	size_t i;

	if (memmem(t->raw, t->len, "${", 2)) {
		job_err(j, line, t, "expected a literal matrix value, found a ${...} reference");
		return -EINVAL;
	}
	v = scn_expand_plain(t);
	if (!v)
		return -ENOMEM;
	for (i = 0; i < d->n; i++) {
		if (!strcmp(d->values[i], v)) {
			job_err(j, line, t, "duplicate matrix value '%s'", v);
			free(v);
			return -EINVAL;
		}
	}
	slot = scn_push(&d->values, &d->n, sizeof(*slot));
	if (!slot) {
		free(v);
		return -ENOMEM;
	}
	*slot = v;
	return 0;
}

/**
 * check_matrix_line() - the shape of "matrix NAME VALUE..." before use
 * @j:    job
 * @line: the line
 * @name: its NAME, expanded (NULL if missing)
 *
 * Return: 0, or -EINVAL after reporting.
 */
static int check_matrix_line(struct scn_job *j, const struct scn_line *line,
			     const char *name)
{
	size_t i;

	if (line->n < 2 || !name || scn_check_name(name)) {
		job_err(j, line, line->n > 1 ? &line->tok[1] : NULL,
			"expected a variable name after 'matrix'");
		return -EINVAL;
	}
	for (i = 0; i < j->pre.ndims; i++) {
		if (!strcmp(j->pre.dims[i].name, name)) {
			job_err(j, line, &line->tok[1], "duplicate matrix variable '%s' (first on line %u)",
				name, j->pre.dims[i].line);
			return -EINVAL;
		}
	}
	if (line->n < 3) {
		job_err(j, line, NULL, "expected a value after 'matrix %s', found end of line",
			name);
		return -EINVAL;
	}
	if (j->pre.ndims == SCN_MAX_DIMS) {
		job_err(j, line, &line->tok[0], "expected at most %d matrix lines, found more",
			SCN_MAX_DIMS);
		return -EINVAL;
	}
	return 0;
}

/**
 * fill_dim() - a dimension's values: the line's, or the command line's one
 * @j:    job
 * @line: the matrix line
 * @d:    dimension (name set)
 *
 * Return: 0, -EINVAL (reported) or -ENOMEM.
 */
static int fill_dim(struct scn_job *j, const struct scn_line *line, struct scn_dim *d)
{
	const char *pv = scn_vars_get(j->preset, d->name);
	size_t i;
	int rc = 0;

	if (pv) {
		d->values = malloc(sizeof(*d->values));
		if (d->values && (d->values[0] = strdup(pv)))
			d->n = 1;
		return d->n ? 0 : -ENOMEM;
	}
	for (i = 2; i < line->n && !rc; i++)
		rc = add_dim_value(j, line, &line->tok[i], d);
	return rc;
}

/**
 * prescan_matrix() - check a matrix line and record its dimension
 * @j:    job
 * @line: the line ("matrix NAME VALUE...")
 *
 * A dimension left without values (after an error) is dropped.
 *
 * Return: 0, -EINVAL (reported) or -ENOMEM.
 */
static int prescan_matrix(struct scn_job *j, const struct scn_line *line)
{
	char *name = line->n > 1 ? scn_expand_plain(&line->tok[1]) : NULL;
	struct scn_dim *d = NULL;
	int rc = check_matrix_line(j, line, name);

	if (rc)
		goto out;
	rc = -ENOMEM;
	d = scn_push(&j->pre.dims, &j->pre.ndims, sizeof(*d));
	if (!d || add_decl(j, name, line->no, 1))
		goto out;
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->line = line->no;
	rc = fill_dim(j, line, d);
out:
	if (d && !d->n) {
		free(d->values);
		j->pre.ndims--;
	}
	free(name);
	return rc;
}

/**
 * scn_prescan() - find matrix dimensions and every variable declaration
 * @j: job
 *
 * Return: 0, or -ENOMEM (other problems are reported).
 */
int scn_prescan(struct scn_job *j)
{
	size_t i;
	char *name;
	int rc = 0;

	for (i = 0; i < j->src->n && rc != -ENOMEM; i++) {
		const struct scn_line *l = &j->src->lines[i];

		if (l->n >= 1 && raw_is(&l->tok[0], "matrix")) {
			rc = prescan_matrix(j, l);
		} else if (l->n >= 2 && raw_is(&l->tok[0], "set")) {
			name = scn_expand_plain(&l->tok[1]);
			rc = !name ? -ENOMEM : scn_check_name(name) ? 0 :
			     add_decl(j, name, l->no, 0);
			free(name);
		}
	}
	return rc == -ENOMEM ? rc : 0;
}

/**
 * scn_count_instances() - how many instances the matrix makes (capped)
 * @j:   job
 * @len: input length (instances x length is capped too)
 *
 * Return: the count, or 0 if there are too many (reported).
 */
size_t scn_count_instances(struct scn_job *j, size_t len)
{
	size_t n = 1, i;

	for (i = 0; i < j->pre.ndims; i++) {
		n *= j->pre.dims[i].n ? j->pre.dims[i].n : 1;
		if (n > SCN_MAX_INSTANCES) {
			scn_diag_add(j->diag, SCN_SEV_ERROR, j->file,
				     j->pre.dims[0].line, 1,
				     "expected at most %d matrix combinations, found more",
				     SCN_MAX_INSTANCES);
			return 0;
		}
	}
	if (n > 1 && n * (len + 1) > SCN_MAX_WORK) {
		scn_diag_add(j->diag, SCN_SEV_ERROR, j->file, j->pre.dims[0].line, 1,
			     "expected a smaller matrix for a file this long (%zu instances of %zu bytes)",
			     n, len);
		return 0;
	}
	return n;
}

/**
 * scn_instance_vars() - variables and name suffix of instance number @k
 * @j:    job
 * @k:    instance index (mixed radix over the dimensions, last fastest)
 * @vars: out: preset + matrix values
 * @inst: out: "nic=e1000,fw=uefi" (malloc'ed; "" without a matrix)
 *
 * Return: 0 or -ENOMEM.
 */
int scn_instance_vars(struct scn_job *j, size_t k, struct scn_vars *vars,
		      char **inst)
{
	size_t i, len = 1, used = 0;
	int rc = 0;

	*inst = NULL;
	for (i = 0; i < j->preset->n && !rc; i++)
		rc = scn_vars_set(vars, j->preset->v[i].name, j->preset->v[i].value);
	for (i = j->pre.ndims; i-- > 0 && !rc;) {
		const struct scn_dim *d = &j->pre.dims[i];
		const char *v = d->values[k % d->n];

		k /= d->n;
		rc = scn_vars_set(vars, d->name, v);
	}
	if (rc)
		return -ENOMEM;
	/* the name's exact length: this instance's values (a preset may override a dimension) */
	for (i = 0; i < j->pre.ndims; i++)
		len += strlen(j->pre.dims[i].name) + strlen(scn_vars_get(vars, j->pre.dims[i].name)) + 2;
	*inst = malloc(len);
	if (!*inst)
		return -ENOMEM;
	(*inst)[0] = '\0';
	for (i = 0; i < j->pre.ndims; i++)
		used += (size_t)snprintf(*inst + used, len - used, "%s%s=%s",
					 i ? "," : "", j->pre.dims[i].name,
					 scn_vars_get(vars, j->pre.dims[i].name));
	return 0;
}

/**
 * scn_prescan_free() - release prescan results
 * @pre: results
 */
void scn_prescan_free(struct scn_prescan *pre)
{
	size_t i, k;

	for (i = 0; i < pre->ndims; i++) {
		for (k = 0; k < pre->dims[i].n; k++)
			free(pre->dims[i].values[k]);
		free(pre->dims[i].values);
	}
	free(pre->dims);
	free(pre->decl);
}
