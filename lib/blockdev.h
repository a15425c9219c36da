/*
 * The byte-addressed read interface every disk parser uses (partition
 * tables, file systems): a read callback, the readable size, and a base
 * offset so that a window over another device (a partition) is a plain
 * copy with base and size changed. Reads go through blockdev_read(), which
 * refuses anything past the end; nothing here allocates.
 */
#ifndef LIB_BLOCKDEV_H
#define LIB_BLOCKDEV_H

#include "lib/bytes.h"

#include <stddef.h>
#include <stdint.h>

struct blockdev {
	/* Reads len bytes at byte offset (base already added); 0 or -errno. */
	int (*read)(void *ctx, uint64_t offset, void *buf, size_t len);
	void *ctx;
	uint64_t base;	      /* added to every offset handed to read() */
	uint64_t size;	      /* bytes readable from base */
	uint32_t sector_size; /* logical sector size for partition tables; 0 means 512 */
};

/* Reads [offset, offset + len) of dev into buf: 0, -ERANGE when any of it
 * lies past dev->size (nothing is read then), or the callback's -errno. A
 * zero-length read inside or at the end of the device succeeds. */
int blockdev_read(const struct blockdev *dev, uint64_t offset, void *buf, size_t len);

/* Makes *out a view of [start, start + len) of parent: 0, or -ERANGE when
 * that range is not inside parent. out may be parent itself. */
int blockdev_window(struct blockdev *out, const struct blockdev *parent, uint64_t start,
		    uint64_t len);

/* The logical sector size (512 when unset). */
uint32_t blockdev_sector_size(const struct blockdev *dev);

#endif
