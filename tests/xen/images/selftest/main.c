/*
 * In-guest self-test of the kernel services, one result line per service
 * ("selftest: <name>: SUCCESS" or "selftest: <name>: FAILURE (<why>)"),
 * then "selftest: N passed, M failed"; exit status 0 only if all passed.
 * The dom0 side of the scenario (tests/xen/scenarios/selftest.sh) pokes a
 * watched key and reads a granted page when asked through xenstore.
 */
#define LOG_TAG "selftest"
#include "arch/x86_64/hypercall.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch/x86_64/mm.h"
#include "drivers/blkfront.h"
#include "drivers/consfront.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "kernel/poll.h"
#include "kernel/sched.h"
#include "kernel/start.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "xen/events.h"
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
	/* Never early; late by up to 300 ms: the test bed emulates both CPUs
	 * on one host thread, and Xen may run dom0 for a while first. */
	if (ms < 100 || ms > 400)
		format_buf(why, sizeof(why), "slept %llu ms", (unsigned long long)ms);
	printk("selftest: sleep of 100 ms took %llu ms\n", (unsigned long long)ms);
	result("100 ms sleep", why[0] == '\0', why);
}

/* Xen fails unknown sub-commands with its ENOSYS (38); the kernel must see
 * the C library's (newlib: 88), translated by the hypercall wrappers. */
static void test_hypercall_errors(void)
{
	long sched = hyp_sched_op(0x7fff, NULL);
	long evtchn = hyp_event_channel_op(0x7fff, NULL);
	char why[96] = "";

	if (sched != -ENOSYS || evtchn != -ENOSYS)
		format_buf(why, sizeof(why), "sched_op %ld (%s), event_channel_op %ld (%s)", sched,
			   errno_name((int)sched), evtchn, errno_name((int)evtchn));
	result("hypercall errors as the C library's ENOSYS", why[0] == '\0', why);
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

static uint8_t disk_pattern(uint64_t off, unsigned seed)
{
	return (uint8_t)(((off >> 9) * 13 + (off & 511) * 7 + seed) & 0xff);
}

/* Index of the first byte of buf (disk sectors from first) that differs
 * from the pattern, or -1. */
static long pattern_mismatch(const uint8_t *buf, uint64_t first, size_t bytes, unsigned seed)
{
	for (size_t i = 0; i < bytes; i++)
		if (buf[i] != disk_pattern(first * 512 + i, seed))
			return (long)i;
	return -1;
}

static void test_blkfront(void)
{
	enum { READ_FIRST = 100, READ_COUNT = 256, WRITE_FIRST = 1000, WRITE_COUNT = 64 };
	struct blkfront *rw = NULL, *ro = NULL;
	uint8_t *buf = kmalloc(READ_COUNT * 512);
	char why[128] = "";
	long bad;
	int rc;

	if (!buf) {
		result("blkfront reads dom0's pattern", 0, "no memory");
		return;
	}
	if ((rc = blkfront_count()) != 2)
		format_buf(why, sizeof(why), "%d disks, expected 2", rc);
	else if ((rc = blkfront_open(0, &rw)) < 0)
		format_buf(why, sizeof(why), "open hd0: %s", errno_name(rc));
	else if (blkfront_sectors(rw) != 8192 || blkfront_sector_size(rw) != 512)
		format_buf(why, sizeof(why), "hd0 has %llu sectors of %u bytes",
			   (unsigned long long)blkfront_sectors(rw), blkfront_sector_size(rw));
	else if ((rc = blkfront_read(rw, READ_FIRST, buf, READ_COUNT)) < 0)
		format_buf(why, sizeof(why), "read: %s", errno_name(rc));
	else if ((bad = pattern_mismatch(buf, READ_FIRST, READ_COUNT * 512, 5)) >= 0)
		format_buf(why, sizeof(why), "byte %ld of the read differs", bad);
	else if ((rc = blkfront_read(rw, 8191, buf, 1)) < 0 ||
		 pattern_mismatch(buf, 8191, 512, 5) >= 0)
		format_buf(why, sizeof(why), "last sector: %s", errno_name(rc));
	else if ((rc = blkfront_read(rw, 8192, buf, 1)) != -EINVAL)
		format_buf(why, sizeof(why), "read past the end gave %s", errno_name(rc));
	result("blkfront reads dom0's pattern (multi-page, several requests in flight)",
	       why[0] == '\0', why);

	if (rw && !why[0]) {
		for (unsigned i = 0; i < WRITE_COUNT * 512; i++)
			buf[i] = disk_pattern((uint64_t)WRITE_FIRST * 512 + i, 9);
		if ((rc = blkfront_write(rw, WRITE_FIRST, buf, WRITE_COUNT)) < 0)
			format_buf(why, sizeof(why), "write: %s", errno_name(rc));
		else if ((rc = blkfront_flush(rw)) < 0 && rc != -EOPNOTSUPP)
			format_buf(why, sizeof(why), "flush: %s", errno_name(rc));
		else if (memset(buf, 0, WRITE_COUNT * 512) &&
			 (rc = blkfront_read(rw, WRITE_FIRST, buf, WRITE_COUNT)) < 0)
			format_buf(why, sizeof(why), "read back: %s", errno_name(rc));
		else if ((bad = pattern_mismatch(buf, WRITE_FIRST, WRITE_COUNT * 512, 9)) >= 0)
			format_buf(why, sizeof(why), "byte %ld read back differs", bad);
		result("blkfront writes and flushes", why[0] == '\0', why);
	}

	why[0] = '\0';
	if ((rc = blkfront_open(1, &ro)) < 0)
		format_buf(why, sizeof(why), "open hd1: %s", errno_name(rc));
	else if (!blkfront_readonly(ro))
		format_buf(why, sizeof(why), "hd1 not reported read-only");
	else if ((rc = blkfront_write(ro, 0, buf, 1)) != -EROFS)
		format_buf(why, sizeof(why), "write gave %s, expected EROFS", errno_name(rc));
	else if ((rc = blkfront_read(ro, 0, buf, 1)) < 0)
		format_buf(why, sizeof(why), "read: %s", errno_name(rc));
	result("blkfront read-only disk refuses writes", why[0] == '\0', why);

	if (rw)
		blkfront_close(rw);
	if (ro)
		blkfront_close(ro);
	kfree(buf);

	struct blkfront *missing = NULL;
	rc = blkfront_open(7, &missing);
	why[0] = '\0';
	if (rc != -ENODEV)
		format_buf(why, sizeof(why), "opening a disk that is not there gave %s",
			   errno_name(rc));
	if (rc == 0)
		blkfront_close(missing);
	result("a missing disk is an error, not a crash", why[0] == '\0', why);
}

static void console_ready(struct poll_source *src, void *arg)
{
	(*(unsigned *)arg)++;
}

/* Reads 256 bytes from console n (expecting 0..255) without blocking:
 * consfront_try_read until -EAGAIN, then the one wait on the console's
 * source; sends each byte back XOR 0x5a. */
static int echo_console(struct consfront *con, char *why, size_t why_size)
{
	unsigned char buf[256];
	size_t got = 0;
	uint64_t deadline = time_now_ns() + 60 * SECOND;
	struct poll_set ps;
	struct poll_source src;
	unsigned wakeups = 0, eagain = 0;
	long n;

	poll_init(&ps);
	poll_add(&ps, &src, "console", console_ready, &wakeups);
	consfront_notify(con, &src);
	while (got < sizeof(buf)) {
		n = consfront_try_read(con, buf + got, sizeof(buf) - got);
		if (n == -EAGAIN) {
			eagain++;
			n = poll_wait(&ps, deadline);
			if (n >= 0)
				continue;
		}
		if (n < 0) {
			format_buf(why, why_size, "read after %zu bytes: %s", got,
				   errno_name((int)n));
			consfront_notify(con, NULL);
			return -1;
		}
		got += (size_t)n;
	}
	consfront_notify(con, NULL);
	printk("selftest: console input: %u EAGAIN, %u wake-up(s) of the one wait\n", eagain,
	       wakeups);
	if (eagain == 0 || wakeups == 0) {
		format_buf(why, why_size, "input never waited for (%u EAGAIN, %u wake-ups)", eagain,
			   wakeups);
		return -1;
	}
	for (unsigned i = 0; i < sizeof(buf); i++) {
		if (buf[i] != i) {
			format_buf(why, why_size, "byte %u arrived as 0x%02x", i, buf[i]);
			return -1;
		}
		buf[i] ^= 0x5a;
	}
	n = consfront_write(con, buf, sizeof(buf), deadline);
	if (n != (long)sizeof(buf)) {
		format_buf(why, why_size, "write: %s", errno_name((int)n));
		return -1;
	}
	return 0;
}

/* The same as echo_console, through a file descriptor. */
static int echo_fd(int fd, char *why, size_t why_size)
{
	unsigned char buf[256];
	size_t got = 0;

	while (got < sizeof(buf)) {
		ssize_t n = read(fd, buf + got, sizeof(buf) - got);
		if (n <= 0) {
			format_buf(why, why_size, "read(fd) after %zu bytes: %s", got,
				   errno_name(-errno));
			return -1;
		}
		got += (size_t)n;
	}
	for (unsigned i = 0; i < sizeof(buf); i++) {
		if (buf[i] != i) {
			format_buf(why, why_size, "byte %u arrived as 0x%02x (fd)", i, buf[i]);
			return -1;
		}
		buf[i] ^= 0x5a;
	}
	if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
		format_buf(why, why_size, "write(fd): %s", errno_name(-errno));
		return -1;
	}
	return 0;
}

static void test_consoles(void)
{
	struct consfront *con[2] = { NULL, NULL };
	struct xenbus_watch *w = NULL;
	char why[128] = "", *answer = NULL, *path;
	unsigned ids[4];
	int rc, n = consfront_list(ids, 4);

	if (n != 2)
		format_buf(why, sizeof(why), "%d secondary consoles, expected 2", n);
	int fd = -1;

	/* Console 1 through the driver, console 2 as a file. */
	if (!why[0] && (rc = consfront_open(ids[0], &con[0])) < 0)
		format_buf(why, sizeof(why), "open console %u: %s", ids[0], errno_name(rc));
	if (!why[0]) {
		char dev[32];
		format_buf(dev, sizeof(dev), "/dev/console%u", ids[1]);
		if ((fd = open(dev, O_RDWR)) < 0)
			format_buf(why, sizeof(why), "open %s: %s", dev, errno_name(-errno));
	}
	if (!why[0] && (rc = xenbus_watch(key("cons-result"), "cons", &w)) < 0)
		format_buf(why, sizeof(why), "watch: %s", errno_name(rc));
	if (!why[0])
		xenbus_printf(XBT_NIL, key("cons-ready"), "%u %u", ids[0], ids[1]);
	if (!why[0])
		echo_console(con[0], why, sizeof(why));
	if (!why[0])
		echo_fd(fd, why, sizeof(why));
	if (!why[0]) {
		uint64_t deadline = time_now_ns() + 60 * SECOND;
		while (!answer && xenbus_watch_wait(w, &path, deadline) == 0) {
			kfree(path);
			if (xenbus_read(XBT_NIL, key("cons-result"), &answer, NULL) < 0)
				answer = NULL;
		}
		if (!answer)
			format_buf(why, sizeof(why), "dom0 never reported");
		else if (strcmp(answer, "console-io: ok console-io: ok") != 0)
			format_buf(why, sizeof(why), "dom0 said '%.80s'", answer);
		kfree(answer);
	}
	if (w)
		xenbus_unwatch(w);
	if (con[0])
		consfront_close(con[0]);
	if (fd >= 0)
		close(fd);
	result("consoles 1 (driver, try-read and the one wait) and 2 (/dev/consoleN fd) carry all "
	       "byte values both ways",
	       why[0] == '\0', why);
}

/* ---- submit/complete and the one wait ---------------------------------- */

#define ASYNC_REQS  40	/* more than the ring's 32 slots */
#define ASYNC_BIG   128 /* sectors of the first request: two ring slots */
#define ASYNC_SMALL 4	/* sectors of the others */

struct async_read {
	struct blkfront_request req;
	uint8_t *buf;
	int checked; /* 1: data matched, -1: it did not */
};

static unsigned async_done;

static void async_read_done(struct blkfront_request *req)
{
	struct async_read *r = req->arg;

	async_done++;
	r->checked =
		req->result == 0 && pattern_mismatch(r->buf, req->sector, req->count * 512, 5) < 0
			? 1
			: -1;
}

static void disk_ready(struct poll_source *src, void *arg)
{
	blkfront_poll(arg);
}

/* Requests submitted on hd0 without waiting until the ring refuses one
 * (-EAGAIN), completed through the one wait (poll_wait on the disk's
 * source), the refused ones submitted as completions free slots; every
 * callback checks its data against dom0's pattern. */
static void test_blkfront_async(void)
{
	static struct async_read reads[ASYNC_REQS];
	struct blkfront_request flush = { .op = BLKFRONT_FLUSH };
	struct poll_set ps;
	struct poll_source disk;
	struct blkfront *dev = NULL;
	uint8_t *mem = kmalloc((ASYNC_BIG + (ASYNC_REQS - 1) * ASYNC_SMALL) * 512);
	uint64_t deadline = time_now_ns() + 60 * SECOND;
	unsigned accepted = 0, next = 0, peak = 0, waits = 0, good = 0;
	char why[128] = "";
	int rc, eagain = 0;

	async_done = 0;
	if (!mem) {
		result("blkfront submit/complete", 0, "no memory");
		return;
	}
	if ((rc = blkfront_open(0, &dev)) < 0) {
		format_buf(why, sizeof(why), "open hd0: %s", errno_name(rc));
		goto out;
	}
	poll_init(&ps);
	poll_add(&ps, &disk, "hd0", disk_ready, dev);
	blkfront_notify(dev, &disk);
	for (unsigned i = 0, off = 0; i < ASYNC_REQS; i++) {
		struct async_read *r = &reads[i];
		unsigned count = i == 0 ? ASYNC_BIG : ASYNC_SMALL;

		memset(r, 0, sizeof(*r));
		r->buf = mem + (size_t)off * 512;
		r->req.op = BLKFRONT_READ;
		r->req.sector = 300 + off;
		r->req.count = count;
		r->req.buf = r->buf;
		r->req.done = async_read_done;
		r->req.arg = r;
		off += count;
	}
	/* Submit until the ring is full: nothing completes meanwhile (only
	 * blkfront_poll completes requests). */
	while (next < ASYNC_REQS && (rc = blkfront_submit(dev, &reads[next].req)) == 0)
		next++;
	accepted = next;
	peak = blkfront_in_flight(dev);
	if (next == ASYNC_REQS || rc != -EAGAIN) {
		format_buf(why, sizeof(why), "%u submitted, then %s (expected EAGAIN)", next,
			   errno_name(rc));
		goto out;
	}
	eagain = 1;
	while (async_done < ASYNC_REQS && time_now_ns() < deadline) {
		rc = poll_wait(&ps, deadline);
		if (rc < 0) {
			format_buf(why, sizeof(why), "poll_wait: %s after %u completions",
				   errno_name(rc), async_done);
			goto out;
		}
		waits++;
		while (next < ASYNC_REQS && (rc = blkfront_submit(dev, &reads[next].req)) == 0)
			next++;
		if (rc < 0 && rc != -EAGAIN) {
			format_buf(why, sizeof(why), "submit %u: %s", next, errno_name(rc));
			goto out;
		}
	}
	for (unsigned i = 0; i < ASYNC_REQS; i++)
		good += reads[i].checked == 1;
	if (async_done != ASYNC_REQS || good != ASYNC_REQS)
		format_buf(why, sizeof(why), "%u completions, %u with the right data, of %u",
			   async_done, good, ASYNC_REQS);
	else if (disk.dispatched == 0)
		format_buf(why, sizeof(why), "the disk's source never woke the wait");
	else if (blkfront_in_flight(dev) != 0)
		format_buf(why, sizeof(why), "%u still in flight", blkfront_in_flight(dev));
	else if ((rc = blkfront_submit(dev, &flush)) < 0 && rc != -EOPNOTSUPP)
		format_buf(why, sizeof(why), "flush: %s", errno_name(rc));
	else if (rc == 0) {
		while (!flush.complete && poll_wait(&ps, deadline) > 0)
			;
		if (!flush.complete || flush.result < 0)
			format_buf(why, sizeof(why), "flush %s: %s",
				   flush.complete ? "failed" : "never completed",
				   errno_name(flush.result));
	}
	printk("selftest: %u requests submitted at once (%u in flight, the next EAGAIN), %u "
	       "completed with the right data through %u waits (%lu disk wake-ups)\n",
	       accepted, peak, good, waits, disk.dispatched);
out:
	if (dev) {
		blkfront_notify(dev, NULL);
		blkfront_close(dev);
	}
	kfree(mem);
	result("blkfront submit/complete: requests in flight, EAGAIN on a full ring, "
	       "callbacks with dom0's pattern",
	       why[0] == '\0' && eagain, why);
}

struct ev_seen {
	unsigned fired;
};

static void count_fired(struct poll_source *src, void *arg)
{
	((struct ev_seen *)arg)->fired++;
}

/* The one wait wakes on an event channel (a port looped back to this
 * domain), a disk completion, a timer, and gives up at its deadline,
 * never early. Console input is shown by test_consoles. */
static void test_poll_sources(void)
{
	struct poll_set ps;
	struct poll_source ev, tick, disk;
	struct ev_seen ev_seen = { 0 }, tick_seen = { 0 };
	struct blkfront *dev = NULL;
	struct blkfront_request req = { 0 };
	uint8_t *buf = kmalloc(8 * 512);
	int domid = xenbus_domid(), unbound = -1, local = -1, rc;
	uint64_t t0;
	char why[128] = "";

	poll_init(&ps);
	poll_add(&ps, &ev, "evtchn", count_fired, &ev_seen);
	poll_add(&ps, &tick, "timer", count_fired, &tick_seen);
	if (!buf) {
		format_buf(why, sizeof(why), "no memory");
		goto out;
	}
	/* Event channel: notify one end, the other end's source fires. */
	unbound = evtchn_alloc_unbound((domid_t)domid, poll_evtchn_handler, NULL);
	if (unbound >= 0)
		local = evtchn_bind_interdomain((domid_t)domid, (evtchn_port_t)unbound,
						poll_evtchn_handler, &ev);
	if (unbound < 0 || local < 0) {
		format_buf(why, sizeof(why), "loop-back port: %s",
			   errno_name(unbound < 0 ? unbound : local));
		goto out;
	}
	/* Xen raises the new port once when it is bound (no event may be
	 * lost across a bind): take that, then nothing more may come. */
	for (int i = 0; i < 3 && poll_wait(&ps, time_now_ns() + SECOND / 10) > 0; i++)
		;
	if ((rc = poll_wait(&ps, time_now_ns() + SECOND / 10)) != -ETIMEDOUT) {
		format_buf(why, sizeof(why), "woke with nothing sent: %d", rc);
		goto out;
	}
	ev_seen.fired = 0;
	evtchn_notify((evtchn_port_t)unbound);
	if ((rc = poll_wait(&ps, time_now_ns() + 5 * SECOND)) != 1 || ev_seen.fired != 1) {
		format_buf(why, sizeof(why), "event channel: poll_wait %d, fired %u", rc,
			   ev_seen.fired);
		goto out;
	}
	/* Timer: fires once, not early. */
	t0 = time_now_ns();
	poll_timer_set(&tick, t0 + SECOND / 20);
	rc = poll_wait(&ps, t0 + 5 * SECOND);
	if (rc != 1 || tick_seen.fired != 1 || time_now_ns() < t0 + SECOND / 20) {
		format_buf(why, sizeof(why), "timer: poll_wait %d, fired %u after %llu ms", rc,
			   tick_seen.fired, (unsigned long long)((time_now_ns() - t0) / 1000000));
		goto out;
	}
	/* Disk completion. */
	if ((rc = blkfront_open(0, &dev)) < 0) {
		format_buf(why, sizeof(why), "open hd0: %s", errno_name(rc));
		goto out;
	}
	poll_add(&ps, &disk, "hd0", disk_ready, dev);
	blkfront_notify(dev, &disk);
	while (poll_wait(&ps, time_now_ns() + SECOND / 100) > 0)
		; /* the signal blkfront_notify gives at once */
	req.op = BLKFRONT_READ;
	req.sector = 8000;
	req.count = 8;
	req.buf = buf;
	if ((rc = blkfront_submit(dev, &req)) < 0) {
		format_buf(why, sizeof(why), "submit: %s", errno_name(rc));
		goto out;
	}
	t0 = time_now_ns();
	while (!req.complete && (rc = poll_wait(&ps, t0 + 10 * SECOND)) > 0)
		;
	if (!req.complete || req.result < 0 || pattern_mismatch(buf, 8000, 8 * 512, 5) >= 0) {
		format_buf(why, sizeof(why), "disk: %s, result %s",
			   req.complete ? "completed" : "not completed", errno_name(req.result));
		goto out;
	}
	/* Deadline: nothing ready, nothing armed. */
	poll_remove(&disk);
	t0 = time_now_ns();
	rc = poll_wait(&ps, t0 + SECOND / 10);
	if (rc != -ETIMEDOUT || time_now_ns() < t0 + SECOND / 10)
		format_buf(why, sizeof(why), "deadline: poll_wait %d after %llu ms", rc,
			   (unsigned long long)((time_now_ns() - t0) / 1000000));
	printk("selftest: one wait: event channel %lu (one at the bind), timer %lu, disk %lu "
	       "wake-up(s)\n",
	       ev.dispatched, tick.dispatched, disk.dispatched);
out:
	if (dev) {
		blkfront_notify(dev, NULL);
		blkfront_close(dev);
	}
	if (local >= 0)
		evtchn_close((evtchn_port_t)local);
	if (unbound >= 0)
		evtchn_close((evtchn_port_t)unbound);
	kfree(buf);
	result("one wait wakes on an event channel, a timer, a disk completion and its deadline",
	       why[0] == '\0', why);
}

/* The same disks as files: open/lseek/read/fstat, alignment and access
 * rules. */
static void test_device_files(void)
{
	uint8_t *buf = kmalloc(8 * 512);
	char why[128] = "";
	struct stat st;
	long bad;
	int fd = open("/dev/hd0", O_RDWR), ro;

	if (fd < 0)
		format_buf(why, sizeof(why), "open /dev/hd0: %s", errno_name(-errno));
	else if (fstat(fd, &st) < 0 || st.st_size != 8192 * 512 || !S_ISBLK(st.st_mode))
		format_buf(why, sizeof(why), "fstat gave size %ld", (long)st.st_size);
	else if (lseek(fd, 100 * 512, SEEK_SET) != 100 * 512 || read(fd, buf, 8 * 512) != 8 * 512)
		format_buf(why, sizeof(why), "lseek/read: %s", errno_name(-errno));
	else if ((bad = pattern_mismatch(buf, 100, 8 * 512, 5)) >= 0)
		format_buf(why, sizeof(why), "byte %ld read through the fd differs", bad);
	else if (lseek(fd, 1, SEEK_SET) != 1 || read(fd, buf, 512) != -1 || errno != EINVAL)
		format_buf(why, sizeof(why), "an unaligned read was not refused");
	else if ((ro = open("/dev/hd1", O_RDWR)) != -1 || errno != EROFS)
		format_buf(why, sizeof(why), "opening the read-only disk for writing: %s",
			   ro >= 0 ? "allowed" : errno_name(-errno));
	else if (open("/dev/hd9", O_RDONLY) != -1 || errno != ENODEV)
		format_buf(why, sizeof(why), "a missing disk: %s", errno_name(-errno));
	if (fd >= 0)
		close(fd);
	kfree(buf);
	result("disks as files (/dev/hdN: open, lseek, read, fstat, EINVAL, EROFS, ENODEV)",
	       why[0] == '\0', why);
}

/* dom0 detaches our first disk while we use it: I/O must fail with
 * ECONNRESET (not hang or crash) and the close must complete. */
static void test_backend_goes_away(void)
{
	struct blkfront *d = NULL;
	uint8_t *buf = kmalloc(512);
	uint64_t deadline = time_now_ns() + 60 * SECOND;
	char why[128] = "";
	int rc;

	if ((rc = blkfront_open(0, &d)) < 0) {
		format_buf(why, sizeof(why), "reopening hd0: %s", errno_name(rc));
		goto out;
	}
	xenbus_write(XBT_NIL, key("detach-me"), "1", 1);
	while ((rc = blkfront_read(d, 0, buf, 1)) == 0 && time_now_ns() < deadline)
		time_sleep_ns(SECOND / 5);
	if (rc != -ECONNRESET)
		format_buf(why, sizeof(why), "I/O after the detach gave %s", errno_name(rc));
	blkfront_close(d);
out:
	kfree(buf);
	result("a disk whose backend goes away gives ECONNRESET and closes", why[0] == '\0', why);
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
	test_hypercall_errors();
	test_threads();
	test_watch_from_dom0();
	test_grant_to_dom0();
	test_blkfront();
	test_blkfront_async();
	test_poll_sources();
	test_device_files();
	test_consoles();
	test_backend_goes_away();
	printk("selftest: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
