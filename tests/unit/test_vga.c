/* apps/ioemu/vga*: the VGA core as SeaBIOS's VGA BIOSes program it, the
 * Cirrus and VBE extensions, the text screen read back, and the PCI
 * function's ROM and framebuffer BARs. */
#include "apps/ioemu/machine.h"
#include "apps/ioemu/vga.h"
#include "apps/ioemu/vga_pci.h"
#include "apps/ioemu/vga_text.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/platform_recorder.h"

#include <stdlib.h>

enum { SMALL_VRAM = 256 * 1024, B8000 = 0x18000 };

static void out(struct vga *v, unsigned port, uint8_t value)
{
	vga_port_write(v, port - VGA_PORT_BASE, value);
}

static uint8_t in(struct vga *v, unsigned port)
{
	return vga_port_read(v, port - VGA_PORT_BASE);
}

static void indexed(struct vga *v, unsigned port, uint8_t index, uint8_t value)
{
	out(v, port, index);
	out(v, port + 1, value);
}

static uint8_t indexed_read(struct vga *v, unsigned port, uint8_t index)
{
	out(v, port, index);
	return in(v, port + 1);
}

/* Mode 3 (80x25 text, 16 colours) as the VGA BIOS's mode table has it. */
static void set_mode3(struct vga *v)
{
	static const uint8_t seq[] = { 0x03, 0x00, 0x03, 0x00, 0x02 };
	static const uint8_t crtc[] = { 0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00,
					0x4f, 0x0d, 0x0e, 0x00, 0x00, 0x00, 0x00, 0x9c, 0x8e,
					0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff };
	static const uint8_t gr[] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x00, 0xff };
	static const uint8_t ar[] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14,
				      0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d,
				      0x3e, 0x3f, 0x0c, 0x00, 0x0f, 0x08, 0x00 };

	out(v, 0x3c2, 0x67);
	for (unsigned i = 0; i < sizeof(seq); i++)
		indexed(v, 0x3c4, (uint8_t)i, seq[i]);
	indexed(v, 0x3d4, 0x11, 0x0e); /* unprotect CR0-7 */
	for (unsigned i = 0; i < sizeof(crtc); i++)
		indexed(v, 0x3d4, (uint8_t)i, crtc[i]);
	in(v, 0x3da);
	for (unsigned i = 0; i < sizeof(ar); i++) {
		out(v, 0x3c0, (uint8_t)i);
		out(v, 0x3c0, ar[i]);
	}
	out(v, 0x3c0, VGA_AR_INDEX_PAS);
	for (unsigned i = 0; i < sizeof(gr); i++)
		indexed(v, 0x3ce, (uint8_t)i, gr[i]);
}

static void put_text(struct vga *v, unsigned cell, const char *s, uint8_t attr)
{
	for (unsigned i = 0; s[i]; i++) {
		vga_window_write(v, B8000 + 2 * (cell + i), (uint8_t)s[i]);
		vga_window_write(v, B8000 + 2 * (cell + i) + 1, attr);
	}
}

TEST(vga_init_refuses_what_cannot_be)
{
	static struct vga v;
	static uint8_t vram[SMALL_VRAM];

	CHECK_INT(vga_init(&v, VGA_KIND_STD, NULL, SMALL_VRAM), -EINVAL);
	CHECK_INT(vga_init(&v, VGA_KIND_STD, vram, 0x20000), -EINVAL);
	CHECK_INT(vga_init(&v, VGA_KIND_STD, vram, SMALL_VRAM - 4096), -EINVAL);
	CHECK_INT(vga_init(&v, (enum vga_kind)7, vram, SMALL_VRAM), -EINVAL);
	CHECK_INT(vga_init(&v, VGA_KIND_STD, vram, SMALL_VRAM), 0);
}

TEST(vga_text_lands_in_planes_0_and_1)
{
	static struct vga v;
	static uint8_t vram[SMALL_VRAM];
	static struct vga_text t;

	memset(vram, 0, sizeof(vram));
	CHECK_INT(vga_init(&v, VGA_KIND_STD, vram, SMALL_VRAM), 0);
	set_mode3(&v);
	put_text(&v, 0, "Hi", 0x07);
	/* Cell k: character in plane 0, attribute in plane 1, offset 2k. */
	CHECK_INT(vga_plane_byte(&v, 0, 0), 'H');
	CHECK_INT(vga_plane_byte(&v, 1, 0), 0x07);
	CHECK_INT(vga_plane_byte(&v, 0, 2), 'i');
	CHECK_INT(vga_plane_byte(&v, 1, 2), 0x07);
	CHECK_INT(vram[8], 'i');
	CHECK_INT(vga_window_read(&v, B8000 + 2), 'i');
	CHECK_INT(vga_window_read(&v, B8000 + 3), 0x07);
	/* Outside the b8000 map: nothing. */
	vga_window_write(&v, 0x0100, 0x55);
	CHECK_INT(vga_window_read(&v, 0x0100), 0xff);
	put_text(&v, 80 * 24 + 75, "end", 0x1f);
	CHECK_INT(vga_text_screen(&v, &t), 0);
	CHECK_INT(t.rows, 25);
	CHECK_INT(t.cols, 80);
	CHECK_STR(t.line[0], "Hi");
	CHECK_STR(t.line[1], "");
	CHECK_STR(t.line[24],
		  "                                                                           end");
	/* The cursor where the BIOS put it, the start address scrolled. */
	indexed(&v, 0x3d4, VGA_CR_CURSOR_HI, 0);
	indexed(&v, 0x3d4, VGA_CR_CURSOR_LO, 83);
	indexed(&v, 0x3d4, VGA_CR_START_LO, 80);
	CHECK_INT(vga_text_screen(&v, &t), 0);
	CHECK_INT(t.cursor_row, 0);
	CHECK_INT(t.cursor_col, 3);
	CHECK_STR(t.line[0], "");
	/* A graphics mode has no text. */
	indexed(&v, 0x3ce, VGA_GR_MISC, 0x05);
	CHECK_INT(vga_text_screen(&v, &t), -ENOTSUP);
}

TEST(vga_font_goes_to_plane_2)
{
	static struct vga v;
	static uint8_t vram[SMALL_VRAM];

	memset(vram, 0, sizeof(vram));
	CHECK_INT(vga_init(&v, VGA_KIND_STD, vram, SMALL_VRAM), 0);
	set_mode3(&v);
	/* The BIOS's font access: plane 2 alone, sequential, at 0xa0000. */
	indexed(&v, 0x3c4, VGA_SR_MAP_MASK, 0x04);
	indexed(&v, 0x3c4, VGA_SR_MEMORY_MODE, 0x07);
	indexed(&v, 0x3ce, VGA_GR_READ_MAP, 0x02);
	indexed(&v, 0x3ce, VGA_GR_MODE, 0x00);
	indexed(&v, 0x3ce, VGA_GR_MISC, 0x04);
	vga_window_write(&v, 0x41 * 32 + 3, 0x7e);
	CHECK_INT(vga_plane_byte(&v, 2, 0x41 * 32 + 3), 0x7e);
	CHECK_INT(vga_plane_byte(&v, 0, 0x41 * 32 + 3), 0);
	CHECK_INT(vga_window_read(&v, 0x41 * 32 + 3), 0x7e);
}

TEST(vga_planar_write_and_read_modes)
{
	static struct vga v;
	static uint8_t vram[SMALL_VRAM];

	memset(vram, 0, sizeof(vram));
	CHECK_INT(vga_init(&v, VGA_KIND_STD, vram, SMALL_VRAM), 0);
	/* Mode 0x12's memory: planar, graphics, 64 KiB at 0xa0000. */
	indexed(&v, 0x3c4, VGA_SR_MAP_MASK, 0x0f);
	indexed(&v, 0x3c4, VGA_SR_MEMORY_MODE, 0x06);
	indexed(&v, 0x3ce, VGA_GR_MISC, 0x05);
	/* Write mode 0 with set/reset: planes 0 and 2 all ones. */
	indexed(&v, 0x3ce, VGA_GR_SET_RESET, 0x05);
	indexed(&v, 0x3ce, VGA_GR_ENABLE_SET_RESET, 0x0f);
	indexed(&v, 0x3ce, VGA_GR_BIT_MASK, 0xff);
	vga_window_write(&v, 10, 0x00);
	CHECK_INT(vga_plane_byte(&v, 0, 10), 0xff);
	CHECK_INT(vga_plane_byte(&v, 1, 10), 0x00);
	CHECK_INT(vga_plane_byte(&v, 2, 10), 0xff);
	CHECK_INT(vga_plane_byte(&v, 3, 10), 0x00);
	/* Read mode 0 loads the latches and gives the read map's plane. */
	indexed(&v, 0x3ce, VGA_GR_READ_MAP, 2);
	CHECK_INT(vga_window_read(&v, 10), 0xff);
	/* Write mode 2, bit mask 0x0f: colour 0xa into the low pixels. */
	indexed(&v, 0x3ce, VGA_GR_ENABLE_SET_RESET, 0);
	indexed(&v, 0x3ce, VGA_GR_MODE, 0x02);
	indexed(&v, 0x3ce, VGA_GR_BIT_MASK, 0x0f);
	vga_window_write(&v, 10, 0x0a);
	CHECK_INT(vga_plane_byte(&v, 0, 10), 0xf0);
	CHECK_INT(vga_plane_byte(&v, 1, 10), 0x0f);
	CHECK_INT(vga_plane_byte(&v, 2, 10), 0xf0);
	CHECK_INT(vga_plane_byte(&v, 3, 10), 0x0f);
	/* Read mode 1: where the pixels have colour 0xa. */
	indexed(&v, 0x3ce, VGA_GR_MODE, 0x08);
	indexed(&v, 0x3ce, VGA_GR_COLOR_COMPARE, 0x0a);
	indexed(&v, 0x3ce, VGA_GR_COLOR_DONT_CARE, 0x0f);
	CHECK_INT(vga_window_read(&v, 10), 0x0f);
	/* Write mode 1 copies the latches (all four planes) elsewhere. */
	indexed(&v, 0x3ce, VGA_GR_MODE, 0x01);
	vga_window_write(&v, 20, 0x00);
	CHECK_INT(vga_plane_byte(&v, 0, 20), 0xf0);
	CHECK_INT(vga_plane_byte(&v, 3, 20), 0x0f);
	/* Write mode 0 with XOR and a rotate of 4. */
	indexed(&v, 0x3ce, VGA_GR_MODE, 0x00);
	indexed(&v, 0x3ce, VGA_GR_BIT_MASK, 0xff);
	indexed(&v, 0x3ce, VGA_GR_DATA_ROTATE, 0x18 | 4);
	vga_window_read(&v, 10);
	vga_window_write(&v, 10, 0x0f); /* rotated: 0xf0 */
	CHECK_INT(vga_plane_byte(&v, 0, 10), 0x00);
	CHECK_INT(vga_plane_byte(&v, 1, 10), 0xff);
	/* The map mask keeps planes out. */
	indexed(&v, 0x3c4, VGA_SR_MAP_MASK, 0x01);
	indexed(&v, 0x3ce, VGA_GR_DATA_ROTATE, 0);
	vga_window_write(&v, 30, 0x5a);
	CHECK_INT(vga_plane_byte(&v, 0, 30), 0x5a);
	CHECK_INT(vga_plane_byte(&v, 1, 30), 0x00);
}

TEST(vga_chain4_is_linear)
{
	static struct vga v;
	static uint8_t vram[SMALL_VRAM];

	memset(vram, 0, sizeof(vram));
	CHECK_INT(vga_init(&v, VGA_KIND_STD, vram, SMALL_VRAM), 0);
	/* Mode 0x13: chain-4, 64 KiB at 0xa0000. */
	indexed(&v, 0x3c4, VGA_SR_MAP_MASK, 0x0f);
	indexed(&v, 0x3c4, VGA_SR_MEMORY_MODE, 0x0e);
	indexed(&v, 0x3ce, VGA_GR_MODE, 0x40);
	indexed(&v, 0x3ce, VGA_GR_MISC, 0x05);
	vga_window_write(&v, 0x1235, 0x42);
	CHECK_INT(vram[0x1235], 0x42);
	CHECK_INT(vga_plane_byte(&v, 1, 0x48d), 0x42);
	CHECK_INT(vga_window_read(&v, 0x1235), 0x42);
	/* Beyond the 64 KiB map: nothing. */
	vga_window_write(&v, 0x10000, 0x42);
	CHECK_INT(vga_window_read(&v, 0x10000), 0xff);
}

TEST(vga_stays_inside_video_ram)
{
	static struct vga v;
	static uint8_t vram[SMALL_VRAM];

	CHECK_INT(vga_init(&v, VGA_KIND_STD, vram, SMALL_VRAM), 0);
	/* Planar, the 128 KiB map: plane offsets above 64 K are not there. */
	indexed(&v, 0x3c4, VGA_SR_MAP_MASK, 0x0f);
	indexed(&v, 0x3c4, VGA_SR_MEMORY_MODE, 0x06);
	indexed(&v, 0x3ce, VGA_GR_MISC, 0x01);
	indexed(&v, 0x3ce, VGA_GR_BIT_MASK, 0xff);
	vga_window_write(&v, 0x1ffff, 0x11);
	CHECK(v.out_of_range > 0);
	CHECK_INT(vga_window_read(&v, 0x1ffff), 0xff);
	CHECK_INT(vga_window_read(&v, VGA_WINDOW_SIZE), 0xff);
	vga_window_write(&v, 0xffffffffu, 0x11);
}

TEST(vga_registers_as_the_bios_uses_them)
{
	static struct vga v;
	static uint8_t vram[SMALL_VRAM];

	CHECK_INT(vga_init(&v, VGA_KIND_STD, vram, SMALL_VRAM), 0);
	set_mode3(&v);
	CHECK_INT(in(&v, 0x3cc), 0x67);
	CHECK_INT(vga_crtc_port(&v), 0x3d4);
	/* Attribute controller: index then data; reading 0x3da resets the
	 * flip-flop to the index. */
	in(&v, 0x3da);
	out(&v, 0x3c0, 0x10);
	out(&v, 0x3c0, 0x0c);
	out(&v, 0x3c0, 0x12); /* index */
	in(&v, 0x3da);
	out(&v, 0x3c0, 0x10); /* index again, not data */
	CHECK_INT(in(&v, 0x3c1), 0x0c);
	CHECK_INT(in(&v, 0x3c0), 0x10);
	/* The retrace bits move, so that waiting loops end. */
	CHECK(in(&v, 0x3da) != in(&v, 0x3da));
	/* DAC: three components per entry, indexes going up. */
	out(&v, 0x3c8, 5);
	for (uint8_t i = 1; i <= 6; i++)
		out(&v, 0x3c9, i);
	CHECK_INT(in(&v, 0x3c8), 7);
	out(&v, 0x3c7, 5);
	CHECK_INT(in(&v, 0x3c7), 3);
	for (uint8_t i = 1; i <= 6; i++)
		CHECK_INT(in(&v, 0x3c9), i);
	out(&v, 0x3c8, 0xff);
	for (uint8_t i = 1; i <= 3; i++)
		out(&v, 0x3c9, i);
	CHECK_INT(in(&v, 0x3c8), 0);
	/* CR11 bit 7 protects CR0-7 but for CR7 bit 4. */
	indexed(&v, 0x3d4, 0x11, 0x8e);
	indexed(&v, 0x3d4, 0x00, 0x12);
	CHECK_INT(indexed_read(&v, 0x3d4, 0x00), 0x5f);
	indexed(&v, 0x3d4, 0x07, 0x00);
	CHECK_INT(indexed_read(&v, 0x3d4, 0x07), 0x0f);
	indexed(&v, 0x3d4, 0x0a, 0x20);
	CHECK_INT(indexed_read(&v, 0x3d4, 0x0a), 0x20);
	/* Registers a standard VGA does not have. */
	CHECK_INT(indexed_read(&v, 0x3c4, 0x06), 0xff);
	CHECK_INT(indexed_read(&v, 0x3ce, 0x09), 0xff);
	CHECK_INT(indexed_read(&v, 0x3d4, 0x27), 0xff);
	indexed(&v, 0x3c4, 0x04, 0xff);
	CHECK_INT(indexed_read(&v, 0x3c4, 0x04), 0x0e);
	/* Mono: the CRTC moves to 0x3b4; 0x3d4 is no longer decoded. */
	out(&v, 0x3c2, 0x66);
	CHECK_INT(vga_crtc_port(&v), 0x3b4);
	CHECK_INT(indexed_read(&v, 0x3b4, 0x0a), 0x20);
	CHECK_INT(in(&v, 0x3d5), 0xff);
	CHECK_INT(in(&v, 0x3b0), 0xff);
}

TEST(vga_cirrus_as_vgabios_cirrus_finds_it)
{
	static struct vga v;
	static uint8_t vram[SMALL_VRAM];

	memset(vram, 0, sizeof(vram));
	CHECK_INT(vga_init(&v, VGA_KIND_CIRRUS, vram, SMALL_VRAM), 0);
	/* The unlock: 0x92 masked is 0x12, which reads back. */
	CHECK_INT(indexed_read(&v, 0x3c4, 0x06), 0x0f);
	indexed(&v, 0x3c4, 0x06, 0x92);
	CHECK_INT(indexed_read(&v, 0x3c4, 0x06), 0x12);
	indexed(&v, 0x3c4, 0x06, 0x00);
	CHECK_INT(indexed_read(&v, 0x3c4, 0x06), 0x0f);
	/* Chip ID (5446), read-only; memory: 4 MiB as SR0F says it. */
	indexed(&v, 0x3d4, 0x27, 0x00);
	CHECK_INT(indexed_read(&v, 0x3d4, 0x27), 0xb8);
	CHECK_INT(indexed_read(&v, 0x3c4, 0x0f) & 0x98, 0x98);
	CHECK_INT(indexed_read(&v, 0x3c4, 0x17), 0x20);
	/* Extension registers kept; beyond them nothing. */
	indexed(&v, 0x3c4, 0x07, 0x00);
	indexed(&v, 0x3ce, 0x31, 0x04);
	CHECK_INT(indexed_read(&v, 0x3ce, 0x31), 0x04);
	CHECK_INT(indexed_read(&v, 0x3ce, 0x3a), 0xff);
	CHECK_INT(indexed_read(&v, 0x3c4, 0x20), 0xff);
	/* The hidden DAC register: four reads of 0x3c6 open it. */
	out(&v, 0x3c6, 0xff);
	for (int i = 0; i < 4; i++)
		CHECK_INT(in(&v, 0x3c6), 0xff);
	out(&v, 0x3c6, 0xe1);
	CHECK_INT(v.cirrus.hidden_dac, 0xe1);
	CHECK_INT(in(&v, 0x3c6), 0xff);
	for (int i = 0; i < 3; i++)
		in(&v, 0x3c6);
	CHECK_INT(in(&v, 0x3c6), 0xe1);
	/* Standard text mode works as on any VGA. */
	set_mode3(&v);
	put_text(&v, 0, "C", 0x07);
	CHECK_INT(vga_plane_byte(&v, 0, 0), 'C');
	/* Extended mode: linear bytes through bank GR9, 16 KiB steps. */
	indexed(&v, 0x3c4, 0x07, 0x01);
	indexed(&v, 0x3ce, 0x0b, 0x20);
	indexed(&v, 0x3ce, 0x09, 0x02);
	vga_window_write(&v, 0x10, 0x77);
	CHECK_INT(vram[2 * 16384 + 0x10], 0x77);
	CHECK_INT(vga_window_read(&v, 0x10), 0x77);
	/* Banks beyond video RAM: dropped. */
	indexed(&v, 0x3ce, 0x09, 0xff);
	vga_window_write(&v, 0x10, 0x77);
	CHECK(v.out_of_range > 0);
}

TEST(vga_vbe_as_vgabios_stdvga_probes_it)
{
	static struct vga v;
	uint8_t *vram = calloc(1, 4u << 20);

	CHECK(vram != NULL);
	if (!vram)
		return;
	CHECK_INT(vga_init(&v, VGA_KIND_STD, vram, 4u << 20), 0);
	vga_vbe_write(&v, false, VBE_ID);
	vga_vbe_write(&v, true, VBE_ID0);
	CHECK_INT(vga_vbe_read(&v, true), VBE_ID0);
	vga_vbe_write(&v, true, 0x1234);
	CHECK_INT(vga_vbe_read(&v, true), VBE_ID0);
	vga_vbe_write(&v, false, VBE_VIDEO_MEMORY_64K);
	CHECK_INT(vga_vbe_read(&v, true), 64);
	vga_vbe_write(&v, false, VBE_ENABLE);
	vga_vbe_write(&v, true, VBE_GETCAPS);
	vga_vbe_write(&v, false, VBE_XRES);
	CHECK_INT(vga_vbe_read(&v, true), VBE_MAX_XRES);
	vga_vbe_write(&v, false, VBE_BPP);
	CHECK_INT(vga_vbe_read(&v, true), VBE_MAX_BPP);
	/* A mode larger than video RAM stays off. */
	vga_vbe_write(&v, false, VBE_XRES);
	vga_vbe_write(&v, true, 2560);
	vga_vbe_write(&v, false, VBE_YRES);
	vga_vbe_write(&v, true, 1600);
	vga_vbe_write(&v, false, VBE_BPP);
	vga_vbe_write(&v, true, 32);
	vga_vbe_write(&v, false, VBE_ENABLE);
	vga_vbe_write(&v, true, VBE_ENABLED | VBE_LFB_ENABLED);
	CHECK_INT(vga_vbe_read(&v, true) & VBE_ENABLED, 0);
	/* 640x480x32 fits. */
	vga_vbe_write(&v, false, VBE_XRES);
	vga_vbe_write(&v, true, 640);
	vga_vbe_write(&v, false, VBE_YRES);
	vga_vbe_write(&v, true, 480);
	vga_vbe_write(&v, false, VBE_ENABLE);
	vga_vbe_write(&v, true, VBE_ENABLED);
	CHECK_INT(vga_vbe_read(&v, true) & VBE_ENABLED, VBE_ENABLED);
	vga_vbe_write(&v, false, VBE_VIRT_WIDTH);
	CHECK_INT(vga_vbe_read(&v, true), 640);
	vga_vbe_write(&v, false, VBE_VIRT_HEIGHT);
	CHECK_INT(vga_vbe_read(&v, true), (4u << 20) / (640 * 4));
	/* XRES cannot change while enabled. */
	vga_vbe_write(&v, false, VBE_XRES);
	vga_vbe_write(&v, true, 800);
	CHECK_INT(vga_vbe_read(&v, true), 640);
	/* The window through the bank: linear. */
	vga_vbe_write(&v, false, VBE_BANK);
	vga_vbe_write(&v, true, 2);
	vga_window_write(&v, 0x10, 0x99);
	CHECK_INT(vram[0x20010], 0x99);
	vga_vbe_write(&v, true, 64); /* beyond 4 MiB: refused */
	CHECK_INT(vga_vbe_read(&v, true), 2);
	free(vram);
}

TEST(vga_pci_rom_bar_and_framebuffer)
{
	static struct platform_recorder rec;
	static struct platform_ops ops;
	static struct io_bus io;
	static struct pci_bus bus;
	static struct vga_pci d;
	static uint8_t rom[39936];
	uint8_t *vram = calloc(1, 16u << 20);
	unsigned devfn = 3 << 3;
	struct ioreq_req r = { .type = IOREQ_TYPE_COPY, .read = true, .size = 2, .count = 1 };
	uint64_t data = 0;

	CHECK(vram != NULL);
	if (!vram)
		return;
	platform_recorder_init(&rec, &ops);
	io_bus_init(&io, NULL);
	pci_bus_init(&bus, &io, &ops);
	CHECK_INT(vga_pci_init(&d, IOEMU_VGA_CIRRUS, 12, &ops), -EINVAL);
	CHECK_INT(vga_pci_init(&d, IOEMU_VGA_STD, 0, &ops), -EINVAL);
	CHECK_INT(vga_pci_init(&d, IOEMU_VGA_STD, 16, &ops), 0);
	CHECK_INT(pci_bus_add(&bus, &d.pci, devfn), 0);
	rom[0] = 0x55, rom[1] = 0xaa, rom[2] = 78;
	CHECK_INT(vga_pci_attach(&d, &io, vram, rom, 0), -EINVAL);
	CHECK_INT(vga_pci_attach(&d, &io, vram, rom, sizeof(rom)), 0);
	CHECK_INT(vga_pci_attach(&d, &io, vram, rom, sizeof(rom)), -EINVAL);
	CHECK_INT(pci_config_read(&bus, devfn, PCI_REG_VENDOR, 4), 0x11111234);
	/* hvmloader's sizing: the ROM is 64 KiB, the framebuffer 16 MiB. */
	pci_config_write(&bus, devfn, PCI_REG_ROM, 4, 0xfffff800);
	CHECK_INT(pci_config_read(&bus, devfn, PCI_REG_ROM, 4), 0xffff0000);
	pci_config_write(&bus, devfn, PCI_REG_BAR0, 4, 0xffffffff);
	CHECK_INT(pci_config_read(&bus, devfn, PCI_REG_BAR0, 4), 0xff000008);
	pci_config_write(&bus, devfn, PCI_REG_BAR0, 4, 0xf0000000);
	pci_config_write(&bus, devfn, PCI_REG_ROM, 4, 0xf1000001);
	CHECK_INT(rec.place_vram_calls, 0);
	pci_config_write(&bus, devfn, PCI_REG_COMMAND, 2, PCI_COMMAND_MEMORY);
	CHECK(rec.vram_placed);
	CHECK_INT(rec.vram_at, 0xf0000000);
	/* SeaBIOS reads the ROM's signature and size through the BAR. */
	r.addr = 0xf1000000;
	CHECK_INT(io_bus_dispatch(&io, &r, &data), 0);
	CHECK_INT(data, 0xaa55);
	r.addr = 0xf1000000 + sizeof(rom) - 1;
	CHECK_INT(io_bus_dispatch(&io, &r, &data), 0);
	CHECK_INT(data, 0);
	r.read = false, r.addr = 0xf1000000, r.data = 0;
	CHECK_INT(io_bus_dispatch(&io, &r, &data), 0);
	CHECK_INT(rom[0], 0x55);
	/* The ROM BAR off: no longer answered; the framebuffer moves back
	 * when memory decoding stops. */
	pci_config_write(&bus, devfn, PCI_REG_ROM, 4, 0xf1000000);
	CHECK(io_bus_find(&io, IO_SPACE_MMIO, 0xf1000000) == NULL);
	pci_config_write(&bus, devfn, PCI_REG_COMMAND, 2, 0);
	CHECK(!rec.vram_placed);
	/* Ports: outw to 0x3c4 is index and data; VBE's 16-bit data port. */
	port_out(&io, 0x3c4, 2, 0x0f02);
	CHECK_INT(d.vga.seq[VGA_SR_MAP_MASK], 0x0f);
	CHECK_INT(port_in(&io, 0x3c4, 2), 0x0f02);
	port_out(&io, 0x1ce, 2, VBE_ID);
	port_out(&io, 0x1cf, 2, VBE_ID5);
	CHECK_INT(port_in(&io, 0x1cf, 2), VBE_ID5);
	CHECK_INT(port_in(&io, 0x1d0, 1), 0xff);
	/* The window as memory. */
	r = (struct ioreq_req){ .type = IOREQ_TYPE_COPY,
				.size = 4,
				.count = 1,
				.addr = VGA_WINDOW_BASE + 0x18000,
				.data = 0x07420741 };
	indexed(&d.vga, 0x3ce, VGA_GR_MISC, 0x0e);
	indexed(&d.vga, 0x3ce, VGA_GR_MODE, 0x10);
	port_out(&io, 0x3c4, 2, 0x0302);
	CHECK_INT(io_bus_dispatch(&io, &r, &data), 0);
	CHECK_INT(vga_plane_byte(&d.vga, 0, 0), 'A');
	CHECK_INT(vga_plane_byte(&d.vga, 0, 2), 'B');
	free(vram);
}

TEST(vga_machine_memory_base)
{
	struct ioemu_config cfg = { .ram_mb = 24 };

	CHECK_INT(machine_device_memory_base(&cfg), 24u << 20);
	cfg.ram_mb = 4096;
	CHECK_INT(machine_device_memory_base(&cfg), 0x110000000ull);
	cfg.ram_below_4g = 0x80000000;
	CHECK_INT(machine_device_memory_base(&cfg), 0x180000000ull);
}
