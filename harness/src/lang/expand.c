/* expand.c - turn lexed tokens into text: string escapes and ${variables} */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/util.h"
#include "lang/parse.h"

/**
 * struct words - a line's words, NUL-separated, in one growing text; each word capped at SCN_MAX_TEXT
 * @t:     the text
 * @start: where the current word begins in @t
 * @over:  the current word would exceed SCN_MAX_TEXT
 */
struct words {
	struct pxl_buf t;
	size_t start;
	int over;
};

/**
 * buf_put() - append bytes to the current word
 * @b:   words
 * @s:   bytes
 * @n:   how many
 *
 * Return: 0, or -ENOMEM; a word longer than SCN_MAX_TEXT sets @b->over and is cut.
 */
static int buf_put(struct words *b, const char *s, size_t n)
{
	if (b->t.len - b->start + n > SCN_MAX_TEXT) {
		b->over = 1;
		return 0;
	}
	pxl_buf_add(&b->t, s, n);
	return pxl_buf_error(&b->t);
}

/**
 * buf_end_word() - end the current word with its NUL; the next word starts after it
 * @b: words
 *
 * Return: 0 or -ENOMEM.
 */
static int buf_end_word(struct words *b)
{
	pxl_buf_add(&b->t, "", 1);	/* the NUL is part of the text */
	b->start = b->t.len;
	return pxl_buf_error(&b->t);
}

/**
 * undefined_var() - report a reference to a variable that has no value
 * @p:    parser
 * @loc:  where "${" is
 * @name: the name
 */
static void undefined_var(struct scn_parser *p, struct scn_loc loc,
			  const char *name)
{
	struct scn_suggest sg;
	size_t i;

	for (i = 0; i < p->ndecl; i++) {
		if (!strcmp(p->decl[i].name, name) && p->decl[i].line > loc.line) {
			scn_err_at(p, loc, "variable '%s' is used before its 'set' on line %u",
				   name, p->decl[i].line);
			return;
		}
	}
	scn_suggest_init(&sg, name);
	for (i = 0; i < p->vars->n; i++)
		scn_suggest_add(&sg, p->vars->v[i].name);
	if (scn_suggest_best(&sg))
		scn_err_at(p, loc, "undefined variable '%s'; did you mean '%s'?",
			   name, scn_suggest_best(&sg));
	else
		scn_err_at(p, loc, "undefined variable '%s'", name);
}

/** scn_server_addr_names - the server address references, index enum scn_role */
const char *const scn_server_addr_names[SCN_NADDR_ROLES] = { "dhcp.addr", "tftp.addr", "iscsi.addr", "http.addr" };

/**
 * server_addr_ref() - expand "${ROLE.addr}": where the scenario's server for ROLE runs
 * @p:    parser
 * @loc:  where "${" is
 * @name: "tftp.addr"
 * @b:    output
 *
 * The command line resolves the addresses (p->preset->srv_addr) for the
 * server that actually runs, so expectations and policy follow a swap.
 * Return: 0, -EINVAL (reported: an unknown ROLE) or -ENOMEM.
 */
static int server_addr_ref(struct scn_parser *p, struct scn_loc loc, const char *name, struct words *b)
{
	const char *a;
	size_t r;

	for (r = 0; r < ARRAY_SIZE(scn_server_addr_names) && strcmp(name, scn_server_addr_names[r]); r++)
		;
	if (r == ARRAY_SIZE(scn_server_addr_names))
		return scn_err_at(p, loc, "unknown server address '${%s}': expected ${dhcp.addr}, ${tftp.addr}, "
				  "${iscsi.addr} or ${http.addr}", name);
	a = p->preset && p->preset->srv_addr[r][0] ? p->preset->srv_addr[r] : "0.0.0.0";
	return buf_put(b, a, strlen(a));
}

/**
 * expand_ref() - expand one "${name}" starting at raw[i]
 * @p:    parser
 * @rt:   the raw token
 * @i:    index of '$'
 * @base: column of raw[0]
 * @b:    output
 * @next: out: index after the reference
 *
 * Return: 0, -EINVAL (reported) or -ENOMEM.
 */
static int expand_ref(struct scn_parser *p, const struct scn_rawtok *rt,
		      size_t i, unsigned base, struct words *b, size_t *next)
{
	struct scn_loc loc = { p->lineno, base + (unsigned)i };
	const char *close = memchr(rt->raw + i + 2, '}', rt->len - i - 2);
	char name[SCN_MAX_NAME + 2];
	size_t n = close ? (size_t)(close - (rt->raw + i + 2)) : 0;
	struct scn_var *v;

	if (!close)
		return scn_err_at(p, loc, "expected '}' to close '${', found end of the word");
	if (n > SCN_MAX_NAME || !n)
		return scn_err_at(p, loc, "expected a variable name inside '${...}', found %s",
				  n ? "a name that is too long" : "'${}'");
	memcpy(name, rt->raw + i + 2, n);
	name[n] = 0;
	if (scn_check_name(name))
		return scn_err_at(p, loc, "expected a variable name inside '${...}', found '%s'",
				  name);
	v = scn_vars_find(p->vars, name);
	if (!v && strchr(name, '.') && !strcmp(strchr(name, '.'), ".addr")) {
		*next = i + 3 + strlen(name);
		return server_addr_ref(p, loc, name, b);
	}
	if (!v) {
		undefined_var(p, loc, name);
		return -EINVAL;
	}
	v->used = 1;
	for (n = 0; v->value[n]; n++)
		if ((unsigned char)v->value[n] < 0x20 || v->value[n] == 0x7f)
			return scn_err_at(p, loc, "expected printable text in variable '%s', found byte 0x%02x",
					  name, (unsigned char)v->value[n]);
	*next = i + 3 + strlen(name);
	return buf_put(b, v->value, strlen(v->value));
}

/**
 * plain_run() - how many bytes from raw[i] on need no expansion (at least 1)
 * @rt: the raw token
 * @i:  where the run starts
 *
 * The run ends before the next '$' (and in strings the next '\\'); memchr()
 * finds them faster than a loop over every byte.
 *
 * Return: its length.
 */
static size_t plain_run(const struct scn_rawtok *rt, size_t i)
{
	const char *r = rt->raw + i, *end = rt->raw + rt->len;
	const char *d = memchr(r + 1, '$', (size_t)(end - r - 1));
	const char *bs = rt->kind == SCN_TOK_STRING ?
			 memchr(r + 1, '\\', (size_t)(end - r - 1)) : NULL;

	if (!d || (bs && bs < d))
		d = bs;
	return (size_t)((d ? d : end) - r);
}

/**
 * expand_tok() - expand one raw token onto the end of the line's text buffer
 * @p:   parser
 * @rt:  the raw token
 * @b:   the line's text buffer (the word and its NUL are appended)
 * @out: out: the token; its text is at offset @out->off of @b (set once the line is done)
 *
 * In strings \" and \\ stand for " and \ (any other backslash is kept as
 * it is, for regexes); everywhere "$$" is a literal '$' and "${name}" the
 * value of a variable.
 *
 * Return: 0, -EINVAL (reported; the word is "") or -ENOMEM.
 */
static int expand_tok(struct scn_parser *p, const struct scn_rawtok *rt, struct words *b,
		      struct scn_tok *out)
{
	unsigned base = rt->col + (rt->kind == SCN_TOK_STRING);
	size_t i = 0;
	int rc = 0;

	out->kind = rt->kind;
	out->col = rt->col;
	out->end_col = rt->end_col;
	out->off = b->t.len;
	b->start = b->t.len;
	b->over = 0;
	while (!rc && i < rt->len) {
		const char *r = rt->raw + i;
		char nx = i + 1 < rt->len ? r[1] : 0;

		if (rt->kind == SCN_TOK_STRING && r[0] == '\\' &&
		    (nx == '"' || nx == '\\')) {
			rc = buf_put(b, &nx, 1);
			i += 2;
		} else if (r[0] == '$' && nx == '$') {
			rc = buf_put(b, "$", 1);
			i += 2;
		} else if (r[0] == '$' && nx == '{') {
			rc = expand_ref(p, rt, i, base, b, &i);
			out->has_var = 1;
		} else {
			size_t n = plain_run(rt, i);

			rc = buf_put(b, r, n);
			i += n;
		}
	}
	if (!rc && b->over)
		rc = scn_err_at(p, (struct scn_loc){ p->lineno, rt->col },
				"expected at most %d bytes in one word, found more",
				SCN_MAX_TEXT);
	if (rc == -ENOMEM)
		return rc;
	if (rc)
		b->t.len = b->start;	/* a failed word is "" */
	return buf_end_word(b) ? -ENOMEM : rc;
}

/**
 * scn_expand_line() - expand a lexed line into the parser's current tokens
 * @p:    parser
 * @line: the line
 *
 * Expansion errors are reported and mark the line failed; its tokens are
 * still produced (empty where expansion failed) so that the statement can
 * open its block and later lines do not cascade into more errors.
 *
 * Return: 0 or -ENOMEM.
 */
int scn_expand_line(struct scn_parser *p, const struct scn_line *line)
{
	struct words b = { .t = { .s = p->text, .cap = p->text_cap } };
	size_t i;
	int rc = 0;

	p->lineno = line->no;
	p->end_col = line->end_col ? line->end_col : 1;
	p->failed = line->bad;
	p->pos = 0;
	p->n = 0;
	if (PXL_VEC_GROW(p->tok, p->tok_cap, line->n))
		return -ENOMEM;
	if (line->n)
		memset(p->tok, 0, line->n * sizeof(*p->tok));
	for (i = 0; i < line->n && rc != -ENOMEM; i++)
		rc = expand_tok(p, &line->tok[i], &b, &p->tok[i]);
	/* the buffer is the parser's, reused line after line; pointers once it stops moving */
	p->text = b.t.s;
	p->text_cap = b.t.cap;
	if (rc == -ENOMEM)
		return rc;
	p->n = line->n;
	for (i = 0; i < p->n; i++)
		p->tok[i].text = p->text + p->tok[i].off;
	return 0;
}

/**
 * scn_line_release() - done with the current line (its memory is kept for the next)
 * @p: parser
 */
void scn_line_release(struct scn_parser *p)
{
	p->n = 0;
	p->pos = 0;
}

/**
 * scn_parser_release() - free the parser's token array and text buffer
 * @p: parser
 */
void scn_parser_release(struct scn_parser *p)
{
	free(p->tok);
	free(p->text);
	p->tok = NULL;
	p->text = NULL;
	p->tok_cap = p->text_cap = p->n = p->pos = 0;
}

/**
 * scn_expand_plain() - a token's text with escapes applied, no variables
 * @rt: the raw token ("${" is copied as it is)
 *
 * Return: malloc'ed text, or NULL on allocation failure.
 */
char *scn_expand_plain(const struct scn_rawtok *rt)
{
	struct words b = { 0 };
	size_t i = 0;
	int rc = buf_put(&b, "", 0);

	while (!rc && i < rt->len) {
		const char *r = rt->raw + i;
		char nx = i + 1 < rt->len ? r[1] : 0;

		if ((rt->kind == SCN_TOK_STRING && r[0] == '\\' &&
		     (nx == '"' || nx == '\\')) || (r[0] == '$' && nx == '$')) {
			rc = buf_put(&b, &nx, 1);
			i += 2;
		} else {
			rc = buf_put(&b, r, 1);
			i++;
		}
	}
	if (rc) {
		pxl_buf_free(&b.t);
		return NULL;
	}
	return b.t.s;
}
