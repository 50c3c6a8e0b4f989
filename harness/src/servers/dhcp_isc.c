/* dhcp_isc.c - ISC dhcpd as the DHCP server: the scenario's DHCP policy as an if/elsif/else chain
 *
 * dhcpd's conditional statements evaluate in order, so the rules map one to
 * one onto if / elsif / else.  Options without a dhcpd name (and the
 * architecture, option 93) get a declaration "option pxl-N code N = ...".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "net/packet.h"
#include "servers/external_priv.h"

/**
 * cond_expr() - dhcpd boolean expression for one condition
 * @out: configuration
 * @c: condition
 */
static void cond_expr(struct pxl_buf *out, const struct pxl_cond *c)
{
	char mac[18];

	switch (c->kind) {
	case PXL_COND_USER_CLASS:
		pxl_buf_printf(out, "(exists user-class and option user-class = \"%s\")", c->text);
		break;
	case PXL_COND_VENDOR_EQ:
		pxl_buf_printf(out, "(option vendor-class-identifier = \"%s\")", c->text);
		break;
	case PXL_COND_VENDOR_PREFIX:
		pxl_buf_printf(out, "(substring(option vendor-class-identifier, 0, %zu) = \"%.*s\")",
			       c->textlen, (int)c->textlen, c->text);
		break;
	case PXL_COND_ARCH:
		pxl_buf_printf(out, "(option pxl-arch = %02x:%02x)", c->arch >> 8, c->arch & 255);
		break;
	case PXL_COND_MAC:
		pxl_buf_printf(out, "(hardware = 01:%s)", pxl_mac_str(c->mac, mac));
		break;
	}
}

/**
 * rule_body() - the statements of one rule
 * @out: configuration
 * @env: addresses (the default next-server)
 * @r: rule
 * @cannot: what cannot be expressed
 */
static void rule_body(struct pxl_buf *out, const struct pxl_peer_env *env, const struct scn_rule *r,
		      struct pxl_buf *cannot)
{
	const struct scn_action *siaddr = pxl_rule_action(r, "siaddr");
	char ip[16];
	size_t i;

	for (i = 0; i < r->nact; i++) {
		const struct scn_action *a = &r->act[i];

		if (!strcmp(a->key, "file"))
			pxl_buf_printf(out, "  filename \"%s\";\n  next-server %s;\n", a->value,
				       siaddr ? siaddr->value : pxl_ip_str(env->next_server, ip));
		else if (!strcmp(a->key, "siaddr") && !pxl_rule_action(r, "file"))
			pxl_buf_printf(out, "  next-server %s;\n", a->value);
		else if (!strcmp(a->key, "sname"))
			pxl_buf_printf(out, "  server-name \"%s\";\n", a->value);
		else if (!strcmp(a->key, "root-path"))
			pxl_buf_printf(out, "  option root-path \"%s\";\n", a->value);
		else if (a->code)
			pxl_buf_printf(out, "  option pxl-%u \"%s\";\n", a->code, a->value);
		else if (!strcmp(a->key, "ignore"))
			pxl_cannot(cannot, r, "'ignore' is not translated for ISC dhcpd");
	}
}

/**
 * declare_options() - "option pxl-N code N = text;" for every option-N action
 * @out: configuration
 * @d: policy
 */
static void declare_options(struct pxl_buf *out, const struct scn_dhcp *d)
{
	unsigned char seen[256] = { 0 };
	size_t i, k;

	pxl_buf_printf(out, "option pxl-arch code 93 = unsigned integer 16;\n");
	for (i = 0; i < d->nrules; i++)
		for (k = 0; k < d->rules[i].nact; k++) {
			unsigned code = d->rules[i].act[k].code;

			if (code && !seen[code]++)
				pxl_buf_printf(out, "option pxl-%u code %u = text;\n", code, code);
		}
}

/**
 * isc_translate() - dhcpd declarations and the if/elsif/else chain for @RULES@
 * @env: policy and addresses
 * @out: configuration fragment
 * @cannot: what cannot be expressed
 */
static void isc_translate(const struct pxl_peer_env *env, struct pxl_buf *out, struct pxl_buf *cannot)
{
	const struct scn_dhcp *d = &env->sc->dhcp;
	char desc[512];
	struct pxl_cond c;
	size_t i, k;
	int n = 0;

	declare_options(out, d);
	for (i = 0; i < d->nrules; i++) {
		const struct scn_rule *r = &d->rules[i];
		struct pxl_buf test = { 0 };
		int bad = 0;

		for (k = 0; k < r->ncond; k++) {
			if (pxl_cond_get(env->sc, &r->cond[k], &c)) {
				pxl_cannot(cannot, r, "ISC dhcpd cannot test %s this way", r->cond[k].field);
				bad = 1;
				continue;
			}
			pxl_buf_printf(&test, "%s", k ? " and " : "");
			cond_expr(&test, &c);
		}
		for (k = 0; k < r->nact && !bad; k++)
			if (r->act[k].value && !pxl_plain_text(r->act[k].value)) {
				pxl_cannot(cannot, r, "a value with quotes or control characters");
				bad = 1;
			}
		pxl_rule_describe(r, desc, sizeof(desc));
		if (!bad) {
			if (r->ncond)
				pxl_buf_printf(out, "# %s\n%s %s {\n", desc, n++ ? "elsif" : "if", pxl_buf_str(&test));
			else
				pxl_buf_printf(out, "# %s\n%s{\n", desc, n ? "else " : "");
			rule_body(out, env, r, cannot);
			pxl_buf_printf(out, "}\n");
		}
		pxl_buf_free(&test);
		if (!r->ncond)
			break;
	}
	if (d->no_pxedhcp)
		pxl_buf_printf(out, "# no-pxedhcp: iPXE option 175.176 = 1 for iPXE clients\n"
			       "if exists user-class and option user-class = \"iPXE\" {\n"
			       "  option ipxe.no-pxedhcp 1;\n}\n");
}

/**
 * isc_command() - dhcpd in the foreground on the namespace's interface
 * @l: launch
 *
 * Return: 0, or -errno when the lease file cannot be created.
 */
static int isc_command(struct pxl_peer_launch *l)
{
	const char *leases = pxl_launch_str(l, "%s/leases", l->dir);
	FILE *f = fopen(leases, "a");

	if (!f)
		return -errno;
	fclose(f);
	pxl_launch_arg(l, "-f");
	pxl_launch_arg(l, "-d");
	pxl_launch_arg(l, "-4");
	pxl_launch_arg(l, "-cf");
	pxl_launch_arg(l, "%s", l->conf);
	pxl_launch_arg(l, "-lf");
	pxl_launch_arg(l, "%s", leases);
	pxl_launch_arg(l, "-pf");
	pxl_launch_arg(l, "%s/pid", l->dir);
	pxl_launch_arg(l, "%s", PXL_NETNS_IFNAME);
	return 0;
}

static const struct pxl_peer_server isc = {
	.name = "isc-dhcpd", .program = "dhcpd", .package = "isc-dhcp-server", .tmpl = "dhcpd.conf.in",
	.translate = isc_translate, .command = isc_command, .ready_port = 67,
};

/** pxl_provider_isc - ISC dhcpd in the private namespace */
const struct pxl_provider pxl_provider_isc = { &pxl_peer_ops, { [SCN_ROLE_DHCP] = &isc } };
