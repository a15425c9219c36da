/* The builder-like layout of a PV kernel's first pages (see pv_layout.h). */
#include "lib/loader/pv_layout.h"

#include "lib/errno.h"
#include "lib/format.h"

#include <string.h>

#define SHIFT_L1 12
#define SHIFT_L2 21
#define SHIFT_L3 30
#define SHIFT_L4 39
#define ALIGN_4M (4ull << 20)
#define ULL(x)	 ((unsigned long long)(x))

/* Tables of one level covering the addresses [first, last]. */
static uint64_t tables_for(uint64_t first, uint64_t last, unsigned shift)
{
	return (last >> shift) - (first >> shift) + 1;
}

static int __attribute__((format(printf, 4, 5)))
fail(char *err, size_t size, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_vbuf(err, size, fmt, ap);
	va_end(ap);
	return rc;
}

int pv_layout_plan(struct pv_layout *l, const struct elf_xen_info *info, uint64_t ramdisk_bytes,
		   uint64_t nr_pages, char *err, size_t err_size)
{
	const uint64_t extra = 1 + PV_PADDING_PAGES; /* boot stack, padding */
	const uint64_t vb = info->virt_base, room = (UINT64_MAX - vb) / PV_PAGE_SIZE;
	uint64_t alloc_end, pages, last;

	memset(l, 0, sizeof(*l));
	if (err_size)
		err[0] = '\0';
	if (vb == ELF_XEN_UNSET || (vb & (PV_PAGE_SIZE - 1)))
		return fail(err, err_size, -EINVAL, "virtual base 0x%llx is not page-aligned",
			    ULL(vb));
	if (info->virt_kstart < vb || info->virt_kend <= info->virt_kstart ||
	    info->virt_kend - vb > ELF_XEN_MAX_SPAN)
		return fail(err, err_size, -EINVAL,
			    "kernel at [0x%llx, 0x%llx) does not lie just above its virtual base",
			    ULL(info->virt_kstart), ULL(info->virt_kend));
	if (info->virt_entry < info->virt_kstart || info->virt_entry >= info->virt_kend)
		return fail(err, err_size, -EINVAL, "entry point 0x%llx is outside the kernel",
			    ULL(info->virt_entry));
	if (nr_pages == 0 || nr_pages > (1ull << 36))
		return fail(err, err_size, -EINVAL, "%llu pages is no domain size", ULL(nr_pages));
	if (ramdisk_bytes > nr_pages * PV_PAGE_SIZE)
		return fail(err, err_size, -EFBIG,
			    "the ramdisk (%llu MiB) is larger than the domain (%llu MiB)",
			    ULL(ramdisk_bytes >> 20), ULL(nr_pages >> 8));

	l->virt_base = vb;
	l->entry = info->virt_entry;
	l->nr_pages = nr_pages;
	if (info->virt_hypercall != ELF_XEN_UNSET && info->virt_hypercall >= info->virt_kstart &&
	    info->virt_hypercall < info->virt_kend)
		l->hypercall_page = info->virt_hypercall & ~(PV_PAGE_SIZE - 1);
	l->kernel_pfn = (info->virt_kstart - vb) / PV_PAGE_SIZE;
	l->kernel_pages = (info->virt_kend - vb + PV_PAGE_SIZE - 1) / PV_PAGE_SIZE - l->kernel_pfn;
	l->ramdisk_pfn = l->kernel_pfn + l->kernel_pages;
	l->ramdisk_bytes = ramdisk_bytes;
	l->ramdisk_pages = (ramdisk_bytes + PV_PAGE_SIZE - 1) / PV_PAGE_SIZE;
	l->p2m_pfn = l->ramdisk_pfn + l->ramdisk_pages;
	l->p2m_pages = (nr_pages * 8 + PV_PAGE_SIZE - 1) / PV_PAGE_SIZE;
	l->start_info_pfn = l->p2m_pfn + l->p2m_pages;
	l->xenstore_pfn = l->start_info_pfn + 1;
	l->console_pfn = l->start_info_pfn + 2;
	alloc_end = l->start_info_pfn + 3;

	/* As many table pages as the mapping needs, the mapping covering them
	 * too (and the stack and padding), ending on a 4 MiB boundary. */
	for (pages = extra;;) {
		uint64_t want = alloc_end + pages, tables;

		if (room < ALIGN_4M / PV_PAGE_SIZE || want > room - ALIGN_4M / PV_PAGE_SIZE)
			return fail(err, err_size, -EINVAL,
				    "the boot mapping would run past the end of the address space "
				    "(base 0x%llx, %llu pages)",
				    ULL(vb), ULL(want));
		last = ((vb + want * PV_PAGE_SIZE + ALIGN_4M - 1) & ~(ALIGN_4M - 1)) - 1;
		l->nr_l4 = 1;
		l->nr_l3 = (unsigned)tables_for(vb, last, SHIFT_L4);
		l->nr_l2 = (unsigned)tables_for(vb, last, SHIFT_L3);
		l->nr_l1 = (unsigned)tables_for(vb, last, SHIFT_L2);
		tables = (uint64_t)l->nr_l4 + l->nr_l3 + l->nr_l2 + l->nr_l1;
		if (tables > PV_MAX_PT_PAGES)
			return fail(err, err_size, -EFBIG,
				    "the boot mapping needs %llu page tables (at most %llu)",
				    ULL(tables), ULL(PV_MAX_PT_PAGES));
		pages = tables + extra;
		if (vb + (alloc_end + pages) * PV_PAGE_SIZE - 1 <= last) {
			l->pt_pages = tables;
			break;
		}
	}
	l->pt_pfn = alloc_end;
	l->stack_pfn = l->pt_pfn + l->pt_pages;
	l->mapped_pages = (last - vb) / PV_PAGE_SIZE + 1;
	if (l->mapped_pages > nr_pages)
		return fail(err, err_size, -EFBIG,
			    "not enough memory: the kernel and its ramdisk need %llu MiB mapped at "
			    "boot, the domain has %llu MiB",
			    ULL((l->mapped_pages + 255) >> 8), ULL(nr_pages >> 8));
	return 0;
}

void pv_layout_page_tables(const struct pv_layout *l, uint64_t *const *tables, pv_mfn_fn mfn_of,
			   void *ctx)
{
	const uint64_t upper =
		PV_PTE_PRESENT | PV_PTE_RW | PV_PTE_ACCESSED | PV_PTE_DIRTY | PV_PTE_USER;
	const uint64_t vb = l->virt_base;
	const uint64_t l3_first = 1, l2_first = l3_first + l->nr_l3, l1_first = l2_first + l->nr_l2;

	for (uint64_t pfn = 0; pfn < l->mapped_pages; pfn++) {
		uint64_t va = vb + pfn * PV_PAGE_SIZE;
		uint64_t l3 = l3_first + (va >> SHIFT_L4) - (vb >> SHIFT_L4);
		uint64_t l2 = l2_first + (va >> SHIFT_L3) - (vb >> SHIFT_L3);
		uint64_t l1 = l1_first + (va >> SHIFT_L2) - (vb >> SHIFT_L2);
		uint64_t leaf = PV_PTE_PRESENT | PV_PTE_ACCESSED;

		if (pfn < l->pt_pfn || pfn >= l->pt_pfn + l->pt_pages)
			leaf |= PV_PTE_RW;
		tables[0][(va >> SHIFT_L4) & 511] =
			(mfn_of(l->pt_pfn + l3, ctx) << SHIFT_L1) | upper;
		tables[l3][(va >> SHIFT_L3) & 511] =
			(mfn_of(l->pt_pfn + l2, ctx) << SHIFT_L1) | upper;
		tables[l2][(va >> SHIFT_L2) & 511] =
			(mfn_of(l->pt_pfn + l1, ctx) << SHIFT_L1) | upper;
		tables[l1][(va >> SHIFT_L1) & 511] = (mfn_of(pfn, ctx) << SHIFT_L1) | leaf;
	}
}
