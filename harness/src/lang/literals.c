/* literals.c - text to value: numbers, IPv4, MAC, CIDR, durations, percents, IQNs */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "lang/parse.h"

/** SCN_MAX_DURATION_NS - one week: longer is surely a typo */
#define SCN_MAX_DURATION_NS (7ULL * 24 * 3600 * SCN_NS_PER_SEC)

/**
 * scn_parse_u64() - parse a decimal (or 0x hex) unsigned number
 * @s:   text
 * @max: largest value allowed
 * @out: out: the value
 *
 * Return: 0, -EINVAL if not a number, -ERANGE if above @max.
 */
int scn_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;
	int d, over = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		d = base == 16 ? pxl_hex_digit((unsigned char)*s) :
		    (isdigit((unsigned char)*s) ? *s - '0' : -1);
		if (d < 0)
			return -EINVAL;
		if (v > (UINT64_MAX - (unsigned)d) / base)
			over = 1; /* keep scanning: a bad digit is -EINVAL */
		else
			v = v * base + (unsigned)d;
	}
	if (over || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/**
 * scn_parse_mac() - parse a client's MAC address "52:54:00:12:34:56" (or with '-')
 * @s:   text (the syntax is pxl_mac_parse()'s)
 * @mac: out: six bytes
 *
 * A scenario's client needs a unicast address of its own, so multicast
 * and all-zero addresses are refused here, apart from the syntax.
 *
 * Return: 0, -EINVAL if malformed, -EDOM if multicast or all zero.
 */
int scn_parse_mac(const char *s, uint8_t mac[6])
{
	if (pxl_mac_parse(s, mac))
		return -EINVAL;
	if ((mac[0] & 1) || !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
		return -EDOM;
	return 0;
}

/**
 * scn_parse_cidr() - parse "10.0.2.0/24"
 * @s:      text
 * @net:    out: network address
 * @prefix: out: prefix length
 *
 * Return: 0, -EINVAL if malformed, -ERANGE if the prefix is not 1-30,
 * -EDOM if host bits are set (@net and @prefix are still filled).
 */
int scn_parse_cidr(const char *s, uint32_t *net, unsigned *prefix)
{
	char ip[16];
	const char *slash = strchr(s, '/');
	uint64_t len;
	uint32_t mask;
	int rc;

	if (!slash || (size_t)(slash - s) >= sizeof(ip))
		return -EINVAL;
	memcpy(ip, s, (size_t)(slash - s));
	ip[slash - s] = 0;
	if (pxl_ip_parse(ip, net) || !isdigit((unsigned char)slash[1]))
		return -EINVAL;
	rc = scn_parse_u64(slash + 1, 32, &len);
	if (rc == -EINVAL || (slash[1] == '0' && slash[2]))
		return -EINVAL;
	if (rc || len < 1 || len > 30)
		return -ERANGE;
	*prefix = (unsigned)len;
	mask = ~0u << (32 - len);
	if (*net & ~mask) {
		*net &= mask;
		return -EDOM;
	}
	return 0;
}

/**
 * struct scaled_unit - a unit suffix and what one of it is worth
 * @unit: suffix, written right after the digits ("ms", "MB/s")
 * @mul:  its worth in the base unit
 */
struct scaled_unit {
	const char *unit;
	uint64_t mul;
};

/**
 * parse_scaled() - a whole number followed by one of @units, in the base unit
 * @s:     text
 * @units: the suffixes accepted
 * @n:     how many
 * @limit: largest value accepted, in the base unit
 * @out:   out: the value
 *
 * Return: 0, -EINVAL if malformed, -ERANGE past @limit.
 */
static int parse_scaled(const char *s, const struct scaled_unit *units, size_t n, uint64_t limit,
			uint64_t *out)
{
	char num[24];
	size_t i, d = strspn(s, "0123456789");
	uint64_t v;

	if (!d || d >= sizeof(num))
		return d ? -ERANGE : -EINVAL;
	memcpy(num, s, d);
	num[d] = 0;
	for (i = 0; i < n; i++) {
		if (strcmp(s + d, units[i].unit))
			continue;
		if (scn_parse_u64(num, limit / units[i].mul, &v))
			return -ERANGE;
		*out = v * units[i].mul;
		return 0;
	}
	return -EINVAL;
}

/**
 * scn_parse_duration() - parse "500ms", "30s", "2m", "1h"
 * @s:  text
 * @ns: out: nanoseconds
 *
 * Return: 0, -EINVAL if malformed, -ERANGE if longer than a week.
 */
int scn_parse_duration(const char *s, uint64_t *ns)
{
	static const struct scaled_unit units[] = {
		{ "ms", 1000000ULL },
		{ "s", SCN_NS_PER_SEC },
		{ "m", 60 * SCN_NS_PER_SEC },
		{ "h", 3600 * SCN_NS_PER_SEC },
	};

	return parse_scaled(s, units, ARRAY_SIZE(units), SCN_MAX_DURATION_NS, ns);
}

/**
 * scn_parse_rate() - parse a throughput: "1000000B/s", "500kB/s", "1MB/s", "2MiB/s"
 * @s:   text: whole number and unit (k, M, G: powers of 1000; Ki, Mi, Gi: of 1024)
 * @bps: out: bytes per second
 *
 * Return: 0, -EINVAL if malformed, -ERANGE if it does not fit 64 bits.
 */
int scn_parse_rate(const char *s, uint64_t *bps)
{
	static const struct scaled_unit units[] = {
		{ "B/s", 1 }, { "kB/s", 1000 }, { "KB/s", 1000 }, { "MB/s", 1000000 },
		{ "GB/s", 1000000000 }, { "KiB/s", 1ULL << 10 }, { "MiB/s", 1ULL << 20 }, { "GiB/s", 1ULL << 30 },
	};

	return parse_scaled(s, units, ARRAY_SIZE(units), UINT64_MAX, bps);
}

/**
 * scn_parse_percent() - parse "10%" or "0.5%" into parts per million
 * @s:   text (up to 4 decimals)
 * @ppm: out: 0 - 1000000
 *
 * Return: 0, -EINVAL if malformed, -ERANGE if above 100%.
 */
int scn_parse_percent(const char *s, uint32_t *ppm)
{
	uint64_t whole = 0, frac = 0, scale = 10000;
	size_t d = strspn(s, "0123456789"), f = 0;

	if (!d || d > 3)
		return d ? -ERANGE : -EINVAL;
	while (d--)
		whole = whole * 10 + (uint64_t)(*s++ - '0');
	if (*s == '.') {
		s++;
		f = strspn(s, "0123456789");
		if (!f || f > 4)
			return -EINVAL;
		while (f--) {
			scale /= 10;
			frac += (uint64_t)(*s++ - '0') * scale;
		}
	}
	if (strcmp(s, "%"))
		return -EINVAL;
	if (whole * 10000 + frac > 1000000)
		return -ERANGE;
	*ppm = (uint32_t)(whole * 10000 + frac);
	return 0;
}

/**
 * check_hex_name() - validate "eui.<16 hex>" / "naa.<16 or 32 hex>"
 * @s:    text after the 4-character prefix
 * @len1: one allowed length
 * @len2: another allowed length
 *
 * Return: 0 or -EINVAL.
 */
static int check_hex_name(const char *s, size_t len1, size_t len2)
{
	size_t n = strlen(s), i;

	if (n != len1 && n != len2)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (pxl_hex_digit((unsigned char)s[i]) < 0)
			return -EINVAL;
	return 0;
}

/**
 * scn_check_iqn() - validate an iSCSI name (RFC 3720 3.2.6.3)
 * @s: "iqn.2026-11.org.pxelab:boot", "eui.02004567A425678D" or "naa.<hex>"
 *
 * IQNs use lower-case letters, digits, '.', '-' and ':' after a
 * "iqn.YYYY-MM." date; at most 223 bytes.
 *
 * Return: 0 or -EINVAL.
 */
int scn_check_iqn(const char *s)
{
	size_t i, n = strlen(s);

	if (n > 223)
		return -EINVAL;
	if (!strncmp(s, "eui.", 4))
		return check_hex_name(s + 4, 16, 16);
	if (!strncmp(s, "naa.", 4))
		return check_hex_name(s + 4, 16, 32);
	if (strncmp(s, "iqn.", 4) || n < 13)
		return -EINVAL;
	for (i = 4; i < 11; i++)
		if (i == 8 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return -EINVAL;
	if ((s[9] - '0') * 10 + (s[10] - '0') < 1 ||
	    (s[9] - '0') * 10 + (s[10] - '0') > 12 || s[11] != '.')
		return -EINVAL;
	for (i = 12; i < n; i++)
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && !strchr(".-:", s[i]))
			return -EINVAL;
	return 0;
}

/**
 * scn_check_name() - validate a name (scenario, client, variable, rule)
 * @s: text: a letter, digit or '_' then letters, digits, '.', '_' or '-'
 *
 * Return: 0, -EINVAL if a character is not allowed, -ERANGE if too long.
 */
int scn_check_name(const char *s)
{
	size_t i;

	if (!isalnum((unsigned char)s[0]) && s[0] != '_')
		return -EINVAL;
	for (i = 1; s[i]; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			return -EINVAL;
	return i > SCN_MAX_NAME ? -ERANGE : 0;
}

/**
 * scn_fmt_duration() - format a duration in its largest exact unit
 * @ns:  nanoseconds (a multiple of 1 ms)
 * @buf: out: "1h", "2m", "30s", "500ms"
 * @len: size of @buf
 */
void scn_fmt_duration(uint64_t ns, char *buf, size_t len)
{
	const uint64_t s = SCN_NS_PER_SEC;

	if (ns && ns % (3600 * s) == 0)
		snprintf(buf, len, "%lluh", (unsigned long long)(ns / (3600 * s)));
	else if (ns && ns % (60 * s) == 0)
		snprintf(buf, len, "%llum", (unsigned long long)(ns / (60 * s)));
	else if (ns % s == 0)
		snprintf(buf, len, "%llus", (unsigned long long)(ns / s));
	else
		snprintf(buf, len, "%llums", (unsigned long long)(ns / 1000000));
}

/**
 * scn_fmt_percent() - format parts per million as a percentage
 * @ppm: 0 - 1000000
 * @buf: out: "10%", "0.5%"
 * @len: size of @buf
 */
void scn_fmt_percent(uint32_t ppm, char *buf, size_t len)
{
	unsigned frac = ppm % 10000;
	int digits = 4;

	if (!frac) {
		snprintf(buf, len, "%u%%", ppm / 10000);
		return;
	}
	while (frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	snprintf(buf, len, "%u.%0*u%%", ppm / 10000, digits, frac);
}
