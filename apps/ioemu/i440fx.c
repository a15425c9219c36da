/* The i440FX host bridge (see i440fx.h). */
#include "apps/ioemu/i440fx.h"

void i440fx_init(struct i440fx *bridge)
{
	struct pci_device *p = &bridge->pci;

	pci_device_init(p, "i440fx", 0x8086, 0x1237, 0x060000, 0x02, 0);
	pci_device_set_u16(p, PCI_REG_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
	pci_device_set_u16(p, PCI_REG_STATUS, 0x0280); /* fast back-to-back, medium DEVSEL */
	pci_device_set_u8(p, 0x72, 0x02);	       /* SMRAM: the default space */
	pci_device_writable(p, 0x40, PCI_CONFIG_BYTES - 0x40);
}
