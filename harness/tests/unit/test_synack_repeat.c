/* test_synack_repeat.c - on iPXE's real frames: a retransmitted SYN gets the SYN-ACK again; the SYN queue names each connection's guest */
#include <errno.h>
#include <string.h>

#include "net/packet.h"
#include "net/syn_queue.h"
#include "net/synack_repeat.h"
#include "testlib.h"

#define SEC 1000000000ULL

/** struct frames - the captured handshake (fixtures/packets/tcp-SOURCES.txt) */
static struct frames {
	uint8_t *syn, *synack, *syn_again, *ack, *data;
	size_t syn_n, synack_n, syn_again_n, ack_n, data_n;
} fr;

/** load() - read the frames before each test */
static void load(void)
{
	fr.syn = pxl_test_fixture("packets/tcp-ipxe-iscsi-syn.bin", &fr.syn_n);
	fr.synack = pxl_test_fixture("packets/tcp-slirp-iscsi-synack.bin", &fr.synack_n);
	fr.syn_again = pxl_test_fixture("packets/tcp-ipxe-iscsi-syn-retransmit.bin", &fr.syn_again_n);
	fr.ack = pxl_test_fixture("packets/tcp-ipxe-iscsi-ack.bin", &fr.ack_n);
	fr.data = pxl_test_fixture("packets/tcp-ipxe-iscsi-login-header.bin", &fr.data_n);
}

/** unload() - free them after each test */
static void unload(void)
{
	free(fr.syn);
	free(fr.synack);
	free(fr.syn_again);
	free(fr.ack);
	free(fr.data);
}

/**
 * set_port() - rewrite a frame's TCP source or destination port (the codec does not check TCP sums)
 * @frame: IPv4/TCP frame
 * @dst: 1 for the destination port
 * @port: new port
 */
static void set_port(uint8_t *frame, int dst, uint16_t port)
{
	size_t l4 = PXL_ETH_HLEN + (size_t)(frame[PXL_ETH_HLEN] & 0x0f) * 4;

	frame[l4 + 2 * dst] = (uint8_t)(port >> 8);
	frame[l4 + 2 * dst + 1] = (uint8_t)port;
}

/**
 * again() - what the table answers to a guest frame
 * @r: table
 * @t: time (ns)
 * @frame, @len: the guest's frame
 *
 * Return: the frame to resend, or NULL.
 */
static const uint8_t *again(struct pxl_synack_repeat *r, uint64_t t, const uint8_t *frame, size_t len)
{
	size_t n = 0;
	const uint8_t *p = pxl_synack_repeat_from_guest(r, t, frame, len, &n);

	if (p)
		ck_assert_uint_eq(n, fr.synack_n);
	return p;
}

START_TEST(retransmitted_syn_gets_the_synack_again)
{
	struct pxl_synack_repeat *r = pxl_synack_repeat_new();
	const uint8_t *p;

	ck_assert_ptr_null(again(r, 0, fr.syn, fr.syn_n));	/* nothing answered yet */
	pxl_synack_repeat_from_server(r, SEC, fr.synack, fr.synack_n);
	p = again(r, SEC + SEC / 3, fr.syn_again, fr.syn_again_n);
	ck_assert_ptr_nonnull(p);
	ck_assert_mem_eq(p, fr.synack, fr.synack_n);
	ck_assert_ptr_nonnull(again(r, 2 * SEC, fr.syn_again, fr.syn_again_n));
	ck_assert_uint_eq(pxl_synack_repeat_count(r), 2);
	pxl_synack_repeat_free(r);
}
END_TEST

/* the handshake's ACK, or (that ACK lost) the first data segment, which acknowledges the SYN-ACK too */
START_TEST(established_ends_it)
{
	struct pxl_synack_repeat *r = pxl_synack_repeat_new();
	const uint8_t *frame = _i ? fr.data : fr.ack;
	size_t len = _i ? fr.data_n : fr.ack_n;

	pxl_synack_repeat_from_server(r, SEC, fr.synack, fr.synack_n);
	ck_assert_ptr_null(again(r, 2 * SEC, frame, len));
	ck_assert_ptr_null(again(r, 3 * SEC, fr.syn_again, fr.syn_again_n));
	ck_assert_uint_eq(pxl_synack_repeat_count(r), 0);
	pxl_synack_repeat_free(r);
}
END_TEST

START_TEST(rst_from_server_ends_it)
{
	struct pxl_synack_repeat *r = pxl_synack_repeat_new();
	size_t l4 = PXL_ETH_HLEN + (size_t)(fr.synack[PXL_ETH_HLEN] & 0x0f) * 4;
	uint8_t rst[64];

	pxl_synack_repeat_from_server(r, SEC, fr.synack, fr.synack_n);
	memcpy(rst, fr.synack, fr.synack_n);
	rst[l4 + 13] = PXL_TCP_RST | PXL_TCP_ACK;
	pxl_synack_repeat_from_server(r, SEC, rst, fr.synack_n);
	ck_assert_ptr_null(again(r, 2 * SEC, fr.syn_again, fr.syn_again_n));
	pxl_synack_repeat_free(r);
}
END_TEST

START_TEST(new_isn_on_same_ports_is_a_new_connection)
{
	struct pxl_synack_repeat *r = pxl_synack_repeat_new();
	size_t l4 = PXL_ETH_HLEN + (size_t)(fr.syn[PXL_ETH_HLEN] & 0x0f) * 4;
	uint8_t syn[128];

	ck_assert_uint_le(fr.syn_n, sizeof(syn));
	memcpy(syn, fr.syn, fr.syn_n);
	syn[l4 + 7] ^= 0x55;	/* another initial sequence number */
	pxl_synack_repeat_from_server(r, SEC, fr.synack, fr.synack_n);
	ck_assert_ptr_null(again(r, 2 * SEC, syn, fr.syn_n));
	/* and the old connection is forgotten with it */
	ck_assert_ptr_null(again(r, 2 * SEC, fr.syn_again, fr.syn_again_n));
	pxl_synack_repeat_free(r);
}
END_TEST

START_TEST(other_connection_is_not_answered)
{
	struct pxl_synack_repeat *r = pxl_synack_repeat_new();
	uint8_t syn[128];

	memcpy(syn, fr.syn_again, fr.syn_again_n);
	set_port(syn, 0, 54331);
	pxl_synack_repeat_from_server(r, SEC, fr.synack, fr.synack_n);
	ck_assert_ptr_null(again(r, 2 * SEC, syn, fr.syn_again_n));
	/* a server frame is no guest frame: the SYN-ACK itself is not "retransmitted" */
	ck_assert_ptr_null(again(r, 2 * SEC, fr.synack, fr.synack_n));
	ck_assert_ptr_nonnull(again(r, 2 * SEC, fr.syn_again, fr.syn_again_n));
	pxl_synack_repeat_free(r);
}
END_TEST

START_TEST(forgotten_after_its_time)
{
	struct pxl_synack_repeat *r = pxl_synack_repeat_new();

	pxl_synack_repeat_from_server(r, SEC, fr.synack, fr.synack_n);
	ck_assert_ptr_nonnull(again(r, SEC + PXL_SYNACK_REPEAT_TTL_NS, fr.syn_again, fr.syn_again_n));
	ck_assert_ptr_null(again(r, 2 * SEC + PXL_SYNACK_REPEAT_TTL_NS, fr.syn_again, fr.syn_again_n));
	pxl_synack_repeat_free(r);
}
END_TEST

START_TEST(full_table_replaces_the_oldest)
{
	struct pxl_synack_repeat *r = pxl_synack_repeat_new();
	uint8_t synack[64], syn[128];
	unsigned i;

	/* PXL_SYNACK_REPEAT_MAX + 1 connections, guest ports 1000.., one second apart */
	for (i = 0; i <= PXL_SYNACK_REPEAT_MAX; i++) {
		memcpy(synack, fr.synack, fr.synack_n);
		set_port(synack, 1, (uint16_t)(1000 + i));
		pxl_synack_repeat_from_server(r, (1 + i) * SEC, synack, fr.synack_n);
	}
	memcpy(syn, fr.syn_again, fr.syn_again_n);
	set_port(syn, 0, 1000);
	ck_assert_ptr_null(again(r, 20 * SEC, syn, fr.syn_again_n));
	for (i = 1; i <= PXL_SYNACK_REPEAT_MAX; i++) {
		set_port(syn, 0, (uint16_t)(1000 + i));
		ck_assert_msg(again(r, 20 * SEC, syn, fr.syn_again_n) != NULL, "port %u forgotten", 1000 + i);
	}
	pxl_synack_repeat_free(r);
}
END_TEST

START_TEST(every_prefix_of_every_frame_is_safe)
{
	struct pxl_synack_repeat *r = pxl_synack_repeat_new();
	const uint8_t *all[] = { fr.syn, fr.synack, fr.syn_again, fr.ack, fr.data };
	const size_t lens[] = { fr.syn_n, fr.synack_n, fr.syn_again_n, fr.ack_n, fr.data_n };
	size_t i, n, out;

	pxl_synack_repeat_from_server(r, SEC, fr.synack, fr.synack_n);
	for (i = 0; i < 5; i++)
		for (n = 0; n < lens[i]; n++) {
			pxl_synack_repeat_from_server(r, SEC, all[i], n);
			/* a cut frame does not decode as the SYN: never answered */
			ck_assert_ptr_null(pxl_synack_repeat_from_guest(r, SEC, all[i], n, &out));
		}
	ck_assert_ptr_nonnull(again(r, 2 * SEC, fr.syn_again, fr.syn_again_n));
	pxl_synack_repeat_free(r);
}
END_TEST

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

/** synack_repeat_suite() - the suite */
static Suite *synack_repeat_suite(void)
{
	Suite *s = suite_create("synack_repeat");
	TCase *tc = tcase_create("handshake");

	tcase_add_checked_fixture(tc, load, unload);
	tcase_add_test(tc, retransmitted_syn_gets_the_synack_again);
	tcase_add_loop_test(tc, established_ends_it, 0, 2);
	tcase_add_test(tc, rst_from_server_ends_it);
	tcase_add_test(tc, new_isn_on_same_ports_is_a_new_connection);
	tcase_add_test(tc, other_connection_is_not_answered);
	tcase_add_test(tc, forgotten_after_its_time);
	tcase_add_test(tc, full_table_replaces_the_oldest);
	tcase_add_test(tc, every_prefix_of_every_frame_is_safe);
	tcase_add_test(tc, first_syn_first_taken);
	tcase_add_test(tc, unwatched_cut_and_overflow);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(synack_repeat_suite)
