/*
 * How the file-system readers (ext, fat, iso9660) read their device: the
 * error message each keeps for the user (fs_fail()), device reads that turn
 * a read past the end into -EUCLEAN with a message naming the byte
 * (fs_dev_read()), and a small cache of metadata blocks over a work area
 * the caller provides, filled through fs_dev_read() and replaced
 * round-robin (block_cache_*()). Nothing here allocates.
 */
#ifndef LIB_FS_BLOCK_CACHE_H
#define LIB_FS_BLOCK_CACHE_H

#include "lib/blockdev.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BLOCK_CACHE_SLOTS 8

struct block_cache {
	struct {
		uint64_t block;
		uint8_t *data;
		bool valid;
	} slot[BLOCK_CACHE_SLOTS];
	unsigned slots, next;
	uint32_t block_size;
	const char *name; /* the reader's, starting the messages ("ext") */
};

/* Writes the message (printf-style) into err (size bytes) and returns e. */
__attribute__((format(printf, 4, 5))) int fs_fail(char *err, size_t size, int e, const char *fmt,
						  ...);

/* Reads [off, off + len) of dev into buf: 0, or -errno with a message
 * starting "NAME: " in err (err_size bytes): -EUCLEAN for a read past the
 * end of the device, the device's own error otherwise. */
int fs_dev_read(const struct blockdev *dev, const char *name, char *err, size_t err_size,
		uint64_t off, void *buf, size_t len);

/* Makes c an empty cache of blocks of block_size bytes (nonzero) over work
 * (work_size bytes): as many slots as fit, at most BLOCK_CACHE_SLOTS. name
 * (kept, not copied) starts the messages of its reads. Returns the number
 * of slots; the caller refuses a work area that gives fewer than it needs
 * before reading through c. */
unsigned block_cache_init(struct block_cache *c, const char *name, void *work, size_t work_size,
			  uint32_t block_size);

/* Block `block` of dev through the cache: *out points at its block_size
 * bytes until the next block_cache_get() on c. The caller has checked the
 * block number (block * block_size must not overflow). Errors as
 * fs_dev_read(), the message in err (err_size bytes). */
int block_cache_get(struct block_cache *c, const struct blockdev *dev, uint64_t block,
		    const uint8_t **out, char *err, size_t err_size);

#endif
