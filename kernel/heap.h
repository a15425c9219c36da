/*
 * The kernel heap: first-fit allocator with boundary tags over arenas it asks
 * a grow callback for (the kernel's page allocator; plain memory on the
 * host). Freed neighbours coalesce; bad and double frees are refused.
 */
#ifndef KERNEL_HEAP_H
#define KERNEL_HEAP_H

#include <stddef.h>

/* Returns at least *bytes of 16-byte-aligned memory and may raise *bytes
 * to what it really gave; NULL when out of memory. */
typedef void *(*heap_grow_fn)(size_t *bytes, void *ctx);

struct heap_arena;
struct heap_free;

struct heap {
	struct heap_arena *arenas;
	struct heap_free *free_list;
	heap_grow_fn grow;
	void *ctx;
	size_t min_grow; /* smallest arena asked for */
	size_t in_use;	 /* payload bytes handed out (rounded) */
	size_t arena_bytes;
};

void heap_init(struct heap *h, heap_grow_fn grow, void *ctx, size_t min_grow);
void *heap_alloc(struct heap *h, size_t n);
void *heap_calloc(struct heap *h, size_t count, size_t size);
void *heap_realloc(struct heap *h, void *p, size_t n);
/* 0, or -EINVAL for a pointer the heap did not hand out or already freed. */
int heap_free(struct heap *h, void *p);
/* Walks every arena and the free list; 0 when consistent, else -EBADMSG. */
int heap_check(const struct heap *h);

#endif
