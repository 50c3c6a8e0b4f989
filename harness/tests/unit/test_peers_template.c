/* test_peers_template.c - @NAME@ templates of external servers' configurations */
#include <errno.h>
#include <string.h>

#include "servers/template.h"
#include "testlib.h"

static const struct pxl_tvar vars[] = {
	{ "IFACE", "tap0" }, { "SERVER_IP", "10.0.2.5" }, { "EMPTY", "" },
};

/**
 * expand() - expand @text, asserting the return code
 * @text: template
 * @want_rc: expected return code
 * @out: out (caller frees)
 * @err: out: message
 */
static void expand(const char *text, int want_rc, struct pxl_buf *out, char err[256])
{
	err[0] = '\0';
	memset(out, 0, sizeof(*out));
	ck_assert_int_eq(pxl_template_expand(text, "t.conf", vars, 3, out, err, 256), want_rc);
}

START_TEST(test_replaces_placeholders)
{
	struct pxl_buf o;
	char err[256];

	expand("interface=@IFACE@\nlisten=@SERVER_IP@:67@EMPTY@\n", 0, &o, err);
	ck_assert_str_eq(pxl_buf_str(&o), "interface=tap0\nlisten=10.0.2.5:67\n");
	pxl_buf_free(&o);
}
END_TEST

START_TEST(test_literal_at_signs)
{
	struct pxl_buf o;
	char err[256];

	expand("# mail root@localhost, @@IFACE@@ is a placeholder; a@b@c and @lower@ stay\n", 0, &o, err);
	ck_assert_str_eq(pxl_buf_str(&o), "# mail root@localhost, @IFACE@ is a placeholder; a@b@c and @lower@ stay\n");
	pxl_buf_free(&o);
}
END_TEST

START_TEST(test_unknown_placeholder_names_the_line)
{
	struct pxl_buf o;
	char err[256];

	expand("port=0\n\ninterface=@IFACES@\n", -EINVAL, &o, err);
	ck_assert_msg(strstr(err, "t.conf:3: unknown placeholder @IFACES@"), "message: %s", err);
	pxl_buf_free(&o);
}
END_TEST

START_TEST(test_buf_grows)
{
	struct pxl_buf b = { 0 };
	int i;

	for (i = 0; i < 1000; i++)
		pxl_buf_printf(&b, "line %d %s\n", i, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	ck_assert_int_eq(pxl_buf_error(&b), 0);
	ck_assert(strstr(pxl_buf_str(&b), "line 999 x"));
	ck_assert_uint_eq(strlen(pxl_buf_str(&b)), b.len);
	pxl_buf_free(&b);
	ck_assert_str_eq(pxl_buf_str(&b), "");
}
END_TEST

/** template_suite() - the suite */
static Suite *template_suite(void)
{
	Suite *s = suite_create("peers_template");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_replaces_placeholders);
	tcase_add_test(tc, test_literal_at_signs);
	tcase_add_test(tc, test_unknown_placeholder_names_the_line);
	tcase_add_test(tc, test_buf_grows);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(template_suite)
