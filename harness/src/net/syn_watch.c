/* syn_watch.c - TCP connection attempts seen on the segment, and whether anything answered them */
#include <stdlib.h>
#include <string.h>

#include "net/packet.h"
#include "net/syn_watch.h"

/**
 * struct pxl_syn_watch - the table
 * @d, @n:      destinations seen
 * @untracked:  SYNs to destinations past PXL_SYN_WATCH_MAX
 */
struct pxl_syn_watch {
	struct pxl_syn_dest d[PXL_SYN_WATCH_MAX];
	size_t n;
	uint64_t untracked;
};

/** pxl_syn_watch_new() - Return: an empty table, or NULL */
struct pxl_syn_watch *pxl_syn_watch_new(void)
{
	return calloc(1, sizeof(struct pxl_syn_watch));
}

/**
 * syn_find() - the entry of a destination
 * @w: table
 * @addr, @port: destination
 *
 * Return: the entry or NULL.
 */
static struct pxl_syn_dest *syn_find(struct pxl_syn_watch *w, uint32_t addr, uint16_t port)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->d[i].addr == addr && w->d[i].port == port)
			return &w->d[i];
	return NULL;
}

/**
 * pxl_syn_watch_frame() - look at one frame (a pxl_tap_fn body)
 * @w: table
 * @t_ns: when
 * @frame, @len: the frame (malformed ones are ignored: the segment counts them)
 */
void pxl_syn_watch_frame(struct pxl_syn_watch *w, uint64_t t_ns, const uint8_t *frame, size_t len)
{
	struct pxl_syn_dest *d;
	struct pxl_frame f;

	if (pxl_frame_decode(frame, len, &f, NULL) || !f.is_tcp)
		return;
	if ((f.tcp_flags & (PXL_TCP_SYN | PXL_TCP_ACK | PXL_TCP_RST)) == PXL_TCP_SYN) {
		d = syn_find(w, f.ip_dst, f.dport);
		if (!d && w->n == PXL_SYN_WATCH_MAX) {
			w->untracked++;
			return;
		}
		if (!d) {
			d = &w->d[w->n++];
			d->addr = f.ip_dst;
			d->port = f.dport;
			d->first_ns = t_ns;
		}
		d->syns++;
		d->last_ns = t_ns;
		return;
	}
	d = syn_find(w, f.ip_src, f.sport);
	if (!d)
		return;
	if ((f.tcp_flags & (PXL_TCP_SYN | PXL_TCP_ACK)) == (PXL_TCP_SYN | PXL_TCP_ACK))
		d->synacks++;
	else if (f.tcp_flags & PXL_TCP_RST)
		d->rsts++;
}

/**
 * pxl_syn_watch_results() - copy the destinations out
 * @w: table
 * @out: out
 * @max: capacity
 *
 * Return: entries filled.
 */
size_t pxl_syn_watch_results(const struct pxl_syn_watch *w, struct pxl_syn_dest *out, size_t max)
{
	size_t n = w->n < max ? w->n : max;

	memcpy(out, w->d, n * sizeof(*out));
	return n;
}

/** pxl_syn_watch_untracked() - Return: SYNs to destinations the table had no room for */
uint64_t pxl_syn_watch_untracked(const struct pxl_syn_watch *w)
{
	return w->untracked;
}

/**
 * pxl_syn_dest_verdict() - what became of the attempts to one destination
 * @d: destination
 *
 * Return: "connected" (a SYN-ACK came back) or "dropped" (only RSTs, or
 * no answer at all: no connection was ever made).
 */
const char *pxl_syn_dest_verdict(const struct pxl_syn_dest *d)
{
	return d->synacks ? "connected" : "dropped";
}

/** pxl_syn_watch_free() - free a table (NULL is fine) */
void pxl_syn_watch_free(struct pxl_syn_watch *w)
{
	free(w);
}
