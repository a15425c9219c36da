/*
 * The hooks lib/net/port/lwipopts.h names: DHCP options lwIP does not
 * handle itself go to sys/net/dhcp.c, which keeps the ones network boot
 * uses.
 */
#ifndef LIB_NET_PORT_LWIP_HOOKS_H
#define LIB_NET_PORT_LWIP_HOOKS_H

struct netif;
struct dhcp;
struct dhcp_msg;
struct pbuf;

void net_dhcp_option_seen(struct netif *netif, unsigned char msg_type, unsigned char option,
			  unsigned char len, struct pbuf *p, unsigned short offset);

#define LWIP_HOOK_DHCP_PARSE_OPTION(netif, dhcp, state, msg, msg_type, option, len, pbuf, offset) \
	(LWIP_UNUSED_ARG(msg), net_dhcp_option_seen(netif, msg_type, option, len, pbuf, offset))

#endif
