/*
 * The libxc subset for stub domains implements Xen's stable library APIs
 * (<xenevtchn.h>, <xengnttab.h>, <xenforeignmemory.h>, <xendevicemodel.h>)
 * inside the unikernel. Where those APIs rely on a file descriptor to wait
 * (select/poll on xenevtchn_fd), a stub domain has none; this header adds
 * what replaces it.
 */
#ifndef SYS_XC_XC_EXTENSIONS_H
#define SYS_XC_XC_EXTENSIONS_H

#include <stdint.h>
#include <xenevtchn.h>

/* Waits until xenevtchn_pending would return a port, or until deadline
 * (Xen system time in ns, 0: none). 0, or -1 with errno ETIMEDOUT. */
int xenevtchn_wait(xenevtchn_handle *xce, uint64_t deadline_ns);

#endif
