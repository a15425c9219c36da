/*
 * PV-GRUB's disks (see disk.h): each PV disk (blkfront) opened once, as a
 * byte-addressed blockdev: whole sectors straight into the caller's
 * buffer, partial ones through a bounce buffer.
 */
#include "apps/pvgrub/disk.h"

#include "lib/errno.h"

#include <stdlib.h>
#include <string.h>

#define BOUNCE_BYTES (64 * 1024)
/* Sectors read straight into the caller's buffer in one blkfront_read():
 * enough requests to keep most of the ring busy. */
#define DIRECT_BYTES (1024 * 1024)

static int read_bytes(void *ctx, uint64_t offset, void *buf, size_t len)
{
	struct blkfront *dev = ctx;
	unsigned ss = blkfront_sector_size(dev);
	static uint8_t *bounce;
	uint8_t *out = buf;

	while (len) {
		uint64_t first = offset / ss;
		size_t skip = (size_t)(offset % ss);
		size_t want = skip + len;
		size_t sectors = (want + ss - 1) / ss;
		size_t take;
		int rc;

		if (skip == 0 && len >= ss) {
			/* Whole sectors: no bounce. */
			sectors = len / ss;
			if (sectors > DIRECT_BYTES / ss)
				sectors = DIRECT_BYTES / ss;
			if ((rc = blkfront_read(dev, first, out, sectors)) < 0)
				return rc;
			take = sectors * ss;
		} else {
			if (!bounce && !(bounce = malloc(BOUNCE_BYTES)))
				return -ENOMEM;
			if (sectors > BOUNCE_BYTES / ss)
				sectors = BOUNCE_BYTES / ss;
			if ((rc = blkfront_read(dev, first, bounce, sectors)) < 0)
				return rc;
			take = sectors * ss - skip;
			if (take > len)
				take = len;
			memcpy(out, bounce + skip, take);
		}
		out += take;
		offset += take;
		len -= take;
	}
	return 0;
}

#define MAX_DISKS 16

static struct blkfront *disks[MAX_DISKS];

int pvgrub_disk_get(unsigned index, struct blockdev *whole, const char **name)
{
	int rc;

	if (index >= MAX_DISKS)
		return -ENODEV;
	if (!disks[index] && (rc = blkfront_open(index, &disks[index])) < 0) {
		disks[index] = NULL;
		return rc;
	}
	memset(whole, 0, sizeof(*whole));
	whole->read = read_bytes;
	whole->ctx = disks[index];
	whole->size = blkfront_sectors(disks[index]) * blkfront_sector_size(disks[index]);
	whole->sector_size = blkfront_sector_size(disks[index]);
	*name = blkfront_name(disks[index]);
	return 0;
}

int pvgrub_disks_close_for_successor(void)
{
	int first = 0;

	for (unsigned i = 0; i < MAX_DISKS; i++) {
		int rc;

		if (!disks[i])
			continue;
		rc = blkfront_close_for_successor(disks[i]);
		disks[i] = NULL;
		if (rc < 0 && first == 0)
			first = rc;
	}
	return first;
}
