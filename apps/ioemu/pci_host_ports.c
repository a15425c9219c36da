/* The PCI host ports window at 0xcf8 (see pci_host_ports.h). */
#include "apps/ioemu/pci_host_ports.h"

enum { RESET_CONTROL_OFFSET = RESET_CONTROL_PORT - PCI_HOST_CONFIG_ADDRESS_PORT };

static uint64_t host_ports_read(void *dev, uint64_t offset, unsigned size)
{
	const struct pci_host_ports *ports = dev;

	if (offset == 0 && size == 4)
		return ports->config_address;
	if (offset == RESET_CONTROL_OFFSET && size == 1)
		return reset_control_read(ports->reset);
	return ~0ull >> (64 - 8 * size);
}

static void host_ports_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct pci_host_ports *ports = dev;

	if (offset == 0 && size == 4)
		ports->config_address = (uint32_t)value & ~3u; /* bits 1:0 read as 0 */
	else if (offset == RESET_CONTROL_OFFSET && size == 1)
		reset_control_write(ports->reset, (uint8_t)value);
}

int pci_host_ports_init(struct pci_host_ports *ports, struct io_bus *io, struct reset_ports *reset)
{
	*ports = (struct pci_host_ports){ .reset = reset };
	ports->window = (struct io_region){ "pci-host-ports",
					    IO_SPACE_PORT,
					    PCI_HOST_CONFIG_ADDRESS_PORT,
					    4,
					    host_ports_read,
					    host_ports_write,
					    ports,
					    NULL };
	return io_bus_add(io, &ports->window);
}
