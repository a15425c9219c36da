/*
 * libFuzzer harness: arbitrary bytes as Ethernet frames received by lwIP,
 * the IP stack of network boot (lib/net/, lwIP as mk/lwip.mk builds it
 * with lib/net/port/'s configuration). Two interfaces: "fixed" has
 * 192.0.2.2/24 (ARP, ICMP, UDP, IP reassembly), "leasing" runs the DHCP
 * client, restarted for each input, with a fixed transaction id
 * (0x5eed0001) so that offers and acks can match it; option 150 of an ack
 * goes through lib/net/dhcp_option.c as in the unikernel. An input is a
 * list of records: one byte (bit 0: which interface), a big-endian 16-bit
 * length, that many bytes of frame (cut at 1514). lwIP's clock advances a
 * quarter second after each frame and its timers run. Seeds:
 * tests/fuzz/make-net-corpus.py.
 */
#include "lib/net/dhcp_option.h"
#include "lib/net/port/lwip_hooks.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/prot/dhcp.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"

#define FRAME_MAX 1514

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static u32_t now_ms;
static struct netif fixed, leasing;

/* ---- lwIP's platform, as sys/net/lwip_sys.c gives it in the unikernel ---- */
u32_t sys_now(void)
{
	return now_ms;
}

unsigned int lwip_port_rand(void)
{
	return 0x5eed0001u;
}

void lwip_port_diag(const char *fmt, ...)
{
	(void)fmt;
}

void lwip_port_assert(const char *what, const char *file, int line)
{
	fprintf(stderr, "lwIP assertion failed at %s:%d: %s\n", file, line, what);
	abort();
}

void net_dhcp_option_seen(struct netif *netif, unsigned char msg_type, unsigned char option,
			  unsigned char len, struct pbuf *p, unsigned short offset)
{
	uint8_t value[255];
	char name[256];

	(void)netif;
	if (option != DHCP_OPTION_MENU_FILE || msg_type != DHCP_ACK)
		return;
	if (pbuf_copy_partial(p, value, len, offset) != len)
		return;
	if (dhcp_option_file_name(value, len, name, sizeof(name)) == 0)
		for (const char *c = name; *c; c++)
			if (*c <= ' ' || *c > '~' || (size_t)(c - name) >= len)
				__builtin_trap();
}

/* ---- the interfaces ---- */
static err_t drop_output(struct netif *netif, struct pbuf *p)
{
	(void)netif;
	if (p->tot_len > FRAME_MAX)
		__builtin_trap();
	return ERR_OK;
}

static err_t setup(struct netif *netif)
{
	static const uint8_t macs[2][6] = { { 0x00, 0x16, 0x3e, 0, 0, 0x42 },
					    { 0x00, 0x16, 0x3e, 0, 0, 0x43 } };

	memcpy(netif->hwaddr, macs[netif == &leasing], 6);
	netif->hwaddr_len = 6;
	netif->mtu = 1500;
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
	netif->output = etharp_output;
	netif->linkoutput = drop_output;
	return ERR_OK;
}

static void start(void)
{
	ip4_addr_t a, m, g;

	lwip_init();
	IP4_ADDR(&a, 192, 0, 2, 2);
	IP4_ADDR(&m, 255, 255, 255, 0);
	IP4_ADDR(&g, 192, 0, 2, 1);
	if (!netif_add(&fixed, &a, &m, &g, NULL, setup, ethernet_input) ||
	    !netif_add(&leasing, NULL, NULL, NULL, NULL, setup, ethernet_input))
		abort();
	netif_set_default(&fixed);
	netif_set_link_up(&fixed);
	netif_set_up(&fixed);
	netif_set_link_up(&leasing);
	netif_set_up(&leasing);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool started;

	if (!started) {
		start();
		started = true;
	}
	if (dhcp_start(&leasing) != ERR_OK)
		abort();
	while (size >= 3) {
		struct netif *to = data[0] & 1 ? &leasing : &fixed;
		size_t len = (size_t)data[1] << 8 | data[2];
		struct pbuf *p;

		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		if (len <= FRAME_MAX && (p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL))) {
			pbuf_take(p, data, (u16_t)len);
			if (to->input(p, to) != ERR_OK)
				pbuf_free(p);
		}
		data += len;
		size -= len;
		now_ms += 250;
		sys_check_timeouts();
	}
	dhcp_release_and_stop(&leasing);
	return 0;
}
