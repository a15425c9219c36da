/*
 * The PIIX3 PCI-to-ISA bridge at 00:01.0 (8086:7000, a multi-function
 * device: IDE at 01.1, power management at 01.3), whose PIRQ route
 * registers 0x60-0x63 say which ISA IRQ each PCI link drives: a write is
 * passed on to Xen (XEN_DMOP_set_pci_link_route), which routes the links;
 * bit 7 set means not routed. Xen keeps the ELCR (ports 0x4d0/0x4d1) and
 * the PCI INTx lines' swizzle onto the links; a device raises its INTx
 * with pci_device_set_intx().
 */
#ifndef APPS_IOEMU_PIIX3_H
#define APPS_IOEMU_PIIX3_H

#include "apps/ioemu/pci.h"
#include "apps/ioemu/platform_ops.h"

enum { PIIX3_DEVFN = 0x08, PIIX3_PIRQ_ROUTE = 0x60, PIIX3_PIRQ_DISABLED = 0x80 };

struct piix3 {
	struct pci_device pci;
	const struct platform_ops *ops;
};

void piix3_init(struct piix3 *isa, const struct platform_ops *ops);

/* The ISA IRQ link 0-3 is routed to, or 0 when it is not. */
unsigned piix3_link_irq(const struct piix3 *isa, unsigned link);

#endif
