/*
 * Console 0 over the xencons ring (see console.h). Output works with events
 * masked (fault reports): when the ring is full it yields to let dom0's
 * console daemon drain it, and gives up after a bounded wait rather than
 * hang; once it has given up it drops output without waiting until the
 * daemon reads again, then says how much was lost. Input is read from the
 * "in" ring; a thread waits for it on the console's event channel, which
 * the daemon signals after writing there.
 */
#define LOG_TAG "console"
#include "xen/console.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/hypercall.h"
#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "kernel/poll.h"
#include "kernel/sched.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "xen/events.h"
#include "xen/time.h"
#include "xen/xenbus.h"

#include <stdbool.h>
#include <xen/io/console.h>
#include <xen/io/xenbus.h>

#define WAIT_NS	    2000000000ull
#define WAIT_YIELDS 200000u

static struct xencons_interface *ring;
static evtchn_port_t port;
static unsigned long dropped;
static bool stalled; /* the last wait for space timed out */
static struct wait_queue input_wq = WAIT_QUEUE_INIT;
static bool bad_input_reported;
static bool text_only;

void console_init(start_info_t *si)
{
	ring = mfn_to_virt(si->console.domU.mfn);
	port = si->console.domU.evtchn;
}

static void notify(void)
{
	struct evtchn_send send = { .port = port };

	hyp_event_channel_op(EVTCHNOP_send, &send);
}

/* Yields until pred holds, for at most ~2 s; false on time-out. */
static bool wait_for(bool (*pred)(void))
{
	uint64_t start = time_ready() ? time_now_ns() : 0;

	for (unsigned i = 0; !pred(); i++) {
		if (time_ready() ? time_now_ns() - start > WAIT_NS : i > WAIT_YIELDS)
			return false;
		hyp_sched_op(SCHEDOP_yield, NULL);
	}
	return true;
}

static bool has_space(void)
{
	return ring->out_prod - ring->out_cons < sizeof(ring->out);
}

static bool drained(void)
{
	return ring->out_prod == ring->out_cons;
}

static void store_byte(char c)
{
	XENCONS_RING_IDX prod = ring->out_prod;

	ring->out[MASK_XENCONS_IDX(prod, ring->out)] = c;
	wmb();
	ring->out_prod = prod + 1;
}

/* "\r\n[console: N bytes lost]\r\n", once the daemon reads again. */
static void report_dropped(void)
{
	char line[48];
	int len = format_buf(line, sizeof(line), "\r\n[console: %lu bytes lost]\r\n", dropped);

	dropped = 0;
	for (int i = 0; i < len && has_space(); i++)
		store_byte(line[i]);
}

static void put_byte(char c)
{
	if (!has_space()) {
		notify();
		if (stalled || !wait_for(has_space)) {
			stalled = true;
			dropped++;
			return;
		}
	}
	if (stalled) {
		stalled = false;
		report_dropped();
		if (!has_space()) {
			dropped++;
			return;
		}
	}
	store_byte(c);
}

void console_text_only(void)
{
	text_only = true;
}

static bool is_control(unsigned char c)
{
	return (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\b') || c == 0x7f;
}

void console_write(const char *text, size_t len)
{
	if (!ring)
		return;
	for (size_t i = 0; i < len; i++) {
		char c = text_only && is_control((unsigned char)text[i]) ? '?' : text[i];

		if (c == '\n')
			put_byte('\r');
		put_byte(c);
	}
	notify();
}

void console_flush(void)
{
	if (!ring)
		return;
	notify();
	if (!stalled)
		wait_for(drained);
}

int console_announce(void)
{
	int rc;

	if (!ring)
		return -ENODEV;
	rc = xenbus_printf(XBT_NIL, "console/state", "%d", XenbusStateConnected);
	/* Xen 4.17's libxl keeps the node from the domain; its QEMU does not
	 * need it either. */
	if (rc == -EACCES)
		pr_debug("console/state is not ours to write: %d", rc);
	else if (rc < 0)
		pr_warn("cannot write console/state: %d (a QEMU console backend may not read us)",
			rc);
	return rc;
}

static struct poll_source *input_notify;
static bool has_input(void *unused);

static void console_event(evtchn_port_t p, void *data)
{
	wake_up(&input_wq);
	poll_signal(input_notify);
}

void console_notify(struct poll_source *src)
{
	input_notify = src;
	if (src && has_input(NULL))
		poll_signal(src);
}

int console_input_init(void)
{
	if (!ring)
		return -ENODEV;
	int rc = evtchn_attach(port, console_event, NULL);
	if (rc < 0)
		pr_err("console input: cannot attach event channel %u: %d", port, rc);
	return rc;
}

long console_read(void *buf, size_t len)
{
	char *p = buf;
	size_t done = 0;
	XENCONS_RING_IDX cons, prod;

	if (!ring)
		return -ENODEV;
	cons = ring->in_cons;
	prod = *(volatile XENCONS_RING_IDX *)&ring->in_prod;
	rmb(); /* the bytes after the index that says they are there */
	if (prod - cons > sizeof(ring->in)) {
		/* Not ours to trust: drop what is there and carry on. */
		if (!bad_input_reported)
			pr_err("input ring indices out of range (cons %u, prod %u): input dropped",
			       cons, prod);
		bad_input_reported = true;
		mb();
		ring->in_cons = prod;
		notify();
		return -EIO;
	}
	while (cons != prod && done < len)
		p[done++] = ring->in[MASK_XENCONS_IDX(cons++, ring->in)];
	if (done == 0)
		return 0;
	mb(); /* the bytes are read before the daemon may overwrite them */
	ring->in_cons = cons;
	notify();
	return (long)done;
}

static bool has_input(void *unused)
{
	return ring && *(volatile XENCONS_RING_IDX *)&ring->in_prod != ring->in_cons;
}

bool console_wait_input(uint64_t deadline_ns)
{
	return wait_until(&input_wq, has_input, NULL, deadline_ns);
}
