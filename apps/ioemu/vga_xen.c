/*
 * The VGA's memory in the guest (see vga_xen.h): populate, map, copy the
 * BIOS, relocate the video RAM.
 */
#define LOG_TAG "ioemu"
/* A device model is one of Xen's tools: hvm_op.h's memory types. */
#define __XEN_TOOLS__ 1
#include "apps/ioemu/vga_xen.h"

#include "kernel/log.h"
#include "sys/xc/xc_extensions.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xen/hvm/hvm_op.h>
#include <xenforeignmemory.h>

/* mk/vgabios.mk: the images of Debian's seabios package. */
extern const uint8_t vgabios_cirrus_start[], vgabios_cirrus_end[];
extern const uint8_t vgabios_stdvga_start[], vgabios_stdvga_end[];

enum { PAGE = 4096 };

/* pages frames from gfn on, populated in the guest and mapped here. */
static void *populate_and_map(struct vga_xen *vx, uint64_t gfn, uint32_t pages, const char *what)
{
	xen_pfn_t *gfns = malloc(pages * sizeof(*gfns));
	xenforeignmemory_handle *fmem;
	void *va = NULL;

	if (!gfns) {
		pr_err("%s: no memory for %u frame numbers", what, pages);
		return NULL;
	}
	for (uint32_t i = 0; i < pages; i++)
		gfns[i] = (xen_pfn_t)(gfn + i);
	if (xc_domain_populate_physmap_exact(NULL, vx->srv->domid, pages, 0, 0, gfns) < 0) {
		pr_err("%s: cannot populate %u frames at %#llx of domain %u: %s", what, pages,
		       (unsigned long long)gfn, vx->srv->domid, strerror(errno));
		goto out;
	}
	/* The populate call may have rewritten the list: ask again. */
	for (uint32_t i = 0; i < pages; i++)
		gfns[i] = (xen_pfn_t)(gfn + i);
	fmem = xenforeignmemory_open(NULL, 0);
	if (fmem)
		va = xenforeignmemory_map(fmem, vx->srv->domid, PROT_READ | PROT_WRITE, pages, gfns,
					  NULL);
	if (!va && fmem)
		xenforeignmemory_close(fmem);
	if (!va)
		pr_err("%s: cannot map the %u frames at %#llx: %s", what, pages,
		       (unsigned long long)gfn, strerror(errno));
	/* The handle only counts mappings here; the mapping is kept. */
out:
	free(gfns);
	return va;
}

int vga_xen_open(struct vga_xen *vx, struct ioreq_server *srv, const struct ioemu_config *cfg,
		 uint64_t base)
{
	const uint8_t *image =
		cfg->vga == IOEMU_VGA_CIRRUS ? vgabios_cirrus_start : vgabios_stdvga_start;
	const uint8_t *image_end =
		cfg->vga == IOEMU_VGA_CIRRUS ? vgabios_cirrus_end : vgabios_stdvga_end;

	memset(vx, 0, sizeof(*vx));
	vx->srv = srv;
	vx->vram_home = vx->vram_now = base / PAGE;
	vx->vram_pages = (uint32_t)((uint64_t)cfg->vgamem_mb << 20) / PAGE;
	vx->rom_bytes = (uint32_t)(image_end - image);
	vx->rom_pages = (vx->rom_bytes + PAGE - 1) / PAGE;
	if (base % PAGE || !vx->vram_pages || !vx->rom_bytes) {
		pr_err("VGA: no video RAM or BIOS to give the guest");
		return -EINVAL;
	}
	vx->vram = populate_and_map(vx, vx->vram_home, vx->vram_pages, "video RAM");
	if (!vx->vram)
		return -ENOMEM;
	vx->rom = populate_and_map(vx, vx->vram_home + vx->vram_pages, vx->rom_pages, "VGA BIOS");
	if (!vx->rom)
		return -ENOMEM;
	memcpy(vx->rom, image, vx->rom_bytes);
	/* The guest reads its BIOS through the ROM BAR; the frames themselves
	 * are read-only to it (our mapping stays writable). */
	if (xendevicemodel_set_mem_type(srv->dm, srv->domid, HVMMEM_ram_ro,
					vx->vram_home + vx->vram_pages, vx->rom_pages) < 0)
		pr_warn("VGA: the BIOS's frames stay writable to the guest: %s", strerror(errno));
	pr_info("VGA: %u KiB video RAM at %#llx, %u-byte BIOS at %#llx of the guest",
		vx->vram_pages * 4, (unsigned long long)vx->vram_home * PAGE, vx->rom_bytes,
		(unsigned long long)(vx->vram_home + vx->vram_pages) * PAGE);
	return 0;
}

int vga_xen_place(struct vga_xen *vx, bool placed, uint64_t gpa)
{
	uint64_t to = placed ? gpa / PAGE : vx->vram_home;

	if (to == vx->vram_now)
		return 0;
	if (xendevicemodel_relocate_memory(vx->srv->dm, vx->srv->domid, vx->vram_pages,
					   vx->vram_now, to) < 0) {
		int err = errno;

		pr_warn("VGA: moving the video RAM from %#llx to %#llx failed: %s",
			(unsigned long long)vx->vram_now * PAGE, (unsigned long long)to * PAGE,
			strerror(err));
		return -err;
	}
	pr_info("VGA: video RAM now at %#llx", (unsigned long long)to * PAGE);
	vx->vram_now = to;
	vx->relocations++;
	return 0;
}
