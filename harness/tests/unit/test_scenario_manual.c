/* test_scenario_manual.c - scn_reference_roff(): the page pxelab-scenario(5) is built from names every keyword */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/scenario.h"
#include "testlib.h"

/**
 * roff_of() - what scn_reference_roff() prints
 *
 * Return: malloc'ed text.
 */
static char *roff_of(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	scn_reference_roff(f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_ptr_nonnull(text);
	return text;
}

/**
 * roff_word() - a keyword as roff spells it: each '-' a minus (\-)
 * @kw:  keyword
 * @buf: out
 * @len: size of @buf
 */
static void roff_word(const char *kw, char *buf, size_t len)
{
	size_t o = 0;

	for (; *kw && o + 3 < len; kw++) {
		if (*kw == '-')
			buf[o++] = '\\';
		buf[o++] = *kw;
	}
	buf[o] = 0;
}

/**
 * has_word() - @word occurs in @text as a whole word (not inside another keyword)
 * @text: the page
 * @word: the word, roff-escaped
 *
 * Return: 1 if so.
 */
static int has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = strstr(text, word); p; p = strstr(p + 1, word)) {
		/* a font change (\fB, \fI, \fR) just before the word is a boundary */
		int font = p - text >= 3 && p[-3] == '\\' && p[-2] == 'f';
		int before = p > text && !font && (isalnum((unsigned char)p[-1]) || p[-1] == '-');
		int after = isalnum((unsigned char)p[n]) || (p[n] == '\\' && p[n + 1] == '-');

		if (!before && !after)
			return 1;
	}
	return 0;
}

START_TEST(test_every_keyword)
{
	const char *kw[512];
	size_t n = scn_keywords(kw, 512), i;
	char *text = roff_of(), word[160];

	ck_assert_uint_gt(n, 100);
	ck_assert_uint_lt(n, 512);
	for (i = 0; i < n; i++) {
		roff_word(kw[i], word, sizeof(word));
		ck_assert_msg(has_word(text, word), "pxelab-scenario(5) never names keyword '%s'", kw[i]);
	}
	free(text);
}
END_TEST

START_TEST(test_roff_is_safe)
{
	char *text = roff_of(), *line, *save = NULL;
	unsigned tp = 0;

	/* every line is a request the page uses, or text that cannot be read as one */
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '.') {
			ck_assert_msg(!strncmp(line, ".SH ", 4) || !strncmp(line, ".SS ", 4) ||
				      !strcmp(line, ".TP") || !strcmp(line, ".PP") || !strcmp(line, ".br"),
				      "unexpected request: %s", line);
			tp += !strcmp(line, ".TP");
			continue;
		}
		ck_assert_msg(line[0] != '\'' && line[0] != ' ', "line read as a request or indented: %s", line);
		ck_assert_msg(!strstr(line, "\\\\"), "unescaped backslash: %s", line);
	}
	/* one tagged paragraph per statement at least */
	ck_assert_uint_gt(tp, 25);
	free(text);
}
END_TEST

/**
 * manual_suite() - the suite
 *
 * Return: it.
 */
static Suite *manual_suite(void)
{
	Suite *s = suite_create("scenario_manual");
	TCase *tc = tcase_create("roff");

	tcase_add_test(tc, test_every_keyword);
	tcase_add_test(tc, test_roff_is_safe);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(manual_suite)
