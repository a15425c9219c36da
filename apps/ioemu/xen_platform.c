/* The Xen platform device and its unplug protocol (see xen_platform.h). */
#include "apps/ioemu/xen_platform.h"

#include <string.h>

static uint64_t all_ones(unsigned size)
{
	return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * size)) - 1;
}

static void unplug(struct xen_platform *platform, unsigned mask)
{
	platform->unplugged |= mask;
	platform_unplug(platform->ops, mask);
}

static void set_flags(struct xen_platform *platform, uint8_t value)
{
	uint8_t flags = value & XEN_PLATFORM_FLAG_ROM_LOCK;

	if (platform_set_rom_area_readonly(platform->ops, flags & XEN_PLATFORM_FLAG_ROM_LOCK) == 0)
		platform->flags = flags;
}

static void log_flush(struct xen_platform *platform)
{
	platform->log_line[platform->log_len] = '\0';
	platform->log_len = 0;
	if (platform->log_budget == 0) {
		platform->log_dropped++;
		return;
	}
	platform->log_budget--;
	platform_guest_log(platform->ops, platform->log_line);
	if (platform->log_budget == 0)
		platform_log(
			platform->ops,
			"xen-platform: the guest's drivers log too much; lines dropped for now");
}

static void log_char(struct xen_platform *platform, uint8_t c)
{
	if (c == '\n') {
		log_flush(platform);
		return;
	}
	/* The line is printed as it is: no control characters. */
	platform->log_line[platform->log_len++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	if (platform->log_len == sizeof(platform->log_line) - 1)
		log_flush(platform);
}

void xen_platform_log_refill(struct xen_platform *platform)
{
	if (platform->log_dropped)
		platform_log(platform->ops,
			     "xen-platform: %lu lines of the guest's drivers dropped",
			     platform->log_dropped);
	platform->log_dropped = 0;
	platform->log_budget = XEN_PLATFORM_LOG_BURST;
}

static uint64_t fixed_read(void *dev, uint64_t offset, unsigned size)
{
	const struct xen_platform *platform = dev;

	if (offset == 0 && size == 2)
		return XEN_PLATFORM_MAGIC;
	if (offset == 0 && size == 1)
		return platform->flags;
	if (offset == 2 && size == 1)
		return XEN_PLATFORM_PROTOCOL_VERSION;
	return all_ones(size);
}

static void fixed_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct xen_platform *platform = dev;

	if (offset == 0 && size == 2) {
		unplug(platform, (unsigned)value);
	} else if (offset == 0 && size == 4) {
		platform->build = (uint32_t)value;
		platform_log(platform->ops, "xen-platform: PV drivers product %u, build %u",
			     platform->product, platform->build);
	} else if (offset == 0 && size == 1) {
		set_flags(platform, (uint8_t)value);
	} else if (offset == 2 && size == 2) {
		platform->product = (uint16_t)value;
	} else if (offset == 2 && size == 1) {
		log_char(platform, (uint8_t)value);
	} else {
		platform_log(platform->ops, "xen-platform: %u-byte write at port %#llx ignored",
			     size, (unsigned long long)(XEN_PLATFORM_PORT + offset));
	}
}

static uint64_t bar_ports_read(void *dev, uint64_t offset, unsigned size)
{
	const struct xen_platform *platform = dev;

	return offset == 0 && size == 1 ? platform->flags : all_ones(size);
}

static void bar_ports_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct xen_platform *platform = dev;

	if (offset == 0 && size == 1)
		set_flags(platform, (uint8_t)value);
	else if (offset == 4 && value == 1)
		unplug(platform, XEN_PLATFORM_UNPLUG_ALL_DISKS | XEN_PLATFORM_UNPLUG_ALL_NICS);
	else if (offset == 8 && value == 1)
		unplug(platform, XEN_PLATFORM_UNPLUG_ALL_DISKS);
	else if (offset == 8 && value == 2)
		unplug(platform, XEN_PLATFORM_UNPLUG_ALL_NICS);
}

static uint64_t bar_memory_read(void *dev, uint64_t offset, unsigned size)
{
	(void)dev, (void)offset, (void)size;
	return 0;
}

static void bar_memory_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	(void)dev, (void)offset, (void)size, (void)value; /* room for the drivers' mappings */
}

int xen_platform_init(struct xen_platform *platform, struct io_bus *io,
		      const struct platform_ops *ops)
{
	struct pci_device *p = &platform->pci;
	int rc;

	memset(platform, 0, sizeof(*platform));
	platform->ops = ops;
	platform->log_budget = XEN_PLATFORM_LOG_BURST;
	pci_device_init(p, "xen-platform", 0x5853, 0x0001, 0xff8000, 0x01, 0);
	p->owner = platform;
	pci_device_set_u16(p, PCI_REG_SUBSYSTEM_VENDOR, 0x5853);
	pci_device_set_u16(p, PCI_REG_SUBSYSTEM, 0x0001);
	pci_device_set_u8(p, PCI_REG_INTERRUPT_PIN, 1);
	platform->fixed_ports = (struct io_region){
		"xen-platform-fixed", IO_SPACE_PORT, XEN_PLATFORM_PORT, XEN_PLATFORM_PORTS,
		fixed_read,	      fixed_write,   platform,		NULL
	};
	platform->bar_ports =
		(struct io_region){ "xen-platform-bar0", IO_SPACE_PORT,	  0,	    0,
				    bar_ports_read,	 bar_ports_write, platform, NULL };
	platform->bar_memory =
		(struct io_region){ "xen-platform-bar1", IO_SPACE_MMIO,	   0,	     0,
				    bar_memory_read,	 bar_memory_write, platform, NULL };
	rc = pci_device_set_bar(p, 0, PCI_BAR_IO, 256, &platform->bar_ports);
	if (rc == 0)
		rc = pci_device_set_bar(p, 1, PCI_BAR_MEM32_PREFETCH, 16u << 20,
					&platform->bar_memory);
	if (rc == 0)
		rc = io_bus_add(io, &platform->fixed_ports);
	return rc;
}
