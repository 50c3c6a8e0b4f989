/* dhcp6_lease.c - DHCPv6 leases: a pool of addresses, one per (client DUID, IAID) */
#include "services/dhcp6/dhcp6_internal.h"

#include <string.h>

#include "core/util.h"

/** low32() - the last 32 bits of an IPv6 address */
static uint32_t low32(const uint8_t a[16])
{
	return (uint32_t)a[12] << 24 | (uint32_t)a[13] << 16 | (uint32_t)a[14] << 8 | a[15];
}

/**
 * dhcp6_pool_addr() - the @idx-th address of the pool
 * @cfg:  settings (dhcp6_config_check() made sure the pool does not wrap)
 * @idx:  index, < pool_size
 * @addr: out: the address
 */
void dhcp6_pool_addr(const struct dhcp6_config *cfg, uint32_t idx, uint8_t addr[16])
{
	uint32_t v = low32(cfg->pool_start) + idx;

	memcpy(addr, cfg->pool_start, 12);
	addr[12] = (uint8_t)(v >> 24);
	addr[13] = (uint8_t)(v >> 16);
	addr[14] = (uint8_t)(v >> 8);
	addr[15] = (uint8_t)v;
}

/**
 * dhcp6_on_link() - whether an address is on the pool's link (same /64)
 * @cfg:  settings
 * @addr: the address
 *
 * Return: 1 or 0.
 */
int dhcp6_on_link(const struct dhcp6_config *cfg, const uint8_t addr[16])
{
	return !memcmp(cfg->pool_start, addr, 8);
}

/** live() - whether a lease still holds its address at @now */
static int live(const struct dhcp6_lease *l, uint64_t now)
{
	return l->state != DHCP6_LEASE_FREE && l->expires > now;
}

/**
 * dhcp6_lease_find() - the live lease of (DUID, IAID), if any
 * @srv:      server
 * @duid:     client DUID
 * @duid_len: its length (<= DHCP6_DUID_MAX)
 * @iaid:     IA identity
 * @now:      clock
 *
 * Return: the lease (offered or bound), or NULL.
 */
struct dhcp6_lease *dhcp6_lease_find(struct dhcp6_server *srv, const uint8_t *duid,
				     size_t duid_len, uint32_t iaid, uint64_t now)
{
	struct dhcp6_lease *l;
	size_t i;

	for (i = 0; i < srv->n; i++) {
		l = &srv->v[i];
		if (live(l, now) && l->state != DHCP6_LEASE_DECLINED && l->iaid == iaid &&
		    l->duid_len == duid_len && !memcmp(l->duid, duid, duid_len))
			return l;
	}
	return NULL;
}

/**
 * free_index() - the lowest pool index no live lease holds
 * @srv: server
 * @now: clock
 * @idx: out: the index
 *
 * Return: 0, or -1 when the pool is exhausted.
 */
static int free_index(const struct dhcp6_server *srv, uint64_t now, uint32_t *idx)
{
	uint32_t k;
	size_t i;

	for (k = 0; k < srv->cfg.pool_size; k++) {
		for (i = 0; i < srv->n; i++)
			if (live(&srv->v[i], now) && srv->v[i].idx == k)
				break;
		if (i == srv->n) {
			*idx = k;
			return 0;
		}
	}
	return -1;
}

/**
 * slot() - a lease entry to reuse (a dead one) or a new one
 * @srv: server
 * @now: clock
 *
 * Return: the entry, or NULL when the table cannot grow.
 */
static struct dhcp6_lease *slot(struct dhcp6_server *srv, uint64_t now)
{
	size_t i;

	for (i = 0; i < srv->n; i++)
		if (!live(&srv->v[i], now))
			return &srv->v[i];
	if (PXL_VEC_GROW(srv->v, srv->cap, srv->n + 1))
		return NULL;
	return &srv->v[srv->n++];
}

/**
 * dhcp6_lease_get() - the lease of (DUID, IAID), made from a free address if it has none
 * @srv:      server
 * @duid:     client DUID
 * @duid_len: its length (<= DHCP6_DUID_MAX)
 * @iaid:     IA identity
 * @now:      clock
 *
 * A new lease is OFFERED until @now + offer_hold; the caller sets its state
 * and expiry.
 *
 * Return: the lease, or NULL (pool exhausted, or no memory).
 */
struct dhcp6_lease *dhcp6_lease_get(struct dhcp6_server *srv, const uint8_t *duid,
				    size_t duid_len, uint32_t iaid, uint64_t now)
{
	struct dhcp6_lease *l = dhcp6_lease_find(srv, duid, duid_len, iaid, now);
	uint32_t idx;

	if (l)
		return l;
	if (free_index(srv, now, &idx) || !(l = slot(srv, now)))
		return NULL;
	memset(l, 0, sizeof(*l));
	memcpy(l->duid, duid, duid_len);
	l->duid_len = duid_len;
	l->iaid = iaid;
	l->idx = idx;
	l->state = DHCP6_LEASE_OFFERED;
	l->expires = now + (uint64_t)srv->cfg.offer_hold * PXL_NS_PER_SEC;
	return l;
}
