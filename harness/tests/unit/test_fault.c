/* test_fault.c - link faults: loss, duplication, corruption, reordering, delay, determinism */
#include <string.h>

#include "core/util.h"
#include "net/fault.h"
#include "net/packet.h"
#include "testlib.h"

#define MS 1000000ULL
#define NFRAMES 10000

/**
 * struct sink - collects what leaves a fault
 * @ids:  the number of each frame (4 bytes of its source MAC: corruption spares them)
 * @n:    frames received
 * @last: copy of the last frame
 * @last_len: its length
 * @last_ptr: the pointer the fault passed
 */
struct sink {
	uint32_t ids[3 * NFRAMES];
	size_t n;
	uint8_t last[128];
	size_t last_len;
	const uint8_t *last_ptr;
};

/** sink_out() - pxl_fault_out_fn: record a frame */
static void sink_out(void *arg, const uint8_t *frame, size_t len)
{
	struct sink *s = arg;
	uint32_t id;

	memcpy(&id, frame + 6, sizeof(id));
	if (s->n < ARRAY_SIZE(s->ids))
		s->ids[s->n] = id;
	s->n++;
	s->last_len = len < sizeof(s->last) ? len : sizeof(s->last);
	memcpy(s->last, frame, s->last_len);
	s->last_ptr = frame;
}

/**
 * numbered() - a 64-byte frame carrying @id in its source MAC
 * @buf: out (64 bytes)
 * @id: the number
 */
static void numbered(uint8_t *buf, uint32_t id)
{
	memset(buf, 0xab, 64);
	memcpy(buf + 6, &id, sizeof(id));
}

/**
 * run_frames() - offer @n numbered frames 1 ms apart, flushing as the clock moves
 * @f: fault
 * @n: frames
 */
static void run_frames(struct pxl_fault *f, uint32_t n)
{
	uint8_t buf[64];
	uint32_t i;

	for (i = 0; i < n; i++) {
		numbered(buf, i);
		pxl_fault_input_at(f, buf, sizeof(buf), (uint64_t)i * MS);
		pxl_fault_flush(f, (uint64_t)i * MS);
	}
	pxl_fault_flush(f, UINT64_MAX);
}

START_TEST(no_fault_passes_in_order_without_copy)
{
	struct pxl_fault_spec spec = { .seed = 1 };
	static struct sink s;
	struct pxl_fault *f = pxl_fault_new(&spec, NULL, sink_out, &s);
	struct pxl_fault_stats st;
	uint8_t buf[64];
	uint32_t i;

	memset(&s, 0, sizeof(s));
	ck_assert_ptr_nonnull(f);
	numbered(buf, 7);
	pxl_fault_input_at(f, buf, sizeof(buf), 0);
	ck_assert_ptr_eq(s.last_ptr, buf);
	run_frames(f, 100);
	ck_assert_uint_eq(s.n, 101);
	for (i = 0; i < 100; i++)
		ck_assert_uint_eq(s.ids[i + 1], i);
	pxl_fault_get_stats(f, &st);
	ck_assert_uint_eq(st.frames, 101);
	ck_assert_uint_eq(st.delivered, 101);
	ck_assert_uint_eq(st.lost + st.duplicated + st.corrupted + st.reordered + st.delayed, 0);
	pxl_fault_free(f);
}
END_TEST

START_TEST(loss_rate_and_reproducible_by_seed)
{
	struct pxl_fault_spec spec = { .loss = 100000, .seed = 42 };
	static struct sink a, b, c;
	struct pxl_fault *fa, *fb, *fc;
	struct pxl_fault_stats st;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&c, 0, sizeof(c));
	fa = pxl_fault_new(&spec, NULL, sink_out, &a);
	fb = pxl_fault_new(&spec, NULL, sink_out, &b);
	spec.seed = 43;
	fc = pxl_fault_new(&spec, NULL, sink_out, &c);
	run_frames(fa, NFRAMES);
	run_frames(fb, NFRAMES);
	run_frames(fc, NFRAMES);
	pxl_fault_get_stats(fa, &st);
	ck_assert_uint_eq(st.frames, NFRAMES);
	ck_assert_uint_eq(st.lost + st.delivered, NFRAMES);
	ck_assert_msg(st.lost > NFRAMES * 8 / 100 && st.lost < NFRAMES * 12 / 100,
		      "10%% loss dropped %llu of %d", (unsigned long long)st.lost, NFRAMES);
	ck_assert_uint_eq(a.n, b.n);
	ck_assert_int_eq(memcmp(a.ids, b.ids, a.n * sizeof(a.ids[0])), 0);
	ck_assert_msg(a.n != c.n || memcmp(a.ids, c.ids, a.n * sizeof(a.ids[0])),
		      "seeds 42 and 43 lost the same frames");
	pxl_fault_free(fa);
	pxl_fault_free(fb);
	pxl_fault_free(fc);
}
END_TEST

START_TEST(fate_does_not_depend_on_other_faults)
{
	struct pxl_fault_spec only = { .loss = 200000, .seed = 9 };
	struct pxl_fault_spec more = { .loss = 200000, .corrupt = 300000, .seed = 9 };
	static struct sink a, b;
	struct pxl_fault *fa, *fb;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	fa = pxl_fault_new(&only, NULL, sink_out, &a);
	fb = pxl_fault_new(&more, NULL, sink_out, &b);
	run_frames(fa, 2000);
	run_frames(fb, 2000);
	ck_assert_uint_eq(a.n, b.n);
	ck_assert_int_eq(memcmp(a.ids, b.ids, a.n * sizeof(a.ids[0])), 0);
	pxl_fault_free(fa);
	pxl_fault_free(fb);
}
END_TEST

START_TEST(duplicate_delivers_twice)
{
	struct pxl_fault_spec spec = { .dup = 1000000, .seed = 3 };
	static struct sink s;
	struct pxl_fault *f;
	struct pxl_fault_stats st;
	uint32_t i;

	memset(&s, 0, sizeof(s));
	f = pxl_fault_new(&spec, NULL, sink_out, &s);
	run_frames(f, 50);
	ck_assert_uint_eq(s.n, 100);
	for (i = 0; i < 50; i++) {
		ck_assert_uint_eq(s.ids[2 * i], i);
		ck_assert_uint_eq(s.ids[2 * i + 1], i);
	}
	pxl_fault_get_stats(f, &st);
	ck_assert_uint_eq(st.duplicated, 50);
	ck_assert_uint_eq(st.delivered, 100);
	pxl_fault_free(f);
}
END_TEST

START_TEST(corruption_is_caught_by_checksums)
{
	struct pxl_fault_spec spec = { .corrupt = 1000000, .seed = 5 };
	struct pxl_udp_spec u = { .src_mac = { 2, 0, 0, 0, 0, 1 }, .dst_mac = { 2, 0, 0, 0, 0, 2 },
				  .src_ip = 0x0a000264, .dst_ip = 0x0a000202, .sport = 68, .dport = 67 };
	static struct sink s;
	struct pxl_fault *f;
	uint8_t frame[128], payload[60];
	size_t len, i, diff;
	int round;

	memset(&s, 0, sizeof(s));
	memset(payload, 0x5a, sizeof(payload));
	len = pxl_build_udp(frame, sizeof(frame), &u, payload, sizeof(payload));
	ck_assert_uint_gt(len, 0);
	f = pxl_fault_new(&spec, NULL, sink_out, &s);
	for (round = 0; round < 200; round++) {
		struct pxl_frame d;
		const char *why = NULL;

		pxl_fault_input_at(f, frame, len, 0);
		ck_assert_uint_eq(s.last_len, len);
		ck_assert_ptr_ne(s.last_ptr, frame);
		for (i = 0, diff = 0; i < len; i++)
			diff += s.last[i] != frame[i];
		ck_assert_uint_eq(diff, 1);
		ck_assert_int_eq(memcmp(s.last, frame, PXL_ETH_HLEN), 0);
		ck_assert_msg(pxl_frame_decode(s.last, len, &d, &why) != 0 || !d.is_udp ||
			      !pxl_l4_csum_ok(&d), "round %d: a flipped byte passed every check", round);
	}
	pxl_fault_free(f);
}
END_TEST

START_TEST(reorder_lets_the_next_frame_overtake)
{
	struct pxl_fault_spec spec = { .reorder = 250000, .seed = 11 };
	static struct sink s, again;
	struct pxl_fault *f, *g;
	struct pxl_fault_stats st;
	static uint8_t seen[2000];
	size_t i, inversions = 0;

	memset(&s, 0, sizeof(s));
	memset(&again, 0, sizeof(again));
	f = pxl_fault_new(&spec, NULL, sink_out, &s);
	g = pxl_fault_new(&spec, NULL, sink_out, &again);
	run_frames(f, 2000);
	run_frames(g, 2000);
	ck_assert_uint_eq(s.n, 2000);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < s.n; i++) {
		ck_assert_uint_lt(s.ids[i], 2000);
		ck_assert_int_eq(seen[s.ids[i]]++, 0);
		if (i && s.ids[i] < s.ids[i - 1])
			inversions++;
		/* a held frame leaves right after the next one: it is only ever a few places late */
		ck_assert_msg(s.ids[i] + 12 >= i && s.ids[i] <= i + 12, "frame %u left at position %zu",
			      s.ids[i], i);
	}
	pxl_fault_get_stats(f, &st);
	ck_assert_uint_gt(st.reordered, 300);
	ck_assert_uint_gt(inversions, 200);
	ck_assert_int_eq(memcmp(s.ids, again.ids, s.n * sizeof(s.ids[0])), 0);
	pxl_fault_free(f);
	pxl_fault_free(g);
}
END_TEST

START_TEST(held_frame_leaves_when_its_hold_expires)
{
	struct pxl_fault_spec spec = { .reorder = 1000000, .seed = 1 };
	static struct sink s;
	struct pxl_fault *f;
	uint8_t buf[64];

	memset(&s, 0, sizeof(s));
	f = pxl_fault_new(&spec, NULL, sink_out, &s);
	numbered(buf, 1);
	pxl_fault_input_at(f, buf, sizeof(buf), 1000 * MS);
	ck_assert_uint_eq(s.n, 0);
	ck_assert_uint_eq(pxl_fault_queued(f), 1);
	pxl_fault_flush(f, 1000 * MS + PXL_FAULT_HOLD_NS - 1);
	ck_assert_uint_eq(s.n, 0);
	pxl_fault_flush(f, 1000 * MS + PXL_FAULT_HOLD_NS);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_uint_eq(pxl_fault_queued(f), 0);
	pxl_fault_free(f);
}
END_TEST

START_TEST(delay_holds_frames_and_keeps_order)
{
	struct pxl_fault_spec spec = { .delay = 10 * MS, .seed = 1 };
	static struct sink s;
	struct pxl_fault *f;
	uint8_t buf[64];
	uint32_t i;

	memset(&s, 0, sizeof(s));
	f = pxl_fault_new(&spec, NULL, sink_out, &s);
	for (i = 0; i < 5; i++) {
		numbered(buf, i);
		pxl_fault_input_at(f, buf, sizeof(buf), i * MS);
	}
	pxl_fault_flush(f, 10 * MS - 1);
	ck_assert_uint_eq(s.n, 0);
	pxl_fault_flush(f, 12 * MS);
	ck_assert_uint_eq(s.n, 3);
	pxl_fault_flush(f, 14 * MS);
	ck_assert_uint_eq(s.n, 5);
	for (i = 0; i < 5; i++)
		ck_assert_uint_eq(s.ids[i], i);
	pxl_fault_free(f);
}
END_TEST

START_TEST(jitter_reorders_and_stays_within_bounds)
{
	struct pxl_fault_spec spec = { .delay = 5 * MS, .jitter = 20 * MS, .seed = 77 };
	static struct sink s;
	struct pxl_fault *f;
	uint8_t buf[64];
	uint32_t i;
	size_t inversions = 0;

	memset(&s, 0, sizeof(s));
	f = pxl_fault_new(&spec, NULL, sink_out, &s);
	for (i = 0; i < 500; i++) {
		numbered(buf, i);
		pxl_fault_input_at(f, buf, sizeof(buf), (uint64_t)i * MS);
		pxl_fault_flush(f, (uint64_t)i * MS);
		/* nothing may leave before delay, everything by delay + jitter */
		ck_assert_uint_le(s.n, i + 1 >= 5 ? i + 1 - 5 + 1 : 0);
	}
	pxl_fault_flush(f, 499 * MS + 25 * MS);
	ck_assert_uint_eq(s.n, 500);
	for (i = 1; i < 500; i++)
		inversions += s.ids[i] < s.ids[i - 1];
	ck_assert_uint_gt(inversions, 20);
	pxl_fault_free(f);
}
END_TEST

START_TEST(queue_overflow_is_counted_and_reset_discards)
{
	struct pxl_fault_spec spec = { .delay = 1000 * MS, .seed = 1 };
	static struct sink s;
	struct pxl_fault *f;
	struct pxl_fault_stats st;
	uint8_t buf[64];
	uint32_t i;

	memset(&s, 0, sizeof(s));
	f = pxl_fault_new(&spec, NULL, sink_out, &s);
	for (i = 0; i < PXL_FAULT_MAX_QUEUE + 10; i++) {
		numbered(buf, i);
		pxl_fault_input_at(f, buf, sizeof(buf), 0);
	}
	pxl_fault_get_stats(f, &st);
	ck_assert_uint_eq(st.overflow, 10);
	ck_assert_uint_eq(pxl_fault_queued(f), PXL_FAULT_MAX_QUEUE);
	pxl_fault_reset(f);
	pxl_fault_get_stats(f, &st);
	ck_assert_uint_eq(st.discarded, PXL_FAULT_MAX_QUEUE);
	ck_assert_uint_eq(s.n, 0);
	for (i = 0; i < 10; i++) {
		numbered(buf, i);
		pxl_fault_input_at(f, buf, sizeof(buf), 0);
	}
	pxl_fault_free(f); /* frees the ten still waiting */
}
END_TEST

START_TEST(spec_checks_and_format)
{
	struct pxl_fault_spec spec = { .loss = 100000, .dup = 20000, .reorder = 50000, .seed = 7 };
	char err[128], text[128];

	ck_assert_int_eq(pxl_fault_spec_check(&spec, err, sizeof(err)), 0);
	pxl_fault_spec_format(&spec, text, sizeof(text));
	ck_assert_str_eq(text, "loss 10% dup 2% reorder 5% seed 7");
	spec.jitter = 3 * MS;
	pxl_fault_spec_format(&spec, text, sizeof(text));
	ck_assert_str_eq(text, "loss 10% dup 2% reorder 5% jitter 3ms seed 7");
	ck_assert_int_eq(pxl_fault_spec_needs_loop(&spec), 1);
	spec.loss = PXL_FAULT_PPM;
	ck_assert_int_ne(pxl_fault_spec_check(&spec, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, "cut the link"));
	ck_assert_ptr_null(pxl_fault_new(&spec, NULL, sink_out, NULL));
	spec.loss = 0;
	spec.corrupt = PXL_FAULT_PPM + 1;
	ck_assert_int_ne(pxl_fault_spec_check(&spec, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, "corrupt"));
	spec.corrupt = 0;
	spec.delay = 3600ULL * 1000 * MS;
	ck_assert_int_ne(pxl_fault_spec_check(&spec, err, sizeof(err)), 0);
	ck_assert_uint_ne(pxl_fault_seed_mix(1, 1), pxl_fault_seed_mix(1, 2));
	ck_assert_uint_eq(pxl_fault_seed_mix(1, 2), pxl_fault_seed_mix(1, 2));
}
END_TEST

/** fault_suite() - the suite */
static Suite *fault_suite(void)
{
	Suite *s = suite_create("fault");
	TCase *tc = tcase_create("fault");

	tcase_add_test(tc, no_fault_passes_in_order_without_copy);
	tcase_add_test(tc, loss_rate_and_reproducible_by_seed);
	tcase_add_test(tc, fate_does_not_depend_on_other_faults);
	tcase_add_test(tc, duplicate_delivers_twice);
	tcase_add_test(tc, corruption_is_caught_by_checksums);
	tcase_add_test(tc, reorder_lets_the_next_frame_overtake);
	tcase_add_test(tc, held_frame_leaves_when_its_hold_expires);
	tcase_add_test(tc, delay_holds_frames_and_keeps_order);
	tcase_add_test(tc, jitter_reorders_and_stays_within_bounds);
	tcase_add_test(tc, queue_overflow_is_counted_and_reset_discards);
	tcase_add_test(tc, spec_checks_and_format);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(fault_suite)
