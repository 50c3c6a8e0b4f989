/* dhcp6_msg.c - DHCPv6 codec: every length checked against its container before it is read */
#include "services/dhcp6/dhcp6_msg.h"

#include <errno.h>
#include <string.h>

#include "core/util.h"

/** get16() - big-endian 16 bits at @p */
static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/** get32() - big-endian 32 bits at @p */
static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/**
 * dhcp6_opt_next() - the option at *@off in an options area, bounds-checked
 * @area: options area
 * @len:  its length
 * @off:  in: offset of the option; out: offset of the next one
 * @o:    out: the option
 *
 * Return: 1 if an option was read, 0 at the end, -EBADMSG if it overruns @area.
 */
int dhcp6_opt_next(const uint8_t *area, size_t len, size_t *off, struct dhcp6_opt *o)
{
	size_t olen;

	if (*off >= len)
		return 0;
	if (len - *off < 4)
		return -EBADMSG;
	olen = get16(area + *off + 2);
	if (len - *off - 4 < olen)
		return -EBADMSG;
	o->code = get16(area + *off);
	o->data = area + *off + 4;
	o->len = olen;
	*off += 4 + olen;
	return 1;
}

/**
 * check_area() - every option of an area fits, and so do the options of the IAs in it
 * @area:  options area
 * @len:   its length
 * @depth: nesting level (IA_NA -> IAADDR -> options: 2 levels below the message)
 *
 * Return: DHCP6_PERR_NONE, DHCP6_PERR_OPT_OVERRUN or DHCP6_PERR_IA_OVERRUN.
 */
static int check_area(const uint8_t *area, size_t len, int depth)
{
	struct dhcp6_opt o;
	size_t off = 0, head;
	int r;

	while ((r = dhcp6_opt_next(area, len, &off, &o)) > 0) {
		head = o.code == DHCP6_OPT_IA_NA ? DHCP6_IA_NA_LEN :
		       o.code == DHCP6_OPT_IAADDR ? DHCP6_IAADDR_LEN : 0;
		if (!head || depth > 2)
			continue;
		if (o.len < head || check_area(o.data + head, o.len - head, depth + 1))
			return DHCP6_PERR_IA_OVERRUN;
	}
	if (r < 0)
		return depth ? DHCP6_PERR_IA_OVERRUN : DHCP6_PERR_OPT_OVERRUN;
	return DHCP6_PERR_NONE;
}

/**
 * dhcp6_msg_parse() - parse a DHCPv6 client or server message
 * @m:   out: the message (points into @buf)
 * @buf: UDP payload
 * @len: its length
 *
 * Return: 0, or a positive enum dhcp6_perr.
 */
int dhcp6_msg_parse(struct dhcp6_msg *m, const uint8_t *buf, size_t len)
{
	memset(m, 0, sizeof(*m));
	if (len < DHCP6_HDR_LEN)
		return DHCP6_PERR_TRUNCATED;
	if (len > DHCP6_MSG_MAX_LEN)
		return DHCP6_PERR_TOO_LONG;
	if (buf[0] == DHCP6_RELAY_FORW || buf[0] == DHCP6_RELAY_REPL)
		return DHCP6_PERR_RELAY;
	if (!buf[0] || buf[0] >= DHCP6_TYPE__COUNT)
		return DHCP6_PERR_BAD_TYPE;
	m->type = buf[0];
	m->xid = (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3];
	m->opts = buf + DHCP6_HDR_LEN;
	m->opts_len = len - DHCP6_HDR_LEN;
	return check_area(m->opts, m->opts_len, 0);
}

/**
 * dhcp6_perr_name() - short name of a parse error
 * @err: enum dhcp6_perr
 *
 * Return: a static string.
 */
const char *dhcp6_perr_name(int err)
{
	static const char *const names[] = {
		[DHCP6_PERR_NONE] = "ok",
		[DHCP6_PERR_TRUNCATED] = "truncated",
		[DHCP6_PERR_TOO_LONG] = "too-long",
		[DHCP6_PERR_OPT_OVERRUN] = "option-overrun",
		[DHCP6_PERR_IA_OVERRUN] = "ia-overrun",
		[DHCP6_PERR_RELAY] = "relay",
		[DHCP6_PERR_BAD_TYPE] = "bad-type",
	};

	if (err < 0 || (size_t)err >= ARRAY_SIZE(names))
		return "unknown";
	return names[err];
}

/**
 * dhcp6_type_name() - RFC name of a message type, lower case
 * @type: message type
 *
 * Return: a static string ("unknown" for others).
 */
const char *dhcp6_type_name(unsigned int type)
{
	static const char *const names[] = {
		[DHCP6_SOLICIT] = "solicit", [DHCP6_ADVERTISE] = "advertise",
		[DHCP6_REQUEST] = "request", [DHCP6_CONFIRM] = "confirm",
		[DHCP6_RENEW] = "renew", [DHCP6_REBIND] = "rebind",
		[DHCP6_REPLY] = "reply", [DHCP6_RELEASE] = "release",
		[DHCP6_DECLINE] = "decline", [DHCP6_RECONFIGURE] = "reconfigure",
		[DHCP6_INFORMATION_REQUEST] = "information-request",
		[DHCP6_RELAY_FORW] = "relay-forw", [DHCP6_RELAY_REPL] = "relay-repl",
	};

	if (type >= ARRAY_SIZE(names) || !names[type])
		return "unknown";
	return names[type];
}

/**
 * area_opt() - the first option @code of an options area
 * @area: options area
 * @len:  its length
 * @code: option code
 * @olen: out: data length
 *
 * Return: its data, or NULL if absent (or the area is malformed before it).
 */
static const uint8_t *area_opt(const uint8_t *area, size_t len, uint16_t code, size_t *olen)
{
	struct dhcp6_opt o;
	size_t off = 0;

	while (dhcp6_opt_next(area, len, &off, &o) > 0) {
		if (o.code == code) {
			*olen = o.len;
			return o.data;
		}
	}
	return NULL;
}

/**
 * dhcp6_msg_opt() - the first top-level option @code of a message
 * @m:    message
 * @code: option code
 * @len:  out: data length
 *
 * Return: its data, or NULL if absent.
 */
const uint8_t *dhcp6_msg_opt(const struct dhcp6_msg *m, uint16_t code, size_t *len)
{
	return area_opt(m->opts, m->opts_len, code, len);
}

/**
 * dhcp6_msg_ias() - the IA_NA options of a message, in order
 * @m:   message
 * @ia:  out: up to @max IAs
 * @max: room in @ia
 *
 * Return: how many were stored (IA_NA shorter than 12 bytes are skipped).
 */
size_t dhcp6_msg_ias(const struct dhcp6_msg *m, struct dhcp6_ia *ia, size_t max)
{
	struct dhcp6_opt o;
	size_t off = 0, n = 0;

	while (n < max && dhcp6_opt_next(m->opts, m->opts_len, &off, &o) > 0) {
		if (o.code != DHCP6_OPT_IA_NA || o.len < DHCP6_IA_NA_LEN)
			continue;
		ia[n].iaid = get32(o.data);
		ia[n].t1 = get32(o.data + 4);
		ia[n].t2 = get32(o.data + 8);
		ia[n].opts = o.data + DHCP6_IA_NA_LEN;
		ia[n].opts_len = o.len - DHCP6_IA_NA_LEN;
		n++;
	}
	return n;
}

/**
 * dhcp6_ia_addr() - the @idx-th IAADDR of an IA
 * @ia:  the IA
 * @idx: which one (0: first)
 * @a:   out: address and lifetimes
 *
 * Return: 0, or -ENOENT.
 */
int dhcp6_ia_addr(const struct dhcp6_ia *ia, size_t idx, struct dhcp6_iaaddr *a)
{
	struct dhcp6_opt o;
	size_t off = 0;

	while (dhcp6_opt_next(ia->opts, ia->opts_len, &off, &o) > 0) {
		if (o.code != DHCP6_OPT_IAADDR || o.len < DHCP6_IAADDR_LEN || idx--)
			continue;
		memcpy(a->addr, o.data, 16);
		a->preferred = get32(o.data + 16);
		a->valid = get32(o.data + 20);
		return 0;
	}
	return -ENOENT;
}

/**
 * dhcp6_msg_oro_has() - whether the option request option (6) asks for @code
 * @m:    message
 * @code: option code
 *
 * Return: 1 or 0.
 */
int dhcp6_msg_oro_has(const struct dhcp6_msg *m, uint16_t code)
{
	const uint8_t *p = NULL;
	size_t len = 0, i;

	p = dhcp6_msg_opt(m, DHCP6_OPT_ORO, &len);
	for (i = 0; p && i + 2 <= len; i += 2)
		if (get16(p + i) == code)
			return 1;
	return 0;
}

/**
 * opaque_list_has() - whether a list of { 16-bit length, bytes } holds an item
 * @p:      the list
 * @len:    its length
 * @s:      the item looked for
 * @prefix: 1: an item starting with @s is enough; 0: exact match
 *
 * Return: 1 or 0 (a truncated item ends the list).
 */
static int opaque_list_has(const uint8_t *p, size_t len, const char *s, int prefix)
{
	size_t off = 0, n, want = strlen(s);

	while (len - off >= 2) {
		n = get16(p + off);
		off += 2;
		if (n > len - off)
			return 0;
		if ((prefix ? n >= want : n == want) && !memcmp(p + off, s, want))
			return 1;
		off += n;
	}
	return 0;
}

/**
 * dhcp6_msg_has_user_class() - whether option 15 holds the class @name exactly
 * @m:    message
 * @name: class ("iPXE")
 *
 * Return: 1 or 0.
 */
int dhcp6_msg_has_user_class(const struct dhcp6_msg *m, const char *name)
{
	const uint8_t *p;
	size_t len = 0;

	p = dhcp6_msg_opt(m, DHCP6_OPT_USER_CLASS, &len);
	return p && opaque_list_has(p, len, name, 0);
}

/**
 * dhcp6_msg_vendor_prefix() - whether a vendor class (16) item starts with @prefix
 * @m:      message
 * @prefix: "PXEClient", "HTTPClient" ...  (any enterprise number)
 *
 * Return: 1 or 0.
 */
int dhcp6_msg_vendor_prefix(const struct dhcp6_msg *m, const char *prefix)
{
	const uint8_t *p;
	size_t len = 0;

	p = dhcp6_msg_opt(m, DHCP6_OPT_VENDOR_CLASS, &len);
	return p && len >= 4 && opaque_list_has(p + 4, len - 4, prefix, 1);
}

/**
 * dhcp6_msg_client_arch() - the first architecture type of option 61
 * @m:    message
 * @arch: out: the type (7 = EFI x64, 16 = EFI x64 HTTP)
 *
 * Return: 0, or -ENOENT if absent or shorter than 2 bytes.
 */
int dhcp6_msg_client_arch(const struct dhcp6_msg *m, uint16_t *arch)
{
	const uint8_t *p;
	size_t len = 0;

	p = dhcp6_msg_opt(m, DHCP6_OPT_CLIENT_ARCH, &len);
	if (!p || len < 2)
		return -ENOENT;
	*arch = get16(p);
	return 0;
}

/**
 * dhcp6_msg_nii() - the network interface identifier (option 62): type, major, minor
 * @m:   message
 * @nii: out: 3 bytes
 *
 * Return: 0, or -ENOENT if absent or not 3 bytes.
 */
int dhcp6_msg_nii(const struct dhcp6_msg *m, uint8_t nii[3])
{
	const uint8_t *p;
	size_t len = 0;

	p = dhcp6_msg_opt(m, DHCP6_OPT_NII, &len);
	if (!p || len != 3)
		return -ENOENT;
	memcpy(nii, p, 3);
	return 0;
}

/**
 * dhcp6_duid_mac() - the Ethernet address inside a DUID-LLT or DUID-LL
 * @duid: the DUID
 * @len:  its length
 * @mac:  out: the address
 *
 * Return: 0, or -ENOENT for other DUIDs (DUID-EN, DUID-UUID) or hardware types.
 */
int dhcp6_duid_mac(const uint8_t *duid, size_t len, uint8_t mac[6])
{
	if (len == 14 && get16(duid) == 1 && get16(duid + 2) == 1) {
		memcpy(mac, duid + 8, 6);
		return 0;
	}
	if (len == 10 && get16(duid) == 3 && get16(duid + 2) == 1) {
		memcpy(mac, duid + 4, 6);
		return 0;
	}
	return -ENOENT;
}

/**
 * dhcp6_build_init() - start a message
 * @b:    builder
 * @type: message type
 * @xid:  transaction id (the request's)
 */
void dhcp6_build_init(struct dhcp6_build *b, uint8_t type, uint32_t xid)
{
	b->buf[0] = type;
	b->buf[1] = (uint8_t)(xid >> 16);
	b->buf[2] = (uint8_t)(xid >> 8);
	b->buf[3] = (uint8_t)xid;
	b->len = DHCP6_HDR_LEN;
	b->overflow = 0;
}

/**
 * dhcp6_open() - start an option whose length is fixed later by dhcp6_close()
 * @b:        builder
 * @code:     option code
 * @head:     fixed part of the option (IA_NA's IAID/T1/T2), or NULL
 * @head_len: its length
 *
 * Return: the option's offset, for dhcp6_close().
 */
size_t dhcp6_open(struct dhcp6_build *b, uint16_t code, const void *head, size_t head_len)
{
	size_t at = b->len;

	if (b->overflow || sizeof(b->buf) - b->len < 4 + head_len) {
		b->overflow = 1;
		return at;
	}
	b->buf[at] = (uint8_t)(code >> 8);
	b->buf[at + 1] = (uint8_t)code;
	if (head_len)
		memcpy(b->buf + at + 4, head, head_len);
	b->len += 4 + head_len;
	return at;
}

/**
 * dhcp6_close() - set the length of an option begun with dhcp6_open()
 * @b:  builder
 * @at: its offset
 */
void dhcp6_close(struct dhcp6_build *b, size_t at)
{
	size_t n;

	if (b->overflow)
		return;
	n = b->len - at - 4;
	if (n > 0xffff) {
		b->overflow = 1;
		return;
	}
	b->buf[at + 2] = (uint8_t)(n >> 8);
	b->buf[at + 3] = (uint8_t)n;
}

/**
 * dhcp6_put() - append a whole option
 * @b:    builder
 * @code: option code
 * @data: data
 * @len:  its length
 */
void dhcp6_put(struct dhcp6_build *b, uint16_t code, const void *data, size_t len)
{
	dhcp6_close(b, dhcp6_open(b, code, data, len));
}

/**
 * dhcp6_put_u16() - append an option holding one 16-bit number
 * @b:    builder
 * @code: option code
 * @v:    the number
 */
void dhcp6_put_u16(struct dhcp6_build *b, uint16_t code, uint16_t v)
{
	uint8_t d[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	dhcp6_put(b, code, d, sizeof(d));
}

/**
 * dhcp6_put_status() - append a status code option (13)
 * @b:      builder
 * @status: enum dhcp6_status
 * @text:   message (UTF-8, no NUL sent)
 */
void dhcp6_put_status(struct dhcp6_build *b, uint16_t status, const char *text)
{
	uint8_t d[2] = { (uint8_t)(status >> 8), (uint8_t)status };
	size_t at = dhcp6_open(b, DHCP6_OPT_STATUS, d, sizeof(d));
	size_t n = strlen(text);

	if (!b->overflow && sizeof(b->buf) - b->len >= n) {
		memcpy(b->buf + b->len, text, n);
		b->len += n;
	} else {
		b->overflow = 1;
	}
	dhcp6_close(b, at);
}
