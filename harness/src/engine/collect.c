/* collect.c - turn a finished run into results: verdicts, timings, metrics, xfail */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "engine/engine_priv.h"
#include "engine/match.h"
#include "engine/judge.h"

/* stages (from the first) whose console marks get a timeline label */
#define PXL_MAX_STAGES_LABELLED 64

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
	m = &c->metrics[c->nmetrics];
	va_start(ap, fmt);
	if (vasprintf(&m->name, fmt, ap) < 0)
		m->name = NULL;
	va_end(ap);
	if (!m->name)
		return;	/* out of memory: the figure is not reported */
	c->nmetrics++;
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
 * add_transfer() - one download's figures, in this order: PROTO.FILE.bytes, .duration-ms, .throughput
 * @c: client result
 * @proto: "tftp" or "http"
 * @file: what was downloaded
 * @bytes: bytes delivered
 * @ms: how long it took
 * @bps: bytes per second
 *
 * The HTML report's transfer tables read the three in this order.
 */
static void add_transfer(struct pxl_client_result *c, const char *proto, const char *file, double bytes,
			 double ms, double bps)
{
	add_metric(c, "bytes", bytes, "%s.%s.bytes", proto, file);
	add_metric(c, "ms", ms, "%s.%s.duration-ms", proto, file);
	add_metric(c, "B/s", bps, "%s.%s.throughput", proto, file);
}

/**
 * obs_or0() - a numeric field of an observation, 0 when absent
 * @o: observation
 * @key: field
 *
 * Return: the value.
 */
static double obs_or0(const struct pxl_obs *o, const char *key)
{
	double v;

	return obs_num(o, key, &v) ? v : 0;
}

/**
 * http_body() - an HTTP observation of a body delivered whole (GET or Range GET, 2xx, complete)
 * @o: observation
 * @mac: the client's MAC
 *
 * Return: its path, or NULL if it is not one (or another client's).
 */
static const char *http_body(const struct pxl_obs *o, const uint8_t *mac)
{
	const char *status = pxl_obs_field(o, "status");

	if ((o->has_mac && memcmp(o->mac, mac, 6)) || strcmp(o->proto, "http") ||
	    (strcmp(o->verb, "get") && strcmp(o->verb, "range")) || !status || status[0] != '2' ||
	    strcmp(pxl_obs_field(o, "state") ?: "", "complete"))
		return NULL;
	return pxl_obs_field(o, "path");
}

/**
 * http_file_metrics() - one path's HTTP downloads summed: http.PATH.bytes, .duration-ms,
 *                       .throughput, .latency-ms (of the first), .requests (PATH without
 *                       its leading '/')
 * @e: engine
 * @c: client result
 * @mac: the client's MAC
 * @first: index of the observation to start from
 *
 * Nothing when an earlier observation of the same client has the same
 * path (its figures include this one).  A sanboot reads its disk in many
 * Range requests: they add up to one row.
 */
static void http_file_metrics(const struct pxl_eng *e, struct pxl_client_result *c, const uint8_t *mac,
			      size_t first)
{
	const char *path = http_body(&e->obs[first], mac), *p;
	double bytes = 0, us = 0, v, n = 0;
	size_t i;

	for (i = 0; path && i < first; i++)
		if ((p = http_body(&e->obs[i], mac)) && !strcmp(p, path))
			return;
	for (i = first; path && i < e->nobs; i++) {
		if (!(p = http_body(&e->obs[i], mac)) || strcmp(p, path))
			continue;
		bytes += obs_or0(&e->obs[i], "bytes");
		us += obs_or0(&e->obs[i], "duration-us");
		n++;
	}
	if (!path)
		return;
	path += path[0] == '/';	/* "http.boot.ipxe.bytes" */
	add_transfer(c, "http", path, bytes, us / 1000, us > 0 ? bytes * 1e6 / us : 0);
	if (obs_num(&e->obs[first], "latency-ms", &v))
		add_metric(c, "ms", v, "http.%s.latency-ms", path);
	add_metric(c, "requests", n, "http.%s.requests", path);
}

/**
 * dhcp6_boot() - a DHCPv6 message of a boot exchange (not OVMF's address-only one)
 * @o:    observation
 * @verb: "advertise" or "reply"
 *
 * Return: 1 if @o is one.
 */
static int dhcp6_boot(const struct pxl_obs *o, const char *verb)
{
	return !strcmp(o->proto, "dhcp6") && !strcmp(o->verb, verb) &&
	       strcmp(pxl_obs_field(o, "exchange") ?: "", "address");
}

/**
 * collect_wire_metrics() - DHCP and DHCPv6 (boot exchange) latencies, TFTP and HTTP transfers, iSCSI login and first read
 * @e: engine
 * @c: client result
 * @mac: the client's MAC
 */
static void collect_wire_metrics(const struct pxl_eng *e, struct pxl_client_result *c, const uint8_t *mac)
{
	int offers = 0, acks = 0, login = 0, read = 0, adverts = 0, replies = 0;
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
		else if (dhcp6_boot(o, "advertise") && obs_num(o, "latency-ms", &v))
			add_metric(c, "ms", v, "dhcp6.solicit-advertise-ms.%d", ++adverts);
		else if (dhcp6_boot(o, "reply") && obs_num(o, "latency-ms", &v))
			add_metric(c, "ms", v, "dhcp6.request-reply-ms.%d", ++replies);
		else if (!strcmp(o->proto, "tftp") && !strcmp(o->verb, "transfer") &&
			 (file = pxl_obs_field(o, "file")) && !strcmp(pxl_obs_field(o, "state") ?: "", "complete"))
			add_transfer(c, "tftp", file, obs_or0(o, "bytes"), obs_or0(o, "duration-ms"),
				     obs_or0(o, "throughput"));
		else if (!strcmp(o->proto, "http"))
			http_file_metrics(e, c, mac, i);
		else if (!strcmp(o->proto, "iscsi") && !strcmp(o->verb, "login") && !login &&
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
 * event_stage() - the stage whose window holds a time
 * @sc: scenario
 * @c: client result (stages filled)
 * @t: ns since run start
 *
 * Return: index of the first judged stage ending at or after @t, or -1.
 */
static int event_stage(const struct scenario *sc, const struct pxl_client_result *c, uint64_t t)
{
	size_t s;

	for (s = 0; c->stages && s < sc->nstages; s++) {
		if (c->stages[s].state != PXL_STAGE_PASS && c->stages[s].state != PXL_STAGE_FAIL)
			break;
		if (t <= c->stages[s].end)
			return (int)s;
	}
	return -1;
}

/**
 * event_label() - the timeline mark of a wire observation, or ""
 * @o: observation
 * @reads: in/out: iSCSI reads seen so far (only the first is a mark)
 * @out, @len: out: label
 */
static void event_label(const struct pxl_obs *o, int *reads, char *out, size_t len)
{
	static const struct { const char *proto, *verb, *label; } marks[] = {
		{ "dhcp", "discover", "DISCOVER" }, { "dhcp", "ack", "ACK" }, { "dhcp", "nak", "NAK" },
		{ "tftp", "start", "TFTP start" }, { "tftp", "error", "TFTP error" },
		{ "iscsi", "login", "login" }, { "http", "get", "HTTP GET" }, { "http", "head", "HTTP HEAD" },
		{ "dhcp6", "solicit", "SOLICIT" }, { "dhcp6", "reply", "REPLY" },
	};
	size_t i;

	out[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(marks); i++)
		if (!strcmp(o->proto, marks[i].proto) && !strcmp(o->verb, marks[i].verb))
			snprintf(out, len, "%s", marks[i].label);
	if (!strcmp(o->proto, "tftp") && !strcmp(o->verb, "transfer"))
		snprintf(out, len, "%s", strcmp(pxl_obs_field(o, "state") ?: "", "complete") ?
			 "TFTP abort" : "TFTP end");
	if (!strcmp(o->proto, "iscsi") && !strcmp(o->verb, "read") && (*reads)++ == 0)
		snprintf(out, len, "first READ");
}

/**
 * console_label() - label a console line that met a stage's console expectation
 * @sc: scenario
 * @c: client result (stages filled)
 * @mac: the client's MAC
 * @o: console observation
 * @ev: its event (label set on a match)
 * @seen: per stage: a line has been labelled already
 *
 * The judge may have matched the partial line (before its newline arrived),
 * so the complete line can fall just after the stage's end: every judged
 * stage that started before the line and has no label yet is tried.
 */
static void console_label(const struct scenario *sc, const struct pxl_client_result *c, const uint8_t *mac,
			  const struct pxl_obs *o, struct pxl_seen *ev, char *seen)
{
	size_t s, i;

	for (s = 0; c->stages && s < sc->nstages && s < PXL_MAX_STAGES_LABELLED; s++) {
		const struct scn_stage *st = &sc->stages[s];

		if (c->stages[s].state != PXL_STAGE_PASS && c->stages[s].state != PXL_STAGE_FAIL)
			return;
		if (seen[s] || c->stages[s].start > ev->t)
			continue;
		for (i = 0; i < st->nex; i++) {
			const struct scn_expect *x = &st->ex[i];

			if (x->negate || x->proto != SCN_PROTO_CONSOLE || !pxl_expect_matches(sc, x, mac, o))
				continue;
			snprintf(ev->label, sizeof(ev->label), "%s",
				 x->nm && x->m[0].value ? x->m[0].value : "console");
			seen[s] = 1;
			ev->stage = (int)s;
			return;
		}
	}
}

/**
 * collect_events() - keep this client's observations (wire and console) for the reports
 * @e: engine
 * @c: client result (stages filled)
 * @mac: the client's MAC
 *
 * Only the first console line meeting each console expectation gets a label.
 */
static void collect_events(const struct pxl_eng *e, struct pxl_client_result *c, const uint8_t *mac)
{
	char line[1024], seen[PXL_MAX_STAGES_LABELLED] = { 0 };
	int reads = 0;
	size_t i;

	c->events = calloc(e->nobs < PXL_MAX_SEEN ? e->nobs + 1 : PXL_MAX_SEEN, sizeof(*c->events));
	for (i = 0; c->events && i < e->nobs; i++) {
		const struct pxl_obs *o = &e->obs[i];
		struct pxl_seen *ev;
		int console = !strcmp(o->proto, "console");

		if (o->has_mac && memcmp(o->mac, mac, 6))
			continue;
		if (c->nevents >= PXL_MAX_SEEN) {
			c->events_dropped++;
			continue;
		}
		ev = &c->events[c->nevents];
		ev->t = o->t_ns > e->t0 ? o->t_ns - e->t0 : 0;
		ev->stage = event_stage(e->sc, c, ev->t);
		ev->kind = console ? PXL_SEEN_CONSOLE : PXL_SEEN_WIRE;
		if (console) {
			ev->text = strdup(pxl_obs_field(o, "text") ?: "");
			console_label(e->sc, c, mac, o, ev, seen);
		} else {
			event_label(o, &reads, ev->label, sizeof(ev->label));
			ev->text = strdup(pxl_obs_format(o, line, sizeof(line)));
		}
		if (ev->text)
			c->nevents++;
	}
}

/**
 * add_hint() - append the run's advice or a wire finding to a failed stage's diagnosis
 * @st:    stage result
 * @label: what it is ("hint", "wire")
 * @hint:  the text ("" for none)
 */
static void add_hint(struct pxl_stage_result *st, const char *label, const char *hint)
{
	size_t len;
	char *m;

	if (!hint[0] || st->state != PXL_STAGE_FAIL || !st->message)
		return;
	len = strlen(st->message) + strlen(label) + strlen(hint) + 16;
	m = malloc(len);
	if (!m)
		return;
	snprintf(m, len, "%s\n  %s: %s", st->message, label, hint);
	free(st->message);
	st->message = m;
}

/**
 * add_console_tail() - append where the client is stuck: its last console lines
 * @st: a failed stage
 * @console: the client's console text (may be NULL)
 * @lines: how many lines
 */
static void add_console_tail(struct pxl_stage_result *st, const char *console, int lines)
{
	const char *p;
	size_t len;
	char *m;

	if (st->state != PXL_STAGE_FAIL || !st->message || !console || !*console)
		return;
	p = console + strlen(console);
	while (p > console && (p[-1] == '\n' || p[-1] == ' '))
		p--;
	while (p > console && lines > 0)
		if (*--p == '\n')
			lines--;
	p += *p == '\n';
	len = strlen(st->message) + strlen(p) + 64;
	m = malloc(len);
	if (!m)
		return;
	snprintf(m, len, "%s\n  client console, last lines:\n%s", st->message, p);
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
		collect_events(e, c, e->sc->clients[i].mac);
		if (c->passed && e->sc->nstages && c->stages)
			add_metric(c, "s", (double)c->stages[e->sc->nstages - 1].end / 1e9, "boot.complete-s");
		for (s = 0; c->stages && s < e->sc->nstages; s++) {
			add_console_tail(&c->stages[s], c->console, 4);
			add_hint(&c->stages[s], "wire", e->stall);
			add_hint(&c->stages[s], "hint", e->hint);
		}
		for (s = 0; c->stages && s < e->sc->nstages; s++)
			if (c->stages[s].state == PXL_STAGE_PASS || c->stages[s].state == PXL_STAGE_FAIL)
				add_metric(c, "s", (double)(c->stages[s].end - c->stages[s].start) / 1e9,
					   "stage%zu.duration-s", s + 1);
		if (e->sc->xfail.stage)
			all &= pxl_judge_xfail(e->sc, c->name, c->passed, c->stages, res->xfail_note,
						sizeof(res->xfail_note));
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
		for (s = 0; s < (size_t)res->clients[i].nmetrics; s++)
			free(res->clients[i].metrics[s].name);
		for (s = 0; s < res->clients[i].nevents; s++)
			free(res->clients[i].events[s].text);
		free(res->clients[i].events);
	}
	free(res->clients);
	res->clients = NULL;
}
