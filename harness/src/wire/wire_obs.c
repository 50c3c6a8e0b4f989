/* wire_obs.c - building, reading and formatting observation records */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "wire/wire_priv.h"

/**
 * wire_obs_begin() - start a new observation in the observer's scratch record
 * @w:     observer
 * @p:     the frame that completes it (time and port)
 * @proto: protocol (static string)
 * @verb:  verb (static string)
 * @dir:   direction relative to the client
 *
 * Return: the record to fill, then pass to wire_obs_emit().
 */
struct pxl_obs *wire_obs_begin(struct pxl_wire *w, const struct wire_pkt *p, const char *proto,
			       const char *verb, enum pxl_obs_dir dir)
{
	struct pxl_obs *o = &w->obs;

	o->t_ns = p->t;
	o->port = p->port;
	o->proto = proto;
	o->verb = verb;
	o->dir = dir;
	o->has_mac = 0;
	memset(o->mac, 0, sizeof(o->mac));
	o->ip = 0;
	o->n_fields = 0;
	o->truncated = 0;
	o->summary[0] = '\0';
	o->used = 0;
	return o;
}

/**
 * wire_obs_client() - set the client of an observation
 * @w:   observer (for its IP -> MAC table)
 * @o:   observation
 * @ip:  client address, host order (0 if unknown)
 * @mac: hardware address to use when the table does not know @ip, or NULL
 */
void wire_obs_client(struct pxl_wire *w, struct pxl_obs *o, uint32_t ip, const uint8_t *mac)
{
	o->ip = ip;
	if (ip && wire_lookup_mac(w, ip, o->mac) == 0) {
		o->has_mac = 1;
	} else if (mac) {
		memcpy(o->mac, mac, 6);
		o->has_mac = 1;
	}
}

/**
 * obs_store() - copy a string into an observation's text storage
 * @o:   observation
 * @s:   string
 * @max: longest length stored (longer strings are cut, @o->truncated set)
 *
 * Return: its offset, or -ENOSPC when the storage is full.
 */
static int obs_store(struct pxl_obs *o, const char *s, size_t max)
{
	size_t n = strlen(s), off = o->used;

	if (n > max) {
		n = max;
		o->truncated = 1;
	}
	if (off + n + 1 > sizeof(o->text) || off > UINT16_MAX)
		return -ENOSPC;
	memcpy(o->text + off, s, n);
	o->text[off + n] = '\0';
	o->used += n + 1;
	return (int)off;
}

/**
 * wire_obs_add() - append a field
 * @o:   observation
 * @key: key
 * @val: value (cut at WIRE_VALUE_MAX bytes)
 *
 * A field that does not fit is left out and @o->truncated set.
 */
void wire_obs_add(struct pxl_obs *o, const char *key, const char *val)
{
	size_t mark = o->used;
	int k, v;

	if (o->n_fields >= PXL_OBS_MAX_FIELDS) {
		o->truncated = 1;
		return;
	}
	k = obs_store(o, key, WIRE_KEY_MAX);
	v = k < 0 ? -ENOSPC : obs_store(o, val ? val : "", WIRE_VALUE_MAX);
	if (k < 0 || v < 0) {
		o->used = mark;
		o->truncated = 1;
		return;
	}
	o->fields[o->n_fields].key = (uint16_t)k;
	o->fields[o->n_fields].val = (uint16_t)v;
	o->n_fields++;
}

/**
 * wire_obs_addf() - append a field with a formatted value
 * @o:   observation
 * @key: key
 * @fmt: printf format of the value
 */
void wire_obs_addf(struct pxl_obs *o, const char *key, const char *fmt, ...)
{
	char val[WIRE_VALUE_MAX + 1];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	wire_obs_add(o, key, val);
}

/**
 * wire_obs_endpoints() - add "src" and "dst" as "ip:port"
 * @o: observation
 * @f: decoded UDP or TCP frame
 */
void wire_obs_endpoints(struct pxl_obs *o, const struct pxl_frame *f)
{
	char ip[16];

	wire_obs_addf(o, "src", "%s:%u", pxl_ip_str(f->ip_src, ip), f->sport);
	wire_obs_addf(o, "dst", "%s:%u", pxl_ip_str(f->ip_dst, ip), f->dport);
}

/**
 * wire_obs_summary() - set the one-line human summary
 * @o:   observation
 * @fmt: printf format
 */
void wire_obs_summary(struct pxl_obs *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(o->summary, sizeof(o->summary), fmt, ap);
	va_end(ap);
}

/**
 * wire_obs_emit() - count an observation and hand it to the callback
 * @w: observer
 * @o: observation
 */
void wire_obs_emit(struct pxl_wire *w, struct pxl_obs *o)
{
	w->stats.observations++;
	if (w->on_obs)
		w->on_obs(w->arg, o);
}

/**
 * wire_printable() - copy untrusted bytes as a printable C string
 * @dst:  output
 * @size: its size (> 0; truncates)
 * @src:  bytes
 * @len:  byte count (trailing NULs are dropped)
 *
 * Bytes outside 0x20..0x7e become '?'.
 */
void wire_printable(char *dst, size_t size, const uint8_t *src, size_t len)
{
	size_t i;

	while (len && src[len - 1] == 0)
		len--;
	for (i = 0; i < len && i + 1 < size; i++)
		dst[i] = (src[i] >= 0x20 && src[i] <= 0x7e) ? (char)src[i] : '?';
	dst[i] = '\0';
}

/**
 * wire_ms() - format a duration in milliseconds with microsecond precision
 * @buf:  output
 * @size: its size
 * @from: start time (ns)
 * @to:   end time (ns); earlier than @from gives "0.000"
 */
void wire_ms(char *buf, size_t size, uint64_t from, uint64_t to)
{
	uint64_t us = to > from ? (to - from + 500) / 1000 : 0;

	snprintf(buf, size, "%llu.%03llu", (unsigned long long)(us / 1000),
		 (unsigned long long)(us % 1000));
}

const char *pxl_obs_field(const struct pxl_obs *obs, const char *key)
{
	size_t i;

	for (i = 0; i < obs->n_fields && i < PXL_OBS_MAX_FIELDS; i++)
		if (!strcmp(obs->text + obs->fields[i].key, key))
			return obs->text + obs->fields[i].val;
	return NULL;
}

int pxl_obs_field_at(const struct pxl_obs *obs, size_t i, const char **key, const char **val)
{
	if (i >= obs->n_fields || i >= PXL_OBS_MAX_FIELDS)
		return -ENOENT;
	*key = obs->text + obs->fields[i].key;
	*val = obs->text + obs->fields[i].val;
	return 0;
}

const char *pxl_obs_format(const struct pxl_obs *obs, char *buf, size_t size)
{
	const char *k, *v;
	char mac[18];
	size_t n, i;
	int r;

	if (!size)
		return buf;
	r = snprintf(buf, size, "%s %s", obs->proto, obs->verb);
	n = r < 0 ? 0 : (size_t)r;
	if (obs->has_mac && n < size) {
		r = snprintf(buf + n, size - n, " mac=%s", pxl_mac_str(obs->mac, mac));
		n += r < 0 ? 0 : (size_t)r;
	}
	for (i = 0; pxl_obs_field_at(obs, i, &k, &v) == 0 && n < size; i++) {
		r = snprintf(buf + n, size - n, " %s=%s", k, v);
		n += r < 0 ? 0 : (size_t)r;
	}
	return buf;
}

/**
 * wire_addr_v4() - an IPv4 address as the IPv4-mapped IPv6 address ::ffff:a.b.c.d
 * @out: out: 16 bytes
 * @ip:  address, host order
 */
void wire_addr_v4(uint8_t out[16], uint32_t ip)
{
	memset(out, 0, 10);
	out[10] = out[11] = 0xff;
	out[12] = (uint8_t)(ip >> 24);
	out[13] = (uint8_t)(ip >> 16);
	out[14] = (uint8_t)(ip >> 8);
	out[15] = (uint8_t)ip;
}

/**
 * wire_addr_ip4() - the IPv4 address inside an IPv4-mapped address
 * @a: 16 bytes
 *
 * Return: the address, host order, or 0 when @a is a real IPv6 address.
 */
uint32_t wire_addr_ip4(const uint8_t a[16])
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	if (memcmp(a, mapped, sizeof(mapped)))
		return 0;
	return (uint32_t)a[12] << 24 | (uint32_t)a[13] << 16 | (uint32_t)a[14] << 8 | a[15];
}

/**
 * wire_addr_str() - an address as text: dotted quad for IPv4-mapped, else RFC 5952 IPv6
 * @a:    16 bytes
 * @buf:  output
 * @size: its size (INET6_ADDRSTRLEN is enough)
 *
 * Return: @buf.
 */
const char *wire_addr_str(const uint8_t a[16], char *buf, size_t size)
{
	char ip[16];
	uint32_t v4 = wire_addr_ip4(a);

	if (v4)
		snprintf(buf, size, "%s", pxl_ip_str(v4, ip));
	else if (!inet_ntop(AF_INET6, a, buf, (socklen_t)size))
		snprintf(buf, size, "?");
	return buf;
}

/**
 * wire_obs_endpoints_udp() - add "src" and "dst": "ip:port", or "[ipv6]:port"
 * @o: observation
 * @u: the datagram
 */
void wire_obs_endpoints_udp(struct pxl_obs *o, const struct wire_udp *u)
{
	char a[INET6_ADDRSTRLEN];

	wire_addr_str(u->src, a, sizeof(a));
	wire_obs_addf(o, "src", u->v6 ? "[%s]:%u" : "%s:%u", a, u->sport);
	wire_addr_str(u->dst, a, sizeof(a));
	wire_obs_addf(o, "dst", u->v6 ? "[%s]:%u" : "%s:%u", a, u->dport);
}

/**
 * wire_obs_hex() - add a field whose value is bytes in lower-case hex joined by ':'
 * @o:   observation
 * @key: key
 * @p:   bytes
 * @len: count (cut to what WIRE_VALUE_MAX holds)
 */
void wire_obs_hex(struct pxl_obs *o, const char *key, const uint8_t *p, size_t len)
{
	char val[WIRE_VALUE_MAX + 1];
	size_t i, n = 0;

	val[0] = '\0';
	for (i = 0; i < len && n + 3 <= WIRE_VALUE_MAX; i++)
		n += (size_t)snprintf(val + n, sizeof(val) - n, "%s%02x", i ? ":" : "", p[i]);
	wire_obs_add(o, key, val);
}

/**
 * wire_obs_endpoints_pkt() - add "src" and "dst" of a TCP or UDP packet of either family
 * @o: observation
 * @p: the packet (@p->f, @p->sa and @p->da set)
 */
void wire_obs_endpoints_pkt(struct pxl_obs *o, const struct wire_pkt *p)
{
	char a[INET6_ADDRSTRLEN];

	wire_addr_str(p->sa, a, sizeof(a));
	wire_obs_addf(o, "src", p->v6 ? "[%s]:%u" : "%s:%u", a, p->f->sport);
	wire_addr_str(p->da, a, sizeof(a));
	wire_obs_addf(o, "dst", p->v6 ? "[%s]:%u" : "%s:%u", a, p->f->dport);
}
