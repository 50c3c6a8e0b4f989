/* inject_port.c - a segment port that plays a hostile guest: crafted frames while a scenario runs
 *
 * One timer drives everything: each step sends the next frame of the
 * catalogue (hostile.c) or of the capture, or opens the next conversation
 * (inject_conv.c); conversations move on at each step and when answers
 * arrive.  Frames enter the segment through pxl_segment_input() from our
 * own port, exactly as a guest's would.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/loop.h"
#include "core/util.h"
#include "net/inject_priv.h"
#include "net/segment.h"

/** inj_mac - the hostile guest's MAC address */
static const uint8_t inj_mac[PXL_ETH_ALEN] = { 0x52, 0x54, 0x00, 0x66, 0x66, 0x66 };

/**
 * pxl_inject_config_default() - start after 0.5 s, a step every 150 ms, two rounds
 * @cfg: out
 */
void pxl_inject_config_default(struct pxl_inject_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->source = "hostile";
	cfg->ip = 0x0a000242;
	cfg->srv_ip = 0x0a000202;
	cfg->portal_ip = 0x0a000204;
	cfg->portal_port = 3260;
	cfg->start_ns = 500ULL * 1000000ULL;
	cfg->interval_ns = 150ULL * 1000000ULL;
	cfg->rounds = 2;
	cfg->seed = 1;
}

/**
 * inj_count() - count one frame under its kind
 * @in: injector
 * @kind: static name
 */
static void inj_count(struct pxl_inject *in, const char *kind)
{
	struct pxl_inject_stats *st = &in->st;
	size_t i;

	for (i = 0; i < st->nkinds; i++) {
		if (st->kinds[i].name == kind || !strcmp(st->kinds[i].name, kind)) {
			st->kinds[i].count++;
			return;
		}
	}
	if (st->nkinds < PXL_INJECT_MAX_KINDS) {
		st->kinds[st->nkinds].name = kind;
		st->kinds[st->nkinds++].count = 1;
	}
}

/**
 * inj_send() - a frame leaves the hostile guest into the segment
 * @in: injector
 * @kind: what it is (static text), counted
 * @hostile: crafted to be wrong (1) or a well-formed part of a conversation (0)
 * @frame, @len: bytes
 */
void inj_send(struct pxl_inject *in, const char *kind, int hostile, const uint8_t *frame, size_t len)
{
	if (!len)
		return;
	in->st.frames++;
	in->st.hostile += hostile != 0;
	inj_count(in, kind);
	pxl_segment_input(in->seg, in->port, frame, len);
}

/**
 * inj_answer_arp() - answer an ARP request for the hostile guest's address
 * @in: injector
 * @f: decoded frame
 *
 * Return: 1 if it was one.
 */
static int inj_answer_arp(struct pxl_inject *in, const struct pxl_frame *f)
{
	uint8_t reply[PXL_ETH_MIN_FRAME];

	if (!f->is_arp || f->arp_op != PXL_ARP_REQUEST || f->arp_tpa != in->ctx.ip)
		return 0;
	pxl_build_arp(reply, PXL_ARP_REPLY, in->ctx.mac, in->ctx.ip, f->arp_sha, f->arp_spa);
	inj_send(in, "ARP reply (well-formed)", 0, reply, sizeof(reply));
	return 1;
}

/**
 * inj_deliver() - a frame the segment switched to the hostile port
 * @arg: injector
 * @frame, @len: bytes
 */
static void inj_deliver(void *arg, const uint8_t *frame, size_t len)
{
	struct pxl_inject *in = arg;
	struct pxl_frame f;

	in->st.received++;
	if (pxl_frame_decode(frame, len, &f, NULL))
		return;
	if (inj_answer_arp(in, &f))
		return;
	if (!f.is_ipv4 || f.ip_dst != in->ctx.ip)
		return;
	if (!inj_tftp_input(in, &f))
		inj_iscsi_input(in, &f, pxl_now_ns());
}

/**
 * inj_steps() - steps in one round
 * @in: injector
 *
 * Return: catalogue entries + conversations (hostile) or capture records.
 */
static size_t inj_steps(const struct pxl_inject *in)
{
	if (in->pcap)
		return SIZE_MAX;
	return pxl_hostile_nkinds + 1 + (in->ctx.portal_ip ? INJ_ISCSI_SCRIPTS : 0);
}

/**
 * inj_step_pcap() - send the next record of the capture (a new round at its end)
 * @in: injector
 *
 * Return: 1 if a record was sent, 0 at the end of a round.
 */
static int inj_step_pcap(struct pxl_inject *in)
{
	struct pxl_pcap_rec rec;

	if (pxl_pcap_next(&in->rd, &rec) != 1) {
		pxl_pcap_open_mem(&in->rd, in->pcap, in->pcap_len);
		return 0;
	}
	inj_send(in, "captured frame", 1, rec.data, rec.caplen);
	return 1;
}

/**
 * inj_step_hostile() - the next catalogue entry or conversation
 * @in: injector
 * @now: clock
 */
static void inj_step_hostile(struct pxl_inject *in, uint64_t now)
{
	size_t k = in->step;

	if (k < pxl_hostile_nkinds) {
		size_t len = pxl_hostile_kinds[k].build(&in->ctx, in->buf);

		inj_send(in, pxl_hostile_kinds[k].name, 1, in->buf, len);
	} else if (k == pxl_hostile_nkinds) {
		inj_tftp_start(in);
	} else {
		inj_iscsi_start(in, (int)(k - pxl_hostile_nkinds - 1), now);
	}
}

/**
 * inj_tick() - one step; re-arms until every round and conversation is over
 * @arg: injector
 */
static void inj_tick(void *arg)
{
	struct pxl_inject *in = arg;
	uint64_t now = pxl_now_ns();

	if (in->round < in->cfg.rounds) {
		if (in->pcap) {
			if (!inj_step_pcap(in))
				in->round++;
		} else {
			inj_step_hostile(in, now);
			if (++in->step == inj_steps(in)) {
				in->step = 0;
				in->round++;
			}
		}
	}
	inj_tftp_tick(in);
	inj_iscsi_tick(in, now);
	if (in->round >= in->cfg.rounds && !in->tftp.active && !in->tcp.active) {
		in->finished = 1;
		return;
	}
	pxl_timer_arm(in->timer, now + in->cfg.interval_ns);
}

/**
 * inj_load_source() - "hostile", or load the capture
 * @in: injector
 * @err, @errlen: out: message
 *
 * Return: 0 or -1.
 */
static int inj_load_source(struct pxl_inject *in, char *err, size_t errlen)
{
	int rc;

	if (!strcmp(in->source, "hostile"))
		return 0;
	rc = pxl_pcap_load(in->source, &in->pcap, &in->pcap_len);
	if (!rc)
		rc = pxl_pcap_open_mem(&in->rd, in->pcap, in->pcap_len);
	if (!rc && in->rd.linktype != PXL_PCAP_LINKTYPE_ETHERNET)
		rc = -EPROTONOSUPPORT;
	if (rc)
		return pxl_err(err, errlen, "--inject %s: expected 'hostile' or a readable Ethernet pcap file: %s",
			       in->source, rc == -EINVAL ? "not a pcap file" : strerror(-rc));
	return 0;
}

/**
 * pxl_inject_new() - plug a hostile guest into the segment
 * @loop: event loop
 * @seg: segment
 * @cfg: configuration (see pxl_inject_config_default())
 * @err, @errlen: out: why it failed
 *
 * Return: the injector, or NULL.
 */
struct pxl_inject *pxl_inject_new(struct pxl_loop *loop, struct pxl_segment *seg,
				  const struct pxl_inject_config *cfg, char *err, size_t errlen)
{
	struct pxl_inject *in = calloc(1, sizeof(*in));
	uint8_t arp[PXL_ETH_MIN_FRAME];

	if (!in) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	in->loop = loop;
	in->seg = seg;
	in->cfg = *cfg;
	snprintf(in->source, sizeof(in->source), "%s", cfg->source ? cfg->source : "hostile");
	in->cfg.source = in->source;
	memcpy(in->ctx.mac, inj_mac, PXL_ETH_ALEN);
	in->ctx.ip = cfg->ip;
	in->ctx.srv_ip = cfg->srv_ip;
	in->ctx.portal_ip = cfg->portal_ip;
	in->ctx.portal_port = cfg->portal_port;
	in->ctx.rng = cfg->seed | 1;
	if (inj_load_source(in, err, errlen))
		goto fail;
	in->timer = pxl_timer_new(loop, inj_tick, in);
	in->port = pxl_segment_add_port(seg, "inject", inj_deliver, in);
	if (!in->timer || in->port < 0) {
		snprintf(err, errlen, "cannot plug the inject port into the segment");
		goto fail;
	}
	pxl_build_arp(arp, PXL_ARP_REQUEST, in->ctx.mac, in->ctx.ip, NULL,
		      cfg->portal_ip ? cfg->portal_ip : cfg->srv_ip);
	inj_send(in, "ARP announce (well-formed)", 0, arp, sizeof(arp));
	pxl_timer_arm(in->timer, pxl_now_ns() + cfg->start_ns);
	return in;
fail:
	pxl_inject_free(in);
	return NULL;
}

/** pxl_inject_done() - Return: 1 once every round and conversation is over */
int pxl_inject_done(const struct pxl_inject *in)
{
	return in->finished;
}

/** pxl_inject_get_stats() - copy the counters into @st */
void pxl_inject_get_stats(const struct pxl_inject *in, struct pxl_inject_stats *st)
{
	*st = in->st;
}

/**
 * pxl_inject_free() - unplug the hostile guest
 * @in: injector (may be NULL)
 *
 * Sends nothing: at teardown the other ports may already be gone (an open
 * TCP conversation is simply forgotten).
 */
void pxl_inject_free(struct pxl_inject *in)
{
	if (!in)
		return;
	if (in->port > 0)
		pxl_segment_del_port(in->seg, in->port);
	pxl_timer_free(in->timer);
	free(in->pcap);
	free(in);
}
