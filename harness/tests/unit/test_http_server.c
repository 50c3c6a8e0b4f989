/* test_http_server.c - unit tests of pxelab's HTTP server and head parser on the requests iPXE and OVMF send */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "services/http/http_msg.h"
#include "services/http/http_server.h"
#include "testlib.h"

#define DISK_SIZE 40960u

/**
 * struct fake - a fake transport and event sink
 * @out:     everything written
 * @len:     its length
 * @held:    bytes the fake claims are still queued (window tests)
 * @closed:  close() was called
 * @writes:  write() calls
 * @events:  the events, one "kind name detail value" per line
 */
struct fake {
	char *out;
	size_t len;
	unsigned writes;
	size_t held;
	int closed;
	char events[8192];
};

static char root[64];
static uint8_t disk[DISK_SIZE];

/** fake_write() - keep the bytes */
static int fake_write(void *ctx, const void *buf, size_t len)
{
	struct fake *f = ctx;

	ck_assert(!f->closed);
	f->writes++;
	f->out = realloc(f->out, f->len + len + 1);
	memcpy(f->out + f->len, buf, len);
	f->len += len;
	f->out[f->len] = '\0';
	return 0;
}

/** fake_close() - note the close */
static void fake_close(void *ctx)
{
	((struct fake *)ctx)->closed = 1;
}

/** fake_queued() - what the fake pretends to hold: every byte since the last drain */
static size_t fake_queued(void *ctx)
{
	return ((struct fake *)ctx)->held;
}

/** fake_event() - keep an event as a line */
static void fake_event(void *ctx, uint64_t now, const struct pxl_event *ev)
{
	struct fake *f = ctx;
	size_t n = strlen(f->events);

	snprintf(f->events + n, sizeof(f->events) - n, "%s %s %s %llu\n", ev->kind,
		 ev->name ? ev->name : "-", ev->detail ? ev->detail : "-",
		 (unsigned long long)ev->value);
}

static const struct pxl_stream_ops fake_ops = { fake_write, fake_close, NULL, NULL };

/** put() - write a file under the root */
static void put(const char *name, const void *data, size_t len)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	fclose(fp);
}

/** tree_setup() - the served root: a script, an EFI file, a disk, a folder, a secret beside */
static void tree_setup(void)
{
	char path[256];
	size_t i;

	snprintf(root, sizeof(root), "/tmp/pxl-http-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	for (i = 0; i < DISK_SIZE; i++)
		disk[i] = (uint8_t)(i % 251);
	put("boot.ipxe", "#!ipxe\nchain http://10.0.2.4/x\n", 31);
	put("uefi-marker.efi", "MZ-efi", 6);
	put("disk.img", disk, DISK_SIZE);
	snprintf(path, sizeof(path), "%s/sub", root);
	mkdir(path, 0755);
	put("../pxl-http-secret", "SECRET", 6);
	snprintf(path, sizeof(path), "%s/escape", root);
	ck_assert_int_eq(symlink("../pxl-http-secret", path), 0);
}

/** tree_teardown() - remove the root */
static void tree_teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s /tmp/pxl-http-secret", root);
	ck_assert_int_eq(system(cmd), 0);
}

/**
 * serve() - one connection, the input in pieces of @piece bytes (0: whole)
 * @f:     fake, filled
 * @cfg:   configuration (root filled in)
 * @in:    client bytes
 * @piece: piece size
 */
static void serve(struct fake *f, struct http_config cfg, const char *in, size_t piece)
{
	struct http_server *srv;
	struct http_conn *c;
	size_t len = strlen(in), n;
	int err;

	memset(f, 0, sizeof(*f));
	cfg.root = root;
	srv = http_server_new(&cfg, &err);
	ck_assert_ptr_nonnull(srv);
	c = http_conn_new(srv, (struct pxl_stream){ &fake_ops, f },
			  (struct pxl_event_sink){ fake_event, f }, 0);
	ck_assert_ptr_nonnull(c);
	while (len) {
		n = piece && piece < len ? piece : len;
		http_conn_input(c, in, n, PXL_NS_PER_MS);
		in += n;
		len -= n;
	}
	http_conn_free(c);
	http_server_free(srv);
}

/**
 * response() - the @i-th response in the output: head, body
 * @f:    fake
 * @i:    index (0 first)
 * @h:    out: head
 * @body: out: its body (Content-Length bytes; HEAD responses: pass @head_only)
 * @head_only: the request was a HEAD
 */
static void response(const struct fake *f, int i, struct http_head *h, const char **body,
		     int head_only)
{
	const char *p = f->out, *why = "";
	size_t left = f->len, end;
	uint64_t clen = 0;

	ck_assert_ptr_nonnull(p);
	for (;;) {
		end = http_head_end((const uint8_t *)p, left);
		ck_assert_msg(end, "response %d: no head in %zu bytes", i, left);
		ck_assert_msg(http_parse_response(p, end, h, &why) == 0, "response %d: %s", i, why);
		ck_assert_msg(http_field(h, "Content-Length"), "no Content-Length");
		ck_assert_int_eq(http_parse_u64(*http_field(h, "Content-Length"), &clen), 0);
		*body = p + end;
		if (!head_only)
			ck_assert_uint_le(end + clen, left);
		if (i-- == 0)
			return;
		p += end + (head_only ? 0 : clen);
		left -= end + (head_only ? 0 : clen);
	}
}

/** field_is() - a field has a value */
static void field_is(const struct http_head *h, const char *name, const char *value)
{
	const struct http_slice *v = http_field(h, name);

	ck_assert_msg(v, "no %s field", name);
	ck_assert_msg(http_slice_eq(*v, value), "%s is '%.*s', not '%s'", name, (int)v->len, v->p,
		      value);
}

#define IPXE_HDRS "Connection: keep-alive\r\nUser-Agent: iPXE/1.0.0+git-20190125.36a4c85-5.1\r\nHost: 10.0.2.5\r\n\r\n"
#define OVMF_HDRS "Host: 10.0.2.5\r\nAccept: */*\r\nUser-Agent: UefiHttpBoot/1.0\r\n\r\n"

/* iPXE: script, kernel, initrd as pipelined GETs on one connection, sent in one piece or byte by byte */
START_TEST(test_ipxe_pipelined)
{
	static const char in[] = "GET /boot.ipxe HTTP/1.1\r\n" IPXE_HDRS
				 "GET /uefi-marker.efi HTTP/1.1\r\n" IPXE_HDRS
				 "GET /disk.img HTTP/1.1\r\n" IPXE_HDRS;
	struct fake f, g;
	struct http_head h;
	const char *body;

	serve(&f, (struct http_config){ 0 }, in, 0);
	response(&f, 0, &h, &body, 0);
	ck_assert_uint_eq(h.status, 200);
	field_is(&h, "Content-Length", "31");
	ck_assert(!strncmp(body, "#!ipxe\n", 7));
	response(&f, 1, &h, &body, 0);
	field_is(&h, "Content-Type", "application/efi");
	response(&f, 2, &h, &body, 0);
	field_is(&h, "Content-Length", "40960");
	field_is(&h, "Accept-Ranges", "bytes");
	ck_assert_mem_eq(body, disk, DISK_SIZE);
	ck_assert(!f.closed);
	ck_assert(!http_field(&h, "Connection"));
	serve(&g, (struct http_config){ 0 }, in, _i + 1);
	ck_assert_uint_eq(g.len, f.len);
	ck_assert_mem_eq(g.out, f.out, f.len);
	free(f.out);
	free(g.out);
}
END_TEST

/* iPXE sanboot: HEAD gives the disk size, then 206 answers to its Range reads */
START_TEST(test_ipxe_sanboot)
{
	static const char in[] = "HEAD /disk.img HTTP/1.1\r\n" IPXE_HDRS
				 "GET /disk.img HTTP/1.1\r\nConnection: keep-alive\r\nRange: bytes=32768-34815\r\nHost: 10.0.2.5\r\n\r\n"
				 "GET /disk.img HTTP/1.1\r\nConnection: keep-alive\r\nRange: bytes=0-511\r\nHost: 10.0.2.5\r\n\r\n";
	struct fake f;
	struct http_head h;
	const char *body;
	char *all;

	serve(&f, (struct http_config){ 0 }, in, 0);
	all = f.out;
	response(&f, 0, &h, &body, 1);
	ck_assert_uint_eq(h.status, 200);
	field_is(&h, "Content-Length", "40960");
	/* the HEAD has no body: the next response starts right after its head */
	ck_assert(!strncmp(body, "HTTP/1.1 206 ", 13));
	f.out = (char *)body;
	f.len -= (size_t)(body - f.out);
	response(&f, 0, &h, &body, 0);
	ck_assert_uint_eq(h.status, 206);
	field_is(&h, "Content-Range", "bytes 32768-34815/40960");
	field_is(&h, "Content-Length", "2048");
	ck_assert_mem_eq(body, disk + 32768, 2048);
	response(&f, 1, &h, &body, 0);
	field_is(&h, "Content-Range", "bytes 0-511/40960");
	ck_assert_mem_eq(body, disk, 512);
	ck_assert_ptr_nonnull(strstr(f.events, "response /disk.img status=206 length=512 range=0-511/40960"));
	free(all);
}
END_TEST

/* OVMF HTTP Boot: HEAD then GET, no Connection field; the type says "run it" */
START_TEST(test_ovmf_http_boot)
{
	static const char in[] = "HEAD /uefi-marker.efi HTTP/1.1\r\n" OVMF_HDRS
				 "GET /uefi-marker.efi HTTP/1.1\r\n" OVMF_HDRS;
	struct fake f;
	struct http_head h;
	const char *body;

	serve(&f, (struct http_config){ 0 }, in, 0);
	response(&f, 0, &h, &body, 1);
	field_is(&h, "Content-Type", "application/efi");
	field_is(&h, "Content-Length", "6");
	f.len -= (size_t)(body - f.out);
	memmove(f.out, body, f.len);
	response(&f, 0, &h, &body, 0);
	ck_assert_uint_eq(h.status, 200);
	ck_assert_mem_eq(body, "MZ-efi", 6);
	ck_assert(!f.closed);
	free(f.out);
}
END_TEST

/**
 * struct err_case - a request and how it must be refused
 * @in:     request bytes
 * @status: expected status
 * @cause:  text the "error" event's detail must hold
 * @closes: the connection must close after the answer
 */
static const struct err_case {
	const char *in;
	unsigned int status;
	const char *cause;
	int closes;
} err_cases[] = {
	{ "POST /boot.ipxe HTTP/1.1\r\nHost: a\r\n\r\n", 405, "method not allowed", 0 },
	{ "BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n", 501, "method not implemented", 1 },
	{ "get /boot.ipxe HTTP/1.1\r\nHost: a\r\n\r\n", 501, "method not implemented", 1 },
	{ "GET /nope HTTP/1.1\r\nHost: a\r\n\r\n", 404, "no such file", 0 },
	{ "GET /../pxl-http-secret HTTP/1.1\r\nHost: a\r\n\r\n", 403, "..", 0 },
	{ "GET /%2e%2e/pxl-http-secret HTTP/1.1\r\nHost: a\r\n\r\n", 403, "..", 0 },
	{ "GET /%2E%2E/%2E%2E/etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n", 403, "..", 0 },
	{ "GET /..%2fpxl-http-secret HTTP/1.1\r\nHost: a\r\n\r\n", 400, "encoded path separator", 0 },
	{ "GET /..%5cpxl-http-secret HTTP/1.1\r\nHost: a\r\n\r\n", 400, "encoded path separator", 0 },
	{ "GET /..\\pxl-http-secret HTTP/1.1\r\nHost: a\r\n\r\n", 403, "..", 0 },
	{ "GET /boot.ipxe%00.efi HTTP/1.1\r\nHost: a\r\n\r\n", 400, "encoded NUL", 0 },
	{ "GET /x%1b%5b31m%0aFAKE HTTP/1.1\r\nHost: a\r\n\r\n", 400, "encoded control character", 0 },
	{ "GET /boot.ipxe%7f HTTP/1.1\r\nHost: a\r\n\r\n", 400, "encoded control character", 0 },
	{ "GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400, "percent-encoding", 0 },
	{ "GET /boot.ipxe% HTTP/1.1\r\nHost: a\r\n\r\n", 400, "percent-encoding", 0 },
	{ "GET /escape HTTP/1.1\r\nHost: a\r\n\r\n", 403, "", 0 },
	{ "GET /sub/ HTTP/1.1\r\nHost: a\r\n\r\n", 403, "directory", 0 },
	{ "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 403, "directory", 0 },
	{ "GET boot.ipxe HTTP/1.1\r\nHost: a\r\n\r\n", 400, "not a path", 0 },
	{ "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400, "not a path", 0 },
	{ "GET /boot.ipxe HTTP/1.1\r\n\r\n", 400, "without Host", 1 },
	{ "GET /boot.ipxe HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "repeated Host", 1 },
	{ "GET /boot.ipxe HTTP/2.0\r\nHost: a\r\n\r\n", 505, "version", 1 },
	{ "GET /boot.ipxe HTTX/1.1\r\nHost: a\r\n\r\n", 400, "version", 1 },
	{ "GET /boot.ipxe HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 501, "Transfer-Encoding", 1 },
	{ "GET /boot.ipxe HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello", 400, "body", 1 },
	{ "GET /boot.ipxe HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n", 400, "Content-Length", 1 },
	{ "GET /boot.ipxe HTTP/1.1\r\nHost : a\r\n\r\n", 400, "field name", 1 },
	{ "GET /boot.ipxe HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400, "folding", 1 },
	{ "GET /boot.ipxe HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400, "line ending", 1 },
	{ "GET /boot.ipxe HTTP/1.1\r\nHost: a\x01\r\n\r\n", 400, "control character", 1 },
	{ "GET  /boot.ipxe HTTP/1.1\r\nHost: a\r\n\r\n", 400, "request line", 1 },
	{ "GET /disk.img HTTP/1.1\r\nHost: a\r\nRange: bytes=40960-\r\n\r\n", 416, "range", 0 },
	{ "GET /disk.img HTTP/1.1\r\nHost: a\r\nRange: bytes=-0\r\n\r\n", 416, "range", 0 },
};

/* every refusal: its status, an error event naming the cause, closed or kept */
START_TEST(test_errors)
{
	const struct err_case *ec = &err_cases[_i];
	struct fake f;
	struct http_head h;
	const char *body;
	char want[64];

	serve(&f, (struct http_config){ 0 }, ec->in, 0);
	response(&f, 0, &h, &body, 0);
	ck_assert_msg(h.status == ec->status, "%s: status %u, not %u", ec->in, h.status, ec->status);
	snprintf(want, sizeof(want), "error ");
	ck_assert_msg(strstr(f.events, want) && strstr(f.events, ec->cause),
		      "%s: events '%s' lack '%s'", ec->in, f.events, ec->cause);
	ck_assert_msg(f.closed == ec->closes, "%s: closed %d", ec->in, f.closed);
	ck_assert_msg(!strstr(f.out, "SECRET"), "%s: leaked", ec->in);
	if (h.status == 405)
		field_is(&h, "Allow", "GET, HEAD");
	if (h.status == 416)
		field_is(&h, "Content-Range", "bytes */40960");
	free(f.out);
}
END_TEST

/* the other forms a target may take, HTTP/1.0 and Connection: close */
START_TEST(test_forms_and_close)
{
	struct fake f;
	struct http_head h;
	const char *body;

	serve(&f, (struct http_config){ 0 }, "GET http://10.0.2.5/boot.ipxe?x=1#y HTTP/1.1\r\nHost: 10.0.2.5\r\n\r\n", 0);
	response(&f, 0, &h, &body, 0);
	ck_assert_uint_eq(h.status, 200);
	ck_assert(!f.closed);
	free(f.out);
	serve(&f, (struct http_config){ 0 }, "GET /boot%2Eipxe HTTP/1.0\r\n\r\nGET /boot.ipxe HTTP/1.0\r\n\r\n", 0);
	response(&f, 0, &h, &body, 0);
	ck_assert_uint_eq(h.status, 200);
	field_is(&h, "Connection", "close");
	ck_assert(f.closed);
	ck_assert_uint_eq((size_t)(body - f.out) + 31, f.len);  /* the second request is not answered */
	free(f.out);
	serve(&f, (struct http_config){ 0 }, "GET /boot.ipxe HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 0);
	ck_assert(f.closed);
	free(f.out);
}
END_TEST

/* the head bound: a long request line is 414, a long field block 431 */
START_TEST(test_head_bounds)
{
	struct fake f;
	struct http_head h;
	const char *body;
	char *in = malloc(20000);

	memset(in, 'a', 19999);
	in[19999] = '\0';
	memcpy(in, "GET /", 5);
	serve(&f, (struct http_config){ 0 }, in, 1000);
	response(&f, 0, &h, &body, 0);
	ck_assert_uint_eq(h.status, 414);
	ck_assert(f.closed);
	free(f.out);
	memcpy(in, "GET / HTTP/1.1\r\nX: ", 19);
	serve(&f, (struct http_config){ 0 }, in, 1000);
	response(&f, 0, &h, &body, 0);
	ck_assert_uint_eq(h.status, 431);
	free(f.out);
	free(in);
}
END_TEST

/* a body goes out one window at a time; drained() brings the rest */
START_TEST(test_window)
{
	static const struct pxl_stream_ops ops = { fake_write, fake_close, fake_queued, NULL };
	struct http_config cfg = { .root = root };
	static const char in[] = "GET /disk.img HTTP/1.1\r\nHost: a\r\n\r\nGET /boot.ipxe HTTP/1.1\r\nHost: a\r\n\r\n";
	struct fake f = { 0 };
	struct http_server *srv;
	struct http_conn *c;
	int err, rounds = 0;

	srv = http_server_new(&cfg, &err);
	c = http_conn_new(srv, (struct pxl_stream){ &ops, &f }, (struct pxl_event_sink){ fake_event, &f }, 0);
	f.held = HTTP_WINDOW;            /* the transport is full from the start */
	http_conn_input(c, in, strlen(in), 0);
	ck_assert_ptr_null(strstr(f.events, "complete"));
	ck_assert_uint_lt(f.len, 300);    /* the head only */
	while (!strstr(f.events, "complete /boot.ipxe") && rounds++ < 10) {
		f.held = 0;
		http_conn_drained(c, PXL_NS_PER_MS);
	}
	ck_assert_ptr_nonnull(strstr(f.events, "complete /disk.img status=200 bytes=40960"));
	ck_assert_ptr_nonnull(strstr(f.events, "complete /boot.ipxe"));
	http_conn_free(c);
	http_server_free(srv);
	free(f.out);
}
END_TEST

/* a small file or a Range read leaves in one write, head and body together (make bench: one
 * send per request, not two); a body larger than a chunk follows its first piece */
START_TEST(test_head_and_body_in_one_write)
{
	struct fake f;

	serve(&f, (struct http_config){ 0 }, "GET /boot.ipxe HTTP/1.1\r\nHost: a\r\n\r\n", 0);
	ck_assert_uint_eq(f.writes, 1);
	ck_assert_ptr_nonnull(strstr(f.out, "Content-Length: 31\r\n"));
	ck_assert_str_eq(f.out + f.len - 31, "#!ipxe\nchain http://10.0.2.4/x\n");
	free(f.out);
	serve(&f, (struct http_config){ 0 }, "GET /disk.img HTTP/1.1\r\nHost: a\r\nRange: bytes=512-1023\r\n\r\n", 0);
	ck_assert_uint_eq(f.writes, 1);
	ck_assert_ptr_nonnull(strstr(f.out, "206 Partial Content"));
	ck_assert_int_eq(memcmp(f.out + f.len - 512, disk + 512, 512), 0);
	free(f.out);
	serve(&f, (struct http_config){ 0 }, "HEAD /disk.img HTTP/1.1\r\nHost: a\r\n\r\n", 0);
	ck_assert_uint_eq(f.writes, 1);
	ck_assert_ptr_nonnull(strstr(f.out, "Content-Length: 40960\r\n"));
	ck_assert_str_eq(strstr(f.out, "\r\n\r\n"), "\r\n\r\n");	/* the head, no body */
	free(f.out);
}
END_TEST

/* the connection bound: the next connection gets 503 and is closed */
START_TEST(test_max_conns)
{
	struct http_config cfg = { .root = root, .max_conns = 1 };
	struct fake a = { 0 }, b = { 0 };
	struct http_server *srv;
	struct http_conn *c1, *c2;
	int err;

	srv = http_server_new(&cfg, &err);
	c1 = http_conn_new(srv, (struct pxl_stream){ &fake_ops, &a }, (struct pxl_event_sink){ fake_event, &a }, 0);
	c2 = http_conn_new(srv, (struct pxl_stream){ &fake_ops, &b }, (struct pxl_event_sink){ fake_event, &b }, 0);
	ck_assert(!a.closed);
	ck_assert(b.closed);
	ck_assert(!strncmp(b.out, "HTTP/1.1 503 ", 13));
	ck_assert_ptr_nonnull(strstr(b.events, "too many connections"));
	http_conn_free(c2);
	ck_assert_uint_eq(http_server_conns(srv), 1);
	http_conn_free(c1);
	http_server_free(srv);
	free(a.out);
	free(b.out);
}
END_TEST

/**
 * struct range_case - a Range value against a 1000-byte file
 * @value: field value
 * @rc:    expected verdict
 * @first: expected first byte
 * @last:  expected last byte
 */
static const struct range_case {
	const char *value;
	enum http_range_rc rc;
	uint64_t first, last;
} range_cases[] = {
	{ "bytes=0-511", HTTP_RANGE_OK, 0, 511 },
	{ "bytes=0-0", HTTP_RANGE_OK, 0, 0 },
	{ "bytes=500-", HTTP_RANGE_OK, 500, 999 },
	{ "bytes=-100", HTTP_RANGE_OK, 900, 999 },
	{ "bytes=-5000", HTTP_RANGE_OK, 0, 999 },
	{ "bytes=900-5000", HTTP_RANGE_OK, 900, 999 },
	{ "Bytes= 1-2", HTTP_RANGE_OK, 1, 2 },
	{ "bytes=1000-", HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=1000-1001", HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=-0", HTTP_RANGE_UNSATISFIABLE, 0, 0 },
	{ "bytes=5-3", HTTP_RANGE_NONE, 0, 0 },
	{ "bytes=0-1,5-6", HTTP_RANGE_NONE, 0, 0 },
	{ "items=0-1", HTTP_RANGE_NONE, 0, 0 },
	{ "bytes=-", HTTP_RANGE_NONE, 0, 0 },
	{ "bytes=a-b", HTTP_RANGE_NONE, 0, 0 },
	{ "bytes=99999999999999999999-", HTTP_RANGE_NONE, 0, 0 },
	{ "bytes=0x10-", HTTP_RANGE_NONE, 0, 0 },
};

/* Range values: one range honoured, the rest ignored or unsatisfiable */
START_TEST(test_range_table)
{
	const struct range_case *rc = &range_cases[_i];
	struct http_slice s = { rc->value, strlen(rc->value) };
	uint64_t first = 0, last = 0;

	ck_assert_msg(http_parse_range(s, 1000, &first, &last) == rc->rc, "%s", rc->value);
	if (rc->rc == HTTP_RANGE_OK) {
		ck_assert_uint_eq(first, rc->first);
		ck_assert_uint_eq(last, rc->last);
	}
}
END_TEST

/* a response head as nginx sends it, and Content-Range values (what the wire observer reads) */
START_TEST(test_response_parse)
{
	static const char head[] = "HTTP/1.1 206 Partial Content\r\nServer: nginx/1.22.1\r\n"
				   "Content-Type: application/octet-stream\r\nContent-Length: 512\r\n"
				   "Connection: keep-alive\r\nContent-Range: bytes 0-511/33554432\r\n\r\n";
	struct http_head h;
	const char *why;
	uint64_t a, b, n;

	ck_assert_uint_eq(http_head_end((const uint8_t *)head, strlen(head)), strlen(head));
	ck_assert_int_eq(http_parse_response(head, strlen(head), &h, &why), 0);
	ck_assert_uint_eq(h.status, 206);
	ck_assert(http_list_has(*http_field(&h, "connection"), "Keep-Alive"));
	ck_assert_int_eq(http_parse_content_range(*http_field(&h, "Content-Range"), &a, &b, &n), 0);
	ck_assert_uint_eq(a, 0);
	ck_assert_uint_eq(b, 511);
	ck_assert_uint_eq(n, 33554432);
	ck_assert_int_eq(http_parse_content_range((struct http_slice){ "bytes */100", 11 }, &a, &b, &n), 0);
	ck_assert_uint_eq(n, 100);
	ck_assert_int_eq(http_parse_content_range((struct http_slice){ "bytes 5-4/100", 13 }, &a, &b, &n), -EINVAL);
	ck_assert_int_eq(http_parse_response("HTTP/1.1 2000 OK\r\n\r\n", 20, &h, &why), -EINVAL);
	ck_assert_uint_eq(http_head_end((const uint8_t *)"GET / HTTP/1.1\r\nHost: a\r\n", 25), 0);
	ck_assert_str_eq(http_content_type("a/b/UEFI-MARKER.IMG"), "application/vnd.efi-img");
	ck_assert_str_eq(http_content_type("x.iso"), "application/vnd.efi-iso");
	ck_assert_str_eq(http_content_type("x.d/vmlinuz"), "application/octet-stream");
}
END_TEST

/* no-range servers ignore Range and say so */
START_TEST(test_no_range)
{
	struct fake f;
	struct http_head h;
	const char *body;

	serve(&f, (struct http_config){ .no_range = 1 },
	      "GET /disk.img HTTP/1.1\r\nHost: a\r\nRange: bytes=0-511\r\n\r\n", 0);
	response(&f, 0, &h, &body, 0);
	ck_assert_uint_eq(h.status, 200);
	field_is(&h, "Accept-Ranges", "none");
	field_is(&h, "Content-Length", "40960");
	free(f.out);
}
END_TEST

/**
 * http_suite() - the HTTP server test suite
 *
 * Return: the suite.
 */
static Suite *http_suite(void)
{
	Suite *s = suite_create("http_server");
	TCase *tc = tcase_create("http");

	tcase_add_unchecked_fixture(tc, tree_setup, tree_teardown);
	tcase_add_loop_test(tc, test_ipxe_pipelined, 0, 3);
	tcase_add_test(tc, test_ipxe_sanboot);
	tcase_add_test(tc, test_ovmf_http_boot);
	tcase_add_loop_test(tc, test_errors, 0, ARRAY_SIZE(err_cases));
	tcase_add_test(tc, test_forms_and_close);
	tcase_add_test(tc, test_head_bounds);
	tcase_add_test(tc, test_window);
	tcase_add_test(tc, test_head_and_body_in_one_write);
	tcase_add_test(tc, test_max_conns);
	tcase_add_loop_test(tc, test_range_table, 0, ARRAY_SIZE(range_cases));
	tcase_add_test(tc, test_response_parse);
	tcase_add_test(tc, test_no_range);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(http_suite)
