/* fuzz_wire.c - fuzz target: the frame decoder and wire observer the expectations are judged on
 *
 * Input: records (fuzz.h), one Ethernet frame each, fed to a wire observer
 * (iSCSI on 3260 and 3291 as in the captures, checksums verified) whose observations are
 * formatted, checked and walked through the stage judge of a built-in
 * copy of scenarios/pxe-to-ipxe.scn, as the engine does.  Selector bits:
 * 0 = repair the IPv4 and UDP/TCP checksums first (so mutated frames reach
 * the protocol decoders), 1-2 = time step (0, 1 ms, 1 s, 10 s), 3 = the
 * record is a console line instead of a frame.  Contracts checked: every
 * observation has a protocol and verb, fields inside its text, the
 * observer counts every frame, and its description of stalled iSCSI
 * connections is a terminated string at any buffer size.  Every frame also
 * goes through the SYN-ACK repeater (net/synack_repeat.c) from both sides;
 * what it hands back must be a SYN-ACK it was given.  And through the SYN
 * queue (net/syn_queue.c, watching 10.0.2.4:3260 and :3291): it never holds
 * more than its bound nor one guest end twice.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "net/packet.h"
#include "net/synack_repeat.h"
#include "net/syn_queue.h"
#include "lang/scenario.h"
#include "engine/judge.h"
#include "wire/wire.h"

#define MAX_OBS 256

/* the scenario the observations are judged against (scenarios/pxe-to-ipxe.scn, files aside) */
static const char scenario_text[] =
	"scenario pxe-to-ipxe\n"
	"  timeout 300s\n"
	"set iqn iqn.2026-11.org.pxelab:boot\n"
	"lan 10.0.2.0/24 gateway 10.0.2.2\n"
	"dhcp builtin\n"
	"  pool 10.0.2.100 - 10.0.2.199\n"
	"  when user-class \"iPXE\"  root-path \"iscsi:10.0.2.4::3260:0:${iqn}\" name ipxe-sanboot\n"
	"  otherwise               next-server 10.0.2.2 file \"snponly.efi\" name firmware-nbp\n"
	"client pc1 firmware uefi nic virtio-net pxe native\n"
	"stage 1 \"firmware DHCP\"\n"
	"  expect dhcp discover from pc1 vendor-class ^PXEClient:Arch:00007 without user-class\n"
	"  expect dhcp ack to pc1 file \"snponly.efi\"\n"
	"  within 60s\n"
	"stage 2 \"TFTP download of the NBP\"\n"
	"  expect tftp transfer \"snponly.efi\" complete\n"
	"  never tftp transfer \"snponly.efi\" complete times 2\n"
	"  never tftp error to pc1 code 1\n"
	"  within 30s\n"
	"stage 3 \"iPXE runs\"\n"
	"  expect console \"iPXE initialising devices\"\n"
	"stage 4 \"iPXE DHCP\"\n"
	"  expect dhcp discover from pc1 user-class \"iPXE\" ipxe-feature iscsi\n"
	"  expect dhcp ack to pc1 root-path ^iscsi:\n"
	"stage 5 \"iSCSI login\"\n"
	"  expect iscsi login target ${iqn} status success\n"
	"  expect iscsi command opcode read-capacity-10\n"
	"stage 6 \"boot from the iSCSI disk\"\n"
	"  expect iscsi read lba 0 blocks >= 1\n"
	"  expect console \"PXELAB-BOOT-OK\"\n";

/**
 * struct wire_fuzz - made once: the parsed scenario
 * @list:  its instances (one)
 * @ready: set up
 */
static struct wire_fuzz {
	struct scn_list list;
	int ready;
} fz;

/**
 * struct wire_run - one input's state
 * @judge: stage judge of pc1
 * @obs:   observations stored so far
 * @n:     how many
 * @seen:  wire observations made (stored or not)
 * @frames: frames fed
 */
struct wire_run {
	struct pxl_judge *judge;
	struct pxl_obs obs[MAX_OBS];
	size_t n;
	uint64_t seen;
	uint64_t frames;
};

/** setup() - parse the scenario, once */
static void setup(void)
{
	struct scn_diag d;

	if (fz.ready)
		return;
	scn_diag_init(&d);
	if (scn_parse_buffer("wire.scn", scenario_text, sizeof(scenario_text) - 1, NULL, &fz.list,
			     &d) || fz.list.n != 1) {
		scn_diag_print(&d, stderr);
		abort();
	}
	scn_diag_free(&d);
	fz.ready = 1;
}

/**
 * check_obs() - an observation's shape: names, fields inside its text
 * @o: the observation
 */
static void check_obs(const struct pxl_obs *o)
{
	const char *k, *v;
	char line[1024];
	size_t i;

	FUZZ_ASSERT(o->proto && o->verb, "observation without protocol or verb");
	FUZZ_ASSERT(o->n_fields <= PXL_OBS_MAX_FIELDS && o->used <= PXL_OBS_TEXT, "%zu fields, %zu bytes",
		    o->n_fields, o->used);
	FUZZ_ASSERT(memchr(o->summary, '\0', sizeof(o->summary)), "summary not terminated");
	for (i = 0; i < o->n_fields; i++) {
		FUZZ_ASSERT(pxl_obs_field_at(o, i, &k, &v) == 0, "field %zu", i);
		FUZZ_ASSERT(k >= o->text && v >= o->text && k < o->text + o->used &&
			    v < o->text + o->used, "field %zu outside the text", i);
		FUZZ_ASSERT(memchr(v, '\0', (size_t)(o->text + o->used - v)), "field %s unterminated", k);
	}
	pxl_obs_field(o, "file");
	pxl_obs_format(o, line, sizeof(line));
	fuzz_touch_str(line);
}

/**
 * store_and_judge() - keep an observation (while there is room) and show it to the judge
 * @run: this input's state
 * @o:   the observation
 */
static void store_and_judge(struct wire_run *run, const struct pxl_obs *o)
{
	if (run->n < MAX_OBS)
		run->obs[run->n++] = *o;
	if (!pxl_judge_done(run->judge))
		pxl_judge_feed(run->judge, run->obs, run->n, o);
}

/**
 * on_obs() - observer callback
 * @arg: struct wire_run
 * @o:   the observation
 */
static void on_obs(void *arg, const struct pxl_obs *o)
{
	struct wire_run *run = arg;

	check_obs(o);
	run->seen++;
	store_and_judge(run, o);
}

/**
 * console_line() - a record as a console line of pc1
 * @run: this input's state
 * @rec: the record
 * @t:   its time
 */
static void console_line(struct wire_run *run, const struct fuzz_rec *rec, uint64_t t)
{
	static struct pxl_obs o;
	size_t n = rec->len < 200 ? rec->len : 200;

	memset(&o, 0, offsetof(struct pxl_obs, text));
	o.t_ns = t;
	o.port = -1;
	o.proto = "console";
	o.verb = "line";
	memcpy(o.mac, fz.list.s[0]->clients[0].mac, 6);
	o.has_mac = 1;
	memcpy(o.text, "text", 5);
	memcpy(o.text + 5, rec->data, n);
	o.text[5 + n] = '\0';
	o.fields[0].val = 5;
	o.n_fields = 1;
	o.used = 6 + n;
	snprintf(o.summary, sizeof(o.summary), "console pc1: %s", o.text + 5);
	store_and_judge(run, &o);
}

/**
 * repeat_check() - a frame through the SYN-ACK repeater, as libslirp's port passes it
 * @rep: the repeater of this input
 * @now: time
 * @frame, @len: the frame
 */
static void repeat_check(struct pxl_synack_repeat *rep, uint64_t now, const uint8_t *frame, size_t len)
{
	struct pxl_frame f;
	const uint8_t *again;
	size_t n = 0;

	pxl_synack_repeat_from_server(rep, now, frame, len);
	again = pxl_synack_repeat_from_guest(rep, now, frame, len, &n);
	if (!again)
		return;
	FUZZ_ASSERT(n > 0 && n <= PXL_SYNACK_FRAME_MAX && !pxl_frame_decode(again, n, &f, NULL) && f.is_tcp &&
		    (f.tcp_flags & (PXL_TCP_SYN | PXL_TCP_ACK)) == (PXL_TCP_SYN | PXL_TCP_ACK),
		    "repeater handed back %zu bytes that are no SYN-ACK", n);
}

/**
 * queue_check() - a frame through the SYN queue; every third frame an accept takes the oldest
 * @sq: the queue of this input
 * @k:  frames so far
 * @frame, @len: the frame
 */
static void queue_check(struct pxl_syn_queue *sq, uint64_t k, const uint8_t *frame, size_t len)
{
	struct pxl_syn_peer p;
	size_t i, j;
	int got;

	pxl_syn_queue_frame(sq, frame, len);
	FUZZ_ASSERT(sq->n <= PXL_SYN_QUEUE_MAX, "SYN queue holds %zu", sq->n);
	for (i = 0; i < sq->n; i++)
		for (j = i + 1; j < sq->n; j++)
			FUZZ_ASSERT(sq->q[i].ip != sq->q[j].ip || sq->q[i].port != sq->q[j].port,
				    "one SYN queued twice");
	if (k % 3)
		return;
	got = pxl_syn_queue_take(sq, &p);
	FUZZ_ASSERT(got || (!p.ip && !p.port), "nothing taken, but a peer returned");
}

/**
 * finish() - end of input: flush the observer, expire the judge, read its results
 * @run: this input's state
 * @w:   observer
 * @now: time
 */
static void finish(struct wire_run *run, struct pxl_wire *w, uint64_t now)
{
	const struct scenario *sc = fz.list.s[0];
	struct pxl_stage_result *res;
	struct pxl_wire_stats st;
	char stalls[300];
	size_t i, n;

	pxl_wire_flush(w, now);
	/* any buffer size, from 1 byte: the text must stay terminated inside it */
	n = (size_t)(now / PXL_NS_PER_SEC % sizeof(stalls)) + 1;
	pxl_wire_iscsi_stalls(w, now, stalls, n);
	FUZZ_ASSERT(memchr(stalls, '\0', n), "stall text not terminated in %zu bytes", n);
	fuzz_touch_str(stalls);
	pxl_wire_stats(w, &st);
	FUZZ_ASSERT(st.frames == run->frames, "%llu frames counted, %llu fed",
		    (unsigned long long)st.frames, (unsigned long long)run->frames);
	FUZZ_ASSERT(st.observations == run->seen, "%llu observations counted, %llu made",
		    (unsigned long long)st.observations, (unsigned long long)run->seen);
	FUZZ_ASSERT(st.malformed <= st.dropped && st.n_reasons <= PXL_WIRE_MAX_REASONS,
		    "drop counters");
	for (i = 0; i < st.n_reasons; i++)
		pxl_wire_drops(w, st.reasons[i].why);
	if (!pxl_judge_done(run->judge))
		pxl_judge_expire(run->judge, run->obs, run->n, now, "end of input");
	res = pxl_judge_take_results(run->judge);
	for (i = 0; res && i < sc->nstages; i++) {
		fuzz_touch_str(res[i].message);
		fuzz_touch_str(res[i].marks);
		free(res[i].message);
		free(res[i].marks);
	}
	free(res);
}

/**
 * LLVMFuzzerTestOneInput() - one input: frames and console lines through the observer and the judge
 * @data: records (fuzz.h)
 * @size: their length
 *
 * Return: 0 (libFuzzer's convention; problems abort).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t steps[4] = { 0, PXL_NS_PER_MS, PXL_NS_PER_SEC, 10 * PXL_NS_PER_SEC };
	static const struct pxl_wire_config cfg = { .iscsi_ports = { 3260, 3291 }, .n_iscsi_ports = 2 };
	static struct wire_run run;
	static uint8_t frame[PXL_ETH_MAX_FRAME];
	struct fuzz_cursor cur = { data, size };
	struct fuzz_rec rec;
	struct pxl_synack_repeat *rep = pxl_synack_repeat_new();
	struct pxl_syn_queue sq = { 0 };
	struct pxl_wire *w;
	uint64_t now = 1000 * PXL_NS_PER_SEC;
	uint8_t mac[6];

	setup();
	run.n = 0;
	run.seen = 0;
	run.frames = 0;
	run.judge = pxl_judge_new(fz.list.s[0], 0, now);
	pxl_syn_queue_watch(&sq, 0x0a000204u, 3260);
	pxl_syn_queue_watch(&sq, 0x0a000204u, 3291);
	w = pxl_wire_new(&cfg, on_obs, &run);
	FUZZ_ASSERT(w && run.judge && rep, "no observer, judge or repeater");
	while (fuzz_next_rec(&cur, &rec)) {
		now += steps[(rec.sel >> 1) & 3];
		if (rec.sel & 8) {
			console_line(&run, &rec, now);
			continue;
		}
		if (rec.len > sizeof(frame))
			rec.len = sizeof(frame);
		memcpy(frame, rec.data, rec.len);
		if (rec.sel & 1)
			fuzz_fix_checksums(frame, rec.len);
		pxl_wire_frame(w, now, 0, frame, rec.len);
		run.frames++;
		repeat_check(rep, now, frame, rec.len);
		queue_check(&sq, run.frames, frame, rec.len);
	}
	pxl_wire_client_mac(w, 0x0a000264u, mac);
	finish(&run, w, now + 400 * PXL_NS_PER_SEC);
	pxl_wire_free(w);
	pxl_judge_free(run.judge);
	pxl_synack_repeat_free(rep);
	return 0;
}
