/* The VGA function's configuration space (see vga_stub.h). */
#include "apps/ioemu/vga_stub.h"

#include "lib/errno.h"

int vga_stub_init(struct vga_stub *vga, enum ioemu_vga kind, unsigned vgamem_mb)
{
	struct pci_device *p = &vga->pci;
	uint32_t vram = 1u << 20;
	int rc;

	switch (kind) {
	case IOEMU_VGA_CIRRUS:
		pci_device_init(p, "cirrus-vga", 0x1013, 0x00b8, 0x030000, 0x00, 0);
		rc = pci_device_set_bar(p, 0, PCI_BAR_MEM32_PREFETCH, 32u << 20, NULL);
		if (rc == 0)
			rc = pci_device_set_bar(p, 1, PCI_BAR_MEM32, 4096, NULL);
		return rc;
	case IOEMU_VGA_STD:
		if (vgamem_mb == 0 || vgamem_mb > 1024)
			return -EINVAL;
		while (vram < (uint32_t)vgamem_mb << 20)
			vram <<= 1;
		pci_device_init(p, "vga", 0x1234, 0x1111, 0x030000, 0x02, 0);
		rc = pci_device_set_bar(p, 0, PCI_BAR_MEM32_PREFETCH, vram, NULL);
		if (rc == 0)
			rc = pci_device_set_bar(p, 2, PCI_BAR_MEM32, 4096, NULL);
		return rc;
	default:
		return -EINVAL;
	}
}
