/* dhcp_proxy.c - ProxyDHCP: boot answers without addresses, on port 67 (OFFER) and 4011 (ACK) */
#include "services/dhcp/dhcp_internal.h"

/**
 * dhcp_proxy_input() - answer a PXE client's DISCOVER on 67 or REQUEST/INFORM on 4011
 * @srv: the server (its @msg parsed and checked)
 * @dg:  the datagram
 * @now: time
 *
 * Non-PXE clients, other message types, and clients the policy gives no
 * boot answer are ignored (counted as drops).  The 4011 ACK goes back to
 * the sender's address and port.
 * Return: 0 or -errno.
 */
int dhcp_proxy_input(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now)
{
	int on_4011 = dg->dst.port == DHCP_PXE_PORT;
	uint8_t type = srv->msg.type;
	struct dhcp_answer a = { .proxy = 1, .to_sender = on_4011 };

	if (!dhcp_msg_is_pxe(&srv->msg))
		return dhcp_drop(srv, now, DHCP_DROP_NOT_PXE, dg, NULL);
	if (on_4011 ? (type != DHCPREQUEST && type != DHCPINFORM) : type != DHCPDISCOVER)
		return dhcp_drop(srv, now, DHCP_DROP_PROXY_IGNORED, dg, dhcp_type_name(type));
	a.rule = dhcp_boot_rule(srv);
	if (!a.rule || a.rule->no_boot)
		return dhcp_drop(srv, now, DHCP_DROP_NO_BOOT, dg, NULL);
	a.type = on_4011 ? DHCPACK : DHCPOFFER;
	a.kind = on_4011 ? "ack" : "offer";
	return dhcp_reply_send(srv, dg, &a, now);
}
