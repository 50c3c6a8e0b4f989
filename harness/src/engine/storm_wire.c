/* storm_wire.c - what a storm's servers did on the wire: OFFERs, address probes, TCP resets
 *
 * A storm keeps no observations; this tap counts the few things its first
 * failures' words need and the clients cannot see themselves: how many
 * OFFERs answered how many DISCOVERs, which pool addresses a DHCP server
 * probed before offering them (ARP requests or ICMP echo from a machine
 * that is not a client: dnsmasq's ping check), and the TCP resets the
 * clients' iSCSI initiators got and from whom.  Frames are decoded by
 * net/packet.c and DHCP by services/dhcp/dhcp_msg.c: nothing is parsed here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/addr.h"
#include "core/util.h"
#include "services/dhcp/dhcp_msg.h"
#include "storm/sclient.h"
#include "engine/storm_wire.h"

#define WIRE_MAX_POOL (1u << 20)	/* a bigger pool is not watched for probes */
#define ICMP_ECHO_REQUEST 8
#define WIRE_PROBED 1		/* pool map: a non-client asked for the address */
#define WIRE_OFFERED 2		/* pool map: an OFFER or ACK gave it out */

/**
 * pxl_storm_wire_init() - an empty record for a storm on a pool
 * @w: out
 * @pool_start, @pool_end: the DHCP pool (0, 0: none)
 * @t0: the storm's start (monotonic ns)
 *
 * Return: 0, or -1 out of memory.
 */
int pxl_storm_wire_init(struct pxl_storm_wire *w, uint32_t pool_start, uint32_t pool_end, uint64_t t0)
{
	memset(w, 0, sizeof(*w));
	w->t0 = t0;
	if (!pool_start || pool_end < pool_start || pool_end - pool_start >= WIRE_MAX_POOL)
		return 0;
	w->probed = calloc((size_t)(pool_end - pool_start) + 1, 1);
	if (!w->probed)
		return -1;
	w->pool_start = pool_start;
	w->pool_end = pool_end;
	return 0;
}

/** pxl_storm_wire_free() - free the record's pool map @w */
void pxl_storm_wire_free(struct pxl_storm_wire *w)
{
	free(w->probed);
	w->probed = NULL;
}

/**
 * wire_probe() - a non-client asked for pool address @addr (ARP or echo)
 * @w: record
 * @t_ns: when
 * @src: who asked
 * @addr: for what
 * @arp: 1 ARP request, 0 ICMP echo
 */
static void wire_probe(struct pxl_storm_wire *w, uint64_t t_ns, uint32_t src, uint32_t addr, int arp)
{
	uint8_t *m;

	if (!w->probed || addr < w->pool_start || addr > w->pool_end)
		return;
	m = &w->probed[addr - w->pool_start];
	if (*m & WIRE_OFFERED)	/* a server reaching its client, not checking the address */
		return;
	if (arp)
		w->arp_probes++;
	else
		w->echo_probes++;
	if (*m & WIRE_PROBED)
		return;
	*m |= WIRE_PROBED;
	if (!w->probes++) {
		w->probe_src = src;
		w->probe_first = addr;
		w->probe_t = t_ns > w->t0 ? t_ns - w->t0 : 0;
	}
}

/**
 * wire_dhcp() - count a client's DISCOVER or an OFFER to a client
 * @w: record
 * @f: decoded UDP frame
 */
static void wire_dhcp(struct pxl_storm_wire *w, const struct pxl_frame *f)
{
	struct dhcp_msg m;

	if (!((f->sport == 68 && f->dport == 67) || (f->sport == 67 && f->dport == 68)) ||
	    dhcp_msg_parse(&m, f->payload, f->payload_len))
		return;
	if (m.type == 1 && f->sport == 68)
		w->discovers++;
	else if (m.type == 2 && f->sport == 67)
		w->offers++;
	if (f->sport == 67 && (m.type == 2 || m.type == 5) && w->probed) {
		uint32_t yi = m.hdr.yiaddr;

		if (yi >= w->pool_start && yi <= w->pool_end)
			w->probed[yi - w->pool_start] |= WIRE_OFFERED;
	}
}

/**
 * wire_rst() - a TCP reset to the initiators
 * @w: record
 * @t_ns: when
 * @f: decoded TCP frame
 */
static void wire_rst(struct pxl_storm_wire *w, uint64_t t_ns, const struct pxl_frame *f)
{
	if (!w->initiator || f->ip_dst != w->initiator || !(f->tcp_flags & PXL_TCP_RST))
		return;
	if (!w->rsts++) {
		w->rst_src = f->ip_src;
		w->rst_sport = f->sport;
		memcpy(w->rst_mac, f->src_mac, PXL_ETH_ALEN);
		w->rst_t = t_ns > w->t0 ? t_ns - w->t0 : 0;
	}
}

/**
 * pxl_storm_wire_frame() - note one frame
 * @w: record
 * @t_ns: when it entered the LAN (monotonic)
 * @frame, @len: its bytes
 */
void pxl_storm_wire_frame(struct pxl_storm_wire *w, uint64_t t_ns, const uint8_t *frame, size_t len)
{
	struct pxl_frame f;
	unsigned idx;

	if (pxl_frame_decode(frame, len, &f, NULL))
		return;
	if (f.is_arp && f.arp_op == PXL_ARP_REQUEST && !scl_idx_of(f.src_mac, &idx))
		wire_probe(w, t_ns, f.arp_spa, f.arp_tpa, 1);
	else if (f.is_ipv4 && !f.ip_frag && f.ip_proto == PXL_IPPROTO_ICMP && f.l4_len >= 1 &&
		 f.l4[0] == ICMP_ECHO_REQUEST && !scl_idx_of(f.src_mac, &idx))
		wire_probe(w, t_ns, f.ip_src, f.ip_dst, 0);
	else if (f.is_udp)
		wire_dhcp(w, &f);
	else if (f.is_tcp)
		wire_rst(w, t_ns, &f);
}

/** pxl_storm_wire_tap() - pxl_tap_fn: pxl_storm_wire_frame() on the record @arg */
void pxl_storm_wire_tap(void *arg, uint64_t t_ns, int port, const uint8_t *frame, size_t len)
{
	pxl_storm_wire_frame(arg, t_ns, frame, len);
}

/* what a probing DHCP server's probes are, by server: { name, words } */
static const struct {
	const char *server;
	const char *why;
} wire_probe_why[] = {
	{ "dnsmasq", "dnsmasq's ping check: before offering an address it pings it and waits up to 3 s, "
		     "one address at a time, answering no DHCP meanwhile (no one answers the ARP of an "
		     "unused address, so no echo leaves); 'no-ping' turns it off" },
};

/**
 * pxl_storm_wire_dhcp_words() - stage 1's words from the wire: OFFERs for DISCOVERs, address probes
 * @w: record
 * @server: the DHCP server's name ("dnsmasq", "builtin", ...)
 * @buf, @len: out
 *
 * Return: the length written (0: nothing to say).
 */
size_t pxl_storm_wire_dhcp_words(const struct pxl_storm_wire *w, const char *server, char *buf, size_t len)
{
	char a[PXL_IP_STR], b[PXL_IP_STR];
	const char *why = "";
	size_t i;
	int o;

	if (!len || !w->discovers)
		return 0;
	o = snprintf(buf, len, "on the wire over the whole storm, DHCP %s sent %lu OFFERs for %lu DISCOVERs", server, w->offers,
		     w->discovers);
	for (i = 0; i < ARRAY_SIZE(wire_probe_why); i++)
		if (!strcmp(server, wire_probe_why[i].server))
			why = wire_probe_why[i].why;
	if (w->probes && o > 0 && (size_t)o < len)
		o += snprintf(buf + o, len - (size_t)o, " and probed %lu pool addresses first (%lu ARP requests, "
			      "%lu ICMP echo; the first from %s for %s at %.3f s)%s%s", w->probes, w->arp_probes,
			      w->echo_probes, pxl_ip_str(w->probe_src, a), pxl_ip_str(w->probe_first, b),
			      (double)w->probe_t / 1e9, why[0] ? ": " : "", why);
	return o < 0 ? 0 : (size_t)o < len ? (size_t)o : len - 1;
}

/**
 * pxl_storm_wire_udp_words() - stages 1 and 2's words from the servers' namespace: datagrams it dropped
 * @w: record
 * @buf, @len: out
 *
 * Return: the length written (0: none dropped, or not known).
 */
size_t pxl_storm_wire_udp_words(const struct pxl_storm_wire *w, char *buf, size_t len)
{
	int o;

	if (!len || !w->has_udp_drops || !w->udp_drops)
		return 0;
	o = snprintf(buf, len, "the servers' namespace dropped %lu UDP datagrams over the whole storm, their "
		     "sockets' receive buffers full (Udp RcvbufErrors)", w->udp_drops);
	return o < 0 ? 0 : (size_t)o < len ? (size_t)o : len - 1;
}

/**
 * pxl_storm_wire_iscsi_words() - stages 5 and 6's words from the wire: the TCP resets
 * @w: record
 * @server: the iSCSI target's name ("tgt", "builtin")
 * @buf, @len: out
 *
 * Return: the length written (0: no reset seen).
 */
size_t pxl_storm_wire_iscsi_words(const struct pxl_storm_wire *w, const char *server, char *buf, size_t len)
{
	char a[PXL_IP_STR], m[PXL_MAC_STR];
	int o;

	if (!len || !w->rsts)
		return 0;
	o = snprintf(buf, len, "on the wire over the whole storm, %lu TCP resets to the initiators (target: %s); the first from "
		     "%s:%u (MAC %s) at %.3f s", w->rsts, server, pxl_ip_str(w->rst_src, a), w->rst_sport,
		     pxl_mac_str(w->rst_mac, m), (double)w->rst_t / 1e9);
	return o < 0 ? 0 : (size_t)o < len ? (size_t)o : len - 1;
}
