/*
 * libFuzzer harness: the VGA function (apps/ioemu/vga_pci.c and the core
 * behind it) under the sequence of port, MMIO and PCI configuration
 * requests a hostile guest can make: any of the legacy ports 0x3b0-0x3df
 * and VBE's 0x1ce-0x1d0, any offset of the 0xa0000 window and of the ROM
 * BAR, sizes 1-8, repeated accesses through guest memory (rep ins/outs,
 * string moves) up and down, and configuration writes that move, size
 * and switch the BARs. The first byte picks the standard VGA (1 MiB of
 * video RAM) or Cirrus (4 MiB); each record after it is 8 bytes: an
 * operation byte (bits 0-1: ports, window, ROM BAR, configuration; bit 2:
 * read; bits 3-4: size 1, 2, 4, 8; bit 5: through guest memory; bit 6:
 * downwards), an offset byte pair, a count byte and 4 bytes of data.
 * ASan catches any access outside video RAM, the ROM and the registers;
 * after each step: the VBE bank and an enabled VBE mode fit video RAM,
 * the register indexes are what the ports allow, the framebuffer was
 * placed only at page-aligned addresses.
 */
#include "apps/ioemu/vga_pci.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { GUEST_BYTES = 8192, ROM_BYTES = 39936, ROM_AT = 0xf1000000 };

static uint8_t guest[GUEST_BYTES];

static int guest_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	(void)ctx;
	if (gpa > GUEST_BYTES || len > GUEST_BYTES - gpa)
		return -EFAULT;
	memcpy(buf, guest + gpa, len);
	return 0;
}

static int guest_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	(void)ctx;
	if (gpa > GUEST_BYTES || len > GUEST_BYTES - gpa)
		return -EFAULT;
	memcpy(guest + gpa, buf, len);
	return 0;
}

static const struct guest_memory memory = { guest_read, guest_write, NULL };

static int place_vram(void *ctx, bool placed, uint64_t gpa)
{
	(void)ctx;
	if (placed && (gpa & 0xfff))
		__builtin_trap();
	return 0;
}

static const struct platform_ops ops = { .place_vram = place_vram };

static void check(const struct vga_pci *d)
{
	const struct vga *v = &d->vga;
	const uint16_t *r = v->vbe.regs;

	if (v->vbe.bank_offset >= v->vram_size || v->ar_index > 0x3f || v->dac_part > 2)
		__builtin_trap();
	if (r[VBE_ENABLE] & VBE_ENABLED) {
		unsigned bytes = r[VBE_BPP] == 15 ? 2 : (r[VBE_BPP] + 7u) / 8;
		uint64_t line = r[VBE_BPP] == 4 ? r[VBE_VIRT_WIDTH] / 2u
						: (uint64_t)r[VBE_VIRT_WIDTH] * bytes;

		if (line * r[VBE_YRES] > v->vram_size || r[VBE_VIRT_WIDTH] < r[VBE_XRES])
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *vram;
	static uint8_t rom[ROM_BYTES];
	static struct vga_pci d;
	struct io_bus io;
	struct pci_bus bus;
	bool cirrus;
	size_t i = 1;

	if (size < 1)
		return 0;
	if (!vram) {
		vram = calloc(1, 4u << 20);
		if (!vram)
			__builtin_trap();
		rom[0] = 0x55, rom[1] = 0xaa, rom[2] = ROM_BYTES / 512;
	}
	cirrus = data[0] & 1;
	io_bus_init(&io, &memory);
	pci_bus_init(&bus, &io, &ops);
	if (vga_pci_init(&d, cirrus ? IOEMU_VGA_CIRRUS : IOEMU_VGA_STD, cirrus ? 4 : 1, &ops) < 0 ||
	    pci_bus_add(&bus, &d.pci, 3 << 3) < 0 ||
	    vga_pci_attach(&d, &io, vram, rom, ROM_BYTES) < 0)
		__builtin_trap();
	/* The ROM BAR and the framebuffer where hvmloader would put them. */
	pci_config_write(&bus, 3 << 3, PCI_REG_BAR0, 4, 0xf0000000);
	pci_config_write(&bus, 3 << 3, PCI_REG_ROM, 4, ROM_AT | 1);
	pci_config_write(&bus, 3 << 3, PCI_REG_COMMAND, 2, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
	while (i + 8 <= size) {
		const uint8_t *rec = data + i;
		unsigned kind = rec[0] & 3, width = 1u << ((rec[0] >> 3) & 3);
		uint16_t offset = (uint16_t)(rec[1] | rec[2] << 8);
		uint32_t value = (uint32_t)rec[4] | (uint32_t)rec[5] << 8 | (uint32_t)rec[6] << 16 |
				 (uint32_t)rec[7] << 24;
		struct ioreq_req req = { .read = rec[0] & 4,
					 .size = width,
					 .count = 1,
					 .data = value * UINT64_C(0x100000001) };
		uint64_t result = 0;

		i += 8;
		if (kind == 3) {
			pci_config_write(&bus, 3 << 3, offset & 0xff, width > 4 ? 4 : width, value);
			check(&d);
			continue;
		}
		if (kind == 0) {
			req.type = IOREQ_TYPE_PIO;
			req.size = width > 4 ? 4 : width;
			req.addr = offset & 0x40 ? VGA_VBE_PORT + (offset & 3u)
						 : VGA_PORT_BASE + (offset & 0x3fu);
		} else {
			req.type = IOREQ_TYPE_COPY;
			req.addr = kind == 1 ? VGA_WINDOW_BASE + (offset * 2u % VGA_WINDOW_SIZE)
					     : ROM_AT + offset;
		}
		if (rec[0] & 0x20) {
			req.data_is_ptr = true;
			req.df = rec[0] & 0x40;
			req.count = rec[3] + 1u;
			req.data = value % (GUEST_BYTES + 64);
		}
		io_bus_dispatch(&io, &req, &result);
		if (!req.data_is_ptr && req.read && req.size < 8 && result >> (8 * req.size))
			__builtin_trap();
		check(&d);
	}
	return 0;
}
