/* wire.h - the wire observer: Ethernet frames in, protocol observations out
 *
 * The observer sees every frame that crosses the virtual LAN (or a pcap) and
 * turns DHCP, DHCPv6, router advertisements, TFTP, iSCSI and HTTP traffic into observations: generic records the
 * scenario engine matches expectations against, whichever server produced
 * the traffic (pxelab's own, dnsmasq, Kea, tgt ...).  It never trusts the
 * frames: malformed ones are counted by reason and skipped.
 *
 * Vocabulary (protocol, verb: fields; every observation may also carry
 * "src" and "dst" as "ip:port"):
 *
 *   dhcp   discover offer request decline ack nak release inform
 *          (bootrequest/bootreply for plain BOOTP):
 *          xid (0x%08x), port (server-side UDP port: 67 or 4011),
 *          broadcast (yes/no), ciaddr yiaddr siaddr (when non-zero), file,
 *          sname (header field, else options 67 / 66), vendor-class,
 *          user-class (classes joined by ','), arch (decimal), ipxe-feature
 *          (comma list of names), root-path, server-id, requested-ip,
 *          lease-time (seconds), message (option 56), option-N for every
 *          option present (printable text, else lower-case hex bytes joined
 *          by ':'), latency-ms on offer (from the latest DISCOVER with the
 *          same xid) and ack/nak (from the latest REQUEST).
 *          mac = chaddr; ip = yiaddr (replies), ciaddr or requested-ip
 *          (requests); dir = from client (requests) or to client (replies).
 *   tftp   request: file, mode, op (rrq/wrq), option-NAME for each option
 *                   asked (lower-case name).  dir: from the client.
 *          start:   file, server-tid, option-NAME for each option agreed
 *                   (from the OACK; none when the server answered with DATA).
 *          transfer: file, state and status (the same value: complete,
 *                   aborted or incomplete), bytes, blocks, blksize,
 *                   duration-ms (request to last ACK, or to the error),
 *                   throughput (bytes per second), tsize (if agreed),
 *                   error-code / error-message (aborted).  dir: to the client
 *                   for a download (RRQ), from it for an upload (WRQ).
 *          error:   file, code, message, sender (client/server); dir: its sender.
 *   iscsi  connect: port, server, client-port (the SYN).
 *          login:   initiator, target, session-type, auth-method, isid,
 *                   tsih, status (RFC 7143 status by name, hyphenated:
 *                   "success", "not-found", "authorization-failure" ...;
 *                   "CC-DD" in hex when unnamed), status-code ("02-03"),
 *                   latency-ms (first byte of the first Login Request to the
 *                   final response), port.
 *          command: opcode ("read-10", "test-unit-ready", "read-capacity-10":
 *                   the SCSI name lower-cased, blanks and "(" as "-"),
 *                   opcode-name ("READ(10)"), cdb-opcode (0x%02x), lun, itt,
 *                   edtl, lba and blocks when the CDB has them, target.
 *          read / write: lba, blocks, bytes, status (SCSI status name:
 *                   "good", "check-condition", ...), latency-ms, lun,
 *                   target; emitted at the command's completion (READ/WRITE
 *                   6/10/12/16 only).
 *          logout:  reason, target.     reject: reason, target.
 *          close:   how ("fin" or "rst"), by (initiator/target), port.
 *          dir: from the client (initiator) except reject, and close by the
 *          target.
 *   http   get head range (a GET with a Range field) request (any other
 *          method): one observation per request, when its response has
 *          been delivered (or at the end: state incomplete): method, path
 *          (the request target as sent), range (the Range field), status,
 *          content-length, content-range, content-type, server-header
 *          and connection (the response's Server and Connection fields,
 *          when present), headers (the response's field names in order, joined
 *          by ','), bytes (body bytes
 *          delivered), latency-ms (request to response head), duration-ms
 *          and duration-us (request to last body byte), throughput (bytes
 *          per second), state (complete or incomplete).  dir: to the client.
 *          connect / close as for iscsi (by: client or server).
 *   dhcp6  solicit advertise request reply renew rebind confirm release
 *          decline information-request reconfigure (wire_dhcp6.c, through
 *          services/dhcp6/dhcp6_msg.c): xid, exchange (boot / address:
 *          which of OVMF's two DHCPv6 clients), client-duid, server-duid,
 *          iaid, t1, t2, address, preferred-lifetime, valid-lifetime,
 *          status, status-message, vendor-class, enterprise, user-class,
 *          arch, nii, bootfile-url, bootfile-param, oro, rapid-commit,
 *          preference, elapsed-ms, latency-ms.
 *   ra     advert: managed, other (present when set), flags, router-lifetime,
 *          hop-limit, prefix (and prefix-on-link, -autonomous, -valid,
 *          -preferred), mtu, source-mac.  Every client's unless unicast.
 *   ndp    rs (from the client), ns, na: target, target-mac, source-mac.
 *   TFTP, iSCSI and HTTP are observed over IPv4 and IPv6 alike ("src"/"dst"
 *   as "[addr]:port" for IPv6; "ip" is then 0 and the client is its MAC).
 *
 * Times are the caller's (monotonic ns live, pcap time in replays); only
 * differences are used.
 */
#ifndef PXL_WIRE_H
#define PXL_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define PXL_OBS_MAX_FIELDS 64
#define PXL_OBS_TEXT 4096
#define PXL_OBS_SUMMARY 256
#define PXL_WIRE_MAX_PORTS 8
#define PXL_WIRE_MAX_REASONS 32
#define PXL_WIRE_REASON_LEN 64

/** enum pxl_obs_dir - which way the observed message went, relative to the client */
enum pxl_obs_dir {
	PXL_OBS_DIR_NONE = 0,     /* not a single message (a transfer, a login) */
	PXL_OBS_FROM_CLIENT,      /* sent by the client */
	PXL_OBS_TO_CLIENT,        /* sent to the client */
};

/**
 * struct pxl_obs_field - one (key, value) pair, as offsets into @text
 * @key: offset of the NUL-terminated key
 * @val: offset of the NUL-terminated value
 */
struct pxl_obs_field {
	uint16_t key;
	uint16_t val;
};

/**
 * struct pxl_obs - one observation
 * @t_ns:      time of the frame that completed it
 * @port:      segment port that frame came from (-1 in replays)
 * @proto:     "dhcp", "tftp", "iscsi" (static)
 * @verb:      see the vocabulary above (static)
 * @dir:       direction relative to the client
 * @mac:       client hardware address, if @has_mac
 * @has_mac:   whether @mac is known
 * @ip:        client IPv4 address, host order, 0 if unknown
 * @n_fields:  fields used
 * @truncated: some fields did not fit and were left out
 * @fields:    the fields (use pxl_obs_field() and pxl_obs_field_at())
 * @summary:   one human line ("DHCP OFFER xid 0x... yiaddr 10.0.2.15 ...")
 * @used:      bytes used in @text
 * @text:      key and value storage
 *
 * A plain value: it holds no pointers except the static @proto and @verb,
 * so it may be copied with assignment and kept after the callback.
 */
struct pxl_obs {
	uint64_t t_ns;
	int port;
	const char *proto;
	const char *verb;
	enum pxl_obs_dir dir;
	uint8_t mac[6];
	int has_mac;
	uint32_t ip;
	size_t n_fields;
	int truncated;
	struct pxl_obs_field fields[PXL_OBS_MAX_FIELDS];
	char summary[PXL_OBS_SUMMARY];
	size_t used;
	char text[PXL_OBS_TEXT];
};

/**
 * pxl_obs_field() - value of a field
 * @obs: observation
 * @key: field key
 *
 * Return: the first value stored under @key, or NULL if absent.
 */
const char *pxl_obs_field(const struct pxl_obs *obs, const char *key);

/**
 * pxl_obs_field_at() - the @i-th field, in the order they were added
 * @obs: observation
 * @i:   index below @obs->n_fields
 * @key: out: key
 * @val: out: value
 *
 * Return: 0, or -ENOENT past the last field.
 */
int pxl_obs_field_at(const struct pxl_obs *obs, size_t i, const char **key, const char **val);

/**
 * pxl_obs_format() - render an observation on one line (for logs and tests)
 * @obs:  observation
 * @buf:  output
 * @size: its size (truncates)
 *
 * Example: "dhcp discover mac=52:54:00:12:34:56 xid=0x8bf5f12c ...".
 * Return: @buf.
 */
const char *pxl_obs_format(const struct pxl_obs *obs, char *buf, size_t size);

/**
 * struct pxl_wire_config - what the observer listens for
 * @iscsi_ports:   TCP ports carrying iSCSI (none given: 3260)
 * @n_iscsi_ports: entries used
 * @tftp_port:     TFTP server port (0: 69)
 * @no_l4_csum:    do not verify UDP/TCP checksums (offloaded captures)
 * @http_port:     TCP port carrying HTTP (0: 80)
 */
struct pxl_wire_config {
	uint16_t iscsi_ports[PXL_WIRE_MAX_PORTS];
	size_t n_iscsi_ports;
	uint16_t tftp_port;
	int no_l4_csum;
	uint16_t http_port;
};

/**
 * struct pxl_wire_reason - frames or messages dropped for one reason
 * @why:   reason ("bad IPv4 header checksum", "dhcp: no-end-option", ...)
 * @count: how many
 */
struct pxl_wire_reason {
	char why[PXL_WIRE_REASON_LEN];
	uint64_t count;
};

/**
 * struct pxl_wire_stats - what the observer saw
 * @frames, @bytes:   frames and bytes fed in
 * @observations:     observations emitted
 * @malformed:        frames or messages rejected as malformed
 * @dropped:          all drops (malformed ones included), by @reasons
 * @tcp_dup_segments: retransmitted or duplicate TCP data ignored
 * @tcp_ooo_segments: TCP segments held for later (arrived early)
 * @tcp_resyncs:      connections whose state was dropped on a gap or junk
 * @n_reasons:        entries used in @reasons (further reasons go to "other")
 * @reasons:          drop counts by reason
 */
struct pxl_wire_stats {
	uint64_t frames;
	uint64_t bytes;
	uint64_t observations;
	uint64_t malformed;
	uint64_t dropped;
	uint64_t tcp_dup_segments;
	uint64_t tcp_ooo_segments;
	uint64_t tcp_resyncs;
	size_t n_reasons;
	struct pxl_wire_reason reasons[PXL_WIRE_MAX_REASONS];
};

/** pxl_obs_fn - receives each observation; @obs is valid during the call (copy it to keep it) */
typedef void (*pxl_obs_fn)(void *arg, const struct pxl_obs *obs);

struct pxl_wire;

/**
 * pxl_wire_new() - create an observer
 * @cfg:    configuration (copied), or NULL for the defaults
 * @on_obs: callback for each observation (may be NULL: count only)
 * @arg:    its first argument
 *
 * Return: the observer, or NULL (out of memory, or more than
 * PXL_WIRE_MAX_PORTS iSCSI ports).
 */
struct pxl_wire *pxl_wire_new(const struct pxl_wire_config *cfg, pxl_obs_fn on_obs, void *arg);

/**
 * pxl_wire_frame() - feed one Ethernet frame
 * @w:     observer
 * @t_ns:  time the frame was seen
 * @port:  segment port it came from (-1 if unknown)
 * @frame: bytes (untrusted)
 * @len:   length
 *
 * Calls the callback for every observation the frame completes.
 */
void pxl_wire_frame(struct pxl_wire *w, uint64_t t_ns, int port, const uint8_t *frame, size_t len);

/**
 * pxl_wire_flush() - report what is still open (end of a run or a capture)
 * @w:    observer
 * @t_ns: time to report it at
 *
 * Emits a tftp "transfer" with state=incomplete for every transfer that
 * neither completed nor failed, and an http observation with
 * state=incomplete for every request not fully answered, and forgets them.
 */
void pxl_wire_flush(struct pxl_wire *w, uint64_t t_ns);

/**
 * pxl_wire_stats() - copy the counters
 * @w:   observer
 * @out: out: counters
 */
void pxl_wire_stats(const struct pxl_wire *w, struct pxl_wire_stats *out);

/**
 * pxl_wire_drops() - drop count for one reason
 * @w:   observer
 * @why: reason text as in struct pxl_wire_reason
 *
 * Return: the count (0 if never seen).
 */
uint64_t pxl_wire_drops(const struct pxl_wire *w, const char *why);

/**
 * pxl_wire_client_mac() - hardware address learnt for an IPv4 address
 * @w:   observer
 * @ip:  address, host order
 * @mac: out: the address (DHCP ACK yiaddr/chaddr or ARP sender)
 *
 * Return: 0, or -ENOENT.
 */
int pxl_wire_client_mac(const struct pxl_wire *w, uint32_t ip, uint8_t mac[6]);

/* pxl_wire_iscsi_stalls() is documented at its definition, in wire_iscsi.c */
size_t pxl_wire_iscsi_stalls(const struct pxl_wire *w, uint64_t now, char *buf, size_t size);

/** pxl_wire_free() - free an observer (NULL is fine); open state is dropped, not reported */
void pxl_wire_free(struct pxl_wire *w);

/**
 * pxl_wire_replay_pcap() - feed a classic pcap file (Ethernet) through an observer
 * @w:    observer
 * @path: pcap file
 * @port: port id to report for every frame (-1)
 * @last_ns: out, may be NULL: time of the last frame (for pxl_wire_flush())
 *
 * Frames are fed with their capture timestamps.  The observer is not
 * flushed: call pxl_wire_flush() to report unfinished transfers.
 * Return: frames fed, -ENOTSUP for a link type other than Ethernet, -EINVAL
 * for a malformed file (frames before the damage have been fed), or -errno.
 */
long pxl_wire_replay_pcap(struct pxl_wire *w, const char *path, int port, uint64_t *last_ns);

#endif /* PXL_WIRE_H */
