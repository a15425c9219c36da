/*
 * lwIP's configuration for the unikernel (lwIP from Debian's source
 * package, built by mk/lwip.mk): the raw API without an OS layer (NO_SYS),
 * driven from one thread by sys/net/net_if.c's poll loop. IPv4 only: ARP,
 * ICMP echo, UDP and the DHCP client, which is what network boot needs (the
 * TFTP client is ours, over UDP). No TCP, no sockets, no IPv6.
 */
#ifndef LIB_NET_PORT_LWIPOPTS_H
#define LIB_NET_PORT_LWIPOPTS_H

#define NO_SYS		     1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_SOCKET	     0
#define LWIP_NETCONN	     0

#define LWIP_IPV4     1
#define LWIP_IPV6     0
#define LWIP_ARP      1
#define LWIP_ETHERNET 1
#define LWIP_ICMP     1
#define LWIP_RAW      0
#define LWIP_UDP      1
#define LWIP_TCP      0
#define LWIP_IGMP     0
#define LWIP_DNS      0
#define LWIP_AUTOIP   0
#define IP_FORWARD    0
/* No reassembly: fragments are dropped. Nothing network boot receives
 * needs it (TFTP's block size is asked to fit one frame), and lwIP
 * 2.1.3's reassembly lost buffers under the net_input fuzzer. */
#define IP_REASSEMBLY 0
#define IP_FRAG	      0

/* DHCP: the client, with the BOOTP server and file fields kept and the
 * options lwIP does not handle passed to sys/net/dhcp.c (option 150, the
 * menu file). No ARP probe of the offered address: a boot loader's lease is
 * short-lived and the probe costs seconds. */
#define LWIP_DHCP	      1
#define DHCP_DOES_ARP_CHECK   0
#define LWIP_DHCP_BOOTP_FILE  1
#define LWIP_DHCP_GET_NTP_SRV 0
#define LWIP_NETIF_HOSTNAME   0
#define LWIP_HOOK_FILENAME    "lib/net/port/lwip_hooks.h"

/* Memory: lwIP's heap and pools come from the C library's malloc. */
#define MEM_LIBC_MALLOC	     1
#define MEMP_MEM_MALLOC	     1
#define MEM_ALIGNMENT	     8
#define PBUF_POOL_SIZE	     32
#define MEMP_NUM_UDP_PCB     8
#define MEMP_NUM_SYS_TIMEOUT 8

#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK   0
#define LWIP_SINGLE_NETIF	   0

/* Checksums: netfront offers no offloads, so lwIP makes and checks all. */
#define CHECKSUM_GEN_IP	   1
#define CHECKSUM_GEN_UDP   1
#define CHECKSUM_CHECK_IP  1
#define CHECKSUM_CHECK_UDP 1

#define LWIP_STATS 0

#endif
