/* parse_line.c - the statement table and dispatch of one line to its handler */
#include <errno.h>
#include <string.h>

#include "core/util.h"
#include "lang/parse.h"

/** scn_stmts - every statement keyword, with the block it belongs to */
const struct scn_stmt scn_stmts[] = {
	{ "scenario", SCN_BLK_NONE, SCN_BLK_SCENARIO, 1, scn_stmt_scenario,
	  "NAME", "starts the file: the scenario's name" },
	{ "description", SCN_BLK_SCENARIO, SCN_BLK_KEEP, 1, scn_stmt_description,
	  "\"TEXT\"", "one-line description for reports" },
	{ "timeout", SCN_BLK_SCENARIO, SCN_BLK_KEEP, 1, scn_stmt_timeout,
	  "DURATION", "deadline for the whole scenario (default 5m)" },
	{ "set", SCN_BLK_NONE, SCN_BLK_KEEP, 0, scn_stmt_set,
	  "NAME VALUE", "defines ${NAME} for the lines that follow" },
	{ "matrix", SCN_BLK_NONE, SCN_BLK_KEEP, 0, scn_stmt_matrix,
	  "NAME VALUE...", "runs the scenario once per VALUE, with ${NAME} set" },
	{ "lan", SCN_BLK_NONE, SCN_BLK_NONE, 1, scn_stmt_lan,
	  "CIDR [gateway IP]", "the virtual LAN (default 10.0.2.0/24 gateway 10.0.2.2)" },
	{ "lan6", SCN_BLK_NONE, SCN_BLK_NONE, 1, scn_stmt_lan6,
	  "PREFIX/64 [only] [ra managed|other|slaac|off] [router-lifetime DURATION]",
	  "gives the LAN an IPv6 prefix (dual-stack, or IPv6-only with 'only'); pxelab answers at PREFIX plus the gateway's host part (fd00::2) and sends the router advertisements" },
	{ "dhcp", SCN_BLK_NONE, SCN_BLK_DHCP, 1, scn_stmt_dhcp,
	  "SERVER", "the DHCP server (lang/server_kinds.def); its policy follows" },
	{ "pool", SCN_BLK_DHCP, SCN_BLK_KEEP, 1, scn_stmt_pool,
	  "IP - IP", "addresses handed out" },
	{ "lease", SCN_BLK_DHCP, SCN_BLK_KEEP, 1, scn_stmt_lease,
	  "DURATION", "lease time (default 1h)" },
	{ "reserve", SCN_BLK_DHCP, SCN_BLK_KEEP, 0, scn_stmt_reserve,
	  "MAC IP", "a fixed address for one MAC" },
	{ "no-pxedhcp", SCN_BLK_DHCP, SCN_BLK_KEEP, 1, scn_stmt_no_pxedhcp,
	  "", "send iPXE option 175.176 = 1 (skip the ProxyDHCP wait)" },
	{ "proxy", SCN_BLK_DHCP, SCN_BLK_KEEP, 1, scn_stmt_proxy,
	  "", "ProxyDHCP mode: boot information only, no addresses" },
	{ "when", SCN_BLK_DHCP, SCN_BLK_KEEP, 0, scn_stmt_when,
	  "CONDITION... ACTION...", "a policy rule; the first that matches answers" },
	{ "otherwise", SCN_BLK_DHCP, SCN_BLK_KEEP, 1, scn_stmt_otherwise,
	  "ACTION...", "the rule used when no 'when' matches (last)" },
	{ "dhcp6", SCN_BLK_NONE, SCN_BLK_DHCP6, 1, scn_stmt_dhcp6,
	  "builtin", "pxelab's DHCPv6 server on the lan6 prefix; its policy follows (same conditions as dhcp; 'file' becomes the boot file URL, option 59)" },
	{ "pool", SCN_BLK_DHCP6, SCN_BLK_KEEP, 1, scn_stmt_pool6,
	  "IPV6 - IPV6", "IPv6 addresses handed out (IA_NA)" },
	{ "lease", SCN_BLK_DHCP6, SCN_BLK_KEEP, 1, scn_stmt_lease,
	  "DURATION", "preferred lifetime of the addresses (default 1h; valid: twice that)" },
	{ "when", SCN_BLK_DHCP6, SCN_BLK_KEEP, 0, scn_stmt_when,
	  "CONDITION... ACTION...", "a DHCPv6 policy rule; the first that matches answers" },
	{ "otherwise", SCN_BLK_DHCP6, SCN_BLK_KEEP, 1, scn_stmt_otherwise,
	  "ACTION...", "the DHCPv6 rule used when no 'when' matches (last)" },
	{ "tftp", SCN_BLK_NONE, SCN_BLK_TFTP, 1, scn_stmt_tftp,
	  "SERVER [root DIR]", "the TFTP server (lang/server_kinds.def) and the directory it serves" },
	{ "serve", SCN_BLK_TFTP, SCN_BLK_KEEP, 0, scn_stmt_serve,
	  "NAME PATH", "an extra file served as NAME" },
	{ "http", SCN_BLK_NONE, SCN_BLK_HTTP, 1, scn_stmt_http,
	  "SERVER [root DIR] [no-range]", "the HTTP server (lang/server_kinds.def): builtin on TCP 80 at x.x.x.4, nginx or lighttpd at x.x.x.5; and the directory it serves" },
	{ "serve", SCN_BLK_HTTP, SCN_BLK_KEEP, 0, scn_stmt_serve,
	  "NAME PATH", "an extra file served over HTTP as /NAME" },
	{ "iscsi", SCN_BLK_NONE, SCN_BLK_ISCSI, 0, scn_stmt_iscsi,
	  "SERVER target IQN image PATH [OPTION...]", "an iSCSI target (lang/server_kinds.def) and its disk" },
	{ "chap", SCN_BLK_ISCSI, SCN_BLK_KEEP, 1, scn_stmt_chap,
	  "USER SECRET [mutual USER SECRET]", "CHAP for the preceding target" },
	{ "client", SCN_BLK_NONE, SCN_BLK_NONE, 0, scn_stmt_client,
	  "NAME [OPTION VALUE...]", "a QEMU client" },
	{ "fault", SCN_BLK_NONE, SCN_BLK_NONE, 0, scn_stmt_fault,
	  "CLIENT rx|tx|both [PARAM VALUE...]", "link faults on a client's port" },
	{ "on", SCN_BLK_NONE, SCN_BLK_NONE, 0, scn_stmt_on,
	  "console TEXT [from CLIENT] send \"KEYS\"",
	  "types KEYS (text, <Enter>, <Down>, <F1>, <Ctrl-x> ...) on the serial console the first time a line matches" },
	{ "dead-end", SCN_BLK_NONE, SCN_BLK_NONE, 0, scn_stmt_dead_end,
	  "\"TEXT\" | ~ \"REGEX\" | off NAME|all | idle DURATION|off",
	  "a console line that proves the client is stuck (built-ins: lang/dead_ends.c), or how long a silent client may stay silent (default 60s): the stage fails at once" },
	{ "stage", SCN_BLK_NONE, SCN_BLK_STAGE, 0, scn_stmt_stage,
	  "N \"NAME\"", "a stage: expectations and a deadline" },
	{ "expect", SCN_BLK_STAGE, SCN_BLK_KEEP, 0, scn_stmt_expect,
	  "PROTOCOL VERB [QUALIFIER...]", "something that must be observed in this stage" },
	{ "never", SCN_BLK_STAGE, SCN_BLK_KEEP, 0, scn_stmt_expect,
	  "PROTOCOL VERB [QUALIFIER...]", "something that must not be observed in this stage" },
	{ "within", SCN_BLK_STAGE, SCN_BLK_KEEP, 1, scn_stmt_within,
	  "DURATION", "the stage's deadline, from its start" },
	{ "xfail", SCN_BLK_NONE, SCN_BLK_NONE, 1, scn_stmt_xfail,
	  "stage N \"TEXT\"", "the scenario must fail at stage N with TEXT in the diagnosis" },
};
const size_t scn_nstmts = ARRAY_SIZE(scn_stmts);

/** block_names - what a block is called in messages */
static const char *const block_names[] = {
	[SCN_BLK_NONE] = "top-level",
	[SCN_BLK_SCENARIO] = "scenario",
	[SCN_BLK_DHCP] = "dhcp",
	[SCN_BLK_TFTP] = "tftp",
	[SCN_BLK_ISCSI] = "iscsi",
	[SCN_BLK_HTTP] = "http",
	[SCN_BLK_STAGE] = "stage",
	[SCN_BLK_DHCP6] = "dhcp6",
};

/**
 * find_stmt() - the statement a keyword means in the current block
 * @p:    parser
 * @word: keyword
 * @other: out: a row of another block with that keyword, or -1
 *
 * Return: row index valid here, or -1.
 */
static int find_stmt(const struct scn_parser *p, const char *word, int *other)
{
	size_t i;

	*other = -1;
	for (i = 0; i < scn_nstmts; i++) {
		if (strcmp(scn_stmts[i].name, word))
			continue;
		if (scn_stmts[i].in == SCN_BLK_NONE || scn_stmts[i].in == p->block)
			return (int)i;
		if (*other < 0)
			*other = (int)i;
	}
	return -1;
}

/**
 * unknown_stmt() - report a keyword that is not valid here
 * @p:     parser
 * @t:     the keyword token
 * @other: row of the block it belongs to, or -1
 *
 * Return: -EINVAL.
 */
static int unknown_stmt(struct scn_parser *p, const struct scn_tok *t,
			int other)
{
	struct scn_suggest sg;
	char what[64];
	size_t i;

	if (other >= 0)
		return scn_err(p, t, "'%s' belongs in a %s block (after a '%s' line)",
			       t->text, block_names[scn_stmts[other].in],
			       block_names[scn_stmts[other].in]);
	scn_suggest_init(&sg, t->text);
	for (i = 0; i < scn_nstmts; i++)
		if (scn_stmts[i].in == SCN_BLK_NONE || scn_stmts[i].in == p->block)
			scn_suggest_add(&sg, scn_stmts[i].name);
	for (i = 0; i < scn_nstmts; i++)
		scn_suggest_add(&sg, scn_stmts[i].name);
	if (p->block != SCN_BLK_NONE)
		snprintf(what, sizeof(what), "a keyword (a %s line or a top-level one)",
			 block_names[p->block]);
	else
		snprintf(what, sizeof(what), "a keyword");
	return scn_unknown(p, t, what, &sg);
}

/**
 * check_once() - report a second occurrence of a once-only statement
 * @p:   parser
 * @row: statement row
 * @t:   the keyword token
 *
 * Return: 0, or -EINVAL if it was seen before.
 */
static int check_once(struct scn_parser *p, size_t row, const struct scn_tok *t)
{
	const struct scn_stmt *st = &scn_stmts[row];

	if (!st->once)
		return 0;
	if (p->seen[row])
		return scn_err(p, t, st->in == SCN_BLK_NONE ?
			       "duplicate '%s' (first on line %u)" :
			       "duplicate '%s' in this block (first on line %u)",
			       st->name, p->seen[row]);
	p->seen[row] = p->lineno;
	return 0;
}

/**
 * enter_block() - switch blocks for a statement; forget per-block "seen"
 * @p:   parser
 * @row: statement row
 */
static void enter_block(struct scn_parser *p, size_t row)
{
	enum scn_block b = scn_stmts[row].opens;
	size_t i;

	if (b == SCN_BLK_KEEP)
		return;
	p->block = b;
	for (i = 0; i < scn_nstmts; i++)
		if (scn_stmts[i].in == b && b != SCN_BLK_NONE)
			p->seen[i] = 0;
}

/**
 * need_scenario() - require `scenario NAME` before other statements
 * @p:   parser
 * @row: statement row
 * @t:   the keyword
 *
 * Reported once; parsing goes on as if it had been there.
 */
static void need_scenario(struct scn_parser *p, size_t row,
			  const struct scn_tok *t)
{
	const char *name = scn_stmts[row].name;
	char found[64];

	if (p->in_scenario || !strcmp(name, "set") || !strcmp(name, "matrix"))
		return;
	p->in_scenario = 1;
	if (strcmp(name, "scenario"))
		scn_err(p, t, "expected 'scenario NAME' first, found %s",
			scn_tok_desc(t, found, sizeof(found)));
}

/**
 * scn_parse_line() - parse one expanded line (p->tok) into the model
 * @p: parser
 *
 * Errors are reported through the parser; nothing is returned because
 * parsing always goes on with the next line.
 */
void scn_parse_line(struct scn_parser *p)
{
	const struct scn_tok *t = scn_peek(p);
	int row, other;

	if (!t)
		return;
	if (t->kind != SCN_TOK_WORD) {
		scn_expected(p, "a keyword");
		return;
	}
	row = find_stmt(p, t->text, &other);
	if (row < 0) {
		unknown_stmt(p, t, other);
		return;
	}
	need_scenario(p, (size_t)row, t);
	if (check_once(p, (size_t)row, t))
		return;
	enter_block(p, (size_t)row);
	scn_take(p);
	scn_stmts[row].fn(p);
	if (p->failed)
		p->bad[row] = 1;
}

/**
 * scn_stmt_bad() - whether some line of a statement had an error
 * @p:    parser
 * @name: statement keyword
 *
 * Whole-file checks use this to stay quiet about what a broken line
 * would have provided ("no pool" after a malformed pool line).
 *
 * Return: 1 if so.
 */
int scn_stmt_bad(const struct scn_parser *p, const char *name)
{
	size_t i;

	for (i = 0; i < scn_nstmts; i++)
		if (!strcmp(scn_stmts[i].name, name) && p->bad[i])
			return 1;
	return 0;
}
