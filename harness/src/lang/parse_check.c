/* parse_check.c - whole-scenario checks after the last line: references, required parts */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"

/**
 * fin_report() - report a finalisation message (never muted)
 * @p:   parser
 * @sev: severity
 * @loc: where
 * @fmt: format
 */
static void fin_report(struct scn_parser *p, enum scn_sev sev,
		       struct scn_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void fin_report(struct scn_parser *p, enum scn_sev sev,
		       struct scn_loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	scn_diag_vadd(p->diag, sev, p->file, loc.line, loc.col, fmt, ap);
	va_end(ap);
}

#define fin_err(p, loc, ...) fin_report(p, SCN_SEV_ERROR, loc, __VA_ARGS__)
#define fin_warn(p, loc, ...) fin_report(p, SCN_SEV_WARNING, loc, __VA_ARGS__)

/**
 * check_required() - a scenario line, clients, stages, expectations
 * @p: parser
 */
static void check_required(struct scn_parser *p)
{
	struct scn_loc eof = { p->eof_line, 1 };
	const struct scenario *s = p->s;
	size_t i;

	if (!p->in_scenario)
		fin_err(p, eof, "expected 'scenario NAME', found end of file");
	if (!s->nclients && !p->lost_client)
		fin_err(p, eof, "expected at least one 'client' line, found end of file");
	if (!s->nstages && !scn_stmt_bad(p, "stage"))
		fin_err(p, eof, "expected at least one 'stage' line, found end of file");
	for (i = 0; i < s->nstages; i++)
		if (!s->stages[i].nex)
			fin_err(p, s->stages[i].loc,
				"expected 'expect' or 'never' lines in stage %u, found none",
				s->stages[i].number);
}

/**
 * find_client() - resolve a client name, reporting unknown ones
 * @p:    parser
 * @name: the name
 * @loc:  where it was written
 *
 * Return: client index, or -1 (reported).
 */
static int find_client(struct scn_parser *p, const char *name,
		       struct scn_loc loc)
{
	const struct scenario *s = p->s;
	struct scn_suggest sg;
	size_t i;

	scn_suggest_init(&sg, name);
	for (i = 0; i < s->nclients; i++) {
		if (!strcmp(s->clients[i].name, name))
			return (int)i;
		scn_suggest_add(&sg, s->clients[i].name);
	}
	if (p->lost_client)
		return -1; /* maybe the broken client line defined it */
	if (scn_suggest_best(&sg))
		fin_err(p, loc, "undefined client '%s'; did you mean '%s'?", name,
			scn_suggest_best(&sg));
	else
		fin_err(p, loc, "undefined client '%s'", name);
	return -1;
}

/**
 * resolve_rule_clients() - resolve the `client NAME` conditions of a policy
 * @p: parser
 * @d: the dhcp or dhcp6 block
 */
static void resolve_rule_clients(struct scn_parser *p, struct scn_dhcp *d)
{
	size_t i, j;

	for (i = 0; i < d->nrules; i++)
		for (j = 0; j < d->rules[i].ncond; j++) {
			struct scn_match *m = &d->rules[i].cond[j];

			if (!strcmp(m->field, "client") && m->value)
				m->client = find_client(p, m->value, m->loc);
		}
}

/**
 * resolve_clients() - turn client names into indexes everywhere
 * @p: parser
 */
static void resolve_clients(struct scn_parser *p)
{
	struct scenario *s = p->s;
	size_t i, j;

	for (i = 0; i < s->nstages; i++)
		for (j = 0; j < s->stages[i].nex; j++) {
			struct scn_expect *e = &s->stages[i].ex[j];

			if (e->client_name)
				e->client = find_client(p, e->client_name,
							e->client_loc);
		}
	for (i = 0; i < s->nfaults; i++)
		if (s->faults[i].client_name)
			s->faults[i].client = find_client(p, s->faults[i].client_name,
							   s->faults[i].client_loc);
	for (i = 0; i < s->nsends; i++)
		if (s->sends[i].when.client_name)
			s->sends[i].when.client = find_client(p, s->sends[i].when.client_name,
							      s->sends[i].when.client_loc);
	resolve_rule_clients(p, &s->dhcp);
	resolve_rule_clients(p, &s->dhcp6.pol);
}

/**
 * mac_taken() - whether a MAC is already used by a client
 * @s:   scenario
 * @mac: address
 *
 * Return: 1 if used.
 */
static int mac_taken(const struct scenario *s, const uint8_t mac[6])
{
	size_t i;

	for (i = 0; i < s->nclients; i++)
		if (!memcmp(s->clients[i].mac, mac, 6))
			return 1;
	return 0;
}

/**
 * assign_macs() - give clients without a MAC 52:54:00:12:34:56, :57 ...
 * @s: scenario
 */
static void assign_macs(struct scenario *s)
{
	uint32_t k = 0x123456;
	uint8_t mac[6] = { 0x52, 0x54, 0x00 };
	size_t i;

	for (i = 0; i < s->nclients; i++) {
		if (s->clients[i].mac_given)
			continue;
		do {
			mac[3] = (uint8_t)(k >> 16);
			mac[4] = (uint8_t)(k >> 8);
			mac[5] = (uint8_t)k;
			k++;
		} while (mac_taken(s, mac));
		memcpy(s->clients[i].mac, mac, 6);
	}
}

/**
 * check_addr() - an address must be a host of the LAN, not the gateway
 * @p:    parser
 * @addr: address
 * @what: "the pool", "reservation"
 * @loc:  where it was written
 */
static void check_addr(struct scn_parser *p, uint32_t addr, const char *what,
		       struct scn_loc loc)
{
	const struct scn_lan *lan = &p->s->lan;
	char a[16], n[16];

	if (scn_stmt_bad(p, "lan") || (scn_in_lan(lan, addr) && addr != lan->gateway))
		return; /* the LAN is not what the author meant, or the address is fine */
	pxl_ip_str(addr, a);
	pxl_ip_str(lan->net, n);
	if (!scn_in_lan(lan, addr))
		fin_err(p, loc, "%s address %s is outside the LAN %s/%u", what, a,
			n, lan->prefix);
	else if (addr == lan->gateway)
		fin_err(p, loc, "%s address %s is the gateway's", what, a);
}

/**
 * check_dhcp_addresses() - pool, reservations and proxy mode agree
 * @p: parser
 */
static void check_dhcp_addresses(struct scn_parser *p)
{
	const struct scn_dhcp *d = &p->s->dhcp;
	size_t i;

	if (d->kind == SCN_SRV_NONE)
		return;
	if (d->proxy && (d->pool_start || d->nres))
		fin_err(p, d->loc, "'proxy' hands out no addresses: remove 'pool' and 'reserve'");
	else if (!d->proxy && !d->pool_start && d->kind != SCN_SRV_SLIRP &&
		 !scn_stmt_bad(p, "pool"))
		fin_err(p, d->loc, "expected a 'pool' line (or 'proxy') in this dhcp block, found none");
	if (d->pool_start) {
		check_addr(p, d->pool_start, "pool", d->loc);
		check_addr(p, d->pool_end, "pool", d->loc);
		if (p->s->lan.gateway > d->pool_start &&
		    p->s->lan.gateway < d->pool_end)
			fin_err(p, d->loc, "the pool includes the gateway's address");
	}
	for (i = 0; i < d->nres; i++)
		check_addr(p, d->res[i].addr, "reserved", d->res[i].loc);
}

/**
 * auto_rule_name() - "rule-N" for an unnamed rule, unless a rule has it
 * @d: DHCP section
 * @i: index of the rule
 *
 * Return: malloc'ed unique name, or NULL on allocation failure.
 */
static char *auto_rule_name(const struct scn_dhcp *d, size_t i)
{
	unsigned k = 1;
	char *name;
	size_t j;

	for (;;) {
		if ((k == 1 ? asprintf(&name, "rule-%zu", i + 1) :
		     asprintf(&name, "rule-%zu-%u", i + 1, k)) < 0)
			return NULL;
		for (j = 0; j < d->nrules; j++)
			if (d->rules[j].name && !strcmp(d->rules[j].name, name))
				break;
		if (j == d->nrules)
			return name;
		free(name);
		k++;
	}
}

/**
 * check_dhcp_server() - what the chosen server can do
 * @p: parser
 *
 * libslirp's DHCP hands out one fixed boot file; only pxelab's own server
 * counts boot files per client (nbp-count).
 */
static void check_dhcp_server(struct scn_parser *p)
{
	struct scn_dhcp *d = &p->s->dhcp;
	size_t i, j;

	if (d->kind == SCN_SRV_NONE)
		return;
	if (d->kind == SCN_SRV_SLIRP && (d->nres || d->proxy || d->no_pxedhcp))
		fin_err(p, d->loc, "dhcp slirp cannot do 'reserve', 'proxy' or 'no-pxedhcp'");
	for (i = 0; i < d->nrules; i++) {
		struct scn_rule *r = &d->rules[i];

		if (d->kind == SCN_SRV_SLIRP &&
		    (!r->otherwise || r->nact != 1 || strcmp(r->act[0].key, "file")))
			fin_err(p, r->loc, "dhcp slirp supports only 'otherwise file NAME' (libslirp hands out one fixed boot file)");
		for (j = 0; j < r->ncond; j++)
			if (!strcmp(r->cond[j].field, "nbp-count") &&
			    d->kind != SCN_SRV_BUILTIN)
				fin_err(p, r->cond[j].loc,
					"'nbp-count' needs dhcp builtin (%s cannot count boot files)",
					scn_server_name(d->kind));
		for (j = 0; j < r->nact; j++)
			if (!strcmp(r->act[j].key, "no-option") && d->kind != SCN_SRV_BUILTIN)
				fin_err(p, r->act[j].loc, "'no-option' needs dhcp builtin (%s adds options of its own)",
					scn_server_name(d->kind));
		if (!r->name)
			r->name = auto_rule_name(d, i);
	}
}

/**
 * check_dhcp6() - the dhcp6 block needs a lan6 prefix and a pool in it; an
 *                 IPv6-only LAN has no dhcp block; rules get their names
 * @p: parser
 */
static void check_dhcp6(struct scn_parser *p)
{
	struct scenario *s = p->s;
	struct scn_dhcp *d = &s->dhcp6.pol;
	static const uint8_t zero[16];
	uint8_t own[16];
	size_t i;

	if (s->lan6.only && s->dhcp.kind != SCN_SRV_NONE)
		fin_err(p, s->dhcp.loc, "the LAN is IPv6-only ('lan6 ... only' on line %u): remove the dhcp block or 'only'",
			s->lan6.loc.line);
	if (d->kind == SCN_SRV_NONE)
		return;
	if (!s->lan6.given)
		fin_err(p, d->loc, "dhcp6 needs a 'lan6 PREFIX/64' line (the LAN's IPv6 prefix)");
	else if (!memcmp(s->dhcp6.pool_start, zero, 16) && !scn_stmt_bad(p, "pool"))
		fin_err(p, d->loc, "expected a 'pool' line in this dhcp6 block, found none");
	else if (memcmp(s->dhcp6.pool_start, zero, 16) && memcmp(s->dhcp6.pool_start, s->lan6.prefix, 8))
		fin_err(p, d->loc, "the dhcp6 pool is outside the lan6 prefix (line %u)", s->lan6.loc.line);
	if (s->lan6.given) {
		scn_lan6_addr(s, own);
		if (memcmp(own, s->dhcp6.pool_start, 16) >= 0 && memcmp(own, s->dhcp6.pool_end, 16) <= 0)
			fin_err(p, d->loc, "the dhcp6 pool includes pxelab's own IPv6 address");
	}
	for (i = 0; i < d->nrules; i++)
		if (!d->rules[i].name)
			d->rules[i].name = auto_rule_name(d, i);
}

/**
 * check_tftp() - a TFTP server must have something to serve
 * @p: parser
 */
static void check_tftp(struct scn_parser *p)
{
	const struct scn_tftp *t = &p->s->tftp;

	if (t->kind != SCN_SRV_NONE && !t->root && !t->nserve &&
	    !scn_stmt_bad(p, "tftp") && !scn_stmt_bad(p, "serve"))
		fin_err(p, t->loc, "expected 'root DIR' or 'serve' lines for tftp %s, found none",
			scn_server_name(t->kind));
}

/**
 * check_faults() - one fault line per client and direction
 * @p: parser
 */
static void check_faults(struct scn_parser *p)
{
	const struct scenario *s = p->s;
	size_t i, j;

	for (i = 0; i < s->nfaults; i++)
		for (j = 0; j < i; j++) {
			const struct scn_fault *a = &s->faults[j], *b = &s->faults[i];

			if (a->client >= 0 && a->client == b->client &&
			    (a->dir == b->dir || a->dir == SCN_FAULT_BOTH ||
			     b->dir == SCN_FAULT_BOTH))
				fin_err(p, b->loc, "duplicate faults for client '%s' %s (first on line %u)",
					b->client_name, scn_fault_dirs[b->dir], a->loc.line);
		}
}

/**
 * check_stages() - xfail names a real stage; deadlines fit the timeout
 * @p: parser
 */
static void check_stages(struct scn_parser *p)
{
	const struct scenario *s = p->s;
	uint64_t sum = 0;
	char a[32], b[32];
	size_t i;

	if (s->xfail.stage > s->nstages && s->nstages)
		fin_err(p, s->xfail.loc, "xfail names stage %u, but the scenario has %zu stage%s",
			s->xfail.stage, s->nstages, s->nstages == 1 ? "" : "s");
	for (i = 0; i < s->nstages; i++)
		sum += s->stages[i].within;
	if (sum > s->timeout) {
		scn_fmt_duration(sum, a, sizeof(a));
		scn_fmt_duration(s->timeout, b, sizeof(b));
		fin_warn(p, s->loc, "stage deadlines add up to %s, more than the scenario's timeout %s",
			 a, b);
	}
}

/**
 * check_root_path() - warn when a root path names a target nobody serves
 * @p: parser
 * @a: a "root-path" action
 */
static void check_root_path(struct scn_parser *p, const struct scn_action *a)
{
	const struct scenario *s = p->s;
	const char *f[5] = { a->value + 6 };
	unsigned long lun;
	size_t i, k;

	for (k = 1; k < 5; k++) {
		const char *c = strchr(f[k - 1], ':');

		if (!c)
			return;
		f[k] = c + 1;
	}
	if (!s->ntargets)
		return;
	for (i = 0; i < s->ntargets; i++) {
		if (!s->targets[i].iqn || strcmp(s->targets[i].iqn, f[4]))
			continue;
		lun = strtoul(f[3], NULL, 16);
		if (f[3][0] != ':' && lun != s->targets[i].lun)
			fin_warn(p, a->loc, "root-path asks for LUN %lu, but target '%s' serves LUN %u",
				 lun, f[4], s->targets[i].lun);
		return;
	}
	fin_warn(p, a->loc, "root-path names target '%s', which no 'iscsi' line defines",
		 f[4]);
}

/**
 * check_root_paths() - check every iscsi: root path a rule hands out
 * @p: parser
 */
static void check_root_paths(struct scn_parser *p)
{
	const struct scn_dhcp *d = &p->s->dhcp;
	size_t i, j;

	for (i = 0; i < d->nrules; i++)
		for (j = 0; j < d->rules[i].nact; j++) {
			const struct scn_action *a = &d->rules[i].act[j];

			if (!strcmp(a->key, "root-path") && a->value &&
			    !strncmp(a->value, "iscsi:", 6))
				check_root_path(p, a);
		}
}

/**
 * check_unused_vars() - warn about `set` and `matrix` variables never used
 * @p: parser
 */
static void check_unused_vars(struct scn_parser *p)
{
	size_t i;

	for (i = 0; i < p->ndecl; i++) {
		const struct scn_var *v = scn_vars_find(p->vars, p->decl[i].name);
		struct scn_loc loc = { p->decl[i].line, 1 };

		if (!v || v->used || scn_vars_find(p->preset, v->name))
			continue;
		fin_warn(p, loc, "variable '%s' is %s but never used", v->name,
			 p->decl[i].matrix ? "a matrix dimension" : "set");
	}
}

/**
 * scn_finalize() - checks that need the whole file, after its last line
 * @p: parser (its scenario is complete)
 */
void scn_finalize(struct scn_parser *p)
{
	p->failed = 0;
	check_required(p);
	resolve_clients(p);
	assign_macs(p->s);
	check_dhcp_addresses(p);
	check_dhcp_server(p);
	check_dhcp6(p);
	check_tftp(p);
	check_faults(p);
	check_stages(p);
	check_root_paths(p);
	check_unused_vars(p);
	scn_dead_ends_finish(p);
}
