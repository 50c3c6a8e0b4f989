/* tftp_opts.c - TFTP option negotiation (RFC 2347 blksize 2348, tsize/timeout 2349, windowsize 7440) */
#include "services/tftp/tftp_opts.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"

/**
 * parse_num() - parse a plain decimal option value, saturating
 * @s: the value
 * @v: out: the number, or UINT64_MAX if it does not fit
 *
 * Return: 0, or -EINVAL if @s is empty or has a non-digit.
 */
static int parse_num(const char *s, uint64_t *v)
{
	uint64_t n = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		if (n > (UINT64_MAX - 9) / 10)
			n = UINT64_MAX;
		else
			n = n * 10 + (uint64_t)(*s - '0');
	}
	*v = n;
	return 0;
}

/**
 * nego_fail() - record a negotiation failure
 * @out:  negotiation result
 * @code: TFTP error code
 * @fmt:  message format
 *
 * Return: -EINVAL.
 */
__attribute__((format(printf, 3, 4)))
static int nego_fail(struct tftp_nego *out, uint16_t code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out->why, sizeof(out->why), fmt, ap);
	va_end(ap);
	out->err_code = code;
	return -EINVAL;
}

/**
 * numeric() - parse an option value or fail negotiation naming it
 * @out:  negotiation result
 * @name: option name (for the message)
 * @val:  the value
 * @v:    out: the number
 *
 * Return: 0 or -EINVAL.
 */
static int numeric(struct tftp_nego *out, const char *name, const char *val, uint64_t *v)
{
	if (parse_num(val, v))
		return nego_fail(out, TFTP_EOPTNEG, "%s: not a number", name);
	return 0;
}

/**
 * opt_blksize() - RFC 2348 block size
 * @in:  limits
 * @val: client's value
 * @out: result; *@ack the value to acknowledge
 * @ack: out: acknowledged value
 *
 * Return: 1 (acknowledge) or -EINVAL.
 */
static int opt_blksize(const struct tftp_nego_in *in, const char *val, struct tftp_nego *out,
		       uint64_t *ack)
{
	uint64_t v;

	if (numeric(out, "blksize", val, &v))
		return -EINVAL;
	if (v < TFTP_BLKSIZE_MIN)
		return nego_fail(out, TFTP_EOPTNEG, "blksize %" PRIu64 " below %d", v,
				 TFTP_BLKSIZE_MIN);
	out->blksize = (uint16_t)(v < in->max_blksize ? v : in->max_blksize);
	*ack = out->blksize;
	return 1;
}

/**
 * opt_tsize() - RFC 2349 transfer size
 * @in:  limits
 * @val: client's value
 * @out: result
 * @ack: out: acknowledged value
 *
 * Return: 1 (acknowledge), 0 (leave out: empty file) or -EINVAL.
 */
static int opt_tsize(const struct tftp_nego_in *in, const char *val, struct tftp_nego *out,
		     uint64_t *ack)
{
	uint64_t v;

	if (numeric(out, "tsize", val, &v))
		return -EINVAL;
	if (in->is_write && v > in->max_upload)
		return nego_fail(out, TFTP_ENOSPACE, "tsize %" PRIu64 " above upload limit %" PRIu64,
				 v, in->max_upload);
	/* an empty file: leave tsize out of the OACK (RFC 2349 lets the server
	 * decline); curl 7.88 rejects "tsize 0" and aborts the transfer */
	if (!in->is_write && in->size == 0)
		return 0;
	out->has_tsize = 1;
	out->tsize = in->is_write ? v : in->size;
	*ack = out->tsize;
	return 1;
}

/**
 * opt_timeout() - RFC 2349 retransmission timeout
 * @in:  limits
 * @val: client's value
 * @out: result
 * @ack: out: acknowledged value
 *
 * Return: 1 (acknowledge) or -EINVAL.
 */
static int opt_timeout(const struct tftp_nego_in *in, const char *val, struct tftp_nego *out,
		       uint64_t *ack)
{
	uint64_t v;

	if (numeric(out, "timeout", val, &v))
		return -EINVAL;
	if (v < 1 || v > 255)
		return nego_fail(out, TFTP_EOPTNEG, "timeout %" PRIu64 " outside 1..255", v);
	out->timeout_s = (uint16_t)v;
	*ack = v;
	return 1;
}

/**
 * opt_windowsize() - RFC 7440 window size (reads only)
 * @in:  limits
 * @val: client's value
 * @out: result
 * @ack: out: acknowledged value
 *
 * Return: 1 (acknowledge), 0 (ignored on a write) or -EINVAL.
 */
static int opt_windowsize(const struct tftp_nego_in *in, const char *val,
			  struct tftp_nego *out, uint64_t *ack)
{
	uint64_t v;

	if (in->is_write)
		return 0;
	if (numeric(out, "windowsize", val, &v))
		return -EINVAL;
	if (v < 1)
		return nego_fail(out, TFTP_EOPTNEG, "windowsize 0");
	out->windowsize = (uint16_t)(v < in->max_windowsize ? v : in->max_windowsize);
	*ack = out->windowsize;
	return 1;
}

/**
 * struct opt_handler - one known option
 * @name: its name (lower case, as put in the OACK)
 * @fn:   checks the client's value; returns 1 to acknowledge (with *ack),
 *        0 to ignore, or -EINVAL with the failure recorded in @out
 */
struct opt_handler {
	const char *name;
	int (*fn)(const struct tftp_nego_in *in, const char *val, struct tftp_nego *out,
		  uint64_t *ack);
};

static const struct opt_handler opt_handlers[] = {
	{ "blksize", opt_blksize },
	{ "tsize", opt_tsize },
	{ "timeout", opt_timeout },
	{ "windowsize", opt_windowsize },
};

#define N_HANDLERS (ARRAY_SIZE(opt_handlers))

/**
 * find_handler() - look an option name up (case-insensitive)
 * @name: option name from the request
 *
 * Return: index in opt_handlers, or -1 for an unknown option.
 */
static int find_handler(const char *name)
{
	size_t i;

	for (i = 0; i < N_HANDLERS; i++)
		if (!strcasecmp(opt_handlers[i].name, name))
			return (int)i;
	return -1;
}

/**
 * tftp_negotiate() - decide the options of a transfer
 * @req: the parsed RRQ or WRQ
 * @in:  limits and file facts
 * @out: agreed values and OACK contents (strings valid while @out lives)
 *
 * Return: 0, or -EINVAL with @out->err_code and @out->why set.
 */
int tftp_negotiate(const struct tftp_pkt *req, const struct tftp_nego_in *in,
		   struct tftp_nego *out)
{
	unsigned int i, seen = 0;

	memset(out, 0, sizeof(*out));
	out->blksize = TFTP_BLKSIZE_DEFAULT;
	out->windowsize = 1;
	for (i = 0; i < req->n_opts; i++) {
		int h = find_handler(req->opts[i].name);
		uint64_t ack = 0;
		int rc;

		if (h < 0 || (seen & (1u << h)))
			continue;
		seen |= 1u << h;
		rc = opt_handlers[h].fn(in, req->opts[i].value, out, &ack);
		if (rc < 0)
			return rc;
		if (rc == 0)
			continue;
		snprintf(out->vals[out->n_oack], sizeof(out->vals[0]), "%" PRIu64, ack);
		out->oack[out->n_oack].name = opt_handlers[h].name;
		out->oack[out->n_oack].value = out->vals[out->n_oack];
		out->n_oack++;
	}
	return 0;
}

/**
 * tftp_blksize_for_mtu() - the largest block that fits one IPv4 packet
 * @mtu: path MTU in bytes
 *
 * Return: @mtu minus IPv4 (20), UDP (8) and TFTP (4) headers, kept within
 * RFC 2348's 8..65464 (1468 for an MTU of 1500).
 */
uint16_t tftp_blksize_for_mtu(unsigned int mtu)
{
	if (mtu < 32 + TFTP_BLKSIZE_MIN)
		return TFTP_BLKSIZE_MIN;
	if (mtu - 32 > TFTP_BLKSIZE_MAX)
		return TFTP_BLKSIZE_MAX;
	return (uint16_t)(mtu - 32);
}
