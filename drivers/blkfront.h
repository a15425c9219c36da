/*
 * PV block devices (device/vbd/N): open by position in numeric order, read
 * and write whole sectors, flush, and close cleanly. Sector numbers and
 * counts are in the disk's own sector size.
 *
 * Two ways to do I/O: submit requests and be told when they complete
 * (blkfront_submit, blkfront_poll, blkfront_notify: several in flight, for
 * a thread that must not block on one disk), or the blocking calls
 * blkfront_read/write/flush, built on them.
 */
#ifndef DRIVERS_BLKFRONT_H
#define DRIVERS_BLKFRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/blk_slots.h"

struct blkfront;
struct poll_source;

/* Number of PV disks this domain has (0 when none). */
int blkfront_count(void);
/* Connects disk number index (hd0 = 0). */
int blkfront_open(unsigned index, struct blkfront **dev);
void blkfront_close(struct blkfront *dev);
/* Closes the device and leaves it ready for the next kernel of this domain
 * (see frontend_leave_for_successor). */
int blkfront_close_for_successor(struct blkfront *dev);

uint64_t blkfront_sectors(const struct blkfront *dev);
unsigned blkfront_sector_size(const struct blkfront *dev);
bool blkfront_readonly(const struct blkfront *dev);
const char *blkfront_name(const struct blkfront *dev); /* "device/vbd/768" */

/* 0, -EINVAL (out of the disk), -EROFS (write to a read-only disk), -EIO
 * (the backend reported an error), -ECONNRESET (the backend is going away:
 * close the device), -ETIMEDOUT (no answer within 30 s), -ENOMEM. */
int blkfront_read(struct blkfront *dev, uint64_t sector, void *buf, size_t count);
int blkfront_write(struct blkfront *dev, uint64_t sector, const void *buf, size_t count);
/* Makes completed writes durable; -EOPNOTSUPP when the backend offers no
 * flush or barrier. */
int blkfront_flush(struct blkfront *dev);

/* ---- submit and complete --------------------------------------------- */

enum blkfront_op { BLKFRONT_READ, BLKFRONT_WRITE, BLKFRONT_FLUSH };

struct blkfront_request {
	/* Set by the caller before blkfront_submit. */
	enum blkfront_op op;
	uint64_t sector; /* read/write: first sector */
	size_t count;	 /* read/write: sectors, 1..blkfront_max_sectors() */
	void *buf;	 /* read into / written from; the caller's until completion */
	void (*done)(struct blkfront_request *req); /* may be NULL */
	void *arg;				    /* the caller's */
	/* Set by the driver when the request completes. */
	bool complete;
	int result; /* 0, -EIO, -EOPNOTSUPP (flush) */
	/* The driver's. */
	struct blk_progress progress;
	struct blkfront_request *next;
};

/* Puts req on the ring and returns at once: 0, or -EAGAIN when the ring
 * has not enough free slots for it now (nothing was queued: submit it
 * again after a completion); -EINVAL (out of the disk, count 0 or above
 * blkfront_max_sectors), -EROFS, -EOPNOTSUPP (flush without backend
 * support), -ECONNRESET (the backend is going away), -ENOMEM. Data is
 * read into buf (and written from it: copied at submit) in bounce pages of
 * the driver. A request takes one ring slot for every 11 pages; the ring
 * has 32 slots. */
int blkfront_submit(struct blkfront *dev, struct blkfront_request *req);
/* Takes the backend's responses without waiting and completes the
 * requests whose last part came back: sets complete and result, then
 * calls done (in the calling thread; done may submit again). Returns how
 * many requests completed. The blocking calls run it too, so a request's
 * done may run inside another thread's blkfront_read on the same disk. */
int blkfront_poll(struct blkfront *dev);
/* Signals src (poll_signal, kernel/poll.h) whenever the backend answers:
 * its handler then calls blkfront_poll. NULL stops it. */
void blkfront_notify(struct blkfront *dev, struct poll_source *src);
/* The most sectors one request may carry (the whole ring). */
size_t blkfront_max_sectors(const struct blkfront *dev);
/* Requests submitted and not yet completed. */
unsigned blkfront_in_flight(const struct blkfront *dev);

#endif
