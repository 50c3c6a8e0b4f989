/* dump.c - print a scenario back as normalised scenario text */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lang/parse.h"

/**
 * bare_ok() - whether text can be written as a bare word and read back
 * @s:     text
 * @first: also check the first character (not for "^regex")
 *
 * Return: 1 if every character is plain and the word means itself.
 */
static int bare_ok(const char *s, int first)
{
	const char *c;

	if (!*s || (first && strchr("^~#<>!=", *s)))
		return 0;
	for (c = s; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("._/:@+,=-^[]*?()|", *c))
			return 0;
	return 1;
}

/**
 * put_quoted() - write text as a "string" (escaping '"', '\' and '$')
 * @f: output
 * @s: text
 */
static void put_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if (*s == '$')
			fputc('$', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/**
 * put_text() - write a value as a bare word when possible, else quoted
 * @f: output
 * @s: text
 */
static void put_text(FILE *f, const char *s)
{
	if (bare_ok(s, 1))
		fputs(s, f);
	else
		put_quoted(f, s);
}

/**
 * is_text_field() - whether a field holds free text (written "quoted")
 * @tab: field table
 * @n:   entries
 * @key: canonical key of the match
 *
 * Return: 1 for text fields and DHCP options, 0 for numbers, addresses,
 * names and keywords.
 */
static int is_text_field(const struct scn_field_def *tab, size_t n,
			 const char *key)
{
	const struct scn_field_def *fd;

	if (!strncmp(key, "option-", 7))
		return isdigit((unsigned char)key[7]);
	fd = scn_field_find(tab, n, key);
	return fd && (fd->kind == SCN_V_TEXT || fd->kind == SCN_V_CONTAINS);
}

/**
 * put_value() - write a match's operator and value
 * @f:     output
 * @m:     match
 * @quote: the field holds text: write plain values "quoted"
 */
static void put_value(FILE *f, const struct scn_match *m, int quote)
{
	static const char *const ops[] = {
		[SCN_OP_NE] = "!=", [SCN_OP_LT] = "<", [SCN_OP_LE] = "<=",
		[SCN_OP_GT] = ">", [SCN_OP_GE] = ">=",
	};

	switch (m->op) {
	case SCN_OP_REGEX:
		if (m->value[0] == '^' && bare_ok(m->value + 1, 0)) {
			fputs(m->value, f);
		} else {
			fputs("~ ", f);
			put_quoted(f, m->value);
		}
		break;
	case SCN_OP_NE:
	case SCN_OP_LT:
	case SCN_OP_LE:
	case SCN_OP_GT:
	case SCN_OP_GE:
		fprintf(f, "%s %s", ops[m->op], m->value);
		break;
	case SCN_OP_CONTAINS:
		put_quoted(f, m->value);
		break;
	case SCN_OP_PRESENT:
	case SCN_OP_ABSENT:
		break;
	default:
		if (m->is_num)
			fputs(m->value, f);
		else if (quote)
			put_quoted(f, m->value);
		else
			put_text(f, m->value);
	}
}

/**
 * put_field() - write a field keyword: "option-66" reads "option 66"
 * @f:   output
 * @key: canonical key
 */
static void put_field(FILE *f, const char *key)
{
	if (!strncmp(key, "option-", 7))
		fprintf(f, "option %s", key + 7);
	else
		fputs(key, f);
}

/**
 * put_match() - write " FIELD VALUE", " with FIELD" or " without FIELD"
 * @f:   output
 * @m:   match
 * @tab: field table the match's field comes from
 * @n:   entries of @tab
 */
static void put_match(FILE *f, const struct scn_match *m,
		      const struct scn_field_def *tab, size_t n)
{
	int tftp_opt = !strncmp(m->field, "option-", 7) &&
		       !isdigit((unsigned char)m->field[7]);
	const struct scn_field_def *fd = scn_field_find(tab, n, m->field);
	int flag = fd && fd->kind == SCN_V_FLAG;	/* `expect ra managed`: the word alone */
	const char *c;

	fputc(' ', f);
	if (m->op == SCN_OP_ABSENT || (m->op == SCN_OP_PRESENT && !tftp_opt && !flag))
		fputs(m->op == SCN_OP_ABSENT ? "without " : "with ", f);
	put_field(f, m->field);
	if (m->op == SCN_OP_ABSENT || m->op == SCN_OP_PRESENT)
		return;
	if (tftp_opt) {
		fputc('=', f);
		for (c = m->value; *c; c++)
			fprintf(f, *c == '$' ? "$$" : "%c", *c);
		return;
	}
	fputc(' ', f);
	put_value(f, m, is_text_field(tab, n, m->field));
}

/**
 * put_expect() - write one expectation line (without indentation)
 * @f: output
 * @s: scenario (for client names)
 * @e: expectation
 * @kw: the line's keyword, or NULL for expect/never
 */
static void put_expect(FILE *f, const struct scenario *s,
		       const struct scn_expect *e, const char *kw)
{
	const struct scn_proto_def *pd = scn_proto_get(e->proto);
	size_t i, npos = 0;

	fprintf(f, "%s %s", kw ? kw : e->negate ? "never" : "expect", pd->name);
	if (!pd->implicit)
		fprintf(f, " %s", e->verb);
	for (i = 0; i < pd->nverbs; i++)
		if (!strcmp(pd->verbs[i].name, e->verb))
			npos = !!pd->verbs[i].pos[0] + !!pd->verbs[i].pos[1];
	for (i = 0; i < npos && i < e->nm; i++) {
		fputc(' ', f);
		put_value(f, &e->m[i], is_text_field(pd->fields, pd->nfields,
						     e->m[i].field));
	}
	if (e->dir != SCN_DIR_ANY)
		fprintf(f, " %s %s", e->dir == SCN_DIR_FROM ? "from" : "to",
			e->client >= 0 ? s->clients[e->client].name :
			e->client_name ? e->client_name : "?");
	for (; i < e->nm; i++)
		put_match(f, &e->m[i], pd->fields, pd->nfields);
	if (e->times != 1)
		fprintf(f, " times %u", e->times);
}

/**
 * unescape_display() - undo the file syntax's escapes, in place, for a reader
 * @buf: a line put_expect() wrote
 *
 * The dump escapes '\\' and '"' in strings and '$' everywhere, so that it
 * parses back; a diagnosis shows values as the user meant them (a regex
 * `pxelinux\.0$`, not `"pxelinux\\.0$$"`).  Exactly what put_quoted() and
 * put_match() add is removed.
 */
static void unescape_display(char *buf)
{
	char *r = buf, *w = buf;
	int in_str = 0;

	while (*r) {
		if (*r == '$' && r[1] == '$') {
			*w++ = '$';
			r += 2;
		} else if (in_str && *r == '\\' && (r[1] == '\\' || r[1] == '"')) {
			*w++ = r[1];
			r += 2;
		} else {
			in_str ^= *r == '"';
			*w++ = *r++;
		}
	}
	*w = 0;
}

/**
 * scn_expect_format() - an expectation as a reader wrote it, for diagnoses
 * @s:   scenario it belongs to
 * @e:   expectation
 * @buf: out: "expect dhcp ack to pc1 file snponly.efi" (cut to fit); values
 *       unescaped: `~ "pxelinux\.0$"` shows as written, not as the dump's
 *       `"pxelinux\\.0$$"`
 * @len: size of @buf
 *
 * Return: 0, or -ENOMEM.
 */
int scn_expect_format(const struct scenario *s, const struct scn_expect *e,
		      char *buf, size_t len)
{
	char io[256];
	FILE *f;

	if (!len)
		return 0;
	buf[0] = 0;
	f = fmemopen(buf, len, "w");
	if (!f)
		return -ENOMEM;
	setvbuf(f, io, _IOFBF, sizeof(io));	/* stdio would malloc 8 KiB for one line */
	put_expect(f, s, e, NULL);
	fclose(f);
	buf[len - 1] = 0;
	unescape_display(buf);
	return 0;
}

/**
 * dump_rule() - write one DHCP rule line
 * @f: output
 * @r: rule
 */
static void dump_rule(FILE *f, const struct scn_rule *r)
{
	size_t i;

	fputs(r->otherwise ? "  otherwise" : "  when", f);
	for (i = 0; i < r->ncond; i++)
		put_match(f, &r->cond[i], scn_rule_conds, scn_nrule_conds);
	for (i = 0; i < r->nact; i++) {
		const struct scn_action *a = &r->act[i];

		if (!strcmp(a->key, "siaddr"))
			fprintf(f, " next-server %s", a->value);
		else if (!strcmp(a->key, "no-option"))
			fprintf(f, " no-option %u", a->code);
		else if (a->code)
			fprintf(f, " option %u ", a->code);
		else
			fprintf(f, " %s", a->key);
		if (a->value && strcmp(a->key, "siaddr")) {
			if (!a->code)
				fputc(' ', f);
			put_quoted(f, a->value);
		}
	}
	if (r->name)
		fprintf(f, " name %s", r->name);
	fputc('\n', f);
}

/**
 * dump_dhcp() - write the dhcp block
 * @f: output
 * @d: DHCP section
 */
static void dump_dhcp(FILE *f, const struct scn_dhcp *d)
{
	char a[32], b[32];
	size_t i;

	if (d->kind == SCN_SRV_NONE)
		return;
	fprintf(f, "dhcp %s\n", scn_server_name(d->kind));
	if (d->pool_start) {
		pxl_ip_str(d->pool_start, a);
		pxl_ip_str(d->pool_end, b);
		fprintf(f, "  pool %s - %s\n", a, b);
	}
	scn_fmt_duration(d->lease, a, sizeof(a));
	fprintf(f, "  lease %s\n", a);
	for (i = 0; i < d->nres; i++) {
		pxl_mac_str(d->res[i].mac, a);
		pxl_ip_str(d->res[i].addr, b);
		fprintf(f, "  reserve %s %s\n", a, b);
	}
	if (d->no_pxedhcp)
		fputs("  no-pxedhcp\n", f);
	if (d->proxy)
		fputs("  proxy\n", f);
	for (i = 0; i < d->nrules; i++)
		dump_rule(f, &d->rules[i]);
}

/**
 * dump_ipv6() - write the lan6 line and the dhcp6 block
 * @f: output
 * @s: scenario
 */
static void dump_ipv6(FILE *f, const struct scenario *s)
{
	const struct scn_dhcp *d = &s->dhcp6.pol;
	char a[PXL_IP6_STR], b[PXL_IP6_STR];
	size_t i;

	if (!s->lan6.given)
		return;
	scn_fmt_duration(s->lan6.router_lifetime, b, sizeof(b));
	fprintf(f, "lan6 %s/64%s ra %s router-lifetime %s\n", pxl_ip6_str(s->lan6.prefix, a),
		s->lan6.only ? " only" : "", scn_ra_modes[s->lan6.ra], b);
	if (d->kind == SCN_SRV_NONE)
		return;
	fprintf(f, "dhcp6 %s\n", scn_server_name(d->kind));
	fprintf(f, "  pool %s - ", pxl_ip6_str(s->dhcp6.pool_start, a));
	fprintf(f, "%s\n", pxl_ip6_str(s->dhcp6.pool_end, b));
	scn_fmt_duration(d->lease, a, sizeof(a));
	fprintf(f, "  lease %s\n", a);
	for (i = 0; i < d->nrules; i++)
		dump_rule(f, &d->rules[i]);
}

/**
 * dump_files() - a file-serving line (tftp, http) and its `serve` lines
 * @f:    stream
 * @kw:   its keyword
 * @blk:  the block (kind SCN_SRV_NONE: not written)
 */
static void dump_files(FILE *f, const char *kw, const struct scn_tftp *blk)
{
	size_t i;

	if (blk->kind != SCN_SRV_NONE) {
		fprintf(f, "%s %s", kw, scn_server_name(blk->kind));
		if (blk->root) {
			fputs(" root ", f);
			put_text(f, blk->root);
		}
		if (blk->no_range)
			fputs(" no-range", f);
		fputc('\n', f);
	}
	for (i = 0; i < blk->nserve; i++) {
		fputs("  serve ", f);
		put_text(f, blk->serve[i].name);
		fputc(' ', f);
		put_text(f, blk->serve[i].src);
		fputc('\n', f);
	}
}

/**
 * dump_servers() - write the tftp and http blocks and iscsi targets
 * @f: output
 * @s: scenario
 */
static void dump_servers(FILE *f, const struct scenario *s)
{
	char ip[16];
	size_t i;

	dump_files(f, "tftp", &s->tftp);
	dump_files(f, "http", &s->http);
	for (i = 0; i < s->ntargets; i++) {
		const struct scn_target *t = &s->targets[i];

		fprintf(f, "iscsi %s target %s lun %u image ", scn_server_name(t->kind),
			t->iqn, t->lun);
		put_text(f, t->image);
		fprintf(f, " %s", scn_image_modes[t->mode]);
		pxl_ip_str(t->addr, ip);
		if (t->addr)
			fprintf(f, " address %s", ip);
		fprintf(f, " port %u%s\n", t->port, t->single_session ? " single-session" : "");
		if (!t->chap_user)
			continue;
		fputs("  chap ", f);
		put_text(f, t->chap_user);
		fputc(' ', f);
		put_text(f, t->chap_secret);
		if (t->mutual_user) {
			fputs(" mutual ", f);
			put_text(f, t->mutual_user);
			fputc(' ', f);
			put_text(f, t->mutual_secret);
		}
		fputc('\n', f);
	}
}

/**
 * dump_clients() - write client and fault lines
 * @f: output
 * @s: scenario
 */
static void dump_clients(FILE *f, const struct scenario *s)
{
	char mac[18], a[32];
	size_t i;

	for (i = 0; i < s->nclients; i++) {
		const struct scn_client *c = &s->clients[i];

		pxl_mac_str(c->mac, mac);
		fprintf(f, "client %s firmware %s nic %s pxe %s memory %u mac %s accel %s%s%s%s\n",
			c->name, pxl_firmwares[c->fw].name, c->nic, pxl_pxe_modes[c->pxe].name,
			c->memory_mib, mac, pxl_accels[c->accel].name,
			c->uuid[0] ? " uuid " : "", c->uuid,
			c->http_boot ? " netboot http" : c->pxe6_first ? " netboot pxe6" : "");
	}
	for (i = 0; i < s->nfaults; i++) {
		const struct scn_fault *ft = &s->faults[i];
		const struct {
			const char *name;
			uint32_t v;
		} pc[] = { { "loss", ft->loss }, { "dup", ft->dup },
			   { "reorder", ft->reorder }, { "corrupt", ft->corrupt } };
		size_t k;

		fprintf(f, "fault %s %s", ft->client_name, scn_fault_dirs[ft->dir]);
		for (k = 0; k < 4; k++) {
			scn_fmt_percent(pc[k].v, a, sizeof(a));
			if (pc[k].v)
				fprintf(f, " %s %s", pc[k].name, a);
		}
		scn_fmt_duration(ft->delay, a, sizeof(a));
		if (ft->delay)
			fprintf(f, " delay %s", a);
		scn_fmt_duration(ft->jitter, a, sizeof(a));
		if (ft->jitter)
			fprintf(f, " jitter %s", a);
		fprintf(f, " seed %llu\n", (unsigned long long)ft->seed);
	}
}

/**
 * dump_sends() - write the `on console ... send` lines
 * @f: output
 * @s: scenario
 */
static void dump_sends(FILE *f, const struct scenario *s)
{
	size_t i;

	for (i = 0; i < s->nsends; i++) {
		put_expect(f, s, &s->sends[i].when, "on");
		fputs(" send ", f);
		put_quoted(f, s->sends[i].keys);
		fputc('\n', f);
	}
}

/**
 * dump_dead_ends() - write the `dead-end` lines the scenario has (built-ins are implied)
 * @f: output
 * @s: scenario
 */
static void dump_dead_ends(FILE *f, const struct scenario *s)
{
	const struct scn_dead_ends *d = &s->dead_ends;
	char a[32];
	size_t i;

	if (d->off_all)
		fputs("dead-end off all\n", f);
	for (i = 0; i < scn_ndead_end_builtins; i++)
		if (d->off & (1u << i))
			fprintf(f, "dead-end off %s\n", scn_dead_end_builtins[i].name);
	scn_fmt_duration(d->idle, a, sizeof(a));
	if (d->idle_loc.line)
		fprintf(f, "dead-end idle %s\n", d->idle ? a : "off");
	for (i = 0; i < d->n; i++) {
		if (d->v[i].name)
			continue;
		fputs("dead-end ", f);
		put_value(f, &d->v[i].m, 1);
		fputc('\n', f);
	}
}

/**
 * dump_stages() - write stages, expectations, deadlines and xfail
 * @f: output
 * @s: scenario
 */
static void dump_stages(FILE *f, const struct scenario *s)
{
	char a[32];
	size_t i, k;

	for (i = 0; i < s->nstages; i++) {
		const struct scn_stage *st = &s->stages[i];

		fprintf(f, "stage %u ", st->number);
		put_quoted(f, st->name ? st->name : "");
		fputc('\n', f);
		for (k = 0; k < st->nex; k++) {
			fputs("  ", f);
			put_expect(f, s, &st->ex[k], NULL);
			fputc('\n', f);
		}
		scn_fmt_duration(st->within, a, sizeof(a));
		if (st->within)
			fprintf(f, "  within %s\n", a);
	}
	if (s->xfail.stage) {
		fprintf(f, "xfail stage %u ", s->xfail.stage);
		put_quoted(f, s->xfail.text ? s->xfail.text : "");
		fputc('\n', f);
	}
}

/**
 * scn_dump() - print a scenario as normalised scenario text
 * @s: scenario
 * @f: output
 *
 * Variables are expanded, defaults written out, values normalised; the
 * output parses back to the same scenario (a matrix instance parses back
 * under its base name).
 */
void scn_dump(const struct scenario *s, FILE *f)
{
	char net[16], gw[16], t[32];

	fprintf(f, "# %s (%s)\n", s->name ? s->name : "?", s->file);
	fprintf(f, "scenario %s\n", s->base_name ? s->base_name : "?");
	if (s->description) {
		fputs("  description ", f);
		put_quoted(f, s->description);
		fputc('\n', f);
	}
	scn_fmt_duration(s->timeout, t, sizeof(t));
	fprintf(f, "  timeout %s\n", t);
	pxl_ip_str(s->lan.net, net);
	pxl_ip_str(s->lan.gateway, gw);
	fprintf(f, "lan %s/%u gateway %s\n", net, s->lan.prefix, gw);
	dump_dhcp(f, &s->dhcp);
	dump_ipv6(f, s);
	dump_servers(f, s);
	dump_clients(f, s);
	dump_sends(f, s);
	dump_dead_ends(f, s);
	dump_stages(f, s);
}
