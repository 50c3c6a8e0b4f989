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
	unsigned d[SUGGEST_MAXLEN + 1][SUGGEST_MAXLEN + 1];
	size_t la = strlen(a), lb = strlen(b), i, j;

	if (la > SUGGEST_MAXLEN || lb > SUGGEST_MAXLEN)
		return 1000;
	for (i = 0; i <= la; i++)
		d[i][0] = (unsigned)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			int ca = tolower((unsigned char)a[i - 1]);
			int cb = tolower((unsigned char)b[j - 1]);
			unsigned cost = ca != cb;

			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1,
				       d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 &&
			    ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb &&
			    d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	}
	return d[la][lb];
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

	if (!cand)
		return;
	len = strlen(cand);
	limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	wlen = strlen(s->word);
	if ((wlen > len ? wlen - len : len - wlen) > limit)
		return;   /* the distance is at least the difference in length */
	d = scn_edit_distance(s->word, cand);
	if (d <= limit && d < s->dist && d < len) {
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
