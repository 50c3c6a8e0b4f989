/* parse.h - internals shared by the scenario lexer, parser and checks */
#ifndef PXL_SCENARIO_PARSE_H
#define PXL_SCENARIO_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"	/* IPv4 and MAC text, used by every parser of addresses */
#include "lang/scenario.h"

/* Limits that keep any input, however hostile, cheap to reject. */
#define SCN_MAX_INPUT     (4u << 20) /* bytes in one file */
#define SCN_MAX_TOKENS    256        /* words on one line */
#define SCN_MAX_TEXT      4096       /* bytes in one expanded word */
#define SCN_MAX_INSTANCES 256        /* matrix combinations */
#define SCN_MAX_ITEMS     128        /* clients, stages, rules ... each */
#define SCN_MAX_MATCHES   32         /* conditions on one line */
#define SCN_MAX_REGEX     256        /* bytes in one regex */
#define SCN_MAX_NAME      64         /* bytes in a name */
#define SCN_MAX_DIMS      8          /* matrix lines */
#define SCN_MAX_VARS      256        /* set lines */
#define SCN_MAX_WORK      (64u << 20) /* instances x input bytes */

/** enum scn_tok_kind - what a token looked like in the source */
enum scn_tok_kind {
	SCN_TOK_WORD,   /* bare word */
	SCN_TOK_STRING, /* "quoted" */
};

/**
 * struct scn_rawtok - a token as lexed, before expansion
 * @kind:    word or string
 * @raw:     source bytes (for strings: between the quotes, escapes intact)
 * @len:     length of @raw
 * @col:     1-based column of the first byte (the quote for strings)
 * @end_col: column just after the token
 */
struct scn_rawtok {
	enum scn_tok_kind kind;
	const char *raw;
	size_t len;
	unsigned col;
	unsigned end_col;
};

/**
 * struct scn_line - one non-empty source line
 * @no:      1-based line number
 * @tok:     tokens
 * @n:       number of @tok
 * @end_col: column just after the last token
 * @bad:     the lexer reported an error on this line (tokens up to it kept)
 */
struct scn_line {
	unsigned no;
	struct scn_rawtok *tok;
	size_t n;
	unsigned end_col;
	int bad;
};

/**
 * struct scn_src - a lexed file
 * @lines:  non-empty lines
 * @n:      number of @lines
 * @eof_line: line number just after the last line (for "end of file")
 * @toks:   every line's tokens, in order (the lines point into it)
 * @ntoks:  number of @toks
 */
struct scn_src {
	struct scn_line *lines;
	size_t n;
	unsigned eof_line;
	struct scn_rawtok *toks;
	size_t ntoks;
};

/**
 * struct scn_tok - a token after variable expansion
 * @kind:    word or string
 * @text:    expanded text (NUL-terminated, no NUL inside; valid until the next line)
 * @off:     where @text starts in the parser's text buffer
 * @col:     column of the token
 * @end_col: column just after it
 * @has_var: the text came (partly) from a variable
 */
struct scn_tok {
	enum scn_tok_kind kind;
	char *text;
	size_t off;
	unsigned col;
	unsigned end_col;
	int has_var;
};

/** enum scn_block - which block sub-statements currently belong to */
enum scn_block {
	SCN_BLK_NONE,
	SCN_BLK_SCENARIO,
	SCN_BLK_DHCP,
	SCN_BLK_TFTP,
	SCN_BLK_ISCSI,
	SCN_BLK_HTTP,
	SCN_BLK_STAGE,
	SCN_BLK_DHCP6,
	SCN_BLK_KEEP, /* for `opens`: leave the current block alone */
};

/**
 * struct scn_decl - a variable name and where it is defined
 * @name: variable name
 * @line: line of its `set` or `matrix` line
 * @matrix: defined by `matrix`
 */
struct scn_decl {
	char name[SCN_MAX_NAME + 1];
	unsigned line;
	int matrix;
};

/**
 * struct scn_parser - state while parsing one instance
 * @file:       file name for messages
 * @diag:       where errors go
 * @vars:       this instance's variables (preset + matrix + set)
 * @preset:     variables from the command line (win over `set`)
 * @decl:       every `set`/`matrix` name in the file, in order
 * @ndecl:      number of @decl
 * @s:          the scenario being built
 * @multi:      the file expands into several instances
 * @block:      current block
 * @in_scenario: the `scenario` line was seen (or its absence reported)
 * @seen:       per statement-table row: line it was first seen in this block
 * @bad:        per statement-table row: some line of it had an error
 * @lost_client: a broken client line defined no client (references to
 *              unknown clients are then not reported)
 * @lineno:     current line
 * @tok:        current line's expanded tokens (the array is reused line after line)
 * @n:          number of @tok
 * @tok_cap:    tokens allocated
 * @text:       the texts of @tok, NUL-separated (reused line after line)
 * @text_cap:   bytes allocated
 * @pos:        next token to take
 * @end_col:    column after the line's last token
 * @failed:     an error was reported on this line: suppress further ones
 * @eof_line:   line just after the file
 * @tagged:     a message named this instance ("... (with nic=e1000)")
 */
struct scn_parser {
	const char *file;
	struct scn_diag *diag;
	struct scn_vars *vars;
	const struct scn_vars *preset;
	const struct scn_decl *decl;
	size_t ndecl;
	struct scenario *s;
	int multi;
	enum scn_block block;
	int in_scenario;
	unsigned *seen;
	unsigned char *bad;
	int lost_client;
	unsigned lineno;
	struct scn_tok *tok;
	size_t n;
	size_t tok_cap;
	char *text;
	size_t text_cap;
	size_t pos;
	unsigned end_col;
	int failed;
	unsigned eof_line;
	int tagged;
};

/**
 * struct scn_stmt - one statement keyword
 * @name:  keyword
 * @in:    block it belongs to (SCN_BLK_NONE: top level, valid anywhere)
 * @opens: block it starts (SCN_BLK_KEEP: leaves the block alone)
 * @once:  may appear once per file (top level) or per block
 * @fn:    handler; p->pos is 1 (just after the keyword)
 * @args:  argument shape
 * @doc:   one line
 */
struct scn_stmt {
	const char *name;
	enum scn_block in;
	enum scn_block opens;
	int once;
	int (*fn)(struct scn_parser *p);
	const char *args;
	const char *doc;
};

/**
 * struct scn_opt - one keyword of an option list (client, iscsi, fault ...)
 * @name: keyword
 * @fn:   handler; the keyword is taken, @obj is the object being built
 * @args: argument shape
 * @doc:  one line
 */
struct scn_opt {
	const char *name;
	int (*fn)(struct scn_parser *p, void *obj);
	const char *args;
	const char *doc;
};

/**
 * struct scn_suggest - search state for the nearest keyword
 * @word: the unknown word
 * @best: nearest candidate so far or NULL
 * @dist: its distance
 */
struct scn_suggest {
	const char *word;
	const char *best;
	unsigned dist;
};

/* tables (const, defined next to their handlers) */
extern const struct scn_stmt scn_stmts[];
extern const size_t scn_nstmts;
extern const struct scn_opt scn_client_opts[], scn_iscsi_opts[],
	scn_fault_opts[], scn_tftp_opts[], scn_http_opts[], scn_lan_opts[],
	scn_lan6_opts[];
extern const size_t scn_nclient_opts, scn_niscsi_opts, scn_nfault_opts,
	scn_ntftp_opts, scn_nhttp_opts, scn_nlan_opts, scn_nlan6_opts;
extern const struct scn_field_def scn_rule_conds[], scn_rule_acts[];
extern const size_t scn_nrule_conds, scn_nrule_acts;
extern const char *const scn_qualifiers[];
/* choice lists, NULL-terminated, index = enum value where there is one */
extern const char *const scn_fault_dirs[];
extern const char *const scn_image_modes[];
extern const char *const scn_ra_modes[];

/* suggest.c */
unsigned scn_edit_distance(const char *a, const char *b);
void scn_suggest_init(struct scn_suggest *s, const char *word);
void scn_suggest_add(struct scn_suggest *s, const char *cand);
const char *scn_suggest_best(const struct scn_suggest *s);

/* lexer.c */
int scn_lex(const char *file, const char *buf, size_t len,
	    struct scn_src *src, struct scn_diag *diag);
void scn_src_free(struct scn_src *src);

/* expand.c */
int scn_expand_line(struct scn_parser *p, const struct scn_line *line);
void scn_line_release(struct scn_parser *p);
void scn_parser_release(struct scn_parser *p);
char *scn_expand_plain(const struct scn_rawtok *rt);

/* literals.c: pure text -> value parsers; 0 or -EINVAL/-ERANGE/-EDOM (IPv4 and MAC text: core/addr.h) */
int scn_parse_u64(const char *s, uint64_t max, uint64_t *out);
int scn_parse_mac(const char *s, uint8_t mac[6]);
int scn_parse_cidr(const char *s, uint32_t *net, unsigned *prefix);
int scn_parse_duration(const char *s, uint64_t *ns);
int scn_parse_percent(const char *s, uint32_t *ppm);
int scn_parse_rate(const char *s, uint64_t *bps);
int scn_check_iqn(const char *s);
int scn_check_name(const char *s);
void scn_fmt_duration(uint64_t ns, char *buf, size_t len);
void scn_fmt_percent(uint32_t ppm, char *buf, size_t len);

/* cursor.c: taking tokens with precise errors */
struct scn_tok *scn_peek(struct scn_parser *p);
struct scn_tok *scn_take(struct scn_parser *p);
int scn_err(struct scn_parser *p, const struct scn_tok *t, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));
int scn_err_at(struct scn_parser *p, struct scn_loc loc, const char *fmt,
	       ...) __attribute__((format(printf, 3, 4)));
void scn_warn_at(struct scn_parser *p, struct scn_loc loc, const char *fmt,
		 ...) __attribute__((format(printf, 3, 4)));
const char *scn_tok_desc(const struct scn_tok *t, char *buf, size_t len);
int scn_expected(struct scn_parser *p, const char *what);
int scn_unknown(struct scn_parser *p, const struct scn_tok *t,
		const char *what, const struct scn_suggest *sg);
struct scn_loc scn_tok_loc(const struct scn_parser *p,
			   const struct scn_tok *t);
int scn_end(struct scn_parser *p);
int scn_take_word(struct scn_parser *p, const char *what,
		  const struct scn_tok **out);
int scn_take_text(struct scn_parser *p, const char *what, char **out);
int scn_take_name(struct scn_parser *p, const char *what,
		  const struct scn_tok **out);
int scn_take_num(struct scn_parser *p, const char *what, uint64_t min,
		 uint64_t max, uint64_t *out);
int scn_take_ip(struct scn_parser *p, const char *what, uint32_t *out);
int scn_take_mac(struct scn_parser *p, uint8_t mac[6]);
int scn_take_duration(struct scn_parser *p, const char *what, uint64_t *ns);
int scn_take_percent(struct scn_parser *p, const char *what, uint32_t *ppm);
int scn_take_choice(struct scn_parser *p, const char *what,
		    const char *const *choices, int *idx);
int scn_take_opts(struct scn_parser *p, const struct scn_opt *tab, size_t n,
		  const char *what, void *obj);

/* model.c */
void *scn_push(void *arrp, size_t *n, size_t elsz);
int scn_push_checked(struct scn_parser *p, void *arrp, size_t *n,
		     size_t elsz, const char *what, void **out);
void scn_match_clear(struct scn_match *m);

/* parse_value.c: field values (expectations and rule conditions) */
int scn_take_value(struct scn_parser *p, const struct scn_field_def *fd,
		   struct scn_match *m);
int scn_compile_regex(struct scn_parser *p, const struct scn_tok *t,
		      const char *pattern, regex_t **out);
const struct scn_field_def *scn_field_find(const struct scn_field_def *tab,
					   size_t n, const char *name);

/* server_kinds.c */
int scn_take_server(struct scn_parser *p, const char *what, unsigned role, enum scn_server *kind);

/* handlers, by file */
int scn_stmt_scenario(struct scn_parser *p);
int scn_stmt_description(struct scn_parser *p);
int scn_stmt_timeout(struct scn_parser *p);
int scn_stmt_set(struct scn_parser *p);
int scn_stmt_matrix(struct scn_parser *p);
int scn_stmt_lan(struct scn_parser *p);
int scn_stmt_client(struct scn_parser *p);
int scn_stmt_fault(struct scn_parser *p);
int scn_stmt_on(struct scn_parser *p);
int scn_stmt_xfail(struct scn_parser *p);

/* dead_ends.c */
int scn_stmt_dead_end(struct scn_parser *p);
void scn_dead_ends_finish(struct scn_parser *p);
int scn_stmt_dhcp(struct scn_parser *p);
int scn_stmt_pool(struct scn_parser *p);
int scn_stmt_lease(struct scn_parser *p);
int scn_stmt_reserve(struct scn_parser *p);
int scn_stmt_no_pxedhcp(struct scn_parser *p);
int scn_stmt_proxy(struct scn_parser *p);
int scn_stmt_when(struct scn_parser *p);
/* parse_dhcp6.c */
int scn_stmt_lan6(struct scn_parser *p);
int scn_stmt_dhcp6(struct scn_parser *p);
int scn_stmt_pool6(struct scn_parser *p);
int scn_take_ip6(struct scn_parser *p, const char *what, uint8_t out[16]);
struct scn_dhcp *scn_cur_policy(struct scn_parser *p);
int scn_stmt_otherwise(struct scn_parser *p);
int scn_stmt_tftp(struct scn_parser *p);
int scn_stmt_serve(struct scn_parser *p);
int scn_stmt_http(struct scn_parser *p);
int scn_stmt_iscsi(struct scn_parser *p);
int scn_stmt_chap(struct scn_parser *p);
int scn_stmt_stage(struct scn_parser *p);
int scn_stmt_expect(struct scn_parser *p);
int scn_stmt_within(struct scn_parser *p);

/* parse_top.c */
int scn_in_lan(const struct scn_lan *lan, uint32_t addr);

/* parse_check.c: whole-scenario checks after the last line */
void scn_finalize(struct scn_parser *p);

/**
 * struct scn_dim - one matrix dimension
 * @name:   variable name
 * @line:   where it is declared
 * @values: its values (malloc'ed)
 * @n:      number of @values
 */
struct scn_dim {
	char name[SCN_MAX_NAME + 1];
	unsigned line;
	char **values;
	size_t n;
};

/**
 * struct scn_prescan - what is learnt from the file before parsing instances
 * @dims:  matrix dimensions
 * @ndims: number of @dims
 * @decl:  every set/matrix name, in order
 * @ndecl: number of @decl
 */
struct scn_prescan {
	struct scn_dim *dims;
	size_t ndims;
	struct scn_decl *decl;
	size_t ndecl;
};

/**
 * struct scn_counts - what one line of one instance added to the diagnostics' counters
 * @errors:   errors counted
 * @warnings: warnings counted
 * @dropped:  messages counted but not kept (the collection was full)
 */
struct scn_counts {
	unsigned errors;
	unsigned warnings;
	unsigned dropped;
};

/**
 * struct scn_job - one parse: input, output and bookkeeping
 * @file:        name for messages
 * @src:         lexed lines
 * @preset:      command-line variables (never NULL)
 * @opts:        settings (never NULL)
 * @pre:         prescan results
 * @diag:        messages
 * @out:         instances produced
 * @preset_used: per preset variable: some instance used it
 * @errors:      errors in @diag before this parse began
 * @delta:       per source line, then scn_finalize(): what the last
 *               instance parsed added to @diag's counters
 * @keep:        the parsers' buffers (seen, bad, tok, text), passed from
 *               instance to instance instead of allocated for each
 */
struct scn_job {
	const char *file;
	const struct scn_src *src;
	const struct scn_vars *preset;
	const struct scn_parse_opts *opts;
	struct scn_prescan pre;
	struct scn_diag *diag;
	struct scn_list *out;
	int *preset_used;
	unsigned errors;
	struct scn_counts *delta;
	struct scn_parser keep;
};

/* parse_matrix.c */
int scn_prescan(struct scn_job *j);
size_t scn_count_instances(struct scn_job *j, size_t len);
int scn_instance_vars(struct scn_job *j, size_t k, struct scn_vars *vars,
		      char **inst);
void scn_prescan_free(struct scn_prescan *pre);

/* parse_line.c: one line -> statement handler */
void scn_parse_line(struct scn_parser *p);
int scn_stmt_bad(const struct scn_parser *p, const char *name);

#endif /* PXL_SCENARIO_PARSE_H */
