/*
 * Foreign mappings of the guest's frames for the map cache (see
 * guest_ram.h). A frame Xen will not map (beyond the guest's memory, or
 * read-only when writing) is NULL: the cache refuses the access.
 */
#define LOG_TAG "ioemu"
#include "apps/ioemu/guest_ram.h"

#include "kernel/log.h"

#include <errno.h>
#include <sys/mman.h>

static void *map_frame(void *ctx, uint64_t gfn, bool write)
{
	struct guest_ram *ram = ctx;
	xen_pfn_t pfn = (xen_pfn_t)gfn;
	void *va = xenforeignmemory_map(ram->fmem, ram->domid, PROT_READ | (write ? PROT_WRITE : 0),
					1, &pfn, NULL);

	if (!va)
		pr_debug("guest frame %#llx not mapped (%s): %d", (unsigned long long)gfn,
			 write ? "write" : "read", errno);
	return va;
}

static void unmap_frame(void *ctx, void *va)
{
	struct guest_ram *ram = ctx;

	if (xenforeignmemory_unmap(ram->fmem, va, 1) < 0)
		pr_warn("unmapping a guest frame at %p failed: %d", va, errno);
}

int guest_ram_open(struct guest_ram *ram, unsigned domid)
{
	ram->fmem = xenforeignmemory_open(NULL, 0);
	if (!ram->fmem) {
		pr_err("guest memory: no foreign-memory handle");
		return -ENOMEM;
	}
	ram->domid = domid;
	ram->ops = (struct mapcache_ops){ map_frame, unmap_frame, ram };
	return 0;
}
