/*
 * The VGA function (see vga_pci.h): its configuration space, its I/O
 * regions onto the VGA core, the ROM BAR's reads and the framebuffer
 * BAR's placement of the video RAM.
 */
#include "apps/ioemu/vga_pci.h"

#include "lib/errno.h"

#include <string.h>

enum { REGISTER_BAR_SIZE = 4096 };

static uint32_t power_of_two_at_least(uint32_t n)
{
	uint32_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

int vga_pci_init(struct vga_pci *d, enum ioemu_vga kind, unsigned vgamem_mb,
		 const struct platform_ops *platform)
{
	struct pci_device *p = &d->pci;
	int rc;

	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->platform = platform;
	switch (kind) {
	case IOEMU_VGA_CIRRUS:
		if (vgamem_mb != 4 && vgamem_mb != 8 && vgamem_mb != 16)
			return -EINVAL;
		d->vram_size = (uint32_t)vgamem_mb << 20;
		pci_device_init(p, "cirrus-vga", 0x1013, 0x00b8, 0x030000, 0x00, 0);
		rc = pci_device_set_bar(p, 0, PCI_BAR_MEM32_PREFETCH, VGA_PCI_CIRRUS_APERTURE,
					NULL);
		if (rc == 0)
			rc = pci_device_set_bar(p, 1, PCI_BAR_MEM32, REGISTER_BAR_SIZE, NULL);
		break;
	case IOEMU_VGA_STD:
		if (vgamem_mb == 0 || vgamem_mb > 256)
			return -EINVAL;
		d->vram_size = (uint32_t)vgamem_mb << 20;
		pci_device_init(p, "vga", 0x1234, 0x1111, 0x030000, 0x02, 0);
		rc = pci_device_set_bar(p, 0, PCI_BAR_MEM32_PREFETCH,
					power_of_two_at_least(d->vram_size), NULL);
		if (rc == 0)
			rc = pci_device_set_bar(p, 2, PCI_BAR_MEM32, REGISTER_BAR_SIZE, NULL);
		break;
	default:
		return -EINVAL;
	}
	p->owner = d;
	return rc;
}

static uint64_t ports_read(void *dev, uint64_t offset, unsigned size)
{
	struct vga_pci *d = dev;
	uint64_t value = 0;

	for (unsigned i = 0; i < size && offset + i < VGA_PORT_COUNT; i++)
		value |= (uint64_t)vga_port_read(&d->vga, (unsigned)offset + i) << (8 * i);
	return value;
}

static void ports_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct vga_pci *d = dev;

	/* outw 0x3c4, 0x0102: the index, then the data. */
	for (unsigned i = 0; i < size && offset + i < VGA_PORT_COUNT; i++)
		vga_port_write(&d->vga, (unsigned)offset + i, (uint8_t)(value >> (8 * i)));
}

static uint64_t window_read(void *dev, uint64_t offset, unsigned size)
{
	struct vga_pci *d = dev;
	uint64_t value = 0;

	for (unsigned i = 0; i < size && offset + i < VGA_WINDOW_SIZE; i++)
		value |= (uint64_t)vga_window_read(&d->vga, (uint32_t)offset + i) << (8 * i);
	return value;
}

static void window_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct vga_pci *d = dev;

	for (unsigned i = 0; i < size && offset + i < VGA_WINDOW_SIZE; i++)
		vga_window_write(&d->vga, (uint32_t)offset + i, (uint8_t)(value >> (8 * i)));
}

/* 0x1ce: the index; 0x1cf: the data; 0x1d0: nothing. */
static uint64_t vbe_read(void *dev, uint64_t offset, unsigned size)
{
	struct vga_pci *d = dev;

	(void)size;
	if (offset > 1)
		return ~UINT64_C(0);
	return vga_vbe_read(&d->vga, offset == 1);
}

static void vbe_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct vga_pci *d = dev;

	(void)size;
	if (offset <= 1)
		vga_vbe_write(&d->vga, offset == 1, (uint16_t)value);
}

static uint64_t rom_read(void *dev, uint64_t offset, unsigned size)
{
	struct vga_pci *d = dev;
	uint64_t value = 0;

	for (unsigned i = 0; i < size; i++)
		if (offset + i < d->rom_size)
			value |= (uint64_t)d->rom[offset + i] << (8 * i);
	return value;
}

static void rom_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	(void)dev, (void)offset, (void)size, (void)value; /* read-only memory */
}

static void bar_changed(struct pci_device *dev, unsigned bar, bool decoded, uint64_t addr)
{
	struct vga_pci *d = dev->owner;

	if (bar != 0 || !d->attached)
		return;
	/* From wherever the pages are now: the glue knows. A refusal is
	 * logged there; the framebuffer then reads as nothing. */
	if (platform_place_vram(d->platform, decoded, addr) == 0) {
		d->vram_placed = decoded;
		d->vram_at = decoded ? addr : 0;
	}
}

static const struct pci_device_ops vga_pci_ops = { .bar_changed = bar_changed };

int vga_pci_attach(struct vga_pci *d, struct io_bus *io, uint8_t *vram, const uint8_t *rom,
		   uint32_t rom_size)
{
	int rc;

	if (d->attached || !vram || !rom || !rom_size || rom_size > VGA_PCI_MAX_ROM)
		return -EINVAL;
	rc = vga_init(&d->vga, d->kind == IOEMU_VGA_CIRRUS ? VGA_KIND_CIRRUS : VGA_KIND_STD, vram,
		      d->vram_size);
	if (rc < 0)
		return rc;
	d->rom = rom;
	d->rom_size = rom_size;
	d->rom_region = (struct io_region){
		.name = "VGA ROM", .read = rom_read, .write = rom_write, .dev = d
	};
	rc = pci_device_set_bar(&d->pci, PCI_ROM_SLOT, PCI_BAR_ROM,
				power_of_two_at_least(rom_size < 2048 ? 2048 : rom_size),
				&d->rom_region);
	if (rc < 0)
		return rc;
	d->ports = (struct io_region){ .name = "VGA ports",
				       .space = IO_SPACE_PORT,
				       .base = VGA_PORT_BASE,
				       .size = VGA_PORT_COUNT,
				       .read = ports_read,
				       .write = ports_write,
				       .dev = d };
	d->window = (struct io_region){ .name = "VGA window",
					.space = IO_SPACE_MMIO,
					.base = VGA_WINDOW_BASE,
					.size = VGA_WINDOW_SIZE,
					.read = window_read,
					.write = window_write,
					.dev = d };
	rc = io_bus_add(io, &d->ports);
	if (rc == 0)
		rc = io_bus_add(io, &d->window);
	if (rc == 0 && d->kind == IOEMU_VGA_STD) {
		d->vbe_ports = (struct io_region){ .name = "VBE ports",
						   .space = IO_SPACE_PORT,
						   .base = VGA_VBE_PORT,
						   .size = 3,
						   .read = vbe_read,
						   .write = vbe_write,
						   .dev = d };
		rc = io_bus_add(io, &d->vbe_ports);
	}
	if (rc < 0)
		return rc;
	d->pci.ops = &vga_pci_ops;
	d->attached = true;
	return 0;
}
