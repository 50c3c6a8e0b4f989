/* dhcp_udhcpd.c - busybox udhcpd as the DHCP server: one answer for everybody
 *
 * udhcpd has no conditional answers: it gives every client the fallback
 * rule (`otherwise`), and every rule with conditions is reported as
 * "cannot express".  Options go as hex ("option 0x11 6973...").
 */
#include <stdio.h>
#include <string.h>

#include "servers/external_priv.h"

/**
 * udhcpd_translate() - udhcpd lines for @RULES@
 * @env: policy and addresses
 * @out: configuration fragment
 * @cannot: what cannot be expressed
 */
static void udhcpd_translate(const struct pxl_peer_env *env, struct pxl_buf *out, struct pxl_buf *cannot)
{
	const struct scn_dhcp *d = &env->sc->dhcp;
	const struct scn_rule *fb = pxl_policy_fallback(d);
	char desc[512], hex[1024], ip[16];
	size_t i;

	for (i = 0; i < d->nrules; i++)
		if (&d->rules[i] != fb)
			pxl_cannot(cannot, &d->rules[i], "udhcpd has no conditional answers");
	if (!fb)
		return;
	if (fb->ncond)
		pxl_cannot(cannot, fb, "udhcpd has no conditional answers: given to every client");
	pxl_rule_describe(fb, desc, sizeof(desc));
	pxl_buf_printf(out, "# every client: %s\n", desc);
	for (i = 0; i < fb->nact; i++) {
		const struct scn_action *a = &fb->act[i];
		unsigned code = !strcmp(a->key, "root-path") ? 17 : a->code;

		if (!strcmp(a->key, "file"))
			pxl_buf_printf(out, "boot_file %s\n", a->value);
		else if (!strcmp(a->key, "sname"))
			pxl_buf_printf(out, "sname %s\n", a->value);
		else if (!strcmp(a->key, "ignore"))
			pxl_cannot(cannot, fb, "udhcpd cannot ignore clients");
		if (!code)
			continue;
		pxl_hex(a->value, strlen(a->value), hex, sizeof(hex));
		pxl_buf_printf(out, "option 0x%02x %s\n", code, hex);
	}
	pxl_buf_printf(out, "siaddr %s\n", pxl_rule_action(fb, "siaddr") ? pxl_rule_action(fb, "siaddr")->value :
		       pxl_ip_str(env->next_server, ip));
	if (d->no_pxedhcp)
		pxl_buf_printf(out, "# no-pxedhcp (iPXE option 175.176 = 1): to every client, harmless to firmware\n"
			       "option 0xaf b00101\n");
}

/**
 * udhcpd_command() - busybox udhcpd in the foreground
 * @l: launch
 *
 * Return: 0.
 */
static int udhcpd_command(struct pxl_peer_launch *l)
{
	pxl_launch_arg(l, "udhcpd");
	pxl_launch_arg(l, "-f");
	pxl_launch_arg(l, "%s", l->conf);
	return 0;
}

static const struct pxl_peer_server udhcpd = {
	.name = "udhcpd", .program = "busybox", .package = "busybox", .tmpl = "udhcpd.conf.in",
	.translate = udhcpd_translate, .command = udhcpd_command, .ready_port = 67,
};

/** pxl_provider_udhcpd - busybox udhcpd in the private namespace */
const struct pxl_provider pxl_provider_udhcpd = { &pxl_peer_ops, { [SCN_ROLE_DHCP] = &udhcpd } };
