/* match.c - does one observation meet one expectation?
 *
 * Observations come from the wire observer (dhcp, dhcp6, ra, tftp, iscsi, http) and from the
 * console (proto "console", verb "line", field "text"); expectations from
 * the scenario.  Matching is by protocol, verb, client MAC, direction and
 * every field condition.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/match.h"

/**
 * pxl_expect_proto_name() - the observation protocol name of an expectation protocol
 * @p: protocol
 *
 * Return: "dhcp", "tftp", "iscsi", "console", "http", "ibft", "dhcp6" or "ra".
 */
const char *pxl_expect_proto_name(enum scn_proto p)
{
	static const char *const names[SCN_PROTO_COUNT] = { "dhcp", "tftp", "iscsi", "console", "http",
							     "ibft", "dhcp6", "ra" };

	return p < SCN_PROTO_COUNT ? names[p] : "?";
}

/**
 * list_has() - is @want one of the comma-separated items of @list?
 * @list: "iscsi,http,tftp"
 * @want: item
 *
 * Return: 1 if present.
 */
static int list_has(const char *list, const char *want)
{
	size_t n = strlen(want);
	const char *p = list;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && !strncmp(p, want, n))
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

/**
 * num_cmp_ok() - compare a numeric field with a condition
 * @m: condition
 * @v: field text (decimal or 0x hex)
 *
 * Return: 1 if the condition holds.
 */
static int num_cmp_ok(const struct scn_match *m, const char *v)
{
	char *end;
	unsigned long long x = strtoull(v, &end, 0);

	if (end == v)
		return 0;
	switch (m->op) {
	case SCN_OP_EQ: return x == m->num;
	case SCN_OP_NE: return x != m->num;
	case SCN_OP_LT: return x < m->num;
	case SCN_OP_LE: return x <= m->num;
	case SCN_OP_GT: return x > m->num;
	case SCN_OP_GE: return x >= m->num;
	default: return 0;
	}
}

/**
 * field_ok() - does one field condition hold on an observation?
 * @m: condition
 * @o: observation
 *
 * Return: 1 if it holds.
 */
static int field_ok(const struct scn_match *m, const struct pxl_obs *o)
{
	const char *v;

	if (!strcmp(m->field, "within"))	/* an upper bound on the duration, in us */
		return (v = pxl_obs_field(o, "duration-us")) && strtoull(v, NULL, 10) <= m->num;
	v = pxl_obs_field(o, m->field);

	if (m->op == SCN_OP_ABSENT)
		return v == NULL;
	if (!v)
		return 0;
	switch (m->op) {
	case SCN_OP_PRESENT: return 1;
	case SCN_OP_REGEX: return m->re && regexec(m->re, v, 0, NULL, 0) == 0;
	case SCN_OP_CONTAINS: return m->value && strstr(v, m->value) != NULL;
	case SCN_OP_HAS: return m->value && list_has(v, m->value);
	case SCN_OP_EQ:
		if (m->is_num)
			return num_cmp_ok(m, v);
		return m->value && !strcmp(v, m->value);
	default:
		return num_cmp_ok(m, v);
	}
}

/**
 * side_exchange() - a DHCPv6 observation of OVMF's address-only exchange that @e does not ask about
 * @e: expectation
 * @o: observation
 *
 * OVMF runs two DHCPv6 clients on one MAC (field notes, section 3a): Ip6Config
 * asks only for an address (and later releases it), PxeBc asks for the boot
 * file URL.  The observer marks each message "exchange boot" or "exchange
 * address" (wire/wire_dhcp6.c).  An expectation that names no exchange is
 * about the netboot: the address exchange's SOLICIT, REPLY or RELEASE must
 * neither meet it (`expect dhcp6 reply to pc1` met by Ip6Config's reply while
 * PxeBc's never came) nor break it (`never dhcp6 reply to pc1 without
 * bootfile-url` failing on Ip6Config's reply, which rightly has none).
 * `exchange address` (or `exchange boot`) in the expectation judges that
 * exchange explicitly.
 *
 * Return: 1 if @o is to be left out for @e.
 */
static int side_exchange(const struct scn_expect *e, const struct pxl_obs *o)
{
	const char *x = pxl_obs_field(o, "exchange");
	size_t i;

	if (e->proto != SCN_PROTO_DHCP6 || !x || strcmp(x, "address"))
		return 0;
	for (i = 0; i < e->nm; i++)
		if (!strcmp(e->m[i].field, "exchange"))
			return 0;
	return 1;
}

/**
 * pxl_expect_near() - same protocol and verb: a candidate worth showing when
 *                     an expectation is not met
 * @e: expectation
 * @o: observation
 *
 * Return: 2 same protocol and verb, 1 same protocol, 0 unrelated (and
 * OVMF's address-only DHCPv6 exchange when @e is not about it: side_exchange()).
 */
int pxl_expect_near(const struct scn_expect *e, const struct pxl_obs *o)
{
	if (strcmp(pxl_expect_proto_name(e->proto), o->proto) || side_exchange(e, o))
		return 0;
	return e->verb && !strcmp(e->verb, o->verb) ? 2 : 1;
}

/**
 * pxl_expect_matches() - does @o meet @e for the client with @client_mac?
 * @sc: scenario (for named clients)
 * @e: expectation
 * @client_mac: MAC of the client whose stages are judged (NULL: any)
 * @o: observation
 *
 * An observation without a known MAC is not tied to a client and may meet
 * the expectation of any; an iBFT field only one that equals the wire's.
 * Return: 1 if it does.
 */
int pxl_expect_matches(const struct scenario *sc, const struct scn_expect *e,
		       const uint8_t *client_mac, const struct pxl_obs *o)
{
	const uint8_t *mac = client_mac;
	const char *v;
	size_t i;

	if (pxl_expect_near(e, o) != 2)
		return 0;
	if (e->client >= 0 && (size_t)e->client < sc->nclients)
		mac = sc->clients[e->client].mac;
	if (mac && o->has_mac && memcmp(mac, o->mac, 6))
		return 0;
	if (e->dir == SCN_DIR_FROM && o->dir != PXL_OBS_FROM_CLIENT)
		return 0;
	if (e->dir == SCN_DIR_TO && o->dir != PXL_OBS_TO_CLIENT)
		return 0;
	for (i = 0; i < e->nm; i++)
		if (!field_ok(&e->m[i], o))
			return 0;
	/* an iBFT field meets `expect ibft KEY` only when it equals the wire's (engine/ibft.c) */
	return e->proto != SCN_PROTO_IBFT || ((v = pxl_obs_field(o, "agrees")) && !strcmp(v, "yes"));
}
