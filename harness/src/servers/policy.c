/* policy.c - a scenario's DHCP policy as external servers see it: conditions, actions, what cannot be expressed
 *
 * Each server's translator (dhcp_*.c) walks the scenario's rules with these
 * helpers.  Conditions an external server could test are decoded into a
 * struct pxl_cond; everything else (ipxe-feature, nbp-count, comparisons
 * other than equality, regexes other than a plain prefix) is reported by
 * the translator as "cannot express: rule NAME (...)".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/addr.h"
#include "net/packet.h"
#include "servers/policy.h"

/**
 * pxl_hex() - bytes as lower-case hex without separators
 * @s: bytes
 * @len: how many
 * @out: out (truncated to fit)
 * @outlen: its size
 */
void pxl_hex(const char *s, size_t len, char *out, size_t outlen)
{
	size_t i;

	if (!outlen)
		return;
	out[0] = '\0';
	for (i = 0; i < len && 2 * i + 3 <= outlen; i++)
		snprintf(out + 2 * i, 3, "%02x", (unsigned char)s[i]);
}

/**
 * pxl_plain_text() - a value that needs no escaping in any configuration syntax
 * @s: text
 *
 * Return: 1 if printable ASCII without quotes or backslashes.
 */
int pxl_plain_text(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '"' || *s == '\\' || *s == '\'')
			return 0;
	return 1;
}

/**
 * pxl_peer_env_init() - addresses and pool of a scenario, as external servers use them
 * @env: out
 * @sc: scenario
 * @server: the namespace interface's address
 */
void pxl_peer_env_init(struct pxl_peer_env *env, const struct scenario *sc, uint32_t server)
{
	uint32_t gw = sc->lan.given ? sc->lan.gateway : 0x0a000202;

	memset(env, 0, sizeof(*env));
	env->sc = sc;
	env->server = server;
	env->prefix = sc->lan.given ? sc->lan.prefix : 24;
	env->mask = env->prefix ? 0xffffffffu << (32 - env->prefix) : 0;
	env->net = gw & env->mask;
	env->gateway = gw;
	env->pool_start = sc->dhcp.pool_start ? sc->dhcp.pool_start : env->net | 100;
	env->pool_end = sc->dhcp.pool_start ? sc->dhcp.pool_end : env->net | 199;
	env->lease = sc->dhcp.lease ? (unsigned)(sc->dhcp.lease / SCN_NS_PER_SEC) : 3600;
	env->next_server = gw;
	if (sc->lan6.given) {
		if (server)
			scn_lan6_host(sc, server, env->server6);
		scn_lan6_addr(sc, env->tftp6);
	}
}

/**
 * pxl_boot_url6() - a rule's file as a DHCPv6 boot file URL (option 59), as pxelab's DHCPv6 server makes it
 * @env: addresses (@tftp6)
 * @file: a URL (it has "://"), or a file name on the TFTP server
 * @buf: out: "tftp://[fd00::2]/snponly.efi"
 * @len: its size
 */
void pxl_boot_url6(const struct pxl_peer_env *env, const char *file, char *buf, size_t len)
{
	char a[PXL_IP6_STR];

	if (strstr(file, "://")) {
		snprintf(buf, len, "%s", file);
		return;
	}
	while (*file == '/')
		file++;
	snprintf(buf, len, "tftp://[%s]/%s", pxl_ip6_str(env->tftp6, a), file);
}

/**
 * plain_prefix() - a regex that is "^" followed by literal text
 * @re: the regex text
 *
 * Return: 1 if so.
 */
static int plain_prefix(const char *re)
{
	if (re[0] != '^' || !re[1])
		return 0;
	for (re++; *re; re++)
		if (strchr(".[]()*+?{}|\\$^", *re))
			return 0;
	return 1;
}

/**
 * pxl_cond_get() - decode a rule condition an external server could test
 * @sc: scenario (for "client NAME")
 * @m: condition
 * @c: out
 *
 * Return: 0, or -1 when no external server can test it.
 */
int pxl_cond_get(const struct scenario *sc, const struct scn_match *m, struct pxl_cond *c)
{
	memset(c, 0, sizeof(*c));
	if (!strcmp(m->field, "user-class") && m->op == SCN_OP_EQ && m->value) {
		c->kind = PXL_COND_USER_CLASS;
	} else if (!strcmp(m->field, "vendor-class") && m->op == SCN_OP_EQ && m->value) {
		c->kind = PXL_COND_VENDOR_EQ;
	} else if (!strcmp(m->field, "vendor-class") && m->op == SCN_OP_REGEX && plain_prefix(m->value)) {
		c->kind = PXL_COND_VENDOR_PREFIX;
		c->text = m->value + 1;
		c->textlen = strlen(c->text);
		return pxl_plain_text(c->text) ? 0 : -1;
	} else if (!strcmp(m->field, "arch") && m->op == SCN_OP_EQ && m->num <= 0xffff) {
		c->kind = PXL_COND_ARCH;
		c->arch = (uint16_t)m->num;
		return 0;
	} else if (!strcmp(m->field, "mac") && m->op == SCN_OP_EQ && m->value) {
		c->kind = PXL_COND_MAC;
		return pxl_mac_parse(m->value, c->mac) ? -1 : 0;
	} else if (!strcmp(m->field, "client") && m->client >= 0 && (size_t)m->client < sc->nclients) {
		c->kind = PXL_COND_MAC;
		memcpy(c->mac, sc->clients[m->client].mac, 6);
		return 0;
	} else {
		return -1;
	}
	c->text = m->value;
	c->textlen = strlen(m->value);
	return pxl_plain_text(c->text) ? 0 : -1;
}

/**
 * pxl_rule_describe() - a rule on one line: rule NAME (when COND... -> ACTION...)
 * @r: rule
 * @buf: out
 * @len: its size
 */
void pxl_rule_describe(const struct scn_rule *r, char *buf, size_t len)
{
	size_t i, o;

	o = (size_t)snprintf(buf, len, "rule %s (%s", r->name ? r->name : "?", r->otherwise ? "otherwise" : "when");
	for (i = 0; i < r->ncond && o < len; i++) {
		const struct scn_match *m = &r->cond[i];
		int quote = m->op == SCN_OP_EQ && m->value && !m->is_num;

		o += (size_t)snprintf(buf + o, len - o, " %s %s%s%s", m->field, quote ? "\"" : "",
				      m->value ? m->value : "", quote ? "\"" : "");
	}
	for (i = 0; i < r->nact && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s%s%s", i ? ", " : " -> ", r->act[i].key,
				      r->act[i].value ? " " : "", r->act[i].value ? r->act[i].value : "");
	if (o < len)
		snprintf(buf + o, len - o, ")");
}

/**
 * pxl_cannot() - add one "cannot express: RULE: WHY" line
 * @cannot: buffer
 * @r: the rule
 * @why: printf format of the reason
 */
void pxl_cannot(struct pxl_buf *cannot, const struct scn_rule *r, const char *why, ...)
{
	char desc[512], reason[256];
	va_list ap;

	va_start(ap, why);
	vsnprintf(reason, sizeof(reason), why, ap);
	va_end(ap);
	pxl_rule_describe(r, desc, sizeof(desc));
	pxl_buf_printf(cannot, "cannot express: %s: %s\n", desc, reason);
}

/**
 * pxl_rule_action() - a rule's action by key ("file", "siaddr", "root-path" ...)
 * @r: rule
 * @key: action key
 *
 * Return: the action, or NULL.
 */
const struct scn_action *pxl_rule_action(const struct scn_rule *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nact; i++)
		if (!strcmp(r->act[i].key, key))
			return &r->act[i];
	return NULL;
}

/**
 * pxl_policy_fallback() - the answer a server without conditions gives everybody
 * @d: DHCP policy
 *
 * Return: the `otherwise` rule, else the last rule, or NULL when there are none.
 */
const struct scn_rule *pxl_policy_fallback(const struct scn_dhcp *d)
{
	size_t i;

	for (i = 0; i < d->nrules; i++)
		if (d->rules[i].otherwise)
			return &d->rules[i];
	return d->nrules ? &d->rules[d->nrules - 1] : NULL;
}
