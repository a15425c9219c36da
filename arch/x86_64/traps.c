/*
 * Exception handling: the trap table and callbacks registered with Xen, and
 * the report of a fatal fault (what, where, registers, a frame-pointer
 * backtrace) ending in one "crash:" line, then shutdown as crashed.
 */
#define LOG_TAG "trap"
#include "arch/x86_64/traps.h"

#include "arch/x86_64/hypercall.h"
#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "xen/hypervisor.h"

#include <stddef.h>
#include <stdnoreturn.h>

#define DECLARE_TRAP(v) extern char trap_entry_##v[]
DECLARE_TRAP(0);
DECLARE_TRAP(1);
DECLARE_TRAP(3);
DECLARE_TRAP(4);
DECLARE_TRAP(5);
DECLARE_TRAP(6);
DECLARE_TRAP(7);
DECLARE_TRAP(8);
DECLARE_TRAP(10);
DECLARE_TRAP(11);
DECLARE_TRAP(12);
DECLARE_TRAP(13);
DECLARE_TRAP(14);
DECLARE_TRAP(16);
DECLARE_TRAP(17);
DECLARE_TRAP(19);
extern char hypervisor_callback[], failsafe_callback[];

/* flags bit 2: Xen masks events while the handler runs. */
#define TRAP(v)                                                     \
	{                                                           \
		v, 4, FLAT_KERNEL_CS, (unsigned long)trap_entry_##v \
	}
static const struct trap_info trap_table[] = {
	TRAP(0),  TRAP(1),  TRAP(3),  TRAP(4),	TRAP(5),	TRAP(6),
	TRAP(7),  TRAP(8),  TRAP(10), TRAP(11), TRAP(12),	TRAP(13),
	TRAP(14), TRAP(16), TRAP(17), TRAP(19), { 0, 0, 0, 0 },
};

static const char *const trap_names[] = {
	[0] = "divide error",	      [1] = "debug",
	[3] = "breakpoint",	      [4] = "overflow",
	[5] = "bound range exceeded", [6] = "invalid opcode",
	[7] = "device not available", [8] = "double fault",
	[10] = "invalid TSS",	      [11] = "segment not present",
	[12] = "stack-segment fault", [13] = "general protection fault",
	[14] = "page fault",	      [16] = "x87 floating-point error",
	[17] = "alignment check",     [19] = "SIMD floating-point error",
};

void traps_init(void)
{
	struct callback_register event = {
		.type = CALLBACKTYPE_event,
		.flags = CALLBACKF_mask_events,
		.address = (unsigned long)hypervisor_callback,
	};
	struct callback_register failsafe = {
		.type = CALLBACKTYPE_failsafe,
		.flags = CALLBACKF_mask_events,
		.address = (unsigned long)failsafe_callback,
	};
	long rc;

	rc = hyp_set_trap_table(trap_table);
	if (rc < 0)
		panic("set_trap_table refused: %ld", rc);
	rc = hyp_callback_op(CALLBACKOP_register, &event);
	if (rc < 0)
		panic("registering the event callback refused: %ld", rc);
	rc = hyp_callback_op(CALLBACKOP_register, &failsafe);
	if (rc < 0)
		panic("registering the failsafe callback refused: %ld", rc);
}

static int fault_depth;

/* Follows saved frame pointers while they point into mapped memory. */
static void backtrace(uint64_t rbp)
{
	printk("backtrace:");
	for (int i = 0; i < 16 && rbp; i++) {
		const uint64_t *frame = (const uint64_t *)rbp;
		if ((rbp & 7) || rbp < PAGE_SIZE || rbp + 16 > (nr_pages << PAGE_SHIFT))
			break;
		printk(" 0x%llx", (unsigned long long)frame[1]);
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
	printk("\n");
}

static void dump_registers(const struct trap_frame *f)
{
	printk("rip 0x%016llx  rsp 0x%016llx  rflags 0x%08llx  cs 0x%llx  ss 0x%llx\n",
	       (unsigned long long)f->rip, (unsigned long long)f->rsp,
	       (unsigned long long)f->rflags, (unsigned long long)f->cs, (unsigned long long)f->ss);
	printk("rax 0x%016llx  rbx 0x%016llx  rcx 0x%016llx  rdx 0x%016llx\n",
	       (unsigned long long)f->rax, (unsigned long long)f->rbx, (unsigned long long)f->rcx,
	       (unsigned long long)f->rdx);
	printk("rsi 0x%016llx  rdi 0x%016llx  rbp 0x%016llx  r8  0x%016llx\n",
	       (unsigned long long)f->rsi, (unsigned long long)f->rdi, (unsigned long long)f->rbp,
	       (unsigned long long)f->r8);
	printk("r9  0x%016llx  r10 0x%016llx  r11 0x%016llx  r12 0x%016llx\n",
	       (unsigned long long)f->r9, (unsigned long long)f->r10, (unsigned long long)f->r11,
	       (unsigned long long)f->r12);
	printk("r13 0x%016llx  r14 0x%016llx  r15 0x%016llx\n", (unsigned long long)f->r13,
	       (unsigned long long)f->r14, (unsigned long long)f->r15);
}

noreturn void trap_fatal(struct trap_frame *f);
noreturn void trap_fatal(struct trap_frame *f)
{
	const char *name =
		f->vector < sizeof(trap_names) / sizeof(trap_names[0]) && trap_names[f->vector]
			? trap_names[f->vector]
			: "unknown exception";

	if (fault_depth++) {
		printk("crash: %s (vector %llu) at rip 0x%016llx while reporting a fault\n", name,
		       (unsigned long long)f->vector, (unsigned long long)f->rip);
		xen_shutdown(SHUTDOWN_crash);
	}
	printk("\nFATAL: %s (vector %llu), error code 0x%llx\n", name,
	       (unsigned long long)f->vector, (unsigned long long)f->error_code);
	dump_registers(f);
	backtrace(f->rbp);
	if (f->vector == 14) {
		int have_cr2 = shared_info != NULL;
		uint64_t cr2 = have_cr2 ? shared_info->vcpu_info[0].arch.cr2 : 0;
		const char *access = (f->error_code & 16)  ? "instruction fetch"
				     : (f->error_code & 2) ? "write"
							   : "read";
		const char *why = (f->error_code & 1) ? "protection violation" : "page not present";
		if (have_cr2)
			printk("crash: page fault at address 0x%016llx (%s, %s), rip 0x%016llx\n",
			       (unsigned long long)cr2, access, why, (unsigned long long)f->rip);
		else
			printk("crash: page fault before shared info was mapped (%s, %s), rip "
			       "0x%016llx\n",
			       access, why, (unsigned long long)f->rip);
	} else {
		printk("crash: %s at rip 0x%016llx\n", name, (unsigned long long)f->rip);
	}
	xen_shutdown(SHUTDOWN_crash);
}

noreturn void failsafe_fatal(const uint64_t *frame);
noreturn void failsafe_fatal(const uint64_t *frame)
{
	printk("crash: failsafe callback (bad segment on return), frame words 0x%llx 0x%llx "
	       "0x%llx 0x%llx\n",
	       (unsigned long long)frame[0], (unsigned long long)frame[1],
	       (unsigned long long)frame[2], (unsigned long long)frame[3]);
	xen_shutdown(SHUTDOWN_crash);
}
