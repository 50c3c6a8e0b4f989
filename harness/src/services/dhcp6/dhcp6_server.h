/* dhcp6_server.h - pxelab's DHCPv6 server (RFC 8415) with the DHCPv4 boot policy (RFC 5970 boot file URL)
 *
 * Payloads in (dhcp6_server_input()), at most one reply out, which the host
 * sends back to the request's source address and port (RFC 8415 18.3: a
 * client on the link is answered at its link-local address, port 546; a
 * test client on a host socket at its own).  The service knows no
 * addresses of its own transport: struct pxl_dgram is IPv4, and DHCPv6
 * replies never go anywhere else than to the sender.  What happened is
 * reported as events (service "dhcp6"; kinds "advertise", "reply",
 * "release", "decline", "confirm", "inform", "drop").  No timers: expiry is
 * evaluated against the clock passed with each payload.
 *
 * Served: SOLICIT -> ADVERTISE (or REPLY with rapid commit when enabled),
 * REQUEST -> REPLY, RENEW/REBIND -> REPLY (NoBinding for an unknown IA),
 * RELEASE, DECLINE -> REPLY (Success), CONFIRM -> REPLY (Success or
 * NotOnLink; no addresses: no reply), INFORMATION-REQUEST -> REPLY with
 * boot and DNS options, no addresses.  Messages are discarded as RFC 8415
 * section 16 says (client id / server id rules), each discard an event.
 *
 * Addresses: IA_NA only (IA_TA and IA_PD are ignored), one address per IA
 * from a pool, keyed by (client DUID, IAID).  An ADVERTISE holds its
 * address @offer_hold seconds; a DECLINEd address is quarantined
 * @decline_hold seconds.  T1/T2 are 1/2 and 4/5 of the preferred lifetime.
 *
 * Boot answer: the same rules as DHCPv4 (struct dhcp_rule), seen through
 * struct dhcp_policy_req: user-class is option 15, vendor-class option 16,
 * arch option 61, mac the DUID-LL/LLT's address; iPXE features are never
 * seen (iPXE sends none over DHCPv6).  A rule's @file becomes option 59:
 * as is when it is a URL ("://"), else tftp://[server_addr]/file.  Option
 * 60 carries @boot_params with it.  A client whose vendor class starts with
 * "HTTPClient" gets option 16 (enterprise 343) "HTTPClient" back, as EDK2's
 * HTTP boot expects of DHCPv4's option 60.  @root_path, @next_server,
 * @sname, @opts and @no_pxedhcp of a rule have no DHCPv6 meaning and are
 * ignored.  A reply that carries a file counts one nbp for the DUID's MAC
 * (REPLY only, not ADVERTISE or RENEW).
 */
#ifndef PXL_DHCP6_SERVER_H
#define PXL_DHCP6_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "net/transport.h"
#include "services/dhcp/dhcp_policy.h"
#include "services/dhcp6/dhcp6_msg.h"

#define DHCP6_MAX_DNS 4
#define DHCP6_DEFAULT_PREFERRED 3600   /* seconds */
#define DHCP6_DEFAULT_VALID 7200       /* seconds */
#define DHCP6_DEFAULT_OFFER_HOLD 60    /* seconds an ADVERTISEd address stays held */
#define DHCP6_DEFAULT_DECLINE_HOLD 600 /* seconds a DECLINEd address is quarantined */

/**
 * struct dhcp6_config - a DHCPv6 server's settings
 * @server_addr:  host of the tftp:// URLs built from relative file names
 * @server_mac:   the server DUID is DUID-LL (type 3, Ethernet) of this MAC
 * @pool_start:   first address of the pool
 * @pool_size:    number of addresses (counted up in the last 32 bits), >= 1
 * @preferred:    preferred lifetime (s); 0 means DHCP6_DEFAULT_PREFERRED
 * @valid:        valid lifetime (s); 0 means DHCP6_DEFAULT_VALID
 * @offer_hold:   seconds an ADVERTISE holds its address; 0: the default
 * @decline_hold: seconds a DECLINEd address is out of the pool; 0: the default
 * @preference:   option 7 in ADVERTISE (255: the client need not wait for
 *                other servers, RFC 8415 18.2.9); negative: not sent
 * @rapid_commit: answer a SOLICIT carrying option 14 with a REPLY at once
 * @dns:          DNS servers (option 23, sent when asked for in option 6)
 * @n_dns:        how many (<= DHCP6_MAX_DNS)
 * @rules:        boot policy, first match wins (borrowed: must outlive the server)
 * @n_rules:      how many
 * @boot_params:  option 60 (one parameter) sent with option 59, or NULL
 *
 * CONFIRM: an address is on-link when its first 64 bits are the pool's.
 */
struct dhcp6_config {
	uint8_t server_addr[16];
	uint8_t server_mac[6];
	uint8_t pool_start[16];
	uint32_t pool_size;
	uint32_t preferred;
	uint32_t valid;
	uint32_t offer_hold;
	uint32_t decline_hold;
	int preference;
	int rapid_commit;
	uint8_t dns[DHCP6_MAX_DNS][16];
	size_t n_dns;
	const struct dhcp_rule *rules;
	size_t n_rules;
	const char *boot_params;
};

/**
 * enum dhcp6_drop - why a payload got no answer: the parse errors
 * (enum dhcp6_perr), then the server's own reasons
 */
enum dhcp6_drop {
	DHCP6_DROP_SERVER_MSG = DHCP6_PERR__COUNT, /* a server-to-client type */
	DHCP6_DROP_NO_CLIENTID,     /* client id missing (or longer than a DUID) */
	DHCP6_DROP_HAS_SERVERID,    /* SOLICIT, CONFIRM or REBIND names a server */
	DHCP6_DROP_NO_SERVERID,     /* REQUEST, RENEW, RELEASE or DECLINE names none */
	DHCP6_DROP_OTHER_SERVER,    /* server id is not ours */
	DHCP6_DROP_INFO_WITH_IA,    /* INFORMATION-REQUEST carries an IA */
	DHCP6_DROP_CONFIRM_NO_ADDR, /* CONFIRM with no address to confirm */
	DHCP6_DROP_REPLY_TOO_BIG,   /* the reply did not fit */
	DHCP6_DROP_NO_MEMORY,       /* the lease table could not grow */
	DHCP6_DROP__COUNT
};

/**
 * struct dhcp6_stats - counters of a server
 * @received: payloads given to dhcp6_server_input()
 * @rx_type:  per message type received
 * @tx_type:  per message type sent
 * @dropped:  payloads dropped, all reasons
 * @drops:    per reason (enum dhcp6_perr, then enum dhcp6_drop)
 */
struct dhcp6_stats {
	uint64_t received;
	uint64_t rx_type[DHCP6_TYPE__COUNT];
	uint64_t tx_type[DHCP6_TYPE__COUNT];
	uint64_t dropped;
	uint64_t drops[DHCP6_DROP__COUNT];
};

struct dhcp6_server;

int dhcp6_config_check(const struct dhcp6_config *cfg, char *err, size_t errlen);

struct dhcp6_server *dhcp6_server_new(const struct dhcp6_config *cfg,
				      struct pxl_event_sink sink);

int dhcp6_server_input(struct dhcp6_server *srv, const uint8_t *pkt, size_t len,
		       uint64_t now, struct dhcp6_build *reply);
int dhcp6_server_input_ll(struct dhcp6_server *srv, const uint8_t *pkt, size_t len,
			  const uint8_t *ll, uint64_t now, struct dhcp6_build *reply);

void dhcp6_server_free(struct dhcp6_server *srv);

const struct dhcp6_stats *dhcp6_server_stats(const struct dhcp6_server *srv);

size_t dhcp6_server_bound(const struct dhcp6_server *srv, uint64_t now);

const uint8_t *dhcp6_server_duid(const struct dhcp6_server *srv, size_t *len);

const char *dhcp6_drop_name(unsigned int reason);

#endif /* PXL_DHCP6_SERVER_H */
