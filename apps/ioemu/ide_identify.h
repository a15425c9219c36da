/*
 * The 512 bytes a drive answers IDENTIFY DEVICE (ATA disks) and IDENTIFY
 * PACKET DEVICE (ATAPI CD-ROM drives) with: model, serial and firmware
 * strings, the capacity for CHS, LBA28 and LBA48, the PIO, multiword DMA
 * and UDMA modes (those supported, the one selected), the feature sets
 * (write cache, FLUSH CACHE, 48-bit addresses) as SeaBIOS and Linux's
 * libata read them; and a disk's default CHS geometry. Pure.
 */
#ifndef APPS_IOEMU_IDE_IDENTIFY_H
#define APPS_IOEMU_IDE_IDENTIFY_H

#include "apps/ioemu/ide.h"

#include <stdint.h>

enum { IDE_IDENTIFY_BYTES = 512 };

/* 16 heads, 63 sectors a track, as many cylinders as fit (1-16383). */
void ide_default_geometry(uint64_t sectors, uint16_t *cylinders, uint8_t *heads,
			  uint8_t *sectors_per_track);

/* The IDENTIFY data of drive d (number 0-3, for its serial number). */
void ide_identify_ata(const struct ide_drive *d, unsigned number, uint8_t out[IDE_IDENTIFY_BYTES]);
void ide_identify_atapi(const struct ide_drive *d, unsigned number,
			uint8_t out[IDE_IDENTIFY_BYTES]);

#endif
