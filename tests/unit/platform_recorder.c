/* The recording platform ops (see platform_recorder.h). */
#include "tests/unit/platform_recorder.h"

#include <stdio.h>
#include <string.h>

static int set_isa_irq_level(void *ctx, unsigned irq, bool level)
{
	struct platform_recorder *rec = ctx;

	rec->isa_irq[irq & 15] = level;
	rec->isa_irq_calls++;
	return rec->fail_with;
}

static int set_pci_intx_level(void *ctx, unsigned segment, unsigned bus, unsigned device,
			      unsigned intx, bool level)
{
	struct platform_recorder *rec = ctx;

	if (segment == 0 && bus == 0)
		rec->intx[device & 31][intx & 3] = level;
	rec->intx_calls++;
	return rec->fail_with;
}

static int set_pci_link_route(void *ctx, unsigned link, unsigned isa_irq)
{
	struct platform_recorder *rec = ctx;

	rec->link_route[link & 3] = (int)isa_irq;
	rec->link_route_calls++;
	return rec->fail_with;
}

static int shutdown(void *ctx, enum platform_shutdown how)
{
	struct platform_recorder *rec = ctx;

	if (how == PLATFORM_REBOOT)
		rec->reboots++;
	else
		rec->poweroffs++;
	return rec->fail_with;
}

static int unplug(void *ctx, unsigned mask)
{
	struct platform_recorder *rec = ctx;

	rec->unplug_mask |= mask;
	rec->unplug_calls++;
	return rec->fail_with;
}

static int set_rom_area_readonly(void *ctx, bool readonly)
{
	struct platform_recorder *rec = ctx;

	if (rec->fail_with == 0)
		rec->rom_readonly = readonly;
	return rec->fail_with;
}

static int place_vram(void *ctx, bool placed, uint64_t gpa)
{
	struct platform_recorder *rec = ctx;

	rec->place_vram_calls++;
	if (rec->fail_with == 0) {
		rec->vram_placed = placed;
		rec->vram_at = placed ? gpa : 0;
	}
	return rec->fail_with;
}

static void serial_out(void *ctx, unsigned port_index, const uint8_t *bytes, size_t len)
{
	struct platform_recorder *rec = ctx;
	unsigned p = port_index & 3;

	for (size_t i = 0; i < len && rec->serial_len[p] < sizeof(rec->serial[p]); i++)
		rec->serial[p][rec->serial_len[p]++] = bytes[i];
}

static void guest_log(void *ctx, const char *line)
{
	struct platform_recorder *rec = ctx;

	snprintf(rec->guest_log, sizeof(rec->guest_log), "%s", line);
	rec->guest_log_lines++;
}

static void log_message(void *ctx, const char *message)
{
	struct platform_recorder *rec = ctx;

	snprintf(rec->log, sizeof(rec->log), "%s", message);
	rec->log_lines++;
}

void platform_recorder_init(struct platform_recorder *rec, struct platform_ops *ops)
{
	memset(rec, 0, sizeof(*rec));
	for (unsigned i = 0; i < 4; i++)
		rec->link_route[i] = -1;
	rec->rom_readonly = -1;
	*ops = (struct platform_ops){ .ctx = rec,
				      .set_isa_irq_level = set_isa_irq_level,
				      .set_pci_intx_level = set_pci_intx_level,
				      .set_pci_link_route = set_pci_link_route,
				      .shutdown = shutdown,
				      .unplug = unplug,
				      .set_rom_area_readonly = set_rom_area_readonly,
				      .place_vram = place_vram,
				      .serial_out = serial_out,
				      .guest_log = guest_log,
				      .log = log_message };
}

uint64_t port_in(struct io_bus *bus, uint16_t port, unsigned size)
{
	struct ioreq_req r = {
		.type = IOREQ_TYPE_PIO, .read = true, .size = size, .count = 1, .addr = port
	};
	uint64_t data = 0xdeadbeef;

	io_bus_dispatch(bus, &r, &data);
	return data;
}

void port_out(struct io_bus *bus, uint16_t port, unsigned size, uint64_t value)
{
	struct ioreq_req r = {
		.type = IOREQ_TYPE_PIO, .size = size, .count = 1, .addr = port, .data = value
	};
	uint64_t data = 0;

	io_bus_dispatch(bus, &r, &data);
}
