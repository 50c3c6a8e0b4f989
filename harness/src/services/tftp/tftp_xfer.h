/* tftp_xfer.h - the TFTP server's insides: server and transfer state shared by its .c files (private) */
#ifndef PXL_TFTP_XFER_H
#define PXL_TFTP_XFER_H

#include <stdint.h>

#include "net/transport.h"
#include "services/tftp/tftp_file.h"
#include "services/tftp/tftp_opts.h"
#include "core/root_path.h"
#include "services/tftp/tftp_pkt.h"
#include "services/tftp/tftp_server.h"

/** TFTP_NAME_SHOW - room for the printable copy of a file name in events */
#define TFTP_NAME_SHOW 256
/** TFTP_CTL_MAX - room for a control packet kept for retransmission */
#define TFTP_CTL_MAX 512

struct tftp_xfer;

/**
 * struct tftp_server - one server: configuration, open directories, transfers
 * @cfg:       configuration with defaults filled in (strings not used after new)
 * @root_fd:   served directory
 * @upload_fd: upload directory, or -1
 * @tp:        datagram transport
 * @sink:      event sink
 * @xfers:     active transfers (unordered)
 * @n_xfers:   how many
 * @cap_xfers: room in @xfers
 * @by_port:   per local port, the transfers on it (chained by port_next), or NULL
 *             before the first transfer: datagrams find their transfer in O(1)
 * @by_peer:   per client port, the transfers from it (chained by peer_next):
 *             a repeated request is found in O(1)
 * @next_hint: no transfer's deadline is earlier (lowered by tftp_xfer_arm(),
 *             made exact by tftp_server_tick()): no walk per datagram
 * @stats:     counters
 */
struct tftp_server {
	struct tftp_config cfg;
	int root_fd;
	int upload_fd;
	struct pxl_udp_transport tp;
	struct pxl_event_sink sink;
	struct tftp_xfer **xfers;
	unsigned int n_xfers;
	unsigned int cap_xfers;
	struct tftp_xfer **by_port;
	struct tftp_xfer **by_peer;
	uint64_t next_hint;
	struct tftp_stats stats;
};

/**
 * enum tftp_xstate - where a transfer is
 * @XS_OACK:  OACK sent, waiting for ACK 0 (read) or DATA 1 (write)
 * @XS_DATA:  moving data
 * @XS_DALLY: upload complete, lingering to re-ACK a repeated last block
 */
enum tftp_xstate {
	XS_OACK,
	XS_DATA,
	XS_DALLY,
};

/**
 * struct tftp_dir_ops - what differs between reads and uploads
 * @begin:   first packet(s) after the transfer is set up
 * @input:   a packet from the transfer's client (not an ERROR)
 * @resend:  the timer fired and a retry is allowed: send again
 */
struct tftp_dir_ops {
	void (*begin)(struct tftp_xfer *x, uint64_t now);
	void (*input)(struct tftp_xfer *x, const struct pxl_dgram *dg, const struct tftp_pkt *pkt,
		      uint64_t now);
	void (*resend)(struct tftp_xfer *x, uint64_t now);
};

/**
 * struct tftp_xfer - one transfer
 * @srv:         owning server
 * @slot:        index in srv->xfers
 * @port_next:   next transfer on the same local port (srv->by_port)
 * @peer_next:   next transfer from the same client port (srv->by_peer)
 * @ops:         read or upload behaviour
 * @is_write:    an upload
 * @netascii:    netascii mode
 * @local:       our endpoint (the TID)
 * @peer:        the client's endpoint
 * @mac:         client's link address hint
 * @has_mac:     whether @mac is meaningful
 * @name:        printable file name for events
 * @agreed:      agreed options, as reported in "transfer-start"
 * @file:        open file and its directory
 * @blksize:     block size
 * @windowsize:  blocks per window (reads)
 * @state:       where the transfer is
 * @base:        read: first unacknowledged block; write: next expected block
 * @sent:        read: blocks sent from @base in the current window
 * @high:        read: highest block ever sent (to count retransmissions)
 * @last_blk:    read: number of the final block once read (0: not yet)
 * @last_len:    read: its length
 * @pos:         read: start position of blocks @base .. @base + windowsize
 * @out:         write: upload sink
 * @buf:         packet buffer, TFTP_HDR_LEN + @blksize bytes
 * @ctl:         last control packet (OACK, or an upload's last ACK)
 * @ctl_len:     its length
 * @rto0_ms:     first retransmission timeout
 * @rto_ms:      current retransmission timeout
 * @retries:     consecutive timeouts without progress
 * @deadline:    when the timer fires (PXL_NEVER: none)
 * @start:       when the request arrived
 * @retransmits: packets sent again
 * @blocks:      data blocks moved (distinct)
 * @bytes:       write: payload bytes received
 */
struct tftp_xfer {
	struct tftp_server *srv;
	unsigned int slot;
	struct tftp_xfer *port_next;
	struct tftp_xfer *peer_next;
	const struct tftp_dir_ops *ops;
	int is_write;
	int netascii;
	struct pxl_ep local;
	struct pxl_ep peer;
	uint8_t mac[6];
	int has_mac;
	char name[TFTP_NAME_SHOW];
	char agreed[128];
	struct pxl_root_file file;
	uint16_t blksize;
	uint16_t windowsize;
	enum tftp_xstate state;
	uint64_t base;
	unsigned int sent;
	uint64_t high;
	uint64_t last_blk;
	size_t last_len;
	struct tftp_pos *pos;
	struct tftp_sink out;
	uint8_t *buf;
	uint8_t ctl[TFTP_CTL_MAX];
	size_t ctl_len;
	uint32_t rto0_ms;
	uint32_t rto_ms;
	unsigned int retries;
	uint64_t deadline;
	uint64_t start;
	uint64_t retransmits;
	uint64_t blocks;
	uint64_t bytes;
};

extern const struct tftp_dir_ops tftp_read_ops;
extern const struct tftp_dir_ops tftp_write_ops;

/* tftp_server.c */
void tftp_emit(struct tftp_server *srv, uint64_t now, struct pxl_event *ev);
void tftp_emit_dg(struct tftp_server *srv, uint64_t now, const char *kind,
		  const struct pxl_dgram *dg, const char *detail, uint64_t value);
int tftp_send_to(struct tftp_server *srv, struct pxl_ep local, struct pxl_ep peer,
		 const uint8_t *mac, const uint8_t *buf, size_t len);
void tftp_send_error(struct tftp_server *srv, uint64_t now, struct pxl_ep local,
		     struct pxl_ep peer, const uint8_t *mac, uint16_t code, const char *msg,
		     const char *name);
void tftp_drop(struct tftp_server *srv, uint64_t now, const struct pxl_dgram *dg,
	       enum tftp_drop reason, const char *detail);
void tftp_count_malformed(struct tftp_server *srv, enum tftp_perr perr);
int tftp_server_add(struct tftp_server *srv, struct tftp_xfer *x);
void tftp_server_remove(struct tftp_server *srv, struct tftp_xfer *x);

/* tftp_request.c */
void tftp_request_input(struct tftp_server *srv, const struct pxl_dgram *dg,
			const struct tftp_pkt *pkt, int parse_rc, uint64_t now);

/* tftp_xfer.c */
struct tftp_xfer *tftp_xfer_new(struct tftp_server *srv, const struct pxl_dgram *dg,
				const struct tftp_pkt *req, const struct tftp_nego *nego,
				struct pxl_root_file *file, int netascii, uint64_t now, int *err);
void tftp_xfer_free(struct tftp_xfer *x);
int tftp_xfer_send(struct tftp_xfer *x, const uint8_t *buf, size_t len);
void tftp_xfer_send_ctl(struct tftp_xfer *x, uint64_t now, int again);
void tftp_xfer_arm(struct tftp_xfer *x, uint64_t now);
void tftp_xfer_progress(struct tftp_xfer *x);
void tftp_xfer_timeout(struct tftp_xfer *x, uint64_t now);
void tftp_xfer_peer_input(struct tftp_xfer *x, const struct pxl_dgram *dg,
			  const struct tftp_pkt *pkt, uint64_t now);
void tftp_xfer_complete(struct tftp_xfer *x, uint64_t now, uint64_t bytes);
void tftp_xfer_abort(struct tftp_xfer *x, uint64_t now, uint64_t *counter, int code,
		     const char *why);

#endif /* PXL_TFTP_XFER_H */
