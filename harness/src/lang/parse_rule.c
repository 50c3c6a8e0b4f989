/* parse_rule.c - DHCP policy rules: "when CONDITION... ACTION..." and "otherwise" */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lang/parse.h"

/**
 * new_rule() - append a rule to the DHCP policy
 * @p:         parser
 * @otherwise: it is the fallback rule
 * @out:       out: the rule
 *
 * Return: 0 or a negative errno.
 */
static int new_rule(struct scn_parser *p, int otherwise, struct scn_rule **out)
{
	struct scn_dhcp *d = scn_cur_policy(p);
	size_t i;
	int rc;

	for (i = 0; i < d->nrules; i++)
		if (d->rules[i].otherwise)
			return scn_err(p, &p->tok[0], "'%s' after 'otherwise' (line %u) can never match",
				       p->tok[0].text, d->rules[i].loc.line);
	rc = scn_push_checked(p, &d->rules, &d->nrules, sizeof(**out),
			      "rules", (void **)out);
	if (rc)
		return rc;
	(*out)->otherwise = otherwise;
	(*out)->loc = scn_tok_loc(p, &p->tok[0]);
	return 0;
}

/** v6_meaningless - rule words a dhcp6 block refuses: DHCPv6 has no such field */
static const char *const v6_meaningless[] = {
	"ipxe-feature", "next-server", "siaddr", "sname", "root-path", "option",
	"no-option", "no-pxedhcp",
};

/**
 * refuse_in_dhcp6() - refuse a condition or action with no DHCPv6 meaning
 * @p:  parser (its next token is the word)
 * @fd: the word's definition
 *
 * Return: 0, or -EINVAL (reported) inside a dhcp6 block.
 */
static int refuse_in_dhcp6(struct scn_parser *p, const struct scn_field_def *fd)
{
	size_t i;

	if (p->block != SCN_BLK_DHCP6)
		return 0;
	for (i = 0; i < ARRAY_SIZE(v6_meaningless); i++)
		if (!strcmp(fd->name, v6_meaningless[i]) ||
		    (fd->alias && !strcmp(fd->alias, v6_meaningless[i])))
			return scn_err(p, scn_peek(p), "'%s' has no DHCPv6 meaning (a dhcp6 rule may use user-class, vendor-class, arch, mac, client, nbp-count; file, no-boot, ignore, name)",
				       scn_peek(p)->text);
	return 0;
}

/**
 * take_condition() - one condition: its keyword is next
 * @p:  parser
 * @r:  rule
 * @fd: condition definition
 *
 * Return: 0 or a negative errno.
 */
static int take_condition(struct scn_parser *p, struct scn_rule *r,
			  const struct scn_field_def *fd)
{
	struct scn_match *m = NULL;

	if (refuse_in_dhcp6(p, fd))
		return -EINVAL;
	if (r->ncond == SCN_MAX_MATCHES)
		return scn_expected(p, "at most 32 conditions");
	m = scn_push(&r->cond, &r->ncond, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->loc = scn_tok_loc(p, scn_take(p));
	return scn_take_value(p, fd, m);
}

/**
 * rule_name() - action "name NAME": label the rule, uniquely
 * @p: parser
 * @r: rule
 *
 * Return: 0 or a negative errno.
 */
static int rule_name(struct scn_parser *p, struct scn_rule *r)
{
	const struct scn_dhcp *d = scn_cur_policy(p);
	const struct scn_tok *t;
	size_t i;
	int rc = scn_take_name(p, "a rule name", &t);

	if (rc)
		return rc;
	if (r->name)
		return scn_err(p, t, "duplicate 'name' in this rule");
	for (i = 0; i < d->nrules; i++)
		if (d->rules[i].name && !strcmp(d->rules[i].name, t->text))
			return scn_err(p, t, "duplicate rule name '%s' (first on line %u)",
				       t->text, d->rules[i].loc.line);
	r->name = strdup(t->text);
	return r->name ? 0 : -ENOMEM;
}

/**
 * action_value() - fill an action's value for its definition
 * @p:  parser
 * @fd: action definition
 * @a:  action (key set)
 *
 * Return: 0 or a negative errno.
 */
static int action_value(struct scn_parser *p, const struct scn_field_def *fd,
			struct scn_action *a)
{
	const struct scn_tok *t;
	char ip[16];
	uint64_t code;
	int rc;

	switch (fd->kind) {
	case SCN_V_IP:
		rc = scn_take_ip(p, "the next-server address", &a->addr);
		if (rc)
			return rc;
		pxl_ip_str(a->addr, ip);
		a->value = strdup(ip);
		return a->value ? 0 : -ENOMEM;
	case SCN_V_DHCPOPT:
		rc = scn_take_num(p, "a DHCP option code", 1, 254, &code);
		if (rc)
			return rc;
		a->code = (unsigned)code;
		snprintf(a->key, sizeof(a->key), "option-%u", a->code);
		return scn_take_text(p, "the option's value", &a->value);
	case SCN_V_FLAG:
		return 0;
	case SCN_V_NUM:	/* no-option N */
		t = scn_peek(p);
		rc = scn_take_num(p, "a DHCP option code", 1, 254, &code);
		if (!rc && (code == 53 || code == 54))
			return scn_err(p, t, "expected an option code other than 53 and 54 (every reply has them), found %u",
				       (unsigned)code);
		a->code = (unsigned)code;
		return rc;
	default:
		return scn_take_text(p, "a value", &a->value);
	}
}

/**
 * take_action() - one action: its keyword is next
 * @p:  parser
 * @r:  rule
 * @fd: action definition
 *
 * Return: 0 or a negative errno.
 */
static int take_action(struct scn_parser *p, struct scn_rule *r,
		       const struct scn_field_def *fd)
{
	const struct scn_tok *kw;
	struct scn_action *a;
	size_t i;
	int rc;

	if (refuse_in_dhcp6(p, fd))
		return -EINVAL;
	kw = scn_take(p);
	if (!strcmp(fd->name, "name"))
		return rule_name(p, r);
	if (r->nact == SCN_MAX_MATCHES)
		return scn_err(p, kw, "expected at most 32 actions, found more");
	a = scn_push(&r->act, &r->nact, sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->loc = scn_tok_loc(p, kw);
	snprintf(a->key, sizeof(a->key), "%s",
		 fd->alias && !strcmp(fd->name, "next-server") ? fd->alias : fd->name);
	rc = action_value(p, fd, a);
	if (rc)
		return rc;
	for (i = 0; i + 1 < r->nact; i++)
		if (!strcmp(r->act[i].key, a->key))
			return scn_err(p, kw, "duplicate '%s' in this rule", kw->text);
	return 0;
}

/**
 * contradicts() - whether a flag action rules another action out
 * @flag:  "ignore" or "no-boot"
 * @other: key of another action of the rule
 *
 * Return: 1 if they cannot go together.
 */
static int contradicts(const char *flag, const char *other)
{
	if (!strcmp(flag, "ignore"))
		return 1;
	return !strcmp(other, "file") || !strcmp(other, "root-path") ||
	       !strcmp(other, "siaddr") || !strcmp(other, "sname");
}

/**
 * check_actions() - refuse contradictory actions in one rule
 * @p: parser
 * @r: rule
 *
 * Return: 0 or -EINVAL.
 */
static int check_actions(struct scn_parser *p, struct scn_rule *r)
{
	size_t i, j;

	for (i = 0; i < r->nact; i++) {
		const char *k = r->act[i].key;

		if (strcmp(k, "ignore") && strcmp(k, "no-boot"))
			continue;
		for (j = 0; j < r->nact; j++) {
			size_t later = i > j ? i : j;

			if (j != i && contradicts(k, r->act[j].key))
				return scn_err_at(p, r->act[later].loc,
						  "'%s' and '%s' contradict each other in one rule",
						  r->act[j].key, k);
		}
	}
	return 0;
}

/**
 * unknown_word() - report a word that is neither condition nor action
 * @p:       parser
 * @t:       the word
 * @actions: an action was already seen (conditions no longer allowed)
 *
 * Return: -EINVAL.
 */
static int unknown_word(struct scn_parser *p, const struct scn_tok *t,
			int actions)
{
	struct scn_suggest sg;
	size_t i;

	if (actions && scn_field_find(scn_rule_conds, scn_nrule_conds, t->text))
		return scn_err(p, t, "expected an action, found '%s' (conditions come before actions)",
			       t->text);
	scn_suggest_init(&sg, t->text);
	for (i = 0; i < scn_nrule_conds && !actions; i++)
		scn_suggest_add(&sg, scn_rule_conds[i].name);
	for (i = 0; i < scn_nrule_acts; i++)
		scn_suggest_add(&sg, scn_rule_acts[i].name);
	return scn_unknown(p, t, actions ? "an action" :
			   "a condition or an action", &sg);
}

/**
 * parse_rule() - conditions (for `when`) then actions, to the end of line
 * @p:         parser
 * @otherwise: no conditions allowed
 *
 * Return: 0 or a negative errno.
 */
static int parse_rule(struct scn_parser *p, int otherwise)
{
	const struct scn_field_def *fd;
	const struct scn_tok *t = NULL;
	struct scn_rule *r = NULL;
	int rc = new_rule(p, otherwise, &r);

	if (!rc && !otherwise &&
	    (!(t = scn_peek(p)) ||
	     !scn_field_find(scn_rule_conds, scn_nrule_conds, t->text)))
		rc = t && !scn_field_find(scn_rule_acts, scn_nrule_acts, t->text) ?
		     unknown_word(p, t, 0) :
		     scn_expected(p, "a condition (user-class, vendor-class, arch, mac, client, ipxe-feature, nbp-count)");
	while (!rc && (t = scn_peek(p))) {
		if (!otherwise && !r->nact && !r->name &&
		    (fd = scn_field_find(scn_rule_conds, scn_nrule_conds, t->text)))
			rc = take_condition(p, r, fd);
		else if ((fd = scn_field_find(scn_rule_acts, scn_nrule_acts, t->text)))
			rc = take_action(p, r, fd);
		else
			rc = unknown_word(p, t, r->nact || r->name || otherwise);
	}
	if (!rc && !r->nact)
		rc = scn_expected(p, "an action (file, next-server, sname, root-path, option, no-boot, ignore)");
	return rc ? rc : check_actions(p, r);
}

/**
 * scn_stmt_when() - "when CONDITION... ACTION..."
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_when(struct scn_parser *p)
{
	return parse_rule(p, 0);
}

/**
 * scn_stmt_otherwise() - "otherwise ACTION..."
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_otherwise(struct scn_parser *p)
{
	return parse_rule(p, 1);
}
