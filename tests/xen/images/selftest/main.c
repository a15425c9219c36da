/*
 * In-guest self-test of the kernel services, one result line per service
 * ("selftest: <name>: SUCCESS" or "selftest: <name>: FAILURE (<why>)"),
 * then "selftest: N passed, M failed"; exit status 0 only if all passed.
 * The dom0 side of the scenario (tests/xen/scenarios/selftest.sh) pokes a
 * watched key and reads a granted page when asked through xenstore.
 */
#define LOG_TAG "selftest"
#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "kernel/sched.h"
#include "kernel/start.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "xen/grant_table.h"
#include "xen/time.h"
#include "xen/xenbus.h"

#define SECOND	   1000000000ull
#define GRANT_SEED 3

static int passed, failed;
static char home[64];

static void result(const char *name, int ok, const char *why)
{
	if (ok) {
		printk("selftest: %s: SUCCESS\n", name);
		passed++;
	} else {
		printk("selftest: %s: FAILURE (%s)\n", name, why);
		failed++;
	}
}

static const char *key(const char *rel)
{
	static char buf[4][128];
	static int next;
	char *b = buf[next++ % 4];

	format_buf(b, sizeof(buf[0]), "%s/data/selftest/%s", home, rel);
	return b;
}

static int read_equals(const char *path, const char *want)
{
	char *v;
	int rc = xenbus_read(XBT_NIL, path, &v, NULL);

	if (rc < 0)
		return rc;
	rc = strcmp(v, want) == 0 ? 0 : -EBADMSG;
	kfree(v);
	return rc;
}

static void test_xenstore_basic(void)
{
	char why[96] = "";
	char **names = NULL;
	int rc, n, found = 0;

	if ((rc = xenbus_write(XBT_NIL, key("basic/a"), "alpha", 5)) < 0)
		format_buf(why, sizeof(why), "write: %s", errno_name(rc));
	else if ((rc = read_equals(key("basic/a"), "alpha")) < 0)
		format_buf(why, sizeof(why), "read back: %s", errno_name(rc));
	else if ((n = xenbus_directory(XBT_NIL, key("basic"), &names)) < 0)
		format_buf(why, sizeof(why), "directory: %s", errno_name(n));
	else {
		for (int i = 0; i < n; i++)
			found |= strcmp(names[i], "a") == 0;
		kfree(names);
		if (!found)
			format_buf(why, sizeof(why), "directory lacks the key");
		else if ((rc = xenbus_rm(XBT_NIL, key("basic"))) < 0)
			format_buf(why, sizeof(why), "rm: %s", errno_name(rc));
		else if ((rc = read_equals(key("basic/a"), "alpha")) != -ENOENT)
			format_buf(why, sizeof(why), "read after rm: %s", errno_name(rc));
	}
	result("xenstore read/write/directory/rm", why[0] == '\0', why);
}

static void test_xenstore_errors(void)
{
	char *v;
	int rc = xenbus_read(XBT_NIL, "/local/domain/0/name", &v, NULL);
	char why[96] = "";

	if (rc == 0) {
		kfree(v);
		format_buf(why, sizeof(why), "read dom0's name without permission");
	} else if (rc != -EACCES) {
		format_buf(why, sizeof(why), "expected EACCES, got %s", errno_name(rc));
	}
	result("xenstore error reply", why[0] == '\0', why);
}

static void test_permissions(void)
{
	struct xs_perm want[2], got[4];
	char why[96] = "";
	int rc, self = xenbus_domid();

	want[0].domid = (uint16_t)self;
	want[0].access = 'n';
	want[1].domid = 0;
	want[1].access = 'r';
	if ((rc = xenbus_write(XBT_NIL, key("perm"), "x", 1)) < 0)
		format_buf(why, sizeof(why), "write: %s", errno_name(rc));
	else if ((rc = xenbus_set_perms(XBT_NIL, key("perm"), want, 2)) < 0)
		format_buf(why, sizeof(why), "set: %s", errno_name(rc));
	else if ((rc = xenbus_get_perms(XBT_NIL, key("perm"), got, 4)) != 2)
		format_buf(why, sizeof(why), "get: %d entries (%s)", rc, errno_name(rc));
	else if (got[0].domid != self || got[0].access != 'n' || got[1].domid != 0 ||
		 got[1].access != 'r')
		format_buf(why, sizeof(why), "got %c%u %c%u", got[0].access, got[0].domid,
			   got[1].access, got[1].domid);
	result("xenstore permissions", why[0] == '\0', why);
}

static void test_transaction_conflict(void)
{
	char why[96] = "";
	int attempts = 0, rc;

	xenbus_write(XBT_NIL, key("txn"), "start", 5);
	do {
		xenbus_transaction_t t;
		char *v;

		attempts++;
		if ((rc = xenbus_transaction_start(&t)) < 0)
			break;
		if ((rc = xenbus_read(t, key("txn"), &v, NULL)) == 0)
			kfree(v);
		/* First time round, someone else changes the key meanwhile. */
		if (attempts == 1)
			xenbus_write(XBT_NIL, key("txn"), "other", 5);
		xenbus_write(t, key("txn"), "mine", 4);
		rc = xenbus_transaction_end(t, false);
	} while (rc == -EAGAIN && attempts < 5);
	if (rc < 0)
		format_buf(why, sizeof(why), "commit: %s after %d attempts", errno_name(rc),
			   attempts);
	else if (attempts != 2)
		format_buf(why, sizeof(why), "committed after %d attempts, expected 2", attempts);
	else if (read_equals(key("txn"), "mine") < 0)
		format_buf(why, sizeof(why), "value after commit is not ours");
	result("xenstore transaction conflict retried", why[0] == '\0', why);
}

static void test_watch_from_dom0(void)
{
	struct xenbus_watch *w;
	char why[96] = "", *path;
	int rc, got = 0;
	uint64_t deadline;

	if ((rc = xenbus_watch(key("poke"), "poke", &w)) < 0) {
		format_buf(why, sizeof(why), "watch: %s", errno_name(rc));
		result("xenstore watch fired by dom0", 0, why);
		return;
	}
	/* Xen fires every new watch once; take that event first. */
	if (xenbus_watch_wait(w, &path, time_now_ns() + 5 * SECOND) == 0)
		kfree(path);
	xenbus_write(XBT_NIL, key("waiting-for-poke"), "1", 1);
	deadline = time_now_ns() + 30 * SECOND;
	while (!got && (rc = xenbus_watch_wait(w, &path, deadline)) == 0) {
		got = strcmp(path, key("poke")) == 0 && read_equals(key("poke"), "hello") == 0;
		kfree(path);
	}
	if (!got)
		format_buf(why, sizeof(why), "no event with the poked value (%s)", errno_name(rc));
	xenbus_unwatch(w);
	result("xenstore watch fired by dom0", got, why);
}

static void test_sleep(void)
{
	uint64_t t0 = time_now_ns(), ms;
	char why[64] = "";

	time_sleep_ns(100000000ull);
	ms = (time_now_ns() - t0) / 1000000ull;
	if (ms < 100 || ms > 150)
		format_buf(why, sizeof(why), "slept %llu ms", (unsigned long long)ms);
	printk("selftest: sleep of 100 ms took %llu ms\n", (unsigned long long)ms);
	result("100 ms sleep", why[0] == '\0', why);
}

static char trace[16];
static unsigned trace_len;

static void tracer(void *arg)
{
	for (int i = 0; i < 3; i++) {
		trace[trace_len++] = *(const char *)arg;
		thread_yield();
	}
}

static void test_threads(void)
{
	struct thread *a = thread_create("A", tracer, "A");
	struct thread *b = thread_create("B", tracer, "B");
	char why[64] = "";

	if (!a || !b) {
		result("threads interleave", 0, "thread_create failed");
		return;
	}
	thread_join(a);
	thread_join(b);
	trace[trace_len] = '\0';
	if (strcmp(trace, "ABABAB") != 0)
		format_buf(why, sizeof(why), "order was %s", trace);
	result("threads interleave", why[0] == '\0', why);
}

static void test_grant_to_dom0(void)
{
	uint8_t *page = page_alloc(1);
	char why[96] = "", *answer = NULL, *path;
	struct xenbus_watch *w = NULL;
	unsigned long sum = 0;
	int ref, rc;

	if (!page) {
		result("page granted to dom0", 0, "no memory");
		return;
	}
	for (unsigned i = 0; i < PAGE_SIZE; i++) {
		page[i] = (uint8_t)((i * 7 + GRANT_SEED) & 0xff);
		sum += page[i];
	}
	ref = gnttab_grant_access(0, pfn_to_mfn(virt_to_pfn(page)), true);
	if (ref < 0) {
		format_buf(why, sizeof(why), "grant: %s", errno_name(ref));
		goto out;
	}
	if ((rc = xenbus_watch(key("gnt-result"), "gnt", &w)) < 0) {
		format_buf(why, sizeof(why), "watch: %s", errno_name(rc));
		goto out;
	}
	xenbus_printf(XBT_NIL, key("gnt-ref"), "%d %d", ref, GRANT_SEED);
	uint64_t deadline = time_now_ns() + 30 * SECOND;
	while (!answer && xenbus_watch_wait(w, &path, deadline) == 0) {
		kfree(path);
		if (xenbus_read(XBT_NIL, key("gnt-result"), &answer, NULL) < 0)
			answer = NULL;
	}
	if (!answer) {
		format_buf(why, sizeof(why), "dom0 never answered");
	} else {
		char want[48];
		format_buf(want, sizeof(want), "gnt-read: ok %lu", sum);
		if (strcmp(answer, want) != 0)
			format_buf(why, sizeof(why), "dom0 said '%.60s'", answer);
		kfree(answer);
	}
out:
	if (w)
		xenbus_unwatch(w);
	if (ref >= 0 && (rc = gnttab_end_access((grant_ref_t)ref)) < 0 && !why[0])
		format_buf(why, sizeof(why), "end access: %s", errno_name(rc));
	page_free(page, 1);
	result("page granted to dom0", why[0] == '\0', why);
}

int main(int argc, char **argv)
{
	int domid = xenbus_domid();

	if (domid < 0) {
		pr_err("no domain id: %s", errno_name(domid));
		return 1;
	}
	format_buf(home, sizeof(home), "/local/domain/%d", domid);
	printk("selftest: starting in domain %d\n", domid);
	test_xenstore_basic();
	test_xenstore_errors();
	test_permissions();
	test_transaction_conflict();
	test_sleep();
	test_threads();
	test_watch_from_dom0();
	test_grant_to_dom0();
	printk("selftest: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
