/*
 * The cooperative scheduler (see sched.h): a run queue in creation order,
 * threads sleeping on deadlines, wait queues, and the idle loop that blocks
 * the vCPU with SCHEDOP_block. Every change to these structures happens
 * with events masked, since event handlers wake threads.
 */
#define LOG_TAG "sched"
#include "kernel/sched.h"

#include "arch/x86_64/hypercall.h"
#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "kernel/panic.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "xen/events.h"
#include "xen/hypervisor.h"
#include "xen/time.h"

#define STACK_PAGES 16 /* 64 KiB, the lowest page left unmapped as a guard */

enum thread_state { RUNNABLE, BLOCKED, EXITED };

struct thread {
	const char *name;
	enum thread_state state;
	uint64_t sp;
	uint64_t wake_at; /* 0: not sleeping on a deadline */
	void *stack;
	void (*fn)(void *);
	void *arg;
	struct wait_queue exited;
	bool detached;	     /* freed by the idle loop once it has exited */
	struct thread *next; /* all threads, in creation order */
};

struct waiter {
	struct thread *thread;
	struct waiter *next;
};

void arch_switch_stack(uint64_t *save_sp, uint64_t next_sp);

static struct thread idle_thread = { .name = "idle", .state = RUNNABLE };
static struct thread *current = &idle_thread;
static struct thread *threads; /* excluding idle */
static bool running;

struct thread *thread_current(void)
{
	return current;
}

const char *thread_name(const struct thread *t)
{
	return t->name;
}

bool sched_running(void)
{
	return running;
}

void wait_queue_init(struct wait_queue *wq)
{
	wq->head = NULL;
}

/* Picks the next runnable thread after current (round robin), waking
 * sleepers whose deadline passed; NULL when none. Events masked. */
static struct thread *pick_next(uint64_t now, uint64_t *earliest)
{
	struct thread *start = current == &idle_thread || !current->next ? threads : current->next;
	struct thread *t = start;

	*earliest = 0;
	if (!t)
		return NULL;
	do {
		if (t->state == BLOCKED && t->wake_at && t->wake_at <= now) {
			t->state = RUNNABLE;
			t->wake_at = 0;
		}
		if (t->state == RUNNABLE)
			return t;
		if (t->state == BLOCKED && t->wake_at && (!*earliest || t->wake_at < *earliest))
			*earliest = t->wake_at;
		t = t->next ? t->next : threads;
	} while (t != start);
	return NULL;
}

static void remove_waiter(struct wait_queue *wq, struct waiter *me)
{
	for (struct waiter **pp = &wq->head; *pp; pp = &(*pp)->next) {
		if (*pp == me) {
			*pp = me->next;
			return;
		}
	}
}

static void switch_to(struct thread *next)
{
	struct thread *prev = current;

	if (next == prev)
		return;
	current = next;
	arch_switch_stack(&prev->sp, next->sp);
}

/* Gives up the CPU; returns when current is runnable again and chosen.
 * Called with events masked; returns with them masked. */
static void schedule_masked(void)
{
	uint64_t earliest;
	struct thread *next = pick_next(time_now_ns(), &earliest);

	if (!next) {
		if (current->state == RUNNABLE && current != &idle_thread)
			return;
		next = &idle_thread;
	}
	switch_to(next);
}

static void schedule(void)
{
	bool was = events_mask();

	schedule_masked();
	events_restore(was);
}

void thread_yield(void)
{
	schedule();
}

static void free_stack(void *stack)
{
	/* Map the guard page again before giving the pages back. */
	unsigned long pfn = virt_to_pfn(stack);

	hyp_update_va_mapping((unsigned long)stack,
			      ((uint64_t)pfn_to_mfn(pfn) << PAGE_SHIFT) | 0x63 | (1ull << 63),
			      UVMF_INVLPG | UVMF_LOCAL);
	page_free(stack, STACK_PAGES);
}

static void unlink_thread(struct thread *t)
{
	for (struct thread **pp = &threads; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			return;
		}
	}
}

static void reap(void)
{
	struct thread **pp = &threads;
	bool was = events_mask();

	while (*pp) {
		struct thread *t = *pp;
		if (t->state == EXITED && t->detached && t != current) {
			*pp = t->next;
			free_stack(t->stack);
			kfree(t);
			continue;
		}
		pp = &t->next;
	}
	events_restore(was);
}

static _Noreturn void idle_loop(void)
{
	for (;;) {
		bool was = events_mask();
		uint64_t earliest, now = time_now_ns();
		struct thread *next = pick_next(now, &earliest);

		if (next) {
			switch_to(next);
			events_restore(was);
			reap();
			continue;
		}
		if (!threads)
			panic("no threads left to run");
		/* Nothing runnable: block until an event or the next deadline.
		 * SCHEDOP_block unmasks events atomically, so a wake-up that
		 * raced with the checks above is not lost. */
		hyp_set_timer_op(earliest ? earliest : 0);
		if (!this_vcpu()->evtchn_upcall_pending)
			hyp_sched_op(SCHEDOP_block, NULL);
		events_restore(false);
	}
}

static _Noreturn void thread_entry(void)
{
	events_restore(false);
	current->fn(current->arg);
	thread_exit();
}

struct thread *thread_create(const char *name, void (*fn)(void *arg), void *arg)
{
	struct thread *t = kcalloc(1, sizeof(*t));
	uint64_t *sp;
	bool was;

	if (!t)
		return NULL;
	t->stack = page_alloc(STACK_PAGES);
	if (!t->stack) {
		kfree(t);
		return NULL;
	}
	/* Guard page: a stack overflow faults instead of corrupting memory. */
	if (hyp_update_va_mapping((unsigned long)t->stack, 0, UVMF_INVLPG | UVMF_LOCAL) < 0)
		pr_warn("no guard page for thread %s", name);
	t->name = name;
	t->fn = fn;
	t->arg = arg;
	t->state = RUNNABLE;
	sp = (uint64_t *)((char *)t->stack + STACK_PAGES * PAGE_SIZE);
	*--sp = 0;			/* fake return address: aligned entry */
	*--sp = (uint64_t)thread_entry; /* where arch_switch_stack returns */
	for (int i = 0; i < 6; i++)
		*--sp = 0; /* rbp rbx r12..r15 */
	t->sp = (uint64_t)sp;

	was = events_mask();
	struct thread **pp = &threads;
	while (*pp)
		pp = &(*pp)->next;
	*pp = t;
	events_restore(was);
	pr_debug("thread %s created", name);
	return t;
}

void thread_exit(void)
{
	events_mask();
	current->state = EXITED;
	current->fn = NULL;
	wake_up(&current->exited);
	schedule_masked();
	panic("exited thread %s was scheduled again", current->name);
}

int thread_join(struct thread *t)
{
	bool was;

	if (t == current)
		return -EINVAL;
	was = events_mask();
	if (t->detached) {
		events_restore(was);
		return -EINVAL;
	}
	while (t->state != EXITED) {
		struct waiter w = { current, t->exited.head };
		t->exited.head = &w;
		current->state = BLOCKED;
		schedule_masked();
		remove_waiter(&t->exited, &w);
	}
	unlink_thread(t);
	events_restore(was);
	free_stack(t->stack);
	kfree(t);
	return 0;
}

void thread_detach(struct thread *t)
{
	bool was = events_mask();

	t->detached = true;
	events_restore(was);
}

void wake_up(struct wait_queue *wq)
{
	bool was = events_mask();
	struct waiter *w = wq->head;

	wq->head = NULL;
	for (; w; w = w->next) {
		w->thread->state = RUNNABLE;
		w->thread->wake_at = 0;
	}
	events_restore(was);
}

bool wait_until(struct wait_queue *wq, bool (*cond)(void *), void *ctx, uint64_t deadline_ns)
{
	bool was, ok;

	was = events_mask();
	if (!running || current == &idle_thread) {
		/* Before threads exist: block the vCPU itself, the condition
		 * looked at with events masked (see time_block_masked). */
		while (!(ok = cond(ctx))) {
			if (deadline_ns && time_now_ns() >= deadline_ns)
				break;
			time_block_masked(deadline_ns ? deadline_ns : time_now_ns() + 10000000ull);
		}
		events_restore(was);
		return ok;
	}
	for (;;) {
		struct waiter me = { current, NULL };

		if ((ok = cond(ctx)))
			break;
		if (deadline_ns && time_now_ns() >= deadline_ns)
			break;
		me.next = wq->head;
		wq->head = &me;
		current->state = BLOCKED;
		current->wake_at = deadline_ns;
		schedule_masked();
		remove_waiter(wq, &me);
		current->state = RUNNABLE;
		current->wake_at = 0;
	}
	events_restore(was);
	return ok;
}

void sched_sleep_until(uint64_t deadline_ns)
{
	bool was;

	if (!running || current == &idle_thread) {
		while (time_now_ns() < deadline_ns)
			time_block_until(deadline_ns);
		return;
	}
	was = events_mask();
	while (time_now_ns() < deadline_ns) {
		current->state = BLOCKED;
		current->wake_at = deadline_ns;
		schedule_masked();
	}
	current->state = RUNNABLE;
	current->wake_at = 0;
	events_restore(was);
}

void sched_start(void (*main_fn)(void *), void *arg)
{
	if (!thread_create("main", main_fn, arg))
		panic("cannot create the main thread");
	running = true;
	idle_loop();
}
