/* test_peers_report.c - the comparison's table, compare.md and junit.xml from made-up runs */
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compare/compare.h"
#include "lang/scenario.h"
#include "testlib.h"

static const char scn[] =
	"scenario t\n"
	"dhcp builtin\n"
	"  pool 10.0.2.100 - 10.0.2.199\n"
	"  when user-class \"iPXE\" root-path \"iscsi:10.0.2.4::::iqn.x:y\" name ipxe-sanboot\n"
	"  otherwise file \"snponly.efi\" name firmware-nbp\n"
	"client pc1\n"
	"stage 1 \"one\"\n  expect console \"a\"\n"
	"stage 2 \"two\"\n  expect console \"b\"\n";

static const uint8_t pc1[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/**
 * make_run() - a run: both stages passed (boot at @boot s) or stage 2 failed
 * @r: out
 * @pass: passed
 * @boot: seconds to the boot marker
 */
static void make_run(struct pxl_cmp_run *r, int pass, double boot)
{
	char err[256];

	memset(r, 0, sizeof(*r));
	r->nstages = 2;
	r->state[0] = PXL_STAGE_PASS;
	r->state[1] = pass ? PXL_STAGE_PASS : PXL_STAGE_FAIL;
	r->stage_s[0] = r->stage_s[1] = 1.5;
	r->code = pass ? 0 : 1;
	r->boot_s = pass ? boot : -1;
	if (!pass) {
		r->fail_stage = 2;
		snprintf(r->fail_msg, sizeof(r->fail_msg), "stage 2 \"two\" not met <&> \"quoted\"\nsecond line");
	}
	ck_assert_int_eq(pxl_cmp_wire_read("fixtures/captures/uefi-native-pxe-dnsmasq-tgt.pcap", pc1, &r->wire,
					   err, sizeof(err)), 0);
	snprintf(r->rundir, sizeof(r->rundir), "reports/x");
}

/**
 * make_compare() - three servers: one passed twice, one cannot express, one not installed
 * @c: out
 * @list: parsed scenario (caller frees)
 */
static void make_compare(struct pxl_compare *c, struct scn_list *list)
{
	struct scn_diag d;

	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_buffer("t.scn", scn, strlen(scn), NULL, list, &d), 0);
	scn_diag_free(&d);
	memset(c, 0, sizeof(*c));
	c->sc = list->s[0];
	snprintf(c->id, sizeof(c->id), "test");
	c->tftp = "the scenario's";
	c->iscsi = "tgt";
	snprintf(c->srv[0].name, sizeof(c->srv[0].name), "dnsmasq");
	make_run(&c->srv[0].runs[0], 1, 11.5);
	make_run(&c->srv[0].runs[1], 1, 12.25);
	c->srv[0].nruns = 2;
	snprintf(c->srv[1].name, sizeof(c->srv[1].name), "udhcpd");
	snprintf(c->srv[1].cannot, sizeof(c->srv[1].cannot),
		 "cannot express: rule ipxe-sanboot (when user-class \"iPXE\"): udhcpd has no conditional answers\n");
	make_run(&c->srv[1].runs[0], 0, 0);
	c->srv[1].nruns = 1;
	snprintf(c->srv[2].name, sizeof(c->srv[2].name), "kea");
	snprintf(c->srv[2].skipped, sizeof(c->srv[2].skipped), "kea is not installed");
	c->nsrv = 3;
}

START_TEST(test_table)
{
	struct scn_list l = { 0 };
	struct pxl_compare *c = calloc(1, sizeof(*c));
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	make_compare(c, &l);
	pxl_cmp_table(c, f);
	fclose(f);
	ck_assert_msg(strstr(text, "dnsmasq      pass              ok   ok"), "%s", text);
	ck_assert_msg(strstr(text, "11.50..12.25"), "boot spread: %s", text);
	ck_assert_msg(strstr(text, "udhcpd       cannot express    ok FAIL"), "%s", text);
	ck_assert_msg(strstr(text, "kea          not run            -    -             -"), "%s", text);
	/* both dnsmasq runs explain the same ProxyDHCP wait: said once, without a run list */
	ck_assert_msg(strstr(text, "    iPXE waited ~3.0 s for ProxyDHCP: the offer lacks option 60 PXEClient and iPXE "
			    "option 175.176 (no-pxedhcp)\n"), "%s", text);
	ck_assert_msg(strstr(strstr(text, "ProxyDHCP: the offer") + 1, "  udhcpd"), "said twice for dnsmasq: %s", text);
	ck_assert_msg(strstr(text, "run 1: failed at stage 2: stage 2 \"two\" not met"), "%s", text);
	ck_assert_msg(strstr(text, "kea: not run: kea is not installed"), "%s", text);
	free(text);
	scn_list_free(&l);
	free(c);
}
END_TEST

START_TEST(test_verdicts)
{
	struct scn_list l = { 0 };
	struct pxl_compare *c = calloc(1, sizeof(*c));
	char v[600];

	make_compare(c, &l);
	ck_assert_int_eq(pxl_cmp_verdict(&c->srv[0], v, sizeof(v)), 0);
	ck_assert_str_eq(v, "pass (2/2 runs)");
	ck_assert_int_eq(pxl_cmp_verdict(&c->srv[1], v, sizeof(v)), 0);
	ck_assert_str_eq(v, "cannot express: rule ipxe-sanboot (when user-class \"iPXE\"): udhcpd has no conditional "
			 "answers (runs: 0/1 passed)");
	ck_assert_int_eq(pxl_cmp_verdict(&c->srv[2], v, sizeof(v)), 1);
	c->srv[0].runs[1].code = 1;
	ck_assert_int_eq(pxl_cmp_verdict(&c->srv[0], v, sizeof(v)), 1);
	ck_assert_str_eq(v, "FAIL (1/2 runs passed)");
	c->srv[0].runs[1].code = 130;
	ck_assert_int_eq(pxl_cmp_verdict(&c->srv[0], v, sizeof(v)), 1);
	ck_assert_str_eq(v, "interrupted in run 2 (signal 2)");
	scn_list_free(&l);
	free(c);
}
END_TEST

START_TEST(test_markdown_and_junit)
{
	struct scn_list l = { 0 };
	struct pxl_compare *c = calloc(1, sizeof(*c));
	char md[] = "/tmp/pxl-test-md-XXXXXX", junit[] = "/tmp/pxl-test-junit-XXXXXX";
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaValidCtxtPtr vc;
	xmlSchemaPtr schema;
	xmlDocPtr doc;
	char *text = NULL;
	size_t len;
	FILE *f;

	make_compare(c, &l);
	close(mkstemp(md));
	close(mkstemp(junit));
	ck_assert_int_eq(pxl_cmp_markdown(c, md), 0);
	f = fopen(md, "r");
	text = malloc(65536);
	len = fread(text, 1, 65535, f);
	text[len] = '\0';
	fclose(f);
	ck_assert_msg(strstr(text, "| server | verdict | 1 one | 2 two |"), "%s", text);
	ck_assert_msg(strstr(text, "| dnsmasq | pass | ok | ok |"), "%s", text);
	ck_assert_msg(strstr(text, "11.50–12.25 |"), "%s", text);
	ck_assert_msg(strstr(text, "### udhcpd: cannot express"), "%s", text);
	ck_assert_msg(strstr(text, "- cannot express: rule ipxe-sanboot"), "%s", text);
	free(text);

	ck_assert_int_eq(pxl_cmp_junit(c, junit), 0);
	pc = xmlSchemaNewParserCtxt("fixtures/junit/junit.xsd");
	schema = xmlSchemaParse(pc);
	ck_assert_ptr_nonnull(schema);
	vc = xmlSchemaNewValidCtxt(schema);
	doc = xmlReadFile(junit, NULL, 0);
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(xmlSchemaValidateDoc(vc, doc), 0);
	xmlFreeDoc(doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	f = fopen(junit, "r");
	text = malloc(65536);
	len = fread(text, 1, 65535, f);
	text[len] = '\0';
	fclose(f);
	ck_assert_msg(strstr(text, "<testsuite name=\"compare.t.dnsmasq\" tests=\"4\" failures=\"0\""), "%s", text);
	ck_assert_msg(strstr(text, "<testsuite name=\"compare.t.udhcpd\" tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"1\""),
		      "%s", text);
	ck_assert_msg(strstr(text, "<skipped message=\"cannot express: rule ipxe-sanboot"), "%s", text);
	ck_assert_msg(strstr(text, "<error message=\"kea is not installed\""), "%s", text);
	free(text);
	unlink(md);
	unlink(junit);
	scn_list_free(&l);
	free(c);
}
END_TEST

/** report_suite() - the suite */
static Suite *report_suite(void)
{
	Suite *s = suite_create("peers_report");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_verdicts);
	tcase_add_test(tc, test_markdown_and_junit);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(report_suite)
