/* parse_fields.c - field values of expectations and DHCP rule conditions */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lang/parse.h"

/** num_ops - comparison words accepted before a number */
static const struct {
	const char *word;
	enum scn_op op;
} num_ops[] = {
	{ "=", SCN_OP_EQ }, { "!=", SCN_OP_NE }, { "<", SCN_OP_LT },
	{ "<=", SCN_OP_LE }, { ">", SCN_OP_GT }, { ">=", SCN_OP_GE },
};

/* REGEX_MAX_ATOMS - atoms a regex may have once its repetitions are copied out */
#define REGEX_MAX_ATOMS 65536ul

/**
 * struct rx_level - one group of a regex being sized (see regex_atoms())
 * @sum:  atoms in the group so far
 * @last: atoms in its last item, which a repetition after it copies
 */
struct rx_level {
	unsigned long sum;
	unsigned long last;
};

/**
 * rx_add() - end a group's item of @n atoms (counts saturate past the limit)
 * @l: the group
 * @n: atoms
 */
static void rx_add(struct rx_level *l, unsigned long n)
{
	l->last = n > REGEX_MAX_ATOMS ? REGEX_MAX_ATOMS + 1 : n;
	l->sum = l->sum + l->last > REGEX_MAX_ATOMS ? REGEX_MAX_ATOMS + 1 : l->sum + l->last;
}

/**
 * rx_repeat() - a repetition of the group's last item: x+ becomes x x*, x{m,n} n copies
 * @l:      the group
 * @copies: copies of the item it makes (rx_copies(), at most 65)
 */
static void rx_repeat(struct rx_level *l, unsigned long copies)
{
	l->sum -= l->last;
	rx_add(l, l->last * copies + 1);
}

/**
 * rx_copies() - copies of its item a repetition makes
 * @s: the repetition: '*', '?', '+' or a {m,n} bound
 *
 * Return: 1 for '*' and '?', 2 for '+' (x x*), the largest bound + 1.
 */
static unsigned long rx_copies(const char *s)
{
	unsigned long most = 0, v;

	if (*s != '{')
		return *s == '+' ? 2 : 1;
	for (s++; isdigit((unsigned char)*s) || *s == ','; s++) {
		v = isdigit((unsigned char)*s) && !isdigit((unsigned char)s[-1]) ?
		    strtoul(s, NULL, 10) : 0;
		most = v > most ? v : most;
	}
	return (most > 64 ? 64 : most) + 1;	/* regex_too_hard() allows 64 */
}

/**
 * rx_bracket_len() - bytes of a [bracket expression] starting at @s
 * @s: its '['
 *
 * Return: up to and with its ']' ([:class:] and the like inside it
 * included), or to the end of an unclosed one.
 */
static size_t rx_bracket_len(const char *s)
{
	const char *q = s + 1, *end;

	q += *q == '^';
	q += *q == ']';	/* a leading ']' is a member */
	while (*q && *q != ']') {
		end = *q == '[' && q[1] && strchr(":.=", q[1]) ? strchr(q + 2, ']') : NULL;
		q = end ? end + 1 : q + 1;
	}
	return (size_t)(q - s) + (*q ? 1 : 0);
}

/**
 * rx_token_len() - bytes of the atom or bound starting at @s
 * @s: in the pattern (not at its NUL)
 *
 * Return: 2 for an escape, the whole of a [bracket] or {m,n}, else 1.
 */
static size_t rx_token_len(const char *s)
{
	const char *q = s + 1;

	if (*s == '\\')
		return s[1] ? 2 : 1;
	if (*s == '[')
		return rx_bracket_len(s);
	if (*s != '{')
		return 1;
	while (isdigit((unsigned char)*q) || *q == ',')
		q++;
	return *q == '}' ? (size_t)(q - s) + 1 : 1;
}

/**
 * regex_atoms() - how many atoms the regex library makes of a pattern
 * @pat: the pattern (at most SCN_MAX_REGEX bytes)
 *
 * glibc's regcomp() copies x out for x+ (x x*) and x{m,n}, so nested or
 * stacked repetitions grow the pattern exponentially ("a" and 36 '+', found
 * by the fuzz target, ran pxelab check past 24 GB).  Items and groups add
 * up, a repetition multiplies its item.
 *
 * Return: the count, or REGEX_MAX_ATOMS + 1 for more.
 */
static unsigned long regex_atoms(const char *pat)
{
	struct rx_level lv[SCN_MAX_REGEX + 2] = { { 0, 0 } };
	size_t d = 0;
	const char *s;

	for (s = pat; *s; s += strchr("()|", *s) ? 1 : rx_token_len(s)) {
		if (*s == '(' && d + 1 < SCN_MAX_REGEX + 2) {
			lv[++d] = (struct rx_level){ 0, 0 };
		} else if (*s == ')' && d > 0) {
			d--;
			rx_add(&lv[d], lv[d + 1].sum + 1);
		} else if (*s == '|') {
			lv[d].last = 0;
		} else if (strchr("*?+{", *s)) {
			rx_repeat(&lv[d], rx_copies(s));
		} else {
			rx_add(&lv[d], 1);
		}
	}
	for (; d > 0; d--)	/* unclosed: regcomp() says so */
		rx_add(&lv[d - 1], lv[d].sum + 1);
	return lv[0].sum;
}

/**
 * regex_too_hard() - refuse regexes that are costly to compile or run
 * @pat: the pattern
 *
 * Return: a reason, or NULL if the pattern is acceptable.
 */
static const char *regex_too_hard(const char *pat)
{
	unsigned bounds = 0;
	const char *s, *q;

	if (strlen(pat) > SCN_MAX_REGEX)
		return "at most 256 bytes";
	for (s = pat; *s; s++) {
		if (*s == '\\') {
			if (s[1] >= '1' && s[1] <= '9')
				return "no back-references";
			if (s[1])
				s++;
			continue;
		}
		if (*s != '{')
			continue;
		if (++bounds > 2)
			return "at most two {m,n} bounds";
		for (q = s + 1; isdigit((unsigned char)*q) || *q == ','; q++)
			if (isdigit((unsigned char)*q) &&
			    !isdigit((unsigned char)q[-1]) &&
			    strtoul(q, NULL, 10) > 64)
				return "bounds of at most 64";
	}
	if (regex_atoms(pat) > REGEX_MAX_ATOMS)
		return "at most 65536 atoms with its repetitions copied out";
	return NULL;
}

/**
 * scn_compile_regex() - validate and compile a POSIX extended regex
 * @p:       parser
 * @t:       token it came from (for the error location)
 * @pattern: the regex
 * @out:     out: compiled regex (malloc'ed; scn_match_clear() frees it)
 *
 * Return: 0, -EINVAL (reported) or -ENOMEM.
 */
int scn_compile_regex(struct scn_parser *p, const struct scn_tok *t,
		      const char *pattern, regex_t **out)
{
	const char *why = regex_too_hard(pattern);
	char found[64], err[128];
	regex_t *re;
	int rc;

	if (why)
		return scn_err(p, t, "expected a simpler regex (%s), found %s",
			       why, scn_tok_desc(t, found, sizeof(found)));
	re = malloc(sizeof(*re));
	if (!re)
		return -ENOMEM;
	rc = regcomp(re, pattern, REG_EXTENDED | REG_NOSUB);
	if (rc) {
		regerror(rc, re, err, sizeof(err));
		free(re);
		return scn_err(p, t, "expected a valid regex, found %s (%s)",
			       scn_tok_desc(t, found, sizeof(found)), err);
	}
	*out = re;
	return 0;
}

/**
 * set_value() - store a value's text in a match
 * @m:    match
 * @op:   operator
 * @text: value text (copied)
 *
 * Return: 0 or -ENOMEM.
 */
static int set_value(struct scn_match *m, enum scn_op op, const char *text)
{
	m->op = op;
	m->value = strdup(text);
	return m->value ? 0 : -ENOMEM;
}

/**
 * take_regex_form() - take "^regex" or "~ REGEX" if that is what comes next
 * @p: parser
 * @m: match to fill
 *
 * Return: 1 if a regex was taken, 0 if the next token is not a regex form,
 * or a negative errno.
 */
static int take_regex_form(struct scn_parser *p, struct scn_match *m)
{
	struct scn_tok *t = scn_peek(p);
	int rc;

	if (!t || t->kind != SCN_TOK_WORD)
		return 0;
	if (!strcmp(t->text, "~")) {
		scn_take(p);
		t = scn_peek(p);
		if (!t)
			return scn_expected(p, "a regex after '~'");
	} else if (t->text[0] != '^') {
		return 0;
	}
	rc = scn_compile_regex(p, t, t->text, &m->re);
	if (rc)
		return rc;
	scn_take(p);
	rc = set_value(m, SCN_OP_REGEX, t->text);
	return rc ? rc : 1;
}

/**
 * take_text() - VALUE: "exact", bare word, ^regex or ~ "regex"
 * @p:  parser
 * @m:  match
 * @op: operator for a plain value (EQ, or CONTAINS for console text)
 *
 * Return: 0 or a negative errno.
 */
static int take_text(struct scn_parser *p, struct scn_match *m, enum scn_op op)
{
	const struct scn_tok *t;
	int rc = take_regex_form(p, m);

	if (rc)
		return rc < 0 ? rc : 0;
	t = scn_peek(p);
	if (!t)
		return scn_expected(p, "a value (\"text\", ^regex or ~ \"regex\")");
	scn_take(p);
	return set_value(m, op, t->text);
}

/**
 * take_number() - [OP] N (or a duration for SCN_V_SECONDS)
 * @p:       parser
 * @m:       match
 * @seconds: also accept a duration, stored in whole seconds
 *
 * Return: 0 or a negative errno.
 */
static int take_number(struct scn_parser *p, struct scn_match *m, int seconds)
{
	const struct scn_tok *t = scn_peek(p);
	char found[64], num[24];
	uint64_t ns;
	size_t i;

	m->op = SCN_OP_EQ;
	for (i = 0; t && i < ARRAY_SIZE(num_ops); i++) {
		if (t->kind == SCN_TOK_WORD && !strcmp(t->text, num_ops[i].word)) {
			m->op = num_ops[i].op;
			scn_take(p);
			t = scn_peek(p);
			break;
		}
	}
	if (t && t->kind == SCN_TOK_WORD && seconds &&
	    !scn_parse_duration(t->text, &ns) && ns % SCN_NS_PER_SEC == 0)
		m->num = ns / SCN_NS_PER_SEC;
	else if (!t || t->kind != SCN_TOK_WORD ||
		 scn_parse_u64(t->text, UINT64_MAX, &m->num))
		return scn_err(p, t, "expected %s, found %s",
			       seconds ? "a number of seconds or a duration like 1h" :
			       "a number (optionally after < <= > >= = !=)",
			       scn_tok_desc(t, found, sizeof(found)));
	scn_take(p);
	m->is_num = 1;
	snprintf(num, sizeof(num), "%llu", (unsigned long long)m->num);
	m->value = strdup(num);
	return m->value ? 0 : -ENOMEM;
}

/**
 * take_within() - DURATION: an upper bound on the observation's duration
 * @p: parser
 * @m: match (compared with the observation's duration-us, engine/match.c)
 *
 * Return: 0 or a negative errno.
 */
static int take_within(struct scn_parser *p, struct scn_match *m)
{
	const struct scn_tok *t = scn_peek(p);
	uint64_t ns;
	int rc = scn_take_duration(p, "a duration", &ns);

	if (rc)
		return rc;
	m->op = SCN_OP_EQ;
	m->is_num = 1;
	m->num = ns / 1000;
	m->value = strdup(t->text);
	return m->value ? 0 : -ENOMEM;
}

/**
 * take_rate() - [OP] RATE: bytes per second ("1MB/s"), kept as written for the dump
 * @p: parser
 * @m: match
 *
 * Return: 0 or a negative errno.
 */
static int take_rate(struct scn_parser *p, struct scn_match *m)
{
	const struct scn_tok *t = scn_peek(p);
	char found[64];
	size_t i;
	int rc;

	m->op = SCN_OP_EQ;
	for (i = 0; t && t->kind == SCN_TOK_WORD && i < ARRAY_SIZE(num_ops); i++) {
		if (!strcmp(t->text, num_ops[i].word)) {
			m->op = num_ops[i].op;
			scn_take(p);
			t = scn_peek(p);
			break;
		}
	}
	rc = t && t->kind == SCN_TOK_WORD ? scn_parse_rate(t->text, &m->num) : -EINVAL;
	if (rc)
		return scn_err(p, t, "expected a rate like 1MB/s, 500kB/s, 2MiB/s or 1000000B/s%s, found %s",
			       rc == -ERANGE ? " that fits 64 bits" : "", scn_tok_desc(t, found, sizeof(found)));
	scn_take(p);
	m->is_num = 1;
	m->value = strdup(t->text);
	return m->value ? 0 : -ENOMEM;
}

/**
 * take_checked() - a value that is a regex form or a validated word
 * @p:    parser
 * @m:    match
 * @kind: SCN_V_IP or SCN_V_IQN
 *
 * Return: 0 or a negative errno.
 */
static int take_checked(struct scn_parser *p, struct scn_match *m,
			enum scn_vkind kind)
{
	const struct scn_tok *t;
	char ip[16];
	uint32_t a;
	int rc = take_regex_form(p, m);

	if (rc)
		return rc < 0 ? rc : 0;
	if (kind == SCN_V_IP) {
		rc = scn_take_ip(p, "an address", &a);
		if (rc)
			return rc;
		pxl_ip_str(a, ip);
		return set_value(m, SCN_OP_EQ, ip);
	}
	t = scn_peek(p);
	if (!t || scn_check_iqn(t->text))
		return scn_expected(p, "an iSCSI name like iqn.2026-11.org.pxelab:boot");
	scn_take(p);
	return set_value(m, SCN_OP_EQ, t->text);
}

/**
 * take_feature() - an iPXE feature name
 * @p: parser
 * @m: match
 *
 * Return: 0 or a negative errno.
 */
static int take_feature(struct scn_parser *p, struct scn_match *m)
{
	const struct scn_tok *t = scn_peek(p);
	const struct scn_feature_def *fd;
	struct scn_suggest sg;
	size_t i;

	if (!t)
		return scn_expected(p, "an iPXE feature (iscsi, http, https, dns, ...)");
	if (!scn_feature_lookup(t->text)) {
		scn_suggest_init(&sg, t->text);
		for (i = 0; (fd = scn_feature_at(i)); i++)
			scn_suggest_add(&sg, fd->name);
		return scn_unknown(p, t, "an iPXE feature (iscsi, http, https, dns, ...)",
				   &sg);
	}
	scn_take(p);
	return set_value(m, SCN_OP_HAS, t->text);
}

/**
 * take_tftp_option() - NAME or NAME=VALUE
 * @p: parser
 * @m: match (field becomes "option-NAME")
 *
 * Return: 0 or a negative errno.
 */
static int take_tftp_option(struct scn_parser *p, struct scn_match *m)
{
	const struct scn_tok *t = scn_peek(p);
	const char *eq;
	size_t n, i;

	if (!t || t->kind != SCN_TOK_WORD)
		return scn_expected(p, "a TFTP option NAME or NAME=VALUE");
	eq = strchr(t->text, '=');
	n = eq ? (size_t)(eq - t->text) : strlen(t->text);
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)t->text[i]) && t->text[i] != '-')
			break;
	if (!n || i < n || n > 32 || (eq && !eq[1]))
		return scn_expected(p, "a TFTP option NAME or NAME=VALUE");
	snprintf(m->field, sizeof(m->field), "option-%.*s", (int)n, t->text);
	for (i = 7; m->field[i]; i++)
		m->field[i] = (char)tolower((unsigned char)m->field[i]);
	scn_take(p);
	if (!eq) {
		m->op = SCN_OP_PRESENT;
		return 0;
	}
	return set_value(m, SCN_OP_EQ, eq + 1);
}

/**
 * take_dhcp_option() - N VALUE
 * @p: parser
 * @m: match (field becomes "option-N")
 *
 * Return: 0 or a negative errno.
 */
static int take_dhcp_option(struct scn_parser *p, struct scn_match *m)
{
	uint64_t code;
	int rc = scn_take_num(p, "a DHCP option code", 1, 254, &code);

	if (rc)
		return rc;
	snprintf(m->field, sizeof(m->field), "option-%u", (unsigned)code);
	return take_text(p, m, SCN_OP_EQ);
}

/**
 * take_simple() - values taken by a single cursor call: MAC, enum, client
 * @p:  parser
 * @fd: field
 * @m:  match
 *
 * Return: 0 or a negative errno.
 */
static int take_simple(struct scn_parser *p, const struct scn_field_def *fd,
		       struct scn_match *m)
{
	const struct scn_tok *t;
	uint8_t mac[6];
	char buf[160];
	int idx, rc;

	switch (fd->kind) {
	case SCN_V_MAC:
		rc = scn_take_mac(p, mac);
		if (rc)
			return rc;
		pxl_mac_str(mac, buf);
		return set_value(m, SCN_OP_EQ, buf);
	case SCN_V_ENUM:
		snprintf(buf, sizeof(buf), "a %s (%s)", fd->name, fd->args);
		rc = scn_take_choice(p, buf, fd->enumv, &idx);
		return rc ? rc : set_value(m, SCN_OP_EQ, fd->enumv[idx]);
	case SCN_V_CLIENT:
		rc = scn_take_name(p, "a client name", &t);
		return rc ? rc : set_value(m, SCN_OP_EQ, t->text);
	default:
		return scn_err(p, NULL, "internal: field '%s' has no value parser",
			       fd->name);
	}
}

/**
 * scn_take_value() - take the value of a field into a match
 * @p:  parser
 * @fd: the field (its keyword already taken)
 * @m:  match to fill; field, op, value, num, re (loc set by the caller)
 *
 * Return: 0, -EINVAL (reported) or -ENOMEM.
 */
int scn_take_value(struct scn_parser *p, const struct scn_field_def *fd,
		   struct scn_match *m)
{
	snprintf(m->field, sizeof(m->field), "%s", fd->name);
	m->client = -1;
	switch (fd->kind) {
	case SCN_V_TEXT:
		return take_text(p, m, SCN_OP_EQ);
	case SCN_V_CONTAINS:
		return take_text(p, m, SCN_OP_CONTAINS);
	case SCN_V_NUM:
		return take_number(p, m, 0);
	case SCN_V_SECONDS:
		return take_number(p, m, 1);
	case SCN_V_WITHIN:
		return take_within(p, m);
	case SCN_V_RATE:
		return take_rate(p, m);
	case SCN_V_IP:
	case SCN_V_IQN:
		return take_checked(p, m, fd->kind);
	case SCN_V_FEATURE:
		return take_feature(p, m);
	case SCN_V_TFTPOPT:
		return take_tftp_option(p, m);
	case SCN_V_DHCPOPT:
		return take_dhcp_option(p, m);
	case SCN_V_FLAG:
		m->op = SCN_OP_PRESENT;
		return 0;
	default:
		return take_simple(p, fd, m);
	}
}
