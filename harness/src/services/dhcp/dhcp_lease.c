/* dhcp_lease.c - DHCP address pool, reservations and lease table with expiry */
#include "services/dhcp/dhcp_lease.h"
#include "core/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/**
 * dhcp_leases_init() - set up an empty table
 * @t:     the table
 * @start: first pool address
 * @end:   last pool address (inclusive)
 * @res:   reservations (borrowed)
 * @n_res: their number
 */
void dhcp_leases_init(struct dhcp_leases *t, uint32_t start, uint32_t end,
		      const struct dhcp_reservation *res, size_t n_res)
{
	memset(t, 0, sizeof(*t));
	t->start = start;
	t->end = end;
	t->res = res;
	t->n_res = n_res;
}

/**
 * dhcp_leases_exclude() - never hand @addr out of the pool
 * @t:    the table
 * @addr: address (0 is ignored)
 *
 * Return: 0, or -ENOSPC when DHCP_LEASE_MAX_EXCLUDE are already set.
 */
int dhcp_leases_exclude(struct dhcp_leases *t, uint32_t addr)
{
	if (!addr)
		return 0;
	if (t->n_exclude >= DHCP_LEASE_MAX_EXCLUDE)
		return -ENOSPC;
	t->exclude[t->n_exclude++] = addr;
	return 0;
}

/**
 * dhcp_leases_fini() - free the entries
 * @t: the table
 */
void dhcp_leases_fini(struct dhcp_leases *t)
{
	free(t->v);
	free(t->slot);
	free(t->mhead);
	free(t->mnext);
	t->v = NULL;
	t->slot = NULL;
	t->mhead = t->mnext = NULL;
	t->n = t->cap = t->mbuckets = 0;
}

/**
 * dhcp_lease_in_pool() - whether an address lies in the pool
 * @t:    the table
 * @addr: address
 *
 * Return: 1 or 0.
 */
int dhcp_lease_in_pool(const struct dhcp_leases *t, uint32_t addr)
{
	return t->start <= t->end && addr >= t->start && addr <= t->end;
}

/**
 * dhcp_lease_reserved() - the address reserved for a client
 * @t:   the table
 * @mac: client
 *
 * Return: the address, or 0.
 */
uint32_t dhcp_lease_reserved(const struct dhcp_leases *t, const uint8_t mac[6])
{
	size_t i;

	for (i = 0; i < t->n_res; i++)
		if (!memcmp(t->res[i].mac, mac, 6))
			return t->res[i].addr;
	return 0;
}

/**
 * reserved_for_other() - whether @addr is reserved for a client other than @mac
 * @t:    the table
 * @mac:  client
 * @addr: address
 *
 * Return: 1 or 0.
 */
static int reserved_for_other(const struct dhcp_leases *t, const uint8_t mac[6], uint32_t addr)
{
	size_t i;

	for (i = 0; i < t->n_res; i++)
		if (t->res[i].addr == addr && memcmp(t->res[i].mac, mac, 6))
			return 1;
	return 0;
}

/**
 * find_addr() - the table entry for an address
 * @t:    the table
 * @addr: address
 *
 * Return: index, or -1.
 */
static long find_addr(const struct dhcp_leases *t, uint32_t addr)
{
	size_t i;

	if (t->slot && dhcp_lease_in_pool(t, addr))
		return (long)t->slot[addr - t->start] - 1;
	for (i = 0; i < t->n; i++)
		if (t->v[i].addr == addr)
			return (long)i;
	return -1;
}

/**
 * set_slot() - record where the entry of a pool address lives
 * @t:    the table (with @slot allocated)
 * @addr: address (ignored outside the pool)
 * @idx:  index in @v plus one, or 0 for none
 */
static void set_slot(struct dhcp_leases *t, uint32_t addr, size_t idx)
{
	if (t->slot && dhcp_lease_in_pool(t, addr))
		t->slot[addr - t->start] = (uint32_t)idx;
}

/** mac_bucket() - Return: the hash bucket of @mac in @t's MAC index (FNV-1a) */
static size_t mac_bucket(const struct dhcp_leases *t, const uint8_t mac[6])
{
	uint32_t h = 2166136261u;
	int k;

	for (k = 0; k < 6; k++)
		h = (h ^ mac[k]) * 16777619u;
	return h & (t->mbuckets - 1);
}

/** mac_link() - put entry @i into its MAC's bucket */
static void mac_link(struct dhcp_leases *t, size_t i)
{
	size_t b = mac_bucket(t, t->v[i].mac);

	t->mnext[i] = t->mhead[b];
	t->mhead[b] = (uint32_t)i + 1;
}

/** mac_unlink() - take entry @i out of its MAC's bucket */
static void mac_unlink(struct dhcp_leases *t, size_t i)
{
	uint32_t *l = &t->mhead[mac_bucket(t, t->v[i].mac)];

	while (*l && *l != i + 1)
		l = &t->mnext[*l - 1];
	if (*l)
		*l = t->mnext[i];
}

/**
 * find_mac() - the table entry of a client
 * @t:   the table
 * @mac: client
 *
 * The first such entry in table order, as a walk of the table would find;
 * through the MAC index, so O(1) per message however many leases.
 * Return: index, or -1.
 */
static long find_mac(const struct dhcp_leases *t, const uint8_t mac[6])
{
	long best = -1;
	uint32_t i;

	for (i = t->mbuckets ? t->mhead[mac_bucket(t, mac)] : 0; i; i = t->mnext[i - 1])
		if (t->v[i - 1].state != DHCP_LEASE_DECLINED && !memcmp(t->v[i - 1].mac, mac, 6) &&
		    (best < 0 || (long)i - 1 < best))
			best = (long)i - 1;
	return best;
}

/**
 * holds() - whether an entry currently keeps its address from others
 * @l:   entry
 * @now: monotonic ns
 *
 * Return: 1 or 0.
 */
static int holds(const struct dhcp_lease *l, uint64_t now)
{
	return l->state != DHCP_LEASE_RELEASED && l->expires > now;
}

/**
 * dhcp_lease_of() - the client's current entry (offered or bound, unexpired)
 * @t:   the table
 * @mac: client
 * @now: monotonic ns
 *
 * Return: the entry, or NULL.
 */
const struct dhcp_lease *dhcp_lease_of(const struct dhcp_leases *t, const uint8_t mac[6],
				       uint64_t now)
{
	long i = find_mac(t, mac);

	return i >= 0 && holds(&t->v[i], now) ? &t->v[i] : NULL;
}

/**
 * dhcp_lease_usable() - whether @addr may be given to @mac now
 * @t:    the table
 * @mac:  client
 * @addr: address
 * @now:  monotonic ns
 *
 * Return: 1 or 0.
 */
int dhcp_lease_usable(const struct dhcp_leases *t, const uint8_t mac[6], uint32_t addr,
		      uint64_t now)
{
	long i;
	size_t k;

	if (!addr)
		return 0;
	i = find_addr(t, addr);
	if (i >= 0 && holds(&t->v[i], now) && memcmp(t->v[i].mac, mac, 6))
		return 0;
	if (i >= 0 && t->v[i].state == DHCP_LEASE_DECLINED && holds(&t->v[i], now))
		return 0;
	if (dhcp_lease_reserved(t, mac) == addr)
		return 1;
	if (!dhcp_lease_in_pool(t, addr) || reserved_for_other(t, mac, addr))
		return 0;
	for (k = 0; k < t->n_exclude; k++)
		if (t->exclude[k] == addr)
			return 0;
	return 1;
}

/**
 * scan_pool() - first usable pool address, optionally only never-used ones
 * @t:      the table
 * @mac:    client
 * @now:    monotonic ns
 * @unused: skip addresses that have any table entry
 *
 * Return: the address, or 0.
 */
static uint32_t scan_pool(const struct dhcp_leases *t, const uint8_t mac[6], uint64_t now,
			  int unused)
{
	uint64_t a;

	if (t->start > t->end)
		return 0;
	a = unused && t->next_unused > t->start ? t->next_unused : t->start;
	for (; a <= t->end; a++) {
		if (unused && find_addr(t, (uint32_t)a) >= 0)
			continue;
		if (dhcp_lease_usable(t, mac, (uint32_t)a, now))
			return (uint32_t)a;
	}
	return 0;
}

/**
 * dhcp_lease_choose() - pick the address to offer
 * @t:         the table
 * @mac:       client
 * @requested: address the client asked for (option 50) or 0
 * @now:       monotonic ns
 * @addr:      out: the address
 *
 * Order: the client's reservation, its current or previous address, the
 * requested address, a never-used pool address, any usable pool address;
 * the first that dhcp_lease_usable() allows.
 * Return: 0, or -ENOSPC when no address is usable (the pool is exhausted).
 */
int dhcp_lease_choose(const struct dhcp_leases *t, const uint8_t mac[6], uint32_t requested,
		      uint64_t now, uint32_t *addr)
{
	uint32_t a = dhcp_lease_reserved(t, mac);
	long i;

	if (a && dhcp_lease_usable(t, mac, a, now))
		goto found;
	i = find_mac(t, mac);
	a = i >= 0 ? t->v[i].addr : 0;
	if (a && dhcp_lease_usable(t, mac, a, now))
		goto found;
	a = requested;
	if (a && dhcp_lease_usable(t, mac, a, now))
		goto found;
	a = scan_pool(t, mac, now, 1);
	if (!a)
		a = scan_pool(t, mac, now, 0);
	if (!a)
		return -ENOSPC;
found:
	*addr = a;
	return 0;
}

/**
 * grow() - make room for one more entry, allocating the pool index first time
 * @t: the table
 *
 * Return: 0 or -ENOMEM.
 */
static int grow(struct dhcp_leases *t)
{
	uint32_t *next;
	size_t nb, i;

	if (!t->slot && t->start <= t->end) {
		t->slot = calloc((size_t)(t->end - t->start) + 1, sizeof(*t->slot));
		if (!t->slot)
			return -ENOMEM;
	}
	if (PXL_VEC_GROW(t->v, t->cap, t->n + 1))
		return -ENOMEM;
	next = realloc(t->mnext, t->cap * sizeof(*next));
	if (!next)
		return -ENOMEM;
	t->mnext = next;
	if (t->mbuckets >= 2 * t->cap)
		return 0;
	for (nb = 64; nb < 2 * t->cap; nb *= 2)
		;
	free(t->mhead);
	t->mhead = calloc(nb, sizeof(*t->mhead));
	t->mbuckets = t->mhead ? nb : 0;
	for (i = 0; t->mhead && i < t->n; i++)	/* rehash into the larger index */
		mac_link(t, i);
	return t->mhead ? 0 : -ENOMEM;
}

/**
 * note_used() - move the never-used cursor past pool addresses that now have entries
 * @t: the table
 */
static void note_used(struct dhcp_leases *t)
{
	uint64_t a = t->next_unused > t->start ? t->next_unused : t->start;

	while (t->slot && a <= t->end && t->slot[a - t->start])
		a++;
	t->next_unused = a > t->end ? t->end + (t->end < UINT32_MAX) : (uint32_t)a;
}

/**
 * put_entry() - write an entry for an address, reusing its slot or appending
 * @t: the table
 * @l: the entry
 *
 * Return: 0 or -ENOMEM.
 */
static int put_entry(struct dhcp_leases *t, const struct dhcp_lease *l)
{
	long i = find_addr(t, l->addr);

	if (i >= 0) {
		mac_unlink(t, (size_t)i);
		t->v[i] = *l;
		mac_link(t, (size_t)i);
		return 0;
	}
	if (grow(t))
		return -ENOMEM;
	t->v[t->n++] = *l;
	mac_link(t, t->n - 1);
	set_slot(t, l->addr, t->n);
	note_used(t);
	return 0;
}

/**
 * drop_entry() - remove entry @i, moving the last entry into its place
 * @t: the table
 * @i: index
 */
static void drop_entry(struct dhcp_leases *t, size_t i)
{
	set_slot(t, t->v[i].addr, 0);
	if (dhcp_lease_in_pool(t, t->v[i].addr) && t->v[i].addr < t->next_unused)
		t->next_unused = t->v[i].addr;
	mac_unlink(t, i);
	if (i + 1 < t->n)
		mac_unlink(t, t->n - 1);
	t->v[i] = t->v[--t->n];
	if (i < t->n) {
		mac_link(t, i);
		set_slot(t, t->v[i].addr, i + 1);
	}
}

/**
 * dhcp_lease_set() - record that @addr is offered to / bound to @mac
 * @t:       the table
 * @mac:     client
 * @addr:    address
 * @state:   DHCP_LEASE_OFFERED or DHCP_LEASE_BOUND
 * @expires: monotonic ns when it lapses
 *
 * Any other entry of the client is dropped.  Return: 0 or -ENOMEM.
 */
int dhcp_lease_set(struct dhcp_leases *t, const uint8_t mac[6], uint32_t addr,
		   enum dhcp_lease_state state, uint64_t expires)
{
	struct dhcp_lease l = { .addr = addr, .state = state, .expires = expires };
	long i;

	while ((i = find_mac(t, mac)) >= 0 && t->v[i].addr != addr)
		drop_entry(t, (size_t)i);
	memcpy(l.mac, mac, 6);
	return put_entry(t, &l);
}

/**
 * dhcp_lease_release() - the client gives @addr back (RELEASE, or chose another server)
 * @t:    the table
 * @mac:  client
 * @addr: address, or 0 for whatever the client holds
 *
 * Return: 1 if an entry of the client was released, else 0 (none, another
 * address, or released already).
 */
int dhcp_lease_release(struct dhcp_leases *t, const uint8_t mac[6], uint32_t addr)
{
	long i = find_mac(t, mac);

	if (i < 0 || (addr && t->v[i].addr != addr) || t->v[i].state == DHCP_LEASE_RELEASED)
		return 0;
	t->v[i].state = DHCP_LEASE_RELEASED;
	return 1;
}

/**
 * dhcp_lease_decline() - quarantine @addr (a client found it in use)
 * @t:     the table
 * @addr:  address
 * @until: monotonic ns when it may be used again
 *
 * Return: 0 or -ENOMEM.
 */
int dhcp_lease_decline(struct dhcp_leases *t, uint32_t addr, uint64_t until)
{
	struct dhcp_lease l = { .addr = addr, .state = DHCP_LEASE_DECLINED, .expires = until };

	return put_entry(t, &l);
}
