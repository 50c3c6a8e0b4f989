/* dhcp_history.c - per-client boot history: how many times each MAC was acknowledged with each file */
#include "services/dhcp/dhcp_policy.h"
#include "core/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/**
 * dhcp_history_init() - an empty history
 * @h: history
 */
void dhcp_history_init(struct dhcp_history *h)
{
	memset(h, 0, sizeof(*h));
}

/**
 * dhcp_history_fini() - free the history
 * @h: history
 */
void dhcp_history_fini(struct dhcp_history *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->v[i].file);
	free(h->v);
	dhcp_history_init(h);
}

/**
 * dhcp_history_count() - times @mac was given @file
 * @h:    history
 * @mac:  client
 * @file: file name, or NULL for the total over all files
 *
 * Return: the count.
 */
uint32_t dhcp_history_count(const struct dhcp_history *h, const uint8_t mac[6],
			    const char *file)
{
	uint32_t total = 0;
	size_t i;

	for (i = 0; i < h->n; i++)
		if (!memcmp(h->v[i].mac, mac, 6) && (!file || !strcmp(h->v[i].file, file)))
			total += h->v[i].count;
	return total;
}

/**
 * dhcp_history_add() - count one more acknowledgement of @file to @mac
 * @h:    history
 * @mac:  client
 * @file: file name (copied)
 *
 * Return: 0, -EINVAL for a NULL or empty name, or -ENOMEM.
 */
int dhcp_history_add(struct dhcp_history *h, const uint8_t mac[6], const char *file)
{
	size_t i;
	char *copy;

	if (!file || !file[0])
		return -EINVAL;
	for (i = 0; i < h->n; i++) {
		if (!memcmp(h->v[i].mac, mac, 6) && !strcmp(h->v[i].file, file)) {
			h->v[i].count++;
			return 0;
		}
	}
	if (PXL_VEC_GROW(h->v, h->cap, h->n + 1))
		return -ENOMEM;
	copy = strdup(file);
	if (!copy)
		return -ENOMEM;
	memcpy(h->v[h->n].mac, mac, 6);
	h->v[h->n].file = copy;
	h->v[h->n].count = 1;
	h->n++;
	return 0;
}
