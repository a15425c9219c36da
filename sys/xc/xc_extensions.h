/*
 * The libxc subset for stub domains implements Xen's stable library APIs
 * (<xenevtchn.h>, <xengnttab.h>, <xenforeignmemory.h>, <xendevicemodel.h>)
 * inside the unikernel. Where those APIs rely on a file descriptor to wait
 * (select/poll on xenevtchn_fd), a stub domain has none; this header adds
 * what replaces it: a wait on one handle, or the handle as a source of the
 * kernel's one wait over many sources (kernel/poll.h), beside disks,
 * network and timers.
 */
#ifndef SYS_XC_XC_EXTENSIONS_H
#define SYS_XC_XC_EXTENSIONS_H

#include <stdint.h>
#include <xen/xen.h>
#include <xenevtchn.h>

struct poll_source;

/* Waits until xenevtchn_pending would return a port, or until deadline
 * (Xen system time in ns, 0: none). 0, or -1 with errno ETIMEDOUT. */
int xenevtchn_wait(xenevtchn_handle *xce, uint64_t deadline_ns);

/* From now on every event on a port of xce also signals src (a source of
 * a poll set; NULL stops it): its handler then takes the ports with
 * xenevtchn_pending until -1/EAGAIN and unmasks them, as after a select. */
void xenevtchn_poll_source(xenevtchn_handle *xce, struct poll_source *src);

/*
 * libxenctrl's call of that name (<xenctrl.h> itself is not offered):
 * nr_extents extents of 2^extent_order frames put into domid's physical
 * memory at the frames extent_start lists (XENMEM_populate_physmap; a
 * stub domain may do it for its target). All of them or an error: 0, or
 * -1 with errno (ENOMEM when Xen populated no more: the domain's
 * maximum). xch is not used (NULL will do).
 */
int xc_domain_populate_physmap_exact(void *xch, uint32_t domid, unsigned long nr_extents,
				     unsigned int extent_order, unsigned int mem_flags,
				     xen_pfn_t *extent_start);

#endif
