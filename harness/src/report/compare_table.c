/* compare_table.c - the comparison as a terminal table and as compare.md
 *
 * One row per server: its verdict, each stage (ok / FAIL / skip, or how
 * many runs passed when they disagree), DHCP latencies (DISCOVER->OFFER,
 * REQUEST->ACK) of the firmware's and iPXE's exchanges, the client-visible
 * time of each DHCP exchange (first DISCOVER to ACK) and the time to the
 * boot marker (and, when a run had HTTP, the client's HTTP span); with
 * --dhcp6 the DHCPv6 latencies (SOLICIT->ADVERTISE, REQUEST->REPLY) and
 * spans (first SOLICIT to REPLY) in their place.  Figures
 * show the spread over the runs: "min..max".  Under
 * the table: what each server cannot express, the failure diagnosis, the
 * findings from the wire and the explanations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "compare/compare.h"

/**
 * struct cmp_col - one figure column
 * @head: header
 * @get:  the figure of a run, < 0 when not measured
 * @prec: decimals
 */
struct cmp_col {
	const char *head;
	double (*get)(const struct pxl_cmp_run *r);
	int prec;
};

/** visible_s() - client-visible seconds of an exchange: first DISCOVER to first ACK */
static double visible_s(const struct pxl_cmp_phase *ph)
{
	return ph->t_discover && ph->t_ack > ph->t_discover ? (double)(ph->t_ack - ph->t_discover) / 1e9 : -1;
}

/** col_fw_do() - Return: the firmware's DISCOVER->OFFER, ms */
static double col_fw_do(const struct pxl_cmp_run *r) { return r->wire.ph[PXL_PHASE_FW].do_ms; }
/** col_fw_ra() - Return: the firmware's REQUEST->ACK, ms */
static double col_fw_ra(const struct pxl_cmp_run *r) { return r->wire.ph[PXL_PHASE_FW].ra_ms; }
/** col_ipxe_do() - Return: iPXE's DISCOVER->OFFER, ms */
static double col_ipxe_do(const struct pxl_cmp_run *r) { return r->wire.ph[PXL_PHASE_IPXE].do_ms; }
/** col_ipxe_ra() - Return: iPXE's REQUEST->ACK, ms */
static double col_ipxe_ra(const struct pxl_cmp_run *r) { return r->wire.ph[PXL_PHASE_IPXE].ra_ms; }
/** col_fw_vis() - Return: the firmware's DHCP as it saw it, s */
static double col_fw_vis(const struct pxl_cmp_run *r) { return visible_s(&r->wire.ph[PXL_PHASE_FW]); }
/** col_ipxe_vis() - Return: iPXE's DHCP as it saw it, s */
static double col_ipxe_vis(const struct pxl_cmp_run *r) { return visible_s(&r->wire.ph[PXL_PHASE_IPXE]); }
/** col_boot() - Return: run start to the boot marker, s */
static double col_boot(const struct pxl_cmp_run *r) { return r->boot_s; }
/** col_http() - Return: the client's first HTTP request to the last response's last byte, s */
static double col_http(const struct pxl_cmp_run *r)
{
	const struct pxl_cmp_http *h = &r->wire.http;

	return h->requests && h->t_last >= h->t_first ? (double)(h->t_last - h->t_first) / 1e9 : -1;
}

/** visible6_s() - client-visible seconds of a DHCPv6 exchange: first SOLICIT to first REPLY */
static double visible6_s(const struct pxl_cmp_v6_ex *x)
{
	return x->t_solicit && x->t_reply > x->t_solicit ? (double)(x->t_reply - x->t_solicit) / 1e9 : -1;
}

/** col6_fw_sa() - Return: the firmware's boot SOLICIT->ADVERTISE, ms */
static double col6_fw_sa(const struct pxl_cmp_run *r) { return r->wire.v6.ex[PXL_V6_FW].sa_ms; }
/** col6_fw_rr() - Return: the firmware's boot REQUEST->REPLY, ms */
static double col6_fw_rr(const struct pxl_cmp_run *r) { return r->wire.v6.ex[PXL_V6_FW].rr_ms; }
/** col6_ipxe_sa() - Return: iPXE's SOLICIT->ADVERTISE, ms */
static double col6_ipxe_sa(const struct pxl_cmp_run *r) { return r->wire.v6.ex[PXL_V6_IPXE].sa_ms; }
/** col6_ipxe_rr() - Return: iPXE's REQUEST->REPLY, ms */
static double col6_ipxe_rr(const struct pxl_cmp_run *r) { return r->wire.v6.ex[PXL_V6_IPXE].rr_ms; }
/** col6_fw_vis() - Return: the firmware's boot DHCPv6 as it saw it, s */
static double col6_fw_vis(const struct pxl_cmp_run *r) { return visible6_s(&r->wire.v6.ex[PXL_V6_FW]); }
/** col6_ipxe_vis() - Return: iPXE's DHCPv6 as it saw it, s */
static double col6_ipxe_vis(const struct pxl_cmp_run *r) { return visible6_s(&r->wire.v6.ex[PXL_V6_IPXE]); }

/* the columns of `compare --dhcp6` (no HTTP column: one figure set per family) */
static const struct cmp_col cols6[] = {
	{ "fw S>A ms", col6_fw_sa, 1 },     { "fw R>R ms", col6_fw_rr, 1 },
	{ "iPXE S>A ms", col6_ipxe_sa, 1 }, { "iPXE R>R ms", col6_ipxe_rr, 1 },
	{ "fw DHCPv6 s", col6_fw_vis, 2 },  { "iPXE DHCPv6 s", col6_ipxe_vis, 2 },
	{ "boot s", col_boot, 2 },
};

static const struct cmp_col cols[] = {
	{ "fw D>O ms", col_fw_do, 1 },     { "fw R>A ms", col_fw_ra, 1 },
	{ "iPXE D>O ms", col_ipxe_do, 1 }, { "iPXE R>A ms", col_ipxe_ra, 1 },
	{ "fw DHCP s", col_fw_vis, 2 },    { "iPXE DHCP s", col_ipxe_vis, 2 },
	{ "boot s", col_boot, 2 },
	{ "HTTP s", col_http, 3 },	/* last: shown only when a run had HTTP (ncols()) */
};

/**
 * col_set() - the columns a comparison shows: DHCPv6 ones for --dhcp6; "HTTP s" only when a run had HTTP
 * @c: comparison
 * @n: out: how many
 *
 * Return: the columns.
 */
static const struct cmp_col *col_set(const struct pxl_compare *c, size_t *n)
{
	size_t s, r;

	if (c->v6) {
		*n = ARRAY_SIZE(cols6);
		return cols6;
	}
	*n = ARRAY_SIZE(cols) - 1;
	for (s = 0; s < c->nsrv; s++)
		for (r = 0; r < c->srv[s].nruns; r++)
			if (c->srv[s].runs[r].wire.http.requests)
				*n = ARRAY_SIZE(cols);
	return cols;
}

/**
 * legend() - what the figures mean, for the terminal (@md 0) or compare.md
 * @c: comparison
 * @http: the HTTP column is shown
 * @md: Markdown
 *
 * Return: static text.
 */
static const char *legend(const struct pxl_compare *c, int http, int md)
{
	if (c->v6)
		return md ? "S>A = SOLICIT→ADVERTISE, R>R = REQUEST→REPLY (server latency, ms; the firmware's boot "
			    "exchange, not its address-only one); \"DHCPv6 s\" = first SOLICIT to REPLY as the client saw it"
			  : "S>A = SOLICIT->ADVERTISE, R>R = REQUEST->REPLY; DHCPv6 s = first SOLICIT to REPLY as the "
			    "client saw it";
	if (md)
		return http ? "D>O = DISCOVER→OFFER, R>A = REQUEST→ACK (server latency, ms); \"DHCP s\" = first "
			      "DISCOVER to ACK as the client saw it; \"HTTP s\" = the client's first HTTP request to the "
			      "last response's end"
			    : "D>O = DISCOVER→OFFER, R>A = REQUEST→ACK (server latency, ms); \"DHCP s\" = first "
			      "DISCOVER to ACK as the client saw it";
	return http ? "D>O = DISCOVER->OFFER, R>A = REQUEST->ACK; DHCP s = first DISCOVER to ACK as the client saw it; "
		      "HTTP s = the client's first HTTP request to the last response's end"
		    : "D>O = DISCOVER->OFFER, R>A = REQUEST->ACK; DHCP s = first DISCOVER to ACK as the client saw it";
}

/**
 * spread() - a column's figures over a server's runs: "x", "min..max" or "-"
 * @s: server
 * @c: column
 * @sep: between min and max (".." or "–")
 * @buf: out
 * @len: its size
 *
 * Return: @buf.
 */
static const char *spread(const struct pxl_cmp_server *s, const struct cmp_col *c, const char *sep,
			  char *buf, size_t len)
{
	double lo = 0, hi = 0, v;
	char a[32], b[32];
	size_t i, n = 0;

	for (i = 0; i < s->nruns; i++) {
		v = c->get(&s->runs[i]);
		if (v < 0)
			continue;
		lo = n && lo < v ? lo : v;
		hi = n && hi > v ? hi : v;
		n++;
	}
	if (!n) {
		snprintf(buf, len, "-");
		return buf;
	}
	snprintf(a, sizeof(a), "%.*f", c->prec, lo);
	snprintf(b, sizeof(b), "%.*f", c->prec, hi);
	if (!strcmp(a, b))
		snprintf(buf, len, "%s", a);
	else
		snprintf(buf, len, "%s%s%s", a, sep, b);
	return buf;
}

/**
 * stage_cell() - a stage over a server's runs: ok, FAIL, skip, or "k/n" passed
 * @s: server
 * @i: stage index
 * @buf: out
 * @len: its size
 *
 * Return: @buf.
 */
static const char *stage_cell(const struct pxl_cmp_server *s, size_t i, char *buf, size_t len)
{
	size_t r, pass = 0, fail = 0;

	for (r = 0; r < s->nruns; r++) {
		pass += s->runs[r].state[i] == PXL_STAGE_PASS;
		fail += s->runs[r].state[i] == PXL_STAGE_FAIL;
	}
	if (!s->nruns)
		snprintf(buf, len, "-");
	else if (pass == s->nruns)
		snprintf(buf, len, "ok");
	else if (fail == s->nruns)
		snprintf(buf, len, "FAIL");
	else if (!pass && !fail)
		snprintf(buf, len, "skip");
	else
		snprintf(buf, len, "%zu/%zu", pass, s->nruns);
	return buf;
}

/**
 * short_verdict() - the verdict column: pass, FAIL, cannot, not run
 * @s: server
 *
 * Return: static text.
 */
static const char *short_verdict(const struct pxl_cmp_server *s)
{
	char v[512];
	int bad = pxl_cmp_verdict(s, v, sizeof(v));

	if (s->skipped[0])
		return "not run";
	if (!strncmp(v, "interrupted", 11))
		return "interrupted";
	if (s->cannot[0])
		return "cannot express";
	return bad ? "FAIL" : "pass";
}

/**
 * has_line() - does @text hold the line @line (@n bytes) as a whole line?
 * @text: lines separated by '\n' (may be NULL)
 * @line: the line
 * @n: its length
 *
 * Return: 1 if so.
 */
static int has_line(const char *text, const char *line, size_t n)
{
	const char *p = text;

	while (p && *p) {
		size_t len = strcspn(p, "\n");

		if (len == n && !memcmp(p, line, n))
			return 1;
		p += len + (p[len] == '\n');
	}
	return 0;
}

/**
 * explanations() - every run's explanations, each distinct line once, with the runs it came from
 * @s: server
 * @f: output
 * @ind: line prefix
 */
static void explanations(const struct pxl_cmp_server *s, FILE *f, const char *ind)
{
	char *text[PXL_CMP_MAX_RUNS] = { NULL };
	size_t len, i, j, k;

	for (i = 0; i < s->nruns; i++) {
		FILE *m = open_memstream(&text[i], &len);

		if (m) {
			pxl_cmp_explain(&s->runs[i].wire, m, "");
			fclose(m);
		}
	}
	for (i = 0; i < s->nruns; i++) {
		const char *p = text[i];

		while (p && *p) {
			size_t n = strcspn(p, "\n"), seen = 0, hits = 0, o = 0;
			char runs[64] = "";

			for (k = 0; k < i && !seen; k++)
				seen = has_line(text[k], p, n);
			for (j = i; j < s->nruns && !seen; j++)
				if (has_line(text[j], p, n) && ++hits)
					o += (size_t)snprintf(runs + o, o < sizeof(runs) ? sizeof(runs) - o : 0, "%s%zu",
							      o ? ", " : "", j + 1);
			if (!seen && hits == s->nruns)
				fprintf(f, "%s%.*s\n", ind, (int)n, p);
			else if (!seen)
				fprintf(f, "%s%.*s (run%s %s)\n", ind, (int)n, p, hits > 1 ? "s" : "", runs);
			p += n + (p[n] == '\n');
		}
	}
	for (i = 0; i < s->nruns; i++)
		free(text[i]);
}

/**
 * v4_note() - with --dhcp6: the client's DHCPv4 that nobody answers (iPXE waits it out on an IPv6-only LAN)
 * @w: the run's capture analysis
 * @f: output
 * @ind: line prefix
 */
static void v4_note(const struct pxl_cmp_wire *w, FILE *f, const char *ind)
{
	const struct pxl_cmp_phase *ip = &w->ph[PXL_PHASE_IPXE], *fw = &w->ph[PXL_PHASE_FW];

	if (ip->discovers + fw->discovers && !ip->offers && !fw->offers)
		fprintf(f, "%sDHCPv4: %d DISCOVER(s), none answered (no DHCPv4 server on the LAN: iPXE waits "
			"them out before it goes on)\n", ind, ip->discovers + fw->discovers);
}

/**
 * server_notes() - under the table: verdict, cannot-express lines, diagnosis, findings, explanations
 * @c: the comparison (its scenario's chain decides which findings apply)
 * @s: server
 * @f: output
 * @md: Markdown (bullets) instead of terminal text
 */
static void server_notes(const struct pxl_compare *c, const struct pxl_cmp_server *s, FILE *f, const char *md)
{
	const char *ind = md ? "- " : "    ";
	char v[512];
	size_t i;

	pxl_cmp_verdict(s, v, sizeof(v));
	fprintf(f, md ? "\n### %s: %s\n\n" : "\n  %s: %s\n", s->name, v);
	if (s->conf)
		fprintf(f, "%sconfiguration: the user's own, %s\n", ind, s->conf);
	for (i = 0; s->cannot[i];) {
		size_t n = strcspn(s->cannot + i, "\n");

		fprintf(f, "%s%.*s\n", ind, (int)n, s->cannot + i);
		i += n + (s->cannot[i + n] == '\n');
	}
	for (i = 0; i < s->nruns; i++) {
		const struct pxl_cmp_run *r = &s->runs[i];

		if (r->error[0])
			fprintf(f, "%srun %zu: could not run: %s\n", ind, i + 1, r->error);
		else if (r->fail_stage)
			fprintf(f, "%srun %zu: failed at stage %u: %.*s\n", ind, i + 1, r->fail_stage,
				(int)strcspn(r->fail_msg, "\n"), r->fail_msg);
	}
	if (!c->v6)
		explanations(s, f, ind);
	if (s->nruns && !s->runs[0].error[0] && c->v6) {
		pxl_cmp_v6_findings(&s->runs[0].wire.v6, f, ind);
		v4_note(&s->runs[0].wire, f, ind);
	} else if (s->nruns && !s->runs[0].error[0]) {
		pxl_cmp_findings(&s->runs[0].wire, pxl_cmp_chain_has_ipxe(c->sc), f, ind);
		pxl_cmp_http_findings(&s->runs[0].wire.http, f, ind);
	}
	if (s->nruns)
		fprintf(f, "%sreports: %s%s\n", ind, s->runs[0].rundir, s->nruns > 1 ? " (run 1)" : "");
}

/**
 * pxl_cmp_table() - the comparison on a terminal
 * @c: comparison
 * @f: output
 */
void pxl_cmp_table(const struct pxl_compare *c, FILE *f)
{
	int w = 12;
	size_t s, i, k, n;
	const struct cmp_col *cl = col_set(c, &n);
	char buf[64];

	for (s = 0; s < c->nsrv; s++)
		w = (int)strlen(c->srv[s].name) > w ? (int)strlen(c->srv[s].name) : w;
	fprintf(f, "\n%s: TFTP %s, iSCSI %s%s%s%s\n", c->sc->name, c->tftp, c->iscsi, c->http ? ", HTTP " : "",
		c->http ? c->http : "", c->interrupted ? " (interrupted: incomplete)" : "");
	fprintf(f, "%-*s %-15s", w, "server", "verdict");
	for (i = 0; i < c->sc->nstages && i < PXL_CMP_MAX_STAGES; i++)
		fprintf(f, " %4zu", i + 1);
	for (k = 0; k < n; k++)
		fprintf(f, " %13s", cl[k].head);
	fputc('\n', f);
	for (s = 0; s < c->nsrv; s++) {
		const struct pxl_cmp_server *v = &c->srv[s];

		fprintf(f, "%-*s %-15s", w, v->name, short_verdict(v));
		for (i = 0; i < c->sc->nstages && i < PXL_CMP_MAX_STAGES; i++)
			fprintf(f, " %4s", stage_cell(v, i, buf, sizeof(buf)));
		for (k = 0; k < n; k++)
			fprintf(f, " %13s", spread(v, &cl[k], "..", buf, sizeof(buf)));
		fputc('\n', f);
	}
	fprintf(f, "(figures: min..max over the runs; %s)\n", legend(c, n == ARRAY_SIZE(cols), 0));
	for (s = 0; s < c->nsrv; s++)
		server_notes(c, &c->srv[s], f, NULL);
	pxl_cmp_http_diff(c, f, 0);
}

/**
 * md_table() - the Markdown table
 * @c: comparison
 * @f: output
 */
static void md_table(const struct pxl_compare *c, FILE *f)
{
	size_t s, i, k, n;
	const struct cmp_col *cl = col_set(c, &n);
	char buf[64];

	fprintf(f, "| server | verdict |");
	for (i = 0; i < c->sc->nstages && i < PXL_CMP_MAX_STAGES; i++)
		fprintf(f, " %zu %s |", i + 1, c->sc->stages[i].name);
	for (k = 0; k < n; k++)
		fprintf(f, " %s |", cl[k].head);
	fprintf(f, "\n|---|---|");
	for (i = 0; i < c->sc->nstages && i < PXL_CMP_MAX_STAGES; i++)
		fprintf(f, ":-:|");
	for (k = 0; k < n; k++)
		fprintf(f, "--:|");
	fputc('\n', f);
	for (s = 0; s < c->nsrv; s++) {
		const struct pxl_cmp_server *v = &c->srv[s];

		fprintf(f, "| %s | %s |", v->name, short_verdict(v));
		for (i = 0; i < c->sc->nstages && i < PXL_CMP_MAX_STAGES; i++)
			fprintf(f, " %s |", stage_cell(v, i, buf, sizeof(buf)));
		for (k = 0; k < n; k++)
			fprintf(f, " %s |", spread(v, &cl[k], "–", buf, sizeof(buf)));
		fputc('\n', f);
	}
}

/**
 * pxl_cmp_markdown() - write compare.md
 * @c: comparison
 * @path: file
 *
 * Return: 0 or -1.
 */
int pxl_cmp_markdown(const struct pxl_compare *c, const char *path)
{
	FILE *f = fopen(path, "w");
	size_t s, runs = 0, n;

	if (!f)
		return -1;
	for (s = 0; s < c->nsrv; s++)
		runs = c->srv[s].nruns > runs ? c->srv[s].nruns : runs;
	col_set(c, &n);
	fprintf(f, "# DHCP%s servers compared on `%s`\n\n", c->v6 ? "v6" : "", c->sc->name);
	fprintf(f, "Scenario `%s` (%s), comparison `%s`: up to %zu run(s) per server; TFTP: %s; iSCSI: %s%s%s.%s\n\n",
		c->sc->file, c->sc->description ? c->sc->description : "", c->id, runs, c->tftp, c->iscsi,
		c->http ? "; HTTP: " : "", c->http ? c->http : "", c->interrupted ? " **Interrupted: incomplete.**" : "");
	md_table(c, f);
	fprintf(f, "\nFigures are min–max over the runs. %s; \"boot s\" = run start to the boot marker.\n\n"
		"## Per server\n", legend(c, !c->v6 && n == ARRAY_SIZE(cols), 1));
	for (s = 0; s < c->nsrv; s++)
		server_notes(c, &c->srv[s], f, "md");
	pxl_cmp_http_diff(c, f, 1);
	return fclose(f) ? -1 : 0;
}
