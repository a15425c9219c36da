/*
 * Entry points Xen bounces to: exception stubs (every exception is fatal
 * for now and reaches trap_fatal with a full register frame), the event
 * upcall (saves every register and the FPU/SSE state, dispatches, returns
 * through HYPERVISOR_iret so the event mask is restored atomically) and the
 * failsafe callback.
 *
 * Xen's x86_64 PV bounce frame: rcx, r11, [error code], rip, cs, rflags,
 * rsp, ss (lowest address first).
 */
#include <xen/xen.h>

.macro SAVE_GPRS
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro RESTORE_GPRS
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
.endm

/* Take back rcx and r11, which Xen saved above the hardware frame. */
.macro XEN_FRAME_FIXUP
	movq (%rsp), %rcx
	movq 8(%rsp), %r11
	addq $16, %rsp
.endm

.macro TRAP_NO_ERROR vec
	.globl trap_entry_\vec
trap_entry_\vec:
	XEN_FRAME_FIXUP
	pushq $0
	pushq $\vec
	jmp trap_common
.endm

.macro TRAP_WITH_ERROR vec
	.globl trap_entry_\vec
trap_entry_\vec:
	XEN_FRAME_FIXUP
	pushq $\vec
	jmp trap_common
.endm

	.text
TRAP_NO_ERROR 0
TRAP_NO_ERROR 1
TRAP_NO_ERROR 3
TRAP_NO_ERROR 4
TRAP_NO_ERROR 5
TRAP_NO_ERROR 6
TRAP_NO_ERROR 7
TRAP_WITH_ERROR 8
TRAP_WITH_ERROR 10
TRAP_WITH_ERROR 11
TRAP_WITH_ERROR 12
TRAP_WITH_ERROR 13
TRAP_WITH_ERROR 14
TRAP_NO_ERROR 16
TRAP_WITH_ERROR 17
TRAP_NO_ERROR 19

trap_common:
	SAVE_GPRS
	movq %rsp, %rdi
	andq $-16, %rsp
	call trap_fatal
	ud2

	.globl hypervisor_callback
hypervisor_callback:
	XEN_FRAME_FIXUP
	SAVE_GPRS
	movq %rsp, %rbp
	subq $512, %rsp
	andq $-16, %rsp
	fxsaveq (%rsp)
	call events_upcall
	fxrstorq (%rsp)
	movq %rbp, %rsp
	RESTORE_GPRS
	/* struct iret_context: the iret stub in the hypercall page pushes
	 * rcx, r11 and rax itself; the flags word is ours. */
	pushq $0
	jmp hypercall_page + __HYPERVISOR_iret * 32

	.globl failsafe_callback
failsafe_callback:
	movq %rsp, %rdi
	andq $-16, %rsp
	call failsafe_fatal
	ud2
