/*
 * PCI configuration space (see pci.h): every access taken apart into
 * bytes, each stored through its write mask; then what the bytes mean is
 * brought up to date: the BARs' decoding (and their regions on the I/O
 * bus), the INTx line, and the function's own registers.
 */
#include "apps/ioemu/pci.h"

#include "lib/errno.h"

#include <string.h>

enum {
	COMMAND_WRITABLE = PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | 0x40 | 0x100 |
			   PCI_COMMAND_INTX_DISABLE
};

void pci_device_set_u8(struct pci_device *dev, unsigned reg, uint8_t value)
{
	if (reg < PCI_CONFIG_BYTES)
		dev->config[reg] = value;
}

void pci_device_set_u16(struct pci_device *dev, unsigned reg, uint16_t value)
{
	pci_device_set_u8(dev, reg, (uint8_t)value);
	pci_device_set_u8(dev, reg + 1, (uint8_t)(value >> 8));
}

void pci_device_set_u32(struct pci_device *dev, unsigned reg, uint32_t value)
{
	pci_device_set_u16(dev, reg, (uint16_t)value);
	pci_device_set_u16(dev, reg + 2, (uint16_t)(value >> 16));
}

static void set_mask32(struct pci_device *dev, unsigned reg, uint32_t mask)
{
	for (unsigned i = 0; i < 4 && reg + i < PCI_CONFIG_BYTES; i++)
		dev->write_mask[reg + i] = (uint8_t)(mask >> (8 * i));
}

void pci_device_writable(struct pci_device *dev, unsigned reg, unsigned len)
{
	for (unsigned i = 0; i < len && reg + i < PCI_CONFIG_BYTES; i++)
		dev->write_mask[reg + i] = 0xff;
}

uint16_t pci_device_get_u16(const struct pci_device *dev, unsigned reg)
{
	if (reg > PCI_CONFIG_BYTES - 2)
		return 0xffff;
	return (uint16_t)(dev->config[reg] | dev->config[reg + 1] << 8);
}

uint32_t pci_device_get_u32(const struct pci_device *dev, unsigned reg)
{
	if (reg > PCI_CONFIG_BYTES - 4)
		return 0xffffffff;
	return pci_device_get_u16(dev, reg) | (uint32_t)pci_device_get_u16(dev, reg + 2) << 16;
}

void pci_device_init(struct pci_device *dev, const char *name, uint16_t vendor, uint16_t device,
		     uint32_t class_code, uint8_t revision, uint8_t header_type)
{
	memset(dev, 0, sizeof(*dev));
	dev->name = name;
	pci_device_set_u16(dev, PCI_REG_VENDOR, vendor);
	pci_device_set_u16(dev, PCI_REG_DEVICE, device);
	pci_device_set_u8(dev, PCI_REG_REVISION, revision);
	pci_device_set_u8(dev, PCI_REG_CLASS, (uint8_t)class_code);
	pci_device_set_u16(dev, PCI_REG_CLASS + 1, (uint16_t)(class_code >> 8));
	pci_device_set_u8(dev, PCI_REG_HEADER_TYPE, header_type);
	dev->write_mask[PCI_REG_COMMAND] = (uint8_t)COMMAND_WRITABLE;
	dev->write_mask[PCI_REG_COMMAND + 1] = (uint8_t)(COMMAND_WRITABLE >> 8);
	dev->write_mask[0x0c] = 0xff; /* cache line size */
	dev->write_mask[0x0d] = 0xff; /* latency timer */
	dev->write_mask[PCI_REG_INTERRUPT_LINE] = 0xff;
}

static unsigned bar_reg(unsigned bar)
{
	return bar == PCI_ROM_SLOT ? PCI_REG_ROM : PCI_REG_BAR0 + 4 * bar;
}

static bool power_of_two(uint32_t v)
{
	return v && !(v & (v - 1));
}

int pci_device_set_bar(struct pci_device *dev, unsigned bar, enum pci_bar_kind kind, uint32_t size,
		       struct io_region *region)
{
	uint32_t low_bits, min, max;

	if (bar >= PCI_BAR_SLOTS || (bar == PCI_ROM_SLOT) != (kind == PCI_BAR_ROM) ||
	    !power_of_two(size))
		return -EINVAL;
	switch (kind) {
	case PCI_BAR_IO:
		low_bits = 0x1, min = 4, max = 0x10000;
		break;
	case PCI_BAR_MEM32:
		low_bits = 0x0, min = 16, max = UINT32_C(1) << 31;
		break;
	case PCI_BAR_MEM32_PREFETCH:
		low_bits = 0x8, min = 16, max = UINT32_C(1) << 31;
		break;
	case PCI_BAR_ROM:
		low_bits = 0x0, min = 2048, max = UINT32_C(1) << 31;
		break;
	default:
		return -EINVAL;
	}
	if (size < min || size > max)
		return -EINVAL;
	dev->bars[bar] = (struct pci_bar){ .kind = kind, .size = size, .region = region };
	if (region) {
		region->space = kind == PCI_BAR_IO ? IO_SPACE_PORT : IO_SPACE_MMIO;
		region->size = size;
	}
	pci_device_set_u32(dev, bar_reg(bar), low_bits);
	if (kind == PCI_BAR_ROM)
		set_mask32(dev, bar_reg(bar), (~(size - 1) & ~UINT32_C(0x7ff)) | 1);
	else
		set_mask32(dev, bar_reg(bar), ~(size - 1) & (kind == PCI_BAR_IO ? ~3u : ~0xfu));
	return 0;
}

/* Where slot bar decodes now, if it does: its space enabled, its address
 * not 0 and its range inside its space (all ones while being sized is
 * not: its last byte would be 0xffffffff). */
static bool bar_decodes(const struct pci_device *dev, unsigned bar, uint64_t *addr)
{
	const struct pci_bar *b = &dev->bars[bar];
	uint16_t command = pci_device_get_u16(dev, PCI_REG_COMMAND);
	uint32_t value = pci_device_get_u32(dev, bar_reg(bar));
	uint64_t a;

	switch (b->kind) {
	case PCI_BAR_IO:
		if (!(command & PCI_COMMAND_IO))
			return false;
		a = value & ~UINT32_C(3) & ~(b->size - 1);
		*addr = a;
		return a != 0 && a + b->size <= 0x10000;
	case PCI_BAR_ROM:
		if (!(value & 1))
			return false;
		/* fall through */
	case PCI_BAR_MEM32:
	case PCI_BAR_MEM32_PREFETCH:
		if (!(command & PCI_COMMAND_MEMORY))
			return false;
		a = value & ~UINT32_C(0xf) & ~(b->size - 1);
		*addr = a;
		return a != 0 && a + b->size - 1 < UINT32_MAX;
	default:
		return false;
	}
}

static void bar_update(struct pci_device *dev, unsigned bar)
{
	struct pci_bar *b = &dev->bars[bar];
	uint64_t addr = 0;
	bool decodes = dev->bus && bar_decodes(dev, bar, &addr);
	struct io_bus *io = dev->bus ? dev->bus->io : NULL;

	if (decodes == b->decoded && (!decodes || addr == b->addr))
		return;
	b->decoded = decodes;
	b->addr = decodes ? addr : 0;
	if (b->region && io) {
		if (!decodes) {
			io_bus_remove(io, b->region); /* -ENOENT: it was in conflict */
		} else if (io_bus_move(io, b->region, addr) < 0) {
			dev->bus->bar_conflicts++;
			platform_log(dev->bus->platform,
				     "%s: BAR %u at %#llx (%u bytes) overlaps another device: not "
				     "decoded",
				     dev->name, bar, (unsigned long long)addr, b->size);
		}
	}
	if (dev->ops && dev->ops->bar_changed)
		dev->ops->bar_changed(dev, bar, b->decoded, b->addr);
}

static void intx_update(struct pci_device *dev)
{
	uint8_t pin = dev->config[PCI_REG_INTERRUPT_PIN];
	bool level = dev->intx_level &&
		     !(pci_device_get_u16(dev, PCI_REG_COMMAND) & PCI_COMMAND_INTX_DISABLE);

	if (dev->intx_level)
		dev->config[PCI_REG_STATUS] |= PCI_STATUS_INTERRUPT;
	else
		dev->config[PCI_REG_STATUS] &= (uint8_t)~PCI_STATUS_INTERRUPT;
	if (!dev->bus || pin < 1 || pin > 4 || level == dev->intx_asserted)
		return;
	dev->intx_asserted = level;
	platform_set_pci_intx(dev->bus->platform, dev->devfn >> 3, pin - 1u, level);
}

void pci_device_set_intx(struct pci_device *dev, bool level)
{
	dev->intx_level = level;
	intx_update(dev);
}

void pci_bus_init(struct pci_bus *bus, struct io_bus *io, const struct platform_ops *platform)
{
	memset(bus, 0, sizeof(*bus));
	bus->io = io;
	bus->platform = platform;
}

int pci_bus_add(struct pci_bus *bus, struct pci_device *dev, unsigned devfn)
{
	if (devfn > 255)
		return -EINVAL;
	if (bus->functions[devfn] || dev->bus)
		return -EEXIST;
	bus->functions[devfn] = dev;
	dev->bus = bus;
	dev->devfn = (uint8_t)devfn;
	for (unsigned bar = 0; bar < PCI_BAR_SLOTS; bar++)
		bar_update(dev, bar);
	intx_update(dev);
	return 0;
}

int pci_bus_remove(struct pci_bus *bus, struct pci_device *dev)
{
	if (dev->bus != bus || bus->functions[dev->devfn] != dev)
		return -ENOENT;
	if (dev->intx_asserted)
		platform_set_pci_intx(bus->platform, dev->devfn >> 3,
				      dev->config[PCI_REG_INTERRUPT_PIN] - 1u, false);
	dev->intx_asserted = false;
	for (unsigned bar = 0; bar < PCI_BAR_SLOTS; bar++) {
		struct pci_bar *b = &dev->bars[bar];

		if (b->decoded && b->region)
			io_bus_remove(bus->io, b->region);
		b->decoded = false;
		b->addr = 0;
	}
	bus->functions[dev->devfn] = NULL;
	dev->bus = NULL;
	return 0;
}

static bool size_valid(unsigned size)
{
	return size == 1 || size == 2 || size == 4;
}

uint32_t pci_config_read(struct pci_bus *bus, unsigned devfn, unsigned reg, unsigned size)
{
	struct pci_device *dev = devfn < 256 ? bus->functions[devfn] : NULL;
	uint32_t value = 0;

	if (!size_valid(size)) {
		bus->refused++;
		return UINT32_MAX;
	}
	if (!dev) {
		bus->absent_accesses++;
		return size == 4 ? UINT32_MAX : (UINT32_C(1) << (8 * size)) - 1;
	}
	for (unsigned i = 0; i < size; i++) {
		uint32_t byte = reg + i < PCI_CONFIG_BYTES ? dev->config[reg + i] : 0xff;

		value |= byte << (8 * i);
	}
	return value;
}

static bool overlaps(unsigned reg, unsigned len, unsigned first, unsigned count)
{
	return reg < first + count && first < reg + len;
}

void pci_config_write(struct pci_bus *bus, unsigned devfn, unsigned reg, unsigned size,
		      uint32_t value)
{
	struct pci_device *dev = devfn < 256 ? bus->functions[devfn] : NULL;
	unsigned len;

	if (!size_valid(size)) {
		bus->refused++;
		return;
	}
	if (!dev) {
		bus->absent_accesses++;
		return;
	}
	if (reg >= PCI_CONFIG_BYTES)
		return;
	len = reg + size <= PCI_CONFIG_BYTES ? size : PCI_CONFIG_BYTES - reg;
	for (unsigned i = 0; i < len; i++) {
		uint8_t mask = dev->write_mask[reg + i];
		uint8_t byte = (uint8_t)(value >> (8 * i));

		dev->config[reg + i] = (uint8_t)((dev->config[reg + i] & ~mask) | (byte & mask));
	}
	if (overlaps(reg, len, PCI_REG_COMMAND, 2) || overlaps(reg, len, PCI_REG_BAR0, 24) ||
	    overlaps(reg, len, PCI_REG_ROM, 4)) {
		for (unsigned bar = 0; bar < PCI_BAR_SLOTS && dev->bus; bar++)
			bar_update(dev, bar);
		intx_update(dev);
	}
	if (dev->ops && dev->ops->config_written)
		dev->ops->config_written(dev, reg, len);
}

int pci_bus_dispatch(struct pci_bus *bus, const struct ioreq_req *req, uint64_t *data)
{
	uint32_t sbdf = (uint32_t)(req->addr >> 32);
	uint32_t reg = (uint32_t)req->addr;
	unsigned devfn = sbdf & 0xff;

	if (req->type != IOREQ_TYPE_PCI_CONFIG || req->data_is_ptr || !size_valid(req->size)) {
		bus->refused++;
		if (req->read)
			*data = UINT32_MAX;
		return -EINVAL;
	}
	if ((sbdf >> 8) != 0 || reg > 0xfff) { /* another segment or bus: not ours */
		bus->absent_accesses++;
		if (req->read)
			*data = req->size == 4 ? UINT32_MAX : (UINT32_C(1) << (8 * req->size)) - 1;
		return 0;
	}
	if (req->read)
		*data = pci_config_read(bus, devfn, reg, req->size);
	else
		pci_config_write(bus, devfn, reg, req->size, (uint32_t)req->data);
	return 0;
}

unsigned pci_bus_sbdfs(const struct pci_bus *bus, uint32_t *sbdfs, unsigned max)
{
	unsigned n = 0;

	for (unsigned devfn = 0; devfn < 256; devfn++)
		if (bus->functions[devfn]) {
			if (n < max)
				sbdfs[n] = devfn;
			n++;
		}
	return n;
}
