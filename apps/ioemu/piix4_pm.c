/*
 * PIIX4 power management (see piix4_pm.h): its configuration space, the
 * PM block it maps, the SMI command port and the GPE0 block. Register
 * files are accessed a byte at a time (any size, any alignment); a write's
 * effect is taken once all its bytes are in.
 */
#include "apps/ioemu/piix4_pm.h"

#include "lib/errno.h"

static uint8_t byte_of(uint32_t value, unsigned i)
{
	return (uint8_t)(value >> (8 * i));
}

static uint16_t with_byte(uint16_t reg, unsigned i, uint8_t byte)
{
	unsigned shift = 8 * (i & 1);

	return (uint16_t)((reg & ~(0xffu << shift)) | (unsigned)byte << shift);
}

static void sci_update(struct piix4_pm *pm)
{
	bool level =
		(pm->gpe_status[0] & pm->gpe_enable[0]) || (pm->gpe_status[1] & pm->gpe_enable[1]);

	if (level == pm->sci_asserted)
		return;
	pm->sci_asserted = level;
	platform_set_isa_irq(pm->ops, PIIX4_SCI_IRQ, level);
}

/* PM1a_CNT after a write: SLP_EN is an action, never stored. */
static void pm1_control_written(struct piix4_pm *pm, uint16_t value)
{
	pm->pm1_control = value & (uint16_t)~PM1_CNT_SLP_EN;
	if (!(value & PM1_CNT_SLP_EN))
		return;
	switch ((value & PM1_CNT_SLP_TYP_MASK) >> PM1_CNT_SLP_TYP_SHIFT) {
	case PM1_SLP_TYP_SOFT_OFF:
		platform_shutdown(pm->ops, PLATFORM_POWEROFF);
		break;
	default:
		platform_log(pm->ops, "piix4-pm: sleep type %u is not supported; the guest goes on",
			     (value & PM1_CNT_SLP_TYP_MASK) >> PM1_CNT_SLP_TYP_SHIFT);
		break;
	}
}

static uint64_t pm_block_read(void *dev, uint64_t offset, unsigned size)
{
	struct piix4_pm *pm = dev;
	uint64_t value = 0;

	for (unsigned i = 0; i < size; i++) {
		uint64_t o = offset + i, byte = 0;

		if (o < 2)
			byte = byte_of(pm->pm1_status, (unsigned)o);
		else if (o < 4)
			byte = byte_of(pm->pm1_enable, (unsigned)o - 2);
		else if (o < 6)
			byte = byte_of(pm->pm1_control, (unsigned)o - 4);
		value |= byte << (8 * i);
	}
	return value;
}

static void pm_block_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct piix4_pm *pm = dev;
	uint16_t control = pm->pm1_control;
	bool control_written = false;

	for (unsigned i = 0; i < size; i++) {
		uint64_t o = offset + i;
		uint8_t byte = (uint8_t)(value >> (8 * i));

		if (o < 2) {
			pm->pm1_status &= (uint16_t) ~((unsigned)byte << (8 * o));
		} else if (o < 4) {
			pm->pm1_enable = with_byte(pm->pm1_enable, (unsigned)o, byte);
		} else if (o < 6) {
			control = with_byte(control, (unsigned)o, byte);
			control_written = true;
		}
	}
	if (control_written)
		pm1_control_written(pm, control);
}

static uint64_t smi_read(void *dev, uint64_t offset, unsigned size)
{
	struct piix4_pm *pm = dev;
	uint64_t value = 0;

	for (unsigned i = 0; i < size && offset + i < 2; i++)
		value |= (uint64_t)(offset + i == 0 ? pm->smi_command : pm->smi_status) << (8 * i);
	return value;
}

static void smi_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct piix4_pm *pm = dev;

	for (unsigned i = 0; i < size && offset + i < 2; i++) {
		uint8_t byte = (uint8_t)(value >> (8 * i));

		if (offset + i == 1) {
			pm->smi_status = byte;
			continue;
		}
		pm->smi_command = byte;
		if (byte == PIIX4_ACPI_ENABLE)
			pm->pm1_control |= PM1_CNT_SCI_EN;
		else if (byte == PIIX4_ACPI_DISABLE)
			pm->pm1_control &= (uint16_t)~PM1_CNT_SCI_EN;
	}
}

static uint64_t gpe_read(void *dev, uint64_t offset, unsigned size)
{
	struct piix4_pm *pm = dev;
	uint64_t value = 0;

	for (unsigned i = 0; i < size && offset + i < PIIX4_GPE0_BYTES; i++) {
		uint64_t o = offset + i;
		uint8_t byte = o < 2 ? pm->gpe_status[o] : pm->gpe_enable[o - 2];

		value |= (uint64_t)byte << (8 * i);
	}
	return value;
}

static void gpe_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct piix4_pm *pm = dev;

	for (unsigned i = 0; i < size && offset + i < PIIX4_GPE0_BYTES; i++) {
		uint64_t o = offset + i;
		uint8_t byte = (uint8_t)(value >> (8 * i));

		if (o < 2)
			pm->gpe_status[o] &= (uint8_t)~byte;
		else
			pm->gpe_enable[o - 2] = byte;
	}
	sci_update(pm);
}

void piix4_pm_raise_gpe(struct piix4_pm *pm, unsigned bit)
{
	if (bit > 15) {
		platform_log(pm->ops, "piix4-pm: no GPE0 bit %u", bit);
		return;
	}
	pm->gpe_status[bit / 8] |= (uint8_t)(1u << (bit % 8));
	sci_update(pm);
}

/* The PM block where config 0x40 puts it, while config 0x80 enables it. */
static void pm_block_update(struct piix4_pm *pm)
{
	struct pci_device *p = &pm->pci;
	uint32_t base = pci_device_get_u32(p, PIIX4_PM_BASE_REG) & 0xffc0;
	bool enabled = (p->config[PIIX4_PM_MISC_REG] & 1) && base != 0;
	bool mapped = io_bus_find(pm->io, IO_SPACE_PORT, pm->pm_block.base) == &pm->pm_block;

	if (enabled && mapped && pm->pm_block.base == base)
		return;
	if (!enabled) {
		if (mapped)
			io_bus_remove(pm->io, &pm->pm_block);
		return;
	}
	if (io_bus_move(pm->io, &pm->pm_block, base) < 0)
		platform_log(pm->ops,
			     "piix4-pm: PM block at %#x overlaps another device: not decoded",
			     base);
}

static void config_written(struct pci_device *dev, unsigned reg, unsigned len)
{
	if ((reg < PIIX4_PM_BASE_REG + 4 && PIIX4_PM_BASE_REG < reg + len) ||
	    (reg <= PIIX4_PM_MISC_REG && PIIX4_PM_MISC_REG < reg + len))
		pm_block_update(dev->owner);
}

static const struct pci_device_ops piix4_pm_pci_ops = { .config_written = config_written };

int piix4_pm_init(struct piix4_pm *pm, struct io_bus *io, const struct platform_ops *ops)
{
	struct pci_device *p = &pm->pci;
	int rc;

	*pm = (struct piix4_pm){ .ops = ops, .io = io };
	pci_device_init(p, "piix4-pm", 0x8086, 0x7113, 0x068000, 0x03, 0);
	p->ops = &piix4_pm_pci_ops;
	p->owner = pm;
	pci_device_set_u16(p, PCI_REG_STATUS, 0x0280);
	pci_device_set_u8(p, PCI_REG_INTERRUPT_PIN, 1);
	pci_device_set_u8(p, PIIX4_PM_BASE_REG, 0x01); /* an I/O base */
	pci_device_set_u8(p, 0x90, 0x01);	       /* SMBus base: I/O, none */
	pci_device_writable(p, 0x41, 1);
	p->write_mask[PIIX4_PM_BASE_REG] = 0xc0;
	pci_device_writable(p, 0x44, PIIX4_PM_MISC_REG - 0x44);
	p->write_mask[PIIX4_PM_MISC_REG] = 0x01;
	pci_device_writable(p, 0x81, 0x90 - 0x81);
	pci_device_writable(p, 0x94, PCI_CONFIG_BYTES - 0x94);

	pm->pm_block = (struct io_region){ "piix4-pm",
					   IO_SPACE_PORT,
					   ACPI_PM1A_EVT_BLK_ADDRESS_V1,
					   PIIX4_PM_BLOCK_BYTES,
					   pm_block_read,
					   pm_block_write,
					   pm,
					   NULL };
	pm->smi_ports = (struct io_region){ "apm", IO_SPACE_PORT, PIIX4_SMI_COMMAND_PORT,
					    2,	   smi_read,	  smi_write,
					    pm,	   NULL };
	pm->gpe0 = (struct io_region){
		"gpe0", IO_SPACE_PORT, PIIX4_GPE0_PORT, PIIX4_GPE0_BYTES, gpe_read, gpe_write,
		pm,	NULL
	};
	rc = io_bus_add(io, &pm->smi_ports);
	if (rc < 0)
		return rc;
	return io_bus_add(io, &pm->gpe0);
}
