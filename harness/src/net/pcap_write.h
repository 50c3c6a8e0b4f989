/* pcap_write.h - a pcap file writer (LINKTYPE_ETHERNET, nanosecond timestamps) */
#ifndef PXL_PCAP_H
#define PXL_PCAP_H

#include <stddef.h>
#include <stdint.h>

/* the longest frame a capture keeps whole, and `headers`' default snap length */
#define PXL_PCAP_SNAP_FULL 262144u
#define PXL_PCAP_SNAP_HEADERS 128u
#define PXL_PCAP_SNAP_MIN 64u

struct pxl_pcap;

int pxl_pcap_parse_mode(const char *s, uint32_t *snaplen);
void pxl_pcap_mode_str(uint32_t snaplen, char *out, size_t len);
struct pxl_pcap *pxl_pcap_open(const char *path, uint32_t snaplen, int *err);
int pxl_pcap_write(struct pxl_pcap *p, uint64_t wall_ns, const uint8_t *frame, size_t len);
int pxl_pcap_flush(struct pxl_pcap *p);
int pxl_pcap_close(struct pxl_pcap *p);

#endif /* PXL_PCAP_H */
