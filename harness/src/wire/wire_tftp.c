/* wire_tftp.c - TFTP observations: requests, transfers followed block by block, errors */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "services/tftp/tftp_pkt.h"
#include "wire/wire_priv.h"

#define TFTP_DEFAULT_BLKSIZE 512

/**
 * struct tftp_ctx - one TFTP packet being handled
 * @p:           the frame
 * @pkt:         the parsed packet
 * @from_client: sent by the transfer's client
 */
struct tftp_ctx {
	const struct wire_pkt *p;
	const struct tftp_pkt *pkt;
	int from_client;
};

/**
 * add_opts() - add "option-NAME" fields (lower-case names) for a packet's options
 * @o:   observation
 * @pkt: request or OACK
 */
static void add_opts(struct pxl_obs *o, const struct tftp_pkt *pkt)
{
	char key[WIRE_KEY_MAX + 1];
	unsigned i;
	char *k;

	for (i = 0; i < pkt->n_opts; i++) {
		snprintf(key, sizeof(key), "option-%s", pkt->opts[i].name);
		for (k = key; *k; k++)
			if (*k >= 'A' && *k <= 'Z')
				*k = (char)(*k - 'A' + 'a');
		wire_obs_add(o, key, pkt->opts[i].value);
	}
}

/**
 * tr_begin() - start an observation about a transfer
 * @w:    observer
 * @tr:   transfer
 * @p:    the frame completing it
 * @verb: verb
 * @dir:  direction
 *
 * Return: the observation, with client, file and endpoints set.
 */
static struct pxl_obs *tr_begin(struct pxl_wire *w, const struct wire_tftp *tr,
				const struct wire_pkt *p, const char *verb, enum pxl_obs_dir dir)
{
	struct pxl_obs *o = wire_obs_begin(w, p, "tftp", verb, dir);

	wire_obs_client(w, o, wire_addr_ip4(tr->cip), tr->has_mac ? tr->mac : NULL);
	wire_obs_add(o, "file", tr->file);
	return o;
}

/**
 * tr_end() - report how a transfer ended and forget it
 * @w:     observer
 * @tr:    transfer
 * @p:     the frame that ended it (time and port)
 * @state: "complete", "aborted" or "incomplete"
 * @err:   the ERROR packet for "aborted", else NULL
 */
static void tr_end(struct pxl_wire *w, struct wire_tftp *tr, const struct wire_pkt *p,
		   const char *state, const struct tftp_pkt *err)
{
	struct pxl_obs *o = tr_begin(w, tr, p, "transfer",
				     tr->write ? PXL_OBS_FROM_CLIENT : PXL_OBS_TO_CLIENT);
	uint64_t ns = p->t > tr->t_start ? p->t - tr->t_start : 0;
	uint64_t bps = ns ? (uint64_t)((double)tr->bytes * 1e9 / (double)ns) : 0;
	char ms[32];

	wire_ms(ms, sizeof(ms), tr->t_start, p->t);
	wire_obs_add(o, "state", state);
	wire_obs_add(o, "status", state);	/* the scenario language's name */
	wire_obs_addf(o, "bytes", "%llu", (unsigned long long)tr->bytes);
	wire_obs_addf(o, "blocks", "%u", tr->blocks);
	wire_obs_addf(o, "blksize", "%u", tr->blksize);
	wire_obs_add(o, "duration-ms", ms);
	wire_obs_addf(o, "duration-us", "%llu", (unsigned long long)(ns / 1000));	/* `within` */
	wire_obs_addf(o, "throughput", "%llu", (unsigned long long)bps);
	if (tr->tsize[0])
		wire_obs_add(o, "tsize", tr->tsize);
	if (err) {
		wire_obs_addf(o, "error-code", "%u", err->err_code);
		wire_obs_add(o, "error-message", err->err_msg);
	}
	wire_obs_summary(o, "TFTP %s %s %s: %llu bytes in %u blocks, %s ms, %llu B/s",
			 tr->write ? "upload" : "transfer", tr->file, state,
			 (unsigned long long)tr->bytes, tr->blocks, ms, (unsigned long long)bps);
	wire_obs_emit(w, o);
	tr->used = 0;
}

/**
 * tr_start() - report that the server answered (OACK or first DATA/ACK)
 * @w:   observer
 * @tr:  transfer
 * @c:   the packet
 */
static void tr_start(struct pxl_wire *w, struct wire_tftp *tr, const struct tftp_ctx *c)
{
	struct pxl_obs *o;
	char line[PXL_OBS_SUMMARY] = "";

	if (tr->started)
		return;
	tr->started = 1;
	o = tr_begin(w, tr, c->p, "start", PXL_OBS_TO_CLIENT);
	wire_obs_addf(o, "server-tid", "%u", tr->tid);
	if (c->pkt->opcode == TFTP_OACK) {
		add_opts(o, c->pkt);
		tftp_pkt_summary(c->pkt, line, sizeof(line));
	}
	wire_obs_endpoints_udp(o, c->p->u);
	wire_obs_summary(o, "TFTP %s started, server TID %u%s%s", tr->file, tr->tid,
			 line[0] ? ", " : "", line);
	wire_obs_emit(w, o);
}

/**
 * tr_new() - a free transfer slot (an incomplete transfer is reported to make room)
 * @w: observer
 * @p: the request frame
 *
 * Return: a zeroed slot.
 */
static struct wire_tftp *tr_new(struct pxl_wire *w, const struct wire_pkt *p)
{
	struct wire_tftp *tr, *oldest = &w->tftp[0];
	size_t i;

	for (i = 0; i < WIRE_TFTP_MAX; i++) {
		tr = &w->tftp[i];
		if (!tr->used) {
			memset(tr, 0, sizeof(*tr));
			return tr;
		}
		if (tr->t_start < oldest->t_start)
			oldest = tr;
	}
	wire_drop(w, "tftp: too many transfers", 0);
	tr_end(w, oldest, p, "incomplete", NULL);
	memset(oldest, 0, sizeof(*oldest));
	return oldest;
}

/**
 * on_request() - RRQ/WRQ: a new transfer (or a retransmitted request)
 * @w:  observer
 * @tr: the transfer the packet matched, or NULL
 * @c:  the packet
 */
static void on_request(struct pxl_wire *w, struct wire_tftp *tr, const struct tftp_ctx *c)
{
	const struct wire_udp *u = c->p->u;
	char line[PXL_OBS_SUMMARY];
	struct pxl_obs *o;

	if (tr && (!c->from_client || !tr->has_tid))
		return;	/* the client asked again before any answer, or junk */
	if (tr)
		tr_end(w, tr, c->p, "incomplete", NULL);
	tr = tr_new(w, c->p);
	tr->used = 1;
	memcpy(tr->cip, u->src, 16);
	tr->cport = u->sport;
	memcpy(tr->sip, u->dst, 16);
	tr->write = c->pkt->opcode == TFTP_WRQ;
	tr->t_start = c->p->t;
	tr->blksize = TFTP_DEFAULT_BLKSIZE;
	memcpy(tr->mac, u->src_mac, 6);
	tr->has_mac = 1;
	wire_printable(tr->file, sizeof(tr->file), (const uint8_t *)c->pkt->filename,
		       strlen(c->pkt->filename));
	o = tr_begin(w, tr, c->p, "request", PXL_OBS_FROM_CLIENT);
	wire_obs_add(o, "op", tr->write ? "wrq" : "rrq");
	wire_obs_add(o, "mode", c->pkt->mode);
	add_opts(o, c->pkt);
	wire_obs_endpoints_udp(o, u);
	tftp_pkt_summary(c->pkt, line, sizeof(line));
	wire_obs_summary(o, "TFTP %s", line);
	wire_obs_emit(w, o);
}

/**
 * on_oack() - the server agreed options: note blksize and tsize
 * @w:  observer
 * @tr: transfer
 * @c:  the packet
 */
static void on_oack(struct pxl_wire *w, struct wire_tftp *tr, const struct tftp_ctx *c)
{
	const char *v;
	unsigned long n;
	char *end;

	if (c->from_client || tr->started)
		return;
	v = tftp_opt_get(c->pkt, "blksize");
	if (v) {
		n = strtoul(v, &end, 10);
		if (!*end && n >= 8 && n <= 65464)
			tr->blksize = (uint32_t)n;
	}
	v = tftp_opt_get(c->pkt, "tsize");
	if (v)
		wire_printable(tr->tsize, sizeof(tr->tsize), (const uint8_t *)v, strlen(v));
	tr_start(w, tr, c);
}

/**
 * on_data() - a DATA block: count it if it is the next one
 * @w:  observer
 * @tr: transfer
 * @c:  the packet
 */
static void on_data(struct pxl_wire *w, struct wire_tftp *tr, const struct tftp_ctx *c)
{
	uint16_t want = (uint16_t)(tr->last_block + 1);
	uint16_t b = c->pkt->block;

	if (c->from_client != tr->write) {
		wire_drop(w, "tftp: DATA from the wrong side", 0);
		return;
	}
	tr_start(w, tr, c);
	if (tr->final)
		return;
	if (b != want && !(tr->blocks && tr->last_block == 0xffff && b == 1))
		return;	/* a duplicate, or a block after a gap we did not see */
	tr->last_block = b;
	tr->blocks++;
	tr->bytes += c->pkt->data_len;
	if (c->pkt->data_len < tr->blksize) {
		tr->final = 1;
		tr->final_block = b;
	}
}

/**
 * on_ack() - an ACK: the transfer is complete when the last block is acknowledged
 * @w:  observer
 * @tr: transfer
 * @c:  the packet
 */
static void on_ack(struct pxl_wire *w, struct wire_tftp *tr, const struct tftp_ctx *c)
{
	if (c->from_client == tr->write)
		return;	/* an ACK from the data sender makes no sense: ignore it */
	if (!c->from_client)
		tr_start(w, tr, c);	/* WRQ: the server's ACK 0 */
	if (tr->final && c->pkt->block == tr->final_block)
		tr_end(w, tr, c->p, "complete", NULL);
}

/**
 * on_error() - an ERROR from either side: report it and the aborted transfer
 * @w:  observer
 * @tr: transfer
 * @c:  the packet
 */
static void on_error(struct pxl_wire *w, struct wire_tftp *tr, const struct tftp_ctx *c)
{
	struct pxl_obs *o;
	const char *sender = c->from_client ? "client" : "server";

	o = tr_begin(w, tr, c->p, "error",
		     c->from_client ? PXL_OBS_FROM_CLIENT : PXL_OBS_TO_CLIENT);
	wire_obs_addf(o, "code", "%u", c->pkt->err_code);
	wire_obs_add(o, "message", c->pkt->err_msg);
	wire_obs_add(o, "sender", sender);
	wire_obs_endpoints_udp(o, c->p->u);
	wire_obs_summary(o, "TFTP ERROR %u (%s) \"%s\" from the %s, file %s", c->pkt->err_code,
			 tftp_error_name(c->pkt->err_code), c->pkt->err_msg, sender, tr->file);
	wire_obs_emit(w, o);
	tr_end(w, tr, c->p, "aborted", c->pkt);
}

/**
 * struct tftp_handler - what to do with each opcode inside a transfer
 */
struct tftp_handler {
	uint16_t opcode;
	void (*fn)(struct pxl_wire *w, struct wire_tftp *tr, const struct tftp_ctx *c);
};

static const struct tftp_handler tftp_handlers[] = {
	{ TFTP_RRQ, on_request }, { TFTP_WRQ, on_request }, { TFTP_OACK, on_oack },
	{ TFTP_DATA, on_data },	  { TFTP_ACK, on_ack },	    { TFTP_ERROR, on_error },
};

/**
 * tr_match() - the transfer a datagram belongs to
 * @w:           observer
 * @u:           the datagram (either family: addresses are compared as 16 bytes)
 * @from_client: out: the client sent it
 *
 * Before the server's first answer its TID is unknown: any port of the
 * server's address is accepted and becomes the TID.  The caller checks
 * the TID of the server's later packets.
 * Return: the transfer, or NULL.
 */
static struct wire_tftp *tr_match(struct pxl_wire *w, const struct wire_udp *u, int *from_client)
{
	struct wire_tftp *tr;
	size_t i;

	for (i = 0; i < WIRE_TFTP_MAX; i++) {
		tr = &w->tftp[i];
		if (!tr->used)
			continue;
		if (!memcmp(u->src, tr->cip, 16) && u->sport == tr->cport && !memcmp(u->dst, tr->sip, 16) &&
		    (!tr->has_tid || u->dport == tr->tid || u->dport == w->cfg.tftp_port)) {
			*from_client = 1;
			return tr;
		}
		if (!memcmp(u->dst, tr->cip, 16) && u->dport == tr->cport && !memcmp(u->src, tr->sip, 16)) {
			*from_client = 0;
			return tr;
		}
	}
	return NULL;
}

/**
 * wire_tftp_input() - observe a UDP datagram that may be TFTP (IPv4 or IPv6: the same code)
 * @w: observer
 * @p: the frame (@p->u set)
 *
 * Return: 1 if it was TFTP (handled or dropped), 0 if it is not ours.
 */
int wire_tftp_input(struct pxl_wire *w, const struct wire_pkt *p)
{
	const struct wire_udp *u = p->u;
	struct tftp_pkt pkt;
	struct tftp_ctx c = { p, &pkt, 1 };
	struct wire_tftp *tr = tr_match(w, u, &c.from_client);
	char why[PXL_WIRE_REASON_LEN];
	size_t i;

	if (!tr && u->dport != w->cfg.tftp_port)
		return 0;
	if (tftp_pkt_parse(u->payload, u->len, &pkt) < 0) {
		snprintf(why, sizeof(why), "tftp: %s", tftp_perr_str(pkt.perr));
		wire_drop(w, why, 1);
		return 1;
	}
	if (!tr && pkt.opcode != TFTP_RRQ && pkt.opcode != TFTP_WRQ) {
		wire_drop(w, "tftp: packet for no known transfer", 0);
		return 1;
	}
	if (tr && !c.from_client && tr->has_tid && u->sport != tr->tid) {
		wire_drop(w, "tftp: packet from an unknown TID", 0);
		return 1;
	}
	if (tr && !c.from_client && !tr->has_tid) {
		tr->tid = u->sport;
		tr->has_tid = 1;
	}
	for (i = 0; i < ARRAY_SIZE(tftp_handlers); i++)
		if (tftp_handlers[i].opcode == pkt.opcode)
			tftp_handlers[i].fn(w, tr, &c);
	return 1;
}

/**
 * wire_tftp_flush() - report every open transfer as incomplete
 * @w: observer
 * @t: time to report at
 */
void wire_tftp_flush(struct pxl_wire *w, uint64_t t)
{
	struct wire_pkt p = { t, -1, NULL, NULL, NULL, NULL, 0 };
	size_t i;

	for (i = 0; i < WIRE_TFTP_MAX; i++)
		if (w->tftp[i].used)
			tr_end(w, &w->tftp[i], &p, "incomplete", NULL);
}
