/* test_wire_http.c - the wire observer's HTTP: captures of real iPXE/OVMF boots, pipelining, odd responses */

#include "core/util.h"
#include "net/transport.h"
#include "test_wire_util.h"

#define SANBOOT "captures/pxelab-sanboot-http.pcap"
#define SCRIPT "captures/pxelab-bios-ipxe-http-script.pcap"
#define UEFI "captures/pxelab-uefi-http-boot.pcap"

/**
 * check_obs() - one observation's fields, by key
 * @o:   observation
 * @...: NULL-terminated key, value pairs (value NULL: the key must be absent)
 */
static void check_obs(const struct pxl_obs *o, ...)
{
	const char *k, *v, *have;
	va_list ap;

	ck_assert_ptr_nonnull(o);
	va_start(ap, o);
	while ((k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		have = pxl_obs_field(o, k);
		if (!v)
			ck_assert_msg(!have, "%s: unexpected %s=%s", o->summary, k, have);
		else
			ck_assert_msg(have && !strcmp(have, v), "%s: %s=%s, want %s", o->summary, k,
				      have ? have : "(absent)", v);
	}
	va_end(ap);
}

/* iPXE's sanboot: HEAD for the size, then one Range GET per read, 206 each (measured) */
START_TEST(test_sanboot_capture)
{
	struct frames fs = { 0 };
	struct rec r = { 0 };
	struct pxl_wire_stats st;
	const struct pxl_obs *o;

	frames_load(SANBOOT, &fs);
	wire_run(NULL, &fs, 1, &r, &st);
	o = rec_find(&r, 0, "http", "head", "path", "/bios-marker.img", (const char *)NULL);
	check_obs(o, "method", "HEAD", "status", "200", "content-length", "33554432", "bytes", "0",
		  "state", "complete", "range", NULL, (const char *)NULL);
	ck_assert(o->has_mac && o->dir == PXL_OBS_TO_CLIENT);
	check_obs(rec_find(&r, 0, "http", "range", (const char *)NULL), "path", "/bios-marker.img", "range",
		  "bytes=32768-34815", "status", "206", "content-range", "bytes 32768-34815/33554432",
		  "bytes", "2048", "content-length", "2048", "state", "complete", (const char *)NULL);
	ck_assert_uint_eq(rec_count(&r, "http", "range", "range", "bytes=0-511"), 2);
	ck_assert_uint_eq(rec_count(&r, "http", "range", "bytes", "512"), 2);
	ck_assert_uint_eq(rec_count(&r, "http", "get", NULL, NULL), 0);
	ck_assert_uint_eq(rec_count(&r, "http", "connect", NULL, NULL), 2);	/* HEAD's, then the reads' */
	ck_assert_uint_eq(rec_count(&r, "http", "range", "state", "incomplete"), 0);
	ck_assert_uint_eq(st.dropped, 0);
	rec_free(&r);
	frames_free(&fs);
}
END_TEST

/* the iPXE script and OVMF's HEAD + GET: bytes delivered equal Content-Length */
START_TEST(test_script_and_uefi_captures)
{
	struct frames a = { 0 }, b = { 0 };
	struct rec ra = { 0 }, rb = { 0 };
	struct pxl_wire_stats st;
	const struct pxl_obs *o;

	frames_load(SCRIPT, &a);
	wire_run(NULL, &a, 1, &ra, &st);
	o = rec_find(&ra, 0, "http", "get", "path", "/boot.ipxe", (const char *)NULL);
	check_obs(o, "status", "200", "state", "complete", "content-type", "text/plain", (const char *)NULL);
	/* what compare's HTTP findings read: the Server field and the field names in order */
	check_obs(o, "server-header", "pxelab", "headers", "Server,Content-Type,Content-Length,Accept-Ranges",
		  (const char *)NULL);
	ck_assert_ptr_null(pxl_obs_field(o, "connection"));
	ck_assert_str_eq(pxl_obs_field(o, "bytes"), pxl_obs_field(o, "content-length"));
	ck_assert_ptr_nonnull(pxl_obs_field(o, "duration-us"));
	ck_assert_ptr_nonnull(strstr(o->summary, "HTTP GET /boot.ipxe -> 200 OK"));
	ck_assert_uint_eq(st.dropped, 0);
	frames_load(UEFI, &b);
	wire_run(NULL, &b, 1, &rb, &st);
	check_obs(rec_find(&rb, 0, "http", "head", (const char *)NULL), "path", "/uefi-marker.efi", "status",
		  "200", "bytes", "0", (const char *)NULL);
	o = rec_find(&rb, 0, "http", "get", "path", "/uefi-marker.efi", (const char *)NULL);
	check_obs(o, "status", "200", "content-type", "application/efi", "state", "complete", (const char *)NULL);
	ck_assert_str_eq(pxl_obs_field(o, "bytes"), pxl_obs_field(o, "content-length"));
	ck_assert_uint_gt(strtoull(pxl_obs_field(o, "bytes"), NULL, 10), 1000);
	ck_assert_uint_eq(st.dropped, 0);
	rec_free(&ra);
	rec_free(&rb);
	frames_free(&a);
	frames_free(&b);
}
END_TEST

static const size_t chunk_sizes[] = { 1, 5, 100 };

/* heads and bodies cut at any byte boundary give the same observations */
START_TEST(test_resegmented)
{
	struct rec b = { 0 };
	struct pxl_wire_stats sb;

	/* reversed: at most 9 chunks of a segment held, within the observer's 16 */
	resegment_same(NULL, SANBOOT, chunk_sizes[_i], _i == 2, 1, &b, &sb);
	ck_assert_uint_eq(rec_count(&b, "http", "range", "status", "206"), 3);
	ck_assert_uint_eq(sb.dropped, 0);
	rec_free(&b);
}
END_TEST

static const char pipelined_req[] =
	"GET /boot.ipxe HTTP/1.1\r\nConnection: keep-alive\r\nHost: 10.0.2.4\r\n\r\n"
	"GET /missing HTTP/1.1\r\nHost: 10.0.2.4\r\n\r\n"
	"GET /disk.img HTTP/1.1\r\nRange: bytes=0-511\r\nHost: 10.0.2.4\r\n\r\n"
	"GET /never HTTP/1.1\r\nHost: 10.0.2.4\r\n\r\n";

static const char pipelined_rsp[] =
	"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
	"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found"
	"HTTP/1.1 100 Continue\r\n\r\n"
	"HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-511/1024\r\nContent-Length: 512\r\n\r\n";

/* pipelined requests are answered in order; an interim 1xx answers nothing; flush reports the rest */
START_TEST(test_pipelined)
{
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	uint8_t body[512] = { 0 };
	struct sess s;

	sess_open(&s, w, 41000, 80);
	sess_send(&s, 0, PXL_TCP_ACK | PXL_TCP_PSH, pipelined_req, strlen(pipelined_req));
	sess_send(&s, 1, PXL_TCP_ACK | PXL_TCP_PSH, pipelined_rsp, strlen(pipelined_rsp));
	ck_assert_uint_eq(rec_count(&r, "http", "range", NULL, NULL), 0);	/* its body is due */
	sess_send(&s, 1, PXL_TCP_ACK, body, 300);
	sess_send(&s, 1, PXL_TCP_ACK, body, 212);
	check_obs(rec_find(&r, 0, "http", "get", "path", "/boot.ipxe", (const char *)NULL), "status", "200",
		  "bytes", "5", (const char *)NULL);
	check_obs(rec_find(&r, 0, "http", "get", "path", "/missing", (const char *)NULL), "status", "404",
		  "bytes", "9", "state", "complete", (const char *)NULL);
	check_obs(rec_find(&r, 0, "http", "range", (const char *)NULL), "path", "/disk.img", "status", "206",
		  "bytes", "512", "latency-ms", "1.000", (const char *)NULL);
	ck_assert_ptr_null(rec_find(&r, 0, "http", "get", "path", "/never", (const char *)NULL));
	pxl_wire_flush(w, s.t);
	check_obs(rec_find(&r, 0, "http", "get", "path", "/never", (const char *)NULL), "state", "incomplete",
		  "status", NULL, (const char *)NULL);
	ck_assert_ptr_nonnull(strstr(r.o[r.n - 1].summary, "no response"));
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

/* a body without a length ends with the server's FIN; a chunked body drops the state, counted */
START_TEST(test_until_close_and_chunked)
{
	static const char req[] = "GET /a HTTP/1.0\r\n\r\n";
	static const char rsp[] = "HTTP/1.0 200 OK\r\n\r\n0123456789";
	static const char chunked[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	struct sess s;

	sess_open(&s, w, 41001, 80);
	sess_send(&s, 0, PXL_TCP_ACK | PXL_TCP_PSH, req, strlen(req));
	sess_send(&s, 1, PXL_TCP_ACK | PXL_TCP_PSH, rsp, strlen(rsp));
	ck_assert_uint_eq(rec_count(&r, "http", "get", NULL, NULL), 0);
	sess_send(&s, 1, PXL_TCP_ACK | PXL_TCP_FIN, NULL, 0);
	check_obs(rec_find(&r, 0, "http", "get", (const char *)NULL), "path", "/a", "bytes", "10", "state",
		  "complete", "content-length", NULL, (const char *)NULL);
	sess_open(&s, w, 41002, 80);
	sess_send(&s, 0, PXL_TCP_ACK | PXL_TCP_PSH, req, strlen(req));
	sess_send(&s, 1, PXL_TCP_ACK | PXL_TCP_PSH, chunked, strlen(chunked));
	ck_assert_uint_eq(pxl_wire_drops(w, "http: undecodable stream, state dropped"), 1);
	sess_open(&s, w, 41003, 80);
	sess_send(&s, 1, PXL_TCP_ACK | PXL_TCP_PSH, rsp, strlen(rsp));	/* answers nothing */
	ck_assert_uint_eq(pxl_wire_drops(w, "http: undecodable stream, state dropped"), 2);
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

/* a server ignoring Range (lighttpd): iPXE closes while the 200's body is coming; the answer is still seen */
START_TEST(test_cut_by_client)
{
	static const char req[] = "GET /disk.img HTTP/1.1\r\nRange: bytes=0-511\r\nHost: 10.0.2.5\r\n\r\n";
	static const char rsp[] = "HTTP/1.1 200 OK\r\nContent-Length: 33554432\r\nServer: lighttpd\r\n\r\n";
	struct rec r = { 0 };
	struct pxl_wire *w = pxl_wire_new(NULL, rec_cb, &r);
	uint8_t body[1460] = { 0 };
	const struct pxl_obs *o;
	struct sess s;

	sess_open(&s, w, 41004, 80);	/* FIN from the client, then RST to the data still coming */
	sess_send(&s, 0, PXL_TCP_ACK | PXL_TCP_PSH, req, strlen(req));
	sess_send(&s, 1, PXL_TCP_ACK | PXL_TCP_PSH, rsp, strlen(rsp));
	sess_send(&s, 1, PXL_TCP_ACK, body, sizeof(body));
	sess_send(&s, 0, PXL_TCP_ACK | PXL_TCP_FIN, NULL, 0);
	o = rec_find(&r, 0, "http", "range", (const char *)NULL);	/* at the FIN: the judge sees it now */
	check_obs(o, "path", "/disk.img", "status", "200", "bytes", "1460", "state", "cut by the client",
		  "server-header", "lighttpd", (const char *)NULL);
	ck_assert_ptr_nonnull(strstr(o->summary, "-> 200 OK (cut by the client): 1460 bytes"));
	sess_send(&s, 1, PXL_TCP_ACK, body, sizeof(body));
	sess_send(&s, 0, PXL_TCP_RST, NULL, 0);
	ck_assert_uint_eq(rec_count(&r, "http", "range", NULL, NULL), 1);
	sess_open(&s, w, 41005, 80);	/* RST alone */
	sess_send(&s, 0, PXL_TCP_ACK | PXL_TCP_PSH, req, strlen(req));
	sess_send(&s, 1, PXL_TCP_ACK | PXL_TCP_PSH, rsp, strlen(rsp));
	sess_send(&s, 1, PXL_TCP_ACK, body, 100);
	sess_send(&s, 0, PXL_TCP_RST, NULL, 0);
	check_obs(rec_find(&r, 1, "http", "range", (const char *)NULL), "status", "200", "bytes", "100", "state",
		  "cut by the client", (const char *)NULL);
	ck_assert_uint_eq(pxl_wire_drops(w, "http: undecodable stream, state dropped"), 0);
	pxl_wire_free(w);
	rec_free(&r);
}
END_TEST

/**
 * wire_http_suite() - HTTP decoding of the wire observer
 *
 * Return: the suite.
 */
static Suite *wire_http_suite(void)
{
	Suite *s = suite_create("wire_http");
	TCase *tc = tcase_create("http");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sanboot_capture);
	tcase_add_test(tc, test_script_and_uefi_captures);
	tcase_add_loop_test(tc, test_resegmented, 0, (int)ARRAY_SIZE(chunk_sizes));
	tcase_add_test(tc, test_pipelined);
	tcase_add_test(tc, test_until_close_and_chunked);
	tcase_add_test(tc, test_cut_by_client);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(wire_http_suite)
