/* test_core_toolkit.c - unit tests of core's toolkit: ARRAY_SIZE, text buffer, growable arrays, addresses, XML text, hex digits, pxl_err */
#include "testlib.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "core/addr.h"
#include "core/strbuf.h"
#include "core/util.h"
#include "core/xmltext.h"

START_TEST(test_array_size)
{
	static const char *const names[] = { "a", "b", "c" };
	struct { int x[7]; } s;
	uint8_t bytes[5];

	ck_assert_uint_eq(ARRAY_SIZE(names), 3);
	ck_assert_uint_eq(ARRAY_SIZE(s.x), 7);
	ck_assert_uint_eq(ARRAY_SIZE(bytes), 5);
}
END_TEST

/* ---- struct pxl_buf, heap mode ---- */

START_TEST(test_buf_heap_grows)
{
	struct pxl_buf b = { 0 };
	char big[3000];
	int i;

	ck_assert_str_eq(pxl_buf_str(&b), "");
	ck_assert_ptr_null(b.s);
	pxl_buf_add(&b, "", 0);		/* allocates: the text is "" rather than NULL */
	ck_assert_ptr_nonnull(b.s);
	ck_assert_str_eq(b.s, "");
	for (i = 0; i < 500; i++)
		pxl_buf_printf(&b, "%d,", i % 10);
	ck_assert_uint_eq(b.len, 1000);
	ck_assert_uint_eq(strlen(pxl_buf_str(&b)), 1000);
	ck_assert(!strncmp(b.s, "0,1,2,3,4,5,6,7,8,9,0,", 22));
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	pxl_buf_printf(&b, "[%s]", big);	/* longer than all the room left: formatted again */
	ck_assert_uint_eq(b.len, 1000 + 2 + sizeof(big) - 1);
	ck_assert_int_eq(b.s[1000], '[');
	ck_assert_int_eq(b.s[b.len - 1], ']');
	ck_assert_int_eq(b.s[b.len], '\0');
	ck_assert_uint_ge(b.cap, b.len + 1);
	ck_assert_int_eq(pxl_buf_error(&b), 0);
	pxl_buf_free(&b);
	ck_assert_ptr_null(b.s);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(pxl_buf_str(&b), "");
}
END_TEST

START_TEST(test_buf_heap_bytes)
{
	struct pxl_buf b = { 0 };

	pxl_buf_add(&b, "a\0b", 3);	/* a NUL is kept as text: lang/expand.c separates words so */
	pxl_buf_add(&b, "cd", 1);
	ck_assert_uint_eq(b.len, 4);
	ck_assert(!memcmp(b.s, "a\0bc", 5));
	pxl_buf_free(&b);
}
END_TEST

/* ---- struct pxl_buf, bounded mode: the text "abcdef" in arrays of every size ---- */

/**
 * struct cut_case - one array size and what must be in it after "ab" "cd" "ef"
 * @size: array size
 * @text: the text kept
 * @err:  pxl_buf_error() afterwards
 */
struct cut_case {
	size_t size;
	const char *text;
	int err;
};

static const struct cut_case cut_cases[] = {
	{ 1, "", -ENOSPC },      { 2, "a", -ENOSPC },     { 3, "ab", -ENOSPC },
	{ 4, "abc", -ENOSPC },   { 5, "abcd", -ENOSPC },  { 6, "abcde", -ENOSPC },
	{ 7, "abcdef", 0 },      { 64, "abcdef", 0 },
};

START_TEST(test_buf_bounded_cut)
{
	const struct cut_case *c = &cut_cases[_i];
	char mem[80];
	struct pxl_buf b;

	memset(mem, '#', sizeof(mem));
	pxl_buf_init_fixed(&b, mem, c->size);
	pxl_buf_add(&b, "ab", 2);
	pxl_buf_printf(&b, "%s", "cd");
	pxl_buf_printf(&b, "%c%c", 'e', 'f');
	ck_assert_str_eq(pxl_buf_str(&b), c->text);
	ck_assert_uint_eq(b.len, 6);		/* the whole text, as snprintf() counts */
	ck_assert_int_eq(pxl_buf_error(&b), c->err);
	ck_assert_int_eq(mem[c->size], '#');	/* never a byte past the array */
	pxl_buf_free(&b);			/* the array is the caller's: nothing freed */
	ck_assert_int_eq(mem[0], c->text[0]);
}
END_TEST

START_TEST(test_buf_bounded_edges)
{
	char mem[4] = "###";
	struct pxl_buf b;

	pxl_buf_init_fixed(&b, NULL, 0);	/* no room at all: only counts */
	pxl_buf_printf(&b, "%d", 12345);
	ck_assert_uint_eq(b.len, 5);
	ck_assert_str_eq(pxl_buf_str(&b), "");
	ck_assert_int_eq(pxl_buf_error(&b), -ENOSPC);

	pxl_buf_init_fixed(&b, mem, sizeof(mem));
	ck_assert_str_eq(mem, "");		/* initialised empty */
	pxl_buf_printf(&b, "xyz");		/* exactly fits with its NUL */
	ck_assert_int_eq(pxl_buf_error(&b), 0);
	pxl_buf_add(&b, "", 0);
	ck_assert_int_eq(pxl_buf_error(&b), 0);
	pxl_buf_add(&b, "!", 1);		/* one more byte does not */
	ck_assert_str_eq(mem, "xyz");
	ck_assert_int_eq(pxl_buf_error(&b), -ENOSPC);
	pxl_buf_printf(&b, "more");		/* still counted, still cut */
	ck_assert_uint_eq(b.len, 8);
	ck_assert_str_eq(mem, "xyz");
}
END_TEST

/* ---- pxl_vec_grow() ---- */

START_TEST(test_vec_grow)
{
	struct item { uint64_t a, b; } *v = NULL;
	size_t cap = 0, i;
	struct item *before;

	ck_assert_int_eq(PXL_VEC_GROW(v, cap, 0), 0);	/* nothing needed: nothing allocated */
	ck_assert_ptr_null(v);
	ck_assert_int_eq(PXL_VEC_GROW(v, cap, 1), 0);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(cap, 8);
	before = v;
	ck_assert_int_eq(PXL_VEC_GROW(v, cap, 8), 0);	/* fits: untouched */
	ck_assert_ptr_eq(v, before);
	ck_assert_uint_eq(cap, 8);
	for (i = 0; i < 8; i++)
		v[i].a = i;
	ck_assert_int_eq(PXL_VEC_GROW(v, cap, 9), 0);	/* doubles */
	ck_assert_uint_eq(cap, 16);
	ck_assert_int_eq(PXL_VEC_GROW(v, cap, 100), 0);	/* doubles until it holds @need */
	ck_assert_uint_eq(cap, 128);
	for (i = 0; i < 8; i++)
		ck_assert_uint_eq(v[i].a, i);		/* contents kept */
	v[127].b = 1;
	free(v);
}
END_TEST

/**
 * struct vec_overflow - a request whose size in bytes does not fit in size_t
 * @cap:  capacity before
 * @need: elements wanted
 * @elem: element size
 */
struct vec_overflow {
	size_t cap;
	size_t need;
	size_t elem;
};

static const struct vec_overflow vec_overflows[] = {
	{ 0, SIZE_MAX, 1 },			/* doubling would pass SIZE_MAX */
	{ 8, SIZE_MAX / 2 + 2, 1 },
	{ 0, SIZE_MAX / 16 + 1, 16 },		/* elements fit, bytes do not */
	{ 8, 9, SIZE_MAX / 8 },
	{ 0, 1, 0 },				/* no element size */
};

START_TEST(test_vec_overflow)
{
	const struct vec_overflow *o = &vec_overflows[_i];
	char *p = malloc(8), *keep = p;
	size_t cap = o->cap;

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(pxl_vec_grow(&p, &cap, o->need, o->elem), -ENOMEM);
	ck_assert_ptr_eq(p, keep);			/* refused: nothing changed */
	ck_assert_uint_eq(cap, o->cap);
	free(p);
}
END_TEST

/* ---- IPv4 text: both old parsers (net's pxl_ip_parse, lang's scn_parse_ip) took exactly these ---- */

/**
 * struct ip_case - a text and what pxl_ip_parse() makes of it
 * @text: input
 * @rc:   0 or -EINVAL
 * @addr: the address when accepted
 */
struct ip_case {
	const char *text;
	int rc;
	uint32_t addr;
};

static const struct ip_case ip_cases[] = {
	{ "10.0.2.15", 0, 0x0a00020f },
	{ "0.0.0.0", 0, 0 },
	{ "255.255.255.255", 0, 0xffffffff },
	{ "192.168.1.1", 0, 0xc0a80101 },
	{ "010.000.002.015", 0, 0x0a00020f },	/* leading zeros: decimal, up to 3 digits */
	{ "1.2.3.004", 0, 0x01020304 },
	{ "", -EINVAL, 0 },
	{ "1.2.3", -EINVAL, 0 },
	{ "1.2.3.4.5", -EINVAL, 0 },
	{ "1.2.3.4.", -EINVAL, 0 },
	{ ".1.2.3.4", -EINVAL, 0 },
	{ "1..2.3", -EINVAL, 0 },
	{ "256.0.0.1", -EINVAL, 0 },
	{ "1.2.3.256", -EINVAL, 0 },
	{ "1.2.3.999", -EINVAL, 0 },
	{ "1.2.3.0004", -EINVAL, 0 },		/* four digits, even as zeros */
	{ "1.2.3.4 ", -EINVAL, 0 },
	{ " 1.2.3.4", -EINVAL, 0 },
	{ "1.2.3.4\n", -EINVAL, 0 },
	{ "-1.2.3.4", -EINVAL, 0 },
	{ "+1.2.3.4", -EINVAL, 0 },
	{ "1.2.3.-4", -EINVAL, 0 },
	{ "0x1.2.3.4", -EINVAL, 0 },
	{ "a.b.c.d", -EINVAL, 0 },
	{ "1,2,3,4", -EINVAL, 0 },
	{ "167772687", -EINVAL, 0 },		/* one number: inet_aton() would take it */
	{ "10.1", -EINVAL, 0 },
};

START_TEST(test_ip_parse)
{
	const struct ip_case *c = &ip_cases[_i];
	uint32_t a = 0xdeadbeef;

	ck_assert_msg(pxl_ip_parse(c->text, &a) == c->rc, "\"%s\": expected %d", c->text, c->rc);
	ck_assert_uint_eq(a, c->rc ? 0xdeadbeef : c->addr);	/* untouched when refused */
}
END_TEST

START_TEST(test_ip_format)
{
	static const uint32_t addrs[] = { 0, 1, 0x0a00020f, 0x7f000001, 0xc0a80101, 0xffffffff, 0x01020304 };
	char buf[PXL_IP_STR];
	uint32_t back;
	size_t i;

	ck_assert_str_eq(pxl_ip_str(0x0a00020f, buf), "10.0.2.15");
	ck_assert_str_eq(pxl_ip_str(0xffffffff, buf), "255.255.255.255");
	ck_assert_ptr_eq(pxl_ip_str(0, buf), buf);
	ck_assert_str_eq(buf, "0.0.0.0");
	for (i = 0; i < ARRAY_SIZE(addrs); i++) {
		ck_assert_int_eq(pxl_ip_parse(pxl_ip_str(addrs[i], buf), &back), 0);
		ck_assert_uint_eq(back, addrs[i]);
	}
	ck_assert_int_eq(pxl_ip_parse(NULL, &back), -EINVAL);
	ck_assert_int_eq(pxl_ip_parse("1.2.3.4", NULL), -EINVAL);
}
END_TEST

/* ---- MAC text ---- */

/**
 * struct mac_case - a text and what pxl_mac_parse() makes of it
 * @text:  input
 * @rc:    0 or -EINVAL
 * @canon: pxl_mac_str() of the result when accepted
 */
struct mac_case {
	const char *text;
	int rc;
	const char *canon;
};

static const struct mac_case mac_cases[] = {
	{ "52:54:00:12:34:56", 0, "52:54:00:12:34:56" },
	{ "52-54-00-12-34-56", 0, "52:54:00:12:34:56" },
	{ "FF:ff:00:AB:cd:EF", 0, "ff:ff:00:ab:cd:ef" },
	{ "01:00:5e:00:00:01", 0, "01:00:5e:00:00:01" },	/* multicast: the caller decides */
	{ "00:00:00:00:00:00", 0, "00:00:00:00:00:00" },
	{ "", -EINVAL, NULL },
	{ "52:54:00:12:34", -EINVAL, NULL },
	{ "52:54:00:12:34:", -EINVAL, NULL },
	{ "52:54:00:12:34:56:78", -EINVAL, NULL },
	{ "52:54:00:12:34:5g", -EINVAL, NULL },
	{ "52:54:00:12:34:5", -EINVAL, NULL },		/* one digit per byte: no */
	{ "525:4:00:12:34:56", -EINVAL, NULL },
	{ "52:54-00:12:34:56", -EINVAL, NULL },		/* one separator throughout */
	{ "52-54:00:12:34:56", -EINVAL, NULL },
	{ "52::54:00:12:34:56", -EINVAL, NULL },
	{ "525400123456", -EINVAL, NULL },
	{ "5254.0012.3456", -EINVAL, NULL },
	{ "52:54:00:12:34:56 ", -EINVAL, NULL },
	{ " 52:54:00:12:34:56", -EINVAL, NULL },
};

START_TEST(test_mac_parse)
{
	const struct mac_case *c = &mac_cases[_i];
	uint8_t mac[PXL_MAC_LEN] = { 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa };
	char buf[PXL_MAC_STR];

	ck_assert_msg(pxl_mac_parse(c->text, mac) == c->rc, "\"%s\": expected %d", c->text, c->rc);
	ck_assert_str_eq(pxl_mac_str(mac, buf), c->rc ? "aa:aa:aa:aa:aa:aa" : c->canon);
}
END_TEST

START_TEST(test_mac_format)
{
	static const uint8_t mac[PXL_MAC_LEN] = { 0x52, 0x54, 0x00, 0x0a, 0xbc, 0xff };
	uint8_t back[PXL_MAC_LEN];
	char buf[PXL_MAC_STR];

	ck_assert_ptr_eq(pxl_mac_str(mac, buf), buf);
	ck_assert_str_eq(buf, "52:54:00:0a:bc:ff");
	ck_assert_int_eq(pxl_mac_parse(buf, back), 0);
	ck_assert(!memcmp(back, mac, sizeof(mac)));
	ck_assert_int_eq(pxl_mac_parse(NULL, back), -EINVAL);
}
END_TEST

/* ---- XML text ---- */

/**
 * struct xml_case - a text and its XML-safe form
 * @in:  input
 * @out: after pxl_xml_clean()
 */
struct xml_case {
	const char *in;
	const char *out;
};

static const struct xml_case xml_cases[] = {
	{ "plain text: ok", "plain text: ok" },
	{ "", "" },
	{ "tab\there\nline", "tab\there\nline" },		/* tab and line feed stay */
	{ "crlf\r\n", "crlf?\n" },				/* carriage return does not */
	{ "\x01\x02\x1b[0m\x1f", "???[0m?" },			/* controls, an ANSI escape */
	{ "\x7f", "\x7f" },					/* DEL is legal XML */
	{ "<a & b>", "<a & b>" },				/* escaping is the writer's job */
	{ "caf\xc3\xa9", "caf??" },				/* every byte from 0x80 ... */
	{ "\xff\xfe bad \xc3", "?? bad ?" },			/* ... so invalid UTF-8 too */
};

START_TEST(test_xml_clean)
{
	const struct xml_case *c = &xml_cases[_i];
	char buf[64];

	snprintf(buf, sizeof(buf), "%s", c->in);
	ck_assert_ptr_eq(pxl_xml_clean(buf), buf);
	ck_assert_str_eq(buf, c->out);
	ck_assert_ptr_null(pxl_xml_clean(NULL));
}
END_TEST

START_TEST(test_hex_digit)
{
	static const char digits[] = "0123456789abcdefABCDEF";
	int c, seen = 0;

	for (c = 0; digits[c]; c++)
		ck_assert_int_eq(pxl_hex_digit(digits[c]), c < 16 ? c : c - 6);
	for (c = -128; c < 256; c++)
		seen += pxl_hex_digit(c) >= 0;
	ck_assert_int_eq(seen, 22);	/* nothing else: not 'g', '/', ':', '@', '`' nor bytes from 0x80 */
}
END_TEST

/* ---- pxl_err() ---- */

START_TEST(test_err)
{
	char err[32] = "untouched";

	ck_assert_int_eq(pxl_err(err, sizeof(err), "cannot read %s: %d", "x", 5), -1);
	ck_assert_str_eq(err, "cannot read x: 5");
	ck_assert_int_eq(pxl_err(err, 8, "%s", "a long message"), -1);
	ck_assert_str_eq(err, "a long ");			/* cut, NUL-terminated */
	ck_assert_int_eq(pxl_err(NULL, 0, "nowhere %d", 1), -1);
	ck_assert_int_eq(pxl_err(err, 0, "nothing %d", 2), -1);
	ck_assert_str_eq(err, "a long ");			/* size 0: not written */
}
END_TEST

/** toolkit_suite() - the suite */
static Suite *toolkit_suite(void)
{
	Suite *s = suite_create("core_toolkit");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_array_size);
	tcase_add_test(tc, test_buf_heap_grows);
	tcase_add_test(tc, test_buf_heap_bytes);
	tcase_add_loop_test(tc, test_buf_bounded_cut, 0, ARRAY_SIZE(cut_cases));
	tcase_add_test(tc, test_buf_bounded_edges);
	tcase_add_test(tc, test_vec_grow);
	tcase_add_loop_test(tc, test_vec_overflow, 0, ARRAY_SIZE(vec_overflows));
	tcase_add_loop_test(tc, test_ip_parse, 0, ARRAY_SIZE(ip_cases));
	tcase_add_test(tc, test_ip_format);
	tcase_add_loop_test(tc, test_mac_parse, 0, ARRAY_SIZE(mac_cases));
	tcase_add_test(tc, test_mac_format);
	tcase_add_loop_test(tc, test_xml_clean, 0, ARRAY_SIZE(xml_cases));
	tcase_add_test(tc, test_hex_digit);
	tcase_add_test(tc, test_err);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(toolkit_suite)
