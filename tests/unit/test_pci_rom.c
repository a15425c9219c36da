/* apps/ioemu/pci_rom: the ROM BAR's size for an image, its bytes read
 * where the firmware puts the BAR, ones past the image, writes ignored. */
#include "apps/ioemu/pci_rom.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/platform_recorder.h"

TEST(pci_rom_bar_answers_the_image)
{
	static struct platform_recorder rec;
	static struct platform_ops ops;
	static struct io_bus io;
	static struct pci_bus bus;
	static struct pci_device dev;
	static struct pci_rom rom;
	static uint8_t image[5000];
	struct ioreq_req r = { .type = IOREQ_TYPE_COPY, .read = true, .size = 4, .count = 1 };
	uint64_t data = 0;

	for (unsigned i = 0; i < sizeof(image); i++)
		image[i] = (uint8_t)(i * 3);
	platform_recorder_init(&rec, &ops);
	io_bus_init(&io, NULL);
	pci_bus_init(&bus, &io, &ops);
	pci_device_init(&dev, "card", 0x10ec, 0x8139, 0x020000, 0x20, 0);
	CHECK_INT(pci_bus_add(&bus, &dev, 0x18), 0);
	CHECK_INT(pci_rom_attach(&rom, &dev, image, 0), -EINVAL);
	CHECK_INT(pci_rom_attach(&rom, &dev, image, PCI_ROM_MAX_BYTES + 1), -EINVAL);
	CHECK_INT(pci_rom_attach(&rom, &dev, image, sizeof(image)), 0);
	pci_config_write(&bus, 0x18, PCI_REG_ROM, 4, 0xfffff800);
	CHECK_INT(pci_config_read(&bus, 0x18, PCI_REG_ROM, 4), 0xffffe000); /* 8 KiB */
	pci_config_write(&bus, 0x18, PCI_REG_ROM, 4, 0xfebc0001);
	pci_config_write(&bus, 0x18, PCI_REG_COMMAND, 2, PCI_COMMAND_MEMORY);
	r.addr = 0xfebc0000 + 4996;
	CHECK_INT(io_bus_dispatch(&io, &r, &data), 0);
	CHECK_INT(data, (uint32_t)image[4996] | (uint32_t)image[4997] << 8 |
				(uint32_t)image[4998] << 16 | (uint32_t)image[4999] << 24);
	r.addr = 0xfebc0000 + 4998;
	CHECK_INT(io_bus_dispatch(&io, &r, &data), 0);
	CHECK_INT(data, 0xffff0000u | (uint32_t)image[4998] | (uint32_t)image[4999] << 8);
	r.read = false;
	r.data = 0;
	r.addr = 0xfebc0000;
	CHECK_INT(io_bus_dispatch(&io, &r, &data), 0);
	CHECK_INT(image[0], 0);
	CHECK_INT(image[1], 3);
}
