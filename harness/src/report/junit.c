/* junit.c - JUnit XML with libxml2: one testsuite per scenario and client, one testcase per stage
 *
 * Timings are testsuite properties ("stage1.start-s", "stage1.duration-s",
 * metrics), so the file stays valid against the usual JUnit schema
 * (fixtures/junit/junit.xsd).  A negative scenario whose declared failure
 * happened reports that stage as passed, with the diagnosis in system-out.
 */
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/xmltext.h"
#include "report/report.h"

#define JUNIT_CONSOLE_TAIL 4000

/**
 * xml_attr_fmt() - set a formatted attribute
 * @n: element
 * @name: attribute name
 * @fmt: printf format
 */
static void xml_attr_fmt(xmlNodePtr n, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void xml_attr_fmt(xmlNodePtr n, const char *name, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	xmlNewProp(n, BAD_CAST name, BAD_CAST buf);
}

/**
 * xml_text_child() - a child element holding text (escaped by libxml2)
 * @parent: element
 * @name: child name
 * @text: content (invalid XML characters are replaced)
 *
 * Return: the child.
 */
static xmlNodePtr xml_text_child(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
	char *clean = pxl_xml_clean(strdup(text ? text : ""));

	xmlNodeAddContent(n, BAD_CAST(clean ? clean : ""));
	free(clean);
	return n;
}

/**
 * add_property() - <property name= value=/> under a <properties> element
 */
static void add_property(xmlNodePtr props, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_property(xmlNodePtr props, const char *name, const char *fmt, ...)
{
	xmlNodePtr p = xmlNewChild(props, NULL, BAD_CAST "property", NULL);
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	xmlNewProp(p, BAD_CAST "name", BAD_CAST name);
	xmlNewProp(p, BAD_CAST "value", BAD_CAST buf);
}

/** robust_property() - pxl_prop_fn: one robustness fact as a property of @ctx (<properties>) */
static void robust_property(void *ctx, const char *name, const char *value)
{
	add_property(ctx, name, "%s", value);
}

/**
 * suite_properties() - scenario facts, stage timings and metrics of one client
 * @props: <properties>
 * @r: run
 * @c: client
 */
static void suite_properties(xmlNodePtr props, const struct pxl_run_result *r, const struct pxl_client_result *c)
{
	char name[96];
	size_t s;
	int m;

	add_property(props, "scenario", "%s", r->sc->name);
	add_property(props, "file", "%s", r->sc->file);
	add_property(props, "client", "%s", c->name);
	add_property(props, "run-id", "%s", r->run_id);
	add_property(props, "reports", "%s", r->rundir);
	add_property(props, "qemu", "%s", c->qemu_status[0] ? c->qemu_status : "not started");
	add_property(props, "cpu-pxelab-s", "%.2f", r->cpu_self);
	add_property(props, "cpu-qemu-s", "%.2f", r->cpu_children);
	add_property(props, "frames", "%llu", (unsigned long long)r->frames);
	add_property(props, "malformed-frames", "%llu", (unsigned long long)r->malformed);
	if (r->sc->xfail.stage)
		add_property(props, "expected-failure", "stage %u: %s", r->sc->xfail.stage, r->xfail_note);
	for (s = 0; c->stages && s < r->sc->nstages; s++) {
		if (c->stages[s].state == PXL_STAGE_SKIPPED || c->stages[s].state == PXL_STAGE_PENDING)
			continue;
		snprintf(name, sizeof(name), "stage%zu.start-s", s + 1);
		add_property(props, name, "%.3f", (double)c->stages[s].start / 1e9);
		snprintf(name, sizeof(name), "stage%zu.end-s", s + 1);
		add_property(props, name, "%.3f", (double)c->stages[s].end / 1e9);
	}
	for (m = 0; m < c->nmetrics; m++)
		add_property(props, c->metrics[m].name, "%.3f", c->metrics[m].value);
	pxl_report_robust_props(&r->robust, &r->wire, robust_property, props);
}

/**
 * stage_case() - one <testcase> for one stage of one client
 * @suite: <testsuite>
 * @r: run
 * @c: client
 * @s: stage index
 * @fail, @skip: in/out: counters
 */
static void stage_case(xmlNodePtr suite, const struct pxl_run_result *r, const struct pxl_client_result *c,
		       size_t s, int *fail, int *skip)
{
	const struct scn_stage *st = &r->sc->stages[s];
	const struct pxl_stage_result *sr = c->stages ? &c->stages[s] : NULL;
	xmlNodePtr tc = xmlNewChild(suite, NULL, BAD_CAST "testcase", NULL);
	int expected = r->sc->xfail.stage == st->number && r->passed;
	char title[300];

	snprintf(title, sizeof(title), "stage %u: %s", st->number, st->name);
	xmlNewProp(tc, BAD_CAST "name", BAD_CAST title);
	xml_attr_fmt(tc, "classname", "%s.%s", r->sc->name, c->name);
	xml_attr_fmt(tc, "time", "%.3f", sr && sr->end > sr->start ? (double)(sr->end - sr->start) / 1e9 : 0.0);
	if (!sr || sr->state == PXL_STAGE_SKIPPED || sr->state == PXL_STAGE_PENDING) {
		xmlNewProp(xmlNewChild(tc, NULL, BAD_CAST "skipped", NULL), BAD_CAST "message",
			   BAD_CAST(r->error[0] ? "the run could not start" : "an earlier stage failed"));
		(*skip)++;
	} else if (sr->state == PXL_STAGE_FAIL && !expected) {
		xmlNodePtr f = xml_text_child(tc, "failure", sr->message);

		xmlNewProp(f, BAD_CAST "message", BAD_CAST "stage not met");
		xmlNewProp(f, BAD_CAST "type", BAD_CAST "StageFailed");
		(*fail)++;
	} else if (sr->state == PXL_STAGE_FAIL) {
		snprintf(title, sizeof(title), "expected failure: %s\n", r->xfail_note);
		xml_text_child(tc, "system-out", title);
		xml_text_child(tc, "system-out", sr->message);
	} else if (sr->marks) {
		xml_text_child(tc, "system-out", sr->marks);
	}
}

/**
 * client_suite() - one <testsuite> for one client of one run
 * @root: <testsuites>
 * @r: run
 * @c: client
 * @tests, @fails: in/out: totals
 */
static void client_suite(xmlNodePtr root, const struct pxl_run_result *r, const struct pxl_client_result *c,
			 int *tests, int *fails)
{
	xmlNodePtr suite = xmlNewChild(root, NULL, BAD_CAST "testsuite", NULL);
	xmlNodePtr props = xmlNewChild(suite, NULL, BAD_CAST "properties", NULL);
	int fail = 0, skip = 0;
	size_t s, len;
	char ts[32];
	time_t now = time(NULL);

	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", gmtime(&now));
	xml_attr_fmt(suite, "name", "%s.%s", r->sc->name, c->name);
	suite_properties(props, r, c);
	for (s = 0; s < r->sc->nstages; s++)
		stage_case(suite, r, c, s, &fail, &skip);
	if (r->error[0] && !r->sc->nstages)
		fail++;
	xml_attr_fmt(suite, "tests", "%zu", r->sc->nstages);
	xml_attr_fmt(suite, "failures", "%d", fail);
	xml_attr_fmt(suite, "errors", "%d", r->error[0] ? 1 : 0);
	xml_attr_fmt(suite, "skipped", "%d", skip);
	xml_attr_fmt(suite, "time", "%.3f", (double)r->duration / 1e9);
	xmlNewProp(suite, BAD_CAST "timestamp", BAD_CAST ts);
	len = c->console ? strlen(c->console) : 0;
	xml_text_child(suite, "system-out", len > JUNIT_CONSOLE_TAIL ? c->console + len - JUNIT_CONSOLE_TAIL :
		       (c->console ? c->console : ""));
	if (r->error[0])
		xml_text_child(suite, "system-err", r->error);
	*tests += (int)r->sc->nstages;
	*fails += fail + (r->error[0] ? 1 : 0);
}

/**
 * pxl_report_junit() - write one JUnit file for several runs
 * @res: runs
 * @n: how many
 * @path: file to write
 *
 * Return: 0 or -1 (the file could not be written).
 */
int pxl_report_junit(const struct pxl_run_result *const *res, size_t n, const char *path)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "testsuites");
	int tests = 0, fails = 0, rc;
	double time = 0;
	size_t i, c;

	xmlDocSetRootElement(doc, root);
	xmlNewProp(root, BAD_CAST "name", BAD_CAST "pxelab");
	for (i = 0; i < n; i++) {
		time += (double)res[i]->duration / 1e9;
		for (c = 0; c < res[i]->nclients; c++)
			client_suite(root, res[i], &res[i]->clients[c], &tests, &fails);
	}
	xml_attr_fmt(root, "tests", "%d", tests);
	xml_attr_fmt(root, "failures", "%d", fails);
	xml_attr_fmt(root, "time", "%.3f", time);
	rc = xmlSaveFormatFileEnc(path, doc, "UTF-8", 1);
	xmlFreeDoc(doc);
	return rc < 0 ? -1 : 0;
}
