/*
 * libFuzzer harness: arbitrary bytes as a received Ethernet frame taken
 * apart by arp_parse, and as the "mac" value netfront reads from xenstore;
 * what parses must survive a round trip through the formatters and builder.
 */
#include "lib/arp.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t mac[ETH_ALEN], frame[ARP_FRAME_LEN];
	char text[MAC_STR_LEN], ip[IPV4_STR_LEN];
	struct arp_packet p, q;

	if (arp_parse(data, size, &p) == 0) {
		(void)arp_is_reply(&p, p.sender_ip, p.eth_dst, p.target_ip);
		ipv4_format(p.sender_ip, ip);
		if (strlen(ip) >= IPV4_STR_LEN)
			__builtin_trap();
		/* A request built from what was parsed parses back the same. */
		if (arp_build_request(frame, sizeof(frame), p.sender_mac, p.sender_ip,
				      p.target_ip) != ARP_FRAME_LEN ||
		    arp_parse(frame, sizeof(frame), &q) != 0 || q.op != ARP_OP_REQUEST ||
		    q.sender_ip != p.sender_ip || q.target_ip != p.target_ip ||
		    memcmp(q.sender_mac, p.sender_mac, ETH_ALEN) != 0)
			__builtin_trap();
	}
	if (mac_parse((const char *)data, size, mac) == 0) {
		mac_format(mac, text);
		if (strlen(text) != MAC_STR_LEN - 1 ||
		    strncasecmp(text, (const char *)data, size) != 0)
			__builtin_trap();
	}
	return 0;
}
