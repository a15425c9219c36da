/* apps/ioemu/cmos: the NVRAM from index 14 on, the boot order where
 * SeaBIOS reads it, and what is Xen's. */
#include "apps/ioemu/cmos.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/platform_recorder.h"

static uint8_t cmos_read(struct io_bus *io, uint8_t index)
{
	port_out(io, 0x70, 1, index);
	return (uint8_t)port_in(io, 0x71, 1);
}

TEST(cmos_boot_order_for_seabios)
{
	struct io_bus io;
	static struct cmos cmos;

	io_bus_init(&io, NULL);
	CHECK_INT(cmos_init(&cmos, &io, 0xf0000000, 0x10000000, 2, "dcn"), 0);
	/* -boot order=dcn: CD-ROM 3, hard disk 2, network 4. */
	CHECK_INT(cmos_read(&io, CMOS_BOOT_FLAGS_2), 0x23);
	CHECK_INT(cmos_read(&io, CMOS_BOOT_FLAGS_1), 0x40);
	io_bus_init(&io, NULL);
	CHECK_INT(cmos_init(&cmos, &io, 64 << 20, 0, 1, "c"), 0);
	CHECK_INT(cmos_read(&io, 0x3d), 0x02);
	CHECK_INT(cmos_read(&io, 0x38), 0x00);
	io_bus_init(&io, NULL);
	CHECK_INT(cmos_init(&cmos, &io, 64 << 20, 0, 1, "acdn"), -EINVAL);
	CHECK_INT(cmos_init(&cmos, &io, 64 << 20, 0, 1, "x"), -EINVAL);
}

TEST(cmos_memory_and_machine_bytes)
{
	struct io_bus io;
	static struct cmos cmos;

	io_bus_init(&io, NULL);
	CHECK_INT(cmos_init(&cmos, &io, 0xf0000000, 0x10000000, 4, "cd"), 0);
	CHECK_INT(cmos_read(&io, 0x15) | cmos_read(&io, 0x16) << 8, 640);
	CHECK_INT(cmos_read(&io, 0x17) | cmos_read(&io, 0x18) << 8, 0xffff); /* capped */
	CHECK_INT(cmos_read(&io, 0x30) | cmos_read(&io, 0x31) << 8, 0xffff);
	CHECK_INT(cmos_read(&io, 0x34) | cmos_read(&io, 0x35) << 8,
		  (0xf0000000 - (16 << 20)) >> 16);
	CHECK_INT(cmos_read(&io, 0x5b) | cmos_read(&io, 0x5c) << 8 | cmos_read(&io, 0x5d) << 16,
		  0x1000);
	CHECK_INT(cmos_read(&io, CMOS_VCPU_COUNT), 3);
	CHECK_INT(cmos_read(&io, CMOS_EQUIPMENT), 0x06);
	CHECK_INT(cmos_read(&io, CMOS_CENTURY), 0x20);
	io_bus_init(&io, NULL);
	CHECK_INT(cmos_init(&cmos, &io, 32 << 20, 0, 1, "c"), 0);
	CHECK_INT(cmos_read(&io, 0x17) | cmos_read(&io, 0x18) << 8, 31 << 10);
	CHECK_INT(cmos_read(&io, 0x34) | cmos_read(&io, 0x35) << 8, 256);
}

TEST(cmos_ports_as_xen_forwards_them)
{
	struct io_bus io;
	static struct cmos cmos;

	io_bus_init(&io, NULL);
	CHECK_INT(cmos_init(&cmos, &io, 64 << 20, 0, 1, "c"), 0);
	/* hvmloader writes memory sizes; bit 7 (NMI disable) with the index. */
	port_out(&io, 0x70, 1, 0x80 | 0x34);
	port_out(&io, 0x71, 1, 0xab);
	CHECK_INT(cmos_read(&io, 0x34), 0xab);
	CHECK_INT(cmos.index, 0x34);
	/* The last byte, and the index register reading 0xff as on Xen. */
	port_out(&io, 0x70, 1, 0x7f);
	port_out(&io, 0x71, 1, 0x11);
	CHECK_INT(cmos.bytes[127], 0x11);
	CHECK_INT(port_in(&io, 0x70, 1), 0xff);
	/* An RTC register reaching us is Xen's: not stored, ones. */
	port_out(&io, 0x70, 1, 0x0b);
	port_out(&io, 0x71, 1, 0x42);
	CHECK_INT(port_in(&io, 0x71, 1), 0xff);
	CHECK_INT(cmos.rtc_accesses, 2);
	CHECK_INT(cmos.bytes[0x0b], 0);
	/* A word at 0x70: index then data. */
	port_out(&io, 0x70, 2, 0x5550);
	CHECK_INT(cmos.bytes[0x50], 0x55);
	CHECK_INT(port_in(&io, 0x70, 2), 0x55ff);
}
