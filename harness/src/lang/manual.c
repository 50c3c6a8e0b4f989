/* manual.c - the scenario language's tables as roff, for pxelab-scenario(5) (`pxelab help --roff scenario`) */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "lang/parse.h"
#include "qemu/machines.h"

/** block_titles - the block a statement belongs to, as the page says it */
static const char *const block_titles[] = {
	[SCN_BLK_NONE] = NULL,
	[SCN_BLK_SCENARIO] = "scenario",
	[SCN_BLK_DHCP] = "dhcp",
	[SCN_BLK_TFTP] = "tftp",
	[SCN_BLK_ISCSI] = "iscsi",
	[SCN_BLK_HTTP] = "http",
	[SCN_BLK_STAGE] = "stage",
	[SCN_BLK_DHCP6] = "dhcp6",
};

/**
 * roff_put() - write text with roff's special characters escaped
 * @f:    stream
 * @s:    text
 * @n:    bytes of @s
 * @code: the text is something typed (keywords, arguments): '-' is a minus
 *
 * Backslashes become \e; a leading '.' or '\'' would start a request, so
 * every piece starts with \& when it is the start of a line's text.
 */
static void roff_put(FILE *f, const char *s, size_t n, int code)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\')
			fputs("\\e", f);
		else if (s[i] == '-' && code)
			fputs("\\-", f);
		else
			fputc(s[i], f);
	}
}

/**
 * roff_line() - one line of running text (escaped, never read as a request)
 * @f: stream
 * @s: text
 */
static void roff_line(FILE *f, const char *s)
{
	fputs("\\&", f);
	roff_put(f, s, strlen(s), 0);
	fputc('\n', f);
}

/**
 * roff_syntax() - a keyword and its argument shape: the keyword bold,
 * placeholders (upper-case words) italic, literal words bold
 * @f:    stream
 * @kw:   keyword, or NULL
 * @args: argument shape ("builtin|slirp [root DIR]"), may be empty
 */
static void roff_syntax(FILE *f, const char *kw, const char *args)
{
	const char *p = args;
	size_t n;

	fputs("\\&", f);
	if (kw) {
		fputs("\\fB", f);
		roff_put(f, kw, strlen(kw), 1);
		fputs(*args ? "\\fR " : "\\fR", f);
	}
	while (*p) {
		for (n = 0; isalnum((unsigned char)p[n]) || p[n] == '-' || p[n] == '_' || p[n] == '.'; n++)
			;
		if (!n) {
			roff_put(f, p++, 1, 1);
			continue;
		}
		fputs(isupper((unsigned char)p[0]) ? "\\fI" : "\\fB", f);
		roff_put(f, p, n, 1);
		fputs("\\fR", f);
		p += n;
	}
	fputc('\n', f);
}

/**
 * list_add() - append ", @word" (or @word first) to a list
 * @list: the list, a string
 * @len:  its size
 * @word: what to add
 */
static void list_add(char *list, size_t len, const char *word)
{
	size_t used = strlen(list);

	snprintf(list + used, len - used, "%s%s", used ? ", " : "", word);
}

/**
 * print_stmts() - every statement of scn_stmts[], in table order
 * @f: stream
 */
static void print_stmts(FILE *f)
{
	const char *blk;
	char text[256];
	size_t i;

	fputs(".SH STATEMENTS\n", f);
	roff_line(f, "Every line starts with one of these keywords.  A block line belongs to the "
		     "last line that opened its block (by convention it is indented).");
	for (i = 0; i < scn_nstmts; i++) {
		const struct scn_stmt *st = &scn_stmts[i];

		blk = block_titles[st->in];
		snprintf(text, sizeof(text), "%s%s%s%s%s%s", st->doc, blk || st->once ? " (" : "",
			 blk ? blk : "", blk ? " block" : "", blk && st->once ? "; " : "",
			 st->once ? "at most once)" : blk ? ")" : "");
		fputs(".TP\n", f);
		roff_syntax(f, st->name, st->args);
		roff_line(f, text);
	}
}

/**
 * print_opts() - one option table: ".SS TITLE", then each option
 * @f:     stream
 * @title: subsection title
 * @o:     options
 * @n:     how many
 */
static void print_opts(FILE *f, const char *title, const struct scn_opt *o, size_t n)
{
	size_t i;

	fprintf(f, ".SS %s\n", title);
	for (i = 0; i < n; i++) {
		fputs(".TP\n", f);
		roff_syntax(f, o[i].name, o[i].args);
		roff_line(f, o[i].doc);
	}
}

/**
 * print_fields() - a table of fields (conditions, actions, expectation fields)
 * @f:  stream
 * @d:  fields
 * @n:  how many
 */
static void print_fields(FILE *f, const struct scn_field_def *d, size_t n)
{
	char alias[96], list[1024];
	size_t i, k;

	for (i = 0; i < n; i++) {
		fputs(".TP\n", f);
		roff_syntax(f, d[i].name, d[i].args);
		roff_line(f, d[i].doc);
		if (d[i].alias) {
			snprintf(alias, sizeof(alias), "Also spelt %s.", d[i].alias);
			fputs(".br\n", f);
			roff_line(f, alias);
		}
		if (d[i].kind != SCN_V_ENUM || !d[i].enumv)
			continue;
		list[0] = 0;
		for (k = 0; d[i].enumv[k]; k++)
			list_add(list, sizeof(list), d[i].enumv[k]);
		fputs(".br\nOne of:\n", f);
		roff_syntax(f, NULL, list);
	}
}

/**
 * print_proto() - one protocol of the expectation vocabulary: verbs, then fields
 * @f:  stream
 * @pd: protocol
 */
static void print_proto(FILE *f, const struct scn_proto_def *pd)
{
	size_t i;

	fputs(".SS ", f);
	roff_put(f, pd->name, strlen(pd->name), 1);
	fputs(" \\(em ", f);
	roff_put(f, pd->doc, strlen(pd->doc), 0);
	fputs("\n", f);
	for (i = 0; i < pd->nverbs; i++) {
		fputs(".TP\n", f);
		roff_syntax(f, pd->implicit ? NULL : pd->verbs[i].name, pd->verbs[i].args);
		roff_line(f, pd->verbs[i].doc);
	}
	fputs(".PP\nFields:\n", f);
	print_fields(f, pd->fields, pd->nfields);
}

/**
 * print_features() - the iPXE feature names (option 175) an ipxe-feature takes
 * @f: stream
 */
static void print_features(FILE *f)
{
	const struct scn_feature_def *fd;
	char list[1024] = "";
	unsigned code;

	fputs(".SS iPXE features\n", f);
	roff_line(f, "The names ipxe-feature takes (the option 175 encapsulated codes iPXE announces):");
	for (code = 0; code < 256; code++) {
		fd = scn_feature_by_code((uint8_t)code);
		if (fd)
			list_add(list, sizeof(list), fd->name);
	}
	roff_syntax(f, NULL, list);
}

/**
 * print_servers() - the SERVER word of the dhcp, tftp and iscsi lines,
 * read from the table of server kinds (lang/server_kinds.def)
 * @f: stream
 */
static void print_servers(FILE *f)
{
	static const struct {
		const char *line;
		unsigned role;
	} lines[] = {
		{ "dhcp", SCN_IN_DHCP }, { "dhcp6", SCN_IN_DHCP6 }, { "tftp", SCN_IN_TFTP }, { "iscsi", SCN_IN_ISCSI },
	};
	char list[256];
	size_t i;

	fputs(".SS Servers\n", f);
	roff_line(f, "The SERVER a dhcp, dhcp6, tftp or iscsi line names:");
	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		fputs(".TP\n", f);
		roff_syntax(f, lines[i].line, "SERVER");
		roff_syntax(f, NULL, scn_server_list(lines[i].role, ", ", list, sizeof(list)));
	}
}

/**
 * print_machines() - the words a client's firmware, pxe, accel and nic
 * options take, read from the machine table (qemu/machines.c)
 * @f: stream
 */
static void print_machines(FILE *f)
{
	static const struct {
		const char *opt, *arg;
		enum pxl_machine_kind kind;
	} opts[] = {
		{ "firmware", "FIRMWARE", PXL_MACHINE_FW }, { "pxe", "MODE", PXL_MACHINE_PXE },
		{ "accel", "ACCEL", PXL_MACHINE_ACCEL }, { "nic", "MODEL", PXL_MACHINE_NIC },
	};
	char list[512];
	size_t i;

	fputs(".SS Machines\n", f);
	roff_line(f, "The words a client line's machine options take:");
	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		fputs(".TP\n", f);
		roff_syntax(f, opts[i].opt, opts[i].arg);
		roff_syntax(f, NULL, pxl_machine_list(opts[i].kind, ", ", list, sizeof(list)));
	}
	fputs(".TP\n", f);
	roff_syntax(f, "memory", "MIB");
	roff_line(f, "when a client names none, its firmware's (MiB):");
	roff_syntax(f, NULL, pxl_fw_memory_list(list, sizeof(list)));
}

/**
 * print_keys() - the key names a send "KEYS" string takes (lang/keys.c)
 * @f: stream
 */
static void print_keys(FILE *f)
{
	char names[512];

	fputs(".SS Keys\n", f);
	roff_line(f, "An on console TEXT send \"KEYS\" line types KEYS: text, and these key "
		     "names between < and > (any case; <lt> is a '<'):");
	fputs(".TP\n", f);
	roff_syntax(f, "send", "\"KEYS\"");
	roff_syntax(f, NULL, scn_key_names(names, sizeof(names)));
}

/**
 * scn_reference_roff() - the language's tables as man(7) sections
 * @f: stream
 *
 * Statements (scn_stmts[]), the options of client, iscsi, tftp, lan and
 * fault lines, the DHCP policy's conditions and actions, and the
 * expectation vocabulary: what the parser accepts, so the page built
 * from this (pxelab-scenario(5)) cannot drift from it.
 */
void scn_reference_roff(FILE *f)
{
	size_t i;

	print_stmts(f);
	print_servers(f);
	print_machines(f);
	print_keys(f);
	fputs(".SH OPTIONS OF A LINE\n", f);
	print_opts(f, "lan", scn_lan_opts, scn_nlan_opts);
	print_opts(f, "lan6", scn_lan6_opts, scn_nlan6_opts);
	print_opts(f, "tftp", scn_tftp_opts, scn_ntftp_opts);
	print_opts(f, "http", scn_http_opts, scn_nhttp_opts);
	print_opts(f, "iscsi", scn_iscsi_opts, scn_niscsi_opts);
	print_opts(f, "client", scn_client_opts, scn_nclient_opts);
	print_opts(f, "fault", scn_fault_opts, scn_nfault_opts);
	fputs(".SH DHCP POLICY\n.SS Conditions (when)\n", f);
	print_fields(f, scn_rule_conds, scn_nrule_conds);
	fputs(".SS Actions (when, otherwise)\n", f);
	print_fields(f, scn_rule_acts, scn_nrule_acts);
	fputs(".SH EXPECTATIONS\n", f);
	roff_line(f, "expect|never PROTOCOL VERB [FIELD VALUE...] [from|to CLIENT] [times N] "
		     "[with|without FIELD...]");
	for (i = 0; i < SCN_PROTO_COUNT; i++)
		print_proto(f, scn_proto_get((enum scn_proto)i));
	print_features(f);
}
