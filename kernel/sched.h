/*
 * Cooperative threads on the single vCPU: a thread runs until it blocks,
 * sleeps or yields. Wait queues let a thread sleep until an event handler
 * (or another thread) wakes it. With nothing to run, the vCPU blocks in Xen
 * until the next event or timer deadline.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct thread;

struct wait_queue {
	struct waiter *head;
};

#define WAIT_QUEUE_INIT \
	{               \
		NULL    \
	}

/* Starts a thread; NULL when out of memory. The thread ends when fn
 * returns or calls thread_exit(); its memory is freed by thread_join(), or
 * automatically after thread_detach(). */
struct thread *thread_create(const char *name, void (*fn)(void *arg), void *arg);
/* Blocks until t has ended and frees it. 0, or -EINVAL for the current or
 * a detached thread. */
int thread_join(struct thread *t);
void thread_detach(struct thread *t);
_Noreturn void thread_exit(void);
void thread_yield(void);
struct thread *thread_current(void);
const char *thread_name(const struct thread *t);
bool sched_running(void);

/* Sleeps the current thread until the system-time deadline (ns). */
void sched_sleep_until(uint64_t deadline_ns);

void wait_queue_init(struct wait_queue *wq);
/* Wakes every thread waiting on wq; safe from event handlers. */
void wake_up(struct wait_queue *wq);

/* Sleeps until cond holds, re-checking it after every wake-up of wq; with a
 * deadline (0: none) it gives up then. Returns true if cond held. */
bool wait_until(struct wait_queue *wq, bool (*cond)(void *), void *ctx, uint64_t deadline_ns);

/* Hands the boot context over: runs main_fn(arg) in a thread named "main"
 * and becomes the idle loop; never returns. */
_Noreturn void sched_start(void (*main_fn)(void *), void *arg);

#endif
