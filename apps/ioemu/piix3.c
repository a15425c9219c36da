/* The PIIX3 ISA bridge (see piix3.h): its reset values and the PIRQ
 * routes passed on to Xen. */
#include "apps/ioemu/piix3.h"

static const struct {
	uint8_t reg, value;
} reset_values[] = {
	{ 0x4c, 0x4d }, /* ISA I/O recovery timer */
	{ 0x4e, 0x03 }, /* X-bus chip select */
	{ 0x60, PIIX3_PIRQ_DISABLED },
	{ 0x61, PIIX3_PIRQ_DISABLED },
	{ 0x62, PIIX3_PIRQ_DISABLED },
	{ 0x63, PIIX3_PIRQ_DISABLED },
	{ 0x69, 0x02 }, /* top of memory */
	{ 0x70, 0x80 }, /* motherboard device IRQ route: disabled */
	{ 0x76, 0x0c }, /* DMA channel routes */
	{ 0x77, 0x0c },
	{ 0x78, 0x02 }, /* programmable chip select */
	{ 0xa0, 0x08 }, /* SMI control */
	{ 0xa8, 0x0f }, /* system event enable */
};

unsigned piix3_link_irq(const struct piix3 *isa, unsigned link)
{
	uint8_t route = link < 4 ? isa->pci.config[PIIX3_PIRQ_ROUTE + link] : PIIX3_PIRQ_DISABLED;

	return route & PIIX3_PIRQ_DISABLED ? 0 : route & 0x0f;
}

static void config_written(struct pci_device *dev, unsigned reg, unsigned len)
{
	struct piix3 *isa = dev->owner;

	for (unsigned link = 0; link < 4; link++)
		if (reg <= PIIX3_PIRQ_ROUTE + link && PIIX3_PIRQ_ROUTE + link < reg + len)
			platform_set_link_route(isa->ops, link, piix3_link_irq(isa, link));
}

static const struct pci_device_ops piix3_pci_ops = { .config_written = config_written };

void piix3_init(struct piix3 *isa, const struct platform_ops *ops)
{
	struct pci_device *p = &isa->pci;

	pci_device_init(p, "piix3", 0x8086, 0x7000, 0x060100, 0x00, PCI_HEADER_MULTI_FUNCTION);
	p->ops = &piix3_pci_ops;
	p->owner = isa;
	isa->ops = ops;
	pci_device_set_u16(p, PCI_REG_COMMAND,
			   PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	pci_device_set_u16(p, PCI_REG_STATUS, 0x0200); /* medium DEVSEL */
	for (unsigned i = 0; i < sizeof(reset_values) / sizeof(reset_values[0]); i++)
		pci_device_set_u8(p, reset_values[i].reg, reset_values[i].value);
	pci_device_writable(p, 0x40, PCI_CONFIG_BYTES - 0x40);
}
