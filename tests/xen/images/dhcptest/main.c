/*
 * In-guest test of the IP stack network boot uses (lwIP over netfront,
 * lib/net/): opens vif 0, asks for a DHCP lease and prints it,
 *   dhcptest: lease A/NETMASK router R server S next-server N file F menu M
 * (or "dhcptest: FAILURE (<why>)"), then answers ARP and ping on that
 * address until dom0 writes data/dhcptest-done in its xenstore directory
 * (at most 60 s), gives the lease back and exits 0. The dom0 side is
 * tests/xen/scenarios/dhcp.sh.
 */
#define LOG_TAG "dhcptest"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/net/dhcp.h"
#include "lib/net/net_if.h"
#include "xen/time.h"
#include "xen/xenbus.h"

#include <stdbool.h>

#define SECOND	       1000000000ull
#define LEASE_PATIENCE (30 * SECOND)
#define SERVE_AT_MOST  (60 * SECOND)
#define DONE_KEY       "data/dhcptest-done"

static const char *dotted(uint32_t a, char *buf)
{
	format_buf(buf, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
	return buf;
}

static unsigned prefix_len(uint32_t mask)
{
	unsigned n = 0;

	while (mask & 0x80000000u) {
		n++;
		mask <<= 1;
	}
	return n;
}

/* True once dom0 has written DONE_KEY (looked at every half second). */
static bool dom0_done(void *ctx)
{
	uint64_t *next_look = ctx;
	char *value = NULL;
	unsigned len;

	if (time_now_ns() < *next_look)
		return false;
	*next_look = time_now_ns() + SECOND / 2;
	if (xenbus_read(XBT_NIL, DONE_KEY, &value, &len) < 0)
		return false;
	kfree(value);
	return true;
}

int main(int argc, char **argv)
{
	struct net_if *nif;
	struct net_lease lease;
	char a[16], r[16], s[16], n[16];
	uint64_t next_look = 0;
	int rc;

	if ((rc = net_if_open(0, &nif)) < 0) {
		printk("dhcptest: FAILURE (opening vif 0: %s)\n", errno_name(rc));
		return 1;
	}
	if ((rc = net_dhcp(nif, LEASE_PATIENCE, &lease)) < 0) {
		printk("dhcptest: FAILURE (no lease: %s)\n", errno_name(rc));
		net_if_close(nif);
		return 1;
	}
	printk("dhcptest: lease %s/%u router %s server %s next-server %s file %s menu %s\n",
	       dotted(lease.address, a), prefix_len(lease.netmask), dotted(lease.gateway, r),
	       dotted(lease.server, s), dotted(lease.next_server, n),
	       lease.boot_file[0] ? lease.boot_file : "-",
	       lease.menu_file[0] ? lease.menu_file : "-");
	rc = net_if_poll(nif, dom0_done, &next_look, time_now_ns() + SERVE_AT_MOST);
	printk("dhcptest: served until %s\n", rc == 0 ? "dom0 was done" : errno_name(rc));
	net_dhcp_release(nif);
	net_if_close(nif);
	printk("dhcptest: lease given back, vif closed\n");
	return rc == 0 ? 0 : 1;
}
