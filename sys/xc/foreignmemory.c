/*
 * <xenforeignmemory.h> for stub domains: frames of another domain (the
 * stub domain's target) mapped into the vmap area with mmu_update on the
 * target's behalf. Per-page errors go to err[] when the caller gives one,
 * as the library documents; without it, any failure fails the whole call.
 */
#define LOG_TAG "xenforeignmemory"
#include "arch/x86_64/mm.h"
#include "kernel/log.h"

#include <errno.h>
#include <stdlib.h>
#include <xenforeignmemory.h>

#ifndef PROT_WRITE
#define PROT_WRITE 0x2
#endif

struct xenforeignmemory_handle {
	unsigned long mappings; /* live mapped pages, for diagnostics */
};

xenforeignmemory_handle *xenforeignmemory_open(struct xentoollog_logger *logger,
					       unsigned open_flags)
{
	return calloc(1, sizeof(struct xenforeignmemory_handle));
}

int xenforeignmemory_close(xenforeignmemory_handle *fmem)
{
	if (fmem && fmem->mappings)
		pr_warn("closing with %lu foreign pages still mapped", fmem->mappings);
	free(fmem);
	return 0;
}

void *xenforeignmemory_map2(xenforeignmemory_handle *fmem, uint32_t dom, void *addr, int prot,
			    int flags, size_t pages, const xen_pfn_t arr[], int err[])
{
	char *va;
	size_t mapped = 0;
	int first_error = 0;

	if (addr || pages == 0 || pages > VMAP_PAGES) {
		errno = addr ? EOPNOTSUPP : EINVAL; /* fixed addresses are not offered */
		return NULL;
	}
	va = vmap_reserve(pages);
	if (!va) {
		errno = ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < pages; i++) {
		int rc = mm_map_foreign((unsigned long)(va + i * PAGE_SIZE), arr[i], (domid_t)dom,
					prot & PROT_WRITE);
		if (err)
			err[i] = rc;
		if (rc < 0) {
			if (!first_error)
				first_error = rc;
			if (!err)
				break;
			continue;
		}
		mapped++;
	}
	if (first_error && !err) {
		for (size_t i = 0; i < pages; i++)
			mm_unmap((unsigned long)(va + i * PAGE_SIZE));
		vmap_release(va, pages);
		errno = -first_error;
		return NULL;
	}
	fmem->mappings += mapped;
	return va;
}

void *xenforeignmemory_map(xenforeignmemory_handle *fmem, uint32_t dom, int prot, size_t pages,
			   const xen_pfn_t arr[], int err[])
{
	return xenforeignmemory_map2(fmem, dom, NULL, prot, 0, pages, arr, err);
}

int xenforeignmemory_unmap(xenforeignmemory_handle *fmem, void *addr, size_t pages)
{
	unsigned long va = (unsigned long)addr;

	if (va < VMAP_BASE || va + pages * PAGE_SIZE > VMAP_BASE + VMAP_PAGES * PAGE_SIZE) {
		errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < pages; i++) {
		if (mm_pte_of(va + i * PAGE_SIZE) & 1) {
			mm_unmap(va + i * PAGE_SIZE);
			if (fmem->mappings)
				fmem->mappings--;
		}
	}
	vmap_release(addr, pages);
	return 0;
}

int xenforeignmemory_restrict(xenforeignmemory_handle *fmem, domid_t domid)
{
	return 0; /* a stub domain's privilege is already limited to its target */
}

xenforeignmemory_resource_handle *
xenforeignmemory_map_resource(xenforeignmemory_handle *fmem, domid_t domid, unsigned int type,
			      unsigned int id, unsigned long frame, unsigned long nr_frames,
			      void **paddr, int prot, int flags)
{
	/* Not yet: ioreq pages are reached through get_ioreq_server_info. */
	errno = EOPNOTSUPP;
	return NULL;
}

int xenforeignmemory_unmap_resource(xenforeignmemory_handle *fmem,
				    xenforeignmemory_resource_handle *fres)
{
	errno = EOPNOTSUPP;
	return -1;
}
