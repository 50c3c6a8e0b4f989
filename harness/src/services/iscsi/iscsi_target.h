/* iscsi_target.h - pxelab's iSCSI target (RFC 7143): target/LUN configuration and connections
 *
 * A struct iscsi_target_set describes the targets, their LUNs (SCSI disks)
 * and CHAP credentials.  Each TCP connection gets a struct iscsi_conn: bytes
 * in (split anywhere), bytes out through a struct pxl_stream, events out
 * through a struct pxl_event_sink (service "iscsi").  One connection per
 * session (MaxConnections=1), ErrorRecoveryLevel 0, no digests.
 */
#ifndef PXL_ISCSI_TARGET_H
#define PXL_ISCSI_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "services/iscsi/scsi_disk.h"
#include "net/transport.h"

#define ISCSI_MAX_TARGETS 64
#define ISCSI_MAX_LUNS 64

struct iscsi_target_set;
struct iscsi_target;
struct iscsi_conn;

/** iscsi_rng_fn - fills @buf with random bytes (CHAP challenges, TSIH) */
typedef void (*iscsi_rng_fn)(void *ctx, uint8_t *buf, size_t len);

/**
 * struct iscsi_conn_stats - what a connection counted
 * @pdus_in:   PDUs received
 * @pdus_out:  PDUs sent
 * @rejects:   Reject PDUs sent
 * @drops:     PDUs dropped (CmdSN outside the window, stray Data-Out ...)
 * @reads:     READ commands served
 * @writes:    WRITE commands served
 */
struct iscsi_conn_stats {
	uint64_t pdus_in;
	uint64_t pdus_out;
	uint64_t rejects;
	uint64_t drops;
	uint64_t reads;
	uint64_t writes;
};

struct iscsi_target_set *iscsi_target_set_new(const char *portal);
void iscsi_target_set_rng(struct iscsi_target_set *set, iscsi_rng_fn rng, void *ctx);
struct iscsi_target *iscsi_target_add(struct iscsi_target_set *set, const char *iqn);
struct iscsi_target *iscsi_target_find(const struct iscsi_target_set *set, const char *iqn,
				       size_t len);
int iscsi_target_add_lun(struct iscsi_target *t, uint16_t lun, struct scsi_disk *disk);
int iscsi_target_set_chap(struct iscsi_target *t, const char *user, const char *secret);
int iscsi_target_set_mutual_chap(struct iscsi_target *t, const char *user, const char *secret);
void iscsi_target_set_single_session(struct iscsi_target *t, int on);
size_t iscsi_target_count(const struct iscsi_target_set *set);
void iscsi_target_set_free(struct iscsi_target_set *set);

struct iscsi_conn *iscsi_conn_new(struct iscsi_target_set *set, struct pxl_stream out,
				  struct pxl_event_sink sink);
int iscsi_conn_input(struct iscsi_conn *conn, const void *bytes, size_t len, uint64_t now);
void iscsi_conn_closed(struct iscsi_conn *conn);
void iscsi_conn_abandoned(struct iscsi_conn *conn, uint64_t now);
int iscsi_conn_is_closed(const struct iscsi_conn *conn);
const struct iscsi_conn_stats *iscsi_conn_stats(const struct iscsi_conn *conn);
void iscsi_conn_free(struct iscsi_conn *conn);

#endif /* PXL_ISCSI_TARGET_H */
