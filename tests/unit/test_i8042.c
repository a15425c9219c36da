/* apps/ioemu/i8042: the keyboard controller as SeaBIOS and Linux probe it,
 * its two quiet devices, its interrupts and its reset. */
#include "apps/ioemu/i8042.h"
#include "tests/unit/check.h"
#include "tests/unit/platform_recorder.h"

static void rig(struct platform_recorder *rec, struct platform_ops *ops, struct io_bus *io,
		struct i8042 *kbc)
{
	platform_recorder_init(rec, ops);
	io_bus_init(io, NULL);
	CHECK_INT(i8042_init(kbc, io, ops), 0);
}

TEST(i8042_self_test_and_command_byte)
{
	static struct platform_recorder rec;
	static struct i8042 kbc;
	struct platform_ops ops;
	struct io_bus io;

	rig(&rec, &ops, &io, &kbc);
	/* Empty: no output buffer; the flush loop firmware runs ends at once. */
	CHECK_INT(port_in(&io, 0x64, 1) & I8042_STATUS_OBF, 0);
	port_out(&io, 0x64, 1, 0xaa);
	CHECK_INT(port_in(&io, 0x64, 1) & I8042_STATUS_OBF, I8042_STATUS_OBF);
	CHECK_INT(port_in(&io, 0x60, 1), 0x55);
	CHECK_INT(port_in(&io, 0x64, 1) & I8042_STATUS_OBF, 0);
	/* The command byte written and read back; interrupts off meanwhile. */
	port_out(&io, 0x64, 1, 0x60);
	port_out(&io, 0x60, 1, 0x30);
	port_out(&io, 0x64, 1, 0x20);
	CHECK_INT(port_in(&io, 0x60, 1), 0x30);
	CHECK(!rec.isa_irq[1]);
	CHECK_INT(rec.reboots, 0);
}

TEST(i8042_keyboard_and_mouse_answer)
{
	static struct platform_recorder rec;
	static struct i8042 kbc;
	struct platform_ops ops;
	struct io_bus io;

	rig(&rec, &ops, &io, &kbc);
	/* Keyboard reset: ACK, then the self-test passed, with IRQ 1. */
	port_out(&io, 0x60, 1, 0xff);
	CHECK(rec.isa_irq[1]);
	CHECK_INT(port_in(&io, 0x60, 1), 0xfa);
	CHECK(rec.isa_irq[1]);
	CHECK_INT(port_in(&io, 0x60, 1), 0xaa);
	CHECK(!rec.isa_irq[1]);
	/* LEDs take an argument, each byte acknowledged. */
	port_out(&io, 0x60, 1, 0xed);
	CHECK_INT(port_in(&io, 0x60, 1), 0xfa);
	port_out(&io, 0x60, 1, 0x07);
	CHECK_INT(port_in(&io, 0x60, 1), 0xfa);
	CHECK_INT(port_in(&io, 0x64, 1) & I8042_STATUS_OBF, 0);
	/* The mouse through 0xd4: reset gives ACK, 0xaa, ID 0 on IRQ 12. */
	port_out(&io, 0x64, 1, 0xd4);
	port_out(&io, 0x60, 1, 0xff);
	CHECK(rec.isa_irq[12]);
	CHECK_INT(port_in(&io, 0x64, 1) & I8042_STATUS_AUX_OBF, I8042_STATUS_AUX_OBF);
	CHECK_INT(port_in(&io, 0x60, 1), 0xfa);
	CHECK_INT(port_in(&io, 0x60, 1), 0xaa);
	CHECK_INT(port_in(&io, 0x60, 1), 0x00);
	CHECK(!rec.isa_irq[12]);
	/* A full queue drops, counted; the guest reads what is there. */
	for (int i = 0; i < 20; i++)
		port_out(&io, 0x60, 1, 0xee);
	CHECK_INT(kbc.dropped, 4);
	for (int i = 0; i < 16; i++)
		CHECK_INT(port_in(&io, 0x60, 1), 0xee);
	CHECK_INT(port_in(&io, 0x64, 1) & I8042_STATUS_OBF, 0);
}

TEST(i8042_resets_the_guest)
{
	static struct platform_recorder rec;
	static struct i8042 kbc;
	struct platform_ops ops;
	struct io_bus io;

	rig(&rec, &ops, &io, &kbc);
	port_out(&io, 0x64, 1, 0xfe); /* the reset pulse Linux's reboot sends */
	CHECK_INT(rec.reboots, 1);
	port_out(&io, 0x64, 1, 0xff); /* pulses no line */
	CHECK_INT(rec.reboots, 1);
	port_out(&io, 0x64, 1, 0xd1); /* output port with the reset line low */
	port_out(&io, 0x60, 1, 0x02);
	CHECK_INT(rec.reboots, 2);
	port_out(&io, 0x64, 1, 0xd1);
	port_out(&io, 0x60, 1, 0x03);
	CHECK_INT(rec.reboots, 2);
	CHECK_INT(rec.poweroffs, 0);
}
