/*
 * In-guest test of the IP stack network boot uses (lwIP over netfront,
 * lib/net/): opens vif 0, asks for a DHCP lease and prints it,
 *   iptest: lease A/NETMASK router R server S next-server N file F menu M
 * reads BOOTP's file F and then a file that is not there from the next
 * server over TFTP,
 *   iptest: tftp F: N bytes, crc32 XXXXXXXX
 *   iptest: tftp /no/such/file: ENOENT
 * then answers ARP and ping on its address until dom0 writes
 * data/iptest-done in its xenstore directory (at most 60 s), gives the
 * lease back and exits 0. A step that fails prints "iptest: FAILURE
 * (<why>)" and exits 1. The dom0 side is tests/xen/scenarios/iptest.sh.
 */
#define LOG_TAG "iptest"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "lib/arp.h"
#include "lib/crc32.h"
#include "lib/errno.h"
#include "sys/net/dhcp.h"
#include "sys/net/net_if.h"
#include "sys/net/tftp.h"
#include "xen/time.h"
#include "xen/xenbus.h"

#include <stdbool.h>
#include <stdlib.h>

#define SECOND	       1000000000ull
#define LEASE_PATIENCE (30 * SECOND)
#define SERVE_AT_MOST  (60 * SECOND)
#define FILE_MAX       (8u << 20)
#define MISSING_FILE   "/no/such/file"
#define DONE_KEY       "data/iptest-done"

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

/* The lease's file and a missing one over TFTP. */
static int read_files(struct net_if *nif, const struct net_lease *lease)
{
	void *data;
	size_t len;
	int rc;

	if (!lease->boot_file[0] || !lease->next_server) {
		printk("iptest: FAILURE (the lease names no file or next server)\n");
		return -EINVAL;
	}
	if ((rc = net_tftp_get(nif, lease->next_server, lease->boot_file, FILE_MAX, &data, &len)) <
	    0) {
		printk("iptest: FAILURE (tftp %s: %s)\n", lease->boot_file, errno_name(rc));
		return rc;
	}
	printk("iptest: tftp %s: %zu bytes, crc32 %08x\n", lease->boot_file, len,
	       (unsigned)crc32_update(0, data, len));
	free(data);
	rc = net_tftp_get(nif, lease->next_server, MISSING_FILE, FILE_MAX, &data, &len);
	if (rc == 0) {
		free(data);
		printk("iptest: FAILURE (tftp %s: read %zu bytes of a missing file)\n",
		       MISSING_FILE, len);
		return -EPROTO;
	}
	printk("iptest: tftp %s: %s\n", MISSING_FILE, errno_name(rc));
	return 0;
}

int main(int argc, char **argv)
{
	struct net_if *nif;
	struct net_lease lease;
	char a[IPV4_STR_LEN], r[IPV4_STR_LEN], s[IPV4_STR_LEN], n[IPV4_STR_LEN];
	uint64_t next_look = 0;
	int rc;

	if ((rc = net_if_open(0, &nif)) < 0) {
		printk("iptest: FAILURE (opening vif 0: %s)\n", errno_name(rc));
		return 1;
	}
	if ((rc = net_dhcp(nif, LEASE_PATIENCE, &lease)) < 0) {
		printk("iptest: FAILURE (no lease: %s)\n", errno_name(rc));
		net_if_close(nif);
		return 1;
	}
	ipv4_format(lease.address, a);
	ipv4_format(lease.gateway, r);
	ipv4_format(lease.server, s);
	ipv4_format(lease.next_server, n);
	printk("iptest: lease %s/%u router %s server %s next-server %s file %s menu %s\n", a,
	       prefix_len(lease.netmask), r, s, n, lease.boot_file[0] ? lease.boot_file : "-",
	       lease.menu_file[0] ? lease.menu_file : "-");
	if (read_files(nif, &lease) == 0) {
		rc = net_if_poll(nif, dom0_done, &next_look, time_now_ns() + SERVE_AT_MOST);
		printk("iptest: served until %s\n", rc == 0 ? "dom0 was done" : errno_name(rc));
	} else {
		rc = -EIO;
	}
	net_dhcp_release(nif);
	net_if_close(nif);
	printk("iptest: lease given back, vif closed\n");
	return rc == 0 ? 0 : 1;
}
