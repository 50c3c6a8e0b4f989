/* http_msg.c - HTTP/1.1 message heads: start line, header fields, Range and Content-Range values */
#include "services/http/http_msg.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"

/**
 * http_head_end() - where a head ends: just after its empty line
 * @buf: bytes received so far
 * @len: their count
 *
 * Return: the head's length, or 0 if the empty line has not arrived.
 */
size_t http_head_end(const uint8_t *buf, size_t len)
{
	const uint8_t *lf;
	size_t i = 0;

	while (i < len && (lf = memchr(buf + i, '\n', len - i))) {
		i = (size_t)(lf - buf) + 1;
		if (i < len && buf[i] == '\n')
			return i + 1;
		if (i + 1 < len && buf[i] == '\r' && buf[i + 1] == '\n')
			return i + 2;
	}
	return 0;
}

/**
 * is_tchar() - a token character (RFC 9110 section 5.6.2)
 * @c: character
 *
 * Return: non-zero if it is.
 */
static int is_tchar(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

/**
 * is_token() - a non-empty run of token characters
 * @s: slice
 *
 * Return: non-zero if it is.
 */
static int is_token(struct http_slice s)
{
	size_t i;

	for (i = 0; i < s.len; i++)
		if (!is_tchar((unsigned char)s.p[i]))
			return 0;
	return s.len > 0;
}

/**
 * take_line() - the next line of a head, without its CRLF or LF
 * @buf:  head
 * @len:  its length
 * @off:  in: where the line starts; out: where the next one starts
 * @line: out: the line
 *
 * Return: 0, or -EINVAL for a missing LF or a bare CR inside the line.
 */
static int take_line(const char *buf, size_t len, size_t *off, struct http_slice *line)
{
	const char *lf = *off < len ? memchr(buf + *off, '\n', len - *off) : NULL;

	if (!lf)
		return -EINVAL;
	line->p = buf + *off;
	line->len = (size_t)(lf - line->p);
	if (line->len && line->p[line->len - 1] == '\r')
		line->len--;
	*off = (size_t)(lf - buf) + 1;
	return memchr(line->p, '\r', line->len) ? -EINVAL : 0;
}

/**
 * trim_ows() - drop spaces and tabs at both ends
 * @s: slice
 *
 * Return: the trimmed slice.
 */
static struct http_slice trim_ows(struct http_slice s)
{
	while (s.len && (s.p[0] == ' ' || s.p[0] == '\t')) {
		s.p++;
		s.len--;
	}
	while (s.len && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\t'))
		s.len--;
	return s;
}

/**
 * parse_field() - one "name: value" line
 * @line: the line
 * @f:    out: the field
 * @why:  out: the defect
 *
 * Return: 0 or -EINVAL.
 */
static int parse_field(struct http_slice line, struct http_field *f, const char **why)
{
	const char *colon = memchr(line.p, ':', line.len);
	size_t i;

	if (line.p[0] == ' ' || line.p[0] == '\t')
		return *why = "obsolete line folding", -EINVAL;
	f->name = (struct http_slice){ line.p, colon ? (size_t)(colon - line.p) : 0 };
	if (!colon || !is_token(f->name))
		return *why = "malformed header field name", -EINVAL;
	f->value = trim_ows((struct http_slice){ colon + 1, line.len - f->name.len - 1 });
	for (i = 0; i < f->value.len; i++) {
		unsigned char c = (unsigned char)f->value.p[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return *why = "control character in a header field value", -EINVAL;
	}
	return 0;
}

/**
 * parse_fields() - header fields up to the empty line
 * @buf: head
 * @len: its length
 * @off: where the first field line starts
 * @h:   out: fields and length
 * @why: out: the defect
 *
 * Return: 0, -EINVAL or -E2BIG (more than HTTP_MAX_FIELDS).
 */
static int parse_fields(const char *buf, size_t len, size_t off, struct http_head *h,
			const char **why)
{
	struct http_slice line;

	for (;;) {
		if (take_line(buf, len, &off, &line))
			return *why = "malformed line ending", -EINVAL;
		if (!line.len)
			break;
		if (h->nfields == HTTP_MAX_FIELDS)
			return *why = "too many header fields", -E2BIG;
		if (parse_field(line, &h->fields[h->nfields++], why))
			return -EINVAL;
	}
	h->len = off;
	return 0;
}

/**
 * parse_version() - "HTTP/1.0" or "HTTP/1.1"
 * @s:   the version text
 * @h:   out: minor version
 * @why: out: the defect
 *
 * Return: 0, -EPROTONOSUPPORT (another HTTP version) or -EINVAL.
 */
static int parse_version(struct http_slice s, struct http_head *h, const char **why)
{
	if (s.len != 8 || memcmp(s.p, "HTTP/", 5) || s.p[6] != '.' ||
	    s.p[5] < '0' || s.p[5] > '9' || s.p[7] < '0' || s.p[7] > '9')
		return *why = "malformed HTTP version", -EINVAL;
	if (s.p[5] != '1' || s.p[7] > '1')
		return *why = "HTTP version not supported", -EPROTONOSUPPORT;
	h->minor = (unsigned int)(s.p[7] - '0');
	return 0;
}

/**
 * split_sp() - cut a line at its first space
 * @line: in: the line; out: what follows the space
 * @word: out: what precedes it
 *
 * Return: 0, or -EINVAL if there is no space.
 */
static int split_sp(struct http_slice *line, struct http_slice *word)
{
	const char *sp = memchr(line->p, ' ', line->len);

	if (!sp)
		return -EINVAL;
	*word = (struct http_slice){ line->p, (size_t)(sp - line->p) };
	line->p = sp + 1;
	line->len -= word->len + 1;
	return 0;
}

/**
 * http_parse_request() - a request head: method SP target SP version, fields
 * @buf: the head (http_head_end() bytes)
 * @len: its length
 * @h:   out: the head
 * @why: out: the defect, on failure
 *
 * Return: 0, -EINVAL (malformed), -E2BIG (too many fields) or
 * -EPROTONOSUPPORT (not HTTP/1.x).
 */
int http_parse_request(const char *buf, size_t len, struct http_head *h, const char **why)
{
	struct http_slice line, rest;
	size_t off = 0, i;
	int rc;

	memset(h, 0, sizeof(*h));
	if (take_line(buf, len, &off, &line))
		return *why = "malformed line ending", -EINVAL;
	rest = line;
	if (split_sp(&rest, &h->method) || split_sp(&rest, &h->target) || !is_token(h->method) ||
	    !h->target.len)
		return *why = "malformed request line", -EINVAL;
	for (i = 0; i < h->target.len; i++)
		if ((unsigned char)h->target.p[i] <= 0x20 || (unsigned char)h->target.p[i] >= 0x7f)
			return *why = "invalid character in the request target", -EINVAL;
	rc = parse_version(rest, h, why);
	return rc ? rc : parse_fields(buf, len, off, h, why);
}

/**
 * http_parse_response() - a response head: version SP status [SP reason], fields
 * @buf: the head
 * @len: its length
 * @h:   out: the head
 * @why: out: the defect, on failure
 *
 * Return: 0, -EINVAL, -E2BIG or -EPROTONOSUPPORT.
 */
int http_parse_response(const char *buf, size_t len, struct http_head *h, const char **why)
{
	struct http_slice line, version, code;
	size_t off = 0;
	int rc;

	memset(h, 0, sizeof(*h));
	if (take_line(buf, len, &off, &line))
		return *why = "malformed line ending", -EINVAL;
	if (split_sp(&line, &version))
		return *why = "malformed status line", -EINVAL;
	rc = parse_version(version, h, why);
	if (rc)
		return rc;
	code = line;
	if (!split_sp(&line, &code))
		h->reason = line;
	else
		line.len = 0;
	if (code.len != 3 || code.p[0] < '1' || code.p[0] > '5' || code.p[1] < '0' ||
	    code.p[1] > '9' || code.p[2] < '0' || code.p[2] > '9')
		return *why = "malformed status code", -EINVAL;
	h->status = (unsigned int)((code.p[0] - '0') * 100 + (code.p[1] - '0') * 10 + code.p[2] - '0');
	return parse_fields(buf, len, off, h, why);
}

/**
 * http_slice_eq() - a slice equals a text, ignoring ASCII case
 * @s:    slice
 * @text: text
 *
 * Return: non-zero if equal.
 */
int http_slice_eq(struct http_slice s, const char *text)
{
	return strlen(text) == s.len && !strncasecmp(s.p, text, s.len);
}

/**
 * http_field() - the first field of a name (case-insensitive)
 * @h:    head
 * @name: field name
 *
 * Return: its value, or NULL.
 */
const struct http_slice *http_field(const struct http_head *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->nfields; i++)
		if (http_slice_eq(h->fields[i].name, name))
			return &h->fields[i].value;
	return NULL;
}

/**
 * http_field_count() - how many fields have a name (a repeated Host or
 * Content-Length makes a request invalid)
 * @h:    head
 * @name: field name
 *
 * Return: the count.
 */
size_t http_field_count(const struct http_head *h, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < h->nfields; i++)
		n += http_slice_eq(h->fields[i].name, name) != 0;
	return n;
}

/**
 * http_list_has() - a comma-separated list holds a token (case-insensitive)
 * @list:  field value, e.g. of Connection
 * @token: token
 *
 * Return: non-zero if it does.
 */
int http_list_has(struct http_slice list, const char *token)
{
	struct http_slice item;
	const char *comma;

	while (list.len) {
		comma = memchr(list.p, ',', list.len);
		item = (struct http_slice){ list.p, comma ? (size_t)(comma - list.p) : list.len };
		if (http_slice_eq(trim_ows(item), token))
			return 1;
		if (!comma)
			break;
		list.len -= item.len + 1;
		list.p = comma + 1;
	}
	return 0;
}

/**
 * http_parse_u64() - a decimal number, digits only
 * @s:   text
 * @out: out: the number
 *
 * Return: 0, or -EINVAL (empty, not digits, over 2^64-1).
 */
int http_parse_u64(struct http_slice s, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!s.len)
		return -EINVAL;
	for (i = 0; i < s.len; i++) {
		unsigned int d = (unsigned char)s.p[i] - '0';

		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/**
 * split_dash() - "A-B" into its two sides (either may be empty)
 * @s:     text
 * @left:  out: before the dash
 * @right: out: after it
 *
 * Return: 0, or -EINVAL without a dash.
 */
static int split_dash(struct http_slice s, struct http_slice *left, struct http_slice *right)
{
	const char *dash = memchr(s.p, '-', s.len);

	if (!dash)
		return -EINVAL;
	*left = (struct http_slice){ s.p, (size_t)(dash - s.p) };
	*right = (struct http_slice){ dash + 1, s.len - left->len - 1 };
	return 0;
}

/**
 * http_parse_range() - a Range field against a representation (RFC 9110 section 14.2)
 * @s:     field value
 * @size:  representation length
 * @first: out: first byte served
 * @last:  out: last byte served
 *
 * Only one "bytes" range is honoured: "a-b", "a-" and "-n"; several ranges
 * or anything malformed are ignored (the whole is served), as the RFC allows.
 *
 * Return: an enum http_range_rc.
 */
enum http_range_rc http_parse_range(struct http_slice s, uint64_t size, uint64_t *first,
				    uint64_t *last)
{
	struct http_slice a, b;
	uint64_t va = 0, vb = 0;

	if (s.len < 6 || strncasecmp(s.p, "bytes=", 6) || memchr(s.p, ',', s.len))
		return HTTP_RANGE_NONE;
	s = trim_ows((struct http_slice){ s.p + 6, s.len - 6 });
	if (split_dash(s, &a, &b) || (a.len && http_parse_u64(a, &va)) ||
	    (b.len && http_parse_u64(b, &vb)) || (!a.len && !b.len) || (a.len && b.len && vb < va))
		return HTTP_RANGE_NONE;
	if (!a.len) {                   /* suffix: the last vb bytes */
		if (!vb || !size)
			return HTTP_RANGE_UNSATISFIABLE;
		*first = vb >= size ? 0 : size - vb;
		*last = size - 1;
		return HTTP_RANGE_OK;
	}
	if (va >= size)
		return HTTP_RANGE_UNSATISFIABLE;
	*first = va;
	*last = !b.len || vb >= size ? size - 1 : vb;
	return HTTP_RANGE_OK;
}

/**
 * http_parse_content_range() - "bytes A-B/SIZE", "bytes A-B/(star)" or "bytes (star)/SIZE"
 * @s:     field value
 * @first: out: first byte (UINT64_MAX for "*")
 * @last:  out: last byte (UINT64_MAX for "*")
 * @size:  out: complete length (UINT64_MAX for "*")
 *
 * Return: 0 or -EINVAL.
 */
int http_parse_content_range(struct http_slice s, uint64_t *first, uint64_t *last,
			     uint64_t *size)
{
	struct http_slice range, total, a, b;
	const char *slash;

	if (s.len < 6 || strncasecmp(s.p, "bytes ", 6))
		return -EINVAL;
	s = (struct http_slice){ s.p + 6, s.len - 6 };
	slash = memchr(s.p, '/', s.len);
	if (!slash)
		return -EINVAL;
	range = (struct http_slice){ s.p, (size_t)(slash - s.p) };
	total = (struct http_slice){ slash + 1, s.len - range.len - 1 };
	*first = *last = *size = UINT64_MAX;
	if (!http_slice_eq(total, "*") && http_parse_u64(total, size))
		return -EINVAL;
	if (http_slice_eq(range, "*"))
		return *size == UINT64_MAX ? -EINVAL : 0;
	if (split_dash(range, &a, &b) || http_parse_u64(a, first) || http_parse_u64(b, last) ||
	    *last < *first || (*size != UINT64_MAX && *last >= *size))
		return -EINVAL;
	return 0;
}

/**
 * http_reason() - the reason phrase of a status code pxelab sends
 * @status: status code
 *
 * Return: the phrase ("Unknown" for others).
 */
const char *http_reason(unsigned int status)
{
	static const struct { unsigned int code; const char *text; } reasons[] = {
		{ 200, "OK" }, { 206, "Partial Content" }, { 400, "Bad Request" },
		{ 403, "Forbidden" }, { 404, "Not Found" }, { 405, "Method Not Allowed" },
		{ 414, "URI Too Long" }, { 416, "Range Not Satisfiable" },
		{ 431, "Request Header Fields Too Large" }, { 500, "Internal Server Error" },
		{ 501, "Not Implemented" }, { 503, "Service Unavailable" },
		{ 505, "HTTP Version Not Supported" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(reasons); i++)
		if (reasons[i].code == status)
			return reasons[i].text;
	return "Unknown";
}
