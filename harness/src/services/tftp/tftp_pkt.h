/* tftp_pkt.h - bounds-checked TFTP packet codec (RFC 1350, 2347) and one-line summaries
 *
 * Parsing never copies the packet: file name, mode and option strings point
 * into the caller's buffer, and are only handed out after the parser has
 * found their terminating NUL inside the buffer, so they are safe C strings
 * for as long as the buffer lives.  The one exception is an ERROR message,
 * which senders often leave unterminated: it is copied, truncated and made
 * printable into the packet structure.
 */
#ifndef PXL_TFTP_PKT_H
#define PXL_TFTP_PKT_H

#include <stddef.h>
#include <stdint.h>

/* Opcodes (RFC 1350, RFC 2347) */
#define TFTP_RRQ   1
#define TFTP_WRQ   2
#define TFTP_DATA  3
#define TFTP_ACK   4
#define TFTP_ERROR 5
#define TFTP_OACK  6

/* Error codes (RFC 1350, RFC 2347) */
#define TFTP_EUNDEF    0 /* not defined, see message */
#define TFTP_ENOTFOUND 1 /* file not found */
#define TFTP_EACCESS   2 /* access violation */
#define TFTP_ENOSPACE  3 /* disk full or allocation exceeded */
#define TFTP_EBADOP    4 /* illegal TFTP operation */
#define TFTP_EBADID    5 /* unknown transfer ID */
#define TFTP_EEXISTS   6 /* file already exists */
#define TFTP_ENOUSER   7 /* no such user */
#define TFTP_EOPTNEG   8 /* option negotiation failed */

/** TFTP_MAX_OPTS - options kept from one request or OACK */
#define TFTP_MAX_OPTS 16
/** TFTP_MSG_MAX - room for a (sanitised, truncated) ERROR message */
#define TFTP_MSG_MAX 128
/** TFTP_HDR_LEN - opcode + block number in front of DATA payload */
#define TFTP_HDR_LEN 4

/**
 * enum tftp_perr - why a packet did not parse (doubles as a drop reason)
 */
enum tftp_perr {
	TFTP_PERR_NONE = 0,     /* parsed */
	TFTP_PERR_SHORT,        /* shorter than its opcode's fixed part */
	TFTP_PERR_OPCODE,       /* opcode not 1..6 */
	TFTP_PERR_NO_NAME,      /* request without a terminated file name */
	TFTP_PERR_NO_MODE,      /* request without a terminated mode */
	TFTP_PERR_NUL_IN_NAME,  /* bytes after the name's NUL, then a valid mode */
	TFTP_PERR_OPT_UNTERM,   /* option name or value not NUL-terminated */
	TFTP_PERR_OPT_NOVALUE,  /* option name without a value */
	TFTP_PERR_OPT_EMPTY,    /* empty option name */
	TFTP_PERR_TOO_MANY,     /* more than TFTP_MAX_OPTS options */
	TFTP_PERR_COUNT
};

/**
 * struct tftp_opt - one option: name and value, both NUL-terminated
 */
struct tftp_opt {
	const char *name;
	const char *value;
};

/**
 * struct tftp_pkt - a parsed TFTP packet
 * @opcode:    TFTP_RRQ .. TFTP_OACK
 * @filename:  RRQ/WRQ: file name as sent (points into the buffer)
 * @mode:      RRQ/WRQ: transfer mode as sent (any case)
 * @opts:      RRQ/WRQ/OACK: options in wire order
 * @n_opts:    number of @opts
 * @block:     DATA/ACK: block number
 * @data:      DATA: payload (points into the buffer)
 * @data_len:  DATA: payload length
 * @err_code:  ERROR: error code
 * @err_msg:   ERROR: message, printable ASCII, truncated to TFTP_MSG_MAX - 1
 * @perr:      why parsing failed (TFTP_PERR_NONE on success)
 */
struct tftp_pkt {
	uint16_t opcode;
	const char *filename;
	const char *mode;
	struct tftp_opt opts[TFTP_MAX_OPTS];
	unsigned int n_opts;
	uint16_t block;
	const uint8_t *data;
	size_t data_len;
	uint16_t err_code;
	char err_msg[TFTP_MSG_MAX];
	enum tftp_perr perr;
};

int tftp_pkt_parse(const uint8_t *buf, size_t len, struct tftp_pkt *pkt);
const char *tftp_perr_str(enum tftp_perr perr);
const char *tftp_opcode_name(uint16_t opcode);
const char *tftp_error_name(uint16_t code);
int tftp_mode_known(const char *mode);
const char *tftp_opt_get(const struct tftp_pkt *pkt, const char *name);

int tftp_build_request(uint8_t *buf, size_t cap, uint16_t opcode, const char *filename,
		       const char *mode, const struct tftp_opt *opts, unsigned int n_opts);
int tftp_build_data(uint8_t *buf, size_t cap, uint16_t block, const uint8_t *data,
		    size_t len);
int tftp_build_ack(uint8_t *buf, size_t cap, uint16_t block);
int tftp_build_error(uint8_t *buf, size_t cap, uint16_t code, const char *msg);
int tftp_build_oack(uint8_t *buf, size_t cap, const struct tftp_opt *opts,
		    unsigned int n_opts);

int tftp_pkt_summary(const struct tftp_pkt *pkt, char *out, size_t cap);
void tftp_printable(char *out, size_t cap, const char *in);

uint16_t tftp_path_errcode(int err);

#endif /* PXL_TFTP_PKT_H */
