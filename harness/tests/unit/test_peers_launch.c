/* test_peers_launch.c - an external server's command line: arguments past the limit fail the launch, loudly */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "servers/external_priv.h"
#include "testlib.h"

START_TEST(test_args_up_to_the_limit)
{
	struct pxl_peer_launch *l = calloc(1, sizeof(*l));
	char last[32];
	int i;

	ck_assert_ptr_nonnull(l);
	for (i = 0; i < PXL_PEER_MAX_ARGS; i++)
		ck_assert_int_eq(pxl_launch_arg(l, "arg-%d", i), 0);
	ck_assert_int_eq(l->argc, PXL_PEER_MAX_ARGS);
	ck_assert_str_eq(l->argv[0], "arg-0");
	snprintf(last, sizeof(last), "arg-%d", PXL_PEER_MAX_ARGS - 1);
	ck_assert_str_eq(l->argv[PXL_PEER_MAX_ARGS - 1], last);
	ck_assert_ptr_null(l->argv[PXL_PEER_MAX_ARGS]);
	ck_assert_int_eq(l->too_many, 0);
	free(l);
}
END_TEST

START_TEST(test_arg_past_the_limit_is_refused)
{
	struct pxl_peer_launch *l = calloc(1, sizeof(*l));
	int i;

	ck_assert_ptr_nonnull(l);
	for (i = 0; i < PXL_PEER_MAX_ARGS; i++)
		pxl_launch_arg(l, "arg-%d", i);
	ck_assert_int_eq(pxl_launch_arg(l, "one-too-many"), -E2BIG);
	ck_assert_int_eq(pxl_launch_arg(l, "and-another"), -E2BIG);
	ck_assert_int_eq(l->argc, PXL_PEER_MAX_ARGS);
	ck_assert_ptr_null(l->argv[PXL_PEER_MAX_ARGS]); /* still NULL-terminated */
	ck_assert_int_eq(l->too_many, 1);
	free(l);
}
END_TEST

START_TEST(test_launch_with_too_many_args_fails_naming_program_and_limit)
{
	static const struct pxl_peer_server srv = { .name = "fakesrv", .program = "fakesrv", .package = "fake" };
	struct pxl_peer_launch *l = calloc(1, sizeof(*l));
	struct pxl_peers *p = calloc(1, sizeof(*p));
	char err[256] = "", limit[16];
	int i;

	ck_assert_ptr_nonnull(l);
	ck_assert_ptr_nonnull(p);
	for (i = 0; i <= PXL_PEER_MAX_ARGS; i++)
		pxl_launch_arg(l, "arg-%d", i);
	/* refused before anything is spawned: no namespace is needed to see it */
	ck_assert_int_eq(pxl_launch_start(p, &srv, l, err, sizeof(err)), -1);
	ck_assert_uint_eq(p->nprocs, 0);
	snprintf(limit, sizeof(limit), "%d", PXL_PEER_MAX_ARGS);
	ck_assert_msg(strstr(err, "fakesrv") && strstr(err, limit), "message names neither program nor limit: %s", err);
	free(l);
	free(p);
}
END_TEST

/** launch_suite() - the suite */
static Suite *launch_suite(void)
{
	Suite *s = suite_create("peers_launch");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_args_up_to_the_limit);
	tcase_add_test(tc, test_arg_past_the_limit_is_refused);
	tcase_add_test(tc, test_launch_with_too_many_args_fails_naming_program_and_limit);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(launch_suite)
