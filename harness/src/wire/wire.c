/* wire.c - the wire observer's core: frame decode, dispatch (IPv4 here, IPv6 in wire_ip6.c), drop counts, IP -> MAC table */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/wire_priv.h"

#define WIRE_ISCSI_DEFAULT_PORT 3260
#define WIRE_TFTP_DEFAULT_PORT 69
#define WIRE_HTTP_DEFAULT_PORT 80

/**
 * wire_drop() - count a dropped frame or message by reason
 * @w:         observer
 * @why:       reason (copied, truncated to PXL_WIRE_REASON_LEN - 1)
 * @malformed: also count it as malformed
 */
void wire_drop(struct pxl_wire *w, const char *why, int malformed)
{
	struct pxl_wire_stats *st = &w->stats;
	size_t i;

	st->dropped++;
	if (malformed)
		st->malformed++;
	if (!why)
		why = "unknown";
	for (i = 0; i < st->n_reasons; i++) {
		if (!strncmp(st->reasons[i].why, why, PXL_WIRE_REASON_LEN - 1)) {
			st->reasons[i].count++;
			return;
		}
	}
	if (st->n_reasons == PXL_WIRE_MAX_REASONS - 1 && strcmp(why, "other"))
		why = "other";
	if (st->n_reasons == PXL_WIRE_MAX_REASONS) {
		st->reasons[PXL_WIRE_MAX_REASONS - 1].count++;
		return;
	}
	snprintf(st->reasons[i].why, PXL_WIRE_REASON_LEN, "%s", why);
	st->reasons[i].count = 1;
	st->n_reasons++;
}

/**
 * wire_learn() - remember which MAC an IPv4 address belongs to
 * @w:   observer
 * @ip:  address (0 and broadcast are ignored)
 * @mac: hardware address
 * @t:   time (the oldest entry is replaced when the table is full)
 */
void wire_learn(struct pxl_wire *w, uint32_t ip, const uint8_t *mac, uint64_t t)
{
	struct wire_ipmac *e, *victim = &w->ipmac[0];
	size_t i;

	if (ip == 0 || ip == PXL_IPV4_BROADCAST || (mac[0] & 1))
		return;
	for (i = 0; i < WIRE_IPMAC_MAX; i++) {
		e = &w->ipmac[i];
		if (e->used && e->ip == ip) {
			victim = e;
			break;
		}
		if (!e->used || (victim->used && e->seen < victim->seen))
			victim = e;
	}
	victim->used = 1;
	victim->ip = ip;
	memcpy(victim->mac, mac, 6);
	victim->seen = t;
}

/**
 * wire_lookup_mac() - the MAC learnt for an IPv4 address
 * @w:   observer
 * @ip:  address
 * @mac: out: hardware address
 *
 * Return: 0, or -ENOENT.
 */
int wire_lookup_mac(const struct pxl_wire *w, uint32_t ip, uint8_t mac[6])
{
	size_t i;

	for (i = 0; i < WIRE_IPMAC_MAX; i++) {
		if (w->ipmac[i].used && w->ipmac[i].ip == ip) {
			memcpy(mac, w->ipmac[i].mac, 6);
			return 0;
		}
	}
	return -ENOENT;
}

int pxl_wire_client_mac(const struct pxl_wire *w, uint32_t ip, uint8_t mac[6])
{
	return wire_lookup_mac(w, ip, mac);
}

struct pxl_wire *pxl_wire_new(const struct pxl_wire_config *cfg, pxl_obs_fn on_obs, void *arg)
{
	struct pxl_wire *w;

	if (cfg && cfg->n_iscsi_ports > PXL_WIRE_MAX_PORTS)
		return NULL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	if (cfg)
		w->cfg = *cfg;
	if (!w->cfg.n_iscsi_ports) {
		w->cfg.iscsi_ports[0] = WIRE_ISCSI_DEFAULT_PORT;
		w->cfg.n_iscsi_ports = 1;
	}
	if (!w->cfg.tftp_port)
		w->cfg.tftp_port = WIRE_TFTP_DEFAULT_PORT;
	if (!w->cfg.http_port)
		w->cfg.http_port = WIRE_HTTP_DEFAULT_PORT;
	w->on_obs = on_obs;
	w->arg = arg;
	return w;
}

void pxl_wire_free(struct pxl_wire *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < WIRE_CONN_MAX; i++)
		if (w->conn[i].used)
			wire_conn_free(w, &w->conn[i]);
	free(w);
}

/**
 * wire_arp() - learn the sender's binding from an ARP packet
 * @w: observer
 * @p: the frame (ARP decoded)
 */
static void wire_arp(struct pxl_wire *w, const struct wire_pkt *p)
{
	if (p->f->arp_op == PXL_ARP_REQUEST || p->f->arp_op == PXL_ARP_REPLY)
		wire_learn(w, p->f->arp_spa, p->f->arp_sha, p->t);
}

/**
 * wire_udp_dispatch() - hand a UDP datagram of either family to the protocol that owns it
 * @w: observer
 * @p: the frame (@p->u set, checksum verified)
 */
void wire_udp_dispatch(struct pxl_wire *w, const struct wire_pkt *p)
{
	if (!p->u->v6 && wire_dhcp_match(p->f)) {
		wire_dhcp_input(w, p);
		return;
	}
	if (p->u->v6 && wire_dhcp6_match(p->u)) {
		wire_dhcp6_input(w, p);
		return;
	}
	wire_tftp_input(w, p);
}

/**
 * wire_udp() - an IPv4 UDP datagram: its family-independent view, then wire_udp_dispatch()
 * @w: observer
 * @p: the frame (UDP decoded, checksum verified)
 */
static void wire_udp(struct pxl_wire *w, const struct wire_pkt *p)
{
	const struct pxl_frame *f = p->f;
	struct wire_udp u = { .v6 = 0, .sport = f->sport, .dport = f->dport, .payload = f->payload,
			      .len = f->payload_len, .src_mac = f->src_mac, .dst_mac = f->dst_mac };
	struct wire_pkt pu = { p->t, p->port, f, &u, p->sa, p->da, 0 };

	wire_addr_v4(u.src, f->ip_src);
	wire_addr_v4(u.dst, f->ip_dst);
	wire_udp_dispatch(w, &pu);
}

void pxl_wire_frame(struct pxl_wire *w, uint64_t t_ns, int port, const uint8_t *frame, size_t len)
{
	struct pxl_frame f;
	uint8_t sa[16], da[16];
	struct wire_pkt p = { t_ns, port, &f, NULL, sa, da, 0 };
	const char *why = NULL;

	if (!w)
		return;
	w->stats.frames++;
	w->stats.bytes += len;
	if (pxl_frame_decode(frame, len, &f, &why) < 0) {
		wire_drop(w, why, 1);
		return;
	}
	if (f.is_arp) {
		wire_arp(w, &p);
		return;
	}
	if (f.ethertype == PXL_ETHERTYPE_IPV6) {
		wire_ip6_input(w, &p);
		return;
	}
	if (!f.is_udp && !f.is_tcp)
		return;
	wire_addr_v4(sa, f.ip_src);
	wire_addr_v4(da, f.ip_dst);
	if (!w->cfg.no_l4_csum && !pxl_l4_csum_ok(&f)) {
		wire_drop(w, f.is_udp ? "bad UDP checksum" : "bad TCP checksum", 1);
		return;
	}
	if (f.is_udp)
		wire_udp(w, &p);
	else
		wire_tcp_input(w, &p);
}

void pxl_wire_flush(struct pxl_wire *w, uint64_t t_ns)
{
	if (!w)
		return;
	wire_tftp_flush(w, t_ns);
	wire_http_flush(w, t_ns);
}

void pxl_wire_stats(const struct pxl_wire *w, struct pxl_wire_stats *out)
{
	*out = w->stats;
}

uint64_t pxl_wire_drops(const struct pxl_wire *w, const char *why)
{
	size_t i;

	for (i = 0; i < w->stats.n_reasons; i++)
		if (!strcmp(w->stats.reasons[i].why, why))
			return w->stats.reasons[i].count;
	return 0;
}
