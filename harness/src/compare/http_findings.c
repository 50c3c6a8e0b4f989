/* http_findings.c - what each HTTP server put on the wire, and what differed between them
 *
 * The wire observer's HTTP observations of a run's client (capture.c feeds
 * them here) are summed up per run: connections opened and who closed them
 * first, requests per connection (keep-alive), the first response's Server
 * and Connection fields and field names, and the first HEAD, GET and Range
 * GET with their status, Content-Length, Content-Range and Content-Type.
 * pxl_cmp_http_diff() sets the servers of a comparison side by side and
 * says, aspect by aspect, where their answers differed.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "compare/compare.h"

/**
 * copy_field() - an observation's field into a buffer ("" when absent)
 * @o: observation
 * @key: field
 * @dst: out
 * @size: its size
 */
static void copy_field(const struct pxl_obs *o, const char *key, char *dst, size_t size)
{
	const char *v = pxl_obs_field(o, key);

	snprintf(dst, size, "%s", v ? v : "");
}

/**
 * take_answer() - remember the first request of its kind and its response
 * @h: the run's HTTP findings
 * @o: an http get, head or range observation
 */
static void take_answer(struct pxl_cmp_http *h, const struct pxl_obs *o)
{
	int k = !strcmp(o->verb, "head") ? PXL_HTTP_HEAD : !strcmp(o->verb, "range") ? PXL_HTTP_RANGE : PXL_HTTP_GET;
	struct pxl_cmp_http_answer *a = &h->ans[k];
	const char *st = pxl_obs_field(o, "status");

	if (a->seen || strcmp(o->verb, "request") == 0)
		return;
	a->seen = 1;
	a->status = st ? (unsigned)strtoul(st, NULL, 10) : 0;
	copy_field(o, "path", a->path, sizeof(a->path));
	copy_field(o, "range", a->range, sizeof(a->range));
	copy_field(o, "content-length", a->clen, sizeof(a->clen));
	copy_field(o, "content-range", a->crange, sizeof(a->crange));
	copy_field(o, "content-type", a->ctype, sizeof(a->ctype));
}

/**
 * take_times() - widen the HTTP span to a request (before it is counted)
 * @h: the run's HTTP findings
 * @o: a request's observation: it completes at t_ns, duration-us after its first byte
 */
static void take_times(struct pxl_cmp_http *h, const struct pxl_obs *o)
{
	const char *us = pxl_obs_field(o, "duration-us");
	uint64_t d = us ? strtoull(us, NULL, 10) * 1000 : 0, start = o->t_ns > d ? o->t_ns - d : o->t_ns;

	if (!h->requests || start < h->t_first)
		h->t_first = start;
	h->t_last = o->t_ns > h->t_last ? o->t_ns : h->t_last;
}

/**
 * pxl_cmp_http_obs() - one HTTP observation of the run's client
 * @h: the run's HTTP findings
 * @o: observation (proto "http")
 */
void pxl_cmp_http_obs(struct pxl_cmp_http *h, const struct pxl_obs *o)
{
	const char *by = pxl_obs_field(o, "by"), *st = pxl_obs_field(o, "status"), *state = pxl_obs_field(o, "state");
	unsigned status = st ? (unsigned)strtoul(st, NULL, 10) : 0;

	if (!strcmp(o->verb, "connect")) {
		h->conns++;
		return;
	}
	if (!strcmp(o->verb, "close")) {
		h->closed_server += by && !strcmp(by, "server");
		h->closed_client += by && !strcmp(by, "client");
		return;
	}
	take_times(h, o);
	h->requests++;
	h->incomplete += !state || strcmp(state, "complete");
	h->max_status = status > h->max_status ? status : h->max_status;
	if (status && !h->headers[0] && pxl_obs_field(o, "headers")) {
		copy_field(o, "headers", h->headers, sizeof(h->headers));
		copy_field(o, "server-header", h->server, sizeof(h->server));
	}
	if (!h->conn[0])
		copy_field(o, "connection", h->conn, sizeof(h->conn));
	take_answer(h, o);
}

/**
 * answer_text() - one answer in words: "206, Content-Range bytes 0-511/N, Content-Length 512, Content-Type T"
 * @a: the answer
 * @buf: out
 * @len: its size
 *
 * Return: @buf ("not asked" when no such request was seen).
 */
static const char *answer_text(const struct pxl_cmp_http_answer *a, char *buf, size_t len)
{
	if (!a->seen)
		snprintf(buf, len, "not asked");
	else if (!a->status)
		snprintf(buf, len, "no response");
	else
		snprintf(buf, len, "%u%s%s%s%s%s%s", a->status, a->crange[0] ? ", Content-Range " : "", a->crange,
			 a->clen[0] ? ", Content-Length " : ", no Content-Length", a->clen,
			 a->ctype[0] ? ", Content-Type " : "", a->ctype);
	return buf;
}

/**
 * pxl_cmp_http_findings() - the HTTP findings of one run (nothing when it had no HTTP)
 * @h: the run's HTTP findings
 * @f: output
 * @indent: line prefix
 */
void pxl_cmp_http_findings(const struct pxl_cmp_http *h, FILE *f, const char *indent)
{
	static const char *const names[PXL_HTTP_KINDS] = { "HEAD", "GET", "Range GET" };
	char ans[300];
	int k;

	if (!h->conns && !h->requests)
		return;
	fprintf(f, "%sHTTP (Server field %s%s%s): %u connection(s) for %u request(s); Connection field %s%s%s; "
		"closed first by the server %u, by the client %u; not fully answered %u\n", indent,
		h->server[0] ? "\"" : "absent", h->server, h->server[0] ? "\"" : "", h->conns, h->requests,
		h->conn[0] ? "\"" : "absent", h->conn, h->conn[0] ? "\"" : "", h->closed_server, h->closed_client,
		h->incomplete);
	for (k = 0; k < PXL_HTTP_KINDS; k++)
		if (h->ans[k].seen)
			fprintf(f, "%sHTTP %s %s%s%s: %s\n", indent, names[k], h->ans[k].path,
				h->ans[k].range[0] ? " " : "", h->ans[k].range, answer_text(&h->ans[k], ans, sizeof(ans)));
	if (h->headers[0])
		fprintf(f, "%sHTTP response fields: %s\n", indent, h->headers);
}

/**
 * cmp_names() - qsort() order of field names, ignoring case
 * @a: char **
 * @b: char **
 *
 * Return: <0, 0 or >0.
 */
static int cmp_names(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/**
 * asp_fields() - the response's field names as a set: sorted, lower case
 * @h: findings
 * @buf: out
 * @len: its size
 */
static void asp_fields(const struct pxl_cmp_http *h, char *buf, size_t len)
{
	char tmp[sizeof(h->headers)], *names[64], *save = NULL, *tok;
	size_t n = 0, i, o = 0;

	snprintf(tmp, sizeof(tmp), "%s", h->headers);
	for (tok = strtok_r(tmp, ",", &save); tok && n < ARRAY_SIZE(names); tok = strtok_r(NULL, ",", &save))
		names[n++] = tok;
	qsort(names, n, sizeof(names[0]), cmp_names);
	buf[0] = '\0';
	for (i = 0; i < n && o + 1 < len; i++) {
		char *c;

		for (c = names[i]; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? "," : "", names[i]);
	}
}

/** asp_server() - the Server field */
static void asp_server(const struct pxl_cmp_http *h, char *buf, size_t len)
{
	snprintf(buf, len, "%s", h->server[0] ? h->server : "absent");
}

/** asp_keepalive() - connections for the requests, the Connection field, who closed */
static void asp_keepalive(const struct pxl_cmp_http *h, char *buf, size_t len)
{
	snprintf(buf, len, "%u connection(s) for %u request(s), Connection field %s, closed first by the server %u",
		 h->conns, h->requests, h->conn[0] ? h->conn : "absent", h->closed_server);
}

/** asp_head() - the HEAD answer */
static void asp_head(const struct pxl_cmp_http *h, char *buf, size_t len)
{
	answer_text(&h->ans[PXL_HTTP_HEAD], buf, len);
}

/** asp_get() - the GET answer */
static void asp_get(const struct pxl_cmp_http *h, char *buf, size_t len)
{
	answer_text(&h->ans[PXL_HTTP_GET], buf, len);
}

/** asp_range() - the Range GET answer */
static void asp_range(const struct pxl_cmp_http *h, char *buf, size_t len)
{
	answer_text(&h->ans[PXL_HTTP_RANGE], buf, len);
}

/**
 * struct http_aspect - one aspect of the servers' HTTP answers, as text to compare
 * @name: what it is
 * @text: its text for one run
 */
struct http_aspect {
	const char *name;
	void (*text)(const struct pxl_cmp_http *h, char *buf, size_t len);
};

static const struct http_aspect aspects[] = {
	{ "response fields (as a set)", asp_fields },
	{ "Server field", asp_server },
	{ "keep-alive", asp_keepalive },
	{ "HEAD answer", asp_head },
	{ "GET answer", asp_get },
	{ "Range answer", asp_range },
};

/**
 * http_of() - the HTTP findings of a server's first run, or NULL when it had none
 * @s: server
 *
 * Return: the findings.
 */
static const struct pxl_cmp_http *http_of(const struct pxl_cmp_server *s)
{
	const struct pxl_cmp_http *h = s->nruns && !s->runs[0].error[0] ? &s->runs[0].wire.http : NULL;

	return h && h->requests ? h : NULL;
}

/**
 * aspect_differs() - do the servers' texts of one aspect differ?
 * @c: comparison
 * @a: aspect
 *
 * Return: 1 if at least two servers with HTTP traffic disagree.
 */
static int aspect_differs(const struct pxl_compare *c, const struct http_aspect *a)
{
	char first[400] = "", t[400];
	size_t s, n = 0;

	for (s = 0; s < c->nsrv; s++) {
		const struct pxl_cmp_http *h = http_of(&c->srv[s]);

		if (!h)
			continue;
		a->text(h, t, sizeof(t));
		if (n++ && strcmp(t, first))
			return 1;
		if (n == 1)
			snprintf(first, sizeof(first), "%s", t);
	}
	return 0;
}

/**
 * pxl_cmp_http_diff() - what differed between the servers' HTTP answers (first run of each)
 * @c: comparison
 * @f: output
 * @md: Markdown (a section with bullets) instead of terminal text
 *
 * Says nothing when fewer than two servers' runs carried HTTP.
 */
void pxl_cmp_http_diff(const struct pxl_compare *c, FILE *f, int md)
{
	const char *aspect = md ? "- %s:\n" : "    %s:\n", *line = md ? "  - %s: %s\n" : "      %s: %s\n";
	char t[400];
	size_t s, k, n = 0, diffs = 0;

	for (s = 0; s < c->nsrv; s++)
		n += http_of(&c->srv[s]) != NULL;
	if (n < 2)
		return;
	fprintf(f, md ? "\n## HTTP: what differed between the servers (first run of each)\n\n" :
		"\n  HTTP, what differed between the servers (first run of each):\n");
	for (k = 0; k < ARRAY_SIZE(aspects); k++) {
		if (!aspect_differs(c, &aspects[k]))
			continue;
		diffs++;
		fprintf(f, aspect, aspects[k].name);
		for (s = 0; s < c->nsrv; s++) {
			const struct pxl_cmp_http *h = http_of(&c->srv[s]);

			if (!h)
				continue;
			aspects[k].text(h, t, sizeof(t));
			fprintf(f, line, c->srv[s].name, t);
		}
	}
	if (!diffs)
		fprintf(f, md ? "- nothing: the same fields, keep-alive and answers\n" :
			"    nothing: the same fields, keep-alive and answers\n");
}
