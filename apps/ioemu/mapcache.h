/*
 * The guest's RAM as the device model reaches it: pages of the guest mapped
 * on demand through a map/unmap interface (foreign mappings in the stub),
 * a small set kept and the least recently used one given back when a new
 * one is needed, every one given back on INVALIDATE (Xen asks when the
 * guest's memory map changes, e.g. after ballooning). Reads and writes may
 * cross pages; an address the interface cannot map is -EFAULT, so a DMA
 * address outside the guest's memory is refused, never followed. Pure: the
 * interface is passed in.
 */
#ifndef APPS_IOEMU_MAPCACHE_H
#define APPS_IOEMU_MAPCACHE_H

#include "apps/ioemu/io_bus.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { MAPCACHE_ENTRIES = 64, MAPCACHE_PAGE = 4096 };

struct mapcache_ops {
	/* The guest frame gfn mapped (writable when write), or NULL. */
	void *(*map)(void *ctx, uint64_t gfn, bool write);
	void (*unmap)(void *ctx, void *va);
	void *ctx;
};

struct mapcache {
	const struct mapcache_ops *ops;
	uint64_t max_gfn; /* frames at or above it are refused unmapped */
	struct mapcache_entry {
		uint64_t gfn;
		void *va; /* NULL: a free entry */
		bool write;
		unsigned long used; /* the clock when last used */
	} entry[MAPCACHE_ENTRIES];
	unsigned long clock, maps, unmaps, refused;
	struct guest_memory mem; /* this cache as io_bus's guest memory */
};

/* max_gfn bounds the addresses tried at all (the guest's highest frame
 * plus one; the interface still decides what exists below it). */
void mapcache_init(struct mapcache *mc, const struct mapcache_ops *ops, uint64_t max_gfn);

int mapcache_read(struct mapcache *mc, uint64_t gpa, void *buf, size_t len);
int mapcache_write(struct mapcache *mc, uint64_t gpa, const void *buf, size_t len);

/* Gives back every mapping. */
void mapcache_invalidate(struct mapcache *mc);

#endif
