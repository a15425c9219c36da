/* Bounds-checked reads and windows over a struct blockdev (see blockdev.h). */
#include "lib/blockdev.h"

#include "lib/errno.h"

int blockdev_read(const struct blockdev *dev, uint64_t offset, void *buf, size_t len)
{
	if (offset > dev->size || len > dev->size - offset)
		return -ERANGE;
	if (dev->base + offset < dev->base)
		return -ERANGE;
	if (len == 0)
		return 0;
	return dev->read(dev->ctx, dev->base + offset, buf, len);
}

int blockdev_window(struct blockdev *out, const struct blockdev *parent, uint64_t start,
		    uint64_t len)
{
	if (start > parent->size || len > parent->size - start)
		return -ERANGE;
	if (parent->base + start < parent->base)
		return -ERANGE;
	struct blockdev w = *parent;
	w.base = parent->base + start;
	w.size = len;
	*out = w;
	return 0;
}

uint32_t blockdev_sector_size(const struct blockdev *dev)
{
	return dev->sector_size ? dev->sector_size : 512;
}
