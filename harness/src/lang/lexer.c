/* lexer.c - split scenario source into lines of words and "strings" */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"

/**
 * struct lexer - state while lexing one buffer
 * @file: file name for messages
 * @diag: where errors go
 * @src:  lines produced
 */
struct lexer {
	const char *file;
	struct scn_diag *diag;
	struct scn_src *src;
};

/**
 * is_bad_byte() - whether a byte may not appear in scenario text
 * @c: the byte
 *
 * Return: 1 for NUL, control characters other than tab, and DEL.
 */
static int is_bad_byte(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/**
 * lex_bad_byte() - report a forbidden byte
 * @lx:  lexer
 * @no:  line number
 * @col: column of the byte
 * @c:   the byte
 *
 * Return: -EINVAL.
 */
static int lex_bad_byte(struct lexer *lx, unsigned no, unsigned col,
			unsigned char c)
{
	scn_diag_add(lx->diag, SCN_SEV_ERROR, lx->file, no, col,
		     "expected printable text, found byte 0x%02x", c);
	return -EINVAL;
}

/**
 * lex_string() - measure a "quoted string" starting at @s[i]
 * @lx:  lexer
 * @no:  line number
 * @s:   line text
 * @len: line length
 * @i:   index of the opening quote
 * @end: out: index just after the closing quote
 *
 * A backslash protects the next byte, so \" does not close the string.
 *
 * Return: 0, or -EINVAL (unterminated, forbidden byte) after reporting.
 */
static int lex_string(struct lexer *lx, unsigned no, const char *s,
		      size_t len, size_t i, size_t *end)
{
	size_t j = i + 1;

	while (j < len && s[j] != '"') {
		if (is_bad_byte((unsigned char)s[j]))
			return lex_bad_byte(lx, no, (unsigned)j + 1,
					    (unsigned char)s[j]);
		if (s[j] == '\\' && j + 1 < len)
			j++;
		j++;
	}
	if (j >= len) {
		scn_diag_add(lx->diag, SCN_SEV_ERROR, lx->file, no,
			     (unsigned)i + 1,
			     "expected a closing '\"' for this string, found end of line");
		return -EINVAL;
	}
	*end = j + 1;
	return 0;
}

/**
 * lex_word() - measure a bare word starting at @s[i]
 * @lx:  lexer
 * @no:  line number
 * @s:   line text
 * @len: line length
 * @i:   index of the first byte
 * @end: out: index just after the word
 *
 * A word ends at a blank or a quote.
 *
 * Return: 0, or -EINVAL (forbidden byte) after reporting.
 */
static int lex_word(struct lexer *lx, unsigned no, const char *s, size_t len,
		    size_t i, size_t *end)
{
	size_t j = i;

	while (j < len && s[j] != ' ' && s[j] != '\t' && s[j] != '"') {
		if (is_bad_byte((unsigned char)s[j]))
			return lex_bad_byte(lx, no, (unsigned)j + 1,
					    (unsigned char)s[j]);
		j++;
	}
	*end = j;
	return 0;
}

/**
 * lex_add_token() - append a token to a line
 * @lx:   lexer (the token goes to the file's one token array)
 * @line: the line
 * @kind: word or string
 * @s:    line text
 * @b:    index of the token's first byte
 * @e:    index just after it
 *
 * Return: 0 or -ENOMEM.
 */
static int lex_add_token(struct lexer *lx, struct scn_line *line, enum scn_tok_kind kind,
			 const char *s, size_t b, size_t e)
{
	struct scn_rawtok *t = scn_push(&lx->src->toks, &lx->src->ntoks, sizeof(*t));

	if (!t)
		return -ENOMEM;
	line->n++;
	t->kind = kind;
	t->col = (unsigned)b + 1;
	t->end_col = (unsigned)e + 1;
	if (kind == SCN_TOK_STRING) {
		t->raw = s + b + 1;
		t->len = e - b - 2;
	} else {
		t->raw = s + b;
		t->len = e - b;
	}
	line->end_col = t->end_col;
	return 0;
}

/**
 * lex_line() - split one line into tokens
 * @lx:   lexer
 * @no:   line number
 * @s:    line text (without the newline)
 * @len:  its length
 * @line: out: tokens (line->bad set after a reported error)
 *
 * Return: 0 or -ENOMEM (lexical errors are reported, not returned).
 */
static int lex_line(struct lexer *lx, unsigned no, const char *s, size_t len,
		    struct scn_line *line)
{
	size_t i = 0, end;
	int rc;

	line->no = no;
	while (i < len) {
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		if (s[i] == '#')
			break;
		if (line->n == SCN_MAX_TOKENS) {
			scn_diag_add(lx->diag, SCN_SEV_ERROR, lx->file, no,
				     (unsigned)i + 1,
				     "expected at most %d words on a line, found more",
				     SCN_MAX_TOKENS);
			line->bad = 1;
			break;
		}
		if (s[i] == '"')
			rc = lex_string(lx, no, s, len, i, &end);
		else
			rc = lex_word(lx, no, s, len, i, &end);
		if (rc) {
			line->bad = 1;
			break;
		}
		rc = lex_add_token(lx, line, s[i] == '"' ? SCN_TOK_STRING :
				   SCN_TOK_WORD, s, i, end);
		if (rc)
			return rc;
		i = end;
	}
	return 0;
}

/**
 * lex_keep_line() - add a lexed line to the source, or drop it if empty
 * @lx:   lexer
 * @line: the line (moved into the source)
 *
 * Return: 0 or -ENOMEM.
 */
static int lex_keep_line(struct lexer *lx, struct scn_line *line)
{
	struct scn_line *l;

	if (!line->n && !line->bad)
		return 0;
	l = scn_push(&lx->src->lines, &lx->src->n, sizeof(*l));
	if (!l)
		return -ENOMEM;
	*l = *line;
	return 0;
}

/**
 * lex_point_lines() - point every line at its tokens, once the token array stops moving
 * @src: the lexed file (a line's tokens follow the previous line's)
 */
static void lex_point_lines(struct scn_src *src)
{
	size_t i, k = 0;

	for (i = 0; i < src->n; i++) {
		src->lines[i].tok = src->toks ? src->toks + k : NULL;	/* no token in the file: NULL */
		k += src->lines[i].n;
	}
}

/**
 * scn_lex() - lex a whole buffer
 * @file: file name for messages
 * @buf:  text (need not be NUL-terminated; may contain any bytes)
 * @len:  length of @buf
 * @src:  out: lines (tokens point into @buf, which must outlive @src)
 * @diag: where lexical errors go
 *
 * Lines end at '\n'; a '\r' just before it is dropped.  Lexical errors
 * are reported and mark the line bad; lexing goes on with the next line.
 *
 * Return: 0, or -ENOMEM.
 */
int scn_lex(const char *file, const char *buf, size_t len,
	    struct scn_src *src, struct scn_diag *diag)
{
	struct lexer lx = { .file = file, .diag = diag, .src = src };
	size_t start = 0;
	unsigned no = 0;

	memset(src, 0, sizeof(*src));
	while (start < len) {
		const char *nl = memchr(buf + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - buf) : len;
		size_t l = end - start;
		struct scn_line line = { 0 };

		no++;
		if (l && buf[start + l - 1] == '\r')
			l--;
		if (lex_line(&lx, no, buf + start, l, &line) || lex_keep_line(&lx, &line))
			goto nomem;
		start = end + 1;
	}
	src->eof_line = no + 1;
	lex_point_lines(src);
	return 0;
nomem:
	scn_src_free(src);
	return -ENOMEM;
}

/**
 * scn_src_free() - release lexed lines
 * @src: the source (may be NULL)
 */
void scn_src_free(struct scn_src *src)
{
	if (!src)
		return;
	free(src->toks);
	free(src->lines);
	memset(src, 0, sizeof(*src));
}
