/* suggest.c - "did you mean" for misspelt keywords and names (edit distance) */
#include <ctype.h>
#include <string.h>

#include "lang/parse.h"

/** SUGGEST_MAXLEN - words longer than this get no suggestion */
#define SUGGEST_MAXLEN 40

/**
 * min3() - smallest of three numbers
 * @a: first
 * @b: second
 * @c: third
 *
 * Return: the minimum.
 */
static unsigned min3(unsigned a, unsigned b, unsigned c)
{
	unsigned m = a < b ? a : b;

	return m < c ? m : c;
}

/**
 * lower_copy() - a word in lower case
 * @dst: out: at least SUGGEST_MAXLEN + 1 bytes
 * @src: the word (at most SUGGEST_MAXLEN bytes)
 * @len: its length
 */
static void lower_copy(char *dst, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
}

/**
 * distance_within() - scn_edit_distance(), giving up once it must exceed @max
 * @a:   first word
 * @b:   second word
 * @max: the largest distance the caller can use
 *
 * A cell derives from its row, the row above (+0 or 1) and the one above
 * that (+1), so once two rows in a row are all above @max, so is the end.
 *
 * Return: the distance, or a number above @max (1000 for a word too long).
 */
static unsigned distance_within(const char *a, const char *b, unsigned max)
{
	unsigned d[SUGGEST_MAXLEN + 1][SUGGEST_MAXLEN + 1], row_min, prev_min = 0;
	size_t la = strlen(a), lb = strlen(b), i, j;
	char x[SUGGEST_MAXLEN + 1], y[SUGGEST_MAXLEN + 1];

	if (la > SUGGEST_MAXLEN || lb > SUGGEST_MAXLEN)
		return 1000;
	lower_copy(x, a, la);	/* once, not for every cell */
	lower_copy(y, b, lb);
	for (j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (i = 1; i <= la; i++) {
		row_min = d[i][0] = (unsigned)i;
		for (j = 1; j <= lb; j++) {
			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1,
				       d[i - 1][j - 1] + (x[i - 1] != y[j - 1]));
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] &&
			    x[i - 2] == y[j - 1] && d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
			row_min = d[i][j] < row_min ? d[i][j] : row_min;
		}
		if (row_min > max && prev_min > max)
			return max + 1;
		prev_min = row_min;
	}
	return d[la][lb];
}

/**
 * scn_edit_distance() - optimal string alignment distance, ignoring case
 * @a: first word
 * @b: second word
 *
 * Insertions, deletions, substitutions and transpositions of neighbours
 * each cost 1.
 *
 * Return: the distance, or UINT_MAX-ish (1000) if a word is too long.
 */
unsigned scn_edit_distance(const char *a, const char *b)
{
	return distance_within(a, b, 1000);
}

/**
 * scn_suggest_init() - start looking for the candidate nearest to a word
 * @s:    state
 * @word: the unknown word
 */
void scn_suggest_init(struct scn_suggest *s, const char *word)
{
	s->word = word;
	s->best = NULL;
	s->dist = 1000;
}

/**
 * scn_suggest_add() - consider one candidate
 * @s:    state
 * @cand: a valid keyword or name (NULL is ignored)
 *
 * A candidate counts if it is close for its length: at most 1 edit for
 * words up to 4 characters, 2 up to 8, 3 beyond.  Ties keep the first.
 */
void scn_suggest_add(struct scn_suggest *s, const char *cand)
{
	size_t len, wlen;
	unsigned d, limit;

	if (!cand || !*cand || !s->dist)
		return;	/* an empty word or a perfect match already: nothing nearer */
	len = strlen(cand);
	limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	wlen = strlen(s->word);
	if ((wlen > len ? wlen - len : len - wlen) > limit)
		return;   /* the distance is at least the difference in length */
	if (s->dist <= limit + 1)	/* only a nearer one counts */
		limit = s->dist - 1;
	if (len <= limit)		/* and one nearer than its own length */
		limit = (unsigned)len - 1;
	d = distance_within(s->word, cand, limit);
	if (d <= limit) {
		s->best = cand;
		s->dist = d;
	}
}

/**
 * scn_suggest_best() - the nearest candidate seen
 * @s: state
 *
 * Return: the candidate, or NULL if none was close enough.
 */
const char *scn_suggest_best(const struct scn_suggest *s)
{
	return s->best;
}
