/* Page allocator and heap instances of the running kernel (see memory.h). */
#define LOG_TAG "mem"
#include "kernel/memory.h"

#include "arch/x86_64/mm.h"
#include "kernel/heap.h"
#include "kernel/log.h"
#include "kernel/page_pool.h"
#include "kernel/panic.h"
#include "lib/string.h"

#define HEAP_MIN_GROW (64 * 1024)

static struct page_pool pool;
static struct heap kheap;

static long pt_page_from_pool(void)
{
	return page_pool_take(&pool, 1);
}

static void *heap_grow(size_t *bytes, void *ctx)
{
	unsigned long pages = PFN_UP(*bytes);
	void *p = page_alloc(pages);

	pr_debug("heap grows by %lu pages (%zu bytes asked)", pages, *bytes);
	if (p)
		*bytes = pages << PAGE_SHIFT;
	return p;
}

void memory_init(unsigned long first_free)
{
	unsigned long count, bitmap_pages;

	if (first_free >= nr_pages)
		panic("no free memory after the boot image (%lu of %lu pages used)", first_free,
		      nr_pages);
	count = nr_pages - first_free;
	bitmap_pages = PFN_UP(page_pool_bitmap_bytes(count));
	if (bitmap_pages >= count)
		panic("no room for the page bitmap");
	page_pool_init(&pool, pfn_to_virt(first_free), first_free, count);
	page_pool_release(&pool, first_free + bitmap_pages, count - bitmap_pages);
	mm_set_pt_allocator(pt_page_from_pool);
	heap_init(&kheap, heap_grow, NULL, HEAP_MIN_GROW);
	pr_debug("page allocator: %lu free pages from frame %lu", pool.nfree,
		 first_free + bitmap_pages);
}

void *page_alloc(unsigned long count)
{
	long pfn = page_pool_take(&pool, count);

	if (pfn < 0) {
		pr_warn("out of memory: %lu pages wanted, %lu free", count, pool.nfree);
		return NULL;
	}
	return pfn_to_virt((unsigned long)pfn);
}

void *page_alloc_try(unsigned long count)
{
	long pfn = page_pool_take(&pool, count);

	return pfn < 0 ? NULL : pfn_to_virt((unsigned long)pfn);
}

void page_free(void *p, unsigned long count)
{
	if (page_pool_release(&pool, virt_to_pfn(p), count) < 0)
		panic("freeing %lu pages at %p that are not allocated", count, p);
}

unsigned long memory_free_pages(void)
{
	return pool.nfree;
}

unsigned long memory_total_pages(void)
{
	return nr_pages;
}

void *kmalloc(size_t n)
{
	return heap_alloc(&kheap, n);
}

void *kcalloc(size_t count, size_t size)
{
	return heap_calloc(&kheap, count, size);
}

void *krealloc(void *p, size_t n)
{
	return heap_realloc(&kheap, p, n);
}

void kfree(void *p)
{
	if (heap_free(&kheap, p) < 0)
		panic("kfree of %p, which the heap did not hand out (or freed twice)", p);
}
