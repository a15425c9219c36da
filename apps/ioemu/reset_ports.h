/*
 * The two reset ports of the PC: port 0x92 (system control port A: bit 0
 * going from 0 to 1 is a fast reset; bit 1, the A20 gate, is storage:
 * Xen's guests always have A20 on) and the PIIX3's reset control register
 * at 0xcf9 (bit 2, RST_CPU, resets; bits 1, SYS_RST, and 3, FULL_RST, say
 * how and are kept). A reset of a Xen HVM guest is a reboot of the domain
 * (XEN_DMOP_remote_shutdown with SHUTDOWN_reboot); the toolstack then
 * builds it again, with a new device model. 0xcf9 sits inside the host
 * bridge's configuration address dword at 0xcf8, so its port window is
 * pci_host_ports' (which calls the reset control functions below); port
 * 0x92 is put on the bus here.
 */
#ifndef APPS_IOEMU_RESET_PORTS_H
#define APPS_IOEMU_RESET_PORTS_H

#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/platform_ops.h"

#include <stdint.h>

enum {
	SYSTEM_CONTROL_PORT_A = 0x92,
	SYSTEM_CONTROL_FAST_RESET = 0x01,
	SYSTEM_CONTROL_A20 = 0x02,
	RESET_CONTROL_PORT = 0xcf9,
	RESET_CONTROL_SYS_RST = 0x02,
	RESET_CONTROL_RST_CPU = 0x04,
	RESET_CONTROL_FULL_RST = 0x08,
};

struct reset_ports {
	struct io_region port_a;
	const struct platform_ops *ops;
	uint8_t port_a_value, reset_control_value;
};

/* Puts port 0x92 on io: 0 or io_bus_add's error. */
int reset_ports_init(struct reset_ports *reset, struct io_bus *io, const struct platform_ops *ops);

/* The reset control register's byte: what a read gives, and a write. */
uint8_t reset_control_read(const struct reset_ports *reset);
void reset_control_write(struct reset_ports *reset, uint8_t value);

#endif
