/* fuzz_dhcp.c - fuzz target: DHCP message parsing, every accessor, the boot policy and the server
 *
 * Input: records (fuzz.h), one DHCP payload each.  Every record is parsed
 * with dhcp_msg_parse(), read through every accessor and the one-line
 * summary, matched against a rule set that uses every condition kind (with
 * a boot history that grows as rules hand out files), and fed to two fresh
 * servers made for this input: a full one (small pool, a reservation) and
 * a ProxyDHCP one.  A parsed message is also laid out again with the
 * builder and must parse back with the same header and options.  Selector bits: 0 = server (full/proxy), 1 = port
 * (67/4011), 2 = source (0.0.0.0/a client address), 3 = a time step of 40 s
 * (offers and leases expire).  Contract checked: every reply a server sends
 * parses back as a BOOTREPLY no longer than the client accepts.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "services/dhcp/dhcp_msg.h"
#include "services/dhcp/dhcp_policy.h"
#include "services/dhcp/dhcp_server.h"

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
#define N_RULES 7

/**
 * struct dhcp_run - one input's state
 * @msg:    parsed message (large: kept off the stack)
 * @reply:  a reply parsed back
 * @back:   the rebuilt message parsed back
 * @b:      builder of the rebuilt message
 * @buf:    its bytes
 * @hist:   boot history of the policy check
 * @cur:    the request being served (for the reply contract)
 */
struct dhcp_run {
	struct dhcp_msg msg;
	struct dhcp_msg reply;
	struct dhcp_msg back;
	struct dhcp_build b;
	uint8_t buf[DHCP_MSG_MAX_LEN];
	struct dhcp_history hist;
	const struct dhcp_msg *cur;
};

/**
 * struct dhcp_fuzz - what every input starts from (built once, never changed by an input)
 * @rules:  boot policy using every condition kind
 * @res:    one reservation
 * @full:   configuration of the full server
 * @proxy:  configuration of the ProxyDHCP server
 * @big:    a long rule option (forces option splitting and overload)
 * @run:    one input's state (large: kept off the stack, reset per input)
 * @ready:  set up
 */
static struct dhcp_fuzz {
	struct dhcp_rule rules[N_RULES];
	struct dhcp_reservation res;
	struct dhcp_config full;
	struct dhcp_config proxy;
	uint8_t big[600];
	struct dhcp_run *run;
	int ready;
} fz;

/**
 * setup_rules() - a policy with every condition kind, negation, options and no-boot
 */
static void setup_rules(void)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct dhcp_rule *r = fz.rules;
	size_t i;

	memset(fz.big, 'x', sizeof(fz.big));
	dhcp_rule_init(&r[0], "ipxe");
	dhcp_rule_user_class(&r[0], "iPXE");
	dhcp_rule_feature(&r[0], "iscsi");
	r[0].root_path = "iscsi:10.0.2.4::3260:0:iqn.2026-11.org.pxelab:boot";
	r[0].no_pxedhcp = 1;
	dhcp_rule_init(&r[1], "bios-first");
	dhcp_rule_arch(&r[1], DHCP_CMP_EQ, 0);
	dhcp_rule_nbp_count(&r[1], "undionly.kpxe", DHCP_CMP_LT, 1);
	r[1].file = "undionly.kpxe";
	dhcp_rule_init(&r[2], "uefi");
	dhcp_rule_vendor(&r[2], "PXEClient:Arch:00007");
	dhcp_rule_arch(&r[2], DHCP_CMP_GE, 6);
	dhcp_rule_user_class(&r[2], "iPXE");
	dhcp_rule_negate_last(&r[2]);
	r[2].file = "snponly.efi";
	r[2].next_server = IP4(10, 0, 2, 2);
	dhcp_rule_init(&r[3], "mac");
	dhcp_rule_mac(&r[3], mac);
	dhcp_rule_feature_code(&r[3], 0x13);
	r[3].file = "a-file-name-that-is-long-enough-to-need-overloading-when-the-options-are-many.efi";
	r[3].sname = "server-name";
	dhcp_rule_option(&r[3], 66, fz.big, 300);
	dhcp_rule_option_str(&r[3], 12, "host");
	dhcp_rule_init(&r[4], "big");
	dhcp_rule_nbp_count(&r[4], NULL, DHCP_CMP_GT, 2);
	dhcp_rule_option(&r[4], 224, fz.big, sizeof(fz.big));
	r[4].file = "again.efi";
	dhcp_rule_init(&r[5], "no-boot");
	dhcp_rule_vendor(&r[5], "");
	dhcp_rule_negate_last(&r[5]);
	r[5].no_boot = 1;
	dhcp_rule_init(&r[6], "otherwise");
	r[6].file = "snponly.efi";
	for (i = 0; i < N_RULES; i++)
		if (dhcp_rule_check(&r[i]))
			abort();
}

/** setup() - the rules and both server configurations, once */
static void setup(void)
{
	struct dhcp_config *c = &fz.full;

	if (fz.ready)
		return;
	fz.run = calloc(1, sizeof(*fz.run));
	if (!fz.run)
		abort();
	setup_rules();
	memcpy(fz.res.mac, (const uint8_t[6]){ 0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc }, 6);
	fz.res.addr = IP4(10, 0, 2, 50);
	c->server_addr = IP4(10, 0, 2, 2);
	c->netmask = IP4(255, 255, 255, 0);
	c->gateway = IP4(10, 0, 2, 2);
	c->pool_start = IP4(10, 0, 2, 100);
	c->pool_end = IP4(10, 0, 2, 103);
	c->lease_time = 60;
	c->offer_hold = 30;
	c->dns[0] = IP4(10, 0, 2, 3);
	c->n_dns = 1;
	c->reservations = &fz.res;
	c->n_reservations = 1;
	c->rules = fz.rules;
	c->n_rules = N_RULES;
	fz.proxy = fz.full;
	fz.proxy.proxy = 1;
	fz.proxy.no_pxedhcp = 1;
	fz.ready = 1;
}

/**
 * read_option() - every per-option accessor on one option code
 * @m:    the message
 * @code: option code
 */
static void read_option(const struct dhcp_msg *m, uint8_t code)
{
	char buf[1024];
	const uint8_t *p;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	size_t len;

	p = dhcp_msg_opt(m, code, &len);
	FUZZ_ASSERT(!p == !dhcp_msg_has_opt(m, code), "option %u presence", code);
	dhcp_msg_opt_u8(m, code, &u8);
	dhcp_msg_opt_u16(m, code, &u16);
	dhcp_msg_opt_u32(m, code, &u32);
	if (dhcp_msg_opt_str(m, code, buf, sizeof(buf)))
		FUZZ_ASSERT(strlen(buf) < sizeof(buf), "option string");
	dhcp_msg_requested(m, code);
}

/**
 * read_all_options() - every accessor on a parsed (or half-parsed) message
 * @m: the message
 *
 * Per-option accessors run on the options present and a few absent ones
 * (all 254 codes each time would cost most of the fuzzing time).
 */
static void read_all_options(const struct dhcp_msg *m)
{
	static const uint8_t subs[] = { 1, 0x11, 0x13, 0x24, IPXE_OPT_NO_PXEDHCP,
					IPXE_OPT_BUS_ID, IPXE_OPT_VERSION, 254 };
	char buf[1024];
	uint8_t t, maj, min, uuid[16];
	uint16_t u16;
	size_t len, i;

	for (i = 1; i < 255; i++)
		if (dhcp_msg_has_opt(m, (uint8_t)i) || i == 1 || i == 254)
			read_option(m, (uint8_t)i);
	for (i = 0; i < sizeof(subs); i++) {
		dhcp_msg_ipxe_opt(m, subs[i], &len);
		dhcp_msg_ipxe_feature(m, subs[i]);
	}
	dhcp_msg_is_pxe(m);
	dhcp_msg_is_ipxe(m);
	dhcp_msg_vendor_prefix(m, "PXEClient:Arch:00007");
	for (i = 0; dhcp_msg_user_class(m, i, &len); i++)
		FUZZ_ASSERT(i < 256, "more user classes than option bytes");
	dhcp_msg_has_user_class(m, "iPXE");
	dhcp_msg_client_arch(m, &u16);
	dhcp_msg_client_ndi(m, &t, &maj, &min);
	dhcp_msg_client_uuid(m, uuid);
	len = dhcp_msg_reply_max(m);
	FUZZ_ASSERT(len >= 548 && len <= DHCP_MSG_MAX_LEN, "reply max %zu", len);
	dhcp_msg_summary(m, buf, sizeof(buf));
	fuzz_touch_str(buf);
	fuzz_touch_str(dhcp_type_name(m->type));
	fuzz_touch_str(dhcp_perr_name(m->error));
	if (dhcp_msg_has_opt(m, DHCP_OPT_IPXE))
		FUZZ_ASSERT(strlen(dhcp_msg_ipxe_features(m, buf, sizeof(buf))) < sizeof(buf),
			    "feature list");
}

/**
 * check_rebuild() - the builder lays a parsed message out again, and it parses back the same
 * @run: this input's state (msg parsed)
 *
 * Every option but 52 (overload), 66 and 67 (where the builder may move
 * the header's sname and file) must come back with the same bytes, split
 * and overloaded as the builder saw fit (RFC 3396), and the header too.
 */
static void check_rebuild(struct dhcp_run *run)
{
	const struct dhcp_msg *m = &run->msg, *k = &run->back;
	const uint8_t *p, *q;
	size_t len, klen;
	unsigned int code;
	int n;

	dhcp_build_init(&run->b, &m->hdr);
	for (code = 1; code < 255; code++) {
		p = dhcp_msg_opt(m, (uint8_t)code, &len);
		if (p && code != DHCP_OPT_OVERLOAD && dhcp_build_opt(&run->b, (uint8_t)code, p, len))
			return;  /* more than the builder holds */
	}
	n = dhcp_build_finish(&run->b, run->buf, sizeof(run->buf), DHCP_MSG_MAX_LEN);
	if (n < 0)
		return;
	FUZZ_ASSERT(dhcp_msg_parse(&run->back, run->buf, (size_t)n) == 0, "rebuilt message: %s",
		    dhcp_perr_name(run->back.error));
	FUZZ_ASSERT(!memcmp(&k->hdr, &m->hdr, offsetof(struct dhcp_hdr, sname)), "header changed");
	for (code = 1; code < 255; code++) {
		if (code == DHCP_OPT_OVERLOAD || code == DHCP_OPT_TFTP_SERVER ||
		    code == DHCP_OPT_BOOTFILE)
			continue;
		p = dhcp_msg_opt(m, (uint8_t)code, &len);
		q = dhcp_msg_opt(k, (uint8_t)code, &klen);
		FUZZ_ASSERT(!p == !q && (!p || (len == klen && !memcmp(p, q, len))),
			    "option %u: %zu bytes before, %zu after the rebuild", code, p ? len : 0,
			    q ? klen : 0);
	}
}

/**
 * check_policy() - match the rules; a rule with a file counts one boot
 * @run: this input's state (msg parsed)
 */
static void check_policy(struct dhcp_run *run)
{
	const struct dhcp_rule *r;

	r = dhcp_policy_match(fz.rules, N_RULES, &run->msg, &run->hist);
	FUZZ_ASSERT(r, "the last rule always matches");
	if (r->file && !r->no_boot)
		dhcp_history_add(&run->hist, run->msg.hdr.chaddr, r->file);
}

/**
 * reply_send() - transport: a reply must parse back as a BOOTREPLY that fits
 * @ctx: the run
 * @dg:  the reply
 *
 * Return: 0.
 */
static int reply_send(void *ctx, const struct pxl_dgram *dg)
{
	struct dhcp_run *run = ctx;
	int rc = dhcp_msg_parse(&run->reply, dg->data, dg->len);

	FUZZ_ASSERT(rc == 0, "reply does not parse: %s", dhcp_perr_name(run->reply.error));
	FUZZ_ASSERT(run->reply.hdr.op == DHCP_BOOTREPLY, "reply op %u", run->reply.hdr.op);
	FUZZ_ASSERT(dg->len <= dhcp_msg_reply_max(run->cur), "reply of %zu bytes, client takes %zu",
		    dg->len, dhcp_msg_reply_max(run->cur));
	return 0;
}

/**
 * serve() - feed one record to one of the servers
 * @srv: the two servers (full, proxy)
 * @rec: the record
 * @now: clock
 */
static void serve(struct dhcp_server *srv[2], const struct fuzz_rec *rec, uint64_t now)
{
	struct pxl_dgram dg = {
		.src = { rec->sel & 4 ? IP4(10, 0, 2, 100) : 0, DHCP_CLIENT_PORT },
		.dst = { rec->sel & 4 ? IP4(10, 0, 2, 2) : 0xffffffffu,
			 rec->sel & 2 ? DHCP_PXE_PORT : DHCP_SERVER_PORT },
		.data = rec->data,
		.len = rec->len,
		.mac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
		.has_mac = 1,
	};

	dhcp_server_input(srv[rec->sel & 1], &dg, now);
}

/**
 * LLVMFuzzerTestOneInput() - one input: records through the parser, the policy and two servers
 * @data: records (fuzz.h)
 * @size: their length
 *
 * Return: 0 (libFuzzer's convention; problems abort).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct pxl_udp_ops ops = { .send = reply_send };
	struct dhcp_run *run;
	struct fuzz_cursor cur = { data, size };
	struct dhcp_server *srv[2];
	struct fuzz_rec rec;
	uint64_t now = 1000 * PXL_NS_PER_SEC;

	setup();
	run = fz.run;
	memset(run, 0, sizeof(*run));
	dhcp_history_init(&run->hist);
	srv[0] = dhcp_server_new(&fz.full, (struct pxl_udp_transport){ &ops, run }, fuzz_sink());
	srv[1] = dhcp_server_new(&fz.proxy, (struct pxl_udp_transport){ &ops, run }, fuzz_sink());
	FUZZ_ASSERT(srv[0] && srv[1], "servers could not start");
	run->cur = &run->msg;
	while (fuzz_next_rec(&cur, &rec)) {
		int rc = dhcp_msg_parse(&run->msg, rec.data, rec.len);

		FUZZ_ASSERT(rc == 0 || rc == -EINVAL || rc == -EMSGSIZE, "parse returned %d", rc);
		FUZZ_ASSERT(!rc == (run->msg.error == DHCP_PERR_NONE), "rc %d error %d", rc,
			    run->msg.error);
		read_all_options(&run->msg);
		if (!rc) {
			check_rebuild(run);
			check_policy(run);
		}
		if (rec.sel & 8)
			now += 40 * PXL_NS_PER_SEC;
		serve(srv, &rec, now);
	}
	dhcp_server_free(srv[0]);
	dhcp_server_free(srv[1]);
	dhcp_history_fini(&run->hist);
	return 0;
}
