/* dhcp_msg_build.c - DHCP message builder: options in order, RFC 3396 splitting, option 52 overload */
#include "services/dhcp/dhcp_msg.h"

#include <errno.h>
#include <string.h>

#include "core/util.h"

/**
 * struct lay_area - an output region being filled with options
 * @off:  offset of the region in the payload
 * @size: region size
 * @used: bytes written so far
 */
struct lay_area {
	size_t off;
	size_t size;
	size_t used;
};

/**
 * struct lay - the layout of one attempt
 * @out:   payload buffer
 * @area:  regions in fill order: options field, then 'file', then 'sname'
 * @n:     number of regions
 * @cur:   region being filled
 * @eager: split options to fill each region instead of moving them whole
 */
struct lay {
	uint8_t *out;
	struct lay_area area[3];
	size_t n;
	size_t cur;
	int eager;
};

/**
 * dhcp_build_init() - start a message
 * @b:   the builder
 * @hdr: header (copied), or NULL for an all-zero one
 */
void dhcp_build_init(struct dhcp_build *b, const struct dhcp_hdr *hdr)
{
	memset(b, 0, offsetof(struct dhcp_build, data));
	b->error = 0;	/* after data[]: the memset above does not reach it */
	if (hdr)
		b->hdr = *hdr;
}

/**
 * dhcp_build_remove() - drop an option
 * @b:    the builder
 * @code: option code
 *
 * Return: 1 if it was present, else 0.
 */
int dhcp_build_remove(struct dhcp_build *b, uint8_t code)
{
	size_t i;
	int found = 0;

	for (i = 0; code && i < b->n; i++) {
		if (b->opt[i].code == code) {
			b->opt[i].code = 0;
			found = 1;
		}
	}
	return found;
}

/**
 * dhcp_build_has() - whether an option has been added
 * @b:    the builder
 * @code: option code
 *
 * Return: 1 or 0.
 */
int dhcp_build_has(const struct dhcp_build *b, uint8_t code)
{
	size_t i;

	for (i = 0; code && i < b->n; i++)
		if (b->opt[i].code == code)
			return 1;
	return 0;
}

/**
 * dhcp_build_opt() - append an option, replacing any earlier one of @code
 * @b:    the builder
 * @code: option code (1..254; 0, 52 and 255 are refused)
 * @data: option data (any length up to DHCP_BUILD_DATA; split on output)
 * @len:  data length
 *
 * Return: 0, -EINVAL for a reserved code or NULL @data with a length,
 * -ENOSPC if the builder is full (also recorded in @b->error).
 */
int dhcp_build_opt(struct dhcp_build *b, uint8_t code, const void *data, size_t len)
{
	if (code == DHCP_OPT_PAD || code == DHCP_OPT_END || code == DHCP_OPT_OVERLOAD)
		return -EINVAL;
	if (len && !data)
		return -EINVAL;
	if (b->n >= DHCP_BUILD_MAX_OPTS || len > DHCP_BUILD_DATA - b->used) {
		b->error = -ENOSPC;
		return -ENOSPC;
	}
	dhcp_build_remove(b, code);
	if (len)
		memcpy(b->data + b->used, data, len);
	b->opt[b->n].code = code;
	b->opt[b->n].off = (uint16_t)b->used;
	b->opt[b->n].len = (uint16_t)len;
	b->n++;
	b->used += len;
	return 0;
}

/**
 * dhcp_build_u8() - append a one-byte option
 * @b:    the builder
 * @code: option code
 * @val:  value
 *
 * Return: 0 or -errno, as dhcp_build_opt().
 */
int dhcp_build_u8(struct dhcp_build *b, uint8_t code, uint8_t val)
{
	return dhcp_build_opt(b, code, &val, 1);
}

/**
 * dhcp_build_u16() - append a big-endian 16-bit option
 * @b:    the builder
 * @code: option code
 * @val:  value, host order
 *
 * Return: 0 or -errno, as dhcp_build_opt().
 */
int dhcp_build_u16(struct dhcp_build *b, uint8_t code, uint16_t val)
{
	uint8_t v[2] = { (uint8_t)(val >> 8), (uint8_t)val };

	return dhcp_build_opt(b, code, v, sizeof(v));
}

/**
 * dhcp_build_u32() - append a big-endian 32-bit option (also IPv4 addresses)
 * @b:    the builder
 * @code: option code
 * @val:  value, host order
 *
 * Return: 0 or -errno, as dhcp_build_opt().
 */
int dhcp_build_u32(struct dhcp_build *b, uint8_t code, uint32_t val)
{
	uint8_t v[4] = { (uint8_t)(val >> 24), (uint8_t)(val >> 16), (uint8_t)(val >> 8),
			 (uint8_t)val };

	return dhcp_build_opt(b, code, v, sizeof(v));
}

/**
 * dhcp_build_str() - append a string option without its NUL
 * @b:    the builder
 * @code: option code
 * @s:    the string
 *
 * Return: 0 or -errno, as dhcp_build_opt().
 */
int dhcp_build_str(struct dhcp_build *b, uint8_t code, const char *s)
{
	return dhcp_build_opt(b, code, s, strlen(s));
}

/** put32() - big-endian 32-bit write */
static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/**
 * write_header() - write the fixed header and cookie
 * @h:        header
 * @out:      payload (zeroed, at least DHCP_OPTS_OFF bytes)
 * @overload: which fields carry options (they are not written as names)
 */
static void write_header(const struct dhcp_hdr *h, uint8_t *out, unsigned int overload)
{
	out[0] = h->op;
	out[1] = h->htype;
	out[2] = h->hlen;
	out[3] = h->hops;
	put32(out + 4, h->xid);
	out[8] = (uint8_t)(h->secs >> 8);
	out[9] = (uint8_t)h->secs;
	out[10] = (uint8_t)(h->flags >> 8);
	out[11] = (uint8_t)h->flags;
	put32(out + 12, h->ciaddr);
	put32(out + 16, h->yiaddr);
	put32(out + 20, h->siaddr);
	put32(out + 24, h->giaddr);
	memcpy(out + 28, h->chaddr, DHCP_CHADDR_LEN);
	if (!(overload & 2) && strlen(h->sname) < DHCP_SNAME_LEN)
		memcpy(out + DHCP_SNAME_OFF, h->sname, strlen(h->sname));
	if (!(overload & 1) && strlen(h->file) < DHCP_FILE_LEN)
		memcpy(out + DHCP_FILE_OFF, h->file, strlen(h->file));
	put32(out + DHCP_HDR_LEN, DHCP_MAGIC);
}

/**
 * lay_put() - write one option into the areas, splitting it when it must
 * @l:    layout
 * @code: option code
 * @data: data
 * @len:  length
 *
 * An option that does not fit the rest of the current area moves whole to
 * the next area when it fits there (unless @l->eager); otherwise it is
 * split (RFC 3396): not every boot ROM concatenates, so whole is preferred.
 * Every area keeps one byte for its end option.
 * Return: 0, or -ENOSPC.
 */
static int lay_put(struct lay *l, uint8_t code, const uint8_t *data, size_t len)
{
	size_t chunk, space, first = 1;
	struct lay_area *a;

	while (len || first) {
		if (l->cur >= l->n)
			return -ENOSPC;
		a = &l->area[l->cur];
		space = a->size - a->used - 1;
		chunk = len > 255 ? 255 : len;
		if (chunk + 2 > space) {
			if (!l->eager && l->cur + 1 < l->n &&
			    chunk + 3 <= l->area[l->cur + 1].size) {
				l->cur++;
				continue;
			}
			if (space < 3) {
				l->cur++;
				continue;
			}
			chunk = space - 2;
		}
		l->out[a->off + a->used] = code;
		l->out[a->off + a->used + 1] = (uint8_t)chunk;
		memcpy(l->out + a->off + a->used + 2, data, chunk);
		a->used += chunk + 2;
		data += chunk;
		len -= chunk;
		first = 0;
	}
	return 0;
}

/**
 * lay_try() - lay all options out with a given overload
 * @b:        the builder
 * @out:      payload buffer of at least @limit bytes
 * @limit:    payload size limit
 * @overload: 0, 1 (file) or 3 (file and sname)
 * @eager:    split options to fill every area
 *
 * Return: payload length, or -ENOSPC.
 */
static int lay_try(const struct dhcp_build *b, uint8_t *out, size_t limit,
		   unsigned int overload, int eager)
{
	struct lay l = { .out = out, .n = 1, .eager = eager };
	const struct dhcp_hdr *h = &b->hdr;
	size_t i, len;

	memset(out, 0, limit);
	write_header(h, out, overload);
	l.area[0] = (struct lay_area){ DHCP_OPTS_OFF, limit - DHCP_OPTS_OFF, 0 };
	if (overload) {
		out[DHCP_OPTS_OFF] = DHCP_OPT_OVERLOAD;
		out[DHCP_OPTS_OFF + 1] = 1;
		out[DHCP_OPTS_OFF + 2] = (uint8_t)overload;
		l.area[0].used = 3;
		l.area[l.n++] = (struct lay_area){ DHCP_FILE_OFF, DHCP_FILE_LEN, 0 };
	}
	if (overload & 2)
		l.area[l.n++] = (struct lay_area){ DHCP_SNAME_OFF, DHCP_SNAME_LEN, 0 };
	for (i = 0; i < b->n; i++)
		if (b->opt[i].code &&
		    lay_put(&l, b->opt[i].code, b->data + b->opt[i].off, b->opt[i].len))
			return -ENOSPC;
	if ((overload & 1 || strlen(h->file) >= DHCP_FILE_LEN) && h->file[0] &&
	    !dhcp_build_has(b, DHCP_OPT_BOOTFILE) &&
	    lay_put(&l, DHCP_OPT_BOOTFILE, (const uint8_t *)h->file, strlen(h->file)))
		return -ENOSPC;
	if ((overload & 2 || strlen(h->sname) >= DHCP_SNAME_LEN) && h->sname[0] &&
	    !dhcp_build_has(b, DHCP_OPT_TFTP_SERVER) &&
	    lay_put(&l, DHCP_OPT_TFTP_SERVER, (const uint8_t *)h->sname, strlen(h->sname)))
		return -ENOSPC;
	for (i = 0; i < l.n; i++)
		out[l.area[i].off + l.area[i].used] = DHCP_OPT_END;
	len = DHCP_OPTS_OFF + l.area[0].used + 1;
	return (int)(len < DHCP_MIN_REPLY_LEN ? DHCP_MIN_REPLY_LEN : len);
}

/**
 * dhcp_build_finish() - lay the message out, overloading when needed
 * @b:   the builder
 * @out: output buffer
 * @cap: its size
 * @max: largest payload the client accepts (dhcp_msg_reply_max())
 *
 * Writes options in insertion order, then the end option, and pads to
 * DHCP_MIN_REPLY_LEN.  When they do not fit min(@cap, @max,
 * DHCP_MSG_MAX_LEN), overloads 'file' (then also 'sname') with option 52,
 * moving a file / server name into options 67 / 66, and last splits
 * options to fill every area.  A name too long for its header field goes
 * into its option even without overload.
 * Return: payload length, or -ENOSPC (does not fit, or @b->error set).
 */
int dhcp_build_finish(const struct dhcp_build *b, uint8_t *out, size_t cap, size_t max)
{
	static const struct {
		unsigned int overload;
		int eager;
	} tries[] = { { 0, 0 }, { 1, 0 }, { 3, 0 }, { 3, 1 } };
	size_t limit = cap < max ? cap : max, i;
	int len = -ENOSPC;

	if (b->error)
		return b->error;
	if (limit > DHCP_MSG_MAX_LEN)
		limit = DHCP_MSG_MAX_LEN;
	if (limit < DHCP_MIN_REPLY_LEN)
		return -ENOSPC;
	for (i = 0; i < ARRAY_SIZE(tries) && len < 0; i++)
		len = lay_try(b, out, limit, tries[i].overload, tries[i].eager);
	return len;
}
