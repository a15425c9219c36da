/*
 * PIIX4 power management at 00:01.3 (8086:7113), present when the guest
 * has ACPI. What of it reaches the device model under Xen 4.17 (public
 * hvm/ioreq.h, hvmloader's pci.c and hvmloader.c, libacpi's FADT and
 * DSDT):
 * - the PM I/O block, 64 bytes at the base in config 0x40 (hvmloader
 *   writes ACPI_PM1A_EVT_BLK_ADDRESS_V1, 0xb000, and sets PMIOSE, config
 *   0x80 bit 0): PM1a_CNT at +4 is ours; PM1a_STS/EN at +0 and the PM
 *   timer at +8 are Xen's (xen/arch/x86/hvm/pmtimer.c) once hvmloader has
 *   set HVM_PARAM_ACPI_IOPORTS_LOCATION to 1, which it does just after
 *   enabling SCI: before that they are storage here (the timer reads 0);
 * - the SMI command port 0xb2 (and its status port 0xb3): ACPI_ENABLE
 *   (0xf1) sets PM1a_CNT.SCI_EN, which hvmloader then requires to read
 *   back set; ACPI_DISABLE (0xf0) clears it;
 * - PM1a_CNT.SLP_EN with SLP_TYP 0, the type Xen's DSDT gives both _S5
 *   and _S4: power off. SLP_TYP 1 (_S3, suspend to RAM) is not supported
 *   and logged;
 * - the GPE0 block at ACPI_GPE0_BLK_ADDRESS_V1 (0xafe0, 4 bytes: status
 *   0xafe0-1, write 1 to clear; enable 0xafe2-3): storage for the CPU and
 *   PCI hotplug events to come, raising SCI (ISA IRQ 9) while a status
 *   bit is enabled.
 */
#ifndef APPS_IOEMU_PIIX4_PM_H
#define APPS_IOEMU_PIIX4_PM_H

#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/pci.h"
#include "apps/ioemu/platform_ops.h"

#include <xen/xen.h>
#include <xen/hvm/ioreq.h>

enum {
	PIIX4_PM_DEVFN = 0x0b,
	PIIX4_PM_BASE_REG = 0x40, /* PMBA */
	PIIX4_PM_MISC_REG = 0x80, /* PMREGMISC: bit 0 enables the PM block */
	PIIX4_PM_BLOCK_BYTES = 64,
	PIIX4_PM1_CNT = 0x04, /* within the block */
	PIIX4_SMI_COMMAND_PORT = 0xb2,
	PIIX4_ACPI_ENABLE = 0xf1,
	PIIX4_ACPI_DISABLE = 0xf0,
	PIIX4_GPE0_PORT = ACPI_GPE0_BLK_ADDRESS_V1,
	PIIX4_GPE0_BYTES = ACPI_GPE0_BLK_LEN_V1,
	PIIX4_SCI_IRQ = 9,
};

enum {
	PM1_CNT_SCI_EN = 0x0001,
	PM1_CNT_SLP_TYP_SHIFT = 10,
	PM1_CNT_SLP_TYP_MASK = 0x1c00,
	PM1_CNT_SLP_EN = 0x2000,
	PM1_SLP_TYP_SOFT_OFF = 0, /* Xen's _S5 and _S4 */
	PM1_SLP_TYP_S3 = 1,
};

struct piix4_pm {
	struct pci_device pci;
	struct io_region pm_block, smi_ports, gpe0;
	const struct platform_ops *ops;
	struct io_bus *io;
	uint16_t pm1_status, pm1_enable, pm1_control;
	uint8_t smi_command, smi_status;
	uint8_t gpe_status[2], gpe_enable[2];
	bool sci_asserted;
};

/* Sets up the function and puts the SMI ports and the GPE0 block on io
 * (the PM block follows config 0x40/0x80 once the function is on a bus).
 * 0 or the error of io_bus_add. */
int piix4_pm_init(struct piix4_pm *pm, struct io_bus *io, const struct platform_ops *ops);

/* Sets GPE0 status bit (0-15), as a hotplug controller will. */
void piix4_pm_raise_gpe(struct piix4_pm *pm, unsigned bit);

#endif
