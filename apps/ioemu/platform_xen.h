/*
 * The platform's ops (platform_ops.h) carried out in the stub domain:
 * interrupt lines, PCI link routes, ROM protection and shutdown through
 * Xen's device-model operations on the guest; the serial ports on the
 * stub's PV consoles (COMn on the console -serial named), with a bounded
 * buffer each so the loop never waits on a console nobody reads; the I/O
 * bus's regions claimed from Xen as they come and go; the device models'
 * messages logged at a rate a guest cannot raise (nor silence for good).
 */
#ifndef APPS_IOEMU_PLATFORM_XEN_H
#define APPS_IOEMU_PLATFORM_XEN_H

#include "apps/ioemu/dm_argv.h"
#include "apps/ioemu/io_bus.h"
#include "apps/ioemu/ioreq_server.h"
#include "apps/ioemu/platform_ops.h"

#include <stdint.h>

struct consfront;
struct poll_source;
struct machine;
struct vga_xen;

enum { PLATFORM_XEN_SERIAL_BUFFER = 4096 };

struct platform_xen {
	struct ioreq_server *srv;
	struct machine *machine;
	struct vga_xen *vga; /* the VGA's memory in the guest, when there is a VGA */
	struct serial_port {
		struct consfront *con;
		unsigned console;
		uint8_t pending[PLATFORM_XEN_SERIAL_BUFFER];
		size_t pending_len;
		unsigned long dropped;
	} serial[IOEMU_MAX_SERIAL];
	unsigned n_serial;
	/* the device models' messages: all, not logged, the budget left */
	unsigned long messages, messages_dropped;
	unsigned message_tokens;
	uint64_t message_refill_ns;
	struct platform_ops ops;
	struct io_bus_listener listener;
};

/* Fills px->ops and px->listener for srv's guest and opens the consoles
 * of cfg's serial ports (their events signal src). 0 or a negative errno
 * (logged). */
int platform_xen_open(struct platform_xen *px, struct ioreq_server *srv,
		      const struct ioemu_config *cfg, struct poll_source *src);

/* Registers m's PCI functions with the ioreq server and takes m for the
 * consoles' input. */
int platform_xen_attach(struct platform_xen *px, struct machine *m);

/* The consoles' events: pending output written, input given to the UARTs. */
void platform_xen_serial_poll(struct platform_xen *px);

#endif
