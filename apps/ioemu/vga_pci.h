/*
 * The VGA PCI function and what answers its ranges (libxl adds it with
 * -device after the machine's own functions: 00:03.0 on xenfv, 00:02.0 on
 * pc). hvmloader takes 1013:00b8 and 1234:1111 for the primary VGA:
 *   - Cirrus CL-GD5446 (-device cirrus-vga, xl's default): BAR0 a 32 MiB
 *     prefetchable aperture whose first vgamem_mb MiB are the video RAM,
 *     BAR1 4 KiB of registers (not answered: the BitBLT engine is not
 *     here, see vga_cirrus.c);
 *   - QEMU's standard VGA (-device VGA, xl's vga="stdvga"): BAR0 the
 *     video RAM (prefetchable, vgamem_mb rounded up to a power of two),
 *     BAR2 4 KiB of registers (not answered yet: the VBE ports do it);
 *   - both: the expansion ROM BAR (configuration offset 0x30) holding the
 *     VGA BIOS, sized to the next power of two of the image, answered
 *     while it decodes by reads of the ROM's bytes (writes dropped); the
 *     legacy ports 0x3b0-0x3df and the 0xa0000 window (vga.h), and for
 *     the standard VGA the VBE ports 0x1ce-0x1cf (accesses of 1 or 2
 *     bytes at 0x1ce or 0x1cf; 0x1d0 reads ones).
 * Video RAM and the ROM's bytes are memory the caller gives at attach
 * time (in the stub: guest pages the device model populated, mapped:
 * vga_xen.h). BAR0 moves the video RAM itself: while the guest's BAR0
 * decodes, the platform's place_vram puts the pages at its address (so
 * the guest's framebuffer writes are plain memory writes), and takes
 * them back when it stops.
 */
#ifndef APPS_IOEMU_VGA_PCI_H
#define APPS_IOEMU_VGA_PCI_H

#include "apps/ioemu/dm_argv.h"
#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/pci.h"
#include "apps/ioemu/platform_ops.h"
#include "apps/ioemu/vga.h"

#include <stdbool.h>
#include <stdint.h>

enum { VGA_PCI_CIRRUS_APERTURE = 32u << 20, VGA_PCI_MAX_ROM = 1u << 20 };

struct vga_pci {
	struct pci_device pci;
	struct vga vga;
	enum ioemu_vga kind;
	uint32_t vram_size; /* bytes: vgamem_mb MiB */
	const struct platform_ops *platform;
	const uint8_t *rom;
	uint32_t rom_size; /* bytes readable at rom (beyond: zeros) */
	struct io_region ports, window, vbe_ports, rom_region;
	bool attached;
	bool vram_placed; /* at the BAR, after a place_vram that succeeded */
	uint64_t vram_at;
};

/*
 * The function's configuration space for IOEMU_VGA_CIRRUS (vgamem_mb 4,
 * 8 or 16, as QEMU's Cirrus has) or IOEMU_VGA_STD (1-256 MiB); platform
 * is kept for place_vram. -EINVAL for another kind or size.
 */
int vga_pci_init(struct vga_pci *d, enum ioemu_vga kind, unsigned vgamem_mb,
		 const struct platform_ops *platform);

/*
 * Gives the function its memory and puts its ranges on io: vram
 * (d->vram_size bytes), the ROM's rom_size bytes at rom (1 B-1 MiB: its
 * BAR is the power of two at or above it, at least 2 KiB). Call after
 * the function is on its bus and before the guest runs. 0, or -EINVAL
 * for memory that cannot be, or what io_bus_add returned.
 */
int vga_pci_attach(struct vga_pci *d, struct io_bus *io, uint8_t *vram, const uint8_t *rom,
		   uint32_t rom_size);

#endif
