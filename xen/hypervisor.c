/* start_info, shared_info, Xen version and domain shutdown (see hypervisor.h). */
#define LOG_TAG "xen"
#include <stddef.h>
#include "xen/hypervisor.h"

#include "arch/x86_64/hypercall.h"
#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "xen/console.h"

start_info_t *start_info;
shared_info_t *shared_info;

void hypervisor_init(start_info_t *si)
{
	start_info = si;
}

int hypervisor_map_shared_info(void)
{
	void *p = vmap_mfn(start_info->shared_info >> PAGE_SHIFT, 1);

	if (!p) {
		pr_err("cannot map shared info (machine address 0x%lx)",
		       (unsigned long)start_info->shared_info);
		return -ENOMEM;
	}
	shared_info = p;
	return 0;
}

int xen_version_string(char *buf, unsigned long size)
{
	xen_extraversion_t extra;
	long v = hyp_xen_version(XENVER_version, NULL);

	if (v < 0)
		return (int)v;
	if (hyp_xen_version(XENVER_extraversion, extra) < 0)
		extra[0] = '\0';
	extra[sizeof(extra) - 1] = '\0';
	format_buf(buf, size, "%ld.%ld%s", v >> 16, v & 0xffff, extra);
	return 0;
}

noreturn void xen_shutdown(unsigned reason)
{
	struct sched_shutdown arg = { .reason = reason };

	console_flush();
	for (;;) {
		hyp_sched_op(SCHEDOP_shutdown, &arg);
		/* Only returns if Xen refused; there is nothing else to do. */
		hyp_sched_op(SCHEDOP_yield, NULL);
	}
}
