/*
 * The handle behind both <xengnttab.h> APIs: Xen's header names the
 * mapping handle (xengnttab_handle) and the sharing handle
 * (xengntshr_handle) as one struct type, so its one definition lives here,
 * private to sys/xc/gnttab.c (grants of others mapped) and
 * sys/xc/gntshr.c (pages of ours shared).
 */
#ifndef SYS_XC_GNTDEV_HANDLE_H
#define SYS_XC_GNTDEV_HANDLE_H

struct gnttab_mapping; /* gnttab.c's */
struct gntshr_share;   /* gntshr.c's */

struct xengntdev_handle {
	struct gnttab_mapping *maps;   /* xengnttab: what this handle mapped */
	struct gntshr_share *shares;   /* xengntshr: what this handle shared */
	struct xengntdev_handle *next; /* xengntshr: every open handle */
};

#endif
