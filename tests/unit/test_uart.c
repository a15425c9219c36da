/* apps/ioemu/uart: the 16550A as Linux's 8250 probe and driver and
 * SeaBIOS use it. */
#include "apps/ioemu/uart.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/platform_recorder.h"

struct rig {
	struct platform_recorder rec;
	struct platform_ops ops;
	struct io_bus io;
	struct uart uart;
};

enum { COM1 = 0x3f8 };

static void rig_init(struct rig *g)
{
	platform_recorder_init(&g->rec, &g->ops);
	io_bus_init(&g->io, NULL);
	CHECK_INT(uart_init(&g->uart, 0, &g->io, &g->ops), 0);
}

static uint8_t in(struct rig *g, unsigned reg)
{
	return (uint8_t)port_in(&g->io, (uint16_t)(COM1 + reg), 1);
}

static void out(struct rig *g, unsigned reg, uint8_t value)
{
	port_out(&g->io, (uint16_t)(COM1 + reg), 1, value);
}

TEST(uart_isa_resources)
{
	uint16_t base;
	unsigned irq;
	struct io_bus io;
	static struct uart u;
	struct platform_ops ops = { 0 };

	CHECK_INT(uart_isa_resources(1, &base, &irq), 0);
	CHECK_INT(base, 0x2f8);
	CHECK_INT(irq, 3);
	CHECK_INT(uart_isa_resources(3, &base, &irq), 0);
	CHECK_INT(base, 0x2e8);
	CHECK_INT(uart_isa_resources(4, &base, &irq), -EINVAL);
	io_bus_init(&io, NULL);
	CHECK_INT(uart_init(&u, 4, &io, &ops), -EINVAL);
	CHECK_INT(uart_init(&u, 2, &io, &ops), 0);
	CHECK(io_bus_find(&io, IO_SPACE_PORT, 0x3ef) == &u.ports);
}

TEST(uart_linux_autoconfig)
{
	static struct rig g;
	uint8_t save_mcr;

	rig_init(&g);
	/* The IER test. */
	out(&g, UART_IER, 0);
	CHECK_INT(in(&g, UART_IER) & 0x0f, 0);
	out(&g, UART_IER, 0x0f);
	CHECK_INT(in(&g, UART_IER) & 0x0f, 0x0f);
	out(&g, UART_IER, 0);
	/* The loopback test: RTS and OUT2 come back as CTS and DCD. */
	save_mcr = in(&g, UART_MCR);
	out(&g, UART_MCR, UART_MCR_LOOP | 0x0a);
	CHECK_INT(in(&g, UART_MSR) & 0xf0, 0x90);
	out(&g, UART_MCR, save_mcr);
	/* FIFOs: a 16550A says so in IIR bits 7:6. */
	out(&g, UART_IIR, UART_FCR_ENABLE);
	CHECK_INT(in(&g, UART_IIR) >> 6, 3);
	/* No EFR behind LCR 0xbf, no 16750 (bit 5 of IIR never set). */
	out(&g, UART_LCR, 0xbf);
	CHECK(in(&g, UART_IIR) != 0);
	out(&g, UART_LCR, 0x80);
	out(&g, UART_IIR, UART_FCR_ENABLE | 0x20);
	CHECK_INT(in(&g, UART_IIR) >> 5, 6);
	out(&g, UART_LCR, 0);
	CHECK_INT(in(&g, UART_IIR) >> 5, 6);
	/* No XScale UUE bit. */
	out(&g, UART_IER, 0x40);
	CHECK_INT(in(&g, UART_IER), 0);
	/* Scratch. */
	out(&g, UART_SCR, 0xa5);
	CHECK_INT(in(&g, UART_SCR), 0xa5);
	/* The divisor behind DLAB; IER untouched by it. */
	out(&g, UART_IER, 0x05);
	out(&g, UART_LCR, UART_LCR_DLAB | 0x03);
	out(&g, UART_RBR, 0x01);
	out(&g, UART_IER, 0x00);
	CHECK_INT(in(&g, UART_RBR), 0x01);
	CHECK_INT(in(&g, UART_IER), 0x00);
	CHECK_INT(g.uart.divisor, 1);
	out(&g, UART_LCR, 0x03);
	CHECK_INT(in(&g, UART_IER), 0x05);
	CHECK_INT(in(&g, UART_LCR), 0x03);
	CHECK_INT(g.rec.serial_len[0], 0); /* the divisor went nowhere */
}

TEST(uart_thre_interrupt)
{
	static struct rig g;

	rig_init(&g);
	CHECK_INT(in(&g, UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
	CHECK_INT(in(&g, UART_IIR), UART_IIR_NO_INT);
	/* Enabling THRI with the transmitter empty interrupts at once
	 * (Linux's UART_BUG_TXEN and UART_BUG_THRE checks). */
	out(&g, UART_IER, UART_IER_THRI);
	CHECK(g.rec.isa_irq[4]);
	CHECK_INT(in(&g, UART_IIR), UART_IIR_THRI);
	/* Reading IIR cleared it. */
	CHECK(!g.rec.isa_irq[4]);
	CHECK_INT(in(&g, UART_IIR), UART_IIR_NO_INT);
	out(&g, UART_IER, 0);
	out(&g, UART_IER, UART_IER_THRI);
	CHECK_INT(in(&g, UART_IIR), UART_IIR_THRI);
	/* A byte sent: out at once, and THRE pending again. */
	out(&g, UART_RBR, 'h');
	out(&g, UART_RBR, 'i');
	CHECK_INT(g.rec.serial_len[0], 2);
	CHECK(memcmp(g.rec.serial[0], "hi", 2) == 0);
	CHECK(g.rec.isa_irq[4]);
	CHECK_INT(in(&g, UART_LSR) & (UART_LSR_THRE | UART_LSR_TEMT),
		  UART_LSR_THRE | UART_LSR_TEMT);
	CHECK_INT(in(&g, UART_IIR), UART_IIR_THRI);
	/* THRI off: no interrupt however many bytes. */
	out(&g, UART_IER, 0);
	out(&g, UART_RBR, '!');
	CHECK_INT(in(&g, UART_IIR), UART_IIR_NO_INT);
	CHECK(!g.rec.isa_irq[4]);
}

TEST(uart_receive_and_fifo)
{
	static struct rig g;
	const uint8_t text[20] = "0123456789abcdefghij";

	rig_init(&g);
	/* No FIFO: one byte at a time. */
	CHECK_INT(uart_can_receive(&g.uart), 1);
	CHECK_INT(uart_receive(&g.uart, text, 3), 1);
	CHECK_INT(in(&g, UART_LSR) & UART_LSR_DR, UART_LSR_DR);
	CHECK(!g.rec.isa_irq[4]);
	out(&g, UART_IER, UART_IER_RDI);
	CHECK(g.rec.isa_irq[4]);
	CHECK_INT(in(&g, UART_IIR), UART_IIR_RDI);
	CHECK_INT(in(&g, UART_RBR), '0');
	CHECK(!g.rec.isa_irq[4]);
	CHECK_INT(in(&g, UART_LSR) & UART_LSR_DR, 0);
	/* FIFO with trigger level 8: a timeout below it, data at it. */
	out(&g, UART_IIR, UART_FCR_ENABLE | UART_FCR_CLEAR_RCVR | 0x80);
	CHECK_INT(uart_can_receive(&g.uart), 16);
	CHECK_INT(uart_receive(&g.uart, text, 20), 16);
	CHECK_INT(uart_can_receive(&g.uart), 0);
	CHECK_INT(in(&g, UART_IIR), 0xc0 | UART_IIR_RDI);
	for (int i = 0; i < 10; i++)
		CHECK_INT(in(&g, UART_RBR), text[i]);
	CHECK_INT(in(&g, UART_IIR), 0xc0 | UART_IIR_TIMEOUT);
	/* The FIFO clear empties it. */
	out(&g, UART_IIR, UART_FCR_ENABLE | UART_FCR_CLEAR_RCVR);
	CHECK_INT(in(&g, UART_LSR) & UART_LSR_DR, 0);
	CHECK_INT(in(&g, UART_IIR), 0xc0 | UART_IIR_NO_INT);
	CHECK(!g.rec.isa_irq[4]);
	/* An empty receiver reads 0. */
	CHECK_INT(in(&g, UART_RBR), 0);
}

TEST(uart_loopback_and_overrun)
{
	static struct rig g;

	rig_init(&g);
	out(&g, UART_MCR, UART_MCR_LOOP);
	CHECK_INT(uart_can_receive(&g.uart), 0);
	out(&g, UART_RBR, 'a');
	CHECK_INT(g.rec.serial_len[0], 0); /* not on the line */
	CHECK_INT(in(&g, UART_LSR) & UART_LSR_DR, UART_LSR_DR);
	/* Without a FIFO a second byte overruns: line status interrupt. */
	out(&g, UART_IER, UART_IER_RLSI);
	out(&g, UART_RBR, 'b');
	CHECK(g.rec.isa_irq[4]);
	CHECK_INT(in(&g, UART_IIR), UART_IIR_RLSI);
	CHECK_INT(in(&g, UART_LSR) & UART_LSR_OE, UART_LSR_OE);
	CHECK_INT(in(&g, UART_LSR) & UART_LSR_OE, 0); /* cleared by the read */
	CHECK(!g.rec.isa_irq[4]);
	CHECK_INT(in(&g, UART_RBR), 'a');
	/* The modem lines follow MCR, with their deltas. */
	in(&g, UART_MSR);
	out(&g, UART_MCR, UART_MCR_LOOP | UART_MCR_DTR | UART_MCR_OUT1);
	CHECK_INT(in(&g, UART_MSR), UART_MSR_DSR | UART_MSR_RI | UART_MSR_DDSR);
	out(&g, UART_IER, UART_IER_MSI);
	out(&g, UART_MCR, UART_MCR_LOOP | UART_MCR_DTR);
	CHECK_INT(in(&g, UART_IIR), UART_IIR_MSI);
	CHECK_INT(in(&g, UART_MSR), UART_MSR_DSR | UART_MSR_TERI);
	CHECK_INT(in(&g, UART_IIR), UART_IIR_NO_INT);
	/* Out of loopback: the console's lines. */
	out(&g, UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	CHECK_INT(in(&g, UART_MSR) & 0xf0, UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD);
	out(&g, UART_RBR, 'z');
	CHECK_INT(g.rec.serial_len[0], 1);
	/* A word write takes two registers: THR then IER. */
	port_out(&g.io, COM1, 2, 0x0041);
	CHECK_INT(g.rec.serial[0][1], 'A');
	CHECK_INT(in(&g, UART_IER), 0);
}
