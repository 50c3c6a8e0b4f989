/* netns_stats.c - the external servers' namespace counters: UDP datagrams its sockets dropped
 *
 * A storm's bursts can overflow a server's socket receive buffer (dnsmasq
 * blocked in its ping check, Kea or tftpd-hpa busy): the kernel then drops
 * the datagram and counts it in the namespace's Udp RcvbufErrors, which
 * /proc/PID/net/snmp of any process in the namespace shows.
 */
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "servers/servers_priv.h"
#include "servers/external_priv.h"

/**
 * snmp_column() - the value of column @name in /proc/.../net/snmp's "Udp:" rows
 * @f: the open file
 * @name: column ("RcvbufErrors")
 * @val: out
 *
 * Return: 0, or -1 when there is no such row or column.
 */
static int snmp_column(FILE *f, const char *name, unsigned long *val)
{
	char head[1024], row[1024], *hs = NULL, *rs = NULL, *h, *r;

	while (fgets(head, sizeof(head), f)) {
		if (strncmp(head, "Udp: ", 5) || !fgets(row, sizeof(row), f) || strncmp(row, "Udp: ", 5))
			continue;
		h = strtok_r(head + 5, " \n", &hs);
		r = strtok_r(row + 5, " \n", &rs);
		for (; h && r; h = strtok_r(NULL, " \n", &hs), r = strtok_r(NULL, " \n", &rs))
			if (!strcmp(h, name))
				return sscanf(r, "%lu", val) == 1 ? 0 : -1;
		return -1;
	}
	return -1;
}

/**
 * pxl_servers_udp_drops() - UDP datagrams the external servers' namespace dropped, receive buffers full
 * @run: the run's servers (NULL: none)
 * @drops: out
 *
 * Return: 0, or -1 when no external server runs (or its counters cannot be read).
 */
int pxl_servers_udp_drops(const struct pxl_servers *run, unsigned long *drops)
{
	const struct pxl_peers *p = run ? run->peers : NULL;
	char path[64];
	size_t i;
	FILE *f;
	int rc;

	for (i = 0; p && i < p->nprocs && p->procs[i].pid <= 0; i++)
		;
	if (!p || i == p->nprocs)
		return -1;
	snprintf(path, sizeof(path), "/proc/%ld/net/snmp", (long)p->procs[i].pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	rc = snmp_column(f, "RcvbufErrors", drops);
	fclose(f);
	return rc;
}
