/* programs.c - where external servers' programs and configuration templates are found */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "lang/scenario.h"
#include "servers/external_priv.h"

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
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(buf, len, "%s/%s", dirs[i], srv->program);
		if (access(buf, X_OK) == 0)
			return buf;
	}
	return NULL;
}
