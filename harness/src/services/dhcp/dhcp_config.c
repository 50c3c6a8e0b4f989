/* dhcp_config.c - DHCP server configuration: sanity checks and a deep copy the server owns */
#include "services/dhcp/dhcp_internal.h"
#include "core/addr.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DHCP_MAX_POOL 65536u

/**
 * in_subnet() - whether an address shares the server's subnet
 * @cfg:  configuration
 * @addr: address
 *
 * Return: 1 or 0.
 */
static int in_subnet(const struct dhcp_config *cfg, uint32_t addr)
{
	return (addr & cfg->netmask) == (cfg->server_addr & cfg->netmask);
}

/**
 * check_addr() - an address must be set and inside the subnet
 * @cfg:  configuration
 * @what: its name, for the diagnostic
 * @addr: the address
 *
 * Return: 0 or -EINVAL.
 */
static int check_addr(const struct dhcp_config *cfg, const char *what, uint32_t addr)
{
	char a[16], s[16], m[16];

	if (addr && in_subnet(cfg, addr))
		return 0;
	fprintf(stderr, "dhcp: %s %s is not inside subnet %s/%s\n", what, pxl_ip_str(addr, a),
		pxl_ip_str(cfg->server_addr & cfg->netmask, s), pxl_ip_str(cfg->netmask, m));
	return -EINVAL;
}

/**
 * check_pool() - the pool must be ordered, in the subnet and of sane size
 * @cfg: configuration (full mode)
 *
 * Return: 0 or -EINVAL.
 */
static int check_pool(const struct dhcp_config *cfg)
{
	char a[16], b[16];
	size_t i;

	if (check_addr(cfg, "pool start", cfg->pool_start) ||
	    check_addr(cfg, "pool end", cfg->pool_end))
		return -EINVAL;
	if (cfg->pool_start > cfg->pool_end || cfg->pool_end - cfg->pool_start >= DHCP_MAX_POOL) {
		fprintf(stderr, "dhcp: pool %s - %s is reversed or larger than %u addresses\n",
			pxl_ip_str(cfg->pool_start, a), pxl_ip_str(cfg->pool_end, b), DHCP_MAX_POOL);
		return -EINVAL;
	}
	if (cfg->gateway && check_addr(cfg, "gateway", cfg->gateway))
		return -EINVAL;
	for (i = 0; i < cfg->n_reservations; i++)
		if (check_addr(cfg, "reservation", cfg->reservations[i].addr))
			return -EINVAL;
	return 0;
}

/**
 * dhcp_config_check() - sanity-check a configuration (rules are checked on the copy)
 * @cfg: configuration
 *
 * Return: 0 or -EINVAL, with a diagnostic on stderr.
 */
int dhcp_config_check(const struct dhcp_config *cfg)
{
	uint32_t inv = ~cfg->netmask;

	if (!cfg->server_addr) {
		fprintf(stderr, "dhcp: config has no server address\n");
		return -EINVAL;
	}
	if (inv & (inv + 1)) {
		fprintf(stderr, "dhcp: netmask 0x%08x is not contiguous\n", cfg->netmask);
		return -EINVAL;
	}
	if (cfg->n_dns > DHCP_MAX_DNS || (cfg->n_reservations && !cfg->reservations) ||
	    (cfg->n_rules && !cfg->rules)) {
		fprintf(stderr, "dhcp: config has more DNS servers than %d or a missing array\n",
			DHCP_MAX_DNS);
		return -EINVAL;
	}
	if (cfg->proxy)
		return 0;
	if (!cfg->netmask) {
		fprintf(stderr, "dhcp: config has no netmask\n");
		return -EINVAL;
	}
	return check_pool(cfg);
}

/**
 * store_dup() - copy bytes into memory owned by @store
 * @store: owner
 * @p:     bytes (NULL gives NULL)
 * @len:   count
 * @err:   set to -ENOMEM on failure
 *
 * Return: the copy (NUL-terminated after @len bytes), or NULL.
 */
static void *store_dup(struct dhcp_store *store, const void *p, size_t len, int *err)
{
	char *copy;

	if (!p)
		return NULL;
	if (PXL_VEC_GROW(store->ptr, store->cap, store->n + 1))
		goto fail;
	copy = malloc(len + 1);
	if (!copy)
		goto fail;
	memcpy(copy, p, len);
	copy[len] = '\0';
	store->ptr[store->n++] = copy;
	return copy;
fail:
	*err = -ENOMEM;
	return NULL;
}

/** store_str() - copy a C string into @store (NULL gives NULL) */
static const char *store_str(struct dhcp_store *store, const char *s, int *err)
{
	return s ? store_dup(store, s, strlen(s), err) : NULL;
}

/**
 * copy_rule() - deep-copy the strings and option data of one rule in place
 * @r:     rule (a shallow copy already in the store)
 * @store: owner of the copies
 *
 * Return: 0 or -ENOMEM.
 */
static int copy_rule(struct dhcp_rule *r, struct dhcp_store *store)
{
	int err = 0;
	size_t i;

	r->name = store_str(store, r->name ? r->name : "(unnamed)", &err);
	r->file = store_str(store, r->file, &err);
	r->root_path = store_str(store, r->root_path, &err);
	r->sname = store_str(store, r->sname, &err);
	for (i = 0; i < r->n_match && i < DHCP_RULE_MAX_MATCH; i++)
		r->match[i].str = store_str(store, r->match[i].str, &err);
	for (i = 0; i < r->n_opts && i < DHCP_RULE_MAX_OPTS; i++)
		if (r->opts[i].len)
			r->opts[i].data = store_dup(store, r->opts[i].data, r->opts[i].len, &err);
	return err;
}

/**
 * dhcp_config_copy() - deep-copy a configuration and check its rules
 * @dst:   out: the copy
 * @store: owner of everything the copy points to (empty on entry)
 * @src:   the original
 *
 * Return: 0, -ENOMEM or -EINVAL (a bad rule, with a diagnostic).
 */
int dhcp_config_copy(struct dhcp_config *dst, struct dhcp_store *store,
		     const struct dhcp_config *src)
{
	struct dhcp_rule *rules;
	int err = 0;
	size_t i;

	*dst = *src;
	dst->reservations = store_dup(store, src->reservations,
				      src->n_reservations * sizeof(*src->reservations), &err);
	rules = store_dup(store, src->rules, src->n_rules * sizeof(*src->rules), &err);
	dst->rules = rules;
	if (err)
		return err;
	for (i = 0; i < src->n_rules; i++) {
		err = copy_rule(&rules[i], store);
		if (!err)
			err = dhcp_rule_check(&rules[i]);
		if (err)
			return err;
	}
	return 0;
}

/**
 * dhcp_store_free() - free everything a store owns
 * @store: the store
 */
void dhcp_store_free(struct dhcp_store *store)
{
	size_t i;

	for (i = 0; i < store->n; i++)
		free(store->ptr[i]);
	free(store->ptr);
	memset(store, 0, sizeof(*store));
}
