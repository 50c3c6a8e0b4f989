/* dhcp6_handlers.c - DHCPv6 server: what each client message gets back (RFC 8415 section 18.3) */
#include "services/dhcp6/dhcp6_handlers.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

/** v6_user_class() - policy view: option 15 holds @name */
static int v6_user_class(const void *msg, const char *name)
{
	return dhcp6_msg_has_user_class(msg, name);
}

/** v6_vendor() - policy view: an option 16 item starts with @prefix */
static int v6_vendor(const void *msg, const char *prefix)
{
	return dhcp6_msg_vendor_prefix(msg, prefix);
}

/** v6_arch() - policy view: option 61, first entry */
static int v6_arch(const void *msg, uint16_t *arch)
{
	return dhcp6_msg_client_arch(msg, arch);
}

/** v6_feature() - policy view: iPXE announces no features over DHCPv6 */
static int v6_feature(const void *msg, uint8_t code)
{
	return 0;
}

/**
 * dhcp6_req_init() - start serving a parsed request
 * @rq:  out: the request
 * @srv: server
 * @m:   the parsed request
 * @now: clock
 * @b:   where the reply goes
 * @ll:  the sender's link-layer address, or NULL: the client's MAC when its
 *       DUID holds none (DUID-UUID, DUID-EN)
 */
void dhcp6_req_init(struct dhcp6_req *rq, struct dhcp6_server *srv, const struct dhcp6_msg *m,
		    uint64_t now, struct dhcp6_build *b, const uint8_t *ll)
{
	memset(rq, 0, sizeof(*rq));
	rq->srv = srv;
	rq->m = m;
	rq->now = now;
	rq->b = b;
	rq->cid = dhcp6_msg_opt(m, DHCP6_OPT_CLIENTID, &rq->cid_len);
	if (rq->cid && (rq->cid_len < 2 || rq->cid_len > DHCP6_DUID_MAX))
		rq->cid = NULL;
	rq->pol.msg = m;
	rq->pol.has_user_class = v6_user_class;
	rq->pol.vendor_prefix = v6_vendor;
	rq->pol.client_arch = v6_arch;
	rq->pol.ipxe_feature = v6_feature;
	rq->pol.has_mac = rq->cid && !dhcp6_duid_mac(rq->cid, rq->cid_len, rq->pol.mac);
	if (!rq->pol.has_mac && ll) {
		memcpy(rq->pol.mac, ll, 6);
		rq->pol.has_mac = 1;
	}
}

/**
 * dhcp6_req_emit() - report the reply that was built
 * @rq: the request
 */
void dhcp6_req_emit(const struct dhcp6_req *rq)
{
	char detail[400];
	struct pxl_event ev = { .service = "dhcp6", .kind = rq->kind };

	snprintf(detail, sizeof(detail), "%s%s%s%s%s", dhcp6_type_name(rq->m->type),
		 rq->rule ? " rule " : "", rq->rule ? rq->rule : "",
		 rq->addrs[0] ? " addr" : "", rq->addrs);
	ev.detail = detail;
	ev.name = rq->url[0] ? rq->url : NULL;
	memcpy(ev.mac, rq->pol.mac, 6);
	ev.has_mac = rq->pol.has_mac;
	ev.value = rq->m->xid;
	pxl_emit(&rq->srv->sink, rq->now, &ev);
}

/**
 * start() - begin the reply: header, client id echoed, server id
 * @rq:   the request
 * @type: reply type
 * @kind: event kind
 */
static void start(struct dhcp6_req *rq, uint8_t type, const char *kind)
{
	dhcp6_build_init(rq->b, type, rq->m->xid);
	if (rq->cid)
		dhcp6_put(rq->b, DHCP6_OPT_CLIENTID, rq->cid, rq->cid_len);
	dhcp6_put(rq->b, DHCP6_OPT_SERVERID, rq->srv->duid, rq->srv->duid_len);
	rq->kind = kind;
}

/** put32() - big-endian 32 bits at @p */
static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/**
 * note_addr() - add a pool address to the event's address list
 * @rq:  the request
 * @idx: pool index
 */
static void note_addr(struct dhcp6_req *rq, uint32_t idx)
{
	size_t len = strlen(rq->addrs);
	uint8_t a[16];
	char s[INET6_ADDRSTRLEN];

	dhcp6_pool_addr(&rq->srv->cfg, idx, a);
	snprintf(rq->addrs + len, sizeof(rq->addrs) - len, " %s",
		 inet_ntop(AF_INET6, a, s, sizeof(s)));
}

/**
 * put_ia() - an IA_NA with its lease's address, or with a status and no address
 * @rq:     the request
 * @iaid:   IA identity
 * @l:      the lease, or NULL
 * @status: status when @l is NULL
 * @text:   its message
 */
static void put_ia(struct dhcp6_req *rq, uint32_t iaid, const struct dhcp6_lease *l,
		   uint16_t status, const char *text)
{
	const struct dhcp6_config *c = &rq->srv->cfg;
	uint8_t head[DHCP6_IA_NA_LEN] = { 0 }, ad[DHCP6_IAADDR_LEN];
	size_t at;

	put32(head, iaid);
	if (l) {
		put32(head + 4, c->preferred / 2);
		put32(head + 8, c->preferred / 5 * 4);
	}
	at = dhcp6_open(rq->b, DHCP6_OPT_IA_NA, head, sizeof(head));
	if (l) {
		dhcp6_pool_addr(c, l->idx, ad);
		put32(ad + 16, c->preferred);
		put32(ad + 20, c->valid);
		dhcp6_put(rq->b, DHCP6_OPT_IAADDR, ad, sizeof(ad));
		note_addr(rq, l->idx);
	} else {
		dhcp6_put_status(rq->b, status, text);
	}
	dhcp6_close(rq->b, at);
}

/**
 * serve_ias() - an address for every IA_NA of the request
 * @rq:   the request
 * @bind: 1: bind for the valid lifetime (REPLY); 0: hold as an offer (ADVERTISE)
 *
 * An IA the pool cannot serve gets status NoAddrsAvail and no address
 * (RFC 8415 18.3.1 and 18.3.2).
 */
static void serve_ias(struct dhcp6_req *rq, int bind)
{
	struct dhcp6_server *srv = rq->srv;
	struct dhcp6_ia ia[DHCP6_MAX_IA];
	struct dhcp6_lease *l;
	size_t i, n = dhcp6_msg_ias(rq->m, ia, ARRAY_SIZE(ia));

	for (i = 0; i < n; i++) {
		l = dhcp6_lease_get(srv, rq->cid, rq->cid_len, ia[i].iaid, rq->now);
		if (l && bind) {
			l->state = DHCP6_LEASE_BOUND;
			l->expires = rq->now + (uint64_t)srv->cfg.valid * PXL_NS_PER_SEC;
		}
		put_ia(rq, ia[i].iaid, l, DHCP6_ST_NO_ADDRS_AVAIL, "no addresses available");
	}
}

/**
 * boot_url() - the boot file URL of a rule's file
 * @rq:   the request (its @url is filled in)
 * @file: a URL ("://"), or a file name served by TFTP from the server address
 */
static void boot_url(struct dhcp6_req *rq, const char *file)
{
	char s[INET6_ADDRSTRLEN];

	if (strstr(file, "://")) {
		snprintf(rq->url, sizeof(rq->url), "%s", file);
		return;
	}
	while (*file == '/')
		file++;
	snprintf(rq->url, sizeof(rq->url), "tftp://[%s]/%s",
		 inet_ntop(AF_INET6, rq->srv->cfg.server_addr, s, sizeof(s)), file);
}

/**
 * put_boot_params() - option 60: one parameter, { 16-bit length, bytes }
 * @rq: the request
 * @p:  the parameter
 */
static void put_boot_params(struct dhcp6_req *rq, const char *p)
{
	size_t n = strlen(p);
	uint8_t len[2] = { (uint8_t)(n >> 8), (uint8_t)n };
	size_t at = dhcp6_open(rq->b, DHCP6_OPT_BOOTFILE_PARAM, len, sizeof(len));

	if (!rq->b->overflow && sizeof(rq->b->buf) - rq->b->len >= n) {
		memcpy(rq->b->buf + rq->b->len, p, n);
		rq->b->len += n;
	} else {
		rq->b->overflow = 1;
	}
	dhcp6_close(rq->b, at);
}

/**
 * put_boot() - boot options of the matched rule, option 16 for HTTP clients, DNS
 * @rq:    the request
 * @count: 1: a file sent counts one nbp in the boot history (a REPLY)
 *
 * Return: 0, or DHCP6_DROP_NO_MEMORY when the history cannot grow.
 */
static int put_boot(struct dhcp6_req *rq, int count)
{
	static const uint8_t http[] = { 0, 0, 1, 87, 0, 10, 'H', 'T', 'T', 'P', 'C', 'l', 'i', 'e', 'n', 't' };
	const struct dhcp6_config *c = &rq->srv->cfg;
	const struct dhcp_rule *r;

	r = dhcp_policy_match_req(c->rules, c->n_rules, &rq->pol, &rq->srv->hist);
	rq->rule = r ? r->name : NULL;
	if (r && !r->no_boot && r->file) {
		boot_url(rq, r->file);
		dhcp6_put(rq->b, DHCP6_OPT_BOOTFILE_URL, rq->url, strlen(rq->url));
		if (c->boot_params)
			put_boot_params(rq, c->boot_params);
	}
	if (rq->url[0] && dhcp6_msg_vendor_prefix(rq->m, "HTTPClient"))
		dhcp6_put(rq->b, DHCP6_OPT_VENDOR_CLASS, http, sizeof(http));
	if (c->n_dns && dhcp6_msg_oro_has(rq->m, DHCP6_OPT_DNS))
		dhcp6_put(rq->b, DHCP6_OPT_DNS, c->dns, c->n_dns * 16);
	if (count && rq->url[0] && rq->pol.has_mac &&
	    dhcp_history_add(&rq->srv->hist, rq->pol.mac, r->file))
		return DHCP6_DROP_NO_MEMORY;
	return 0;
}

/**
 * reply_done() - add the boot options and finish the reply
 * @rq:    the request
 * @count: count a file sent in the boot history (a REPLY)
 *
 * Return: 1 (a reply), or a drop reason.
 */
static int reply_done(struct dhcp6_req *rq, int count)
{
	int err = put_boot(rq, count);

	return err ? err : 1;
}

/**
 * dhcp6_on_solicit() - SOLICIT: ADVERTISE, or REPLY at once with rapid commit (RFC 8415 18.3.1)
 * @rq: the request
 *
 * Return: 1 (a reply), or a drop reason.
 */
int dhcp6_on_solicit(struct dhcp6_req *rq)
{
	size_t len;
	int rapid = rq->srv->cfg.rapid_commit &&
		    dhcp6_msg_opt(rq->m, DHCP6_OPT_RAPID_COMMIT, &len);
	uint8_t pref = (uint8_t)rq->srv->cfg.preference;

	start(rq, rapid ? DHCP6_REPLY : DHCP6_ADVERTISE, rapid ? "reply" : "advertise");
	if (rapid)
		dhcp6_put(rq->b, DHCP6_OPT_RAPID_COMMIT, NULL, 0);
	else if (rq->srv->cfg.preference >= 0)
		dhcp6_put(rq->b, DHCP6_OPT_PREFERENCE, &pref, 1);
	serve_ias(rq, rapid);
	return reply_done(rq, rapid);
}

/**
 * dhcp6_on_request() - REQUEST: bind every IA, REPLY (RFC 8415 18.3.2)
 * @rq: the request
 *
 * Return: 1, or a drop reason.
 */
int dhcp6_on_request(struct dhcp6_req *rq)
{
	start(rq, DHCP6_REPLY, "reply");
	serve_ias(rq, 1);
	return reply_done(rq, 1);
}

/**
 * dhcp6_on_renew() - RENEW and REBIND: extend the bindings the client has (RFC 8415 18.3.4, 18.3.5)
 * @rq: the request
 *
 * An IA with no binding gets NoBinding: the client then goes back to REQUEST.
 *
 * Return: 1, or a drop reason.
 */
int dhcp6_on_renew(struct dhcp6_req *rq)
{
	struct dhcp6_server *srv = rq->srv;
	struct dhcp6_ia ia[DHCP6_MAX_IA];
	struct dhcp6_lease *l;
	size_t i, n = dhcp6_msg_ias(rq->m, ia, ARRAY_SIZE(ia));

	start(rq, DHCP6_REPLY, "reply");
	for (i = 0; i < n; i++) {
		l = dhcp6_lease_find(srv, rq->cid, rq->cid_len, ia[i].iaid, rq->now);
		if (l && l->state != DHCP6_LEASE_BOUND)
			l = NULL;
		if (l)
			l->expires = rq->now + (uint64_t)srv->cfg.valid * PXL_NS_PER_SEC;
		put_ia(rq, ia[i].iaid, l, DHCP6_ST_NO_BINDING, "no binding");
	}
	return reply_done(rq, 0);
}

/**
 * end_ias() - RELEASE and DECLINE: end the client's leases, NoBinding for unknown IAs
 * @rq:      the request
 * @declined: 1: quarantine the addresses; 0: free them
 */
static void end_ias(struct dhcp6_req *rq, int declined)
{
	struct dhcp6_server *srv = rq->srv;
	struct dhcp6_ia ia[DHCP6_MAX_IA];
	struct dhcp6_lease *l;
	size_t i, n = dhcp6_msg_ias(rq->m, ia, ARRAY_SIZE(ia));

	for (i = 0; i < n; i++) {
		l = dhcp6_lease_find(srv, rq->cid, rq->cid_len, ia[i].iaid, rq->now);
		if (!l) {
			put_ia(rq, ia[i].iaid, NULL, DHCP6_ST_NO_BINDING, "no binding");
			continue;
		}
		note_addr(rq, l->idx);
		l->state = declined ? DHCP6_LEASE_DECLINED : DHCP6_LEASE_FREE;
		l->expires = declined ? rq->now + (uint64_t)srv->cfg.decline_hold * PXL_NS_PER_SEC : 0;
	}
}

/**
 * dhcp6_on_release() - RELEASE: free the addresses, REPLY Success (RFC 8415 18.3.7)
 * @rq: the request
 *
 * Return: 1.
 */
int dhcp6_on_release(struct dhcp6_req *rq)
{
	start(rq, DHCP6_REPLY, "release");
	dhcp6_put_status(rq->b, DHCP6_ST_SUCCESS, "release received");
	end_ias(rq, 0);
	return 1;
}

/**
 * dhcp6_on_decline() - DECLINE: quarantine the addresses, REPLY Success (RFC 8415 18.3.8)
 * @rq: the request
 *
 * Return: 1.
 */
int dhcp6_on_decline(struct dhcp6_req *rq)
{
	start(rq, DHCP6_REPLY, "decline");
	dhcp6_put_status(rq->b, DHCP6_ST_SUCCESS, "decline received");
	end_ias(rq, 1);
	return 1;
}

/**
 * dhcp6_on_confirm() - CONFIRM: are the client's addresses on this link? (RFC 8415 18.3.3)
 * @rq: the request
 *
 * Return: 1, or DHCP6_DROP_CONFIRM_NO_ADDR (the RFC: no reply).
 */
int dhcp6_on_confirm(struct dhcp6_req *rq)
{
	struct dhcp6_ia ia[DHCP6_MAX_IA];
	struct dhcp6_iaaddr a;
	size_t i, k, seen = 0, off = 0;
	size_t n = dhcp6_msg_ias(rq->m, ia, ARRAY_SIZE(ia));

	for (i = 0; i < n; i++)
		for (k = 0; !dhcp6_ia_addr(&ia[i], k, &a); k++, seen++)
			off += !dhcp6_on_link(&rq->srv->cfg, a.addr);
	if (!seen)
		return DHCP6_DROP_CONFIRM_NO_ADDR;
	start(rq, DHCP6_REPLY, "confirm");
	if (off)
		dhcp6_put_status(rq->b, DHCP6_ST_NOT_ON_LINK, "not on link");
	else
		dhcp6_put_status(rq->b, DHCP6_ST_SUCCESS, "all addresses on link");
	return 1;
}

/**
 * dhcp6_on_inform() - INFORMATION-REQUEST: boot and DNS options, no address (RFC 8415 18.3.6)
 * @rq: the request
 *
 * Return: 1, or a drop reason (an IA in the request: RFC 8415 16.12).
 */
int dhcp6_on_inform(struct dhcp6_req *rq)
{
	struct dhcp6_ia ia[1];

	if (dhcp6_msg_ias(rq->m, ia, 1))
		return DHCP6_DROP_INFO_WITH_IA;
	start(rq, DHCP6_REPLY, "inform");
	return reply_done(rq, 1);
}
