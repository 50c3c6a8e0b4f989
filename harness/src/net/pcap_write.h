/* pcap_write.h - a pcap file writer (LINKTYPE_ETHERNET, nanosecond timestamps) */
#ifndef PXL_PCAP_H
#define PXL_PCAP_H

#include <stddef.h>
#include <stdint.h>

struct pxl_pcap;

struct pxl_pcap *pxl_pcap_open(const char *path, int *err);
int pxl_pcap_write(struct pxl_pcap *p, uint64_t wall_ns, const uint8_t *frame, size_t len);
int pxl_pcap_flush(struct pxl_pcap *p);
int pxl_pcap_close(struct pxl_pcap *p);

#endif /* PXL_PCAP_H */
