/* The PIIX3 IDE function's configuration space and bus-master registers
 * as storage (see piix_ide_stub.h). */
#include "apps/ioemu/piix_ide_stub.h"

#include <string.h>

static uint64_t bus_master_read(void *dev, uint64_t offset, unsigned size)
{
	const struct piix_ide_stub *ide = dev;
	uint64_t value = 0;

	for (unsigned i = 0; i < size && offset + i < PIIX_IDE_BUS_MASTER_PORTS; i++)
		value |= (uint64_t)ide->bus_master_regs[offset + i] << (8 * i);
	return value;
}

static void bus_master_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct piix_ide_stub *ide = dev;

	for (unsigned i = 0; i < size && offset + i < PIIX_IDE_BUS_MASTER_PORTS; i++) {
		unsigned reg = (unsigned)(offset + i);
		uint8_t byte = (uint8_t)(value >> (8 * i)), *r = &ide->bus_master_regs[reg];

		switch (reg & 7) {
		case 0: /* command: start/stop, direction */
			*r = byte & 0x09;
			break;
		case 2: /* status: error and interrupt are write 1 to clear */
			*r = (uint8_t)((*r & ~0x60 & ~(byte & 0x06)) | (byte & 0x60));
			break;
		case 4: /* PRD table address, dword aligned */
			*r = byte & 0xfc;
			break;
		case 5:
		case 6:
		case 7:
			*r = byte;
			break;
		default:
			break;
		}
	}
}

int piix_ide_stub_init(struct piix_ide_stub *ide)
{
	struct pci_device *p = &ide->pci;

	memset(ide, 0, sizeof(*ide));
	pci_device_init(p, "piix3-ide", 0x8086, 0x7010, 0x010180, 0x00, 0);
	p->owner = ide;
	pci_device_set_u16(p, PCI_REG_STATUS, 0x0280);
	pci_device_writable(p, 0x40, 0x10);
	ide->bus_master = (struct io_region){ "piix3-ide-bus-master", IO_SPACE_PORT,	0,   0,
					      bus_master_read,	      bus_master_write, ide, NULL };
	return pci_device_set_bar(p, PIIX_IDE_BUS_MASTER_BAR, PCI_BAR_IO, PIIX_IDE_BUS_MASTER_PORTS,
				  &ide->bus_master);
}
