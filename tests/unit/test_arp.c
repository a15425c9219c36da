/* lib/arp: MAC addresses, building ARP requests, parsing received frames. */
#include "lib/arp.h"
#include "lib/errno.h"
#include "tests/unit/check.h"

static const uint8_t guest_mac[ETH_ALEN] = { 0x00, 0x16, 0x3e, 0x00, 0x00, 0x42 };
static const uint8_t bridge_mac[ETH_ALEN] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
#define BRIDGE_IP 0xc0000201u /* 192.0.2.1 */
#define GUEST_IP  0xc0000202u /* 192.0.2.2 */

/* dom0's answer, as Linux puts it on the wire, padded to 60 bytes. */
static const uint8_t reply_frame[ETH_ZLEN] = {
	0x00, 0x16, 0x3e, 0x00, 0x00, 0x42, /* destination: the guest */
	0x02, 0x11, 0x22, 0x33, 0x44, 0x55, /* source: the bridge */
	0x08, 0x06,			    /* ARP */
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, /* Ethernet, IPv4, 6, 4 */
	0x00, 0x02,			    /* reply */
	0x02, 0x11, 0x22, 0x33, 0x44, 0x55, /* sender MAC */
	192,  0,    2,	  1,		    /* sender IP */
	0x00, 0x16, 0x3e, 0x00, 0x00, 0x42, /* target MAC */
	192,  0,    2,	  2,		    /* target IP */
};

TEST(mac_parse_accepts_both_cases)
{
	uint8_t mac[ETH_ALEN];

	CHECK_INT(mac_parse("00:16:3e:00:00:42", 17, mac), 0);
	CHECK(memcmp(mac, guest_mac, ETH_ALEN) == 0);
	CHECK_INT(mac_parse("02:11:22:33:44:55", 17, mac), 0);
	CHECK(memcmp(mac, bridge_mac, ETH_ALEN) == 0);
	CHECK_INT(mac_parse("AA:bb:Cc:dD:0f:F0", 17, mac), 0);
	CHECK_INT(mac[0], 0xaa);
	CHECK_INT(mac[5], 0xf0);
}

TEST(mac_parse_rejects_malformed)
{
	uint8_t mac[ETH_ALEN] = { 1, 2, 3, 4, 5, 6 };

	CHECK_INT(mac_parse("00:16:3e:00:00:4", 16, mac), -EINVAL);
	CHECK_INT(mac_parse("00:16:3e:00:00:420", 18, mac), -EINVAL);
	CHECK_INT(mac_parse("00-16-3e-00-00-42", 17, mac), -EINVAL);
	CHECK_INT(mac_parse("00:16:3g:00:00:42", 17, mac), -EINVAL);
	CHECK_INT(mac_parse("0:016:3e:00:00:42", 17, mac), -EINVAL);
	CHECK_INT(mac_parse(" 0:16:3e:00:00:42", 17, mac), -EINVAL);
	CHECK_INT(mac_parse("00:16:3e:00:00:4\0", 17, mac), -EINVAL);
	CHECK_INT(mac_parse("", 0, mac), -EINVAL);
	/* Nothing is written on failure. */
	CHECK_INT(mac[0], 1);
	CHECK_INT(mac[5], 6);
}

TEST(mac_and_ipv4_format)
{
	char m[MAC_STR_LEN], ip[IPV4_STR_LEN];

	mac_format(bridge_mac, m);
	CHECK_STR(m, "02:11:22:33:44:55");
	mac_format((const uint8_t[]){ 0xff, 0xab, 0, 0x10, 0x9, 0xc0 }, m);
	CHECK_STR(m, "ff:ab:00:10:09:c0");
	ipv4_format(BRIDGE_IP, ip);
	CHECK_STR(ip, "192.0.2.1");
	ipv4_format(0xffffffffu, ip);
	CHECK_STR(ip, "255.255.255.255");
	ipv4_format(0x0a64090au, ip);
	CHECK_STR(ip, "10.100.9.10");
	ipv4_format(0, ip);
	CHECK_STR(ip, "0.0.0.0");
}

TEST(arp_request_layout)
{
	uint8_t f[64];
	static const uint8_t want[ARP_FRAME_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x16, 0x3e, 0x00, 0x00, 0x42, 0x08, 0x06,
		0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x00, 0x16, 0x3e, 0x00, 0x00, 0x42,
		192,  0,    2,	  2,	0,    0,    0,	  0,	0,    0,    192,  0,	2,    1,
	};

	CHECK_INT(arp_build_request(f, sizeof(f), guest_mac, GUEST_IP, BRIDGE_IP), ARP_FRAME_LEN);
	CHECK(memcmp(f, want, ARP_FRAME_LEN) == 0);
	CHECK_INT(arp_build_request(f, ARP_FRAME_LEN - 1, guest_mac, GUEST_IP, BRIDGE_IP), -E2BIG);
}

TEST(arp_request_parses_back)
{
	uint8_t f[ARP_FRAME_LEN];
	struct arp_packet p;

	arp_build_request(f, sizeof(f), guest_mac, GUEST_IP, BRIDGE_IP);
	CHECK_INT(arp_parse(f, sizeof(f), &p), 0);
	CHECK_INT(p.op, ARP_OP_REQUEST);
	CHECK_INT(p.sender_ip, GUEST_IP);
	CHECK_INT(p.target_ip, BRIDGE_IP);
	CHECK(memcmp(p.sender_mac, guest_mac, ETH_ALEN) == 0);
	CHECK_INT(p.eth_dst[0], 0xff);
	/* A request is not the reply we wait for. */
	CHECK(!arp_is_reply(&p, BRIDGE_IP, guest_mac, GUEST_IP));
}

TEST(arp_reply_parsed_and_matched)
{
	struct arp_packet p;

	CHECK_INT(arp_parse(reply_frame, sizeof(reply_frame), &p), 0);
	CHECK_INT(p.op, ARP_OP_REPLY);
	CHECK_INT(p.sender_ip, BRIDGE_IP);
	CHECK_INT(p.target_ip, GUEST_IP);
	CHECK(memcmp(p.sender_mac, bridge_mac, ETH_ALEN) == 0);
	CHECK(memcmp(p.eth_src, bridge_mac, ETH_ALEN) == 0);
	CHECK(memcmp(p.target_mac, guest_mac, ETH_ALEN) == 0);
	CHECK(arp_is_reply(&p, BRIDGE_IP, guest_mac, GUEST_IP));
	/* Without padding it is the same packet. */
	CHECK_INT(arp_parse(reply_frame, ARP_FRAME_LEN, &p), 0);
	CHECK(arp_is_reply(&p, BRIDGE_IP, guest_mac, GUEST_IP));
}

TEST(arp_reply_from_someone_else_or_for_someone_else)
{
	uint8_t other_mac[ETH_ALEN] = { 0x00, 0x16, 0x3e, 0x00, 0x00, 0x43 };
	uint8_t f[ETH_ZLEN];
	struct arp_packet p;

	CHECK_INT(arp_parse(reply_frame, sizeof(reply_frame), &p), 0);
	CHECK(!arp_is_reply(&p, 0xc0000203u, guest_mac, GUEST_IP));
	CHECK(!arp_is_reply(&p, BRIDGE_IP, other_mac, GUEST_IP));
	CHECK(!arp_is_reply(&p, BRIDGE_IP, guest_mac, 0xc0000203u));
	/* A multicast or all-zero sender address is no answer. */
	memcpy(f, reply_frame, sizeof(f));
	f[22] = 0x01;
	CHECK_INT(arp_parse(f, sizeof(f), &p), 0);
	CHECK(!arp_is_reply(&p, BRIDGE_IP, guest_mac, GUEST_IP));
	memset(f + 22, 0, ETH_ALEN);
	CHECK_INT(arp_parse(f, sizeof(f), &p), 0);
	CHECK(!arp_is_reply(&p, BRIDGE_IP, guest_mac, GUEST_IP));
}

TEST(arp_parse_rejects_truncated_and_foreign)
{
	uint8_t f[ETH_ZLEN];
	struct arp_packet p;

	for (size_t len = 0; len < ETH_HLEN; len++)
		CHECK_INT(arp_parse(reply_frame, len, &p), -EBADMSG);
	for (size_t len = ETH_HLEN; len < ARP_FRAME_LEN; len++)
		CHECK_INT(arp_parse(reply_frame, len, &p), -EBADMSG);
	memcpy(f, reply_frame, sizeof(f));
	f[12] = 0x08; /* IPv4 */
	f[13] = 0x00;
	CHECK_INT(arp_parse(f, sizeof(f), &p), -EPROTO);
	CHECK_INT(arp_parse(f, ETH_HLEN, &p), -EPROTO);
	f[12] = 0x81; /* a VLAN tag is not looked into */
	CHECK_INT(arp_parse(f, sizeof(f), &p), -EPROTO);
}

TEST(arp_parse_rejects_other_address_types)
{
	static const struct {
		unsigned off;
		uint8_t value;
	} bad[] = {
		{ 15, 6 },    /* hardware type 6 (IEEE 802) */
		{ 14, 1 },    /* hardware type 0x0101 */
		{ 16, 0x86 }, /* protocol 0x8600 */
		{ 17, 0xdd }, /* protocol 0x08dd */
		{ 18, 8 },    /* hardware address length */
		{ 19, 16 },   /* protocol address length */
		{ 21, 3 },    /* RARP request */
		{ 21, 0 },    /* operation 0 */
		{ 20, 1 },    /* operation 0x0102 */
	};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t f[ETH_ZLEN];
		struct arp_packet p;

		memcpy(f, reply_frame, sizeof(f));
		f[bad[i].off] = bad[i].value;
		CHECK_INT(arp_parse(f, sizeof(f), &p), -EBADMSG);
	}
}
