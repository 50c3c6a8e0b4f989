/* test_report_html.c - the HTML report of a run and the comparison page, from fabricated results */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/html.h"
#include "report/report.h"
#include "testlib.h"

static const char scn_text[] =
	"scenario html-test\n"
	"  description \"a <fake> run & friends\"\n"
	"dhcp builtin\n"
	"  pool 10.0.2.100 - 10.0.2.199\n"
	"  otherwise next-server 10.0.2.2 file \"snponly.efi\"\n"
	"tftp builtin root fixtures/tftp\n"
	"client pc1 firmware uefi nic virtio-net pxe native\n"
	"stage 1 \"firmware DHCP\"\n"
	"  expect dhcp ack to pc1\n"
	"  within 10s\n"
	"stage 2 \"iPXE runs\"\n"
	"  expect console \"iPXE\"\n"
	"  within 10s\n"
	"stage 3 \"boot\"\n"
	"  expect console \"PXELAB-BOOT-OK\"\n"
	"  within 10s\n";

/**
 * struct fake - a parsed scenario and a result made up for it
 */
struct fake {
	struct scn_list list;
	struct pxl_run_result res;
};

/** seen() - fill one kept observation */
static void seen(struct pxl_seen *e, double t, int stage, enum pxl_seen_kind kind, const char *label,
		 const char *text)
{
	e->t = (uint64_t)(t * 1e9);
	e->stage = stage;
	e->kind = kind;
	snprintf(e->label, sizeof(e->label), "%s", label);
	e->text = strdup(text);
}

/**
 * fake_run() - stage 1 passed, stage 2 failed, stage 3 skipped; or every stage passed
 * @f: out
 * @pass: make every stage pass
 */
static void fake_run(struct fake *f, int pass)
{
	struct scn_diag d;
	struct pxl_client_result *c;

	memset(f, 0, sizeof(*f));
	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_buffer("html-test.scn", scn_text, strlen(scn_text), NULL, &f->list, &d), 0);
	scn_diag_free(&d);
	f->res.sc = f->list.s[0];
	f->res.nclients = 1;
	f->res.passed = pass;
	f->res.duration = 4000000000ULL;
	snprintf(f->res.rundir, sizeof(f->res.rundir), "/tmp");
	snprintf(f->res.run_id, sizeof(f->res.run_id), "20260101-000000-1");
	c = f->res.clients = calloc(1, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "pc1");
	snprintf(c->qemu_status, sizeof(c->qemu_status), "stopped by pxelab");
	c->passed = pass;
	c->stages = calloc(3, sizeof(*c->stages));
	c->stages[0] = (struct pxl_stage_result){ .state = PXL_STAGE_PASS, .start = 0, .end = 2000000000ULL };
	c->stages[1] = (struct pxl_stage_result){ .state = pass ? PXL_STAGE_PASS : PXL_STAGE_FAIL,
						  .start = 2000000000ULL, .end = 3500000000ULL };
	c->stages[2].state = pass ? PXL_STAGE_PASS : PXL_STAGE_SKIPPED;
	c->stages[2].start = c->stages[2].end = 3500000000ULL;
	if (!pass)
		c->stages[1].message = strdup("stage 2 \"iPXE runs\" not met (within 10 s): <nothing>");
	c->events = calloc(4, sizeof(*c->events));
	seen(&c->events[0], 0.5, 0, PXL_SEEN_WIRE, "DISCOVER", "dhcp discover mac=52:54:00:12:34:56 xid=0x1 arch=7");
	seen(&c->events[1], 1.9, 0, PXL_SEEN_WIRE, "ACK", "dhcp ack mac=52:54:00:12:34:56 file=snponly.efi");
	seen(&c->events[2], 2.5, 1, PXL_SEEN_CONSOLE, "", "console <b>bold</b> & more");
	seen(&c->events[3], 3.0, 1, PXL_SEEN_CONSOLE, pass ? "iPXE" : "", "iPXE initialising devices");
	c->nevents = 4;
	/* one transfer, as engine/collect.c names its figures (a file name that needs escaping) */
	c->metrics[0] = (struct pxl_metric){ strdup("tftp.a<b>.efi.bytes"), 1048576, "bytes" };
	c->metrics[1] = (struct pxl_metric){ strdup("tftp.a<b>.efi.duration-ms"), 512.25, "ms" };
	c->metrics[2] = (struct pxl_metric){ strdup("tftp.a<b>.efi.throughput"), 2047000, "B/s" };
	c->metrics[3] = (struct pxl_metric){ strdup("iscsi.login-ms"), 3, "ms" };
	c->nmetrics = 4;
}

/** fake_free() - free a fake run */
static void fake_free(struct fake *f)
{
	pxl_run_result_free(&f->res);
	scn_list_free(&f->list);
}

/** slurp() - Return: a file's text (malloc'ed) */
static char *slurp(const char *path)
{
	FILE *in = fopen(path, "r");
	char *buf = calloc(1, 1 << 20);

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(buf);
	/* a page never fills 1 MiB: a full read means the test would see a truncated page */
	ck_assert_uint_lt(fread(buf, 1, (1 << 20) - 1, in), (1 << 20) - 1);
	fclose(in);
	return buf;
}

START_TEST(run_page_sections)
{
	char path[] = "/tmp/pxl-html-XXXXXX";
	struct fake f;
	char *html;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	fake_run(&f, 0);
	ck_assert_int_eq(pxl_report_html(&f.res, path), 0);
	html = slurp(path);
	ck_assert_ptr_nonnull(strstr(html, "<div id=\"pxelab-report\" data-kind=\"run\" data-verdict=\"fail\""));
	ck_assert_ptr_nonnull(strstr(html, "data-scenario=\"html-test\" data-clients=\"1\" data-stages=\"3\""));
	ck_assert_ptr_nonnull(strstr(html, "<rect class=\"bar v-pass\""));
	ck_assert_ptr_nonnull(strstr(html, "<rect class=\"bar v-fail\""));
	ck_assert_ptr_nonnull(strstr(html, "not run: an earlier stage failed"));
	ck_assert_ptr_nonnull(strstr(html, ">DISCOVER</text>"));
	ck_assert_ptr_nonnull(strstr(html, ">ACK</text>"));
	/* every text is escaped: the console line, the description, the diagnosis */
	ck_assert_ptr_nonnull(strstr(html, "console &lt;b&gt;bold&lt;/b&gt; &amp; more"));
	ck_assert_ptr_null(strstr(html, "<b>bold"));
	ck_assert_ptr_nonnull(strstr(html, "a &lt;fake&gt; run &amp; friends"));
	ck_assert_ptr_nonnull(strstr(html, "(within 10 s): &lt;nothing&gt;"));
	/* console with the boundary of stage 2 before its first line */
	ck_assert_ptr_nonnull(strstr(html, "stage 2 \"iPXE runs\" starts"));
	ck_assert(strstr(html, "stage 2 \"iPXE runs\" starts") < strstr(html, "console &lt;b&gt;"));
	/* per-file TFTP figures (issue 13) */
	ck_assert_ptr_nonnull(strstr(html, "<h3>TFTP transfers</h3>"));
	ck_assert_ptr_nonnull(strstr(html, "<tr><td>a&lt;b&gt;.efi</td><td>1048576</td><td>512.250</td>"
					   "<td>2047000 B/s (2.05 MB/s)</td></tr>"));
	/* self-contained */
	ck_assert_ptr_null(strstr(html, "<script"));
	ck_assert_ptr_null(strstr(html, "http://"));
	ck_assert_ptr_null(strstr(html, "https://"));
	free(html);
	fake_free(&f);
	unlink(path);
}
END_TEST

START_TEST(compare_page_side_by_side)
{
	char path[] = "/tmp/pxl-cmp-XXXXXX";
	struct fake a, b;
	const struct pxl_run_result *runs[2];
	const char *labels[2] = { "builtin", "dnsmasq" };
	const char *findings[1] = { "dnsmasq: stage 2 failed <here>" };
	struct pxl_html_compare cmp = { .title = "html-test: DHCP servers", .runs = runs, .labels = labels, .n = 2,
					.findings = findings, .nfindings = 1 };
	char *html;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	fake_run(&a, 1);
	fake_run(&b, 0);
	runs[0] = &a.res;
	runs[1] = &b.res;
	ck_assert_int_eq(pxl_report_html_compare(&cmp, path), 0);
	html = slurp(path);
	ck_assert_ptr_nonnull(strstr(html, "data-kind=\"compare\" data-verdict=\"fail\" data-runs=\"2\""));
	ck_assert_ptr_nonnull(strstr(html, ">builtin <span class=\"badge b-pass\">"));
	ck_assert_ptr_nonnull(strstr(html, ">dnsmasq <span class=\"badge b-fail\">"));
	ck_assert_ptr_nonnull(strstr(html, "<li>dnsmasq: stage 2 failed &lt;here&gt;</li>"));
	/* two timelines */
	ck_assert_ptr_nonnull(strstr(strstr(html, "<svg class=\"timeline\"") + 1, "<svg class=\"timeline\""));
	free(html);
	cmp.n = 0;
	ck_assert_int_eq(pxl_report_html_compare(&cmp, path), -EINVAL);
	cmp.n = 2;
	ck_assert_int_lt(pxl_report_html_compare(&cmp, "/nonexistent-dir/x.html"), 0);
	ck_assert_int_lt(pxl_report_html(&a.res, "/nonexistent-dir/index.html"), 0);
	fake_free(&a);
	fake_free(&b);
	unlink(path);
}
END_TEST

/**
 * at_once() - three clients of one run: the first passes at 4 s, the second
 * fails stage 2 at 6 s, the third passes at 5 s
 * @f: a fake_run() whose client list is replaced
 */
static void at_once(struct fake *f)
{
	static const uint64_t ends[3][3] = { { 1, 3, 4 }, { 2, 6, 0 }, { 1, 2, 5 } };
	size_t i, s;

	pxl_run_result_free(&f->res);
	f->res.sc = f->list.s[0];
	f->res.nclients = 3;
	f->res.cpu_children = 30;
	f->res.clients = calloc(3, sizeof(*f->res.clients));
	for (i = 0; i < 3; i++) {
		struct pxl_client_result *c = &f->res.clients[i];

		snprintf(c->name, sizeof(c->name), "pc%zu", i + 1);
		c->stages = calloc(3, sizeof(*c->stages));
		for (s = 0; s < 3; s++) {
			c->stages[s].state = !ends[i][s] ? PXL_STAGE_SKIPPED : i == 1 && s == 1 ? PXL_STAGE_FAIL
												  : PXL_STAGE_PASS;
			c->stages[s].start = s ? c->stages[s - 1].end : 0;
			c->stages[s].end = ends[i][s] ? ends[i][s] * 1000000000ULL : c->stages[s].start;
		}
	}
}

START_TEST(clients_at_once_in_metrics_and_summary)
{
	char path[] = "/tmp/pxl-test-metrics-XXXXXX", *json, *text = NULL;
	struct fake f;
	double w[3];
	size_t len = 0;
	FILE *mem;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	fake_run(&f, 1);
	ck_assert_int_eq(pxl_report_metrics(&f.res, path), 0);
	json = slurp(path);
	ck_assert_ptr_null(strstr(json, "clients_at_once"));	/* one client: nothing to compare */
	free(json);
	at_once(&f);
	ck_assert_uint_eq(pxl_report_walks(&f.res, w), 3);
	ck_assert(w[0] == 4.0 && w[1] == 5.0 && w[2] == 6.0);
	ck_assert_int_eq(pxl_report_metrics(&f.res, path), 0);
	json = slurp(path);
	ck_assert_ptr_nonnull(strstr(json, "\"clients_at_once\": {\"clients\": 3, \"walk_min_s\": 4.000, "
					   "\"walk_median_s\": 5.000, \"walk_max_s\": 6.000, \"qemu_cpu_per_client_s\": 10.00,"));
	ck_assert_ptr_nonnull(strstr(json, "\"walk_s\": {\"pc1\": 4.000, \"pc2\": 6.000, \"pc3\": 5.000}"));
	free(json);
	mem = open_memstream(&text, &len);
	pxl_report_summary(&f.res, mem);
	fclose(mem);
	ck_assert_ptr_nonnull(strstr(text, "3 clients at once: each took 4.0 / 5.0 / 6.0 s (min / median / max), "
					   "QEMU 10.0 s CPU each"));
	free(text);
	fake_free(&f);
	unlink(path);
}
END_TEST

/** report_html_suite() - the suite */
static Suite *report_html_suite(void)
{
	Suite *s = suite_create("report_html");
	TCase *tc = tcase_create("pages");

	tcase_add_test(tc, run_page_sections);
	tcase_add_test(tc, compare_page_side_by_side);
	tcase_add_test(tc, clients_at_once_in_metrics_and_summary);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(report_html_suite)
