/* Booting another PV kernel in place of this one (see chainboot.h). */
#define LOG_TAG "chainboot"
#include "sys/chainboot.h"

#include "arch/x86_64/hypercall.h"
#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "kernel/panic.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "xen/console.h"
#include "xen/events.h"
#include "xen/grant_table.h"
#include "xen/hypervisor.h"
#include "xen/xenbus.h"

#define RUN_MAX	   512u	 /* frames taken at once */
#define SLACK	   256u	 /* frames left for our own page tables and heap */
#define OPS_OFFSET 2048u /* of the hand-over hypercall's arguments in the stack page */
#define M2P_BATCH  256u

#define STACK_GUARD 16u /* pages either side of our stack kept out of the way */

extern const char chainboot_trampoline[], chainboot_trampoline_end[];
extern char hypercall_page[], _end[];

typedef void (*trampoline_fn)(struct mmuext_op *ops, uint64_t start_info, uint64_t entry,
			      uint64_t stack_top) __attribute__((__noreturn__));

static void *page_of(const struct chainboot *cb, uint64_t pfn)
{
	return pfn_to_virt(cb->frame[pfn]);
}

static bool keeps_its_frame(const struct pv_layout *l, uint64_t pfn)
{
	return pfn == l->xenstore_pfn || pfn == l->console_pfn;
}

static bool is_lent(const struct chainboot *cb, uint64_t pfn)
{
	return cb->lent && (cb->lent[pfn / 64] >> (pfn % 64)) & 1;
}

static uint64_t *p2m_slot(const struct chainboot *cb, uint64_t pfn)
{
	uint64_t *page = page_of(cb, cb->layout.p2m_pfn + pfn / 512);

	return &page[pfn % 512];
}

static uint64_t new_mfn(uint64_t pfn, void *ctx)
{
	return *p2m_slot(ctx, pfn);
}

static int fail(struct chainboot *cb, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct chainboot *cb, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_vbuf(cb->err, sizeof(cb->err), fmt, ap);
	va_end(ap);
	return rc;
}

/* Our frames for every pfn of the boot mapping, in runs where the page
 * allocator has them. */
static int take_frames(struct chainboot *cb)
{
	const struct pv_layout *l = &cb->layout;
	unsigned long run = RUN_MAX;
	uint64_t pfn = 0;

	while (pfn < l->mapped_pages) {
		uint64_t limit = l->mapped_pages - pfn;
		unsigned long n = run;
		void *p;

		if (keeps_its_frame(l, pfn)) {
			cb->frame[pfn++] = 0;
			continue;
		}
		if (is_lent(cb, pfn)) {
			pfn++;
			continue;
		}
		if (pfn < l->xenstore_pfn && l->xenstore_pfn - pfn < limit)
			limit = l->xenstore_pfn - pfn;
		if (n > limit)
			n = (unsigned long)limit;
		for (unsigned long i = 1; i < n; i++)
			if (is_lent(cb, pfn + i)) {
				n = i; /* the run stops at the image's pages */
				break;
			}
		p = page_alloc_try(n);
		if (!p) {
			if (n == 1)
				return -ENOMEM;
			run = n / 2;
			continue;
		}
		for (unsigned long i = 0; i < n; i++)
			cb->frame[pfn + i] = virt_to_pfn(p) + i;
		pfn += n;
		cb->frames_taken += n;
	}
	return 0;
}

/* Byte ranges [a, a + alen) and [b, b + blen) share a byte. */
static bool ranges_meet(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* The segments' whole pages that sit on a page boundary both in the image
 * and where they land become the kernel's pages as they are: lent, not
 * copied. Only when no two segments share a byte, in the image or in
 * memory (otherwise everything is copied, in order, as before). */
static void lend_image_pages(struct chainboot *cb, const struct elf_xen_info *info,
			     const uint8_t *elf)
{
	const struct pv_layout *l = &cb->layout;

	for (int i = 0; i < info->nsegs; i++)
		for (int j = i + 1; j < info->nsegs; j++) {
			const struct elf_xen_segment *a = &info->segs[i], *b = &info->segs[j];

			if (ranges_meet(a->offset, a->filesz, b->offset, b->filesz) ||
			    ranges_meet(a->dest, a->memsz, b->dest, b->memsz)) {
				pr_debug("segments %d and %d overlap: the kernel is copied", i, j);
				return;
			}
		}
	for (int i = 0; i < info->nsegs; i++) {
		const struct elf_xen_segment *s = &info->segs[i];
		const uintptr_t src = (uintptr_t)elf + s->offset;
		const uint64_t to = s->dest - l->virt_base;

		if (src % PAGE_SIZE || to % PAGE_SIZE)
			continue;
		for (uint64_t k = 0; k + PAGE_SIZE <= s->filesz; k += PAGE_SIZE) {
			uint64_t pfn = (to + k) / PAGE_SIZE;

			unsigned long frame = mm_frame_of((unsigned long)(src + k));

			if (pfn < l->kernel_pfn || pfn - l->kernel_pfn >= l->kernel_pages ||
			    keeps_its_frame(l, pfn) || frame == 0)
				continue;
			cb->frame[pfn] = frame;
			cb->lent[pfn / 64] |= 1ull << (pfn % 64);
			cb->frames_lent++;
		}
	}
}

int chainboot_prepare(struct chainboot *cb, const struct elf_xen_info *info, const void *elf,
		      uint64_t ramdisk_bytes)
{
	const struct pv_layout *l = &cb->layout;
	unsigned long free_pages = memory_free_pages();
	uint64_t need;
	int rc;

	memset(cb, 0, sizeof(*cb));
	rc = pv_layout_plan(&cb->layout, info, ramdisk_bytes, start_info->nr_pages, cb->err,
			    sizeof(cb->err));
	if (rc < 0)
		return rc;
	cb->frame = kcalloc(l->mapped_pages, sizeof(*cb->frame));
	cb->lent = kcalloc((l->mapped_pages + 63) / 64, sizeof(*cb->lent));
	if (!cb->frame || !cb->lent) {
		chainboot_abandon(cb);
		return fail(cb, -ENOMEM, "not enough memory for the frame list");
	}
	lend_image_pages(cb, info, elf);
	need = l->mapped_pages - cb->frames_lent;
	if (free_pages < need + SLACK) {
		chainboot_abandon(cb);
		return fail(cb, -ENOMEM,
			    "not enough memory: the kernel and its ramdisk need %lu MiB at boot, "
			    "%lu MiB of the domain's %lu MiB are free",
			    (unsigned long)((need + SLACK + 255) >> 8), free_pages >> 8,
			    (unsigned long)(l->nr_pages >> 8));
	}
	if ((rc = take_frames(cb)) < 0) {
		chainboot_abandon(cb);
		return fail(cb, rc, "not enough memory: %lu MiB free, %lu MiB needed at boot",
			    memory_free_pages() >> 8, (unsigned long)(need >> 8));
	}
	for (uint64_t i = 0; i < l->kernel_pages; i++)
		if (!is_lent(cb, l->kernel_pfn + i))
			memset(page_of(cb, l->kernel_pfn + i), 0, PAGE_SIZE);
	pr_debug("%lu frames taken and %lu lent by the image for a boot mapping of %lu pages",
		 (unsigned long)cb->frames_taken, (unsigned long)cb->frames_lent,
		 (unsigned long)l->mapped_pages);
	return 0;
}

/* Copies len bytes from src to offset of the boot mapping, but for the
 * pages the image lent (they hold those bytes already). */
static void copy_to(struct chainboot *cb, uint64_t offset, const uint8_t *src, uint64_t len)
{
	while (len) {
		uint64_t in = offset % PAGE_SIZE, n = PAGE_SIZE - in;

		if (n > len)
			n = len;
		if (!is_lent(cb, offset / PAGE_SIZE))
			memcpy((uint8_t *)page_of(cb, offset / PAGE_SIZE) + in, src, n);
		offset += n;
		src += n;
		len -= n;
	}
}

void chainboot_load_kernel(struct chainboot *cb, const void *elf, const struct elf_xen_info *info)
{
	const struct pv_layout *l = &cb->layout;

	for (int i = 0; i < info->nsegs; i++) {
		const struct elf_xen_segment *s = &info->segs[i];

		copy_to(cb, s->dest - l->virt_base, (const uint8_t *)elf + s->offset, s->filesz);
	}
	/* Xen's builder fills the hypercall page; ours has the same calls. */
	if (l->hypercall_page)
		memcpy(page_of(cb, (l->hypercall_page - l->virt_base) / PAGE_SIZE), hypercall_page,
		       PAGE_SIZE);
}

void *chainboot_ramdisk_page(struct chainboot *cb, uint64_t index)
{
	return page_of(cb, cb->layout.ramdisk_pfn + index);
}

/* The new p2m: the boot mapping's frames, the xenstore and console pages
 * where the layout puts them, then every other frame of ours in order. */
static int build_p2m(struct chainboot *cb)
{
	const struct pv_layout *l = &cb->layout;
	const uint64_t n = l->nr_pages;
	unsigned long store_pfn = mfn_to_pfn(start_info->store_mfn);
	unsigned long cons_pfn = mfn_to_pfn(start_info->console.domU.mfn);
	uint64_t *used, next = 0;
	int rc = 0;

	if (store_pfn >= n || pfn_to_mfn(store_pfn) != start_info->store_mfn || cons_pfn >= n ||
	    pfn_to_mfn(cons_pfn) != start_info->console.domU.mfn)
		return fail(cb, -EINVAL, "the xenstore or console page is not one of our frames");
	used = kcalloc((n + 63) / 64, sizeof(*used));
	if (!used)
		return fail(cb, -ENOMEM, "not enough memory for the frame bitmap");
	used[store_pfn / 64] |= 1ull << (store_pfn % 64);
	used[cons_pfn / 64] |= 1ull << (cons_pfn % 64);
	for (uint64_t pfn = 0; pfn < l->mapped_pages; pfn++) {
		uint64_t mfn;

		if (pfn == l->xenstore_pfn)
			mfn = start_info->store_mfn;
		else if (pfn == l->console_pfn)
			mfn = start_info->console.domU.mfn;
		else {
			mfn = pfn_to_mfn(cb->frame[pfn]);
			used[cb->frame[pfn] / 64] |= 1ull << (cb->frame[pfn] % 64);
		}
		*p2m_slot(cb, pfn) = mfn;
	}
	for (uint64_t pfn = l->mapped_pages; pfn < n; pfn++) {
		while (next < n && (used[next / 64] & (1ull << (next % 64))))
			next++;
		if (next == n) {
			rc = fail(cb, -EINVAL, "frames do not add up: none left for pfn %lu",
				  (unsigned long)pfn);
			break;
		}
		*p2m_slot(cb, pfn) = pfn_to_mfn(next++);
	}
	while (rc == 0 && next < n && (used[next / 64] & (1ull << (next % 64))))
		next++;
	if (rc == 0 && next < n)
		rc = fail(cb, -EINVAL, "frames do not add up: frame %lu left over",
			  (unsigned long)next);
	kfree(used);
	/* The rest of the last p2m page. */
	for (uint64_t pfn = n; pfn < l->p2m_pages * 512; pfn++)
		*p2m_slot(cb, pfn) = 0;
	return rc;
}

static void build_start_info(struct chainboot *cb, const char *cmdline)
{
	const struct pv_layout *l = &cb->layout;
	start_info_t *si = page_of(cb, l->start_info_pfn);

	memset(si, 0, PAGE_SIZE);
	format_buf(si->magic, sizeof(si->magic), "xen-3.0-x86_64");
	si->nr_pages = l->nr_pages;
	si->shared_info = start_info->shared_info;
	si->flags = start_info->flags & ~(uint32_t)SIF_MOD_START_PFN;
	si->store_mfn = start_info->store_mfn;
	si->store_evtchn = start_info->store_evtchn;
	si->console.domU.mfn = start_info->console.domU.mfn;
	si->console.domU.evtchn = start_info->console.domU.evtchn;
	si->pt_base = pv_layout_va(l, l->pt_pfn);
	si->nr_pt_frames = l->pt_pages;
	si->mfn_list = pv_layout_va(l, l->p2m_pfn);
	if (l->ramdisk_pages) {
		si->mod_start = pv_layout_va(l, l->ramdisk_pfn);
		si->mod_len = l->ramdisk_bytes;
	}
	format_buf((char *)si->cmd_line, sizeof(si->cmd_line), "%s", cmdline);
}

/* The page the hand-over runs from: one of the padding pages at the end
 * of the boot mapping (nothing the new kernel reads at entry), at an
 * address that is either outside our own direct map, or on a page of ours
 * that nothing needs in the last instructions before the switch: not our
 * image, not near our stack. */
static int choose_trampoline(struct chainboot *cb)
{
	const struct pv_layout *l = &cb->layout;
	unsigned long sp_pfn = virt_to_pfn(__builtin_frame_address(0));
	unsigned long image_end = PFN_UP((unsigned long)_end);

	for (uint64_t pfn = l->mapped_pages - 1; pfn > l->stack_pfn; pfn--) {
		uint64_t va = pv_layout_va(l, pfn);
		unsigned long ours = (unsigned long)(va >> PAGE_SHIFT);

		if (va >= ((uint64_t)nr_pages << PAGE_SHIFT)) {
			cb->trampoline_pfn = pfn;
			cb->trampoline_over_ours = false;
			return 0;
		}
		if (ours < image_end ||
		    (ours + STACK_GUARD >= sp_pfn && ours <= sp_pfn + STACK_GUARD))
			continue;
		cb->trampoline_pfn = pfn;
		cb->trampoline_over_ours = true;
		return 0;
	}
	return fail(cb, -EINVAL, "no page of the boot mapping can carry the hand-over");
}

static void set_tables_writable(struct chainboot *cb, bool writable)
{
	for (uint64_t i = 0; i < cb->layout.pt_pages; i++)
		mm_set_writable(cb->frame[cb->layout.pt_pfn + i], writable);
}

int chainboot_finish(struct chainboot *cb, const char *cmdline)
{
	const struct pv_layout *l = &cb->layout;
	uint64_t **tables;
	uint8_t *tramp;
	struct mmuext_op *ops;
	struct mmuext_op pin = { .cmd = MMUEXT_PIN_L4_TABLE };
	size_t code = (size_t)(chainboot_trampoline_end - chainboot_trampoline);
	long rc;

	if (strlen(cmdline) >= MAX_GUEST_CMDLINE)
		return fail(cb, -E2BIG, "the kernel command line is longer than %d bytes",
			    MAX_GUEST_CMDLINE - 1);
	if ((rc = build_p2m(cb)) < 0)
		return (int)rc;
	build_start_info(cb, cmdline);

	tables = kcalloc(l->pt_pages, sizeof(*tables));
	if (!tables)
		return fail(cb, -ENOMEM, "not enough memory for the page-table list");
	for (uint64_t i = 0; i < l->pt_pages; i++) {
		tables[i] = page_of(cb, l->pt_pfn + i);
		memset(tables[i], 0, PAGE_SIZE);
	}
	pv_layout_page_tables(l, tables, new_mfn, cb);
	kfree(tables);

	memset(page_of(cb, l->stack_pfn), 0, PAGE_SIZE);
	if ((rc = choose_trampoline(cb)) < 0)
		return (int)rc;
	tramp = page_of(cb, cb->trampoline_pfn);
	ops = (struct mmuext_op *)(tramp + OPS_OFFSET);
	memset(tramp, 0, PAGE_SIZE);
	memcpy(tramp, chainboot_trampoline, code);
	ops[0].cmd = MMUEXT_NEW_BASEPTR;
	ops[0].arg1.mfn = new_mfn(l->pt_pfn, cb);
	ops[1].cmd = MMUEXT_UNPIN_TABLE;
	ops[1].arg1.mfn = mm_root_mfn();

	/* The hand-over page at its new address in our tables too, to run
	 * the switch from; over a page of ours only at the very end. */
	if (!cb->trampoline_over_ours) {
		rc = mm_map_code(pv_layout_va(l, cb->trampoline_pfn),
				 pfn_to_mfn(cb->frame[cb->trampoline_pfn]));
		if (rc < 0)
			return fail(cb, (int)rc, "cannot map the hand-over page at 0x%lx: %s",
				    (unsigned long)pv_layout_va(l, cb->trampoline_pfn),
				    errno_name((int)rc));
		cb->code_mapped = true;
	}

	set_tables_writable(cb, false);
	pin.arg1.mfn = new_mfn(l->pt_pfn, cb);
	rc = hyp_mmuext_op(&pin, 1, NULL, DOMID_SELF);
	if (rc < 0) {
		set_tables_writable(cb, true);
		return fail(cb, -EINVAL, "Xen refused the new kernel's page tables (%ld)", rc);
	}
	cb->pinned = true;
	pr_debug("new world: entry 0x%lx, start_info 0x%lx, %lu page tables, %lu pages mapped",
		 (unsigned long)l->entry, (unsigned long)pv_layout_va(l, l->start_info_pfn),
		 (unsigned long)l->pt_pages, (unsigned long)l->mapped_pages);
	return 0;
}

void chainboot_abandon(struct chainboot *cb)
{
	const struct pv_layout *l = &cb->layout;

	if (cb->pinned) {
		struct mmuext_op unpin = { .cmd = MMUEXT_UNPIN_TABLE,
					   .arg1.mfn = new_mfn(l->pt_pfn, cb) };

		if (hyp_mmuext_op(&unpin, 1, NULL, DOMID_SELF) < 0)
			pr_err("unpinning the abandoned page tables refused");
		set_tables_writable(cb, true);
		cb->pinned = false;
	}
	if (cb->code_mapped) {
		mm_unmap(pv_layout_va(l, cb->trampoline_pfn));
		cb->code_mapped = false;
	}
	if (cb->frame) {
		for (uint64_t pfn = 0; pfn < l->mapped_pages; pfn++)
			if (cb->frame[pfn] && !is_lent(cb, pfn))
				page_free(pfn_to_virt(cb->frame[pfn]), 1);
		kfree(cb->frame);
		cb->frame = NULL;
	}
	if (cb->lent)
		kfree(cb->lent);
	cb->lent = NULL;
	cb->frames_taken = cb->frames_lent = 0;
}

int chainboot_jump(struct chainboot *cb)
{
	const struct pv_layout *l = &cb->layout;
	evtchn_port_t keep[2] = { start_info->store_evtchn, start_info->console.domU.evtchn };
	const uint64_t tramp_va = pv_layout_va(l, cb->trampoline_pfn);
	const uint64_t tramp_pte =
		((uint64_t)pfn_to_mfn(cb->frame[cb->trampoline_pfn]) << PAGE_SHIFT) |
		1 /* present */ | 0x20 /* accessed */;
	const bool over_ours = cb->trampoline_over_ours;
	struct mmuext_op *ops = (struct mmuext_op *)(uintptr_t)(tramp_va + OPS_OFFSET);
	const uint64_t si_va = pv_layout_va(l, l->start_info_pfn), entry = l->entry;
	const uint64_t stack_top = pv_layout_va(l, l->stack_pfn + 1);
	static struct mmu_update batch[M2P_BATCH];
	trampoline_fn trampoline = (trampoline_fn)(uintptr_t)tramp_va;
	unsigned count = 0;
	int rc, closed;

	if (!cb->pinned)
		return fail(cb, -EINVAL, "chainboot_finish has not run");
	/* xenstored forgets our watches: the new kernel's would otherwise
	 * see events for tokens it never set. */
	if ((rc = xenbus_reset_watches()) < 0)
		pr_warn("xenstored did not reset our watches: %s", errno_name(rc));
	if (gnttab_revoke_all() < 0)
		pr_warn("some grants stay with their peers");
	hyp_set_timer_op(0);
	console_flush();

	/* Past this point there is no way back. */
	events_mask();
	closed = events_close_all_except(keep, 2);
	pr_debug("closed %d event channels", closed);
	for (uint64_t pfn = 0; pfn < l->nr_pages; pfn++) {
		batch[count].ptr = (new_mfn(pfn, cb) << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE;
		batch[count].val = pfn;
		if (++count == M2P_BATCH || pfn + 1 == l->nr_pages) {
			long r = hyp_mmu_update(batch, count, NULL, DOMID_SELF);

			if (r < 0)
				panic("machine-to-phys update refused at pfn %lu: %ld",
				      (unsigned long)pfn, r);
			count = 0;
		}
	}
	/* Our own page at that address is given up now (nothing of ours
	 * that the last instructions need is there: choose_trampoline). */
	if (over_ours && hyp_update_va_mapping(tramp_va, tramp_pte, UVMF_INVLPG | UVMF_LOCAL) < 0)
		panic("cannot map the hand-over page at 0x%lx", (unsigned long)tramp_va);
	trampoline(ops, si_va, entry, stack_top);
}
