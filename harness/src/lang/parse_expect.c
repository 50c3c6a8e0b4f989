/* parse_expect.c - stages: "stage", "within", and "expect"/"never" lines */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"

#define PROTOS "a protocol (dhcp, dhcp6, ra, tftp, iscsi, http, console)"

/**
 * free_fields() - do fields follow the verb (all protocols but console)?
 * @pd: protocol
 * @vi: verb index
 *
 * Return: 1 if they do; 0 for an implicit verb that takes its field positionally.
 */
static int free_fields(const struct scn_proto_def *pd, size_t vi)
{
	return !pd->implicit || !pd->verbs[vi].pos[0];
}

/**
 * scn_stmt_stage() - "stage N \"NAME\"": stages are numbered 1, 2, 3 ...
 * @p: parser
 *
 * The stage is created even when its line is wrong, so that the lines
 * after it attach to it instead of cascading into more errors.
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_stage(struct scn_parser *p)
{
	struct scenario *s = p->s;
	const struct scn_tok *nt;
	struct scn_stage *st;
	unsigned want;
	uint64_t n;
	int rc;

	rc = scn_push_checked(p, &s->stages, &s->nstages, sizeof(*st),
			      "stages", (void **)&st);
	if (rc)
		return rc;
	want = s->nstages > 1 ? s->stages[s->nstages - 2].number + 1 : 1;
	st->number = want;
	st->loc = scn_tok_loc(p, &p->tok[0]);
	nt = scn_peek(p);
	rc = scn_take_num(p, "a stage number", 1, SCN_MAX_ITEMS, &n);
	if (rc)
		return rc;
	st->number = (unsigned)n;
	if (n != want)
		return scn_err(p, nt, "expected stage %u (stages are numbered 1, 2, 3 ... in order), found '%s'",
			       want, nt->text);
	rc = scn_take_text(p, "the stage's \"NAME\"", &st->name);
	return rc ? rc : scn_end(p);
}

/**
 * scn_stmt_within() - "within DURATION"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_within(struct scn_parser *p)
{
	struct scenario *s = p->s;
	int rc;

	if (!s->nstages)
		return -EINVAL;
	rc = scn_take_duration(p, "a deadline", &s->stages[s->nstages - 1].within);
	return rc ? rc : scn_end(p);
}

/**
 * take_proto() - the protocol word of an expectation
 * @p:   parser
 * @out: out: its vocabulary
 *
 * Return: 0 or -EINVAL.
 */
static int take_proto(struct scn_parser *p, const struct scn_proto_def **out)
{
	const struct scn_tok *t = scn_peek(p);
	struct scn_suggest sg;
	unsigned i;

	if (t && (*out = scn_proto_lookup(t->text))) {
		scn_take(p);
		return 0;
	}
	if (!t)
		return scn_expected(p, PROTOS);
	scn_suggest_init(&sg, t->text);
	for (i = 0; i < SCN_PROTO_COUNT; i++)
		scn_suggest_add(&sg, scn_proto_get((enum scn_proto)i)->name);
	return scn_unknown(p, t, PROTOS, &sg);
}

/**
 * take_verb() - the verb of an expectation (implicit for console)
 * @p:  parser
 * @pd: protocol
 * @vi: out: verb index
 *
 * Return: 0 or -EINVAL.
 */
static int take_verb(struct scn_parser *p, const struct scn_proto_def *pd,
		     size_t *vi)
{
	const struct scn_tok *t = scn_peek(p);
	struct scn_suggest sg;
	char what[160];
	size_t i, n;

	*vi = 0;
	if (pd->implicit)
		return 0;
	for (i = 0; t && i < pd->nverbs; i++) {
		if (!strcmp(pd->verbs[i].name, t->text)) {
			scn_take(p);
			*vi = i;
			return 0;
		}
	}
	/* the message is only needed now: most lines name a verb */
	n = (size_t)snprintf(what, sizeof(what), "a %s verb (", pd->name);
	for (i = 0; i < pd->nverbs && n < sizeof(what); i++)
		n += (size_t)snprintf(what + n, sizeof(what) - n, "%s%s",
				      i ? ", " : "", pd->verbs[i].name);
	if (n < sizeof(what))
		snprintf(what + n, sizeof(what) - n, ")");
	if (!t)
		return scn_expected(p, what);
	scn_suggest_init(&sg, t->text);
	for (i = 0; i < pd->nverbs; i++)
		scn_suggest_add(&sg, pd->verbs[i].name);
	return scn_unknown(p, t, what, &sg);
}

/**
 * new_match() - append a condition to an expectation
 * @p:  parser
 * @ex: expectation
 * @t:  token where the condition starts
 * @out: out: the match
 *
 * Return: 0 or a negative errno.
 */
static int new_match(struct scn_parser *p, struct scn_expect *ex,
		     const struct scn_tok *t, struct scn_match **out)
{
	if (ex->nm == SCN_MAX_MATCHES)
		return scn_err(p, t, "expected at most %d conditions, found more",
			       SCN_MAX_MATCHES);
	*out = scn_push(&ex->m, &ex->nm, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	(*out)->loc = scn_tok_loc(p, t);
	(*out)->client = -1;
	return 0;
}

/**
 * field_for_verb() - check that a field applies to the verb
 * @p:  parser
 * @pd: protocol
 * @vi: verb index
 * @fd: field
 * @t:  the field's token
 *
 * Return: 0 or -EINVAL.
 */
static int field_for_verb(struct scn_parser *p, const struct scn_proto_def *pd,
			  size_t vi, const struct scn_field_def *fd,
			  const struct scn_tok *t)
{
	char verbs[96] = "";
	size_t i, n = 0;

	if (!fd->verbs || (fd->verbs & (1u << vi)))
		return 0;
	for (i = 0; i < pd->nverbs && n < sizeof(verbs); i++)
		if (fd->verbs & (1u << i))
			n += (size_t)snprintf(verbs + n, sizeof(verbs) - n, "%s%s",
					      n ? ", " : "", pd->verbs[i].name);
	return scn_err(p, t, "'%s' does not apply to %s %s (only to: %s)",
		       t->text, pd->name, pd->verbs[vi].name, verbs);
}

/**
 * take_presence() - "with FIELD" / "without FIELD"
 * @p:  parser
 * @pd: protocol
 * @vi: verb index
 * @ex: expectation
 *
 * Return: 0 or a negative errno.
 */
static int take_presence(struct scn_parser *p, const struct scn_proto_def *pd,
			 size_t vi, struct scn_expect *ex)
{
	const struct scn_tok *kw = scn_take(p), *t = scn_peek(p);
	const struct scn_field_def *fd;
	struct scn_match *m = NULL;
	int rc;

	fd = t ? scn_field_find(pd->fields, pd->nfields, t->text) : NULL;
	if (!fd) {
		char what[64];

		snprintf(what, sizeof(what), "a %s field after '%s'", pd->name, kw->text);
		return scn_expected(p, what);
	}
	rc = field_for_verb(p, pd, vi, fd, t);
	if (!rc)
		rc = new_match(p, ex, kw, &m);
	if (rc)
		return rc;
	scn_take(p);
	snprintf(m->field, sizeof(m->field), "%s", fd->name);
	if (fd->kind == SCN_V_DHCPOPT) {
		uint64_t code = 0;

		rc = scn_take_num(p, "a DHCP option code", 1, 254, &code);
		snprintf(m->field, sizeof(m->field), "option-%u", (unsigned)code);
	} else if (fd->kind == SCN_V_TFTPOPT) {
		t = scn_peek(p);
		rc = scn_take_value(p, fd, m);
		if (!rc && m->value)
			rc = scn_err(p, t, "expected a TFTP option NAME without '=VALUE' after '%s', found '%s'",
				     kw->text, t->text);
	}
	scn_match_clear(m);
	m->op = strcmp(kw->text, "with") ? SCN_OP_ABSENT : SCN_OP_PRESENT;
	return rc;
}

/**
 * take_direction() - "from CLIENT" / "to CLIENT", checked against the verb
 * @p:  parser
 * @pd: protocol
 * @vi: verb index
 * @ex: expectation
 *
 * Return: 0 or a negative errno.
 */
static int take_direction(struct scn_parser *p, const struct scn_proto_def *pd,
			  size_t vi, struct scn_expect *ex)
{
	const struct scn_verb_def *vd = &pd->verbs[vi];
	const struct scn_tok *kw = scn_take(p), *name;
	enum scn_dir dir = strcmp(kw->text, "from") ? SCN_DIR_TO : SCN_DIR_FROM;
	int rc;

	if (ex->dir != SCN_DIR_ANY)
		return scn_err(p, kw, "duplicate client ('%s' after 'from'/'to')",
			       kw->text);
	if (!(vd->dirs & (1u << dir)))
		return scn_err(p, kw, "expected '%s' for %s%s%s (%s), found '%s'",
			       dir == SCN_DIR_TO ? "from" : "to", pd->name,
			       pd->implicit ? "" : " ", pd->implicit ? "" : vd->name,
			       dir == SCN_DIR_TO ? "sent by the client" :
			       "sent to the client", kw->text);
	rc = scn_take_name(p, "a client name", &name);
	if (rc)
		return rc;
	ex->dir = dir;
	ex->client_loc = scn_tok_loc(p, name);
	ex->client_name = strdup(name->text);
	return ex->client_name ? 0 : -ENOMEM;
}

/**
 * take_times() - "times N", once per line
 * @p:    parser
 * @ex:   expectation
 * @seen: in/out: "times" was already taken on this line
 *
 * Return: 0 or -EINVAL.
 */
static int take_times(struct scn_parser *p, struct scn_expect *ex,
		      int *seen)
{
	const struct scn_tok *kw = scn_take(p);
	uint64_t n;
	int rc;

	if (*seen)
		return scn_err(p, kw, "duplicate 'times'");
	*seen = 1;
	rc = scn_take_num(p, "a count", 1, 1000000, &n);
	if (!rc)
		ex->times = (unsigned)n;
	return rc;
}

/**
 * take_field() - "FIELD VALUE" (or a misspelling, reported)
 * @p:  parser
 * @pd: protocol
 * @vi: verb index
 * @ex: expectation
 *
 * Return: 0 or a negative errno.
 */
static int take_field(struct scn_parser *p, const struct scn_proto_def *pd,
		      size_t vi, struct scn_expect *ex)
{
	const struct scn_tok *t = scn_peek(p);
	const struct scn_field_def *fd;
	struct scn_suggest sg;
	struct scn_match *m = NULL;
	char what[96];
	size_t i;
	int rc;

	fd = scn_field_find(pd->fields, pd->nfields, t->text);
	if (!fd || !free_fields(pd, vi)) {
		scn_suggest_init(&sg, t->text);
		for (i = 0; i < pd->nfields && free_fields(pd, vi); i++)
			scn_suggest_add(&sg, pd->fields[i].name);
		for (i = 0; scn_qualifiers[i]; i++)
			if (free_fields(pd, vi) || !strcmp(scn_qualifiers[i], "from") ||
			    !strcmp(scn_qualifiers[i], "times"))
				scn_suggest_add(&sg, scn_qualifiers[i]);
		snprintf(what, sizeof(what), !free_fields(pd, vi) ?
			 "'from', 'times' or end of line" :
			 "a %s field, 'from', 'to', 'times', 'with' or 'without'",
			 pd->name);
		return scn_unknown(p, t, what, &sg);
	}
	rc = field_for_verb(p, pd, vi, fd, t);
	if (!rc)
		rc = new_match(p, ex, t, &m);
	if (rc)
		return rc;
	scn_take(p);
	return scn_take_value(p, fd, m);
}

/**
 * take_positional() - the values a verb takes right after it
 * @p:  parser
 * @pd: protocol
 * @vi: verb index
 * @ex: expectation
 *
 * Return: 0 or a negative errno.
 */
static int take_positional(struct scn_parser *p, const struct scn_proto_def *pd,
			   size_t vi, struct scn_expect *ex)
{
	const struct scn_verb_def *vd = &pd->verbs[vi];
	struct scn_match *m = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < 2 && vd->pos[i]; i++) {
		const struct scn_field_def *fd =
			scn_field_find(pd->fields, pd->nfields, vd->pos[i]);

		rc = new_match(p, ex, scn_peek(p), &m);
		if (!rc)
			rc = scn_take_value(p, fd, m);
	}
	return rc;
}

/**
 * scn_stmt_expect() - "expect|never PROTOCOL VERB [ARGS] [QUALIFIER...]"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_expect(struct scn_parser *p)
{
	struct scn_stage *st;
	const struct scn_proto_def *pd;
	struct scn_expect *ex;
	const struct scn_tok *t;
	int rc, times = 0;
	size_t vi = 0;

	if (!p->s->nstages)
		return -EINVAL;
	st = &p->s->stages[p->s->nstages - 1];
	rc = scn_push_checked(p, &st->ex, &st->nex, sizeof(*ex),
			      "expectations in one stage", (void **)&ex);
	if (rc)
		return rc;
	ex->loc = scn_tok_loc(p, &p->tok[0]);
	ex->negate = !strcmp(p->tok[0].text, "never");
	ex->times = 1;
	ex->client = -1;
	rc = take_proto(p, &pd);
	if (!rc)
		rc = take_verb(p, pd, &vi);
	if (!rc) {
		ex->proto = pd->proto;
		ex->verb = pd->verbs[vi].name;
		rc = take_positional(p, pd, vi, ex);
	}
	while (!rc && (t = scn_peek(p))) {
		if (!strcmp(t->text, "from") || !strcmp(t->text, "to"))
			rc = take_direction(p, pd, vi, ex);
		else if (!strcmp(t->text, "times"))
			rc = take_times(p, ex, &times);
		else if (free_fields(pd, vi) && (!strcmp(t->text, "with") ||
						 !strcmp(t->text, "without")))
			rc = take_presence(p, pd, vi, ex);
		else
			rc = take_field(p, pd, vi, ex);
	}
	return rc;
}

/**
 * take_keys() - "send KEYS": the keys, decoded and checked
 * @p:  parser
 * @sd: the send line
 *
 * Return: 0 or a negative errno.
 */
static int take_keys(struct scn_parser *p, struct scn_send *sd)
{
	const struct scn_tok *t = scn_peek(p);
	char bad[96], names[512], found[64];

	if (!t || strcmp(t->text, "send") || t->kind != SCN_TOK_WORD)
		return t ? scn_err(p, t, "expected 'send \"KEYS\"', found %s",
				   scn_tok_desc(t, found, sizeof(found))) :
			   scn_expected(p, "'send \"KEYS\"'");
	scn_take(p);
	t = scn_peek(p);
	if (!t)
		return scn_expected(p, "the keys to send (\"text<Enter>\")");
	scn_take(p);
	if (!(sd->keys = strdup(t->text)))
		return -ENOMEM;
	if (scn_keys_decode(sd->keys, sd->bytes, &sd->nbytes, bad, sizeof(bad)))
		return scn_err(p, t, "%s in %s; valid key names: %s", bad,
			       scn_tok_desc(t, found, sizeof(found)),
			       scn_key_names(names, sizeof(names)));
	if (!sd->nbytes)
		return scn_err(p, t, "expected keys to send, found an empty string");
	return scn_end(p);
}

/**
 * scn_stmt_on() - "on console TEXT|~ REGEX [from CLIENT] send KEYS"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_on(struct scn_parser *p)
{
	const struct scn_proto_def *pd;
	struct scn_send *sd;
	const struct scn_tok *t;
	char found[64];
	size_t vi = 0;
	int rc;

	if (p->s->nsends >= SCN_SEND_MAX)
		return scn_err(p, &p->tok[0], "expected at most %d 'on' lines, found more",
			       SCN_SEND_MAX);
	rc = scn_push_checked(p, &p->s->sends, &p->s->nsends, sizeof(*sd),
			      "'on' lines", (void **)&sd);
	if (rc)
		return rc;
	sd->loc = scn_tok_loc(p, &p->tok[0]);
	sd->when.loc = sd->loc;
	sd->when.times = 1;
	sd->when.client = -1;
	t = scn_peek(p);
	rc = take_proto(p, &pd);
	if (!rc && pd->proto != SCN_PROTO_CONSOLE)
		return scn_err(p, t, "expected 'console' (keys are sent on console text), found %s",
			       scn_tok_desc(t, found, sizeof(found)));
	if (!rc) {
		sd->when.proto = pd->proto;
		sd->when.verb = pd->verbs[vi].name;
		rc = take_positional(p, pd, vi, &sd->when);
	}
	while (!rc && (t = scn_peek(p)) && strcmp(t->text, "send")) {
		if (!strcmp(t->text, "from"))
			rc = take_direction(p, pd, vi, &sd->when);
		else
			rc = take_field(p, pd, vi, &sd->when);
	}
	return rc ? rc : take_keys(p, sd);
}
