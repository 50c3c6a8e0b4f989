/* dhcp_dnsmasq.c - dnsmasq as the DHCP or DHCPv6 server (the scenario's policy as tags) or as the TFTP server
 *
 * Each condition sets a tag (dhcp-userclass, dhcp-vendorclass, dhcp-match,
 * dhcp-mac); a rule's answer carries its own tags plus "not the earlier
 * rule" tags, which gives the scenario's first-match order as long as every
 * earlier rule has one condition (dnsmasq tags cannot negate a
 * conjunction).  dnsmasq matches user and vendor classes as substrings.
 */
#include <stdio.h>
#include <string.h>

#include "net/packet.h"
#include "servers/external_priv.h"

/**
 * cond_line() - the dnsmasq line that sets @tag when @c holds
 * @out: configuration
 * @c: condition
 * @tag: tag name
 * @v6: for DHCPv6: the vendor class names its enterprise (any: 0), the arch is option 61
 */
static void cond_line(struct pxl_buf *out, const struct pxl_cond *c, const char *tag, int v6)
{
	char mac[18];

	switch (c->kind) {
	case PXL_COND_USER_CLASS:
		pxl_buf_printf(out, "dhcp-userclass=set:%s,%s\n", tag, c->text);
		break;
	case PXL_COND_VENDOR_EQ:
	case PXL_COND_VENDOR_PREFIX:
		pxl_buf_printf(out, "dhcp-vendorclass=set:%s,%s%.*s\n", tag, v6 ? "enterprise:343," : "",
			       (int)c->textlen, c->text);
		break;
	case PXL_COND_ARCH:
		pxl_buf_printf(out, "dhcp-match=set:%s,%s,%u\n", tag, v6 ? "option6:61" : "option:client-arch",
			       c->arch);
		break;
	case PXL_COND_MAC:
		pxl_buf_printf(out, "dhcp-mac=set:%s,%s\n", tag, pxl_mac_str(c->mac, mac));
		break;
	}
}

/**
 * rule_tags() - "tag:r2c1,tag:!r1c1": this rule's conditions and not the earlier rules
 * @d: policy
 * @i: rule index
 * @tags: out
 * @len: its size
 *
 * Return: 0, or -1 when an earlier rule has several conditions.
 */
static int rule_tags(const struct scn_dhcp *d, size_t i, char *tags, size_t len)
{
	size_t j, k, o = 0;

	tags[0] = '\0';
	for (k = 0; k < d->rules[i].ncond && o < len; k++)
		o += (size_t)snprintf(tags + o, len - o, "tag:pxl-r%zuc%zu,", i + 1, k + 1);
	for (j = 0; j < i && o < len; j++) {
		if (d->rules[j].ncond > 1)
			return -1;
		o += (size_t)snprintf(tags + o, len - o, "tag:!pxl-r%zuc1,", j + 1);
	}
	return 0;
}

/**
 * rule_answer() - the answer lines of one rule
 * @out: configuration
 * @env: addresses (the default next-server)
 * @r: rule
 * @tags: its tag list ("" or ending in ',')
 * @cannot: what cannot be expressed
 */
static void rule_answer(struct pxl_buf *out, const struct pxl_peer_env *env, const struct scn_rule *r,
			const char *tags, struct pxl_buf *cannot)
{
	const struct scn_action *file = pxl_rule_action(r, "file");
	const struct scn_action *sname = pxl_rule_action(r, "sname");
	const struct scn_action *siaddr = pxl_rule_action(r, "siaddr");
	size_t i, n = strlen(tags);
	char ip[16];

	if (file)
		pxl_buf_printf(out, "dhcp-boot=%s%s,%s,%s\n", tags, file->value, sname ? sname->value : "",
			       siaddr ? siaddr->value : pxl_ip_str(env->next_server, ip));
	else if (siaddr || sname)
		pxl_cannot(cannot, r, "dnsmasq sets next-server and sname only with a boot file (dhcp-boot)");
	for (i = 0; i < r->nact; i++) {
		const struct scn_action *a = &r->act[i];

		if (!strcmp(a->key, "root-path"))
			pxl_buf_printf(out, "dhcp-option=%s17,\"%s\"\n", tags, a->value);
		else if (a->code)
			pxl_buf_printf(out, "dhcp-option-force=%s%u,\"%s\"\n", tags, a->code, a->value);
		else if (!strcmp(a->key, "ignore"))
			pxl_buf_printf(out, "dhcp-ignore=%.*s\n", n ? (int)n - 1 : 10, n ? tags : "tag:!pxl-x");
	}
}

/**
 * rule_answer6() - the DHCPv6 answer lines of one rule: option 59, the boot file URL
 * @out: configuration
 * @env: addresses (the TFTP server's IPv6 address)
 * @r: rule
 * @tags: its tag list ("" or ending in ',')
 * @cannot: what cannot be expressed (nothing: a dhcp6 rule has only file, no-boot, ignore, name)
 */
static void rule_answer6(struct pxl_buf *out, const struct pxl_peer_env *env, const struct scn_rule *r,
			 const char *tags, struct pxl_buf *cannot)
{
	const struct scn_action *file = pxl_rule_action(r, "file");
	size_t n = strlen(tags);
	char url[600];

	(void)cannot;
	if (file) {
		pxl_boot_url6(env, file->value, url, sizeof(url));
		pxl_buf_printf(out, "dhcp-option=%soption6:bootfile-url,%s\n", tags, url);
	}
	if (pxl_rule_action(r, "ignore"))
		pxl_buf_printf(out, "dhcp-ignore=%.*s\n", n ? (int)n - 1 : 10, n ? tags : "tag:!pxl-x");
}

/**
 * translate_policy() - dnsmasq lines for one policy (the dhcp block, or the dhcp6 block)
 * @env: addresses
 * @d: the policy
 * @v6: it is the dhcp6 block
 * @out: configuration fragment
 * @cannot: what cannot be expressed
 */
static void translate_policy(const struct pxl_peer_env *env, const struct scn_dhcp *d, int v6, struct pxl_buf *out,
			     struct pxl_buf *cannot)
{
	char tags[512], tag[32], desc[512];
	struct pxl_cond c;
	size_t i, k;

	for (i = 0; i < d->nrules; i++) {
		const struct scn_rule *r = &d->rules[i];
		int bad = 0;

		pxl_rule_describe(r, desc, sizeof(desc));
		pxl_buf_printf(out, "# %s\n", desc);
		for (k = 0; k < r->ncond; k++) {
			if (pxl_cond_get(env->sc, &r->cond[k], &c)) {
				pxl_cannot(cannot, r, "dnsmasq cannot test %s this way", r->cond[k].field);
				bad = 1;
				continue;
			}
			snprintf(tag, sizeof(tag), "pxl-r%zuc%zu", i + 1, k + 1);
			cond_line(out, &c, tag, v6);
		}
		for (k = 0; k < r->nact && !bad; k++)
			if (!pxl_plain_text(r->act[k].value ? r->act[k].value : "")) {
				pxl_cannot(cannot, r, "a value with quotes or control characters");
				bad = 1;
			}
		if (rule_tags(d, i, tags, sizeof(tags))) {
			pxl_cannot(cannot, r, "dnsmasq tags cannot express 'no earlier rule matched' after a rule with several conditions");
			bad = 1;
		}
		if (!bad)
			(v6 ? rule_answer6 : rule_answer)(out, env, r, tags, cannot);
		if (r->otherwise)
			break;
	}
}

/**
 * dnsmasq_translate() - dnsmasq lines for @RULES@
 * @env: policy and addresses
 * @out: configuration fragment
 * @cannot: what cannot be expressed
 */
static void dnsmasq_translate(const struct pxl_peer_env *env, struct pxl_buf *out, struct pxl_buf *cannot)
{
	translate_policy(env, &env->sc->dhcp, 0, out, cannot);
	if (env->sc->dhcp.no_pxedhcp)
		pxl_buf_printf(out, "# no-pxedhcp: iPXE option 175.176 = 1 for iPXE clients\n"
			       "dhcp-userclass=set:pxl-ipxe,iPXE\n"
			       "dhcp-option=tag:pxl-ipxe,encap:175,176,1b\n");
}

/**
 * dnsmasq6_translate() - dnsmasq DHCPv6 lines for @RULES@: the dhcp6 block's rules
 * @env: policy and addresses
 * @out: configuration fragment
 * @cannot: what cannot be expressed
 *
 * dnsmasq's dhcp-userclass matches DHCPv6 option 15 and dhcp-vendorclass
 * with "enterprise:343" option 16 (the enterprise OVMF and iPXE send).
 */
static void dnsmasq6_translate(const struct pxl_peer_env *env, struct pxl_buf *out, struct pxl_buf *cannot)
{
	translate_policy(env, &env->sc->dhcp6.pol, 1, out, cannot);
}

/**
 * dnsmasq_command() - dnsmasq in the foreground, logging to stderr, not changing user or groups
 * @l: launch (configuration written)
 *
 * --no-daemon keeps dnsmasq from switching to nobody/dip, which a user
 * namespace that maps only one uid and denies setgroups() would refuse.
 * Return: 0.
 */
static int dnsmasq_command(struct pxl_peer_launch *l)
{
	pxl_launch_arg(l, "--no-daemon");
	pxl_launch_arg(l, "--conf-file=%s", l->conf);
	pxl_launch_arg(l, "--log-facility=-");
	pxl_launch_arg(l, "--pid-file=%s/pid", l->dir);
	pxl_launch_arg(l, "--dhcp-leasefile=%s/leases", l->dir);
	return 0;
}

/* dnsmasq serves DHCP, and TFTP as a second, TFTP-only dnsmasq */
static const struct pxl_peer_server dnsmasq_dhcp = {
	.name = "dnsmasq", .program = "dnsmasq", .package = "dnsmasq-base", .tmpl = "dnsmasq.conf.in",
	.translate = dnsmasq_translate, .command = dnsmasq_command, .ready_port = 67,
};
static const struct pxl_peer_server dnsmasq_dhcp6 = {
	.name = "dnsmasq-dhcp6", .program = "dnsmasq", .package = "dnsmasq-base", .tmpl = "dnsmasq-dhcp6.conf.in",
	.translate = dnsmasq6_translate, .command = dnsmasq_command, .ready_port = 547,
};
static const struct pxl_peer_server dnsmasq_tftp = {
	.name = "dnsmasq-tftp", .program = "dnsmasq", .package = "dnsmasq-base", .tmpl = "dnsmasq-tftp.conf.in",
	.command = dnsmasq_command, .ready_port = 69,
};

/** pxl_provider_dnsmasq - dnsmasq in the private namespace, as the DHCP, DHCPv6 or TFTP server */
const struct pxl_provider pxl_provider_dnsmasq = {
	&pxl_peer_ops,
	{ [SCN_ROLE_DHCP] = &dnsmasq_dhcp, [SCN_ROLE_TFTP] = &dnsmasq_tftp, [SCN_ROLE_DHCP6] = &dnsmasq_dhcp6 },
};
