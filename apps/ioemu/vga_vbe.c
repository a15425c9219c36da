/*
 * The Bochs VBE "dispi" registers of the standard VGA (see vga.h), as
 * SeaBIOS's vgabios-stdvga probes and programs them through ports
 * 0x1ce (index) and 0x1cf (data): the ID handshake (0xb0c0-0xb0c5), the
 * video memory size in 64 KiB units, resolution and depth (the maximums
 * while GETCAPS is set), the bank of the 64 KiB window, the virtual
 * screen and its offsets. Enabling a mode checks it fits in video RAM
 * (else it stays disabled), clears the memory unless asked not to, and
 * puts the VGA core in graphics mode with chain-4 linear addressing.
 */
#include "apps/ioemu/vga.h"

#include <string.h>

static unsigned bytes_per_pixel(uint16_t bpp)
{
	return bpp == 15 ? 2 : (bpp + 7u) / 8;
}

static bool depth_valid(uint16_t bpp)
{
	return bpp == 4 || bpp == 8 || bpp == 15 || bpp == 16 || bpp == 24 || bpp == 32;
}

static uint64_t line_bytes(const struct vga *v)
{
	const uint16_t *r = v->vbe.regs;

	if (r[VBE_BPP] == 4)
		return r[VBE_VIRT_WIDTH] / 2;
	return (uint64_t)r[VBE_VIRT_WIDTH] * bytes_per_pixel(r[VBE_BPP]);
}

/* A new mode: false when it cannot be shown from this video RAM. */
static bool enable(struct vga *v, uint16_t flags)
{
	uint16_t *r = v->vbe.regs;
	uint64_t line;

	if (!depth_valid(r[VBE_BPP]) || !r[VBE_XRES] || r[VBE_XRES] > VBE_MAX_XRES ||
	    !r[VBE_YRES] || r[VBE_YRES] > VBE_MAX_YRES)
		return false;
	r[VBE_VIRT_WIDTH] = r[VBE_XRES];
	r[VBE_X_OFFSET] = r[VBE_Y_OFFSET] = 0;
	line = line_bytes(v);
	if (line * r[VBE_YRES] > v->vram_size)
		return false;
	r[VBE_VIRT_HEIGHT] =
		(uint16_t)(v->vram_size / line > 0xffff ? 0xffff : v->vram_size / line);
	if (!(flags & VBE_NOCLEARMEM))
		memset(v->vram, 0, (size_t)(line * r[VBE_YRES]));
	/* Graphics, the 64 KiB map at 0xa0000; packed pixels linear. */
	v->gr[VGA_GR_MISC] = (uint8_t)((v->gr[VGA_GR_MISC] & ~0x0c) | 0x04 | VGA_GR06_GRAPHICS);
	v->cr[VGA_CR_MODE] |= 0x03;
	v->cr[VGA_CR_OFFSET] = (uint8_t)(line >> 3);
	if (r[VBE_BPP] == 4)
		v->seq[VGA_SR_MEMORY_MODE] &= (uint8_t)~VGA_SR04_CHAIN4;
	else
		v->seq[VGA_SR_MEMORY_MODE] |= VGA_SR04_CHAIN4;
	v->seq[VGA_SR_MAP_MASK] = 0x0f;
	return true;
}

static uint16_t data_read(const struct vga *v)
{
	const struct vga_vbe *b = &v->vbe;
	bool caps = b->regs[VBE_ENABLE] & VBE_GETCAPS;

	switch (b->index) {
	case VBE_XRES:
		return caps ? VBE_MAX_XRES : b->regs[VBE_XRES];
	case VBE_YRES:
		return caps ? VBE_MAX_YRES : b->regs[VBE_YRES];
	case VBE_BPP:
		return caps ? VBE_MAX_BPP : b->regs[VBE_BPP];
	case VBE_VIDEO_MEMORY_64K:
		return (uint16_t)(v->vram_size >> 16);
	default:
		return b->index < VGA_VBE_REGS ? b->regs[b->index] : 0;
	}
}

static void data_write(struct vga *v, uint16_t value)
{
	struct vga_vbe *b = &v->vbe;
	bool enabled = b->regs[VBE_ENABLE] & VBE_ENABLED;

	switch (b->index) {
	case VBE_ID:
		if (value >= VBE_ID0 && value <= VBE_ID5)
			b->regs[VBE_ID] = value;
		break;
	case VBE_XRES:
	case VBE_YRES:
	case VBE_BPP:
		if (!enabled) /* a mode is changed by disabling it first */
			b->regs[b->index] = value;
		break;
	case VBE_BANK:
		if ((uint32_t)value << 16 < v->vram_size) {
			b->regs[VBE_BANK] = value;
			b->bank_offset = (uint32_t)value << 16;
		}
		break;
	case VBE_ENABLE:
		value &=
			VBE_ENABLED | VBE_GETCAPS | VBE_8BIT_DAC | VBE_LFB_ENABLED | VBE_NOCLEARMEM;
		if ((value & VBE_ENABLED) && !enabled && !enable(v, value))
			value &= (uint16_t)~VBE_ENABLED;
		if (!(value & VBE_ENABLED)) {
			b->regs[VBE_BANK] = 0;
			b->bank_offset = 0;
		}
		b->regs[VBE_ENABLE] = value;
		break;
	case VBE_VIRT_WIDTH:
		/* At least the visible width, and a screen's line in video RAM. */
		if (value >= b->regs[VBE_XRES]) {
			uint16_t old = b->regs[VBE_VIRT_WIDTH];

			b->regs[VBE_VIRT_WIDTH] = value;
			if (!line_bytes(v) || line_bytes(v) * b->regs[VBE_YRES] > v->vram_size) {
				b->regs[VBE_VIRT_WIDTH] = old;
				break;
			}
			b->regs[VBE_VIRT_HEIGHT] =
				(uint16_t)(v->vram_size / line_bytes(v) > 0xffff
						   ? 0xffff
						   : v->vram_size / line_bytes(v));
		}
		break;
	case VBE_X_OFFSET:
	case VBE_Y_OFFSET:
		b->regs[b->index] = value;
		break;
	default:
		break; /* VIRT_HEIGHT follows from the width; the rest is absent */
	}
}

uint16_t vga_vbe_read(struct vga *v, bool data)
{
	return data ? data_read(v) : v->vbe.index;
}

void vga_vbe_write(struct vga *v, bool data, uint16_t value)
{
	if (data)
		data_write(v, value);
	else
		v->vbe.index = value;
}
