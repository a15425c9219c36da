/*
 * kernel/poll: the one wait's dispatch, timers and deadline, on a fake
 * clock. The scheduler and event calls poll.c makes are stubbed here:
 * wait_until() advances the clock to the next scripted signal (a source
 * becoming ready, as an event handler would make it) or to its deadline.
 */
#define LOG_TAG "test_poll"
#include "kernel/log.h"
#include "kernel/poll.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "xen/events.h"
#include "xen/time.h"

#include <stdarg.h>

static uint64_t now_ns;
static struct {
	uint64_t at;
	struct poll_source *src;
} script[8];
static unsigned nscript, waits, wakes;

uint64_t time_now_ns(void)
{
	return now_ns;
}

bool events_mask(void)
{
	return false;
}

void events_restore(bool was_masked)
{
}

void wait_queue_init(struct wait_queue *wq)
{
	wq->head = NULL;
}

void wake_up(struct wait_queue *wq)
{
	wakes++;
}

void log_write(enum log_level level, const char *tag, const char *fmt, ...)
{
}

bool wait_until(struct wait_queue *wq, bool (*cond)(void *), void *ctx, uint64_t deadline_ns)
{
	waits++;
	for (;;) {
		unsigned next = nscript;

		if (cond(ctx))
			return true;
		if (deadline_ns && now_ns >= deadline_ns)
			return false;
		for (unsigned i = 0; i < nscript; i++)
			if (script[i].src && (next == nscript || script[i].at < script[next].at))
				next = i;
		if (next == nscript || (deadline_ns && script[next].at > deadline_ns)) {
			if (!deadline_ns)
				return false; /* would sleep for ever */
			now_ns = deadline_ns;
			continue;
		}
		if (script[next].at > now_ns)
			now_ns = script[next].at;
		poll_signal(script[next].src);
		script[next].src = NULL;
	}
}

static void reset(void)
{
	now_ns = 1000;
	nscript = waits = wakes = 0;
}

static void at(uint64_t t, struct poll_source *src)
{
	script[nscript].at = t;
	script[nscript].src = src;
	nscript++;
}

static unsigned calls[4];

static void count(struct poll_source *src, void *arg)
{
	calls[(int)(long)arg]++;
}

TEST(poll_dispatches_what_is_ready)
{
	struct poll_set ps;
	struct poll_source a, b, c;

	reset();
	memset(calls, 0, sizeof(calls));
	poll_init(&ps);
	poll_add(&ps, &a, "a", count, (void *)0L);
	poll_add(&ps, &b, "b", count, (void *)1L);
	poll_add(&ps, &c, "c", count, (void *)2L);
	/* Nothing ready: the deadline, not before. */
	CHECK_INT(poll_wait(&ps, 5000), -ETIMEDOUT);
	CHECK_INT(now_ns, 5000);
	/* One signal wakes the wait and runs only its handler. */
	at(6000, &b);
	CHECK_INT(poll_wait(&ps, 0), 1);
	CHECK_INT(now_ns, 6000);
	CHECK_INT(calls[1], 1);
	CHECK_INT(calls[0] + calls[2], 0);
	CHECK_INT(b.dispatched, 1);
	/* Two already signalled run in one call; marks coalesce. */
	poll_signal(&a);
	poll_signal(&a);
	poll_signal(&c);
	CHECK_INT(poll_wait(&ps, 0), 2);
	CHECK_INT(calls[0], 1);
	CHECK_INT(calls[2], 1);
	CHECK_INT(poll_wait(&ps, now_ns + 10), -ETIMEDOUT);
	/* A removed source is not run; signalling NULL is harmless. */
	poll_signal(&a);
	poll_remove(&a);
	poll_signal(NULL);
	CHECK_INT(poll_wait(&ps, now_ns + 10), -ETIMEDOUT);
	CHECK_INT(calls[0], 1);
}

TEST(poll_timers_fire_once_not_early)
{
	struct poll_set ps;
	struct poll_source t1, t2;

	reset();
	memset(calls, 0, sizeof(calls));
	poll_init(&ps);
	poll_add(&ps, &t1, "t1", count, (void *)0L);
	poll_add(&ps, &t2, "t2", count, (void *)1L);
	poll_timer_set(&t1, 3000);
	poll_timer_set(&t2, 2000);
	CHECK_INT(poll_wait(&ps, 0), 1);
	CHECK_INT(now_ns, 2000);
	CHECK_INT(calls[1], 1);
	CHECK_INT(poll_wait(&ps, 0), 1);
	CHECK_INT(now_ns, 3000);
	CHECK_INT(calls[0], 1);
	/* Fired timers are disarmed: only the deadline is left. */
	CHECK_INT(poll_wait(&ps, 4000), -ETIMEDOUT);
	CHECK_INT(now_ns, 4000);
	/* A deadline before the timer ends the wait first. */
	poll_timer_set(&t1, 9000);
	CHECK_INT(poll_wait(&ps, 5000), -ETIMEDOUT);
	CHECK_INT(calls[0], 1);
	/* Disarmed with 0. */
	poll_timer_set(&t1, 0);
	CHECK_INT(poll_wait(&ps, 10000), -ETIMEDOUT);
	CHECK_INT(calls[0], 1);
}

TEST(poll_empty_set_without_deadline_is_an_error)
{
	struct poll_set ps;

	reset();
	poll_init(&ps);
	CHECK_INT(poll_wait(&ps, 0), -EINVAL);
	CHECK_INT(poll_wait(&ps, 2000), -ETIMEDOUT);
}

static void evtchn_like(struct poll_source *src, void *arg)
{
	(*(unsigned *)arg)++;
	poll_remove(src); /* a handler may remove its own source */
}

TEST(poll_evtchn_handler_signals_its_source)
{
	struct poll_set ps;
	struct poll_source s;
	unsigned n = 0;

	reset();
	poll_init(&ps);
	poll_add(&ps, &s, "port", evtchn_like, &n);
	poll_evtchn_handler(7, &s);
	CHECK(s.ready);
	CHECK(wakes >= 1);
	CHECK_INT(poll_wait(&ps, 0), 1);
	CHECK_INT(n, 1);
	CHECK(ps.sources == NULL);
}
