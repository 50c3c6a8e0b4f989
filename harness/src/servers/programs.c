/* programs.c - the external servers pxelab can run: programs, packages, templates, command lines */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/scenario.h"
#include "servers/external_priv.h"
#include "engine/engine_priv.h"

/**
 * cmd_dnsmasq() - dnsmasq in the foreground, logging to stderr, not changing user or groups
 * @l: launch (configuration written)
 *
 * --no-daemon keeps dnsmasq from switching to nobody/dip, which a user
 * namespace that maps only one uid and denies setgroups() would refuse.
 * Return: 0.
 */
static int cmd_dnsmasq(struct pxl_peer_launch *l)
{
	pxl_launch_arg(l, "--no-daemon");
	pxl_launch_arg(l, "--conf-file=%s", l->conf);
	pxl_launch_arg(l, "--log-facility=-");
	pxl_launch_arg(l, "--pid-file=%s/pid", l->dir);
	pxl_launch_arg(l, "--dhcp-leasefile=%s/leases", l->dir);
	return 0;
}

/**
 * cmd_kea() - kea-dhcp4 with its pid and lock files in the private folder
 * @l: launch
 *
 * Return: 0.
 */
static int cmd_kea(struct pxl_peer_launch *l)
{
	pxl_launch_arg(l, "-c");
	pxl_launch_arg(l, "%s", l->conf);
	l->envp[0] = (char *)pxl_launch_str(l, "PATH=/usr/sbin:/usr/bin:/sbin:/bin");
	l->envp[1] = (char *)pxl_launch_str(l, "KEA_PIDFILE_DIR=%s", l->dir);
	l->envp[2] = (char *)pxl_launch_str(l, "KEA_LOCKFILE_DIR=%s", l->dir);
	l->envp[3] = NULL;
	return 0;
}

/**
 * cmd_isc() - dhcpd in the foreground on the namespace's interface
 * @l: launch
 *
 * Return: 0, or -errno when the lease file cannot be created.
 */
static int cmd_isc(struct pxl_peer_launch *l)
{
	const char *leases = pxl_launch_str(l, "%s/leases", l->dir);
	FILE *f = fopen(leases, "a");

	if (!f)
		return -errno;
	fclose(f);
	pxl_launch_arg(l, "-f");
	pxl_launch_arg(l, "-d");
	pxl_launch_arg(l, "-4");
	pxl_launch_arg(l, "-cf");
	pxl_launch_arg(l, "%s", l->conf);
	pxl_launch_arg(l, "-lf");
	pxl_launch_arg(l, "%s", leases);
	pxl_launch_arg(l, "-pf");
	pxl_launch_arg(l, "%s/pid", l->dir);
	pxl_launch_arg(l, "%s", PXL_NETNS_IFNAME);
	return 0;
}

/**
 * cmd_udhcpd() - busybox udhcpd in the foreground
 * @l: launch
 *
 * Return: 0.
 */
static int cmd_udhcpd(struct pxl_peer_launch *l)
{
	pxl_launch_arg(l, "udhcpd");
	pxl_launch_arg(l, "-f");
	pxl_launch_arg(l, "%s", l->conf);
	return 0;
}

/**
 * cmd_tftpd_hpa() - in.tftpd listening on the namespace address, chrooted to the run's TFTP root
 * @l: launch
 *
 * Return: 0.
 */
static int cmd_tftpd_hpa(struct pxl_peer_launch *l)
{
	char a[16];

	pxl_launch_arg(l, "-L");
	pxl_launch_arg(l, "-u");
	pxl_launch_arg(l, "root");
	pxl_launch_arg(l, "-a");
	pxl_launch_arg(l, "%s:69", pxl_ip_str(l->env.server, a));
	pxl_launch_arg(l, "-s");
	pxl_launch_arg(l, "%s", l->p->tftp_root);
	return 0;
}

static const struct pxl_peer_server servers[] = {
	{ "dnsmasq", "dnsmasq", "dnsmasq-base", "dnsmasq.conf.in", pxl_dhcp_dnsmasq, cmd_dnsmasq, 0, 67, 0,
	  SCN_DHCP_DNSMASQ },
	{ "kea", "kea-dhcp4", "kea-dhcp4-server", "kea-dhcp4.json.in", pxl_dhcp_kea, cmd_kea, 0, 67, 0,
	  SCN_DHCP_KEA },
	{ "isc-dhcpd", "dhcpd", "isc-dhcp-server", "dhcpd.conf.in", pxl_dhcp_isc, cmd_isc, 0, 67, 0,
	  SCN_DHCP_ISC },
	{ "udhcpd", "busybox", "busybox", "udhcpd.conf.in", pxl_dhcp_udhcpd, cmd_udhcpd, 0, 67, 0,
	  SCN_DHCP_UDHCPD },
	{ "slirp", NULL, "libslirp0", NULL, pxl_dhcp_slirp, NULL, 0, 0, 0, SCN_DHCP_SLIRP },
	{ "tftpd-hpa", "in.tftpd", "tftpd-hpa", NULL, NULL, cmd_tftpd_hpa, 0, 69, 0, SCN_DHCP_NONE },
	{ "dnsmasq-tftp", "dnsmasq", "dnsmasq-base", "dnsmasq-tftp.conf.in", NULL, cmd_dnsmasq, 0, 69, 0,
	  SCN_DHCP_NONE },
	{ "tgt", "tgtd", "tgt", NULL, NULL, NULL, 1, 3260, 1, SCN_DHCP_NONE },
};

/**
 * pxl_peer_server_find() - a server by name
 * @name: "dnsmasq", "kea", "tftpd-hpa", "tgt" ...
 *
 * Return: its entry or NULL.
 */
const struct pxl_peer_server *pxl_peer_server_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(servers) / sizeof(servers[0]); i++)
		if (!strcmp(servers[i].name, name))
			return &servers[i];
	return NULL;
}

/**
 * pxl_peer_server_dhcp() - the DHCP server of a scenario dhcp kind
 * @kind: kind
 *
 * Return: its entry (slirp included), or NULL for builtin/none.
 */
const struct pxl_peer_server *pxl_peer_server_dhcp(enum scn_dhcp_kind kind)
{
	size_t i;

	for (i = 0; i < sizeof(servers) / sizeof(servers[0]); i++)
		if (servers[i].kind == kind && kind != SCN_DHCP_NONE)
			return &servers[i];
	return NULL;
}

/**
 * pxl_peer_template_dir() - where the templates are: ./fixtures/peers, next to the pxelab binary, or in the data folder
 * @buf: out
 * @len: its size
 *
 * The data folder (scn_datadir()) is where `make install` and the Debian
 * package put them.
 * Return: 0, or -ENOENT.
 */
int pxl_peer_template_dir(char *buf, size_t len)
{
	char exe[PATH_MAX], probe[PATH_MAX + 32];
	ssize_t n;
	char *slash;

	snprintf(buf, len, "fixtures/peers");
	if (access("fixtures/peers/README.md", R_OK) == 0)
		return 0;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	snprintf(probe, sizeof(probe), "%s/fixtures/peers/README.md", exe);
	if (n <= 0 || access(probe, R_OK))
		snprintf(exe, sizeof(exe), "%s", scn_datadir());
	snprintf(probe, sizeof(probe), "%s/fixtures/peers/README.md", exe);
	if (access(probe, R_OK))
		return -ENOENT;
	snprintf(buf, len, "%s/fixtures/peers", exe);
	return 0;
}

/**
 * pxl_peer_program() - the full path of a server's program
 * @srv: server
 * @buf: out
 * @len: its size
 *
 * Return: @buf, or NULL when it is not installed.
 */
const char *pxl_peer_program(const struct pxl_peer_server *srv, char *buf, size_t len)
{
	static const char *const dirs[] = { "/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin",
					    "/usr/local/bin" };
	size_t i;

	if (!srv->program)
		return NULL;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(buf, len, "%s/%s", dirs[i], srv->program);
		if (access(buf, X_OK) == 0)
			return buf;
	}
	return NULL;
}
