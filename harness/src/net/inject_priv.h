/* inject_priv.h - the inject port's state, shared by inject_port.c and inject_conv.c */
#ifndef PXL_INJECT_PRIV_H
#define PXL_INJECT_PRIV_H

#include <limits.h>

#include "net/hostile.h"
#include "net/inject_port.h"
#include "net/pcap_read.h"

/** INJ_ISCSI_SCRIPTS - iSCSI conversations per round */
#define INJ_ISCSI_SCRIPTS 3
/** INJ_CONV_BUF - largest conversation frame */
#define INJ_CONV_BUF 1600

/**
 * struct inj_tftp - the TFTP conversation: a download answered with wrong ACKs
 * @active: started and not finished
 * @port:   our port
 * @tid:    the server's transfer port (0 until its first DATA)
 * @step:   next wrong ACK to send
 */
struct inj_tftp {
	int active;
	uint16_t port;
	uint16_t tid;
	unsigned step;
};

/**
 * struct inj_tcp - one iSCSI conversation on a minimal TCP client
 * @active:      started and not finished
 * @script:      which conversation (0 .. INJ_ISCSI_SCRIPTS - 1)
 * @sport:       our port
 * @iss:         our initial sequence number
 * @snd_nxt, @rcv_nxt: sequence state once established
 * @established: the SYN-ACK came
 * @deadline:    RST at this time (monotonic ns)
 */
struct inj_tcp {
	int active;
	int script;
	uint16_t sport;
	uint32_t iss;
	uint32_t snd_nxt;
	uint32_t rcv_nxt;
	int established;
	uint64_t deadline;
};

/**
 * struct pxl_inject - the hostile guest
 * @loop, @seg, @port: where it lives
 * @cfg:       configuration (@cfg.source points at @source)
 * @source:    copy of the source
 * @ctx:       identity and random stream for hostile.c
 * @timer:     steps
 * @pcap, @pcap_len, @rd: the capture replayed (pcap mode)
 * @round, @step: position in the catalogue
 * @finished:  every round and conversation is over
 * @tftp, @tcp: conversations
 * @st:        counters
 * @buf:       frame being built by a step (never used on the receive path)
 */
struct pxl_inject {
	struct pxl_loop *loop;
	struct pxl_segment *seg;
	int port;
	struct pxl_inject_config cfg;
	char source[PATH_MAX];
	struct pxl_hostile_ctx ctx;
	struct pxl_timer *timer;
	uint8_t *pcap;
	size_t pcap_len;
	struct pxl_pcap_reader rd;
	unsigned round;
	size_t step;
	int finished;
	struct inj_tftp tftp;
	struct inj_tcp tcp;
	struct pxl_inject_stats st;
	uint8_t buf[PXL_HOSTILE_FRAME_MAX];
};

extern const char *const inj_iscsi_names[INJ_ISCSI_SCRIPTS];

void inj_send(struct pxl_inject *in, const char *kind, int hostile, const uint8_t *frame, size_t len);
void inj_tftp_start(struct pxl_inject *in);
void inj_tftp_tick(struct pxl_inject *in);
int inj_tftp_input(struct pxl_inject *in, const struct pxl_frame *f);
void inj_iscsi_start(struct pxl_inject *in, int script, uint64_t now);
void inj_iscsi_tick(struct pxl_inject *in, uint64_t now);
int inj_iscsi_input(struct pxl_inject *in, const struct pxl_frame *f, uint64_t now);

#endif /* PXL_INJECT_PRIV_H */
