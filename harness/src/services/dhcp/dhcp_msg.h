/* dhcp_msg.h - BOOTP/DHCP message codec: bounds-checked parser, option accessors, builder
 *
 * Independent of the DHCP server: the scenario engine uses it to decode DHCP
 * seen on the wire.  All addresses in the structs are host byte order.
 *
 * Parsing (dhcp_msg_parse()) copies what it keeps into struct dhcp_msg, so
 * a parsed message stands alone: it does not point into the payload buffer.
 * Options are indexed by code; an option appearing several times (in the
 * options field, then in 'file', then in 'sname' when option 52 overloads
 * them) is concatenated in that order (RFC 3396).
 *
 * Building (struct dhcp_build) collects a header and options in order, then
 * lays them out for the client's maximum message size, overloading 'file'
 * and 'sname' (option 52) when the options field is too small; options
 * longer than 255 bytes are split (RFC 3396).
 */
#ifndef PXL_DHCP_MSG_H
#define PXL_DHCP_MSG_H

#include <stddef.h>
#include <stdint.h>

#define DHCP_SERVER_PORT 67
#define DHCP_CLIENT_PORT 68
#define DHCP_PXE_PORT 4011

#define DHCP_BOOTREQUEST 1
#define DHCP_BOOTREPLY 2
#define DHCP_MAGIC 0x63825363u
#define DHCP_FLAG_BROADCAST 0x8000u

#define DHCP_SNAME_LEN 64
#define DHCP_FILE_LEN 128
#define DHCP_CHADDR_LEN 16
#define DHCP_HDR_LEN 236          /* fixed BOOTP header, without the cookie */
#define DHCP_OPTS_OFF 240         /* first option byte (after the cookie) */
#define DHCP_SNAME_OFF 44
#define DHCP_FILE_OFF 108
#define DHCP_MIN_REPLY_LEN 300    /* BOOTP minimum; replies are padded to it */
#define DHCP_MSG_MAX_LEN 8192     /* longer payloads are rejected (too-long) */
#define DHCP_MIN_MAX_SIZE 576     /* RFC 2132 9.10: smallest legal option 57 */
#define DHCP_IP_UDP_HLEN 28       /* option 57 counts the IPv4 and UDP headers */

/* message types (option 53) */
enum dhcp_type {
	DHCPDISCOVER = 1,
	DHCPOFFER = 2,
	DHCPREQUEST = 3,
	DHCPDECLINE = 4,
	DHCPACK = 5,
	DHCPNAK = 6,
	DHCPRELEASE = 7,
	DHCPINFORM = 8,
};

/* option codes used by pxelab */
enum dhcp_opt {
	DHCP_OPT_PAD = 0,
	DHCP_OPT_SUBNET_MASK = 1,
	DHCP_OPT_ROUTER = 3,
	DHCP_OPT_DNS = 6,
	DHCP_OPT_HOSTNAME = 12,
	DHCP_OPT_DOMAIN = 15,
	DHCP_OPT_ROOT_PATH = 17,
	DHCP_OPT_BROADCAST = 28,
	DHCP_OPT_VENDOR = 43,
	DHCP_OPT_REQ_ADDR = 50,
	DHCP_OPT_LEASE_TIME = 51,
	DHCP_OPT_OVERLOAD = 52,
	DHCP_OPT_MSG_TYPE = 53,
	DHCP_OPT_SERVER_ID = 54,
	DHCP_OPT_PARAM_REQ = 55,
	DHCP_OPT_MESSAGE = 56,
	DHCP_OPT_MAX_SIZE = 57,
	DHCP_OPT_T1 = 58,
	DHCP_OPT_T2 = 59,
	DHCP_OPT_VENDOR_CLASS = 60,
	DHCP_OPT_CLIENT_ID = 61,
	DHCP_OPT_TFTP_SERVER = 66,
	DHCP_OPT_BOOTFILE = 67,
	DHCP_OPT_USER_CLASS = 77,
	DHCP_OPT_CLIENT_ARCH = 93,
	DHCP_OPT_CLIENT_NDI = 94,
	DHCP_OPT_UUID = 97,
	DHCP_OPT_IPXE = 175,
	DHCP_OPT_END = 255,
};

/* PXE vendor sub-options (in option 43) */
#define PXE_DISCOVERY_CONTROL 6
#define PXE_DISCOVERY_BOOTFILE_DIRECT 8   /* bit 3: boot the file name, no menu */

/* iPXE encapsulated options (in option 175) */
#define IPXE_OPT_PRIORITY 1
#define IPXE_OPT_NO_PXEDHCP 176
#define IPXE_OPT_BUS_ID 177
#define IPXE_OPT_VERSION 235

/**
 * enum dhcp_perr - why a payload failed to parse (0 = it did not fail)
 * @DHCP_PERR_NONE:         parsed
 * @DHCP_PERR_TRUNCATED:    shorter than the BOOTP header and magic cookie
 * @DHCP_PERR_TOO_LONG:     longer than DHCP_MSG_MAX_LEN
 * @DHCP_PERR_BAD_OP:       op is neither BOOTREQUEST nor BOOTREPLY
 * @DHCP_PERR_BAD_HLEN:     hlen > 16
 * @DHCP_PERR_BAD_COOKIE:   magic cookie is not 99.130.83.99
 * @DHCP_PERR_OPT_OVERRUN:  an option's length runs past the end of its field
 * @DHCP_PERR_NO_END:       the options field has no end option (255)
 * @DHCP_PERR_BAD_OVERLOAD: option 52 is not one byte of value 1, 2 or 3
 * @DHCP_PERR_BAD_MSG_TYPE: option 53 is not one byte
 */
enum dhcp_perr {
	DHCP_PERR_NONE = 0,
	DHCP_PERR_TRUNCATED,
	DHCP_PERR_TOO_LONG,
	DHCP_PERR_BAD_OP,
	DHCP_PERR_BAD_HLEN,
	DHCP_PERR_BAD_COOKIE,
	DHCP_PERR_OPT_OVERRUN,
	DHCP_PERR_NO_END,
	DHCP_PERR_BAD_OVERLOAD,
	DHCP_PERR_BAD_MSG_TYPE,
	DHCP_PERR__COUNT
};

/**
 * struct dhcp_hdr - the fixed BOOTP header, host byte order
 * @op:      DHCP_BOOTREQUEST or DHCP_BOOTREPLY
 * @htype:   hardware type (1 = Ethernet)
 * @hlen:    hardware address length (<= 16)
 * @hops:    relay hops
 * @xid:     transaction id
 * @secs:    seconds since the client began
 * @flags:   flags (DHCP_FLAG_BROADCAST)
 * @ciaddr:  client address (client already has one)
 * @yiaddr:  "your" address (the one offered)
 * @siaddr:  next server (TFTP)
 * @giaddr:  relay agent
 * @chaddr:  client hardware address (@hlen bytes meaningful)
 * @sname:   server host name, NUL-terminated (empty when overloaded)
 * @file:    boot file name, NUL-terminated (empty when overloaded)
 */
struct dhcp_hdr {
	uint8_t op;
	uint8_t htype;
	uint8_t hlen;
	uint8_t hops;
	uint32_t xid;
	uint16_t secs;
	uint16_t flags;
	uint32_t ciaddr;
	uint32_t yiaddr;
	uint32_t siaddr;
	uint32_t giaddr;
	uint8_t chaddr[DHCP_CHADDR_LEN];
	char sname[DHCP_SNAME_LEN + 1];
	char file[DHCP_FILE_LEN + 1];
};

/**
 * struct dhcp_msg - a parsed BOOTP/DHCP message
 * @hdr:      the fixed header
 * @type:     option 53 (enum dhcp_type), 0 if absent (plain BOOTP)
 * @overload: option 52 value (1 file, 2 sname, 3 both), 0 if none
 * @error:    why parsing failed (DHCP_PERR_NONE after success)
 * @opt_off:  per code: offset of its data in @optbuf
 * @opt_len:  per code: length of its (concatenated) data
 * @opt_has:  per code: present (a bitmap, 32 bytes)
 * @optbuf:   option data, concatenated per code
 *
 * Use the accessors rather than the opt_* fields.
 */
struct dhcp_msg {
	struct dhcp_hdr hdr;
	uint8_t type;
	uint8_t overload;
	enum dhcp_perr error;
	uint16_t opt_off[256];
	uint16_t opt_len[256];
	uint8_t opt_has[32];
	uint8_t optbuf[DHCP_MSG_MAX_LEN];
};

/**
 * dhcp_msg_parse() - parse a BOOTP/DHCP UDP payload
 * @msg: out: the message (fully overwritten)
 * @buf: payload bytes (untrusted)
 * @len: payload length
 *
 * Never reads past @len.  On failure @msg->error says why; fields parsed
 * before the failure (the header, when it was complete) stay valid.
 * Return: 0, or -EINVAL (malformed) / -EMSGSIZE (too long).
 */
int dhcp_msg_parse(struct dhcp_msg *msg, const uint8_t *buf, size_t len);

/** dhcp_perr_name() - short name of a parse error ("truncated", "no-end-option", ...) */
const char *dhcp_perr_name(enum dhcp_perr err);

/** dhcp_type_name() - "DISCOVER", "OFFER", ... ("BOOTP" for 0, "TYPE?" if unknown) */
const char *dhcp_type_name(unsigned int type);

/**
 * dhcp_msg_opt() - the data of an option
 * @msg:  parsed message
 * @code: option code (1..254)
 * @len:  out: data length (may be NULL)
 *
 * Return: pointer to the (concatenated) data inside @msg, or NULL if the
 * option is absent.  A present zero-length option gives non-NULL and 0.
 */
const uint8_t *dhcp_msg_opt(const struct dhcp_msg *msg, uint8_t code, size_t *len);

/** dhcp_msg_has_opt() - whether option @code is present; returns 1 or 0 */
int dhcp_msg_has_opt(const struct dhcp_msg *msg, uint8_t code);

/**
 * dhcp_msg_opt_u8() / dhcp_msg_opt_u16() / dhcp_msg_opt_u32() - a number option
 * @msg:  parsed message
 * @code: option code
 * @val:  out: the big-endian value converted to host order
 *
 * Return: 0, -ENOENT if absent, -EINVAL if the length is not exactly 1/2/4.
 */
int dhcp_msg_opt_u8(const struct dhcp_msg *msg, uint8_t code, uint8_t *val);
int dhcp_msg_opt_u16(const struct dhcp_msg *msg, uint8_t code, uint16_t *val);
int dhcp_msg_opt_u32(const struct dhcp_msg *msg, uint8_t code, uint32_t *val);

/**
 * dhcp_msg_opt_str() - copy an option as a printable C string
 * @msg:  parsed message
 * @code: option code
 * @buf:  out: NUL-terminated copy; bytes outside 0x20..0x7e become '?';
 *        trailing NULs of the option are dropped
 * @size: size of @buf (truncates)
 *
 * Return: @buf, or NULL if the option is absent (@buf is then "").
 */
const char *dhcp_msg_opt_str(const struct dhcp_msg *msg, uint8_t code, char *buf, size_t size);

/* ---- client identity helpers (dhcp_msg_client.c) ---- */

/**
 * dhcp_msg_vendor_prefix() - whether option 60 starts with @prefix
 * @msg:    parsed message
 * @prefix: C string (empty matches any present option 60)
 *
 * Return: 1 if option 60 is present and starts with @prefix, else 0.
 */
int dhcp_msg_vendor_prefix(const struct dhcp_msg *msg, const char *prefix);

/** dhcp_msg_is_pxe() - option 60 starts with "PXEClient"; 1 or 0 */
int dhcp_msg_is_pxe(const struct dhcp_msg *msg);

/** dhcp_msg_is_ipxe() - the client is iPXE: user class "iPXE" or option 175 present; 1 or 0 */
int dhcp_msg_is_ipxe(const struct dhcp_msg *msg);

/**
 * dhcp_msg_user_class() - the @idx-th user class of option 77
 * @msg: parsed message
 * @idx: index (0 first)
 * @len: out: length of the class
 *
 * Option 77 is read as RFC 3004 (a list of length-prefixed classes) when
 * its bytes form such a list exactly; otherwise (iPXE sends the plain
 * string "iPXE") the whole option is one class.
 * Return: pointer to the class bytes, or NULL past the last one.
 */
const uint8_t *dhcp_msg_user_class(const struct dhcp_msg *msg, size_t idx, size_t *len);

/** dhcp_msg_has_user_class() - one user class equals @name exactly; 1 or 0 */
int dhcp_msg_has_user_class(const struct dhcp_msg *msg, const char *name);

/**
 * dhcp_msg_client_arch() - client system architecture (option 93, first entry)
 * @msg:  parsed message
 * @arch: out: 0 BIOS, 6 EFI IA32, 7 EFI x64 (RFC 4578 / IANA registry)
 *
 * Return: 0, -ENOENT if absent, -EINVAL if shorter than 2 or of odd length.
 */
int dhcp_msg_client_arch(const struct dhcp_msg *msg, uint16_t *arch);

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
			uint8_t *minor);

/**
 * dhcp_msg_client_uuid() - client machine identifier (option 97)
 * @msg:  parsed message
 * @uuid: out: the 16 identifier bytes (after the type byte 0)
 *
 * Return: 0, -ENOENT if absent, -EINVAL if not 17 bytes of type 0.
 */
int dhcp_msg_client_uuid(const struct dhcp_msg *msg, uint8_t uuid[16]);

/**
 * dhcp_msg_reply_max() - largest reply payload the client accepts
 * @msg: parsed request
 *
 * Option 57 counts the IPv4 and UDP headers; values under 576 (or none)
 * count as 576.  Return: payload bytes, between 548 and DHCP_MSG_MAX_LEN.
 */
size_t dhcp_msg_reply_max(const struct dhcp_msg *msg);

/**
 * dhcp_msg_requested() - whether the client asked for @code in option 55
 * @msg:  parsed message
 * @code: option code
 *
 * Return: 1-based position in the parameter request list, 0 if not listed.
 */
size_t dhcp_msg_requested(const struct dhcp_msg *msg, uint8_t code);

/**
 * dhcp_msg_ipxe_opt() - an iPXE encapsulated option inside option 175
 * @msg:  parsed message
 * @sub:  sub-option code (e.g. 0x11 iSCSI, IPXE_OPT_VERSION)
 * @len:  out: its length (may be NULL)
 *
 * Return: pointer to its data, or NULL if absent or option 175 is malformed
 * before it.
 */
const uint8_t *dhcp_msg_ipxe_opt(const struct dhcp_msg *msg, uint8_t sub, size_t *len);

/**
 * dhcp_msg_ipxe_feature() - whether iPXE announced feature @code (non-zero value)
 * @msg:  parsed message
 * @code: feature code (see dhcp_ipxe_feature_code())
 *
 * Return: 1 or 0.
 */
int dhcp_msg_ipxe_feature(const struct dhcp_msg *msg, uint8_t code);

/**
 * dhcp_msg_ipxe_features() - render the announced iPXE features
 * @msg:  parsed message
 * @buf:  out: comma-separated names ("dns,elf,http,iscsi"), "" if none;
 *        unknown codes as "0xNN"
 * @size: size of @buf (truncates)
 *
 * Return: @buf.
 */
const char *dhcp_msg_ipxe_features(const struct dhcp_msg *msg, char *buf, size_t size);

/**
 * dhcp_ipxe_feature_code() - feature code for a name ("iscsi" -> 0x11)
 * @name: feature name: pxeext iscsi aoe http https tftp ftp dns bzimage
 *        multiboot slam srp nbi pxe elf comboot efi fcoe vlan menu sdi nfs
 *        version
 *
 * Return: the code (1..254), or -ENOENT.
 */
int dhcp_ipxe_feature_code(const char *name);

/** dhcp_ipxe_feature_name() - name of feature @code, or NULL if unknown */
const char *dhcp_ipxe_feature_name(uint8_t code);

/**
 * dhcp_msg_summary() - one line describing a message, for logs and reports
 * @msg:  parsed message
 * @buf:  out: e.g. "DISCOVER xid 0x543433de from 52:54:00:12:34:56 vendor
 *        PXEClient:Arch:00007:UNDI:003000 user-class - arch 7"; replies add
 *        yiaddr, siaddr, file and root-path
 * @size: size of @buf (truncates)
 *
 * Untrusted text is made printable.  Return: @buf.
 */
const char *dhcp_msg_summary(const struct dhcp_msg *msg, char *buf, size_t size);

/* ---- builder (dhcp_msg_build.c) ---- */

#define DHCP_BUILD_MAX_OPTS 64
#define DHCP_BUILD_DATA 4096

/**
 * struct dhcp_build - a message being assembled
 * @hdr:   header to write (sname/file are moved into options 66/67 when
 *         overloaded or too long for their field)
 * @n:     number of entries in @opt
 * @opt:   options in insertion order (@code 0 marks a removed entry)
 * @used:  bytes used in @data
 * @data:  option data storage
 * @error: sticky: -ENOSPC once an option did not fit the builder
 */
struct dhcp_build {
	struct dhcp_hdr hdr;
	size_t n;
	struct {
		uint8_t code;
		uint16_t off;
		uint16_t len;
	} opt[DHCP_BUILD_MAX_OPTS];
	size_t used;
	uint8_t data[DHCP_BUILD_DATA];
	int error;
};

/**
 * dhcp_build_init() - start a message
 * @b:   the builder
 * @hdr: header (copied), or NULL for an all-zero one
 */
void dhcp_build_init(struct dhcp_build *b, const struct dhcp_hdr *hdr);

/**
 * dhcp_build_opt() - append an option, replacing any earlier one of @code
 * @b:    the builder
 * @code: option code (1..254; 0, 52 and 255 are refused)
 * @data: option data (any length up to DHCP_BUILD_DATA; split on output)
 * @len:  data length
 *
 * Return: 0, -EINVAL for a reserved code, -ENOSPC if the builder is full
 * (also recorded in @b->error).
 */
int dhcp_build_opt(struct dhcp_build *b, uint8_t code, const void *data, size_t len);

/** dhcp_build_u8() - append a one-byte option; 0 or -errno as dhcp_build_opt() */
int dhcp_build_u8(struct dhcp_build *b, uint8_t code, uint8_t val);
/** dhcp_build_u16() - append a big-endian 16-bit option */
int dhcp_build_u16(struct dhcp_build *b, uint8_t code, uint16_t val);
/** dhcp_build_u32() - append a big-endian 32-bit option (also IPv4 addresses) */
int dhcp_build_u32(struct dhcp_build *b, uint8_t code, uint32_t val);
/** dhcp_build_str() - append a string option (without its NUL) */
int dhcp_build_str(struct dhcp_build *b, uint8_t code, const char *s);

/** dhcp_build_remove() - drop option @code if present; returns 1 if it was */
int dhcp_build_remove(struct dhcp_build *b, uint8_t code);

/** dhcp_build_has() - whether option @code has been added; 1 or 0 */
int dhcp_build_has(const struct dhcp_build *b, uint8_t code);

/**
 * dhcp_build_finish() - lay the message out
 * @b:   the builder
 * @out: output buffer
 * @cap: its size
 * @max: largest payload the client accepts (dhcp_msg_reply_max())
 *
 * Writes options in insertion order, then the end option, and pads to
 * DHCP_MIN_REPLY_LEN.  When they do not fit min(@cap, @max), overloads
 * 'file' (then also 'sname') with option 52, moving a file / server name
 * into options 67 / 66.
 * Return: payload length, or -ENOSPC (does not fit, or @b->error set).
 */
int dhcp_build_finish(const struct dhcp_build *b, uint8_t *out, size_t cap, size_t max);

#endif /* PXL_DHCP_MSG_H */
