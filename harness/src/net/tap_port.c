/* tap_port.c - a segment port backed by a TAP fd (the other end lives in a private network namespace)
 *
 * The fd is a TAP opened with IFF_TAP | IFF_NO_PI: one read() is one
 * Ethernet frame the namespace sent, one write() delivers one frame to it.
 * The fd is made non-blocking; a frame the TAP cannot take is counted and
 * dropped, like a full NIC queue.  The port owns the fd and closes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/tap_port.h"

#define TAP_FRAME_MAX 65600
#define TAP_READ_BURST 64

/**
 * struct pxl_tap_port - one TAP on the segment
 * @loop: event loop
 * @seg: segment
 * @fd: the TAP
 * @port: our port id
 * @st: counters
 * @buf: receive buffer
 */
struct pxl_tap_port {
	struct pxl_loop *loop;
	struct pxl_segment *seg;
	int fd;
	int port;
	struct pxl_tap_stats st;
	uint8_t buf[TAP_FRAME_MAX];
};

/** tap_deliver() - the segment switches a frame to the namespace */
static void tap_deliver(void *arg, const uint8_t *frame, size_t len)
{
	struct pxl_tap_port *t = arg;

	if (write(t->fd, frame, len) == (ssize_t)len)
		t->st.tx_frames++;
	else
		t->st.tx_dropped++;
}

/**
 * tap_readable() - frames from the namespace enter the segment
 * @arg: struct pxl_tap_port
 * @fd: the TAP
 * @revents: poll events
 */
static void tap_readable(void *arg, int fd, short revents)
{
	struct pxl_tap_port *t = arg;
	int i;

	for (i = 0; i < TAP_READ_BURST; i++) {
		ssize_t n = read(fd, t->buf, sizeof(t->buf));

		if (n <= 0)
			break;
		t->st.rx_frames++;
		pxl_segment_input(t->seg, t->port, t->buf, (size_t)n);
	}
}

/**
 * pxl_tap_port_new() - plug a TAP fd into the segment
 * @loop: event loop
 * @seg: segment
 * @fd: TAP fd (IFF_TAP | IFF_NO_PI); owned by the port from here on, even on failure
 * @name: port name for logs ("netns")
 * @err: out: -errno on failure
 *
 * Return: the port, or NULL.
 */
struct pxl_tap_port *pxl_tap_port_new(struct pxl_loop *loop, struct pxl_segment *seg, int fd,
				      const char *name, int *err)
{
	struct pxl_tap_port *t;
	int fl, rc;

	if (fd < 0) {
		*err = -EBADF;
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	fl = fcntl(fd, F_GETFL);
	if (!t || fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
		*err = t ? -errno : -ENOMEM;
		free(t);
		close(fd);
		return NULL;
	}
	t->loop = loop;
	t->seg = seg;
	t->fd = fd;
	t->port = -1;
	rc = pxl_segment_add_port(seg, name, tap_deliver, t);
	if (rc > 0) {
		t->port = rc;
		rc = pxl_loop_add_fd(loop, fd, POLLIN, tap_readable, t);
	}
	if (rc < 0) {
		*err = rc;
		pxl_tap_port_free(t);
		return NULL;
	}
	return t;
}

/** pxl_tap_port_stats() - copy the counters of @t into @st */
void pxl_tap_port_stats(const struct pxl_tap_port *t, struct pxl_tap_stats *st)
{
	*st = t->st;
}

/**
 * pxl_tap_port_free() - unplug the port and close the TAP (NULL is fine)
 * @t: port
 */
void pxl_tap_port_free(struct pxl_tap_port *t)
{
	if (!t)
		return;
	pxl_loop_del_fd(t->loop, t->fd);
	if (t->port > 0)
		pxl_segment_del_port(t->seg, t->port);
	close(t->fd);
	free(t);
}
