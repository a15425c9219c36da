/*
 * Cooperative context switch: saves the callee-saved registers of the
 * running thread on its stack, stores its stack pointer, loads the next
 * thread's and returns into it.
 *   void arch_switch_stack(uint64_t *save_sp, uint64_t next_sp)
 */
	.text
	.globl arch_switch_stack
arch_switch_stack:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
