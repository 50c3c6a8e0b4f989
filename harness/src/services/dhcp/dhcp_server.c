/* dhcp_server.c - DHCP server lifecycle, input validation, dispatch by message type, drop accounting */
#include "services/dhcp/dhcp_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/** handler_fn - handles one message type; returns 0 or -errno */
typedef int (*handler_fn)(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now);

/**
 * struct dhcp_handler - a client message type and its handler
 * @type:   option 53 value
 * @handle: handler
 */
struct dhcp_handler {
	uint8_t type;
	handler_fn handle;
};

static const struct dhcp_handler dhcp_handlers[] = {
	{ DHCPDISCOVER, dhcp_handle_discover },
	{ DHCPREQUEST, dhcp_handle_request },
	{ DHCPDECLINE, dhcp_handle_decline },
	{ DHCPRELEASE, dhcp_handle_release },
	{ DHCPINFORM, dhcp_handle_inform },
};

static const char *const drop_names[DHCP_DROP__COUNT - DHCP_PERR__COUNT] = {
	[DHCP_DROP_NOT_REQUEST - DHCP_PERR__COUNT] = "not-a-request",
	[DHCP_DROP_BAD_HW - DHCP_PERR__COUNT] = "not-ethernet",
	[DHCP_DROP_NO_TYPE - DHCP_PERR__COUNT] = "no-message-type",
	[DHCP_DROP_BAD_TYPE - DHCP_PERR__COUNT] = "unexpected-message-type",
	[DHCP_DROP_WRONG_PORT - DHCP_PERR__COUNT] = "wrong-port",
	[DHCP_DROP_POOL_EXHAUSTED - DHCP_PERR__COUNT] = "pool-exhausted",
	[DHCP_DROP_OTHER_SERVER - DHCP_PERR__COUNT] = "other-server",
	[DHCP_DROP_BAD_REQUEST - DHCP_PERR__COUNT] = "request-without-address",
	[DHCP_DROP_UNKNOWN_CLIENT - DHCP_PERR__COUNT] = "unknown-client",
	[DHCP_DROP_NOT_PXE - DHCP_PERR__COUNT] = "not-pxe",
	[DHCP_DROP_PROXY_IGNORED - DHCP_PERR__COUNT] = "proxy-ignored",
	[DHCP_DROP_NO_BOOT - DHCP_PERR__COUNT] = "no-boot-answer",
	[DHCP_DROP_REPLY_TOO_BIG - DHCP_PERR__COUNT] = "reply-too-big",
	[DHCP_DROP_SEND_FAILED - DHCP_PERR__COUNT] = "send-failed",
	[DHCP_DROP_NO_MEMORY - DHCP_PERR__COUNT] = "no-memory",
};

/**
 * dhcp_drop_name() - short name of a drop reason ("truncated", "pool-exhausted", ...)
 * @reason: enum dhcp_perr or enum dhcp_drop value
 *
 * Return: static string, "unknown" for an out-of-range value.
 */
const char *dhcp_drop_name(unsigned int reason)
{
	if (reason < DHCP_PERR__COUNT)
		return dhcp_perr_name((enum dhcp_perr)reason);
	if (reason >= DHCP_DROP__COUNT)
		return "unknown";
	return drop_names[reason - DHCP_PERR__COUNT];
}

/**
 * dhcp_event() - report an event, naming the service after the mode if unset
 * @srv: the server
 * @now: time
 * @ev:  the event
 */
void dhcp_event(struct dhcp_server *srv, uint64_t now, const struct pxl_event *ev)
{
	struct pxl_event e = *ev;

	if (!e.service)
		e.service = srv->cfg.proxy ? "proxydhcp" : "dhcp";
	pxl_emit(&srv->sink, now, &e);
}

/**
 * dhcp_drop() - count a dropped datagram and report it
 * @srv:    the server
 * @now:    time
 * @reason: enum dhcp_perr or enum dhcp_drop value
 * @dg:     the datagram (its MAC, or the parsed chaddr, names the client)
 * @extra:  more about it, or NULL; the event detail is "REASON[: EXTRA]"
 *
 * Return: -EINVAL for a malformed datagram, -ENOSPC / -EIO / -ENOMEM for a
 * reply that could not be built, sent or recorded, 0 for a deliberate ignore.
 */
int dhcp_drop(struct dhcp_server *srv, uint64_t now, unsigned int reason,
	      const struct pxl_dgram *dg, const char *extra)
{
	char detail[128];
	struct pxl_event ev = { .kind = "drop", .detail = detail };

	if (reason >= DHCP_DROP__COUNT)
		reason = DHCP_DROP_BAD_TYPE;
	ev.value = reason;
	snprintf(detail, sizeof(detail), "%s%s%s", dhcp_drop_name(reason), extra ? ": " : "",
		 extra ? extra : "");
	srv->stats.dropped++;
	srv->stats.drops[reason]++;
	if (srv->msg.hdr.hlen == 6 && srv->msg.hdr.htype == 1) {
		memcpy(ev.mac, srv->msg.hdr.chaddr, 6);
		ev.has_mac = 1;
	} else if (dg->has_mac) {
		memcpy(ev.mac, dg->mac, 6);
		ev.has_mac = 1;
	}
	dhcp_event(srv, now, &ev);
	if (reason < DHCP_PERR__COUNT || reason <= DHCP_DROP_WRONG_PORT)
		return -EINVAL;
	if (reason == DHCP_DROP_REPLY_TOO_BIG)
		return -ENOSPC;
	if (reason == DHCP_DROP_SEND_FAILED)
		return -EIO;
	return reason == DHCP_DROP_NO_MEMORY ? -ENOMEM : 0;
}

/**
 * dhcp_port_served() - is @port one this server answers on?
 * @cfg:  configuration
 * @port: destination port of a request
 *
 * Return: 1 for 67 and 4011 on a standard server, for the configured port
 * on a server listening elsewhere; else 0.
 */
static int dhcp_port_served(const struct dhcp_config *cfg, uint16_t port)
{
	if (cfg->port && cfg->port != DHCP_SERVER_PORT)
		return port == cfg->port;
	return port == DHCP_SERVER_PORT || port == DHCP_PXE_PORT;
}

/**
 * check_request() - what every client message must be before dispatch
 * @srv: the server (its @msg parsed)
 * @dg:  the datagram
 * @now: time
 *
 * Return: 0 if it may be dispatched, else the result of dhcp_drop().
 */
static int check_request(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now)
{
	const struct dhcp_msg *m = &srv->msg;

	if (!dhcp_port_served(&srv->cfg, dg->dst.port))
		return dhcp_drop(srv, now, DHCP_DROP_WRONG_PORT, dg, NULL);
	if (m->hdr.op != DHCP_BOOTREQUEST)
		return dhcp_drop(srv, now, DHCP_DROP_NOT_REQUEST, dg, NULL);
	if (m->hdr.htype != 1 || m->hdr.hlen != 6)
		return dhcp_drop(srv, now, DHCP_DROP_BAD_HW, dg, NULL);
	if (!m->type)
		return dhcp_drop(srv, now, DHCP_DROP_NO_TYPE, dg, NULL);
	return 0;
}

/**
 * dhcp_server_input() - handle one datagram addressed to port 67 or 4011
 * @srv: the server
 * @dg:  the datagram (untrusted payload)
 * @now: monotonic ns
 *
 * Return: 0 when answered or deliberately ignored, -EINVAL for a malformed
 * datagram, other -errno when the reply could not be built or sent (all
 * counted in the stats with their reason).
 */
int dhcp_server_input(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now)
{
	size_t i;
	int rc;

	srv->stats.received++;
	if (dhcp_msg_parse(&srv->msg, dg->data, dg->len))
		return dhcp_drop(srv, now, srv->msg.error, dg, NULL);
	rc = check_request(srv, dg, now);
	if (rc)
		return rc;
	srv->stats.rx_type[srv->msg.type <= DHCPINFORM ? srv->msg.type : 0]++;
	if (srv->cfg.proxy || dg->dst.port == DHCP_PXE_PORT)
		return dhcp_proxy_input(srv, dg, now);
	for (i = 0; i < ARRAY_SIZE(dhcp_handlers); i++)
		if (dhcp_handlers[i].type == srv->msg.type)
			return dhcp_handlers[i].handle(srv, dg, now);
	return dhcp_drop(srv, now, DHCP_DROP_BAD_TYPE, dg, dhcp_type_name(srv->msg.type));
}

/**
 * server_init() - fill a zeroed server from its configuration
 * @srv: the server
 * @cfg: configuration
 *
 * Return: 0 or -errno.
 */
static int server_init(struct dhcp_server *srv, const struct dhcp_config *cfg)
{
	int rc = dhcp_config_check(cfg);

	if (!rc)
		rc = dhcp_config_copy(&srv->cfg, &srv->store, cfg);
	if (rc)
		return rc;
	if (!srv->cfg.lease_time)
		srv->cfg.lease_time = DHCP_DEFAULT_LEASE;
	if (!srv->cfg.offer_hold)
		srv->cfg.offer_hold = DHCP_DEFAULT_OFFER_HOLD;
	if (!srv->cfg.next_server)
		srv->cfg.next_server = srv->cfg.server_addr;
	dhcp_leases_init(&srv->leases, cfg->proxy ? 1 : cfg->pool_start,
			 cfg->proxy ? 0 : cfg->pool_end, srv->cfg.reservations,
			 srv->cfg.n_reservations);
	dhcp_leases_exclude(&srv->leases, srv->cfg.server_addr);
	dhcp_leases_exclude(&srv->leases, srv->cfg.gateway);
	dhcp_history_init(&srv->hist);
	return 0;
}

/**
 * dhcp_server_new() - create a server
 * @cfg:  configuration (deep-copied: it may be freed after the call)
 * @tx:   transport for replies (struct pxl_udp_ops send)
 * @sink: where events go
 *
 * Sanity-checks the configuration (server address, pool inside the subnet,
 * rules) with a diagnostic on stderr naming what is wrong.
 * Return: the server, or NULL (errno EINVAL, also for no @cfg or no send
 * operation, or ENOMEM).
 */
struct dhcp_server *dhcp_server_new(const struct dhcp_config *cfg,
				    struct pxl_udp_transport tx,
				    struct pxl_event_sink sink)
{
	struct dhcp_server *srv;
	int rc = -EINVAL;

	if (!cfg || !tx.ops || !tx.ops->send)
		goto fail;
	srv = calloc(1, sizeof(*srv));
	rc = -ENOMEM;
	if (!srv)
		goto fail;
	srv->tx = tx;
	srv->sink = sink;
	rc = server_init(srv, cfg);
	if (!rc)
		return srv;
	dhcp_store_free(&srv->store);
	free(srv);
fail:
	errno = -rc;
	return NULL;
}

/**
 * dhcp_server_free() - free a server
 * @srv: the server, or NULL
 */
void dhcp_server_free(struct dhcp_server *srv)
{
	if (!srv)
		return;
	dhcp_leases_fini(&srv->leases);
	dhcp_history_fini(&srv->hist);
	dhcp_store_free(&srv->store);
	free(srv);
}

/**
 * dhcp_server_stats() - the server's counters
 * @srv: the server
 *
 * Return: pointer valid while the server lives.
 */
const struct dhcp_stats *dhcp_server_stats(const struct dhcp_server *srv)
{
	return &srv->stats;
}

/**
 * dhcp_server_leases() - the lease table (for reports and tests)
 * @srv: the server
 *
 * Return: read-only table.
 */
const struct dhcp_leases *dhcp_server_leases(const struct dhcp_server *srv)
{
	return &srv->leases;
}

/**
 * dhcp_server_nbp_count() - times @mac was acknowledged with @file
 * @srv:  the server
 * @mac:  client
 * @file: file name, or NULL for any
 *
 * Return: the count.
 */
uint32_t dhcp_server_nbp_count(const struct dhcp_server *srv, const uint8_t mac[6],
			       const char *file)
{
	return dhcp_history_count(&srv->hist, mac, file);
}
