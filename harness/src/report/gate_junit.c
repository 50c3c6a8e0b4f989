/* gate_junit.c - JUnit files for the gate: read stage timings, merge files, append the gate's own suite */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "compare/gate.h"

/**
 * xml_prop_num() - a numeric attribute
 * @n: element
 * @name: attribute
 *
 * Return: its value, 0 when absent or not a number.
 */
static double xml_prop_num(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	double d = v ? strtod((const char *)v, NULL) : 0;

	xmlFree(v);
	return isfinite(d) ? d : 0;
}

/**
 * is_elem() - Return: 1 if @n is an element called @name
 */
static int is_elem(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST name);
}

/**
 * suite_property() - value of <property name=@name> of a testsuite
 * @suite: <testsuite>
 * @name: property
 * @out, @len: out ("" when absent)
 */
static void suite_property(xmlNodePtr suite, const char *name, char *out, size_t len)
{
	xmlNodePtr p, q;

	out[0] = '\0';
	for (p = suite->children; p; p = p->next) {
		if (!is_elem(p, "properties"))
			continue;
		for (q = p->children; q; q = q->next) {
			xmlChar *k = is_elem(q, "property") ? xmlGetProp(q, BAD_CAST "name") : NULL;

			if (k && !xmlStrcmp(k, BAD_CAST name)) {
				xmlChar *v = xmlGetProp(q, BAD_CAST "value");

				snprintf(out, len, "%s", v ? (const char *)v : "");
				xmlFree(v);
			}
			xmlFree(k);
		}
	}
}

/**
 * case_state() - Return: the verdict a <testcase> carries
 * @tc: <testcase>
 */
static enum gate_state case_state(xmlNodePtr tc)
{
	xmlNodePtr c;

	for (c = tc->children; c; c = c->next) {
		if (is_elem(c, "failure") || is_elem(c, "error"))
			return GATE_FAILED;
		if (is_elem(c, "skipped"))
			return GATE_NOTRUN;
	}
	return GATE_PASSED;
}

/**
 * read_case() - one <testcase name="stage N: title"> into a row (the worst and slowest of repeats win)
 * @tc: <testcase>
 * @scenario, @client: its suite's
 * @rows: list
 *
 * Return: 0, or -1 when out of memory.
 */
static int read_case(xmlNodePtr tc, const char *scenario, const char *client, struct gate_rows *rows)
{
	xmlChar *name = xmlGetProp(tc, BAD_CAST "name");
	enum gate_state st = case_state(tc);
	double t = xml_prop_num(tc, "time");
	struct gate_row *r;
	unsigned stage;
	int off = 0;

	if (!name || sscanf((const char *)name, "stage %u: %n", &stage, &off) != 1 || !off || !stage) {
		xmlFree(name);
		return 0;
	}
	r = gate_rows_find(rows, scenario, client, stage);
	if (!r) {
		r = gate_rows_add(rows);
		if (!r) {
			xmlFree(name);
			return -1;
		}
		snprintf(r->scenario, sizeof(r->scenario), "%s", scenario);
		snprintf(r->client, sizeof(r->client), "%s", client);
		snprintf(r->name, sizeof(r->name), "%s", (const char *)name + off);
		r->stage = stage;
		r->state = st;
		r->now = t;
	} else {
		r->state = st > r->state ? st : r->state;
		r->now = t > r->now ? t : r->now;
	}
	xmlFree(name);
	return 0;
}

/**
 * read_suite() - the stage testcases of one <testsuite>
 * @suite: element
 * @rows: list
 *
 * Return: 0 or -1.
 */
static int read_suite(xmlNodePtr suite, struct gate_rows *rows)
{
	char scenario[160], client[64], *dot;
	xmlChar *name = xmlGetProp(suite, BAD_CAST "name");
	xmlNodePtr tc;

	suite_property(suite, "scenario", scenario, sizeof(scenario));
	suite_property(suite, "client", client, sizeof(client));
	if ((!scenario[0] || !client[0]) && name) {
		snprintf(scenario, sizeof(scenario), "%s", (const char *)name);
		dot = strrchr(scenario, '.');
		snprintf(client, sizeof(client), "%s", dot ? dot + 1 : "client");
		if (dot)
			*dot = '\0';
	}
	xmlFree(name);
	if (!strcmp(scenario, "pxelab-gate"))
		return 0;
	for (tc = suite->children; tc; tc = tc->next)
		if (is_elem(tc, "testcase") && read_case(tc, scenario, client, rows))
			return -1;
	return 0;
}

/**
 * load_junit() - parse a JUnit file and check its root
 * @path: file
 * @err, @errlen: out: why not
 *
 * Return: the document or NULL.
 */
static xmlDocPtr load_junit(const char *path, char *err, size_t errlen)
{
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlNodePtr root;

	if (!doc) {
		const xmlError *e = xmlGetLastError();

		snprintf(err, errlen, "%s:%d: not readable XML: %s", path, e ? e->line : 0,
			 e && e->message ? e->message : "cannot open the file\n");
		err[strcspn(err, "\n")] = '\0';
		return NULL;
	}
	root = xmlDocGetRootElement(doc);
	if (!root || (!is_elem(root, "testsuites") && !is_elem(root, "testsuite"))) {
		snprintf(err, errlen, "%s: not a JUnit file: the root element is <%s>, expected <testsuites> or "
			 "<testsuite>", path, root ? (const char *)root->name : "nothing");
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/**
 * gate_read_junit() - add the stage timings of a JUnit file to a row list
 * @path: file (pxelab's JUnit, or a merge of several)
 * @rows: list
 * @err, @errlen: out: why not
 *
 * Return: 0, or -1 with @err set.
 */
int gate_read_junit(const char *path, struct gate_rows *rows, char *err, size_t errlen)
{
	xmlDocPtr doc = load_junit(path, err, errlen);
	xmlNodePtr root, s;
	int rc = 0;

	if (!doc)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (is_elem(root, "testsuite"))
		rc = read_suite(root, rows);
	for (s = root->children; !rc && s && is_elem(root, "testsuites"); s = s->next)
		if (is_elem(s, "testsuite"))
			rc = read_suite(s, rows);
	if (rc)
		snprintf(err, errlen, "%s: out of memory", path);
	xmlFreeDoc(doc);
	return rc;
}

/**
 * merge_into() - copy the testsuites of one file under a <testsuites> root
 * @root: output root
 * @path: input file
 * @sums: in/out: tests, failures, errors, time
 * @err, @errlen: out: why not
 *
 * Return: suites copied, or -1.
 */
static int merge_into(xmlNodePtr root, const char *path, double *sums, char *err, size_t errlen)
{
	xmlDocPtr doc = load_junit(path, err, errlen);
	xmlNodePtr in, s, next;
	int copied = 0;

	if (!doc)
		return -1;
	in = xmlDocGetRootElement(doc);
	for (s = is_elem(in, "testsuite") ? in : in->children; s; s = next) {
		next = s == in ? NULL : s->next;
		if (!is_elem(s, "testsuite"))
			continue;
		sums[0] += xml_prop_num(s, "tests");
		sums[1] += xml_prop_num(s, "failures");
		sums[2] += xml_prop_num(s, "errors");
		sums[3] += xml_prop_num(s, "time");
		xmlAddChild(root, xmlDocCopyNode(s, root->doc, 1));
		copied++;
	}
	xmlFreeDoc(doc);
	return copied;
}

/**
 * merge_doc() - one <testsuites> document holding every suite of the inputs
 * @inputs, @n: files
 * @sums: out: tests, failures, errors, time
 * @err, @errlen: out: why not
 *
 * Return: the document (totals not yet set) or NULL.
 */
static xmlDocPtr merge_doc(const char *const *inputs, size_t n, double *sums, char *err, size_t errlen)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "testsuites");
	size_t i;

	xmlDocSetRootElement(doc, root);
	xmlNewProp(root, BAD_CAST "name", BAD_CAST "pxelab");
	for (i = 0; i < 4; i++)
		sums[i] = 0;
	for (i = 0; i < n; i++) {
		if (merge_into(root, inputs[i], sums, err, errlen) < 0) {
			xmlFreeDoc(doc);
			return NULL;
		}
	}
	return doc;
}

/**
 * save_doc() - set the root's totals and write the document
 * @doc: document
 * @sums: tests, failures, errors, time
 * @out: file
 * @err, @errlen: out: why not
 *
 * Return: 0 or -1.  The document is freed.
 */
static int save_doc(xmlDocPtr doc, const double *sums, const char *out, char *err, size_t errlen)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	char buf[64];
	int rc;

	snprintf(buf, sizeof(buf), "%.0f", sums[0]);
	xmlSetProp(root, BAD_CAST "tests", BAD_CAST buf);
	snprintf(buf, sizeof(buf), "%.0f", sums[1]);
	xmlSetProp(root, BAD_CAST "failures", BAD_CAST buf);
	snprintf(buf, sizeof(buf), "%.0f", sums[2]);
	xmlSetProp(root, BAD_CAST "errors", BAD_CAST buf);
	snprintf(buf, sizeof(buf), "%.3f", sums[3]);
	xmlSetProp(root, BAD_CAST "time", BAD_CAST buf);
	rc = xmlSaveFormatFileEnc(out, doc, "UTF-8", 1);
	xmlFreeDoc(doc);
	if (rc < 0)
		return pxl_err(err, errlen, "cannot write %s", out);
	return 0;
}

/**
 * gate_merge_junit() - merge JUnit files into one valid file
 * @inputs, @n: files (<testsuites> or a single <testsuite> each)
 * @out: file to write (may be one of the inputs)
 * @err, @errlen: out: why not
 *
 * Return: 0 or -1.
 */
int gate_merge_junit(const char *const *inputs, size_t n, const char *out, char *err, size_t errlen)
{
	double sums[4];
	xmlDocPtr doc = merge_doc(inputs, n, sums, err, errlen);

	return doc ? save_doc(doc, sums, out, err, errlen) : -1;
}

/**
 * gate_case() - one <testcase> of the gate's suite
 * @suite: <testsuite name="pxelab-gate">
 * @r: row
 *
 * Return: 1 if it failed.
 */
static int gate_case(xmlNodePtr suite, const struct gate_row *r)
{
	xmlNodePtr tc = xmlNewChild(suite, NULL, BAD_CAST "testcase", NULL);
	char buf[512];

	if (r->stage == GATE_TOTAL)
		snprintf(buf, sizeof(buf), "%s %s total", r->scenario, r->client);
	else
		snprintf(buf, sizeof(buf), "%s %s stage %u: %s", r->scenario, r->client, r->stage, r->name);
	xmlNewProp(tc, BAD_CAST "name", BAD_CAST buf);
	snprintf(buf, sizeof(buf), "gate.%s.%s", r->scenario, r->client);
	xmlNewProp(tc, BAD_CAST "classname", BAD_CAST buf);
	snprintf(buf, sizeof(buf), "%.3f", r->now);
	xmlNewProp(tc, BAD_CAST "time", BAD_CAST buf);
	if (r->verdict == GATE_OK || r->verdict == GATE_NEW)
		return 0;
	if (r->verdict == GATE_REGRESSED)
		snprintf(buf, sizeof(buf), "regressed: %.2f s, limit %.2f s (baseline %.2f s, %.2fx)", r->now,
			 r->limit, r->base, r->base > 0 ? r->now / r->base : 0);
	else
		snprintf(buf, sizeof(buf), "%s: the stage %s", gate_verdict_name(r->verdict),
			 r->verdict == GATE_FAIL ? "failed" : "did not run, the baseline has it");
	xmlNewProp(xmlNewChild(tc, NULL, BAD_CAST "failure", BAD_CAST buf), BAD_CAST "message", BAD_CAST buf);
	return 1;
}

/**
 * gate_write_junit() - the inputs merged, plus a "pxelab-gate" suite: one testcase per row, the table in system-out
 * @inputs, @n: JUnit files the gate read
 * @rows: judged rows
 * @table: the printed table
 * @out: file to write
 * @err, @errlen: out: why not
 *
 * Return: 0 or -1.
 */
int gate_write_junit(const char *const *inputs, size_t n, const struct gate_rows *rows, const char *table,
		     const char *out, char *err, size_t errlen)
{
	double sums[4];
	xmlDocPtr doc = merge_doc(inputs, n, sums, err, errlen);
	xmlNodePtr suite, props, p;
	int fails = 0;
	char buf[32];
	size_t i;

	if (!doc)
		return -1;
	suite = xmlNewChild(xmlDocGetRootElement(doc), NULL, BAD_CAST "testsuite", NULL);
	xmlNewProp(suite, BAD_CAST "name", BAD_CAST "pxelab-gate");
	props = xmlNewChild(suite, NULL, BAD_CAST "properties", NULL);
	p = xmlNewChild(props, NULL, BAD_CAST "property", NULL);
	xmlNewProp(p, BAD_CAST "name", BAD_CAST "scenario");
	xmlNewProp(p, BAD_CAST "value", BAD_CAST "pxelab-gate");
	for (i = 0; i < rows->n; i++)
		fails += gate_case(suite, &rows->r[i]);
	xmlNewTextChild(suite, NULL, BAD_CAST "system-out", BAD_CAST table);
	snprintf(buf, sizeof(buf), "%zu", rows->n);
	xmlNewProp(suite, BAD_CAST "tests", BAD_CAST buf);
	snprintf(buf, sizeof(buf), "%d", fails);
	xmlNewProp(suite, BAD_CAST "failures", BAD_CAST buf);
	xmlNewProp(suite, BAD_CAST "errors", BAD_CAST "0");
	xmlNewProp(suite, BAD_CAST "time", BAD_CAST "0");
	sums[0] += (double)rows->n;
	sums[1] += fails;
	return save_doc(doc, sums, out, err, errlen);
}
