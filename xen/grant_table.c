/*
 * Grant table v1 of this domain (see grant_table.h): the shared entries are
 * mapped from the frames GNTTABOP_setup_table returns; free references are
 * kept in a list threaded through an array.
 */
#define LOG_TAG "gnttab"
#include "xen/grant_table.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/hypercall.h"
#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "lib/errno.h"
#include "xen/errno.h"

#define NR_FRAMES	  4
#define ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define NR_REFS		  (NR_FRAMES * ENTRIES_PER_FRAME)
#define LIST_END	  (-1)

#define SPARE_VAS 256

static grant_entry_v1_t *entries;
/* Addresses of unmapped grants, reused before new vmap space is taken. */
static void *spare_va[SPARE_VAS];
static unsigned nspare;
static int next_free[NR_REFS];
static int free_head = LIST_END;
static unsigned nfree;

/* The value, or -errno in the C library's numbering (xen/errno.h). */
static long grant_op(unsigned cmd, void *op, unsigned count)
{
	return xen_errno(HYPERCALL3(__HYPERVISOR_grant_table_op, cmd, op, count));
}

int gnttab_init(void)
{
	xen_pfn_t frames[NR_FRAMES];
	struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = NR_FRAMES };
	long rc;

	set_xen_guest_handle(setup.frame_list, frames);
	rc = grant_op(GNTTABOP_setup_table, &setup, 1);
	if (rc < 0 || setup.status != GNTST_okay) {
		pr_err("setting up %d grant-table frames refused: %ld/%d", NR_FRAMES, rc,
		       setup.status);
		return rc < 0 ? (int)rc : -EIO;
	}
	entries = vmap_reserve(NR_FRAMES);
	if (!entries)
		return -ENOMEM;
	for (unsigned i = 0; i < NR_FRAMES; i++) {
		int err = mm_map_frame((unsigned long)entries + i * PAGE_SIZE, frames[i], 1);
		if (err < 0)
			return err;
	}
	/* The first references are the toolstack's (console, xenstore). */
	for (int ref = NR_REFS - 1; ref >= GNTTAB_NR_RESERVED_ENTRIES; ref--) {
		next_free[ref] = free_head;
		free_head = ref;
		nfree++;
	}
	pr_debug("%u grant references", nfree);
	return 0;
}

unsigned gnttab_free_count(void)
{
	return nfree;
}

int gnttab_grant_access(domid_t domid, unsigned long mfn, bool readonly)
{
	int ref;

	if (free_head == LIST_END) {
		pr_warn("no free grant reference");
		return -ENOSPC;
	}
	if (mfn > UINT32_MAX)
		return -EINVAL;
	ref = free_head;
	free_head = next_free[ref];
	nfree--;
	entries[ref].frame = (uint32_t)mfn;
	entries[ref].domid = domid;
	wmb();
	entries[ref].flags = (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0));
	return ref;
}

int gnttab_end_access(grant_ref_t ref)
{
	volatile uint16_t *flags;
	uint16_t old;

	if (ref < GNTTAB_NR_RESERVED_ENTRIES || ref >= NR_REFS)
		return -EINVAL;
	flags = &entries[ref].flags;
	do {
		old = *flags;
		if (old & (GTF_reading | GTF_writing))
			return -EBUSY;
	} while (!__atomic_compare_exchange_n(flags, &old, 0, false, __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	next_free[ref] = free_head;
	free_head = (int)ref;
	nfree++;
	return 0;
}

int gnttab_map_at(void *va, domid_t domid, grant_ref_t ref, bool readonly, grant_handle_t *handle)
{
	struct gnttab_map_grant_ref op = { 0 };
	long rc;

	op.host_addr = (uint64_t)va;
	op.flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0);
	op.ref = ref;
	op.dom = domid;
	rc = grant_op(GNTTABOP_map_grant_ref, &op, 1);
	if (rc < 0 || op.status != GNTST_okay) {
		pr_warn("mapping grant %u of domain %u refused: %ld/%d", ref, domid, rc, op.status);
		return rc < 0 ? (int)rc : op.status == GNTST_permission_denied ? -EPERM : -EACCES;
	}
	*handle = op.handle;
	return 0;
}

int gnttab_unmap_at(void *va, grant_handle_t handle)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = (uint64_t)va, .handle = handle };
	long rc = grant_op(GNTTABOP_unmap_grant_ref, &op, 1);

	if (rc < 0 || op.status != GNTST_okay) {
		pr_warn("unmapping grant handle %u refused: %ld/%d", handle, rc, op.status);
		return rc < 0 ? (int)rc : -EINVAL;
	}
	return 0;
}

int gnttab_map(domid_t domid, grant_ref_t ref, bool readonly, void **va, grant_handle_t *handle)
{
	void *where = nspare ? spare_va[--nspare] : vmap_reserve(1);
	int rc;

	if (!where)
		return -ENOMEM;
	rc = gnttab_map_at(where, domid, ref, readonly, handle);
	if (rc < 0) {
		if (nspare < SPARE_VAS)
			spare_va[nspare++] = where;
		return rc;
	}
	*va = where;
	return 0;
}

int gnttab_unmap(void *va, grant_handle_t handle)
{
	int rc = gnttab_unmap_at(va, handle);

	if (rc == 0 && nspare < SPARE_VAS)
		spare_va[nspare++] = va;
	return rc;
}

int gnttab_revoke_all(void)
{
	int busy = 0;

	if (!entries)
		return 0;
	for (unsigned ref = GNTTAB_NR_RESERVED_ENTRIES; ref < NR_REFS; ref++) {
		if (entries[ref].flags & (GTF_reading | GTF_writing)) {
			pr_warn("grant %u is still in use by domain %u", ref, entries[ref].domid);
			busy++;
			continue;
		}
		entries[ref].flags = 0;
		wmb();
		entries[ref].domid = 0;
		entries[ref].frame = 0;
	}
	return busy ? -EBUSY : 0;
}
