/* dhcp_reply.c - build, address (RFC 2131 4.1) and send a DHCP reply, report it, count boots */
#include "services/dhcp/dhcp_internal.h"

#include <stdio.h>
#include <string.h>

static const uint8_t pxe_vendor_opts[] = { PXE_DISCOVERY_CONTROL, 1,
					   PXE_DISCOVERY_BOOTFILE_DIRECT, DHCP_OPT_END };
static const uint8_t ipxe_no_pxedhcp[] = { IPXE_OPT_NO_PXEDHCP, 1, 1 };

/**
 * dhcp_boot_rule() - the boot rule matching the request being handled
 * @srv: the server (its @msg parsed)
 *
 * Return: the rule, or NULL.
 */
const struct dhcp_rule *dhcp_boot_rule(const struct dhcp_server *srv)
{
	return dhcp_policy_match(srv->cfg.rules, srv->cfg.n_rules, &srv->msg, &srv->hist);
}

/**
 * boots() - whether an answer carries a boot answer
 * @a: the answer
 *
 * Return: 1 or 0.
 */
static int boots(const struct dhcp_answer *a)
{
	return a->type != DHCPNAK && a->rule && !a->rule->no_boot;
}

/**
 * wanted() - whether an optional option goes out: asked for, or no option 55
 * @srv:  the server
 * @code: option code
 *
 * Return: 1 or 0.
 */
static int wanted(const struct dhcp_server *srv, uint8_t code)
{
	return !dhcp_msg_has_opt(&srv->msg, DHCP_OPT_PARAM_REQ) ||
	       dhcp_msg_requested(&srv->msg, code);
}

/**
 * reply_header() - the fixed header of the reply
 * @srv: the server
 * @a:   the answer
 * @h:   out: header
 */
static void reply_header(const struct dhcp_server *srv, const struct dhcp_answer *a,
			 struct dhcp_hdr *h)
{
	const struct dhcp_hdr *q = &srv->msg.hdr;
	const struct dhcp_rule *r = a->rule;

	memset(h, 0, sizeof(*h));
	h->op = DHCP_BOOTREPLY;
	h->htype = q->htype;
	h->hlen = q->hlen;
	h->xid = q->xid;
	h->flags = q->flags & DHCP_FLAG_BROADCAST;
	h->ciaddr = a->type == DHCPACK ? q->ciaddr : 0;
	h->yiaddr = a->yiaddr;
	h->giaddr = q->giaddr;
	memcpy(h->chaddr, q->chaddr, DHCP_CHADDR_LEN);
	if (a->type == DHCPNAK && q->giaddr)
		h->flags |= DHCP_FLAG_BROADCAST;
	if (!boots(a))
		return;
	h->siaddr = r->no_next_server ? 0 : r->next_server ? r->next_server : srv->cfg.next_server;
	if (r->sname)
		snprintf(h->sname, sizeof(h->sname), "%s", r->sname);
	if (r->file && strlen(r->file) <= DHCP_FILE_LEN)
		snprintf(h->file, sizeof(h->file), "%s", r->file);
}

/**
 * address_options() - lease times, subnet, router, DNS, broadcast address
 * @srv: the server
 * @a:   the answer
 * @b:   builder
 */
static void address_options(struct dhcp_server *srv, const struct dhcp_answer *a,
			    struct dhcp_build *b)
{
	const struct dhcp_config *c = &srv->cfg;
	uint8_t dns[4 * DHCP_MAX_DNS];
	size_t i;

	if (a->lease) {
		dhcp_build_u32(b, DHCP_OPT_LEASE_TIME, c->lease_time);
		dhcp_build_u32(b, DHCP_OPT_T1, c->lease_time / 2);
		dhcp_build_u32(b, DHCP_OPT_T2, (uint32_t)((uint64_t)c->lease_time * 7 / 8));
	}
	if (a->proxy)
		return;
	if (c->netmask)
		dhcp_build_u32(b, DHCP_OPT_SUBNET_MASK, c->netmask);
	if (c->gateway)
		dhcp_build_u32(b, DHCP_OPT_ROUTER, c->gateway);
	for (i = 0; i < c->n_dns; i++) {
		dns[4 * i] = (uint8_t)(c->dns[i] >> 24);
		dns[4 * i + 1] = (uint8_t)(c->dns[i] >> 16);
		dns[4 * i + 2] = (uint8_t)(c->dns[i] >> 8);
		dns[4 * i + 3] = (uint8_t)c->dns[i];
	}
	if (c->n_dns && wanted(srv, DHCP_OPT_DNS))
		dhcp_build_opt(b, DHCP_OPT_DNS, dns, 4 * c->n_dns);
	if (c->netmask && wanted(srv, DHCP_OPT_BROADCAST))
		dhcp_build_u32(b, DHCP_OPT_BROADCAST, c->server_addr | ~c->netmask);
}

/**
 * boot_options() - root path, PXE identification, iPXE no-pxedhcp, rule options (and omissions)
 * @srv: the server
 * @a:   the answer
 * @b:   builder
 */
static void boot_options(struct dhcp_server *srv, const struct dhcp_answer *a,
			 struct dhcp_build *b)
{
	const struct dhcp_rule *r = a->rule;
	const uint8_t *uuid;
	size_t i, len;

	if (boots(a)) {
		if (r->root_path)
			dhcp_build_str(b, DHCP_OPT_ROOT_PATH, r->root_path);
		/* an HTTP Boot client (OVMF) takes the URL from option 67 and
		 * ignores an offer without 60 "HTTPClient" (field notes:
		 * it retries, then blames the "NBP file size") */
		if (r->file && (strlen(r->file) > DHCP_FILE_LEN || dhcp_msg_is_http_client(&srv->msg)))
			dhcp_build_str(b, DHCP_OPT_BOOTFILE, r->file);
		if (r->file && dhcp_msg_is_http_client(&srv->msg))
			dhcp_build_str(b, DHCP_OPT_VENDOR_CLASS, "HTTPClient");
		/* PXEClient only with an NBP: iPXE takes a PXEClient answer as a
		 * ProxyDHCP offer, asks port 4011, and ignores a ProxyDHCPACK
		 * without a boot file (a root-path answer): 3.8 s lost here */
		if (dhcp_msg_is_pxe(&srv->msg) && r->file) {
			dhcp_build_str(b, DHCP_OPT_VENDOR_CLASS, "PXEClient");
			dhcp_build_opt(b, DHCP_OPT_VENDOR, pxe_vendor_opts, sizeof(pxe_vendor_opts));
			uuid = dhcp_msg_opt(&srv->msg, DHCP_OPT_UUID, &len);
			if (uuid)
				dhcp_build_opt(b, DHCP_OPT_UUID, uuid, len);
		}
	}
	/* an address-only answer too: on a dual-stack LAN the boot file comes
	 * over DHCPv6, and without 175.176 iPXE waits ~4 s for a ProxyDHCP
	 * offer before it takes the address (scenarios/pxe6-dual-stack.scn) */
	if (a->type != DHCPNAK && dhcp_msg_is_ipxe(&srv->msg) &&
	    ((r && r->no_pxedhcp) || srv->cfg.no_pxedhcp))
		dhcp_build_opt(b, DHCP_OPT_IPXE, ipxe_no_pxedhcp, sizeof(ipxe_no_pxedhcp));
	for (i = 0; r && a->type != DHCPNAK && i < r->n_opts; i++)
		dhcp_build_opt(b, r->opts[i].code, r->opts[i].data, r->opts[i].len);
	for (i = 0; r && i < r->n_omit; i++)
		dhcp_build_remove(b, r->omit[i]);
}

/**
 * build_reply() - assemble header and options in order
 * @srv: the server
 * @a:   the answer
 *
 * Return: payload length in srv->out, or -ENOSPC.
 */
static int build_reply(struct dhcp_server *srv, const struct dhcp_answer *a)
{
	struct dhcp_build *b = &srv->build;
	struct dhcp_hdr h;

	reply_header(srv, a, &h);
	dhcp_build_init(b, &h);
	dhcp_build_u8(b, DHCP_OPT_MSG_TYPE, a->type);
	dhcp_build_u32(b, DHCP_OPT_SERVER_ID, srv->cfg.server_addr);
	if (a->type == DHCPNAK)
		dhcp_build_str(b, DHCP_OPT_MESSAGE, a->nak_reason ? a->nak_reason : "refused");
	else
		address_options(srv, a, b);
	boot_options(srv, a, b);
	return dhcp_build_finish(b, srv->out, sizeof(srv->out), dhcp_msg_reply_max(&srv->msg));
}

/**
 * reply_dest() - where the reply goes (RFC 2131 4.1), and from where
 * @srv: the server
 * @in:  the request datagram
 * @a:   the answer
 * @out: out: addresses and link-layer hint of the reply
 */
static void reply_dest(const struct dhcp_server *srv, const struct pxl_dgram *in,
		       const struct dhcp_answer *a, struct pxl_dgram *out)
{
	const struct dhcp_hdr *q = &srv->msg.hdr;

	out->src.addr = srv->cfg.server_addr;
	out->src.port = in->dst.port == DHCP_PXE_PORT ? DHCP_PXE_PORT : DHCP_SERVER_PORT;
	out->dst.port = DHCP_CLIENT_PORT;
	if (srv->cfg.port && srv->cfg.port != DHCP_SERVER_PORT) {
		/* a server on a test port: its clients are not on 68 either */
		out->src.port = srv->cfg.port;
		out->dst.addr = in->src.addr ? in->src.addr : 0xffffffffu;
		out->dst.port = in->src.port;
	} else if (a->to_sender) {
		out->dst.addr = in->src.addr ? in->src.addr : 0xffffffffu;
		out->dst.port = in->src.port;
	} else if (q->giaddr) {
		out->dst.addr = q->giaddr;
		out->dst.port = DHCP_SERVER_PORT;
	} else if (a->type == DHCPNAK) {
		out->dst.addr = 0xffffffffu;
	} else if (q->ciaddr) {
		out->dst.addr = q->ciaddr;
	} else if ((q->flags & DHCP_FLAG_BROADCAST) || !a->yiaddr) {
		out->dst.addr = 0xffffffffu;
	} else {
		out->dst.addr = a->yiaddr;
		memcpy(out->mac, q->chaddr, 6);
		out->has_mac = 1;
	}
}

/**
 * event_detail() - "rule NAME: file=F next-server=A root-path=P" and the like
 * @srv: the server
 * @a:   the answer
 * @h:   the reply header (for siaddr)
 * @buf: out
 * @size: its size
 */
static void event_detail(const struct dhcp_server *srv, const struct dhcp_answer *a,
			 const struct dhcp_hdr *h, char *buf, size_t size)
{
	const struct dhcp_rule *r = a->rule;
	char ip[16];
	uint32_t s = h->siaddr;

	if (a->type == DHCPNAK) {
		snprintf(buf, size, "%s", a->nak_reason ? a->nak_reason : "refused");
		return;
	}
	if (!r) {
		snprintf(buf, size, "no rule matched: address only");
		return;
	}
	if (r->no_boot) {
		snprintf(buf, size, "rule %s: no boot answer", r->name);
		return;
	}
	snprintf(ip, sizeof(ip), "%u.%u.%u.%u", s >> 24, (s >> 16) & 0xff, (s >> 8) & 0xff,
		 s & 0xff);
	snprintf(buf, size, "rule %s:%s%s%s%s next-server=%s%s", r->name,
		 r->root_path ? " root-path=" : "", r->root_path ? r->root_path : "",
		 r->file ? " file=" : "", r->file ? r->file : "", ip,
		 srv->build.hdr.flags & DHCP_FLAG_BROADCAST ? " broadcast" : "");
}

/**
 * report() - emit the event for a sent reply and count a given boot file
 * @srv: the server
 * @a:   the answer
 * @now: time
 *
 * Return: 0, or -ENOMEM if the boot history could not grow.
 */
static int report(struct dhcp_server *srv, const struct dhcp_answer *a, uint64_t now)
{
	const struct dhcp_rule *r = a->rule;
	char detail[512];
	struct pxl_event ev = {
		.service = a->proxy ? "proxydhcp" : "dhcp",
		.kind = a->kind,
		.has_mac = 1,
		.addr = a->yiaddr,
		.detail = detail,
		.value = srv->msg.hdr.xid,
	};

	memcpy(ev.mac, srv->msg.hdr.chaddr, 6);
	if (boots(a))
		ev.name = r->file ? r->file : r->root_path;
	event_detail(srv, a, &srv->build.hdr, detail, sizeof(detail));
	dhcp_event(srv, now, &ev);
	if (a->type == DHCPACK && boots(a) && r->file && r->file[0])
		return dhcp_history_add(&srv->hist, srv->msg.hdr.chaddr, r->file);
	return 0;
}

/**
 * dhcp_reply_send() - build, address and send a reply, then report it
 * @srv: the server (its @msg is the request)
 * @in:  the request datagram
 * @a:   what to answer
 * @now: time
 *
 * Return: 0 or -errno (counted as a drop with its reason).
 */
int dhcp_reply_send(struct dhcp_server *srv, const struct pxl_dgram *in,
		    const struct dhcp_answer *a, uint64_t now)
{
	struct pxl_dgram out = { 0 };
	int len = build_reply(srv, a);

	if (len < 0)
		return dhcp_drop(srv, now, DHCP_DROP_REPLY_TOO_BIG, in, NULL);
	reply_dest(srv, in, a, &out);
	out.data = srv->out;
	out.len = (size_t)len;
	if (srv->tx.ops->send(srv->tx.ctx, &out))
		return dhcp_drop(srv, now, DHCP_DROP_SEND_FAILED, in, NULL);
	srv->stats.tx_type[a->type]++;
	if (report(srv, a, now))
		return dhcp_drop(srv, now, DHCP_DROP_NO_MEMORY, in, "boot history full");
	return 0;
}
