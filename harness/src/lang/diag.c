/* diag.c - scenario diagnostics: collect, de-duplicate, format, print */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/scenario.h"

/**
 * scn_diag_init() - make an empty diagnostics collection
 * @d: the collection
 */
void scn_diag_init(struct scn_diag *d)
{
	memset(d, 0, sizeof(*d));
}

/**
 * scn_diag_free() - release the messages of a collection and empty it
 * @d: the collection (may be NULL)
 */
void scn_diag_free(struct scn_diag *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->msg[i].file);
		free(d->msg[i].text);
	}
	scn_diag_init(d);
}

/**
 * diag_seen() - whether an identical message is already kept
 * @d:    the collection
 * @m:    candidate message
 *
 * Return: 1 if a message with the same severity, place and text exists.
 */
static int diag_seen(const struct scn_diag *d, const struct scn_msg *m)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct scn_msg *o = &d->msg[i];

		if (o->sev == m->sev && o->line == m->line &&
		    o->col == m->col && !strcmp(o->file, m->file) &&
		    !strcmp(o->text, m->text))
			return 1;
	}
	return 0;
}

/**
 * insert_sorted() - keep messages in file order (line, then column)
 * @d: the collection (not full)
 * @m: message to insert (moved in)
 *
 * Messages at the same place keep the order they were reported in.
 */
static void insert_sorted(struct scn_diag *d, const struct scn_msg *m)
{
	size_t i = d->n;

	while (i > 0 && !strcmp(d->msg[i - 1].file, m->file) &&
	       (d->msg[i - 1].line > m->line ||
		(d->msg[i - 1].line == m->line && d->msg[i - 1].col > m->col))) {
		d->msg[i] = d->msg[i - 1];
		i--;
	}
	d->msg[i] = *m;
	d->n++;
}

/**
 * keep_msg() - add a formatted message unless it repeats one; the text and file are copied if kept
 * @d: the collection
 * @m: the message (its @file and @text are borrowed)
 *
 * Return: 0, or -ENOMEM.
 */
static int keep_msg(struct scn_diag *d, struct scn_msg *m)
{
	int full = d->n == SCN_DIAG_MAX;

	if (diag_seen(d, m))
		return 0;
	if (!full) {
		m->file = strdup(m->file);
		m->text = m->file ? strdup(m->text) : NULL;
		if (!m->text) {
			free(m->file);
			return -ENOMEM;
		}
	}
	if (m->sev == SCN_SEV_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (full)
		d->dropped++;
	else
		insert_sorted(d, m);
	return 0;
}

/**
 * scn_diag_vadd() - report a message (va_list form of scn_diag_add())
 * @d:    the collection
 * @sev:  error or warning
 * @file: file name (NULL is shown as "<input>")
 * @line: 1-based line or 0
 * @col:  1-based column or 0
 * @fmt:  printf format of the text
 * @ap:   its arguments
 *
 * The text is formatted on the stack: only a message that is kept is
 * allocated (every matrix instance repeats the same mistakes, and only
 * SCN_DIAG_MAX messages are kept).
 *
 * Return: 0, or -ENOMEM.
 */
int scn_diag_vadd(struct scn_diag *d, enum scn_sev sev, const char *file,
		  unsigned line, unsigned col, const char *fmt, va_list ap)
{
	struct scn_msg m = { .sev = sev, .line = line, .col = col };
	char buf[512], *heap = NULL;
	va_list aq;
	int rc;

	va_copy(aq, ap);
	rc = vsnprintf(buf, sizeof(buf), fmt, aq);
	va_end(aq);
	if (rc < 0 || ((size_t)rc >= sizeof(buf) && vasprintf(&heap, fmt, ap) < 0))
		return -ENOMEM;
	m.file = (char *)(file ? file : "<input>");
	m.text = heap ? heap : buf;
	rc = keep_msg(d, &m);
	free(heap);
	return rc;
}

/**
 * scn_diag_add() - report a message
 * @d:    the collection
 * @sev:  error or warning
 * @file: file name (NULL is shown as "<input>")
 * @line: 1-based line or 0
 * @col:  1-based column or 0
 * @fmt:  printf format of the text
 *
 * A message identical to one already kept (same place and text, as happens
 * when every matrix instance reports the same mistake) is ignored.  Kept
 * messages are ordered by line and column within a file.
 *
 * Return: 0, or -ENOMEM.
 */
int scn_diag_add(struct scn_diag *d, enum scn_sev sev, const char *file,
		 unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = scn_diag_vadd(d, sev, file, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

/**
 * scn_diag_full() - whether enough errors were collected to stop parsing
 * @d: the collection
 *
 * Return: 1 once SCN_DIAG_MAX errors were reported.
 */
int scn_diag_full(const struct scn_diag *d)
{
	return d->errors >= SCN_DIAG_MAX;
}

/**
 * scn_msg_format() - render one message as "FILE:LINE:COL: text"
 * @m:   the message
 * @buf: output buffer
 * @len: size of @buf
 *
 * Warnings read "FILE:LINE:COL: warning: text"; a message without a line
 * reads "FILE: text", without a column "FILE:LINE: text".
 *
 * Return: what snprintf() returns.
 */
int scn_msg_format(const struct scn_msg *m, char *buf, size_t len)
{
	const char *w = m->sev == SCN_SEV_WARNING ? "warning: " : "";

	if (!m->line)
		return snprintf(buf, len, "%s: %s%s", m->file, w, m->text);
	if (!m->col)
		return snprintf(buf, len, "%s:%u: %s%s", m->file, m->line, w,
				m->text);
	return snprintf(buf, len, "%s:%u:%u: %s%s", m->file, m->line, m->col,
			w, m->text);
}

/**
 * scn_diag_print() - print every kept message, one a line, and a tally
 * @d: the collection
 * @f: where to print
 */
void scn_diag_print(const struct scn_diag *d, FILE *f)
{
	char line[1024];
	size_t i;

	for (i = 0; i < d->n; i++) {
		scn_msg_format(&d->msg[i], line, sizeof(line));
		fprintf(f, "%s\n", line);
	}
	if (d->dropped)
		fprintf(f, "(%u more not shown)\n", d->dropped);
	if (d->errors)
		fprintf(f, "%u error%s, %u warning%s\n", d->errors,
			d->errors == 1 ? "" : "s", d->warnings,
			d->warnings == 1 ? "" : "s");
}
