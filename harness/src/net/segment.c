/* segment.c - the in-process Ethernet switch: ports, taps, UDP services, pcap
 *
 * Every frame enters through pxl_segment_input() exactly once: it is
 * counted, timestamped, written to the pcap and shown to every tap; then a
 * UDP datagram addressed to a registered service is handed to it (libslirp
 * never sees it), an ARP request for an address the segment owns is
 * answered, and everything else is switched by learned MAC addresses.
 * A port may carry link faults (fault.h): its tx fault sits between
 * pxl_segment_input() and the switch, its rx fault between the switch and
 * the port's device; frames that wait leave from the loop's timers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/loop.h"
#include "core/util.h"
#include "net/fault.h"
#include "net/pcap_write.h"
#include "net/segment.h"

#define SEG_MAX_TAPS 8
#define SEG_MAX_OWNED 16
#define SEG_MAX_UDP PXL_SEGMENT_MAX_UDP
/* the learned MAC table: a power of two, hashed; a storm's 5,000 clients and
 * the namespaces' TAPs all fit (with 64 entries, slot 0 overwritten, unicast to
 * a forgotten MAC was flooded, and libslirp answered TCP flooded to it for an
 * external server's address with RSTs: docs/storm.md) */
#define SEG_MAX_MACS 16384
#define SEG_MAX_NEIGH 64
#define SEG_FRAME_MAX 65600
#define SEG_EPHEMERAL_LO 49152
#define SEG_EPHEMERAL_HI 65535
#define SEG_MAX_FAULTS (2 * PXL_SEGMENT_MAX_PORTS)

/**
 * struct seg_port - a switch port: a name and where its frames go
 * @fault: link faults on frames delivered to it ([PXL_SEG_RX]) and sent by it ([PXL_SEG_TX])
 * @seg, @id: back references for the faults' output
 */
struct seg_port {
	char name[32];
	pxl_port_deliver_fn deliver;
	void *arg;
	int used;
	struct pxl_fault *fault[2];
	struct pxl_segment *seg;
	int id;
};

/** struct seg_fault - a fault the segment created (kept after its port goes, for reports) */
struct seg_fault {
	struct pxl_fault *f;
	char port[32];
	int dir;
};

/** struct seg_tap - an observer of every frame */
struct seg_tap {
	pxl_tap_fn fn;
	void *arg;
};

/** struct seg_owned - an IPv4 address the services send from */
struct seg_owned {
	uint32_t addr;
	uint8_t mac[PXL_ETH_ALEN];
	int answer_arp;
};

/**
 * struct seg_udp_client - one attached service: its input and transport context
 * @seg: the segment
 * @input, @arg: where its datagrams go
 */
struct seg_udp_client {
	struct pxl_segment *seg;
	pxl_udp_input_fn input;
	void *arg;
};

/**
 * struct seg_udp_route - (address, port) -> service
 * @addr, @port: where datagrams go (@addr 0: any of the segment's addresses)
 * @client: the service
 * @next: index + 1 of the next route on the same port (0: none)
 */
struct seg_udp_route {
	uint32_t addr;
	uint16_t port;
	struct seg_udp_client *client;
	int next;
};

/** struct seg_mac - a learned MAC -> port entry (@used: the slot holds one) */
struct seg_mac {
	uint8_t mac[PXL_ETH_ALEN];
	uint8_t used;
	int port;
};

/** struct seg_neigh - a learned IPv4 -> MAC entry (for service replies) */
struct seg_neigh {
	uint32_t addr;
	uint8_t mac[PXL_ETH_ALEN];
};

/**
 * struct pxl_segment - the switch
 * @ports: ports; index PXL_PORT_SERVICES is the services pseudo-port
 * @taps: observers
 * @owned: addresses the services use
 * @routes: UDP service table
 * @by_port: per UDP port, index + 1 of its first route (0: none): lookups
 *           stay O(1) with thousands of transfer ports open
 * @clients: attached services (owned here, freed with the segment)
 * @macs: learned MACs, hashed (@nmacs in use; when full, new MACs are flooded to)
 * @neigh: learned neighbours (small, replaced round-robin)
 * @pcap: capture file or NULL
 * @wall_offset: wall clock minus monotonic clock, for pcap timestamps
 * @ip_id: IPv4 identification for service frames
 * @next_ephemeral: next transfer port to try
 * @stats: counters
 * @loop: event loop for delayed frames (pxl_segment_set_loop()), or NULL
 * @faults, @nfaults: every fault created, attached or retired
 * @ip6: the IPv6 hook (all NULL: none)
 * @out: scratch buffer for built frames
 */
struct pxl_segment {
	struct seg_port ports[PXL_SEGMENT_MAX_PORTS];
	struct seg_tap taps[SEG_MAX_TAPS];
	int ntaps;
	struct seg_owned owned[SEG_MAX_OWNED];
	int nowned;
	struct seg_udp_route routes[SEG_MAX_UDP];
	int nroutes;
	int by_port[65536];
	struct seg_udp_client *clients[32];
	int nclients;
	struct seg_mac macs[SEG_MAX_MACS];
	int nmacs;
	struct seg_neigh neigh[SEG_MAX_NEIGH];
	int nneigh;
	struct pxl_pcap *pcap;
	int64_t wall_offset;
	uint16_t ip_id;
	uint16_t next_ephemeral;
	struct pxl_segment_stats stats;
	struct pxl_loop *loop;
	struct seg_fault faults[SEG_MAX_FAULTS];
	int nfaults;
	struct pxl_seg_ip6 ip6;
	uint8_t out[SEG_FRAME_MAX];
};

static const uint8_t seg_broadcast[PXL_ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/**
 * pxl_segment_mac_for() - the MAC pxelab uses for one of its addresses
 * @addr: IPv4 address, host order
 * @mac: out: 52:55:a.b.c.d, the scheme libslirp uses for its own addresses
 */
void pxl_segment_mac_for(uint32_t addr, uint8_t mac[PXL_ETH_ALEN])
{
	mac[0] = 0x52;
	mac[1] = 0x55;
	mac[2] = (uint8_t)(addr >> 24);
	mac[3] = (uint8_t)(addr >> 16);
	mac[4] = (uint8_t)(addr >> 8);
	mac[5] = (uint8_t)addr;
}

/**
 * pxl_segment_new() - create a switch with only the services pseudo-port
 *
 * Return: the segment or NULL.
 */
struct pxl_segment *pxl_segment_new(void)
{
	struct pxl_segment *seg = calloc(1, sizeof(*seg));
	struct timespec wall, mono;

	if (!seg)
		return NULL;
	clock_gettime(CLOCK_REALTIME, &wall);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	seg->wall_offset = ((int64_t)wall.tv_sec - (int64_t)mono.tv_sec) * 1000000000LL +
			   ((int64_t)wall.tv_nsec - (int64_t)mono.tv_nsec);
	strcpy(seg->ports[PXL_PORT_SERVICES].name, "services");
	seg->ports[PXL_PORT_SERVICES].used = 1;
	seg->next_ephemeral = SEG_EPHEMERAL_LO;
	seg->ip_id = 1;
	return seg;
}

/** pxl_segment_free() - close the pcap and free the segment (may be NULL) */
void pxl_segment_free(struct pxl_segment *seg)
{
	int i;

	if (!seg)
		return;
	pxl_pcap_close(seg->pcap);
	for (i = 0; i < seg->nclients; i++)
		free(seg->clients[i]);
	for (i = 0; i < seg->nfaults; i++)
		pxl_fault_free(seg->faults[i].f);
	free(seg);
}

/**
 * pxl_segment_open_pcap() - write every frame to a new pcap file
 * @seg: segment
 * @path: file to create
 * @snaplen: bytes kept of each frame (0: whole frames)
 *
 * Return: 0 or -errno.
 */
int pxl_segment_open_pcap(struct pxl_segment *seg, const char *path, uint32_t snaplen)
{
	int err = 0;

	pxl_pcap_close(seg->pcap);
	seg->pcap = pxl_pcap_open(path, snaplen, &err);
	return seg->pcap ? 0 : err;
}

/** pxl_segment_flush() - flush the pcap; Return: 0 or -errno */
int pxl_segment_flush(struct pxl_segment *seg)
{
	return seg->pcap ? pxl_pcap_flush(seg->pcap) : 0;
}

/**
 * pxl_segment_add_port() - plug a device into the switch
 * @seg: segment
 * @name: short name for logs ("pc1", "slirp", "tap")
 * @deliver: called with every frame switched to this port
 * @arg: its argument
 *
 * Return: the port id (> 0), or -ENOSPC.
 */
int pxl_segment_add_port(struct pxl_segment *seg, const char *name, pxl_port_deliver_fn deliver, void *arg)
{
	int i;

	for (i = 1; i < PXL_SEGMENT_MAX_PORTS; i++) {
		struct seg_port *p = &seg->ports[i];

		if (p->used)
			continue;
		p->used = 1;
		p->deliver = deliver;
		p->arg = arg;
		p->seg = seg;
		p->id = i;
		snprintf(p->name, sizeof(p->name), "%s", name);
		return i;
	}
	return -ENOSPC;
}

/**
 * pxl_segment_del_port() - unplug a port: nothing is delivered to it any more
 * @seg: segment
 * @port: port id from pxl_segment_add_port()
 */
void pxl_segment_del_port(struct pxl_segment *seg, int port)
{
	int i;

	if (port <= 0 || port >= PXL_SEGMENT_MAX_PORTS)
		return;
	pxl_fault_reset(seg->ports[port].fault[PXL_SEG_RX]);
	pxl_fault_reset(seg->ports[port].fault[PXL_SEG_TX]);
	memset(&seg->ports[port], 0, sizeof(seg->ports[port]));
	for (i = 0; i < SEG_MAX_MACS; i++)
		if (seg->macs[i].used && seg->macs[i].port == port)
			seg->macs[i].port = -1;
}

/** pxl_segment_port_name() - Return: the name of @port, or "?" */
const char *pxl_segment_port_name(const struct pxl_segment *seg, int port)
{
	if (port < 0 || port >= PXL_SEGMENT_MAX_PORTS || !seg->ports[port].used)
		return "?";
	return seg->ports[port].name;
}

/**
 * pxl_segment_add_tap() - observe every frame that enters the switch
 * @seg: segment
 * @tap: observer
 * @arg: its argument
 *
 * Return: 0 or -ENOSPC.
 */
int pxl_segment_add_tap(struct pxl_segment *seg, pxl_tap_fn tap, void *arg)
{
	if (seg->ntaps >= SEG_MAX_TAPS)
		return -ENOSPC;
	seg->taps[seg->ntaps].fn = tap;
	seg->taps[seg->ntaps].arg = arg;
	seg->ntaps++;
	return 0;
}

/**
 * pxl_segment_del_tap() - stop observing (an observer freed before the segment)
 * @seg: segment
 * @tap: observer given to pxl_segment_add_tap()
 * @arg: its argument
 */
void pxl_segment_del_tap(struct pxl_segment *seg, pxl_tap_fn tap, void *arg)
{
	int i;

	for (i = 0; i < seg->ntaps; i++) {
		if (seg->taps[i].fn != tap || seg->taps[i].arg != arg)
			continue;
		memmove(&seg->taps[i], &seg->taps[i + 1], (size_t)(seg->ntaps - i - 1) * sizeof(seg->taps[0]));
		seg->ntaps--;
		return;
	}
}

/**
 * pxl_segment_own_address() - declare an address pxelab's services send from
 * @seg: segment
 * @addr: IPv4 address, host order
 * @mac: its MAC address
 * @answer_arp: answer ARP for it (false when libslirp owns the address)
 *
 * Return: 0 or -ENOSPC.
 */
int pxl_segment_own_address(struct pxl_segment *seg, uint32_t addr, const uint8_t mac[PXL_ETH_ALEN], int answer_arp)
{
	struct seg_owned *o;

	if (seg->nowned >= SEG_MAX_OWNED)
		return -ENOSPC;
	o = &seg->owned[seg->nowned++];
	o->addr = addr;
	memcpy(o->mac, mac, PXL_ETH_ALEN);
	o->answer_arp = answer_arp;
	return 0;
}

/**
 * seg_owned_find() - Return: the owned entry for @addr, or NULL
 */
static const struct seg_owned *seg_owned_find(const struct pxl_segment *seg, uint32_t addr)
{
	int i;

	for (i = 0; i < seg->nowned; i++)
		if (seg->owned[i].addr == addr)
			return &seg->owned[i];
	return NULL;
}

/**
 * seg_count_malformed() - count a malformed frame under its reason
 * @seg: segment
 * @why: static reason text
 */
static void seg_count_malformed(struct pxl_segment *seg, const char *why)
{
	struct pxl_segment_stats *st = &seg->stats;
	int i;

	st->malformed++;
	for (i = 0; i < st->nreasons; i++) {
		if (st->reasons[i] == why || !strcmp(st->reasons[i], why)) {
			st->counts[i]++;
			return;
		}
	}
	if (st->nreasons < 16) {
		st->reasons[st->nreasons] = why;
		st->counts[st->nreasons++] = 1;
	}
}

/**
 * seg_mac_slot() - the slot of @mac in the learned table: its own, or the free one it would take
 * @seg: segment
 * @mac: address
 *
 * Return: the slot index, or -1 when the table is full and @mac is not in it.
 */
static int seg_mac_slot(const struct pxl_segment *seg, const uint8_t *mac)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	unsigned i;

	for (i = 0; i < PXL_ETH_ALEN; i++)
		h = (h ^ mac[i]) * 16777619u;
	for (i = 0; i < SEG_MAX_MACS; i++) {
		unsigned k = (h + i) & (SEG_MAX_MACS - 1);

		if (!seg->macs[k].used || !memcmp(seg->macs[k].mac, mac, PXL_ETH_ALEN))
			return (int)k;
	}
	return -1;
}

/**
 * seg_learn() - learn the source MAC's port and the source IPv4's MAC
 * @seg: segment
 * @port: ingress port
 * @f: decoded frame
 */
static void seg_learn(struct pxl_segment *seg, int port, const struct pxl_frame *f)
{
	int i;
	uint32_t ip = f->is_ipv4 ? f->ip_src : f->is_arp ? f->arp_spa : 0;

	if (f->src_mac[0] & 1)
		return;
	i = seg_mac_slot(seg, f->src_mac);
	if (i >= 0 && !seg->macs[i].used) {
		seg->macs[i].used = 1;
		memcpy(seg->macs[i].mac, f->src_mac, PXL_ETH_ALEN);
		seg->nmacs++;
	}
	if (i >= 0)
		seg->macs[i].port = port;
	if (!ip || port == PXL_PORT_SERVICES)
		return;
	for (i = 0; i < seg->nneigh && seg->neigh[i].addr != ip; i++)
		;
	if (i == seg->nneigh)
		i = seg->nneigh < SEG_MAX_NEIGH ? seg->nneigh++ : 0;
	seg->neigh[i].addr = ip;
	memcpy(seg->neigh[i].mac, f->src_mac, PXL_ETH_ALEN);
}

/**
 * seg_port_of() - Return: the port that learned @mac, or -1
 */
static int seg_port_of(const struct pxl_segment *seg, const uint8_t *mac)
{
	int i = seg_mac_slot(seg, mac);

	return i >= 0 && seg->macs[i].used ? seg->macs[i].port : -1;
}

/**
 * seg_deliver() - hand a frame to a port's device, through its rx fault if any
 * @seg: segment
 * @out: egress port
 * @frame: bytes
 * @len: length
 */
static void seg_deliver(struct pxl_segment *seg, int out, const uint8_t *frame, size_t len)
{
	struct seg_port *p = &seg->ports[out];

	if (p->fault[PXL_SEG_RX])
		pxl_fault_input(p->fault[PXL_SEG_RX], frame, len);
	else
		p->deliver(p->arg, frame, len);
}

/**
 * seg_forward() - switch a frame by destination MAC (flood when unknown)
 * @seg: segment
 * @in: ingress port (never delivered back to)
 * @frame: bytes
 * @len: length
 */
static void seg_forward(struct pxl_segment *seg, int in, const uint8_t *frame, size_t len)
{
	int out = (frame[0] & 1) ? -1 : seg_port_of(seg, frame);
	int i;

	if (out > 0 && out != in && seg->ports[out].deliver) {
		seg_deliver(seg, out, frame, len);
		return;
	}
	if (out == in)
		return;
	for (i = 1; i < PXL_SEGMENT_MAX_PORTS; i++)
		if (i != in && seg->ports[i].used && seg->ports[i].deliver)
			seg_deliver(seg, i, frame, len);
}

/**
 * seg_udp_route() - find the service for a decoded UDP frame
 * @seg: segment
 * @f: decoded frame (is_udp)
 *
 * Broadcasts reach a service registered on any address for that port.
 * Return: the route or NULL.
 */
static const struct seg_udp_route *seg_udp_route(const struct pxl_segment *seg, const struct pxl_frame *f)
{
	int i;

	for (i = seg->by_port[f->dport]; i; i = seg->routes[i - 1].next) {
		const struct seg_udp_route *r = &seg->routes[i - 1];

		if (r->addr == f->ip_dst || f->ip_dst == PXL_IPV4_BROADCAST || !r->addr)
			return r;
	}
	return NULL;
}

/**
 * seg_to_service() - hand a UDP frame to its service, if one is registered
 * @seg: segment
 * @f: decoded frame
 *
 * Return: 1 if a service took it (it is then not forwarded to libslirp).
 */
static int seg_to_service(struct pxl_segment *seg, const struct pxl_frame *f)
{
	const struct seg_udp_route *r;
	struct pxl_dgram dg = { 0 };

	if (!f->is_udp || f->ip_frag)
		return 0;
	r = seg_udp_route(seg, f);
	if (!r)
		return 0;
	if (!pxl_l4_csum_ok(f)) {
		seg_count_malformed(seg, "bad UDP checksum");
		return 1;
	}
	dg.src.addr = f->ip_src;
	dg.src.port = f->sport;
	dg.dst.addr = f->ip_dst;
	dg.dst.port = f->dport;
	dg.data = f->payload;
	dg.len = f->payload_len;
	memcpy(dg.mac, f->src_mac, PXL_ETH_ALEN);
	dg.has_mac = 1;
	seg->stats.to_services++;
	r->client->input(r->client->arg, &dg);
	return 1;
}

/**
 * seg_answer_arp() - answer an ARP request for an address the segment owns
 * @seg: segment
 * @f: decoded frame
 *
 * Return: 1 if answered.
 */
static int seg_answer_arp(struct pxl_segment *seg, const struct pxl_frame *f)
{
	const struct seg_owned *o;
	uint8_t reply[PXL_ETH_MIN_FRAME];
	size_t n;

	if (!f->is_arp || f->arp_op != PXL_ARP_REQUEST)
		return 0;
	o = seg_owned_find(seg, f->arp_tpa);
	if (!o || !o->answer_arp)
		return 0;
	n = pxl_build_arp(reply, PXL_ARP_REPLY, o->mac, o->addr, f->arp_sha, f->arp_spa);
	pxl_segment_input(seg, PXL_PORT_SERVICES, reply, n);
	return 1;
}

/**
 * seg_ingress() - a frame enters the switch from @port (after the port's tx fault)
 * @seg: segment
 * @port: ingress port id
 * @frame: bytes (not kept after return)
 * @len: length
 */
static void seg_ingress(struct pxl_segment *seg, int port, const uint8_t *frame, size_t len)
{
	uint64_t now = pxl_now_ns();
	struct pxl_frame f;
	const char *why = NULL;
	int i, ok;

	seg->stats.frames++;
	seg->stats.bytes += len;
	if (seg->pcap)
		pxl_pcap_write(seg->pcap, (uint64_t)((int64_t)now + seg->wall_offset), frame, len);
	for (i = 0; i < seg->ntaps; i++)
		seg->taps[i].fn(seg->taps[i].arg, now, port, frame, len);
	if (len < PXL_ETH_HLEN) {
		seg_count_malformed(seg, "runt frame");
		return;
	}
	ok = pxl_frame_decode(frame, len, &f, &why) == 0;
	if (!ok)
		seg_count_malformed(seg, why ? why : "malformed frame");
	else
		seg_learn(seg, port, &f);
	if (ok && port != PXL_PORT_SERVICES) {
		if (seg_answer_arp(seg, &f))
			return;
		if (seg_to_service(seg, &f) && !(frame[0] & 1))
			return;
		if (seg->ip6.input && f.ethertype == PXL_ETHERTYPE_IPV6 &&
		    seg->ip6.input(seg->ip6.arg, frame, len) && !(frame[0] & 1))
			return;
	}
	seg_forward(seg, port, frame, len);
}

/**
 * pxl_segment_input() - a frame sent by the device behind @port: through the
 *                       port's tx fault (if any), then into the switch
 * @seg: segment
 * @port: ingress port id
 * @frame: bytes (not kept after return)
 * @len: length
 */
void pxl_segment_input(struct pxl_segment *seg, int port, const uint8_t *frame, size_t len)
{
	if (port > 0 && port < PXL_SEGMENT_MAX_PORTS && seg->ports[port].fault[PXL_SEG_TX])
		pxl_fault_input(seg->ports[port].fault[PXL_SEG_TX], frame, len);
	else
		seg_ingress(seg, port, frame, len);
}

/**
 * seg_dst_mac() - link destination of a service datagram
 * @seg: segment
 * @dg: datagram
 * @mac: out
 */
static void seg_dst_mac(const struct pxl_segment *seg, const struct pxl_dgram *dg, uint8_t *mac)
{
	int i;

	if (dg->dst.addr == PXL_IPV4_BROADCAST) {
		memcpy(mac, seg_broadcast, PXL_ETH_ALEN);
		return;
	}
	if (dg->has_mac) {
		memcpy(mac, dg->mac, PXL_ETH_ALEN);
		return;
	}
	for (i = 0; i < seg->nneigh; i++) {
		if (seg->neigh[i].addr == dg->dst.addr) {
			memcpy(mac, seg->neigh[i].mac, PXL_ETH_ALEN);
			return;
		}
	}
	memcpy(mac, seg_broadcast, PXL_ETH_ALEN);
}

/**
 * seg_udp_send() - transport op: a service sends a datagram onto the LAN
 * @ctx: struct seg_udp_client
 * @dg: datagram
 *
 * Return: 0, -EMSGSIZE, or -EADDRNOTAVAIL for a source pxelab does not own.
 */
static int seg_udp_send(void *ctx, const struct pxl_dgram *dg)
{
	struct seg_udp_client *c = ctx;
	struct pxl_segment *seg = c->seg;
	const struct seg_owned *o = seg_owned_find(seg, dg->src.addr);
	struct pxl_udp_spec spec = { 0 };
	size_t n;

	if (o && seg->ip6.owns && seg->ip6.owns(seg->ip6.arg, dg->dst.addr))
		return seg->ip6.send(seg->ip6.arg, dg);
	if (!o)
		return -EADDRNOTAVAIL;
	memcpy(spec.src_mac, o->mac, PXL_ETH_ALEN);
	seg_dst_mac(seg, dg, spec.dst_mac);
	spec.src_ip = dg->src.addr;
	spec.dst_ip = dg->dst.addr;
	spec.sport = dg->src.port;
	spec.dport = dg->dst.port;
	spec.ip_id = seg->ip_id++;
	n = pxl_build_udp(seg->out, sizeof(seg->out), &spec, dg->data, dg->len);
	if (!n)
		return -EMSGSIZE;
	pxl_segment_input(seg, PXL_PORT_SERVICES, seg->out, n);
	return 0;
}

/**
 * seg_add_route() - add (addr, port) -> client to the UDP table
 *
 * Return: 0, -EADDRINUSE or -ENOSPC.
 */
static int seg_add_route(struct pxl_segment *seg, uint32_t addr, uint16_t port, struct seg_udp_client *c)
{
	struct seg_udp_route *r;
	int i;

	for (i = seg->by_port[port]; i; i = seg->routes[i - 1].next)
		if (seg->routes[i - 1].addr == addr)
			return -EADDRINUSE;
	if (seg->nroutes >= SEG_MAX_UDP)
		return -ENOSPC;
	r = &seg->routes[seg->nroutes++];
	r->addr = addr;
	r->port = port;
	r->client = c;
	r->next = seg->by_port[port];
	seg->by_port[port] = seg->nroutes;
	return 0;
}

/**
 * seg_route_link() - the link that points at route @i (its port's head or its predecessor's next)
 * @seg: segment
 * @i: index + 1 of a route in the table
 *
 * Return: the int holding @i.
 */
static int *seg_route_link(struct pxl_segment *seg, int i)
{
	int *l = &seg->by_port[seg->routes[i - 1].port];

	while (*l != i)
		l = &seg->routes[*l - 1].next;
	return l;
}

/**
 * seg_del_route() - remove route @i; the last route moves into its slot
 * @seg: segment
 * @i: index + 1 of the route
 */
static void seg_del_route(struct pxl_segment *seg, int i)
{
	int last = seg->nroutes;

	*seg_route_link(seg, i) = seg->routes[i - 1].next;
	if (i != last) {
		*seg_route_link(seg, last) = i;
		seg->routes[i - 1] = seg->routes[last - 1];
	}
	seg->nroutes--;
}

/**
 * seg_udp_open_port() - transport op: reserve a transfer port on @addr
 * @ctx: struct seg_udp_client
 * @addr: service address
 * @port: in: wanted (0 = any ephemeral); out: reserved port
 *
 * Return: 0, -EADDRINUSE or -ENOSPC.
 */
static int seg_udp_open_port(void *ctx, uint32_t addr, uint16_t *port)
{
	struct seg_udp_client *c = ctx;
	struct pxl_segment *seg = c->seg;
	int tries;

	if (*port)
		return seg_add_route(seg, addr, *port, c);
	if (seg->nroutes >= SEG_MAX_UDP) /* full: no need to try every port */
		return -ENOSPC;
	for (tries = 0; tries <= SEG_EPHEMERAL_HI - SEG_EPHEMERAL_LO; tries++) {
		uint16_t p = seg->next_ephemeral;

		seg->next_ephemeral = p == SEG_EPHEMERAL_HI ? SEG_EPHEMERAL_LO : p + 1;
		if (!seg_add_route(seg, addr, p, c)) {
			*port = p;
			return 0;
		}
	}
	return -ENOSPC;
}

/** seg_udp_close_port() - transport op: release a port from open_port() */
static void seg_udp_close_port(void *ctx, uint32_t addr, uint16_t port)
{
	struct seg_udp_client *c = ctx;
	struct pxl_segment *seg = c->seg;
	int i;

	for (i = seg->by_port[port]; i; i = seg->routes[i - 1].next) {
		if (seg->routes[i - 1].addr == addr && seg->routes[i - 1].client == c) {
			seg_del_route(seg, i);
			return;
		}
	}
}

static const struct pxl_udp_ops seg_udp_ops = {
	.send = seg_udp_send,
	.open_port = seg_udp_open_port,
	.close_port = seg_udp_close_port,
};

/**
 * pxl_segment_udp_attach() - register a UDP service on (addr, port)
 * @seg: segment
 * @addr: service address (must be declared with pxl_segment_own_address())
 * @port: well-known port (67, 69, 4011)
 * @input: called for each datagram to it (and to ports it opens)
 * @arg: its argument
 * @tr: out: the transport to give the service
 *
 * Return: 0, -EADDRNOTAVAIL, -EADDRINUSE, -ENOSPC or -ENOMEM.
 */
int pxl_segment_udp_attach(struct pxl_segment *seg, uint32_t addr, uint16_t port,
			   pxl_udp_input_fn input, void *arg, struct pxl_udp_transport *tr)
{
	struct seg_udp_client *c;
	int rc;

	if (!seg_owned_find(seg, addr))
		return -EADDRNOTAVAIL;
	if (seg->nclients >= (int)(ARRAY_SIZE(seg->clients)))
		return -ENOSPC;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->seg = seg;
	c->input = input;
	c->arg = arg;
	rc = seg_add_route(seg, addr, port, c);
	if (rc < 0) {
		free(c);
		return rc;
	}
	seg->clients[seg->nclients++] = c;
	tr->ops = &seg_udp_ops;
	tr->ctx = c;
	return 0;
}

/**
 * pxl_segment_set_ip6() - install (or with NULL remove) the IPv6 hook
 * @seg:  segment
 * @hook: callbacks (copied), or NULL
 */
void pxl_segment_set_ip6(struct pxl_segment *seg, const struct pxl_seg_ip6 *hook)
{
	if (hook)
		seg->ip6 = *hook;
	else
		memset(&seg->ip6, 0, sizeof(seg->ip6));
}

/**
 * pxl_segment_udp_deliver() - hand a datagram to the UDP service on (dst.addr, dst.port)
 * @seg: segment
 * @dg:  datagram (the IPv6 hook's, with a handle as source)
 *
 * Return: 0, or -ENOENT when no service has that address and port.
 */
int pxl_segment_udp_deliver(struct pxl_segment *seg, const struct pxl_dgram *dg)
{
	int i;

	for (i = 0; i < seg->nroutes; i++) {
		const struct seg_udp_route *r = &seg->routes[i];

		if (r->port == dg->dst.port && r->addr == dg->dst.addr) {
			seg->stats.to_services++;
			r->client->input(r->client->arg, dg);
			return 0;
		}
	}
	return -ENOENT;
}

/** pxl_segment_get_stats() - copy the counters into @st */
void pxl_segment_get_stats(const struct pxl_segment *seg, struct pxl_segment_stats *st)
{
	*st = seg->stats;
}

/** pxl_segment_set_loop() - the event loop delayed frames wait on (before any delay fault) */
void pxl_segment_set_loop(struct pxl_segment *seg, struct pxl_loop *loop)
{
	seg->loop = loop;
}

/** seg_fault_rx_out() - a frame leaves a port's rx fault: to the device */
static void seg_fault_rx_out(void *arg, const uint8_t *frame, size_t len)
{
	struct seg_port *p = arg;

	if (p->deliver)
		p->deliver(p->arg, frame, len);
}

/** seg_fault_tx_out() - a frame leaves a port's tx fault: into the switch */
static void seg_fault_tx_out(void *arg, const uint8_t *frame, size_t len)
{
	struct seg_port *p = arg;

	if (p->used)
		seg_ingress(p->seg, p->id, frame, len);
}

/**
 * pxl_segment_set_fault() - put link faults on one direction of a port
 * @seg: segment
 * @port: port id (> 0)
 * @dir: PXL_SEG_RX (frames delivered to it) or PXL_SEG_TX (frames it sends)
 * @spec: faults (pxl_fault_spec_check() must accept them; delays need
 *        pxl_segment_set_loop() first)
 *
 * The segment owns the fault; it keeps its counters after the port goes
 * (pxl_segment_faults()).  Return: 0, -EINVAL, -EEXIST (already set),
 * -ENOSPC or -ENOMEM.
 */
int pxl_segment_set_fault(struct pxl_segment *seg, int port, int dir, const struct pxl_fault_spec *spec)
{
	struct seg_port *p;
	struct pxl_fault *f;
	char why[128];

	if (port <= 0 || port >= PXL_SEGMENT_MAX_PORTS || !seg->ports[port].used ||
	    (dir != PXL_SEG_RX && dir != PXL_SEG_TX) || pxl_fault_spec_check(spec, why, sizeof(why)) ||
	    (pxl_fault_spec_needs_loop(spec) && !seg->loop))
		return -EINVAL;
	p = &seg->ports[port];
	if (p->fault[dir])
		return -EEXIST;
	if (seg->nfaults >= SEG_MAX_FAULTS)
		return -ENOSPC;
	f = pxl_fault_new(spec, seg->loop, dir == PXL_SEG_RX ? seg_fault_rx_out : seg_fault_tx_out, p);
	if (!f)
		return -ENOMEM;
	p->fault[dir] = f;
	seg->faults[seg->nfaults].f = f;
	seg->faults[seg->nfaults].dir = dir;
	memcpy(seg->faults[seg->nfaults].port, p->name, sizeof(p->name));
	seg->nfaults++;
	return 0;
}

/**
 * pxl_segment_faults() - every fault the segment created, with its counters
 * @seg: segment
 * @out: out: up to @max entries
 * @max: capacity
 *
 * Return: the number of entries filled.
 */
size_t pxl_segment_faults(const struct pxl_segment *seg, struct pxl_seg_fault_info *out, size_t max)
{
	size_t i;

	for (i = 0; i < (size_t)seg->nfaults && i < max; i++) {
		snprintf(out[i].port, sizeof(out[i].port), "%s", seg->faults[i].port);
		out[i].dir = seg->faults[i].dir;
		out[i].spec = *pxl_fault_spec(seg->faults[i].f);
		pxl_fault_get_stats(seg->faults[i].f, &out[i].st);
	}
	return i;
}
