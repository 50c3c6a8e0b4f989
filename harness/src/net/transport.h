/* transport.h - the narrow interface between protocol services and their transport
 *
 * A protocol service (DHCP, TFTP, iSCSI) knows nothing of QEMU, the segment
 * or sockets.  It receives datagrams or bytes, a clock reading, and talks
 * back through a small operations table supplied by whoever hosts it: the
 * in-process segment (UDP service table, libslirp unix forward) or a host
 * socket (`pxelab serve`).  What it did is reported as events.
 *
 * Conventions for every service:
 *  - addresses and ports are in host byte order;
 *  - times are monotonic nanoseconds (uint64_t), PXL_NEVER when none;
 *  - functions return 0 or a negative errno.
 */
#ifndef PXL_SERVICE_H
#define PXL_SERVICE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/** PXL_NEVER - deadline meaning "no timer wanted" */
#define PXL_NEVER UINT64_MAX

/** PXL_NS_PER_MS - nanoseconds in a millisecond */
#define PXL_NS_PER_MS 1000000ULL
/** PXL_NS_PER_SEC - nanoseconds in a second */
#define PXL_NS_PER_SEC 1000000000ULL

/**
 * struct pxl_ep - an IPv4 transport endpoint
 * @addr: IPv4 address, host byte order
 * @port: UDP or TCP port, host byte order
 */
struct pxl_ep {
	uint32_t addr;
	uint16_t port;
};

/**
 * struct pxl_dgram - one UDP datagram, in or out of a service
 * @src:         source endpoint
 * @dst:         destination endpoint (255.255.255.255 for broadcast)
 * @data:        payload
 * @len:         payload length
 * @mac:         on input: link-layer source if known; on output: link-layer
 *               destination hint (DHCP unicast to a client with no address)
 * @has_mac:     whether @mac is meaningful
 */
struct pxl_dgram {
	struct pxl_ep src;
	struct pxl_ep dst;
	const uint8_t *data;
	size_t len;
	uint8_t mac[6];
	int has_mac;
};

/**
 * struct pxl_udp_ops - what a datagram service may ask of its transport
 * @send:       send one datagram; returns 0 or -errno
 * @open_port:  reserve a port on @addr for a new transfer (TFTP TID);
 *              *@port is 0 for "any"; on success *@port holds the port
 *              and datagrams to it reach the service's input; 0 or -errno
 * @close_port: release a port obtained from @open_port
 */
struct pxl_udp_ops {
	int (*send)(void *ctx, const struct pxl_dgram *dg);
	int (*open_port)(void *ctx, uint32_t addr, uint16_t *port);
	void (*close_port)(void *ctx, uint32_t addr, uint16_t port);
};

/**
 * struct pxl_udp_transport - a datagram transport: operations and their context
 * @ops: operations table
 * @ctx: first argument of every operation
 */
struct pxl_udp_transport {
	const struct pxl_udp_ops *ops;
	void *ctx;
};

/**
 * struct pxl_stream_ops - what a byte-stream service (one connection) may ask
 * @write: queue bytes to the peer; returns 0 or -errno (never short)
 * @close: close the connection after queued bytes are flushed
 * @queued: bytes written but not yet handed to the peer (may be NULL: the
 *          transport never holds bytes back); a service that sends large
 *          bodies writes while this is small and waits for its host to say
 *          the output drained
 * @writev: as @write for the pieces in order, gathered (may be NULL: the
 *          service joins them and calls @write); a host socket sends them
 *          in one call from the caller's memory when nothing is queued
 */
struct pxl_stream_ops {
	int (*write)(void *ctx, const void *buf, size_t len);
	void (*close)(void *ctx);
	size_t (*queued)(void *ctx);
	int (*writev)(void *ctx, const struct iovec *iov, size_t n);
};

/**
 * struct pxl_stream - a byte-stream transport: operations and their context
 */
struct pxl_stream {
	const struct pxl_stream_ops *ops;
	void *ctx;
};

/**
 * struct pxl_event - something a service did, for logs and expectations
 * @service: "dhcp", "proxydhcp", "tftp", "iscsi"
 * @kind:    what happened: "offer", "ack", "nak", "drop", "transfer-start",
 *           "transfer-complete", "transfer-abort", "login", "read", ...
 * @mac:     client hardware address, if @has_mac
 * @has_mac: whether @mac is meaningful
 * @addr:    client IPv4 address (host order) or 0
 * @name:    file name, root path, target name ... or NULL
 * @detail:  free text: matched rule, options agreed, reason ... or NULL
 * @value:   a number: bytes, status, LBA ... (0 if none)
 *
 * Strings are only valid during the callback.
 */
struct pxl_event {
	const char *service;
	const char *kind;
	uint8_t mac[6];
	int has_mac;
	uint32_t addr;
	const char *name;
	const char *detail;
	uint64_t value;
};

/**
 * struct pxl_event_sink - where a service reports events
 * @emit: called for each event with the time it happened
 * @ctx:  first argument of @emit
 *
 * A sink with a NULL @emit discards events.
 */
struct pxl_event_sink {
	void (*emit)(void *ctx, uint64_t now, const struct pxl_event *ev);
	void *ctx;
};

/**
 * pxl_emit() - report an event to a sink, if it has a callback
 * @sink: the sink (may be NULL)
 * @now:  time of the event
 * @ev:   the event
 */
static inline void pxl_emit(const struct pxl_event_sink *sink, uint64_t now,
			    const struct pxl_event *ev)
{
	if (sink && sink->emit)
		sink->emit(sink->ctx, now, ev);
}

#endif /* PXL_SERVICE_H */
