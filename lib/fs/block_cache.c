/* Device reads and the metadata block cache of the file-system readers
 * (see block_cache.h). */
#include "lib/fs/block_cache.h"

#include "lib/errno.h"
#include "lib/format.h"

#include <stdarg.h>

int fs_fail(char *err, size_t size, int e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_vbuf(err, size, fmt, ap);
	va_end(ap);
	return e;
}

int fs_dev_read(const struct blockdev *dev, const char *name, char *err, size_t err_size,
		uint64_t off, void *buf, size_t len)
{
	int r = blockdev_read(dev, off, buf, len);

	if (r == -ERANGE)
		return fs_fail(err, err_size, -EUCLEAN,
			       "%s: read past the end of the device (byte %llu)", name,
			       (unsigned long long)off);
	if (r < 0)
		return fs_fail(err, err_size, r, "%s: device read error at byte %llu", name,
			       (unsigned long long)off);
	return 0;
}

unsigned block_cache_init(struct block_cache *c, const char *name, void *work, size_t work_size,
			  uint32_t block_size)
{
	size_t fit = work ? work_size / block_size : 0;

	c->name = name;
	c->block_size = block_size;
	c->slots = fit < BLOCK_CACHE_SLOTS ? (unsigned)fit : BLOCK_CACHE_SLOTS;
	c->next = 0;
	for (unsigned i = 0; i < BLOCK_CACHE_SLOTS; i++) {
		c->slot[i].valid = false;
		c->slot[i].block = 0;
		c->slot[i].data = i < c->slots ? (uint8_t *)work + (size_t)i * block_size : NULL;
	}
	return c->slots;
}

int block_cache_get(struct block_cache *c, const struct blockdev *dev, uint64_t block,
		    const uint8_t **out, char *err, size_t err_size)
{
	if (c->slots == 0)
		return fs_fail(err, err_size, -ENOMEM, "%s: no block cache", c->name);
	for (unsigned i = 0; i < c->slots; i++)
		if (c->slot[i].valid && c->slot[i].block == block) {
			*out = c->slot[i].data;
			return 0;
		}

	unsigned v = c->next;
	c->next = (v + 1) % c->slots;
	c->slot[v].valid = false;
	int r = fs_dev_read(dev, c->name, err, err_size, block * c->block_size, c->slot[v].data,
			    c->block_size);
	if (r < 0)
		return r;
	c->slot[v].valid = true;
	c->slot[v].block = block;
	*out = c->slot[v].data;
	return 0;
}
