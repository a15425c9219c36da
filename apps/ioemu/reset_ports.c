/* Ports 0x92 and 0xcf9 (see reset_ports.h). Port 0x92 is a single byte:
 * wider accesses reach it through io_bus only when they fit, so its
 * handlers see offset 0 and size 1; 0xcf9 comes through pci_host_ports. */
#include "apps/ioemu/reset_ports.h"

static uint64_t port_a_read(void *dev, uint64_t offset, unsigned size)
{
	const struct reset_ports *reset = dev;

	(void)offset, (void)size; /* a single byte */
	return reset->port_a_value;
}

static void port_a_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct reset_ports *reset = dev;
	uint8_t old = reset->port_a_value;

	(void)offset, (void)size;
	reset->port_a_value = (uint8_t)value & (SYSTEM_CONTROL_FAST_RESET | SYSTEM_CONTROL_A20);
	if ((value & SYSTEM_CONTROL_FAST_RESET) && !(old & SYSTEM_CONTROL_FAST_RESET))
		platform_shutdown(reset->ops, PLATFORM_REBOOT);
}

uint8_t reset_control_read(const struct reset_ports *reset)
{
	return reset->reset_control_value;
}

void reset_control_write(struct reset_ports *reset, uint8_t value)
{
	reset->reset_control_value =
		(uint8_t)value & (RESET_CONTROL_SYS_RST | RESET_CONTROL_FULL_RST);
	if (value & RESET_CONTROL_RST_CPU)
		platform_shutdown(reset->ops, PLATFORM_REBOOT);
}

int reset_ports_init(struct reset_ports *reset, struct io_bus *io, const struct platform_ops *ops)
{
	*reset = (struct reset_ports){ .ops = ops };
	reset->port_a = (struct io_region){ "port-92", IO_SPACE_PORT, SYSTEM_CONTROL_PORT_A,
					    1,	       port_a_read,   port_a_write,
					    reset,     NULL };
	return io_bus_add(io, &reset->port_a);
}
