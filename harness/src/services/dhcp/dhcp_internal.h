/* dhcp_internal.h - the DHCP server's context and the helpers its files share (not a public API) */
#ifndef PXL_DHCP_INTERNAL_H
#define PXL_DHCP_INTERNAL_H

#include "services/dhcp/dhcp_server.h"

/**
 * struct dhcp_store - memory owned by a deep-copied configuration
 * @ptr: allocations
 * @n:   used
 * @cap: allocated
 */
struct dhcp_store {
	void **ptr;
	size_t n;
	size_t cap;
};

/**
 * struct dhcp_server - one DHCP server instance
 * @cfg:    configuration (deep copy; its arrays and strings live in @store)
 * @store:  what the copy owns
 * @tx:     transport
 * @sink:   event sink
 * @leases: pool and lease table
 * @hist:   boot history
 * @stats:  counters
 * @msg:    scratch: the request being handled
 * @build:  scratch: the reply being built
 * @out:    scratch: the reply payload
 */
struct dhcp_server {
	struct dhcp_config cfg;
	struct dhcp_store store;
	struct pxl_udp_transport tx;
	struct pxl_event_sink sink;
	struct dhcp_leases leases;
	struct dhcp_history hist;
	struct dhcp_stats stats;
	struct dhcp_msg msg;
	struct dhcp_build build;
	uint8_t out[DHCP_MSG_MAX_LEN];
};

/**
 * struct dhcp_answer - what to send back to one request
 * @type:       DHCPOFFER, DHCPACK or DHCPNAK
 * @kind:       event kind ("offer", "ack", "nak", "inform")
 * @yiaddr:     address given (0 for INFORM, NAK, ProxyDHCP)
 * @lease:      include lease time options 51/58/59
 * @proxy:      a ProxyDHCP answer: no address options, service "proxydhcp"
 * @rule:       matched boot rule, or NULL (address only)
 * @nak_reason: for a NAK: option 56 text and event detail
 * @to_sender:  reply to the datagram's source address and port (4011)
 */
struct dhcp_answer {
	uint8_t type;
	const char *kind;
	uint32_t yiaddr;
	int lease;
	int proxy;
	const struct dhcp_rule *rule;
	const char *nak_reason;
	int to_sender;
};

/* dhcp_config.c */
int dhcp_config_check(const struct dhcp_config *cfg);
int dhcp_config_copy(struct dhcp_config *dst, struct dhcp_store *store,
		     const struct dhcp_config *src);
void dhcp_store_free(struct dhcp_store *store);

/* dhcp_server.c */
int dhcp_drop(struct dhcp_server *srv, uint64_t now, unsigned int reason,
	      const struct pxl_dgram *dg, const char *detail);
void dhcp_event(struct dhcp_server *srv, uint64_t now, const struct pxl_event *ev);

/* dhcp_handlers.c */
int dhcp_handle_discover(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now);
int dhcp_handle_request(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now);
int dhcp_handle_decline(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now);
int dhcp_handle_release(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now);
int dhcp_handle_inform(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now);

/* dhcp_proxy.c */
int dhcp_proxy_input(struct dhcp_server *srv, const struct pxl_dgram *dg, uint64_t now);

/* dhcp_reply.c */
int dhcp_reply_send(struct dhcp_server *srv, const struct pxl_dgram *in,
		    const struct dhcp_answer *a, uint64_t now);
const struct dhcp_rule *dhcp_boot_rule(const struct dhcp_server *srv);

#endif /* PXL_DHCP_INTERNAL_H */
