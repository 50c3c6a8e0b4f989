/* parse_top.c - top-level statements: scenario, set, matrix, lan, xfail */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lang/parse.h"

/**
 * scn_stmt_scenario() - "scenario NAME"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_scenario(struct scn_parser *p)
{
	struct scenario *s = p->s;
	const struct scn_tok *t;
	int rc;

	s->loc = scn_tok_loc(p, &p->tok[0]);
	rc = scn_take_name(p, "a scenario name", &t);
	if (rc)
		return rc;
	free(s->base_name);
	free(s->name);
	s->base_name = strdup(t->text);
	if (*s->instance)
		rc = asprintf(&s->name, "%s[%s]", t->text, s->instance);
	else
		rc = (s->name = strdup(t->text)) ? 0 : -1;
	if (rc < 0 || !s->base_name) {
		s->name = NULL;
		return -ENOMEM;
	}
	return scn_end(p);
}

/**
 * scn_stmt_description() - "description TEXT"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_description(struct scn_parser *p)
{
	int rc = scn_take_text(p, "a description \"TEXT\"", &p->s->description);

	return rc ? rc : scn_end(p);
}

/**
 * scn_stmt_timeout() - "timeout DURATION"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_timeout(struct scn_parser *p)
{
	int rc = scn_take_duration(p, "a timeout", &p->s->timeout);

	return rc ? rc : scn_end(p);
}

/**
 * earlier_decl() - the first declaration of a name before the current line
 * @p:    parser
 * @name: variable name
 *
 * Return: the declaration, or NULL.
 */
static const struct scn_decl *earlier_decl(const struct scn_parser *p,
					   const char *name)
{
	size_t i;

	for (i = 0; i < p->ndecl; i++)
		if (!strcmp(p->decl[i].name, name) &&
		    (p->decl[i].matrix || p->decl[i].line < p->lineno))
			return &p->decl[i];
	return NULL;
}

/**
 * scn_stmt_set() - "set NAME VALUE"; a value given on the command line wins
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_set(struct scn_parser *p)
{
	const struct scn_decl *d;
	const struct scn_tok *t;
	char *value = NULL;
	int rc;

	rc = scn_take_name(p, "a variable name", &t);
	if (rc)
		return rc;
	d = earlier_decl(p, t->text);
	if (d && d->matrix)
		return scn_err(p, t, "'%s' is already a matrix variable (line %u)",
			       t->text, d->line);
	if (d)
		return scn_err(p, t, "duplicate variable '%s' (first set on line %u)",
			       t->text, d->line);
	if (p->vars->n >= SCN_MAX_VARS + p->preset->n)
		return scn_err(p, t, "expected at most %d variables, found more",
			       SCN_MAX_VARS);
	rc = scn_take_text(p, "a value", &value);
	if (!rc)
		rc = scn_end(p);
	if (!rc && !scn_vars_find(p->preset, t->text))
		rc = scn_vars_set(p->vars, t->text, value);
	free(value);
	return rc;
}

/**
 * scn_stmt_matrix() - "matrix NAME VALUE..." (checked and expanded earlier)
 * @p: parser
 *
 * Return: 0.
 */
int scn_stmt_matrix(struct scn_parser *p)
{
	p->pos = p->n;
	return 0;
}

/**
 * lan_gateway() - lan option "gateway IP"
 * @p:   parser
 * @obj: struct scn_lan
 *
 * Return: 0 or a negative errno.
 */
static int lan_gateway(struct scn_parser *p, void *obj)
{
	struct scn_lan *lan = obj;
	const struct scn_tok *t = scn_peek(p);
	char n[16];
	int rc = scn_take_ip(p, "the gateway address", &lan->gateway);

	if (rc || scn_in_lan(lan, lan->gateway))
		return rc;
	pxl_ip_str(lan->net, n);
	return scn_err(p, t, "expected a gateway inside %s/%u, found '%s'", n,
		       lan->prefix, t->text);
}

/** scn_lan_opts - options of the lan line */
const struct scn_opt scn_lan_opts[] = {
	{ "gateway", lan_gateway, "IP",
	  "the harness's own address on the LAN (default: network + 2)" },
};
const size_t scn_nlan_opts = ARRAY_SIZE(scn_lan_opts);

/**
 * take_cidr() - take "10.0.2.0/24"
 * @p:   parser
 * @lan: where to store network and prefix
 *
 * Return: 0 or -EINVAL.
 */
static int take_cidr(struct scn_parser *p, struct scn_lan *lan)
{
	const struct scn_tok *t = scn_peek(p);
	char found[64], net[16];
	int rc = -EINVAL;

	if (t && t->kind == SCN_TOK_WORD)
		rc = scn_parse_cidr(t->text, &lan->net, &lan->prefix);
	scn_tok_desc(t, found, sizeof(found));
	if (rc == -EDOM) {
		pxl_ip_str(lan->net, net);
		return scn_err(p, t, "expected a network address, found %s; did you mean '%s/%u'?",
			       found, net, lan->prefix);
	}
	if (rc == -ERANGE)
		return scn_err(p, t, "expected a prefix length of 1-30, found %s",
			       found);
	if (rc)
		return scn_expected(p, "a network like 10.0.2.0/24");
	scn_take(p);
	return 0;
}

/**
 * scn_in_lan() - whether an address is a host address of the LAN
 * @lan:  the LAN
 * @addr: address
 *
 * Return: 1 if inside and neither the network nor the broadcast address.
 */
int scn_in_lan(const struct scn_lan *lan, uint32_t addr)
{
	uint32_t mask = ~0u << (32 - lan->prefix);

	return (addr & mask) == lan->net && addr != lan->net &&
	       addr != (lan->net | ~mask);
}

/**
 * scn_stmt_lan() - "lan CIDR [gateway IP]"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_lan(struct scn_parser *p)
{
	struct scn_lan *lan = &p->s->lan;
	int rc;

	lan->given = 1;
	lan->loc = scn_tok_loc(p, &p->tok[0]);
	rc = take_cidr(p, lan);
	if (rc)
		return rc;
	lan->gateway = lan->net + 2;
	return scn_take_opts(p, scn_lan_opts, scn_nlan_opts, "'gateway IP'", lan);
}

/**
 * scn_stmt_xfail() - "xfail stage N \"TEXT\""
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_xfail(struct scn_parser *p)
{
	static const char *const stage[] = { "stage", NULL };
	struct scn_xfail *x = &p->s->xfail;
	uint64_t n;
	int idx, rc;

	x->loc = scn_tok_loc(p, &p->tok[0]);
	rc = scn_take_choice(p, "'stage'", stage, &idx);
	if (!rc)
		rc = scn_take_num(p, "a stage number", 1, SCN_MAX_ITEMS, &n);
	if (rc)
		return rc;
	x->stage = (unsigned)n;
	rc = scn_take_text(p, "the expected diagnosis \"TEXT\"", &x->text);
	return rc ? rc : scn_end(p);
}
