/*
 * The last instructions of a kernel that hands its domain to another PV
 * kernel (sys/chainboot.c). They are data here: chainboot copies them into
 * the new kernel's boot-stack page, which it maps at the same virtual
 * address in the old and in the new page tables, and calls them there:
 *
 *   void trampoline(struct mmuext_op ops[2], uint64_t start_info,
 *                   uint64_t entry, uint64_t stack_top)
 *
 * ops are "new base pointer" (switch to the new tables) and "unpin" (the
 * old L4, whose pages become plain memory of the new kernel), issued with
 * a bare `syscall`: the hypercall page and the old stack are gone once the
 * new tables are in. Then the registers the domain builder would give:
 * %rsp at the top of the boot stack, %rsi = start_info, the rest zero.
 * A refused hypercall leaves nothing to return to: ud2 crashes the domain,
 * and Xen's log says why.
 */
#include <xen/xen.h>

	.section .rodata.chainboot, "a"
	.globl chainboot_trampoline, chainboot_trampoline_end
chainboot_trampoline:
	movq %rdx, %r12
	movq %rsi, %r13
	movq %rcx, %r14
	movl $__HYPERVISOR_mmuext_op, %eax
	movl $2, %esi
	xorl %edx, %edx
	movl $DOMID_SELF, %r10d
	syscall
	testq %rax, %rax
	jnz 1f
	movq %r14, %rsp
	movq %r13, %rsi
	xorl %eax, %eax
	xorl %ebx, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %edi, %edi
	xorl %ebp, %ebp
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r11d, %r11d
	xorl %r13d, %r13d
	xorl %r14d, %r14d
	xorl %r15d, %r15d
	jmp *%r12
1:	ud2
chainboot_trampoline_end:
