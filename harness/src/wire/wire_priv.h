/* wire_priv.h - the wire observer's internal state, shared by its protocol files */
#ifndef PXL_WIRE_PRIV_H
#define PXL_WIRE_PRIV_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "net/ip6.h"
#include "net/packet.h"
#include "services/dhcp/dhcp_msg.h"
#include "wire/wire.h"

#define WIRE_IPMAC_MAX 64      /* IPv4 -> MAC entries (oldest replaced) */
#define WIRE_XID_MAX 32        /* DHCP exchanges timed (oldest replaced) */
#define WIRE_TFTP_MAX 32       /* concurrent TFTP transfers */
#define WIRE_CONN_MAX 32       /* concurrent iSCSI TCP connections */
#define WIRE_OOO_MAX 16        /* early TCP segments held per direction */
#define WIRE_CMD_MAX 16        /* outstanding SCSI commands per connection */
#define WIRE_PDU_KEEP 65536    /* largest PDU buffered whole (login, text) */
#define WIRE_NAME_MAX 256      /* file and iSCSI names kept */
#define WIRE_VALUE_MAX 1024    /* longest field value stored */
#define WIRE_KEY_MAX 47        /* longest field key (the scenario language allows 47) */
#define WIRE_HTTP_PIPE 16      /* HTTP requests awaiting their response, per connection */
#define WIRE_HTTP_HEAD_MAX 16384 /* longest HTTP head followed (pxelab's server allows 8 KiB) */
#define WIRE_XID6_MAX 32       /* DHCPv6 transactions remembered (oldest replaced) */

/**
 * struct wire_udp - a UDP datagram of either family, as the UDP protocols see it
 * @src, @dst: addresses; an IPv4 one as ::ffff:a.b.c.d (wire_addr_v4())
 * @v6:        it came in an IPv6 packet
 * @sport, @dport: ports
 * @payload, @len: UDP payload (inside the frame)
 * @src_mac, @dst_mac: link addresses
 */
struct wire_udp {
	uint8_t src[16], dst[16];
	int v6;
	uint16_t sport, dport;
	const uint8_t *payload;
	size_t len;
	const uint8_t *src_mac, *dst_mac;
};

/**
 * struct wire_pkt - the frame being handled and where it came from
 * @t:    time
 * @port: segment port
 * @f:    decoded frame
 * @u:    the UDP datagram of either family (UDP only, else NULL)
 * @sa, @da: source and destination address, 16 bytes (IPv4 mapped; see
 *        struct wire_udp), set whenever @f is an IP packet
 * @v6:   the packet is IPv6 (@f then carries no IPv4 addresses)
 */
struct wire_pkt {
	uint64_t t;
	int port;
	const struct pxl_frame *f;
	const struct wire_udp *u;
	const uint8_t *sa, *da;
	int v6;
};

/** struct wire_ipmac - one learnt IPv4 -> MAC binding */
struct wire_ipmac {
	int used;
	uint32_t ip;
	uint8_t mac[6];
	uint64_t seen;
};

/** struct wire_xid - times of the latest DISCOVER and REQUEST of one exchange */
struct wire_xid {
	int used;
	uint32_t xid;
	uint8_t mac[6];
	uint64_t t_discover;
	uint64_t t_request;
	int has_discover;
	int has_request;
	uint64_t seen;
};

/**
 * struct wire_xid6 - one DHCPv6 transaction: whose it is and which of OVMF's two clients ran it
 * @xid:       transaction id
 * @mac:       the client's hardware address
 * @iaid:      IAID of its first IA_NA (0 when none; @has_iaid)
 * @boot:      1: a boot exchange (the client asked for option 59); 0: address only
 * @t_solicit, @t_request: times of the latest SOLICIT and of the latest other client message
 * @seen:      time of the latest message (the oldest entry is replaced)
 */
struct wire_xid6 {
	int used;
	uint32_t xid;
	uint8_t mac[6];
	uint32_t iaid;
	int has_iaid;
	int boot;
	uint64_t t_solicit, t_request;
	int has_solicit, has_request;
	uint64_t seen;
};

/**
 * struct wire_tftp - one TFTP transfer being followed
 * @cip, @cport:   client endpoint (the request's source; IPv4 mapped, see struct wire_udp)
 * @sip, @tid:     server address and transfer id (port), once @has_tid
 * @write:         WRQ (data flows from the client)
 * @started:       the "start" observation was made
 * @file:          requested file (printable)
 * @t_start:       time of the request
 * @blksize:       block size in force (512, or the OACK's)
 * @bytes, @blocks: data received in order
 * @last_block:    highest in-order block number
 * @final:         a short block was seen; @final_block is its number
 * @tsize:         tsize agreed in the OACK ("" if none)
 * @mac, @has_mac: client hardware address from the request frame
 */
struct wire_tftp {
	int used;
	uint8_t cip[16], sip[16];
	uint16_t cport, tid;
	int has_tid;
	int write;
	int started;
	char file[WIRE_NAME_MAX];
	uint64_t t_start;
	uint32_t blksize;
	uint64_t bytes;
	uint32_t blocks;
	uint16_t last_block;
	int final;
	uint16_t final_block;
	char tsize[24];
	uint8_t mac[6];
	int has_mac;
};

/** struct wire_ooo - a TCP segment that arrived before the bytes ahead of it */
struct wire_ooo {
	uint32_t seq;
	uint8_t *data;
	size_t len;
};

/**
 * struct wire_stream - one direction of a TCP connection, and PDU framing
 * @synced: @next is known (SYN seen)
 * @next:   next sequence number expected
 * @fin:    FIN seen
 * @buf, @len, @cap: bytes not yet framed into PDUs
 * @skip:   bytes of a large PDU's data still to discard
 * @pdu_t:  time the first byte of the PDU at the front of @buf arrived
 * @ooo, @n_ooo: early segments
 */
struct wire_stream {
	int synced;
	uint32_t next;
	int fin;
	uint8_t *buf;
	size_t len, cap;
	uint64_t skip;
	uint64_t pdu_t;
	struct wire_ooo ooo[WIRE_OOO_MAX];
	size_t n_ooo;
};

/** struct wire_cmd - an outstanding SCSI command */
struct wire_cmd {
	int used;
	uint32_t itt;
	uint64_t t;
	int is_read, is_write;
	uint64_t lba;
	uint32_t blocks;
	unsigned lun;
	uint64_t bytes;
};

/** enum wire_app - what a followed TCP connection carries (by its server port) */
enum wire_app {
	WIRE_APP_ISCSI = 0,
	WIRE_APP_HTTP,
};

/**
 * struct wire_http_req - an HTTP request waiting for (or getting) its response
 * @method: method as sent (printable)
 * @path:   request target as sent (printable)
 * @range:  its Range field ("" for none)
 * @t:      time its first byte arrived
 */
struct wire_http_req {
	char method[16];
	char path[WIRE_NAME_MAX];
	char range[64];
	uint64_t t;
};

/**
 * struct wire_http - HTTP state of one connection (requests are answered in order)
 * @q, @nq:        requests not fully answered yet, oldest first
 * @in_body:       the response head to q[0] has been seen; its body is being counted
 * @until_close:   that body ends when the server closes (no length given)
 * @body_left:     body bytes still to come
 * @bytes:         body bytes delivered so far
 * @status:        the response's status code
 * @t_head:        time the response head completed
 * @t_last:        time the latest body byte arrived
 * @reason:        its reason phrase (printable)
 * @clen, @crange, @ctype: its Content-Length, Content-Range, Content-Type ("" if absent)
 * @server, @conn: its Server and Connection fields ("" if absent)
 * @names:         its field names in order, joined by ',' (cut at the size)
 */
struct wire_http {
	struct wire_http_req q[WIRE_HTTP_PIPE];
	size_t nq;
	int in_body, until_close;
	uint64_t body_left, bytes;
	unsigned int status;
	uint64_t t_head, t_last;
	char reason[48];
	char clen[24], crange[64], ctype[64];
	char server[64], conn[32];
	char names[256];
};

/**
 * struct wire_conn - one followed TCP connection (iSCSI or HTTP)
 * @app:          what it carries
 * @cip, @cport, @sip, @sport: initiator and target endpoints (addresses IPv4 mapped, see struct wire_udp)
 * @mac, @has_mac: initiator hardware address from the SYN
 * @s:            [0] initiator -> target, [1] target -> initiator
 * @hdigest, @ddigest: digests in force (full feature phase)
 * @neg_hdigest, @neg_ddigest: digests agreed during login
 * @login_t, @login_started, @login_done: login timing and state
 * @initiator, @target, @session_type, @auth: keys of the login requests
 * @cmd:          outstanding commands
 * @http:         HTTP state (@app WIRE_APP_HTTP)
 */
struct wire_conn {
	int used;
	enum wire_app app;
	uint8_t cip[16], sip[16];
	uint16_t cport, sport;
	uint8_t mac[6];
	int has_mac;
	uint64_t seen;
	struct wire_stream s[2];
	int hdigest, ddigest;
	int neg_hdigest, neg_ddigest;
	uint64_t login_t;
	int login_started, login_done;
	char initiator[WIRE_NAME_MAX];
	char target[WIRE_NAME_MAX];
	char session_type[32];
	char auth[64];
	struct wire_cmd cmd[WIRE_CMD_MAX];
	struct wire_http http;
};

/**
 * struct pxl_wire - the observer
 * @cfg:     configuration
 * @on_obs, @arg: observation callback
 * @stats:   counters
 * @obs:     observation being built
 * @dhcp:    scratch for the DHCP parser (large)
 * @ipmac, @xid, @xid6, @tftp, @conn: tables
 */
struct pxl_wire {
	struct pxl_wire_config cfg;
	pxl_obs_fn on_obs;
	void *arg;
	struct pxl_wire_stats stats;
	struct pxl_obs obs;
	struct dhcp_msg dhcp;
	struct wire_ipmac ipmac[WIRE_IPMAC_MAX];
	struct wire_xid xid[WIRE_XID_MAX];
	struct wire_xid6 xid6[WIRE_XID6_MAX];
	struct wire_tftp tftp[WIRE_TFTP_MAX];
	struct wire_conn conn[WIRE_CONN_MAX];
};

/* wire.c */
void wire_drop(struct pxl_wire *w, const char *why, int malformed);
void wire_learn(struct pxl_wire *w, uint32_t ip, const uint8_t *mac, uint64_t t);
int wire_lookup_mac(const struct pxl_wire *w, uint32_t ip, uint8_t mac[6]);

/* wire_obs.c */
struct pxl_obs *wire_obs_begin(struct pxl_wire *w, const struct wire_pkt *p, const char *proto,
			       const char *verb, enum pxl_obs_dir dir);
void wire_obs_client(struct pxl_wire *w, struct pxl_obs *o, uint32_t ip, const uint8_t *mac);
void wire_obs_add(struct pxl_obs *o, const char *key, const char *val);
void wire_obs_addf(struct pxl_obs *o, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void wire_obs_endpoints(struct pxl_obs *o, const struct pxl_frame *f);
void wire_obs_endpoints_udp(struct pxl_obs *o, const struct wire_udp *u);
void wire_obs_endpoints_pkt(struct pxl_obs *o, const struct wire_pkt *p);
void wire_obs_hex(struct pxl_obs *o, const char *key, const uint8_t *p, size_t len);
void wire_addr_v4(uint8_t out[16], uint32_t ip);
uint32_t wire_addr_ip4(const uint8_t a[16]);
const char *wire_addr_str(const uint8_t a[16], char *buf, size_t size);
void wire_obs_summary(struct pxl_obs *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void wire_obs_emit(struct pxl_wire *w, struct pxl_obs *o);
void wire_printable(char *dst, size_t size, const uint8_t *src, size_t len);
void wire_ms(char *buf, size_t size, uint64_t from, uint64_t to);

/* wire_dhcp.c */
int wire_dhcp_match(const struct pxl_frame *f);
void wire_dhcp_input(struct pxl_wire *w, const struct wire_pkt *p);

/* wire_ip6.c */
void wire_ip6_input(struct pxl_wire *w, const struct wire_pkt *p);
void wire_udp_dispatch(struct pxl_wire *w, const struct wire_pkt *p);

/* wire_ndp.c */
void wire_icmp6_input(struct pxl_wire *w, const struct wire_pkt *p, const struct pxl_ip6 *ip);

/* wire_dhcp6.c */
int wire_dhcp6_match(const struct wire_udp *u);
void wire_dhcp6_input(struct pxl_wire *w, const struct wire_pkt *p);

/* wire_tftp.c */
int wire_tftp_input(struct pxl_wire *w, const struct wire_pkt *p);
void wire_tftp_flush(struct pxl_wire *w, uint64_t t);

/* wire_tcp.c */
void wire_tcp_input(struct pxl_wire *w, const struct wire_pkt *p);
void wire_conn_free(struct pxl_wire *w, struct wire_conn *c);
int wire_stream_append(struct wire_stream *s, const uint8_t *data, size_t len, size_t max);

/* wire_iscsi.c */
int wire_iscsi_data(struct pxl_wire *w, struct wire_conn *c, int dir, const uint8_t *data,
		    size_t len, const struct wire_pkt *p);

/* wire_http.c */
int wire_http_data(struct pxl_wire *w, struct wire_conn *c, int dir, const uint8_t *data,
		   size_t len, const struct wire_pkt *p);
void wire_http_server_fin(struct pxl_wire *w, struct wire_conn *c, const struct wire_pkt *p);
void wire_http_client_close(struct pxl_wire *w, struct wire_conn *c, const struct wire_pkt *p);
void wire_http_end(struct pxl_wire *w, struct wire_conn *c, const struct wire_pkt *p);
void wire_http_flush(struct pxl_wire *w, uint64_t t);

#endif /* PXL_WIRE_PRIV_H */
