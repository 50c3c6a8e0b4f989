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
 * Not here yet: the iSCSI stage (login, TEST UNIT READY, READ CAPACITY,
 * READs), which must ride a real TCP stack.
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
 * @SCL_DHCP_IPXE: DORA as iPXE (user class "iPXE", option 175)
 * @SCL_STAGES:    count
 */
enum scl_stage {
	SCL_DHCP_PXE,
	SCL_TFTP_NBP,
	SCL_DHCP_IPXE,
	SCL_STAGES
};

/**
 * enum scl_state - where a client is inside its stage
 * @SCL_IDLE:     not started
 * @SCL_DISCOVER: DISCOVER sent, collecting offers
 * @SCL_REQUEST:  REQUEST sent, waiting for ACK
 * @SCL_TSIZE:    tsize probe sent, waiting for its OACK
 * @SCL_FETCH:    RRQ for the NBP sent, then DATA
 * @SCL_DONE:     every stage passed
 * @SCL_FAILED:   a stage failed (its record says why)
 */
enum scl_state {
	SCL_IDLE,
	SCL_DISCOVER,
	SCL_REQUEST,
	SCL_TSIZE,
	SCL_FETCH,
	SCL_DONE,
	SCL_FAILED
};

/** SCL_WHY_MAX - room for a failure's words */
#define SCL_WHY_MAX 112
/** SCL_FILE_MAX - room for the boot file name */
#define SCL_FILE_MAX 128

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
 */
struct scl_config {
	int fast;
	uint64_t seed;
	unsigned timer_div;
};

/**
 * struct scl_tx - where a client's frames go
 * @send: one Ethernet frame
 * @ctx:  its first argument
 */
struct scl_tx {
	void (*send)(void *ctx, const uint8_t *frame, size_t len);
	void *ctx;
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
	struct scl_stage_rec rec[SCL_STAGES];
};

void scl_client_init(struct scl_client *c, unsigned idx, const struct scl_config *cfg);
void scl_client_start(struct scl_client *c, uint64_t now, const struct scl_tx *tx);
int scl_client_input(struct scl_client *c, const struct pxl_frame *f, uint64_t now,
		     const struct scl_tx *tx);
void scl_client_tick(struct scl_client *c, uint64_t now, const struct scl_tx *tx);
int scl_client_finished(const struct scl_client *c);
const char *scl_stage_name(enum scl_stage s);
void scl_mac_of(unsigned idx, uint8_t mac[PXL_ETH_ALEN]);
int scl_idx_of(const uint8_t mac[PXL_ETH_ALEN], unsigned *idx);
uint32_t scl_rand(struct scl_client *c);
uint64_t scl_timer_ns(const struct scl_client *c, uint64_t ns);

#endif /* PXL_STORM_SCLIENT_H */
