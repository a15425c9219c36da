/*
 * The VGA's memory in the guest, as QEMU's Xen machine keeps it: video
 * RAM and then the VGA BIOS populated (XENMEM_populate_physmap on the
 * target) at frames after the guest's RAM (machine_device_memory_base),
 * mapped into the stub once (the stub keeps no copy of either: its
 * accesses through the 0xa0000 window go to these pages), the BIOS image
 * (Debian seabios' vgabios-cirrus.bin or vgabios-stdvga.bin, linked into
 * the image by mk/vgabios.mk) copied into its pages. The video RAM moves
 * to the framebuffer BAR while that decodes (XEN_DMOP_relocate_memory:
 * the guest then writes its framebuffer as memory), and back; the ROM
 * stays where it was populated, read-only to the guest, and the ROM BAR
 * is answered by reads of its pages (QEMU relocates only the framebuffer
 * too; a ROM BAR comes and goes around each option-ROM scan, and reads
 * of it are few).
 */
#ifndef APPS_IOEMU_VGA_XEN_H
#define APPS_IOEMU_VGA_XEN_H

#include "apps/ioemu/dm_argv.h"
#include "apps/ioemu/ioreq_server.h"

#include <stdbool.h>
#include <stdint.h>

struct vga_xen {
	struct ioreq_server *srv;
	uint64_t vram_home; /* frame where the video RAM was populated */
	uint64_t vram_now;  /* frame where it is now */
	uint32_t vram_pages;
	uint8_t *vram;
	uint8_t *rom;
	uint32_t rom_bytes; /* the image's size */
	uint32_t rom_pages;
	unsigned long relocations;
};

/* Populates, maps and fills the video RAM (cfg->vgamem_mb MiB) and the
 * VGA BIOS of cfg->vga from guest-physical address base on. 0 or a
 * negative errno (logged). */
int vga_xen_open(struct vga_xen *vx, struct ioreq_server *srv, const struct ioemu_config *cfg,
		 uint64_t base);

/* The video RAM to gpa (placed) or back to where it was populated. */
int vga_xen_place(struct vga_xen *vx, bool placed, uint64_t gpa);

#endif
