/* translate.c - a scenario with other servers swapped in: its DHCP kind, TFTP and iSCSI addresses
 *
 * `pxelab compare` runs one scenario against several servers, and `pxelab
 * run --tftp/--http` and `compare --tftp/--http` replace the scenario's TFTP
 * and HTTP servers.  Each run gets a shallow copy whose DHCP (TFTP, HTTP)
 * kind is replaced; when the
 * TFTP server (the scenario's own `tftp tftpd-hpa|dnsmasq`, or one swapped
 * in) or the iSCSI target is in the namespace, the policy's addresses move
 * with it:
 *
 *   - a real TFTP server: every `next-server` that named the LAN gateway
 *     (pxelab's TFTP) names the namespace address, and a rule with a file
 *     but no next-server gets one;
 *   - a real iSCSI target (tgt): each builtin target moves to it, at the
 *     address it serves on, on LUN 1 when it was on LUN 0 (tgt's LUN 0 is
 *     its controller), and every root path "iscsi:SERVER:P:PORT:LUN:IQN"
 *     naming that IQN gets the new server and LUN.
 *
 * Only the changed parts are copied; everything else is shared with the
 * original, which must outlive the copy.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "net/packet.h"
#include "servers/external_priv.h"
#include "servers/provider.h"

/**
 * keep() - record an allocation the copy owns
 * @c: copy
 * @ptr: allocation (NULL: out of memory)
 *
 * Return: @ptr, or NULL when it is NULL or the table is full (then freed).
 */
static void *keep(struct pxl_peer_copy *c, void *ptr)
{
	if (ptr && c->n < ARRAY_SIZE(c->allocs)) {
		c->allocs[c->n++] = ptr;
		return ptr;
	}
	free(ptr);
	return NULL;
}

/**
 * old_portal() - the address a builtin target listens on (x.x.x.4 by default)
 * @sc: scenario
 * @t: target
 *
 * Return: the address.
 */
static uint32_t old_portal(const struct scenario *sc, const struct scn_target *t)
{
	struct pxl_peer_env env;

	pxl_peer_env_init(&env, sc, 0);
	return t->addr ? t->addr : env.net | 4;
}

/**
 * move_targets() - builtin targets move to another iSCSI target server
 * @c: copy
 * @kind: that server
 * @addr: where it serves
 *
 * Return: 0 or -ENOMEM.
 */
static int move_targets(struct pxl_peer_copy *c, enum scn_server kind, uint32_t addr)
{
	struct scenario *s = &c->s;
	struct scn_target *t;
	size_t i;

	if (!s->ntargets)
		return 0;
	t = keep(c, calloc(s->ntargets, sizeof(*t)));
	if (!t)
		return -ENOMEM;
	memcpy(t, s->targets, s->ntargets * sizeof(*t));
	for (i = 0; i < s->ntargets; i++) {
		if (t[i].kind != SCN_SRV_BUILTIN)
			continue;
		t[i].kind = kind;
		t[i].addr = addr;
		if (!t[i].lun)
			t[i].lun = 1;
	}
	s->targets = t;
	return 0;
}

/**
 * new_root_path() - a root path moved to the target's new portal and LUN
 * @c: copy (targets already moved)
 * @orig: the original scenario
 * @path: "iscsi:SERVER:PROTO:PORT:LUN:IQN"
 *
 * Return: the new text (owned by the copy), @path itself when unchanged, NULL when out of memory.
 */
static char *new_root_path(struct pxl_peer_copy *c, const struct scenario *orig, char *path)
{
	char f[4][64], ip[16], *out;
	const char *p = path + 6, *iqn;
	size_t i, k;

	if (strncmp(path, "iscsi:", 6))
		return path;
	for (k = 0; k < 4; k++) {
		size_t n = strcspn(p, ":");

		if (!p[n] || n >= sizeof(f[k]))
			return path;
		snprintf(f[k], sizeof(f[k]), "%.*s", (int)n, p);
		p += n + 1;
	}
	iqn = p;
	for (i = 0; i < c->s.ntargets; i++) {
		const struct scn_target *t = &c->s.targets[i];

		if (orig->targets[i].kind != SCN_SRV_BUILTIN || strcmp(t->iqn, iqn))
			continue;
		/* the old portal, or already the new one (`${iscsi.addr}` expands to it under --iscsi) */
		if (f[0][0] && strcmp(f[0], pxl_ip_str(old_portal(orig, &orig->targets[i]), ip)) &&
		    strcmp(f[0], pxl_ip_str(t->addr, ip)))
			continue;
		if (asprintf(&out, "iscsi:%s:%s:%s:%x:%s", pxl_ip_str(t->addr, ip), f[1], f[2], t->lun, iqn) < 0)
			return NULL;
		return keep(c, out);
	}
	return path;
}

/**
 * move_rule() - one rule's actions with the swapped servers' addresses
 * @c: copy
 * @orig: original scenario
 * @r: the rule (in the copied rule array)
 * @ns: the address of the TFTP server swapped in
 * @tftp: a real TFTP server is swapped in
 *
 * Return: 0 or -ENOMEM.
 */
static int move_rule(struct pxl_peer_copy *c, const struct scenario *orig, struct scn_rule *r, uint32_t ns, int tftp)
{
	struct pxl_peer_env env;
	struct scn_action *a = keep(c, calloc(r->nact + 1, sizeof(*a)));
	char ip[16];
	size_t i;

	if (!a)
		return -ENOMEM;
	pxl_peer_env_init(&env, orig, 0);
	memcpy(a, r->act, r->nact * sizeof(*a));
	for (i = 0; i < r->nact; i++) {
		if (!strcmp(a[i].key, "root-path") && a[i].value && !(a[i].value = new_root_path(c, orig, a[i].value)))
			return -ENOMEM;
		if (tftp && !strcmp(a[i].key, "siaddr") && a[i].addr == env.gateway) {
			a[i].addr = ns;
			if (!(a[i].value = keep(c, strdup(pxl_ip_str(ns, ip)))))
				return -ENOMEM;
		}
	}
	if (tftp && pxl_rule_action(r, "file") && !pxl_rule_action(r, "siaddr")) {
		snprintf(a[r->nact].key, sizeof(a[r->nact].key), "siaddr");
		a[r->nact].addr = ns;
		a[r->nact].loc = r->loc;
		if (!(a[r->nact].value = keep(c, strdup(pxl_ip_str(ns, ip)))))
			return -ENOMEM;
		r->nact++;
	}
	r->act = a;
	return 0;
}

/**
 * pxl_peer_copy_make() - a scenario copy with another DHCP server and, optionally, real TFTP/iSCSI
 * @in: the scenario (must outlive the copy)
 * @kind: DHCP server of the copy
 * @o: command-line choices (tftp, http, dhcp6: replace the scenario's TFTP, HTTP and DHCPv6 servers), or NULL
 *
 * An HTTP server moves nothing: URLs that should follow it say ${http.addr},
 * which pxl_cli_parse_file() fills from the same choice.
 * @iscsi: the iSCSI target server builtin targets move to (SCN_SRV_NONE: they stay)
 * @out: out (pxl_peer_copy_free() it, also after a failure)
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message.
 */
int pxl_peer_copy_make(const struct scenario *in, enum scn_server kind, const struct pxl_peer_opts *o,
		       enum scn_server iscsi, struct pxl_peer_copy *out, char *err, size_t errlen)
{
	enum scn_server tk = o && o->tftp != SCN_SRV_NONE ? o->tftp : in->tftp.kind;
	uint32_t ns = pxl_server_addr(tk, SCN_ROLE_TFTP, in);
	int tftp = ns && ns != pxl_server_addr(SCN_SRV_BUILTIN, SCN_ROLE_TFTP, in), tgt = iscsi != SCN_SRV_NONE;
	struct scn_rule *rules;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->s = *in;
	out->s.dhcp.kind = kind;
	if (in->tftp.kind != SCN_SRV_NONE)
		out->s.tftp.kind = tk;
	if (tk != in->tftp.kind && in->tftp.kind == SCN_SRV_NONE) {
		return pxl_err(err, errlen, "%s: the scenario has no tftp line: nothing for a real TFTP server to serve", in->file);
	}
	if (o && o->http != SCN_SRV_NONE && in->http.kind == SCN_SRV_NONE) {
		return pxl_err(err, errlen, "%s: the scenario has no http line: nothing for %s to serve", in->file,
			       scn_server_name(o->http));
	}
	if (o && o->http != SCN_SRV_NONE)
		out->s.http.kind = o->http;
	if (o && o->dhcp6 != SCN_SRV_NONE && in->dhcp6.pol.kind == SCN_SRV_NONE) {
		return pxl_err(err, errlen, "%s: the scenario has no dhcp6 block: no DHCPv6 policy for %s to serve",
			       in->file, scn_server_name(o->dhcp6));
	}
	if (o && o->dhcp6 != SCN_SRV_NONE)
		out->s.dhcp6.pol.kind = o->dhcp6;
	if (!tftp && !tgt)
		return 0;
	if (tgt && move_targets(out, iscsi, pxl_server_addr(iscsi, SCN_ROLE_ISCSI, in)))
		goto oom;
	rules = keep(out, calloc(in->dhcp.nrules + 1, sizeof(*rules)));
	if (!rules)
		goto oom;
	memcpy(rules, in->dhcp.rules, in->dhcp.nrules * sizeof(*rules));
	out->s.dhcp.rules = rules;
	for (i = 0; i < in->dhcp.nrules; i++)
		if (move_rule(out, in, &rules[i], ns, tftp))
			goto oom;
	return 0;
oom:
	return pxl_err(err, errlen, "out of memory (or more than %zu changes) translating %s",
		 ARRAY_SIZE(out->allocs), in->file);
}

/**
 * pxl_peer_copy_free() - free what a copy owns (safe twice)
 * @c: copy
 */
void pxl_peer_copy_free(struct pxl_peer_copy *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->allocs[i]);
	c->n = 0;
}
