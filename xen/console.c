/*
 * Console 0 over the xencons ring (see console.h). Works with events masked
 * (fault reports): when the ring is full it yields to let dom0's console
 * daemon drain it, and gives up after a bounded wait rather than hang.
 */
#include "xen/console.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/hypercall.h"
#include "arch/x86_64/mm.h"
#include "xen/time.h"

#include <stdbool.h>
#include <xen/io/console.h>

#define WAIT_NS	    2000000000ull
#define WAIT_YIELDS 200000u

static struct xencons_interface *ring;
static evtchn_port_t port;
static unsigned long dropped;

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

static void put_byte(char c)
{
	XENCONS_RING_IDX prod;

	if (!has_space()) {
		notify();
		if (!wait_for(has_space)) {
			dropped++;
			return;
		}
	}
	prod = ring->out_prod;
	ring->out[MASK_XENCONS_IDX(prod, ring->out)] = c;
	wmb();
	ring->out_prod = prod + 1;
}

void console_write(const char *text, size_t len)
{
	if (!ring)
		return;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			put_byte('\r');
		put_byte(text[i]);
	}
	notify();
}

void console_flush(void)
{
	if (!ring)
		return;
	notify();
	wait_for(drained);
}
