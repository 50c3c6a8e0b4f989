/* netns.h - a private network namespace with a TAP, and running programs inside it */
#ifndef PXL_NETNS_H
#define PXL_NETNS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/** PXL_NETNS_IFNAME - the interface the servers see inside the namespace */
#define PXL_NETNS_IFNAME "tap0"

/**
 * struct pxl_netns - a namespace kept alive by its fds (no process needs to stay in it)
 * @tap_fd:  our end of the TAP (frames in and out), -1 once handed over
 * @user_fd: its user namespace, -1 when pxelab runs as root (no user namespace)
 * @net_fd:  its network namespace
 * @mnt_fd:  its mount namespace (a private tmpfs on /run)
 * @addr:    the interface's IPv4 address, host order
 * @prefix:  its prefix length
 * @mac:     the interface's hardware address
 * @addr6:   its IPv6 address (/64, no duplicate address detection), when
 *           @has_addr6
 * @has_addr6: the LAN has an IPv6 prefix
 */
struct pxl_netns {
	int tap_fd;
	int user_fd;
	int net_fd;
	int mnt_fd;
	uint32_t addr;
	unsigned prefix;
	uint8_t mac[6];
	uint8_t addr6[16];
	int has_addr6;
};

int pxl_netns_create(struct pxl_netns *ns, uint32_t addr, unsigned prefix, const uint8_t *addr6,
		     int userns, char *err, size_t errlen);
void pxl_netns_close(struct pxl_netns *ns);
int pxl_netns_spawn(const struct pxl_netns *ns, char *const argv[], char *const envp[],
		    const char *log, pid_t *pid, char *err, size_t errlen);
int pxl_netns_run(const struct pxl_netns *ns, char *const argv[], const char *log, int timeout_ms,
		  char *err, size_t errlen);
int pxl_netns_join(const struct pxl_netns *ns, int mnt, const char **step);

/**
 * struct pxl_netns_sockd - a child inside the namespace that makes sockets there on request
 * @sock: our end of the socketpair (-1: not running)
 * @pid:  the child
 */
struct pxl_netns_sockd {
	int sock;
	pid_t pid;
};

int pxl_netns_sockd_start(const struct pxl_netns *ns, struct pxl_netns_sockd *d, char *err, size_t errlen);
/** PXL_NETNS_SOCK_BATCH - sockets one request to the socket maker returns at most */
#define PXL_NETNS_SOCK_BATCH 64

int pxl_netns_send_fds(int sock, const int *fds, size_t n, int status);
int pxl_netns_sockets(struct pxl_netns_sockd *d, int type, int *fds, size_t want);
void pxl_netns_sockd_stop(struct pxl_netns_sockd *d);

#endif /* PXL_NETNS_H */
