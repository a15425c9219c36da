/*
 * The PIIX3 IDE function at 00:01.1 (8086:7010, class 0x0101, legacy
 * mode: programming interface 0x80), for now its configuration space
 * (IDE timing registers 0x40-0x4f as storage, which hvmloader sets to
 * enable both channels) and its BAR4 of 16 I/O ports, the bus-master
 * registers, as storage: per channel at +0 (primary) and +8 (secondary)
 * command (+0), status (+2: bits 1 and 2 write 1 to clear, bits 5 and 6
 * writable) and the PRD table address (+4, dword aligned). No DMA runs and
 * no drive answers: the IDE controller proper comes later.
 */
#ifndef APPS_IOEMU_PIIX_IDE_STUB_H
#define APPS_IOEMU_PIIX_IDE_STUB_H

#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/pci.h"

#include <stdint.h>

enum { PIIX_IDE_DEVFN = 0x09, PIIX_IDE_BUS_MASTER_BAR = 4, PIIX_IDE_BUS_MASTER_PORTS = 16 };

struct piix_ide_stub {
	struct pci_device pci;
	struct io_region bus_master;
	uint8_t bus_master_regs[PIIX_IDE_BUS_MASTER_PORTS];
};

/* 0, or pci_device_set_bar's error. */
int piix_ide_stub_init(struct piix_ide_stub *ide);

#endif
