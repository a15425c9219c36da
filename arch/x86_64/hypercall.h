/*
 * Hypercalls for an x86_64 PV guest: a call into the hypercall page Xen
 * wrote at boot (32 bytes per hypercall), arguments in rdi, rsi, rdx, r10,
 * r8. Every argument register is treated as clobbered (debug builds of Xen
 * poison them), as are rcx and r11 (SYSCALL). Typed wrappers follow; they
 * return the hypercall's value or -errno in the C library's numbering
 * (xen_errno(), xen/errno.h), never Xen's own error numbers.
 */
#ifndef ARCH_X86_64_HYPERCALL_H
#define ARCH_X86_64_HYPERCALL_H

#include <stdint.h>
#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/event_channel.h>
#include <xen/callback.h>
#include <xen/version.h>
#include <xen/memory.h>

#include "xen/errno.h"

extern char hypercall_page[4096];

#define HYPERCALL5(nr, a1, a2, a3, a4, a5)                                                     \
	({                                                                                     \
		register long hc_rdi_ __asm__("rdi") = (long)(a1);                             \
		register long hc_rsi_ __asm__("rsi") = (long)(a2);                             \
		register long hc_rdx_ __asm__("rdx") = (long)(a3);                             \
		register long hc_r10_ __asm__("r10") = (long)(a4);                             \
		register long hc_r8_ __asm__("r8") = (long)(a5);                               \
		long hc_ret_;                                                                  \
		__asm__ volatile("call hypercall_page + %c[off]"                               \
				 : "=a"(hc_ret_), "+r"(hc_rdi_), "+r"(hc_rsi_), "+r"(hc_rdx_), \
				   "+r"(hc_r10_), "+r"(hc_r8_)                                 \
				 : [off] "i"((nr)*32)                                          \
				 : "memory", "rcx", "r11");                                    \
		hc_ret_;                                                                       \
	})

#define HYPERCALL1(nr, a1)	       HYPERCALL5(nr, a1, 0, 0, 0, 0)
#define HYPERCALL2(nr, a1, a2)	       HYPERCALL5(nr, a1, a2, 0, 0, 0)
#define HYPERCALL3(nr, a1, a2, a3)     HYPERCALL5(nr, a1, a2, a3, 0, 0)
#define HYPERCALL4(nr, a1, a2, a3, a4) HYPERCALL5(nr, a1, a2, a3, a4, 0)

static inline long hyp_set_trap_table(const struct trap_info *table)
{
	return xen_errno(HYPERCALL1(__HYPERVISOR_set_trap_table, table));
}

static inline long hyp_mmu_update(struct mmu_update *req, unsigned count, unsigned *done,
				  domid_t dom)
{
	return xen_errno(HYPERCALL4(__HYPERVISOR_mmu_update, req, count, done, dom));
}

static inline long hyp_mmuext_op(struct mmuext_op *op, unsigned count, unsigned *done, domid_t dom)
{
	return xen_errno(HYPERCALL4(__HYPERVISOR_mmuext_op, op, count, done, dom));
}

static inline long hyp_update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags)
{
	return xen_errno(HYPERCALL3(__HYPERVISOR_update_va_mapping, va, pte, flags));
}

static inline long hyp_sched_op(int cmd, void *arg)
{
	return xen_errno(HYPERCALL2(__HYPERVISOR_sched_op, cmd, arg));
}

static inline long hyp_event_channel_op(int cmd, void *arg)
{
	return xen_errno(HYPERCALL2(__HYPERVISOR_event_channel_op, cmd, arg));
}

static inline long hyp_callback_op(int cmd, const void *arg)
{
	return xen_errno(HYPERCALL2(__HYPERVISOR_callback_op, cmd, arg));
}

static inline long hyp_xen_version(int cmd, void *arg)
{
	return xen_errno(HYPERCALL2(__HYPERVISOR_xen_version, cmd, arg));
}

static inline long hyp_set_timer_op(uint64_t deadline_ns)
{
	return xen_errno(HYPERCALL1(__HYPERVISOR_set_timer_op, deadline_ns));
}

static inline long hyp_dm_op(domid_t domid, unsigned nr_bufs, void *bufs)
{
	return xen_errno(HYPERCALL3(__HYPERVISOR_dm_op, domid, nr_bufs, bufs));
}

static inline long hyp_memory_op(int cmd, void *arg)
{
	return xen_errno(HYPERCALL2(__HYPERVISOR_memory_op, cmd, arg));
}

#endif
