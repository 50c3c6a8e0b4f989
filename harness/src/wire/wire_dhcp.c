/* wire_dhcp.c - DHCP observations: message verbs, named fields, every option, latencies */

#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "wire/wire_priv.h"

/**
 * struct dhcp_verb - option 53 value and the verb it is observed as
 */
struct dhcp_verb {
	uint8_t type;
	const char *verb;
};

static const struct dhcp_verb dhcp_verbs[] = {
	{ DHCPDISCOVER, "discover" }, { DHCPOFFER, "offer" },	{ DHCPREQUEST, "request" },
	{ DHCPDECLINE, "decline" },   { DHCPACK, "ack" },	{ DHCPNAK, "nak" },
	{ DHCPRELEASE, "release" },   { DHCPINFORM, "inform" },
};

/**
 * wire_dhcp_match() - whether a UDP datagram is DHCP (ports 67, 68, 4011)
 * @f: decoded UDP frame
 *
 * Return: 1 or 0.
 */
int wire_dhcp_match(const struct pxl_frame *f)
{
	return f->dport == DHCP_SERVER_PORT || f->dport == DHCP_CLIENT_PORT ||
	       f->dport == DHCP_PXE_PORT || f->sport == DHCP_PXE_PORT ||
	       (f->sport == DHCP_SERVER_PORT && f->dport == DHCP_SERVER_PORT);
}

/**
 * dhcp_verb_of() - the verb a message is observed as
 * @m: parsed message
 *
 * Return: static verb.
 */
static const char *dhcp_verb_of(const struct dhcp_msg *m)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dhcp_verbs); i++)
		if (dhcp_verbs[i].type == m->type)
			return dhcp_verbs[i].verb;
	if (m->type)
		return "unknown";
	return m->hdr.op == DHCP_BOOTREQUEST ? "bootrequest" : "bootreply";
}

/**
 * fmt_ip_opt() - a 4-byte option as a dotted quad
 * @m:    message
 * @code: option
 * @buf:  output
 * @size: its size
 *
 * Return: @buf, or NULL if absent or not 4 bytes.
 */
static const char *fmt_ip_opt(const struct dhcp_msg *m, uint8_t code, char *buf, size_t size)
{
	uint32_t v;
	char ip[16];

	if (dhcp_msg_opt_u32(m, code, &v))
		return NULL;
	snprintf(buf, size, "%s", pxl_ip_str(v, ip));
	return buf;
}

/**
 * fmt_u32_opt() - a 4-byte option as a decimal number
 * @m:    message
 * @code: option
 * @buf:  output
 * @size: its size
 *
 * Return: @buf, or NULL if absent or not 4 bytes.
 */
static const char *fmt_u32_opt(const struct dhcp_msg *m, uint8_t code, char *buf, size_t size)
{
	uint32_t v;

	if (dhcp_msg_opt_u32(m, code, &v))
		return NULL;
	snprintf(buf, size, "%u", v);
	return buf;
}

/**
 * fmt_str_opt() - an option as printable text
 * @m:    message
 * @code: option
 * @buf:  output
 * @size: its size
 *
 * Return: @buf, or NULL if absent.
 */
static const char *fmt_str_opt(const struct dhcp_msg *m, uint8_t code, char *buf, size_t size)
{
	return dhcp_msg_opt_str(m, code, buf, size);
}

/**
 * fmt_user_class() - option 77 classes joined by ','
 * @m:    message
 * @code: option (77)
 * @buf:  output
 * @size: its size
 *
 * Return: @buf, or NULL if absent.
 */
static const char *fmt_user_class(const struct dhcp_msg *m, uint8_t code, char *buf, size_t size)
{
	const uint8_t *uc;
	size_t i, len, n = 0;

	if (!dhcp_msg_has_opt(m, code))
		return NULL;
	buf[0] = '\0';
	for (i = 0; (uc = dhcp_msg_user_class(m, i, &len)) != NULL && n + 1 < size; i++) {
		if (i)
			buf[n++] = ',';
		wire_printable(buf + n, size - n, uc, len);
		n += strlen(buf + n);
	}
	buf[n < size ? n : size - 1] = '\0';
	return buf;
}

/**
 * fmt_arch() - option 93 (first architecture) as a decimal number
 * @m:    message
 * @code: option (93)
 * @buf:  output
 * @size: its size
 *
 * Return: @buf, or NULL if absent or malformed.
 */
static const char *fmt_arch(const struct dhcp_msg *m, uint8_t code, char *buf, size_t size)
{
	uint16_t arch;

	if (dhcp_msg_client_arch(m, &arch))
		return NULL;
	snprintf(buf, size, "%u", arch);
	return buf;
}

/**
 * fmt_features() - option 175's announced iPXE features as a comma list
 * @m:    message
 * @code: option (175)
 * @buf:  output
 * @size: its size
 *
 * Return: @buf, or NULL if option 175 is absent.
 */
static const char *fmt_features(const struct dhcp_msg *m, uint8_t code, char *buf, size_t size)
{
	if (!dhcp_msg_has_opt(m, code))
		return NULL;
	return dhcp_msg_ipxe_features(m, buf, size);
}

/**
 * struct dhcp_named - a named field taken from an option, and its formatter
 */
struct dhcp_named {
	const char *key;
	uint8_t code;
	const char *(*fmt)(const struct dhcp_msg *m, uint8_t code, char *buf, size_t size);
};

static const struct dhcp_named dhcp_named[] = {
	{ "vendor-class", DHCP_OPT_VENDOR_CLASS, fmt_str_opt },
	{ "user-class", DHCP_OPT_USER_CLASS, fmt_user_class },
	{ "arch", DHCP_OPT_CLIENT_ARCH, fmt_arch },
	{ "ipxe-feature", DHCP_OPT_IPXE, fmt_features },
	{ "root-path", DHCP_OPT_ROOT_PATH, fmt_str_opt },
	{ "server-id", DHCP_OPT_SERVER_ID, fmt_ip_opt },
	{ "requested-ip", DHCP_OPT_REQ_ADDR, fmt_ip_opt },
	{ "lease-time", DHCP_OPT_LEASE_TIME, fmt_u32_opt },
	{ "message", DHCP_OPT_MESSAGE, fmt_str_opt },
};

/**
 * opt_is_text() - whether an option's data reads as text
 * @d:   data
 * @len: length
 *
 * Return: 1 if every byte is printable ASCII, apart from trailing NULs.
 */
static int opt_is_text(const uint8_t *d, size_t len)
{
	size_t i;

	while (len && d[len - 1] == 0)
		len--;
	if (!len)
		return 0;
	for (i = 0; i < len; i++)
		if (d[i] < 0x20 || d[i] > 0x7e)
			return 0;
	return 1;
}

/**
 * add_raw_options() - add "option-N" for every option present
 * @o: observation
 * @m: message
 *
 * Printable options as text, others as lower-case hex bytes joined by ':'.
 */
static void add_raw_options(struct pxl_obs *o, const struct dhcp_msg *m)
{
	char val[WIRE_VALUE_MAX + 1], key[16];
	const uint8_t *d;
	size_t len, i, n;
	unsigned code;

	for (code = 1; code < 255; code++) {
		d = dhcp_msg_opt(m, (uint8_t)code, &len);
		if (!d)
			continue;
		snprintf(key, sizeof(key), "option-%u", code);
		if (opt_is_text(d, len)) {
			wire_printable(val, sizeof(val), d, len);
		} else {
			val[0] = '\0';
			for (i = 0, n = 0; i < len && n + 4 <= sizeof(val); i++)
				n += (size_t)snprintf(val + n, sizeof(val) - n, "%s%02x",
						      i ? ":" : "", d[i]);
		}
		wire_obs_add(o, key, val);
	}
}

/**
 * add_header_fields() - fields from the fixed BOOTP header
 * @o: observation
 * @m: message
 */
static void add_header_fields(struct pxl_obs *o, const struct dhcp_msg *m)
{
	const struct dhcp_hdr *h = &m->hdr;
	char ip[16], buf[DHCP_FILE_LEN + 1];

	wire_obs_addf(o, "xid", "0x%08x", h->xid);
	wire_obs_add(o, "broadcast", (h->flags & DHCP_FLAG_BROADCAST) ? "yes" : "no");
	if (h->ciaddr)
		wire_obs_add(o, "ciaddr", pxl_ip_str(h->ciaddr, ip));
	if (h->yiaddr)
		wire_obs_add(o, "yiaddr", pxl_ip_str(h->yiaddr, ip));
	if (h->siaddr)
		wire_obs_add(o, "siaddr", pxl_ip_str(h->siaddr, ip));
	if (h->file[0])
		wire_obs_add(o, "file", h->file);
	else if (dhcp_msg_opt_str(m, DHCP_OPT_BOOTFILE, buf, sizeof(buf)))
		wire_obs_add(o, "file", buf);
	if (h->sname[0])
		wire_obs_add(o, "sname", h->sname);
	else if (dhcp_msg_opt_str(m, DHCP_OPT_TFTP_SERVER, buf, sizeof(buf)))
		wire_obs_add(o, "sname", buf);
}

/**
 * xid_find() - the timing record of an exchange, created if asked
 * @w:      observer
 * @m:      message (xid and chaddr)
 * @create: make one (replacing the oldest) when none exists
 * @t:      time, for ageing
 *
 * Return: the record, or NULL.
 */
static struct wire_xid *xid_find(struct pxl_wire *w, const struct dhcp_msg *m, int create,
				 uint64_t t)
{
	struct wire_xid *x, *victim = &w->xid[0];
	size_t i;

	for (i = 0; i < WIRE_XID_MAX; i++) {
		x = &w->xid[i];
		if (x->used && x->xid == m->hdr.xid && !memcmp(x->mac, m->hdr.chaddr, 6))
			return x;
		if (!x->used || (victim->used && x->seen < victim->seen))
			victim = x;
	}
	if (!create)
		return NULL;
	memset(victim, 0, sizeof(*victim));
	victim->used = 1;
	victim->xid = m->hdr.xid;
	memcpy(victim->mac, m->hdr.chaddr, 6);
	victim->seen = t;
	return victim;
}

/**
 * dhcp_latency() - record request times; give a reply's latency
 * @w:   observer
 * @m:   message
 * @t:   its time
 * @buf: out: latency in ms when the message is an answer to a timed request
 * @size: size of @buf
 *
 * Return: @buf, or NULL when there is no latency to report.
 */
static const char *dhcp_latency(struct pxl_wire *w, const struct dhcp_msg *m, uint64_t t,
				char *buf, size_t size)
{
	int is_req = m->type == DHCPDISCOVER || m->type == DHCPREQUEST;
	struct wire_xid *x = xid_find(w, m, is_req, t);

	if (!x)
		return NULL;
	x->seen = t;
	if (m->type == DHCPDISCOVER) {
		x->t_discover = t;
		x->has_discover = 1;
	} else if (m->type == DHCPREQUEST) {
		x->t_request = t;
		x->has_request = 1;
	} else if (m->type == DHCPOFFER && x->has_discover) {
		wire_ms(buf, size, x->t_discover, t);
		return buf;
	} else if ((m->type == DHCPACK || m->type == DHCPNAK) && x->has_request) {
		wire_ms(buf, size, x->t_request, t);
		return buf;
	}
	return NULL;
}

/**
 * dhcp_client_ip() - the client address a message is about
 * @m: message
 *
 * Return: yiaddr for replies; ciaddr, else requested-ip, for requests; or 0.
 */
static uint32_t dhcp_client_ip(const struct dhcp_msg *m)
{
	uint32_t req = 0;

	if (m->hdr.op == DHCP_BOOTREPLY)
		return m->hdr.yiaddr;
	if (m->hdr.ciaddr)
		return m->hdr.ciaddr;
	dhcp_msg_opt_u32(m, DHCP_OPT_REQ_ADDR, &req);
	return req;
}

/**
 * dhcp_fields() - every field of a DHCP observation
 * @w: observer
 * @o: observation
 * @m: message
 * @p: the frame
 */
static void dhcp_fields(struct pxl_wire *w, struct pxl_obs *o, const struct dhcp_msg *m,
			const struct wire_pkt *p)
{
	char val[WIRE_VALUE_MAX + 1], lat[32];
	const char *v;
	size_t i;

	add_header_fields(o, m);
	wire_obs_addf(o, "port", "%u",
		      m->hdr.op == DHCP_BOOTREQUEST ? p->f->dport : p->f->sport);
	for (i = 0; i < ARRAY_SIZE(dhcp_named); i++) {
		v = dhcp_named[i].fmt(m, dhcp_named[i].code, val, sizeof(val));
		if (v)
			wire_obs_add(o, dhcp_named[i].key, v);
	}
	v = dhcp_latency(w, m, p->t, lat, sizeof(lat));
	if (v)
		wire_obs_add(o, "latency-ms", v);
	add_raw_options(o, m);
	wire_obs_endpoints(o, p->f);
	dhcp_msg_summary(m, val, sizeof(val));
	if (v)
		wire_obs_summary(o, "DHCP %s (%s ms)", val, v);
	else
		wire_obs_summary(o, "DHCP %s", val);
}

/**
 * wire_dhcp_input() - observe one DHCP datagram
 * @w: observer
 * @p: the frame (UDP on a DHCP port)
 */
void wire_dhcp_input(struct pxl_wire *w, const struct wire_pkt *p)
{
	struct dhcp_msg *m = &w->dhcp;
	struct pxl_obs *o;
	char why[PXL_WIRE_REASON_LEN];
	const uint8_t *mac;
	int req;

	if (dhcp_msg_parse(m, p->f->payload, p->f->payload_len) < 0) {
		snprintf(why, sizeof(why), "dhcp: %s", dhcp_perr_name(m->error));
		wire_drop(w, why, 1);
		return;
	}
	req = m->hdr.op == DHCP_BOOTREQUEST;
	mac = (m->hdr.htype == 1 && m->hdr.hlen == 6) ? m->hdr.chaddr : NULL;
	if (m->type == DHCPACK && mac && m->hdr.yiaddr)
		wire_learn(w, m->hdr.yiaddr, mac, p->t);
	o = wire_obs_begin(w, p, "dhcp", dhcp_verb_of(m),
			   req ? PXL_OBS_FROM_CLIENT : PXL_OBS_TO_CLIENT);
	o->ip = dhcp_client_ip(m);
	if (mac) {
		memcpy(o->mac, mac, 6);
		o->has_mac = 1;
	}
	dhcp_fields(w, o, m, p);
	wire_obs_emit(w, o);
}
