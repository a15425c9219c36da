/* PV clock reading, the timer VIRQ and blocking (see time.h). */
#define LOG_TAG "time"
#include <stddef.h>
#include "xen/time.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/hypercall.h"
#include "kernel/log.h"
#include "kernel/sched.h"
#include "xen/events.h"
#include "xen/hypervisor.h"

static bool timer_bound;

bool time_ready(void)
{
	return shared_info != NULL;
}

uint64_t time_now_ns(void)
{
	const volatile struct vcpu_time_info *t = &this_vcpu()->time;
	uint32_t version, mul;
	uint64_t system_time, stamp, delta;
	int8_t shift;

	do {
		version = t->version;
		rmb();
		system_time = t->system_time;
		stamp = t->tsc_timestamp;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		delta = rdtsc() - stamp;
		rmb();
	} while ((version & 1) || version != t->version);

	if (shift >= 0)
		delta <<= shift;
	else
		delta >>= -shift;
	return system_time + (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

void time_wall(uint64_t *sec, uint32_t *nsec)
{
	const volatile shared_info_t *s = shared_info;
	uint32_t version, wc_nsec;
	uint64_t wc_sec, now, total;

	do {
		version = s->wc_version;
		rmb();
		wc_sec = s->wc_sec | ((uint64_t)s->xen_wc_sec_hi << 32);
		wc_nsec = s->wc_nsec;
		rmb();
	} while ((version & 1) || version != s->wc_version);

	now = time_now_ns();
	total = wc_nsec + now % 1000000000ull;
	*sec = wc_sec + now / 1000000000ull + total / 1000000000ull;
	*nsec = (uint32_t)(total % 1000000000ull);
}

static void timer_event(evtchn_port_t port, void *data)
{
	/* Waking the blocked vCPU is all the timer is for. */
}

void time_init(void)
{
	int port = evtchn_bind_virq(VIRQ_TIMER, timer_event, NULL);

	if (port < 0)
		pr_err("no timer VIRQ (%d): sleeps will poll", port);
	else
		timer_bound = true;
}

void time_block_masked(uint64_t deadline_ns)
{
	if (!timer_bound) {
		events_restore(false);
		hyp_sched_op(SCHEDOP_yield, NULL);
		events_mask();
		return;
	}
	hyp_set_timer_op(deadline_ns);
	if (time_now_ns() < deadline_ns && !this_vcpu()->evtchn_upcall_pending)
		hyp_sched_op(SCHEDOP_block, NULL); /* unmasks atomically */
	/* Whatever woke us is handled here, then masked again for the
	 * caller's next look at its condition. */
	events_restore(false);
	events_mask();
}

void time_block_until(uint64_t deadline_ns)
{
	bool was = events_mask();

	time_block_masked(deadline_ns);
	if (!was)
		events_restore(false);
}

void time_sleep_ns(uint64_t ns)
{
	sched_sleep_until(time_now_ns() + ns);
}
