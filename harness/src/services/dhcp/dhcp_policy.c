/* dhcp_policy.c - DHCP boot policy: rule conditions through a table of testers, first match wins */
#include "services/dhcp/dhcp_policy.h"
#include "services/dhcp/dhcp_msg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/** match_fn - tests one condition against a request; returns 1 if it holds */
typedef int (*match_fn)(const struct dhcp_match *m, const struct dhcp_policy_req *rq,
			const struct dhcp_history *h);

/**
 * struct match_kind - a condition kind: its name (for diagnostics) and tester
 * @name: "user-class", "vendor-class", ...
 * @test: tester
 */
struct match_kind {
	const char *name;
	match_fn test;
};

/**
 * compare() - apply a comparison
 * @a:   left number
 * @cmp: comparison
 * @b:   right number
 *
 * Return: 1 or 0.
 */
static int compare(uint32_t a, enum dhcp_cmp cmp, uint32_t b)
{
	switch (cmp) {
	case DHCP_CMP_EQ: return a == b;
	case DHCP_CMP_NE: return a != b;
	case DHCP_CMP_LT: return a < b;
	case DHCP_CMP_LE: return a <= b;
	case DHCP_CMP_GT: return a > b;
	case DHCP_CMP_GE: return a >= b;
	}
	return 0;
}

/** match_user_class() - tester for DHCP_MATCH_USER_CLASS */
static int match_user_class(const struct dhcp_match *m, const struct dhcp_policy_req *rq,
			    const struct dhcp_history *h)
{
	return rq->has_user_class(rq->msg, m->str);
}

/** match_vendor() - tester for DHCP_MATCH_VENDOR */
static int match_vendor(const struct dhcp_match *m, const struct dhcp_policy_req *rq,
			const struct dhcp_history *h)
{
	return rq->vendor_prefix(rq->msg, m->str);
}

/** match_arch() - tester for DHCP_MATCH_ARCH */
static int match_arch(const struct dhcp_match *m, const struct dhcp_policy_req *rq,
		      const struct dhcp_history *h)
{
	uint16_t arch;

	return !rq->client_arch(rq->msg, &arch) && compare(arch, m->cmp, m->num);
}

/** match_feature() - tester for DHCP_MATCH_FEATURE */
static int match_feature(const struct dhcp_match *m, const struct dhcp_policy_req *rq,
			 const struct dhcp_history *h)
{
	return m->num && m->num < 255 && rq->ipxe_feature(rq->msg, (uint8_t)m->num);
}

/** match_mac() - tester for DHCP_MATCH_MAC */
static int match_mac(const struct dhcp_match *m, const struct dhcp_policy_req *rq,
		     const struct dhcp_history *h)
{
	return rq->has_mac && !memcmp(rq->mac, m->mac, 6);
}

/** match_nbp_count() - tester for DHCP_MATCH_NBP_COUNT (no MAC known: count 0) */
static int match_nbp_count(const struct dhcp_match *m, const struct dhcp_policy_req *rq,
			   const struct dhcp_history *h)
{
	uint32_t n = rq->has_mac ? dhcp_history_count(h, rq->mac, m->str) : 0;

	return compare(n, m->cmp, m->num);
}

static const struct match_kind match_kinds[] = {
	[DHCP_MATCH_USER_CLASS] = { "user-class", match_user_class },
	[DHCP_MATCH_VENDOR] = { "vendor-class", match_vendor },
	[DHCP_MATCH_ARCH] = { "arch", match_arch },
	[DHCP_MATCH_FEATURE] = { "ipxe-feature", match_feature },
	[DHCP_MATCH_MAC] = { "mac", match_mac },
	[DHCP_MATCH_NBP_COUNT] = { "nbp-count", match_nbp_count },
};

#define N_KINDS (ARRAY_SIZE(match_kinds))

/**
 * dhcp_rule_init() - an empty rule, which always matches
 * @r:    the rule
 * @name: its name (borrowed)
 */
void dhcp_rule_init(struct dhcp_rule *r, const char *name)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
}

/**
 * add_match() - append a condition
 * @r: the rule
 * @m: the condition
 *
 * Return: 0 or -ENOSPC.
 */
static int add_match(struct dhcp_rule *r, const struct dhcp_match *m)
{
	if (r->n_match >= DHCP_RULE_MAX_MATCH)
		return -ENOSPC;
	r->match[r->n_match++] = *m;
	return 0;
}

/**
 * dhcp_rule_user_class() - add "user class equals @uc"
 * @r:  the rule
 * @uc: class (borrowed)
 *
 * Return: 0 or -ENOSPC.
 */
int dhcp_rule_user_class(struct dhcp_rule *r, const char *uc)
{
	return add_match(r, &(struct dhcp_match){ .kind = DHCP_MATCH_USER_CLASS, .str = uc });
}

/**
 * dhcp_rule_vendor() - add "option 60 starts with @prefix"
 * @r:      the rule
 * @prefix: prefix (borrowed)
 *
 * Return: 0 or -ENOSPC.
 */
int dhcp_rule_vendor(struct dhcp_rule *r, const char *prefix)
{
	return add_match(r, &(struct dhcp_match){ .kind = DHCP_MATCH_VENDOR, .str = prefix });
}

/**
 * dhcp_rule_arch() - add "architecture @cmp @arch"
 * @r:    the rule
 * @cmp:  comparison
 * @arch: architecture number
 *
 * Return: 0 or -ENOSPC.
 */
int dhcp_rule_arch(struct dhcp_rule *r, enum dhcp_cmp cmp, uint16_t arch)
{
	return add_match(r, &(struct dhcp_match){ .kind = DHCP_MATCH_ARCH, .cmp = cmp,
						   .num = arch });
}

/**
 * dhcp_rule_feature() - add "iPXE announced feature @name"
 * @r:    the rule
 * @name: feature name (borrowed; resolved to its code by dhcp_rule_check()
 *        when the server starts)
 *
 * Return: 0 or -ENOSPC.
 */
int dhcp_rule_feature(struct dhcp_rule *r, const char *name)
{
	return add_match(r, &(struct dhcp_match){ .kind = DHCP_MATCH_FEATURE, .str = name });
}

/**
 * dhcp_rule_feature_code() - add "iPXE announced feature @code"
 * @r:    the rule
 * @code: feature code
 *
 * Return: 0 or -ENOSPC.
 */
int dhcp_rule_feature_code(struct dhcp_rule *r, uint8_t code)
{
	return add_match(r, &(struct dhcp_match){ .kind = DHCP_MATCH_FEATURE, .num = code });
}

/**
 * dhcp_rule_mac() - add "client MAC equals @mac"
 * @r:   the rule
 * @mac: address (copied)
 *
 * Return: 0 or -ENOSPC.
 */
int dhcp_rule_mac(struct dhcp_rule *r, const uint8_t mac[6])
{
	struct dhcp_match m = { .kind = DHCP_MATCH_MAC };

	memcpy(m.mac, mac, 6);
	return add_match(r, &m);
}

/**
 * dhcp_rule_nbp_count() - add "times given @file @cmp @n" (boot history)
 * @r:    the rule
 * @file: file name (borrowed), or NULL for any
 * @cmp:  comparison
 * @n:    number compared with
 *
 * Return: 0 or -ENOSPC.
 */
int dhcp_rule_nbp_count(struct dhcp_rule *r, const char *file, enum dhcp_cmp cmp, uint32_t n)
{
	return add_match(r, &(struct dhcp_match){ .kind = DHCP_MATCH_NBP_COUNT, .str = file,
						   .cmp = cmp, .num = n });
}

/**
 * dhcp_rule_negate_last() - negate the condition added last (again: undo)
 * @r: the rule
 *
 * Return: 0, or -EINVAL if the rule has no condition.
 */
int dhcp_rule_negate_last(struct dhcp_rule *r)
{
	if (!r->n_match)
		return -EINVAL;
	r->match[r->n_match - 1].negate = !r->match[r->n_match - 1].negate;
	return 0;
}

/**
 * dhcp_rule_option() - add an option of @len bytes at @data
 * @r:    the rule
 * @code: option code
 * @data: bytes (borrowed)
 * @len:  length
 *
 * Return: 0 or -ENOSPC.
 */
int dhcp_rule_option(struct dhcp_rule *r, uint8_t code, const void *data, size_t len)
{
	if (r->n_opts >= DHCP_RULE_MAX_OPTS)
		return -ENOSPC;
	r->opts[r->n_opts++] = (struct dhcp_rule_opt){ code, data, len };
	return 0;
}

/**
 * dhcp_rule_option_str() - add a string option
 * @r:    the rule
 * @code: option code
 * @s:    string (borrowed)
 *
 * Return: 0 or -ENOSPC.
 */
int dhcp_rule_option_str(struct dhcp_rule *r, uint8_t code, const char *s)
{
	return dhcp_rule_option(r, code, s, strlen(s));
}

/**
 * dhcp_rule_omit() - leave an option out of the replies the rule makes
 * @r:    the rule
 * @code: option code (53, the message type, and 54, the server id, are refused)
 *
 * Return: 0, -EINVAL or -ENOSPC.
 */
int dhcp_rule_omit(struct dhcp_rule *r, uint8_t code)
{
	if (code == DHCP_OPT_MSG_TYPE || code == DHCP_OPT_SERVER_ID || !code || code == 255)
		return -EINVAL;
	if (r->n_omit >= DHCP_RULE_MAX_OMIT)
		return -ENOSPC;
	r->omit[r->n_omit++] = code;
	return 0;
}

/**
 * dhcp_cmp_parse() - comparison operator from text
 * @s:   "==", "=", "!=", "<", "<=", ">", ">="
 * @cmp: out: the comparison
 *
 * Return: 0 or -EINVAL.
 */
int dhcp_cmp_parse(const char *s, enum dhcp_cmp *cmp)
{
	static const struct {
		const char *text;
		enum dhcp_cmp cmp;
	} ops[] = { { "==", DHCP_CMP_EQ }, { "=", DHCP_CMP_EQ }, { "!=", DHCP_CMP_NE },
		    { "<", DHCP_CMP_LT },  { "<=", DHCP_CMP_LE }, { ">", DHCP_CMP_GT },
		    { ">=", DHCP_CMP_GE } };
	size_t i;

	for (i = 0; s && i < ARRAY_SIZE(ops); i++) {
		if (!strcmp(s, ops[i].text)) {
			*cmp = ops[i].cmp;
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * dhcp_policy_match_req() - the first rule whose conditions all hold, for a request of either family
 * @rules: rules, in order
 * @n:     how many
 * @rq:    what the policy sees of the request (DHCPv4 or DHCPv6)
 * @h:     boot history
 *
 * Return: the rule, or NULL if none matched.
 */
const struct dhcp_rule *dhcp_policy_match_req(const struct dhcp_rule *rules, size_t n,
					      const struct dhcp_policy_req *rq,
					      const struct dhcp_history *h)
{
	const struct dhcp_match *m;
	size_t i, k;
	int ok;

	for (i = 0; i < n; i++) {
		ok = 1;
		for (k = 0; ok && k < rules[i].n_match; k++) {
			m = &rules[i].match[k];
			ok = (unsigned int)m->kind < N_KINDS &&
			     match_kinds[m->kind].test(m, rq, h) != m->negate;
		}
		if (ok)
			return &rules[i];
	}
	return NULL;
}

/** v4_user_class() - DHCPv4 view: option 77 holds @name */
static int v4_user_class(const void *msg, const char *name)
{
	return dhcp_msg_has_user_class(msg, name);
}

/** v4_vendor() - DHCPv4 view: option 60 starts with @prefix */
static int v4_vendor(const void *msg, const char *prefix)
{
	return dhcp_msg_vendor_prefix(msg, prefix);
}

/** v4_arch() - DHCPv4 view: option 93, first entry */
static int v4_arch(const void *msg, uint16_t *arch)
{
	return dhcp_msg_client_arch(msg, arch);
}

/** v4_feature() - DHCPv4 view: iPXE feature @code in option 175 */
static int v4_feature(const void *msg, uint8_t code)
{
	return dhcp_msg_ipxe_feature(msg, code);
}

/**
 * dhcp_policy_match() - the first rule whose conditions all hold, for a DHCPv4 request
 * @rules: rules, in order
 * @n:     how many
 * @msg:   the client's request
 * @h:     boot history
 *
 * Return: the rule, or NULL if none matched.
 */
const struct dhcp_rule *dhcp_policy_match(const struct dhcp_rule *rules, size_t n,
					  const struct dhcp_msg *msg,
					  const struct dhcp_history *h)
{
	struct dhcp_policy_req rq = {
		.msg = msg, .has_user_class = v4_user_class, .vendor_prefix = v4_vendor,
		.client_arch = v4_arch, .ipxe_feature = v4_feature, .has_mac = 1,
	};

	memcpy(rq.mac, msg->hdr.chaddr, 6);
	return dhcp_policy_match_req(rules, n, &rq, h);
}

/**
 * check_match() - sanity-check one condition, resolving a feature name
 * @r: the rule (for the diagnostic)
 * @m: the condition
 *
 * Return: 0 or -EINVAL.
 */
static int check_match(const struct dhcp_rule *r, struct dhcp_match *m)
{
	const char *name = r->name ? r->name : "(unnamed)";
	int code;

	if ((unsigned int)m->kind >= N_KINDS) {
		fprintf(stderr, "dhcp: rule %s: unknown condition kind %d\n", name, m->kind);
		return -EINVAL;
	}
	if ((m->kind == DHCP_MATCH_USER_CLASS || m->kind == DHCP_MATCH_VENDOR) && !m->str) {
		fprintf(stderr, "dhcp: rule %s: %s without a value\n", name,
			match_kinds[m->kind].name);
		return -EINVAL;
	}
	if (m->kind != DHCP_MATCH_FEATURE || !m->str)
		return 0;
	code = dhcp_ipxe_feature_code(m->str);
	if (code < 0) {
		fprintf(stderr, "dhcp: rule %s: unknown iPXE feature \"%s\"\n", name, m->str);
		return -EINVAL;
	}
	m->num = (uint32_t)code;
	return 0;
}

/**
 * dhcp_rule_check() - sanity-check a rule and resolve feature names to codes
 * @r: the rule (its DHCP_MATCH_FEATURE conditions by name get @num filled)
 *
 * Refuses more conditions or options than the rule holds, an unknown
 * condition kind, a user class or vendor condition without a value, an
 * unknown feature name, and options pxelab sets itself or cannot send (0,
 * 52, 53, 54, 255, longer than 1024 bytes); prints a diagnostic naming the
 * rule to stderr.
 * Return: 0 or -EINVAL.
 */
int dhcp_rule_check(struct dhcp_rule *r)
{
	const char *name = r->name ? r->name : "(unnamed)";
	size_t i;

	if (r->n_match > DHCP_RULE_MAX_MATCH || r->n_opts > DHCP_RULE_MAX_OPTS) {
		fprintf(stderr, "dhcp: rule %s: too many conditions or options\n", name);
		return -EINVAL;
	}
	for (i = 0; i < r->n_match; i++)
		if (check_match(r, &r->match[i]))
			return -EINVAL;
	for (i = 0; i < r->n_opts; i++) {
		const struct dhcp_rule_opt *o = &r->opts[i];

		if (!o->code || o->code == DHCP_OPT_END || o->code == DHCP_OPT_OVERLOAD ||
		    o->code == DHCP_OPT_MSG_TYPE || o->code == DHCP_OPT_SERVER_ID ||
		    o->len > 1024 || (o->len && !o->data)) {
			fprintf(stderr, "dhcp: rule %s: option %u cannot be set\n", name, o->code);
			return -EINVAL;
		}
	}
	return 0;
}
