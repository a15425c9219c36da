/*
 * A struct platform_ops (apps/ioemu/platform_ops.h) that records what the
 * device models asked for, for the ioemu platform tests: interrupt lines,
 * link routes, shutdowns, unplugs, video RAM placement, serial output and log lines; and port
 * accesses through an I/O bus as Xen's requests would make them.
 */
#ifndef TESTS_UNIT_PLATFORM_RECORDER_H
#define TESTS_UNIT_PLATFORM_RECORDER_H

#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/platform_ops.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct platform_recorder {
	bool isa_irq[16];
	unsigned isa_irq_calls;
	bool intx[32][4];
	unsigned intx_calls;
	int link_route[4]; /* -1: never set */
	unsigned link_route_calls;
	unsigned poweroffs, reboots;
	unsigned unplug_mask, unplug_calls;
	int rom_readonly; /* -1: never set */
	unsigned place_vram_calls;
	bool vram_placed;
	uint64_t vram_at;
	uint8_t serial[4][256];
	size_t serial_len[4];
	char guest_log[256];
	unsigned guest_log_lines;
	char log[256];
	unsigned log_lines;
	int fail_with; /* each entry returns this (0: success) */
};

/* Clears rec and points ops at it. */
void platform_recorder_init(struct platform_recorder *rec, struct platform_ops *ops);

/* An inline port read or write of size bytes through bus->dispatch. */
uint64_t port_in(struct io_bus *bus, uint16_t port, unsigned size);
void port_out(struct io_bus *bus, uint16_t port, unsigned size, uint64_t value);

#endif
