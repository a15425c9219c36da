/* An expansion ROM behind a ROM BAR (see pci_rom.h). */
#include "apps/ioemu/pci_rom.h"

#include "lib/errno.h"

static uint64_t rom_read(void *dev, uint64_t offset, unsigned size)
{
	const struct pci_rom *rom = dev;
	uint64_t value = 0;

	for (unsigned i = 0; i < size; i++)
		value |= (uint64_t)(offset + i < rom->size ? rom->image[offset + i] : 0xff)
			 << (8 * i);
	return value;
}

static void rom_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	(void)dev, (void)offset, (void)size, (void)value; /* read-only memory */
}

int pci_rom_attach(struct pci_rom *rom, struct pci_device *dev, const uint8_t *image, uint32_t size)
{
	uint32_t bar = 2048;

	if (!image || size == 0 || size > PCI_ROM_MAX_BYTES)
		return -EINVAL;
	while (bar < size)
		bar <<= 1;
	rom->image = image;
	rom->size = size;
	rom->region = (struct io_region){
		.name = "option ROM", .read = rom_read, .write = rom_write, .dev = rom
	};
	return pci_device_set_bar(dev, PCI_ROM_SLOT, PCI_BAR_ROM, bar, &rom->region);
}
