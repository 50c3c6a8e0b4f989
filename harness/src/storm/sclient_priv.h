/* sclient_priv.h - what the synthetic client's DHCP, TFTP and iSCSI parts share */
#ifndef PXL_STORM_SCLIENT_PRIV_H
#define PXL_STORM_SCLIENT_PRIV_H

#include "storm/sclient.h"

/** SCL_FRAME_MAX - largest frame a client sends */
#define SCL_FRAME_MAX 1600

void scl_send_udp(struct scl_client *c, const struct scl_tx *tx, const uint8_t dst_mac[PXL_ETH_ALEN],
		  uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
		  const void *payload, size_t len);
void scl_fail(struct scl_client *c, uint64_t now, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void scl_pass(struct scl_client *c, uint64_t now, const struct scl_tx *tx);

void scl_dhcp_begin(struct scl_client *c, uint64_t now, const struct scl_tx *tx);
int scl_dhcp_input(struct scl_client *c, const struct pxl_frame *f, uint64_t now,
		   const struct scl_tx *tx);
void scl_dhcp_tick(struct scl_client *c, uint64_t now, const struct scl_tx *tx);
void scl_tftp_begin(struct scl_client *c, uint64_t now, const struct scl_tx *tx);
int scl_tftp_input(struct scl_client *c, const struct pxl_frame *f, uint64_t now,
		   const struct scl_tx *tx);
void scl_tftp_tick(struct scl_client *c, uint64_t now, const struct scl_tx *tx);
void scl_iscsi_begin(struct scl_client *c, uint64_t now, const struct scl_tx *tx);
void scl_iscsi_boot_begin(struct scl_client *c, uint64_t now, const struct scl_tx *tx);
void scl_iscsi_tcp(struct scl_client *c, enum scl_tcp_ev ev, const uint8_t *data, size_t len, int err,
		   uint64_t now, const struct scl_tx *tx);
void scl_iscsi_tick(struct scl_client *c, uint64_t now, const struct scl_tx *tx);

#endif /* PXL_STORM_SCLIENT_PRIV_H */
