/* sclient.h - one synthetic netboot client: OVMF's PXE DHCP, its TFTP of the NBP, iPXE's DHCP, as raw frames
 *
 * A synthetic client is a state machine that walks the stages a UEFI
 * machine walks on the wire, with the packets and timers of the firmware
 * (taken from ../shared/captures and EDK2/iPXE): frames in, frames out, a
 * clock.  It knows the Ethernet frame and the protocols' codecs, never
 * QEMU, a socket or the segment: whoever hosts it (storm/storm_port.c)
 * carries its frames.  Every stage keeps its start, end, tries and, when it
 * failed, the words of why.
 *
 * The iSCSI stages (login with iPXE's keys, TEST UNIT READY, READ
 * CAPACITY, the boot sectors' READs, sclient_iscsi.c) ride a real TCP
 * stack: the client asks its host to open a connection (scl_tx.tcp_open)
 * and gets its bytes back through scl_client_tcp().
 */
#ifndef PXL_STORM_SCLIENT_H
#define PXL_STORM_SCLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "net/packet.h"

/**
 * enum scl_stage - the stages a synthetic client walks, in order
 * @SCL_DHCP_PXE:  DORA as OVMF's PXE base code (broadcast flag, 93/94/97)
 * @SCL_TFTP_NBP:  the NBP as OVMF fetches it: tsize probe aborted with
 *                 error 8, then blksize 1468 windowsize 4
 * @SCL_IPXE_START: the NBP (iPXE) starts: nothing on the wire from the last
 *                 TFTP ACK until iPXE's first DISCOVER, which ends it
 *                 (SCL_IPXE_START_MS, as captured)
 * @SCL_DHCP_IPXE: DORA as iPXE (user class "iPXE", option 175)
 * @SCL_ISCSI_LOGIN: TCP to the root path's portal, iPXE's two login requests
 * @SCL_ISCSI_BOOT: TEST UNIT READY, READ CAPACITY(10), the READ(10)s of the
 *                 boot sectors iPXE's sanboot issues (as captured)
 * @SCL_STAGES:    count
 */
enum scl_stage {
	SCL_DHCP_PXE,
	SCL_TFTP_NBP,
	SCL_IPXE_START,
	SCL_DHCP_IPXE,
	SCL_ISCSI_LOGIN,
	SCL_ISCSI_BOOT,
	SCL_STAGES
};

/**
 * enum scl_state - where a client is inside its stage
 * @SCL_IDLE:     not started
 * @SCL_DISCOVER: DISCOVER sent, collecting offers
 * @SCL_REQUEST:  REQUEST sent, waiting for ACK
 * @SCL_TSIZE:    tsize probe sent, waiting for its OACK
 * @SCL_FETCH:    RRQ for the NBP sent, then DATA
 * @SCL_STARTING: the NBP runs, iPXE initialises (its first DISCOVER at the deadline)
 * @SCL_CONNECT:  TCP connection to the iSCSI portal asked for
 * @SCL_ISCSI:    an iSCSI request sent, its response awaited
 * @SCL_DONE:     every stage passed
 * @SCL_FAILED:   a stage failed (its record says why)
 */
enum scl_state {
	SCL_IDLE,
	SCL_DISCOVER,
	SCL_REQUEST,
	SCL_TSIZE,
	SCL_FETCH,
	SCL_STARTING,
	SCL_CONNECT,
	SCL_ISCSI,
	SCL_DONE,
	SCL_FAILED
};

/*
 * SCL_IPXE_START_MS - iPXE's start: from OVMF's last TFTP ACK of
 * snponly.efi to iPXE's first DHCPDISCOVER, 2074.083 ms in
 * ../shared/captures/uefi-native-pxe-dnsmasq-tgt.pcap (frames 259, 260:
 * 7.272481 s, 9.346564 s; nothing on the wire between them).  A timer like
 * the firmware's others: divided by scl_config.timer_div.
 */
#define SCL_IPXE_START_MS 2074

/** SCL_WHY_MAX - room for a failure's words */
#define SCL_WHY_MAX 112
/** SCL_FILE_MAX - room for the boot file name */
#define SCL_FILE_MAX 128
/** SCL_ROOT_MAX - room for the root path (option 17) */
#define SCL_ROOT_MAX 256

/**
 * struct scl_stage_rec - one stage of one client
 * @start_ns: first packet sent (0: never started)
 * @end_ns:   passed or failed at (0: still running)
 * @tries:    requests sent, first ones included
 * @retx:     of those, retransmissions after a timeout
 * @ok:       passed
 * @why:      failure diagnosis ("" if none)
 */
struct scl_stage_rec {
	uint64_t start_ns;
	uint64_t end_ns;
	unsigned tries;
	unsigned retx;
	int ok;
	char why[SCL_WHY_MAX];
};

/**
 * struct scl_config - what every client of a storm shares
 * @fast:    reply to the first OFFER at once instead of the firmware's
 *           offer-collection wait (the retransmission timers stay real)
 * @seed:    random stream for XIDs and source ports
 * @timer_div: every firmware timer divided by this (0 or 1: the firmware's
 *           own); tests use it to reach a give-up in milliseconds
 * @stages:  walk this many stages (0: all of them); a client that passed
 *           them is done
 */
struct scl_config {
	int fast;
	uint64_t seed;
	unsigned timer_div;
	unsigned stages;
};

struct scl_client;

/**
 * struct scl_tx - where a client's frames and TCP bytes go
 * @send:        one Ethernet frame
 * @tcp_open:    open a TCP connection for the client to @ip:@port (host
 *               order); the host answers with scl_client_tcp() (connected,
 *               data, closed).  Return: 0 or -errno.  NULL: no TCP stack.
 * @tcp_send:    bytes on the client's connection.  Return: 0 or -errno.
 * @tcp_close:   close it (safe when none is open)
 * @tcp_retrans: the connection's retransmitted segments so far (the kernel's count)
 * @ctx:         their first argument
 */
struct scl_tx {
	void (*send)(void *ctx, const uint8_t *frame, size_t len);
	int (*tcp_open)(void *ctx, struct scl_client *c, uint32_t ip, uint16_t port);
	int (*tcp_send)(void *ctx, struct scl_client *c, const void *buf, size_t len);
	void (*tcp_close)(void *ctx, struct scl_client *c);
	unsigned (*tcp_retrans)(void *ctx, const struct scl_client *c);
	void *ctx;
};

/**
 * enum scl_tcp_ev - what the host says of a client's connection
 * @SCL_TCP_CONNECTED: the handshake completed
 * @SCL_TCP_DATA:      bytes arrived
 * @SCL_TCP_CLOSED:    the peer closed it or it failed (errno in @err)
 */
enum scl_tcp_ev {
	SCL_TCP_CONNECTED,
	SCL_TCP_DATA,
	SCL_TCP_CLOSED
};

/**
 * struct scl_iscsi - one client's iSCSI initiator (sclient_iscsi.c)
 * @portal, @port: the root path's target portal
 * @lun:     its LUN, as the 8 bytes of the BHS
 * @iqn_off: where the target name starts in the client's root path
 * @step:    the request in flight: 0, 1 the logins, then the commands
 * @tur:     times the current command ended in CHECK CONDITION
 * @itt, @cmdsn, @expstatsn, @tsih, @isid_q: session numbers
 * @hdr, @hlen: the response header being received
 * @left:    data segment bytes (with padding) still to come
 * @got:     data bytes of the current command received
 * @cap:     READ CAPACITY(10) data (last LBA, block length)
 * @sense:   of the last SCSI Response: sense key, ASC, ASCQ (fixed format)
 * @blksize: block length from READ CAPACITY (0: not yet)
 * @retx0:   the connection's retransmissions when the login stage ended
 */
struct scl_iscsi {
	uint32_t portal;
	uint16_t port;
	uint8_t lun[8];
	uint16_t iqn_off;
	uint8_t step;
	uint8_t tur;
	uint32_t itt;
	uint32_t cmdsn;
	uint32_t expstatsn;
	uint16_t tsih;
	uint16_t isid_q;
	uint8_t hdr[48];
	uint8_t hlen;
	uint32_t left;
	uint32_t got;
	uint8_t cap[8];
	uint8_t sense[3];
	uint32_t blksize;
	unsigned retx0;
};

/**
 * struct scl_client - one synthetic client
 * @idx:        number in the storm (its MAC and UUID derive from it)
 * @mac, @uuid: identity
 * @cfg:        shared configuration
 * @stage:      current stage
 * @state:      where in it
 * @rng:        random stream
 * @xid:        current DHCP transaction
 * @try:        requests sent in the current exchange
 * @deadline:   next timer (PXL_NEVER: none)
 * @offer_at:   first usable OFFER arrived (0: none yet)
 * @ip:         address from the PXE round's ACK (0 before)
 * @offer_ip, @server_id: the chosen OFFER
 * @next_server: TFTP server (siaddr, else the server identifier)
 * @file:       NBP name from the PXE ACK
 * @srv_mac:    the TFTP server's MAC, once ARP answered (@has_srv_mac)
 * @sport, @tid: our TFTP port and the server's transfer port
 * @blksize, @window: agreed in the OACK
 * @acked:      last block acknowledged
 * @rcvd:       last block received in order
 * @bytes:      NBP bytes received
 * @tsize:      size the probe's OACK announced
 * @ipid:       IPv4 identification of the next frame
 * @root:       root path from the iPXE round's ACK (option 17)
 * @is:         the iSCSI initiator
 * @rec:        per stage
 */
struct scl_client {
	unsigned idx;
	uint8_t mac[PXL_ETH_ALEN];
	uint8_t uuid[16];
	const struct scl_config *cfg;
	enum scl_stage stage;
	enum scl_state state;
	uint64_t rng;
	uint32_t xid;
	unsigned try;
	uint64_t deadline;
	uint64_t offer_at;
	uint32_t ip;
	uint32_t offer_ip;
	uint32_t server_id;
	uint32_t next_server;
	char file[SCL_FILE_MAX];
	uint8_t srv_mac[PXL_ETH_ALEN];
	int has_srv_mac;
	uint16_t sport;
	uint16_t tid;
	uint16_t blksize;
	uint16_t window;
	uint16_t acked;
	uint16_t rcvd;
	uint64_t bytes;
	uint64_t tsize;
	uint16_t ipid;
	char root[SCL_ROOT_MAX];
	struct scl_iscsi is;
	struct scl_stage_rec rec[SCL_STAGES];
};

void scl_client_init(struct scl_client *c, unsigned idx, const struct scl_config *cfg);
void scl_client_start(struct scl_client *c, uint64_t now, const struct scl_tx *tx);
int scl_client_input(struct scl_client *c, const struct pxl_frame *f, uint64_t now,
		     const struct scl_tx *tx);
void scl_client_tcp(struct scl_client *c, enum scl_tcp_ev ev, const uint8_t *data, size_t len, int err,
		    uint64_t now, const struct scl_tx *tx);
void scl_client_tick(struct scl_client *c, uint64_t now, const struct scl_tx *tx);
int scl_client_finished(const struct scl_client *c);
const char *scl_stage_name(enum scl_stage s);
void scl_mac_of(unsigned idx, uint8_t mac[PXL_ETH_ALEN]);
int scl_idx_of(const uint8_t mac[PXL_ETH_ALEN], unsigned *idx);
uint32_t scl_rand(struct scl_client *c);
uint64_t scl_timer_ns(const struct scl_client *c, uint64_t ns);

#endif /* PXL_STORM_SCLIENT_H */
