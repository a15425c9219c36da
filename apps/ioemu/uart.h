/*
 * A 16550A UART on ISA ports (COM1 0x3f8 IRQ 4, COM2 0x2f8 IRQ 3, COM3
 * 0x3e8 IRQ 4, COM4 0x2e8 IRQ 3, as QEMU's PC has them): the eight
 * registers with the divisor latch behind LCR's DLAB, a 16-byte receive
 * FIFO with its trigger level, the interrupt causes in their priority
 * order (line status, received data or character timeout, transmitter
 * empty, modem status) on an ISA IRQ, the scratch register, and loopback
 * (MCR bit 4: what is sent comes back, the modem lines follow MCR) as
 * Linux's 8250 probe tests it. The transmitter never holds a byte: each
 * one goes out at once (the line runs at any speed), so THRE and TEMT
 * stay set and the THRE interrupt is pending again after every write, and
 * whenever IER enables it, as a real 16550 does.
 */
#ifndef APPS_IOEMU_UART_H
#define APPS_IOEMU_UART_H

#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/platform_ops.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { UART_FIFO_BYTES = 16, UART_PORTS = 8 };

enum {
	UART_RBR = 0, /* read: receive buffer; write: THR; DLAB: divisor low */
	UART_IER = 1, /* DLAB: divisor high */
	UART_IIR = 2, /* read: interrupt identification; write: FCR */
	UART_LCR = 3,
	UART_MCR = 4,
	UART_LSR = 5,
	UART_MSR = 6,
	UART_SCR = 7,
};

enum {
	UART_IER_RDI = 0x01,
	UART_IER_THRI = 0x02,
	UART_IER_RLSI = 0x04,
	UART_IER_MSI = 0x08,
	UART_IIR_NO_INT = 0x01,
	UART_IIR_MSI = 0x00,
	UART_IIR_THRI = 0x02,
	UART_IIR_RDI = 0x04,
	UART_IIR_RLSI = 0x06,
	UART_IIR_TIMEOUT = 0x0c,
	UART_IIR_FIFOS = 0xc0,
	UART_FCR_ENABLE = 0x01,
	UART_FCR_CLEAR_RCVR = 0x02,
	UART_FCR_CLEAR_XMIT = 0x04,
	UART_LCR_DLAB = 0x80,
	UART_MCR_DTR = 0x01,
	UART_MCR_RTS = 0x02,
	UART_MCR_OUT1 = 0x04,
	UART_MCR_OUT2 = 0x08,
	UART_MCR_LOOP = 0x10,
	UART_LSR_DR = 0x01,
	UART_LSR_OE = 0x02,
	UART_LSR_BI = 0x10,
	UART_LSR_THRE = 0x20,
	UART_LSR_TEMT = 0x40,
	UART_MSR_DCTS = 0x01,
	UART_MSR_DDSR = 0x02,
	UART_MSR_TERI = 0x04,
	UART_MSR_DDCD = 0x08,
	UART_MSR_CTS = 0x10,
	UART_MSR_DSR = 0x20,
	UART_MSR_RI = 0x40,
	UART_MSR_DCD = 0x80,
};

struct uart {
	struct io_region ports;
	const struct platform_ops *ops;
	unsigned index, irq;
	uint8_t ier, lcr, mcr, lsr, msr, scr, fcr;
	uint16_t divisor;
	uint8_t fifo[UART_FIFO_BYTES];
	unsigned fifo_head, fifo_count;
	bool thr_pending;  /* the THRE interrupt, until IIR reports it or THR is written */
	bool irq_asserted; /* what Xen was last told */
};

/* The ports and IRQ of COMn (index n - 1: 0-3); -EINVAL beyond. */
int uart_isa_resources(unsigned index, uint16_t *base, unsigned *irq);

/* Sets up COM<index + 1> at its ISA ports and IRQ and puts it on io: 0,
 * -EINVAL for an index beyond COM4, or io_bus_add's error. */
int uart_init(struct uart *uart, unsigned index, struct io_bus *io, const struct platform_ops *ops);

/* How many bytes the UART takes now (room in its FIFO; none in loopback,
 * where the line is its own transmitter). */
size_t uart_can_receive(const struct uart *uart);

/* Bytes from the console into the receiver: takes at most
 * uart_can_receive() of them and returns how many it took. */
size_t uart_receive(struct uart *uart, const uint8_t *bytes, size_t len);

#endif
