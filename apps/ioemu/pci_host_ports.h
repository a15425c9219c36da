/*
 * The PC's PCI host ports at 0xcf8-0xcfb: the host bridge's configuration
 * address register (the dword at 0xcf8) and, inside it, the PIIX3's reset
 * control byte at 0xcf9 (reset_ports). Xen latches a dword written to
 * 0xcf8 for its own decoding of 0xcfc-0xcff into PCI configuration
 * requests, but still hands every access to 0xcf8-0xcfb to the device
 * model: a guest reading the register back (Linux does, to find
 * configuration mechanism 1) gets what it wrote from here. Other sizes and
 * offsets read as all ones and are dropped on write, as on the i440FX.
 */
#ifndef APPS_IOEMU_PCI_HOST_PORTS_H
#define APPS_IOEMU_PCI_HOST_PORTS_H

#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/reset_ports.h"

#include <stdint.h>

enum {
	PCI_HOST_CONFIG_ADDRESS_PORT = 0xcf8,
	PCI_HOST_CONFIG_ENABLE = 0x80000000u,
};

struct pci_host_ports {
	struct io_region window;
	struct reset_ports *reset;
	uint32_t config_address;
};

/* Puts 0xcf8-0xcfb on io, 0xcf9 going to reset: 0 or io_bus_add's error. */
int pci_host_ports_init(struct pci_host_ports *ports, struct io_bus *io, struct reset_ports *reset);

#endif
