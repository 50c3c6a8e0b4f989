/* tftp_pkt.c - bounds-checked TFTP packet parser (RFC 1350, 2347) and the names of codes */
#include "services/tftp/tftp_pkt.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"

/**
 * get16() - read a big-endian 16-bit number
 * @p: two readable bytes
 *
 * Return: the number in host order.
 */
static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

/**
 * take_str() - take one NUL-terminated string from a packet
 * @buf: packet
 * @len: packet length
 * @pos: in: offset of the string; out: offset just past its NUL
 *
 * Return: the string, or NULL if no NUL lies between *@pos and @len.
 */
static const char *take_str(const uint8_t *buf, size_t len, size_t *pos)
{
	const uint8_t *nul;
	const char *s;

	if (*pos >= len)
		return NULL;
	nul = memchr(buf + *pos, 0, len - *pos);
	if (!nul)
		return NULL;
	s = (const char *)buf + *pos;
	*pos = (size_t)(nul - buf) + 1;
	return s;
}

/**
 * all_zero() - whether the rest of a packet is NUL padding
 * @buf: packet
 * @len: packet length
 * @pos: first byte to look at
 *
 * Return: 1 if every byte from @pos to @len is zero.
 */
static int all_zero(const uint8_t *buf, size_t len, size_t pos)
{
	for (; pos < len; pos++)
		if (buf[pos])
			return 0;
	return 1;
}

/**
 * fail() - record why a packet did not parse
 * @pkt:  the packet being parsed
 * @perr: the reason
 *
 * Return: -EBADMSG, for the caller to pass on.
 */
static int fail(struct tftp_pkt *pkt, enum tftp_perr perr)
{
	pkt->perr = perr;
	return -EBADMSG;
}

/**
 * parse_opts() - parse "name\0value\0" pairs up to the end of a packet
 * @buf: packet
 * @len: packet length
 * @pos: offset of the first option
 * @pkt: where options go
 *
 * Trailing NUL padding after the last pair is tolerated (some firmware pads
 * its requests); anything else must be a complete pair.
 *
 * Return: 0 or -EBADMSG with @pkt->perr set.
 */
static int parse_opts(const uint8_t *buf, size_t len, size_t pos, struct tftp_pkt *pkt)
{
	while (pos < len) {
		struct tftp_opt opt;

		if (buf[pos] == 0) {
			if (all_zero(buf, len, pos))
				return 0;
			return fail(pkt, TFTP_PERR_OPT_EMPTY);
		}
		opt.name = take_str(buf, len, &pos);
		if (!opt.name)
			return fail(pkt, TFTP_PERR_OPT_UNTERM);
		if (pos >= len)
			return fail(pkt, TFTP_PERR_OPT_NOVALUE);
		opt.value = take_str(buf, len, &pos);
		if (!opt.value)
			return fail(pkt, TFTP_PERR_OPT_UNTERM);
		if (pkt->n_opts >= TFTP_MAX_OPTS)
			return fail(pkt, TFTP_PERR_TOO_MANY);
		pkt->opts[pkt->n_opts++] = opt;
	}
	return 0;
}

/**
 * later_mode() - whether a known mode string follows in the packet
 * @buf: packet
 * @len: packet length
 * @pos: offset just past the (unknown) mode string
 *
 * "name\0junk\0octet\0" is a file name with a NUL inside it, not a request
 * with mode "junk": that is how NUL injection ("ok.txt\0../secret") looks.
 *
 * Return: 1 if one of the following strings is a known mode.
 */
static int later_mode(const uint8_t *buf, size_t len, size_t pos)
{
	const char *s;

	while ((s = take_str(buf, len, &pos)) != NULL)
		if (tftp_mode_known(s))
			return 1;
	return 0;
}

/**
 * parse_request() - parse the body of an RRQ or WRQ
 * @buf: packet
 * @len: packet length
 * @pkt: result
 *
 * Return: 0 or -EBADMSG with @pkt->perr set.
 */
static int parse_request(const uint8_t *buf, size_t len, struct tftp_pkt *pkt)
{
	size_t pos = 2;

	pkt->filename = take_str(buf, len, &pos);
	if (!pkt->filename)
		return fail(pkt, TFTP_PERR_NO_NAME);
	pkt->mode = take_str(buf, len, &pos);
	if (!pkt->mode)
		return fail(pkt, TFTP_PERR_NO_MODE);
	if (!tftp_mode_known(pkt->mode) && later_mode(buf, len, pos))
		return fail(pkt, TFTP_PERR_NUL_IN_NAME);
	return parse_opts(buf, len, pos, pkt);
}

/**
 * parse_block() - parse the body of a DATA or ACK
 * @buf: packet
 * @len: packet length
 * @pkt: result
 *
 * An ACK's bytes after the block number are ignored.
 *
 * Return: 0 or -EBADMSG with @pkt->perr set.
 */
static int parse_block(const uint8_t *buf, size_t len, struct tftp_pkt *pkt)
{
	if (len < TFTP_HDR_LEN)
		return fail(pkt, TFTP_PERR_SHORT);
	pkt->block = get16(buf + 2);
	if (pkt->opcode == TFTP_DATA) {
		pkt->data = buf + TFTP_HDR_LEN;
		pkt->data_len = len - TFTP_HDR_LEN;
	}
	return 0;
}

/**
 * parse_error() - parse the body of an ERROR
 * @buf: packet
 * @len: packet length
 * @pkt: result
 *
 * The message is copied up to its NUL or the end of the packet (a missing
 * terminator is tolerated: the peer is going away anyway), with anything
 * outside printable ASCII replaced by '?'.
 *
 * Return: 0 or -EBADMSG with @pkt->perr set.
 */
static int parse_error(const uint8_t *buf, size_t len, struct tftp_pkt *pkt)
{
	size_t i, n = 0;

	if (len < 4)
		return fail(pkt, TFTP_PERR_SHORT);
	pkt->err_code = get16(buf + 2);
	for (i = 4; i < len && buf[i] && n < TFTP_MSG_MAX - 1; i++)
		pkt->err_msg[n++] = (buf[i] >= 0x20 && buf[i] < 0x7f) ? (char)buf[i] : '?';
	pkt->err_msg[n] = '\0';
	return 0;
}

/**
 * parse_oack() - parse the body of an OACK
 * @buf: packet
 * @len: packet length
 * @pkt: result
 *
 * Return: 0 or -EBADMSG with @pkt->perr set.
 */
static int parse_oack(const uint8_t *buf, size_t len, struct tftp_pkt *pkt)
{
	return parse_opts(buf, len, 2, pkt);
}

/**
 * struct tftp_op_desc - one opcode: its name and body parser
 * @opcode: the opcode
 * @name:   its name in summaries
 * @parse:  parser of the bytes after the opcode
 */
struct tftp_op_desc {
	uint16_t opcode;
	const char *name;
	int (*parse)(const uint8_t *buf, size_t len, struct tftp_pkt *pkt);
};

static const struct tftp_op_desc tftp_ops[] = {
	{ TFTP_RRQ,   "RRQ",   parse_request },
	{ TFTP_WRQ,   "WRQ",   parse_request },
	{ TFTP_DATA,  "DATA",  parse_block },
	{ TFTP_ACK,   "ACK",   parse_block },
	{ TFTP_ERROR, "ERROR", parse_error },
	{ TFTP_OACK,  "OACK",  parse_oack },
};

/**
 * op_desc() - look an opcode up in the opcode table
 * @opcode: the opcode
 *
 * Return: its descriptor or NULL.
 */
static const struct tftp_op_desc *op_desc(uint16_t opcode)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tftp_ops); i++)
		if (tftp_ops[i].opcode == opcode)
			return &tftp_ops[i];
	return NULL;
}

/**
 * tftp_pkt_parse() - parse one TFTP packet
 * @buf: UDP payload (untrusted)
 * @len: its length
 * @pkt: result; strings point into @buf
 *
 * On failure @pkt->perr says why and @pkt->opcode holds the opcode if the
 * packet was long enough to carry one (0 otherwise).
 *
 * Return: 0, -EINVAL for NULL arguments, or -EBADMSG for a malformed packet.
 */
int tftp_pkt_parse(const uint8_t *buf, size_t len, struct tftp_pkt *pkt)
{
	const struct tftp_op_desc *d;

	if (!pkt || (!buf && len))
		return -EINVAL;
	memset(pkt, 0, sizeof(*pkt));
	if (len < 2)
		return fail(pkt, TFTP_PERR_SHORT);
	pkt->opcode = get16(buf);
	d = op_desc(pkt->opcode);
	if (!d)
		return fail(pkt, TFTP_PERR_OPCODE);
	return d->parse(buf, len, pkt);
}

/**
 * tftp_perr_str() - describe a parse failure
 * @perr: the reason
 *
 * Return: a static string (also usable as a drop-reason key).
 */
const char *tftp_perr_str(enum tftp_perr perr)
{
	static const char *const names[TFTP_PERR_COUNT] = {
		[TFTP_PERR_NONE] = "ok",
		[TFTP_PERR_SHORT] = "short packet",
		[TFTP_PERR_OPCODE] = "unknown opcode",
		[TFTP_PERR_NO_NAME] = "unterminated file name",
		[TFTP_PERR_NO_MODE] = "missing or unterminated mode",
		[TFTP_PERR_NUL_IN_NAME] = "NUL inside file name",
		[TFTP_PERR_OPT_UNTERM] = "unterminated option",
		[TFTP_PERR_OPT_NOVALUE] = "option without value",
		[TFTP_PERR_OPT_EMPTY] = "empty option name",
		[TFTP_PERR_TOO_MANY] = "too many options",
	};

	if ((unsigned int)perr >= TFTP_PERR_COUNT)
		return "unknown";
	return names[perr];
}

/**
 * tftp_opcode_name() - name an opcode
 * @opcode: the opcode
 *
 * Return: "RRQ" ... "OACK", or "OP?" for anything else.
 */
const char *tftp_opcode_name(uint16_t opcode)
{
	const struct tftp_op_desc *d = op_desc(opcode);

	return d ? d->name : "OP?";
}

/**
 * tftp_error_name() - the RFC's text for an error code
 * @code: the error code
 *
 * Return: a static string.
 */
const char *tftp_error_name(uint16_t code)
{
	static const char *const names[] = {
		"not defined", "file not found", "access violation",
		"disk full", "illegal operation", "unknown transfer ID",
		"file already exists", "no such user", "option negotiation failed",
	};

	if (code >= ARRAY_SIZE(names))
		return "unknown error";
	return names[code];
}

/**
 * tftp_mode_known() - whether a mode string is one RFC 1350 defines
 * @mode: the mode as sent (case does not matter)
 *
 * Return: 1 for "netascii", "octet" or "mail", else 0.
 */
int tftp_mode_known(const char *mode)
{
	return mode && (!strcasecmp(mode, "netascii") || !strcasecmp(mode, "octet") ||
			!strcasecmp(mode, "mail"));
}

/**
 * tftp_opt_get() - find an option's value by name (case-insensitive)
 * @pkt:  a parsed request or OACK
 * @name: option name
 *
 * Return: the value of the first option so named, or NULL.
 */
const char *tftp_opt_get(const struct tftp_pkt *pkt, const char *name)
{
	unsigned int i;

	for (i = 0; i < pkt->n_opts; i++)
		if (!strcasecmp(pkt->opts[i].name, name))
			return pkt->opts[i].value;
	return NULL;
}

/**
 * tftp_path_errcode() - the TFTP error code for a resolution failure
 * @err: negative errno from pxl_root_open/create() (core/root_path.h)
 *
 * Absent names (ENOENT, and ENOTDIR: a file used as a directory) are
 * "file not found"; an existing upload target is "file already exists";
 * everything else is a refusal: "access violation".
 *
 * Return: a TFTP error code.
 */
uint16_t tftp_path_errcode(int err)
{
	switch (err) {
	case -ENOENT:
	case -ENOTDIR:
		return TFTP_ENOTFOUND;
	case -EEXIST:
		return TFTP_EEXISTS;
	case -ENOSPC:
	case -EDQUOT:
		return TFTP_ENOSPACE;
	default:
		return TFTP_EACCESS;
	}
}
