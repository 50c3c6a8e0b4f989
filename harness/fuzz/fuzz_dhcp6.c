/* fuzz_dhcp6.c - fuzz target: DHCPv6 parsing, every accessor, the shared boot policy and the server
 *
 * Input: records (fuzz.h), one DHCPv6 payload each.  Every record is parsed
 * and read through every accessor (IAs and their addresses too), then fed
 * to two servers made for this input: one with rapid commit and a pool of
 * two addresses, one without and a pool of one.  Selector bits: 0 = append
 * the server's id (so REQUEST, RENEW, RELEASE and DECLINE get past the
 * discard rules), 1 = a time step of 700 s (offers, leases and quarantine
 * expire).  Contract checked: every reply parses, is an ADVERTISE or REPLY
 * with the request's transaction id and the server's id, and echoes the
 * client id when the request had one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "services/dhcp6/dhcp6_msg.h"
#include "services/dhcp6/dhcp6_server.h"

/**
 * struct dhcp6_fuzz - state kept off the stack
 * @rules: policy using user class, vendor class, arch and nbp-count
 * @in:    a record with the server id appended
 * @reply: a reply
 */
static struct dhcp6_fuzz {
	struct dhcp_rule rules[3];
	uint8_t in[DHCP6_MSG_MAX_LEN + 4 + DHCP6_DUID_MAX];
	struct dhcp6_build reply;
} fz;

/** setup_rules() - the boot policy (the same each input) */
static void setup_rules(void)
{
	dhcp_rule_init(&fz.rules[0], "ipxe");
	dhcp_rule_user_class(&fz.rules[0], "iPXE");
	fz.rules[0].file = "tftp://[fd00::5]/v6.ipxe";
	dhcp_rule_init(&fz.rules[1], "http");
	dhcp_rule_vendor(&fz.rules[1], "HTTPClient");
	fz.rules[1].file = "http://[fd00::5]/boot.efi";
	dhcp_rule_init(&fz.rules[2], "first");
	dhcp_rule_arch(&fz.rules[2], DHCP_CMP_EQ, 7);
	dhcp_rule_nbp_count(&fz.rules[2], NULL, DHCP_CMP_LT, 1);
	fz.rules[2].file = "snponly.efi";
}

/** read_all() - every accessor on a parsed message */
static void read_all(const struct dhcp6_msg *m)
{
	struct dhcp6_ia ia[DHCP6_MAX_IA];
	struct dhcp6_iaaddr a;
	uint8_t nii[3], mac[6];
	uint16_t arch;
	size_t i, k, n, len = 0;
	const uint8_t *cid;

	n = dhcp6_msg_ias(m, ia, DHCP6_MAX_IA);
	for (i = 0; i < n; i++)
		for (k = 0; k < 4 && !dhcp6_ia_addr(&ia[i], k, &a); k++)
			;
	(void)dhcp6_msg_client_arch(m, &arch);
	(void)dhcp6_msg_nii(m, nii);
	(void)dhcp6_msg_oro_has(m, DHCP6_OPT_BOOTFILE_URL);
	(void)dhcp6_msg_has_user_class(m, "iPXE");
	(void)dhcp6_msg_vendor_prefix(m, "PXEClient");
	cid = dhcp6_msg_opt(m, DHCP6_OPT_CLIENTID, &len);
	if (cid)
		(void)dhcp6_duid_mac(cid, len, mac);
	fuzz_touch_str(dhcp6_type_name(m->type));
}

/**
 * check_reply() - the reply contract
 * @srv: server
 * @req: the request, parsed
 */
static void check_reply(const struct dhcp6_server *srv, const struct dhcp6_msg *req)
{
	struct dhcp6_msg m;
	size_t dl, len = 0, clen = 0;
	const uint8_t *duid = dhcp6_server_duid(srv, &dl), *p, *c;
	int err = dhcp6_msg_parse(&m, fz.reply.buf, fz.reply.len);

	FUZZ_ASSERT(!err, "reply does not parse: %s", dhcp6_perr_name(err));
	FUZZ_ASSERT(m.type == DHCP6_ADVERTISE || m.type == DHCP6_REPLY, "reply type %u", m.type);
	FUZZ_ASSERT(m.xid == req->xid, "reply xid %06x, request %06x", m.xid, req->xid);
	p = dhcp6_msg_opt(&m, DHCP6_OPT_SERVERID, &len);
	FUZZ_ASSERT(p && len == dl && !memcmp(p, duid, dl), "reply without our server id");
	c = dhcp6_msg_opt(req, DHCP6_OPT_CLIENTID, &clen);
	if (c && clen >= 2 && clen <= DHCP6_DUID_MAX) {
		p = dhcp6_msg_opt(&m, DHCP6_OPT_CLIENTID, &len);
		FUZZ_ASSERT(p && len == clen && !memcmp(p, c, clen), "client id not echoed");
	}
	read_all(&m);
}

/**
 * feed() - one record to one server
 * @srv: server
 * @p:   payload
 * @len: its length
 * @now: clock
 */
static void feed(struct dhcp6_server *srv, const uint8_t *p, size_t len, uint64_t now)
{
	struct dhcp6_msg m;

	if (dhcp6_server_input(srv, p, len, now, &fz.reply)) {
		FUZZ_ASSERT(!dhcp6_msg_parse(&m, p, len), "a reply to a request that does not parse");
		check_reply(srv, &m);
	}
}

/**
 * with_sid() - a record with the server id appended (cut to fit)
 * @srv: server
 * @r:   record
 *
 * Return: the new length (payload in fz.in).
 */
static size_t with_sid(const struct dhcp6_server *srv, const struct fuzz_rec *r)
{
	size_t dl, n = r->len < DHCP6_MSG_MAX_LEN ? r->len : DHCP6_MSG_MAX_LEN;
	const uint8_t *duid = dhcp6_server_duid(srv, &dl);

	memcpy(fz.in, r->data, n);
	fz.in[n] = 0;
	fz.in[n + 1] = DHCP6_OPT_SERVERID;
	fz.in[n + 2] = 0;
	fz.in[n + 3] = (uint8_t)dl;
	memcpy(fz.in + n + 4, duid, dl);
	return n + 4 + dl;
}

/**
 * make() - a server for this input
 * @rapid: rapid commit on
 * @size:  pool size
 *
 * Return: the server (aborts if it cannot be made).
 */
static struct dhcp6_server *make(int rapid, uint32_t size)
{
	struct dhcp6_config cfg = { .pool_size = size, .rapid_commit = rapid, .preference = 255,
				    .rules = fz.rules, .n_rules = 3, .n_dns = 1,
				    .boot_params = rapid ? "x" : NULL };
	struct dhcp6_server *s;

	cfg.server_addr[0] = cfg.pool_start[0] = cfg.dns[0][0] = 0xfd;
	cfg.server_addr[15] = 5;
	cfg.pool_start[14] = 1;
	cfg.server_mac[5] = (uint8_t)rapid;
	s = dhcp6_server_new(&cfg, fuzz_sink());
	FUZZ_ASSERT(s, "server could not start: %s", strerror(errno));
	return s;
}

/**
 * LLVMFuzzerTestOneInput() - one input: records through the parser, the accessors and two servers
 * @data: records (fuzz.h)
 * @size: their length
 *
 * Return: 0 (libFuzzer's convention; problems abort).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_cursor cur = { data, size };
	struct dhcp6_server *srv[2];
	struct fuzz_rec rec;
	struct dhcp6_msg m;
	uint64_t now = 1000 * PXL_NS_PER_SEC;
	size_t i, n;

	setup_rules();
	srv[0] = make(1, 2);
	srv[1] = make(0, 1);
	while (fuzz_next_rec(&cur, &rec)) {
		if (!dhcp6_msg_parse(&m, rec.data, rec.len))
			read_all(&m);
		if (rec.sel & 2)
			now += 700 * PXL_NS_PER_SEC;
		for (i = 0; i < 2; i++) {
			if (rec.sel & 1) {
				n = with_sid(srv[i], &rec);
				feed(srv[i], fz.in, n, now);
			} else {
				feed(srv[i], rec.data, rec.len, now);
			}
		}
	}
	dhcp6_server_free(srv[0]);
	dhcp6_server_free(srv[1]);
	return 0;
}
