/* tokens.c - take tokens from the current line, with "expected X, found Y" errors */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lang/parse.h"

/**
 * scn_peek() - the next token of the line
 * @p: parser
 *
 * Return: the token, or NULL at the end of the line.
 */
struct scn_tok *scn_peek(struct scn_parser *p)
{
	return p->pos < p->n ? &p->tok[p->pos] : NULL;
}

/**
 * scn_take() - take the next token of the line
 * @p: parser
 *
 * Return: the token, or NULL at the end of the line.
 */
struct scn_tok *scn_take(struct scn_parser *p)
{
	return p->pos < p->n ? &p->tok[p->pos++] : NULL;
}

/**
 * scn_tok_loc() - where a token is
 * @p: parser
 * @t: token, or NULL for the end of the current line
 *
 * Return: its line and column.
 */
struct scn_loc scn_tok_loc(const struct scn_parser *p,
			   const struct scn_tok *t)
{
	struct scn_loc loc = { p->lineno, t ? t->col : p->end_col };

	return loc;
}

/**
 * scn_tok_desc() - describe a token for "found ..." in a message
 * @t:   token or NULL
 * @buf: out: 'word', "string" or "end of line" (long text cut with ...)
 * @len: size of @buf
 *
 * Return: @buf.
 */
const char *scn_tok_desc(const struct scn_tok *t, char *buf, size_t len)
{
	char q;

	if (!t) {
		snprintf(buf, len, "end of line");
		return buf;
	}
	q = t->kind == SCN_TOK_STRING ? '"' : '\'';
	if (strlen(t->text) > 40)
		snprintf(buf, len, "%c%.37s...%c", q, t->text, q);
	else
		snprintf(buf, len, "%c%s%c", q, t->text, q);
	return buf;
}

/**
 * report() - add an error or warning unless the line already has an error
 * @p:   parser
 * @sev: severity
 * @loc: where
 * @tag: the token came from a variable: name the matrix instance
 * @fmt: format
 * @ap:  arguments
 */
static void report(struct scn_parser *p, enum scn_sev sev, struct scn_loc loc,
		   int tag, const char *fmt, va_list ap)
{
	char *text;

	if (sev == SCN_SEV_ERROR && p->failed)
		return;
	if (!(tag && p->multi && p->s->instance && *p->s->instance)) {
		scn_diag_vadd(p->diag, sev, p->file, loc.line, loc.col, fmt, ap);
	} else {
		p->tagged = 1;
		if (vasprintf(&text, fmt, ap) >= 0) {
			scn_diag_add(p->diag, sev, p->file, loc.line, loc.col,
				     "%s (with %s)", text, p->s->instance);
			free(text);
		}
	}
	if (sev == SCN_SEV_ERROR)
		p->failed = 1;
}

/**
 * scn_err() - report an error at a token; later errors on the line are muted
 * @p:   parser
 * @t:   token, or NULL for the end of the line
 * @fmt: format
 *
 * Return: -EINVAL, for handlers to return.
 */
int scn_err(struct scn_parser *p, const struct scn_tok *t, const char *fmt,
	    ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, SCN_SEV_ERROR, scn_tok_loc(p, t), t && t->has_var, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/**
 * scn_err_at() - report an error at a saved location
 * @p:   parser
 * @loc: where
 * @fmt: format
 *
 * Return: -EINVAL.
 */
int scn_err_at(struct scn_parser *p, struct scn_loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, SCN_SEV_ERROR, loc, 0, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/**
 * scn_warn_at() - report a warning at a saved location
 * @p:   parser
 * @loc: where
 * @fmt: format
 */
void scn_warn_at(struct scn_parser *p, struct scn_loc loc, const char *fmt,
		 ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, SCN_SEV_WARNING, loc, 0, fmt, ap);
	va_end(ap);
}

/**
 * scn_expected() - report "expected WHAT, found <next token>"
 * @p:    parser
 * @what: what the grammar wanted
 *
 * Return: -EINVAL.
 */
int scn_expected(struct scn_parser *p, const char *what)
{
	const struct scn_tok *t = scn_peek(p);
	char found[64];

	return scn_err(p, t, "expected %s, found %s", what,
		       scn_tok_desc(t, found, sizeof(found)));
}

/**
 * scn_unknown() - report an unknown word, with the nearest valid one
 * @p:    parser
 * @t:    the word
 * @what: what was expected ("a client option")
 * @sg:   suggestion state (may be NULL)
 *
 * Return: -EINVAL.
 */
int scn_unknown(struct scn_parser *p, const struct scn_tok *t,
		const char *what, const struct scn_suggest *sg)
{
	const char *best = sg ? scn_suggest_best(sg) : NULL;
	char found[64];

	scn_tok_desc(t, found, sizeof(found));
	if (best)
		return scn_err(p, t, "expected %s, found %s; did you mean '%s'?",
			       what, found, best);
	return scn_err(p, t, "expected %s, found %s", what, found);
}

/**
 * scn_end() - require the end of the line
 * @p: parser
 *
 * Return: 0 or -EINVAL.
 */
int scn_end(struct scn_parser *p)
{
	return scn_peek(p) ? scn_expected(p, "end of line") : 0;
}

/**
 * scn_take_word() - take a bare word (not a "string")
 * @p:    parser
 * @what: for the error
 * @out:  out: the token
 *
 * Return: 0 or -EINVAL.
 */
int scn_take_word(struct scn_parser *p, const char *what,
		  const struct scn_tok **out)
{
	const struct scn_tok *t = scn_peek(p);

	if (!t || t->kind != SCN_TOK_WORD)
		return scn_expected(p, what);
	*out = scn_take(p);
	return 0;
}

/**
 * scn_take_text() - take a word or string and copy its text
 * @p:    parser
 * @what: for the error
 * @out:  out: malloc'ed copy (freed by the caller or the model)
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int scn_take_text(struct scn_parser *p, const char *what, char **out)
{
	const struct scn_tok *t = scn_peek(p);

	if (!t)
		return scn_expected(p, what);
	scn_take(p);
	*out = strdup(t->text);
	return *out ? 0 : -ENOMEM;
}

/**
 * scn_take_name() - take a name (letters, digits, '.', '_', '-')
 * @p:    parser
 * @what: for the error ("a client name")
 * @out:  out: the token
 *
 * Return: 0 or -EINVAL.
 */
int scn_take_name(struct scn_parser *p, const char *what,
		  const struct scn_tok **out)
{
	const struct scn_tok *t = scn_peek(p);
	char found[64];

	if (!t || t->kind != SCN_TOK_WORD)
		return scn_expected(p, what);
	if (scn_check_name(t->text))
		return scn_err(p, t, "expected %s (letters, digits, '.', '_', '-'; at most %d), found %s",
			       what, SCN_MAX_NAME,
			       scn_tok_desc(t, found, sizeof(found)));
	*out = scn_take(p);
	return 0;
}

/**
 * scn_take_num() - take a number in a range
 * @p:    parser
 * @what: for the error ("a LUN")
 * @min:  smallest allowed
 * @max:  largest allowed
 * @out:  out: the value
 *
 * Return: 0 or -EINVAL.
 */
int scn_take_num(struct scn_parser *p, const char *what, uint64_t min,
		 uint64_t max, uint64_t *out)
{
	const struct scn_tok *t = scn_peek(p);
	char found[64];
	uint64_t v;

	if (!t || t->kind != SCN_TOK_WORD || scn_parse_u64(t->text, max, &v) ||
	    v < min)
		return scn_err(p, t, "expected %s (%llu-%llu), found %s", what,
			       (unsigned long long)min, (unsigned long long)max,
			       scn_tok_desc(t, found, sizeof(found)));
	scn_take(p);
	*out = v;
	return 0;
}

/**
 * scn_take_ip() - take a dotted-quad IPv4 address
 * @p:    parser
 * @what: for the error ("the gateway address")
 * @out:  out: address
 *
 * Return: 0 or -EINVAL.
 */
int scn_take_ip(struct scn_parser *p, const char *what, uint32_t *out)
{
	const struct scn_tok *t = scn_peek(p);
	char w[96];

	if (!t || t->kind != SCN_TOK_WORD || pxl_ip_parse(t->text, out)) {
		snprintf(w, sizeof(w), "%s (an IPv4 address like 10.0.2.2)",
			 what);
		return scn_expected(p, w);
	}
	scn_take(p);
	return 0;
}

/**
 * scn_take_mac() - take a unicast MAC address
 * @p:   parser
 * @mac: out: six bytes
 *
 * Return: 0 or -EINVAL.
 */
int scn_take_mac(struct scn_parser *p, uint8_t mac[6])
{
	const struct scn_tok *t = scn_peek(p);
	char found[64];
	int rc;

	if (!t || t->kind != SCN_TOK_WORD)
		return scn_expected(p, "a MAC address like 52:54:00:12:34:56");
	rc = scn_parse_mac(t->text, mac);
	if (rc == -EDOM)
		return scn_err(p, t, "expected a unicast MAC address, found %s (multicast or all zero)",
			       scn_tok_desc(t, found, sizeof(found)));
	if (rc)
		return scn_expected(p, "a MAC address like 52:54:00:12:34:56");
	scn_take(p);
	return 0;
}

/**
 * scn_take_duration() - take a positive duration: 500ms, 30s, 2m, 1h
 * @p:    parser
 * @what: for the error ("a timeout")
 * @ns:   out: nanoseconds
 *
 * Return: 0 or -EINVAL.
 */
int scn_take_duration(struct scn_parser *p, const char *what, uint64_t *ns)
{
	const struct scn_tok *t = scn_peek(p);
	char found[64];
	int rc = -EINVAL;

	if (t && t->kind == SCN_TOK_WORD)
		rc = scn_parse_duration(t->text, ns);
	if (rc == -ERANGE)
		return scn_err(p, t, "expected %s of at most a week (168h), found %s",
			       what, scn_tok_desc(t, found, sizeof(found)));
	if (rc || !*ns)
		return scn_err(p, t, "expected %s like 30s, 500ms, 2m or 1h, found %s",
			       what, scn_tok_desc(t, found, sizeof(found)));
	scn_take(p);
	return 0;
}

/**
 * scn_take_percent() - take a percentage: 10%, 0.5%
 * @p:    parser
 * @what: for the error
 * @ppm:  out: parts per million
 *
 * Return: 0 or -EINVAL.
 */
int scn_take_percent(struct scn_parser *p, const char *what, uint32_t *ppm)
{
	const struct scn_tok *t = scn_peek(p);
	char found[64];

	if (!t || t->kind != SCN_TOK_WORD || scn_parse_percent(t->text, ppm))
		return scn_err(p, t, "expected %s like 10%% or 0.5%% (0-100%%), found %s",
			       what, scn_tok_desc(t, found, sizeof(found)));
	scn_take(p);
	return 0;
}

/**
 * scn_take_choice() - take one of a fixed list of words
 * @p:       parser
 * @what:    for the error ("a firmware (bios, uefi)")
 * @choices: NULL-terminated words
 * @idx:     out: index of the word taken
 *
 * Return: 0 or -EINVAL (with the nearest word suggested).
 */
int scn_take_choice(struct scn_parser *p, const char *what,
		    const char *const *choices, int *idx)
{
	const struct scn_tok *t = scn_peek(p);
	struct scn_suggest sg;
	int i;

	if (!t || t->kind != SCN_TOK_WORD)
		return scn_expected(p, what);
	for (i = 0; choices[i]; i++) {
		if (!strcmp(t->text, choices[i])) {
			scn_take(p);
			*idx = i;
			return 0;
		}
	}
	scn_suggest_init(&sg, t->text);	/* edit distances only for a word that is wrong */
	for (i = 0; choices[i]; i++)
		scn_suggest_add(&sg, choices[i]);
	return scn_unknown(p, t, what, &sg);
}

/**
 * find_opt() - look an option keyword up; if it is not there, collect suggestions
 * @tab:  options
 * @n:    number of @tab
 * @word: keyword
 * @sg:   suggestion state, fed with every keyword when @word is not one
 *        (edit distances cost more than the lookup: only for a wrong word)
 *
 * Return: index in @tab, or -1.
 */
static int find_opt(const struct scn_opt *tab, size_t n, const char *word,
		    struct scn_suggest *sg)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(tab[i].name, word))
			return (int)i;
	for (i = 0; i < n; i++)
		scn_suggest_add(sg, tab[i].name);
	return -1;
}

/**
 * scn_take_opts() - take "KEYWORD ARGS..." options until the end of the line
 * @p:    parser
 * @tab:  option table
 * @n:    number of @tab (at most 32)
 * @what: "a client option" for errors
 * @obj:  object the handlers fill
 *
 * Each option may appear once.
 *
 * Return: 0 or a negative errno (errors reported).
 */
int scn_take_opts(struct scn_parser *p, const struct scn_opt *tab, size_t n,
		  const char *what, void *obj)
{
	unsigned seen[32] = { 0 };
	struct scn_suggest sg;
	struct scn_tok *t;
	int i, rc;

	if (n > ARRAY_SIZE(seen))
		return scn_err(p, NULL, "internal: option table for %s too long", what);
	while ((t = scn_peek(p))) {
		scn_suggest_init(&sg, t->text);
		i = t->kind == SCN_TOK_WORD ? find_opt(tab, n, t->text, &sg) : -1;
		if (i < 0)
			return scn_unknown(p, t, what, &sg);
		if (seen[i])
			return scn_err(p, t, "duplicate '%s' (first at column %u)",
				       tab[i].name, seen[i]);
		seen[i] = t->col;
		scn_take(p);
		rc = tab[i].fn(p, obj);
		if (rc)
			return rc;
	}
	return 0;
}
