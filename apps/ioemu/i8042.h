/*
 * The PC's keyboard controller (i8042) at ports 0x60 (data) and 0x64
 * (status and commands), with a keyboard and a PS/2 mouse attached that
 * have nothing to say yet (their input comes with the display issue):
 * both answer the commands firmware and kernels send at start-up (reset
 * with its self-test result, identify, enable/disable, set LEDs and rate)
 * so that SeaBIOS and Linux find a controller and devices instead of
 * reading 0xff from empty ports and timing out. The controller's own
 * commands: read/write the command byte, self-tests, port enable/disable,
 * the output port (bit 0 low resets the machine), writes into its output
 * buffer, data for the mouse, and the reset pulse (0xfe), which reboots
 * the guest as the other reset ports do. Bytes for the guest wait in a
 * small queue; the head's source raises IRQ 1 (keyboard) or IRQ 12
 * (mouse) when the command byte enables it, lowered once the guest reads
 * port 0x60.
 */
#ifndef APPS_IOEMU_I8042_H
#define APPS_IOEMU_I8042_H

#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/platform_ops.h"

#include <stdbool.h>
#include <stdint.h>

enum {
	I8042_DATA_PORT = 0x60,
	I8042_COMMAND_PORT = 0x64,
	I8042_QUEUE = 16,
	I8042_STATUS_OBF = 0x01,
	I8042_STATUS_SYS = 0x04,
	I8042_STATUS_CMD = 0x08, /* the last write went to 0x64 */
	I8042_STATUS_UNLOCKED = 0x10,
	I8042_STATUS_AUX_OBF = 0x20,
	I8042_CMD_KBD_INT = 0x01,
	I8042_CMD_AUX_INT = 0x02,
	I8042_CMD_SYS = 0x04,
	I8042_CMD_KBD_OFF = 0x10,
	I8042_CMD_AUX_OFF = 0x20,
	I8042_CMD_XLATE = 0x40,
};

struct i8042 {
	struct io_region data, command;
	const struct platform_ops *ops;
	uint8_t queue[I8042_QUEUE];
	bool queue_aux[I8042_QUEUE];
	unsigned head, count;
	uint8_t last_read;
	uint8_t command_byte;
	uint8_t pending;		  /* a controller command waiting for its data byte */
	uint8_t kbd_pending, aux_pending; /* a device command waiting for its argument */
	bool last_write_command;
	bool irq1, irq12;
	unsigned long dropped; /* bytes for the guest that found the queue full */
};

/* Puts both ports on io: 0 or io_bus_add's error. */
int i8042_init(struct i8042 *kbc, struct io_bus *io, const struct platform_ops *ops);

#endif
