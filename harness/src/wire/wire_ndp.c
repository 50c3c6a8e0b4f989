/* wire_ndp.c - ICMPv6 neighbour discovery on the wire: router advertisements (ra), RS, NS, NA (ndp)
 *
 * A router advertisement decides whether iPXE asks DHCPv6 at all (it does on
 * the managed or other flag only; field notes, section 3a), so each one is
 * an observation "ra advert" with its flags, router lifetime and prefixes.
 * RS, NS and NA are observations "ndp rs|ns|na" (logs and reports; no
 * expectation names them).  Options are read in 8-byte units: a length of
 * 0 or one past the end of the message makes the message malformed
 * (RFC 4861 4.6: such a packet must be discarded), as does a fixed part
 * shorter than the type needs.
 */

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "core/be.h"
#include "wire/wire_priv.h"

#define ICMP6_RS 133
#define ICMP6_RA 134
#define ICMP6_NS 135
#define ICMP6_NA 136
#define ND_OPT_SLLA 1
#define ND_OPT_TLLA 2
#define ND_OPT_PREFIX 3
#define ND_OPT_MTU 5
#define ND_OPT_PREFIX_LEN 32   /* whole option, bytes */
#define RA_M 0x80
#define RA_O 0x40
#define PI_L 0x80
#define PI_A 0x40

/**
 * struct nd_type - what one ICMPv6 type is to the observer
 * @type:  ICMPv6 type
 * @fixed: bytes before the options (type, code, checksum included)
 * @proto: observation protocol
 * @verb:  observation verb
 * @name:  in summaries
 */
struct nd_type {
	uint8_t type;
	size_t fixed;
	const char *proto, *verb, *name;
};

static const struct nd_type nd_types[] = {
	{ ICMP6_RS, 8, "ndp", "rs", "RS" },
	{ ICMP6_RA, 16, "ra", "advert", "RA" },
	{ ICMP6_NS, 24, "ndp", "ns", "NS" },
	{ ICMP6_NA, 24, "ndp", "na", "NA" },
};

/**
 * nd_opts_check() - every option fits and has a non-zero length
 * @opt: options area
 * @len: its length
 *
 * Return: NULL, or why the message is malformed.
 */
static const char *nd_opts_check(const uint8_t *opt, size_t len)
{
	size_t off = 0, olen;

	while (off < len) {
		if (len - off < 2)
			return "icmpv6: option truncated";
		olen = (size_t)opt[off + 1] * 8;
		if (!olen)
			return "icmpv6: option length 0";
		if (olen > len - off)
			return "icmpv6: option past end";
		off += olen;
	}
	return NULL;
}

/**
 * nd_prefix() - add the fields of a prefix information option
 * @o:     observation
 * @d:     the option (ND_OPT_PREFIX_LEN bytes)
 * @first: it is the first one (the per-prefix details are kept for it only)
 */
static void nd_prefix(struct pxl_obs *o, const uint8_t *d, int first)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(AF_INET6, d + 16, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	wire_obs_addf(o, first ? "prefix" : "prefix-more", "%s/%u", a, d[2]);
	if (!first)
		return;
	wire_obs_add(o, "prefix-on-link", d[3] & PI_L ? "yes" : "no");
	wire_obs_add(o, "prefix-autonomous", d[3] & PI_A ? "yes" : "no");
	wire_obs_addf(o, "prefix-valid", "%u", pxl_get_be32(d + 4));
	wire_obs_addf(o, "prefix-preferred", "%u", pxl_get_be32(d + 8));
}

/**
 * nd_opts_fields() - add the fields of the options (checked by nd_opts_check())
 * @o:   observation
 * @opt: options area
 * @len: its length
 */
static void nd_opts_fields(struct pxl_obs *o, const uint8_t *opt, size_t len)
{
	size_t off = 0, olen;
	int prefixes = 0;

	for (; off < len; off += olen) {
		olen = (size_t)opt[off + 1] * 8;
		if ((opt[off] == ND_OPT_SLLA || opt[off] == ND_OPT_TLLA) && olen == 8)
			wire_obs_hex(o, opt[off] == ND_OPT_SLLA ? "source-mac" : "target-mac",
				     opt + off + 2, 6);
		else if (opt[off] == ND_OPT_PREFIX && olen == ND_OPT_PREFIX_LEN)
			nd_prefix(o, opt + off, !prefixes++);
		else if (opt[off] == ND_OPT_MTU && olen == 8)
			wire_obs_addf(o, "mtu", "%u", pxl_get_be32(opt + off + 4));
	}
}

/**
 * ra_fields() - a router advertisement's header fields; its summary
 * @o: observation
 * @m: the message (16 bytes at least)
 */
static void ra_fields(struct pxl_obs *o, const uint8_t *m)
{
	/* "managed" and "other" are present only when set: `expect ra managed` tests presence */
	if (m[5] & RA_M)
		wire_obs_add(o, "managed", "yes");
	if (m[5] & RA_O)
		wire_obs_add(o, "other", "yes");
	wire_obs_addf(o, "flags", "M=%u O=%u", !!(m[5] & RA_M), !!(m[5] & RA_O));
	wire_obs_addf(o, "router-lifetime", "%u", pxl_get_be16(m + 6));
	wire_obs_addf(o, "hop-limit", "%u", m[4]);
}

/**
 * nd_client() - tie an NDP observation to a client by MAC
 * @o:  observation
 * @p:  the frame
 * @to: the message goes to the client (RA): its unicast destination; else its sender
 */
static void nd_client(struct pxl_obs *o, const struct wire_pkt *p, int to)
{
	const uint8_t *mac = to ? p->f->dst_mac : p->f->src_mac;

	if (mac[0] & 1)	/* multicast: every client's */
		return;
	memcpy(o->mac, mac, 6);
	o->has_mac = 1;
}

/**
 * wire_icmp6_input() - observe an ICMPv6 message (checksum verified)
 * @w:  observer
 * @p:  the frame
 * @ip: the IPv6 packet; @ip->l4 is the ICMPv6 message
 */
void wire_icmp6_input(struct pxl_wire *w, const struct wire_pkt *p, const struct pxl_ip6 *ip)
{
	const struct nd_type *nd = NULL;
	char a[INET6_ADDRSTRLEN], line[PXL_OBS_SUMMARY];
	const char *why, *rest;
	struct pxl_obs *o;
	size_t i;

	for (i = 0; ip->l4_len && i < sizeof(nd_types) / sizeof(nd_types[0]); i++)
		if (nd_types[i].type == ip->l4[0])
			nd = &nd_types[i];
	if (!nd)
		return;	/* echo, MLD ...: not netboot's */
	why = ip->l4_len < nd->fixed ? "icmpv6: message truncated" :
	      nd_opts_check(ip->l4 + nd->fixed, ip->l4_len - nd->fixed);
	if (why) {
		wire_drop(w, why, 1);
		return;
	}
	o = wire_obs_begin(w, p, nd->proto, nd->verb,
			   nd->type == ICMP6_RA ? PXL_OBS_TO_CLIENT :
			   nd->type == ICMP6_RS ? PXL_OBS_FROM_CLIENT : PXL_OBS_DIR_NONE);
	nd_client(o, p, nd->type == ICMP6_RA);
	if (nd->type == ICMP6_RA)
		ra_fields(o, ip->l4);
	if (nd->type == ICMP6_NS || nd->type == ICMP6_NA) {
		inet_ntop(AF_INET6, ip->l4 + 8, a, sizeof(a));
		wire_obs_add(o, "target", a);
	}
	nd_opts_fields(o, ip->l4 + nd->fixed, ip->l4_len - nd->fixed);
	wire_obs_add(o, "src", inet_ntop(AF_INET6, ip->src, a, sizeof(a)) ? a : "?");
	wire_obs_add(o, "dst", inet_ntop(AF_INET6, ip->dst, a, sizeof(a)) ? a : "?");
	pxl_obs_format(o, line, sizeof(line));	/* "PROTO VERB mac=... k=v ...": the name replaces the first two */
	rest = line + strlen(nd->proto) + 1 + strlen(nd->verb);
	wire_obs_summary(o, "%s%s", nd->name, rest);
	wire_obs_emit(w, o);
}
