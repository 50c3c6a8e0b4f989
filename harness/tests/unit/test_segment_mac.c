/* test_segment_mac.c - the segment's learned MAC table holds a storm's clients: unicast is never flooded to a third port */
#include <string.h>

#include "net/segment.h"
#include "testlib.h"

#define CLIENTS 5000

/** struct port_rx - frames one test port received (@n) */
struct port_rx {
	size_t n;
};

/** rx_deliver() - pxl_port_deliver_fn of a test port: count */
static void rx_deliver(void *arg, const uint8_t *frame, size_t len)
{
	struct port_rx *r = arg;

	r->n++;
}

/** frame() - a 64-byte frame from 02:53:..:@src to @dst (experimental EtherType) */
static void frame(uint8_t *buf, const uint8_t dst[6], unsigned src)
{
	memset(buf, 0, 64);
	memcpy(buf, dst, 6);
	buf[6] = 0x02;
	buf[7] = 0x53;
	buf[8] = (uint8_t)(src >> 24);
	buf[9] = (uint8_t)(src >> 16);
	buf[10] = (uint8_t)(src >> 8);
	buf[11] = (uint8_t)src;
	buf[12] = 0x88;
	buf[13] = 0xb5;
}

START_TEST(storm_clients_do_not_push_a_server_out_of_the_table)
{
	static const uint8_t server[6] = { 0x02, 0x50, 0x58, 0x4c, 0x00, 0x05 };
	struct pxl_segment *seg = pxl_segment_new();
	struct port_rx rs = { 0 }, rv = { 0 }, rl = { 0 };
	int storm = pxl_segment_add_port(seg, "storm", rx_deliver, &rs);
	int srv = pxl_segment_add_port(seg, "server", rx_deliver, &rv);
	int slirp = pxl_segment_add_port(seg, "slirp", rx_deliver, &rl);
	uint8_t f[64], to[6] = { 0x02, 0x53, 0, 0, 0, 0 };
	unsigned i;

	ck_assert_int_gt(storm, 0);
	ck_assert_int_gt(srv, 0);
	ck_assert_int_gt(slirp, 0);
	memcpy(f, (uint8_t[6]){ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, 6);	/* the server speaks first */
	memcpy(f + 6, server, 6);
	f[12] = 0x88;
	f[13] = 0xb5;
	pxl_segment_input(seg, srv, f, sizeof(f));
	for (i = 0; i < CLIENTS; i++) {	/* then 5000 clients, each to the server */
		frame(f, server, i);
		pxl_segment_input(seg, storm, f, sizeof(f));
	}
	ck_assert_uint_eq(rv.n, CLIENTS);
	ck_assert_uint_eq(rl.n, 1);	/* the server's broadcast only: nothing flooded */
	for (i = 0; i < CLIENTS; i += 97) {	/* the server answers clients: they are all still known */
		to[4] = (uint8_t)(i >> 8);
		to[5] = (uint8_t)i;
		memcpy(f, to, 6);
		memcpy(f + 6, server, 6);
		pxl_segment_input(seg, srv, f, sizeof(f));
	}
	ck_assert_uint_eq(rs.n, 1 + (CLIENTS + 96) / 97);
	ck_assert_uint_eq(rl.n, 1);
	pxl_segment_free(seg);
}
END_TEST

/** segment_mac_suite() - the suite */
static Suite *segment_mac_suite(void)
{
	Suite *s = suite_create("segment_mac");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, storm_clients_do_not_push_a_server_out_of_the_table);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(segment_mac_suite)
