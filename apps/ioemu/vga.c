/*
 * The VGA core (see vga.h): the register files behind the legacy ports,
 * and the 0xa0000 window's planar, odd/even and chain-4 addressing over
 * video RAM, each plane byte bounded by the memory's size.
 */
#include "apps/ioemu/vga.h"

#include "lib/errno.h"

#include <string.h>

/* Port offsets from 0x3b0. */
enum {
	PORT_CRTC_MONO = 0x04, /* 0x3b4, data 0x3b5 */
	PORT_STATUS1_MONO = 0x0a,
	PORT_ATTR = 0x10,
	PORT_ATTR_READ = 0x11,
	PORT_MISC_WRITE = 0x12, /* reads: input status 0 */
	PORT_ENABLE = 0x13,
	PORT_SEQ = 0x14,
	PORT_DAC_MASK = 0x16,
	PORT_DAC_READ_INDEX = 0x17, /* reads: the DAC's state */
	PORT_DAC_WRITE_INDEX = 0x18,
	PORT_DAC_DATA = 0x19,
	PORT_FEATURE_READ = 0x1a,
	PORT_MISC_READ = 0x1c,
	PORT_GR = 0x1e,
	PORT_CRTC_COLOR = 0x24, /* 0x3d4, data 0x3d5 */
	PORT_STATUS1_COLOR = 0x2a,
};

/* The registers of a standard VGA and the bits each one has. */
static const uint8_t seq_bits[] = { 0x03, 0x3d, 0x0f, 0x3f, 0x0e };
static const uint8_t gr_bits[] = { 0x0f, 0x0f, 0x0f, 0x1f, 0x03, 0x7b, 0x0f, 0x0f, 0xff };
enum { CRTC_REGS = 0x19, STATUS1_TOGGLE = 0x09 /* display enable, vertical retrace */ };

int vga_init(struct vga *v, enum vga_kind kind, uint8_t *vram, uint32_t vram_size)
{
	if ((kind != VGA_KIND_STD && kind != VGA_KIND_CIRRUS) || !vram || vram_size < 0x40000 ||
	    vram_size % 0x10000)
		return -EINVAL;
	memset(v, 0, sizeof(*v));
	v->kind = kind;
	v->vram = vram;
	v->vram_size = vram_size;
	v->misc = VGA_MISC_COLOR;
	v->dac_mask = 0xff;
	v->vbe.regs[VBE_ID] = VBE_ID5;
	v->vbe.regs[VBE_BPP] = 8;
	if (kind == VGA_KIND_CIRRUS)
		vga_cirrus_reset(v);
	return 0;
}

unsigned vga_crtc_port(const struct vga *v)
{
	return v->misc & VGA_MISC_COLOR ? 0x3d4 : 0x3b4;
}

uint8_t vga_plane_byte(const struct vga *v, unsigned plane, uint32_t o)
{
	uint64_t at = (uint64_t)o * 4 + (plane & 3);

	return at < v->vram_size ? v->vram[at] : 0xff;
}

static void set_plane_byte(struct vga *v, unsigned plane, uint32_t o, uint8_t value)
{
	uint64_t at = (uint64_t)o * 4 + (plane & 3);

	if (at < v->vram_size)
		v->vram[at] = value;
	else
		v->out_of_range++;
}

static uint8_t linear_byte(struct vga *v, uint64_t at)
{
	if (at < v->vram_size)
		return v->vram[at];
	v->out_of_range++;
	return 0xff;
}

static void set_linear_byte(struct vga *v, uint64_t at, uint8_t value)
{
	if (at < v->vram_size)
		v->vram[at] = value;
	else
		v->out_of_range++;
}

/* ---- registers ------------------------------------------------------------------------ */

static uint8_t seq_read(const struct vga *v)
{
	uint8_t i = v->seq_index, value;

	if (v->kind == VGA_KIND_CIRRUS && vga_cirrus_seq_read(v, i, &value))
		return value;
	return i < sizeof(seq_bits) ? v->seq[i] : 0xff;
}

static void seq_write(struct vga *v, uint8_t value)
{
	uint8_t i = v->seq_index;

	if (v->kind == VGA_KIND_CIRRUS && vga_cirrus_seq_write(v, i, value))
		return;
	if (i < sizeof(seq_bits))
		v->seq[i] = value & seq_bits[i];
}

static uint8_t gr_read(const struct vga *v)
{
	uint8_t i = v->gr_index, value;

	if (v->kind == VGA_KIND_CIRRUS && vga_cirrus_gr_read(v, i, &value))
		return value;
	return i < sizeof(gr_bits) ? v->gr[i] : 0xff;
}

static void gr_write(struct vga *v, uint8_t value)
{
	uint8_t i = v->gr_index;

	if (v->kind == VGA_KIND_CIRRUS && vga_cirrus_gr_write(v, i, value))
		return;
	if (i < sizeof(gr_bits))
		v->gr[i] = value & gr_bits[i];
}

static uint8_t cr_read(const struct vga *v)
{
	uint8_t i = v->cr_index, value;

	if (v->kind == VGA_KIND_CIRRUS && vga_cirrus_cr_read(v, i, &value))
		return value;
	return i < CRTC_REGS ? v->cr[i] : 0xff;
}

static void cr_write(struct vga *v, uint8_t value)
{
	uint8_t i = v->cr_index;

	if (v->kind == VGA_KIND_CIRRUS && vga_cirrus_cr_write(v, i, value))
		return;
	if (i >= CRTC_REGS)
		return;
	/* CR11 bit 7 protects CR0-7, but for CR7's line compare bit 8. */
	if (i <= VGA_CR_OVERFLOW && (v->cr[VGA_CR_VERT_RETRACE_END] & VGA_CR11_PROTECT)) {
		if (i == VGA_CR_OVERFLOW)
			v->cr[i] = (uint8_t)((v->cr[i] & ~0x10) | (value & 0x10));
		return;
	}
	v->cr[i] = value;
}

static void attr_write(struct vga *v, uint8_t value)
{
	unsigned i;

	v->ar_data_next = !v->ar_data_next;
	if (v->ar_data_next) { /* this one was the index */
		v->ar_index = value & 0x3f;
		return;
	}
	i = v->ar_index & 0x1f;
	if (i < 0x10)
		v->ar[i] = value & 0x3f;
	else if (i == 0x12)
		v->ar[i] = value & 0x3f;
	else if (i == 0x13 || i == 0x14)
		v->ar[i] = value & 0x0f;
	else if (i < VGA_ATTR_REGS)
		v->ar[i] = value;
}

static uint8_t attr_read(const struct vga *v)
{
	unsigned i = v->ar_index & 0x1f;

	return i < VGA_ATTR_REGS ? v->ar[i] : 0;
}

static void dac_write(struct vga *v, uint8_t value)
{
	v->dac_latch[v->dac_part++] = value;
	if (v->dac_part < 3)
		return;
	memcpy(&v->dac[v->dac_write * 3], v->dac_latch, 3);
	v->dac_write++; /* wraps at 256, as the index register does */
	v->dac_part = 0;
}

static uint8_t dac_read(struct vga *v)
{
	uint8_t value = v->dac[v->dac_read * 3 + v->dac_part++];

	if (v->dac_part == 3) {
		v->dac_part = 0;
		v->dac_read++;
	}
	return value;
}

/* Whether offset is one of the CRTC/status ports of the mode the misc
 * register is in (the other mode's are not decoded). */
static bool crtc_decoded(const struct vga *v, unsigned offset)
{
	bool color = v->misc & VGA_MISC_COLOR;

	if (offset == PORT_CRTC_MONO || offset == PORT_CRTC_MONO + 1 || offset == PORT_STATUS1_MONO)
		return !color;
	return color;
}

uint8_t vga_port_read(struct vga *v, unsigned offset)
{
	if (v->kind == VGA_KIND_CIRRUS && offset == PORT_DAC_MASK)
		return vga_cirrus_dac_mask_read(v);
	v->cirrus.hidden_dac_reads = 0;
	switch (offset) {
	case PORT_ATTR:
		return (uint8_t)(v->ar_index);
	case PORT_ATTR_READ:
		return attr_read(v);
	case PORT_MISC_WRITE:
		return 0x00; /* input status 0: no interrupt, switches 0 */
	case PORT_ENABLE:
		return 0x01;
	case PORT_SEQ:
		return v->seq_index;
	case PORT_SEQ + 1:
		return seq_read(v);
	case PORT_DAC_MASK:
		return v->dac_mask;
	case PORT_DAC_READ_INDEX:
		return v->dac_state;
	case PORT_DAC_WRITE_INDEX:
		return v->dac_write;
	case PORT_DAC_DATA:
		return dac_read(v);
	case PORT_FEATURE_READ:
		return v->feature;
	case PORT_MISC_READ:
		return v->misc;
	case PORT_GR:
		return v->gr_index;
	case PORT_GR + 1:
		return gr_read(v);
	case PORT_CRTC_MONO:
	case PORT_CRTC_COLOR:
		return crtc_decoded(v, offset) ? v->cr_index : 0xff;
	case PORT_CRTC_MONO + 1:
	case PORT_CRTC_COLOR + 1:
		return crtc_decoded(v, offset) ? cr_read(v) : 0xff;
	case PORT_STATUS1_MONO:
	case PORT_STATUS1_COLOR:
		if (!crtc_decoded(v, offset))
			return 0xff;
		/* Reading it resets the attribute flip-flop; the retrace bits
		 * change on every read so that loops waiting on them end. */
		v->ar_data_next = false;
		v->status1 ^= STATUS1_TOGGLE;
		return v->status1;
	default:
		return 0xff;
	}
}

void vga_port_write(struct vga *v, unsigned offset, uint8_t value)
{
	if (v->kind == VGA_KIND_CIRRUS && offset == PORT_DAC_MASK &&
	    vga_cirrus_dac_mask_write(v, value))
		return;
	v->cirrus.hidden_dac_reads = 0;
	switch (offset) {
	case PORT_ATTR:
		attr_write(v, value);
		break;
	case PORT_MISC_WRITE:
		v->misc = value;
		break;
	case PORT_SEQ:
		v->seq_index = value;
		break;
	case PORT_SEQ + 1:
		seq_write(v, value);
		break;
	case PORT_DAC_MASK:
		v->dac_mask = value;
		break;
	case PORT_DAC_READ_INDEX:
		v->dac_read = value;
		v->dac_part = 0;
		v->dac_state = 3;
		break;
	case PORT_DAC_WRITE_INDEX:
		v->dac_write = value;
		v->dac_part = 0;
		v->dac_state = 0;
		break;
	case PORT_DAC_DATA:
		dac_write(v, value);
		break;
	case PORT_GR:
		v->gr_index = value;
		break;
	case PORT_GR + 1:
		gr_write(v, value);
		break;
	case PORT_CRTC_MONO:
	case PORT_CRTC_COLOR:
		if (crtc_decoded(v, offset))
			v->cr_index = value;
		break;
	case PORT_CRTC_MONO + 1:
	case PORT_CRTC_COLOR + 1:
		if (crtc_decoded(v, offset))
			cr_write(v, value);
		break;
	case PORT_STATUS1_MONO:
	case PORT_STATUS1_COLOR:
		if (crtc_decoded(v, offset))
			v->feature = value & 0x03;
		break;
	default:
		break; /* PORT_ENABLE and the holes: nothing to keep */
	}
}

/* ---- the memory window ---------------------------------------------------------------- */

/* offset as an address inside the memory map GR6 selects: false when the
 * map does not cover it. */
static bool window_address(const struct vga *v, uint32_t offset, uint32_t *address)
{
	static const uint32_t base[4] = { 0, 0, 0x10000, 0x18000 };
	static const uint32_t size[4] = { 0x20000, 0x10000, 0x8000, 0x8000 };
	unsigned map = (v->gr[VGA_GR_MISC] >> 2) & 3;

	if (offset < base[map] || offset - base[map] >= size[map])
		return false;
	*address = offset - base[map];
	return true;
}

static uint8_t rotate_right(uint8_t value, unsigned n)
{
	n &= 7;
	return n ? (uint8_t)(value >> n | value << (8 - n)) : value;
}

static void load_latches(struct vga *v, uint32_t o)
{
	for (unsigned p = 0; p < 4; p++)
		v->latch[p] = vga_plane_byte(v, p, o);
}

/* Chain-4 uses the VBE bank in the 64 KiB map, as the BIOSes expect. */
static uint64_t chain4_address(const struct vga *v, uint32_t a)
{
	bool banked = ((v->gr[VGA_GR_MISC] >> 2) & 3) == 1;

	return (banked ? v->vbe.bank_offset : 0) + (uint64_t)a;
}

uint8_t vga_window_read(struct vga *v, uint32_t offset)
{
	uint32_t a, vram_offset;
	uint8_t differ = 0;

	if (offset >= VGA_WINDOW_SIZE)
		return 0xff;
	if (v->kind == VGA_KIND_CIRRUS && vga_cirrus_window_address(v, offset, &vram_offset))
		return linear_byte(v, vram_offset);
	if (!window_address(v, offset, &a))
		return 0xff;
	if (v->seq[VGA_SR_MEMORY_MODE] & VGA_SR04_CHAIN4)
		return linear_byte(v, chain4_address(v, a));
	if (v->gr[VGA_GR_MODE] & VGA_GR05_ODD_EVEN)
		return vga_plane_byte(v, (v->gr[VGA_GR_READ_MAP] & 2) | (a & 1), a & ~UINT32_C(1));
	load_latches(v, a);
	if (!(v->gr[VGA_GR_MODE] & 0x08))
		return v->latch[v->gr[VGA_GR_READ_MAP] & 3];
	/* Read mode 1: ones where every plane cared about has the color. */
	for (unsigned p = 0; p < 4; p++)
		if (v->gr[VGA_GR_COLOR_DONT_CARE] & (1u << p))
			differ |= v->latch[p] ^
				  (v->gr[VGA_GR_COLOR_COMPARE] & (1u << p) ? 0xff : 0x00);
	return (uint8_t)~differ;
}

static uint8_t logical(const struct vga *v, uint8_t value, uint8_t latch)
{
	switch ((v->gr[VGA_GR_DATA_ROTATE] >> 3) & 3) {
	case 1:
		return value & latch;
	case 2:
		return value | latch;
	case 3:
		return value ^ latch;
	default:
		return value;
	}
}

static void planar_write(struct vga *v, uint32_t o, uint8_t value)
{
	unsigned mode = v->gr[VGA_GR_MODE] & 3;
	uint8_t rotated = rotate_right(value, v->gr[VGA_GR_DATA_ROTATE]);
	uint8_t mask = v->gr[VGA_GR_BIT_MASK];

	if (mode == 3)
		mask &= rotated;
	for (unsigned p = 0; p < 4; p++) {
		uint8_t bit = (uint8_t)(1u << p), set = v->gr[VGA_GR_SET_RESET] & bit ? 0xff : 0;
		uint8_t d;

		if (!(v->seq[VGA_SR_MAP_MASK] & bit))
			continue;
		switch (mode) {
		case 0:
			d = v->gr[VGA_GR_ENABLE_SET_RESET] & bit ? set : rotated;
			break;
		case 1:
			set_plane_byte(v, p, o, v->latch[p]);
			continue;
		case 2:
			d = value & bit ? 0xff : 0;
			break;
		default:
			d = set;
			break;
		}
		d = logical(v, d, v->latch[p]);
		set_plane_byte(v, p, o, (uint8_t)((d & mask) | (v->latch[p] & ~mask)));
	}
}

void vga_window_write(struct vga *v, uint32_t offset, uint8_t value)
{
	uint32_t a, vram_offset;

	if (offset >= VGA_WINDOW_SIZE)
		return;
	if (v->kind == VGA_KIND_CIRRUS && vga_cirrus_window_address(v, offset, &vram_offset)) {
		set_linear_byte(v, vram_offset, value);
		return;
	}
	if (!window_address(v, offset, &a))
		return;
	if (v->seq[VGA_SR_MEMORY_MODE] & VGA_SR04_CHAIN4) {
		uint64_t at = chain4_address(v, a);

		if (v->seq[VGA_SR_MAP_MASK] & (1u << (at & 3)))
			set_linear_byte(v, at, value);
		return;
	}
	if (!(v->seq[VGA_SR_MEMORY_MODE] & VGA_SR04_ODD_EVEN_OFF)) {
		/* Even addresses reach planes 0 and 2, odd ones 1 and 3. */
		uint8_t planes = v->seq[VGA_SR_MAP_MASK] & (a & 1 ? 0x0a : 0x05);

		for (unsigned p = 0; p < 4; p++)
			if (planes & (1u << p))
				set_plane_byte(v, p, a & ~UINT32_C(1), value);
		return;
	}
	planar_write(v, a, value);
}
