/* builtin_udp.c - pxelab's own DHCP and TFTP servers on the segment, configured from a scenario
 *
 * The scenario's `dhcp builtin` block becomes a struct dhcp_config (its
 * `when`/`otherwise` lines become dhcp_rule entries), `tftp builtin` a
 * struct tftp_config on the run's TFTP root.  Both attach to the segment's
 * UDP service table at the LAN's gateway address and report to the run's
 * event sink; builtin.c makes them, with builtin_iscsi.c, the `builtin`
 * provider.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "net/packet.h"
#include "servers/builtin_priv.h"
#include "servers/dhcp_policy.h"
#include "services/dhcp/dhcp_server.h"
#include "services/tftp/tftp_server.h"

/**
 * struct pxl_builtin_dhcp - pxelab's DHCP server of one run
 * @env: the run
 * @dhcp: the server (NULL until started)
 * @policy: the translated policy (kept for the server's lifetime)
 */
struct pxl_builtin_dhcp {
	const struct pxl_server_env *env;
	struct dhcp_server *dhcp;
	struct pxl_dhcp_policy policy;
};

/**
 * struct pxl_builtin_tftp - pxelab's TFTP server of one run
 * @tftp: the server (NULL until started)
 * @timer: drives its retransmissions
 */
struct pxl_builtin_tftp {
	struct tftp_server *tftp;
	struct pxl_timer *timer;
};

/** builtin_dhcp_input() - a datagram for the DHCP server */
static void builtin_dhcp_input(void *arg, const struct pxl_dgram *dg)
{
	struct pxl_builtin_dhcp *b = arg;

	if (b->dhcp)
		dhcp_server_input(b->dhcp, dg, pxl_now_ns());
}

/** builtin_tftp_rearm() - arm the TFTP timer at the server's next deadline */
static void builtin_tftp_rearm(struct pxl_builtin_tftp *b)
{
	uint64_t d = tftp_server_next_deadline(b->tftp);

	if (d == PXL_NEVER)
		pxl_timer_disarm(b->timer);
	else
		pxl_timer_arm(b->timer, d);
}

/** builtin_tftp_input() - a datagram for the TFTP server */
static void builtin_tftp_input(void *arg, const struct pxl_dgram *dg)
{
	struct pxl_builtin_tftp *b = arg;

	if (!b->tftp)
		return;
	tftp_server_input(b->tftp, dg, pxl_now_ns());
	builtin_tftp_rearm(b);
}

/** builtin_tftp_tick() - TFTP retransmission timer */
static void builtin_tftp_tick(void *arg)
{
	struct pxl_builtin_tftp *b = arg;

	tftp_server_tick(b->tftp, pxl_now_ns());
	builtin_tftp_rearm(b);
}

/**
 * rule_cond() - translate one scenario condition into the DHCP rule
 * @sc: scenario
 * @r: scenario rule (for nbp-count: its file)
 * @m: condition
 * @d: DHCP rule being built
 *
 * Return: 0, -ENOSPC (too many conditions) or -EINVAL (cannot express).
 */
static int rule_cond(const struct scenario *sc, const struct scn_rule *r,
		     const struct scn_match *m, struct dhcp_rule *d)
{
	static const enum dhcp_cmp cmp_of[] = {
		[SCN_OP_EQ] = DHCP_CMP_EQ, [SCN_OP_NE] = DHCP_CMP_NE, [SCN_OP_LT] = DHCP_CMP_LT,
		[SCN_OP_LE] = DHCP_CMP_LE, [SCN_OP_GT] = DHCP_CMP_GT, [SCN_OP_GE] = DHCP_CMP_GE,
	};
	enum dhcp_cmp cmp = m->op <= SCN_OP_GE ? cmp_of[m->op] : DHCP_CMP_EQ;
	const char *file = NULL;
	uint8_t mac[6];
	size_t a;

	if (!strcmp(m->field, "user-class"))
		return dhcp_rule_user_class(d, m->value);
	if (!strcmp(m->field, "vendor-class"))
		return dhcp_rule_vendor(d, m->value && m->value[0] == '^' ? m->value + 1 : m->value);
	if (!strcmp(m->field, "arch"))
		return dhcp_rule_arch(d, cmp, (uint16_t)m->num);
	if (!strcmp(m->field, "ipxe-feature"))
		return dhcp_rule_feature(d, m->value);
	if (!strcmp(m->field, "mac"))
		return pxl_mac_parse(m->value, mac) ? -EINVAL : dhcp_rule_mac(d, mac);
	if (!strcmp(m->field, "client") && m->client >= 0)
		return dhcp_rule_mac(d, sc->clients[m->client].mac);
	if (!strcmp(m->field, "nbp-count")) {
		for (a = 0; a < r->nact; a++)
			if (!strcmp(r->act[a].key, "file"))
				file = r->act[a].value;
		return dhcp_rule_nbp_count(d, file, cmp, (uint32_t)m->num);
	}
	return -EINVAL;
}

/**
 * rule_action() - translate one scenario action into the DHCP rule
 * @a: action
 * @d: DHCP rule being built
 *
 * Return: 0, -ENOSPC or -EINVAL.
 */
static int rule_action(const struct scn_action *a, struct dhcp_rule *d)
{
	if (!strcmp(a->key, "file"))
		d->file = a->value;
	else if (!strcmp(a->key, "siaddr") || !strcmp(a->key, "next-server"))
		d->next_server = a->addr, d->no_next_server = a->addr == 0;
	else if (!strcmp(a->key, "sname"))
		d->sname = a->value;
	else if (!strcmp(a->key, "root-path"))
		d->root_path = a->value;
	else if (!strcmp(a->key, "no-boot") || !strcmp(a->key, "ignore"))
		d->no_boot = 1;
	else if (!strcmp(a->key, "no-pxedhcp"))
		d->no_pxedhcp = 1;
	else if (!strcmp(a->key, "no-option") && a->code > 0 && a->code < 255)
		return dhcp_rule_omit(d, (uint8_t)a->code);
	else if (!strncmp(a->key, "option-", 7) && a->code > 0 && a->code < 255)
		return dhcp_rule_option_str(d, (uint8_t)a->code, a->value ? a->value : "");
	else
		return -EINVAL;
	return 0;
}

/**
 * pxl_dhcp_rules_make() - a dhcp or dhcp6 block's policy as DHCP rules
 * @sc:  scenario
 * @pol: its dhcp block, or the dhcp6 block's
 * @out: out: calloc'ed rules (free() them, also after a failure)
 * @err, @errlen: message buffer
 *
 * Return: 0 or -1 with a message naming the scenario line.
 */
int pxl_dhcp_rules_make(const struct scenario *sc, const struct scn_dhcp *pol, struct dhcp_rule **out,
			char *err, size_t errlen)
{
	size_t i, k;

	*out = calloc(pol->nrules + 1, sizeof(**out));
	if (!*out)
		return pxl_err(err, errlen, "out of memory");
	for (i = 0; i < pol->nrules; i++) {
		const struct scn_rule *r = &pol->rules[i];
		struct dhcp_rule *d = &(*out)[i];
		int rc = 0;

		dhcp_rule_init(d, r->name);
		for (k = 0; k < r->ncond && !rc; k++)
			rc = rule_cond(sc, r, &r->cond[k], d);
		for (k = 0; k < r->nact && !rc; k++)
			rc = rule_action(&r->act[k], d);
		if (rc || dhcp_rule_check(d))
			return pxl_err(err, errlen, "%s:%u: rule %s cannot be expressed by pxelab's DHCP server (%s)",
				       sc->file, r->loc.line, r->name, rc == -ENOSPC ? "too many conditions" : "unsupported");
	}
	return 0;
}

/**
 * pxl_dhcp_policy_make() - a scenario's dhcp block as a struct dhcp_config
 * @sc: scenario
 * @p:  out: the configuration and the arrays it points into (free with
 *      pxl_dhcp_policy_free(), also after a failure)
 * @err, @errlen: message buffer
 *
 * The server answers at the LAN's gateway, which is also the default
 * router and next server; without a `pool` line it hands out .100-.199.
 * Return: 0 or -1 with a message naming the scenario line.
 */
int pxl_dhcp_policy_make(const struct scenario *sc, struct pxl_dhcp_policy *p, char *err, size_t errlen)
{
	struct dhcp_config *cfg = &p->cfg;
	uint32_t gw = pxl_builtin_gateway(sc);
	unsigned prefix = sc->lan.given ? sc->lan.prefix : 24;
	uint32_t mask = prefix ? 0xffffffffu << (32 - prefix) : 0;
	size_t i;

	memset(p, 0, sizeof(*p));
	if (pxl_dhcp_rules_make(sc, &sc->dhcp, &p->rules, err, errlen))
		return -1;
	p->res = calloc(sc->dhcp.nres + 1, sizeof(*p->res));
	if (!p->res)
		return pxl_err(err, errlen, "out of memory");
	for (i = 0; i < sc->dhcp.nres; i++) {
		memcpy(p->res[i].mac, sc->dhcp.res[i].mac, 6);
		p->res[i].addr = sc->dhcp.res[i].addr;
	}
	cfg->server_addr = gw;
	cfg->netmask = mask;
	cfg->gateway = gw;
	cfg->pool_start = sc->dhcp.pool_start ? sc->dhcp.pool_start : (gw & mask) | 100;
	cfg->pool_end = sc->dhcp.pool_start ? sc->dhcp.pool_end : (gw & mask) | 199;
	cfg->lease_time = (uint32_t)(sc->dhcp.lease / 1000000000ULL);
	cfg->next_server = gw;
	cfg->rules = p->rules;
	cfg->n_rules = sc->dhcp.nrules;
	cfg->proxy = sc->dhcp.proxy;
	cfg->no_pxedhcp = sc->dhcp.no_pxedhcp;
	cfg->reservations = p->res;
	cfg->n_reservations = sc->dhcp.nres;
	return 0;
}

/**
 * pxl_dhcp_policy_free() - free what pxl_dhcp_policy_make() allocated
 * @p: the policy (its arrays become NULL)
 */
void pxl_dhcp_policy_free(struct pxl_dhcp_policy *p)
{
	free(p->rules);
	free(p->res);
	p->rules = NULL;
	p->res = NULL;
}

/**
 * pxl_builtin_dhcp_start() - pxelab's DHCP server on 67 and 4011
 * @env: the run
 * @out: out: the server, set as soon as there is something to stop
 *
 * Return: 0, or -1 with env->error set.
 */
int pxl_builtin_dhcp_start(const struct pxl_server_env *env, struct pxl_builtin_dhcp **out)
{
	struct pxl_builtin_dhcp *b = calloc(1, sizeof(*b));
	char *err = env->error;
	size_t errlen = env->errlen;
	struct pxl_udp_transport tr;
	struct dhcp_config *cfg;
	uint16_t proxy_port = 4011;
	int rc;

	*out = b;
	if (!b) {
		return pxl_err(err, errlen, "out of memory");
	}
	b->env = env;
	if (pxl_dhcp_policy_make(env->sc, &b->policy, err, errlen))
		return -1;
	cfg = &b->policy.cfg;
	/* 4011 too: the server advertises PXEClient, and iPXE then asks there */
	rc = pxl_segment_udp_attach(env->seg, cfg->server_addr, 67, builtin_dhcp_input, b, &tr);
	if (!rc)
		rc = tr.ops->open_port(tr.ctx, cfg->server_addr, &proxy_port);
	if (rc) {
		return pxl_err(err, errlen, "cannot attach the DHCP server to the LAN: %s", strerror(-rc));
	}
	b->dhcp = dhcp_server_new(cfg, tr, env->events);
	if (!b->dhcp) {
		return pxl_err(err, errlen, "%s:%u: the DHCP server refused this configuration: %s",
			 env->sc->file, env->sc->dhcp.loc.line, strerror(errno));
	}
	return 0;
}

/**
 * pxl_builtin_dhcp_stop() - stop and free the DHCP server (NULL is fine)
 * @b: the server
 */
void pxl_builtin_dhcp_stop(struct pxl_builtin_dhcp *b)
{
	if (!b)
		return;
	dhcp_server_free(b->dhcp);
	pxl_dhcp_policy_free(&b->policy);
	free(b);
}

/**
 * pxl_builtin_tftp_start() - pxelab's TFTP server on 69, serving the run's root
 * @env: the run
 * @out: out: the server, set as soon as there is something to stop
 *
 * Return: 0, or -1 with env->error set.
 */
int pxl_builtin_tftp_start(const struct pxl_server_env *env, struct pxl_builtin_tftp **out)
{
	const struct scenario *sc = env->sc;
	struct pxl_builtin_tftp *b = calloc(1, sizeof(*b));
	struct tftp_config cfg = { 0 };
	struct pxl_udp_transport tr;
	int rc;

	*out = b;
	if (!b) {
		return pxl_err(env->error, env->errlen, "out of memory");
	}
	cfg.root = env->tftp_root;
	cfg.server_addr = pxl_builtin_gateway(sc);
	cfg.listen_port = TFTP_PORT;
	/* the LAN's own bound (a port per transfer), not tftp_server's 256: a boot
	 * storm of 1,000 clients fetches its NBPs at once (docs/storm.md) */
	cfg.max_transfers = PXL_SEGMENT_MAX_UDP;
	rc = pxl_segment_udp_attach(env->seg, cfg.server_addr, TFTP_PORT, builtin_tftp_input, b, &tr);
	if (rc) {
		return pxl_err(env->error, env->errlen, "cannot attach the TFTP server to the LAN: %s", strerror(-rc));
	}
	b->timer = pxl_timer_new(env->loop, builtin_tftp_tick, b);
	b->tftp = b->timer ? tftp_server_new(&cfg, tr, env->events) : NULL;
	if (!b->tftp) {
		return pxl_err(env->error, env->errlen, "%s:%u: cannot start the TFTP server on %s: %s", sc->file,
			 sc->tftp.loc.line, cfg.root, strerror(errno));
	}
	return 0;
}

/**
 * pxl_builtin_tftp_stop() - stop and free the TFTP server (NULL is fine)
 * @b: the server
 */
void pxl_builtin_tftp_stop(struct pxl_builtin_tftp *b)
{
	if (!b)
		return;
	tftp_server_free(b->tftp);
	pxl_timer_free(b->timer);
	free(b);
}
