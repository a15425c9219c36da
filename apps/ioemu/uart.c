/*
 * The 16550A (see uart.h): a register access at a time (a wider access is
 * taken as successive byte registers), the interrupt line brought up to
 * date after each one.
 */
#include "apps/ioemu/uart.h"

#include "lib/errno.h"

#include <string.h>

static const struct {
	uint16_t base;
	unsigned irq;
} isa_resources[] = { { 0x3f8, 4 }, { 0x2f8, 3 }, { 0x3e8, 4 }, { 0x2e8, 3 } };

int uart_isa_resources(unsigned index, uint16_t *base, unsigned *irq)
{
	if (index >= sizeof(isa_resources) / sizeof(isa_resources[0]))
		return -EINVAL;
	*base = isa_resources[index].base;
	*irq = isa_resources[index].irq;
	return 0;
}

static bool fifo_enabled(const struct uart *uart)
{
	return uart->fcr & UART_FCR_ENABLE;
}

static unsigned fifo_capacity(const struct uart *uart)
{
	return fifo_enabled(uart) ? UART_FIFO_BYTES : 1;
}

static unsigned trigger_level(const struct uart *uart)
{
	static const unsigned levels[4] = { 1, 4, 8, 14 };

	return levels[uart->fcr >> 6];
}

static uint8_t interrupt_id(const struct uart *uart)
{
	if ((uart->ier & UART_IER_RLSI) && (uart->lsr & (UART_LSR_OE | UART_LSR_BI)))
		return UART_IIR_RLSI;
	if ((uart->ier & UART_IER_RDI) && uart->fifo_count)
		return fifo_enabled(uart) && uart->fifo_count < trigger_level(uart)
			       ? UART_IIR_TIMEOUT
			       : UART_IIR_RDI;
	if ((uart->ier & UART_IER_THRI) && uart->thr_pending)
		return UART_IIR_THRI;
	if ((uart->ier & UART_IER_MSI) && (uart->msr & 0x0f))
		return UART_IIR_MSI;
	return UART_IIR_NO_INT;
}

static void irq_update(struct uart *uart)
{
	bool level = interrupt_id(uart) != UART_IIR_NO_INT;

	if (level == uart->irq_asserted)
		return;
	uart->irq_asserted = level;
	platform_set_isa_irq(uart->ops, uart->irq, level);
}

/* The modem lines: in loopback, MCR's outputs; else those of a console
 * that is always there (CTS, DSR, DCD). Changes set MSR's delta bits. */
static void modem_update(struct uart *uart)
{
	uint8_t lines, old = uart->msr;

	if (uart->mcr & UART_MCR_LOOP) {
		lines = (uint8_t)((uart->mcr & UART_MCR_RTS ? UART_MSR_CTS : 0) |
				  (uart->mcr & UART_MCR_DTR ? UART_MSR_DSR : 0) |
				  (uart->mcr & UART_MCR_OUT1 ? UART_MSR_RI : 0) |
				  (uart->mcr & UART_MCR_OUT2 ? UART_MSR_DCD : 0));
	} else {
		lines = UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD;
	}
	uart->msr = (uint8_t)(lines | (old & 0x0f));
	if ((old ^ lines) & UART_MSR_CTS)
		uart->msr |= UART_MSR_DCTS;
	if ((old ^ lines) & UART_MSR_DSR)
		uart->msr |= UART_MSR_DDSR;
	if ((old & UART_MSR_RI) && !(lines & UART_MSR_RI))
		uart->msr |= UART_MSR_TERI;
	if ((old ^ lines) & UART_MSR_DCD)
		uart->msr |= UART_MSR_DDCD;
}

static void fifo_clear(struct uart *uart)
{
	uart->fifo_head = 0;
	uart->fifo_count = 0;
	uart->lsr &= (uint8_t)~UART_LSR_DR;
}

/* One byte into the receiver; a full one overruns (the byte is lost). */
static void fifo_push(struct uart *uart, uint8_t byte)
{
	if (uart->fifo_count >= fifo_capacity(uart)) {
		uart->lsr |= UART_LSR_OE;
		return;
	}
	uart->fifo[(uart->fifo_head + uart->fifo_count) % UART_FIFO_BYTES] = byte;
	uart->fifo_count++;
	uart->lsr |= UART_LSR_DR;
}

static uint8_t fifo_pop(struct uart *uart)
{
	uint8_t byte;

	if (!uart->fifo_count)
		return 0;
	byte = uart->fifo[uart->fifo_head];
	uart->fifo_head = (uart->fifo_head + 1) % UART_FIFO_BYTES;
	if (--uart->fifo_count == 0)
		uart->lsr &= (uint8_t)~UART_LSR_DR;
	return byte;
}

size_t uart_can_receive(const struct uart *uart)
{
	if (uart->mcr & UART_MCR_LOOP)
		return 0;
	return fifo_capacity(uart) - uart->fifo_count;
}

size_t uart_receive(struct uart *uart, const uint8_t *bytes, size_t len)
{
	size_t room = uart_can_receive(uart), n = len < room ? len : room;

	for (size_t i = 0; i < n; i++)
		fifo_push(uart, bytes[i]);
	irq_update(uart);
	return n;
}

static void transmit(struct uart *uart, uint8_t byte)
{
	if (uart->mcr & UART_MCR_LOOP)
		fifo_push(uart, byte);
	else
		platform_serial_out(uart->ops, uart->index, &byte, 1);
	uart->thr_pending = true; /* the transmitter is empty again at once */
}

static uint8_t register_read(struct uart *uart, unsigned reg)
{
	uint8_t value;

	switch (reg) {
	case UART_RBR:
		if (uart->lcr & UART_LCR_DLAB)
			return (uint8_t)uart->divisor;
		return fifo_pop(uart);
	case UART_IER:
		if (uart->lcr & UART_LCR_DLAB)
			return (uint8_t)(uart->divisor >> 8);
		return uart->ier;
	case UART_IIR:
		value = interrupt_id(uart);
		if (value == UART_IIR_THRI)
			uart->thr_pending = false;
		return (uint8_t)(value | (fifo_enabled(uart) ? UART_IIR_FIFOS : 0));
	case UART_LCR:
		return uart->lcr;
	case UART_MCR:
		return uart->mcr;
	case UART_LSR:
		value = uart->lsr;
		uart->lsr &= (uint8_t) ~(UART_LSR_OE | UART_LSR_BI);
		return value;
	case UART_MSR:
		value = uart->msr;
		uart->msr &= 0xf0;
		return value;
	default:
		return uart->scr;
	}
}

static void fifo_control_write(struct uart *uart, uint8_t value)
{
	uint8_t fcr = value & UART_FCR_ENABLE ? (uint8_t)(value & 0xc9) : 0;

	if ((fcr ^ uart->fcr) & UART_FCR_ENABLE)
		fifo_clear(uart);
	if (value & UART_FCR_CLEAR_RCVR)
		fifo_clear(uart);
	uart->fcr = fcr;
}

static void register_write(struct uart *uart, unsigned reg, uint8_t value)
{
	uint8_t old;

	switch (reg) {
	case UART_RBR:
		if (uart->lcr & UART_LCR_DLAB)
			uart->divisor = (uint16_t)((uart->divisor & 0xff00) | value);
		else
			transmit(uart, value);
		break;
	case UART_IER:
		if (uart->lcr & UART_LCR_DLAB) {
			uart->divisor = (uint16_t)((uart->divisor & 0x00ff) | value << 8);
			break;
		}
		old = uart->ier;
		uart->ier = value & 0x0f;
		if ((old ^ uart->ier) & UART_IER_THRI)
			uart->thr_pending = (uart->ier & UART_IER_THRI) != 0;
		break;
	case UART_IIR:
		fifo_control_write(uart, value);
		break;
	case UART_LCR:
		uart->lcr = value;
		break;
	case UART_MCR:
		uart->mcr = value & 0x1f;
		modem_update(uart);
		break;
	case UART_SCR:
		uart->scr = value;
		break;
	default: /* LSR and MSR: factory test registers, read-only here */
		break;
	}
}

static uint64_t ports_read(void *dev, uint64_t offset, unsigned size)
{
	struct uart *uart = dev;
	uint64_t value = 0;

	for (unsigned i = 0; i < size && offset + i < UART_PORTS; i++)
		value |= (uint64_t)register_read(uart, (unsigned)(offset + i)) << (8 * i);
	irq_update(uart);
	return value;
}

static void ports_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct uart *uart = dev;

	for (unsigned i = 0; i < size && offset + i < UART_PORTS; i++)
		register_write(uart, (unsigned)(offset + i), (uint8_t)(value >> (8 * i)));
	irq_update(uart);
}

int uart_init(struct uart *uart, unsigned index, struct io_bus *io, const struct platform_ops *ops)
{
	uint16_t base;
	unsigned irq;

	if (uart_isa_resources(index, &base, &irq) < 0)
		return -EINVAL;
	memset(uart, 0, sizeof(*uart));
	uart->ops = ops;
	uart->index = index;
	uart->irq = irq;
	uart->lsr = UART_LSR_THRE | UART_LSR_TEMT;
	uart->divisor = 12; /* 9600 baud */
	modem_update(uart);
	uart->msr &= 0xf0; /* no change seen yet */
	uart->ports = (struct io_region){ "uart",     IO_SPACE_PORT, base, UART_PORTS,
					  ports_read, ports_write,   uart, NULL };
	return io_bus_add(io, &uart->ports);
}
