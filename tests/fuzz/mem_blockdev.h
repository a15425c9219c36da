/*
 * The fuzz harnesses' disk: a struct blockdev that reads the fuzzer's input
 * in place. blockdev_read() has checked every range against the size before
 * the callback runs, so the callback only copies.
 */
#ifndef TESTS_FUZZ_MEM_BLOCKDEV_H
#define TESTS_FUZZ_MEM_BLOCKDEV_H

#include "lib/blockdev.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline int mem_blockdev_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	memcpy(buf, (const uint8_t *)ctx + off, len);
	return 0;
}

/* A device of size bytes at data (which must outlive it), with logical
 * sectors of sector_size bytes (0: 512). */
static inline struct blockdev mem_blockdev(const uint8_t *data, size_t size, uint32_t sector_size)
{
	return (struct blockdev){ mem_blockdev_read, (void *)data, 0, size, sector_size };
}

#endif
