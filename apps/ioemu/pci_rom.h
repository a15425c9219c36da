/*
 * An expansion ROM image behind a PCI function's ROM BAR: the BAR is
 * sized for the image (a power of two, at least 2 KiB) and reads of it
 * answer the image's bytes (ones past its end); writes change nothing.
 * The firmware copies the ROM from there (SeaBIOS's option ROM scan).
 */
#ifndef APPS_IOEMU_PCI_ROM_H
#define APPS_IOEMU_PCI_ROM_H

#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/pci.h"

#include <stdint.h>

enum { PCI_ROM_MAX_BYTES = 1u << 20 };

struct pci_rom {
	struct io_region region;
	const uint8_t *image; /* kept by the caller */
	uint32_t size;
};

/* Declares dev's ROM BAR for image (size bytes, 1 to PCI_ROM_MAX_BYTES).
 * 0, or -EINVAL for an image of no size or too large. */
int pci_rom_attach(struct pci_rom *rom, struct pci_device *dev, const uint8_t *image,
		   uint32_t size);

#endif
