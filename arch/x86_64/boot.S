/*
 * Entry page of every image: the Xen ELF notes that make the domain builder
 * accept it as an x86_64 PV kernel, _start (switch to the kernel's own boot
 * stack, hand start_info to C), and the hypercall page Xen fills in.
 *
 * Page 0 holds only _start; the memory manager unmaps it once the kernel
 * runs, so a NULL dereference faults.
 */
#include <xen/elfnote.h>

#define XEN_NOTE(type, desc...)            \
	.pushsection .note.Xen, "a", @note;  \
	.p2align 2;                          \
	.long 2f - 1f;                       \
	.long 4f - 3f;                       \
	.long type;                          \
1:	.asciz "Xen";                        \
2:	.p2align 2;                          \
3:	desc;                                \
4:	.p2align 2;                          \
	.popsection

XEN_NOTE(XEN_ELFNOTE_GUEST_OS, .asciz "stubdom-kernel")
XEN_NOTE(XEN_ELFNOTE_GUEST_VERSION, .asciz "0.1")
XEN_NOTE(XEN_ELFNOTE_LOADER, .asciz "generic")
XEN_NOTE(XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0")
XEN_NOTE(XEN_ELFNOTE_VIRT_BASE, .quad 0)
XEN_NOTE(XEN_ELFNOTE_PADDR_OFFSET, .quad 0)
XEN_NOTE(XEN_ELFNOTE_ENTRY, .quad _start)
XEN_NOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page)

	.section .text.boot, "ax"
	.globl _start
_start:
	cld
	/* Xen's bootstrap stack is one page past the page tables; use ours. */
	leaq boot_stack_top(%rip), %rsp
	xorl %ebp, %ebp
	movq %rsi, %rdi
	call kernel_start
	ud2

	.balign 4096
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc

	.section .bss.boot_stack, "aw", @nobits
	.balign 16
boot_stack:
	.skip 65536
	.globl boot_stack_top
boot_stack_top:
