/*
 * The Cirrus CL-GD5446 extensions of the VGA core (see vga.h), as far as
 * SeaBIOS's vgabios-cirrus needs them to find the chip and set its
 * modes: the extension unlock (SR6: 0x12 unlocks and reads back 0x12,
 * anything else locks and reads 0x0f), the chip ID in CR27 (0xb8: a
 * 5446), the memory configuration it reads in SR0F (4 MiB, 64-bit
 * bus) and SR17 (a PCI part), the extension registers SR7-SR1F,
 * GR9-GR39 and CR19-CR1D kept as written, the hidden DAC register behind
 * four reads of 0x3c6, and the window's two banks (GR9/GRA, 4 or 16 KiB
 * granularity) in extended (packed-pixel) mode.
 *
 * Not here (the display issue or later): the BitBLT engine (GR20-GR3F
 * are kept, no blit runs, GR31 never reads busy), the memory-mapped
 * registers of BAR1, write modes 4 and 5 and the 16-bit GR0/GR1
 * extensions, the hardware cursor (SR10-SR13 kept) and the linear
 * aperture's byte swapping apertures.
 */
#include "apps/ioemu/vga.h"

enum {
	SR_UNLOCK = 0x06,
	SR_UNLOCKED = 0x12,
	SR_LOCKED = 0x0f,
	SR_EXTENDED = 0x07,
	SR_DRAM = 0x0f,
	SR_CONFIG = 0x17,
	SR_LAST = 0x1f,
	GR_BANK0 = 0x09,
	GR_BANK1 = 0x0a,
	GR_BANK_CONTROL = 0x0b,
	GR0B_DUAL_BANK = 0x01,
	GR0B_16K = 0x20,
	GR_LAST = 0x39,
	CR_FIRST_EXT = 0x19,
	CR_LAST_WRITABLE = 0x1d,
	CR_ATTR_TOGGLE = 0x24,
	CR_ATTR_INDEX = 0x26,
	CR_ID = 0x27,
	CHIP_ID_5446 = 0xb8,
};

void vga_cirrus_reset(struct vga *v)
{
	v->seq[SR_UNLOCK] = SR_LOCKED;
	v->seq[SR_DRAM] = 0x98;	  /* 4 MiB, 64-bit wide DRAM, as SeaBIOS decodes it */
	v->seq[SR_CONFIG] = 0x20; /* PCI */
	v->seq[SR_LAST] = 0x2d;	  /* memory clock */
	v->gr[0x18] = 0x0f;
	v->cr[CR_ID] = CHIP_ID_5446;
}

bool vga_cirrus_seq_write(struct vga *v, uint8_t index, uint8_t value)
{
	if (index == SR_UNLOCK) {
		v->seq[SR_UNLOCK] = (value & 0x17) == SR_UNLOCKED ? SR_UNLOCKED : SR_LOCKED;
		return true;
	}
	if (index < SR_EXTENDED)
		return false;
	if (index <= SR_LAST)
		v->seq[index] = value;
	return true; /* beyond SR1F: nothing there */
}

bool vga_cirrus_seq_read(const struct vga *v, uint8_t index, uint8_t *value)
{
	if (index < SR_UNLOCK)
		return false;
	*value = index <= SR_LAST ? v->seq[index] : 0xff;
	return true;
}

bool vga_cirrus_gr_write(struct vga *v, uint8_t index, uint8_t value)
{
	if (index < GR_BANK0)
		return false;
	if (index <= GR_LAST)
		v->gr[index] = value;
	return true;
}

bool vga_cirrus_gr_read(const struct vga *v, uint8_t index, uint8_t *value)
{
	if (index < GR_BANK0)
		return false;
	*value = index <= GR_LAST ? v->gr[index] : 0xff;
	return true;
}

bool vga_cirrus_cr_write(struct vga *v, uint8_t index, uint8_t value)
{
	if (index < CR_FIRST_EXT)
		return false;
	if (index <= CR_LAST_WRITABLE || index == 0x22)
		v->cr[index] = value;
	return true; /* CR24-CR27 are read-only; the rest absent */
}

bool vga_cirrus_cr_read(const struct vga *v, uint8_t index, uint8_t *value)
{
	if (index < CR_FIRST_EXT)
		return false;
	if (index == CR_ATTR_TOGGLE)
		*value = v->ar_data_next ? 0x80 : 0x00;
	else if (index == CR_ATTR_INDEX)
		*value = v->ar_index;
	else if (index <= CR_ID)
		*value = v->cr[index];
	else
		*value = 0xff;
	return true;
}

/* Four reads of 0x3c6 in a row open the hidden DAC register: the fifth
 * read gives it, or the next write sets it; any other access closes it. */
uint8_t vga_cirrus_dac_mask_read(struct vga *v)
{
	if (++v->cirrus.hidden_dac_reads == 5) {
		v->cirrus.hidden_dac_reads = 0;
		return v->cirrus.hidden_dac;
	}
	return v->dac_mask;
}

bool vga_cirrus_dac_mask_write(struct vga *v, uint8_t value)
{
	bool hidden = v->cirrus.hidden_dac_reads == 4;

	v->cirrus.hidden_dac_reads = 0;
	if (hidden)
		v->cirrus.hidden_dac = value;
	return hidden;
}

bool vga_cirrus_window_address(const struct vga *v, uint32_t offset, uint32_t *vram_offset)
{
	unsigned shift = v->gr[GR_BANK_CONTROL] & GR0B_16K ? 14 : 12;
	uint32_t bank, within;

	if (!(v->seq[SR_EXTENDED] & 0x01))
		return false;
	if (offset >= 0x10000) { /* the extended modes map 64 KiB at 0xa0000 */
		*vram_offset = UINT32_MAX;
		return true;
	}
	if (v->gr[GR_BANK_CONTROL] & GR0B_DUAL_BANK) {
		bank = offset < 0x8000 ? v->gr[GR_BANK0] : v->gr[GR_BANK1];
		within = offset & 0x7fff;
	} else {
		bank = v->gr[GR_BANK0];
		within = offset;
	}
	*vram_offset = (bank << shift) + within;
	return true;
}
