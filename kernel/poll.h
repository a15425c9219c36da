/*
 * One wait over many sources, for a thread serving several devices at
 * once (a device model's loop). A poll set gathers sources registered
 * once: event channels (poll_evtchn_handler as a port's handler), the
 * drivers' readiness (blkfront completions, netfront frames, consfront and
 * console 0 input: each driver's *_notify(dev, src)), and timers.
 * poll_wait() sleeps the calling thread until one is ready or a deadline
 * passes, then runs the handler of every ready source, in thread context.
 *
 *	struct poll_set ps;
 *	struct poll_source ioreq, disk, tick;
 *	poll_init(&ps);
 *	poll_add(&ps, &ioreq, "ioreq", serve_ioreqs, dm);
 *	port = evtchn_bind_interdomain(guest, remote, poll_evtchn_handler, &ioreq);
 *	poll_add(&ps, &disk, "hd0", disk_done, dm);	// its handler calls blkfront_poll
 *	blkfront_notify(hd0, &disk);
 *	poll_add(&ps, &tick, "timer", tick_fn, dm);
 *	poll_timer_set(&tick, time_now_ns() + 10 * 1000000);
 *	for (;;)
 *		poll_wait(&ps, 0);
 *
 * A ready source is marked and the set's thread woken; marks coalesce, so
 * a handler takes everything that is there (try-receive until -EAGAIN).
 * One thread waits on a set. A handler may add sources, remove its own and
 * re-arm its timer.
 */
#ifndef KERNEL_POLL_H
#define KERNEL_POLL_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/event_channel.h>

#include "kernel/sched.h"

struct poll_source;
typedef void (*poll_handler_fn)(struct poll_source *src, void *arg);

struct poll_source {
	struct poll_set *set; /* NULL until poll_add */
	struct poll_source *next;
	const char *name;
	poll_handler_fn fn;
	void *arg;
	volatile bool ready;
	uint64_t timer_ns;	  /* system time the timer fires at; 0: none */
	unsigned long dispatched; /* times its handler ran */
};

struct poll_set {
	struct wait_queue wq;
	struct poll_source *sources;
};

void poll_init(struct poll_set *ps);
/* Registers src (not yet ready, no timer) with its handler. */
void poll_add(struct poll_set *ps, struct poll_source *src, const char *name, poll_handler_fn fn,
	      void *arg);
/* Unregisters src (a no-op when it is in no set). */
void poll_remove(struct poll_source *src);

/* Marks src ready and wakes the thread waiting on its set. Safe from
 * event handlers; NULL does nothing. */
void poll_signal(struct poll_source *src);
/* An event-channel handler (evtchn_attach, evtchn_bind_interdomain,
 * evtchn_alloc_unbound ...) that signals the poll_source given as data. */
void poll_evtchn_handler(evtchn_port_t port, void *data);
/* Arms src's timer for the system-time deadline (ns); 0 disarms it. A
 * timer fires once: the handler re-arms it for the next time. */
void poll_timer_set(struct poll_source *src, uint64_t deadline_ns);

/* Waits until a source is ready (signalled, or its timer due) or the
 * system-time deadline (ns; 0: none) passes; runs the handlers of all
 * ready sources and returns how many ran, or -ETIMEDOUT when none was
 * ready by the deadline. -EINVAL for an empty set with no deadline (it
 * would wait for ever). */
int poll_wait(struct poll_set *ps, uint64_t deadline_ns);

#endif
