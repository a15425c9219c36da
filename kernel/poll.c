/*
 * The one wait over many sources (see poll.h): the poll set's list of
 * sources, their ready marks (set by event handlers with poll_signal) and
 * timers, and poll_wait, which sleeps on the set's wait queue until one is
 * ready and dispatches. The marks are read and cleared with events masked.
 */
#define LOG_TAG "poll"
#include "kernel/poll.h"

#include "kernel/log.h"
#include "lib/errno.h"
#include "xen/events.h"
#include "xen/time.h"

void poll_init(struct poll_set *ps)
{
	wait_queue_init(&ps->wq);
	ps->sources = NULL;
}

void poll_add(struct poll_set *ps, struct poll_source *src, const char *name, poll_handler_fn fn,
	      void *arg)
{
	bool was;

	src->name = name;
	src->fn = fn;
	src->arg = arg;
	src->ready = false;
	src->timer_ns = 0;
	src->dispatched = 0;
	was = events_mask();
	src->set = ps;
	src->next = ps->sources;
	ps->sources = src;
	events_restore(was);
}

void poll_remove(struct poll_source *src)
{
	bool was = events_mask();

	if (src->set) {
		for (struct poll_source **pp = &src->set->sources; *pp; pp = &(*pp)->next) {
			if (*pp == src) {
				*pp = src->next;
				break;
			}
		}
	}
	src->set = NULL;
	src->next = NULL;
	src->ready = false;
	events_restore(was);
}

void poll_signal(struct poll_source *src)
{
	bool was;

	if (!src)
		return;
	was = events_mask();
	src->ready = true;
	if (src->set)
		wake_up(&src->set->wq);
	events_restore(was);
}

void poll_evtchn_handler(evtchn_port_t port, void *data)
{
	poll_signal(data);
}

void poll_timer_set(struct poll_source *src, uint64_t deadline_ns)
{
	src->timer_ns = deadline_ns;
}

/* Whether src is due now: signalled, or its timer has passed. */
static bool due(const struct poll_source *src, uint64_t now)
{
	return src->ready || (src->timer_ns && now >= src->timer_ns);
}

/* Wait condition (events masked). */
static bool any_due(void *ctx)
{
	struct poll_set *ps = ctx;
	uint64_t now = time_now_ns();

	for (struct poll_source *s = ps->sources; s; s = s->next)
		if (due(s, now))
			return true;
	return false;
}

/* The earlier of deadline and the sources' timers (0: none). */
static uint64_t next_wake(struct poll_set *ps, uint64_t deadline)
{
	uint64_t wake = deadline;

	for (struct poll_source *s = ps->sources; s; s = s->next)
		if (s->timer_ns && (!wake || s->timer_ns < wake))
			wake = s->timer_ns;
	return wake;
}

/* Runs the handler of every due source; returns how many ran. */
static int dispatch(struct poll_set *ps)
{
	struct poll_source *s, *next;
	int ran = 0;

	for (s = ps->sources; s; s = next) {
		bool was = events_mask(), run;
		uint64_t now = time_now_ns();

		next = s->next;
		run = due(s, now);
		s->ready = false;
		if (run && s->timer_ns && now >= s->timer_ns)
			s->timer_ns = 0;
		events_restore(was);
		if (!run)
			continue;
		s->dispatched++;
		ran++;
		s->fn(s, s->arg);
	}
	return ran;
}

int poll_wait(struct poll_set *ps, uint64_t deadline_ns)
{
	if (!ps->sources && !deadline_ns) {
		pr_err("waiting for ever on an empty poll set");
		return -EINVAL;
	}
	for (;;) {
		int ran;

		wait_until(&ps->wq, any_due, ps, next_wake(ps, deadline_ns));
		if ((ran = dispatch(ps)) > 0)
			return ran;
		if (deadline_ns && time_now_ns() >= deadline_ns)
			return -ETIMEDOUT;
	}
}
