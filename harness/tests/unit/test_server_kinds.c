/* test_server_kinds.c - the one table of server kinds: names, the lists users see, providers, a run's servers */
#include <errno.h>
#include <string.h>

#include "core/loop.h"
#include "net/segment.h"
#include "servers/external_priv.h"
#include "servers/provider.h"
#include "lang/scenario.h"
#include "testlib.h"

static const char base[] =
	"scenario t\n"
	"dhcp builtin\n"
	"  pool 10.0.2.100 - 10.0.2.199\n"
	"  otherwise file \"snponly.efi\" name fw\n"
	"tftp builtin root fixtures/tftp\n"
	"client pc1 firmware uefi nic virtio-net pxe native\n"
	"stage 1 \"s\"\n  expect console \"x\"\n";

static const char no_tftp[] =
	"scenario t\n"
	"dhcp builtin\n"
	"  pool 10.0.2.100 - 10.0.2.199\n"
	"client pc1\n"
	"stage 1 \"s\"\n  expect console \"x\"\n";

START_TEST(test_names_and_lookup)
{
	enum scn_server k = SCN_SRV_NONE;
	size_t i, j;

	ck_assert_str_eq(scn_server_name(SCN_SRV_NONE), "none");
	ck_assert_str_eq(scn_server_name(SCN_SRV_ISC), "isc-dhcpd");
	ck_assert_str_eq(scn_server_name(SCN_SRV_COUNT), "?");
	ck_assert_int_eq(scn_server_find("isc-dhcpd", SCN_IN_DHCP, &k), 0);
	ck_assert_int_eq(k, SCN_SRV_ISC);
	/* tftpd-hpa: a scenario's tftp line, `run --tftp` and `compare --tftp`; never a DHCP server */
	ck_assert_int_eq(scn_server_find("tftpd-hpa", SCN_IN_DHCP, &k), -EINVAL);
	ck_assert_int_eq(scn_server_find("tftpd-hpa", SCN_IN_TFTP, &k), 0);
	ck_assert_int_eq(scn_server_find("tftpd-hpa", SCN_SWAP_TFTP, &k), 0);
	ck_assert_int_eq(k, SCN_SRV_TFTPD_HPA);
	ck_assert_int_eq(scn_server_find("none", ~0u, &k), -EINVAL);
	for (i = 1; i < SCN_SRV_COUNT; i++)
		for (j = i + 1; j < SCN_SRV_COUNT; j++)
			ck_assert_str_ne(scn_server_kinds[i].name, scn_server_kinds[j].name);
}
END_TEST

START_TEST(test_lists_in_row_order)
{
	const char *words[SCN_SRV_COUNT];
	enum scn_server kinds[SCN_SRV_COUNT];
	char buf[256];

	/* the parser's messages: `pxelab check` output depends on this order */
	ck_assert_str_eq(scn_server_list(SCN_IN_DHCP, ", ", buf, sizeof(buf)),
			 "builtin, slirp, dnsmasq, kea, isc-dhcpd, udhcpd");
	ck_assert_str_eq(scn_server_list(SCN_IN_TFTP, ", ", buf, sizeof(buf)), "builtin, slirp, tftpd-hpa, dnsmasq");
	ck_assert_str_eq(scn_server_list(SCN_IN_ISCSI, ", ", buf, sizeof(buf)), "builtin, tgt");
	ck_assert_str_eq(scn_server_list(SCN_SWAP_TFTP, " or ", buf, sizeof(buf)), "tftpd-hpa or dnsmasq");
	/* a scenario's http line, and `run --http` / `compare --http` (builtin is said apart) */
	ck_assert_str_eq(scn_server_list(SCN_IN_HTTP, ", ", buf, sizeof(buf)), "builtin, nginx, lighttpd");
	ck_assert_str_eq(scn_server_list(SCN_SWAP_HTTP, " or ", buf, sizeof(buf)), "nginx or lighttpd");
	ck_assert_uint_eq(scn_server_words(SCN_IN_ISCSI, words, kinds, SCN_SRV_COUNT), 2);
	ck_assert_str_eq(words[1], "tgt");
	ck_assert_int_eq(kinds[1], SCN_SRV_TGT);
	ck_assert_ptr_null(words[2]);
	/* a short buffer is cut, never overrun */
	ck_assert_str_eq(scn_server_list(SCN_IN_DHCP, ", ", buf, 10), "builtin, ");
}
END_TEST

START_TEST(test_every_kind_has_a_provider_for_its_roles)
{
	size_t k;
	int r;

	ck_assert_ptr_null(pxl_provider_of(SCN_SRV_NONE));
	for (k = SCN_SRV_NONE + 1; k < SCN_SRV_COUNT; k++) {
		const struct pxl_provider *pv = pxl_provider_of((enum scn_server)k);

		ck_assert_msg(pv && pv->ops, "%s has no provider", scn_server_kinds[k].name);
		for (r = 0; r < SCN_NROLES; r++) {
			if (!(scn_server_kinds[k].roles & (SCN_IN(r) | SCN_SWAP(r))))
				continue;
			/* an external server needs a program for each role it may be named in */
			ck_assert_msg(!pv->ops->netns || pv->program[r], "%s has no program for role %d",
				      scn_server_kinds[k].name, r);
		}
	}
}
END_TEST

/**
 * parse() - parse a scenario text, failing the test on errors
 * @text: scenario
 * @list: out
 *
 * Return: the instance.
 */
static struct scenario *parse(const char *text, struct scn_list *list)
{
	struct scn_diag d;

	scn_diag_init(&d);
	scn_parse_buffer("t.scn", text, strlen(text), NULL, list, &d);
	ck_assert_msg(d.errors == 0 && list->n == 1, "parse failed");
	scn_diag_free(&d);
	return list->s[0];
}

START_TEST(test_cannot_and_address_through_the_provider)
{
	struct scn_list l = { 0 };
	struct scenario *sc = parse(base, &l);
	char buf[512];

	ck_assert_int_eq(pxl_servers_cannot(sc, buf, sizeof(buf)), 0); /* builtin expresses all */
	ck_assert_str_eq(buf, "");
	sc->dhcp.kind = SCN_SRV_UDHCPD; /* one rule, no conditions: udhcpd can say it */
	ck_assert_int_eq(pxl_servers_cannot(sc, buf, sizeof(buf)), 0);
	ck_assert_uint_eq(pxl_server_addr(SCN_SRV_BUILTIN, SCN_ROLE_DHCP, sc), 0x0a000202);
	ck_assert_uint_eq(pxl_server_addr(SCN_SRV_BUILTIN, SCN_ROLE_ISCSI, sc), 0x0a000204);
	ck_assert_uint_eq(pxl_server_addr(SCN_SRV_KEA, SCN_ROLE_DHCP, sc), 0x0a000205);
	ck_assert_uint_eq(pxl_server_addr(SCN_SRV_NONE, SCN_ROLE_DHCP, sc), 0);
	scn_list_free(&l);
}
END_TEST

/**
 * env_init() - a run's environment on a real loop and segment; the gateway address
 *              is declared as libslirp would, but libslirp itself is not started
 * @env: out
 * @sc: scenario
 * @err: error buffer (256 bytes)
 * @hint: hint buffer (256 bytes)
 */
static void env_init(struct pxl_server_env *env, const struct scenario *sc, char *err, char *hint)
{
	uint8_t mac[PXL_ETH_ALEN];

	memset(env, 0, sizeof(*env));
	env->sc = sc;
	env->loop = pxl_loop_new();
	env->seg = pxl_segment_new();
	ck_assert_ptr_nonnull(env->loop);
	ck_assert_ptr_nonnull(env->seg);
	pxl_segment_mac_for(0x0a000202, mac);
	ck_assert_int_eq(pxl_segment_own_address(env->seg, 0x0a000202, mac, 1), 0);
	env->tmpdir = "/tmp";
	env->tftp_root = "fixtures/tftp";
	env->rundir = "/tmp";
	env->error = err;
	env->errlen = 256;
	env->hint = hint;
	env->hintlen = 256;
	err[0] = hint[0] = '\0';
}

START_TEST(test_run_starts_builtin_servers)
{
	struct scn_list l = { 0 };
	struct pxl_server_env env;
	struct pxl_servers *run = NULL;
	char err[256], hint[256];

	env_init(&env, parse(base, &l), err, hint);
	ck_assert_int_eq(pxl_servers_start(&env, &run), 0);
	ck_assert_str_eq(err, "");
	ck_assert_ptr_nonnull(run);
	ck_assert_uint_eq(run->n, 2); /* builtin DHCP, builtin TFTP */
	ck_assert_int_eq(run->started[0].role, SCN_ROLE_DHCP);
	ck_assert_int_eq(run->started[1].role, SCN_ROLE_TFTP);
	ck_assert_ptr_null(run->peers); /* no namespace for in-process servers */
	pxl_servers_stop(run);
	pxl_segment_free(env.seg);
	pxl_loop_free(env.loop);
	scn_list_free(&l);
}
END_TEST

START_TEST(test_run_error_reaches_the_caller)
{
	static const struct pxl_peer_opts swap = { .tftp = SCN_SRV_TFTPD_HPA };
	struct scn_list l = { 0 };
	struct pxl_server_env env;
	struct pxl_servers *run = NULL;
	struct pxl_peer_copy copy;
	struct scenario *sc = parse(no_tftp, &l);
	char err[256], hint[256];

	/* a swap is refused for a scenario without a tftp line ... */
	ck_assert_int_eq(pxl_peer_copy_make(sc, sc->dhcp.kind, &swap, SCN_SRV_NONE, &copy, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "no tftp line"), "%s", err);
	pxl_peer_copy_free(&copy);
	/* ... and a real TFTP server given nothing to serve fails its start */
	sc->tftp.kind = SCN_SRV_TFTPD_HPA;
	env_init(&env, sc, err, hint);
	env.tftp_root = "";
	ck_assert_int_eq(pxl_servers_start(&env, &run), -1);
	ck_assert_msg(strstr(err, "no tftp line"), "%s", err);
	/* the in-process servers started first; the namespace was never made */
	ck_assert_int_eq(run->started[0].role, SCN_ROLE_DHCP);
	ck_assert_ptr_null(run->peers);
	pxl_servers_stop(run);
	pxl_segment_free(env.seg);
	pxl_loop_free(env.loop);
	scn_list_free(&l);
}
END_TEST

/* --http swaps the scenario's HTTP server (nginx at the namespace address), never one it lacks */
START_TEST(test_http_swap)
{
	static const char with_http[] = "scenario t\ndhcp builtin\n  pool 10.0.2.100 - 10.0.2.199\n"
					"http builtin\n  serve a.img fixtures/tftp/boot.ipxe\nclient pc1\n"
					"stage 1 \"s\"\n  expect console \"x\"\n";
	static const struct pxl_peer_opts swap = { .http = SCN_SRV_NGINX };
	struct scn_list l = { 0 }, m = { 0 };
	struct scenario *sc = parse(no_tftp, &l), *h = parse(with_http, &m);
	struct pxl_peer_copy copy;
	char err[256];

	ck_assert_int_eq(pxl_peer_copy_make(sc, sc->dhcp.kind, &swap, SCN_SRV_NONE, &copy, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "the scenario has no http line: nothing for nginx to serve"), "%s", err);
	pxl_peer_copy_free(&copy);
	ck_assert_int_eq(pxl_peer_copy_make(h, h->dhcp.kind, &swap, SCN_SRV_NONE, &copy, err, sizeof(err)), 0);
	ck_assert_int_eq(copy.s.http.kind, SCN_SRV_NGINX);
	ck_assert_int_eq(h->http.kind, SCN_SRV_BUILTIN);	/* the original is untouched */
	ck_assert_uint_eq(pxl_server_addr(SCN_SRV_NGINX, SCN_ROLE_HTTP, h), 0x0a000205);
	ck_assert_uint_eq(pxl_server_addr(SCN_SRV_BUILTIN, SCN_ROLE_HTTP, h), 0x0a000204);
	pxl_peer_copy_free(&copy);
	scn_list_free(&l);
	scn_list_free(&m);
}
END_TEST

/** kinds_suite() - the suite */
static Suite *kinds_suite(void)
{
	Suite *s = suite_create("server_kinds");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_names_and_lookup);
	tcase_add_test(tc, test_lists_in_row_order);
	tcase_add_test(tc, test_every_kind_has_a_provider_for_its_roles);
	tcase_add_test(tc, test_cannot_and_address_through_the_provider);
	tcase_add_test(tc, test_run_starts_builtin_servers);
	tcase_add_test(tc, test_run_error_reaches_the_caller);
	tcase_add_test(tc, test_http_swap);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(kinds_suite)
