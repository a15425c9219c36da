/* Ethernet addresses and ARP frames (see arp.h). Pure: no kernel dependencies. */
#include "lib/arp.h"

#include "lib/errno.h"
#include "lib/string.h"

/* ARP's fixed fields for IPv4 over Ethernet. */
#define ARP_HTYPE_ETHERNET 1

static const char hex_digits[] = "0123456789abcdef";

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int mac_parse(const char *s, size_t len, uint8_t mac[ETH_ALEN])
{
	uint8_t out[ETH_ALEN];

	if (len != MAC_STR_LEN - 1)
		return -EINVAL;
	for (unsigned i = 0; i < ETH_ALEN; i++) {
		int hi = hex_value(s[3 * i]), lo = hex_value(s[3 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (i < ETH_ALEN - 1 && s[3 * i + 2] != ':')
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(mac, out, ETH_ALEN);
	return 0;
}

void mac_format(const uint8_t mac[ETH_ALEN], char buf[MAC_STR_LEN])
{
	for (unsigned i = 0; i < ETH_ALEN; i++) {
		buf[3 * i] = hex_digits[mac[i] >> 4];
		buf[3 * i + 1] = hex_digits[mac[i] & 0xf];
		buf[3 * i + 2] = i < ETH_ALEN - 1 ? ':' : '\0';
	}
}

void ipv4_format(uint32_t ip, char buf[IPV4_STR_LEN])
{
	unsigned pos = 0;

	for (int shift = 24; shift >= 0; shift -= 8) {
		unsigned v = (ip >> shift) & 0xff;

		if (v >= 100)
			buf[pos++] = (char)('0' + v / 100);
		if (v >= 10)
			buf[pos++] = (char)('0' + v / 10 % 10);
		buf[pos++] = (char)('0' + v % 10);
		buf[pos++] = shift ? '.' : '\0';
	}
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

/*
 * Layout after the Ethernet header (RFC 826): hardware type, protocol type,
 * hardware and protocol address lengths, operation, then sender MAC and IP,
 * target MAC and IP.
 */
int arp_build_request(void *frame, size_t size, const uint8_t src_mac[ETH_ALEN], uint32_t sender_ip,
		      uint32_t target_ip)
{
	uint8_t *f = frame, *a = f + ETH_HLEN;

	if (size < ARP_FRAME_LEN)
		return -E2BIG;
	memset(f, 0xff, ETH_ALEN);
	memcpy(f + ETH_ALEN, src_mac, ETH_ALEN);
	put16(f + 12, ETHERTYPE_ARP);
	put16(a, ARP_HTYPE_ETHERNET);
	put16(a + 2, ETHERTYPE_IPV4);
	a[4] = ETH_ALEN;
	a[5] = 4;
	put16(a + 6, ARP_OP_REQUEST);
	memcpy(a + 8, src_mac, ETH_ALEN);
	put32(a + 14, sender_ip);
	memset(a + 18, 0, ETH_ALEN);
	put32(a + 24, target_ip);
	return ARP_FRAME_LEN;
}

int arp_parse(const void *frame, size_t len, struct arp_packet *out)
{
	const uint8_t *f = frame, *a = f + ETH_HLEN;
	uint16_t op;

	if (len < ETH_HLEN)
		return -EBADMSG;
	if (get16(f + 12) != ETHERTYPE_ARP)
		return -EPROTO;
	if (len < ARP_FRAME_LEN)
		return -EBADMSG;
	if (get16(a) != ARP_HTYPE_ETHERNET || get16(a + 2) != ETHERTYPE_IPV4 || a[4] != ETH_ALEN ||
	    a[5] != 4)
		return -EBADMSG;
	op = get16(a + 6);
	if (op != ARP_OP_REQUEST && op != ARP_OP_REPLY)
		return -EBADMSG;
	memcpy(out->eth_dst, f, ETH_ALEN);
	memcpy(out->eth_src, f + ETH_ALEN, ETH_ALEN);
	out->op = op;
	memcpy(out->sender_mac, a + 8, ETH_ALEN);
	out->sender_ip = get32(a + 14);
	memcpy(out->target_mac, a + 18, ETH_ALEN);
	out->target_ip = get32(a + 24);
	return 0;
}

bool arp_is_reply(const struct arp_packet *p, uint32_t want_ip, const uint8_t my_mac[ETH_ALEN],
		  uint32_t my_ip)
{
	static const uint8_t zero[ETH_ALEN];

	return p->op == ARP_OP_REPLY && p->sender_ip == want_ip && p->target_ip == my_ip &&
	       memcmp(p->eth_dst, my_mac, ETH_ALEN) == 0 &&
	       memcmp(p->target_mac, my_mac, ETH_ALEN) == 0 && !(p->sender_mac[0] & 1) &&
	       memcmp(p->sender_mac, zero, ETH_ALEN) != 0;
}
