/*
 * PV block devices (device/vbd/N): open by position in numeric order, read
 * and write whole sectors (several requests in flight, up to 11 pages
 * each), flush, and close cleanly. Sector numbers and counts are in the
 * disk's own sector size.
 */
#ifndef DRIVERS_BLKFRONT_H
#define DRIVERS_BLKFRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct blkfront;

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

#endif
