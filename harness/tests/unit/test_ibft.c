/* test_ibft.c - a guest's "pxelab-ibft: KEY=VALUE" line against the wire, and `expect ibft` */
#include <string.h>

#include "core/util.h"
#include "engine/engine_priv.h"
#include "engine/ibft.h"
#include "engine/match.h"
#include "lang/scenario.h"
#include "testlib.h"

static const uint8_t pc1_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t pc2_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x57 };

/**
 * struct ibft_case - one row
 * @name:   what it shows
 * @line:   the console line
 * @rp:     root path of the ACK to pc1 ("" for no ACK)
 * @login:  initiator of pc1's successful login ("" for none)
 * @verb:   the observation's verb, NULL when the line makes none
 * @wire:   its expected wire value, NULL when the wire has none
 * @agrees: "yes" or "no"
 */
struct ibft_case {
	const char *name, *line, *rp, *login, *verb, *wire, *agrees;
};

#define RP "iscsi:10.0.2.4::3260:0:iqn.2026-11.org.pxelab:linux"
#define IPXE "iqn.2010-04.org.ipxe:ae9f5fd1-3e15-812a-9ad7-63293d559380"

static const struct ibft_case cases[] = {
	{ "nic-ip equals yiaddr", "pxelab-ibft: nic-ip=10.0.2.100", RP, IPXE, "nic-ip", "10.0.2.100", "yes" },
	{ "nic-ip differs", "pxelab-ibft: nic-ip=10.0.2.101", RP, IPXE, "nic-ip", "10.0.2.100", "no" },
	{ "initiator from the login", "pxelab-ibft: initiator=" IPXE, RP, IPXE, "initiator", IPXE, "yes" },
	{ "initiator without a login", "pxelab-ibft: initiator=" IPXE, RP, "", "initiator", NULL, "no" },
	{ "target", "pxelab-ibft: target=iqn.2026-11.org.pxelab:linux", RP, IPXE, "target",
	  "iqn.2026-11.org.pxelab:linux", "yes" },
	{ "target-ip", "pxelab-ibft: target-ip=10.0.2.4", RP, IPXE, "target-ip", "10.0.2.4", "yes" },
	{ "empty port is 3260", "pxelab-ibft: target-port=3260", "iscsi:10.0.2.4:::0:iqn.2026-11.org.x:y", IPXE,
	  "target-port", "3260", "yes" },
	{ "LUN 0 as Linux prints it", "pxelab-ibft: lun=00000000", RP, IPXE, "lun", "00000000", "yes" },
	{ "LUN 1 (tgt) as Linux prints it", "pxelab-ibft: lun=01000000", "iscsi:10.0.2.5::3260:1:iqn.x:y",
	  IPXE, "lun", "01000000", "yes" },
	{ "LUN 0x1a is hex", "pxelab-ibft: lun=01a000000", "iscsi:10.0.2.5::3260:1a:iqn.x:y", IPXE, "lun",
	  "01a000000", "yes" },
	{ "nic-mac", "pxelab-ibft: nic-mac=52:54:00:12:34:56", "", "", "nic-mac", "52:54:00:12:34:56", "yes" },
	{ "nic-prefix from option 1", "pxelab-ibft: nic-prefix=24", RP, IPXE, "nic-prefix", "24", "yes" },
	{ "nic-gateway from option 3", "pxelab-ibft: nic-gateway=10.0.2.2", RP, IPXE, "nic-gateway", "10.0.2.2", "yes" },
	{ "nic-dhcp differs from option 54", "pxelab-ibft: nic-dhcp=10.0.2.3", RP, IPXE, "nic-dhcp", "10.0.2.2", "no" },
	{ "no ACK yet", "pxelab-ibft: nic-ip=10.0.2.100", "", IPXE, "nic-ip", NULL, "no" },
	{ "an http root path is no iSCSI one", "pxelab-ibft: target-ip=10.0.2.4", "http://10.0.2.4/x", IPXE,
	  "target-ip", NULL, "no" },
	{ "a root path cut short", "pxelab-ibft: target=x", "iscsi:10.0.2.4:", IPXE, "target", NULL, "no" },
	{ "after other text on the line", "[  6.9] pxelab-ibft: nic-ip=10.0.2.100", RP, IPXE, "nic-ip",
	  "10.0.2.100", "yes" },
	{ "a key not compared", "pxelab-ibft: nic-origin=3", RP, IPXE, NULL, NULL, NULL },
	{ "no '='", "pxelab-ibft: nic-ip", RP, IPXE, NULL, NULL, NULL },
	{ "another line", "pxelab-root: uptime 6.96 s", RP, IPXE, NULL, NULL, NULL },
};

/**
 * obs() - an observation of the run's store
 * @o: out
 * @proto, @verb: what it is
 * @mac: whose
 */
static void obs(struct pxl_obs *o, const char *proto, const char *verb, const uint8_t *mac)
{
	memset(o, 0, sizeof(*o));
	o->proto = proto;
	o->verb = verb;
	memcpy(o->mac, mac, 6);
	o->has_mac = 1;
}

/**
 * make_store() - the row's wire: pc2's ACK, pc1's ACK with the row's root path, its login
 * @c: row
 * @store: out: at least 4 observations
 *
 * Return: how many.
 */
static size_t make_store(const struct ibft_case *c, struct pxl_obs *store)
{
	size_t n = 0;

	obs(&store[n], "dhcp", "ack", pc2_mac);
	pxl_eng_obs_add_field(&store[n], "yiaddr", "10.0.2.101");
	pxl_eng_obs_add_field(&store[n++], "root-path", "iscsi:10.0.2.9::3260:0:iqn.x:other");
	if (c->rp[0]) {
		obs(&store[n], "dhcp", "ack", pc1_mac);
		pxl_eng_obs_add_field(&store[n], "yiaddr", "10.0.2.100");
		pxl_eng_obs_add_field(&store[n], "server-id", "10.0.2.2");
		pxl_eng_obs_add_field(&store[n], "root-path", c->rp);
		pxl_eng_obs_add_field(&store[n], "option-1", "ff:ff:ff:00");
		pxl_eng_obs_add_field(&store[n++], "option-3", "0a:00:02:02");
	}
	if (c->login[0]) {
		obs(&store[n], "iscsi", "login", pc1_mac);
		pxl_eng_obs_add_field(&store[n], "initiator", c->login);
		pxl_eng_obs_add_field(&store[n++], "status", "success");
	}
	return n;
}

/* each row: the observation a line makes, its wire value and verdict */
START_TEST(test_ibft_rows)
{
	const struct ibft_case *c = &cases[_i];
	struct pxl_obs store[4], o;
	size_t n = make_store(c, store);
	const char *v;
	int made = pxl_ibft_obs(c->line, "pc1", pc1_mac, store, n, 5, &o);

	ck_assert_msg(made == !!c->verb, "%s: made %d", c->name, made);
	if (!made)
		return;
	ck_assert_str_eq(o.proto, "ibft");
	ck_assert_str_eq(o.verb, c->verb);
	ck_assert_int_eq(memcmp(o.mac, pc1_mac, 6), 0);
	v = pxl_obs_field(&o, "wire");
	ck_assert_msg(c->wire ? v && !strcmp(v, c->wire) : !v, "%s: wire %s", c->name, v ? v : "(none)");
	ck_assert_str_eq(pxl_obs_field(&o, "agrees"), c->agrees);
	ck_assert_msg(strstr(o.summary, c->wire ? c->wire : "nothing on the wire"), "%s: %s", c->name, o.summary);
	ck_assert_msg(strstr(o.summary, strcmp(c->agrees, "yes") ? (c->wire ? "!=" : "nothing") : "=="),
		      "%s: %s", c->name, o.summary);
}
END_TEST

/* `expect ibft KEY` is met by an agreeing observation only; `value` also holds */
START_TEST(test_expect_ibft)
{
	static const char text[] = "scenario t\nclient pc1\nstage 1 \"s\"\n  expect ibft nic-ip\n"
				   "  expect ibft target value iqn.2026-11.org.pxelab:linux from pc1\n";
	const struct ibft_case *ok = &cases[0], *bad = &cases[1], *tgt = &cases[4];
	struct pxl_obs store[4], o;
	struct scn_list list;
	struct scn_diag d;
	const struct scenario *sc;
	size_t n;

	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_buffer("t.scn", text, strlen(text), NULL, &list, &d), 0);
	scn_diag_free(&d);
	sc = list.s[0];
	n = make_store(ok, store);
	ck_assert_int_eq(pxl_ibft_obs(ok->line, "pc1", pc1_mac, store, n, 5, &o), 1);
	ck_assert(pxl_expect_matches(sc, &sc->stages[0].ex[0], pc1_mac, &o));
	ck_assert(!pxl_expect_matches(sc, &sc->stages[0].ex[1], pc1_mac, &o));
	ck_assert_int_eq(pxl_ibft_obs(bad->line, "pc1", pc1_mac, store, n, 5, &o), 1);
	ck_assert(!pxl_expect_matches(sc, &sc->stages[0].ex[0], pc1_mac, &o));
	ck_assert_int_eq(pxl_ibft_obs(tgt->line, "pc1", pc1_mac, store, n, 5, &o), 1);
	ck_assert(pxl_expect_matches(sc, &sc->stages[0].ex[1], pc1_mac, &o));
	memcpy(o.mac, pc2_mac, 6);	/* `from pc1`: not another client's line */
	ck_assert(!pxl_expect_matches(sc, &sc->stages[0].ex[1], NULL, &o));
	scn_list_free(&list);
}
END_TEST

/* every `expect ibft` verb of the vocabulary is a field the engine compares */
START_TEST(test_vocab_keys)
{
	const struct scn_proto_def *pd = scn_proto_lookup("ibft");
	size_t i;

	ck_assert_ptr_nonnull(pd);
	for (i = 0; i < pd->nverbs; i++)
		ck_assert_msg(pxl_ibft_known(pd->verbs[i].name), "%s", pd->verbs[i].name);
	ck_assert(!pxl_ibft_known("nic-origin"));
}
END_TEST

/**
 * ibft_suite() - the suite
 *
 * Return: the suite.
 */
static Suite *ibft_suite(void)
{
	Suite *s = suite_create("ibft");
	TCase *tc = tcase_create("ibft");

	tcase_add_loop_test(tc, test_ibft_rows, 0, (int)ARRAY_SIZE(cases));
	tcase_add_test(tc, test_expect_ibft);
	tcase_add_test(tc, test_vocab_keys);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(ibft_suite)
