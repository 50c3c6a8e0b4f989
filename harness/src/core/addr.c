/* addr.c - IPv4, IPv6 and MAC addresses as text: the one parser and formatter of each */
#include <arpa/inet.h>
#include <sys/socket.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/addr.h"
#include "core/util.h"

/**
 * ip_part() - one number of a dotted quad: 1 to 3 decimal digits, at most 255
 * @s:   text position, advanced past the digits
 * @out: out: the number
 *
 * Leading zeros are allowed ("010" is 10), signs and spaces are not.
 *
 * Return: 0 or -EINVAL.
 */
static int ip_part(const char **s, unsigned *out)
{
	const char *p = *s;
	unsigned v = 0;

	while (*p >= '0' && *p <= '9') {
		if (p - *s == 3)
			return -EINVAL;
		v = v * 10 + (unsigned)(*p++ - '0');
	}
	if (p == *s || v > 255)
		return -EINVAL;
	*s = p;
	*out = v;
	return 0;
}

/**
 * pxl_ip_parse() - parse a dotted-quad IPv4 address such as "10.0.2.15"
 * @s:    text (NULL is refused)
 * @addr: out: the address in host byte order (untouched on failure)
 *
 * Exactly four parts of 1 to 3 decimal digits, each at most 255, separated
 * by single dots, with nothing before or after: no spaces, signs, hex or
 * shortened forms ("10.1" or "10.0.0.1.").
 *
 * Return: 0 or -EINVAL.
 */
int pxl_ip_parse(const char *s, uint32_t *addr)
{
	uint32_t a = 0;
	unsigned v;
	int i;

	if (!s || !addr)
		return -EINVAL;
	for (i = 0; i < 4; i++) {
		if (i && *s++ != '.')
			return -EINVAL;
		if (ip_part(&s, &v))
			return -EINVAL;
		a = a << 8 | v;
	}
	if (*s)
		return -EINVAL;
	*addr = a;
	return 0;
}

/**
 * pxl_ip_str() - format a host-order IPv4 address as a dotted quad
 * @addr: address
 * @buf:  out: PXL_IP_STR bytes
 *
 * Return: @buf.
 */
const char *pxl_ip_str(uint32_t addr, char buf[PXL_IP_STR])
{
	char *o = buf;
	int shift;

	/* by hand: snprintf() cost more than the rest of a scenario dump */
	for (shift = 24; shift >= 0; shift -= 8) {
		unsigned v = (addr >> shift) & 255;

		if (v >= 100)
			*o++ = (char)('0' + v / 100);
		if (v >= 10)
			*o++ = (char)('0' + v / 10 % 10);
		*o++ = (char)('0' + v % 10);
		*o++ = shift ? '.' : '\0';
	}
	return buf;
}

/**
 * pxl_mac_parse() - parse a MAC address "52:54:00:12:34:56" (or "52-54-00-12-34-56")
 * @s:   text (NULL is refused)
 * @mac: out: six bytes (untouched on failure)
 *
 * Six pairs of hexadecimal digits in either case, separated by ':' or by
 * '-' (the same one throughout), with nothing before or after.  Any
 * address is accepted: whether a multicast one makes sense is the caller's
 * call.
 *
 * Return: 0 or -EINVAL.
 */
int pxl_mac_parse(const char *s, uint8_t mac[PXL_MAC_LEN])
{
	uint8_t m[PXL_MAC_LEN];
	char sep = 0;
	int i, hi, lo;

	if (!s || !mac)
		return -EINVAL;
	for (i = 0; i < PXL_MAC_LEN; i++, s += 2) {
		if (i && !sep && (*s == ':' || *s == '-'))
			sep = *s;
		if (i && (!sep || *s++ != sep))
			return -EINVAL;
		hi = pxl_hex_digit(s[0]);
		lo = hi < 0 ? -1 : pxl_hex_digit(s[1]);
		if (lo < 0)
			return -EINVAL;
		m[i] = (uint8_t)(hi << 4 | lo);
	}
	if (*s)
		return -EINVAL;
	memcpy(mac, m, sizeof(m));
	return 0;
}

/**
 * pxl_mac_str() - format a MAC address in lower case with ':'
 * @mac: six bytes
 * @buf: out: PXL_MAC_STR bytes, "52:54:00:12:34:56"
 *
 * Return: @buf.
 */
const char *pxl_mac_str(const uint8_t *mac, char buf[PXL_MAC_STR])
{
	snprintf(buf, PXL_MAC_STR, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5]);
	return buf;
}

/**
 * pxl_ip6_parse() - parse an IPv6 address in RFC 4291 text ("fd00::5")
 * @s:    text (no brackets, no zone, no prefix length)
 * @addr: out: 16 bytes, network order
 *
 * Return: 0 or -EINVAL.
 */
int pxl_ip6_parse(const char *s, uint8_t addr[16])
{
	return inet_pton(AF_INET6, s, addr) == 1 ? 0 : -EINVAL;
}

/**
 * pxl_ip6_str() - format an IPv6 address in RFC 5952 form ("fd00::5")
 * @addr: 16 bytes, network order
 * @buf:  out
 *
 * Return: @buf.
 */
const char *pxl_ip6_str(const uint8_t addr[16], char buf[PXL_IP6_STR])
{
	if (!inet_ntop(AF_INET6, addr, buf, PXL_IP6_STR))
		snprintf(buf, PXL_IP6_STR, "?");
	return buf;
}
