/*
 * The one call of libxenctrl's memory interface a device model needs
 * (see xc_extensions.h): populating frames of its target, for the video
 * RAM and option ROMs that live in the guest's memory.
 */
#define LOG_TAG "xc"
#include "arch/x86_64/hypercall.h"
#include "kernel/log.h"
#include "sys/xc/xc_extensions.h"

#include <errno.h>
#include <xen/memory.h>

int xc_domain_populate_physmap_exact(void *xch, uint32_t domid, unsigned long nr_extents,
				     unsigned int extent_order, unsigned int mem_flags,
				     xen_pfn_t *extent_start)
{
	unsigned long done = 0;

	(void)xch;
	while (done < nr_extents) {
		struct xen_memory_reservation r = {
			.nr_extents = nr_extents - done,
			.extent_order = extent_order,
			.mem_flags = mem_flags,
			.domid = (domid_t)domid,
		};
		long rc;

		set_xen_guest_handle(r.extent_start, extent_start + done);
		rc = hyp_memory_op(XENMEM_populate_physmap, &r);
		if (rc <= 0) {
			/* 0: Xen populated none (the guest's maximum reached). */
			errno = rc < 0 ? (int)-rc : ENOMEM;
			pr_warn("populating %lu frames of domain %u at %#llx: %lu done, Xen says "
				"%ld",
				nr_extents, domid, (unsigned long long)extent_start[done], done,
				rc);
			return -1;
		}
		done += (unsigned long)rc;
	}
	return 0;
}
