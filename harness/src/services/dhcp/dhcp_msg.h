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

int dhcp_msg_parse(struct dhcp_msg *msg, const uint8_t *buf, size_t len);

const char *dhcp_perr_name(enum dhcp_perr err);

const char *dhcp_type_name(unsigned int type);

const uint8_t *dhcp_msg_opt(const struct dhcp_msg *msg, uint8_t code, size_t *len);

int dhcp_msg_has_opt(const struct dhcp_msg *msg, uint8_t code);

int dhcp_msg_opt_u8(const struct dhcp_msg *msg, uint8_t code, uint8_t *val);
int dhcp_msg_opt_u16(const struct dhcp_msg *msg, uint8_t code, uint16_t *val);
int dhcp_msg_opt_u32(const struct dhcp_msg *msg, uint8_t code, uint32_t *val);

const char *dhcp_msg_opt_str(const struct dhcp_msg *msg, uint8_t code, char *buf, size_t size);

/* ---- client identity helpers (dhcp_msg_client.c) ---- */

int dhcp_msg_vendor_prefix(const struct dhcp_msg *msg, const char *prefix);

int dhcp_msg_is_pxe(const struct dhcp_msg *msg);
int dhcp_msg_is_http_client(const struct dhcp_msg *msg);

int dhcp_msg_is_ipxe(const struct dhcp_msg *msg);

const uint8_t *dhcp_msg_user_class(const struct dhcp_msg *msg, size_t idx, size_t *len);

int dhcp_msg_has_user_class(const struct dhcp_msg *msg, const char *name);

int dhcp_msg_client_arch(const struct dhcp_msg *msg, uint16_t *arch);

int dhcp_msg_client_ndi(const struct dhcp_msg *msg, uint8_t *type, uint8_t *major,
			uint8_t *minor);

int dhcp_msg_client_uuid(const struct dhcp_msg *msg, uint8_t uuid[16]);

size_t dhcp_msg_reply_max(const struct dhcp_msg *msg);

size_t dhcp_msg_requested(const struct dhcp_msg *msg, uint8_t code);

const uint8_t *dhcp_msg_ipxe_opt(const struct dhcp_msg *msg, uint8_t sub, size_t *len);

int dhcp_msg_ipxe_feature(const struct dhcp_msg *msg, uint8_t code);

const char *dhcp_msg_ipxe_features(const struct dhcp_msg *msg, char *buf, size_t size);

int dhcp_ipxe_feature_code(const char *name);

const char *dhcp_ipxe_feature_name(uint8_t code);

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

void dhcp_build_init(struct dhcp_build *b, const struct dhcp_hdr *hdr);

int dhcp_build_opt(struct dhcp_build *b, uint8_t code, const void *data, size_t len);

int dhcp_build_u8(struct dhcp_build *b, uint8_t code, uint8_t val);
int dhcp_build_u16(struct dhcp_build *b, uint8_t code, uint16_t val);
int dhcp_build_u32(struct dhcp_build *b, uint8_t code, uint32_t val);
int dhcp_build_str(struct dhcp_build *b, uint8_t code, const char *s);

int dhcp_build_remove(struct dhcp_build *b, uint8_t code);

int dhcp_build_has(const struct dhcp_build *b, uint8_t code);

int dhcp_build_finish(const struct dhcp_build *b, uint8_t *out, size_t cap, size_t max);

#endif /* PXL_DHCP_MSG_H */
