/*
 * Time from Xen's PV clock: monotonic nanoseconds since the domain's
 * system-time epoch, wall-clock time, and blocking until a deadline (one-shot
 * timer + SCHEDOP_block, no busy wait).
 */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <stdbool.h>
#include <stdint.h>

void time_init(void);
bool time_ready(void);
uint64_t time_now_ns(void);
/* Seconds and nanoseconds since 1970. */
void time_wall(uint64_t *sec, uint32_t *nsec);
/* Blocks until deadline (system time, ns) or until any event arrives. */
void time_block_until(uint64_t deadline_ns);
/* The same for a caller that masked events, then found its condition
 * false: an event arriving after that look still ends the block (it stays
 * pending until SCHEDOP_block unmasks atomically), where with events
 * unmasked its handler could run between the look and the block and the
 * vCPU sleep to the deadline with the condition already true. Events are
 * delivered before it returns, masked again. */
void time_block_masked(uint64_t deadline_ns);
/* Sleeps the current thread (the vCPU before threads run). */
void time_sleep_ns(uint64_t ns);

#endif
