/* test_dhcp_lease.c - DHCP pool and lease table: choice order, exclusions, expiry, release, decline */
#include "services/dhcp/dhcp_lease.h"
#include "testlib.h"

#include <errno.h>
#include <string.h>

#define IP(d) (0x0a000200u | (d))
#define S(n) ((uint64_t)(n) * 1000000000ULL)

static const uint8_t A[6] = { 2, 0, 0, 0, 0, 0xa };
static const uint8_t B[6] = { 2, 0, 0, 0, 0, 0xb };
static const uint8_t C[6] = { 2, 0, 0, 0, 0, 0xc };

START_TEST(test_choose_order)
{
	struct dhcp_reservation res = { { 2, 0, 0, 0, 0, 0xc }, IP(50) };
	struct dhcp_leases t;
	uint32_t a;

	dhcp_leases_init(&t, IP(2), IP(6), &res, 1);
	ck_assert_int_eq(dhcp_leases_exclude(&t, IP(2)), 0);          /* the server */
	ck_assert_int_eq(dhcp_leases_exclude(&t, 0), 0);              /* ignored */
	ck_assert_int_eq(dhcp_lease_choose(&t, A, 0, S(0), &a), 0);
	ck_assert_uint_eq(a, IP(3));                                   /* .2 excluded */
	ck_assert_int_eq(dhcp_lease_choose(&t, C, 0, S(0), &a), 0);
	ck_assert_uint_eq(a, IP(50));                                  /* reservation */
	ck_assert_int_eq(dhcp_lease_choose(&t, B, IP(5), S(0), &a), 0);
	ck_assert_uint_eq(a, IP(5));                                   /* requested */
	ck_assert_int_eq(dhcp_lease_choose(&t, B, IP(50), S(0), &a), 0);
	ck_assert_uint_eq(a, IP(3));                                   /* not someone's reservation */
	ck_assert_int_eq(dhcp_lease_set(&t, A, IP(3), DHCP_LEASE_BOUND, S(100)), 0);
	ck_assert_int_eq(dhcp_lease_choose(&t, B, IP(3), S(0), &a), 0);
	ck_assert_uint_eq(a, IP(4));                                   /* .3 is A's */
	ck_assert_int_eq(dhcp_lease_choose(&t, A, IP(6), S(0), &a), 0);
	ck_assert_uint_eq(a, IP(3));                                   /* current beats requested */
	dhcp_leases_fini(&t);
}
END_TEST

START_TEST(test_exhaustion_and_expiry)
{
	struct dhcp_leases t;
	uint32_t a;

	dhcp_leases_init(&t, IP(10), IP(11), NULL, 0);
	ck_assert_int_eq(dhcp_lease_set(&t, A, IP(10), DHCP_LEASE_BOUND, S(100)), 0);
	ck_assert_int_eq(dhcp_lease_set(&t, B, IP(11), DHCP_LEASE_OFFERED, S(10)), 0);
	ck_assert_int_eq(dhcp_lease_choose(&t, C, 0, S(5), &a), -ENOSPC);
	ck_assert_int_eq(dhcp_lease_choose(&t, C, 0, S(10), &a), 0);   /* offer lapsed */
	ck_assert_uint_eq(a, IP(11));
	ck_assert_ptr_null(dhcp_lease_of(&t, B, S(10)));
	ck_assert_ptr_nonnull(dhcp_lease_of(&t, A, S(99)));
	/* B comes back after its offer lapsed and nobody took it: same address */
	ck_assert_int_eq(dhcp_lease_choose(&t, B, 0, S(20), &a), 0);
	ck_assert_uint_eq(a, IP(11));
	/* a client has one entry: binding another address drops the old one */
	ck_assert_int_eq(dhcp_lease_set(&t, A, IP(11), DHCP_LEASE_BOUND, S(200)), 0);
	ck_assert(dhcp_lease_usable(&t, B, IP(10), S(20)));
	ck_assert(!dhcp_lease_usable(&t, B, IP(11), S(20)));
	ck_assert(!dhcp_lease_usable(&t, B, IP(12), S(20)));            /* outside */
	ck_assert(!dhcp_lease_usable(&t, B, 0, S(20)));
	dhcp_leases_fini(&t);
}
END_TEST

START_TEST(test_release_and_decline)
{
	struct dhcp_leases t;
	uint32_t a;

	dhcp_leases_init(&t, IP(10), IP(11), NULL, 0);
	dhcp_lease_set(&t, A, IP(10), DHCP_LEASE_BOUND, S(100));
	ck_assert_int_eq(dhcp_lease_release(&t, A, IP(11)), 0);       /* not its address */
	ck_assert_int_eq(dhcp_lease_release(&t, B, 0), 0);             /* unknown */
	ck_assert_int_eq(dhcp_lease_release(&t, A, IP(10)), 1);
	ck_assert_int_eq(dhcp_lease_release(&t, A, IP(10)), 0);        /* twice */
	ck_assert_ptr_null(dhcp_lease_of(&t, A, S(1)));
	ck_assert(dhcp_lease_usable(&t, B, IP(10), S(1)));
	/* others get never-used addresses first; the old owner gets its own back */
	ck_assert_int_eq(dhcp_lease_choose(&t, B, 0, S(1), &a), 0);
	ck_assert_uint_eq(a, IP(11));
	ck_assert_int_eq(dhcp_lease_choose(&t, A, 0, S(1), &a), 0);
	ck_assert_uint_eq(a, IP(10));
	ck_assert_int_eq(dhcp_lease_decline(&t, IP(11), S(50)), 0);
	ck_assert(!dhcp_lease_usable(&t, B, IP(11), S(49)));
	ck_assert(!dhcp_lease_usable(&t, (const uint8_t[6]){ 0 }, IP(11), S(49)));
	ck_assert(dhcp_lease_usable(&t, B, IP(11), S(50)));
	dhcp_leases_fini(&t);
}
END_TEST

START_TEST(test_no_pool_and_limits)
{
	struct dhcp_leases t;
	uint32_t a;
	int i;

	dhcp_leases_init(&t, 1, 0, NULL, 0);                            /* proxy: none */
	ck_assert(!dhcp_lease_in_pool(&t, 1));
	ck_assert_int_eq(dhcp_lease_choose(&t, A, 0, 0, &a), -ENOSPC);
	for (i = 0; i < DHCP_LEASE_MAX_EXCLUDE; i++)
		ck_assert_int_eq(dhcp_leases_exclude(&t, IP(1 + i)), 0);
	ck_assert_int_eq(dhcp_leases_exclude(&t, IP(9)), -ENOSPC);
	dhcp_leases_fini(&t);
	/* a pool reaching the top of the address space terminates */
	dhcp_leases_init(&t, 0xfffffffe, 0xffffffff, NULL, 0);
	dhcp_lease_set(&t, A, 0xfffffffe, DHCP_LEASE_BOUND, S(9));
	dhcp_lease_set(&t, B, 0xffffffff, DHCP_LEASE_BOUND, S(9));
	ck_assert_int_eq(dhcp_lease_choose(&t, C, 0, 0, &a), -ENOSPC);
	dhcp_leases_fini(&t);
}
END_TEST

START_TEST(test_many_clients_grow_table)
{
	struct dhcp_leases t;
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 0 };
	uint32_t a;
	int i;

	dhcp_leases_init(&t, IP(1), IP(200), NULL, 0);
	for (i = 0; i < 200; i++) {
		mac[4] = (uint8_t)(i >> 8);
		mac[5] = (uint8_t)i;
		ck_assert_int_eq(dhcp_lease_choose(&t, mac, 0, 0, &a), 0);
		ck_assert_uint_eq(a, IP(1 + i));
		ck_assert_int_eq(dhcp_lease_set(&t, mac, a, DHCP_LEASE_BOUND, S(60)), 0);
	}
	mac[5] = 0xff;
	mac[4] = 0xff;
	ck_assert_int_eq(dhcp_lease_choose(&t, mac, 0, 0, &a), -ENOSPC);
	ck_assert_uint_eq(t.n, 200);
	dhcp_leases_fini(&t);
}
END_TEST

START_TEST(test_index_follows_moves)
{
	struct dhcp_leases t;
	uint32_t a;

	dhcp_leases_init(&t, IP(10), IP(13), NULL, 0);
	dhcp_lease_set(&t, A, IP(10), DHCP_LEASE_BOUND, S(100));
	dhcp_lease_set(&t, B, IP(11), DHCP_LEASE_BOUND, S(100));
	dhcp_lease_set(&t, C, IP(12), DHCP_LEASE_BOUND, S(100));
	/* A moves: its entry is dropped and C's entry moves into its place */
	dhcp_lease_set(&t, A, IP(13), DHCP_LEASE_BOUND, S(100));
	ck_assert_uint_eq(t.n, 3);
	ck_assert(dhcp_lease_usable(&t, B, IP(10), S(1)));
	ck_assert(!dhcp_lease_usable(&t, B, IP(12), S(1)));
	ck_assert(!dhcp_lease_usable(&t, C, IP(13), S(1)));
	ck_assert_uint_eq(dhcp_lease_of(&t, C, S(1))->addr, IP(12));
	ck_assert_uint_eq(dhcp_lease_of(&t, A, S(1))->addr, IP(13));
	ck_assert_int_eq(dhcp_lease_choose(&t, (const uint8_t[6]){ 9 }, 0, S(1), &a), 0);
	ck_assert_uint_eq(a, IP(10));
	/* C's entry is found through the index after the move */
	ck_assert_int_eq(dhcp_lease_release(&t, C, IP(12)), 1);
	ck_assert(dhcp_lease_usable(&t, B, IP(12), S(1)));
	dhcp_leases_fini(&t);
}
END_TEST

/** storm_mac() - the MAC of client @i of test_index_at_scale */
static void storm_mac(uint8_t mac[6], unsigned i)
{
	static const uint8_t base[6] = { 2, 0x53, 0, 0, 0, 0 };

	memcpy(mac, base, 6);
	mac[3] = (uint8_t)(i >> 16);
	mac[4] = (uint8_t)(i >> 8);
	mac[5] = (uint8_t)i;
}

/* 5,000 clients (a storm): every lookup through the MAC index and the
 * never-used cursor gives what a walk of the table gave */
START_TEST(test_index_at_scale)
{
	const uint32_t base = 0x0a010000u;
	struct dhcp_leases t;
	uint8_t mac[6];
	uint32_t a;
	unsigned i;

	dhcp_leases_init(&t, base + 1, base + 6000, NULL, 0);
	for (i = 0; i < 5000; i++) {
		storm_mac(mac, i);
		ck_assert_int_eq(dhcp_lease_choose(&t, mac, 0, S(0), &a), 0);
		ck_assert_uint_eq(a, base + 1 + i);
		ck_assert_int_eq(dhcp_lease_set(&t, mac, a, DHCP_LEASE_OFFERED, S(10)), 0);
		ck_assert_int_eq(dhcp_lease_set(&t, mac, a, DHCP_LEASE_BOUND, S(100)), 0);
	}
	for (i = 0; i < 5000; i += 100) {	/* 50 clients move: their old entries drop */
		storm_mac(mac, i);
		ck_assert_int_eq(dhcp_lease_set(&t, mac, base + 5001 + i / 100, DHCP_LEASE_BOUND, S(100)), 0);
	}
	ck_assert_uint_eq(t.n, 5000);
	for (i = 0; i < 5000; i++) {
		storm_mac(mac, i);
		ck_assert_ptr_nonnull(dhcp_lease_of(&t, mac, S(1)));
		ck_assert_uint_eq(dhcp_lease_of(&t, mac, S(1))->addr, i % 100 ? base + 1 + i : base + 5001 + i / 100);
	}
	storm_mac(mac, 9000);	/* a new client: the lowest address without an entry */
	ck_assert_int_eq(dhcp_lease_choose(&t, mac, 0, S(1), &a), 0);
	ck_assert_uint_eq(a, base + 1);
	ck_assert_int_eq(dhcp_lease_set(&t, mac, a, DHCP_LEASE_BOUND, S(100)), 0);
	ck_assert_int_eq(dhcp_lease_decline(&t, base + 101, S(100)), 0);
	storm_mac(mac, 9001);
	ck_assert_int_eq(dhcp_lease_choose(&t, mac, 0, S(1), &a), 0);
	ck_assert_uint_eq(a, base + 201);
	storm_mac(mac, 0);	/* found, released, found again by its address */
	ck_assert_int_eq(dhcp_lease_release(&t, mac, 0), 1);
	ck_assert_ptr_null(dhcp_lease_of(&t, mac, S(1)));
	ck_assert_int_eq(dhcp_lease_choose(&t, mac, 0, S(1), &a), 0);
	ck_assert_uint_eq(a, base + 5001);
	dhcp_leases_fini(&t);
}
END_TEST

/** dhcp_lease_suite() - the lease table suite */
static Suite *dhcp_lease_suite(void)
{
	Suite *s = suite_create("dhcp_lease");
	TCase *tc = tcase_create("lease");

	tcase_add_test(tc, test_choose_order);
	tcase_add_test(tc, test_exhaustion_and_expiry);
	tcase_add_test(tc, test_release_and_decline);
	tcase_add_test(tc, test_no_pool_and_limits);
	tcase_add_test(tc, test_many_clients_grow_table);
	tcase_add_test(tc, test_index_follows_moves);
	tcase_add_test(tc, test_index_at_scale);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(dhcp_lease_suite)
