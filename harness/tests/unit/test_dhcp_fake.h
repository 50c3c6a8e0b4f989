/* test_dhcp_fake.h - DHCP server test helpers: recording transport and event sink, request crafting */
#ifndef PXL_TEST_DHCP_FAKE_H
#define PXL_TEST_DHCP_FAKE_H

#include "services/dhcp/dhcp_server.h"
#include "testlib.h"

#include <errno.h>
#include <string.h>

#define FAKE_MAX_SENT 16
#define FAKE_MAX_EV 32
#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
#define BCAST 0xffffffffu

#define mac_qemu ((const uint8_t[6]){ 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 })
#define mac_other ((const uint8_t[6]){ 0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc })

/**
 * struct fake_sent - one datagram the server sent (payload copied)
 */
struct fake_sent {
	struct pxl_dgram dg;
	uint8_t buf[DHCP_MSG_MAX_LEN];
};

/**
 * struct fake_event - one event the server emitted (strings copied)
 */
struct fake_event {
	char service[16];
	char kind[16];
	char name[256];
	char detail[512];
	uint8_t mac[6];
	int has_mac;
	uint32_t addr;
	uint64_t value;
};

/**
 * struct fake - recording transport and sink
 * @sent:   datagrams sent
 * @n_sent: how many
 * @fail:   if non-zero, send returns it
 * @ev:     events
 * @n_ev:   how many
 */
struct fake {
	struct fake_sent sent[FAKE_MAX_SENT];
	size_t n_sent;
	int fail;
	struct fake_event ev[FAKE_MAX_EV];
	size_t n_ev;
};

/** fake_send() - transport send: record the datagram */
static inline int fake_send(void *ctx, const struct pxl_dgram *dg)
{
	struct fake *f = ctx;
	struct fake_sent *s;

	if (f->fail)
		return f->fail;
	ck_assert_uint_lt(f->n_sent, FAKE_MAX_SENT);
	ck_assert_uint_le(dg->len, DHCP_MSG_MAX_LEN);
	s = &f->sent[f->n_sent++];
	s->dg = *dg;
	memcpy(s->buf, dg->data, dg->len);
	s->dg.data = s->buf;
	return 0;
}

/** fake_emit() - event sink: record the event */
static inline void fake_emit(void *ctx, uint64_t now, const struct pxl_event *ev)
{
	struct fake *f = ctx;
	struct fake_event *e;

	ck_assert_uint_lt(f->n_ev, FAKE_MAX_EV);
	e = &f->ev[f->n_ev++];
	memset(e, 0, sizeof(*e));
	snprintf(e->service, sizeof(e->service), "%s", ev->service ? ev->service : "");
	snprintf(e->kind, sizeof(e->kind), "%s", ev->kind ? ev->kind : "");
	snprintf(e->name, sizeof(e->name), "%s", ev->name ? ev->name : "");
	snprintf(e->detail, sizeof(e->detail), "%s", ev->detail ? ev->detail : "");
	memcpy(e->mac, ev->mac, 6);
	e->has_mac = ev->has_mac;
	e->addr = ev->addr;
	e->value = ev->value;
}


/** fake_new_server() - a server on a zeroed @f; the test fails if creation fails */
static inline struct dhcp_server *fake_new_server(struct fake *f, const struct dhcp_config *cfg)
{
	static const struct pxl_udp_ops fake_ops = { .send = fake_send };
	struct pxl_udp_transport tx = { &fake_ops, f };
	struct pxl_event_sink sink = { fake_emit, f };
	struct dhcp_server *srv;

	memset(f, 0, sizeof(*f));
	srv = dhcp_server_new(cfg, tx, sink);
	ck_assert_ptr_nonnull(srv);
	return srv;
}

/**
 * fake_input() - feed a payload as if sent from 0.0.0.0:68 (or @src) to @port
 * @srv:  server
 * @buf:  payload
 * @len:  length
 * @src:  source address (0 for a client without one)
 * @port: destination port (67 or 4011)
 * @now:  clock
 *
 * Return: dhcp_server_input()'s result.
 */
static inline int fake_input(struct dhcp_server *srv, const uint8_t *buf, size_t len, uint32_t src,
		      uint16_t port, uint64_t now)
{
	struct pxl_dgram dg = { .src = { src, DHCP_CLIENT_PORT },
				.dst = { src ? IP4(10, 0, 2, 2) : BCAST, port },
				.data = buf, .len = len, .has_mac = 1 };

	memcpy(dg.mac, mac_qemu, 6);
	return dhcp_server_input(srv, &dg, now);
}

/** fake_input_fixture() - feed fixtures/packets/NAME.bin to port 67 at time @now */
static inline int fake_input_fixture(struct dhcp_server *srv, const char *name, uint64_t now)
{
	char rel[128];
	size_t len;
	uint8_t *buf;
	int rc;

	snprintf(rel, sizeof(rel), "packets/%s.bin", name);
	buf = pxl_test_fixture(rel, &len);
	rc = fake_input(srv, buf, len, 0, DHCP_SERVER_PORT, now);
	free(buf);
	return rc;
}

/**
 * fake_reply() - parse the last datagram sent (the test fails if none or malformed)
 * @f:   fake
 * @msg: out: parsed reply
 *
 * Return: the datagram.
 */
static inline const struct pxl_dgram *fake_reply(const struct fake *f, struct dhcp_msg *msg)
{
	const struct pxl_dgram *dg;

	ck_assert_uint_gt(f->n_sent, 0);
	dg = &f->sent[f->n_sent - 1].dg;
	ck_assert_int_eq(dhcp_msg_parse(msg, dg->data, dg->len), 0);
	ck_assert_uint_eq(msg->hdr.op, DHCP_BOOTREPLY);
	return dg;
}

/** fake_last_event() - the last event (the test fails if none) */
static inline const struct fake_event *fake_last_event(const struct fake *f)
{
	ck_assert_uint_gt(f->n_ev, 0);
	return &f->ev[f->n_ev - 1];
}

/**
 * struct req_spec - a crafted client message
 * @type:    message type
 * @mac:     chaddr
 * @xid:     transaction id
 * @flags:   BOOTP flags
 * @ciaddr:  client address
 * @giaddr:  relay
 * @req:     option 50, or 0
 * @sid:     option 54, or 0
 * @vendor:  option 60, or NULL
 * @uclass:  option 77 (plain), or NULL
 * @arch:    option 93 + 1 (0: none)
 * @max:     option 57, or 0
 * @prl:     option 55 bytes, or NULL
 * @n_prl:   their count
 */
struct req_spec {
	uint8_t type;
	const uint8_t *mac;
	uint32_t xid;
	uint16_t flags;
	uint32_t ciaddr;
	uint32_t giaddr;
	uint32_t req;
	uint32_t sid;
	const char *vendor;
	const char *uclass;
	int arch;
	uint16_t max;
	const uint8_t *prl;
	size_t n_prl;
};

/**
 * craft() - build a client message from a spec with the codec's builder
 * @s:   spec
 * @out: output buffer of DHCP_MSG_MAX_LEN bytes
 *
 * Return: payload length.
 */
static inline size_t craft(const struct req_spec *s, uint8_t *out)
{
	static struct dhcp_build b;
	struct dhcp_hdr h = { .op = DHCP_BOOTREQUEST, .htype = 1, .hlen = 6, .xid = s->xid,
			      .flags = s->flags, .ciaddr = s->ciaddr, .giaddr = s->giaddr };
	int len;

	memcpy(h.chaddr, s->mac ? s->mac : mac_qemu, 6);
	dhcp_build_init(&b, &h);
	dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, s->type);
	if (s->req)
		dhcp_build_u32(&b, DHCP_OPT_REQ_ADDR, s->req);
	if (s->sid)
		dhcp_build_u32(&b, DHCP_OPT_SERVER_ID, s->sid);
	if (s->max)
		dhcp_build_u16(&b, DHCP_OPT_MAX_SIZE, s->max);
	if (s->vendor)
		dhcp_build_str(&b, DHCP_OPT_VENDOR_CLASS, s->vendor);
	if (s->uclass)
		dhcp_build_str(&b, DHCP_OPT_USER_CLASS, s->uclass);
	if (s->arch)
		dhcp_build_u16(&b, DHCP_OPT_CLIENT_ARCH, (uint16_t)(s->arch - 1));
	if (s->prl)
		dhcp_build_opt(&b, DHCP_OPT_PARAM_REQ, s->prl, s->n_prl);
	len = dhcp_build_finish(&b, out, DHCP_MSG_MAX_LEN, DHCP_MSG_MAX_LEN);
	ck_assert_int_gt(len, 0);
	return (size_t)len;
}

/** fake_input_spec() - craft a message and feed it from @src to @port */
static inline int fake_input_spec(struct dhcp_server *srv, const struct req_spec *s, uint32_t src,
			   uint16_t port, uint64_t now)
{
	static uint8_t buf[DHCP_MSG_MAX_LEN];
	size_t len = craft(s, buf);

	return fake_input(srv, buf, len, src, port, now);
}

/** opt_u32() - a 4-byte option of a parsed reply (the test fails if absent) */
static inline uint32_t opt_u32(const struct dhcp_msg *m, uint8_t code)
{
	uint32_t v = 0;

	ck_assert_msg(dhcp_msg_opt_u32(m, code, &v) == 0, "option %u missing or not 4 bytes",
		      code);
	return v;
}

/** opt_str() - an option of a parsed reply as a string ("" if absent) */
static inline const char *opt_str(const struct dhcp_msg *m, uint8_t code)
{
	static char buf[1100];

	dhcp_msg_opt_str(m, code, buf, sizeof(buf));
	return buf;
}

/**
 * base_config() - the scenario's LAN: 10.0.2.2/24, pool .100-.199, DNS .3,
 *                 rules "ipxe" (user class iPXE -> root path) and "uefi" (-> snponly.efi)
 * @cfg:   out: configuration (points at static rules)
 */
static inline void base_config(struct dhcp_config *cfg)
{
	static struct dhcp_rule rules[2];

	dhcp_rule_init(&rules[0], "ipxe");
	dhcp_rule_user_class(&rules[0], "iPXE");
	rules[0].root_path = "iscsi:10.0.2.2:::1:iqn.2026-11.org.pxelab:boot";
	dhcp_rule_init(&rules[1], "uefi");
	rules[1].next_server = IP4(10, 0, 2, 2);
	rules[1].file = "snponly.efi";
	memset(cfg, 0, sizeof(*cfg));
	cfg->server_addr = IP4(10, 0, 2, 2);
	cfg->netmask = IP4(255, 255, 255, 0);
	cfg->gateway = IP4(10, 0, 2, 2);
	cfg->pool_start = IP4(10, 0, 2, 100);
	cfg->pool_end = IP4(10, 0, 2, 199);
	cfg->dns[0] = IP4(10, 0, 2, 3);
	cfg->n_dns = 1;
	cfg->rules = rules;
	cfg->n_rules = 2;
}

#endif /* PXL_TEST_DHCP_FAKE_H */
