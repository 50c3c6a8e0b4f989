/* test_wire_util.h - helpers shared by the wire observer tests: recorder, frame list, TCP builder, resegmenter, synthetic sessions */
#ifndef PXL_TEST_WIRE_UTIL_H
#define PXL_TEST_WIRE_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/packet.h"
#include "testlib.h"
#include "net/pcap_read.h"
#include "net/transport.h"
#include "wire/wire.h"

/**
 * struct rec - observations recorded by copy (they are plain values)
 * @o: copies
 * @n: count
 */
struct rec {
	struct pxl_obs *o;
	size_t n;
};

/**
 * rec_cb() - observation callback that keeps a copy
 * @arg: struct rec
 * @obs: observation
 */
static inline void rec_cb(void *arg, const struct pxl_obs *obs)
{
	struct rec *r = arg;

	r->o = realloc(r->o, (r->n + 1) * sizeof(*r->o));
	ck_assert_ptr_nonnull(r->o);
	r->o[r->n++] = *obs;
}

/**
 * rec_find() - the @nth observation (0-based) with a protocol, verb and field values
 * @r:     recorder
 * @nth:   which match
 * @proto: protocol
 * @verb:  verb
 * @...:   NULL-terminated key, value pairs that must all be equal
 *
 * Return: the observation, or NULL.
 */
static inline const struct pxl_obs *rec_find(const struct rec *r, size_t nth, const char *proto,
					     const char *verb, ...)
{
	const char *k, *v, *have;
	va_list ap;
	size_t i;
	int ok;

	for (i = 0; i < r->n; i++) {
		if (strcmp(r->o[i].proto, proto) || strcmp(r->o[i].verb, verb))
			continue;
		ok = 1;
		va_start(ap, verb);
		while (ok && (k = va_arg(ap, const char *)) != NULL) {
			v = va_arg(ap, const char *);
			have = pxl_obs_field(&r->o[i], k);
			ok = have && !strcmp(have, v);
		}
		va_end(ap);
		if (ok && nth-- == 0)
			return &r->o[i];
	}
	return NULL;
}

/**
 * rec_count() - how many observations have a protocol, verb and one field value
 * @r:     recorder
 * @proto: protocol
 * @verb:  verb
 * @key:   field key, or NULL for none
 * @val:   its value
 *
 * Return: the count.
 */
static inline size_t rec_count(const struct rec *r, const char *proto, const char *verb,
			       const char *key, const char *val)
{
	size_t n = 0;

	while (rec_find(r, n, proto, verb, key, val, (const char *)NULL))
		n++;
	return n;
}

/**
 * rec_index() - position of an observation in the recorder
 * @r: recorder
 * @o: an observation returned by rec_find()
 *
 * Return: its index.
 */
static inline size_t rec_index(const struct rec *r, const struct pxl_obs *o)
{
	ck_assert_ptr_nonnull(o);
	return (size_t)(o - r->o);
}

/**
 * rec_signature() - all observations as text, without timing fields, one per line
 * @r: recorder
 *
 * Return: malloc'ed text.
 */
static inline char *rec_signature(const struct rec *r)
{
	size_t cap = 1 << 20, n = 0, i, j;
	char *out = malloc(cap);
	const char *k, *v;

	ck_assert_ptr_nonnull(out);
	out[0] = '\0';
	for (i = 0; i < r->n; i++) {
		n += (size_t)snprintf(out + n, cap - n, "%s %s", r->o[i].proto, r->o[i].verb);
		for (j = 0; pxl_obs_field_at(&r->o[i], j, &k, &v) == 0; j++) {
			if (strstr(k, "-ms") || !strcmp(k, "throughput"))
				continue;
			n += (size_t)snprintf(out + n, cap - n, " %s=%s", k, v);
		}
		n += (size_t)snprintf(out + n, cap - n, "\n");
		ck_assert_uint_lt(n, cap - 1);
	}
	return out;
}

/** rec_free() - release a recorder */
static inline void rec_free(struct rec *r)
{
	free(r->o);
	r->o = NULL;
	r->n = 0;
}

/**
 * reason_count() - drop count for a reason in a stats copy
 * @st:  counters
 * @why: reason
 *
 * Return: the count, 0 if absent.
 */
static inline uint64_t reason_count(const struct pxl_wire_stats *st, const char *why)
{
	size_t i;

	for (i = 0; i < st->n_reasons; i++)
		if (!strcmp(st->reasons[i].why, why))
			return st->reasons[i].count;
	return 0;
}

/**
 * struct frames - the frames of a capture, copied
 * @f, @len, @t: frame bytes, lengths, timestamps
 * @n:          count
 */
struct frames {
	uint8_t **f;
	size_t *len;
	uint64_t *t;
	size_t n;
};

/**
 * frames_add() - append a copy of a frame
 * @fs:  list
 * @t:   timestamp
 * @b:   bytes
 * @len: length
 */
static inline void frames_add(struct frames *fs, uint64_t t, const uint8_t *b, size_t len)
{
	fs->f = realloc(fs->f, (fs->n + 1) * sizeof(*fs->f));
	fs->len = realloc(fs->len, (fs->n + 1) * sizeof(*fs->len));
	fs->t = realloc(fs->t, (fs->n + 1) * sizeof(*fs->t));
	ck_assert(fs->f && fs->len && fs->t);
	fs->f[fs->n] = malloc(len ? len : 1);
	ck_assert_ptr_nonnull(fs->f[fs->n]);
	memcpy(fs->f[fs->n], b, len);
	fs->len[fs->n] = len;
	fs->t[fs->n] = t;
	fs->n++;
}

/**
 * frames_load() - read every frame of a fixture capture
 * @rel: path under fixtures/
 * @fs:  out: list (zero it first)
 */
static inline void frames_load(const char *rel, struct frames *fs)
{
	struct pxl_pcap_reader r;
	struct pxl_pcap_rec rec;
	uint8_t *buf;
	size_t len;

	buf = pxl_test_fixture(rel, &len);
	ck_assert_int_eq(pxl_pcap_open_mem(&r, buf, len), 0);
	while (pxl_pcap_next(&r, &rec) == 1)
		frames_add(fs, rec.t_ns, rec.data, rec.caplen);
	free(buf);
}

/** frames_free() - release a frame list */
static inline void frames_free(struct frames *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		free(fs->f[i]);
	free(fs->f);
	free(fs->len);
	free(fs->t);
	memset(fs, 0, sizeof(*fs));
}

/**
 * feed() - feed a frame list through an observer
 * @w:  observer
 * @fs: frames
 */
static inline void feed(struct pxl_wire *w, const struct frames *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		pxl_wire_frame(w, fs->t[i], 1, fs->f[i], fs->len[i]);
}

/**
 * put16() - write a big-endian 16-bit number
 * @p: two bytes
 * @v: value
 */
static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/**
 * put32() - write a big-endian 32-bit number
 * @p: four bytes
 * @v: value
 */
static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/**
 * fix_tcp() - set lengths and checksums of an Ethernet/IPv4/TCP frame (20-byte IP header)
 * @b:     frame
 * @tcp_len: TCP header + data length
 */
static inline void fix_tcp(uint8_t *b, size_t tcp_len)
{
	uint8_t *ip = b + 14, *tcp = b + 34, ph[12];
	uint32_t sum;

	put16(ip + 2, (uint16_t)(20 + tcp_len));
	put16(ip + 10, 0);
	put16(ip + 10, pxl_csum_fold(pxl_csum_partial(ip, 20, 0)));
	memcpy(ph, ip + 12, 8);
	ph[8] = 0;
	ph[9] = PXL_IPPROTO_TCP;
	put16(ph + 10, (uint16_t)tcp_len);
	put16(tcp + 16, 0);
	sum = pxl_csum_partial(ph, 12, 0);
	put16(tcp + 16, pxl_csum_fold(pxl_csum_partial(tcp, tcp_len, sum)));
}

/**
 * build_tcp() - an Ethernet/IPv4/TCP frame with a 20-byte TCP header
 * @b:     output (at least 54 + @len bytes)
 * @s:     addresses and ports (ttl, ip_id used)
 * @seq:   sequence number
 * @ack:   acknowledgement number
 * @flags: TCP flags
 * @data:  payload
 * @len:   payload length
 *
 * Return: frame length.
 */
static inline size_t build_tcp(uint8_t *b, const struct pxl_udp_spec *s, uint32_t seq,
			       uint32_t ack, uint8_t flags, const void *data, size_t len)
{
	memset(b, 0, 54);
	memcpy(b, s->dst_mac, 6);
	memcpy(b + 6, s->src_mac, 6);
	put16(b + 12, PXL_ETHERTYPE_IPV4);
	b[14] = 0x45;
	put16(b + 18, s->ip_id);
	b[22] = 64;
	b[23] = PXL_IPPROTO_TCP;
	put32(b + 26, s->src_ip);
	put32(b + 30, s->dst_ip);
	put16(b + 34, s->sport);
	put16(b + 36, s->dport);
	put32(b + 38, seq);
	put32(b + 42, ack);
	b[46] = 0x50;
	b[47] = flags;
	put16(b + 48, 65535);
	if (len)
		memcpy(b + 54, data, len);
	fix_tcp(b, 20 + len);
	return 54 + len;
}

/**
 * tcp_payload() - where a captured frame's TCP data lies
 * @b:    frame
 * @len:  length
 * @hlen: out: Ethernet + IPv4 + TCP header length
 * @plen: out: data length
 *
 * Return: 1 for a TCP frame with data and a 20-byte IPv4 header, else 0.
 */
static inline int tcp_payload(const uint8_t *b, size_t len, size_t *hlen, size_t *plen)
{
	struct pxl_frame f;

	if (pxl_frame_decode(b, len, &f, NULL) || !f.is_tcp || !f.payload_len)
		return 0;
	ck_assert_uint_eq(b[14], 0x45);
	*hlen = (size_t)(f.payload - b);
	*plen = f.payload_len;
	return 1;
}

/**
 * add_chunk() - append a copy of a TCP frame carrying part of its data
 * @out: list
 * @t:   timestamp
 * @b:   original frame
 * @hlen: its header length
 * @off: data offset of the chunk
 * @n:   chunk length
 * @last: the chunk ends the original data (keeps FIN/PSH)
 */
static inline void add_chunk(struct frames *out, uint64_t t, const uint8_t *b, size_t hlen, size_t off,
		      size_t n, int last)
{
	uint8_t buf[2048];
	uint32_t seq = ((uint32_t)b[38] << 24) | ((uint32_t)b[39] << 16) |
		       ((uint32_t)b[40] << 8) | b[41];

	ck_assert_uint_le(hlen + n, sizeof(buf));
	memcpy(buf, b, hlen);
	memcpy(buf + hlen, b + hlen + off, n);
	put32(buf + 38, seq + (uint32_t)off);
	if (!last)
		buf[47] &= (uint8_t)~(PXL_TCP_FIN | PXL_TCP_PSH);
	fix_tcp(buf, hlen - 34 + n);
	frames_add(out, t, buf, hlen + n);
}

/**
 * resegment() - copy a capture, cutting TCP data into chunks
 * @in:      frames
 * @out:     out: frames (zero it first)
 * @chunk:   chunk size (0: into at most 8 chunks)
 * @reverse: emit the chunks of each segment last-first
 */
static inline void resegment(const struct frames *in, struct frames *out, size_t chunk, int reverse)
{
	size_t i, hlen, plen, off, n, k, cs, nch;

	for (i = 0; i < in->n; i++) {
		if (!tcp_payload(in->f[i], in->len[i], &hlen, &plen)) {
			frames_add(out, in->t[i], in->f[i], in->len[i]);
			continue;
		}
		cs = chunk ? chunk : (plen + 7) / 8;
		nch = (plen + cs - 1) / cs;
		for (k = 0; k < nch; k++) {
			off = (reverse ? nch - 1 - k : k) * cs;
			n = plen - off < cs ? plen - off : cs;
			add_chunk(out, in->t[i], in->f[i], hlen, off, n, off + n == plen);
		}
	}
}

/**
 * wire_run() - feed frames through a new observer
 * @cfg:   configuration (NULL: the defaults)
 * @fs:    frames
 * @flush: flush at the last frame's time (report what is still open)
 * @r:     out: observations (zero it first)
 * @st:    out: counters
 */
static inline void wire_run(const struct pxl_wire_config *cfg, const struct frames *fs, int flush, struct rec *r,
			    struct pxl_wire_stats *st)
{
	struct pxl_wire *w = pxl_wire_new(cfg, rec_cb, r);

	ck_assert_ptr_nonnull(w);
	feed(w, fs);
	if (flush)
		pxl_wire_flush(w, fs->n ? fs->t[fs->n - 1] : 0);
	pxl_wire_stats(w, st);
	pxl_wire_free(w);
}

/**
 * resegment_same() - a capture cut into chunks gives the observations of the capture itself
 * @cfg:     configuration (NULL: the defaults)
 * @rel:     capture under fixtures/
 * @chunk:   as resegment()
 * @reverse: as resegment()
 * @flush:   as wire_run()
 * @b:       out: the cut capture's observations (zero it first)
 * @sb:      out: its counters
 */
static inline void resegment_same(const struct pxl_wire_config *cfg, const char *rel, size_t chunk, int reverse,
				  int flush, struct rec *b, struct pxl_wire_stats *sb)
{
	struct frames in = { 0 }, out = { 0 };
	struct rec a = { 0 };
	struct pxl_wire_stats sa;
	char *siga, *sigb;

	frames_load(rel, &in);
	resegment(&in, &out, chunk, reverse);
	ck_assert_uint_gt(out.n, in.n);
	wire_run(cfg, &in, flush, &a, &sa);
	wire_run(cfg, &out, flush, b, sb);
	siga = rec_signature(&a);
	sigb = rec_signature(b);
	ck_assert_str_eq(siga, sigb);
	free(siga);
	free(sigb);
	rec_free(&a);
	frames_free(&in);
	frames_free(&out);
}

/**
 * struct sess - a synthetic TCP connection between an initiator and a target
 * @w:       observer fed
 * @i2t:     initiator -> target addressing
 * @t2i:     target -> initiator addressing
 * @seq:     next sequence number per direction (0: initiator)
 * @t:       clock (1 ms per frame)
 * @hdigest: put a 4-byte header digest after each BHS
 */
struct sess {
	struct pxl_wire *w;
	struct pxl_udp_spec i2t, t2i;
	uint32_t seq[2];
	uint64_t t;
	int hdigest;
};

/**
 * sess_send() - feed one TCP segment
 * @s:     session
 * @dir:   0 initiator -> target, 1 target -> initiator
 * @flags: TCP flags
 * @data:  payload
 * @len:   length
 */
static inline void sess_send(struct sess *s, int dir, uint8_t flags, const void *data, size_t len)
{
	uint8_t b[9000];
	size_t n;

	ck_assert_uint_le(len + 54, sizeof(b));
	n = build_tcp(b, dir ? &s->t2i : &s->i2t, s->seq[dir], s->seq[!dir], flags, data, len);
	pxl_wire_frame(s->w, s->t, 2, b, n);
	s->t += PXL_NS_PER_MS;
	s->seq[dir] += (uint32_t)len + ((flags & (PXL_TCP_SYN | PXL_TCP_FIN)) ? 1 : 0);
}

/**
 * sess_open() - a new session and its three-way handshake
 * @s:     out: session
 * @w:     observer
 * @cport: initiator port
 * @sport: target (server) port
 */
static inline void sess_open(struct sess *s, struct pxl_wire *w, uint16_t cport, uint16_t sport)
{
	memset(s, 0, sizeof(*s));
	s->w = w;
	ck_assert_int_eq(pxl_mac_parse("52:54:00:12:34:56", s->i2t.src_mac), 0);
	ck_assert_int_eq(pxl_mac_parse("52:55:0a:00:02:02", s->i2t.dst_mac), 0);
	s->i2t.src_ip = 0x0a00020f;
	s->i2t.dst_ip = 0x0a000202;
	s->i2t.sport = cport;
	s->i2t.dport = sport;
	memcpy(s->t2i.src_mac, s->i2t.dst_mac, 6);
	memcpy(s->t2i.dst_mac, s->i2t.src_mac, 6);
	s->t2i.src_ip = s->i2t.dst_ip;
	s->t2i.dst_ip = s->i2t.src_ip;
	s->t2i.sport = sport;
	s->t2i.dport = cport;
	s->seq[0] = 0xfffffff0u;	/* wraps during the test */
	s->seq[1] = 1000;
	s->t = 5 * PXL_NS_PER_MS;
	sess_send(s, 0, PXL_TCP_SYN, NULL, 0);
	sess_send(s, 1, PXL_TCP_SYN | PXL_TCP_ACK, NULL, 0);
	sess_send(s, 0, PXL_TCP_ACK, NULL, 0);
}

#endif /* PXL_TEST_WIRE_UTIL_H */
