/* dhcp6_server.c - DHCPv6 server: checks, discard rules of RFC 8415 section 16, dispatch, events */
#include "services/dhcp6/dhcp6_internal.h"
#include "services/dhcp6/dhcp6_handlers.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/**
 * dhcp6_config_check() - whether settings make a server
 * @cfg:    settings
 * @err:    out: what is wrong, naming the field
 * @errlen: room in @err
 *
 * Return: 0, or -EINVAL.
 */
int dhcp6_config_check(const struct dhcp6_config *cfg, char *err, size_t errlen)
{
	uint32_t low = (uint32_t)cfg->pool_start[12] << 24 | (uint32_t)cfg->pool_start[13] << 16 |
		       (uint32_t)cfg->pool_start[14] << 8 | cfg->pool_start[15];

	if (!cfg->pool_size)
		return pxl_err(err, errlen, "dhcp6: pool: no addresses (pool size 0)");
	if (UINT32_MAX - low < cfg->pool_size - 1)
		return pxl_err(err, errlen, "dhcp6: pool: %u addresses from the start run past "
			       "the last 32 bits", cfg->pool_size);
	if (cfg->n_dns > DHCP6_MAX_DNS)
		return pxl_err(err, errlen, "dhcp6: dns: at most %d servers", DHCP6_MAX_DNS);
	if (cfg->preference > 255)
		return pxl_err(err, errlen, "dhcp6: preference: %d is over 255", cfg->preference);
	if (cfg->boot_params && strlen(cfg->boot_params) > 1024)
		return pxl_err(err, errlen, "dhcp6: boot-params: longer than 1024 bytes");
	return 0;
}

/**
 * dhcp6_server_new() - a server with an empty lease table
 * @cfg:  settings (copied; the rules are borrowed)
 * @sink: where events go
 *
 * Return: the server, or NULL (errno EINVAL for bad settings, ENOMEM).
 */
struct dhcp6_server *dhcp6_server_new(const struct dhcp6_config *cfg,
				      struct pxl_event_sink sink)
{
	struct dhcp6_server *srv;
	char err[160];

	if (dhcp6_config_check(cfg, err, sizeof(err))) {
		errno = EINVAL;
		return NULL;
	}
	srv = calloc(1, sizeof(*srv));
	if (!srv)
		return NULL;
	srv->cfg = *cfg;
	if (!srv->cfg.preferred)
		srv->cfg.preferred = DHCP6_DEFAULT_PREFERRED;
	if (!srv->cfg.valid)
		srv->cfg.valid = DHCP6_DEFAULT_VALID;
	if (srv->cfg.valid < srv->cfg.preferred)
		srv->cfg.valid = srv->cfg.preferred;
	if (!srv->cfg.offer_hold)
		srv->cfg.offer_hold = DHCP6_DEFAULT_OFFER_HOLD;
	if (!srv->cfg.decline_hold)
		srv->cfg.decline_hold = DHCP6_DEFAULT_DECLINE_HOLD;
	srv->duid[1] = 3;                 /* DUID-LL */
	srv->duid[3] = 1;                 /* Ethernet */
	memcpy(srv->duid + 4, cfg->server_mac, 6);
	srv->duid_len = 10;
	dhcp_history_init(&srv->hist);
	srv->sink = sink;
	return srv;
}

/**
 * dhcp6_server_free() - free a server and its leases
 * @srv: server, or NULL
 */
void dhcp6_server_free(struct dhcp6_server *srv)
{
	if (!srv)
		return;
	dhcp_history_fini(&srv->hist);
	free(srv->v);
	free(srv);
}

/**
 * dhcp6_drop_name() - short name of a drop reason
 * @reason: enum dhcp6_perr or enum dhcp6_drop
 *
 * Return: a static string.
 */
const char *dhcp6_drop_name(unsigned int reason)
{
	static const char *const names[] = {
		[DHCP6_DROP_SERVER_MSG] = "server-message",
		[DHCP6_DROP_NO_CLIENTID] = "no-client-id",
		[DHCP6_DROP_HAS_SERVERID] = "unexpected-server-id",
		[DHCP6_DROP_NO_SERVERID] = "no-server-id",
		[DHCP6_DROP_OTHER_SERVER] = "other-server",
		[DHCP6_DROP_INFO_WITH_IA] = "information-request-with-ia",
		[DHCP6_DROP_CONFIRM_NO_ADDR] = "confirm-without-address",
		[DHCP6_DROP_REPLY_TOO_BIG] = "reply-too-big",
		[DHCP6_DROP_NO_MEMORY] = "no-memory",
	};

	if (reason < DHCP6_PERR__COUNT)
		return dhcp6_perr_name((int)reason);
	if (reason >= ARRAY_SIZE(names) || !names[reason])
		return "unknown";
	return names[reason];
}

/**
 * drop() - count a discarded payload and report it
 * @srv:    server
 * @rq:     the request (its client), or NULL when it did not parse
 * @type:   the payload's first byte (message type), or -1 for an empty payload
 * @reason: enum dhcp6_perr or enum dhcp6_drop
 * @now:    clock
 *
 * Return: 0 (no reply).
 */
static int drop(struct dhcp6_server *srv, const struct dhcp6_req *rq, int type,
		unsigned int reason, uint64_t now)
{
	struct pxl_event ev = { .service = "dhcp6", .kind = "drop" };

	srv->stats.dropped++;
	if (reason < DHCP6_DROP__COUNT)
		srv->stats.drops[reason]++;
	ev.detail = dhcp6_drop_name(reason);
	ev.value = reason;
	if (type >= 0)
		ev.name = dhcp6_type_name((unsigned int)type);
	if (rq) {
		memcpy(ev.mac, rq->pol.mac, 6);
		ev.has_mac = rq->pol.has_mac;
	}
	pxl_emit(&srv->sink, now, &ev);
	return 0;
}

/** enum sid_rule - what RFC 8415 section 16 requires of the server id option */
enum sid_rule {
	SID_ABSENT,   /* must not be there */
	SID_OURS,     /* must be there and be ours */
	SID_ANY,      /* if there, must be ours */
};

/**
 * struct dhcp6_handler - a client message type: its discard rules and handler
 * @type:     message type
 * @sid:      server id rule
 * @need_cid: client id required
 * @fn:       builds the reply; returns 1 (reply), 0 (none) or a positive drop reason
 */
static const struct dhcp6_handler {
	uint8_t type;
	enum sid_rule sid;
	int need_cid;
	int (*fn)(struct dhcp6_req *rq);
} handlers[] = {
	{ DHCP6_SOLICIT, SID_ABSENT, 1, dhcp6_on_solicit },
	{ DHCP6_REQUEST, SID_OURS, 1, dhcp6_on_request },
	{ DHCP6_CONFIRM, SID_ABSENT, 1, dhcp6_on_confirm },
	{ DHCP6_RENEW, SID_OURS, 1, dhcp6_on_renew },
	{ DHCP6_REBIND, SID_ABSENT, 1, dhcp6_on_renew },
	{ DHCP6_RELEASE, SID_OURS, 1, dhcp6_on_release },
	{ DHCP6_DECLINE, SID_OURS, 1, dhcp6_on_decline },
	{ DHCP6_INFORMATION_REQUEST, SID_ANY, 0, dhcp6_on_inform },
};

/**
 * check_ids() - RFC 8415 section 16: discard rules on client and server ids
 * @srv: server
 * @h:   the type's handler entry
 * @rq:  the request (client id filled in)
 *
 * Return: 0, or a drop reason.
 */
static int check_ids(const struct dhcp6_server *srv, const struct dhcp6_handler *h,
		     const struct dhcp6_req *rq)
{
	const uint8_t *sid;
	size_t sid_len = 0;

	if (h->need_cid && !rq->cid)
		return DHCP6_DROP_NO_CLIENTID;
	sid = dhcp6_msg_opt(rq->m, DHCP6_OPT_SERVERID, &sid_len);
	if (sid && h->sid == SID_ABSENT)
		return DHCP6_DROP_HAS_SERVERID;
	if (!sid && h->sid == SID_OURS)
		return DHCP6_DROP_NO_SERVERID;
	if (sid && (sid_len != srv->duid_len || memcmp(sid, srv->duid, sid_len)))
		return DHCP6_DROP_OTHER_SERVER;
	return 0;
}

/**
 * find_handler() - the handler entry of a client message type
 * @type: message type
 *
 * Return: the entry, or NULL for server-to-client and relay types.
 */
static const struct dhcp6_handler *find_handler(uint8_t type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(handlers); i++)
		if (handlers[i].type == type)
			return &handlers[i];
	return NULL;
}

/**
 * dhcp6_server_input() - serve one payload
 * @srv:   server
 * @pkt:   UDP payload (a client message, to port 547)
 * @len:   its length
 * @now:   clock (ns)
 * @reply: out: the reply, when there is one
 *
 * Return: 1 if @reply holds a message to send back to the sender, else 0.
 */
int dhcp6_server_input(struct dhcp6_server *srv, const uint8_t *pkt, size_t len,
		       uint64_t now, struct dhcp6_build *reply)
{
	return dhcp6_server_input_ll(srv, pkt, len, NULL, now, reply);
}

/**
 * dhcp6_server_input_ll() - serve one payload whose sender's link address is known
 * @srv:   server
 * @pkt:   UDP payload (a client message, to port 547)
 * @len:   its length
 * @ll:    the Ethernet source of the frame (6 bytes), or NULL; it names the
 *         client in events and boot history when the DUID carries no MAC
 *         (as a relay's client link-layer address option would, RFC 6939)
 * @now:   clock (ns)
 * @reply: out: the reply, when there is one
 *
 * Return: 1 if @reply holds a message to send back to the sender, else 0.
 */
int dhcp6_server_input_ll(struct dhcp6_server *srv, const uint8_t *pkt, size_t len,
			  const uint8_t *ll, uint64_t now, struct dhcp6_build *reply)
{
	const struct dhcp6_handler *h;
	struct dhcp6_msg m;
	struct dhcp6_req rq;
	int err;

	srv->stats.received++;
	err = dhcp6_msg_parse(&m, pkt, len);
	if (err)
		return drop(srv, NULL, len ? pkt[0] : -1, (unsigned int)err, now);
	srv->stats.rx_type[m.type]++;
	dhcp6_req_init(&rq, srv, &m, now, reply, ll);
	h = find_handler(m.type);
	if (!h)
		return drop(srv, &rq, m.type, DHCP6_DROP_SERVER_MSG, now);
	err = check_ids(srv, h, &rq);
	if (!err)
		err = h->fn(&rq);
	if (err == 1 && reply->overflow)
		err = DHCP6_DROP_REPLY_TOO_BIG;
	if (err > 1)
		return drop(srv, &rq, m.type, (unsigned int)err, now);
	if (err == 1) {
		srv->stats.tx_type[reply->buf[0]]++;
		dhcp6_req_emit(&rq);
	}
	return err == 1;
}

/**
 * dhcp6_server_stats() - a server's counters
 * @srv: server
 *
 * Return: the counters.
 */
const struct dhcp6_stats *dhcp6_server_stats(const struct dhcp6_server *srv)
{
	return &srv->stats;
}

/**
 * dhcp6_server_bound() - how many addresses are bound at @now
 * @srv: server
 * @now: clock
 *
 * Return: the count.
 */
size_t dhcp6_server_bound(const struct dhcp6_server *srv, uint64_t now)
{
	size_t i, n = 0;

	for (i = 0; i < srv->n; i++)
		n += srv->v[i].state == DHCP6_LEASE_BOUND && srv->v[i].expires > now;
	return n;
}

/**
 * dhcp6_server_duid() - the server's DUID (option 2 of its replies)
 * @srv: server
 * @len: out: its length
 *
 * Return: the DUID.
 */
const uint8_t *dhcp6_server_duid(const struct dhcp6_server *srv, size_t *len)
{
	*len = srv->duid_len;
	return srv->duid;
}
