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
#include "report/junit_priv.h"
#include "report/report.h"

#define JUNIT_CONSOLE_TAIL 4000

/**
 * pxl_junit_attr() - set a formatted attribute
 * @n: element
 * @name: attribute name
 * @fmt: printf format
 */
void pxl_junit_attr(xmlNodePtr n, const char *name, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	xmlNewProp(n, BAD_CAST name, BAD_CAST buf);
}

/**
 * pxl_junit_text() - a child element holding text (escaped by libxml2)
 * @parent: element
 * @name: child name
 * @text: content (invalid XML characters are replaced)
 *
 * Return: the child.
 */
xmlNodePtr pxl_junit_text(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
	char *clean = pxl_xml_clean(strdup(text ? text : ""));

	xmlNodeAddContent(n, BAD_CAST(clean ? clean : ""));
	free(clean);
	return n;
}

/**
 * pxl_junit_prop() - <property name= value=/> under a <properties> element
 * @props: <properties>
 * @name: property name
 * @fmt: printf format of its value
 */
void pxl_junit_prop(xmlNodePtr props, const char *name, const char *fmt, ...)
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
	pxl_junit_prop(ctx, name, "%s", value);
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

	pxl_junit_prop(props, "scenario", "%s", r->sc->name);
	pxl_junit_prop(props, "file", "%s", r->sc->file);
	pxl_junit_prop(props, "client", "%s", c->name);
	pxl_junit_prop(props, "run-id", "%s", r->run_id);
	pxl_junit_prop(props, "reports", "%s", r->rundir);
	pxl_junit_prop(props, "qemu", "%s", c->qemu_status[0] ? c->qemu_status : "not started");
	pxl_junit_prop(props, "cpu-pxelab-s", "%.2f", r->cpu_self);
	pxl_junit_prop(props, "cpu-qemu-s", "%.2f", r->cpu_children);
	pxl_junit_prop(props, "frames", "%llu", (unsigned long long)r->frames);
	pxl_junit_prop(props, "malformed-frames", "%llu", (unsigned long long)r->malformed);
	if (r->sc->xfail.stage)
		pxl_junit_prop(props, "expected-failure", "stage %u: %s", r->sc->xfail.stage, r->xfail_note);
	for (s = 0; c->stages && s < r->sc->nstages; s++) {
		if (c->stages[s].state == PXL_STAGE_SKIPPED || c->stages[s].state == PXL_STAGE_PENDING)
			continue;
		snprintf(name, sizeof(name), "stage%zu.start-s", s + 1);
		pxl_junit_prop(props, name, "%.3f", (double)c->stages[s].start / 1e9);
		snprintf(name, sizeof(name), "stage%zu.end-s", s + 1);
		pxl_junit_prop(props, name, "%.3f", (double)c->stages[s].end / 1e9);
	}
	for (m = 0; m < c->nmetrics; m++)
		pxl_junit_prop(props, c->metrics[m].name, "%.3f", c->metrics[m].value);
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
	pxl_junit_attr(tc, "classname", "%s.%s", r->sc->name, c->name);
	pxl_junit_attr(tc, "time", "%.3f", sr && sr->end > sr->start ? (double)(sr->end - sr->start) / 1e9 : 0.0);
	if (!sr || sr->state == PXL_STAGE_SKIPPED || sr->state == PXL_STAGE_PENDING) {
		xmlNewProp(xmlNewChild(tc, NULL, BAD_CAST "skipped", NULL), BAD_CAST "message",
			   BAD_CAST(r->error[0] ? "the run could not start" : "an earlier stage failed"));
		(*skip)++;
	} else if (sr->state == PXL_STAGE_FAIL && !expected) {
		xmlNodePtr f = pxl_junit_text(tc, "failure", sr->message);

		xmlNewProp(f, BAD_CAST "message", BAD_CAST "stage not met");
		xmlNewProp(f, BAD_CAST "type", BAD_CAST "StageFailed");
		(*fail)++;
	} else if (sr->state == PXL_STAGE_FAIL) {
		snprintf(title, sizeof(title), "expected failure: %s\n", r->xfail_note);
		pxl_junit_text(tc, "system-out", title);
		pxl_junit_text(tc, "system-out", sr->message);
	} else if (sr->marks) {
		pxl_junit_text(tc, "system-out", sr->marks);
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
	pxl_junit_attr(suite, "name", "%s.%s", r->sc->name, c->name);
	suite_properties(props, r, c);
	for (s = 0; s < r->sc->nstages; s++)
		stage_case(suite, r, c, s, &fail, &skip);
	if (r->error[0] && !r->sc->nstages)
		fail++;
	pxl_junit_attr(suite, "tests", "%zu", r->sc->nstages);
	pxl_junit_attr(suite, "failures", "%d", fail);
	pxl_junit_attr(suite, "errors", "%d", r->error[0] ? 1 : 0);
	pxl_junit_attr(suite, "skipped", "%d", skip);
	pxl_junit_attr(suite, "time", "%.3f", (double)r->duration / 1e9);
	xmlNewProp(suite, BAD_CAST "timestamp", BAD_CAST ts);
	len = c->console ? strlen(c->console) : 0;
	pxl_junit_text(suite, "system-out", len > JUNIT_CONSOLE_TAIL ? c->console + len - JUNIT_CONSOLE_TAIL :
		       (c->console ? c->console : ""));
	if (r->error[0])
		pxl_junit_text(suite, "system-err", r->error);
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
	pxl_junit_attr(root, "tests", "%d", tests);
	pxl_junit_attr(root, "failures", "%d", fails);
	pxl_junit_attr(root, "time", "%.3f", time);
	rc = xmlSaveFormatFileEnc(path, doc, "UTF-8", 1);
	xmlFreeDoc(doc);
	return rc < 0 ? -1 : 0;
}
