/*
 * Memory for the kernel and its programs: whole pages from the page
 * allocator, and a heap (kmalloc) on top of it.
 */
#ifndef KERNEL_MEMORY_H
#define KERNEL_MEMORY_H

#include <stddef.h>

/* Hands every frame from first_free up to the end of memory to the page
 * allocator and starts the heap. */
void memory_init(unsigned long first_free);

void *page_alloc(unsigned long count);
/* As page_alloc, without a warning when there is no such run (for callers
 * that try smaller runs next). */
void *page_alloc_try(unsigned long count);
void page_free(void *p, unsigned long count);
unsigned long memory_free_pages(void);
unsigned long memory_total_pages(void);

void *kmalloc(size_t n);
void *kcalloc(size_t count, size_t size);
void *krealloc(void *p, size_t n);
void kfree(void *p);

#endif
