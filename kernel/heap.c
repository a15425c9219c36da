/* Boundary-tag first-fit heap (see heap.h). */
#include "kernel/heap.h"

#include "lib/errno.h"
#include "lib/string.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * Arena: [arena header][chunk][chunk]...[end marker]
 * Chunk: 16-byte header {size of previous chunk (0 for the first), size and
 * flags}, then the payload. Sizes are multiples of 16 and include the header.
 * A free chunk keeps its free-list links in the payload. The end marker is a
 * header with size 0 and the used flag.
 */
#define ALIGN	  16u
#define USED	  1u
#define MAGIC	  0x48454150u /* stamped in the arena header */
#define HDR	  16u
#define MIN_CHUNK 32u

struct chunk {
	size_t prev_size;
	size_t size_flags;
};

struct heap_free {
	struct chunk hdr;
	struct heap_free *prev, *next;
};

struct heap_arena {
	struct heap_arena *next;
	size_t size;
	uint32_t magic;
	uint32_t pad[3];
};

static size_t csize(const struct chunk *c)
{
	return c->size_flags & ~(size_t)(ALIGN - 1);
}

static bool cused(const struct chunk *c)
{
	return c->size_flags & USED;
}

static struct chunk *cnext(struct chunk *c)
{
	return (struct chunk *)((char *)c + csize(c));
}

static struct chunk *cprev(struct chunk *c)
{
	return c->prev_size ? (struct chunk *)((char *)c - c->prev_size) : NULL;
}

static void list_add(struct heap *h, struct chunk *c)
{
	struct heap_free *f = (struct heap_free *)c;

	f->prev = NULL;
	f->next = h->free_list;
	if (h->free_list)
		h->free_list->prev = f;
	h->free_list = f;
}

static void list_del(struct heap *h, struct chunk *c)
{
	struct heap_free *f = (struct heap_free *)c;

	if (f->prev)
		f->prev->next = f->next;
	else
		h->free_list = f->next;
	if (f->next)
		f->next->prev = f->prev;
}

void heap_init(struct heap *h, heap_grow_fn grow, void *ctx, size_t min_grow)
{
	memset(h, 0, sizeof(*h));
	h->grow = grow;
	h->ctx = ctx;
	h->min_grow = min_grow;
}

static bool add_arena(struct heap *h, size_t need)
{
	size_t bytes = need + sizeof(struct heap_arena) + HDR;
	struct heap_arena *a;
	struct chunk *c, *end;

	if (bytes < h->min_grow)
		bytes = h->min_grow;
	a = h->grow(&bytes, h->ctx);
	if (!a || ((uintptr_t)a & (ALIGN - 1)))
		return false;
	bytes &= ~(size_t)(ALIGN - 1);
	a->size = bytes;
	a->magic = MAGIC;
	a->next = h->arenas;
	h->arenas = a;
	h->arena_bytes += bytes;

	c = (struct chunk *)(a + 1);
	c->prev_size = 0;
	c->size_flags = bytes - sizeof(*a) - HDR;
	end = cnext(c);
	end->prev_size = csize(c);
	end->size_flags = USED;
	list_add(h, c);
	return true;
}

static size_t request_size(size_t n)
{
	if (n > SIZE_MAX / 2)
		return 0;
	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	n += HDR;
	return n < MIN_CHUNK ? MIN_CHUNK : n;
}

/* Marks c used with size need, returning the tail to the free list. */
static void carve(struct heap *h, struct chunk *c, size_t need)
{
	size_t have = csize(c);

	list_del(h, c);
	if (have - need >= MIN_CHUNK) {
		struct chunk *rest = (struct chunk *)((char *)c + need);
		rest->prev_size = need;
		rest->size_flags = have - need;
		cnext(rest)->prev_size = have - need;
		list_add(h, rest);
		have = need;
	}
	c->size_flags = have | USED;
	h->in_use += have - HDR;
}

void *heap_alloc(struct heap *h, size_t n)
{
	size_t need = request_size(n);

	if (!need)
		return NULL;
	for (int attempt = 0; attempt < 2; attempt++) {
		for (struct heap_free *f = h->free_list; f; f = f->next) {
			if (csize(&f->hdr) >= need) {
				carve(h, &f->hdr, need);
				return (char *)f + HDR;
			}
		}
		if (attempt == 0 && !add_arena(h, need))
			return NULL;
	}
	return NULL;
}

void *heap_calloc(struct heap *h, size_t count, size_t size)
{
	void *p;

	if (size && count > SIZE_MAX / size)
		return NULL;
	p = heap_alloc(h, count * size);
	if (p)
		memset(p, 0, count * size);
	return p;
}

/* The chunk behind p if p looks like a live allocation of this heap (inside
 * an arena, marked used, its neighbours' tags agreeing), else NULL. */
static struct chunk *owned_chunk(const struct heap *h, void *p)
{
	uintptr_t u = (uintptr_t)p;

	if (u & (ALIGN - 1))
		return NULL;
	for (const struct heap_arena *a = h->arenas; a; a = a->next) {
		uintptr_t first = (uintptr_t)(a + 1), end = (uintptr_t)a + a->size - HDR;
		struct chunk *c = (struct chunk *)(u - HDR);

		if (u < first + HDR || u >= end)
			continue;
		if (!cused(c) || csize(c) < MIN_CHUNK || csize(c) > end - (uintptr_t)c)
			return NULL;
		if (cnext(c)->prev_size != csize(c))
			return NULL;
		if (c->prev_size) {
			if (c->prev_size > (uintptr_t)c - first || csize(cprev(c)) != c->prev_size)
				return NULL;
		} else if ((uintptr_t)c != first) {
			return NULL;
		}
		return c;
	}
	return NULL;
}

int heap_free(struct heap *h, void *p)
{
	struct chunk *c, *n, *pr;

	if (!p)
		return 0;
	c = owned_chunk(h, p);
	if (!c)
		return -EINVAL;
	h->in_use -= csize(c) - HDR;
	c->size_flags = csize(c);

	n = cnext(c);
	if (!cused(n)) {
		list_del(h, n);
		c->size_flags = csize(c) + csize(n);
		cnext(c)->prev_size = csize(c);
	}
	pr = cprev(c);
	if (pr && !cused(pr)) {
		list_del(h, pr);
		pr->size_flags = csize(pr) + csize(c);
		cnext(pr)->prev_size = csize(pr);
		c = pr;
	}
	list_add(h, c);
	return 0;
}

void *heap_realloc(struct heap *h, void *p, size_t n)
{
	struct chunk *c;
	size_t need, old;
	void *q;

	if (!p)
		return heap_alloc(h, n);
	c = owned_chunk(h, p);
	need = request_size(n);
	if (!c || !need)
		return NULL;
	old = csize(c) - HDR;
	if (csize(c) >= need)
		return p;
	q = heap_alloc(h, n);
	if (!q)
		return NULL;
	memcpy(q, p, old);
	heap_free(h, p);
	return q;
}

int heap_check(const struct heap *h)
{
	size_t free_chunks = 0, listed = 0, used_bytes = 0;

	for (const struct heap_arena *a = h->arenas; a; a = a->next) {
		struct chunk *c = (struct chunk *)(a + 1);
		size_t prev = 0;
		bool prev_free = false;

		if (a->magic != MAGIC)
			return -EBADMSG;
		for (; csize(c); c = cnext(c)) {
			if (c->prev_size != prev || csize(c) < MIN_CHUNK ||
			    (char *)c + csize(c) > (char *)a + a->size - HDR)
				return -EBADMSG;
			if (!cused(c)) {
				if (prev_free)
					return -EBADMSG; /* missed coalesce */
				free_chunks++;
			} else {
				used_bytes += csize(c) - HDR;
			}
			prev_free = !cused(c);
			prev = csize(c);
		}
		if (c->prev_size != prev || !cused(c))
			return -EBADMSG;
	}
	for (const struct heap_free *f = h->free_list; f; f = f->next) {
		if (cused(&f->hdr) || (f->next && f->next->prev != f))
			return -EBADMSG;
		if (++listed > free_chunks)
			return -EBADMSG;
	}
	if (listed != free_chunks || used_bytes != h->in_use)
		return -EBADMSG;
	return 0;
}
