/* apps/ioemu/reset_ports and pci_host_ports: 0x92 fast reset, 0xcf9 reset
 * control and the configuration address register around it. */
#include "apps/ioemu/pci_host_ports.h"
#include "apps/ioemu/reset_ports.h"
#include "tests/unit/check.h"
#include "tests/unit/platform_recorder.h"

TEST(reset_port_92)
{
	static struct platform_recorder rec;
	struct platform_ops ops;
	struct io_bus io;
	static struct reset_ports reset;

	platform_recorder_init(&rec, &ops);
	io_bus_init(&io, NULL);
	CHECK_INT(reset_ports_init(&reset, &io, &ops), 0);
	port_out(&io, 0x92, 1, SYSTEM_CONTROL_A20);
	CHECK_INT(port_in(&io, 0x92, 1), SYSTEM_CONTROL_A20);
	CHECK_INT(rec.reboots, 0);
	port_out(&io, 0x92, 1, SYSTEM_CONTROL_A20 | SYSTEM_CONTROL_FAST_RESET);
	CHECK_INT(rec.reboots, 1);
	/* Bit 0 staying set is no new reset; clearing and setting is. */
	port_out(&io, 0x92, 1, SYSTEM_CONTROL_FAST_RESET);
	CHECK_INT(rec.reboots, 1);
	port_out(&io, 0x92, 1, 0);
	port_out(&io, 0x92, 1, 0xff);
	CHECK_INT(rec.reboots, 2);
	CHECK_INT(port_in(&io, 0x92, 1), 0x03);
	CHECK_INT(rec.poweroffs, 0);
}

TEST(reset_control_cf9)
{
	static struct platform_recorder rec;
	struct platform_ops ops;
	struct io_bus io;
	static struct reset_ports reset;
	static struct pci_host_ports host;

	platform_recorder_init(&rec, &ops);
	io_bus_init(&io, NULL);
	CHECK_INT(reset_ports_init(&reset, &io, &ops), 0);
	CHECK_INT(pci_host_ports_init(&host, &io, &reset), 0);
	port_out(&io, 0xcf9, 1, 0x02); /* the reset type alone */
	CHECK_INT(rec.reboots, 0);
	CHECK_INT(port_in(&io, 0xcf9, 1), 0x02);
	port_out(&io, 0xcf9, 1, 0x06);
	CHECK_INT(rec.reboots, 1);
	port_out(&io, 0xcf9, 1, 0x0e);
	CHECK_INT(rec.reboots, 2);
	CHECK_INT(port_in(&io, 0xcf9, 1), 0x0a);
	/* The dword at 0xcf8 is the configuration address, not 0xcf9. */
	port_out(&io, 0xcf8, 4, 0x80000000);
	CHECK_INT(rec.reboots, 2);
	CHECK_INT(port_in(&io, 0xcf9, 1), 0x0a);
	/* Xen failing the reboot is logged. */
	rec.fail_with = -5;
	port_out(&io, 0xcf9, 1, 0x04);
	CHECK(strstr(rec.log, "reboot not carried out") != NULL);
}

TEST(pci_config_address_reads_back)
{
	static struct platform_recorder rec;
	struct platform_ops ops;
	struct io_bus io;
	static struct reset_ports reset;
	static struct pci_host_ports host;

	platform_recorder_init(&rec, &ops);
	io_bus_init(&io, NULL);
	CHECK_INT(reset_ports_init(&reset, &io, &ops), 0);
	CHECK_INT(pci_host_ports_init(&host, &io, &reset), 0);
	/* Linux's probe for mechanism 1: a byte to 0xcfb, then the dword
	 * 0x80000000 written and read back. */
	port_out(&io, 0xcfb, 1, 0x01);
	CHECK_INT(port_in(&io, 0xcf8, 4), 0);
	port_out(&io, 0xcf8, 4, 0x80000000);
	CHECK_INT(port_in(&io, 0xcf8, 4), 0x80000000);
	port_out(&io, 0xcf8, 4, 0x8000f80f);
	CHECK_INT(port_in(&io, 0xcf8, 4), 0x8000f80c);
	/* Other widths and offsets: all ones, dropped on write. */
	CHECK_INT(port_in(&io, 0xcf8, 2), 0xffff);
	CHECK_INT(port_in(&io, 0xcfa, 1), 0xff);
	port_out(&io, 0xcf8, 2, 0x1234);
	CHECK_INT(port_in(&io, 0xcf8, 4), 0x8000f80c);
	CHECK_INT(rec.reboots, 0);
}
