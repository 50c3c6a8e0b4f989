/* dhcp_msg.c - bounds-checked BOOTP/DHCP parser with RFC 3396 concatenation and option accessors */
#include "services/dhcp/dhcp_msg.h"

#include <errno.h>
#include <string.h>

#include "core/util.h"

/**
 * struct dhcp_area - one region holding options: the options field, 'file' or 'sname'
 * @p:       first byte
 * @len:     byte count
 * @is_main: the options field (needs an end option; option 52 counts only here)
 */
struct dhcp_area {
	const uint8_t *p;
	size_t len;
	int is_main;
};

static const char *const dhcp_perr_names[DHCP_PERR__COUNT] = {
	[DHCP_PERR_NONE] = "none",
	[DHCP_PERR_TRUNCATED] = "truncated",
	[DHCP_PERR_TOO_LONG] = "too-long",
	[DHCP_PERR_BAD_OP] = "bad-op",
	[DHCP_PERR_BAD_HLEN] = "bad-hlen",
	[DHCP_PERR_BAD_COOKIE] = "bad-cookie",
	[DHCP_PERR_OPT_OVERRUN] = "option-overrun",
	[DHCP_PERR_NO_END] = "no-end-option",
	[DHCP_PERR_BAD_OVERLOAD] = "bad-overload",
	[DHCP_PERR_BAD_MSG_TYPE] = "bad-message-type",
};

static const char *const dhcp_type_names[] = {
	"BOOTP", "DISCOVER", "OFFER", "REQUEST", "DECLINE",
	"ACK", "NAK", "RELEASE", "INFORM",
};

/**
 * dhcp_perr_name() - short name of a parse error ("truncated", "no-end-option", ...)
 * @err: the error
 *
 * Return: static string, "unknown" for an out-of-range value.
 */
const char *dhcp_perr_name(enum dhcp_perr err)
{
	if ((unsigned int)err >= DHCP_PERR__COUNT)
		return "unknown";
	return dhcp_perr_names[err];
}

/**
 * dhcp_type_name() - name of a message type: "DISCOVER", "OFFER", ...
 * @type: option 53 value, 0 for none
 *
 * Return: static string: "BOOTP" for 0, "TYPE?" for an unknown type.
 */
const char *dhcp_type_name(unsigned int type)
{
	if (type >= ARRAY_SIZE(dhcp_type_names))
		return "TYPE?";
	return dhcp_type_names[type];
}

/** get16() - big-endian 16-bit read; @p must have 2 bytes */
static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/** get32() - big-endian 32-bit read; @p must have 4 bytes */
static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/**
 * copy_field() - copy a fixed NUL-padded field into a C string
 * @dst: destination of @n + 1 bytes
 * @src: field bytes
 * @n:   field size
 */
static void copy_field(char *dst, const uint8_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && src[i]; i++)
		dst[i] = (char)src[i];
	dst[i] = '\0';
}

/**
 * parse_header() - decode the fixed header and check the cookie
 * @msg: message being filled
 * @buf: payload
 * @len: payload length (at least DHCP_OPTS_OFF)
 *
 * Return: DHCP_PERR_NONE or the reason.
 */
static enum dhcp_perr parse_header(struct dhcp_msg *msg, const uint8_t *buf, size_t len)
{
	struct dhcp_hdr *h = &msg->hdr;

	h->op = buf[0];
	h->htype = buf[1];
	h->hlen = buf[2];
	h->hops = buf[3];
	h->xid = get32(buf + 4);
	h->secs = get16(buf + 8);
	h->flags = get16(buf + 10);
	h->ciaddr = get32(buf + 12);
	h->yiaddr = get32(buf + 16);
	h->siaddr = get32(buf + 20);
	h->giaddr = get32(buf + 24);
	memcpy(h->chaddr, buf + 28, DHCP_CHADDR_LEN);
	copy_field(h->sname, buf + DHCP_SNAME_OFF, DHCP_SNAME_LEN);
	copy_field(h->file, buf + DHCP_FILE_OFF, DHCP_FILE_LEN);
	if (h->op != DHCP_BOOTREQUEST && h->op != DHCP_BOOTREPLY)
		return DHCP_PERR_BAD_OP;
	if (h->hlen > DHCP_CHADDR_LEN)
		return DHCP_PERR_BAD_HLEN;
	if (get32(buf + DHCP_HDR_LEN) != DHCP_MAGIC)
		return DHCP_PERR_BAD_COOKIE;
	return DHCP_PERR_NONE;
}

/**
 * scan_area() - walk the options of one area
 * @msg:  message being filled
 * @a:    the area
 * @fill: NULL on the first pass (validate, sum lengths into msg->opt_len);
 *        on the second pass, per code bytes already copied (copy data)
 *
 * Return: DHCP_PERR_NONE or the reason.
 */
static enum dhcp_perr scan_area(struct dhcp_msg *msg, const struct dhcp_area *a,
				uint16_t *fill)
{
	size_t i = 0;
	uint8_t code, olen;

	while (i < a->len) {
		code = a->p[i];
		if (code == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if (code == DHCP_OPT_END)
			return DHCP_PERR_NONE;
		if (i + 2 > a->len || i + 2 + a->p[i + 1] > a->len)
			return DHCP_PERR_OPT_OVERRUN;
		olen = a->p[i + 1];
		if (code == DHCP_OPT_OVERLOAD && !a->is_main) {
			i += 2u + olen;
			continue;
		}
		if (!fill) {
			msg->opt_has[code / 8] |= (uint8_t)(1u << (code % 8));
			msg->opt_len[code] = (uint16_t)(msg->opt_len[code] + olen);
		} else {
			memcpy(msg->optbuf + msg->opt_off[code] + fill[code], a->p + i + 2, olen);
			fill[code] = (uint16_t)(fill[code] + olen);
		}
		i += 2u + olen;
	}
	return a->is_main ? DHCP_PERR_NO_END : DHCP_PERR_NONE;
}

/**
 * read_overload() - interpret option 52 after the first pass over the options field
 * @msg: message whose options field has been through the first pass
 * @a:   the options field
 *
 * The first pass only sums lengths, so the value is found by a small
 * walk of the (already validated) options field.
 * Return: DHCP_PERR_NONE or DHCP_PERR_BAD_OVERLOAD.
 */
static enum dhcp_perr read_overload(struct dhcp_msg *msg, const struct dhcp_area *a)
{
	size_t i = 0;

	if (!dhcp_msg_has_opt(msg, DHCP_OPT_OVERLOAD))
		return DHCP_PERR_NONE;
	if (msg->opt_len[DHCP_OPT_OVERLOAD] != 1)
		return DHCP_PERR_BAD_OVERLOAD;
	while (i + 2 < a->len && a->p[i] != DHCP_OPT_OVERLOAD)
		i += a->p[i] == DHCP_OPT_PAD ? 1u : 2u + a->p[i + 1];
	if (i + 2 >= a->len || a->p[i + 2] < 1 || a->p[i + 2] > 3)
		return DHCP_PERR_BAD_OVERLOAD;
	msg->overload = a->p[i + 2];
	return DHCP_PERR_NONE;
}

/**
 * index_options() - two passes over the areas: sum lengths, then copy the data
 * @msg:   message being filled
 * @areas: areas in concatenation order
 * @n:     number of areas
 *
 * Return: DHCP_PERR_NONE or the reason.
 */
static enum dhcp_perr index_options(struct dhcp_msg *msg, const struct dhcp_area *areas,
				    size_t n)
{
	uint16_t fill[256] = { 0 };
	enum dhcp_perr err;
	size_t i, off = 0;

	for (i = 1; i < n; i++) {
		err = scan_area(msg, &areas[i], NULL);
		if (err)
			return err;
	}
	for (i = 0; i < 256; i++) {
		msg->opt_off[i] = (uint16_t)off;
		off += msg->opt_len[i];
	}
	if (off > sizeof(msg->optbuf))
		return DHCP_PERR_TOO_LONG;
	for (i = 0; i < n; i++) {
		err = scan_area(msg, &areas[i], fill);
		if (err)
			return err;
	}
	return DHCP_PERR_NONE;
}

/**
 * parse_options() - index every option of the options field and overloaded fields
 * @msg: message with its header parsed
 * @buf: payload
 * @len: payload length
 *
 * Return: DHCP_PERR_NONE or the reason.
 */
static enum dhcp_perr parse_options(struct dhcp_msg *msg, const uint8_t *buf, size_t len)
{
	struct dhcp_area areas[3] = {
		{ buf + DHCP_OPTS_OFF, len - DHCP_OPTS_OFF, 1 },
	};
	size_t n = 1;
	enum dhcp_perr err;

	err = scan_area(msg, &areas[0], NULL);
	if (err)
		return err;
	err = read_overload(msg, &areas[0]);
	if (err)
		return err;
	if (msg->overload & 1) {
		areas[n++] = (struct dhcp_area){ buf + DHCP_FILE_OFF, DHCP_FILE_LEN, 0 };
		msg->hdr.file[0] = '\0';
	}
	if (msg->overload & 2) {
		areas[n++] = (struct dhcp_area){ buf + DHCP_SNAME_OFF, DHCP_SNAME_LEN, 0 };
		msg->hdr.sname[0] = '\0';
	}
	return index_options(msg, areas, n);
}

/**
 * dhcp_msg_parse() - parse a BOOTP/DHCP UDP payload
 * @msg: out: the message (reset first)
 * @buf: payload bytes (untrusted)
 * @len: payload length
 *
 * Never reads past @len.  On failure @msg->error says why; fields parsed
 * before the failure (the header, when it was complete) stay valid.
 * Return: 0, or -EINVAL (malformed) / -EMSGSIZE (too long).
 */
int dhcp_msg_parse(struct dhcp_msg *msg, const uint8_t *buf, size_t len)
{
	enum dhcp_perr err;
	const uint8_t *t;
	size_t tlen;

	memset(msg, 0, offsetof(struct dhcp_msg, optbuf));
	if (len > DHCP_MSG_MAX_LEN) {
		err = DHCP_PERR_TOO_LONG;
		goto fail;
	}
	if (!buf || len < DHCP_OPTS_OFF) {
		err = DHCP_PERR_TRUNCATED;
		goto fail;
	}
	err = parse_header(msg, buf, len);
	if (!err)
		err = parse_options(msg, buf, len);
	if (err)
		goto fail;
	t = dhcp_msg_opt(msg, DHCP_OPT_MSG_TYPE, &tlen);
	if (t && tlen != 1) {
		err = DHCP_PERR_BAD_MSG_TYPE;
		goto fail;
	}
	msg->type = t ? t[0] : 0;
	return 0;
fail:
	msg->error = err;
	return err == DHCP_PERR_TOO_LONG ? -EMSGSIZE : -EINVAL;
}

/**
 * dhcp_msg_has_opt() - whether an option is present
 * @msg:  parsed message
 * @code: option code
 *
 * Return: 1 or 0.
 */
int dhcp_msg_has_opt(const struct dhcp_msg *msg, uint8_t code)
{
	return (msg->opt_has[code / 8] >> (code % 8)) & 1;
}

/**
 * dhcp_msg_opt() - the data of an option
 * @msg:  parsed message
 * @code: option code (1..254; pad and end give NULL)
 * @len:  out: data length (may be NULL)
 *
 * Return: pointer to the (concatenated) data inside @msg, or NULL if the
 * option is absent.  A present zero-length option gives non-NULL and 0.
 */
const uint8_t *dhcp_msg_opt(const struct dhcp_msg *msg, uint8_t code, size_t *len)
{
	if (code == DHCP_OPT_PAD || code == DHCP_OPT_END || !dhcp_msg_has_opt(msg, code))
		return NULL;
	if (len)
		*len = msg->opt_len[code];
	return msg->optbuf + msg->opt_off[code];
}

/**
 * opt_exact() - an option's data if it has exactly @want bytes
 * @msg:  parsed message
 * @code: option code
 * @want: required length
 * @p:    out: data
 *
 * Return: 0, -ENOENT or -EINVAL.
 */
static int opt_exact(const struct dhcp_msg *msg, uint8_t code, size_t want, const uint8_t **p)
{
	size_t len;

	*p = dhcp_msg_opt(msg, code, &len);
	if (!*p)
		return -ENOENT;
	return len == want ? 0 : -EINVAL;
}

/**
 * dhcp_msg_opt_u8() - a one-byte option
 * @msg:  parsed message
 * @code: option code
 * @val:  out: value
 *
 * Return: 0, -ENOENT if absent, -EINVAL if its length is not exactly 1.
 */
int dhcp_msg_opt_u8(const struct dhcp_msg *msg, uint8_t code, uint8_t *val)
{
	const uint8_t *p;
	int rc = opt_exact(msg, code, 1, &p);

	if (!rc)
		*val = p[0];
	return rc;
}

/**
 * dhcp_msg_opt_u16() - a big-endian 16-bit option
 * @msg:  parsed message
 * @code: option code
 * @val:  out: value, host order
 *
 * Return: 0, -ENOENT if absent, -EINVAL if its length is not exactly 2.
 */
int dhcp_msg_opt_u16(const struct dhcp_msg *msg, uint8_t code, uint16_t *val)
{
	const uint8_t *p;
	int rc = opt_exact(msg, code, 2, &p);

	if (!rc)
		*val = get16(p);
	return rc;
}

/**
 * dhcp_msg_opt_u32() - a big-endian 32-bit option (also IPv4 addresses)
 * @msg:  parsed message
 * @code: option code
 * @val:  out: value, host order
 *
 * Return: 0, -ENOENT if absent, -EINVAL if its length is not exactly 4.
 */
int dhcp_msg_opt_u32(const struct dhcp_msg *msg, uint8_t code, uint32_t *val)
{
	const uint8_t *p;
	int rc = opt_exact(msg, code, 4, &p);

	if (!rc)
		*val = get32(p);
	return rc;
}

/**
 * dhcp_msg_opt_str() - copy an option as a printable C string
 * @msg:  parsed message
 * @code: option code
 * @buf:  out: NUL-terminated copy; bytes outside 0x20..0x7e become '?';
 *        trailing NULs of the option are dropped
 * @size: size of @buf (truncates; 0 gives NULL)
 *
 * Return: @buf, or NULL if the option is absent (@buf is then "").
 */
const char *dhcp_msg_opt_str(const struct dhcp_msg *msg, uint8_t code, char *buf, size_t size)
{
	const uint8_t *p;
	size_t len, i;

	if (!size)
		return NULL;
	buf[0] = '\0';
	p = dhcp_msg_opt(msg, code, &len);
	if (!p)
		return NULL;
	while (len && p[len - 1] == '\0')
		len--;
	for (i = 0; i < len && i + 1 < size; i++)
		buf[i] = (p[i] >= 0x20 && p[i] < 0x7f) ? (char)p[i] : '?';
	buf[i] = '\0';
	return buf;
}
