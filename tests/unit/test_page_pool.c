/* kernel/page_pool: allocation, contiguity, exhaustion, double frees. */
#include "kernel/page_pool.h"
#include "lib/errno.h"
#include "tests/unit/check.h"

#include <stdlib.h>

static struct page_pool pool;
static uint64_t bitmap[64];

static void setup(unsigned long first, unsigned long count)
{
	page_pool_init(&pool, bitmap, first, count);
	CHECK_INT(page_pool_release(&pool, first, count), 0);
}

TEST(page_pool_starts_full_then_release)
{
	page_pool_init(&pool, bitmap, 100, 200);
	CHECK_INT(pool.nfree, 0);
	CHECK_INT(page_pool_take(&pool, 1), -ENOMEM);
	CHECK_INT(page_pool_release(&pool, 150, 10), 0);
	CHECK_INT(pool.nfree, 10);
	CHECK_INT(page_pool_take(&pool, 1), 150);
}

TEST(page_pool_contiguous_runs)
{
	long a, b, c;

	setup(1000, 130);
	a = page_pool_take(&pool, 64);
	b = page_pool_take(&pool, 3);
	CHECK_INT(a, 1000);
	CHECK_INT(b, 1064);
	CHECK_INT(page_pool_release(&pool, 1000, 64), 0);
	c = page_pool_take(&pool, 64);
	CHECK_INT(c, 1000);
	CHECK_INT(page_pool_take(&pool, 64), -ENOMEM); /* 63 left in one run */
	CHECK_INT(page_pool_take(&pool, 63), 1067);
	CHECK_INT(pool.nfree, 0);
}

TEST(page_pool_rejects_double_and_foreign_free)
{
	setup(10, 100);
	long p = page_pool_take(&pool, 4);
	CHECK_INT(page_pool_release(&pool, (unsigned long)p, 4), 0);
	CHECK_INT(page_pool_release(&pool, (unsigned long)p, 4), -EINVAL);
	CHECK_INT(page_pool_release(&pool, 5, 1), -EINVAL);
	CHECK_INT(page_pool_release(&pool, 105, 10), -EINVAL);
	CHECK_INT(page_pool_release(&pool, 10, 0), -EINVAL);
	CHECK_INT(pool.nfree, 100);
}

TEST(page_pool_reserve)
{
	setup(0, 64);
	CHECK_INT(page_pool_reserve(&pool, 0, 8), 0);
	CHECK_INT(page_pool_reserve(&pool, 4, 8), -EBUSY);
	CHECK_INT(page_pool_take(&pool, 1), 8);
	CHECK_INT(page_pool_take(&pool, 0), -EINVAL);
}

TEST(page_pool_random_against_model)
{
	enum { N = 1000 };
	static char used[N];
	long taken[400][2];
	int ntaken = 0;

	page_pool_init(&pool, calloc(page_pool_bitmap_bytes(N), 1), 0, N);
	page_pool_release(&pool, 0, N);
	memset(used, 0, sizeof(used));
	srand(7);
	for (int step = 0; step < 20000; step++) {
		if (ntaken < 400 && (rand() % 2 || ntaken == 0)) {
			unsigned long n = 1 + (unsigned long)(rand() % 9);
			long f = page_pool_take(&pool, n);
			if (f < 0)
				continue;
			for (unsigned long i = 0; i < n; i++) {
				CHECK(!used[f + (long)i]);
				used[f + (long)i] = 1;
			}
			taken[ntaken][0] = f;
			taken[ntaken][1] = (long)n;
			ntaken++;
		} else {
			int k = rand() % ntaken;
			CHECK_INT(page_pool_release(&pool, (unsigned long)taken[k][0],
						    (unsigned long)taken[k][1]),
				  0);
			for (long i = 0; i < taken[k][1]; i++)
				used[taken[k][0] + i] = 0;
			taken[k][0] = taken[ntaken - 1][0];
			taken[k][1] = taken[ntaken - 1][1];
			ntaken--;
		}
	}
	unsigned long free_model = 0;
	for (int i = 0; i < N; i++)
		free_model += !used[i];
	CHECK_INT(pool.nfree, free_model);
	free(pool.bitmap);
}
