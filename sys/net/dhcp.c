/* Network boot's DHCP lease over lwIP's client (see dhcp.h). */
#define LOG_TAG "dhcp"
#include "sys/net/dhcp.h"

#include "kernel/log.h"
#include "lib/errno.h"
#include "lib/net/dhcp_option.h"
#include "sys/net/net_if.h"
#include "lib/net/port/lwip_hooks.h"
#include "xen/time.h"

#include "lib/string.h"

#include "lwip/dhcp.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/prot/dhcp.h"

/* Option 150 from the last DHCPACK, as lwIP's parse hook saw it. */
static char acked_menu_file[NET_LEASE_FILE_MAX];
static int acked_menu_rc = -ENOENT;

void net_dhcp_option_seen(struct netif *netif, unsigned char msg_type, unsigned char option,
			  unsigned char len, struct pbuf *p, unsigned short offset)
{
	uint8_t value[255];

	(void)netif;
	if (option != DHCP_OPTION_MENU_FILE || msg_type != DHCP_ACK)
		return;
	if (pbuf_copy_partial(p, value, len, offset) != len) {
		pr_warn("option %u cut short in the DHCPACK: ignored", option);
		acked_menu_rc = -EINVAL;
		return;
	}
	acked_menu_rc = dhcp_option_file_name(value, len, acked_menu_file, sizeof(acked_menu_file));
	if (acked_menu_rc < 0 && acked_menu_rc != -ENOENT)
		pr_warn("option %u (menu file) ignored: %s", option, errno_name(acked_menu_rc));
}

static bool bound(void *ctx)
{
	return dhcp_supplied_address(ctx);
}

static uint32_t host_order(const ip4_addr_t *a)
{
	return lwip_ntohl(ip4_addr_get_u32(a));
}

int net_dhcp(struct net_if *nif, uint64_t timeout_ns, struct net_lease *lease)
{
	struct netif *netif = net_if_netif(nif);
	struct dhcp *d;
	err_t err;
	int rc;

	memset(lease, 0, sizeof(*lease));
	acked_menu_rc = -ENOENT;
	acked_menu_file[0] = '\0';
	if ((err = dhcp_start(netif)) != ERR_OK) {
		pr_err("cannot start the DHCP client: lwIP error %d", err);
		return -ENOMEM;
	}
	rc = net_if_poll(nif, bound, netif, time_now_ns() + timeout_ns);
	if (rc < 0) {
		pr_err("no DHCP lease: %s", errno_name(rc));
		dhcp_stop(netif);
		return rc;
	}
	d = netif_dhcp_data(netif);
	lease->address = host_order(netif_ip4_addr(netif));
	lease->netmask = host_order(netif_ip4_netmask(netif));
	lease->gateway = host_order(netif_ip4_gw(netif));
	lease->server = host_order(ip_2_ip4(&d->server_ip_addr));
	lease->next_server = host_order(&d->offered_si_addr);
	if (dhcp_option_file_name((const uint8_t *)d->boot_file_name,
				  strnlen(d->boot_file_name, sizeof(d->boot_file_name)),
				  lease->boot_file, sizeof(lease->boot_file)) == -EINVAL)
		pr_warn("BOOTP file field ignored: not a file name");
	if (acked_menu_rc == 0)
		memcpy(lease->menu_file, acked_menu_file, sizeof(lease->menu_file));
	return 0;
}

void net_dhcp_release(struct net_if *nif)
{
	dhcp_release_and_stop(net_if_netif(nif));
}
