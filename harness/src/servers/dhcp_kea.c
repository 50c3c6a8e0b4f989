/* dhcp_kea.c - Kea as the DHCP or DHCPv6 server: the scenario's policies as Kea client classes
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
 * @v6: for kea-dhcp6: user class option 15 and vendor class option 16 after
 *      their length and enterprise fields (the first class only), arch option 61
 *
 * Return: 0, or -1 when Kea cannot test it (a MAC address in DHCPv6).
 */
static int cond_expr(struct pxl_buf *out, const struct pxl_cond *c, int v6)
{
	size_t i;

	switch (c->kind) {
	case PXL_COND_USER_CLASS:
		pxl_buf_printf(out, v6 ? "substring(option[15].hex,2,all) == '%s'" : "option[77].hex == '%s'", c->text);
		break;
	case PXL_COND_VENDOR_EQ:
		pxl_buf_printf(out, v6 ? "substring(option[16].hex,6,all) == '%s'" : "option[60].hex == '%s'", c->text);
		break;
	case PXL_COND_VENDOR_PREFIX:
		pxl_buf_printf(out, "substring(option[%u].hex,%u,%zu) == '%.*s'", v6 ? 16 : 60, v6 ? 6 : 0, c->textlen,
			       (int)c->textlen, c->text);
		break;
	case PXL_COND_ARCH:
		pxl_buf_printf(out, "option[%u].hex == 0x%04x", v6 ? 61 : 93, c->arch);
		break;
	case PXL_COND_MAC:
		if (v6)
			return -1;
		pxl_buf_printf(out, "pkt4.mac == 0x");
		for (i = 0; i < 6; i++)
			pxl_buf_printf(out, "%02x", c->mac[i]);
		break;
	}
	return 0;
}

/**
 * option_hex() - one option-data entry with a hex payload
 * @out: configuration
 * @first: no entry before this one
 * @code: option code (59, DHCPv6's boot file URL, is sent whether asked for or not)
 * @text: payload
 */
static void option_hex(struct pxl_buf *out, int first, unsigned code, const char *text)
{
	char hex[1024];

	pxl_hex(text, strlen(text), hex, sizeof(hex));
	pxl_buf_printf(out, "%s\n        { \"code\": %u, \"csv-format\": false, \"data\": \"%s\"%s }",
		       first ? "" : ",", code, hex, code == 59 ? ", \"always-send\": true" : "");
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
 * class_answer6() - the DHCPv6 answer of one rule's class: option 59, the boot file URL
 * @out: configuration
 * @env: addresses (the TFTP server's IPv6 address)
 * @r: rule
 * @cannot: what cannot be expressed
 */
static void class_answer6(struct pxl_buf *out, const struct pxl_peer_env *env, const struct scn_rule *r,
			  struct pxl_buf *cannot)
{
	const struct scn_action *file = pxl_rule_action(r, "file");
	char url[600];

	if (pxl_rule_action(r, "ignore"))
		pxl_cannot(cannot, r, "'ignore' is not translated for Kea (its DROP class drops every match)");
	if (!file)
		return;
	pxl_boot_url6(env, file->value, url, sizeof(url));
	pxl_buf_printf(out, ",\n      \"option-data\": [");
	option_hex(out, 1, 59, url);
	pxl_buf_printf(out, " ]");
}

/**
 * class_test() - a rule's class test: its conditions and not the earlier rules' classes
 * @env: policy
 * @r: rule
 * @i: its index
 * @v6: a dhcp6 rule
 * @test: out
 * @cannot: what cannot be expressed
 *
 * Return: the number of terms, or -1 when a condition cannot be tested.
 */
static int class_test(const struct pxl_peer_env *env, const struct scn_rule *r, size_t i, int v6,
		      struct pxl_buf *test, struct pxl_buf *cannot)
{
	struct pxl_cond c;
	int bad = 0, terms = 0;
	size_t j, k;

	for (k = 0; k < r->ncond; k++) {
		pxl_buf_printf(test, "%s", terms++ ? " and " : "");
		if (pxl_cond_get(env->sc, &r->cond[k], &c) || cond_expr(test, &c, v6)) {
			pxl_cannot(cannot, r, "Kea%s cannot test %s this way", v6 ? "'s DHCPv6 server" : "",
				   r->cond[k].field);
			bad = 1;
		}
	}
	for (j = 0; j < i; j++)
		pxl_buf_printf(test, "%snot member('pxl-r%zu')", terms++ ? " and " : "", j + 1);
	return bad ? -1 : terms;
}

/**
 * translate_classes() - Kea client classes for one policy (a JSON list body)
 * @env: addresses
 * @d: the dhcp or dhcp6 block
 * @v6: it is the dhcp6 block
 * @out: configuration fragment
 * @cannot: what cannot be expressed
 *
 * Return: the number of classes written.
 */
static int translate_classes(const struct pxl_peer_env *env, const struct scn_dhcp *d, int v6, struct pxl_buf *out,
			     struct pxl_buf *cannot)
{
	size_t i, k;
	int n = 0;

	for (i = 0; i < d->nrules; i++) {
		const struct scn_rule *r = &d->rules[i];
		struct pxl_buf test = { 0 };
		int terms = class_test(env, r, i, v6, &test, cannot);

		for (k = 0; k < r->nact && terms >= 0; k++)
			if ((!strcmp(r->act[k].key, "file") || !strcmp(r->act[k].key, "sname")) &&
			    !pxl_plain_text(r->act[k].value)) {
				pxl_cannot(cannot, r, "a %s with quotes or control characters", r->act[k].key);
				terms = -1;
			}
		if (terms >= 0) {
			pxl_buf_printf(out, "%s    {\n      \"name\": \"pxl-r%zu\",\n      \"test\": \"%s\"",
				       n++ ? ",\n" : "", i + 1,
				       terms ? pxl_buf_str(&test) : v6 ? "option[1].exists" : "option[53].exists");
			(v6 ? class_answer6 : class_answer)(out, env, r, cannot);
			pxl_buf_printf(out, "\n    }");
		}
		pxl_buf_free(&test);
		if (r->otherwise)
			break;
	}
	return n;
}

/**
 * kea_translate() - Kea client classes for @RULES@ (a JSON list body)
 * @env: policy and addresses
 * @out: configuration fragment
 * @cannot: what cannot be expressed
 */
static void kea_translate(const struct pxl_peer_env *env, struct pxl_buf *out, struct pxl_buf *cannot)
{
	int n = translate_classes(env, &env->sc->dhcp, 0, out, cannot);

	if (env->sc->dhcp.no_pxedhcp)
		pxl_buf_printf(out, "%s    {\n      \"name\": \"pxl-ipxe\",\n      \"test\": \"option[77].hex == 'iPXE'\",\n"
			       "      \"option-data\": [ { \"code\": 175, \"csv-format\": false, \"data\": \"b00101\" } ]\n    }",
			       n ? ",\n" : "");
}

/**
 * kea6_translate() - kea-dhcp6 client classes for @RULES@: the dhcp6 block's rules
 * @env: policy and addresses
 * @out: configuration fragment
 * @cannot: what cannot be expressed
 */
static void kea6_translate(const struct pxl_peer_env *env, struct pxl_buf *out, struct pxl_buf *cannot)
{
	translate_classes(env, &env->sc->dhcp6.pol, 1, out, cannot);
}

/**
 * kea_command() - kea-dhcp4 or kea-dhcp6 with its pid and lock files in the private folder
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

static const struct pxl_peer_server kea6 = {
	.name = "kea-dhcp6", .program = "kea-dhcp6", .package = "kea-dhcp6-server", .tmpl = "kea-dhcp6.json.in",
	.translate = kea6_translate, .command = kea_command, .ready_port = 547,
};

/** pxl_provider_kea - Kea's DHCPv4 and DHCPv6 servers in the private namespace */
const struct pxl_provider pxl_provider_kea = { &pxl_peer_ops, { [SCN_ROLE_DHCP] = &kea, [SCN_ROLE_DHCP6] = &kea6 } };
