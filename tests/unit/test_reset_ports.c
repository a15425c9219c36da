/* apps/ioemu/reset_ports: 0x92 fast reset and 0xcf9 reset control. */
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

	platform_recorder_init(&rec, &ops);
	io_bus_init(&io, NULL);
	CHECK_INT(reset_ports_init(&reset, &io, &ops), 0);
	port_out(&io, 0xcf9, 1, 0x02); /* the reset type alone */
	CHECK_INT(rec.reboots, 0);
	CHECK_INT(port_in(&io, 0xcf9, 1), 0x02);
	port_out(&io, 0xcf9, 1, 0x06);
	CHECK_INT(rec.reboots, 1);
	port_out(&io, 0xcf9, 1, 0x0e);
	CHECK_INT(rec.reboots, 2);
	CHECK_INT(port_in(&io, 0xcf9, 1), 0x0a);
	/* 0xcf8's dword is Xen's: a dword at 0xcf8 never reaches 0xcf9. */
	port_out(&io, 0xcf8, 4, 0x80000000);
	CHECK_INT(rec.reboots, 2);
	/* Xen failing the reboot is logged. */
	rec.fail_with = -5;
	port_out(&io, 0xcf9, 1, 0x04);
	CHECK(strstr(rec.log, "reboot not carried out") != NULL);
}
