/* netns.c - a private network namespace with a TAP, and running programs inside it
 *
 * pxl_netns_create() forks a helper that unshare()s a network and a mount
 * namespace (plus a user namespace when pxelab is not root: it is then
 * root inside, mapped to the caller), mounts a private tmpfs on /run (so
 * servers' pid files and control sockets stay private), creates the TAP
 * PXL_NETNS_IFNAME, gives it the address, brings it and lo up, and passes
 * back over a socketpair (SCM_RIGHTS) the TAP fd and the namespace fds.
 * The helper then exits: the fds keep the namespaces alive, and closing
 * them (pxl_netns_close()) tears everything down.  Nothing touches the
 * host network.
 *
 * Programs are started inside it by netns_spawn.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "servers/netns.h"

#define NETNS_TIMEOUT_MS 5000
#define NETNS_NFDS 4
/*
 * NETNS_TXQLEN - the TAP's queue towards pxelab, in frames (the kernel's
 * default is 1000): a storm's burst of SYNs or DHCP replies larger than
 * the queue is dropped there, and the senders' retransmission timers (1 s
 * SYN, OVMF's 4 s) then stretch every latency (field notes §2).
 */
#define NETNS_TXQLEN 10000

/**
 * helper_fail() - in the helper: send an error message instead of fds and exit
 * @sock: socket to the parent
 * @fmt: message format
 */
static void helper_fail(int sock, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

static void helper_fail(int sock, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	msg[0] = 1;
	va_start(ap, fmt);
	vsnprintf(msg + 1, sizeof(msg) - 1, fmt, ap);
	va_end(ap);
	if (send(sock, msg, strlen(msg + 1) + 1, 0) < 0)
		_exit(2);
	_exit(1);
}

/**
 * write_file() - write a short text to a /proc file
 * @path: file
 * @text: content
 *
 * Return: 0 or -errno.
 */
static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -EIO;
}

/**
 * helper_unshare() - new namespaces; in a user namespace, become root mapped to the caller
 * @sock: socket to the parent (for errors)
 * @userns: create a user namespace too
 */
static void helper_unshare(int sock, int userns)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	char map[64];

	if (unshare(CLONE_NEWNET | CLONE_NEWNS | (userns ? CLONE_NEWUSER : 0)) < 0) {
		if (userns)
			helper_fail(sock, "cannot create a user namespace: %s (user namespaces are not allowed "
				    "for uid %u here: check /proc/sys/user/max_user_namespaces and "
				    "kernel.unprivileged_userns_clone, or run as root)", strerror(errno), (unsigned)uid);
		helper_fail(sock, "cannot create a network namespace: %s (needs CAP_SYS_ADMIN)", strerror(errno));
	}
	if (!userns)
		return;
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)uid);
	if (write_file("/proc/self/uid_map", map))
		helper_fail(sock, "cannot write the user namespace's uid_map: %s", strerror(errno));
	if (write_file("/proc/self/setgroups", "deny\n") && errno != ENOENT)
		helper_fail(sock, "cannot write the user namespace's setgroups: %s", strerror(errno));
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)gid);
	if (write_file("/proc/self/gid_map", map))
		helper_fail(sock, "cannot write the user namespace's gid_map: %s", strerror(errno));
}

/**
 * helper_private_run() - mounts stay private; /run becomes an empty tmpfs
 * @sock: socket to the parent (for errors)
 */
static void helper_private_run(int sock)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		helper_fail(sock, "cannot make mounts private in the namespace: %s", strerror(errno));
	if (mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
		helper_fail(sock, "cannot mount a private /run in the namespace: %s", strerror(errno));
}

/**
 * helper_tap() - create the TAP
 * @sock: socket to the parent (for errors)
 *
 * Return: the TAP fd.
 */
static int helper_tap(int sock)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		helper_fail(sock, "cannot open /dev/net/tun: %s%s", strerror(errno),
			    errno == EACCES ? " (it must be readable and writable by this user: mode 0666)" :
			    errno == ENOENT ? " (no TUN/TAP support: modprobe tun)" : "");
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", PXL_NETNS_IFNAME);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0)
		helper_fail(sock, "cannot create the TAP %s in the namespace: %s", PXL_NETNS_IFNAME, strerror(errno));
	return fd;
}

/**
 * if_set() - one interface ioctl
 * @s: AF_INET socket
 * @req: SIOCSIFADDR, SIOCSIFFLAGS ...
 * @ifr: request (name filled)
 *
 * Return: 0 or -errno.
 */
static int if_set(int s, unsigned long req, struct ifreq *ifr)
{
	return ioctl(s, req, ifr) < 0 ? -errno : 0;
}

/**
 * if_up() - bring an interface up
 * @s: AF_INET socket
 * @name: interface
 *
 * Return: 0 or -errno.
 */
static int if_up(int s, const char *name)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return -errno;
	ifr.ifr_flags |= IFF_UP;
	return if_set(s, SIOCSIFFLAGS, &ifr);
}

/**
 * if_addr() - set an IPv4 address or netmask on an interface
 * @s: AF_INET socket
 * @req: SIOCSIFADDR or SIOCSIFNETMASK
 * @a: address, host order
 *
 * Return: 0 or -errno.
 */
static int if_addr(int s, unsigned long req, uint32_t a)
{
	struct ifreq ifr;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(a) };

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", PXL_NETNS_IFNAME);
	memcpy(&ifr.ifr_addr, &sin, sizeof(sin));
	return if_set(s, req, &ifr);
}

/**
 * struct netns_in6_ifreq - the kernel's struct in6_ifreq (linux/ipv6.h clashes with netinet/in.h)
 */
struct netns_in6_ifreq {
	struct in6_addr addr;
	uint32_t prefixlen;
	int ifindex;
};

/**
 * if_addr6() - give the TAP its IPv6 address, without duplicate address detection
 *
 * DAD would hold the address tentative for a second while clients already
 * ask for it; the namespace's own /proc/sys/net is written (a missing file
 * is no error: DAD then runs).
 * Return: 0 or -errno.
 */
static int if_addr6(const uint8_t addr6[16])
{
	static const char *const dad[] = { "/proc/sys/net/ipv6/conf/default/accept_dad",
					   "/proc/sys/net/ipv6/conf/" PXL_NETNS_IFNAME "/accept_dad" };
	struct netns_in6_ifreq r = { .prefixlen = 64 };
	int s, rc, fd;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dad); i++) {
		fd = open(dad[i], O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (write(fd, "0\n", 2) != 2) {
			/* DAD stays on: the address is only usable a second later */
		}
		close(fd);
	}
	memcpy(&r.addr, addr6, 16);
	r.ifindex = (int)if_nametoindex(PXL_NETNS_IFNAME);
	s = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -errno;
	rc = ioctl(s, SIOCSIFADDR, &r) < 0 ? -errno : 0;
	close(s);
	return rc;
}

/**
 * helper_configure() - hardware address, queue length, IPv4 (and IPv6) address, up; lo up
 * @sock: socket to the parent (for errors)
 * @ns: address, prefix and MAC to give the interface
 */
static void helper_configure(int sock, const struct pxl_netns *ns)
{
	uint32_t mask = ns->prefix ? 0xffffffffu << (32 - ns->prefix) : 0;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr;
	int rc;

	if (s < 0)
		helper_fail(sock, "cannot open a socket in the namespace: %s", strerror(errno));
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", PXL_NETNS_IFNAME);
	ifr.ifr_hwaddr.sa_family = 1; /* ARPHRD_ETHER */
	memcpy(ifr.ifr_hwaddr.sa_data, ns->mac, 6);
	rc = if_set(s, SIOCSIFHWADDR, &ifr);
	ifr.ifr_qlen = NETNS_TXQLEN;
	if (!rc)
		if_set(s, SIOCSIFTXQLEN, &ifr);	/* a shorter queue still works: not fatal */
	if (!rc)
		rc = if_addr(s, SIOCSIFADDR, ns->addr);
	if (!rc)
		rc = if_addr(s, SIOCSIFNETMASK, mask);
	if (!rc && ns->has_addr6)
		rc = if_addr6(ns->addr6);
	if (!rc)
		rc = if_up(s, PXL_NETNS_IFNAME);
	if (!rc)
		rc = if_up(s, "lo");
	if (rc)
		helper_fail(sock, "cannot configure %s in the namespace: %s", PXL_NETNS_IFNAME, strerror(-rc));
	close(s);
}

/**
 * helper_send() - pass the TAP and namespace fds to the parent
 * @sock: socket to the parent
 * @fds: tap, net, mnt, user (user may be -1: not sent)
 */
static void helper_send(int sock, const int fds[NETNS_NFDS])
{
	if (pxl_netns_send_fds(sock, fds, fds[3] >= 0 ? NETNS_NFDS : NETNS_NFDS - 1, 0) < 0)
		_exit(2);
}

/**
 * netns_helper() - the forked helper: build the namespace, send its fds, exit
 * @sock: socket to the parent
 * @ns: what to build
 * @userns: with a user namespace
 */
static void netns_helper(int sock, const struct pxl_netns *ns, int userns) __attribute__((noreturn));

static void netns_helper(int sock, const struct pxl_netns *ns, int userns)
{
	int fds[NETNS_NFDS];

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	helper_unshare(sock, userns);
	helper_private_run(sock);
	fds[0] = helper_tap(sock);
	helper_configure(sock, ns);
	fds[1] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	fds[2] = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	fds[3] = userns ? open("/proc/self/ns/user", O_RDONLY | O_CLOEXEC) : -1;
	if (fds[1] < 0 || fds[2] < 0 || (userns && fds[3] < 0))
		helper_fail(sock, "cannot open the namespace files in /proc/self/ns: %s", strerror(errno));
	helper_send(sock, fds);
	_exit(0);
}

/**
 * netns_receive() - wait for the helper's answer: fds, or an error message
 * @sock: our end
 * @ns: out: fds
 * @err, @errlen: message buffer
 *
 * Return: 0 or -1.
 */
static int netns_receive(int sock, struct pxl_netns *ns, char *err, size_t errlen)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * NETNS_NFDS)];
		struct cmsghdr align;
	} u;
	char msg[512];
	struct iovec iov = { .iov_base = msg, .iov_len = sizeof(msg) - 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			     .msg_controllen = sizeof(u.buf) };
	struct pollfd p = { .fd = sock, .events = POLLIN };
	struct cmsghdr *c;
	int fds[NETNS_NFDS] = { -1, -1, -1, -1 };
	ssize_t n;

	if (poll(&p, 1, NETNS_TIMEOUT_MS) <= 0) {
		return pxl_err(err, errlen, "the namespace helper did not answer within %d ms", NETNS_TIMEOUT_MS);
	}
	n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	if (n <= 0) {
		return pxl_err(err, errlen, "the namespace helper died before answering");
	}
	msg[n] = '\0';
	c = CMSG_FIRSTHDR(&mh);
	if (c && c->cmsg_type == SCM_RIGHTS)
		memcpy(fds, CMSG_DATA(c), c->cmsg_len - CMSG_LEN(0));
	if (msg[0] || fds[0] < 0 || fds[1] < 0 || fds[2] < 0) {
		snprintf(err, errlen, "%s", msg[0] ? msg + 1 : "the namespace helper sent no fds");
		for (n = 0; n < NETNS_NFDS; n++)
			if (fds[n] >= 0)
				close(fds[n]);
		return -1;
	}
	ns->tap_fd = fds[0];
	ns->net_fd = fds[1];
	ns->mnt_fd = fds[2];
	ns->user_fd = fds[3];
	return 0;
}

/**
 * pxl_netns_create() - a private user (unless root) + network + mount namespace with a TAP
 * @ns: out (pxl_netns_close() it, also after a failure)
 * @addr: the TAP interface's IPv4 address, host order
 * @prefix: its prefix length
 * @addr6: its IPv6 address (a /64), or NULL
 * @userns: use a user namespace even when running as root
 * @err, @errlen: message buffer
 *
 * Return: 0, or -1 with a message.
 */
int pxl_netns_create(struct pxl_netns *ns, uint32_t addr, unsigned prefix, const uint8_t *addr6,
		     int userns, char *err, size_t errlen)
{
	static const uint8_t mac[6] = { 0x02, 0x50, 0x58, 0x4c, 0x00, 0x00 };
	int sv[2], status, rc;
	pid_t pid;

	memset(ns, 0, sizeof(*ns));
	ns->tap_fd = ns->user_fd = ns->net_fd = ns->mnt_fd = -1;
	ns->addr = addr;
	ns->prefix = prefix;
	if (addr6) {
		memcpy(ns->addr6, addr6, 16);
		ns->has_addr6 = 1;
	}
	memcpy(ns->mac, mac, 6);
	ns->mac[5] = (uint8_t)addr;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		return pxl_err(err, errlen, "socketpair: %s", strerror(errno));
	}
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		netns_helper(sv[1], ns, userns || geteuid() != 0);
	}
	close(sv[1]);
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(sv[0]);
		return -1;
	}
	rc = netns_receive(sv[0], ns, err, errlen);
	close(sv[0]);
	if (rc)
		kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return rc;
}

/**
 * pxl_netns_close() - close every fd: the namespace and its TAP go away (safe twice)
 * @ns: namespace
 */
void pxl_netns_close(struct pxl_netns *ns)
{
	int *fds[] = { &ns->tap_fd, &ns->user_fd, &ns->net_fd, &ns->mnt_fd };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fds); i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
}
