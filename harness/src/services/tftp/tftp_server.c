/* tftp_server.c - the TFTP server's public face: setup, datagram dispatch, timers, events, stats */
#include "services/tftp/tftp_xfer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/**
 * apply_defaults() - fill zero configuration fields with their defaults
 * @c: configuration copy
 */
static void apply_defaults(struct tftp_config *c)
{
	if (!c->listen_port)
		c->listen_port = TFTP_PORT;
	if (!c->max_blksize)
		c->max_blksize = tftp_blksize_for_mtu(1500);
	if (c->max_blksize < TFTP_BLKSIZE_MIN)
		c->max_blksize = TFTP_BLKSIZE_MIN;
	if (c->max_blksize > TFTP_BLKSIZE_MAX)
		c->max_blksize = TFTP_BLKSIZE_MAX;
	if (!c->default_timeout_ms)
		c->default_timeout_ms = 1000;
	if (!c->max_timeout_ms)
		c->max_timeout_ms = 8000;
	if (!c->max_retries)
		c->max_retries = 5;
	if (!c->max_windowsize)
		c->max_windowsize = 64;
	if (!c->max_transfers)
		c->max_transfers = 256;
	if (!c->max_upload_bytes)
		c->max_upload_bytes = 64ULL << 20;
}

/**
 * open_dir() - open a directory the server works in
 * @path: its path
 *
 * Return: an fd, or -1 with errno set (ENOENT, ENOTDIR, ...).
 */
static int open_dir(const char *path)
{
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/**
 * tftp_server_new() - create a TFTP server
 * @cfg:       configuration (copied; zero fields take defaults)
 * @transport: how to send datagrams and get transfer ports
 * @sink:      where events go (emit may be NULL)
 *
 * Return: the server, or NULL with errno set: EINVAL for a missing root or
 * transport operation, ENOENT/ENOTDIR/EACCES if the root or upload
 * directory cannot be opened, ENOMEM.
 */
struct tftp_server *tftp_server_new(const struct tftp_config *cfg,
				    struct pxl_udp_transport transport,
				    struct pxl_event_sink sink)
{
	struct tftp_server *srv;
	int saved;

	if (!cfg || !cfg->root || !transport.ops || !transport.ops->send ||
	    !transport.ops->open_port || !transport.ops->close_port ||
	    (cfg->allow_upload && !cfg->upload_dir)) {
		errno = EINVAL;
		return NULL;
	}
	srv = calloc(1, sizeof(*srv));
	if (!srv)
		return NULL;
	srv->cfg = *cfg;
	apply_defaults(&srv->cfg);
	srv->tp = transport;
	srv->sink = sink;
	srv->upload_fd = -1;
	srv->next_hint = PXL_NEVER;
	srv->root_fd = open_dir(cfg->root);
	if (srv->root_fd < 0)
		goto err;
	if (cfg->allow_upload) {
		srv->upload_fd = open_dir(cfg->upload_dir);
		if (srv->upload_fd < 0)
			goto err;
	}
	srv->cfg.root = NULL;
	srv->cfg.upload_dir = NULL;
	return srv;
err:
	saved = errno;
	if (srv->root_fd >= 0)
		close(srv->root_fd);
	free(srv);
	errno = saved;
	return NULL;
}

/**
 * tftp_server_free() - abandon all transfers (no events) and free the server
 * @srv: the server (may be NULL)
 */
void tftp_server_free(struct tftp_server *srv)
{
	if (!srv)
		return;
	while (srv->n_xfers)
		tftp_xfer_free(srv->xfers[srv->n_xfers - 1]);
	free(srv->xfers);
	free(srv->by_port);
	free(srv->by_peer);
	close(srv->root_fd);
	if (srv->upload_fd >= 0)
		close(srv->upload_fd);
	free(srv);
}

/**
 * tftp_server_add() - register a new transfer
 * @srv: the server
 * @x:   the transfer
 *
 * Return: 0, -EBUSY at max_transfers, or -ENOMEM.
 */
int tftp_server_add(struct tftp_server *srv, struct tftp_xfer *x)
{
	struct tftp_xfer **grown;
	unsigned int cap;

	if (srv->n_xfers >= srv->cfg.max_transfers)
		return -EBUSY;
	if (!srv->by_port && !(srv->by_port = calloc(65536, sizeof(*srv->by_port))))
		return -ENOMEM;
	if (!srv->by_peer && !(srv->by_peer = calloc(65536, sizeof(*srv->by_peer))))
		return -ENOMEM;
	if (srv->n_xfers == srv->cap_xfers) {
		cap = srv->cap_xfers ? srv->cap_xfers * 2 : 16;
		grown = realloc(srv->xfers, cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		srv->xfers = grown;
		srv->cap_xfers = cap;
	}
	x->slot = srv->n_xfers;
	srv->xfers[srv->n_xfers++] = x;
	x->port_next = srv->by_port[x->local.port];
	srv->by_port[x->local.port] = x;
	x->peer_next = srv->by_peer[x->peer.port];
	srv->by_peer[x->peer.port] = x;
	return 0;
}

/**
 * tftp_server_remove() - unregister a transfer (order is not kept)
 * @srv: the server
 * @x:   the transfer (added with tftp_server_add())
 */
void tftp_server_remove(struct tftp_server *srv, struct tftp_xfer *x)
{
	struct tftp_xfer **l;

	if (x->slot >= srv->n_xfers || srv->xfers[x->slot] != x)
		return;
	srv->xfers[x->slot] = srv->xfers[--srv->n_xfers];
	srv->xfers[x->slot]->slot = x->slot;
	for (l = &srv->by_port[x->local.port]; *l; l = &(*l)->port_next) {
		if (*l == x) {
			*l = x->port_next;
			break;
		}
	}
	for (l = &srv->by_peer[x->peer.port]; *l; l = &(*l)->peer_next) {
		if (*l == x) {
			*l = x->peer_next;
			break;
		}
	}
}

/**
 * find_xfer() - the transfer owning a local endpoint
 * @srv: the server
 * @ep:  destination of an incoming datagram
 *
 * Return: the transfer or NULL.
 */
static struct tftp_xfer *find_xfer(const struct tftp_server *srv, struct pxl_ep ep)
{
	struct tftp_xfer *x;

	for (x = srv->by_port ? srv->by_port[ep.port] : NULL; x; x = x->port_next)
		if (x->local.addr == ep.addr)
			return x;
	return NULL;
}

/**
 * tftp_emit() - report an event as service "tftp"
 * @srv: the server
 * @now: time of the event
 * @ev:  the event (its service is set here)
 */
void tftp_emit(struct tftp_server *srv, uint64_t now, struct pxl_event *ev)
{
	ev->service = "tftp";
	pxl_emit(&srv->sink, now, ev);
}

/**
 * tftp_emit_dg() - report an event about an incoming datagram's sender
 * @srv:    the server
 * @now:    time of the event
 * @kind:   event kind
 * @dg:     the datagram
 * @detail: free text
 * @value:  a number
 */
void tftp_emit_dg(struct tftp_server *srv, uint64_t now, const char *kind,
		  const struct pxl_dgram *dg, const char *detail, uint64_t value)
{
	struct pxl_event ev = { .kind = kind, .addr = dg->src.addr, .detail = detail,
				.value = value, .has_mac = dg->has_mac };

	memcpy(ev.mac, dg->mac, sizeof(ev.mac));
	tftp_emit(srv, now, &ev);
}

/**
 * tftp_send_to() - send one datagram through the transport
 * @srv:   the server
 * @local: source endpoint (a TID or the listen port)
 * @peer:  destination
 * @mac:   link-layer destination hint, or NULL
 * @buf:   payload
 * @len:   its length
 *
 * Return: 0 or the transport's -errno (counted in send_failures).
 */
int tftp_send_to(struct tftp_server *srv, struct pxl_ep local, struct pxl_ep peer,
		 const uint8_t *mac, const uint8_t *buf, size_t len)
{
	struct pxl_dgram out = { .src = local, .dst = peer, .data = buf, .len = len };
	int rc;

	if (mac) {
		memcpy(out.mac, mac, sizeof(out.mac));
		out.has_mac = 1;
	}
	rc = srv->tp.ops->send(srv->tp.ctx, &out);
	if (rc)
		srv->stats.send_failures++;
	return rc;
}

/**
 * tftp_send_error() - send an ERROR packet and report it
 * @srv:   the server
 * @now:   current time
 * @local: source endpoint
 * @peer:  destination
 * @mac:   link-layer destination hint, or NULL
 * @code:  TFTP error code
 * @msg:   message
 * @name:  file concerned, or NULL
 */
void tftp_send_error(struct tftp_server *srv, uint64_t now, struct pxl_ep local,
		     struct pxl_ep peer, const uint8_t *mac, uint16_t code, const char *msg,
		     const char *name)
{
	uint8_t buf[TFTP_CTL_MAX];
	struct pxl_event ev = { .kind = "error-sent", .addr = peer.addr, .name = name,
				.detail = msg, .value = code, .has_mac = mac != NULL };
	int len = tftp_build_error(buf, sizeof(buf), code, msg);

	if (len < 0)
		len = tftp_build_error(buf, sizeof(buf), code, NULL);
	if (len > 0)
		tftp_send_to(srv, local, peer, mac, buf, (size_t)len);
	srv->stats.errors_sent[code < 9 ? code : 0]++;
	if (mac)
		memcpy(ev.mac, mac, sizeof(ev.mac));
	tftp_emit(srv, now, &ev);
}

/**
 * tftp_drop() - count and report a discarded datagram
 * @srv:    the server
 * @now:    current time
 * @dg:     the datagram
 * @reason: why
 * @detail: more precise text, or NULL for the reason's name
 */
void tftp_drop(struct tftp_server *srv, uint64_t now, const struct pxl_dgram *dg,
	       enum tftp_drop reason, const char *detail)
{
	srv->stats.drops[reason]++;
	tftp_emit_dg(srv, now, "drop", dg, detail ? detail : tftp_drop_str(reason), 0);
}

/**
 * tftp_count_malformed() - count an unparsable datagram by parser reason
 * @srv:  the server
 * @perr: the reason
 */
void tftp_count_malformed(struct tftp_server *srv, enum tftp_perr perr)
{
	if ((unsigned int)perr < TFTP_PERR_COUNT)
		srv->stats.malformed[perr]++;
}

/**
 * drop_malformed() - count, report and discard an unparsable datagram
 * @srv: the server
 * @now: current time
 * @dg:  the datagram
 * @pkt: the failed parse
 */
static void drop_malformed(struct tftp_server *srv, uint64_t now, const struct pxl_dgram *dg,
			   const struct tftp_pkt *pkt)
{
	tftp_count_malformed(srv, pkt->perr);
	tftp_drop(srv, now, dg, TFTP_DROP_MALFORMED, tftp_perr_str(pkt->perr));
}

/**
 * listen_input() - a datagram on the listen port
 * @srv: the server
 * @dg:  the datagram
 * @pkt: its parse
 * @rc:  tftp_pkt_parse()'s result
 * @now: current time
 */
static void listen_input(struct tftp_server *srv, const struct pxl_dgram *dg,
			 const struct tftp_pkt *pkt, int rc, uint64_t now)
{
	if (pkt->opcode == TFTP_RRQ || pkt->opcode == TFTP_WRQ)
		tftp_request_input(srv, dg, pkt, rc, now);
	else if (rc)
		drop_malformed(srv, now, dg, pkt);
	else
		tftp_drop(srv, now, dg, TFTP_DROP_UNEXPECTED, "not a request on the listen port");
}

/**
 * stray_input() - a datagram on a transfer port from someone else (RFC 1350 section 4)
 * @srv: the server
 * @x:   the transfer, left undisturbed
 * @dg:  the datagram
 * @pkt: its parse
 * @rc:  tftp_pkt_parse()'s result
 * @now: current time
 *
 * Answered with error 5, unless it is an ERROR itself (errors are never
 * answered, to avoid error loops).
 */
static void stray_input(struct tftp_server *srv, struct tftp_xfer *x,
			const struct pxl_dgram *dg, const struct tftp_pkt *pkt, int rc,
			uint64_t now)
{
	tftp_drop(srv, now, dg, TFTP_DROP_STRAY_TID, NULL);
	if (!rc && pkt->opcode == TFTP_ERROR)
		return;
	tftp_send_error(srv, now, x->local, dg->src, dg->has_mac ? dg->mac : NULL, TFTP_EBADID,
			"Unknown transfer ID", NULL);
}

/**
 * tftp_server_input() - hand the server one datagram addressed to it
 * @srv: the server
 * @dg:  the datagram: to the listen port or to a transfer's port
 * @now: current time
 *
 * Return: 0 (also when the datagram was refused or dropped: see stats and
 * events), or -EINVAL for bad arguments.
 */
int tftp_server_input(struct tftp_server *srv, const struct pxl_dgram *dg, uint64_t now)
{
	struct tftp_pkt pkt;
	struct tftp_xfer *x;
	int rc;

	if (!srv || !dg || (!dg->data && dg->len))
		return -EINVAL;
	rc = tftp_pkt_parse(dg->data, dg->len, &pkt);
	if (dg->dst.port == srv->cfg.listen_port) {
		listen_input(srv, dg, &pkt, rc, now);
		return 0;
	}
	x = find_xfer(srv, dg->dst);
	if (!x)
		tftp_drop(srv, now, dg, TFTP_DROP_NO_TRANSFER, NULL);
	else if (dg->src.addr != x->peer.addr || dg->src.port != x->peer.port)
		stray_input(srv, x, dg, &pkt, rc, now);
	else if (rc)
		drop_malformed(srv, now, dg, &pkt);
	else
		tftp_xfer_peer_input(x, dg, &pkt, now);
	return 0;
}

/**
 * tftp_server_next_deadline() - when tftp_server_tick() is next needed
 * @srv: the server
 *
 * Return: a time no later than the earliest transfer deadline (exact after
 * tftp_server_tick()), or PXL_NEVER with no transfer.
 */
uint64_t tftp_server_next_deadline(const struct tftp_server *srv)
{
	return srv && srv->n_xfers ? srv->next_hint : PXL_NEVER;
}

/**
 * tftp_server_tick() - run the timers that are due
 * @srv: the server
 * @now: current time
 *
 * A timeout may end a transfer, which removes it from the table by moving
 * the last entry into its slot: that slot is then looked at again.  Then
 * the next deadline is made exact again (between ticks it may be earlier
 * than any transfer's: the timer then fires once early, nothing more).
 */
void tftp_server_tick(struct tftp_server *srv, uint64_t now)
{
	unsigned int i = 0;

	if (!srv)
		return;
	while (i < srv->n_xfers) {
		struct tftp_xfer *x = srv->xfers[i];

		if (x->deadline <= now)
			tftp_xfer_timeout(x, now);
		if (i < srv->n_xfers && srv->xfers[i] == x)
			i++;
	}
	srv->next_hint = PXL_NEVER;
	for (i = 0; i < srv->n_xfers; i++)
		if (srv->xfers[i]->deadline < srv->next_hint)
			srv->next_hint = srv->xfers[i]->deadline;
}

/**
 * tftp_server_stats() - the server's counters
 * @srv: the server
 *
 * Return: counters, valid until the server is freed.
 */
const struct tftp_stats *tftp_server_stats(const struct tftp_server *srv)
{
	return &srv->stats;
}

/**
 * tftp_server_active() - how many transfers are running
 * @srv: the server
 *
 * Return: the number of open transfers (each holds one transport port).
 */
unsigned int tftp_server_active(const struct tftp_server *srv)
{
	return srv ? srv->n_xfers : 0;
}

/**
 * tftp_drop_str() - name a drop reason
 * @reason: the reason
 *
 * Return: a static string.
 */
const char *tftp_drop_str(enum tftp_drop reason)
{
	static const char *const names[TFTP_DROP_COUNT] = {
		[TFTP_DROP_MALFORMED] = "malformed",
		[TFTP_DROP_UNEXPECTED] = "unexpected opcode",
		[TFTP_DROP_NO_TRANSFER] = "no such transfer",
		[TFTP_DROP_STRAY_TID] = "unknown transfer ID",
		[TFTP_DROP_DUP_REQUEST] = "duplicate request",
		[TFTP_DROP_STALE_ACK] = "ACK of an acknowledged block",
		[TFTP_DROP_FUTURE_ACK] = "ACK of a block not sent",
		[TFTP_DROP_STRAY_DATA] = "DATA out of sequence",
	};

	if ((unsigned int)reason >= TFTP_DROP_COUNT)
		return "unknown";
	return names[reason];
}
