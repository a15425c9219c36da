/* Bitmap page-frame pool (see page_pool.h). */
#include "kernel/page_pool.h"

#include "lib/errno.h"

#include <stdbool.h>

#define BITS 64

static bool bit_test(const struct page_pool *p, unsigned long i)
{
	return (p->bitmap[i / BITS] >> (i % BITS)) & 1;
}

static void bits_set(struct page_pool *p, unsigned long i, unsigned long n, bool used)
{
	for (; n; i++, n--) {
		uint64_t m = (uint64_t)1 << (i % BITS);
		if (used)
			p->bitmap[i / BITS] |= m;
		else
			p->bitmap[i / BITS] &= ~m;
	}
}

size_t page_pool_bitmap_bytes(unsigned long count)
{
	return ((count + BITS - 1) / BITS) * sizeof(uint64_t);
}

void page_pool_init(struct page_pool *pool, uint64_t *bitmap, unsigned long first,
		    unsigned long count)
{
	pool->bitmap = bitmap;
	pool->first = first;
	pool->count = count;
	pool->nfree = 0;
	pool->hint = 0;
	for (unsigned long w = 0; w < (count + BITS - 1) / BITS; w++)
		bitmap[w] = ~(uint64_t)0;
}

static bool in_range(const struct page_pool *pool, unsigned long frame, unsigned long n)
{
	return n && frame >= pool->first && frame - pool->first <= pool->count &&
	       n <= pool->count - (frame - pool->first);
}

int page_pool_release(struct page_pool *pool, unsigned long frame, unsigned long n)
{
	unsigned long i;

	if (!in_range(pool, frame, n))
		return -EINVAL;
	i = frame - pool->first;
	for (unsigned long k = 0; k < n; k++)
		if (!bit_test(pool, i + k))
			return -EINVAL;
	bits_set(pool, i, n, false);
	pool->nfree += n;
	if (i < pool->hint)
		pool->hint = i;
	return 0;
}

int page_pool_reserve(struct page_pool *pool, unsigned long frame, unsigned long n)
{
	unsigned long i;

	if (!in_range(pool, frame, n))
		return -EINVAL;
	i = frame - pool->first;
	for (unsigned long k = 0; k < n; k++)
		if (bit_test(pool, i + k))
			return -EBUSY;
	bits_set(pool, i, n, true);
	pool->nfree -= n;
	return 0;
}

/* First run of n free frames at or after start, or count if none. */
static unsigned long find_run(const struct page_pool *pool, unsigned long start, unsigned long n)
{
	unsigned long run = 0;

	for (unsigned long i = start; i < pool->count; i++) {
		/* Skip whole used words quickly. */
		if (run == 0 && i % BITS == 0 && pool->bitmap[i / BITS] == ~(uint64_t)0 &&
		    i + BITS <= pool->count) {
			i += BITS - 1;
			continue;
		}
		if (bit_test(pool, i)) {
			run = 0;
			continue;
		}
		if (++run == n)
			return i + 1 - n;
	}
	return pool->count;
}

long page_pool_take(struct page_pool *pool, unsigned long n)
{
	unsigned long i;

	if (n == 0)
		return -EINVAL;
	if (n > pool->nfree)
		return -ENOMEM;
	i = find_run(pool, pool->hint, n);
	if (i == pool->count && pool->hint)
		i = find_run(pool, 0, n);
	if (i == pool->count)
		return -ENOMEM;
	bits_set(pool, i, n, true);
	pool->nfree -= n;
	if (n == 1 || i == pool->hint)
		pool->hint = i + n;
	return (long)(pool->first + i);
}
