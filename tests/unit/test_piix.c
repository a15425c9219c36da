/* apps/ioemu/i440fx, piix3, piix4_pm: IDs, PIRQ routes passed on to Xen,
 * the PM block where hvmloader puts it, SCI_EN after the SMI command,
 * poweroff on S5, GPE0 and SCI. */
#include "apps/ioemu/i440fx.h"
#include "apps/ioemu/piix3.h"
#include "apps/ioemu/piix4_pm.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/platform_recorder.h"

struct rig {
	struct platform_recorder rec;
	struct platform_ops ops;
	struct io_bus io;
	struct pci_bus bus;
};

static void rig_init(struct rig *g)
{
	platform_recorder_init(&g->rec, &g->ops);
	io_bus_init(&g->io, NULL);
	pci_bus_init(&g->bus, &g->io, &g->ops);
}

TEST(i440fx_ids)
{
	static struct rig g;
	static struct i440fx bridge;

	rig_init(&g);
	i440fx_init(&bridge);
	CHECK_INT(pci_bus_add(&g.bus, &bridge.pci, I440FX_DEVFN), 0);
	CHECK_INT(pci_config_read(&g.bus, 0, 0, 4), 0x12378086);
	CHECK_INT(pci_config_read(&g.bus, 0, 8, 4), 0x06000002);
	pci_config_write(&g.bus, 0, 0x59, 1, 0x30); /* PAM0: storage */
	CHECK_INT(pci_config_read(&g.bus, 0, 0x59, 1), 0x30);
	CHECK_INT(pci_config_read(&g.bus, 0, 0x72, 1), 0x02);
}

TEST(piix3_ids_and_multi_function)
{
	static struct rig g;
	static struct piix3 isa;

	rig_init(&g);
	piix3_init(&isa, &g.ops);
	CHECK_INT(pci_bus_add(&g.bus, &isa.pci, PIIX3_DEVFN), 0);
	CHECK_INT(pci_config_read(&g.bus, 0x08, 0, 4), 0x70008086);
	CHECK_INT(pci_config_read(&g.bus, 0x08, 0x0a, 2), 0x0601);
	CHECK_INT(pci_config_read(&g.bus, 0x08, 0x0e, 1), 0x80);
	CHECK_INT(pci_config_read(&g.bus, 0x08, 0x60, 4), 0x80808080);
	CHECK_INT(g.rec.link_route_calls, 0);
}

TEST(piix3_pirq_routes_reach_xen)
{
	static struct rig g;
	static struct piix3 isa;

	rig_init(&g);
	piix3_init(&isa, &g.ops);
	CHECK_INT(pci_bus_add(&g.bus, &isa.pci, PIIX3_DEVFN), 0);
	/* hvmloader: a byte per link, IRQs 5, 10, 11, 5. */
	pci_config_write(&g.bus, 0x08, 0x60, 1, 5);
	pci_config_write(&g.bus, 0x08, 0x61, 1, 10);
	pci_config_write(&g.bus, 0x08, 0x62, 1, 11);
	pci_config_write(&g.bus, 0x08, 0x63, 1, 5);
	CHECK_INT(g.rec.link_route[0], 5);
	CHECK_INT(g.rec.link_route[1], 10);
	CHECK_INT(g.rec.link_route[2], 11);
	CHECK_INT(g.rec.link_route[3], 5);
	CHECK_INT(g.rec.link_route_calls, 4);
	CHECK_INT(piix3_link_irq(&isa, 1), 10);
	/* A dword across 0x5e-0x61: links 0 and 1 only; 0x80 unroutes. */
	pci_config_write(&g.bus, 0x08, 0x5e, 4, 0x8009aaaa);
	CHECK_INT(g.rec.link_route[0], 9);
	CHECK_INT(g.rec.link_route[1], 0);
	CHECK_INT(g.rec.link_route_calls, 6);
	CHECK_INT(piix3_link_irq(&isa, 1), 0);
	/* Bit 7 unroutes whatever the IRQ bits say. */
	pci_config_write(&g.bus, 0x08, 0x62, 1, 0x8b);
	CHECK_INT(g.rec.link_route[2], 0);
	CHECK_INT(piix3_link_irq(&isa, 2), 0);
	/* High nibble junk: only the IRQ goes to Xen. */
	pci_config_write(&g.bus, 0x08, 0x63, 1, 0x7f);
	CHECK_INT(g.rec.link_route[3], 15);
	CHECK_INT(piix3_link_irq(&isa, 7), 0);
	/* Xen refusing is logged. */
	g.rec.fail_with = -EINVAL;
	pci_config_write(&g.bus, 0x08, 0x62, 1, 3);
	CHECK(g.rec.log_lines >= 1);
}

static void hvmloader_sets_up_pm(struct rig *g)
{
	/* tools/firmware/hvmloader/pci.c, case 0x0680. */
	pci_config_write(&g->bus, PIIX4_PM_DEVFN, 0x20, 2, 0);
	pci_config_write(&g->bus, PIIX4_PM_DEVFN, 0xd2, 2, 0);
	pci_config_write(&g->bus, PIIX4_PM_DEVFN, 0x22, 2, 0);
	pci_config_write(&g->bus, PIIX4_PM_DEVFN, 0x3c, 2, 0x0009);
	pci_config_write(&g->bus, PIIX4_PM_DEVFN, 0x3d, 2, 0x0001);
	pci_config_write(&g->bus, PIIX4_PM_DEVFN, 0x40, 4, ACPI_PM1A_EVT_BLK_ADDRESS_V1 | 1);
	pci_config_write(&g->bus, PIIX4_PM_DEVFN, 0x80, 1, 0x01);
}

TEST(piix4_pm_block_where_hvmloader_puts_it)
{
	static struct rig g;
	static struct piix4_pm pm;

	rig_init(&g);
	CHECK_INT(piix4_pm_init(&pm, &g.io, &g.ops), 0);
	CHECK_INT(pci_bus_add(&g.bus, &pm.pci, PIIX4_PM_DEVFN), 0);
	CHECK_INT(pci_config_read(&g.bus, 0x0b, 0, 4), 0x71138086);
	CHECK_INT(pci_config_read(&g.bus, 0x0b, 0x08, 4), 0x06800003);
	CHECK_INT(pci_config_read(&g.bus, 0x0b, 0x3d, 1), 1);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xb004) == NULL);
	hvmloader_sets_up_pm(&g);
	CHECK_INT(pci_config_read(&g.bus, 0x0b, 0x40, 4), 0xb001);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xb004) == &pm.pm_block);
	CHECK_INT(pm.pm_block.base, 0xb000);
	/* Base bits below 64 are not writable; bit 0 stays. */
	pci_config_write(&g.bus, 0x0b, 0x40, 4, 0xc03f);
	CHECK_INT(pci_config_read(&g.bus, 0x0b, 0x40, 4), 0xc001);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xb004) == NULL);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xc004) == &pm.pm_block);
	pci_config_write(&g.bus, 0x0b, 0x80, 1, 0);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xc004) == NULL);
	pci_config_write(&g.bus, 0x0b, 0x80, 1, 0xff);
	CHECK_INT(pci_config_read(&g.bus, 0x0b, 0x80, 1), 0x01);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xc004) == &pm.pm_block);
	/* Over another device's ports (the SMI ports): not decoded, logged. */
	pci_config_write(&g.bus, 0x0b, 0x40, 4, 0x0081);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0xb2) == &pm.smi_ports);
	CHECK(io_bus_find(&g.io, IO_SPACE_PORT, 0x84) == NULL);
	CHECK(g.rec.log_lines >= 1);
}

TEST(piix4_pm_sci_en_after_acpi_enable)
{
	static struct rig g;
	static struct piix4_pm pm;

	rig_init(&g);
	CHECK_INT(piix4_pm_init(&pm, &g.io, &g.ops), 0);
	CHECK_INT(pci_bus_add(&g.bus, &pm.pci, PIIX4_PM_DEVFN), 0);
	hvmloader_sets_up_pm(&g);
	/* hvmloader's acpi_enable_sci(). */
	CHECK_INT(port_in(&g.io, ACPI_PM1A_CNT_BLK_ADDRESS_V1, 1) & PM1_CNT_SCI_EN, 0);
	port_out(&g.io, PIIX4_SMI_COMMAND_PORT, 1, PIIX4_ACPI_ENABLE);
	CHECK_INT(port_in(&g.io, ACPI_PM1A_CNT_BLK_ADDRESS_V1, 1) & PM1_CNT_SCI_EN, 1);
	CHECK_INT(port_in(&g.io, PIIX4_SMI_COMMAND_PORT, 1), PIIX4_ACPI_ENABLE);
	port_out(&g.io, 0xb3, 1, 0x5a); /* APM status: storage */
	CHECK_INT(port_in(&g.io, 0xb2, 2), 0x5af1);
	port_out(&g.io, PIIX4_SMI_COMMAND_PORT, 1, PIIX4_ACPI_DISABLE);
	CHECK_INT(port_in(&g.io, 0xb004, 2) & PM1_CNT_SCI_EN, 0);
	CHECK_INT(g.rec.poweroffs, 0);
}

TEST(piix4_pm_s5_powers_off)
{
	static struct rig g;
	static struct piix4_pm pm;

	rig_init(&g);
	CHECK_INT(piix4_pm_init(&pm, &g.io, &g.ops), 0);
	CHECK_INT(pci_bus_add(&g.bus, &pm.pci, PIIX4_PM_DEVFN), 0);
	hvmloader_sets_up_pm(&g);
	port_out(&g.io, 0xb2, 1, PIIX4_ACPI_ENABLE);
	/* S3 (SLP_TYP 1): not supported, logged, no shutdown. */
	port_out(&g.io, 0xb004, 2, PM1_CNT_SCI_EN | 1 << PM1_CNT_SLP_TYP_SHIFT | PM1_CNT_SLP_EN);
	CHECK_INT(g.rec.poweroffs + g.rec.reboots, 0);
	CHECK(strstr(g.rec.log, "sleep type 1") != NULL);
	/* SLP_EN never reads back; the type does. */
	CHECK_INT(port_in(&g.io, 0xb004, 2), PM1_CNT_SCI_EN | 1 << PM1_CNT_SLP_TYP_SHIFT);
	/* The type alone does nothing. */
	port_out(&g.io, 0xb004, 2, PM1_CNT_SCI_EN);
	CHECK_INT(g.rec.poweroffs, 0);
	/* S5: type 0 with SLP_EN, written as the high byte alone too. */
	port_out(&g.io, 0xb005, 1, PM1_CNT_SLP_EN >> 8);
	CHECK_INT(g.rec.poweroffs, 1);
	port_out(&g.io, 0xb004, 4, PM1_CNT_SCI_EN | PM1_CNT_SLP_EN);
	CHECK_INT(g.rec.poweroffs, 2);
	CHECK_INT(g.rec.reboots, 0);
	/* PM1 status (write 1 to clear) and enable before Xen takes them. */
	pm.pm1_status = 0x0021;
	port_out(&g.io, 0xb000, 4, 0x01000001);
	CHECK_INT(port_in(&g.io, 0xb000, 4), 0x01000020);
	CHECK_INT(port_in(&g.io, 0xb008, 4), 0);
}

/* What an ACPI OS does for S5 with Xen's tables (libacpi: the FADT's
 * PM1a_CNT_BLK is ACPI_PM1A_CNT_BLK_ADDRESS_V1, 16 bits wide; the DSDT's
 * \_S5 gives SLP_TYPa 0): read PM1a_CNT, clear SLP_TYP and SLP_EN, write
 * it with the sleep type, then again with SLP_EN. Only the second write
 * powers off, and once. */
TEST(piix4_pm_acpi_os_enters_s5)
{
	static struct rig g;
	static struct piix4_pm pm;
	const unsigned s5_slp_typ = 0;
	unsigned control;

	rig_init(&g);
	CHECK_INT(piix4_pm_init(&pm, &g.io, &g.ops), 0);
	CHECK_INT(pci_bus_add(&g.bus, &pm.pci, PIIX4_PM_DEVFN), 0);
	hvmloader_sets_up_pm(&g);
	port_out(&g.io, PIIX4_SMI_COMMAND_PORT, 1, PIIX4_ACPI_ENABLE);
	CHECK_INT(ACPI_PM1A_CNT_BLK_ADDRESS_V1, 0xb004);
	CHECK_INT(PM1_SLP_TYP_SOFT_OFF, s5_slp_typ);
	control = (unsigned)port_in(&g.io, ACPI_PM1A_CNT_BLK_ADDRESS_V1, 2);
	CHECK_INT(control, PM1_CNT_SCI_EN);
	control &= ~(unsigned)(PM1_CNT_SLP_TYP_MASK | PM1_CNT_SLP_EN);
	control |= s5_slp_typ << PM1_CNT_SLP_TYP_SHIFT;
	port_out(&g.io, ACPI_PM1A_CNT_BLK_ADDRESS_V1, 2, control);
	CHECK_INT(g.rec.poweroffs, 0);
	port_out(&g.io, ACPI_PM1A_CNT_BLK_ADDRESS_V1, 2, control | PM1_CNT_SLP_EN);
	CHECK_INT(g.rec.poweroffs, 1);
	CHECK_INT(g.rec.reboots, 0);
	CHECK(strstr(g.rec.log, "power off") != NULL);
	/* SCI_EN is kept; SLP_EN does not read back. */
	CHECK_INT(port_in(&g.io, ACPI_PM1A_CNT_BLK_ADDRESS_V1, 2), PM1_CNT_SCI_EN);
}

TEST(piix4_pm_gpe0_and_sci)
{
	static struct rig g;
	static struct piix4_pm pm;

	rig_init(&g);
	CHECK_INT(piix4_pm_init(&pm, &g.io, &g.ops), 0);
	CHECK_INT(PIIX4_GPE0_PORT, 0xafe0);
	CHECK_INT(port_in(&g.io, 0xafe0, 4), 0);
	piix4_pm_raise_gpe(&pm, 2);
	CHECK_INT(port_in(&g.io, 0xafe0, 1), 0x04);
	CHECK(!g.rec.isa_irq[9]);
	port_out(&g.io, 0xafe2, 2, 0x0004);
	CHECK(g.rec.isa_irq[9]);
	CHECK_INT(port_in(&g.io, 0xafe0, 4), 0x00040004);
	port_out(&g.io, 0xafe0, 1, 0x04);
	CHECK(!g.rec.isa_irq[9]);
	CHECK_INT(port_in(&g.io, 0xafe0, 4), 0x00040000);
	piix4_pm_raise_gpe(&pm, 16);
	CHECK(strstr(g.rec.log, "no GPE0 bit 16") != NULL);
	piix4_pm_raise_gpe(&pm, 9);
	CHECK_INT(port_in(&g.io, 0xafe1, 1), 0x02);
	CHECK(!g.rec.isa_irq[9]);
}
