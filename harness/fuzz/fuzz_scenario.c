/* fuzz_scenario.c - fuzz target: the scenario parser, its dump, and the stage judge on parsed expectations
 *
 * Input: scenario text (any bytes).  It is parsed with scn_parse_buffer_opts()
 * (inputs of odd length with a command-line preset, nic=e1000, which pins
 * a matrix), every diagnostic is formatted, and the parser's contract is
 * checked: 0 with no error and at least one instance, or -EINVAL with at
 * least one error and no instance.  Of a matrix's instances the first,
 * the last and one picked by the input's hash are parsed (see
 * pick_instance()); each is dumped, parsed back
 * and dumped again (the two dumps must be equal), every expectation is
 * formatted, and a stage judge walks the observations of a real capture
 * (fixtures/captures/uefi-native-pxe-dnsmasq-tgt.pcap and its console,
 * read once from the current folder when present) against the parsed
 * stages, then expires and reports.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "fuzz.h"
#include "lang/scenario.h"
#include "engine/judge.h"
#include "wire/wire.h"

#define CAPTURE "fixtures/captures/uefi-native-pxe-dnsmasq-tgt"
#define MAX_OBS 512

/**
 * struct dump_buf - where a dump is written; kept from input to input, so allocated once
 * @s:   text, NUL-terminated
 * @len: bytes written
 * @cap: bytes allocated
 */
struct dump_buf {
	char *s;
	size_t len;
	size_t cap;
};

/**
 * struct scn_fuzz - made once: observations of a real boot
 * @obs:   wire observations and console lines, in time order
 * @n:     how many
 * @t0:    time of the first
 * @ready: set up
 * @dump:  the two dumps of a round trip (their text is rewritten by every input)
 */
static struct scn_fuzz {
	struct pxl_obs *obs;
	size_t n;
	uint64_t t0;
	int ready;
	struct dump_buf dump[2];
} fz;

/**
 * keep_obs() - observer callback: store a wire observation
 * @arg: unused
 * @o:   the observation
 */
static void keep_obs(void *arg, const struct pxl_obs *o)
{
	(void)arg;
	if (fz.n < MAX_OBS)
		fz.obs[fz.n++] = *o;
}

/**
 * add_console() - store one console line as the engine does (proto console, verb line, field text)
 * @text: the line
 * @t:    its time
 */
static void add_console(const char *text, uint64_t t)
{
	struct pxl_obs *o;
	size_t kl = sizeof("text"), vl = strnlen(text, 200) + 1;

	if (fz.n >= MAX_OBS)
		return;
	o = &fz.obs[fz.n++];
	memset(o, 0, sizeof(*o));
	o->t_ns = t;
	o->port = -1;
	o->proto = "console";
	o->verb = "line";
	memcpy(o->mac, (const uint8_t[6]){ 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 }, 6);
	o->has_mac = 1;
	memcpy(o->text, "text", kl);
	memcpy(o->text + kl, text, vl - 1);
	o->text[kl + vl - 1] = '\0';
	o->fields[0].key = 0;
	o->fields[0].val = (uint16_t)kl;
	o->n_fields = 1;
	o->used = kl + vl;
	snprintf(o->summary, sizeof(o->summary), "console pc1: %.200s", text);
}

/** setup() - replay the capture and read its console, once (missing files: no observations) */
static void setup(void)
{
	struct pxl_wire *w;
	uint64_t last = 0;
	char line[256];
	FILE *f;

	if (fz.ready)
		return;
	fz.ready = 1;
	fz.obs = calloc(MAX_OBS, sizeof(*fz.obs));
	w = pxl_wire_new(NULL, keep_obs, NULL);
	if (!fz.obs || !w)
		abort();
	if (pxl_wire_replay_pcap(w, CAPTURE ".pcap", -1, &last) < 0)
		fprintf(stderr, "fuzz-scenario: %s.pcap not readable here: no observations\n", CAPTURE);
	pxl_wire_flush(w, last);
	pxl_wire_free(w);
	fz.t0 = fz.n ? fz.obs[0].t_ns : 0;
	f = fopen(CAPTURE ".console.txt", "r");
	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		last += PXL_NS_PER_MS;
		add_console(line, last);
	}
	if (f)
		fclose(f);
}

/**
 * dump_write() - stdio cookie writer: append to a dump buffer
 * @cookie: the struct dump_buf
 * @data:   bytes
 * @n:      how many
 *
 * Return: @n (a failed allocation aborts).
 */
static ssize_t dump_write(void *cookie, const char *data, size_t n)
{
	struct dump_buf *b = cookie;

	while (b->len + n + 1 > b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64 * 1024;
		b->s = realloc(b->s, b->cap);
		FUZZ_ASSERT(b->s, "no memory for a dump of %zu bytes", b->len + n);
	}
	memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
	return (ssize_t)n;
}

/**
 * dump_tail() - scn_dump() without its first (comment) line
 * @sc: scenario
 * @b:  where to write it (open_memstream() allocated three times per dump)
 *
 * Return: the text, inside @b (valid until @b is written again).
 */
static const char *dump_tail(const struct scenario *sc, struct dump_buf *b)
{
	const cookie_io_functions_t io = { .write = dump_write };
	char vbuf[4096];
	const char *nl;
	FILE *f;

	b->len = 0;
	dump_write(b, "", 0);
	f = fopencookie(b, "w", io);
	FUZZ_ASSERT(f, "fopencookie");
	setvbuf(f, vbuf, _IOFBF, sizeof(vbuf));
	scn_dump(sc, f);
	fclose(f);
	nl = strchr(b->s, '\n');
	return nl ? nl + 1 : b->s;
}

/**
 * round_trip() - a parsed instance dumps, parses back and dumps the same
 * @sc: scenario
 */
static void round_trip(const struct scenario *sc)
{
	const char *one = dump_tail(sc, &fz.dump[0]), *two;
	struct scn_list list;
	char m[512] = "";
	struct scn_diag d;
	int rc;

	scn_diag_init(&d);
	rc = scn_parse_buffer("dump", one, strlen(one), NULL, &list, &d);
	if (d.n)
		scn_msg_format(&d.msg[0], m, sizeof(m));
	FUZZ_ASSERT(rc == 0 && list.n == 1, "dump does not parse back (%s):\n%s", m, one);
	two = dump_tail(list.s[0], &fz.dump[1]);
	FUZZ_ASSERT(!strcmp(one, two), "dump changed on re-parse:\n%s\n--\n%s", one, two);
	scn_list_free(&list);
	scn_diag_free(&d);
}

/**
 * judge() - walk the stored observations through the stages for client 0, then expire
 * @sc: scenario (with at least one client)
 */
static void judge(const struct scenario *sc)
{
	struct pxl_judge *j = pxl_judge_new(sc, 0, fz.t0);
	struct pxl_stage_result *res;
	size_t i;

	FUZZ_ASSERT(j, "no judge");
	for (i = 0; i < fz.n && !pxl_judge_done(j); i++)
		pxl_judge_feed(j, fz.obs, i + 1, &fz.obs[i]);
	if (!pxl_judge_done(j))
		pxl_judge_expire(j, fz.obs, fz.n, fz.t0 + 400 * PXL_NS_PER_SEC, "fuzz timeout");
	FUZZ_ASSERT(pxl_judge_done(j), "expired judge not done");
	res = pxl_judge_take_results(j);
	for (i = 0; i < sc->nstages; i++) {
		fuzz_touch_str(res[i].message);
		fuzz_touch_str(res[i].marks);
		free(res[i].message);
		free(res[i].marks);
	}
	free(res);
	pxl_judge_free(j);
}

/**
 * check_instance() - dump, round trip, format expectations, judge
 * @sc: one parsed instance
 */
static void check_instance(const struct scenario *sc)
{
	char line[1024];
	size_t i, k;

	round_trip(sc);
	for (i = 0; i < sc->nstages; i++)
		for (k = 0; k < sc->stages[i].nex; k++) {
			scn_expect_format(sc, &sc->stages[i].ex[k], line, sizeof(line));
			fuzz_touch_str(line);
		}
	if (sc->nclients)
		judge(sc);
}

/**
 * pick_instance() - struct scn_parse_opts pick: the first, the last and one chosen by the input
 * @k:   instance
 * @n:   instances
 * @arg: the input's hash (uint32_t *), so different inputs get different ones
 *
 * A matrix makes up to 256 instances that differ only in their variables'
 * values.  Parsing and checking each (two dumps, a parse, a judge) made a
 * 256-instance input 250 times as slow as a plain one, and libFuzzer kept
 * such inputs for the counts they raised, so the rate fell as the corpus
 * grew (issue 18).  The parser now parses these three; the limit on the
 * number of instances is still checked (they are counted first), and a
 * mutation that reorders a dimension's values brings any other one in.
 *
 * Return: 1 to parse it.
 */
static int pick_instance(size_t k, size_t n, void *arg)
{
	const uint32_t *h = arg;

	return k == 0 || k == n - 1 || (n > 2 && k == 1 + *h % (n - 2));
}

/**
 * hash() - FNV-1a of the input
 * @data: bytes
 * @size: how many
 *
 * Return: the hash.
 */
static uint32_t hash(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return h;
}

/**
 * LLVMFuzzerTestOneInput() - one input: scenario text through the parser, the dump and the judge
 * @data: the text (any bytes)
 * @size: its length
 *
 * Return: 0 (libFuzzer's convention; problems abort).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t h = hash(data, size);
	const struct scn_parse_opts opts = { pick_instance, &h };
	struct scn_vars preset = { 0 };
	struct scn_list list;
	struct scn_diag d;
	char line[1024];
	size_t i;
	int rc;

	setup();
	if (size & 1)
		FUZZ_ASSERT(scn_vars_set(&preset, "nic", "e1000") == 0, "preset");
	scn_diag_init(&d);
	rc = scn_parse_buffer_opts("fuzz.scn", (const char *)data, size, &preset, &opts, &list, &d);
	FUZZ_ASSERT(rc == 0 || rc == -EINVAL, "rc %d", rc);
	for (i = 0; i < d.n; i++) {
		scn_msg_format(&d.msg[i], line, sizeof(line));
		fuzz_touch_str(line);
	}
	if (rc) {
		FUZZ_ASSERT(d.errors >= 1 && d.n >= 1 && list.n == 0, "failed parse: %u errors, %zu kept, %zu instances",
			    d.errors, d.n, list.n);
	} else {
		FUZZ_ASSERT(d.errors == 0 && list.n >= 1 && list.n <= 3, "parse: %u errors, %zu instances",
			    d.errors, list.n);
		for (i = 0; i < list.n; i++)
			check_instance(list.s[i]);
	}
	scn_list_free(&list);
	scn_diag_free(&d);
	scn_vars_free(&preset);
	return 0;
}
