/* compare_junit.c - the comparison as JUnit XML: one testsuite per server, one testcase per run and stage
 *
 * A stage that failed is a <failure>, except for a server that cannot
 * express the scenario's policy: there it is <skipped> with the reason
 * ("cannot express: ...") and the diagnosis, so it never silently passes
 * or fails.  A server that could not run at all has one <error> testcase.
 * Valid against fixtures/junit/junit.xsd.
 */
#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>

#include "compare/compare.h"
#include "core/xmltext.h"

/**
 * clean_text() - XML-safe copy, cut to @len: see pxl_xml_clean()
 * @s: text
 * @buf: out
 * @len: its size
 *
 * Return: @buf.
 */
static const char *clean_text(const char *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s", s ? s : "");
	return pxl_xml_clean(buf);
}

/**
 * add_problem() - <failure>/<skipped>/<error> with a message and text
 * @tc: testcase
 * @kind: element name
 * @msg: message (first line used as the attribute)
 * @text: body, or NULL
 */
static void add_problem(xmlNodePtr tc, const char *kind, const char *msg, const char *text)
{
	char first[512], body[4096];
	xmlNodePtr n;

	snprintf(first, sizeof(first), "%.*s", (int)strcspn(msg, "\n"), msg);
	n = xmlNewChild(tc, NULL, BAD_CAST kind, text ? BAD_CAST "" : NULL);
	xmlNewProp(n, BAD_CAST "message", BAD_CAST clean_text(first, body, sizeof(body)));
	if (text)
		xmlNodeAddContent(n, BAD_CAST clean_text(text, body, sizeof(body)));
}

/**
 * add_stage_case() - one testcase: run R, stage K
 * @suite: testsuite
 * @c: comparison
 * @s: server
 * @r: run index
 * @k: stage index
 * @counts: failures, skipped (incremented)
 */
static void add_stage_case(xmlNodePtr suite, const struct pxl_compare *c, const struct pxl_cmp_server *s,
			   size_t r, size_t k, unsigned counts[2])
{
	const struct pxl_cmp_run *run = &s->runs[r];
	char name[256], cls[160], t[32], why[2600];
	xmlNodePtr tc = xmlNewChild(suite, NULL, BAD_CAST "testcase", NULL);

	snprintf(name, sizeof(name), "run %zu: stage %zu %s", r + 1, k + 1, c->sc->stages[k].name);
	snprintf(cls, sizeof(cls), "%s.%s", c->sc->name, s->name);
	snprintf(t, sizeof(t), "%.3f", run->stage_s[k] > 0 ? run->stage_s[k] : 0);
	xmlNewProp(tc, BAD_CAST "name", BAD_CAST name);
	xmlNewProp(tc, BAD_CAST "classname", BAD_CAST cls);
	xmlNewProp(tc, BAD_CAST "time", BAD_CAST t);
	if (run->state[k] == PXL_STAGE_PASS)
		return;
	if (run->state[k] == PXL_STAGE_FAIL && s->cannot[0]) {
		snprintf(why, sizeof(why), "%s\nthe run: %s", s->cannot, run->fail_msg);
		add_problem(tc, "skipped", s->cannot, why);
		counts[1]++;
	} else if (run->state[k] == PXL_STAGE_FAIL) {
		add_problem(tc, "failure", run->fail_msg, run->fail_msg);
		counts[0]++;
	} else {
		add_problem(tc, "skipped", run->error[0] ? run->error : "not reached: an earlier stage failed", NULL);
		counts[1]++;
	}
}

/**
 * add_suite() - one server's testsuite
 * @root: <testsuites>
 * @c: comparison
 * @s: server
 * @totals: tests, failures, errors (incremented)
 */
static void add_suite(xmlNodePtr root, const struct pxl_compare *c, const struct pxl_cmp_server *s, unsigned totals[3])
{
	xmlNodePtr suite = xmlNewChild(root, NULL, BAD_CAST "testsuite", NULL);
	xmlNodePtr props = xmlNewChild(suite, NULL, BAD_CAST "properties", NULL);
	xmlNodePtr p = xmlNewChild(props, NULL, BAD_CAST "property", NULL);
	unsigned counts[2] = { 0, 0 }, tests = 0, errors = 0;
	char name[128], v[600], buf[700];
	size_t r, k;

	pxl_cmp_verdict(s, v, sizeof(v));
	xmlNewProp(p, BAD_CAST "name", BAD_CAST "verdict");
	xmlNewProp(p, BAD_CAST "value", BAD_CAST clean_text(v, buf, sizeof(buf)));
	for (r = 0; r < s->nruns; r++)
		for (k = 0; k < s->runs[r].nstages; k++, tests++)
			add_stage_case(suite, c, s, r, k, counts);
	if (s->skipped[0] || !s->nruns) {
		xmlNodePtr tc = xmlNewChild(suite, NULL, BAD_CAST "testcase", NULL);

		xmlNewProp(tc, BAD_CAST "name", BAD_CAST "run");
		add_problem(tc, "error", s->skipped[0] ? s->skipped : "no run", NULL);
		tests++;
		errors++;
	}
	snprintf(name, sizeof(name), "compare.%s.%s", c->sc->name, s->name);
	xmlNewProp(suite, BAD_CAST "name", BAD_CAST name);
	snprintf(buf, sizeof(buf), "%u", tests);
	xmlNewProp(suite, BAD_CAST "tests", BAD_CAST buf);
	snprintf(buf, sizeof(buf), "%u", counts[0]);
	xmlNewProp(suite, BAD_CAST "failures", BAD_CAST buf);
	snprintf(buf, sizeof(buf), "%u", errors);
	xmlNewProp(suite, BAD_CAST "errors", BAD_CAST buf);
	snprintf(buf, sizeof(buf), "%u", counts[1]);
	xmlNewProp(suite, BAD_CAST "skipped", BAD_CAST buf);
	totals[0] += tests;
	totals[1] += counts[0];
	totals[2] += errors;
}

/**
 * pxl_cmp_junit() - write the comparison's junit.xml
 * @c: comparison
 * @path: file
 *
 * Return: 0 or -1.
 */
int pxl_cmp_junit(const struct pxl_compare *c, const char *path)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "testsuites");
	unsigned totals[3] = { 0, 0, 0 };
	char buf[64];
	size_t s;
	int rc;

	xmlDocSetRootElement(doc, root);
	snprintf(buf, sizeof(buf), "compare-%s", c->id);
	xmlNewProp(root, BAD_CAST "name", BAD_CAST buf);
	for (s = 0; s < c->nsrv; s++)
		add_suite(root, c, &c->srv[s], totals);
	snprintf(buf, sizeof(buf), "%u", totals[0]);
	xmlNewProp(root, BAD_CAST "tests", BAD_CAST buf);
	snprintf(buf, sizeof(buf), "%u", totals[1]);
	xmlNewProp(root, BAD_CAST "failures", BAD_CAST buf);
	snprintf(buf, sizeof(buf), "%u", totals[2]);
	xmlNewProp(root, BAD_CAST "errors", BAD_CAST buf);
	rc = xmlSaveFormatFileEnc(path, doc, "UTF-8", 1) < 0 ? -1 : 0;
	xmlFreeDoc(doc);
	return rc;
}
