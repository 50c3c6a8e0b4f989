/* test_syn_queue.c - each accepted connection gets the guest whose SYN came first, on iPXE's real frames */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "net/packet.h"
#include "net/syn_queue.h"
#include "testlib.h"

/** struct frames - the captured handshake (fixtures/packets/tcp-SOURCES.txt) */
static struct frames {
	uint8_t *syn, *synack, *syn_again, *ack;
	size_t syn_n, synack_n, syn_again_n, ack_n;
} fr;

/** load() - read the frames before each test */
static void load(void)
{
	fr.syn = pxl_test_fixture("packets/tcp-ipxe-iscsi-syn.bin", &fr.syn_n);
	fr.synack = pxl_test_fixture("packets/tcp-slirp-iscsi-synack.bin", &fr.synack_n);
	fr.syn_again = pxl_test_fixture("packets/tcp-ipxe-iscsi-syn-retransmit.bin", &fr.syn_again_n);
	fr.ack = pxl_test_fixture("packets/tcp-ipxe-iscsi-ack.bin", &fr.ack_n);
}

/** unload() - free them after each test */
static void unload(void)
{
	free(fr.syn);
	free(fr.synack);
	free(fr.syn_again);
	free(fr.ack);
}

/**
 * other_client() - iPXE's SYN as another guest would send it: MAC byte 5, TCP source port
 * @frame: out: copy of the SYN (fr.syn_n bytes)
 * @mac5:  last MAC byte
 * @sport: source port
 */
static void other_client(uint8_t *frame, uint8_t mac5, uint16_t sport)
{
	size_t l4 = PXL_ETH_HLEN + (size_t)(fr.syn[PXL_ETH_HLEN] & 0x0f) * 4;

	memcpy(frame, fr.syn, fr.syn_n);
	frame[11] = mac5;
	frame[l4] = (uint8_t)(sport >> 8);
	frame[l4 + 1] = (uint8_t)sport;
}

START_TEST(first_syn_first_taken)
{
	struct pxl_syn_queue sq = { 0 };
	struct pxl_syn_peer p;
	struct pxl_frame f;
	uint8_t b[256];

	ck_assert_uint_le(fr.syn_n, sizeof(b));
	ck_assert_int_eq(pxl_frame_decode(fr.syn, fr.syn_n, &f, NULL), 0);
	ck_assert_int_eq(pxl_syn_queue_watch(&sq, f.ip_dst, f.dport), 0);
	pxl_syn_queue_frame(&sq, fr.syn, fr.syn_n);
	pxl_syn_queue_frame(&sq, fr.syn_again, fr.syn_again_n); /* a retransmission: once */
	pxl_syn_queue_frame(&sq, fr.synack, fr.synack_n);       /* the answer: no SYN of a guest */
	pxl_syn_queue_frame(&sq, fr.ack, fr.ack_n);
	other_client(b, 0x99, 40000);
	pxl_syn_queue_frame(&sq, b, fr.syn_n);
	ck_assert_uint_eq(sq.n, 2);
	ck_assert_int_eq(pxl_syn_queue_take(&sq, &p), 1);
	ck_assert_mem_eq(p.mac, f.src_mac, 6);
	ck_assert_uint_eq(p.ip, f.ip_src);
	ck_assert_uint_eq(p.port, f.sport);
	ck_assert_int_eq(pxl_syn_queue_take(&sq, &p), 1);
	ck_assert_uint_eq(p.mac[5], 0x99);
	ck_assert_uint_eq(p.port, 40000);
	ck_assert_int_eq(pxl_syn_queue_take(&sq, &p), 0);
	/* a late retransmission of a taken SYN is not a new connection */
	pxl_syn_queue_frame(&sq, fr.syn_again, fr.syn_again_n);
	ck_assert_uint_eq(sq.n, 0);
}
END_TEST

START_TEST(unwatched_cut_and_overflow)
{
	struct pxl_syn_queue sq = { 0 };
	struct pxl_syn_peer p;
	struct pxl_frame f;
	uint8_t b[256];
	size_t i;

	ck_assert_int_eq(pxl_frame_decode(fr.syn, fr.syn_n, &f, NULL), 0);
	ck_assert_int_eq(pxl_syn_queue_watch(&sq, f.ip_dst, (uint16_t)(f.dport + 1)), 0);
	pxl_syn_queue_frame(&sq, fr.syn, fr.syn_n);
	ck_assert_uint_eq(sq.n, 0);
	ck_assert_int_eq(pxl_syn_queue_watch(&sq, f.ip_dst, f.dport), 0);
	for (i = 0; i < fr.syn_n; i++)
		pxl_syn_queue_frame(&sq, fr.syn, i);
	ck_assert_uint_eq(sq.n, 0);
	/* full: the oldest waiting SYN goes */
	for (i = 0; i < PXL_SYN_QUEUE_MAX + 2; i++) {
		other_client(b, (uint8_t)i, (uint16_t)(41000 + i));
		pxl_syn_queue_frame(&sq, b, fr.syn_n);
	}
	ck_assert_uint_eq(sq.n, PXL_SYN_QUEUE_MAX);
	ck_assert_int_eq(pxl_syn_queue_take(&sq, &p), 1);
	ck_assert_uint_eq(p.port, 41002);
	for (i = 0; i < PXL_SYN_QUEUE_DESTS - 2; i++)
		ck_assert_int_eq(pxl_syn_queue_watch(&sq, 1, 1), 0);
	ck_assert_int_eq(pxl_syn_queue_watch(&sq, 1, 1), -ENOSPC);
}
END_TEST

/**
 * syn_queue_suite() - the suite
 *
 * Return: the suite.
 */
static Suite *syn_queue_suite(void)
{
	Suite *s = suite_create("syn_queue");
	TCase *tc = tcase_create("queue");

	tcase_add_checked_fixture(tc, load, unload);
	tcase_add_test(tc, first_syn_first_taken);
	tcase_add_test(tc, unwatched_cut_and_overflow);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(syn_queue_suite)
