/* parse_dhcp6.c - IPv6 on the LAN: the lan6 line and the dhcp6 block (server, pool) */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "lang/parse.h"

/** scn_ra_modes - the words of `ra MODE`, index = enum scn_ra */
const char *const scn_ra_modes[] = { "managed", "other", "slaac", "off", NULL };

/**
 * scn_take_ip6() - take an IPv6 address ("fd00::5")
 * @p:    parser
 * @what: for the error ("the first pool address")
 * @out:  out: 16 bytes
 *
 * Return: 0 or -EINVAL.
 */
int scn_take_ip6(struct scn_parser *p, const char *what, uint8_t out[16])
{
	const struct scn_tok *t = scn_peek(p);
	char w[96];

	if (!t || t->kind != SCN_TOK_WORD || pxl_ip6_parse(t->text, out)) {
		snprintf(w, sizeof(w), "%s (an IPv6 address like fd00::100)", what);
		return scn_expected(p, w);
	}
	scn_take(p);
	return 0;
}

/**
 * take_prefix6() - take "fd00::/64": a /64 with its host bits zero
 * @p:   parser
 * @out: out: the prefix
 *
 * Return: 0 or -EINVAL.
 */
static int take_prefix6(struct scn_parser *p, uint8_t out[16])
{
	const struct scn_tok *t = scn_peek(p);
	const char *slash = t && t->kind == SCN_TOK_WORD ? strchr(t->text, '/') : NULL;
	char addr[PXL_IP6_STR], fix[PXL_IP6_STR];
	size_t n = slash ? (size_t)(slash - t->text) : 0;
	static const uint8_t zero[8];

	if (!slash || n >= sizeof(addr))
		return scn_expected(p, "an IPv6 prefix like fd00::/64");
	memcpy(addr, t->text, n);
	addr[n] = 0;
	if (pxl_ip6_parse(addr, out))
		return scn_expected(p, "an IPv6 prefix like fd00::/64");
	if (strcmp(slash, "/64"))
		return scn_err(p, t, "expected a /64 prefix (SLAAC and pxelab's pool need 64 host bits), found '%s'",
			       t->text);
	if (memcmp(out + 8, zero, 8)) {
		memset(out + 8, 0, 8);
		return scn_err(p, t, "expected a network prefix, found host bits in '%s'; did you mean '%s/64'?",
			       t->text, pxl_ip6_str(out, fix));
	}
	scn_take(p);
	return 0;
}

/** lan6_only() - lan6 option "only": IPv6-only LAN; Return: 0 */
static int lan6_only(struct scn_parser *p, void *obj)
{
	(void)p;
	((struct scn_lan6 *)obj)->only = 1;
	return 0;
}

/** lan6_ra() - lan6 option "ra MODE"; Return: 0 or -EINVAL */
static int lan6_ra(struct scn_parser *p, void *obj)
{
	int idx = 0;
	int rc = scn_take_choice(p, "an RA mode (managed, other, slaac, off)", scn_ra_modes, &idx);

	((struct scn_lan6 *)obj)->ra = (enum scn_ra)idx;
	return rc;
}

/** lan6_lifetime() - lan6 option "router-lifetime DURATION"; Return: 0 or -EINVAL */
static int lan6_lifetime(struct scn_parser *p, void *obj)
{
	struct scn_lan6 *l = obj;
	const struct scn_tok *t = scn_peek(p);
	int rc;

	if (t && t->kind == SCN_TOK_WORD && (!strcmp(t->text, "0s") || !strcmp(t->text, "0"))) {
		scn_take(p);
		l->router_lifetime = 0;
		return 0;
	}
	rc = scn_take_duration(p, "a router lifetime", &l->router_lifetime);

	if (!rc && l->router_lifetime > 9000 * SCN_NS_PER_SEC)
		return scn_err(p, t, "expected a router lifetime of at most 9000s (RFC 4861), found '%s'",
			       t->text);
	return rc;
}

/** scn_lan6_opts - options of the lan6 line */
const struct scn_opt scn_lan6_opts[] = {
	{ "only", lan6_only, "",
	  "IPv6-only: no DHCPv4 on the LAN (a dhcp block is refused)" },
	{ "ra", lan6_ra, "managed|other|slaac|off",
	  "what pxelab's router advertisements say: M=1 O=1 (default), M=0 O=1, M=0 O=0, or none sent" },
	{ "router-lifetime", lan6_lifetime, "DURATION",
	  "router lifetime in the advertisements (default 1800s; 0s: not a default router)" },
};
const size_t scn_nlan6_opts = ARRAY_SIZE(scn_lan6_opts);

/**
 * scn_stmt_lan6() - "lan6 PREFIX/64 [only] [ra MODE] [router-lifetime DURATION]"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_lan6(struct scn_parser *p)
{
	struct scn_lan6 *l = &p->s->lan6;
	int rc;

	l->given = 1;
	l->loc = scn_tok_loc(p, &p->tok[0]);
	l->router_lifetime = 1800 * SCN_NS_PER_SEC;
	rc = take_prefix6(p, l->prefix);
	if (rc)
		return rc;
	return scn_take_opts(p, scn_lan6_opts, scn_nlan6_opts,
			     "a lan6 option (only, ra, router-lifetime)", l);
}

/**
 * scn_stmt_dhcp6() - "dhcp6 SERVER": pxelab's own DHCPv6 server, or a real one in the private namespace
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_dhcp6(struct scn_parser *p)
{
	struct scn_dhcp *d = &p->s->dhcp6.pol;
	int rc;

	d->loc = scn_tok_loc(p, &p->tok[0]);
	d->kind = SCN_SRV_NONE;
	rc = scn_take_server(p, "a DHCPv6 server", SCN_IN_DHCP6, &d->kind);
	return rc ? rc : scn_end(p);
}

/**
 * scn_stmt_pool6() - "pool IPV6 - IPV6" in a dhcp6 block
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_pool6(struct scn_parser *p)
{
	static const char *const dash[] = { "-", NULL };
	struct scn_dhcp6 *d = &p->s->dhcp6;
	uint8_t lo[16], hi[16];
	const struct scn_tok *t;
	int i;

	if (scn_take_ip6(p, "the first pool address", lo) ||
	    scn_take_choice(p, "'-'", dash, &i))
		return -EINVAL;
	t = scn_peek(p);
	if (scn_take_ip6(p, "the last pool address", hi))
		return -EINVAL;
	if (memcmp(lo, hi, 12) || memcmp(hi, lo, 16) < 0)
		return scn_err(p, t, "expected a last address at or after the first, differing only in its last 32 bits, found '%s'",
			       t->text);
	memcpy(d->pool_start, lo, 16);
	memcpy(d->pool_end, hi, 16);
	return scn_end(p);
}

/**
 * scn_cur_policy() - the policy the current block's rules go to
 * @p: parser
 *
 * Return: the dhcp6 block's inside one, else the dhcp block.
 */
struct scn_dhcp *scn_cur_policy(struct scn_parser *p)
{
	return p->block == SCN_BLK_DHCP6 ? &p->s->dhcp6.pol : &p->s->dhcp;
}

/**
 * scn_lan6_addr() - pxelab's IPv6 service address on the LAN
 * @s:   scenario (with a lan6 line)
 * @out: out: prefix + the host part of the IPv4 gateway
 */
void scn_lan6_addr(const struct scenario *s, uint8_t out[16])
{
	scn_lan6_host(s, s->lan.given ? s->lan.gateway : 0x0a000202, out);
}

/**
 * scn_lan6_host() - the IPv6 address of an IPv4 host of the LAN: the lan6 prefix and its host part
 * @s:    scenario (with a lan6 line)
 * @addr: IPv4 address in the LAN (10.0.2.5 -> fd00::5)
 * @out:  out
 */
void scn_lan6_host(const struct scenario *s, uint32_t addr, uint8_t out[16])
{
	unsigned prefix = s->lan.given ? s->lan.prefix : 24;
	uint32_t host = addr & ~(~0u << (32 - prefix));

	memcpy(out, s->lan6.prefix, 8);
	memset(out + 8, 0, 4);
	out[12] = (uint8_t)(host >> 24);
	out[13] = (uint8_t)(host >> 16);
	out[14] = (uint8_t)(host >> 8);
	out[15] = (uint8_t)host;
}
