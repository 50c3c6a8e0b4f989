/* test_segment_fault.c - link faults on segment ports: tx at ingress, rx at delivery, delays, unplugging */
#include <errno.h>
#include <string.h>

#include "core/loop.h"
#include "net/segment.h"
#include "testlib.h"

#define MS 1000000ULL

/**
 * struct port_rx - what one test port received
 * @n:     frames
 * @loop:  stop this loop once @want frames came (or NULL)
 * @want:  see @loop
 * @first: first byte after the Ethernet header of each frame (its number)
 */
struct port_rx {
	size_t n;
	struct pxl_loop *loop;
	size_t want;
	uint8_t first[4096];
};

/** rx_deliver() - pxl_port_deliver_fn of a test port */
static void rx_deliver(void *arg, const uint8_t *frame, size_t len)
{
	struct port_rx *r = arg;

	if (r->n < sizeof(r->first) && len > PXL_ETH_HLEN)
		r->first[r->n] = frame[PXL_ETH_HLEN];
	r->n++;
	if (r->loop && r->n == r->want)
		pxl_loop_stop(r->loop, 0);
}

/** stop_loop() - safety timer: the test never waits forever */
static void stop_loop(void *arg)
{
	pxl_loop_stop(arg, 1);
}

/**
 * unicast() - a 64-byte frame from MAC ...:01 to ...:02 carrying @n
 * @buf: out
 * @n: its number
 */
static void unicast(uint8_t *buf, uint8_t n)
{
	static const uint8_t dst[6] = { 2, 0, 0, 0, 0, 2 }, src[6] = { 2, 0, 0, 0, 0, 1 };

	memset(buf, 0, 64);
	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	buf[12] = 0x88;
	buf[13] = 0xb5; /* local experimental EtherType */
	buf[PXL_ETH_HLEN] = n;
}

START_TEST(tx_dup_enters_the_switch_twice)
{
	struct pxl_segment *seg = pxl_segment_new();
	struct pxl_fault_spec spec = { .dup = PXL_FAULT_PPM, .seed = 1 };
	struct pxl_segment_stats st;
	struct port_rx ra = { 0 }, rb = { 0 };
	struct pxl_seg_fault_info info[4];
	uint8_t f[64];
	int a = pxl_segment_add_port(seg, "a", rx_deliver, &ra);
	int b = pxl_segment_add_port(seg, "b", rx_deliver, &rb);

	ck_assert_int_eq(pxl_segment_set_fault(seg, a, PXL_SEG_TX, &spec), 0);
	ck_assert_int_eq(pxl_segment_set_fault(seg, a, PXL_SEG_TX, &spec), -EEXIST);
	unicast(f, 1);
	pxl_segment_input(seg, a, f, sizeof(f));
	ck_assert_uint_eq(rb.n, 2);
	ck_assert_uint_eq(ra.n, 0);
	pxl_segment_get_stats(seg, &st);
	ck_assert_uint_eq(st.frames, 2);
	ck_assert_uint_eq(pxl_segment_faults(seg, info, 4), 1);
	ck_assert_str_eq(info[0].port, "a");
	ck_assert_int_eq(info[0].dir, PXL_SEG_TX);
	ck_assert_uint_eq(info[0].st.duplicated, 1);
	/* the other direction of the same port is untouched */
	pxl_segment_input(seg, b, f, sizeof(f));
	ck_assert_uint_eq(ra.n, 1);
	pxl_segment_free(seg);
}
END_TEST

START_TEST(rx_loss_after_the_switch_saw_the_frame)
{
	struct pxl_segment *seg = pxl_segment_new();
	struct pxl_fault_spec spec = { .loss = 500000, .seed = 5 };
	struct pxl_segment_stats st;
	struct port_rx ra = { 0 }, rb = { 0 };
	struct pxl_seg_fault_info info[2];
	uint8_t f[64];
	int a = pxl_segment_add_port(seg, "a", rx_deliver, &ra);
	int b = pxl_segment_add_port(seg, "b", rx_deliver, &rb);
	int i;

	ck_assert_int_eq(pxl_segment_set_fault(seg, b, PXL_SEG_RX, &spec), 0);
	for (i = 0; i < 1000; i++) {
		unicast(f, (uint8_t)i);
		pxl_segment_input(seg, a, f, sizeof(f));
	}
	pxl_segment_get_stats(seg, &st);
	ck_assert_uint_eq(st.frames, 1000);
	ck_assert_msg(rb.n > 400 && rb.n < 600, "50%% loss delivered %zu of 1000", rb.n);
	pxl_segment_faults(seg, info, 2);
	ck_assert_uint_eq(info[0].st.lost + rb.n, 1000);
	pxl_segment_free(seg);
}
END_TEST

START_TEST(tx_corruption_is_caught_before_the_service)
{
	struct pxl_segment *seg = pxl_segment_new();
	struct pxl_fault_spec spec = { .corrupt = PXL_FAULT_PPM, .seed = 3 };
	struct pxl_udp_spec u = { .src_mac = { 2, 0, 0, 0, 0, 1 }, .src_ip = 0x0a000264,
				  .dst_ip = 0x0a000202, .sport = 68, .dport = 67 };
	struct pxl_udp_transport tr;
	struct pxl_segment_stats st;
	struct port_rx ra = { 0 };
	uint8_t mac[6], f[256], payload[100];
	size_t len;
	int a = pxl_segment_add_port(seg, "a", rx_deliver, &ra), i;

	memset(payload, 0x42, sizeof(payload));
	pxl_segment_mac_for(0x0a000202, mac);
	memcpy(u.dst_mac, mac, 6);
	ck_assert_int_eq(pxl_segment_own_address(seg, 0x0a000202, mac, 1), 0);
	ck_assert_int_eq(pxl_segment_udp_attach(seg, 0x0a000202, 67, NULL, NULL, &tr), 0);
	ck_assert_int_eq(pxl_segment_set_fault(seg, a, PXL_SEG_TX, &spec), 0);
	for (i = 0; i < 200; i++) {
		len = pxl_build_udp(f, sizeof(f), &u, payload, sizeof(payload));
		pxl_segment_input(seg, a, f, len);
	}
	pxl_segment_get_stats(seg, &st);
	/* the service (its NULL input) never got a damaged datagram: the checksums
	 * caught nearly all; a flip in the destination port or address sends the
	 * frame past the service instead (it is not addressed to it any more) */
	ck_assert_uint_eq(st.to_services, 0);
	ck_assert_uint_gt(st.malformed, 180);
	pxl_segment_free(seg);
}
END_TEST

START_TEST(delay_needs_the_loop_and_keeps_order)
{
	struct pxl_segment *seg = pxl_segment_new();
	struct pxl_loop *loop = pxl_loop_new();
	struct pxl_fault_spec spec = { .delay = 2 * MS, .seed = 1 };
	struct port_rx ra = { 0 }, rb = { .loop = loop, .want = 3 };
	struct pxl_timer *guard = pxl_timer_new(loop, stop_loop, loop);
	uint8_t f[64];
	int a = pxl_segment_add_port(seg, "a", rx_deliver, &ra);
	int b = pxl_segment_add_port(seg, "b", rx_deliver, &rb);
	int i;

	ck_assert_int_eq(pxl_segment_set_fault(seg, b, PXL_SEG_RX, &spec), -EINVAL);
	pxl_segment_set_loop(seg, loop);
	ck_assert_int_eq(pxl_segment_set_fault(seg, b, PXL_SEG_RX, &spec), 0);
	for (i = 0; i < 3; i++) {
		unicast(f, (uint8_t)(10 + i));
		pxl_segment_input(seg, a, f, sizeof(f));
	}
	/* (when they leave is fault.c's business, tested there on a virtual clock) */
	pxl_timer_arm(guard, pxl_now_ns() + 10000 * MS);
	ck_assert_int_eq(pxl_loop_run(loop), 0);
	ck_assert_uint_eq(rb.n, 3);
	for (i = 0; i < 3; i++)
		ck_assert_uint_eq(rb.first[i], 10 + i);
	pxl_timer_free(guard);
	pxl_segment_free(seg);
	pxl_loop_free(loop);
}
END_TEST

START_TEST(held_frame_leaves_on_the_loop_timer)
{
	struct pxl_segment *seg = pxl_segment_new();
	struct pxl_loop *loop = pxl_loop_new();
	struct pxl_fault_spec spec = { .reorder = PXL_FAULT_PPM, .seed = 1 };
	struct port_rx ra = { 0 }, rb = { .loop = loop, .want = 2 };
	struct pxl_timer *guard = pxl_timer_new(loop, stop_loop, loop);
	uint8_t f[64];
	int a = pxl_segment_add_port(seg, "a", rx_deliver, &ra);
	int b = pxl_segment_add_port(seg, "b", rx_deliver, &rb);

	pxl_segment_set_loop(seg, loop);
	ck_assert_int_eq(pxl_segment_set_fault(seg, b, PXL_SEG_RX, &spec), 0);
	ck_assert_int_eq(pxl_segment_set_fault(seg, a, PXL_SEG_TX, &spec), 0);
	/* every frame is held both ways and no frame ever follows: only the timers free them */
	unicast(f, 7);
	pxl_segment_input(seg, a, f, sizeof(f));
	unicast(f, 8);
	pxl_segment_input(seg, a, f, sizeof(f));
	pxl_timer_arm(guard, pxl_now_ns() + 10000 * MS);
	ck_assert_int_eq(pxl_loop_run(loop), 0);
	ck_assert_uint_eq(rb.n, 2);
	ck_assert_uint_eq(rb.first[0], 7);
	pxl_timer_free(guard);
	pxl_segment_free(seg);
	pxl_loop_free(loop);
}
END_TEST

START_TEST(unplugged_port_gets_nothing_late)
{
	struct pxl_segment *seg = pxl_segment_new();
	struct pxl_loop *loop = pxl_loop_new();
	struct pxl_fault_spec spec = { .delay = 30000 * MS, .seed = 1 };
	struct port_rx ra = { 0 }, rb = { 0 };
	struct pxl_timer *guard = pxl_timer_new(loop, stop_loop, loop);
	struct pxl_seg_fault_info info[2];
	uint8_t f[64];
	int a = pxl_segment_add_port(seg, "a", rx_deliver, &ra);
	int b = pxl_segment_add_port(seg, "pc9", rx_deliver, &rb);

	pxl_segment_set_loop(seg, loop);
	ck_assert_int_eq(pxl_segment_set_fault(seg, b, PXL_SEG_RX, &spec), 0);
	unicast(f, 1);
	pxl_segment_input(seg, a, f, sizeof(f));
	pxl_segment_input(seg, a, f, sizeof(f));
	pxl_segment_del_port(seg, b);
	pxl_timer_arm(guard, pxl_now_ns() + 50 * MS);
	pxl_loop_run(loop);
	ck_assert_uint_eq(rb.n, 0);
	ck_assert_uint_eq(pxl_segment_faults(seg, info, 2), 1);
	ck_assert_str_eq(info[0].port, "pc9");
	ck_assert_uint_eq(info[0].st.discarded, 2);
	pxl_timer_free(guard);
	pxl_segment_free(seg);
	pxl_loop_free(loop);
}
END_TEST

START_TEST(bad_settings_are_refused)
{
	struct pxl_segment *seg = pxl_segment_new();
	struct pxl_fault_spec spec = { .loss = PXL_FAULT_PPM, .seed = 1 };
	struct port_rx ra = { 0 };
	int a = pxl_segment_add_port(seg, "a", rx_deliver, &ra);

	ck_assert_int_eq(pxl_segment_set_fault(seg, a, PXL_SEG_RX, &spec), -EINVAL);
	spec.loss = 0;
	ck_assert_int_eq(pxl_segment_set_fault(seg, PXL_PORT_SERVICES, PXL_SEG_RX, &spec), -EINVAL);
	ck_assert_int_eq(pxl_segment_set_fault(seg, a + 1, PXL_SEG_RX, &spec), -EINVAL);
	ck_assert_int_eq(pxl_segment_set_fault(seg, a, 7, &spec), -EINVAL);
	pxl_segment_free(seg);
}
END_TEST

/** segment_fault_suite() - the suite */
static Suite *segment_fault_suite(void)
{
	Suite *s = suite_create("segment_fault");
	TCase *tc = tcase_create("segment_fault");

	tcase_add_test(tc, tx_dup_enters_the_switch_twice);
	tcase_add_test(tc, rx_loss_after_the_switch_saw_the_frame);
	tcase_add_test(tc, tx_corruption_is_caught_before_the_service);
	tcase_add_test(tc, delay_needs_the_loop_and_keeps_order);
	tcase_add_test(tc, held_frame_leaves_on_the_loop_timer);
	tcase_add_test(tc, unplugged_port_gets_nothing_late);
	tcase_add_test(tc, bad_settings_are_refused);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(segment_fault_suite)
