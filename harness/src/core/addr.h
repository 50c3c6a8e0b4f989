/* addr.h - IPv4, IPv6 and MAC addresses as text: the one parser and formatter of each */
#ifndef PXL_ADDR_H
#define PXL_ADDR_H

#include <stdint.h>

#define PXL_MAC_LEN 6		/* bytes of a MAC address */
#define PXL_IP_STR 16		/* "255.255.255.255" and its NUL */
#define PXL_MAC_STR 18		/* "52:54:00:12:34:56" and its NUL */
#define PXL_IP6_STR 46		/* longest IPv6 text (INET6_ADDRSTRLEN) and its NUL */

int pxl_ip_parse(const char *s, uint32_t *addr);
const char *pxl_ip_str(uint32_t addr, char buf[PXL_IP_STR]);
int pxl_mac_parse(const char *s, uint8_t mac[PXL_MAC_LEN]);
const char *pxl_mac_str(const uint8_t *mac, char buf[PXL_MAC_STR]);
int pxl_ip6_parse(const char *s, uint8_t addr[16]);
const char *pxl_ip6_str(const uint8_t addr[16], char buf[PXL_IP6_STR]);

#endif /* PXL_ADDR_H */
