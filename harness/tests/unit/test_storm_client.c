/* test_storm_client.c - synthetic clients walk DHCP (OVMF), TFTP (OVMF), DHCP (iPXE) against pxelab's own services on a segment */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/loop.h"
#include "core/tempdir.h"
#include "net/segment.h"
#include "services/dhcp/dhcp_server.h"
#include "services/tftp/tftp_server.h"
#include "storm/storm_port.h"
#include "storm/storm_sum.h"
#include "testlib.h"

#define SRV 0x0a000202u		/* 10.0.2.2 */
#define NBP_SIZE 174080u	/* the snponly.efi stand-in of the field notes */

/**
 * struct lan - one segment with pxelab's DHCP and TFTP, and what crossed it
 * @loop, @seg:  the LAN
 * @dhcp, @tftp: the services
 * @tftp_timer:  TFTP retransmissions
 * @rule:        PXE clients get snponly.efi, iPXE gets boot.ipxe
 * @root:        TFTP root (temporary)
 * @sp:          the storm
 * @watch:       stops the loop when the storm is over
 * @guard:       stops the loop after 20 s whatever happens
 * @disc_pxe, @disc_ipxe: DISCOVERs seen on the wire, by firmware
 * @bad_pxe:     OVMF DISCOVERs without the broadcast flag, 93/94/97 or the vendor class
 * @bad_ipxe:    iPXE DISCOVERs without user class iPXE or option 175
 * @uuid_mismatch: option 97 differing from the client's UUID
 */
struct lan {
	struct pxl_loop *loop;
	struct pxl_segment *seg;
	struct dhcp_server *dhcp;
	struct tftp_server *tftp;
	struct pxl_timer *tftp_timer;
	struct dhcp_rule rule[2];
	char root[256];
	struct pxl_storm_port *sp;
	struct pxl_timer *watch;
	struct pxl_timer *guard;
	unsigned disc_pxe;
	unsigned disc_ipxe;
	unsigned bad_pxe;
	unsigned bad_ipxe;
	unsigned uuid_mismatch;
};

/** dhcp_in() - a datagram for the DHCP server */
static void dhcp_in(void *arg, const struct pxl_dgram *dg)
{
	struct lan *l = arg;

	dhcp_server_input(l->dhcp, dg, pxl_now_ns());
}

/** tftp_rearm() - the TFTP timer at the server's next deadline */
static void tftp_rearm(struct lan *l)
{
	uint64_t d = tftp_server_next_deadline(l->tftp);

	if (d == PXL_NEVER)
		pxl_timer_disarm(l->tftp_timer);
	else
		pxl_timer_arm(l->tftp_timer, d);
}

/** tftp_in() - a datagram for the TFTP server */
static void tftp_in(void *arg, const struct pxl_dgram *dg)
{
	struct lan *l = arg;

	tftp_server_input(l->tftp, dg, pxl_now_ns());
	tftp_rearm(l);
}

/** tftp_tick() - TFTP retransmission timer */
static void tftp_tick(void *arg)
{
	struct lan *l = arg;

	tftp_server_tick(l->tftp, pxl_now_ns());
	tftp_rearm(l);
}

/** check_discover() - a DISCOVER on the wire carries what its firmware sends */
static void check_discover(struct lan *l, const struct dhcp_msg *m)
{
	uint8_t uuid[16];
	uint16_t arch = 0;
	unsigned idx;

	if (dhcp_msg_has_user_class(m, "iPXE")) {
		l->disc_ipxe++;
		l->bad_ipxe += !dhcp_msg_has_opt(m, 175) || !dhcp_msg_has_opt(m, 61);
	} else {
		l->disc_pxe++;
		l->bad_pxe += !(m->hdr.flags & DHCP_FLAG_BROADCAST) || !dhcp_msg_has_opt(m, 94) ||
			      dhcp_msg_client_arch(m, &arch) || arch != 7 ||
			      !dhcp_msg_vendor_prefix(m, "PXEClient:Arch:00007:UNDI:003000");
	}
	if (dhcp_msg_client_uuid(m, uuid) || !scl_idx_of(m->hdr.chaddr, &idx)) {
		l->uuid_mismatch++;
	} else {
		const struct scl_client *cl;

		pxl_storm_port_clients(l->sp, &cl);
		l->uuid_mismatch += memcmp(uuid, cl[idx].uuid, 16) != 0;
	}
}

/** wire_tap() - every frame once: look at the clients' DISCOVERs */
static void wire_tap(void *arg, uint64_t t, int port, const uint8_t *frame, size_t len)
{
	struct lan *l = arg;
	struct dhcp_msg m;
	struct pxl_frame f;

	if (pxl_frame_decode(frame, len, &f, NULL) || !f.is_udp || f.dport != 67 || !l->sp ||
	    dhcp_msg_parse(&m, f.payload, f.payload_len) || m.type != DHCPDISCOVER)
		return;
	check_discover(l, &m);
}

/** watch_tick() - stop when every client is done or failed */
static void watch_tick(void *arg)
{
	struct lan *l = arg;

	if (pxl_storm_port_finished(l->sp))
		pxl_loop_stop(l->loop, 0);
	else
		pxl_timer_arm(l->watch, pxl_now_ns() + 2 * PXL_NS_PER_MS);
}

/** guard_tick() - the test never waits forever */
static void guard_tick(void *arg)
{
	struct lan *l = arg;

	pxl_loop_stop(l->loop, 1);
}

/** write_nbp() - the NBP stand-in in the TFTP root */
static void write_nbp(struct lan *l)
{
	char path[300];
	FILE *fp;
	size_t i;

	ck_assert_int_eq(pxl_tempdir_make(l->root, sizeof(l->root), "storm"), 0);
	snprintf(path, sizeof(path), "%s/snponly.efi", l->root);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	for (i = 0; i < NBP_SIZE; i++)
		fputc((int)(i * 7 & 0xff), fp);
	fclose(fp);
}

/**
 * lan_up() - segment, DHCP (pool @pool addresses from 10.0.2.15), TFTP
 * @l:    out
 * @pool: addresses in the pool
 */
static void lan_up(struct lan *l, unsigned pool)
{
	static const uint8_t srv_mac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
	struct dhcp_config dc = { .server_addr = SRV, .netmask = 0xffff0000u, .gateway = SRV,
				  .pool_start = 0x0a00020fu, .lease_time = 3600, .next_server = SRV };
	struct tftp_config tc = { .server_addr = SRV, .listen_port = TFTP_PORT, .max_transfers = 1024 };
	struct pxl_udp_transport dtr, ttr;

	memset(l, 0, sizeof(*l));
	write_nbp(l);
	l->loop = pxl_loop_new();
	l->seg = pxl_segment_new();
	ck_assert_int_eq(pxl_segment_own_address(l->seg, SRV, srv_mac, 1), 0);
	ck_assert_int_ge(pxl_segment_add_tap(l->seg, wire_tap, l), 0);
	dhcp_rule_init(&l->rule[0], "ipxe");
	ck_assert_int_eq(dhcp_rule_user_class(&l->rule[0], "iPXE"), 0);
	l->rule[0].file = "boot.ipxe";
	dhcp_rule_init(&l->rule[1], "pxe");
	l->rule[1].file = "snponly.efi";
	dc.pool_end = dc.pool_start + pool - 1;
	dc.rules = l->rule;
	dc.n_rules = 2;
	ck_assert_int_eq(pxl_segment_udp_attach(l->seg, SRV, 67, dhcp_in, l, &dtr), 0);
	l->dhcp = dhcp_server_new(&dc, dtr, (struct pxl_event_sink){ 0 });
	ck_assert_ptr_nonnull(l->dhcp);
	tc.root = l->root;
	ck_assert_int_eq(pxl_segment_udp_attach(l->seg, SRV, TFTP_PORT, tftp_in, l, &ttr), 0);
	l->tftp_timer = pxl_timer_new(l->loop, tftp_tick, l);
	l->tftp = tftp_server_new(&tc, ttr, (struct pxl_event_sink){ 0 });
	ck_assert_ptr_nonnull(l->tftp);
}

/**
 * storm_run() - N clients on the LAN until all are over (or 20 s)
 * @l:   LAN from lan_up()
 * @cfg: the storm
 */
static void storm_run(struct lan *l, const struct pxl_storm_config *cfg)
{
	char err[128] = "";

	l->sp = pxl_storm_port_new(l->loop, l->seg, cfg, err, sizeof(err));
	ck_assert_msg(l->sp != NULL, "%s", err);
	l->watch = pxl_timer_new(l->loop, watch_tick, l);
	l->guard = pxl_timer_new(l->loop, guard_tick, l);
	pxl_timer_arm(l->watch, pxl_now_ns() + PXL_NS_PER_MS);
	pxl_timer_arm(l->guard, pxl_now_ns() + 20 * PXL_NS_PER_SEC);
	if (pxl_loop_run(l->loop)) {
		const struct scl_client *c;
		size_t i, n = pxl_storm_port_clients(l->sp, &c);

		for (i = 0; i < n && scl_client_finished(&c[i]); i++)
			;
		ck_abort_msg("client %zu of %zu still in %s (state %d) after 20 s", i, n,
			     scl_stage_name(c[i].stage), c[i].state);
	}
}

/** lan_down() - free everything, remove the root */
static void lan_down(struct lan *l)
{
	pxl_storm_port_free(l->sp);
	pxl_timer_free(l->watch);
	pxl_timer_free(l->guard);
	tftp_server_free(l->tftp);
	pxl_timer_free(l->tftp_timer);
	dhcp_server_free(l->dhcp);
	pxl_segment_free(l->seg);
	pxl_loop_free(l->loop);
	pxl_tempdir_remove(l->root);
}

/** storm_cfg() - @n clients, all at once, timers divided by @div */
static struct pxl_storm_config storm_cfg(unsigned n, int fast, unsigned div)
{
	struct pxl_storm_config cfg = { .clients = n };

	cfg.client.fast = fast;
	cfg.client.seed = 17;
	cfg.client.timer_div = div;
	cfg.client.stages = SCL_ISCSI_LOGIN;	/* no TCP stack here: test_storm_iscsi.c has the iSCSI stages */
	return cfg;
}

START_TEST(one_client_walks_four_stages_with_firmware_waits)
{
	struct pxl_storm_config cfg = storm_cfg(1, 0, 10);	/* offer waits 374 and 305 ms */
	const struct scl_client *c;
	struct lan l;
	int s;

	lan_up(&l, 16);
	storm_run(&l, &cfg);
	ck_assert_uint_eq(pxl_storm_port_clients(l.sp, &c), 1);
	ck_assert_msg(c->state == SCL_DONE, "%s: %s", scl_stage_name(c->stage), c->rec[c->stage].why);
	for (s = 0; s < SCL_ISCSI_LOGIN; s++) {
		ck_assert_msg(c->rec[s].ok, "%s: %s", scl_stage_name(s), c->rec[s].why);
		/* iPXE sends its DISCOVER again while it waits for offers, as captured: at 1 and 3 s,
		 * its REQUEST at 3.046 s. Timers / 10 leave 4.6 ms between the second retransmission
		 * and the REQUEST: a tick that late (load average 30 does it) finds both due and sends
		 * the REQUEST, as iPXE's dhcp_discovery_expired() does once it holds an offer */
		if (s == SCL_DHCP_IPXE)
			ck_assert_msg(c->rec[s].retx == 2 || c->rec[s].retx == 1, "iPXE retx %u", c->rec[s].retx);
		else
			ck_assert_uint_eq(c->rec[s].retx, 0);
		ck_assert(c->rec[s].start_ns && c->rec[s].end_ns >= c->rec[s].start_ns);
	}
	/* stage 3: iPXE starts when the NBP's last ACK went out, and its first
	 * DISCOVER (stage 4's start) ends it after the captured start delay */
	ck_assert_uint_eq(c->rec[SCL_IPXE_START].start_ns, c->rec[SCL_TFTP_NBP].end_ns);
	ck_assert_uint_eq(c->rec[SCL_DHCP_IPXE].start_ns, c->rec[SCL_IPXE_START].end_ns);
	ck_assert_uint_ge(c->rec[SCL_IPXE_START].end_ns - c->rec[SCL_IPXE_START].start_ns,
			  SCL_IPXE_START_MS * PXL_NS_PER_MS / 10);
	ck_assert_uint_eq(c->rec[SCL_IPXE_START].tries, 1);
	/* OVMF collects offers before it requests: the PXE round lasts its wait */
	ck_assert_uint_ge(c->rec[SCL_DHCP_PXE].end_ns - c->rec[SCL_DHCP_PXE].start_ns, 370 * PXL_NS_PER_MS);
	ck_assert_str_eq(c->file, "snponly.efi");
	ck_assert_uint_eq(c->ip, 0x0a00020fu);
	ck_assert_uint_eq(c->tsize, NBP_SIZE);
	ck_assert_uint_eq(c->bytes, NBP_SIZE);
	ck_assert_uint_eq(c->blksize, 1468);
	ck_assert_uint_eq(c->window, 4);
	/* the tsize probe was aborted with error 8, as OVMF does, then the fetch completed */
	ck_assert_uint_eq(tftp_server_stats(l.tftp)->aborted_client, 1);
	ck_assert_uint_eq(tftp_server_stats(l.tftp)->completed, 1);
	ck_assert_uint_eq(l.disc_pxe, 1);
	ck_assert_uint_eq(l.disc_ipxe, 3);	/* the first and the two sent while it waited */
	lan_down(&l);
}
END_TEST

START_TEST(fifty_clients_at_once_all_complete_with_firmware_packets)
{
	struct pxl_storm_config cfg = storm_cfg(50, 1, 1);
	const struct scl_client *c;
	uint8_t seen[64] = { 0 };
	struct lan l;
	size_t i;

	lan_up(&l, 64);
	storm_run(&l, &cfg);
	ck_assert_uint_eq(pxl_storm_port_clients(l.sp, &c), 50);
	for (i = 0; i < 50; i++) {
		ck_assert_msg(c[i].state == SCL_DONE, "client %zu: %s", i, c[i].rec[c[i].stage].why);
		ck_assert_uint_eq(c[i].bytes, NBP_SIZE);
		ck_assert(c[i].ip >= 0x0a00020fu && c[i].ip < 0x0a00020fu + 64);
		ck_assert_uint_eq(seen[c[i].ip - 0x0a00020fu]++, 0);	/* distinct addresses */
	}
	ck_assert_uint_eq(l.disc_pxe, 50);
	ck_assert_uint_eq(l.disc_ipxe, 50);
	ck_assert_uint_eq(l.bad_pxe, 0);
	ck_assert_uint_eq(l.bad_ipxe, 0);
	ck_assert_uint_eq(l.uuid_mismatch, 0);
	ck_assert_uint_eq(tftp_server_stats(l.tftp)->completed, 50);
	ck_assert_uint_eq(tftp_server_stats(l.tftp)->aborted_client, 50);
	{
		struct pxl_storm_sum sum;
		int s;

		ck_assert_int_eq(pxl_storm_sum(c, 50, &sum), 0);
		ck_assert_uint_eq(sum.completed, 50);
		for (s = 0; s < SCL_ISCSI_LOGIN; s++) {
			const struct pxl_storm_stage_sum *st = &sum.stage[s];

			ck_assert_uint_eq(st->passed, 50);
			ck_assert_uint_eq(st->failed, 0);
			ck_assert(st->p50_ns <= st->p95_ns && st->p95_ns <= st->p99_ns &&
				  st->p99_ns <= st->max_ns && st->max_ns > 0);
		}
		ck_assert_uint_eq(sum.stage[SCL_DHCP_PXE].tries, 100);	/* DISCOVER + REQUEST each */
	}
	lan_down(&l);
}
END_TEST

START_TEST(pool_smaller_than_the_storm_fails_the_rest_at_dhcp_pxe)
{
	struct pxl_storm_config cfg = storm_cfg(12, 1, 1000);	/* give-up after 60 ms */
	const struct scl_client *c;
	unsigned done = 0, failed = 0;
	struct lan l;
	size_t i;

	lan_up(&l, 8);
	storm_run(&l, &cfg);
	pxl_storm_port_clients(l.sp, &c);
	for (i = 0; i < 12; i++) {
		if (c[i].state == SCL_DONE) {
			done++;
			continue;
		}
		failed++;
		ck_assert_int_eq(c[i].state, SCL_FAILED);
		ck_assert_int_eq(c[i].stage, SCL_DHCP_PXE);
		ck_assert_str_eq(c[i].rec[SCL_DHCP_PXE].why,
				 "no OFFER after 4 DISCOVERs (OVMF PXE timers)");
		ck_assert_uint_eq(c[i].rec[SCL_DHCP_PXE].retx, 3);
	}
	ck_assert_uint_eq(done, 8);
	ck_assert_uint_eq(failed, 4);
	{
		struct pxl_storm_sum sum;

		ck_assert_int_eq(pxl_storm_sum(c, 12, &sum), 0);
		ck_assert_uint_eq(sum.completed, 8);
		ck_assert_uint_eq(sum.stage[SCL_DHCP_PXE].failed, 4);
		ck_assert_uint_eq(sum.stage[SCL_DHCP_PXE].passed, 8);
		ck_assert_uint_eq(sum.stage[SCL_TFTP_NBP].started, 8);
		ck_assert_int_ge(sum.stage[SCL_DHCP_PXE].first_fail, 0);
		ck_assert_int_eq(c[sum.stage[SCL_DHCP_PXE].first_fail].state, SCL_FAILED);
		ck_assert_str_eq(sum.stage[SCL_DHCP_PXE].first_why,
				 "no OFFER after 4 DISCOVERs (OVMF PXE timers)");
		ck_assert_int_eq(sum.stage[SCL_TFTP_NBP].first_fail, -1);
	}
	ck_assert_uint_gt(dhcp_server_stats(l.dhcp)->drops[DHCP_DROP_POOL_EXHAUSTED], 0);
	lan_down(&l);
}
END_TEST

START_TEST(spread_arrivals_are_seeded_and_within_the_span)
{
	struct pxl_storm_config cfg = storm_cfg(20, 1, 1);
	const struct scl_client *c;
	uint64_t t0, last = 0;
	struct lan l;
	size_t i;

	cfg.spread_ns = 200 * PXL_NS_PER_MS;
	lan_up(&l, 32);
	storm_run(&l, &cfg);
	pxl_storm_port_clients(l.sp, &c);
	t0 = pxl_storm_port_t0(l.sp);
	for (i = 0; i < 20; i++) {
		ck_assert_int_eq(c[i].state, SCL_DONE);
		ck_assert_uint_ge(c[i].rec[SCL_DHCP_PXE].start_ns, t0);
		if (c[i].rec[SCL_DHCP_PXE].start_ns - t0 > last)
			last = c[i].rec[SCL_DHCP_PXE].start_ns - t0;
	}
	ck_assert_uint_gt(last, 20 * PXL_NS_PER_MS);	/* not all at once */
	ck_assert_uint_lt(last, 5 * PXL_NS_PER_SEC);	/* late only if the machine is loaded */
	lan_down(&l);
}
END_TEST

START_TEST(sum_ranks_latencies_and_names_the_first_failure)
{
	struct scl_client *cl = calloc(101, sizeof(*cl));
	struct scl_config cfg = { 0 };
	struct pxl_storm_sum sum;
	unsigned i;

	ck_assert_ptr_nonnull(cl);
	for (i = 0; i < 101; i++) {
		struct scl_stage_rec *r = &cl[i].rec[SCL_DHCP_PXE];

		scl_client_init(&cl[i], i, &cfg);
		r->start_ns = 1000;
		r->end_ns = 1000 + (uint64_t)(i + 1) * PXL_NS_PER_MS;
		r->ok = i < 100;
		r->tries = 2;
		cl[i].state = SCL_DONE;
	}
	snprintf(cl[100].rec[SCL_DHCP_PXE].why, SCL_WHY_MAX, "NAK");
	cl[100].state = SCL_FAILED;
	ck_assert_int_eq(pxl_storm_sum(cl, 101, &sum), 0);
	ck_assert_uint_eq(sum.completed, 100);
	ck_assert_uint_eq(sum.stage[SCL_DHCP_PXE].passed, 100);
	ck_assert_uint_eq(sum.stage[SCL_DHCP_PXE].p50_ns, 50 * PXL_NS_PER_MS);
	ck_assert_uint_eq(sum.stage[SCL_DHCP_PXE].p95_ns, 95 * PXL_NS_PER_MS);
	ck_assert_uint_eq(sum.stage[SCL_DHCP_PXE].p99_ns, 99 * PXL_NS_PER_MS);
	ck_assert_uint_eq(sum.stage[SCL_DHCP_PXE].max_ns, 100 * PXL_NS_PER_MS);
	ck_assert_uint_eq(sum.stage[SCL_DHCP_PXE].tries, 202);
	ck_assert_int_eq(sum.stage[SCL_DHCP_PXE].first_fail, 100);
	ck_assert_str_eq(sum.stage[SCL_DHCP_PXE].first_why, "NAK");
	ck_assert_uint_eq(sum.stage[SCL_TFTP_NBP].started, 0);
	free(cl);
}
END_TEST

/** storm_client_suite() - the suite */
static Suite *storm_client_suite(void)
{
	Suite *s = suite_create("storm_client");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, one_client_walks_four_stages_with_firmware_waits);
	tcase_add_test(tc, fifty_clients_at_once_all_complete_with_firmware_packets);
	tcase_add_test(tc, pool_smaller_than_the_storm_fails_the_rest_at_dhcp_pxe);
	tcase_add_test(tc, spread_arrivals_are_seeded_and_within_the_span);
	tcase_add_test(tc, sum_ranks_latencies_and_names_the_first_failure);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(storm_client_suite)
