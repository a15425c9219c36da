/*
 * The page allocator's bookkeeping: one bit per page frame over a range of
 * frame numbers, contiguous first-fit allocation with a moving hint. Pure
 * logic; the kernel wraps it in kernel/memory.c, the host tests it directly.
 */
#ifndef KERNEL_PAGE_POOL_H
#define KERNEL_PAGE_POOL_H

#include <stddef.h>
#include <stdint.h>

struct page_pool {
	uint64_t *bitmap;    /* bit set: frame in use */
	unsigned long first; /* first frame number covered */
	unsigned long count; /* frames covered */
	unsigned long nfree; /* frames currently free */
	unsigned long hint;  /* index where the next search starts */
};

/* Bytes of bitmap needed for count frames. */
size_t page_pool_bitmap_bytes(unsigned long count);

/* Covers [first, first+count) with every frame marked in use. */
void page_pool_init(struct page_pool *pool, uint64_t *bitmap, unsigned long first,
		    unsigned long count);

/* Marks n frames from frame as free. -EINVAL when out of range or when one
 * of them is already free (a double free), leaving the pool unchanged. */
int page_pool_release(struct page_pool *pool, unsigned long frame, unsigned long n);

/* Finds n contiguous free frames, marks them in use and returns the first
 * frame number; -ENOMEM when no such run exists, -EINVAL for n == 0. */
long page_pool_take(struct page_pool *pool, unsigned long n);

/* Marks n specific frames in use; -EBUSY if one already is. */
int page_pool_reserve(struct page_pool *pool, unsigned long frame, unsigned long n);

#endif
