/* lan6.c - pxelab's IPv6 presence on the segment: router advertisements, neighbour answers, UDP to its services */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/be.h"
#include "core/util.h"
#include "net/lan6.h"

#define RA_DEFAULT_INTERVAL (10 * PXL_NS_PER_SEC)
#define RA_LEN 64          /* header 16, SLLA 8, MTU 8, prefix information 32 */
#define NA_LEN 32          /* header 24, TLLA 8 */
#define NS_MIN 20          /* after the 4-byte ICMPv6 header: reserved, target */
#define PREFIX_VALID 86400
#define PREFIX_PREFERRED 14400
#define FRAME_MAX 2048

static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 0x01 };
static const uint8_t all_dhcp[16] = { 0xff, 0x02, [13] = 0x01, [15] = 0x02 };
static const uint8_t unspecified[16];

/** struct lan6_udp - an attached port and its service */
struct lan6_udp {
	uint16_t port;
	pxl_udp6_input_fn input;
	void *arg;
};

/** struct lan6_peer - an IPv6 peer behind a handle address: where replies go */
struct lan6_peer {
	uint8_t addr[16];
	uint8_t mac[PXL_ETH_ALEN];
	int used;
};

/**
 * struct pxl_lan6 - the IPv6 side of one LAN
 * @cfg: settings
 * @ll: link-local address
 * @seg: the segment
 * @timer: periodic advertisements
 * @udp, @nudp: attached ports
 * @peers: handle -> peer (handle = PXL_LAN6_HANDLE_NET | index + 1)
 * @next_peer: next slot to take when none is free
 * @st: counters
 * @out: scratch frame
 */
struct pxl_lan6 {
	struct pxl_lan6_config cfg;
	uint8_t ll[16];
	struct pxl_segment *seg;
	struct pxl_timer *timer;
	struct lan6_udp udp[PXL_LAN6_MAX_UDP];
	int nudp;
	struct lan6_peer peers[PXL_LAN6_MAX_PEERS];
	size_t next_peer;
	struct pxl_lan6_stats st;
	uint8_t out[FRAME_MAX];
};

/**
 * lan6_emit() - put a frame pxelab built onto the segment
 * @l:   lan
 * @dst: destination address (multicast: its group MAC)
 * @mac: destination MAC for unicast
 * @hop: hop limit
 * @icmp: ICMPv6 message, or NULL for @udp
 * @len: its length
 *
 * Return: 0 or -EMSGSIZE.
 */
static int lan6_emit_icmp(struct pxl_lan6 *l, const uint8_t *dst, const uint8_t *mac,
			  const uint8_t *icmp, size_t len)
{
	struct pxl_ip6_spec sp = { .hop_limit = 255 };
	size_t n;

	memcpy(sp.src_mac, l->cfg.mac, PXL_ETH_ALEN);
	memcpy(sp.src, l->ll, 16);
	memcpy(sp.dst, dst, 16);
	if (pxl_ip6_is_multicast(dst))
		pxl_ip6_multicast_mac(dst, sp.dst_mac);
	else
		memcpy(sp.dst_mac, mac, PXL_ETH_ALEN);
	n = pxl_ip6_build_icmp(l->out, sizeof(l->out), &sp, icmp, len);
	if (!n)
		return -EMSGSIZE;
	pxl_segment_input(l->seg, PXL_PORT_SERVICES, l->out, n);
	return 0;
}

/**
 * lan6_send_ra() - a router advertisement to all nodes
 * @l: lan
 */
static void lan6_send_ra(struct pxl_lan6 *l)
{
	uint8_t m[RA_LEN] = { PXL_ICMP6_RA, 0 };

	if (l->cfg.ra_off)
		return;
	m[4] = 64;
	m[5] = (uint8_t)((l->cfg.managed ? 0x80 : 0) | (l->cfg.other ? 0x40 : 0));
	pxl_put_be16(m + 6, (uint16_t)l->cfg.router_lifetime);
	m[16] = 1;		/* source link-layer address */
	m[17] = 1;
	memcpy(m + 18, l->cfg.mac, PXL_ETH_ALEN);
	m[24] = 5;		/* MTU */
	m[25] = 1;
	pxl_put_be32(m + 28, PXL_IP6_MTU);
	m[32] = 3;		/* prefix information */
	m[33] = 4;
	m[34] = 64;
	m[35] = (uint8_t)(0x80 | (l->cfg.autoconf ? 0x40 : 0));
	pxl_put_be32(m + 36, PREFIX_VALID);
	pxl_put_be32(m + 40, PREFIX_PREFERRED);
	memcpy(m + 48, l->cfg.prefix, 16);
	if (!lan6_emit_icmp(l, all_nodes, NULL, m, sizeof(m)))
		l->st.ra_sent++;
}

/** lan6_tick() - the periodic advertisement */
static void lan6_tick(void *arg)
{
	struct pxl_lan6 *l = arg;

	lan6_send_ra(l);
	pxl_timer_arm(l->timer, pxl_now_ns() + l->cfg.ra_interval_ns);
}

/** lan6_is_own() - Return: 1 if @a is pxelab's global or link-local address */
static int lan6_is_own(const struct pxl_lan6 *l, const uint8_t *a)
{
	return !memcmp(a, l->cfg.addr, 16) || !memcmp(a, l->ll, 16);
}

/**
 * lan6_answer_ns() - a neighbour advertisement for one of pxelab's addresses
 * @l: lan
 * @v: the solicitation (ICMPv6 135, checksum and hop limit checked)
 *
 * A duplicate address detection probe (source ::) is not answered.
 */
static void lan6_answer_ns(struct pxl_lan6 *l, const struct pxl_ip6 *v)
{
	uint8_t m[NA_LEN] = { PXL_ICMP6_NA, 0 };
	const uint8_t *target;

	if (v->payload_len < NS_MIN || v->icmp_code)
		return;
	target = v->payload + 4;
	if (!lan6_is_own(l, target) || !memcmp(v->src, unspecified, 16))
		return;
	pxl_put_be32(m + 4, l->cfg.router_lifetime ? 0xe0000000u : 0x60000000u);
	memcpy(m + 8, target, 16);
	m[24] = 2;		/* target link-layer address */
	m[25] = 1;
	memcpy(m + 26, l->cfg.mac, PXL_ETH_ALEN);
	if (!lan6_emit_icmp(l, v->src, v->src_mac, m, sizeof(m)))
		l->st.na_sent++;
}

/**
 * lan6_icmp() - router and neighbour solicitations
 * @l: lan
 * @v: decoded ICMPv6 frame
 *
 * Return: 1 if it was a unicast solicitation for pxelab (taken).
 */
static int lan6_icmp(struct pxl_lan6 *l, const struct pxl_ip6 *v)
{
	if (v->icmp_type != PXL_ICMP6_RS && v->icmp_type != PXL_ICMP6_NS)
		return 0;
	if (v->hop_limit != 255 || !pxl_ip6_l4_csum_ok(v)) {
		l->st.malformed++;
		return 0;
	}
	if (v->icmp_type == PXL_ICMP6_RS) {
		l->st.rs_seen++;
		lan6_send_ra(l);
		return 0;
	}
	lan6_answer_ns(l, v);
	return lan6_is_own(l, v->dst);
}

/**
 * pxl_lan6_peer_addr() - the IPv6 address behind a handle address
 * @l:      lan (NULL: none)
 * @handle: an address an IPv4 service saw (PXL_LAN6_HANDLE_NET | slot + 1)
 * @out:    its peer's IPv6 address
 *
 * Events of the services that serve IPv6 through handles (TFTP) name the
 * peer by its handle; reports name the real address instead.
 * Return: 0, or -ENOENT if @handle is not a handle in use.
 */
int pxl_lan6_peer_addr(const struct pxl_lan6 *l, uint32_t handle, uint8_t out[16])
{
	uint32_t i = handle & 0xffffu;

	if (!l || (handle & 0xffff0000u) != PXL_LAN6_HANDLE_NET || i < 1 || i > PXL_LAN6_MAX_PEERS ||
	    !l->peers[i - 1].used)
		return -ENOENT;
	memcpy(out, l->peers[i - 1].addr, 16);
	return 0;
}

/**
 * lan6_peer_handle() - the handle address of an IPv6 peer (a slot taken if new)
 * @l:   lan
 * @a:   its address
 * @mac: its link address
 *
 * Return: PXL_LAN6_HANDLE_NET | slot + 1.
 */
static uint32_t lan6_peer_handle(struct pxl_lan6 *l, const uint8_t *a, const uint8_t *mac)
{
	size_t i, free_slot = PXL_LAN6_MAX_PEERS;

	for (i = 0; i < PXL_LAN6_MAX_PEERS; i++) {
		if (l->peers[i].used && !memcmp(l->peers[i].addr, a, 16))
			break;
		if (!l->peers[i].used && free_slot == PXL_LAN6_MAX_PEERS)
			free_slot = i;
	}
	if (i == PXL_LAN6_MAX_PEERS) {
		i = free_slot < PXL_LAN6_MAX_PEERS ? free_slot : l->next_peer;
		l->next_peer = (i + 1) % PXL_LAN6_MAX_PEERS;
	}
	l->peers[i].used = 1;
	memcpy(l->peers[i].addr, a, 16);
	memcpy(l->peers[i].mac, mac, PXL_ETH_ALEN);
	return PXL_LAN6_HANDLE_NET | (uint32_t)(i + 1);
}

/**
 * lan6_to_alias() - UDP to the global address: the IPv4 service on (alias4, port)
 * @l: lan
 * @v: decoded UDP frame to pxelab's global address (checksum checked)
 *
 * Return: 1 if a service took it.
 */
static int lan6_to_alias(struct pxl_lan6 *l, const struct pxl_ip6 *v)
{
	struct pxl_dgram dg = { 0 };

	if (!l->cfg.alias4)
		return 0;
	dg.src.addr = lan6_peer_handle(l, v->src, v->src_mac);
	dg.src.port = v->sport;
	dg.dst.addr = l->cfg.alias4;
	dg.dst.port = v->dport;
	dg.data = v->payload;
	dg.len = v->payload_len;
	memcpy(dg.mac, v->src_mac, PXL_ETH_ALEN);
	dg.has_mac = 1;
	if (pxl_segment_udp_deliver(l->seg, &dg))
		return 0;
	l->st.to_services++;
	return 1;
}

/**
 * lan6_udp() - UDP to an attached port, or through the IPv4 alias
 * @l: lan
 * @v: decoded UDP frame
 *
 * Return: 1 if a service took it.
 */
static int lan6_udp(struct pxl_lan6 *l, const struct pxl_ip6 *v)
{
	struct pxl_dgram6 dg = { 0 };
	int i, own = lan6_is_own(l, v->dst);

	if (!own && memcmp(v->dst, all_dhcp, 16))
		return 0;
	if (!pxl_ip6_l4_csum_ok(v)) {
		l->st.malformed++;
		return 1;
	}
	for (i = 0; i < l->nudp && l->udp[i].port != v->dport; i++)
		;
	if (i == l->nudp)
		return own && !memcmp(v->dst, l->cfg.addr, 16) && lan6_to_alias(l, v);
	memcpy(dg.src, v->src, 16);
	memcpy(dg.dst, v->dst, 16);
	dg.sport = v->sport;
	dg.dport = v->dport;
	dg.data = v->payload;
	dg.len = v->payload_len;
	memcpy(dg.mac, v->src_mac, PXL_ETH_ALEN);
	l->st.to_services++;
	l->udp[i].input(l->udp[i].arg, &dg);
	return 1;
}

/**
 * pxl_lan6_input() - a frame entering the segment (the segment's IPv6 hook)
 * @l:     lan
 * @frame: bytes
 * @len:   length
 *
 * Return: 1 if pxelab took it (a unicast frame then goes no further).
 */
int pxl_lan6_input(struct pxl_lan6 *l, const uint8_t *frame, size_t len)
{
	struct pxl_ip6 v;
	int rc = pxl_ip6_decode(frame, len, &v, NULL);

	if (rc == -EINVAL)
		l->st.malformed++;
	if (rc)
		return 0;
	if (v.is_icmp)
		return lan6_icmp(l, &v);
	if (v.is_udp)
		return lan6_udp(l, &v);
	return 0;
}

/** seg_hook_input() - struct pxl_seg_ip6 input: pxl_lan6_input() */
static int seg_hook_input(void *arg, const uint8_t *frame, size_t len)
{
	return pxl_lan6_input(arg, frame, len);
}

/** seg_hook_owns() - struct pxl_seg_ip6 owns: Return: 1 if @addr is a handle in use */
static int seg_hook_owns(void *arg, uint32_t addr)
{
	const struct pxl_lan6 *l = arg;
	uint32_t i = addr & 0xffff;

	return (addr & 0xffff0000u) == PXL_LAN6_HANDLE_NET && i >= 1 && i <= PXL_LAN6_MAX_PEERS &&
	       l->peers[i - 1].used;
}

/**
 * seg_hook_send() - struct pxl_seg_ip6 send: an IPv4 service's datagram to a handle leaves as IPv6
 * @arg: lan
 * @dg:  datagram (dst.addr is a handle in use)
 *
 * Return: 0 or -EMSGSIZE.
 */
static int seg_hook_send(void *arg, const struct pxl_dgram *dg)
{
	struct pxl_lan6 *l = arg;
	const struct lan6_peer *p = &l->peers[(dg->dst.addr & 0xffff) - 1];
	struct pxl_ip6_spec sp = { 0 };
	size_t n;

	memcpy(sp.src_mac, l->cfg.mac, PXL_ETH_ALEN);
	memcpy(sp.dst_mac, p->mac, PXL_ETH_ALEN);
	memcpy(sp.src, l->cfg.addr, 16);
	memcpy(sp.dst, p->addr, 16);
	n = pxl_ip6_build_udp(l->out, sizeof(l->out), &sp, dg->src.port, dg->dst.port, dg->data, dg->len);
	if (!n)
		return -EMSGSIZE;
	pxl_segment_input(l->seg, PXL_PORT_SERVICES, l->out, n);
	return 0;
}

/**
 * pxl_lan6_new() - pxelab's IPv6 side of a segment: hooks in, first advertisement out
 * @loop: event loop (periodic advertisements)
 * @seg:  segment
 * @cfg:  settings
 *
 * Return: the lan, or NULL (out of memory).
 */
struct pxl_lan6 *pxl_lan6_new(struct pxl_loop *loop, struct pxl_segment *seg,
			      const struct pxl_lan6_config *cfg)
{
	struct pxl_lan6 *l = calloc(1, sizeof(*l));
	struct pxl_seg_ip6 hook = { seg_hook_input, seg_hook_owns, seg_hook_send, NULL };

	if (!l)
		return NULL;
	l->cfg = *cfg;
	if (!l->cfg.ra_interval_ns)
		l->cfg.ra_interval_ns = RA_DEFAULT_INTERVAL;
	l->seg = seg;
	pxl_ip6_link_local(cfg->mac, l->ll);
	l->timer = pxl_timer_new(loop, lan6_tick, l);
	if (!l->timer) {
		free(l);
		return NULL;
	}
	hook.arg = l;
	pxl_segment_set_ip6(seg, &hook);
	lan6_tick(l);
	return l;
}

/**
 * pxl_lan6_udp_attach() - give a UDP port (to the link-local or global address, or ff02::1:2) to a service
 * @l: lan
 * @port: port (547)
 * @input: called with each datagram
 * @arg: its argument
 *
 * Return: 0, -EADDRINUSE or -ENOSPC.
 */
int pxl_lan6_udp_attach(struct pxl_lan6 *l, uint16_t port, pxl_udp6_input_fn input, void *arg)
{
	int i;

	for (i = 0; i < l->nudp; i++)
		if (l->udp[i].port == port)
			return -EADDRINUSE;
	if (l->nudp >= PXL_LAN6_MAX_UDP)
		return -ENOSPC;
	l->udp[l->nudp].port = port;
	l->udp[l->nudp].input = input;
	l->udp[l->nudp].arg = arg;
	l->nudp++;
	return 0;
}

/**
 * pxl_lan6_send() - a service's datagram onto the LAN
 * @l:  lan
 * @dg: datagram (src all zero: from the link-local address)
 *
 * Return: 0, -EADDRNOTAVAIL (a source pxelab does not own) or -EMSGSIZE.
 */
int pxl_lan6_send(struct pxl_lan6 *l, const struct pxl_dgram6 *dg)
{
	struct pxl_ip6_spec sp = { 0 };
	size_t n;

	memcpy(sp.src, memcmp(dg->src, unspecified, 16) ? dg->src : l->ll, 16);
	if (!lan6_is_own(l, sp.src))
		return -EADDRNOTAVAIL;
	memcpy(sp.dst, dg->dst, 16);
	memcpy(sp.src_mac, l->cfg.mac, PXL_ETH_ALEN);
	if (pxl_ip6_is_multicast(dg->dst))
		pxl_ip6_multicast_mac(dg->dst, sp.dst_mac);
	else
		memcpy(sp.dst_mac, dg->mac, PXL_ETH_ALEN);
	n = pxl_ip6_build_udp(l->out, sizeof(l->out), &sp, dg->sport, dg->dport, dg->data, dg->len);
	if (!n)
		return -EMSGSIZE;
	pxl_segment_input(l->seg, PXL_PORT_SERVICES, l->out, n);
	return 0;
}

/** pxl_lan6_link_local() - pxelab's link-local address into @out */
void pxl_lan6_link_local(const struct pxl_lan6 *l, uint8_t out[16])
{
	memcpy(out, l->ll, 16);
}

/** pxl_lan6_get_stats() - copy the counters into @st */
void pxl_lan6_get_stats(const struct pxl_lan6 *l, struct pxl_lan6_stats *st)
{
	*st = l->st;
}

/** pxl_lan6_free() - unhook from the segment and free (NULL is fine) */
void pxl_lan6_free(struct pxl_lan6 *l)
{
	if (!l)
		return;
	pxl_segment_set_ip6(l->seg, NULL);
	pxl_timer_free(l->timer);
	free(l);
}
