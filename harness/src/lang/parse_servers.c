/* parse_servers.c - tftp and iscsi lines: served files, targets, CHAP */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lang/parse.h"

/** scn_image_modes - image write policies, index = enum scn_image_mode */
const char *const scn_image_modes[] = {
	"snapshot", "readonly", "persistent", NULL
};

/**
 * tftp_root() - tftp option "root DIR"
 * @p:   parser
 * @obj: struct scn_tftp
 *
 * Return: 0 or a negative errno.
 */
static int tftp_root(struct scn_parser *p, void *obj)
{
	struct scn_tftp *t = obj;

	return scn_take_text(p, "a directory", &t->root);
}

/** scn_tftp_opts - options of the tftp line */
const struct scn_opt scn_tftp_opts[] = {
	{ "root", tftp_root, "DIR", "directory served (a relative DIR: see Host files)" },
};
const size_t scn_ntftp_opts = ARRAY_SIZE(scn_tftp_opts);

/**
 * http_no_range() - http option "no-range"
 * @p:   parser
 * @obj: struct scn_tftp (the http line)
 *
 * Return: 0.
 */
static int http_no_range(struct scn_parser *p, void *obj)
{
	struct scn_tftp *t = obj;

	t->no_range = 1;
	return 0;
}

/** scn_http_opts - options of the http line */
const struct scn_opt scn_http_opts[] = {
	{ "root", tftp_root, "DIR", "directory served (a relative DIR: see Host files)" },
	{ "no-range", http_no_range, "",
	  "ignore Range: answer 200 with the whole file, Accept-Ranges: none (builtin only)" },
};
const size_t scn_nhttp_opts = ARRAY_SIZE(scn_http_opts);

/**
 * scn_stmt_tftp() - "tftp SERVER [root DIR]"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_tftp(struct scn_parser *p)
{
	struct scn_tftp *t = &p->s->tftp;
	int rc;

	t->loc = scn_tok_loc(p, &p->tok[0]);
	t->kind = SCN_SRV_NONE; /* until known: no checks cascade from a bad line */
	rc = scn_take_server(p, "a TFTP server", SCN_IN_TFTP, &t->kind);
	if (rc)
		return rc;
	return scn_take_opts(p, scn_tftp_opts, scn_ntftp_opts, "'root DIR'", t);
}

/**
 * scn_stmt_http() - "http SERVER [root DIR] [no-range]"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_http(struct scn_parser *p)
{
	struct scn_tftp *t = &p->s->http;
	int rc;

	t->loc = scn_tok_loc(p, &p->tok[0]);
	t->kind = SCN_SRV_NONE;
	rc = scn_take_server(p, "an HTTP server", SCN_IN_HTTP, &t->kind);
	if (rc)
		return rc;
	return scn_take_opts(p, scn_http_opts, scn_nhttp_opts, "'root DIR' or 'no-range'", t);
}

/**
 * bad_served_name() - why a served file name is not acceptable
 * @name: name as clients ask for it
 *
 * Return: a reason, or NULL if fine.
 */
static const char *bad_served_name(const char *name)
{
	const char *s = name;

	if (!*name || *name == '/')
		return "a relative name";
	while (s) {
		if (!strncmp(s, "..", 2) && (s[2] == '/' || !s[2]))
			return "no '..' component";
		s = strchr(s, '/');
		s = s ? s + 1 : NULL;
	}
	return NULL;
}

/**
 * scn_stmt_serve() - "serve NAME PATH" in a tftp or http block
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_serve(struct scn_parser *p)
{
	struct scn_tftp *t = p->block == SCN_BLK_HTTP ? &p->s->http : &p->s->tftp;
	const struct scn_tok *nt = scn_peek(p);
	struct scn_serve *sv;
	char found[64];
	const char *why;
	size_t i;
	int rc;

	if (!nt)
		return scn_expected(p, "a file NAME to serve");
	why = bad_served_name(nt->text);
	if (why)
		return scn_err(p, nt, "expected a served name (%s), found %s", why,
			       scn_tok_desc(nt, found, sizeof(found)));
	for (i = 0; i < t->nserve; i++)
		if (!strcmp(t->serve[i].name, nt->text))
			return scn_err(p, nt, "duplicate served name '%s' (first on line %u)",
				       nt->text, t->serve[i].loc.line);
	rc = scn_push_checked(p, &t->serve, &t->nserve, sizeof(*sv),
			      "served files", (void **)&sv);
	if (rc)
		return rc;
	sv->loc = scn_tok_loc(p, &p->tok[0]);
	rc = scn_take_text(p, "a file NAME", &sv->name);
	if (!rc)
		rc = scn_take_text(p, "the PATH of the file to serve", &sv->src);
	return rc ? rc : scn_end(p);
}

/**
 * struct target_ctx - an iscsi line being parsed
 * @t:        the target
 * @lun_loc:  where `lun` was given (line 0: not given)
 * @mode_tok: the mode keyword given, or NULL
 * @single_loc: where `single-session` was given
 */
struct target_ctx {
	struct scn_target *t;
	struct scn_loc lun_loc;
	const struct scn_tok *mode_tok;
	struct scn_loc single_loc;
};

/**
 * opt_target() - iscsi option "target IQN"; IQNs are unique
 * @p:   parser
 * @obj: struct target_ctx
 *
 * Return: 0 or a negative errno.
 */
static int opt_target(struct scn_parser *p, void *obj)
{
	struct target_ctx *cx = obj;
	const struct scn_tok *t = scn_peek(p);
	size_t i;

	if (!t || scn_check_iqn(t->text))
		return scn_expected(p, "an iSCSI name like iqn.2026-11.org.pxelab:boot");
	for (i = 0; i + 1 < p->s->ntargets; i++)
		if (p->s->targets[i].iqn && !strcmp(p->s->targets[i].iqn, t->text))
			return scn_err(p, t, "duplicate target '%s' (first on line %u)",
				       t->text, p->s->targets[i].loc.line);
	scn_take(p);
	cx->t->iqn = strdup(t->text);
	return cx->t->iqn ? 0 : -ENOMEM;
}

/**
 * opt_lun() - iscsi option "lun N"
 * @p:   parser
 * @obj: struct target_ctx
 *
 * Return: 0 or -EINVAL.
 */
static int opt_lun(struct scn_parser *p, void *obj)
{
	struct target_ctx *cx = obj;
	uint64_t lun;
	int rc;

	cx->lun_loc = scn_tok_loc(p, scn_peek(p));
	rc = scn_take_num(p, "a LUN", 0, 255, &lun);
	if (!rc)
		cx->t->lun = (unsigned)lun;
	return rc;
}

/**
 * opt_image() - iscsi option "image PATH"
 * @p:   parser
 * @obj: struct target_ctx
 *
 * Return: 0 or a negative errno.
 */
static int opt_image(struct scn_parser *p, void *obj)
{
	struct target_ctx *cx = obj;

	return scn_take_text(p, "a disk image PATH", &cx->t->image);
}

/**
 * opt_mode() - iscsi options "snapshot", "readonly", "persistent"
 * @p:   parser
 * @obj: struct target_ctx
 *
 * Return: 0 or -EINVAL if another mode was given.
 */
static int opt_mode(struct scn_parser *p, void *obj)
{
	struct target_ctx *cx = obj;
	const struct scn_tok *kw = &p->tok[p->pos - 1];
	int i;

	if (cx->mode_tok)
		return scn_err(p, kw, "'%s' contradicts '%s'", kw->text,
			       cx->mode_tok->text);
	cx->mode_tok = kw;
	for (i = 0; scn_image_modes[i]; i++)
		if (!strcmp(scn_image_modes[i], kw->text))
			cx->t->mode = (enum scn_image_mode)i;
	return 0;
}

/**
 * opt_address() - iscsi option "address IP"
 * @p:   parser
 * @obj: struct target_ctx
 *
 * Return: 0 or -EINVAL.
 */
static int opt_address(struct scn_parser *p, void *obj)
{
	struct target_ctx *cx = obj;

	return scn_take_ip(p, "the portal address", &cx->t->addr);
}

/**
 * opt_port() - iscsi option "port N"
 * @p:   parser
 * @obj: struct target_ctx
 *
 * Return: 0 or -EINVAL.
 */
static int opt_port(struct scn_parser *p, void *obj)
{
	struct target_ctx *cx = obj;
	uint64_t port;
	int rc = scn_take_num(p, "a TCP port", 1, 65535, &port);

	if (!rc)
		cx->t->port = (uint16_t)port;
	return rc;
}

/**
 * opt_single_session() - iscsi option "single-session"
 * @p:   parser
 * @obj: struct target_ctx
 *
 * Return: 0.
 */
static int opt_single_session(struct scn_parser *p, void *obj)
{
	struct target_ctx *cx = obj;

	cx->t->single_session = 1;
	cx->single_loc = scn_tok_loc(p, &p->tok[p->pos - 1]);
	return 0;
}

/** scn_iscsi_opts - options of the iscsi line */
const struct scn_opt scn_iscsi_opts[] = {
	{ "target", opt_target, "IQN", "target name (required)" },
	{ "lun", opt_lun, "N", "LUN of the disk (default 0; tgt: 1)" },
	{ "image", opt_image, "PATH", "disk image file (required)" },
	{ "snapshot", opt_mode, "", "writes go to a private copy (default)" },
	{ "readonly", opt_mode, "", "writes fail" },
	{ "persistent", opt_mode, "", "writes reach the image file" },
	{ "address", opt_address, "IP", "portal address (default: chosen by the harness)" },
	{ "port", opt_port, "N", "portal TCP port (default 3260)" },
	{ "single-session", opt_single_session, "",
	  "refuse a second session from an initiator that has one (builtin only)" },
};
const size_t scn_niscsi_opts = ARRAY_SIZE(scn_iscsi_opts);

/**
 * check_target() - required options and server rules of a parsed target
 * @p:  parser
 * @cx: target context
 *
 * Return: 0 or -EINVAL.
 */
static int check_target(struct scn_parser *p, struct target_ctx *cx)
{
	struct scn_target *t = cx->t;
	const struct scn_target *first = &p->s->targets[0];

	if (!t->iqn)
		return scn_expected(p, "'target IQN'");
	if (!t->image)
		return scn_expected(p, "'image PATH'");
	if (first != t && first->kind != t->kind)
		return scn_err_at(p, t->loc, "expected every iscsi line to use one server, found '%s' here and '%s' on line %u",
				  scn_server_name(t->kind), scn_server_name(first->kind),
				  first->loc.line);
	if (t->kind == SCN_SRV_TGT && !cx->lun_loc.line)
		t->lun = 1;
	if (t->kind != SCN_SRV_BUILTIN && t->single_session)
		return scn_err_at(p, cx->single_loc, "expected 'single-session' only with the builtin target, found '%s'",
				  scn_server_name(t->kind));
	if (t->kind == SCN_SRV_TGT && t->lun == 0)
		return scn_err_at(p, cx->lun_loc, "expected a LUN of 1 or more for tgt, found 0 (tgt puts its controller at LUN 0)");
	return 0;
}

/**
 * scn_stmt_iscsi() - "iscsi SERVER target IQN image PATH [OPTION...]"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_iscsi(struct scn_parser *p)
{
	struct scenario *s = p->s;
	struct target_ctx cx = { 0 };
	int rc;

	rc = scn_push_checked(p, &s->targets, &s->ntargets, sizeof(*cx.t),
			      "iscsi targets", (void **)&cx.t);
	if (rc)
		return rc;
	cx.t->loc = scn_tok_loc(p, &p->tok[0]);
	cx.t->port = 3260;
	/* a line whose server is not understood counts as builtin: later lines are
	   compared with it ("expected every iscsi line to use one server") */
	cx.t->kind = SCN_SRV_BUILTIN;
	rc = scn_take_server(p, "an iSCSI target server", SCN_IN_ISCSI, &cx.t->kind);
	if (rc)
		return rc;
	rc = scn_take_opts(p, scn_iscsi_opts, scn_niscsi_opts,
			   "an iscsi option", &cx);
	return rc ? rc : check_target(p, &cx);
}

/**
 * take_secret() - a CHAP user and secret
 * @p:      parser
 * @user:   out: user name
 * @secret: out: secret
 *
 * Return: 0 or a negative errno.
 */
static int take_secret(struct scn_parser *p, char **user, char **secret)
{
	int rc = scn_take_text(p, "a CHAP user name", user);

	if (!rc)
		rc = scn_take_text(p, "a CHAP secret", secret);
	if (!rc && strlen(*secret) < 12)
		scn_warn_at(p, scn_tok_loc(p, &p->tok[p->pos - 1]),
			    "CHAP secret shorter than 12 bytes: RFC 7143 targets may refuse it");
	return rc;
}

/**
 * scn_stmt_chap() - "chap USER SECRET [mutual USER SECRET]"
 * @p: parser
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_chap(struct scn_parser *p)
{
	static const char *const mutual[] = { "mutual", NULL };
	struct scn_target *t;
	int i, rc;

	if (!p->s->ntargets)
		return -EINVAL; /* the iscsi line failed and was reported */
	t = &p->s->targets[p->s->ntargets - 1];
	t->chap_loc = scn_tok_loc(p, &p->tok[0]);
	rc = take_secret(p, &t->chap_user, &t->chap_secret);
	if (rc || !scn_peek(p))
		return rc;
	rc = scn_take_choice(p, "'mutual' or end of line", mutual, &i);
	if (!rc)
		rc = take_secret(p, &t->mutual_user, &t->mutual_secret);
	return rc ? rc : scn_end(p);
}
