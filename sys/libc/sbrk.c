/*
 * The program break behind newlib's malloc (which calls it through
 * _sbrk_r): sbrk() over a virtual region of its own (SBRK_BASE, up to
 * SBRK_MAX bytes) that grows a page at a time with zeroed frames from the
 * kernel's page allocator, mapped there with mm_map_frame(). When the break
 * goes down (malloc trims the top of its heap after a large free), the
 * whole pages above it are unmapped and given back to the allocator: a
 * kernel's 32 MiB decompression dictionary becomes free memory again.
 */
#define _DEFAULT_SOURCE
#define LOG_TAG "libc"
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "sys/libc/sys.h"

#define SBRK_BASE 0x0000200000000000ul
#define SBRK_MAX  (64ul << 30) /* far more than any domain's memory */

static unsigned long brk_cur = SBRK_BASE;    /* the break */
static unsigned long brk_mapped = SBRK_BASE; /* end of the mapped pages */

/* Maps fresh pages until brk_mapped >= end; 0 or -errno. */
static int map_up_to(unsigned long end)
{
	while (brk_mapped < end) {
		void *page = page_alloc(1);
		int rc;

		if (!page) {
			pr_debug("sbrk: out of memory at %lu KiB", (brk_mapped - SBRK_BASE) >> 10);
			return -ENOMEM;
		}
		memset(page, 0, PAGE_SIZE);
		rc = mm_map_frame(brk_mapped, pfn_to_mfn(virt_to_pfn(page)), 1);
		if (rc < 0) {
			pr_err("sbrk: cannot map a page at 0x%lx: %d", brk_mapped, rc);
			page_free(page, 1);
			return rc;
		}
		brk_mapped += PAGE_SIZE;
	}
	return 0;
}

/* Gives back the pages mapped at and above end (page-aligned). */
static void unmap_down_to(unsigned long end)
{
	while (brk_mapped > end) {
		unsigned long va = brk_mapped - PAGE_SIZE, pfn = mm_frame_of(va);

		if (!pfn || mm_unmap(va) < 0) {
			pr_warn("sbrk: page at 0x%lx kept (frame %lu)", va, pfn);
			return;
		}
		page_free(pfn_to_virt(pfn), 1);
		brk_mapped = va;
	}
}

void *sbrk(ptrdiff_t incr)
{
	unsigned long old = brk_cur;
	int rc;

	if (incr < 0) {
		if ((unsigned long)-incr > brk_cur - SBRK_BASE) {
			sys_error(EINVAL);
			return (void *)-1;
		}
	} else if ((unsigned long)incr > SBRK_BASE + SBRK_MAX - brk_cur) {
		sys_error(ENOMEM);
		return (void *)-1;
	}
	rc = map_up_to((brk_cur + incr + PAGE_SIZE - 1) & PAGE_MASK);
	if (rc < 0) {
		sys_error(ENOMEM);
		return (void *)-1;
	}
	brk_cur += incr;
	if (incr < 0)
		unmap_down_to((brk_cur + PAGE_SIZE - 1) & PAGE_MASK);
	return (void *)old;
}
