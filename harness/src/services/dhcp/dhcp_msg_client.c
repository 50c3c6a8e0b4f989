/* dhcp_msg_client.c - who sent a DHCP message: vendor/user class, arch, NDI, UUID, iPXE features, summary */
#include "services/dhcp/dhcp_msg.h"
#include "core/addr.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

/**
 * struct ipxe_feature - one iPXE feature announced inside option 175
 * @code: sub-option code
 * @name: short name used in rules and summaries
 */
struct ipxe_feature {
	uint8_t code;
	const char *name;
};

static const struct ipxe_feature ipxe_features[] = {
	{ 0x10, "pxeext" },   { 0x11, "iscsi" },    { 0x12, "aoe" },
	{ 0x13, "http" },     { 0x14, "https" },    { 0x15, "tftp" },
	{ 0x16, "ftp" },      { 0x17, "dns" },      { 0x18, "bzimage" },
	{ 0x19, "multiboot" }, { 0x1a, "slam" },    { 0x1b, "srp" },
	{ 0x20, "nbi" },      { 0x21, "pxe" },      { 0x22, "elf" },
	{ 0x23, "comboot" },  { 0x24, "efi" },      { 0x25, "fcoe" },
	{ 0x26, "vlan" },     { 0x27, "menu" },     { 0x28, "sdi" },
	{ 0x29, "nfs" },      { 0xeb, "version" },
};

#define N_FEATURES (ARRAY_SIZE(ipxe_features))

/**
 * dhcp_ipxe_feature_code() - feature code for a name ("iscsi" -> 0x11)
 * @name: feature name: pxeext iscsi aoe http https tftp ftp dns bzimage
 *        multiboot slam srp nbi pxe elf comboot efi fcoe vlan menu sdi nfs
 *        version
 *
 * Return: the code (1..254), or -ENOENT (also for a NULL @name).
 */
int dhcp_ipxe_feature_code(const char *name)
{
	size_t i;

	for (i = 0; name && i < N_FEATURES; i++)
		if (!strcmp(ipxe_features[i].name, name))
			return ipxe_features[i].code;
	return -ENOENT;
}

/**
 * dhcp_ipxe_feature_name() - name of a feature code
 * @code: sub-option code
 *
 * Return: static name, or NULL if not a known feature.
 */
const char *dhcp_ipxe_feature_name(uint8_t code)
{
	size_t i;

	for (i = 0; i < N_FEATURES; i++)
		if (ipxe_features[i].code == code)
			return ipxe_features[i].name;
	return NULL;
}

/**
 * dhcp_msg_vendor_prefix() - whether option 60 starts with @prefix
 * @msg:    parsed message
 * @prefix: C string (empty matches any present option 60)
 *
 * Return: 1 if option 60 is present and starts with @prefix, else 0.
 */
int dhcp_msg_vendor_prefix(const struct dhcp_msg *msg, const char *prefix)
{
	size_t len, plen = strlen(prefix);
	const uint8_t *p = dhcp_msg_opt(msg, DHCP_OPT_VENDOR_CLASS, &len);

	return p && len >= plen && !memcmp(p, prefix, plen);
}

/**
 * dhcp_msg_is_pxe() - whether the client says it is a PXE client
 * @msg: parsed message
 *
 * Return: 1 if option 60 starts with "PXEClient", else 0.
 */
int dhcp_msg_is_pxe(const struct dhcp_msg *msg)
{
	return dhcp_msg_vendor_prefix(msg, "PXEClient");
}

/**
 * dhcp_msg_is_http_client() - whether the client asks for UEFI HTTP Boot
 * @msg: parsed message
 *
 * Return: 1 if option 60 starts with "HTTPClient" (OVMF's HTTP Boot sends
 * "HTTPClient:Arch:00016:UNDI:003000"), else 0.
 */
int dhcp_msg_is_http_client(const struct dhcp_msg *msg)
{
	return dhcp_msg_vendor_prefix(msg, "HTTPClient");
}

/**
 * dhcp_msg_is_ipxe() - whether the client is iPXE
 * @msg: parsed message
 *
 * Return: 1 if a user class is "iPXE" or option 175 is present, else 0.
 */
int dhcp_msg_is_ipxe(const struct dhcp_msg *msg)
{
	return dhcp_msg_has_user_class(msg, "iPXE") || dhcp_msg_has_opt(msg, DHCP_OPT_IPXE);
}

/**
 * user_class_is_rfc3004() - whether option 77 is exactly a list of length-prefixed classes
 * @p:   option data
 * @len: its length
 *
 * Return: 1 or 0.
 */
static int user_class_is_rfc3004(const uint8_t *p, size_t len)
{
	size_t i = 0;

	if (!len)
		return 0;
	while (i < len) {
		if (!p[i])
			return 0;
		i += 1u + p[i];
	}
	return i == len;
}

/**
 * dhcp_msg_user_class() - the @idx-th user class of option 77
 * @msg: parsed message
 * @idx: index (0 first)
 * @len: out: length of the class
 *
 * Option 77 is read as RFC 3004 (a list of length-prefixed classes) when
 * its bytes form such a list exactly; otherwise (iPXE sends the plain
 * string "iPXE") the whole option is one class.
 * Return: pointer to the class bytes, or NULL past the last one (or when
 * option 77 is absent or empty).
 */
const uint8_t *dhcp_msg_user_class(const struct dhcp_msg *msg, size_t idx, size_t *len)
{
	size_t olen, i = 0;
	const uint8_t *p = dhcp_msg_opt(msg, DHCP_OPT_USER_CLASS, &olen);

	if (!p || !olen)
		return NULL;
	if (!user_class_is_rfc3004(p, olen)) {
		*len = olen;
		return idx == 0 ? p : NULL;
	}
	while (i < olen) {
		if (idx-- == 0) {
			*len = p[i];
			return p + i + 1;
		}
		i += 1u + p[i];
	}
	return NULL;
}

/**
 * dhcp_msg_has_user_class() - whether one user class equals @name exactly
 * @msg:  parsed message
 * @name: class name
 *
 * Return: 1 or 0.
 */
int dhcp_msg_has_user_class(const struct dhcp_msg *msg, const char *name)
{
	size_t i, len, nlen = strlen(name);
	const uint8_t *c;

	for (i = 0; (c = dhcp_msg_user_class(msg, i, &len)); i++)
		if (len == nlen && !memcmp(c, name, nlen))
			return 1;
	return 0;
}

/**
 * dhcp_msg_client_arch() - client system architecture (option 93, first entry)
 * @msg:  parsed message
 * @arch: out: 0 BIOS, 6 EFI IA32, 7 EFI x64 (RFC 4578 / IANA registry)
 *
 * Return: 0, -ENOENT if absent, -EINVAL if shorter than 2 or of odd length.
 */
int dhcp_msg_client_arch(const struct dhcp_msg *msg, uint16_t *arch)
{
	size_t len;
	const uint8_t *p = dhcp_msg_opt(msg, DHCP_OPT_CLIENT_ARCH, &len);

	if (!p)
		return -ENOENT;
	if (len < 2 || len % 2)
		return -EINVAL;
	*arch = (uint16_t)(p[0] << 8 | p[1]);
	return 0;
}

/**
 * dhcp_msg_client_ndi() - client network device interface (option 94)
 * @msg:   parsed message
 * @type:  out: interface type (1 = UNDI)
 * @major: out: major version
 * @minor: out: minor version
 *
 * Return: 0, -ENOENT if absent, -EINVAL if not 3 bytes.
 */
int dhcp_msg_client_ndi(const struct dhcp_msg *msg, uint8_t *type, uint8_t *major,
			uint8_t *minor)
{
	size_t len;
	const uint8_t *p = dhcp_msg_opt(msg, DHCP_OPT_CLIENT_NDI, &len);

	if (!p)
		return -ENOENT;
	if (len != 3)
		return -EINVAL;
	*type = p[0];
	*major = p[1];
	*minor = p[2];
	return 0;
}

/**
 * dhcp_msg_client_uuid() - client machine identifier (option 97)
 * @msg:  parsed message
 * @uuid: out: the 16 identifier bytes (after the type byte 0)
 *
 * Return: 0, -ENOENT if absent, -EINVAL if not 17 bytes of type 0.
 */
int dhcp_msg_client_uuid(const struct dhcp_msg *msg, uint8_t uuid[16])
{
	size_t len;
	const uint8_t *p = dhcp_msg_opt(msg, DHCP_OPT_UUID, &len);

	if (!p)
		return -ENOENT;
	if (len != 17 || p[0] != 0)
		return -EINVAL;
	memcpy(uuid, p + 1, 16);
	return 0;
}

/**
 * dhcp_msg_reply_max() - largest reply payload the client accepts
 * @msg: parsed request
 *
 * Option 57 counts the IPv4 and UDP headers; values under 576 (or none, or
 * a malformed one) count as 576.
 * Return: payload bytes, between 548 and DHCP_MSG_MAX_LEN.
 */
size_t dhcp_msg_reply_max(const struct dhcp_msg *msg)
{
	uint16_t v = 0;
	size_t max;

	if (dhcp_msg_opt_u16(msg, DHCP_OPT_MAX_SIZE, &v) || v < DHCP_MIN_MAX_SIZE)
		v = DHCP_MIN_MAX_SIZE;
	max = (size_t)v - DHCP_IP_UDP_HLEN;
	return max > DHCP_MSG_MAX_LEN ? DHCP_MSG_MAX_LEN : max;
}

/**
 * dhcp_msg_requested() - whether the client asked for @code in option 55
 * @msg:  parsed message
 * @code: option code
 *
 * Return: 1-based position in the parameter request list, 0 if not listed.
 */
size_t dhcp_msg_requested(const struct dhcp_msg *msg, uint8_t code)
{
	size_t len, i;
	const uint8_t *p = dhcp_msg_opt(msg, DHCP_OPT_PARAM_REQ, &len);

	for (i = 0; p && i < len; i++)
		if (p[i] == code)
			return i + 1;
	return 0;
}

/**
 * dhcp_msg_ipxe_opt() - an iPXE encapsulated option inside option 175
 * @msg: parsed message
 * @sub: sub-option code (e.g. 0x11 iSCSI, IPXE_OPT_VERSION)
 * @len: out: its length (may be NULL)
 *
 * Return: pointer to its data, or NULL if absent or option 175 is malformed
 * before it.
 */
const uint8_t *dhcp_msg_ipxe_opt(const struct dhcp_msg *msg, uint8_t sub, size_t *len)
{
	size_t olen, i = 0;
	const uint8_t *p = dhcp_msg_opt(msg, DHCP_OPT_IPXE, &olen);

	while (p && i < olen && p[i] != DHCP_OPT_END) {
		if (p[i] == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if (i + 2 > olen || i + 2 + p[i + 1] > olen)
			return NULL;
		if (p[i] == sub) {
			if (len)
				*len = p[i + 1];
			return p + i + 2;
		}
		i += 2u + p[i + 1];
	}
	return NULL;
}

/**
 * dhcp_msg_ipxe_feature() - whether iPXE announced a feature with a non-zero value
 * @msg:  parsed message
 * @code: feature code (see dhcp_ipxe_feature_code())
 *
 * Return: 1 or 0.
 */
int dhcp_msg_ipxe_feature(const struct dhcp_msg *msg, uint8_t code)
{
	size_t len, i;
	const uint8_t *p = dhcp_msg_ipxe_opt(msg, code, &len);

	for (i = 0; p && i < len; i++)
		if (p[i])
			return 1;
	return 0;
}

/**
 * ipxe_feature_map() - one pass over option 175: which codes carry a non-zero value
 * @msg: parsed message
 * @on:  out: on[code] is 1 when the first entry with that code has a non-zero byte
 *
 * The same answer as dhcp_msg_ipxe_feature() for every code (the walk
 * stops at the first malformed entry, as dhcp_msg_ipxe_opt() does).
 */
static void ipxe_feature_map(const struct dhcp_msg *msg, uint8_t on[256])
{
	uint8_t seen[256] = { 0 };
	size_t olen, i = 0, j;
	const uint8_t *p = dhcp_msg_opt(msg, DHCP_OPT_IPXE, &olen);

	memset(on, 0, 256);
	while (p && i < olen && p[i] != DHCP_OPT_END) {
		if (p[i] == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if (i + 2 > olen || i + 2 + p[i + 1] > olen)
			return;
		if (!seen[p[i]]) {
			seen[p[i]] = 1;
			for (j = 0; j < p[i + 1]; j++)
				on[p[i]] |= p[i + 2 + j] != 0;
		}
		i += 2u + p[i + 1];
	}
}

/**
 * dhcp_msg_ipxe_features() - render the announced iPXE features
 * @msg:  parsed message
 * @buf:  out: comma-separated names of the features with a non-zero value
 *        ("dns,elf,http,iscsi"), "" if none; unknown codes of the feature
 *        range 0x10..0x2f as "0xNN"; the version and other settings are
 *        left out
 * @size: size of @buf (truncates at a name)
 *
 * Return: @buf.
 */
const char *dhcp_msg_ipxe_features(const struct dhcp_msg *msg, char *buf, size_t size)
{
	uint8_t on[256];
	size_t i, used = 0;
	const char *name;
	char hex[8];
	int n;

	if (!size)
		return buf;
	buf[0] = '\0';
	ipxe_feature_map(msg, on);
	for (i = 1; i < 255; i++) {
		if (i == IPXE_OPT_VERSION || !on[i])
			continue;
		name = dhcp_ipxe_feature_name((uint8_t)i);
		if (!name) {
			if (i < 0x10 || i >= 0x30)
				continue;  /* settings such as bus id, not features */
			snprintf(hex, sizeof(hex), "0x%02zx", i);
			name = hex;
		}
		n = snprintf(buf + used, size - used, "%s%s", used ? "," : "", name);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
	return buf;
}

/**
 * printable() - copy a C string, replacing non-printable bytes with '?'
 * @dst:  destination
 * @size: its size (at least 1)
 * @src:  source string
 *
 * Return: @dst.
 */
static const char *printable(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < size; i++)
		dst[i] = ((unsigned char)src[i] >= 0x20 && (unsigned char)src[i] < 0x7f) ?
			src[i] : '?';
	dst[i] = '\0';
	return dst;
}

/**
 * summary_client() - the client half of a summary: vendor, user class, arch
 * @msg:  parsed message
 * @buf:  out
 * @size: its size
 */
static void summary_client(const struct dhcp_msg *msg, char *buf, size_t size)
{
	char vendor[80], uc[64] = "-", arch[8] = "-";
	const uint8_t *c;
	size_t len, i;
	uint16_t a;

	if (!dhcp_msg_opt_str(msg, DHCP_OPT_VENDOR_CLASS, vendor, sizeof(vendor)) || !vendor[0])
		snprintf(vendor, sizeof(vendor), "-");
	c = dhcp_msg_user_class(msg, 0, &len);
	for (i = 0; c && i < len && i + 1 < sizeof(uc); i++)
		uc[i] = (c[i] >= 0x20 && c[i] < 0x7f) ? (char)c[i] : '?';
	if (c)
		uc[i] = '\0';
	if (!dhcp_msg_client_arch(msg, &a))
		snprintf(arch, sizeof(arch), "%u", a);
	snprintf(buf, size, " vendor %s user-class %s arch %s", vendor, uc, arch);
}

/**
 * summary_reply() - the server half of a summary: addresses, file, root path
 * @msg:  parsed message
 * @buf:  out
 * @size: its size
 */
static void summary_reply(const struct dhcp_msg *msg, char *buf, size_t size)
{
	char y[16], s[16], file[DHCP_FILE_LEN + 1], root[128];
	const char *f = msg->hdr.file;

	if (!f[0])
		f = dhcp_msg_opt_str(msg, DHCP_OPT_BOOTFILE, root, sizeof(root)) ? root : "";
	printable(file, sizeof(file), f);
	if (!dhcp_msg_opt_str(msg, DHCP_OPT_ROOT_PATH, root, sizeof(root)))
		snprintf(root, sizeof(root), "-");
	snprintf(buf, size, " yiaddr %s siaddr %s file \"%s\" root-path %s",
		 pxl_ip_str(msg->hdr.yiaddr, y), pxl_ip_str(msg->hdr.siaddr, s), file, root);
}

/**
 * dhcp_msg_summary() - one line describing a message, for logs and reports
 * @msg:  parsed message
 * @buf:  out: a request as "DISCOVER xid 0x543433de from 52:54:00:12:34:56
 *        vendor PXEClient:Arch:00007:UNDI:003000 user-class - arch 7"; a
 *        reply as "OFFER xid ... to MAC" with yiaddr, siaddr, file and
 *        root-path instead of the client's classes
 * @size: size of @buf (truncates)
 *
 * Untrusted text is made printable.  Return: @buf.
 */
const char *dhcp_msg_summary(const struct dhcp_msg *msg, char *buf, size_t size)
{
	char rest[400], mac[PXL_MAC_STR];
	int req = msg->hdr.op == DHCP_BOOTREQUEST;

	if (req)
		summary_client(msg, rest, sizeof(rest));
	else
		summary_reply(msg, rest, sizeof(rest));
	snprintf(buf, size, "%s xid 0x%08x %s %s%s", dhcp_type_name(msg->type), msg->hdr.xid,
		 req ? "from" : "to", pxl_mac_str(msg->hdr.chaddr, mac), rest);
	return buf;
}
