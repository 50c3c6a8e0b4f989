/* sclient.c - a synthetic client's identity, stage bookkeeping and frame plumbing */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "net/transport.h"
#include "storm/sclient_priv.h"

/** scl_stage_names - stage names as reports print them */
static const char *const scl_stage_names[SCL_STAGES] = {
	[SCL_DHCP_PXE] = "dhcp-pxe",
	[SCL_TFTP_NBP] = "tftp-nbp",
	[SCL_IPXE_START] = "ipxe-start",
	[SCL_DHCP_IPXE] = "dhcp-ipxe",
	[SCL_ISCSI_LOGIN] = "iscsi-login",
	[SCL_ISCSI_BOOT] = "iscsi-boot",
};

/** scl_mac_prefix - locally administered, "S" for storm: 02:53:xx:xx:xx:xx */
static const uint8_t scl_mac_prefix[2] = { 0x02, 0x53 };

/**
 * scl_stage_name() - a stage's name
 * @s: stage
 *
 * Return: static text.
 */
const char *scl_stage_name(enum scl_stage s)
{
	return (unsigned)s < SCL_STAGES ? scl_stage_names[s] : "?";
}

/**
 * scl_mac_of() - the MAC of client @idx: 02:53 then @idx big-endian
 * @idx: client number
 * @mac: out
 */
void scl_mac_of(unsigned idx, uint8_t mac[PXL_ETH_ALEN])
{
	mac[0] = scl_mac_prefix[0];
	mac[1] = scl_mac_prefix[1];
	mac[2] = (uint8_t)(idx >> 24);
	mac[3] = (uint8_t)(idx >> 16);
	mac[4] = (uint8_t)(idx >> 8);
	mac[5] = (uint8_t)idx;
}

/**
 * scl_idx_of() - which client owns @mac
 * @mac: hardware address
 * @idx: out: client number
 *
 * Return: 1 if @mac is a synthetic client's, else 0.
 */
int scl_idx_of(const uint8_t mac[PXL_ETH_ALEN], unsigned *idx)
{
	if (memcmp(mac, scl_mac_prefix, sizeof(scl_mac_prefix)))
		return 0;
	*idx = (unsigned)mac[2] << 24 | (unsigned)mac[3] << 16 | (unsigned)mac[4] << 8 | mac[5];
	return 1;
}

/**
 * scl_rand() - next number of the client's stream (xorshift64*)
 * @c: client
 *
 * Return: 32 random bits.
 */
uint32_t scl_rand(struct scl_client *c)
{
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return (uint32_t)((c->rng * 0x2545f4914f6cdd1dULL) >> 32);
}

/**
 * scl_timer_ns() - a firmware timer as this storm runs it
 * @c:  client
 * @ns: the firmware's value
 *
 * Return: @ns divided by the configured timer_div (at least 1 ns).
 */
uint64_t scl_timer_ns(const struct scl_client *c, uint64_t ns)
{
	unsigned d = c->cfg->timer_div > 1 ? c->cfg->timer_div : 1;

	return ns / d ? ns / d : 1;
}

/**
 * scl_client_init() - a client that has not started: MAC, UUID, random stream
 * @c:   client
 * @idx: its number in the storm
 * @cfg: shared configuration (must outlive the client)
 */
void scl_client_init(struct scl_client *c, unsigned idx, const struct scl_config *cfg)
{
	unsigned i;

	memset(c, 0, sizeof(*c));
	c->idx = idx;
	c->cfg = cfg;
	c->deadline = PXL_NEVER;
	c->rng = (cfg->seed ^ 0x9e3779b97f4a7c15ULL) + (uint64_t)idx * 0xbf58476d1ce4e5b9ULL;
	if (!c->rng)
		c->rng = 1;
	scl_mac_of(idx, c->mac);
	for (i = 0; i < sizeof(c->uuid); i += 4) {
		uint32_t r = scl_rand(c);

		memcpy(c->uuid + i, &r, 4);
	}
	c->uuid[6] = (uint8_t)((c->uuid[6] & 0x0f) | 0x40);	/* RFC 4122 version 4 */
	c->uuid[8] = (uint8_t)((c->uuid[8] & 0x3f) | 0x80);
	c->ipid = (uint16_t)scl_rand(c);
}

/**
 * scl_client_start() - power on: the first stage begins
 * @c:   client
 * @now: clock
 * @tx:  where frames go
 */
void scl_client_start(struct scl_client *c, uint64_t now, const struct scl_tx *tx)
{
	c->stage = SCL_DHCP_PXE;
	scl_dhcp_begin(c, now, tx);
}

/**
 * scl_ipxe_start_begin() - the NBP runs: iPXE's first DISCOVER goes out after its start delay
 * @c:   client
 * @now: clock (the NBP's last ACK just went out)
 */
static void scl_ipxe_start_begin(struct scl_client *c, uint64_t now)
{
	c->rec[SCL_IPXE_START].start_ns = now;
	c->rec[SCL_IPXE_START].tries = 1;		/* the NBP started once */
	c->state = SCL_STARTING;
	c->deadline = now + scl_timer_ns(c, SCL_IPXE_START_MS * PXL_NS_PER_MS);
}

/**
 * scl_pass() - the current stage passed; the next one begins
 * @c:   client
 * @now: clock
 * @tx:  where frames go
 */
void scl_pass(struct scl_client *c, uint64_t now, const struct scl_tx *tx)
{
	c->rec[c->stage].ok = 1;
	c->rec[c->stage].end_ns = now;
	c->deadline = PXL_NEVER;
	if (++c->stage == SCL_STAGES || (c->cfg->stages && c->stage >= c->cfg->stages)) {
		c->state = SCL_DONE;
		return;
	}
	if (c->stage == SCL_TFTP_NBP)
		scl_tftp_begin(c, now, tx);
	else if (c->stage == SCL_IPXE_START)
		scl_ipxe_start_begin(c, now);
	else if (c->stage == SCL_ISCSI_LOGIN)
		scl_iscsi_begin(c, now, tx);
	else if (c->stage == SCL_ISCSI_BOOT)
		scl_iscsi_boot_begin(c, now, tx);
	else
		scl_dhcp_begin(c, now, tx);
}

/**
 * scl_fail() - the current stage failed; the client stops there
 * @c:   client
 * @now: clock
 * @fmt: diagnosis, printf-style
 */
void scl_fail(struct scl_client *c, uint64_t now, const char *fmt, ...)
{
	struct scl_stage_rec *r = &c->rec[c->stage];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	r->ok = 0;
	r->end_ns = now;
	c->state = SCL_FAILED;
	c->deadline = PXL_NEVER;
}

/**
 * scl_send_udp() - one UDP frame from the client
 * @c:       client (source MAC, IP identification)
 * @tx:      where it goes
 * @dst_mac: destination MAC
 * @src, @sport, @dst, @dport: endpoints, host order
 * @payload, @len: UDP payload
 */
void scl_send_udp(struct scl_client *c, const struct scl_tx *tx, const uint8_t dst_mac[PXL_ETH_ALEN],
		  uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
		  const void *payload, size_t len)
{
	struct pxl_udp_spec spec = {
		.src_ip = src, .dst_ip = dst, .sport = sport, .dport = dport,
		.ip_id = c->ipid++, .ttl = 64,
	};
	uint8_t frame[SCL_FRAME_MAX];
	size_t n;

	memcpy(spec.src_mac, c->mac, PXL_ETH_ALEN);
	memcpy(spec.dst_mac, dst_mac, PXL_ETH_ALEN);
	n = pxl_build_udp(frame, sizeof(frame), &spec, payload, len);
	if (n)
		tx->send(tx->ctx, frame, n);
}

/**
 * scl_answer_arp() - answer an ARP request for the client's address
 * @c:  client
 * @f:  decoded frame
 * @tx: where the reply goes
 *
 * Return: 1 if @f was one.
 */
static int scl_answer_arp(struct scl_client *c, const struct pxl_frame *f, const struct scl_tx *tx)
{
	uint8_t reply[PXL_ETH_MIN_FRAME];

	if (!f->is_arp || f->arp_op != PXL_ARP_REQUEST || !c->ip || f->arp_tpa != c->ip)
		return 0;
	pxl_build_arp(reply, PXL_ARP_REPLY, c->mac, c->ip, f->arp_sha, f->arp_spa);
	tx->send(tx->ctx, reply, sizeof(reply));
	return 1;
}

/**
 * scl_client_input() - a frame the LAN delivered to this client
 * @c:   client
 * @f:   decoded frame
 * @now: clock
 * @tx:  where answers go
 *
 * Return: 1 if the client took it, 0 if it was not for the client's stage.
 */
int scl_client_input(struct scl_client *c, const struct pxl_frame *f, uint64_t now,
		     const struct scl_tx *tx)
{
	if (scl_answer_arp(c, f, tx))
		return 1;
	if (c->state == SCL_DONE || c->state == SCL_FAILED || c->state == SCL_IDLE)
		return 0;
	if (c->stage == SCL_TFTP_NBP)
		return scl_tftp_input(c, f, now, tx);	/* the next server's ARP reply too */
	if (c->stage == SCL_IPXE_START || c->stage >= SCL_ISCSI_LOGIN)
		return 0;		/* iPXE not up yet; the iSCSI stages' TCP is the host's */
	return f->is_udp && scl_dhcp_input(c, f, now, tx);
}

/**
 * scl_client_tcp() - the host's news of the client's TCP connection (iSCSI stages)
 * @c:    client
 * @ev:   connected, data, closed
 * @data, @len: bytes of SCL_TCP_DATA
 * @err:  errno of SCL_TCP_CLOSED (0: closed by the peer)
 * @now:  clock
 * @tx:   host
 */
void scl_client_tcp(struct scl_client *c, enum scl_tcp_ev ev, const uint8_t *data, size_t len, int err,
		    uint64_t now, const struct scl_tx *tx)
{
	if (c->stage >= SCL_ISCSI_LOGIN && c->stage < SCL_STAGES && !scl_client_finished(c))
		scl_iscsi_tcp(c, ev, data, len, err, now, tx);
}

/**
 * scl_client_tick() - the client's timer: retransmit, move on, or give up
 * @c:   client
 * @now: clock
 * @tx:  where frames go
 */
void scl_client_tick(struct scl_client *c, uint64_t now, const struct scl_tx *tx)
{
	if (c->deadline == PXL_NEVER || now < c->deadline)
		return;
	if (c->stage == SCL_TFTP_NBP)
		scl_tftp_tick(c, now, tx);
	else if (c->stage == SCL_IPXE_START)
		scl_pass(c, now, tx);		/* iPXE is up: stage 4's DISCOVER goes out now */
	else if (c->stage >= SCL_ISCSI_LOGIN)
		scl_iscsi_tick(c, now, tx);
	else
		scl_dhcp_tick(c, now, tx);
}

/**
 * scl_client_finished() - done or failed
 * @c: client
 *
 * Return: 1 if the client will send nothing more.
 */
int scl_client_finished(const struct scl_client *c)
{
	return c->state == SCL_DONE || c->state == SCL_FAILED;
}
