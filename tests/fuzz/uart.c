/*
 * libFuzzer harness: a 16550A under arbitrary register accesses (any
 * offset and size, DLAB on and off, FIFO and loopback modes) and console
 * input. After each step: the IRQ line Xen was told of matches the
 * UART's own view of it; the receiver holds no more than its FIFO (16, or
 * 1 without FIFOs) and LSR.DR says whether it holds anything; THRE and
 * TEMT stay set; IER, MCR keep only their defined bits; a byte written to
 * THR goes out exactly once outside loopback and never in loopback;
 * input is never taken beyond what the UART said it had room for.
 */
#include "apps/ioemu/uart.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool line;
static unsigned irq_calls, sent;

static int isa_irq(void *ctx, unsigned irq, bool level)
{
	(void)ctx;
	if (irq != 4 || level == line) /* COM1; told of changes only */
		__builtin_trap();
	line = level;
	irq_calls++;
	return 0;
}

static void serial_out(void *ctx, unsigned port, const uint8_t *bytes, size_t len)
{
	(void)ctx, (void)bytes;
	if (port != 0 || len != 1)
		__builtin_trap();
	sent++;
}

static const struct platform_ops ops = { .set_isa_irq_level = isa_irq, .serial_out = serial_out };

static void check(const struct uart *u)
{
	unsigned capacity = u->fcr & UART_FCR_ENABLE ? UART_FIFO_BYTES : 1;

	if (u->irq_asserted != line || u->fifo_count > capacity ||
	    u->fifo_head >= UART_FIFO_BYTES || !(u->fifo_count) != !(u->lsr & UART_LSR_DR) ||
	    (u->lsr & (UART_LSR_THRE | UART_LSR_TEMT)) != (UART_LSR_THRE | UART_LSR_TEMT) ||
	    u->ier & 0xf0 || u->mcr & 0xe0)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct uart u;
	struct io_bus io;
	size_t i = 0;

	line = false;
	irq_calls = sent = 0;
	io_bus_init(&io, NULL);
	if (uart_init(&u, 0, &io, &ops) < 0)
		__builtin_trap();
	while (i + 2 <= size) {
		uint8_t op = data[i++], value = data[i++];
		unsigned offset = op & 7, width = 1u << ((op >> 3) & 3);
		struct ioreq_req req = { .type = IOREQ_TYPE_PIO,
					 .read = op & 0x20,
					 .size = width > 4 ? 4 : width,
					 .count = 1,
					 .addr = 0x3f8 + offset,
					 .data = (uint64_t)value * 0x01010101u };
		uint64_t result = 0;

		if (op & 0x40) { /* console input of value % 20 bytes */
			size_t room = uart_can_receive(&u), len = value % 20;
			uint8_t bytes[20] = { 0 };

			if (uart_receive(&u, bytes, len) > room)
				__builtin_trap();
		} else {
			unsigned before = sent;
			bool to_thr = !req.read && offset == UART_RBR && !(u.lcr & UART_LCR_DLAB);
			bool loop = u.mcr & UART_MCR_LOOP;

			if (io_bus_dispatch(&io, &req, &result) < 0)
				__builtin_trap();
			if (req.read && result > 0xffffffffu)
				__builtin_trap();
			if (to_thr && sent != before + (loop ? 0 : 1))
				__builtin_trap();
			if (!to_thr && req.size == 1 && sent != before)
				__builtin_trap();
		}
		check(&u);
	}
	return 0;
}
