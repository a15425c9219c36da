/*
 * Secondary PV consoles (device/console/N, N >= 1): byte streams to and
 * from dom0, raw and binary-safe (no newline translation). Console 0 is
 * the kernel's log (xen/console.h).
 */
#ifndef DRIVERS_CONSFRONT_H
#define DRIVERS_CONSFRONT_H

#include <stddef.h>
#include <stdint.h>

struct consfront;
struct poll_source;

/* Ids of the secondary consoles (device/console/N, N >= 1), ascending;
 * returns how many (at most max stored). */
int consfront_list(unsigned *ids, unsigned max);
/* Connects device/console/<n>. */
int consfront_open(unsigned n, struct consfront **con);
void consfront_close(struct consfront *con);
/* The backend-given name (channels), or "" when none. */
const char *consfront_name(const struct consfront *con);

/* Writes all len bytes, waiting while the ring is full; returns len, or
 * -ETIMEDOUT when the other end stops reading before the deadline (0:
 * none). */
long consfront_write(struct consfront *con, const void *buf, size_t len, uint64_t deadline_ns);
/* Writes what fits now without waiting: at least one byte, at most len;
 * -EAGAIN when the ring is full (the other end is told to take it; the
 * notify source signals when it did), -EIO when its indices are
 * impossible. */
long consfront_try_write(struct consfront *con, const void *buf, size_t len);
/* Reads what is available, at least one byte, at most len; waits for data
 * until the deadline (0: none) and then returns -ETIMEDOUT. */
long consfront_read(struct consfront *con, void *buf, size_t len, uint64_t deadline_ns);
/* Reads what is available without waiting: at least one byte, at most
 * len; -EAGAIN when nothing is there (0 when len is 0), -EIO when the
 * ring's indices are impossible. */
long consfront_try_read(struct consfront *con, void *buf, size_t len);
/* Signals src (poll_signal, kernel/poll.h) on every event of the console:
 * input arrived or output taken. NULL stops it. */
void consfront_notify(struct consfront *con, struct poll_source *src);

#endif
