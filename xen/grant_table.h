/*
 * Grant tables (v1): letting another domain map or copy one of our pages
 * (grant/end access), and mapping a page another domain granted us.
 */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

#include <stdbool.h>
#include <xen/xen.h>
#include <xen/grant_table.h>

int gnttab_init(void);

/* Grants domid access to machine frame mfn; returns the grant reference
 * (>= 0) or -ENOSPC when the table is full. */
int gnttab_grant_access(domid_t domid, unsigned long mfn, bool readonly);
/* Withdraws a grant. -EBUSY while the peer still has it mapped (the grant
 * stays valid; try again later). */
int gnttab_end_access(grant_ref_t ref);

/* Maps domid's grant ref at a fresh address of ours. */
int gnttab_map(domid_t domid, grant_ref_t ref, bool readonly, void **va, grant_handle_t *handle);
int gnttab_unmap(void *va, grant_handle_t handle);
/* Maps domid's grant ref at va, an address the caller reserved
 * (vmap_reserve); unmapping it with gnttab_unmap_at leaves va reserved. */
int gnttab_map_at(void *va, domid_t domid, grant_ref_t ref, bool readonly, grant_handle_t *handle);
int gnttab_unmap_at(void *va, grant_handle_t handle);

/* Clears every grant but the toolstack's reserved ones (for handing the
 * domain to another kernel). -EBUSY when some peer still uses a grant
 * (those are left alone). */
int gnttab_revoke_all(void);
/* Free grant references left (for tests and diagnostics). */
unsigned gnttab_free_count(void);

#endif
