/*
 * Ethernet addresses and ARP frames (IPv4 over Ethernet), as pure functions:
 * parsing and formatting MAC addresses, building a who-has request and
 * taking apart a received frame. Received bytes are untrusted: every parser
 * here checks lengths and fields and is unit-tested and fuzzed. IPv4
 * addresses are kept in host order (192.0.2.1 is 0xc0000201).
 */
#ifndef LIB_ARP_H
#define LIB_ARP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ETH_ALEN      6
#define ETH_HLEN      14   /* destination, source, EtherType */
#define ETH_ZLEN      60   /* shortest frame on the wire, without the FCS */
#define ETH_FRAME_MAX 1514 /* ETH_HLEN + a 1500-byte payload */

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_ARP  0x0806

#define ARP_LEN	       28 /* an IPv4-over-Ethernet ARP packet */
#define ARP_FRAME_LEN  (ETH_HLEN + ARP_LEN)
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY   2

#define MAC_STR_LEN  18 /* "00:16:3e:00:00:42" and its NUL */
#define IPV4_STR_LEN 16 /* "255.255.255.255" and its NUL */

struct arp_packet {
	uint8_t eth_dst[ETH_ALEN];
	uint8_t eth_src[ETH_ALEN];
	uint16_t op;
	uint8_t sender_mac[ETH_ALEN];
	uint32_t sender_ip;
	uint8_t target_mac[ETH_ALEN];
	uint32_t target_ip;
};

/* Parses exactly len bytes of "xx:xx:xx:xx:xx:xx" (hex digits in either
 * case, two per group). 0 or -EINVAL. */
int mac_parse(const char *s, size_t len, uint8_t mac[ETH_ALEN]);
/* Lower-case "xx:xx:xx:xx:xx:xx" into buf (MAC_STR_LEN bytes). */
void mac_format(const uint8_t mac[ETH_ALEN], char buf[MAC_STR_LEN]);
/* Dotted quad into buf (IPV4_STR_LEN bytes). */
void ipv4_format(uint32_t ip, char buf[IPV4_STR_LEN]);

/* A broadcast ARP request "who has target_ip? tell sender_ip" from
 * src_mac. Returns the frame length (ARP_FRAME_LEN; the caller pads to
 * ETH_ZLEN if it wants to) or -E2BIG when size is too small. */
int arp_build_request(void *frame, size_t size, const uint8_t src_mac[ETH_ALEN], uint32_t sender_ip,
		      uint32_t target_ip);

/* Takes apart a received Ethernet frame of len bytes (trailing padding
 * allowed). 0; -EPROTO when the frame is not ARP (another EtherType);
 * -EBADMSG when it is too short for its header or ARP packet, or the ARP
 * packet is not IPv4 over Ethernet or has an unknown operation. */
int arp_parse(const void *frame, size_t len, struct arp_packet *out);

/* Whether p answers our request: a reply from want_ip, addressed to our
 * MAC and IP address, and with a unicast sender address. */
bool arp_is_reply(const struct arp_packet *p, uint32_t want_ip, const uint8_t my_mac[ETH_ALEN],
		  uint32_t my_ip);

#endif
