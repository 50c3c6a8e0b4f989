/* dhcp_server.h - pxelab's DHCP server (RFC 2131/2132) with PXE/iPXE boot policy and ProxyDHCP
 *
 * Datagrams in (dhcp_server_input()), datagrams out through the transport,
 * what happened as events on the sink (service "dhcp", or "proxydhcp" for
 * ProxyDHCP answers; kinds "offer", "ack", "nak", "inform", "release",
 * "decline", "drop").  No timers: expiry is evaluated against the clock
 * passed with each datagram.
 *
 * Full mode (proxy = 0), on port 67: DISCOVER -> OFFER, REQUEST (selecting,
 * init-reboot, renewing, rebinding) -> ACK or NAK, DECLINE, RELEASE,
 * INFORM -> ACK.  Replies go where RFC 2131 4.1 says: to giaddr:67 via a
 * relay; NAK broadcast; to ciaddr when the client has one; broadcast when
 * the client set the broadcast flag; else unicast to yiaddr with the
 * client's MAC as link-layer destination (struct pxl_dgram mac/has_mac).
 *
 * ProxyDHCP (proxy = 1): on 67, PXE clients (option 60 "PXEClient...") get
 * an OFFER with yiaddr 0.0.0.0 carrying 60/43/97/file/next-server and no
 * lease options; on 4011, REQUESTs get an ACK unicast back to the sender.
 * Other clients and messages are ignored (counted as drops).  A full-mode
 * server answers port 4011 the same way.
 *
 * Replies: 53, 54, 51/58/59 (leases only), 1, 3, 6 and 28 (only if asked
 * for in option 55, or no option 55), then the boot answer of the matched
 * rule: 17 root-path, for PXE clients 60 "PXEClient", 43 (discovery
 * control 8: boot the file, no menu) and 97 echoed, for UEFI HTTP Boot
 * clients (60 "HTTPClient...") 60 "HTTPClient" and the file (a URL) in 67
 * as well as in 'file', for iPXE 175.176 when
 * no-pxedhcp is set, then the rule's own options (always sent, replacing
 * defaults of the same code).  No matching rule, or a no-boot rule: the
 * address only.  Options are laid out for the client's option 57,
 * overloading 'file'/'sname' (option 52) when needed.
 *
 * Boot history: each ACK carrying a file counts one "nbp" for the client's
 * MAC (see DHCP_MATCH_NBP_COUNT); in ProxyDHCP mode that is the 4011 ACK.
 *
 * Choices worth knowing: a REQUEST whose option 54 names another server is
 * not NAKed but taken as "declined our offer" (RFC 2131 4.3.2: silence, the
 * held address is freed; counted as drop "other-server").  The server is
 * authoritative: an INIT-REBOOT for a free pool address is ACKed.  Clients
 * are keyed by chaddr (option 61 is not used).  Relayed requests (giaddr)
 * are answered to the relay but served from the one pool of this subnet.
 */
#ifndef PXL_DHCP_SERVER_H
#define PXL_DHCP_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "services/dhcp/dhcp_lease.h"
#include "services/dhcp/dhcp_msg.h"
#include "services/dhcp/dhcp_policy.h"
#include "net/transport.h"

#define DHCP_MAX_DNS 4
#define DHCP_DEFAULT_LEASE 3600      /* seconds */
#define DHCP_DEFAULT_OFFER_HOLD 60   /* seconds an OFFERed address stays held */
#define DHCP_DEFAULT_DECLINE_HOLD 600 /* seconds a DECLINEd address is quarantined */

/**
 * struct dhcp_config - what a scenario's "dhcp builtin" block becomes
 * @server_addr:    our address: option 54 and the replies' source (required)
 * @netmask:        subnet mask (option 1); the subnet is server_addr & netmask
 * @gateway:        router (option 3), 0 for none
 * @pool_start:     first dynamic address (not needed in proxy mode)
 * @pool_end:       last dynamic address, inclusive
 * @lease_time:     seconds; 0 means DHCP_DEFAULT_LEASE
 * @offer_hold:     seconds an offer holds its address; 0 means the default
 * @dns:            DNS servers (option 6)
 * @n_dns:          how many (<= DHCP_MAX_DNS)
 * @next_server:    siaddr of boot answers when the rule gives none; 0 = server_addr
 * @reservations:   fixed addresses by MAC (copied)
 * @n_reservations: how many
 * @rules:          boot policy, first match wins (copied, strings too)
 * @n_rules:        how many
 * @proxy:          ProxyDHCP mode: no addresses, boot answers to PXE clients only
 * @no_pxedhcp:     send iPXE option 175.176 = 1 to iPXE clients in every boot answer
 * @port:           the port the server listens on; 0 or 67 is the standard
 *                  (67, and 4011 for PXE).  Any other port is a test or lab
 *                  setup where clients cannot be on port 68: requests to it
 *                  are served and every reply goes back to the sender's
 *                  address and port (no broadcast, no relay)
 */
struct dhcp_config {
	uint32_t server_addr;
	uint32_t netmask;
	uint32_t gateway;
	uint32_t pool_start;
	uint32_t pool_end;
	uint32_t lease_time;
	uint32_t offer_hold;
	uint32_t dns[DHCP_MAX_DNS];
	size_t n_dns;
	uint32_t next_server;
	const struct dhcp_reservation *reservations;
	size_t n_reservations;
	const struct dhcp_rule *rules;
	size_t n_rules;
	int proxy;
	int no_pxedhcp;
	uint16_t port;
};

/**
 * enum dhcp_drop - why a datagram got no answer.  The first values are the
 * codec's parse errors (enum dhcp_perr); the server's own reasons follow.
 */
enum dhcp_drop {
	DHCP_DROP_NOT_REQUEST = DHCP_PERR__COUNT, /* op is BOOTREPLY */
	DHCP_DROP_BAD_HW,          /* not Ethernet (htype 1, hlen 6) */
	DHCP_DROP_NO_TYPE,         /* no option 53 (plain BOOTP is not served) */
	DHCP_DROP_BAD_TYPE,        /* a server-to-client type, or unknown */
	DHCP_DROP_WRONG_PORT,      /* not addressed to port 67 or 4011 (or the configured port) */
	DHCP_DROP_POOL_EXHAUSTED,  /* no address to offer */
	DHCP_DROP_OTHER_SERVER,    /* option 54 names another server */
	DHCP_DROP_BAD_REQUEST,     /* REQUEST with no 50, no ciaddr */
	DHCP_DROP_UNKNOWN_CLIENT,  /* RELEASE/DECLINE of an address the client does not hold */
	DHCP_DROP_NOT_PXE,         /* ProxyDHCP: not a PXE client */
	DHCP_DROP_PROXY_IGNORED,   /* ProxyDHCP: a message only the real server answers */
	DHCP_DROP_NO_BOOT,         /* ProxyDHCP: the policy has no boot answer */
	DHCP_DROP_REPLY_TOO_BIG,   /* the reply does not fit the client's max size */
	DHCP_DROP_SEND_FAILED,     /* the transport refused the reply */
	DHCP_DROP_NO_MEMORY,       /* the lease table or history could not grow */
	DHCP_DROP__COUNT
};

/**
 * struct dhcp_stats - counters of a server
 * @received: datagrams given to dhcp_server_input()
 * @rx_type:  per message type received (index = option 53, 0 = none)
 * @tx_type:  per message type sent
 * @dropped:  datagrams dropped, all reasons
 * @drops:    per reason (enum dhcp_perr, then enum dhcp_drop)
 */
struct dhcp_stats {
	uint64_t received;
	uint64_t rx_type[9];
	uint64_t tx_type[9];
	uint64_t dropped;
	uint64_t drops[DHCP_DROP__COUNT];
};

struct dhcp_server;

struct dhcp_server *dhcp_server_new(const struct dhcp_config *cfg,
				    struct pxl_udp_transport tx,
				    struct pxl_event_sink sink);

int dhcp_server_input(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now);

void dhcp_server_free(struct dhcp_server *srv);

const struct dhcp_stats *dhcp_server_stats(const struct dhcp_server *srv);

const struct dhcp_leases *dhcp_server_leases(const struct dhcp_server *srv);

uint32_t dhcp_server_nbp_count(const struct dhcp_server *srv, const uint8_t mac[6],
			       const char *file);

const char *dhcp_drop_name(unsigned int reason);

#endif /* PXL_DHCP_SERVER_H */
