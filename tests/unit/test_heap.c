/* kernel/heap: allocation, coalescing, bad frees, random use against checks. */
#include "kernel/heap.h"
#include "lib/errno.h"
#include "tests/unit/check.h"

#include <stdint.h>
#include <stdlib.h>

static int arenas_given;
static void *arena_list[64];

static void *grow(size_t *bytes, void *ctx)
{
	size_t *limit = ctx;
	void *p;

	if (limit && arenas_given * (*bytes) > *limit)
		return NULL;
	*bytes = (*bytes + 4095) & ~(size_t)4095;
	if (arenas_given == 64 || !(p = aligned_alloc(4096, *bytes)))
		return NULL;
	arena_list[arenas_given++] = p;
	return p;
}

static void release_arenas(void)
{
	while (arenas_given)
		free(arena_list[--arenas_given]);
}

TEST(heap_alloc_free_coalesce)
{
	struct heap h;
	void *a, *b, *c;

	heap_init(&h, grow, NULL, 4096);
	a = heap_alloc(&h, 100);
	b = heap_alloc(&h, 200);
	c = heap_alloc(&h, 300);
	CHECK(a && b && c);
	CHECK(((uintptr_t)a & 15) == 0 && ((uintptr_t)b & 15) == 0);
	memset(a, 1, 100);
	memset(b, 2, 200);
	memset(c, 3, 300);
	CHECK_INT(heap_check(&h), 0);
	CHECK_INT(heap_free(&h, b), 0);
	CHECK_INT(heap_free(&h, a), 0);
	CHECK_INT(heap_check(&h), 0);
	CHECK_INT(heap_free(&h, c), 0);
	CHECK_INT(heap_check(&h), 0);
	CHECK_INT(h.in_use, 0);
	CHECK_INT(arenas_given, 1);
	/* Everything coalesced: one allocation of almost the whole arena fits. */
	CHECK(heap_alloc(&h, 4096 - 128) != NULL);
	CHECK_INT(arenas_given, 1);
	release_arenas();
}

TEST(heap_refuses_bad_and_double_free)
{
	struct heap h;
	char *a;

	heap_init(&h, grow, NULL, 4096);
	a = heap_alloc(&h, 64);
	CHECK_INT(heap_free(&h, a + 16), -EINVAL);
	CHECK_INT(heap_free(&h, a + 1), -EINVAL);
	CHECK_INT(heap_free(&h, (void *)&h), -EINVAL);
	CHECK_INT(heap_free(&h, a), 0);
	CHECK_INT(heap_free(&h, a), -EINVAL);
	CHECK_INT(heap_free(&h, NULL), 0);
	CHECK_INT(heap_check(&h), 0);
	release_arenas();
}

TEST(heap_large_and_out_of_memory)
{
	struct heap h;
	size_t limit = 1 << 20;

	heap_init(&h, grow, &limit, 4096);
	void *big = heap_alloc(&h, 100000);
	CHECK(big != NULL);
	CHECK(heap_alloc(&h, 4u << 20) == NULL);
	CHECK(heap_alloc(&h, SIZE_MAX - 8) == NULL);
	CHECK(heap_calloc(&h, SIZE_MAX / 2, 4) == NULL);
	CHECK_INT(heap_check(&h), 0);
	release_arenas();
}

TEST(heap_realloc_keeps_contents)
{
	struct heap h;
	char *p;

	heap_init(&h, grow, NULL, 4096);
	p = heap_alloc(&h, 10);
	memcpy(p, "0123456789", 10);
	p = heap_realloc(&h, p, 5000);
	CHECK(p != NULL);
	CHECK(memcmp(p, "0123456789", 10) == 0);
	p = heap_realloc(&h, p, 8);
	CHECK(memcmp(p, "01234567", 8) == 0);
	char *z = heap_calloc(&h, 10, 10);
	for (int i = 0; i < 100; i++)
		CHECK(z[i] == 0);
	CHECK_INT(heap_check(&h), 0);
	release_arenas();
}

TEST(heap_random_workload)
{
	struct heap h;
	struct {
		unsigned char *p;
		size_t n;
		unsigned char tag;
	} live[300] = { { 0 } };

	heap_init(&h, grow, NULL, 64 * 1024);
	srand(11);
	for (int step = 0; step < 30000; step++) {
		int k = rand() % 300;
		if (live[k].p) {
			for (size_t i = 0; i < live[k].n; i++)
				if (live[k].p[i] != live[k].tag) {
					CHECK(!"heap block contents changed");
					break;
				}
			CHECK_INT(heap_free(&h, live[k].p), 0);
			live[k].p = NULL;
		} else {
			size_t n = (size_t)(rand() % 2000);
			live[k].p = heap_alloc(&h, n);
			CHECK(live[k].p != NULL);
			live[k].n = n;
			live[k].tag = (unsigned char)step;
			memset(live[k].p, live[k].tag, n);
		}
		if (step % 1000 == 0)
			CHECK_INT(heap_check(&h), 0);
	}
	CHECK_INT(heap_check(&h), 0);
	release_arenas();
}
