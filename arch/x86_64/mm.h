/*
 * Address space of an x86_64 PV domain as this kernel lays it out:
 *   0 .. nr_pages*4K   every pseudo-physical page at its own address (the
 *                      image is linked at 0); page 0 itself left unmapped
 *   VMAP_BASE ..       frames that are not ours (shared_info, grants, ...)
 * Page tables are read-only to us and changed through mmu_update.
 */
#ifndef ARCH_X86_64_MM_H
#define ARCH_X86_64_MM_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/xen.h>

#define PAGE_SHIFT  12
#define PAGE_SIZE   (1ul << PAGE_SHIFT)
#define PAGE_MASK   (~(PAGE_SIZE - 1))
#define PFN_UP(x)   (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)

#define VMAP_BASE  0x0000100000000000ul
#define VMAP_PAGES 65536ul

extern unsigned long *phys_to_machine; /* start_info's mfn_list */
extern unsigned long nr_pages;

static inline unsigned long pfn_to_mfn(unsigned long pfn)
{
	return phys_to_machine[pfn];
}

static inline unsigned long mfn_to_pfn(unsigned long mfn)
{
	return ((const unsigned long *)MACH2PHYS_VIRT_START)[mfn];
}

static inline void *pfn_to_virt(unsigned long pfn)
{
	return (void *)(pfn << PAGE_SHIFT);
}

static inline unsigned long virt_to_pfn(const void *v)
{
	return (unsigned long)v >> PAGE_SHIFT;
}

static inline void *mfn_to_virt(unsigned long mfn)
{
	return pfn_to_virt(mfn_to_pfn(mfn));
}

/* Maps every pseudo-physical page, applies W^X to the image, unmaps page 0.
 * Returns the first frame free for the page allocator. */
unsigned long mm_setup(start_info_t *si);

/* Where page-table pages come from once the page allocator runs: returns
 * a free frame number (mm zeroes it and maps it read-only) or -errno. */
typedef long (*pt_page_alloc_fn)(void);
void mm_set_pt_allocator(pt_page_alloc_fn fn);

/* Maps a machine frame (not necessarily ours) at a fresh address in the
 * vmap area; NULL when the area is exhausted or Xen refuses. */
void *vmap_mfn(unsigned long mfn, int writable);

/* Reserves count consecutive pages of the vmap area, with their page
 * tables present and nothing mapped (for grant maps, foreign mappings);
 * NULL when the area is exhausted. */
void *vmap_reserve(unsigned long count);
/* Gives back a range vmap_reserve returned (its pages must be unmapped). */
void vmap_release(void *va, unsigned long count);

/* Maps machine frame mfn at va (any canonical lower-half address outside
 * the direct map; page tables are created as needed), non-executable.
 * 0 or -errno. */
int mm_map_frame(unsigned long va, unsigned long mfn, int writable);
/* Maps machine frame mfn at va read-only and executable (code handed from
 * one address space to the next). 0 or -errno. */
int mm_map_code(unsigned long va, unsigned long mfn);
/* Makes the direct mapping of one of our frames writable or read-only
 * (read-only before it becomes a page table). 0 or -errno. */
int mm_set_writable(unsigned long pfn, bool writable);
/* Machine frame of the L4 table in use. */
unsigned long mm_root_mfn(void);
/* Removes the mapping at va. 0 or -errno. */
int mm_unmap(unsigned long va);

/* Maps frame gfn of domain dom (its pseudo-physical or, for PV, machine
 * frame number) at va, with the privilege Xen grants us over dom (a stub
 * domain's target). 0 or -errno (-EPERM without privilege, -EINVAL for a
 * frame dom does not have). */
int mm_map_foreign(unsigned long va, unsigned long gfn, domid_t dom, int writable);

/* Machine address of the PTE that maps va, creating page tables as needed
 * (what GNTTABOP_map_grant_ref with GNTMAP_contains_pte wants); 0 on
 * failure. */
uint64_t mm_pte_maddr(unsigned long va);

/* Reads the PTE flags for va (0 when unmapped); for tests and dumps. */
uint64_t mm_pte_of(unsigned long va);

/* The pfn of our frame mapped at va (the heap's pages live outside the
 * direct map), or 0 when nothing is. */
unsigned long mm_frame_of(unsigned long va);

#endif
