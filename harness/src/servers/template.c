/* template.c - @NAME@ templates for external servers' configurations
 *
 * A template is a server's own configuration file with placeholders: @NAME@
 * (upper-case letters, digits, '_') is replaced by a variable's value, "@@"
 * is a literal '@', and any other '@' stays as it is.  An @NAME@ that no
 * variable defines is an error naming the file and line, so a typo never
 * reaches the server.  The same expansion applies to configurations users
 * bring (`--dhcp dnsmasq:my.conf`).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "servers/template.h"

#define TEMPLATE_NAME_MAX 32
#define TEMPLATE_FILE_MAX (1 << 20)

/**
 * placeholder_len() - length of NAME when @p points at "@NAME@"
 * @p: text at an '@'
 *
 * Return: length of NAME, or 0 when this '@' starts no placeholder.
 */
static size_t placeholder_len(const char *p)
{
	size_t n = 0;

	for (p++; (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'; p++)
		n++;
	return *p == '@' && n && n < TEMPLATE_NAME_MAX ? n : 0;
}

/**
 * find_var() - the variable called @name (@len bytes)
 * @vars, @nvars: table
 * @name, @len: name
 *
 * Return: the variable or NULL.
 */
static const struct pxl_tvar *find_var(const struct pxl_tvar *vars, size_t nvars, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < nvars; i++)
		if (strlen(vars[i].name) == len && !memcmp(vars[i].name, name, len))
			return &vars[i];
	return NULL;
}

/**
 * pxl_template_expand() - replace every @NAME@ in a text
 * @text: the template
 * @name: what to call it in errors (a file name)
 * @vars, @nvars: the variables
 * @out: receives the result (appended)
 * @err, @errlen: message buffer
 *
 * Return: 0, or -EINVAL for an unknown placeholder / -ENOMEM, with a message.
 */
int pxl_template_expand(const char *text, const char *name, const struct pxl_tvar *vars, size_t nvars,
			struct pxl_buf *out, char *err, size_t errlen)
{
	const char *p = text, *at, *q;
	unsigned line = 1;

	while ((at = strchr(p, '@'))) {
		const struct pxl_tvar *v;
		size_t n;

		for (q = p; q < at; q++)
			line += *q == '\n';
		pxl_buf_add(out, p, (size_t)(at - p));
		if (at[1] == '@') {
			pxl_buf_add(out, "@", 1);
			p = at + 2;
			continue;
		}
		n = placeholder_len(at);
		if (!n) {
			pxl_buf_add(out, "@", 1);
			p = at + 1;
			continue;
		}
		v = find_var(vars, nvars, at + 1, n);
		if (!v) {
			snprintf(err, errlen, "%s:%u: unknown placeholder @%.*s@ (see fixtures/peers/README.md)",
				 name, line, (int)n, at + 1);
			return -EINVAL;
		}
		pxl_buf_add(out, v->value ? v->value : "", strlen(v->value ? v->value : ""));
		p = at + n + 2;
	}
	pxl_buf_add(out, p, strlen(p));
	if (pxl_buf_error(out)) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -ENOMEM;
	}
	return 0;
}

/**
 * pxl_read_file() - read a whole (small) text file
 * @path: file
 * @out: receives the text (appended)
 *
 * Return: 0 or -errno (-EFBIG above 1 MiB).
 */
int pxl_read_file(const char *path, struct pxl_buf *out)
{
	FILE *f = fopen(path, "r");
	char chunk[4096];
	size_t n, total = 0;
	int rc = 0;

	if (!f)
		return -errno;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && !rc) {
		total += n;
		if (total > TEMPLATE_FILE_MAX)
			rc = -EFBIG;
		pxl_buf_add(out, chunk, n);
	}
	if (!rc && ferror(f))
		rc = -EIO;
	fclose(f);
	if (!rc && !out->s)
		pxl_buf_add(out, "", 0);
	return rc ? rc : pxl_buf_error(out);
}

/**
 * pxl_write_file() - create (or replace) a file with a text
 * @path: file
 * @text: content
 *
 * Return: 0 or -errno.
 */
int pxl_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int rc = 0;

	if (!f)
		return -errno;
	if (fputs(text, f) == EOF)
		rc = -errno;
	if (fclose(f) && !rc)
		rc = -errno;
	return rc;
}

/**
 * pxl_template_file() - expand a template file into a new file
 * @in: template
 * @out: file to write
 * @vars, @nvars: variables
 * @err, @errlen: message buffer
 *
 * Return: 0, or -errno with a message naming the file.
 */
int pxl_template_file(const char *in, const char *out, const struct pxl_tvar *vars, size_t nvars,
		      char *err, size_t errlen)
{
	struct pxl_buf t = { 0 }, o = { 0 };
	int rc = pxl_read_file(in, &t);

	if (rc)
		snprintf(err, errlen, "cannot read %s: %s", in, strerror(-rc));
	if (!rc)
		rc = pxl_template_expand(pxl_buf_str(&t), in, vars, nvars, &o, err, errlen);
	if (!rc && (rc = pxl_write_file(out, pxl_buf_str(&o))))
		snprintf(err, errlen, "cannot write %s: %s", out, strerror(-rc));
	pxl_buf_free(&t);
	pxl_buf_free(&o);
	return rc;
}
