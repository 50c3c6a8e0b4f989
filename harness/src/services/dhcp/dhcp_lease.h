/* dhcp_lease.h - DHCP address pool, static reservations and the lease table (clock passed in)
 *
 * An address is "usable" by a client when it is reserved for that client,
 * or when it lies in the pool, is not reserved for another client, is not
 * an excluded address (server, gateway), is not held by another client
 * (offered or bound, unexpired) and is not quarantined after a DECLINE.
 * Expired entries are kept to give a returning client its old address.
 */
#ifndef PXL_DHCP_LEASE_H
#define PXL_DHCP_LEASE_H

#include <stddef.h>
#include <stdint.h>

/**
 * struct dhcp_reservation - a fixed address for one MAC
 * @mac:  client hardware address
 * @addr: its address, host order (may lie outside the pool, not outside the subnet)
 */
struct dhcp_reservation {
	uint8_t mac[6];
	uint32_t addr;
};

/** enum dhcp_lease_state - what an entry of the lease table holds */
enum dhcp_lease_state {
	DHCP_LEASE_OFFERED,   /* offered, held until the offer times out */
	DHCP_LEASE_BOUND,     /* acknowledged, until the lease expires */
	DHCP_LEASE_DECLINED,  /* a client found it in use: quarantined */
	DHCP_LEASE_RELEASED,  /* given back: free, remembered for the same client */
};

/**
 * struct dhcp_lease - one entry of the lease table
 * @addr:    address, host order
 * @mac:     client (zero for a declined address)
 * @state:   see enum dhcp_lease_state
 * @expires: monotonic ns when the entry stops holding the address
 */
struct dhcp_lease {
	uint32_t addr;
	uint8_t mac[6];
	enum dhcp_lease_state state;
	uint64_t expires;
};

#define DHCP_LEASE_MAX_EXCLUDE 4

/**
 * struct dhcp_leases - pool, reservations and lease table
 * @start:     first pool address (host order)
 * @end:       last pool address, inclusive (@start > @end: no pool)
 * @exclude:   addresses never handed out from the pool (server, gateway)
 * @n_exclude: entries used in @exclude
 * @res:       reservations (borrowed; must outlive the table)
 * @n_res:     number of reservations
 * @v:         lease entries
 * @n:         entries used
 * @cap:       entries allocated
 * @slot:      per pool address (addr - @start): index in @v plus one, 0 if
 *             none; allocated with the first entry (addresses outside the
 *             pool, i.e. reservations, are found by a linear search)
 * @mhead:     per MAC hash bucket, index in @v plus one of its first entry
 * @mnext:     per entry, the next entry (index plus one) in its MAC's bucket
 * @mbuckets:  buckets in @mhead (a power of two, at least 2 x @cap)
 * @next_unused: every pool address below it has an entry: the search for a
 *             never-used address starts here, not at @start
 */
struct dhcp_leases {
	uint32_t start;
	uint32_t end;
	uint32_t exclude[DHCP_LEASE_MAX_EXCLUDE];
	size_t n_exclude;
	const struct dhcp_reservation *res;
	size_t n_res;
	struct dhcp_lease *v;
	size_t n;
	size_t cap;
	uint32_t *slot;
	uint32_t *mhead;
	uint32_t *mnext;
	size_t mbuckets;
	uint32_t next_unused;
};

void dhcp_leases_init(struct dhcp_leases *t, uint32_t start, uint32_t end,
		      const struct dhcp_reservation *res, size_t n_res);

int dhcp_leases_exclude(struct dhcp_leases *t, uint32_t addr);

void dhcp_leases_fini(struct dhcp_leases *t);

int dhcp_lease_in_pool(const struct dhcp_leases *t, uint32_t addr);

uint32_t dhcp_lease_reserved(const struct dhcp_leases *t, const uint8_t mac[6]);

const struct dhcp_lease *dhcp_lease_of(const struct dhcp_leases *t, const uint8_t mac[6],
				       uint64_t now);

int dhcp_lease_usable(const struct dhcp_leases *t, const uint8_t mac[6], uint32_t addr,
		      uint64_t now);

int dhcp_lease_choose(const struct dhcp_leases *t, const uint8_t mac[6], uint32_t requested,
		      uint64_t now, uint32_t *addr);

int dhcp_lease_set(struct dhcp_leases *t, const uint8_t mac[6], uint32_t addr,
		   enum dhcp_lease_state state, uint64_t expires);

int dhcp_lease_release(struct dhcp_leases *t, const uint8_t mac[6], uint32_t addr);

int dhcp_lease_decline(struct dhcp_leases *t, uint32_t addr, uint64_t until);

#endif /* PXL_DHCP_LEASE_H */
