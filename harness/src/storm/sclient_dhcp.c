/* sclient_dhcp.c - a synthetic client's DHCP rounds: OVMF's PXE DORA, then iPXE's
 *
 * The options, their order and the timers are the firmware's, read from
 * ../shared/captures (uefi-native-pxe-dnsmasq-tgt.pcap for OVMF,
 * bios-ipxe-rom-sanboot.pcap for iPXE) and EDK2's PxeBcDhcp4.c / iPXE's
 * net/udp/dhcp.c: a DISCOVER, offers collected for the firmware's wait,
 * a REQUEST for the first offer, the ACK.  ProxyDHCP offers (no yiaddr)
 * are not followed yet.
 */
#include <stdio.h>
#include <string.h>

#include "net/transport.h"
#include "services/dhcp/dhcp_msg.h"
#include "storm/sclient_priv.h"

/**
 * struct scl_fw - what one firmware puts in its DHCP messages and how it waits
 * @name:      for diagnoses
 * @flags:     BOOTP flags (OVMF sets broadcast, iPXE does not)
 * @retx_ms:   wait after each try before the next; the last one ends the round
 * @nretx:     tries
 * @offer_wait_ms: from the first DISCOVER to the REQUEST when an offer came
 *             (offers are collected, measured in the captures)
 * @opts:      options after 53 (and 54/50 in a REQUEST), in the firmware's order
 */
struct scl_fw {
	const char *name;
	uint16_t flags;
	const uint32_t *retx_ms;
	size_t nretx;
	uint32_t offer_wait_ms;
	void (*opts)(const struct scl_client *c, struct dhcp_build *b);
};

/* EDK2 PxeBcDhcp4.c mPxeDhcpTimeout[] = { 4, 8, 16, 32 } seconds */
static const uint32_t ovmf_retx_ms[] = { 4000, 8000, 16000, 32000 };
/* iPXE dhcp.c: DHCP_DISC_START_TIMEOUT_SEC 1, doubling to DHCP_DISC_END_TIMEOUT_SEC 10 */
static const uint32_t ipxe_retx_ms[] = { 1000, 2000, 4000, 8000 };

/* OVMF's option 55: 35 codes, as captured */
static const uint8_t ovmf_prl[] = {
	1, 2, 3, 4, 5, 6, 12, 13, 15, 17, 18, 22, 23, 28, 40, 41, 42, 43,
	50, 51, 54, 58, 59, 60, 66, 67, 97, 128, 129, 130, 131, 132, 133, 134, 135,
};
/* iPXE's option 55: 23 codes, as captured */
static const uint8_t ipxe_prl[] = {
	1, 3, 6, 7, 12, 15, 17, 26, 43, 60, 66, 67, 119, 128, 129, 130, 131,
	132, 133, 134, 135, 175, 203,
};
/* iPXE's option 175 as captured, with EFI (0x24) where the BIOS build says PXE (0x21) */
static const uint8_t ipxe_175[] = {
	0xb1, 0x05, 0x01, 0x80, 0x86, 0x10, 0x0e, 0xeb, 0x03, 0x01, 0x00, 0x00,
	0x17, 0x01, 0x01, 0x24, 0x01, 0x01, 0x13, 0x01, 0x01, 0x11, 0x01, 0x01,
	0x27, 0x01, 0x01, 0x19, 0x01, 0x01, 0x29, 0x01, 0x01, 0x10, 0x01, 0x02,
	0x22, 0x01, 0x01, 0x15, 0x01, 0x01, 0x18, 0x01, 0x01, 0x12, 0x01, 0x01,
};

/**
 * uuid_opt() - option 97: type 0, then the client's UUID
 * @c:   client
 * @out: 17 bytes
 */
static void uuid_opt(const struct scl_client *c, uint8_t out[17])
{
	out[0] = 0;
	memcpy(out + 1, c->uuid, 16);
}

/**
 * ovmf_opts() - OVMF's order: 57, 55, 97, 94, 93, 60
 * @c: client
 * @b: message being built
 */
static void ovmf_opts(const struct scl_client *c, struct dhcp_build *b)
{
	static const uint8_t ndi[] = { 1, 3, 0 }, arch[] = { 0, 7 };
	uint8_t uuid[17];

	uuid_opt(c, uuid);
	dhcp_build_u16(b, 57, 1472);
	dhcp_build_opt(b, 55, ovmf_prl, sizeof(ovmf_prl));
	dhcp_build_opt(b, 97, uuid, sizeof(uuid));
	dhcp_build_opt(b, 94, ndi, sizeof(ndi));
	dhcp_build_opt(b, 93, arch, sizeof(arch));
	dhcp_build_str(b, 60, "PXEClient:Arch:00007:UNDI:003000");
}

/**
 * ipxe_opts() - iPXE's (snponly.efi) order: 57, 93, 94, 60, 77, 55, 175, 61, 97
 * @c: client
 * @b: message being built
 */
static void ipxe_opts(const struct scl_client *c, struct dhcp_build *b)
{
	static const uint8_t ndi[] = { 1, 3, 16 }, arch[] = { 0, 7 };
	uint8_t uuid[17], cid[1 + PXL_ETH_ALEN] = { 1 };

	uuid_opt(c, uuid);
	memcpy(cid + 1, c->mac, PXL_ETH_ALEN);
	dhcp_build_u16(b, 57, 1472);
	dhcp_build_opt(b, 93, arch, sizeof(arch));
	dhcp_build_opt(b, 94, ndi, sizeof(ndi));
	dhcp_build_str(b, 60, "PXEClient:Arch:00007:UNDI:003010");
	dhcp_build_str(b, 77, "iPXE");
	dhcp_build_opt(b, 55, ipxe_prl, sizeof(ipxe_prl));
	dhcp_build_opt(b, 175, ipxe_175, sizeof(ipxe_175));
	dhcp_build_opt(b, 61, cid, sizeof(cid));
	dhcp_build_opt(b, 97, uuid, sizeof(uuid));
}

/** scl_fws - the firmware of each DHCP stage */
static const struct scl_fw scl_fws[SCL_STAGES] = {
	[SCL_DHCP_PXE] = { "OVMF PXE", DHCP_FLAG_BROADCAST, ovmf_retx_ms,
			   sizeof(ovmf_retx_ms) / sizeof(ovmf_retx_ms[0]), 3737, ovmf_opts },
	[SCL_DHCP_IPXE] = { "iPXE", 0, ipxe_retx_ms,
			    sizeof(ipxe_retx_ms) / sizeof(ipxe_retx_ms[0]), 3046, ipxe_opts },
};

/**
 * dhcp_send() - DISCOVER or REQUEST, try number c->try + 1; arms the retry timer
 * @c:    client
 * @type: DHCPDISCOVER or DHCPREQUEST
 * @now:  clock
 * @tx:   where it goes
 */
static void dhcp_send(struct scl_client *c, uint8_t type, uint64_t now, const struct scl_tx *tx)
{
	static const uint8_t bcast[PXL_ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	const struct scl_fw *fw = &scl_fws[c->stage];
	struct scl_stage_rec *r = &c->rec[c->stage];
	struct dhcp_hdr h = { .op = DHCP_BOOTREQUEST, .htype = 1, .hlen = 6, .xid = c->xid,
			      .flags = fw->flags };
	uint8_t out[DHCP_MSG_MAX_LEN];
	struct dhcp_build b;
	int len;

	h.secs = (uint16_t)((now - r->start_ns) / PXL_NS_PER_SEC);
	memcpy(h.chaddr, c->mac, PXL_ETH_ALEN);
	dhcp_build_init(&b, &h);
	dhcp_build_u8(&b, 53, type);
	if (type == DHCPREQUEST) {
		dhcp_build_u32(&b, 54, c->server_id);
		dhcp_build_u32(&b, 50, c->offer_ip);
	}
	fw->opts(c, &b);
	len = dhcp_build_finish(&b, out, sizeof(out), DHCP_MSG_MAX_LEN);
	if (len > 0)
		scl_send_udp(c, tx, bcast, 0, DHCP_CLIENT_PORT, PXL_IPV4_BROADCAST, DHCP_SERVER_PORT,
			     out, (size_t)len);
	r->retx += c->try > 0;
	r->tries++;
	c->deadline = now + scl_timer_ns(c, fw->retx_ms[c->try++] * PXL_NS_PER_MS);
}

/**
 * scl_dhcp_begin() - a DHCP round starts: new XID, first DISCOVER
 * @c:   client
 * @now: clock
 * @tx:  where frames go
 */
void scl_dhcp_begin(struct scl_client *c, uint64_t now, const struct scl_tx *tx)
{
	c->rec[c->stage].start_ns = now;
	c->xid = scl_rand(c);
	c->try = 0;
	c->offer_at = 0;
	c->offer_ip = 0;
	c->server_id = 0;
	c->state = SCL_DISCOVER;
	dhcp_send(c, DHCPDISCOVER, now, tx);
}

/**
 * request_at() - when the firmware sends its REQUEST for the offer it holds
 * @c: client, with c->offer_at set
 *
 * Return: monotonic ns.
 */
static uint64_t request_at(const struct scl_client *c)
{
	uint64_t t = c->rec[c->stage].start_ns +
		     scl_timer_ns(c, scl_fws[c->stage].offer_wait_ms * PXL_NS_PER_MS);

	if (c->cfg->fast || t < c->offer_at)
		return c->offer_at;
	return t;
}

/**
 * send_request() - the REQUEST for the held offer: a new exchange, same XID
 * @c:   client
 * @now: clock
 * @tx:  where it goes
 */
static void send_request(struct scl_client *c, uint64_t now, const struct scl_tx *tx)
{
	c->state = SCL_REQUEST;
	c->try = 0;
	dhcp_send(c, DHCPREQUEST, now, tx);
}

/**
 * on_offer() - an OFFER while collecting: hold the first one with an address
 * @c:   client
 * @m:   the OFFER
 * @now: clock
 * @tx:  where the REQUEST goes
 */
static void on_offer(struct scl_client *c, const struct dhcp_msg *m, uint64_t now,
		     const struct scl_tx *tx)
{
	uint32_t sid = 0;

	if (c->offer_at || !m->hdr.yiaddr || dhcp_msg_opt_u32(m, 54, &sid))
		return;
	c->offer_at = now;
	c->offer_ip = m->hdr.yiaddr;
	c->server_id = sid;
	if (request_at(c) <= now)
		send_request(c, now, tx);
	else if (request_at(c) < c->deadline)
		c->deadline = request_at(c);
}

/**
 * on_ack() - the ACK of our REQUEST: the address, and for PXE the boot file
 * @c:   client
 * @m:   the ACK
 * @now: clock
 * @tx:  where the next stage's frames go
 */
static void on_ack(struct scl_client *c, const struct dhcp_msg *m, uint64_t now,
		   const struct scl_tx *tx)
{
	char file[SCL_FILE_MAX], ip[PXL_IP_STR];

	c->ip = m->hdr.yiaddr;
	if (!dhcp_msg_opt_str(m, 67, file, sizeof(file)))
		snprintf(file, sizeof(file), "%s", m->hdr.file);
	if (c->stage == SCL_DHCP_PXE) {
		if (!file[0]) {
			scl_fail(c, now, "ACK for %s carries no boot file (file field, option 67)",
				 pxl_ip_str(c->ip, ip));
			return;
		}
		snprintf(c->file, sizeof(c->file), "%s", file);
		c->next_server = m->hdr.siaddr ? m->hdr.siaddr : c->server_id;
	} else if (!dhcp_msg_opt_str(m, 17, c->root, sizeof(c->root))) {
		c->root[0] = '\0';		/* the iSCSI stage says so */
	}
	scl_pass(c, now, tx);
}

/**
 * scl_dhcp_input() - a frame during a DHCP round: OFFER, ACK or NAK for our XID
 * @c:   client
 * @f:   decoded UDP frame
 * @now: clock
 * @tx:  where answers go
 *
 * Return: 1 if it was a reply to this client's exchange.
 */
int scl_dhcp_input(struct scl_client *c, const struct pxl_frame *f, uint64_t now,
		   const struct scl_tx *tx)
{
	struct dhcp_msg m;
	char msg[SCL_WHY_MAX / 2], ip[PXL_IP_STR];

	if (f->dport != DHCP_CLIENT_PORT || dhcp_msg_parse(&m, f->payload, f->payload_len) ||
	    m.hdr.op != DHCP_BOOTREPLY || m.hdr.xid != c->xid ||
	    memcmp(m.hdr.chaddr, c->mac, PXL_ETH_ALEN))
		return 0;
	if (m.type == DHCPOFFER && c->state == SCL_DISCOVER)
		on_offer(c, &m, now, tx);
	else if (m.type == DHCPACK && c->state == SCL_REQUEST)
		on_ack(c, &m, now, tx);
	else if (m.type == DHCPNAK && c->state == SCL_REQUEST)
		scl_fail(c, now, "NAK for %s: %s", pxl_ip_str(c->offer_ip, ip),
			 dhcp_msg_opt_str(&m, 56, msg, sizeof(msg)) ? msg : "(no message)");
	return 1;
}

/**
 * scl_dhcp_tick() - REQUEST after the offer wait, retransmit, or give up
 * @c:   client
 * @now: clock (at or past c->deadline)
 * @tx:  where frames go
 */
void scl_dhcp_tick(struct scl_client *c, uint64_t now, const struct scl_tx *tx)
{
	const struct scl_fw *fw = &scl_fws[c->stage];
	int discover = c->state == SCL_DISCOVER;

	if (discover && c->offer_at && request_at(c) <= now) {
		send_request(c, now, tx);
		return;
	}
	if (c->try >= fw->nretx) {
		scl_fail(c, now, "no %s after %u %s (%s timers)", discover ? "OFFER" : "ACK",
			 c->try, discover ? "DISCOVERs" : "REQUESTs", fw->name);
		return;
	}
	dhcp_send(c, discover ? DHCPDISCOVER : DHCPREQUEST, now, tx);
	if (discover && c->offer_at && request_at(c) < c->deadline)
		c->deadline = request_at(c);
}
