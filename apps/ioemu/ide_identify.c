/*
 * IDENTIFY data (see ide_identify.h): words of 16 bits, little-endian,
 * strings two characters to a word with the first in the high byte,
 * padded with spaces.
 */
#include "apps/ioemu/ide_identify.h"

#include <stdio.h>
#include <string.h>

enum {
	MAX_CYLINDERS = 16383,
	DEFAULT_HEADS = 16,
	DEFAULT_SECTORS_PER_TRACK = 63,
	LBA28_MAX = 0x0fffffff,
	/* Timings (ns) of the fastest modes offered: PIO 4, multiword DMA 2. */
	CYCLE_NS = 120,
	MWDMA_MODES = 0x07,	   /* 0-2 */
	UDMA_MODES = 0x3f,	   /* 0-5 */
	PIO_ADVANCED_MODES = 0x03, /* 3 and 4 */
};

static void put_word(uint8_t *out, unsigned word, uint32_t value)
{
	out[word * 2] = (uint8_t)value;
	out[word * 2 + 1] = (uint8_t)(value >> 8);
}

static void put_string(uint8_t *out, unsigned first_word, unsigned words, const char *s)
{
	size_t len = strlen(s);

	for (unsigned i = 0; i < words * 2; i++) {
		/* the first character of each pair in the word's high byte */
		unsigned byte = (first_word + i / 2) * 2 + (1 - i % 2);

		out[byte] = (uint8_t)(i < len ? s[i] : ' ');
	}
}

void ide_default_geometry(uint64_t sectors, uint16_t *cylinders, uint8_t *heads,
			  uint8_t *sectors_per_track)
{
	uint64_t c = sectors / (DEFAULT_HEADS * DEFAULT_SECTORS_PER_TRACK);

	*heads = DEFAULT_HEADS;
	*sectors_per_track = DEFAULT_SECTORS_PER_TRACK;
	*cylinders = (uint16_t)(c < 1 ? 1 : c > MAX_CYLINDERS ? MAX_CYLINDERS : c);
}

static uint32_t selected(uint8_t mode, uint8_t max)
{
	return mode <= max ? 0x100u << mode : 0;
}

/* What both kinds share: strings, modes and timings, the reset result. */
static void common(const struct ide_drive *d, unsigned number, const char *model, uint8_t *out)
{
	char serial[21];

	snprintf(serial, sizeof(serial), "IOEMU%05u", number);
	put_string(out, 10, 10, serial);
	put_string(out, 23, 4, "1.0");
	put_string(out, 27, 20, model);
	put_word(out, 49, 0x0b00); /* IORDY, LBA, DMA */
	put_word(out, 53, 0x0007); /* words 54-58, 64-70 and 88 valid */
	put_word(out, 63, MWDMA_MODES | selected(d->mwdma_mode, 2));
	put_word(out, 64, PIO_ADVANCED_MODES);
	for (unsigned w = 65; w <= 68; w++)
		put_word(out, w, CYCLE_NS);
	put_word(out, 88, UDMA_MODES | selected(d->udma_mode, 5));
	put_word(out, 93, 0x6001); /* reset result: 80-conductor cable */
}

void ide_identify_ata(const struct ide_drive *d, unsigned number, uint8_t out[IDE_IDENTIFY_BYTES])
{
	uint16_t cylinders;
	uint8_t heads, spt;
	uint32_t current = (uint32_t)d->cylinders * d->heads * d->sectors_per_track;
	uint64_t lba28 = d->sectors < LBA28_MAX ? d->sectors : LBA28_MAX;

	memset(out, 0, IDE_IDENTIFY_BYTES);
	ide_default_geometry(d->sectors, &cylinders, &heads, &spt);
	put_word(out, 0, 0x0040); /* fixed device */
	put_word(out, 1, cylinders);
	put_word(out, 3, heads);
	put_word(out, 6, spt);
	put_word(out, 20, 3);	/* buffer type */
	put_word(out, 21, 512); /* buffer size / 512 */
	put_word(out, 22, 4);	/* ECC bytes */
	common(d, number, "ioemu HARDDISK", out);
	put_word(out, 47, 0x8000 | IDE_MAX_MULTIPLE);
	put_word(out, 50, 0x4000);
	put_word(out, 51, 0x0200); /* PIO timing mode 2 */
	put_word(out, 52, 0x0200);
	put_word(out, 54, d->cylinders);
	put_word(out, 55, d->heads);
	put_word(out, 56, d->sectors_per_track);
	put_word(out, 57, current);
	put_word(out, 58, current >> 16);
	put_word(out, 59, d->multiple ? 0x100u | d->multiple : 0);
	put_word(out, 60, (uint32_t)lba28);
	put_word(out, 61, (uint32_t)(lba28 >> 16));
	put_word(out, 80, 0x00f0); /* ATA-4 to ATA-7 */
	put_word(out, 82, 0x0020); /* write cache */
	put_word(out, 83, 0x7400); /* FLUSH CACHE EXT, FLUSH CACHE, 48-bit addresses */
	put_word(out, 84, 0x4000);
	put_word(out, 85, d->write_cache ? 0x0020 : 0);
	put_word(out, 86, 0x3400);
	put_word(out, 87, 0x4000);
	for (unsigned i = 0; i < 4; i++)
		put_word(out, 100 + i, (uint32_t)(d->sectors >> (16 * i)));
}

void ide_identify_atapi(const struct ide_drive *d, unsigned number, uint8_t out[IDE_IDENTIFY_BYTES])
{
	memset(out, 0, IDE_IDENTIFY_BYTES);
	/* ATAPI, CD-ROM, removable, DRQ within 50 us of PACKET (no
	 * interrupt for the packet), 12-byte packets */
	put_word(out, 0, 0x85c0);
	common(d, number, "ioemu DVD-ROM", out);
	put_word(out, 80, 0x007e); /* ATA/ATAPI-1 to -6 */
	put_word(out, 82, 0x0010); /* PACKET feature set */
	put_word(out, 83, 0x4000);
	put_word(out, 84, 0x4000);
	put_word(out, 85, 0x0010);
	put_word(out, 87, 0x4000);
}
