/* capture.c - read a run's capture: the client's DHCP exchanges, what the server put in them, when
 *
 * The capture (reports/.../capture.pcap) is read frame by frame; DHCP
 * messages with the client's chaddr are parsed with the DHCP service's
 * parser, so the BOOTP header (file, siaddr, flags) and every option are
 * seen exactly as sent.  A request belongs to iPXE when it carries user
 * class "iPXE" or option 175, else to the firmware; a reply belongs to the
 * exchange of its xid.  The first TCP SYN to port 3260 and IPv6 router
 * advertisements are noted for the explanations.  Every frame also goes
 * through the wire observer, whose HTTP observations of the client
 * (requests with their responses, connections opened and closed) become
 * the HTTP findings (http_findings.c), its DHCPv6 ones and the router
 * advertisements the DHCPv6 findings (dhcp6_findings.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/packet.h"
#include "compare/compare.h"
#include "services/dhcp/dhcp_msg.h"
#include "wire/wire.h"

#define PCAP_MAGIC_US 0xa1b2c3d4u
#define PCAP_MAGIC_NS 0xa1b23c4du
#define CMP_FRAME_MAX 262144
#define CMP_XIDS 16

/**
 * struct cmp_state - reading state
 * @w: results
 * @mac: the client
 * @xid, @xid_phase: recent exchanges and their phase
 * @nxid: entries written (ring)
 * @last_discover, @last_request: latest request time per phase (for latencies)
 * @msg: parse buffer
 * @wire: the wire observer (HTTP)
 */
struct cmp_state {
	struct pxl_cmp_wire *w;
	const uint8_t *mac;
	uint32_t xid[CMP_XIDS];
	int xid_phase[CMP_XIDS];
	size_t nxid;
	uint64_t last_discover[PXL_PHASES];
	uint64_t last_request[PXL_PHASES];
	struct dhcp_msg msg;
	struct pxl_wire *wire;
};

/**
 * on_obs() - a wire observation: the client's HTTP and DHCPv6 ones and router advertisements feed the findings
 * @arg: struct cmp_state
 * @o: observation
 */
static void on_obs(void *arg, const struct pxl_obs *o)
{
	struct cmp_state *st = arg;

	if (!strcmp(o->proto, "http") && (!o->has_mac || !memcmp(o->mac, st->mac, 6)))
		pxl_cmp_http_obs(&st->w->http, o);
	else if ((!strcmp(o->proto, "dhcp6") && o->has_mac && !memcmp(o->mac, st->mac, 6)) || !strcmp(o->proto, "ra"))
		pxl_cmp_v6_obs(&st->w->v6, o);
}

/**
 * xid_phase() - the phase an exchange belongs to
 * @st: state
 * @xid: transaction id
 *
 * Return: the phase, or -1 when no request with that xid was seen.
 */
static int xid_phase(const struct cmp_state *st, uint32_t xid)
{
	size_t i, n = st->nxid < CMP_XIDS ? st->nxid : CMP_XIDS;

	for (i = 0; i < n; i++)
		if (st->xid[i] == xid)
			return st->xid_phase[i];
	return -1;
}

/**
 * on_request() - DISCOVER / REQUEST from the client
 * @st: state
 * @f: frame
 * @m: message
 * @t: time
 */
static void on_request(struct cmp_state *st, const struct pxl_frame *f, const struct dhcp_msg *m, uint64_t t)
{
	int p = dhcp_msg_is_ipxe(m) ? PXL_PHASE_IPXE : PXL_PHASE_FW;
	struct pxl_cmp_phase *ph = &st->w->ph[p];

	if (xid_phase(st, m->hdr.xid) != p) {
		st->xid[st->nxid % CMP_XIDS] = m->hdr.xid;
		st->xid_phase[st->nxid++ % CMP_XIDS] = p;
	}
	ph->uuid_sent |= dhcp_msg_has_opt(m, DHCP_OPT_UUID);
	ph->bcast_flag |= !!(m->hdr.flags & 0x8000);
	if (f->dport == 4011) {
		if (!ph->proxy_requests++)
			ph->t_proxy_first = t;
		ph->t_proxy_last = t;
		return;
	}
	if (m->type == DHCPDISCOVER) {
		if (!ph->discovers++)
			ph->t_discover = t;
		ph->early_discovers += !ph->offers;
		st->last_discover[p] = t;
	} else if (m->type == DHCPREQUEST) {
		if (!ph->requests++)
			ph->t_request = t;
		st->last_request[p] = t;
	}
}

/**
 * reply_fields() - what the server put into a reply
 * @ph: phase
 * @f: frame
 * @m: message
 */
static void reply_fields(struct pxl_cmp_phase *ph, const struct pxl_frame *f, const struct dhcp_msg *m)
{
	const uint8_t *o;
	size_t len, i;
	uint32_t v;

	ph->replied = 1;
	ph->siaddr = m->hdr.siaddr;
	snprintf(ph->file, sizeof(ph->file), "%s", m->hdr.file);
	if (!dhcp_msg_opt_str(m, DHCP_OPT_TFTP_SERVER, ph->opt66, sizeof(ph->opt66)))
		ph->opt66[0] = '\0';
	if (!dhcp_msg_opt_str(m, DHCP_OPT_BOOTFILE, ph->opt67, sizeof(ph->opt67)))
		ph->opt67[0] = '\0';
	if (!dhcp_msg_opt_str(m, DHCP_OPT_ROOT_PATH, ph->root_path, sizeof(ph->root_path)))
		ph->root_path[0] = '\0';
	o = dhcp_msg_opt(m, DHCP_OPT_VENDOR_CLASS, &len);
	ph->pxeclient = o && len >= 9 && !memcmp(o, "PXEClient", 9);
	o = dhcp_msg_opt(m, DHCP_OPT_IPXE, &len);
	ph->no_pxedhcp = 0;
	for (i = 0; o && i + 1 < len && i + 2u + o[i + 1] <= len; i += 2u + o[i + 1])
		if (o[i] == 176 && o[i + 1] == 1 && o[i + 2] == 1)
			ph->no_pxedhcp = 1;
	ph->uuid_echoed = dhcp_msg_has_opt(m, DHCP_OPT_UUID);
	ph->bcast_reply = f->ip_dst == PXL_IPV4_BROADCAST;
	ph->lease = dhcp_msg_opt_u32(m, DHCP_OPT_LEASE_TIME, &v) == 0 ? v : 0;
	ph->server_id = dhcp_msg_opt_u32(m, DHCP_OPT_SERVER_ID, &v) == 0 ? v : 0;
}

/**
 * on_reply() - OFFER / ACK / NAK to the client
 * @st: state
 * @f: frame
 * @m: message
 * @t: time
 */
static void on_reply(struct cmp_state *st, const struct pxl_frame *f, const struct dhcp_msg *m, uint64_t t)
{
	int p = xid_phase(st, m->hdr.xid);
	struct pxl_cmp_phase *ph;

	if (p < 0 || f->sport == 4011)
		return;
	ph = &st->w->ph[p];
	if (m->type == DHCPOFFER && !ph->offers++) {
		ph->t_offer = t;
		ph->do_ms = st->last_discover[p] ? (double)(t - st->last_discover[p]) / 1e6 : -1;
		if (!ph->acks)
			reply_fields(ph, f, m);
	} else if (m->type == DHCPACK && !ph->acks++) {
		ph->t_ack = t;
		ph->ra_ms = st->last_request[p] ? (double)(t - st->last_request[p]) / 1e6 : -1;
		reply_fields(ph, f, m);
	} else if (m->type == DHCPNAK) {
		ph->naks++;
	}
}

/**
 * on_frame() - one frame of the capture
 * @st: state
 * @buf: bytes
 * @len: length
 * @t: capture time, ns
 */
static void on_frame(struct cmp_state *st, const uint8_t *buf, size_t len, uint64_t t)
{
	struct pxl_frame f;
	const char *why;

	st->w->frames++;
	pxl_wire_frame(st->wire, t, -1, buf, len);
	if (pxl_frame_decode(buf, len, &f, &why))
		return;
	if (f.ethertype == PXL_ETHERTYPE_IPV6 && f.l3_len > 40 && f.l3[6] == 58 && f.l3[40] == 134)
		st->w->router_adverts++;
	if (f.is_tcp && (f.tcp_flags & (PXL_TCP_SYN | PXL_TCP_ACK)) == PXL_TCP_SYN && f.dport == 3260 &&
	    !memcmp(f.src_mac, st->mac, 6) && !st->w->t_iscsi_syn)
		st->w->t_iscsi_syn = t;
	if (!f.is_udp || f.ip_frag || !(f.dport == 67 || f.dport == 68 || f.dport == 4011))
		return;
	if (dhcp_msg_parse(&st->msg, f.payload, f.payload_len) || memcmp(st->msg.hdr.chaddr, st->mac, 6))
		return;
	if (st->msg.hdr.op == 1)
		on_request(st, &f, &st->msg, t);
	else
		on_reply(st, &f, &st->msg, t);
}

/**
 * pxl_cmp_wire_read() - analyse a capture for one client
 * @pcap: capture file (pcap, Ethernet, written by pxelab)
 * @mac: the client's hardware address
 * @w: out
 * @err, @len: message buffer
 *
 * Return: 0, or -errno with a message.
 */
int pxl_cmp_wire_read(const char *pcap, const uint8_t mac[6], struct pxl_cmp_wire *w, char *err, size_t len)
{
	struct cmp_state *st = calloc(1, sizeof(*st));
	uint8_t *buf = malloc(CMP_FRAME_MAX);
	uint32_t gh[6], rh[4];
	uint64_t t = 0;
	FILE *f = fopen(pcap, "rb");
	int ns, rc = 0, p;

	memset(w, 0, sizeof(*w));
	pxl_cmp_v6_init(&w->v6);
	for (p = 0; p < PXL_PHASES; p++)
		w->ph[p].do_ms = w->ph[p].ra_ms = -1;
	if (!st || !buf || !f) {
		rc = !f ? -errno : -ENOMEM;
		snprintf(err, len, "cannot read %s: %s", pcap, strerror(-rc));
		goto out;
	}
	if (fread(gh, sizeof(gh), 1, f) != 1 || (gh[0] != PCAP_MAGIC_US && gh[0] != PCAP_MAGIC_NS) || gh[5] != 1) {
		snprintf(err, len, "%s is not an Ethernet pcap written on this machine", pcap);
		rc = -EINVAL;
		goto out;
	}
	ns = gh[0] == PCAP_MAGIC_NS;
	st->w = w;
	st->mac = mac;
	st->wire = pxl_wire_new(NULL, on_obs, st);
	if (!st->wire) {
		snprintf(err, len, "cannot read %s: out of memory", pcap);
		rc = -ENOMEM;
		goto out;
	}
	while (fread(rh, sizeof(rh), 1, f) == 1) {
		t = (uint64_t)rh[0] * 1000000000ull + (uint64_t)rh[1] * (ns ? 1 : 1000);
		if (rh[2] > CMP_FRAME_MAX || fread(buf, 1, rh[2], f) != rh[2])
			break; /* a capture cut short by a crash: what came before counts */
		on_frame(st, buf, rh[2], t);
	}
	pxl_wire_flush(st->wire, t);
	pxl_wire_free(st->wire);
out:
	if (f)
		fclose(f);
	free(buf);
	free(st);
	return rc;
}
