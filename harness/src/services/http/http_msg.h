/* http_msg.h - HTTP/1.1 message heads (RFC 9112): one parser for pxelab's server and the wire observer
 *
 * A head is the start line and the header fields up to the empty line.
 * The parser works on a buffer that holds the whole head (find its end
 * with http_head_end()); it copies nothing: every field is a slice of the
 * caller's buffer, valid while the buffer is.  It is strict where a lax
 * reading could be exploited (RFC 9112 sections 2.2, 3, 5): a line ends in
 * CRLF or a bare LF, a bare CR is an error; no whitespace before a field's
 * colon; no obsolete line folding; no control characters but HT in values;
 * a request target of visible ASCII only; versions HTTP/1.0 and HTTP/1.1.
 */
#ifndef PXL_HTTP_MSG_H
#define PXL_HTTP_MSG_H

#include <stddef.h>
#include <stdint.h>

/** HTTP_MAX_FIELDS - header fields kept per head; more is an error */
#define HTTP_MAX_FIELDS 64

/**
 * struct http_slice - bytes inside a caller's buffer
 * @p:   first byte
 * @len: count
 */
struct http_slice {
	const char *p;
	size_t len;
};

/**
 * struct http_field - one header field, value without surrounding whitespace
 * @name:  field name
 * @value: field value
 */
struct http_field {
	struct http_slice name;
	struct http_slice value;
};

/**
 * struct http_head - a parsed request or response head
 * @method:  request method (requests)
 * @target:  request target as sent (requests)
 * @status:  status code (responses)
 * @reason:  reason phrase (responses)
 * @minor:   HTTP/1.@minor
 * @fields:  header fields in order
 * @nfields: their count
 * @len:     bytes of the head, empty line included
 */
struct http_head {
	struct http_slice method;
	struct http_slice target;
	unsigned int status;
	struct http_slice reason;
	unsigned int minor;
	struct http_field fields[HTTP_MAX_FIELDS];
	size_t nfields;
	size_t len;
};

/**
 * enum http_range_rc - what a Range field asks of a representation
 * @HTTP_RANGE_NONE:          no usable range: serve the whole (absent,
 *                            another unit, several ranges, bad syntax)
 * @HTTP_RANGE_OK:            one satisfiable range
 * @HTTP_RANGE_UNSATISFIABLE: one range that misses the representation (416)
 */
enum http_range_rc {
	HTTP_RANGE_NONE,
	HTTP_RANGE_OK,
	HTTP_RANGE_UNSATISFIABLE,
};

size_t http_head_end(const uint8_t *buf, size_t len);
int http_parse_request(const char *buf, size_t len, struct http_head *h, const char **why);
int http_parse_response(const char *buf, size_t len, struct http_head *h, const char **why);
const struct http_slice *http_field(const struct http_head *h, const char *name);
size_t http_field_count(const struct http_head *h, const char *name);
int http_slice_eq(struct http_slice s, const char *text);
int http_list_has(struct http_slice list, const char *token);
int http_parse_u64(struct http_slice s, uint64_t *out);
enum http_range_rc http_parse_range(struct http_slice s, uint64_t size, uint64_t *first,
				    uint64_t *last);
int http_parse_content_range(struct http_slice s, uint64_t *first, uint64_t *last,
			     uint64_t *size);
const char *http_reason(unsigned int status);

#endif /* PXL_HTTP_MSG_H */
