/* fuzz_wire_http.c - fuzz target: the wire observer's HTTP decoding (wire/wire_http.c) on TCP streams
 *
 * Input: records (fuzz.h), each the data of one TCP segment on a synthetic
 * connection to port 80, which the target opens with a handshake and whose
 * sequence numbers it keeps right, so every byte reaches the HTTP decoder.
 * Selector bits: 0 = direction (0 client -> server, 1 server -> client),
 * 1 = a FIN follows the data, 2 = an RST follows it, 1+2 = the connection
 * is dropped and a new one opened (another client port), 3 = a 1 s time
 * step.  Seeds: the client and server streams of pxelab's own HTTP runs
 * (fixtures/captures/pxelab-*.pcap), written by harness/fuzz/make-seeds.
 * Contracts checked: every http observation has a method, a path and a
 * state; an answered one has a numeric status and bytes; a complete
 * answer to a GET that gave a Content-Length delivered exactly that many
 * bytes; a HEAD's, 204's or 304's answer delivered none; the observer counts every frame.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "net/packet.h"
#include "wire/wire.h"

#define SEG_MAX 4096

/**
 * struct conn - the synthetic connection
 * @w:    observer fed
 * @port: client port
 * @seq:  next sequence number per direction (0: client)
 * @t:    clock
 * @frames: frames fed
 */
struct conn {
	struct pxl_wire *w;
	uint16_t port;
	uint32_t seq[2];
	uint64_t t;
	uint64_t frames;
};

/**
 * put_be() - write a big-endian number
 * @p: bytes
 * @v: value
 * @n: byte count (2 or 4)
 */
static void put_be(uint8_t *p, uint32_t v, int n)
{
	while (n--) {
		p[n] = (uint8_t)v;
		v >>= 8;
	}
}

/**
 * send_seg() - feed one TCP segment of the connection
 * @c:     connection
 * @dir:   0 client -> server, 1 server -> client
 * @flags: TCP flags
 * @data:  payload
 * @len:   its length (at most SEG_MAX)
 */
static void send_seg(struct conn *c, int dir, uint8_t flags, const uint8_t *data, size_t len)
{
	static const uint8_t cmac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 }, smac[6] = { 0x52, 0x55, 10, 0, 2, 2 };
	uint8_t b[54 + SEG_MAX] = { 0 };

	memcpy(b, dir ? cmac : smac, 6);
	memcpy(b + 6, dir ? smac : cmac, 6);
	put_be(b + 12, 0x0800, 2);
	b[14] = 0x45;
	put_be(b + 16, (uint32_t)(40 + len), 2);
	b[22] = 64;
	b[23] = 6;
	put_be(b + 26, dir ? 0x0a000204u : 0x0a000264u, 4);
	put_be(b + 30, dir ? 0x0a000264u : 0x0a000204u, 4);
	put_be(b + 34, dir ? 80 : c->port, 2);
	put_be(b + 36, dir ? c->port : 80, 2);
	put_be(b + 38, c->seq[dir], 4);
	put_be(b + 42, c->seq[!dir], 4);
	b[46] = 0x50;
	b[47] = flags;
	put_be(b + 48, 65535, 2);
	if (len)	/* data may be NULL */
		memcpy(b + 54, data, len);
	fuzz_fix_checksums(b, 54 + len);
	pxl_wire_frame(c->w, c->t, 0, b, 54 + len);
	c->frames++;
	c->seq[dir] += (uint32_t)len + ((flags & (PXL_TCP_SYN | PXL_TCP_FIN)) ? 1 : 0);
}

/**
 * conn_open() - a new connection from the next client port, with its handshake
 * @c: connection
 */
static void conn_open(struct conn *c)
{
	c->port++;
	c->seq[0] = 0xfffff000u + c->port;	/* wraps on long inputs */
	c->seq[1] = 7000;
	send_seg(c, 0, PXL_TCP_SYN, NULL, 0);
	send_seg(c, 1, PXL_TCP_SYN | PXL_TCP_ACK, NULL, 0);
	send_seg(c, 0, PXL_TCP_ACK, NULL, 0);
}

/**
 * check_obs() - the contracts of one observation
 * @arg: unused
 * @o:   observation
 */
static void check_obs(void *arg, const struct pxl_obs *o)
{
	const char *method, *state, *status, *bytes, *clen;
	unsigned long long code;

	(void)arg;
	FUZZ_ASSERT(o->proto && o->verb, "observation without protocol or verb");
	fuzz_touch_str(o->summary);
	if (strcmp(o->proto, "http") || !strcmp(o->verb, "connect") || !strcmp(o->verb, "close"))
		return;
	method = pxl_obs_field(o, "method");
	state = pxl_obs_field(o, "state");
	FUZZ_ASSERT(method && pxl_obs_field(o, "path") && state, "%s: no method, path or state", o->summary);
	status = pxl_obs_field(o, "status");
	bytes = pxl_obs_field(o, "bytes");
	if (!status)
		return;
	code = strtoull(status, NULL, 10);
	FUZZ_ASSERT(bytes && code < 1000, "%s: bad status or no bytes", o->summary);
	clen = pxl_obs_field(o, "content-length");
	if (!strcmp(method, "HEAD") || code == 204 || code == 304)
		FUZZ_ASSERT(!strcmp(bytes, "0"), "%s: a body where none may be", o->summary);
	else if (clen && !strcmp(state, "complete"))
		FUZZ_ASSERT(strtoull(clen, NULL, 10) == strtoull(bytes, NULL, 10),
			    "%s: Content-Length %s, %s bytes", o->summary, clen, bytes);
}

/**
 * LLVMFuzzerTestOneInput() - one input: segments on synthetic HTTP connections
 * @data: input
 * @size: its length
 *
 * Return: 0.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_cursor cur = { data, size };
	struct conn c = { .port = 40000, .t = 1000 * PXL_NS_PER_SEC };
	struct pxl_wire_stats st;
	struct fuzz_rec rec;

	c.w = pxl_wire_new(NULL, check_obs, NULL);
	FUZZ_ASSERT(c.w, "no observer");
	conn_open(&c);
	while (fuzz_next_rec(&cur, &rec)) {
		c.t += (rec.sel & 8) ? PXL_NS_PER_SEC : PXL_NS_PER_MS;
		if ((rec.sel & 6) == 6) {
			conn_open(&c);
			continue;
		}
		send_seg(&c, rec.sel & 1, PXL_TCP_ACK | PXL_TCP_PSH, rec.data, rec.len < SEG_MAX ? rec.len : SEG_MAX);
		if (rec.sel & 2)
			send_seg(&c, rec.sel & 1, PXL_TCP_ACK | PXL_TCP_FIN, NULL, 0);
		if (rec.sel & 4)
			send_seg(&c, rec.sel & 1, PXL_TCP_RST, NULL, 0);
	}
	pxl_wire_flush(c.w, c.t + PXL_NS_PER_SEC);
	pxl_wire_stats(c.w, &st);
	FUZZ_ASSERT(st.frames == c.frames, "observer counted %llu frames of %llu",
		    (unsigned long long)st.frames, (unsigned long long)c.frames);
	pxl_wire_free(c.w);
	return 0;
}
