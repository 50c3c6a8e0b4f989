/* parse_dhcp.c - the dhcp block: server kind, pool, lease, reservations, flags */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"

/**
 * scn_stmt_dhcp() - "dhcp SERVER" (a kind of lang/server_kinds.def)
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_dhcp(struct scn_parser *p)
{
	struct scn_dhcp *d = &p->s->dhcp;
	int rc;

	d->loc = scn_tok_loc(p, &p->tok[0]);
	d->kind = SCN_SRV_NONE; /* until known: no checks cascade from a bad line */
	rc = scn_take_server(p, "a DHCP server", SCN_IN_DHCP, &d->kind);
	return rc ? rc : scn_end(p);
}

/**
 * take_range() - "IP - IP" or "IP-IP"
 * @p:     parser
 * @start: out: first address
 * @end:   out: last address
 *
 * Return: 0 or -EINVAL.
 */
static int take_range(struct scn_parser *p, uint32_t *start, uint32_t *end)
{
	const struct scn_tok *t = scn_peek(p);
	char *dash = t && t->kind == SCN_TOK_WORD ? strchr(t->text, '-') : NULL;
	char found[64], lo[16];

	if (dash && dash[1]) {
		*dash = 0;
		if (pxl_ip_parse(t->text, start) || pxl_ip_parse(dash + 1, end)) {
			*dash = '-';
			return scn_expected(p, "an address range like 10.0.2.100 - 10.0.2.199");
		}
		*dash = '-';
		scn_take(p);
	} else {
		static const char *const dash_word[] = { "-", NULL };
		int i;

		if (scn_take_ip(p, "the first pool address", start) ||
		    scn_take_choice(p, "'-'", dash_word, &i) ||
		    scn_take_ip(p, "the last pool address", end))
			return -EINVAL;
	}
	if (*end < *start) {
		t = &p->tok[p->pos - 1];
		pxl_ip_str(*start, lo);
		return scn_err(p, t, "expected a last address at or after %s, found %s",
			       lo, scn_tok_desc(t, found, sizeof(found)));
	}
	return 0;
}

/**
 * scn_stmt_pool() - "pool IP - IP"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_pool(struct scn_parser *p)
{
	struct scn_dhcp *d = &p->s->dhcp;
	uint32_t start, end;
	int rc = take_range(p, &start, &end);

	if (rc)
		return rc;
	d->pool_start = start;
	d->pool_end = end;
	return scn_end(p);
}

/**
 * scn_stmt_lease() - "lease DURATION"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_lease(struct scn_parser *p)
{
	struct scn_dhcp *d = scn_cur_policy(p);
	int rc = scn_take_duration(p, "a lease time", &d->lease);

	if (!rc && d->lease < SCN_NS_PER_SEC)
		return scn_err(p, &p->tok[1], "expected a lease time of at least 1s, found '%s'",
			       p->tok[1].text);
	return rc ? rc : scn_end(p);
}

/**
 * scn_stmt_reserve() - "reserve MAC IP"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_reserve(struct scn_parser *p)
{
	struct scn_dhcp *d = &p->s->dhcp;
	const struct scn_tok *mt = scn_peek(p), *at;
	struct scn_reserve r = { .loc = scn_tok_loc(p, &p->tok[0]) }, *nr;
	size_t i;
	int rc;

	rc = scn_take_mac(p, r.mac);
	at = scn_peek(p);
	if (!rc)
		rc = scn_take_ip(p, "the reserved address", &r.addr);
	if (!rc)
		rc = scn_end(p);
	for (i = 0; !rc && i < d->nres; i++) {
		if (!memcmp(d->res[i].mac, r.mac, 6))
			rc = scn_err(p, mt, "duplicate reservation for '%s' (first on line %u)",
				     mt->text, d->res[i].loc.line);
		else if (d->res[i].addr == r.addr)
			rc = scn_err(p, at, "address '%s' is already reserved (line %u)",
				     at->text, d->res[i].loc.line);
	}
	if (!rc)
		rc = scn_push_checked(p, &d->res, &d->nres, sizeof(*nr),
				      "reservations", (void **)&nr);
	if (!rc)
		*nr = r;
	return rc;
}

/**
 * scn_stmt_no_pxedhcp() - "no-pxedhcp"
 * @p: parser
 *
 * Return: 0 or -EINVAL.
 */
int scn_stmt_no_pxedhcp(struct scn_parser *p)
{
	p->s->dhcp.no_pxedhcp = 1;
	return scn_end(p);
}

/**
 * scn_stmt_proxy() - "proxy"
 * @p: parser
 *
 * Return: 0 or -EINVAL.
 */
int scn_stmt_proxy(struct scn_parser *p)
{
	p->s->dhcp.proxy = 1;
	return scn_end(p);
}
