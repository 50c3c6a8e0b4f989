/* qmp.c - a minimal synchronous QMP client: connect, command, wait for the reply
 *
 * Used only at the edges of a run (screendump on failure, quit), with short
 * timeouts, so blocking briefly here does not starve the event loop.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "core/loop.h"
#include "qemu/qmp.h"

/**
 * qmp_read_until() - read lines until one contains "return" or "error"
 * @fd: QMP socket
 * @buf: storage for the matching line
 * @len: its size
 * @timeout_ms: overall budget
 *
 * Events and the greeting are skipped.  Return: 0, -ETIMEDOUT, -EIO, or
 * -EPROTO when the reply is an error.
 */
static int qmp_read_until(int fd, char *buf, size_t len, int timeout_ms)
{
	uint64_t end = pxl_now_ns() + (uint64_t)timeout_ms * 1000000ULL;
	size_t used = 0;

	while (pxl_now_ns() < end) {
		struct pollfd p = { fd, POLLIN, 0 };
		char *nl;
		ssize_t n;

		if (poll(&p, 1, 50) <= 0)
			continue;
		n = read(fd, buf + used, len - 1 - used);
		if (n <= 0)
			return -EIO;
		used += (size_t)n;
		buf[used] = '\0';
		while ((nl = strchr(buf, '\n'))) {
			*nl = '\0';
			if (strstr(buf, "\"return\""))
				return 0;
			if (strstr(buf, "\"error\""))
				return -EPROTO;
			used -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, used + 1);
		}
		if (used >= len - 1)
			used = 0;
	}
	return -ETIMEDOUT;
}

/**
 * pxl_qmp_connect() - connect to QEMU's QMP socket and negotiate capabilities
 * @path: unix socket path
 * @timeout_ms: how long to keep trying (QEMU may still be creating it)
 *
 * Return: the connected fd, or -errno.
 */
int pxl_qmp_connect(const char *path, int timeout_ms)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	uint64_t end = pxl_now_ns() + (uint64_t)timeout_ms * 1000000ULL;
	char reply[4096];
	int fd, rc;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	for (;;) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0)
			break;
		rc = -errno;
		close(fd);
		if (pxl_now_ns() >= end)
			return rc;
		usleep(20000);
	}
	rc = pxl_qmp_command(fd, "{\"execute\":\"qmp_capabilities\"}", reply, sizeof(reply), timeout_ms);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

/**
 * pxl_qmp_command() - send one command and wait for its reply
 * @fd: connected QMP socket
 * @json: the command object
 * @reply: out: the reply line
 * @len: its size
 * @timeout_ms: budget
 *
 * Return: 0, -EPROTO (QMP error reply), -ETIMEDOUT or -EIO.
 */
int pxl_qmp_command(int fd, const char *json, char *reply, size_t len, int timeout_ms)
{
	size_t n = strlen(json);

	if (write(fd, json, n) != (ssize_t)n || write(fd, "\n", 1) != 1)
		return -EIO;
	return qmp_read_until(fd, reply, len, timeout_ms);
}
