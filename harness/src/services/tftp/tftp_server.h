/* tftp_server.h - pxelab's TFTP server (RFC 1350, 2347, 2348, 2349, 7440) as a datagram service
 *
 * The server is a state machine behind the pxl_udp_transport of service.h:
 * requests arrive on the listen port, every transfer gets its own port (TID)
 * from the transport's open_port() and gives it back with close_port().
 * Time only moves through the @now arguments; the host calls
 * tftp_server_tick() when tftp_server_next_deadline() has passed.
 *
 * Policy summary (details in core/root_path.h and tftp_opts.h):
 *  - reads in octet and netascii; "mail" and unknown modes get error 4;
 *  - names resolve inside the root only: absolute names, "..", symlinks
 *    leaving the root, directories and devices get error 2; absent files 1;
 *  - WRQ gets error 4 unless uploads are allowed, then creates a new file in
 *    the upload directory (error 6 if it exists; never overwrites);
 *  - malformed requests get error 0 naming the defect (error 2 for a NUL
 *    inside the file name); other malformed datagrams are dropped, counted;
 *  - errors answering a request are sent from a fresh TID, as RFC 1350 has
 *    the server answer every request from a new port;
 *  - a datagram on a transfer port from anyone but that transfer's client
 *    gets error 5 and leaves the transfer alone;
 *  - retransmission doubles the timeout on each try up to @max_timeout_ms;
 *    after @max_retries unanswered tries the transfer is abandoned;
 *  - a client ERROR ends its transfer quietly ("transfer-abort", detail
 *    "client aborted: <message> (error N)"): OVMF does this on purpose after
 *    its tsize probe;
 *  - block numbers roll over from 65535 to 0.
 *
 * Events (service "tftp"): "transfer-start" (name = file, detail = agreed
 * options, e.g. "blksize=1468 windowsize=4 tsize=173792"), "transfer-complete"
 * (value = bytes, detail "bytes=N blocks=N retransmits=N duration_ms=N"),
 * "transfer-abort" (detail = why), "error-sent" (value = code, detail =
 * message, name = file if known), "drop" (detail = reason).
 */
#ifndef PXL_TFTP_SERVER_H
#define PXL_TFTP_SERVER_H

#include <stdint.h>

#include "net/transport.h"
#include "services/tftp/tftp_pkt.h"

/** TFTP_PORT - the well-known listen port */
#define TFTP_PORT 69

/**
 * struct tftp_config - how a server behaves; zero fields take the default
 * @root:               directory served (must exist)
 * @server_addr:        address transfer ports are opened on (host order);
 *                      0: the address each request was sent to
 * @listen_port:        port requests arrive on (69)
 * @max_blksize:        largest block size (1468, for an MTU of 1500; see
 *                      tftp_blksize_for_mtu())
 * @default_timeout_ms: first retransmission timeout without a timeout
 *                      option (1000)
 * @max_timeout_ms:     backoff cap (8000, never below the first timeout)
 * @max_retries:        retransmissions before giving up (5)
 * @max_windowsize:     largest window (64)
 * @max_transfers:      concurrent transfers (256); beyond: error 0 "busy"
 * @allow_upload:       accept WRQ
 * @upload_dir:         directory uploads are created in (required if
 *                      @allow_upload)
 * @max_upload_bytes:   largest upload (64 MiB); beyond: error 3
 */
struct tftp_config {
	const char *root;
	uint32_t server_addr;
	uint16_t listen_port;
	uint16_t max_blksize;
	uint32_t default_timeout_ms;
	uint32_t max_timeout_ms;
	unsigned int max_retries;
	uint16_t max_windowsize;
	unsigned int max_transfers;
	int allow_upload;
	const char *upload_dir;
	uint64_t max_upload_bytes;
};

/**
 * enum tftp_drop - why a datagram was discarded (stats index)
 */
enum tftp_drop {
	TFTP_DROP_MALFORMED = 0,  /* did not parse (see tftp_stats.malformed) */
	TFTP_DROP_UNEXPECTED,     /* valid packet, wrong place (ACK on port 69 ...) */
	TFTP_DROP_NO_TRANSFER,    /* to a port with no transfer */
	TFTP_DROP_STRAY_TID,      /* from the wrong source: answered with error 5 */
	TFTP_DROP_DUP_REQUEST,    /* request repeated while its transfer runs */
	TFTP_DROP_STALE_ACK,      /* ACK of an already acknowledged block */
	TFTP_DROP_FUTURE_ACK,     /* ACK of a block never sent */
	TFTP_DROP_STRAY_DATA,     /* upload DATA out of sequence */
	TFTP_DROP_COUNT
};

/**
 * struct tftp_stats - counters, for reports and tests
 * @requests:        RRQ and WRQ received (parsed or not)
 * @started:         transfers started
 * @completed:       transfers completed
 * @aborted_timeout: transfers abandoned after max_retries
 * @aborted_client:  transfers the client ended with an ERROR
 * @aborted_error:   transfers ended by a local failure (I/O, port, limits)
 * @retransmits:     packets sent again after a timeout or a window restart
 * @bytes_sent:      payload bytes of completed reads
 * @bytes_received:  payload bytes of completed uploads
 * @send_failures:   transport send() errors
 * @errors_sent:     ERROR packets sent, by code (codes above 8 at [0])
 * @drops:           datagrams discarded, by reason
 * @malformed:       unparsable datagrams, by parser reason
 */
struct tftp_stats {
	uint64_t requests;
	uint64_t started;
	uint64_t completed;
	uint64_t aborted_timeout;
	uint64_t aborted_client;
	uint64_t aborted_error;
	uint64_t retransmits;
	uint64_t bytes_sent;
	uint64_t bytes_received;
	uint64_t send_failures;
	uint64_t errors_sent[9];
	uint64_t drops[TFTP_DROP_COUNT];
	uint64_t malformed[TFTP_PERR_COUNT];
};

struct tftp_server;

struct tftp_server *tftp_server_new(const struct tftp_config *cfg,
				    struct pxl_udp_transport transport,
				    struct pxl_event_sink sink);
int tftp_server_input(struct tftp_server *srv, const struct pxl_dgram *dg, uint64_t now);
uint64_t tftp_server_next_deadline(const struct tftp_server *srv);
void tftp_server_tick(struct tftp_server *srv, uint64_t now);
void tftp_server_free(struct tftp_server *srv);
const struct tftp_stats *tftp_server_stats(const struct tftp_server *srv);
unsigned int tftp_server_active(const struct tftp_server *srv);
const char *tftp_drop_str(enum tftp_drop reason);

#endif /* PXL_TFTP_SERVER_H */
