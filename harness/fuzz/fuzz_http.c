/* fuzz_http.c - fuzz target: HTTP head parsing and pxelab's HTTP server behind a fake stream
 *
 * Input: a cut byte (how the stream is cut: 0 in one piece), a flags byte
 * (bit 0: a no-range server; bit 1: the transport claims a full window so
 * bodies go out only through http_conn_drained()), then the bytes a client
 * sends (seeds: iPXE's and OVMF's requests as measured, in
 * fixtures/fuzz/http/).  The input is also parsed head by head as requests
 * and as responses, with the Range, Content-Range and Connection helpers.
 * Contracts checked: the server writes a sequence of well-formed responses,
 * each with a Content-Length its body (HEAD: none) matches; nothing is
 * written after close; no file outside the served root is ever sent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "services/http/http_msg.h"
#include "services/http/http_server.h"

#define OUT_KEEP (1u << 20)

/**
 * struct http_fuzz - made once: the served root
 * @root:  its path
 * @ready: set up
 */
static struct http_fuzz {
	char root[512];
	int ready;
} fz;

/**
 * struct out_buf - what the server wrote during one input
 * @buf:    bytes (up to OUT_KEEP)
 * @len:    bytes kept
 * @total:  bytes written in all
 * @held:   what queued() reports
 * @closed: the server closed the stream
 */
struct out_buf {
	uint8_t *buf;
	size_t len, total, held;
	int closed;
};

/** setup() - the root: a script, an EFI file, a 64 KiB disk, a folder; a secret beside it */
static void setup(void)
{
	static uint8_t disk[65536];
	char sub[600];
	const char *dir;
	size_t i;

	if (fz.ready)
		return;
	for (i = 0; i < sizeof(disk); i++)
		disk[i] = (uint8_t)(i % 251);
	dir = fuzz_tmpdir("http");
	FUZZ_ASSERT(dir, "no temp dir");
	FUZZ_ASSERT(!fuzz_write_file(dir, "SECRET-OUTSIDE", "PXELAB-SECRET", 13), "secret");
	snprintf(fz.root, sizeof(fz.root), "%s/root", dir);
	snprintf(sub, sizeof(sub), "%s/sub", fz.root);
	FUZZ_ASSERT(!mkdir(fz.root, 0700) && !mkdir(sub, 0700), "mkdir %s", sub);
	FUZZ_ASSERT(!fuzz_write_file(fz.root, "boot.ipxe", "#!ipxe\n", 7) &&
		    !fuzz_write_file(fz.root, "uefi-marker.efi", "MZ", 2) &&
		    !fuzz_write_file(fz.root, "disk.img", disk, sizeof(disk)) &&
		    !fuzz_write_file(fz.root, "sub/x.txt", "x", 1), "root files");
	fz.ready = 1;
}

/** out_write() - fake stream: keep what the server writes */
static int out_write(void *ctx, const void *buf, size_t n)
{
	struct out_buf *o = ctx;

	FUZZ_ASSERT(!o->closed, "write after close");
	o->total += n;
	if (o->len + n > OUT_KEEP)
		return 0;
	o->buf = realloc(o->buf, o->len + n);
	FUZZ_ASSERT(o->buf, "out of memory");
	memcpy(o->buf + o->len, buf, n);
	o->len += n;
	return 0;
}

/** out_close() - fake stream: note the close */
static void out_close(void *ctx)
{
	((struct out_buf *)ctx)->closed = 1;
}

/** out_queued() - fake stream: the window it claims to hold */
static size_t out_queued(void *ctx)
{
	return ((struct out_buf *)ctx)->held;
}

/**
 * touch_head() - run the value helpers over a parsed head's fields
 * @h: head
 */
static void touch_head(const struct http_head *h)
{
	uint64_t a, b, n;
	size_t i;

	for (i = 0; i < h->nfields; i++) {
		http_parse_range(h->fields[i].value, 65536, &a, &b);
		http_parse_content_range(h->fields[i].value, &a, &b, &n);
		http_list_has(h->fields[i].value, "close");
		http_parse_u64(h->fields[i].value, &n);
	}
	http_field_count(h, "Host");
}

/**
 * parse_heads() - walk bytes head by head as requests and as responses
 * @p:   bytes
 * @len: count
 */
static void parse_heads(const uint8_t *p, size_t len)
{
	static struct http_head h;
	const char *why;
	size_t end;

	while ((end = http_head_end(p, len)) != 0) {
		FUZZ_ASSERT(end <= len, "head end %zu past %zu", end, len);
		if (!http_parse_request((const char *)p, end, &h, &why))
			touch_head(&h);
		else
			fuzz_touch_str(why);
		if (!http_parse_response((const char *)p, end, &h, &why))
			touch_head(&h);
		p += end;
		len -= end;
	}
}

/**
 * check_output() - the server's bytes are well-formed responses
 * @o: output
 */
static void check_output(const struct out_buf *o)
{
	static struct http_head h;
	const uint8_t *p = o->buf;
	size_t len = o->len, end;
	const char *why = "";
	uint64_t clen;

	FUZZ_ASSERT(!o->len || !memmem(o->buf, o->len, "PXELAB-SECRET", 13), "secret sent");
	while (len) {
		end = http_head_end(p, len);
		FUZZ_ASSERT(end, "output ends in a partial head (%zu bytes left)", len);
		FUZZ_ASSERT(!http_parse_response((const char *)p, end, &h, &why), "bad head: %s", why);
		FUZZ_ASSERT(http_field(&h, "Content-Length") &&
			    !http_parse_u64(*http_field(&h, "Content-Length"), &clen), "no Content-Length");
		p += end;
		len -= end;
		/* a HEAD answer has no body: the output ends or a head follows (no
		 * served file and no error body starts with "HTTP/1.1 ") */
		if (!len || (len >= 9 && !memcmp(p, "HTTP/1.1 ", 9)))
			continue;
		FUZZ_ASSERT(clen <= len, "body of %llu bytes, %zu left", (unsigned long long)clen, len);
		p += clen;
		len -= clen;
	}
}

/**
 * feed() - hand the bytes to the connection in pieces, draining between them
 * @c:     connection
 * @o:     its output
 * @p:     bytes
 * @len:   count
 * @cut:   0: one piece; else seeds the piece sizes (1 .. 4 * @cut)
 */
static void feed(struct http_conn *c, struct out_buf *o, const uint8_t *p, size_t len, uint8_t cut)
{
	uint64_t rng = 0x9e3779b97f4a7c15ULL ^ cut, now = PXL_NS_PER_SEC;
	size_t n, i;

	while (len) {
		n = cut ? 1 + fuzz_rng(&rng) % (4u * cut) : len;
		n = n < len ? n : len;
		if (http_conn_input(c, p, n, now))
			break;
		p += n;
		len -= n;
		now += PXL_NS_PER_MS;
	}
	for (i = 0; i < 64 && !http_conn_is_closed(c); i++) {
		o->held = 0;
		http_conn_drained(c, now);
	}
}

/**
 * LLVMFuzzerTestOneInput() - one input: cut byte, flags byte, a client's bytes
 * @data: input
 * @size: its length
 *
 * Return: 0 (libFuzzer's convention; problems abort).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct pxl_stream_ops ops = { out_write, out_close, out_queued, NULL };
	struct out_buf out = { 0 };
	struct http_config cfg = { 0 };
	struct http_server *srv;
	struct http_conn *c;
	int err;

	if (size < 2)
		return 0;
	setup();
	parse_heads(data + 2, size - 2);
	cfg.root = fz.root;
	cfg.no_range = data[1] & 1;
	cfg.max_head = 4096;
	srv = http_server_new(&cfg, &err);
	FUZZ_ASSERT(srv, "server: %d", err);
	out.held = data[1] & 2 ? HTTP_WINDOW : 0;
	c = http_conn_new(srv, (struct pxl_stream){ &ops, &out }, fuzz_sink(), 0);
	FUZZ_ASSERT(c, "no connection");
	feed(c, &out, data + 2, size - 2, data[0]);
	http_conn_stats(c);
	http_conn_free(c);
	http_server_free(srv);
	if (out.total <= OUT_KEEP)
		check_output(&out);
	free(out.buf);
	return 0;
}
