/*
 * The VGA function (00:03.0 on xenfv, 00:02.0 on pc without the Xen
 * platform device: libxl adds it with -device, after the machine's own
 * functions, so it takes the first free slot), for now its configuration space only, as
 * hvmloader recognises it as the primary VGA: Cirrus CL-GD5446 (1013:00b8,
 * BAR0 32 MiB prefetchable framebuffer, BAR1 4 KiB of registers) or QEMU's
 * standard VGA (1234:1111, BAR0 the video RAM, prefetchable, BAR2 4 KiB of
 * registers); class 0x0300. Nothing answers the BARs or the legacy VGA
 * ranges yet, and there is no ROM BAR: the VGA device model comes later.
 */
#ifndef APPS_IOEMU_VGA_STUB_H
#define APPS_IOEMU_VGA_STUB_H

#include "apps/ioemu/dm_argv.h"
#include "apps/ioemu/pci.h"

struct vga_stub {
	struct pci_device pci;
};

/* For IOEMU_VGA_CIRRUS or IOEMU_VGA_STD with vgamem_mb MiB of video RAM
 * (the BAR rounded up to a power of two); -EINVAL for another kind or a
 * size the BAR cannot have. */
int vga_stub_init(struct vga_stub *vga, enum ioemu_vga kind, unsigned vgamem_mb);

#endif
