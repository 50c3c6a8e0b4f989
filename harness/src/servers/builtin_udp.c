/* builtin_udp.c - pxelab's own DHCP and TFTP servers on the segment, configured from a scenario
 *
 * The scenario's `dhcp builtin` block becomes a struct dhcp_config (its
 * `when`/`otherwise` lines become dhcp_rule entries), `tftp builtin` a
 * struct tftp_config on the run's TFTP root.  Both attach to the segment's
 * UDP service table at the LAN's gateway address; the iSCSI target is
 * started by builtin_iscsi.c.  Service events go to events.log.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/packet.h"
#include "servers/builtin.h"
#include "engine/engine_priv.h"
#include "services/dhcp/dhcp_server.h"
#include "services/tftp/tftp_server.h"

/**
 * struct pxl_builtin - the services of one run
 * @e: engine
 * @dhcp: DHCP server or NULL
 * @tftp: TFTP server or NULL
 * @tftp_timer: drives TFTP retransmissions
 * @rules, @res: translated policy (kept for the server's lifetime)
 * @events: events.log
 * @iscsi: the iSCSI part (builtin_iscsi.c)
 */
struct pxl_builtin {
	struct pxl_eng *e;
	struct dhcp_server *dhcp;
	struct tftp_server *tftp;
	struct pxl_timer *tftp_timer;
	struct dhcp_rule *rules;
	struct dhcp_reservation *res;
	FILE *events;
	struct pxl_builtin_iscsi *iscsi;
};

/**
 * builtin_event() - a service event: one line in events.log (and stdout with -v)
 * @ctx: struct pxl_builtin
 * @now: time
 * @ev: event
 */
static void builtin_event(void *ctx, uint64_t now, const struct pxl_event *ev)
{
	struct pxl_builtin *b = ctx;
	char mac[18] = "-", ip[16] = "-", line[1024];

	if (ev->has_mac)
		pxl_mac_str(ev->mac, mac);
	if (ev->addr)
		pxl_ip_str(ev->addr, ip);
	snprintf(line, sizeof(line), "%9.3f %s %s mac=%s ip=%s%s%s%s%s value=%llu",
		 (double)(now - b->e->t0) / 1e9, ev->service, ev->kind, mac, ip,
		 ev->name ? " name=" : "", ev->name ? ev->name : "",
		 ev->detail ? " detail=" : "", ev->detail ? ev->detail : "",
		 (unsigned long long)ev->value);
	if (b->events)
		fprintf(b->events, "%s\n", line);
	if (b->e->opts->verbose)
		printf("  event %s\n", line);
}

/** builtin_sink() - Return: the event sink of @b */
struct pxl_event_sink pxl_builtin_sink(struct pxl_builtin *b)
{
	struct pxl_event_sink s = { builtin_event, b };

	return s;
}

/** builtin_dhcp_input() - a datagram for the DHCP server */
static void builtin_dhcp_input(void *arg, const struct pxl_dgram *dg)
{
	struct pxl_builtin *b = arg;

	if (b->dhcp)
		dhcp_server_input(b->dhcp, dg, pxl_now_ns());
}

/** builtin_tftp_rearm() - arm the TFTP timer at the server's next deadline */
static void builtin_tftp_rearm(struct pxl_builtin *b)
{
	uint64_t d = tftp_server_next_deadline(b->tftp);

	if (d == PXL_NEVER)
		pxl_timer_disarm(b->tftp_timer);
	else
		pxl_timer_arm(b->tftp_timer, d);
}

/** builtin_tftp_input() - a datagram for the TFTP server */
static void builtin_tftp_input(void *arg, const struct pxl_dgram *dg)
{
	struct pxl_builtin *b = arg;

	if (!b->tftp)
		return;
	tftp_server_input(b->tftp, dg, pxl_now_ns());
	builtin_tftp_rearm(b);
}

/** builtin_tftp_tick() - TFTP retransmission timer */
static void builtin_tftp_tick(void *arg)
{
	struct pxl_builtin *b = arg;

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
	else if (!strncmp(a->key, "option-", 7) && a->code > 0 && a->code < 255)
		return dhcp_rule_option_str(d, (uint8_t)a->code, a->value ? a->value : "");
	else
		return -EINVAL;
	return 0;
}

/**
 * builtin_rules() - the scenario's policy as DHCP rules
 * @b: builtin services
 * @err, @errlen: message buffer
 *
 * Return: 0 or -1 with a message naming the scenario line.
 */
static int builtin_rules(struct pxl_builtin *b, char *err, size_t errlen)
{
	const struct scenario *sc = b->e->sc;
	size_t i, k;

	b->rules = calloc(sc->dhcp.nrules + 1, sizeof(*b->rules));
	if (!b->rules)
		return -1;
	for (i = 0; i < sc->dhcp.nrules; i++) {
		const struct scn_rule *r = &sc->dhcp.rules[i];
		struct dhcp_rule *d = &b->rules[i];
		int rc = 0;

		dhcp_rule_init(d, r->name);
		for (k = 0; k < r->ncond && !rc; k++)
			rc = rule_cond(sc, r, &r->cond[k], d);
		for (k = 0; k < r->nact && !rc; k++)
			rc = rule_action(&r->act[k], d);
		if (rc || dhcp_rule_check(d)) {
			snprintf(err, errlen, "%s:%u: rule %s cannot be expressed by pxelab's DHCP server (%s)",
				 sc->file, r->loc.line, r->name, rc == -ENOSPC ? "too many conditions" : "unsupported");
			return -1;
		}
	}
	return 0;
}

/**
 * builtin_dhcp_config() - the scenario's dhcp block as a struct dhcp_config
 * @b: builtin services (rules translated)
 * @cfg: out
 */
static void builtin_dhcp_config(struct pxl_builtin *b, struct dhcp_config *cfg)
{
	const struct scenario *sc = b->e->sc;
	uint32_t gw = sc->lan.given ? sc->lan.gateway : 0x0a000202;
	unsigned prefix = sc->lan.given ? sc->lan.prefix : 24;
	uint32_t mask = prefix ? 0xffffffffu << (32 - prefix) : 0;
	size_t i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->server_addr = gw;
	cfg->netmask = mask;
	cfg->gateway = gw;
	cfg->pool_start = sc->dhcp.pool_start ? sc->dhcp.pool_start : (gw & mask) | 100;
	cfg->pool_end = sc->dhcp.pool_start ? sc->dhcp.pool_end : (gw & mask) | 199;
	cfg->lease_time = (uint32_t)(sc->dhcp.lease / 1000000000ULL);
	cfg->next_server = gw;
	cfg->rules = b->rules;
	cfg->n_rules = sc->dhcp.nrules;
	cfg->proxy = sc->dhcp.proxy;
	cfg->no_pxedhcp = sc->dhcp.no_pxedhcp;
	b->res = calloc(sc->dhcp.nres + 1, sizeof(*b->res));
	for (i = 0; b->res && i < sc->dhcp.nres; i++) {
		memcpy(b->res[i].mac, sc->dhcp.res[i].mac, 6);
		b->res[i].addr = sc->dhcp.res[i].addr;
	}
	cfg->reservations = b->res;
	cfg->n_reservations = b->res ? sc->dhcp.nres : 0;
}

/**
 * builtin_start_dhcp() - pxelab's DHCP server on 67 and 4011
 * @b: builtin services
 * @err, @errlen: message buffer
 *
 * Return: 0 or -1.
 */
static int builtin_start_dhcp(struct pxl_builtin *b, char *err, size_t errlen)
{
	struct pxl_udp_transport tr;
	struct dhcp_config cfg;
	uint16_t proxy_port = 4011;
	int rc;

	if (builtin_rules(b, err, errlen))
		return -1;
	builtin_dhcp_config(b, &cfg);
	/* 4011 too: the server advertises PXEClient, and iPXE then asks there */
	rc = pxl_segment_udp_attach(b->e->seg, cfg.server_addr, 67, builtin_dhcp_input, b, &tr);
	if (!rc)
		rc = tr.ops->open_port(tr.ctx, cfg.server_addr, &proxy_port);
	if (rc) {
		snprintf(err, errlen, "cannot attach the DHCP server to the LAN: %s", strerror(-rc));
		return -1;
	}
	b->dhcp = dhcp_server_new(&cfg, tr, pxl_builtin_sink(b));
	if (!b->dhcp) {
		snprintf(err, errlen, "%s:%u: the DHCP server refused this configuration: %s",
			 b->e->sc->file, b->e->sc->dhcp.loc.line, strerror(errno));
		return -1;
	}
	return 0;
}

/**
 * builtin_start_tftp() - pxelab's TFTP server on 69, serving the run's root
 * @b: builtin services
 * @err, @errlen: message buffer
 *
 * Return: 0 or -1.
 */
static int builtin_start_tftp(struct pxl_builtin *b, char *err, size_t errlen)
{
	const struct scenario *sc = b->e->sc;
	struct tftp_config cfg = { 0 };
	struct pxl_udp_transport tr;
	int rc;

	cfg.root = b->e->tftp_root;
	cfg.server_addr = sc->lan.given ? sc->lan.gateway : 0x0a000202;
	cfg.listen_port = TFTP_PORT;
	rc = pxl_segment_udp_attach(b->e->seg, cfg.server_addr, TFTP_PORT, builtin_tftp_input, b, &tr);
	if (rc) {
		snprintf(err, errlen, "cannot attach the TFTP server to the LAN: %s", strerror(-rc));
		return -1;
	}
	b->tftp_timer = pxl_timer_new(b->e->loop, builtin_tftp_tick, b);
	b->tftp = b->tftp_timer ? tftp_server_new(&cfg, tr, pxl_builtin_sink(b)) : NULL;
	if (!b->tftp) {
		snprintf(err, errlen, "%s:%u: cannot start the TFTP server on %s: %s", sc->file,
			 sc->tftp.loc.line, cfg.root, strerror(errno));
		return -1;
	}
	return 0;
}

/**
 * pxl_builtin_start() - start the scenario's builtin services
 * @e: engine (segment, loop, libslirp ready; TFTP root prepared)
 *
 * Return: 0, or -1 with e->res->error set.
 */
int pxl_builtin_start(struct pxl_eng *e)
{
	struct pxl_builtin *b = calloc(1, sizeof(*b));
	char path[PATH_MAX];
	char *err = e->res->error;
	size_t errlen = sizeof(e->res->error);

	if (!b) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	b->e = e;
	e->svc = b;
	snprintf(path, sizeof(path), "%s/events.log", e->res->rundir);
	b->events = fopen(path, "w");
	if (e->sc->dhcp.kind == SCN_DHCP_BUILTIN && builtin_start_dhcp(b, err, errlen))
		return -1;
	if (e->sc->tftp.kind == SCN_TFTP_BUILTIN && builtin_start_tftp(b, err, errlen))
		return -1;
	return pxl_builtin_iscsi_start(e, &b->iscsi, pxl_builtin_sink(b));
}

/**
 * pxl_builtin_stop() - stop and free the builtin services (safe if never started)
 * @e: engine
 */
void pxl_builtin_stop(struct pxl_eng *e)
{
	struct pxl_builtin *b = e->svc;

	if (!b)
		return;
	pxl_builtin_iscsi_stop(e, b->iscsi);
	dhcp_server_free(b->dhcp);
	tftp_server_free(b->tftp);
	pxl_timer_free(b->tftp_timer);
	if (b->events)
		fclose(b->events);
	free(b->rules);
	free(b->res);
	free(b);
	e->svc = NULL;
}
