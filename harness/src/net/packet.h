/* packet.h - Ethernet, ARP, IPv4, UDP and TCP header codec with checksums
 *
 * Decoding never copies: struct pxl_frame points into the caller's buffer
 * and is valid while that buffer is.  Decoding never reads past @len and
 * rejects frames whose headers lie about their lengths, with a reason.
 * All multi-byte numbers in struct pxl_frame are in host byte order.
 */
#ifndef PXL_PACKET_H
#define PXL_PACKET_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"	/* pxl_ip_str() and friends, used with packets everywhere */

#define PXL_ETH_ALEN 6
#define PXL_ETH_HLEN 14
#define PXL_ETH_MIN_FRAME 60           /* without FCS */
#define PXL_ETH_MAX_FRAME 65550        /* jumbo-tolerant upper bound */
#define PXL_ETHERTYPE_IPV4 0x0800
#define PXL_ETHERTYPE_ARP 0x0806
#define PXL_ETHERTYPE_IPV6 0x86dd
#define PXL_IPPROTO_ICMP 1
#define PXL_IPPROTO_TCP 6
#define PXL_IPPROTO_UDP 17
#define PXL_ARP_REQUEST 1
#define PXL_ARP_REPLY 2
#define PXL_IPV4_BROADCAST 0xffffffffu

/* TCP flags */
#define PXL_TCP_FIN 0x01
#define PXL_TCP_SYN 0x02
#define PXL_TCP_RST 0x04
#define PXL_TCP_PSH 0x08
#define PXL_TCP_ACK 0x10

/**
 * struct pxl_frame - a decoded view of one Ethernet frame
 * @dst_mac, @src_mac: link addresses (point into the frame)
 * @ethertype:         EtherType (after at most one 802.1Q tag)
 * @l3, @l3_len:       network-layer bytes
 * @is_arp:            ARP for IPv4 over Ethernet decoded into @arp_*
 * @is_ipv4:           IPv4 header decoded into @ip_*
 * @ip_frag:           a fragment (MF set or offset non-zero): no L4 decode
 * @l4, @l4_len:       transport bytes (IPv4 payload, bounded by total length)
 * @is_udp, @is_tcp:   transport header decoded
 * @sport, @dport:     UDP or TCP ports
 * @payload, @payload_len: UDP payload or TCP segment data
 * @tcp_seq, @tcp_ack, @tcp_flags, @tcp_window: TCP header fields
 */
struct pxl_frame {
	const uint8_t *dst_mac;
	const uint8_t *src_mac;
	uint16_t ethertype;
	const uint8_t *l3;
	size_t l3_len;

	int is_arp;
	uint16_t arp_op;
	const uint8_t *arp_sha;
	const uint8_t *arp_tha;
	uint32_t arp_spa;
	uint32_t arp_tpa;

	int is_ipv4;
	uint32_t ip_src;
	uint32_t ip_dst;
	uint8_t ip_proto;
	uint8_t ip_ttl;
	uint16_t ip_id;
	int ip_frag;

	const uint8_t *l4;
	size_t l4_len;
	int is_udp;
	int is_tcp;
	uint16_t sport;
	uint16_t dport;
	const uint8_t *payload;
	size_t payload_len;
	uint32_t tcp_seq;
	uint32_t tcp_ack;
	uint8_t tcp_flags;
	uint16_t tcp_window;
};

/**
 * pxl_frame_decode() - decode Ethernet/ARP/IPv4/UDP/TCP headers
 * @buf: frame bytes (no FCS)
 * @len: frame length
 * @f:   out: decoded view (zeroed first)
 * @why: out, may be NULL: static reason text when the frame is malformed
 *       ("truncated Ethernet header", "IPv4 IHL < 5", "UDP length exceeds
 *       IPv4 payload", "bad IPv4 header checksum", ...)
 *
 * Unknown EtherTypes and protocols are not errors: only the layers present
 * and understood are filled.  Return: 0, or -EINVAL when malformed.
 */
int pxl_frame_decode(const uint8_t *buf, size_t len, struct pxl_frame *f, const char **why);

/**
 * pxl_csum_partial() - add bytes to a running ones'-complement sum
 * @data: bytes
 * @len:  byte count (odd allowed)
 * @sum:  running 32-bit sum (start with 0)
 *
 * Return: new running sum; fold and invert with pxl_csum_fold().
 */
uint32_t pxl_csum_partial(const void *data, size_t len, uint32_t sum);

/** pxl_csum_fold() - fold a running sum to 16 bits and invert it */
uint16_t pxl_csum_fold(uint32_t sum);

/**
 * pxl_l4_csum_ok() - verify the UDP or TCP checksum of a decoded frame
 * @f: decoded frame with is_udp or is_tcp set
 *
 * A UDP checksum of zero means "none" and passes.  Return: 1 if valid.
 */
int pxl_l4_csum_ok(const struct pxl_frame *f);

/**
 * struct pxl_udp_spec - what pxl_build_udp() puts in a frame
 * @src_mac, @dst_mac: link addresses
 * @src_ip, @dst_ip:   IPv4 addresses, host order
 * @sport, @dport:     UDP ports, host order
 * @ip_id:             IPv4 identification
 * @ttl:               time to live (0 means 64)
 */
struct pxl_udp_spec {
	uint8_t src_mac[PXL_ETH_ALEN];
	uint8_t dst_mac[PXL_ETH_ALEN];
	uint32_t src_ip;
	uint32_t dst_ip;
	uint16_t sport;
	uint16_t dport;
	uint16_t ip_id;
	uint8_t ttl;
};

/**
 * pxl_build_udp() - build an Ethernet/IPv4/UDP frame with valid checksums
 * @buf:     output buffer
 * @cap:     its size
 * @spec:    addresses and ports
 * @payload: UDP payload
 * @len:     payload length (the IPv4 total must fit 65535)
 *
 * Frames shorter than 60 bytes are zero-padded to 60.
 * Return: frame length, or 0 if @cap is too small or @len too large.
 */
size_t pxl_build_udp(uint8_t *buf, size_t cap, const struct pxl_udp_spec *spec,
		     const void *payload, size_t len);

/**
 * pxl_build_arp() - build an ARP request or reply frame (60 bytes)
 * @buf:  output buffer of at least PXL_ETH_MIN_FRAME bytes
 * @op:   PXL_ARP_REQUEST or PXL_ARP_REPLY
 * @sha:  sender hardware address (also the Ethernet source)
 * @spa:  sender protocol address, host order
 * @tha:  target hardware address (Ethernet destination for a reply; for a
 *        request the Ethernet destination is broadcast and tha is zero)
 * @tpa:  target protocol address, host order
 *
 * Return: frame length (60).
 */
size_t pxl_build_arp(uint8_t *buf, uint16_t op, const uint8_t *sha, uint32_t spa,
		     const uint8_t *tha, uint32_t tpa);

#endif /* PXL_PACKET_H */
