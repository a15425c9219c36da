/*
 * libFuzzer harness: the keyboard controller under arbitrary accesses to
 * ports 0x60 and 0x64 (any byte, read or write, any width). After each
 * step: the IRQ lines Xen was told of match the controller's own view
 * (IRQ 1 for a keyboard byte at the head of the queue, 12 for a mouse
 * byte, each only when the command byte enables it), the queue holds at
 * most its size, the status register's OBF says whether it holds
 * anything, and nothing but the reset commands asks for a reboot.
 */
#include "apps/ioemu/i8042.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool line[16];
static unsigned reboots;

static int isa_irq(void *ctx, unsigned irq, bool level)
{
	(void)ctx;
	if ((irq != 1 && irq != 12) || line[irq] == level) /* told of changes only */
		__builtin_trap();
	line[irq] = level;
	return 0;
}

static int shutdown(void *ctx, enum platform_shutdown how)
{
	(void)ctx;
	if (how != PLATFORM_REBOOT)
		__builtin_trap();
	reboots++;
	return 0;
}

static const struct platform_ops ops = { .set_isa_irq_level = isa_irq, .shutdown = shutdown };

static void check(const struct i8042 *kbc, struct io_bus *io)
{
	bool any = kbc->count > 0, aux = any && kbc->queue_aux[kbc->head];
	struct ioreq_req req = {
		.type = IOREQ_TYPE_PIO, .read = true, .size = 1, .count = 1, .addr = 0x64
	};
	uint64_t status = 0;

	if (kbc->count > I8042_QUEUE || kbc->head >= I8042_QUEUE)
		__builtin_trap();
	if (line[1] != (any && !aux && (kbc->command_byte & I8042_CMD_KBD_INT)) ||
	    line[12] != (aux && (kbc->command_byte & I8042_CMD_AUX_INT)))
		__builtin_trap();
	if (io_bus_dispatch(io, &req, &status) < 0 || !(status & I8042_STATUS_OBF) != !any)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct i8042 kbc;
	struct io_bus io;
	size_t i = 0;

	line[1] = line[12] = false;
	reboots = 0;
	io_bus_init(&io, NULL);
	if (i8042_init(&kbc, &io, &ops) < 0)
		__builtin_trap();
	while (i + 2 <= size) {
		uint8_t op = data[i++], value = data[i++];
		unsigned width = 1u << (op & 3);
		bool command_port = op & 4, read = op & 8;
		struct ioreq_req req = { .type = IOREQ_TYPE_PIO,
					 .read = read,
					 .size = width > 4 ? 4 : width,
					 .count = 1,
					 .addr = command_port ? 0x64 : 0x60,
					 .data = value };
		uint64_t result = 0;
		unsigned before = reboots;
		bool resets = !read && req.size == 1 && command_port &&
			      (value == 0xfe || (value >= 0xf0 && !(value & 1)));

		if (io_bus_dispatch(&io, &req, &result) < 0)
			__builtin_trap();
		if (read && result > 0xffffffffu)
			__builtin_trap();
		/* A reboot comes from a reset pulse or from the output port
		 * written with its reset line low (0xd1, then data). */
		if (reboots != before && !resets && !(!read && !command_port && req.size == 1))
			__builtin_trap();
		check(&kbc, &io);
	}
	return 0;
}
