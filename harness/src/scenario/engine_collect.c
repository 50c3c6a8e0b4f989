/* engine_collect.c - turn a finished run into results: verdicts, timings, metrics, xfail */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scenario/engine_priv.h"
#include "scenario/stages.h"

/**
 * add_metric() - record one figure for a client
 * @c: client result
 * @unit: "ms", "bytes", ...
 * @value: the figure
 * @fmt: printf format of the name
 */
static void add_metric(struct pxl_client_result *c, const char *unit, double value, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_metric(struct pxl_client_result *c, const char *unit, double value, const char *fmt, ...)
{
	struct pxl_metric *m;
	va_list ap;

	if (c->nmetrics >= PXL_MAX_METRICS)
		return;
	m = &c->metrics[c->nmetrics++];
	va_start(ap, fmt);
	vsnprintf(m->name, sizeof(m->name), fmt, ap);
	va_end(ap);
	m->value = value;
	m->unit = unit;
}

/**
 * obs_num() - a numeric field of an observation
 * @o: observation
 * @key: field
 * @out: out: value
 *
 * Return: 1 if present and numeric.
 */
static int obs_num(const struct pxl_obs *o, const char *key, double *out)
{
	const char *v = pxl_obs_field(o, key);
	char *end;

	if (!v)
		return 0;
	*out = strtod(v, &end);
	return end != v;
}

/**
 * collect_wire_metrics() - DHCP latencies, TFTP transfers, iSCSI login and first read
 * @e: engine
 * @c: client result
 * @mac: the client's MAC
 */
static void collect_wire_metrics(const struct pxl_eng *e, struct pxl_client_result *c, const uint8_t *mac)
{
	int offers = 0, acks = 0, login = 0, read = 0;
	double v;
	size_t i;

	for (i = 0; i < e->nobs; i++) {
		const struct pxl_obs *o = &e->obs[i];
		const char *file;

		if (o->has_mac && memcmp(o->mac, mac, 6))
			continue;
		if (!strcmp(o->proto, "dhcp") && !strcmp(o->verb, "offer") && obs_num(o, "latency-ms", &v))
			add_metric(c, "ms", v, "dhcp.discover-offer-ms.%d", ++offers);
		else if (!strcmp(o->proto, "dhcp") && !strcmp(o->verb, "ack") && obs_num(o, "latency-ms", &v))
			add_metric(c, "ms", v, "dhcp.request-ack-ms.%d", ++acks);
		else if (!strcmp(o->proto, "tftp") && !strcmp(o->verb, "transfer") &&
			 (file = pxl_obs_field(o, "file")) && !strcmp(pxl_obs_field(o, "state") ?: "", "complete")) {
			if (obs_num(o, "bytes", &v))
				add_metric(c, "bytes", v, "tftp.%s.bytes", file);
			if (obs_num(o, "duration-ms", &v))
				add_metric(c, "ms", v, "tftp.%s.duration-ms", file);
			if (obs_num(o, "throughput", &v))
				add_metric(c, "B/s", v, "tftp.%s.throughput", file);
		} else if (!strcmp(o->proto, "iscsi") && !strcmp(o->verb, "login") && !login &&
			   obs_num(o, "latency-ms", &v)) {
			add_metric(c, "ms", v, "iscsi.login-ms");
			login = 1;
		} else if (!strcmp(o->proto, "iscsi") && !strcmp(o->verb, "read") && !read) {
			if (obs_num(o, "latency-ms", &v))
				add_metric(c, "ms", v, "iscsi.first-read-ms");
			add_metric(c, "s", (double)(o->t_ns - e->t0) / 1e9, "iscsi.first-read-at-s");
			read = 1;
		}
	}
}

/**
 * xfail_met() - did a client fail exactly as the scenario declares?
 * @sc: scenario (xfail.stage != 0)
 * @c: client result
 * @note, @len: out: how
 *
 * Return: 1 if it failed at the declared stage with the declared diagnosis.
 */
static int xfail_met(const struct scenario *sc, const struct pxl_client_result *c, char *note, size_t len)
{
	const struct pxl_stage_result *st;
	unsigned want = sc->xfail.stage;

	if (c->passed) {
		snprintf(note, len, "%s: expected to fail at stage %u, but every stage passed", c->name, want);
		return 0;
	}
	if (want > sc->nstages || !c->stages)
		return 0;
	st = &c->stages[want - 1];
	if (st->state != PXL_STAGE_FAIL) {
		snprintf(note, len, "%s: expected to fail at stage %u, but it %s", c->name, want,
			 st->state == PXL_STAGE_PASS ? "passed (a later stage failed)" : "never ran");
		return 0;
	}
	if (sc->xfail.text && !strcasestr(st->message ? st->message : "", sc->xfail.text)) {
		snprintf(note, len, "%s: stage %u failed, but the diagnosis lacks \"%s\"", c->name, want,
			 sc->xfail.text);
		return 0;
	}
	snprintf(note, len, "%s: failed at stage %u as expected (\"%s\")", c->name, want,
		 sc->xfail.text ? sc->xfail.text : "");
	return 1;
}

/**
 * add_hint() - append the run's advice to a failed stage's diagnosis
 * @st: stage result
 * @hint: advice ("" for none)
 */
static void add_hint(struct pxl_stage_result *st, const char *hint)
{
	size_t len;
	char *m;

	if (!hint[0] || st->state != PXL_STAGE_FAIL || !st->message)
		return;
	len = strlen(st->message) + strlen(hint) + 16;
	m = malloc(len);
	if (!m)
		return;
	snprintf(m, len, "%s\n  hint: %s", st->message, hint);
	free(st->message);
	st->message = m;
}

/**
 * pxl_eng_collect() - fill the run result from the engine after teardown
 * @e: engine
 */
void pxl_eng_collect(struct pxl_eng *e)
{
	struct pxl_run_result *res = e->res;
	size_t i;
	int all = 1;

	res->nclients = e->ncl;
	for (i = 0; i < e->ncl && res->clients; i++) {
		struct pxl_eng_client *ec = &e->cl[i];
		struct pxl_client_result *c = &res->clients[i];
		size_t s;

		snprintf(c->name, sizeof(c->name), "%s", e->sc->clients[i].name);
		snprintf(c->screenshot, sizeof(c->screenshot), "%s", ec->screenshot);
		snprintf(c->qemu_status, sizeof(c->qemu_status), "%s", ec->qemu_status);
		if (ec->judge) {
			c->passed = pxl_judge_passed(ec->judge);
			c->stages = pxl_judge_take_results(ec->judge);
			pxl_judge_free(ec->judge);
			ec->judge = NULL;
		}
		collect_wire_metrics(e, c, e->sc->clients[i].mac);
		if (c->passed && e->sc->nstages && c->stages)
			add_metric(c, "s", (double)c->stages[e->sc->nstages - 1].end / 1e9, "boot.complete-s");
		for (s = 0; c->stages && s < e->sc->nstages; s++)
			add_hint(&c->stages[s], e->hint);
		for (s = 0; c->stages && s < e->sc->nstages; s++)
			if (c->stages[s].state == PXL_STAGE_PASS || c->stages[s].state == PXL_STAGE_FAIL)
				add_metric(c, "s", (double)(c->stages[s].end - c->stages[s].start) / 1e9,
					   "stage%zu.duration-s", s + 1);
		if (e->sc->xfail.stage)
			all &= xfail_met(e->sc, c, res->xfail_note, sizeof(res->xfail_note));
		else
			all &= c->passed;
	}
	res->passed = all && !res->error[0] && !res->interrupted && e->ncl > 0;
}

/**
 * pxl_run_result_free() - free what a run result owns
 * @res: result (may be zeroed)
 */
void pxl_run_result_free(struct pxl_run_result *res)
{
	size_t i, s;

	for (i = 0; res->clients && i < res->nclients; i++) {
		for (s = 0; res->clients[i].stages && s < res->sc->nstages; s++) {
			free(res->clients[i].stages[s].message);
			free(res->clients[i].stages[s].marks);
		}
		free(res->clients[i].stages);
		free(res->clients[i].console);
	}
	free(res->clients);
	res->clients = NULL;
}
