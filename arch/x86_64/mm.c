/*
 * Page tables of the PV domain (see mm.h): extends the builder's bootstrap
 * mapping to all pseudo-physical memory, enforces W^X on the image, unmaps
 * page 0, and maps foreign frames into the vmap area. Every change goes
 * through mmu_update; page-table pages stay read-only.
 */
#define LOG_TAG "mm"
#include "arch/x86_64/mm.h"

#include "arch/x86_64/hypercall.h"
#include "kernel/log.h"
#include "kernel/page_pool.h"
#include "kernel/panic.h"
#include "lib/errno.h"
#include "lib/string.h"

#include <stdbool.h>

#define PTE_P	 0x001ull
#define PTE_RW	 0x002ull
#define PTE_A	 0x020ull
#define PTE_D	 0x040ull
#define PTE_PSE	 0x080ull
#define PTE_NX	 (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

#define PT_ENTRIES 512
#define BATCH	   128

extern char _text[], _etext[], _erodata[];

unsigned long *phys_to_machine;
unsigned long nr_pages;

static uint64_t *l4_table;
static unsigned long early_next_pfn;
static pt_page_alloc_fn pt_allocator;
/* The vmap area is handed out in page runs by a page pool over its page
 * indices (index i is address VMAP_BASE + i pages). */
static struct page_pool vmap_pool;
static uint64_t vmap_bitmap[VMAP_PAGES / 64];
static bool vmap_ready;

static struct mmu_update batch[BATCH];
static unsigned batch_len;

static uint64_t maddr_of(const void *v)
{
	return ((uint64_t)pfn_to_mfn(virt_to_pfn(v)) << PAGE_SHIFT) | ((uintptr_t)v & ~PAGE_MASK);
}

static void mmu_flush(void)
{
	unsigned done = 0;
	long rc;

	if (!batch_len)
		return;
	rc = hyp_mmu_update(batch, batch_len, &done, DOMID_SELF);
	if (rc < 0)
		panic("mmu_update refused entry %u of %u (ptr 0x%llx val 0x%llx): %ld", done,
		      batch_len, (unsigned long long)batch[done].ptr,
		      (unsigned long long)batch[done].val, rc);
	batch_len = 0;
}

static void mmu_queue(uint64_t *pte, uint64_t val)
{
	batch[batch_len].ptr = maddr_of(pte) | MMU_NORMAL_PT_UPDATE;
	batch[batch_len].val = val;
	if (++batch_len == BATCH)
		mmu_flush();
}

static uint64_t *table_of(uint64_t entry)
{
	return mfn_to_virt((entry & PTE_ADDR) >> PAGE_SHIFT);
}

static unsigned index_of(unsigned long va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

static void make_readonly(unsigned long pfn)
{
	uint64_t pte = ((uint64_t)pfn_to_mfn(pfn) << PAGE_SHIFT) | PTE_P | PTE_A | PTE_NX;
	long rc = hyp_update_va_mapping(pfn << PAGE_SHIFT, pte, UVMF_INVLPG | UVMF_LOCAL);

	if (rc < 0)
		panic("cannot make frame %lu read-only for a page table: %ld", pfn, rc);
}

/* Before the page allocator exists: page-table pages come from the frames
 * right after the builder's bootstrap area, which it left mapped. */
static long early_pt_page(void)
{
	unsigned long pfn = early_next_pfn;

	if (pfn >= nr_pages || !(mm_pte_of(pfn << PAGE_SHIFT) & PTE_P))
		panic("no mapped frame left for early page tables (frame %lu)", pfn);
	early_next_pfn++;
	return (long)pfn;
}

void mm_set_pt_allocator(pt_page_alloc_fn fn)
{
	pt_allocator = fn;
}

/* The L1 table covering va, creating missing levels when create is set. */
static uint64_t *walk(unsigned long va, int create)
{
	uint64_t *t = l4_table;

	for (int level = 4; level > 1; level--) {
		unsigned idx = index_of(va, level);
		uint64_t e = t[idx];

		if (!(e & PTE_P)) {
			long pfn;
			if (!create)
				return NULL;
			mmu_flush();
			pfn = pt_allocator ? pt_allocator() : early_pt_page();
			if (pfn < 0)
				return NULL;
			memset(pfn_to_virt((unsigned long)pfn), 0, PAGE_SIZE);
			make_readonly((unsigned long)pfn);
			mmu_queue(&t[idx], ((uint64_t)pfn_to_mfn(pfn) << PAGE_SHIFT) | PTE_P |
						   PTE_RW | PTE_A);
			mmu_flush();
			e = t[idx];
		}
		if (e & PTE_PSE)
			panic("unexpected superpage at level %d for va 0x%lx", level, va);
		t = table_of(e);
	}
	return t;
}

uint64_t mm_pte_of(unsigned long va)
{
	uint64_t *l1 = walk(va, 0);

	return l1 ? l1[index_of(va, 1)] : 0;
}

unsigned long mm_frame_of(unsigned long va)
{
	uint64_t e = mm_pte_of(va);

	if (!(e & PTE_P))
		return 0;
	return mfn_to_pfn((unsigned long)((e & PTE_ADDR) >> PAGE_SHIFT));
}

/* W^X for one present leaf: text read-only and executable, rodata
 * read-only, everything else non-executable; page 0 unmapped. */
static uint64_t protected_pte(unsigned long va, uint64_t e)
{
	if (va == 0)
		return 0;
	if (va >= (unsigned long)_text && va < (unsigned long)_etext)
		return (e & ~(PTE_RW | PTE_NX));
	if (va >= (unsigned long)_etext && va < (unsigned long)_erodata)
		return (e & ~PTE_RW) | PTE_NX;
	return e | PTE_NX;
}

unsigned long mm_setup(start_info_t *si)
{
	unsigned long created = 0;
	struct mmuext_op flush = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };

	phys_to_machine = (unsigned long *)si->mfn_list;
	nr_pages = si->nr_pages;
	l4_table = (uint64_t *)si->pt_base;
	/* Page tables, then the builder's one-page boot stack. */
	early_next_pfn = virt_to_pfn(l4_table) + si->nr_pt_frames + 1;

	for (unsigned long pfn = 0; pfn < nr_pages; pfn += PT_ENTRIES) {
		uint64_t *l1 = walk(pfn << PAGE_SHIFT, 1);
		if (!l1)
			panic("cannot build page tables for frame %lu", pfn);
		for (unsigned i = 0; i < PT_ENTRIES && pfn + i < nr_pages; i++) {
			if (l1[i] & PTE_P)
				continue;
			mmu_queue(&l1[i], ((uint64_t)pfn_to_mfn(pfn + i) << PAGE_SHIFT) | PTE_P |
						  PTE_RW | PTE_A | PTE_D | PTE_NX);
			created++;
		}
	}
	mmu_flush();

	for (unsigned long pfn = 0; pfn < nr_pages; pfn += PT_ENTRIES) {
		uint64_t *l1 = walk(pfn << PAGE_SHIFT, 0);
		for (unsigned i = 0; i < PT_ENTRIES && pfn + i < nr_pages; i++) {
			unsigned long va = (pfn + i) << PAGE_SHIFT;
			uint64_t e = l1[i], p;
			if (!(e & PTE_P))
				continue;
			p = protected_pte(va, e);
			if (p != e)
				mmu_queue(&l1[i], p);
		}
	}
	mmu_flush();
	if (hyp_mmuext_op(&flush, 1, NULL, DOMID_SELF) < 0)
		panic("TLB flush refused");

	pr_debug("mapped %lu pages (%lu new), first free frame %lu", nr_pages, created,
		 early_next_pfn);
	return early_next_pfn;
}

void *vmap_reserve(unsigned long count)
{
	unsigned long va;
	long idx;

	if (!vmap_ready) {
		page_pool_init(&vmap_pool, vmap_bitmap, 0, VMAP_PAGES);
		page_pool_release(&vmap_pool, 0, VMAP_PAGES);
		vmap_ready = true;
	}
	idx = count ? page_pool_take(&vmap_pool, count) : -EINVAL;
	if (idx < 0) {
		pr_err("vmap area exhausted (%lu pages wanted, %lu free)", count, vmap_pool.nfree);
		return NULL;
	}
	va = VMAP_BASE + ((unsigned long)idx << PAGE_SHIFT);
	for (unsigned long i = 0; i < count; i++) {
		if (!walk(va + i * PAGE_SIZE, 1)) {
			pr_err("no page-table page for vmap at 0x%lx", va + i * PAGE_SIZE);
			page_pool_release(&vmap_pool, (unsigned long)idx, count);
			return NULL;
		}
	}
	return (void *)va;
}

void vmap_release(void *va, unsigned long count)
{
	unsigned long idx = ((unsigned long)va - VMAP_BASE) >> PAGE_SHIFT;

	if ((unsigned long)va < VMAP_BASE || page_pool_release(&vmap_pool, idx, count) < 0)
		pr_err("releasing vmap pages at %p that are not reserved", va);
}

static int map_frame(unsigned long va, unsigned long mfn, uint64_t flags)
{
	uint64_t pte = ((uint64_t)mfn << PAGE_SHIFT) | PTE_P | PTE_A | PTE_D | flags;
	long rc;

	if (va < (nr_pages << PAGE_SHIFT) || (va & ~PAGE_MASK))
		return -EINVAL;
	if (!walk(va, 1))
		return -ENOMEM;
	rc = hyp_update_va_mapping(va, pte, UVMF_INVLPG | UVMF_LOCAL);
	if (rc < 0) {
		pr_err("mapping machine frame 0x%lx at 0x%lx refused: %ld", mfn, va, rc);
		return (int)rc;
	}
	return 0;
}

int mm_map_frame(unsigned long va, unsigned long mfn, int writable)
{
	return map_frame(va, mfn, PTE_NX | (writable ? PTE_RW : 0));
}

int mm_map_code(unsigned long va, unsigned long mfn)
{
	return map_frame(va, mfn, 0);
}

int mm_set_writable(unsigned long pfn, bool writable)
{
	uint64_t pte = ((uint64_t)pfn_to_mfn(pfn) << PAGE_SHIFT) | PTE_P | PTE_A | PTE_NX |
		       (writable ? PTE_RW | PTE_D : 0);
	long rc;

	if (pfn == 0 || pfn >= nr_pages)
		return -EINVAL;
	rc = hyp_update_va_mapping(pfn << PAGE_SHIFT, pte, UVMF_INVLPG | UVMF_LOCAL);
	if (rc < 0) {
		pr_err("making frame %lu %s refused: %ld", pfn, writable ? "writable" : "read-only",
		       rc);
		return (int)rc;
	}
	return 0;
}

unsigned long mm_root_mfn(void)
{
	return pfn_to_mfn(virt_to_pfn(l4_table));
}

int mm_unmap(unsigned long va)
{
	long rc;

	if (va < (nr_pages << PAGE_SHIFT) || (va & ~PAGE_MASK))
		return -EINVAL;
	rc = hyp_update_va_mapping(va, 0, UVMF_INVLPG | UVMF_LOCAL);
	if (rc < 0) {
		pr_err("unmapping 0x%lx refused: %ld", va, rc);
		return (int)rc;
	}
	return 0;
}

int mm_map_foreign(unsigned long va, unsigned long gfn, domid_t dom, int writable)
{
	struct mmu_update req;
	struct mmuext_op flush = { .cmd = MMUEXT_INVLPG_LOCAL };
	uint64_t pte_maddr;
	long rc;

	if (va < (nr_pages << PAGE_SHIFT) || (va & ~PAGE_MASK))
		return -EINVAL;
	pte_maddr = mm_pte_maddr(va);
	if (!pte_maddr)
		return -ENOMEM;
	req.ptr = pte_maddr | MMU_NORMAL_PT_UPDATE;
	req.val = ((uint64_t)gfn << PAGE_SHIFT) | PTE_P | PTE_A | PTE_D | PTE_NX |
		  (writable ? PTE_RW : 0);
	rc = hyp_mmu_update(&req, 1, NULL, dom);
	if (rc < 0)
		return (int)rc;
	flush.arg1.linear_addr = va;
	if (hyp_mmuext_op(&flush, 1, NULL, DOMID_SELF) < 0)
		pr_warn("TLB flush of 0x%lx refused", va);
	return 0;
}

uint64_t mm_pte_maddr(unsigned long va)
{
	uint64_t *l1 = walk(va, 1);

	return l1 ? maddr_of(&l1[index_of(va, 1)]) : 0;
}

void *vmap_mfn(unsigned long mfn, int writable)
{
	void *va = vmap_reserve(1);

	if (!va)
		return NULL;
	if (mm_map_frame((unsigned long)va, mfn, writable) < 0)
		return NULL;
	return va;
}
