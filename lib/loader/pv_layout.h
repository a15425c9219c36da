/*
 * The start of an x86_64 PV domain's memory as Xen's domain builder lays
 * it out for a kernel, computed for a boot loader that builds it in place
 * of itself. From virt_base on, in pseudo-physical frames (pfn N is at
 * virt_base + N pages):
 *
 *   kernel      [virt_kstart, virt_kend) of the ELF image
 *   ramdisk     (when there is one) right after, page-aligned
 *   p2m list    nr_pages 8-byte machine frame numbers
 *   start_info, xenstore page, console page
 *   page tables L4, L3s, L2s, L1s (read-only in the mapping)
 *   boot stack  one page
 *   ...         padding (at least 512 KiB, to a 4 MiB boundary)
 *
 * and every pfn in [0, mapped_pages) is mapped from virt_base by the page
 * tables (pfns below the kernel too). Pure: no I/O, no Xen calls; the
 * caller supplies where each table page is and each pfn's machine frame.
 */
#ifndef LIB_LOADER_PV_LAYOUT_H
#define LIB_LOADER_PV_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/loader/elf_xen.h"

#define PV_PAGE_SIZE	 4096ull
#define PV_PT_ENTRIES	 512
#define PV_PADDING_PAGES 128ull /* 512 KiB that Linux expects mapped */
#define PV_MAX_PT_PAGES	 4096
#define PV_PTE_PRESENT	 0x001ull
#define PV_PTE_RW	 0x002ull
#define PV_PTE_USER	 0x004ull
#define PV_PTE_ACCESSED	 0x020ull
#define PV_PTE_DIRTY	 0x040ull
#define PV_PTE_ADDR_MASK 0x000ffffffffff000ull

struct pv_layout {
	uint64_t virt_base, entry, hypercall_page; /* hypercall_page: 0 when none */
	uint64_t nr_pages;			   /* of the domain */
	uint64_t kernel_pfn, kernel_pages;
	uint64_t ramdisk_pfn, ramdisk_pages; /* ramdisk_pages 0: none */
	uint64_t ramdisk_bytes;
	uint64_t p2m_pfn, p2m_pages;
	uint64_t start_info_pfn, xenstore_pfn, console_pfn;
	uint64_t pt_pfn, pt_pages;
	unsigned nr_l4, nr_l3, nr_l2, nr_l1;
	uint64_t stack_pfn;
	uint64_t mapped_pages; /* pfns [0, mapped_pages) are mapped */
};

/* Plans the layout for a kernel (as elf_xen_parse described it), a ramdisk
 * of ramdisk_bytes (0: none) and a domain of nr_pages. 0, or -EFBIG when it
 * does not fit in nr_pages (err says how much is needed), -EINVAL for
 * addresses that make no layout (err says which). */
int pv_layout_plan(struct pv_layout *l, const struct elf_xen_info *info, uint64_t ramdisk_bytes,
		   uint64_t nr_pages, char *err, size_t err_size);

/* Virtual address of pfn in the new kernel's bootstrap mapping. */
static inline uint64_t pv_layout_va(const struct pv_layout *l, uint64_t pfn)
{
	return l->virt_base + pfn * PV_PAGE_SIZE;
}

/* Machine frame of a pfn of the new layout. */
typedef uint64_t (*pv_mfn_fn)(uint64_t pfn, void *ctx);

/* Fills the bootstrap page tables: tables[i] is table page i of the
 * layout (pfn pt_pfn + i), zeroed by the caller; entries point at machine
 * frames from mfn_of. Table pages are mapped read-only, everything else
 * read-write. */
void pv_layout_page_tables(const struct pv_layout *l, uint64_t *const *tables, pv_mfn_fn mfn_of,
			   void *ctx);

#endif
