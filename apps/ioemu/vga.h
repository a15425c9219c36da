/*
 * The VGA core, pure: the legacy register files behind ports 0x3b0-0x3df
 * (sequencer, graphics controller, attribute controller, CRTC, DAC, misc
 * output, input status, feature control) and the memory window
 * 0xa0000-0xbffff with the planar memory model onto video RAM the caller
 * owns (in the stub: the guest's pages the device model populated,
 * mapped). The Bochs VBE "dispi" registers (vga_vbe.c) and the Cirrus
 * CL-GD5446 extensions the VGA BIOS needs (vga_cirrus.c) hang off it.
 *
 * Video RAM layout (as QEMU's, which the later display code shares):
 * byte o of plane p is vram[o * 4 + p], so chain-4 and the VBE modes see
 * the memory as linear bytes. Addressing through the window:
 *   - chain-4 (SR4 bit 3): window offset a is vram[bank + a] (plane a & 3);
 *   - odd/even (writes: SR4 bit 2 clear; reads: GR5 bit 4 set): address
 *     bit 0 picks plane 0 or 1 (2 or 3 with GR4/SR2's high plane), the
 *     byte is at plane offset a & ~1, as real hardware keeps text: the
 *     character of cell k in plane 0 and its attribute in plane 1, both
 *     at plane offset 2k, where the CRTC in word mode reads them;
 *   - planar: plane offset a in every plane, through the four latches,
 *     write modes 0-3 (rotate, set/reset, logical function, bit mask, map
 *     mask) and read modes 0-1 (color compare).
 * Every access is bounded by the video RAM's size (beyond it: reads give
 * ones, writes are dropped); every register index is range-checked.
 *
 * Not here yet (the display issue): drawing, dirty tracking, the cursor's
 * blink, panning and split screen (registers kept, not acted on).
 */
#ifndef APPS_IOEMU_VGA_H
#define APPS_IOEMU_VGA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vga_kind { VGA_KIND_STD, VGA_KIND_CIRRUS };

enum {
	VGA_WINDOW_BASE = 0xa0000,
	VGA_WINDOW_SIZE = 0x20000,
	VGA_PORT_BASE = 0x3b0,
	VGA_PORT_COUNT = 0x30,
	VGA_DAC_ENTRIES = 256,
	VGA_ATTR_REGS = 0x15,
	VGA_VBE_PORT = 0x1ce, /* index; data at 0x1cf */
	VGA_VBE_REGS = 10,
};

/* Sequencer, graphics controller, CRTC registers the core acts on. */
enum {
	VGA_SR_MAP_MASK = 0x02,
	VGA_SR_MEMORY_MODE = 0x04,
	VGA_SR04_ODD_EVEN_OFF = 0x04,
	VGA_SR04_CHAIN4 = 0x08,
	VGA_GR_SET_RESET = 0x00,
	VGA_GR_ENABLE_SET_RESET = 0x01,
	VGA_GR_COLOR_COMPARE = 0x02,
	VGA_GR_DATA_ROTATE = 0x03,
	VGA_GR_READ_MAP = 0x04,
	VGA_GR_MODE = 0x05,
	VGA_GR05_ODD_EVEN = 0x10,
	VGA_GR_MISC = 0x06,
	VGA_GR06_GRAPHICS = 0x01,
	VGA_GR_COLOR_DONT_CARE = 0x07,
	VGA_GR_BIT_MASK = 0x08,
	VGA_CR_HORIZ_DISPLAY_END = 0x01,
	VGA_CR_OVERFLOW = 0x07,
	VGA_CR_MAX_SCAN = 0x09,
	VGA_CR_CURSOR_START = 0x0a,
	VGA_CR_START_HI = 0x0c,
	VGA_CR_START_LO = 0x0d,
	VGA_CR_CURSOR_HI = 0x0e,
	VGA_CR_CURSOR_LO = 0x0f,
	VGA_CR_VERT_RETRACE_END = 0x11,
	VGA_CR11_PROTECT = 0x80,
	VGA_CR_VERT_DISPLAY_END = 0x12,
	VGA_CR_OFFSET = 0x13,
	VGA_CR_UNDERLINE = 0x14,
	VGA_CR14_DWORD = 0x40,
	VGA_CR_MODE = 0x17,
	VGA_CR17_BYTE_MODE = 0x40,
	VGA_MISC_COLOR = 0x01, /* CRTC at 0x3d4, input status at 0x3da */
	VGA_AR_MODE = 0x10,
	VGA_AR_INDEX_PAS = 0x20, /* palette address source: display on */
};

/* Bochs VBE dispi register indexes (ports 0x1ce/0x1cf). */
enum {
	VBE_ID,
	VBE_XRES,
	VBE_YRES,
	VBE_BPP,
	VBE_ENABLE,
	VBE_BANK,
	VBE_VIRT_WIDTH,
	VBE_VIRT_HEIGHT,
	VBE_X_OFFSET,
	VBE_Y_OFFSET,
	VBE_VIDEO_MEMORY_64K = 10, /* read-only */
	VBE_ID0 = 0xb0c0,
	VBE_ID5 = 0xb0c5,
	VBE_ENABLED = 0x01,
	VBE_GETCAPS = 0x02,
	VBE_8BIT_DAC = 0x20,
	VBE_LFB_ENABLED = 0x40,
	VBE_NOCLEARMEM = 0x80,
	VBE_MAX_XRES = 2560,
	VBE_MAX_YRES = 1600,
	VBE_MAX_BPP = 32,
};

struct vga {
	enum vga_kind kind;
	uint8_t *vram;
	uint32_t vram_size; /* bytes, a multiple of 4 */

	uint8_t misc;	 /* misc output (0x3c2 write, 0x3cc read) */
	uint8_t feature; /* feature control */
	uint8_t status1; /* input status 1: retrace bits toggle per read */
	uint8_t seq_index, seq[256];
	uint8_t gr_index, gr[256];
	uint8_t cr_index, cr[256];
	uint8_t ar_index;  /* with VGA_AR_INDEX_PAS */
	bool ar_data_next; /* the 0x3c0 flip-flop: the next write is data */
	uint8_t ar[0x20];
	uint8_t dac_mask, dac_state;	       /* 0x3c7's read: 0 writing, 3 reading */
	uint8_t dac_read, dac_write, dac_part; /* entry indexes, component 0-2 */
	uint8_t dac_latch[3];
	uint8_t dac[VGA_DAC_ENTRIES * 3];
	uint8_t latch[4];

	struct vga_vbe {
		uint16_t index;
		uint16_t regs[VGA_VBE_REGS];
		uint32_t bank_offset; /* bytes; applied to chain-4 window accesses */
	} vbe;
	struct vga_cirrus {
		unsigned hidden_dac_reads; /* 0x3c6 reads in a row */
		uint8_t hidden_dac;
	} cirrus;

	unsigned long out_of_range; /* accesses beyond video RAM, dropped */
};

/*
 * Sets up a VGA of kind over vram (vram_size bytes, at least 256 KiB and
 * a multiple of 64 KiB; not cleared: the pages are fresh), in the state
 * after power-on: color (CRTC at 0x3d4), the BIOS then programs the rest.
 * Returns 0, or -EINVAL for a kind or memory that cannot be.
 */
int vga_init(struct vga *v, enum vga_kind kind, uint8_t *vram, uint32_t vram_size);

/* A byte access to legacy port 0x3b0 + offset (offset < 0x30). */
uint8_t vga_port_read(struct vga *v, unsigned offset);
void vga_port_write(struct vga *v, unsigned offset, uint8_t value);

/* A byte access at offset (< VGA_WINDOW_SIZE) of the 0xa0000 window. */
uint8_t vga_window_read(struct vga *v, uint32_t offset);
void vga_window_write(struct vga *v, uint32_t offset, uint8_t value);

/* Bochs VBE dispi (vga_vbe.c): 16-bit index (port 0x1ce) and data
 * (0x1cf) registers; byte accesses see the low byte. */
uint16_t vga_vbe_read(struct vga *v, bool data);
void vga_vbe_write(struct vga *v, bool data, uint16_t value);

/* Cirrus (vga_cirrus.c): the power-on values of its extension
 * registers; whether an index is one it has; what a read of an
 * extension register gives; a write (false when the register is not
 * one of Cirrus' and the standard handling applies). */
void vga_cirrus_reset(struct vga *v);
bool vga_cirrus_seq_write(struct vga *v, uint8_t index, uint8_t value);
bool vga_cirrus_seq_read(const struct vga *v, uint8_t index, uint8_t *value);
bool vga_cirrus_gr_write(struct vga *v, uint8_t index, uint8_t value);
bool vga_cirrus_gr_read(const struct vga *v, uint8_t index, uint8_t *value);
bool vga_cirrus_cr_write(struct vga *v, uint8_t index, uint8_t value);
bool vga_cirrus_cr_read(const struct vga *v, uint8_t index, uint8_t *value);
/* 0x3c6: the hidden DAC register after four reads in a row. */
uint8_t vga_cirrus_dac_mask_read(struct vga *v);
bool vga_cirrus_dac_mask_write(struct vga *v, uint8_t value);
/* In Cirrus' extended (packed-pixel) mode, SR7 bit 0, the window is
 * linear bytes through the banks GR9/GRA: where offset lands in video
 * RAM (false: not in that mode, the standard model applies). */
bool vga_cirrus_window_address(const struct vga *v, uint32_t offset, uint32_t *vram_offset);

/* The CRTC's base port: 0x3d4 in color mode, 0x3b4 in mono. */
unsigned vga_crtc_port(const struct vga *v);

/* The plane byte at plane offset o of plane p (ones beyond video RAM). */
uint8_t vga_plane_byte(const struct vga *v, unsigned plane, uint32_t o);

#endif
