/*
 * In-guest test of the stable Xen library APIs as sys/xc offers them to
 * stub domain programs, as far as an unprivileged PV domain can go:
 * event channels and grants looped back to itself, foreign mapping of its
 * own frames, clean errors where it has no privilege (dom0's memory, device
 * model operations on a PV domain), libxenstore calls, and an event
 * channel handle as a source of the kernel's one wait. One line per
 * check, "xctest: N passed, M failed" last; exit 0 only if all passed.
 */
#include "arch/x86_64/mm.h"
#include "sys/xc/xc_extensions.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xendevicemodel.h>
#include <xenevtchn.h>
#include <xenforeignmemory.h>
#include <xengnttab.h>
#include <xenstore.h>

#include "kernel/memory.h"
#include "kernel/poll.h"
#include "xen/grant_table.h"
#include "xen/time.h"

static int passed, failed;
static unsigned domid;

static void result(const char *name, int ok, const char *why)
{
	if (ok) {
		printf("xctest: %s: SUCCESS\n", name);
		passed++;
	} else {
		printf("xctest: %s: FAILURE (%s)\n", name, why);
		failed++;
	}
}

static void test_xenstore(void)
{
	struct xs_handle *xs = xs_open(0);
	char path[96], why[128] = "", *v, **list, **ev;
	unsigned len, n;
	struct xs_permissions perms[2] = { { domid, XS_PERM_NONE }, { 0, XS_PERM_READ } }, *got;
	xs_transaction_t t;

	if (!xs) {
		result("libxenstore", 0, "xs_open failed");
		return;
	}
	snprintf(path, sizeof(path), "/local/domain/%u/data/xctest/k", domid);
	if (!xs_write(xs, XBT_NULL, path, "v1", 2))
		snprintf(why, sizeof(why), "xs_write: %s", strerror(errno));
	else if (!(v = xs_read(xs, XBT_NULL, path, &len)) || len != 2 || strcmp(v, "v1"))
		snprintf(why, sizeof(why), "xs_read gave %s", v ? v : strerror(errno));
	else if (free(v), !(list = xs_directory(xs, XBT_NULL, "data/xctest", &n)) || n != 1 ||
				  strcmp(list[0], "k"))
		snprintf(why, sizeof(why), "xs_directory: %u entries", list ? n : 0);
	else if (free(list), !xs_set_permissions(xs, XBT_NULL, path, perms, 2))
		snprintf(why, sizeof(why), "xs_set_permissions: %s", strerror(errno));
	else if (!(got = xs_get_permissions(xs, XBT_NULL, path, &n)) || n != 2 || got[1].id != 0 ||
		 got[1].perms != XS_PERM_READ)
		snprintf(why, sizeof(why), "xs_get_permissions: %u entries", got ? n : 0);
	else if (free(got), !xs_watch(xs, path, "tok"))
		snprintf(why, sizeof(why), "xs_watch: %s", strerror(errno));
	else if (free(xs_read_watch(xs, &n)), !(t = xs_transaction_start(xs)))
		snprintf(why, sizeof(why), "xs_transaction_start: %s", strerror(errno));
	else if (!xs_write(xs, t, path, "v2", 2) || !xs_transaction_end(xs, t, false))
		snprintf(why, sizeof(why), "transaction: %s", strerror(errno));
	else if (!(ev = xs_read_watch(xs, &n)) || strcmp(ev[XS_WATCH_TOKEN], "tok") ||
		 strcmp(ev[XS_WATCH_PATH], path))
		snprintf(why, sizeof(why), "watch event wrong");
	else if (free(ev), xs_read(xs, XBT_NULL, "/local/domain/0/name", &len) || errno != EACCES)
		snprintf(why, sizeof(why), "reading dom0's name: %s", strerror(errno));
	xs_close(xs);
	result("libxenstore read/write/directory/permissions/watch/transaction/EACCES",
	       why[0] == '\0', why);
}

static void test_evtchn(void)
{
	xenevtchn_handle *a = xenevtchn_open(NULL, 0), *b = xenevtchn_open(NULL, 0);
	char why[128] = "";
	int unbound, local, got;

	if (!a || !b) {
		result("xenevtchn loop-back", 0, "open failed");
		return;
	}
	unbound = xenevtchn_bind_unbound_port(a, domid);
	local = unbound < 0 ? -1 : xenevtchn_bind_interdomain(b, domid, (evtchn_port_t)unbound);
	if (unbound < 0 || local < 0)
		snprintf(why, sizeof(why), "binding: %s", strerror(errno));
	else if (xenevtchn_notify(b, (evtchn_port_t)local) < 0)
		snprintf(why, sizeof(why), "notify: %s", strerror(errno));
	else if (xenevtchn_wait(a, time_now_ns() + 5000000000ull) < 0)
		snprintf(why, sizeof(why), "no event within 5 s");
	else if ((got = xenevtchn_pending(a)) != unbound)
		snprintf(why, sizeof(why), "pending gave %d, expected %d", got, unbound);
	else if (xenevtchn_pending(a) != -1 || errno != EAGAIN)
		snprintf(why, sizeof(why), "a second pending port appeared");
	else if (xenevtchn_unmask(a, (evtchn_port_t)unbound) < 0)
		snprintf(why, sizeof(why), "unmask: %s", strerror(errno));
	xenevtchn_close(b);
	xenevtchn_close(a);
	result("xenevtchn loop-back (unbound, interdomain, notify, pending, unmask)",
	       why[0] == '\0', why);
}

static void count_event(struct poll_source *src, void *arg)
{
	(*(int *)arg)++;
}

/* The handle as a source of a poll set: an event on its port wakes
 * poll_wait and runs the source's handler (a device model's ioreq ports
 * wait beside its disks and timers this way). */
static void test_evtchn_poll(void)
{
	xenevtchn_handle *a = xenevtchn_open(NULL, 0), *b = xenevtchn_open(NULL, 0);
	struct poll_set ps;
	struct poll_source src;
	char why[128] = "";
	int unbound, local, runs = 0, rc = 0;

	if (!a || !b) {
		result("xenevtchn as a poll source", 0, "open failed");
		return;
	}
	poll_init(&ps);
	poll_add(&ps, &src, "evtchn", count_event, &runs);
	xenevtchn_poll_source(a, &src);
	unbound = xenevtchn_bind_unbound_port(a, domid);
	local = unbound < 0 ? -1 : xenevtchn_bind_interdomain(b, domid, (evtchn_port_t)unbound);
	if (unbound < 0 || local < 0) {
		snprintf(why, sizeof(why), "binding: %s", strerror(errno));
		goto out;
	}
	/* Binding may raise the port once: take that first. */
	poll_wait(&ps, time_now_ns() + 200000000ull);
	while (xenevtchn_pending(a) >= 0)
		;
	xenevtchn_unmask(a, (evtchn_port_t)unbound);
	runs = 0;
	if (xenevtchn_notify(b, (evtchn_port_t)local) < 0)
		snprintf(why, sizeof(why), "notify: %s", strerror(errno));
	else if ((rc = poll_wait(&ps, time_now_ns() + 5000000000ull)) < 0 || runs != 1)
		snprintf(why, sizeof(why), "poll_wait gave %d with the handler run %d times", rc,
			 runs);
	else if (xenevtchn_pending(a) != unbound)
		snprintf(why, sizeof(why), "the port was not pending after the wake-up");
	else if (xenevtchn_unmask(a, (evtchn_port_t)unbound) < 0)
		snprintf(why, sizeof(why), "unmask: %s", strerror(errno));
	else if ((rc = poll_wait(&ps, time_now_ns() + 100000000ull)) != -ETIMEDOUT)
		snprintf(why, sizeof(why), "a second wait without an event gave %d", rc);
out:
	xenevtchn_poll_source(a, NULL);
	poll_remove(&src);
	xenevtchn_close(b);
	xenevtchn_close(a);
	result("xenevtchn as a poll source (one wake-up per event, none without)", why[0] == '\0',
	       why);
}

static void test_gnttab(void)
{
	unsigned char *page = page_alloc(1), *mapped;
	xengnttab_handle *g = xengnttab_open(NULL, 0);
	char why[128] = "";
	int ref;

	memset(page, 0x5c, 4096);
	ref = gnttab_grant_access((domid_t)domid, pfn_to_mfn(virt_to_pfn(page)), false);
	mapped = ref < 0 ? NULL
			 : xengnttab_map_grant_ref(g, domid, (uint32_t)ref, PROT_READ | PROT_WRITE);
	if (!mapped) {
		snprintf(why, sizeof(why), "mapping our own grant: %s", strerror(errno));
	} else {
		mapped[100] = 0xa5;
		if (page[100] != 0xa5 || mapped[0] != 0x5c)
			snprintf(why, sizeof(why), "the mapping does not show the page");
		if (xengnttab_unmap(g, mapped, 1) < 0 && !why[0])
			snprintf(why, sizeof(why), "unmap: %s", strerror(errno));
	}
	if (ref >= 0 && gnttab_end_access((grant_ref_t)ref) < 0 && !why[0])
		snprintf(why, sizeof(why), "grant still in use after unmap");
	if (xengnttab_map_grant_ref(g, 0, 12345, PROT_READ) != NULL && !why[0])
		snprintf(why, sizeof(why), "mapped a grant dom0 never gave");
	xengnttab_close(g);
	page_free(page, 1);
	result("xengnttab maps a grant and refuses a bogus one", why[0] == '\0', why);
}

static void test_foreignmemory(void)
{
	xenforeignmemory_handle *f = xenforeignmemory_open(NULL, 0);
	unsigned char *page = page_alloc(1), *alias;
	xen_pfn_t mfn = pfn_to_mfn(virt_to_pfn(page)), dom0_frame = 0x100;
	char why[128] = "";
	int err = 0;

	memset(page, 0x3c, 4096);
	alias = xenforeignmemory_map(f, DOMID_SELF, PROT_READ | PROT_WRITE, 1, &mfn, &err);
	if (!alias || err) {
		snprintf(why, sizeof(why), "mapping our own frame: %s",
			 strerror(alias ? -err : errno));
	} else {
		alias[7] = 0x77;
		if (page[7] != 0x77 || alias[0] != 0x3c)
			snprintf(why, sizeof(why), "the alias does not show the frame");
		xenforeignmemory_unmap(f, alias, 1);
	}
	alias = xenforeignmemory_map(f, 0, PROT_READ, 1, &dom0_frame, NULL);
	if (alias && !why[0])
		snprintf(why, sizeof(why), "mapped dom0's memory without privilege");
	else if (!alias && errno != EPERM && !why[0])
		snprintf(why, sizeof(why), "dom0's memory: %s, expected EPERM", strerror(errno));
	xenforeignmemory_close(f);
	page_free(page, 1);
	result("xenforeignmemory maps own frames, dom0's refused with EPERM", why[0] == '\0', why);
}

static void test_devicemodel(void)
{
	xendevicemodel_handle *d = xendevicemodel_open(NULL, 0);
	ioservid_t id;
	char why[128] = "";
	int rc = xendevicemodel_create_ioreq_server(d, (domid_t)domid, 0, &id);

	if (rc == 0)
		snprintf(why, sizeof(why), "an ioreq server for a PV domain was created");
	else
		printf("xctest: create_ioreq_server on a PV domain: %s (expected to fail)\n",
		       strerror(errno));
	rc = xendevicemodel_set_isa_irq_level(d, 0, 1, 1);
	if (rc == 0 && !why[0])
		snprintf(why, sizeof(why), "dm_op on dom0 succeeded");
	xendevicemodel_close(d);
	result("xendevicemodel calls fail cleanly without a target", why[0] == '\0', why);
}

int main(int argc, char **argv)
{
	struct xs_handle *xs = xs_open(0);
	char *id = xs ? xs_read(xs, XBT_NULL, "domid", NULL) : NULL;

	domid = id ? (unsigned)strtoul(id, NULL, 10) : 0;
	free(id);
	xs_close(xs);
	printf("xctest: domain %u\n", domid);
	test_xenstore();
	test_evtchn();
	test_evtchn_poll();
	test_gnttab();
	test_foreignmemory();
	test_devicemodel();
	printf("xctest: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
