/* dhcp_handlers.c - DHCP server state machine: DISCOVER, REQUEST, DECLINE, RELEASE, INFORM (RFC 2131 4.3) */
#include "services/dhcp/dhcp_internal.h"
#include "core/addr.h"

#include <stdio.h>
#include <string.h>

/**
 * after() - the monotonic ns deadline @s seconds after @now
 * @now: time
 * @s:   seconds
 *
 * Return: the deadline.
 */
static uint64_t after(uint64_t now, uint32_t s)
{
	return now + (uint64_t)s * PXL_NS_PER_SEC;
}

/**
 * sid_is_other() - whether option 54 names another server
 * @srv: the server
 *
 * Return: 1 if present and not ours, else 0.
 */
static int sid_is_other(const struct dhcp_server *srv)
{
	uint32_t sid;

	return !dhcp_msg_opt_u32(&srv->msg, DHCP_OPT_SERVER_ID, &sid) &&
	       sid != srv->cfg.server_addr;
}

/**
 * simple_event() - report a RELEASE or DECLINE
 * @srv:  the server
 * @now:  time
 * @kind: "release" or "decline"
 * @addr: the address concerned
 */
static void simple_event(struct dhcp_server *srv, uint64_t now, const char *kind, uint32_t addr)
{
	struct pxl_event ev = { .kind = kind, .has_mac = 1, .addr = addr,
				.value = srv->msg.hdr.xid };

	memcpy(ev.mac, srv->msg.hdr.chaddr, 6);
	dhcp_event(srv, now, &ev);
}

/**
 * dhcp_handle_discover() - DISCOVER: choose and hold an address, OFFER it
 * @srv: the server (its @msg parsed)
 * @dg:  the datagram
 * @now: time
 *
 * Return: 0 or -errno.
 */
int dhcp_handle_discover(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now)
{
	const uint8_t *mac = srv->msg.hdr.chaddr;
	struct dhcp_answer a = { .type = DHCPOFFER, .kind = "offer", .lease = 1 };
	const struct dhcp_lease *l;
	uint32_t req = 0;

	dhcp_msg_opt_u32(&srv->msg, DHCP_OPT_REQ_ADDR, &req);
	if (dhcp_lease_choose(&srv->leases, mac, req, now, &a.yiaddr))
		return dhcp_drop(srv, now, DHCP_DROP_POOL_EXHAUSTED, dg, NULL);
	l = dhcp_lease_of(&srv->leases, mac, now);
	if (!(l && l->state == DHCP_LEASE_BOUND && l->addr == a.yiaddr) &&
	    dhcp_lease_set(&srv->leases, mac, a.yiaddr, DHCP_LEASE_OFFERED,
			   after(now, srv->cfg.offer_hold)))
		return dhcp_drop(srv, now, DHCP_DROP_NO_MEMORY, dg, "lease table full");
	a.rule = dhcp_boot_rule(srv);
	return dhcp_reply_send(srv, dg, &a, now);
}

/**
 * refusal() - why a requested address cannot be acknowledged, or NULL if it can
 * @srv:  the server
 * @addr: requested address
 * @now:  time
 *
 * Return: static reason text, or NULL.
 */
static const char *refusal(const struct dhcp_server *srv, uint32_t addr, uint64_t now)
{
	const uint8_t *mac = srv->msg.hdr.chaddr;
	const struct dhcp_leases *t = &srv->leases;
	uint32_t mask = srv->cfg.netmask, res = dhcp_lease_reserved(t, mac);
	const struct dhcp_lease *l = dhcp_lease_of(t, mac, now);

	if ((addr & mask) != (srv->cfg.server_addr & mask))
		return "wrong subnet";
	if (res && res != addr)
		return "client has another reserved address";
	if (res != addr && !dhcp_lease_in_pool(t, addr))
		return "address outside the pool";
	if (!dhcp_lease_usable(t, mac, addr, now))
		return "address not available";
	if (l && l->addr != addr)
		return "client holds another address";
	return NULL;
}

/**
 * nak() - refuse a REQUEST
 * @srv:    the server
 * @dg:     the datagram
 * @addr:   the requested address
 * @reason: why
 * @now:    time
 *
 * Return: 0 or -errno.
 */
static int nak(struct dhcp_server *srv, const struct pxl_dgram *dg, uint32_t addr,
	       const char *reason, uint64_t now)
{
	struct dhcp_answer a = { .type = DHCPNAK, .kind = "nak" };
	char text[96], ip[16];

	snprintf(text, sizeof(text), "%s (requested %s)", reason, pxl_ip_str(addr, ip));
	a.nak_reason = text;
	return dhcp_reply_send(srv, dg, &a, now);
}

/**
 * dhcp_handle_request() - REQUEST in any client state: ACK, NAK or silence
 * @srv: the server
 * @dg:  the datagram
 * @now: time
 *
 * SELECTING carries 54 and 50; INIT-REBOOT carries 50 only; RENEWING and
 * REBINDING carry ciaddr only.  A REQUEST naming another server releases
 * our offer silently (RFC 2131 4.3.2: the client declined it).
 * Return: 0 or -errno.
 */
int dhcp_handle_request(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now)
{
	const uint8_t *mac = srv->msg.hdr.chaddr;
	struct dhcp_answer a = { .type = DHCPACK, .kind = "ack", .lease = 1 };
	const struct dhcp_lease *l = dhcp_lease_of(&srv->leases, mac, now);
	const char *why;
	uint32_t addr = srv->msg.hdr.ciaddr;

	if (sid_is_other(srv)) {
		if (l && l->state == DHCP_LEASE_OFFERED)
			dhcp_lease_release(&srv->leases, mac, l->addr);
		return dhcp_drop(srv, now, DHCP_DROP_OTHER_SERVER, dg, NULL);
	}
	dhcp_msg_opt_u32(&srv->msg, DHCP_OPT_REQ_ADDR, &addr);
	if (!addr)
		return dhcp_drop(srv, now, DHCP_DROP_BAD_REQUEST, dg, NULL);
	why = refusal(srv, addr, now);
	if (why)
		return nak(srv, dg, addr, why, now);
	if (dhcp_lease_set(&srv->leases, mac, addr, DHCP_LEASE_BOUND,
			   after(now, srv->cfg.lease_time)))
		return dhcp_drop(srv, now, DHCP_DROP_NO_MEMORY, dg, "lease table full");
	a.yiaddr = addr;
	a.rule = dhcp_boot_rule(srv);
	return dhcp_reply_send(srv, dg, &a, now);
}

/**
 * dhcp_handle_decline() - DECLINE: the client found the address in use; quarantine it
 * @srv: the server
 * @dg:  the datagram
 * @now: time
 *
 * Return: 0 or -errno.
 */
int dhcp_handle_decline(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now)
{
	const struct dhcp_lease *l = dhcp_lease_of(&srv->leases, srv->msg.hdr.chaddr, now);
	uint32_t addr = 0;

	if (sid_is_other(srv))
		return dhcp_drop(srv, now, DHCP_DROP_OTHER_SERVER, dg, NULL);
	dhcp_msg_opt_u32(&srv->msg, DHCP_OPT_REQ_ADDR, &addr);
	if (!addr || !l || l->addr != addr)
		return dhcp_drop(srv, now, DHCP_DROP_UNKNOWN_CLIENT, dg, "decline of an address not held");
	if (dhcp_lease_decline(&srv->leases, addr, after(now, DHCP_DEFAULT_DECLINE_HOLD)))
		return dhcp_drop(srv, now, DHCP_DROP_NO_MEMORY, dg, "lease table full");
	simple_event(srv, now, "decline", addr);
	return 0;
}

/**
 * dhcp_handle_release() - RELEASE: the client gives its address (ciaddr) back
 * @srv: the server
 * @dg:  the datagram
 * @now: time
 *
 * Return: 0 or -errno.
 */
int dhcp_handle_release(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now)
{
	uint32_t addr = srv->msg.hdr.ciaddr;

	if (sid_is_other(srv))
		return dhcp_drop(srv, now, DHCP_DROP_OTHER_SERVER, dg, NULL);
	if (!addr || !dhcp_lease_release(&srv->leases, srv->msg.hdr.chaddr, addr))
		return dhcp_drop(srv, now, DHCP_DROP_UNKNOWN_CLIENT, dg, "release of an address not held");
	simple_event(srv, now, "release", addr);
	return 0;
}

/**
 * dhcp_handle_inform() - INFORM: configuration (and boot answer) without a lease
 * @srv: the server
 * @dg:  the datagram
 * @now: time
 *
 * Return: 0 or -errno.
 */
int dhcp_handle_inform(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now)
{
	struct dhcp_answer a = { .type = DHCPACK, .kind = "inform" };

	a.rule = dhcp_boot_rule(srv);
	return dhcp_reply_send(srv, dg, &a, now);
}
