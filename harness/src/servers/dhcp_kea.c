/* dhcp_kea.c - Kea as the DHCP server: the scenario's DHCP policy as Kea client classes
 *
 * One class per rule, in order; its test is the rule's conditions and
 * "not member()" of every earlier rule's class, so Kea's full boolean
 * expressions give the scenario's first-match order exactly.  The answer
 * sits in the class: next-server, boot-file-name, server-hostname and
 * option-data (sent as hex with csv-format false: no quoting pitfalls).
 */
#include <stdio.h>
#include <string.h>

#include "net/packet.h"
#include "servers/external_priv.h"

/**
 * cond_expr() - Kea expression for one condition
 * @out: configuration
 * @c: condition
 */
static void cond_expr(struct pxl_buf *out, const struct pxl_cond *c)
{
	size_t i;

	switch (c->kind) {
	case PXL_COND_USER_CLASS:
		pxl_buf_printf(out, "option[77].hex == '%s'", c->text);
		break;
	case PXL_COND_VENDOR_EQ:
		pxl_buf_printf(out, "option[60].hex == '%s'", c->text);
		break;
	case PXL_COND_VENDOR_PREFIX:
		pxl_buf_printf(out, "substring(option[60].hex,0,%zu) == '%.*s'", c->textlen, (int)c->textlen, c->text);
		break;
	case PXL_COND_ARCH:
		pxl_buf_printf(out, "option[93].hex == 0x%04x", c->arch);
		break;
	case PXL_COND_MAC:
		pxl_buf_printf(out, "pkt4.mac == 0x");
		for (i = 0; i < 6; i++)
			pxl_buf_printf(out, "%02x", c->mac[i]);
		break;
	}
}

/**
 * option_hex() - one option-data entry with a hex payload
 * @out: configuration
 * @first: no entry before this one
 * @code: option code
 * @text: payload
 */
static void option_hex(struct pxl_buf *out, int first, unsigned code, const char *text)
{
	char hex[1024];

	pxl_hex(text, strlen(text), hex, sizeof(hex));
	pxl_buf_printf(out, "%s\n        { \"code\": %u, \"csv-format\": false, \"data\": \"%s\" }",
		       first ? "" : ",", code, hex);
}

/**
 * class_answer() - the answer fields of one rule's class
 * @out: configuration
 * @env: addresses (the default next-server)
 * @r: rule
 * @cannot: what cannot be expressed
 */
static void class_answer(struct pxl_buf *out, const struct pxl_peer_env *env, const struct scn_rule *r,
			 struct pxl_buf *cannot)
{
	const struct scn_action *file = pxl_rule_action(r, "file");
	const struct scn_action *siaddr = pxl_rule_action(r, "siaddr");
	const struct scn_action *sname = pxl_rule_action(r, "sname");
	int nopt = 0;
	char ip[16];
	size_t i;

	if (file || siaddr)
		pxl_buf_printf(out, ",\n      \"next-server\": \"%s\"",
			       siaddr ? siaddr->value : pxl_ip_str(env->next_server, ip));
	if (file)
		pxl_buf_printf(out, ",\n      \"boot-file-name\": \"%s\"", file->value);
	if (sname)
		pxl_buf_printf(out, ",\n      \"server-hostname\": \"%s\"", sname->value);
	for (i = 0; i < r->nact; i++) {
		const struct scn_action *a = &r->act[i];
		unsigned code = !strcmp(a->key, "root-path") ? 17 : a->code;

		if (!strcmp(a->key, "ignore"))
			pxl_cannot(cannot, r, "'ignore' is not translated for Kea (its DROP class drops every match)");
		if (!code)
			continue;
		pxl_buf_printf(out, "%s", nopt ? "" : ",\n      \"option-data\": [");
		option_hex(out, !nopt++, code, a->value);
	}
	if (nopt)
		pxl_buf_printf(out, " ]");
}

/**
 * kea_translate() - Kea client classes for @RULES@ (a JSON list body)
 * @env: policy and addresses
 * @out: configuration fragment
 * @cannot: what cannot be expressed
 */
static void kea_translate(const struct pxl_peer_env *env, struct pxl_buf *out, struct pxl_buf *cannot)
{
	const struct scn_dhcp *d = &env->sc->dhcp;
	struct pxl_cond c;
	size_t i, j, k;
	int n = 0;

	for (i = 0; i < d->nrules; i++) {
		const struct scn_rule *r = &d->rules[i];
		struct pxl_buf test = { 0 };
		int bad = 0, terms = 0;

		for (k = 0; k < r->ncond; k++) {
			if (pxl_cond_get(env->sc, &r->cond[k], &c)) {
				pxl_cannot(cannot, r, "Kea cannot test %s this way", r->cond[k].field);
				bad = 1;
				continue;
			}
			pxl_buf_printf(&test, "%s", terms++ ? " and " : "");
			cond_expr(&test, &c);
		}
		for (j = 0; j < i; j++)
			pxl_buf_printf(&test, "%snot member('pxl-r%zu')", terms++ ? " and " : "", j + 1);
		for (k = 0; k < r->nact && !bad; k++)
			if ((!strcmp(r->act[k].key, "file") || !strcmp(r->act[k].key, "sname")) &&
			    !pxl_plain_text(r->act[k].value)) {
				pxl_cannot(cannot, r, "a %s with quotes or control characters", r->act[k].key);
				bad = 1;
			}
		if (!bad) {
			pxl_buf_printf(out, "%s    {\n      \"name\": \"pxl-r%zu\",\n      \"test\": \"%s\"",
				       n++ ? ",\n" : "", i + 1, terms ? pxl_buf_str(&test) : "option[53].exists");
			class_answer(out, env, r, cannot);
			pxl_buf_printf(out, "\n    }");
		}
		pxl_buf_free(&test);
		if (r->otherwise)
			break;
	}
	if (d->no_pxedhcp)
		pxl_buf_printf(out, "%s    {\n      \"name\": \"pxl-ipxe\",\n      \"test\": \"option[77].hex == 'iPXE'\",\n"
			       "      \"option-data\": [ { \"code\": 175, \"csv-format\": false, \"data\": \"b00101\" } ]\n    }",
			       n ? ",\n" : "");
}

/**
 * kea_command() - kea-dhcp4 with its pid and lock files in the private folder
 * @l: launch
 *
 * Return: 0.
 */
static int kea_command(struct pxl_peer_launch *l)
{
	pxl_launch_arg(l, "-c");
	pxl_launch_arg(l, "%s", l->conf);
	l->envp[0] = (char *)pxl_launch_str(l, "PATH=/usr/sbin:/usr/bin:/sbin:/bin");
	l->envp[1] = (char *)pxl_launch_str(l, "KEA_PIDFILE_DIR=%s", l->dir);
	l->envp[2] = (char *)pxl_launch_str(l, "KEA_LOCKFILE_DIR=%s", l->dir);
	l->envp[3] = NULL;
	return 0;
}

static const struct pxl_peer_server kea = {
	.name = "kea", .program = "kea-dhcp4", .package = "kea-dhcp4-server", .tmpl = "kea-dhcp4.json.in",
	.translate = kea_translate, .command = kea_command, .ready_port = 67,
};

/** pxl_provider_kea - Kea's DHCPv4 server in the private namespace */
const struct pxl_provider pxl_provider_kea = { &pxl_peer_ops, { [SCN_ROLE_DHCP] = &kea } };
