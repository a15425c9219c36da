/*
 * The i440FX host bridge at 00:00.0 (8086:1237): only its configuration
 * space. Its chipset registers (PAM, SMRAM, DRAM rows) are storage: under
 * Xen, the guest's memory map is Xen's, not the bridge's.
 */
#ifndef APPS_IOEMU_I440FX_H
#define APPS_IOEMU_I440FX_H

#include "apps/ioemu/pci.h"

enum { I440FX_DEVFN = 0x00 };

struct i440fx {
	struct pci_device pci;
};

/* Sets up the bridge's configuration space; it goes onto a bus with
 * pci_bus_add(bus, &bridge->pci, I440FX_DEVFN). */
void i440fx_init(struct i440fx *bridge);

#endif
