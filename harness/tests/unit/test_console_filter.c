/* test_console_filter.c - console bytes to plain text: every escape sequence removed whole, text UIs readable */
#include <string.h>

#include "core/util.h"
#include "qemu/console_filter.h"
#include "testlib.h"

/**
 * struct filter_case - one row
 * @name: what it shows
 * @in:   raw console bytes
 * @want: the plain text
 */
struct filter_case {
	const char *name;
	const char *in;
	const char *want;
};

static const struct filter_case cases[] = {
	{ "plain text and newlines pass", "iPXE 1.0\nok\tdone\n", "iPXE 1.0\nok\tdone\n" },
	{ "carriage returns and NULs go", "a\r\n\0b", "a\nb" },
	{ "CSI colours and cursor moves go whole", "\x1b[0;1;37;44mtitle\x1b[2J\x1b[10;20Hx\x1b[?25l", "titlex" },
	/* the Debian installer sample of issue 13: "0lqqq...uB [!!] Select a language" before */
	{ "DEC line drawing (ESC ( 0 ... ESC ( B) reads as a box",
	  "\x1b(0lqqqqk\x1b(B\n\x1b(0x\x1b(B [!!] Select a language \x1b(0x\x1b(B\n\x1b(0mqqqqj\x1b(B",
	  "+----+\n| [!!] Select a language |\n+----+" },
	{ "SO/SI switch to a G1 line-drawing set and back", "\x1b)0\x0elqk\x0f lqk", "+-+ lqk" },
	{ "ESC ( B alone leaves ASCII as it is", "\x1b(Blqqk", "lqqk" },
	{ "OSC strings end at BEL or ESC \\", "\x1b]0;title\x07" "a\x1b]2;t\x1b\\b", "ab" },
	{ "other intermediates (ESC # 8, ESC % G) go whole", "\x1b#8a\x1b%Gb", "ab" },
	{ "two-byte sequences (ESC 7, ESC 8, ESC c) go", "\x1b" "7a\x1b" "8b\x1b" "c", "ab" },
	/* iPXE erases its dots: "line...\b \b\b \b" */
	{ "backspace erases the character before it", "Press Ctrl-B...\b \b\b \b\b \b", "Press Ctrl-B" },
	{ "backspace never erases a newline", "a\n\b\bb", "a\nb" },
};

/* each row in one chunk, then byte by byte: the state carries across chunks */
START_TEST(rows)
{
	const struct filter_case *c = &cases[_i];
	size_t n = strstr(c->name, "NUL") ? 6 : strlen(c->in), o, i;	/* "a\r\n\0b" holds a NUL */
	struct pxl_console_filter f = { 0 };
	char out[512], one[4];

	o = pxl_console_filter(&f, c->in, n, out);
	out[o] = '\0';
	ck_assert_msg(!strcmp(out, c->want), "%s: got \"%s\", want \"%s\"", c->name, out, c->want);
	if (strchr(c->in, '\b'))
		return;	/* a backspace erases only within its chunk */
	memset(&f, 0, sizeof(f));
	for (i = 0, o = 0; i < n; i++) {
		size_t k = pxl_console_filter(&f, c->in + i, 1, one);

		memcpy(out + o, one, k);
		o += k;
	}
	out[o] = '\0';
	ck_assert_msg(!strcmp(out, c->want), "%s, byte by byte: got \"%s\", want \"%s\"", c->name, out, c->want);
}
END_TEST

/** console_filter_suite() - Return: the suite, one test per row */
static Suite *console_filter_suite(void)
{
	Suite *s = suite_create("console_filter");
	TCase *tc = tcase_create("rows");

	tcase_add_loop_test(tc, rows, 0, (int)ARRAY_SIZE(cases));
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(console_filter_suite)
