/* iscsi_int.h - internals shared by the iSCSI target's files (not for other users) */
#ifndef PXL_ISCSI_INT_H
#define PXL_ISCSI_INT_H

#include "services/iscsi/chap.h"
#include "services/iscsi/iscsi_pdu.h"
#include "services/iscsi/iscsi_target.h"

#define ISCSI_QUEUE_DEPTH 64       /* CmdSN window and task slots */
#define ISCSI_TARGET_MRDSL 262144  /* what we declare we receive */
#define ISCSI_LOGIN_MAX 65536      /* login/text data accumulated across C bits */
#define ISCSI_NAME_MAX 224         /* RFC 7143: iSCSI names up to 223 bytes */
#define ISCSI_GONE_MAX 16          /* single-session targets: sessions ended without logout kept */
#define ISCSI_SECRET_MAX 256
#define ISCSI_RSP_KEYS_MAX 8192    /* login/text response data we build */
#define ISCSI_XFER_MAX (16u << 20) /* largest data transfer of one command */
#define ISCSI_RSVD_TAG 0xffffffffu

/**
 * struct iscsi_lun - one logical unit of a target
 * @lun:  LUN number
 * @disk: the SCSI disk (owned by the target set)
 */
struct iscsi_lun {
	uint16_t lun;
	struct scsi_disk *disk;
};

/**
 * struct iscsi_target - one target: name, LUNs, credentials
 * @iqn:           target name
 * @luns, @nluns:  logical units
 * @chap_user, @chap_secret:     one-way CHAP (initiator proves itself); empty: none
 * @mutual_user, @mutual_secret: mutual CHAP (target proves itself); empty: none
 * @single_session: refuse a new session from an initiator name that has one
 */
struct iscsi_target {
	char iqn[ISCSI_NAME_MAX];
	struct iscsi_lun luns[ISCSI_MAX_LUNS];
	size_t nluns;
	char chap_user[ISCSI_SECRET_MAX];
	char chap_secret[ISCSI_SECRET_MAX];
	char mutual_user[ISCSI_SECRET_MAX];
	char mutual_secret[ISCSI_SECRET_MAX];
	int single_session;
};

/**
 * struct iscsi_gone - a session of a single-session target that ended without a logout
 * @target:    its target
 * @initiator: its initiator name
 * @isid:      its ISID
 */
struct iscsi_gone {
	const struct iscsi_target *target;
	char initiator[ISCSI_NAME_MAX];
	uint8_t isid[6];
};

/**
 * struct iscsi_target_set - every target a portal serves
 * @portal:   "address:port" announced by SendTargets
 * @tpgt:     target portal group tag
 * @targets:  targets (owned)
 * @ntargets: count
 * @rng:      random source
 * @rng_ctx:  its context
 * @sessions: normal sessions in full feature phase, linked by
 *            iscsi_conn.next_session (iscsi_session.c)
 * @gone:     sessions of single-session targets that ended without a
 *            logout (a ring of the latest ISCSI_GONE_MAX; iscsi_session.c)
 * @ngone:    how many were ever recorded
 */
struct iscsi_target_set {
	char portal[64];
	uint16_t tpgt;
	struct iscsi_target *targets[ISCSI_MAX_TARGETS];
	size_t ntargets;
	iscsi_rng_fn rng;
	void *rng_ctx;
	struct iscsi_conn *sessions;
	struct iscsi_gone gone[ISCSI_GONE_MAX];
	unsigned ngone;
};

/**
 * struct iscsi_params - operational parameters in force (RFC 7143 13)
 * @initiator_mrdsl: MaxRecvDataSegmentLength the initiator declared (our Data-In size)
 */
struct iscsi_params {
	uint32_t max_connections;
	int initial_r2t;
	int immediate_data;
	uint32_t initiator_mrdsl;
	uint32_t max_burst;
	uint32_t first_burst;
	uint32_t time2wait;
	uint32_t time2retain;
	uint32_t max_r2t;
	int pdu_in_order;
	int seq_in_order;
	uint32_t erl;
};

/** enum iscsi_auth_state - where the security stage is */
enum iscsi_auth_state {
	AUTH_START,      /* AuthMethod not agreed yet */
	AUTH_WAIT_A,     /* CHAP agreed, waiting for CHAP_A */
	AUTH_WAIT_R,     /* challenge sent, waiting for CHAP_N/CHAP_R */
	AUTH_DONE,       /* authenticated (or None) */
};

/**
 * struct iscsi_login - login-phase state
 * @started:      first Login Request seen
 * @auth:         security stage progress
 * @chap_id:      CHAP identifier we sent
 * @challenge:    CHAP challenge we sent
 * @tpgt_sent:    TargetPortalGroupTag already announced
 * @buf, @len:    text accumulated across Login Requests with the C bit
 */
struct iscsi_login {
	int started;
	enum iscsi_auth_state auth;
	uint8_t chap_id;
	uint8_t challenge[CHAP_CHALLENGE_LEN];
	int tpgt_sent;
	uint8_t *buf;
	size_t len;
};

/** enum iscsi_task_state - where a command waiting for data-out is */
enum iscsi_task_state {
	TASK_FREE,
	TASK_UNSOLICITED, /* collecting unsolicited Data-Out up to the F bit */
	TASK_R2T,         /* an R2T is out; collecting its Data-Out */
};

/**
 * struct iscsi_task - a SCSI command waiting for Data-Out
 * @state:     progress
 * @itt:       initiator task tag
 * @lunraw:    LUN field as received
 * @lun:       logical unit (NULL if the LUN does not exist)
 * @lun_idx:   its index in the target's LUN table
 * @cmd:       the SCSI command (CDB copied to @cdb)
 * @cdb:       CDB bytes
 * @edtl:      expected data transfer length
 * @read:      R bit
 * @failed:    prepare completed the command with an error: swallow, then report
 * @out:       data-out buffer of @want bytes
 * @want:      bytes the command needs: min(EDTL, what the CDB transfers)
 * @have:      bytes received in order
 * @limit:     bytes the current sequence may carry (unsolicited or R2T end)
 * @datasn:    next DataSN expected in this sequence
 * @ttt:       target transfer tag of the current R2T
 * @r2tsn:     next R2TSN
 */
struct iscsi_task {
	enum iscsi_task_state state;
	uint32_t itt;
	uint64_t lunraw;
	struct iscsi_lun *lun;
	size_t lun_idx;
	struct scsi_cmd cmd;
	uint8_t cdb[16];
	uint32_t edtl;
	int read;
	int failed;
	uint8_t *out;
	size_t want;
	size_t have;
	size_t limit;
	uint32_t datasn;
	uint32_t ttt;
	uint32_t r2tsn;
};

/** enum iscsi_phase - connection phase */
enum iscsi_phase { PHASE_LOGIN, PHASE_FFP, PHASE_CLOSED };

/**
 * struct iscsi_conn - one connection (= one session)
 * @set, @out, @sink: configuration, output stream, events
 * @now:         time of the input being processed
 * @rx, @rx_len, @rx_cap, @pdu_len, @skip: PDU reassembly
 * @phase:       login, full feature, closed
 * @login:       login state
 * @target:      the target logged in to (NULL for discovery)
 * @discovery:   SessionType=Discovery
 * @initiator:   InitiatorName
 * @isid, @tsih: session identity
 * @p:           operational parameters
 * @statsn:      next StatSN to assign
 * @expcmdsn:    next CmdSN expected
 * @ua_gen:      per LUN: the disk reset generation this nexus has seen
 * @tasks:       commands waiting for Data-Out
 * @next_ttt:    next target transfer tag
 * @tx, @tx_cap: PDU assembly buffer
 * @stats:       counters
 * @listed:      on @set's session list
 * @next_session: the next on that list
 */
struct iscsi_conn {
	struct iscsi_target_set *set;
	struct pxl_stream out;
	struct pxl_event_sink sink;
	uint64_t now;

	uint8_t *rx;
	size_t rx_len, rx_cap, pdu_len, skip;

	enum iscsi_phase phase;
	struct iscsi_login login;
	const struct iscsi_target *target;
	int discovery;
	char initiator[ISCSI_NAME_MAX];
	uint8_t isid[6];
	uint16_t tsih;
	struct iscsi_params p;
	uint32_t statsn;
	uint32_t expcmdsn;
	unsigned int ua_gen[ISCSI_MAX_LUNS];
	struct iscsi_task tasks[ISCSI_QUEUE_DEPTH];
	uint32_t next_ttt;
	uint8_t *tx;
	size_t tx_cap;
	struct iscsi_conn_stats stats;
	int listed;
	struct iscsi_conn *next_session;
};

/**
 * struct iscsi_keybuf - key=value\0 response text being built
 * @buf: bytes
 * @len: used
 * @overflow: something did not fit
 */
struct iscsi_keybuf {
	char buf[ISCSI_RSP_KEYS_MAX];
	size_t len;
	int overflow;
};

/* iscsi_conn.c */
void iscsi_pdu_head(struct iscsi_conn *conn, struct iscsi_bhs *bhs, size_t dlen,
		    int advance_statsn, uint8_t out[ISCSI_BHS_LEN]);
int iscsi_sendv(struct iscsi_conn *conn, const struct iovec *iov, size_t n, size_t npdus);
int iscsi_send(struct iscsi_conn *conn, struct iscsi_bhs *bhs, const void *data, size_t dlen,
	       int advance_statsn);
void iscsi_event(struct iscsi_conn *conn, const char *kind, const char *name, const char *detail,
		 uint64_t value);
void iscsi_close(struct iscsi_conn *conn, const char *why);
uint32_t iscsi_maxcmdsn(const struct iscsi_conn *conn);
void iscsi_keybuf_add(struct iscsi_keybuf *kb, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int iscsi_value_in_list(const struct iscsi_kv *kv, const char *want);

/* iscsi_login.c */
void iscsi_login_request(struct iscsi_conn *conn, const struct iscsi_bhs *bhs,
			 const uint8_t *data, size_t dlen);
void iscsi_login_free(struct iscsi_conn *conn);

/* iscsi_session.c */
void iscsi_session_join(struct iscsi_conn *conn);
void iscsi_session_leave(struct iscsi_conn *conn);
void iscsi_session_lost(struct iscsi_conn *conn);
const uint8_t *iscsi_session_other(const struct iscsi_conn *conn);

/* iscsi_auth.c */
int iscsi_auth_keys(struct iscsi_conn *conn, const struct iscsi_kv *kv, size_t n,
		    struct iscsi_keybuf *rsp, const char **why);
int iscsi_auth_is_key(const struct iscsi_kv *kv);

/* iscsi_params.c */
void iscsi_params_defaults(struct iscsi_params *p);
int iscsi_params_negotiate(struct iscsi_params *p, const struct iscsi_kv *kv,
			   struct iscsi_keybuf *rsp);
void iscsi_params_finish(struct iscsi_params *p);

/* iscsi_scsi.c */
void iscsi_scsi_command(struct iscsi_conn *conn, const struct iscsi_bhs *bhs,
			const uint8_t *pdu, size_t len);
void iscsi_data_out(struct iscsi_conn *conn, const struct iscsi_bhs *bhs, const uint8_t *data);
void iscsi_task_abort(struct iscsi_conn *conn, struct iscsi_task *task);
struct iscsi_lun *iscsi_lun_lookup(struct iscsi_conn *conn, uint64_t lun_field, size_t *idx);

/* iscsi_ffp.c */
void iscsi_ffp_pdu(struct iscsi_conn *conn, const struct iscsi_bhs *bhs, const uint8_t *pdu,
		   size_t len);
void iscsi_reject(struct iscsi_conn *conn, const uint8_t *hdr, uint8_t reason, const char *why);

/* iscsi_tmf.c */
void iscsi_tmf_request(struct iscsi_conn *conn, const struct iscsi_bhs *bhs);

#endif /* PXL_ISCSI_INT_H */
