/* dhcp6_msg.h - DHCPv6 message codec (RFC 8415): bounds-checked parser, option accessors, builder
 *
 * The parser does not copy: struct dhcp6_msg points into the payload, which
 * must outlive it.  dhcp6_msg_parse() walks every option once, and every
 * option nested in an IA_NA or IAADDR, so that an option whose length runs
 * past its container is refused before any accessor runs; the accessors
 * still check every length they read.  Relay messages (12, 13) are refused:
 * pxelab's server answers clients on its link only.
 */
#ifndef PXL_DHCP6_MSG_H
#define PXL_DHCP6_MSG_H

#include <stddef.h>
#include <stdint.h>

#define DHCP6_CLIENT_PORT 546
#define DHCP6_SERVER_PORT 547
#define DHCP6_HDR_LEN 4            /* msg-type, transaction-id */
#define DHCP6_MSG_MAX_LEN 4096     /* longer payloads are refused; replies fit in it */
#define DHCP6_DUID_MAX 130         /* RFC 8415 11.1: 2-byte type + up to 128 bytes */
#define DHCP6_ENTERPRISE_PXE 343   /* Intel: "PXEClient"/"HTTPClient" vendor classes */

/* message types */
enum dhcp6_type {
	DHCP6_SOLICIT = 1,
	DHCP6_ADVERTISE = 2,
	DHCP6_REQUEST = 3,
	DHCP6_CONFIRM = 4,
	DHCP6_RENEW = 5,
	DHCP6_REBIND = 6,
	DHCP6_REPLY = 7,
	DHCP6_RELEASE = 8,
	DHCP6_DECLINE = 9,
	DHCP6_RECONFIGURE = 10,
	DHCP6_INFORMATION_REQUEST = 11,
	DHCP6_RELAY_FORW = 12,
	DHCP6_RELAY_REPL = 13,
	DHCP6_TYPE__COUNT
};

/* option codes used by pxelab */
enum dhcp6_opt_code {
	DHCP6_OPT_CLIENTID = 1,
	DHCP6_OPT_SERVERID = 2,
	DHCP6_OPT_IA_NA = 3,
	DHCP6_OPT_IA_TA = 4,
	DHCP6_OPT_IAADDR = 5,
	DHCP6_OPT_ORO = 6,
	DHCP6_OPT_PREFERENCE = 7,
	DHCP6_OPT_ELAPSED = 8,
	DHCP6_OPT_STATUS = 13,
	DHCP6_OPT_RAPID_COMMIT = 14,
	DHCP6_OPT_USER_CLASS = 15,
	DHCP6_OPT_VENDOR_CLASS = 16,
	DHCP6_OPT_DNS = 23,
	DHCP6_OPT_DOMAIN_LIST = 24,
	DHCP6_OPT_BOOTFILE_URL = 59,
	DHCP6_OPT_BOOTFILE_PARAM = 60,
	DHCP6_OPT_CLIENT_ARCH = 61,
	DHCP6_OPT_NII = 62,
};

/* status codes (option 13) */
enum dhcp6_status {
	DHCP6_ST_SUCCESS = 0,
	DHCP6_ST_UNSPEC_FAIL = 1,
	DHCP6_ST_NO_ADDRS_AVAIL = 2,
	DHCP6_ST_NO_BINDING = 3,
	DHCP6_ST_NOT_ON_LINK = 4,
	DHCP6_ST_USE_MULTICAST = 5,
};

#define DHCP6_IA_NA_LEN 12         /* IAID, T1, T2 before the IA's options */
#define DHCP6_IAADDR_LEN 24        /* address, preferred, valid before its options */
#define DHCP6_MAX_IA 8             /* IA_NA options looked at per message */

/**
 * enum dhcp6_perr - why a payload failed to parse (0 = it did not fail)
 * @DHCP6_PERR_NONE:        parsed
 * @DHCP6_PERR_TRUNCATED:   shorter than the 4-byte header
 * @DHCP6_PERR_TOO_LONG:    longer than DHCP6_MSG_MAX_LEN
 * @DHCP6_PERR_OPT_OVERRUN: an option's length runs past the end of the message
 * @DHCP6_PERR_IA_OVERRUN:  an IA_NA/IAADDR is too short, or an option inside it overruns it
 * @DHCP6_PERR_RELAY:       a relay message (not served)
 * @DHCP6_PERR_BAD_TYPE:    message type 0 or unknown
 */
enum dhcp6_perr {
	DHCP6_PERR_NONE = 0,
	DHCP6_PERR_TRUNCATED,
	DHCP6_PERR_TOO_LONG,
	DHCP6_PERR_OPT_OVERRUN,
	DHCP6_PERR_IA_OVERRUN,
	DHCP6_PERR_RELAY,
	DHCP6_PERR_BAD_TYPE,
	DHCP6_PERR__COUNT
};

/**
 * struct dhcp6_opt - one option found: its code and data (pointing into the message)
 * @code: option code
 * @data: option data
 * @len:  data length
 */
struct dhcp6_opt {
	uint16_t code;
	const uint8_t *data;
	size_t len;
};

/**
 * struct dhcp6_msg - a parsed DHCPv6 message (a view of the payload)
 * @type:     message type
 * @xid:      transaction id (24 bits)
 * @opts:     the options area
 * @opts_len: its length
 */
struct dhcp6_msg {
	uint8_t type;
	uint32_t xid;
	const uint8_t *opts;
	size_t opts_len;
};

/**
 * struct dhcp6_ia - an IA_NA read from a message
 * @iaid:     identity association id
 * @t1:       T1 seconds
 * @t2:       T2 seconds
 * @opts:     the IA's options (IAADDR, STATUS)
 * @opts_len: their length
 */
struct dhcp6_ia {
	uint32_t iaid;
	uint32_t t1;
	uint32_t t2;
	const uint8_t *opts;
	size_t opts_len;
};

/**
 * struct dhcp6_iaaddr - an IAADDR read from an IA
 * @addr:      the address
 * @preferred: preferred lifetime (s)
 * @valid:     valid lifetime (s)
 */
struct dhcp6_iaaddr {
	uint8_t addr[16];
	uint32_t preferred;
	uint32_t valid;
};

int dhcp6_msg_parse(struct dhcp6_msg *m, const uint8_t *buf, size_t len);
const char *dhcp6_perr_name(int err);
const char *dhcp6_type_name(unsigned int type);

int dhcp6_opt_next(const uint8_t *area, size_t len, size_t *off, struct dhcp6_opt *o);
const uint8_t *dhcp6_msg_opt(const struct dhcp6_msg *m, uint16_t code, size_t *len);
size_t dhcp6_msg_ias(const struct dhcp6_msg *m, struct dhcp6_ia *ia, size_t max);
int dhcp6_ia_addr(const struct dhcp6_ia *ia, size_t idx, struct dhcp6_iaaddr *a);
int dhcp6_msg_oro_has(const struct dhcp6_msg *m, uint16_t code);
int dhcp6_msg_has_user_class(const struct dhcp6_msg *m, const char *name);
int dhcp6_msg_vendor_prefix(const struct dhcp6_msg *m, const char *prefix);
int dhcp6_msg_client_arch(const struct dhcp6_msg *m, uint16_t *arch);
int dhcp6_msg_nii(const struct dhcp6_msg *m, uint8_t nii[3]);
int dhcp6_duid_mac(const uint8_t *duid, size_t len, uint8_t mac[6]);

/**
 * struct dhcp6_build - a message being built
 * @buf:      bytes
 * @len:      bytes used
 * @overflow: set when something did not fit (the message is then unusable)
 */
struct dhcp6_build {
	uint8_t buf[DHCP6_MSG_MAX_LEN];
	size_t len;
	int overflow;
};

void dhcp6_build_init(struct dhcp6_build *b, uint8_t type, uint32_t xid);
void dhcp6_put(struct dhcp6_build *b, uint16_t code, const void *data, size_t len);
void dhcp6_put_u16(struct dhcp6_build *b, uint16_t code, uint16_t v);
size_t dhcp6_open(struct dhcp6_build *b, uint16_t code, const void *head, size_t head_len);
void dhcp6_close(struct dhcp6_build *b, size_t at);
void dhcp6_put_status(struct dhcp6_build *b, uint16_t status, const char *text);

#endif /* PXL_DHCP6_MSG_H */
