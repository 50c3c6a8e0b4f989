/* storm_files.c - a storm's report files: junit.xml (one testcase per stage), metrics.json, clients.csv, index.html */
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/addr.h"
#include "core/json.h"
#include "core/util.h"
#include "report/junit_priv.h"
#include "report/report.h"
#include "report/storm_priv.h"

/** STORM_JUNIT_LIST - failed clients listed in a testcase's failure text */
#define STORM_JUNIT_LIST 1000

/**
 * stage_case() - one testcase: a stage over every client
 * @suite: <testsuite>
 * @r:     storm
 * @row:   the stage
 *
 * Return: 1 if the stage failed for some client, else 0.
 */
static int stage_case(xmlNodePtr suite, const struct pxl_storm_result *r, const struct pxl_storm_stage_row *row)
{
	xmlNodePtr tc = xmlNewChild(suite, NULL, BAD_CAST "testcase", NULL), fail;
	const struct pxl_storm_stage_sum *s;
	char out[1200], *list = NULL;
	size_t len = 0;
	FILE *f;

	pxl_junit_attr(tc, "name", "stage %u: %s", row->num, row->title);
	pxl_junit_attr(tc, "classname", "storm.%s", r->run.sc->name);
	if (row->scl < 0) {
		pxl_junit_attr(tc, "time", "0");
		pxl_junit_attr(xmlNewChild(tc, NULL, BAD_CAST "skipped", NULL), "message", "not simulated");
		return 0;
	}
	s = &r->sum.stage[row->scl];
	pxl_junit_attr(tc, "time", "%.3f", (double)s->max_ns / 1e9);
	snprintf(out, sizeof(out), "%s: %u passed, %u failed, %u began of %u clients; latency p50 %.1f ms, "
		 "p95 %.1f ms, p99 %.1f ms, max %.1f ms; %llu requests, %llu retransmissions",
		 scl_stage_name(row->scl), s->passed, s->failed, s->started, r->opts.clients, (double)s->p50_ns / 1e6,
		 (double)s->p95_ns / 1e6, (double)s->p99_ns / 1e6, (double)s->max_ns / 1e6,
		 (unsigned long long)s->tries, (unsigned long long)s->retx);
	pxl_junit_text(tc, "system-out", out);
	if (!s->failed)
		return 0;
	f = open_memstream(&list, &len);
	if (f) {
		pxl_storm_failed_clients(r, row->scl, f, STORM_JUNIT_LIST);
		fclose(f);
	}
	fail = pxl_junit_text(tc, "failure", list ? list : "");
	snprintf(out, sizeof(out), "%u of %u clients failed: %s", s->failed, s->started, r->diag[row->scl]);
	xmlNewProp(fail, BAD_CAST "message", BAD_CAST out);	/* longer than pxl_junit_attr() takes */
	free(list);
	return 1;
}

/**
 * pxl_report_storm_junit() - junit.xml: one testsuite, one testcase per stage (one skipped per stage not simulated)
 * @r:    storm
 * @path: file
 *
 * Return: 0, or -1.
 */
int pxl_report_storm_junit(const struct pxl_storm_result *r, const char *path)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "testsuites"), suite, props;
	int failures = 0, skipped = 0, rc;
	size_t i;

	xmlDocSetRootElement(doc, root);
	suite = xmlNewChild(root, NULL, BAD_CAST "testsuite", NULL);
	pxl_junit_attr(suite, "name", "storm %s (%u synthetic clients)", r->run.sc->name, r->opts.clients);
	props = xmlNewChild(suite, NULL, BAD_CAST "properties", NULL);
	pxl_junit_prop(props, "clients", "%u", r->opts.clients);
	pxl_junit_prop(props, "completed", "%u", r->sum.completed);
	pxl_junit_prop(props, "arrival-spread-s", "%.3f", (double)r->opts.spread_ns / 1e9);
	pxl_junit_prop(props, "seed", "%llu", (unsigned long long)r->opts.seed);
	pxl_junit_prop(props, "cpu-s", "%.3f", r->run.cpu_self);
	pxl_junit_prop(props, "peak-rss-kib", "%ld", r->maxrss_kib);
	pxl_junit_prop(props, "stage-3", "%s", PXL_STORM_STAGE3_NOTE);
	if (r->no_tcp[0])
		pxl_junit_prop(props, "no-tcp-stack", "%s", r->no_tcp);
	for (i = 0; i < ARRAY_SIZE(pxl_storm_stages); i++) {
		failures += stage_case(suite, r, &pxl_storm_stages[i]);
		skipped += pxl_storm_stages[i].scl < 0;
	}
	pxl_junit_attr(suite, "tests", "%zu", ARRAY_SIZE(pxl_storm_stages));
	pxl_junit_attr(suite, "failures", "%d", failures);
	pxl_junit_attr(suite, "skipped", "%d", skipped);
	pxl_junit_attr(suite, "errors", "0");
	pxl_junit_attr(suite, "time", "%.3f", (double)r->run.duration / 1e9);
	rc = xmlSaveFormatFileEnc(path, doc, "UTF-8", 1);
	xmlFreeDoc(doc);
	return rc < 0 ? -1 : 0;
}

/**
 * metrics_stage() - one stage's object in metrics.json
 * @f:   stream
 * @r:   storm
 * @row: the stage
 */
static void metrics_stage(FILE *f, const struct pxl_storm_result *r, const struct pxl_storm_stage_row *row)
{
	const struct pxl_storm_stage_sum *s;

	fprintf(f, "    {\"stage\": %u, \"title\": ", row->num);
	pxl_json_str(f, row->title);
	if (row->scl < 0) {
		fputs(", \"simulated\": false}", f);
		return;
	}
	s = &r->sum.stage[row->scl];
	fprintf(f, ", \"simulated\": true, \"name\": \"%s\", \"started\": %u, \"passed\": %u, \"failed\": %u, "
		"\"p50_ms\": %.3f, \"p95_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, \"tries\": %llu, "
		"\"retransmissions\": %llu, \"first_failure\": ", scl_stage_name(row->scl), s->started, s->passed,
		s->failed, (double)s->p50_ns / 1e6, (double)s->p95_ns / 1e6, (double)s->p99_ns / 1e6,
		(double)s->max_ns / 1e6, (unsigned long long)s->tries, (unsigned long long)s->retx);
	if (r->diag[row->scl][0])
		pxl_json_str(f, r->diag[row->scl]);
	else
		fputs("null", f);
	fputc('}', f);
}

/**
 * pxl_report_storm_metrics() - metrics.json: the storm's figures, stage by stage
 * @r:    storm
 * @path: file
 *
 * Return: 0, or -1.
 */
int pxl_report_storm_metrics(const struct pxl_storm_result *r, const char *path)
{
	FILE *f = fopen(path, "w");
	size_t i;

	if (!f)
		return -1;
	fputs("{\n  \"kind\": \"storm\",\n  \"scenario\": ", f);
	pxl_json_str(f, r->run.sc->name);
	fprintf(f, ",\n  \"run_id\": \"%s\",\n  \"clients\": %u,\n  \"completed\": %u,\n  \"passed\": %s,\n"
		"  \"arrival_spread_s\": %.3f,\n  \"seed\": %llu,\n  \"timer_div\": %u,\n  \"timed_out\": %s,\n"
		"  \"duration_s\": %.3f,\n  \"cpu_s\": %.3f,\n  \"peak_rss_kib\": %ld,\n  \"frames\": %llu,\n"
		"  \"not_simulated\": [],\n  \"stages\": [\n", r->run.run_id, r->opts.clients,
		r->sum.completed, r->passed ? "true" : "false", (double)r->opts.spread_ns / 1e9,
		(unsigned long long)r->opts.seed, r->opts.timer_div ? r->opts.timer_div : 1,
		r->timed_out ? "true" : "false", (double)r->run.duration / 1e9, r->run.cpu_self, r->maxrss_kib,
		(unsigned long long)r->run.frames);
	for (i = 0; i < ARRAY_SIZE(pxl_storm_stages); i++) {
		metrics_stage(f, r, &pxl_storm_stages[i]);
		fputs(i + 1 < ARRAY_SIZE(pxl_storm_stages) ? ",\n" : "\n", f);
	}
	fputs("  ]\n}\n", f);
	return fclose(f) ? -1 : 0;
}

/**
 * pxl_report_storm_clients() - clients.csv: every client's stages (times in ms from the storm's start)
 * @r:    storm
 * @path: file
 *
 * Return: 0, or -1.
 */
int pxl_report_storm_clients(const struct pxl_storm_result *r, const char *path)
{
	FILE *f = fopen(path, "w");
	char mac[PXL_MAC_STR], ip[PXL_IP_STR];
	size_t i;
	int s;

	if (!f)
		return -1;
	fputs("client,mac,ip,stage,start_ms,end_ms,ok,tries,retx,why\n", f);
	for (i = 0; i < r->n; i++)
		for (s = 0; s < SCL_STAGES; s++) {
			const struct scl_stage_rec *x = &r->cl[i].rec[s];

			if (!x->start_ns)
				continue;
			fprintf(f, "%u,%s,%s,%s,%.3f,%.3f,%d,%u,%u,\"%s\"\n", r->cl[i].idx, pxl_mac_str(r->cl[i].mac, mac),
				pxl_ip_str(r->cl[i].ip, ip), scl_stage_name(s), (double)(x->start_ns - r->t0) / 1e6,
				x->end_ns ? (double)(x->end_ns - r->t0) / 1e6 : -1.0, x->ok, x->tries, x->retx, x->why);
		}
	return fclose(f) ? -1 : 0;
}

/**
 * pxl_report_storm_files() - junit.xml, metrics.json, clients.csv, index.html into the storm's run folder
 * @r:    storm
 * @errf: where "cannot write PATH" goes
 *
 * Return: the number of files that could not be written.
 */
int pxl_report_storm_files(const struct pxl_storm_result *r, FILE *errf)
{
	static const struct {
		const char *name;
		int (*write)(const struct pxl_storm_result *r, const char *path);
	} files[] = {
		{ "junit.xml", pxl_report_storm_junit },
		{ "metrics.json", pxl_report_storm_metrics },
		{ "clients.csv", pxl_report_storm_clients },
		{ "index.html", pxl_report_storm_html },
	};
	char path[1024];
	int failed = 0;
	size_t i;

	if (!r->run.rundir[0] || r->run.error[0] || !r->cl)
		return 0;
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", r->run.rundir, files[i].name);
		if (files[i].write(r, path)) {
			fprintf(errf, "pxelab storm: cannot write %s\n", path);
			failed++;
		}
	}
	return failed;
}
