/*
 * What the platform's device models ask of the world outside them: the
 * guest's interrupt lines, its PCI link routes and its power, the stub's
 * consoles and log. The glue (main.c) fills the table with Xen's device
 * model operations (XEN_DMOP_*) and the stub's consoles; unit tests and
 * fuzzers fill it with recorders. Any entry may be NULL: the request is
 * then logged as not carried out. The device models call the entries only
 * through the platform_*() wrappers, which check the arguments a guest
 * could have chosen and log what failed.
 */
#ifndef APPS_IOEMU_PLATFORM_OPS_H
#define APPS_IOEMU_PLATFORM_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum platform_shutdown { PLATFORM_POWEROFF, PLATFORM_REBOOT };

struct platform_ops {
	void *ctx;
	/* XEN_DMOP_set_isa_irq_level: ISA IRQ 0-15 high or low. */
	int (*set_isa_irq_level)(void *ctx, unsigned irq, bool level);
	/* XEN_DMOP_set_pci_intx_level: INTA-D (intx 0-3) of device 0-31 on
	 * bus 0-255 of segment 0-65535. */
	int (*set_pci_intx_level)(void *ctx, unsigned segment, unsigned bus, unsigned device,
				  unsigned intx, bool level);
	/* XEN_DMOP_set_pci_link_route: PCI link 0-3 (PIIX3 PIRQA-D) to ISA
	 * IRQ 1-15, or 0: not routed. */
	int (*set_pci_link_route)(void *ctx, unsigned link, unsigned isa_irq);
	/* XEN_DMOP_remote_shutdown with SHUTDOWN_poweroff or SHUTDOWN_reboot. */
	int (*shutdown)(void *ctx, enum platform_shutdown how);
	/* The Xen platform device's unplug request: XEN_PLATFORM_UNPLUG_*
	 * bits (xen_platform.h); the disks' and nics' owners act on it. */
	int (*unplug)(void *ctx, unsigned mask);
	/* XEN_DMOP_set_mem_type over the BIOS area 0xc0000-0xfffff:
	 * HVMMEM_ram_ro when readonly, else HVMMEM_ram_rw. */
	int (*set_rom_area_readonly)(void *ctx, bool readonly);
	/* The VGA's video RAM (guest pages the device model populated) moved
	 * to guest-physical address gpa, page-aligned, where the guest put
	 * the framebuffer BAR, when placed; back where the device model keeps
	 * it otherwise (XEN_DMOP_relocate_memory from wherever it is). */
	int (*place_vram)(void *ctx, bool placed, uint64_t gpa);
	/* Bytes the guest sent on serial port port_index (COM1 is 0). */
	void (*serial_out)(void *ctx, unsigned port_index, const uint8_t *bytes, size_t len);
	/* A line the guest's PV drivers logged through the platform device
	 * (NUL-terminated, without its newline; printable as it is). */
	void (*guest_log)(void *ctx, const char *line);
	/* A message of the device models themselves (a refusal, a failed
	 * request), NUL-terminated, without a newline. The guest can cause
	 * these at will (a BAR put over another device, a write nobody
	 * takes): the glue limits their rate. */
	void (*log)(void *ctx, const char *message);
};

/* Formats a message and passes it to ops->log (dropped when NULL). */
void platform_log(const struct platform_ops *ops, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Each carries out its entry, or logs why not (a NULL entry, an argument
 * out of range, the entry's failure); returns 0 or a negative errno. */
int platform_set_isa_irq(const struct platform_ops *ops, unsigned irq, bool level);
int platform_set_pci_intx(const struct platform_ops *ops, unsigned device, unsigned intx,
			  bool level);
int platform_set_link_route(const struct platform_ops *ops, unsigned link, unsigned isa_irq);
int platform_shutdown(const struct platform_ops *ops, enum platform_shutdown how);
int platform_unplug(const struct platform_ops *ops, unsigned mask);
int platform_set_rom_area_readonly(const struct platform_ops *ops, bool readonly);
int platform_place_vram(const struct platform_ops *ops, bool placed, uint64_t gpa);
void platform_serial_out(const struct platform_ops *ops, unsigned port_index, const uint8_t *bytes,
			 size_t len);
void platform_guest_log(const struct platform_ops *ops, const char *line);

#endif
