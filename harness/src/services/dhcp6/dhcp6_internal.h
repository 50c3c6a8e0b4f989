/* dhcp6_internal.h - DHCPv6 server internals shared by its files: the server, its lease table */
#ifndef PXL_DHCP6_INTERNAL_H
#define PXL_DHCP6_INTERNAL_H

#include "services/dhcp6/dhcp6_server.h"

/** enum dhcp6_lease_state - what a pool address is to its client */
enum dhcp6_lease_state {
	DHCP6_LEASE_FREE = 0,
	DHCP6_LEASE_OFFERED,   /* in an ADVERTISE */
	DHCP6_LEASE_BOUND,     /* in a REPLY */
	DHCP6_LEASE_DECLINED,  /* quarantined, owned by nobody */
};

/**
 * struct dhcp6_lease - one (DUID, IAID) and its address
 * @duid:     client DUID
 * @duid_len: its length
 * @iaid:     IA_NA identity
 * @idx:      address index in the pool
 * @expires:  end of the offer, lease or quarantine (ns)
 * @state:    enum dhcp6_lease_state
 */
struct dhcp6_lease {
	uint8_t duid[DHCP6_DUID_MAX];
	size_t duid_len;
	uint32_t iaid;
	uint32_t idx;
	uint64_t expires;
	int state;
};

/**
 * struct dhcp6_server - a DHCPv6 server
 * @cfg:      settings (lifetimes defaulted)
 * @duid:     server DUID (DUID-LL)
 * @duid_len: its length
 * @v:        leases
 * @n:        leases used
 * @cap:      leases allocated
 * @hist:     boot history (files handed out per MAC)
 * @sink:     events
 * @stats:    counters
 */
struct dhcp6_server {
	struct dhcp6_config cfg;
	uint8_t duid[DHCP6_DUID_MAX];
	size_t duid_len;
	struct dhcp6_lease *v;
	size_t n;
	size_t cap;
	struct dhcp_history hist;
	struct pxl_event_sink sink;
	struct dhcp6_stats stats;
};

/* dhcp6_lease.c */
void dhcp6_pool_addr(const struct dhcp6_config *cfg, uint32_t idx, uint8_t addr[16]);
int dhcp6_on_link(const struct dhcp6_config *cfg, const uint8_t addr[16]);
struct dhcp6_lease *dhcp6_lease_find(struct dhcp6_server *srv, const uint8_t *duid,
				     size_t duid_len, uint32_t iaid, uint64_t now);
struct dhcp6_lease *dhcp6_lease_get(struct dhcp6_server *srv, const uint8_t *duid,
				    size_t duid_len, uint32_t iaid, uint64_t now);

#endif /* PXL_DHCP6_INTERNAL_H */
