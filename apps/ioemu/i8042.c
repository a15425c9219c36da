/* The keyboard controller and its two quiet devices (see i8042.h). */
#include "apps/ioemu/i8042.h"

enum {
	ACK = 0xfa,
	SELF_TEST_OK = 0x55,
	PORT_TEST_OK = 0x00,
	DEVICE_BAT_OK = 0xaa,
	OUTPUT_PORT_RESET_HIGH = 0x01, /* low: the CPU is held in reset */
	OUTPUT_PORT_A20 = 0x02,
};

static void update_irqs(struct i8042 *kbc)
{
	bool aux = kbc->count > 0 && kbc->queue_aux[kbc->head];
	bool irq1 = kbc->count > 0 && !aux && (kbc->command_byte & I8042_CMD_KBD_INT);
	bool irq12 = kbc->count > 0 && aux && (kbc->command_byte & I8042_CMD_AUX_INT);

	if (irq1 != kbc->irq1) {
		kbc->irq1 = irq1;
		platform_set_isa_irq(kbc->ops, 1, irq1);
	}
	if (irq12 != kbc->irq12) {
		kbc->irq12 = irq12;
		platform_set_isa_irq(kbc->ops, 12, irq12);
	}
}

static void push(struct i8042 *kbc, uint8_t byte, bool aux)
{
	unsigned tail;

	if (kbc->count == I8042_QUEUE) {
		kbc->dropped++;
		return;
	}
	tail = (kbc->head + kbc->count) % I8042_QUEUE;
	kbc->queue[tail] = byte;
	kbc->queue_aux[tail] = aux;
	kbc->count++;
	update_irqs(kbc);
}

/* A byte the guest sent the keyboard (port 0x60 with no controller command
 * waiting): the device's answers, as a keyboard with no keys pressed. */
static void keyboard_byte(struct i8042 *kbc, uint8_t byte)
{
	if (kbc->kbd_pending) { /* the argument of LEDs, rate or scan-code set */
		uint8_t command = kbc->kbd_pending;

		kbc->kbd_pending = 0;
		push(kbc, ACK, false);
		if (command == 0xf0 && byte == 0) /* which set: 2 */
			push(kbc, 0x02, false);
		return;
	}
	switch (byte) {
	case 0xff: /* reset: acknowledged, then the self-test passed */
		push(kbc, ACK, false);
		push(kbc, DEVICE_BAT_OK, false);
		break;
	case 0xf2: /* identify: an MF2 keyboard */
		push(kbc, ACK, false);
		push(kbc, 0xab, false);
		push(kbc, 0x83, false);
		break;
	case 0xee: /* echo */
		push(kbc, 0xee, false);
		break;
	case 0xed: /* LEDs */
	case 0xf3: /* typematic rate */
	case 0xf0: /* scan-code set */
		kbc->kbd_pending = byte;
		push(kbc, ACK, false);
		break;
	default: /* enable, disable, defaults and the rest: acknowledged */
		push(kbc, ACK, false);
		break;
	}
}

/* A byte for the mouse (after controller command 0xd4): a PS/2 mouse that
 * never moves. */
static void mouse_byte(struct i8042 *kbc, uint8_t byte)
{
	if (kbc->aux_pending) { /* the argument of sample rate or resolution */
		kbc->aux_pending = 0;
		push(kbc, ACK, true);
		return;
	}
	switch (byte) {
	case 0xff: /* reset: self-test passed, device ID 0 */
		push(kbc, ACK, true);
		push(kbc, DEVICE_BAT_OK, true);
		push(kbc, 0x00, true);
		break;
	case 0xf2: /* identify: a standard mouse */
		push(kbc, ACK, true);
		push(kbc, 0x00, true);
		break;
	case 0xe9: /* status: stream mode, off, resolution 2, rate 100 */
		push(kbc, ACK, true);
		push(kbc, 0x00, true);
		push(kbc, 0x02, true);
		push(kbc, 0x64, true);
		break;
	case 0xf3: /* sample rate */
	case 0xe8: /* resolution */
		kbc->aux_pending = byte;
		push(kbc, ACK, true);
		break;
	default:
		push(kbc, ACK, true);
		break;
	}
}

static uint64_t data_read(void *dev, uint64_t offset, unsigned size)
{
	struct i8042 *kbc = dev;

	(void)offset, (void)size; /* one byte */
	if (kbc->count > 0) {
		kbc->last_read = kbc->queue[kbc->head];
		kbc->head = (kbc->head + 1) % I8042_QUEUE;
		kbc->count--;
		update_irqs(kbc);
	}
	return kbc->last_read; /* an empty buffer reads what was read last */
}

static void data_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct i8042 *kbc = dev;
	uint8_t byte = (uint8_t)value, command = kbc->pending;

	(void)offset, (void)size;
	kbc->last_write_command = false;
	kbc->pending = 0;
	switch (command) {
	case 0x60: /* the command byte */
		kbc->command_byte = byte;
		update_irqs(kbc);
		break;
	case 0xd1: /* the output port: bit 0 low holds the CPU in reset */
		if (!(byte & OUTPUT_PORT_RESET_HIGH))
			platform_shutdown(kbc->ops, PLATFORM_REBOOT);
		break;
	case 0xd2: /* into the output buffer, as if from the keyboard */
		push(kbc, byte, false);
		break;
	case 0xd3: /* as if from the mouse */
		push(kbc, byte, true);
		break;
	case 0xd4: /* to the mouse */
		mouse_byte(kbc, byte);
		break;
	default:
		keyboard_byte(kbc, byte);
		break;
	}
}

static uint64_t status_read(void *dev, uint64_t offset, unsigned size)
{
	const struct i8042 *kbc = dev;
	uint8_t status = I8042_STATUS_UNLOCKED;

	(void)offset, (void)size;
	if (kbc->count > 0) {
		status |= I8042_STATUS_OBF;
		if (kbc->queue_aux[kbc->head])
			status |= I8042_STATUS_AUX_OBF;
	}
	if (kbc->command_byte & I8042_CMD_SYS)
		status |= I8042_STATUS_SYS;
	if (kbc->last_write_command)
		status |= I8042_STATUS_CMD;
	return status;
}

static void command_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct i8042 *kbc = dev;
	uint8_t command = (uint8_t)value;

	(void)offset, (void)size;
	kbc->last_write_command = true;
	kbc->pending = 0;
	if (command >= 0xf0) { /* pulse output lines: bit 0 clear pulses reset */
		if (!(command & 0x01))
			platform_shutdown(kbc->ops, PLATFORM_REBOOT);
		return;
	}
	switch (command) {
	case 0x20: /* read the command byte */
		push(kbc, kbc->command_byte, false);
		break;
	case 0x60: /* write the command byte: the next data byte */
	case 0xd1: /* write the output port */
	case 0xd2: /* write the keyboard's output buffer */
	case 0xd3: /* write the mouse's output buffer */
	case 0xd4: /* write to the mouse */
		kbc->pending = command;
		break;
	case 0xa7: /* disable the mouse port */
		kbc->command_byte |= I8042_CMD_AUX_OFF;
		break;
	case 0xa8: /* enable it */
		kbc->command_byte &= (uint8_t)~I8042_CMD_AUX_OFF;
		break;
	case 0xa9: /* test the mouse port */
	case 0xab: /* test the keyboard port */
		push(kbc, PORT_TEST_OK, false);
		break;
	case 0xaa: /* controller self-test */
		push(kbc, SELF_TEST_OK, false);
		break;
	case 0xad: /* disable the keyboard port */
		kbc->command_byte |= I8042_CMD_KBD_OFF;
		break;
	case 0xae: /* enable it */
		kbc->command_byte &= (uint8_t)~I8042_CMD_KBD_OFF;
		break;
	case 0xd0: /* read the output port */
		push(kbc, OUTPUT_PORT_RESET_HIGH | OUTPUT_PORT_A20, false);
		break;
	default: /* commands no firmware or kernel of ours sends: ignored */
		break;
	}
}

int i8042_init(struct i8042 *kbc, struct io_bus *io, const struct platform_ops *ops)
{
	int rc;

	*kbc = (struct i8042){ .ops = ops,
			       .command_byte = I8042_CMD_KBD_INT | I8042_CMD_AUX_INT |
					       I8042_CMD_SYS | I8042_CMD_XLATE };
	kbc->data = (struct io_region){
		"i8042-data", IO_SPACE_PORT, I8042_DATA_PORT, 1, data_read, data_write, kbc, NULL
	};
	kbc->command = (struct io_region){ "i8042-command",
					   IO_SPACE_PORT,
					   I8042_COMMAND_PORT,
					   1,
					   status_read,
					   command_write,
					   kbc,
					   NULL };
	rc = io_bus_add(io, &kbc->data);
	if (rc < 0)
		return rc;
	return io_bus_add(io, &kbc->command);
}
