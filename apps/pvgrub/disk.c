/*
 * PV-GRUB's disks: a PV disk (blkfront) as a byte-addressed blockdev for
 * the partition and file-system readers, reading whole sectors through a
 * bounce buffer.
 */
#define LOG_TAG "pvgrub"
#include "apps/pvgrub/disk.h"

#include "kernel/log.h"
#include "lib/errno.h"

#include <stdlib.h>
#include <string.h>

#define BOUNCE_BYTES (64 * 1024)

static int read_bytes(void *ctx, uint64_t offset, void *buf, size_t len)
{
	struct blkfront *dev = ctx;
	unsigned ss = blkfront_sector_size(dev);
	static uint8_t *bounce;
	uint8_t *out = buf;

	if (!bounce && !(bounce = malloc(BOUNCE_BYTES)))
		return -ENOMEM;
	while (len) {
		uint64_t first = offset / ss;
		size_t skip = (size_t)(offset % ss);
		size_t want = skip + len;
		size_t sectors = (want + ss - 1) / ss;
		size_t take;
		int rc;

		if (sectors > BOUNCE_BYTES / ss)
			sectors = BOUNCE_BYTES / ss;
		rc = blkfront_read(dev, first, bounce, sectors);
		if (rc < 0)
			return rc;
		take = sectors * ss - skip;
		if (take > len)
			take = len;
		memcpy(out, bounce + skip, take);
		out += take;
		offset += take;
		len -= take;
	}
	return 0;
}

int pvgrub_disk_open(unsigned index, struct blkfront **dev, struct blockdev *whole)
{
	int rc = blkfront_open(index, dev);

	if (rc < 0)
		return rc;
	memset(whole, 0, sizeof(*whole));
	whole->read = read_bytes;
	whole->ctx = *dev;
	whole->size = blkfront_sectors(*dev) * blkfront_sector_size(*dev);
	whole->sector_size = blkfront_sector_size(*dev);
	return 0;
}
