/*
 * A DHCP lease for network boot, through lwIP's DHCP client on a net_if:
 * the address it configures on the interface and what a boot loader reads
 * from the answer (the server, BOOTP's next server and file, option 150's
 * menu file). Errors are negative errno.
 */
#ifndef SYS_NET_DHCP_H
#define SYS_NET_DHCP_H

#include <stdint.h>

struct net_if;

#define NET_LEASE_FILE_MAX 256

/* Addresses in host byte order; strings empty when not given. */
struct net_lease {
	uint32_t address, netmask, gateway;
	uint32_t server;		    /* the DHCP server that gave the lease */
	uint32_t next_server;		    /* BOOTP's siaddr: where to fetch files, 0 if none */
	char boot_file[NET_LEASE_FILE_MAX]; /* BOOTP's file field */
	char menu_file[NET_LEASE_FILE_MAX]; /* option 150 */
};

/* Asks for a lease on nif and waits until it is bound (0, the interface
 * then has the address) or timeout_ns passes (-ETIMEDOUT; DHCP keeps
 * asking only while the caller polls). */
int net_dhcp(struct net_if *nif, uint64_t timeout_ns, struct net_lease *lease);

/* Gives the lease back (DHCPRELEASE) and stops the client. */
void net_dhcp_release(struct net_if *nif);

#endif
