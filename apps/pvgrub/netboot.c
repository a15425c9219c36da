/* PV-GRUB's network: DHCP, option 150 and (nd) files over TFTP (see netboot.h). */
#define LOG_TAG "pvgrub"
#include "apps/pvgrub/netboot.h"

#include "apps/pvgrub/files.h"
#include "kernel/log.h"
#include "kernel/sched.h"
#include "lib/arp.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "sys/net/dhcp.h"
#include "sys/net/net_if.h"
#include "sys/net/tftp.h"
#include "xen/time.h"

#include <stdlib.h>
#include <string.h>

#define SECOND		1000000000ull
#define LEASE_PATIENCE	(20 * SECOND)	   /* for (nd), named in extra or a menu */
#define OPTION_PATIENCE (8 * SECOND)	   /* for option 150 when extra is empty */
#define DRAIN_SLICE	(100 * 1000000ull) /* the drainer's longest wait in net_if_poll */
#define DRAIN_NAP	(50 * 1000000ull)

static struct net_if *nif;
static struct net_lease lease;
static int start_error; /* why the network did not come up, once it failed */

/* While PV-GRUB is not using the network (its menu waits for keys, a
 * kernel unpacks), a thread keeps taking the vif's frames into lwIP (ARP
 * answered, DHCP's timers run): a vif left unread fills its receive ring
 * and leaves netback holding, then dropping, what the bridge floods to it.
 * The main thread takes the interface with use_begin() and gives it back
 * with use_end(). */
static bool in_use;
static bool drainer_out = true; /* the drainer is not inside net_if_poll */
static bool drainer_started;

static bool main_wants(void *ctx)
{
	(void)ctx;
	return in_use;
}

static void drain(void *arg)
{
	(void)arg;
	for (;;) {
		int rc;

		if (!nif || in_use) {
			sched_sleep_until(time_now_ns() + DRAIN_NAP);
			continue;
		}
		drainer_out = false;
		rc = net_if_poll(nif, main_wants, NULL, time_now_ns() + DRAIN_SLICE);
		drainer_out = true;
		if (rc < 0 && rc != -ETIMEDOUT) {
			pr_warn("network: %s while idle", errno_name(rc));
			sched_sleep_until(time_now_ns() + DRAIN_SLICE);
		}
	}
}

static void use_begin(void)
{
	in_use = true;
	while (!drainer_out)
		sched_sleep_until(time_now_ns() + DRAIN_NAP / 10);
}

static void use_end(void)
{
	in_use = false;
}

/* The file kept: the last one read whole. */
static char kept_path[300];
static uint8_t *kept;
static size_t kept_len;

static int start(uint64_t patience, bool quiet)
{
	char address[IPV4_STR_LEN], server[IPV4_STR_LEN];
	int rc;

	if (nif)
		return 0;
	if (start_error)
		return start_error;
	if ((rc = net_if_open(0, &nif)) < 0) {
		if (!quiet || rc != -ENODEV)
			pr_err("network: no vif 0 (%s)", errno_name(rc));
		nif = NULL;
		return start_error = rc == -ENODEV ? -ENODEV : -ENETDOWN;
	}
	pr_info("network: asking for a DHCP lease");
	if ((rc = net_dhcp(nif, patience, &lease)) < 0) {
		if (quiet)
			pr_info("network: no DHCP lease (%s)", errno_name(rc));
		else
			pr_err("network: no DHCP lease (%s)", errno_name(rc));
		net_if_close(nif);
		nif = NULL;
		return start_error = -ENETDOWN;
	}
	if (!lease.next_server)
		lease.next_server = lease.server;
	if (!drainer_started) {
		struct thread *t = thread_create("netdrain", drain, NULL);

		if (t) {
			thread_detach(t);
			drainer_started = true;
		} else {
			pr_warn("network: no thread to take frames while idle");
		}
	}
	ipv4_format(lease.address, address);
	ipv4_format(lease.next_server, server);
	pr_info("network: address %s, files from %s", address, server);
	return 0;
}

int pvgrub_net_menu_from_dhcp(char *spec, size_t size)
{
	int rc;

	use_begin();
	rc = start(OPTION_PATIENCE, true);
	use_end();
	if (rc < 0)
		return rc;
	if (!lease.menu_file[0]) {
		pr_info("network: the DHCP lease names no menu (option 150)");
		return -ENOENT;
	}
	format_buf(spec, size, "%s%s", lease.menu_file[0] == '(' ? "" : "(nd)", lease.menu_file);
	return 0;
}

static void print_error(const char *path, int rc)
{
	const char *said = net_tftp_server_said();

	if (rc == -ENOENT)
		pr_err("file not found: (nd)%s", path);
	else
		pr_err("reading (nd)%s over TFTP: %s%s%s", path, errno_name(rc),
		       said[0] ? ": the server said " : "", said);
}

static void keep(const char *path, void *data, size_t len)
{
	free(kept);
	kept = data;
	kept_len = len;
	format_buf(kept_path, sizeof(kept_path), "%s", path);
}

static int size_of(const char *path, uint64_t *size, bool quiet)
{
	void *whole = NULL;
	int rc;

	if ((rc = start(LEASE_PATIENCE, false)) < 0)
		return rc;
	if (kept && strcmp(kept_path, path) == 0) {
		*size = kept_len;
		return 0;
	}
	rc = net_tftp_size(nif, lease.next_server, path, (size_t)pvgrub_file_memory_limit(), size,
			   &whole);
	if (rc < 0) {
		if (!quiet)
			print_error(path, rc);
		return rc;
	}
	if (whole) /* a server that does not give sizes sent it all */
		keep(path, whole, (size_t)*size);
	return 0;
}

int pvgrub_net_size(const char *path, uint64_t *size, bool quiet)
{
	int rc;

	use_begin();
	rc = size_of(path, size, quiet);
	use_end();
	return rc;
}

/* The file kept is path's, read whole if it was not. */
static int fetch(const char *path)
{
	if (!kept || strcmp(kept_path, path) != 0) {
		void *data;
		size_t got;
		int rc;

		if ((rc = start(LEASE_PATIENCE, false)) < 0)
			return rc;
		keep("", NULL, 0); /* its memory may be needed */
		if ((rc = net_tftp_get(nif, lease.next_server, path,
				       (size_t)pvgrub_file_memory_limit(), &data, &got)) < 0) {
			print_error(path, rc);
			return rc;
		}
		keep(path, data, got);
	}
	return 0;
}

int pvgrub_net_read(const char *path, uint64_t size, uint64_t offset, void *buf, size_t len)
{
	int rc;

	use_begin();
	rc = fetch(path);
	use_end();
	if (rc < 0)
		return rc;
	if (kept_len != size) {
		pr_err("(nd)%s changed on the server while being read (%zu bytes, "
		       "was %llu)",
		       path, kept_len, (unsigned long long)size);
		return -EIO;
	}
	if (offset > kept_len || len > kept_len - offset)
		return -EINVAL;
	memcpy(buf, kept + offset, len);
	return 0;
}

void pvgrub_net_close_for_successor(void)
{
	use_begin(); /* and never given back: the drainer stays out */
	keep("", NULL, 0);
	if (nif) {
		net_if_close(nif);
		nif = NULL;
	}
}
