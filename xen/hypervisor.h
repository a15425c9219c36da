/*
 * What Xen handed this domain at boot and the calls about the domain as a
 * whole: start_info, the shared_info page, the Xen version, shutdown.
 */
#ifndef XEN_HYPERVISOR_H
#define XEN_HYPERVISOR_H

#include <stdnoreturn.h>
#include <xen/xen.h>
#include <xen/sched.h>

extern start_info_t *start_info;
extern shared_info_t *shared_info; /* NULL until mapped */

void hypervisor_init(start_info_t *si);
int hypervisor_map_shared_info(void);

static inline vcpu_info_t *this_vcpu(void)
{
	return &shared_info->vcpu_info[0];
}

/* "4.17.7" style; returns 0 or a negative errno. */
int xen_version_string(char *buf, unsigned long size);

/* Flushes console 0 (bounded wait) and shuts the domain down with reason
 * (SHUTDOWN_poweroff, SHUTDOWN_crash, ...). */
noreturn void xen_shutdown(unsigned reason);

#endif
