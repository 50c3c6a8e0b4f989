/* inject_port.h - a segment port that plays a hostile guest: crafted frames while a scenario runs
 *
 * Enabled with `pxelab run --inject hostile` (the built-in catalogue,
 * hostile.h, plus three conversations: a TFTP download answered with
 * block-0, future, duplicate and foreign-TID ACKs; iSCSI connections that
 * send a SCSI command during login, a login with a 16 MiB
 * DataSegmentLength, and, after a discovery login, a reserved opcode, a SCSI
 * command and an oversized Text request) or `--inject FILE.pcap` (every
 * frame of the capture, as is).  One step every @interval_ns from
 * @start_ns, @rounds times.  The port answers ARP for its own address and
 * never interferes with the clients' frames otherwise.
 */
#ifndef PXL_INJECT_PORT_H
#define PXL_INJECT_PORT_H

#include <stddef.h>
#include <stdint.h>

struct pxl_loop;
struct pxl_segment;
struct pxl_inject;

#define PXL_INJECT_MAX_KINDS 48

/**
 * struct pxl_inject_config - what to inject and against whom
 * @source:      "hostile" or a pcap file
 * @ip:          the hostile guest's address (its MAC is 52:54:00:66:66:66)
 * @srv_ip:      pxelab's services (DHCP, TFTP)
 * @portal_ip, @portal_port: the iSCSI portal (0: no iSCSI conversations)
 * @tftp_file:   a file the TFTP server serves (NULL: "boot.ipxe")
 * @start_ns:    first step, from pxl_inject_new()
 * @interval_ns: between steps
 * @rounds:      times through the catalogue (or the capture)
 * @seed:        random stream
 */
struct pxl_inject_config {
	const char *source;
	uint32_t ip;
	uint32_t srv_ip;
	uint32_t portal_ip;
	uint16_t portal_port;
	const char *tftp_file;
	uint64_t start_ns;
	uint64_t interval_ns;
	unsigned rounds;
	uint64_t seed;
};

/**
 * struct pxl_inject_kind_count - frames of one kind injected
 * @name:  kind (static text)
 * @count: frames
 */
struct pxl_inject_kind_count {
	const char *name;
	uint64_t count;
};

/**
 * struct pxl_inject_stats - what the hostile guest did and got back
 * @frames:       frames injected (well-formed conversation frames included)
 * @hostile:      of those, crafted to be wrong (or replayed from the capture)
 * @received:     frames the segment delivered to the hostile port
 * @tftp_answers: TFTP packets the server sent to the hostile guest
 * @tftp_errors:  of those, ERROR packets
 * @iscsi_conns:  TCP connections opened to the portal
 * @iscsi_bytes:  bytes the target sent back
 * @iscsi_closed: connections the target closed (FIN or RST)
 * @kinds, @nkinds: injected frames by kind
 */
struct pxl_inject_stats {
	uint64_t frames;
	uint64_t hostile;
	uint64_t received;
	uint64_t tftp_answers;
	uint64_t tftp_errors;
	uint64_t iscsi_conns;
	uint64_t iscsi_bytes;
	uint64_t iscsi_closed;
	struct pxl_inject_kind_count kinds[PXL_INJECT_MAX_KINDS];
	size_t nkinds;
};

void pxl_inject_config_default(struct pxl_inject_config *cfg);
struct pxl_inject *pxl_inject_new(struct pxl_loop *loop, struct pxl_segment *seg,
				  const struct pxl_inject_config *cfg, char *err, size_t errlen);
int pxl_inject_done(const struct pxl_inject *in);
void pxl_inject_get_stats(const struct pxl_inject *in, struct pxl_inject_stats *st);
void pxl_inject_free(struct pxl_inject *in);

#endif /* PXL_INJECT_PORT_H */
