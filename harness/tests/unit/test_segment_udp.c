/* test_segment_udp.c - the segment's UDP route table with thousands of transfer ports open */
#include <errno.h>
#include <string.h>

#include "net/segment.h"
#include "testlib.h"

#define SRV_IP 0x0a000202u

/**
 * struct seen - what the test service received
 * @n:     datagrams
 * @dport: destination port of the last one
 */
struct seen {
	size_t n;
	uint16_t dport;
};

/** on_dgram() - the test service's input: count, keep the port */
static void on_dgram(void *arg, const struct pxl_dgram *dg)
{
	struct seen *s = arg;

	s->n++;
	s->dport = dg->dst.port;
}

/**
 * send_to() - a client's datagram to SRV_IP:@port through port @in
 * @seg: segment
 * @in: client's port
 * @port: destination UDP port
 */
static void send_to(struct pxl_segment *seg, int in, uint16_t port)
{
	struct pxl_udp_spec u = { .src_mac = { 2, 0, 0, 0, 0, 1 }, .src_ip = 0x0a000264,
				  .dst_ip = SRV_IP, .sport = 2000, .dport = port };
	uint8_t f[128], payload[8] = { 0 };

	pxl_segment_mac_for(SRV_IP, u.dst_mac);
	pxl_segment_input(seg, in, f, pxl_build_udp(f, sizeof(f), &u, payload, sizeof(payload)));
}

/** drop() - a client port that ignores frames */
static void drop(void *arg, const uint8_t *frame, size_t len)
{
	(void)arg, (void)frame, (void)len;
}

START_TEST(every_port_reaches_its_service_until_the_table_is_full)
{
	static uint16_t ports[PXL_SEGMENT_MAX_UDP];
	struct pxl_segment *seg = pxl_segment_new();
	struct pxl_udp_transport tr;
	struct seen s = { 0 };
	uint8_t mac[6];
	uint16_t p = 0;
	size_t i, n = PXL_SEGMENT_MAX_UDP - 1, before;
	int in = pxl_segment_add_port(seg, "pc", drop, NULL);

	pxl_segment_mac_for(SRV_IP, mac);
	ck_assert_int_eq(pxl_segment_own_address(seg, SRV_IP, mac, 1), 0);
	ck_assert_int_eq(pxl_segment_udp_attach(seg, SRV_IP, 69, on_dgram, &s, &tr), 0);
	for (i = 0; i < n; i++) {	/* the listen port is the first route */
		ports[i] = 0;
		ck_assert_int_eq(tr.ops->open_port(tr.ctx, SRV_IP, &ports[i]), 0);
		ck_assert_uint_ge(ports[i], 49152);
	}
	ck_assert_int_eq(tr.ops->open_port(tr.ctx, SRV_IP, &p), -ENOSPC);
	p = ports[7];
	ck_assert_int_eq(tr.ops->open_port(tr.ctx, 0x0a000203, &p), -ENOSPC);
	for (i = 0; i < n; i += 3)	/* every third closed: routes move in the table */
		tr.ops->close_port(tr.ctx, SRV_IP, ports[i]);
	for (i = 0; i < n; i++) {
		before = s.n;
		send_to(seg, in, ports[i]);
		ck_assert_uint_eq(s.n, before + (i % 3 != 0));
		if (i % 3)
			ck_assert_uint_eq(s.dport, ports[i]);
	}
	p = ports[4];	/* still open: in use */
	ck_assert_int_eq(tr.ops->open_port(tr.ctx, SRV_IP, &p), -EADDRINUSE);
	p = ports[3];	/* closed: free again */
	ck_assert_int_eq(tr.ops->open_port(tr.ctx, SRV_IP, &p), 0);
	before = s.n;
	send_to(seg, in, ports[3]);
	send_to(seg, in, 69);
	ck_assert_uint_eq(s.n, before + 2);
	ck_assert_uint_eq(s.dport, 69);
	pxl_segment_free(seg);
}
END_TEST

/** segment_udp_suite() - the suite */
static Suite *segment_udp_suite(void)
{
	Suite *s = suite_create("segment_udp");
	TCase *tc = tcase_create("routes");

	tcase_add_test(tc, every_port_reaches_its_service_until_the_table_is_full);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(segment_udp_suite)
