/* dead_ends.c - dead ends: the built-in table, the `dead-end` line, and which pattern a console line meets
 *
 * A dead end is proof that a client will not go on: a console line that
 * firmware or a boot loader prints when it has given up, or a client that
 * sends no frame and prints nothing for the idle time.  The engine fails the
 * current stage at once (engine/judge.c) instead of waiting out `within`.
 * Every built-in pattern is a row of scn_dead_end_builtins[]; the parser, the
 * judge, `pxelab check` and the manual read it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lang/parse.h"

/** scn_dead_end_builtins - the console lines that end a boot, one row each */
const struct scn_dead_end_def scn_dead_end_builtins[] = {
	{ "grub-prompt", "^[[:space:]]*grub( rescue)?>",
	  "GRUB gave up and waits at its command prompt" },
	{ "no-bootable-device", "No bootable device",
	  "the BIOS found nothing left to boot" },
	{ "nothing-to-boot", "Nothing to boot",
	  "iPXE got neither a boot file nor a root path" },
	{ "pxe-error", "PXE-E[0-9A-F][0-9A-F]",
	  "the firmware's PXE stack gave up" },
	{ "kernel-panic", "Kernel panic",
	  "the kernel panicked" },
	{ "boot-failed", "Boot failed",
	  "the firmware could not boot the device it tried" },
};
const size_t scn_ndead_end_builtins = ARRAY_SIZE(scn_dead_end_builtins);

/**
 * builtin_index() - the row of a built-in's name
 * @name: the name
 *
 * Return: its index, or -1.
 */
static int builtin_index(const char *name)
{
	size_t i;

	for (i = 0; i < scn_ndead_end_builtins; i++)
		if (!strcmp(scn_dead_end_builtins[i].name, name))
			return (int)i;
	return -1;
}

/**
 * take_off() - "off NAME|all": turn a built-in (or all of them) off
 * @p: parser (after "off")
 * @d: the scenario's dead ends
 *
 * Return: 0 or a negative errno.
 */
static int take_off(struct scn_parser *p, struct scn_dead_ends *d)
{
	const struct scn_tok *t = scn_peek(p);
	struct scn_suggest sg;
	size_t i;
	int k;

	if (!t || t->kind != SCN_TOK_WORD)
		return scn_expected(p, "the name of a built-in dead end, or 'all'");
	k = builtin_index(t->text);
	if (k < 0 && strcmp(t->text, "all")) {
		scn_suggest_init(&sg, t->text);
		for (i = 0; i < scn_ndead_end_builtins; i++)
			scn_suggest_add(&sg, scn_dead_end_builtins[i].name);
		scn_suggest_add(&sg, "all");
		return scn_unknown(p, t, "a built-in dead end or 'all'", &sg);
	}
	if (k < 0 ? d->off_all : (d->off & (1u << k)) != 0)
		return scn_err(p, t, "dead end '%s' is already off", t->text);
	if (k < 0)
		d->off_all = 1;
	else
		d->off |= 1u << k;
	scn_take(p);
	return scn_end(p);
}

/**
 * take_idle() - "idle DURATION|off": how long a silent client may stay silent
 * @p: parser (after "idle")
 * @d: the scenario's dead ends
 * @loc: where the line starts
 *
 * Return: 0 or a negative errno.
 */
static int take_idle(struct scn_parser *p, struct scn_dead_ends *d, struct scn_loc loc)
{
	const struct scn_tok *t = scn_peek(p);
	int rc = 0;

	if (d->idle_loc.line)
		return scn_err(p, &p->tok[0], "duplicate 'dead-end idle' (first on line %u)",
			       d->idle_loc.line);
	if (t && t->kind == SCN_TOK_WORD && !strcmp(t->text, "off")) {
		scn_take(p);
		d->idle = 0;
	} else {
		rc = scn_take_duration(p, "an idle time (or 'off')", &d->idle);
	}
	if (rc)
		return rc;
	d->idle_loc = loc;
	return scn_end(p);
}

/**
 * take_pattern() - "\"TEXT\"", "~ \"REGEX\"" or "^regex": the scenario's own dead end
 * @p: parser
 * @d: the scenario's dead ends
 * @loc: where the line starts
 *
 * Return: 0 or a negative errno.
 */
static int take_pattern(struct scn_parser *p, struct scn_dead_ends *d, struct scn_loc loc)
{
	static const struct scn_field_def text = {
		"text", NULL, SCN_V_CONTAINS, 0, NULL, "\"TEXT\" | ~ \"REGEX\"", "a console line"
	};
	struct scn_dead_end *de;
	int rc;

	if (!scn_peek(p))
		return scn_expected(p, "\"TEXT\", ~ \"REGEX\", 'off NAME' or 'idle DURATION'");
	rc = scn_push_checked(p, &d->v, &d->n, sizeof(*de), "dead-end lines", (void **)&de);
	if (rc)
		return rc;
	de->m.loc = loc;
	rc = scn_take_value(p, &text, &de->m);
	return rc ? rc : scn_end(p);
}

/**
 * scn_stmt_dead_end() - "dead-end \"TEXT\" | ~ \"REGEX\" | off NAME|all | idle DURATION|off"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_dead_end(struct scn_parser *p)
{
	struct scn_dead_ends *d = &p->s->dead_ends;
	struct scn_loc loc = scn_tok_loc(p, &p->tok[0]);
	const struct scn_tok *t = scn_peek(p);

	if (t && t->kind == SCN_TOK_WORD && !strcmp(t->text, "off")) {
		scn_take(p);
		return take_off(p, d);
	}
	if (t && t->kind == SCN_TOK_WORD && !strcmp(t->text, "idle")) {
		scn_take(p);
		return take_idle(p, d, loc);
	}
	return take_pattern(p, d, loc);
}

/**
 * builtin_row() - fill one dead end from a row of the built-in table
 * @de: out
 * @def: the row
 *
 * Return: 0 or -ENOMEM (-EINVAL for a row whose regex does not compile:
 * test_dead_ends checks every row).
 */
static int builtin_row(struct scn_dead_end *de, const struct scn_dead_end_def *def)
{
	memset(de, 0, sizeof(*de));
	de->name = def->name;
	de->why = def->why;
	de->m.op = SCN_OP_REGEX;
	de->m.client = -1;
	snprintf(de->m.field, sizeof(de->m.field), "text");
	de->m.value = strdup(def->regex);
	de->m.re = malloc(sizeof(*de->m.re));
	if (!de->m.value || !de->m.re) {
		free(de->m.re);
		de->m.re = NULL;
		return -ENOMEM;
	}
	if (regcomp(de->m.re, def->regex, REG_EXTENDED | REG_NOSUB)) {
		free(de->m.re);
		de->m.re = NULL;
		return -EINVAL;
	}
	return 0;
}

/**
 * scn_dead_ends_finish() - the patterns in force: built-ins not turned off, then the scenario's
 * @p: parser (after the last line)
 *
 * Also applies the default idle time when the file gave none.
 */
void scn_dead_ends_finish(struct scn_parser *p)
{
	struct scn_dead_ends *d = &p->s->dead_ends;
	struct scn_dead_end *v;
	size_t i, k = 0;

	if (!d->idle_loc.line)
		d->idle = SCN_IDLE_DEFAULT;
	v = calloc(scn_ndead_end_builtins + d->n + 1, sizeof(*v));
	if (!v) {
		scn_err(p, NULL, "out of memory");
		return;
	}
	for (i = 0; i < scn_ndead_end_builtins; i++) {
		if (d->off_all || (d->off & (1u << i)))
			continue;
		if (builtin_row(&v[k], &scn_dead_end_builtins[i]) == 0)
			k++;
		else
			scn_match_clear(&v[k].m);
	}
	if (d->n)
		memcpy(v + k, d->v, d->n * sizeof(*v));
	free(d->v);
	d->v = v;
	d->n += k;
}

/**
 * scn_dead_end_find() - the first dead end a console line meets
 * @s: scenario
 * @line: the line (escape sequences removed)
 *
 * Return: the pattern, or NULL.
 */
const struct scn_dead_end *scn_dead_end_find(const struct scenario *s, const char *line)
{
	size_t i;

	for (i = 0; i < s->dead_ends.n; i++) {
		const struct scn_match *m = &s->dead_ends.v[i].m;

		if (m->op == SCN_OP_REGEX ? m->re && !regexec(m->re, line, 0, NULL, 0)
					  : m->value && strstr(line, m->value) != NULL)
			return &s->dead_ends.v[i];
	}
	return NULL;
}
