/*
 * Where the guest's port and memory accesses go: regions of the I/O port
 * space and of guest-physical memory (MMIO), each with the device that
 * answers it, and the dispatch of one I/O request to them: a single
 * access, or a repeated one whose data lives in guest memory (rep
 * ins/outs, string moves to and from MMIO), read and written through the
 * guest-memory interface given. Pure: guest memory is an interface, so
 * unit tests and fuzzers drive it on the host. Accesses nobody claims read
 * as all ones and are dropped on write.
 */
#ifndef APPS_IOEMU_IO_BUS_H
#define APPS_IOEMU_IO_BUS_H

#include "apps/ioemu/ioreq.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum io_space { IO_SPACE_PORT, IO_SPACE_MMIO };

struct io_region {
	const char *name;
	enum io_space space;
	uint64_t base, size;
	/* offset within the region; size 1, 2, 4 or 8 (ports: at most 4) */
	uint64_t (*read)(void *dev, uint64_t offset, unsigned size);
	void (*write)(void *dev, uint64_t offset, unsigned size, uint64_t value);
	void *dev;
	struct io_region *next; /* the bus's list */
};

/* The guest's RAM as a device model reaches it: 0 or a negative errno
 * (an address outside the guest's memory gives -EFAULT). */
struct guest_memory {
	int (*read)(void *ctx, uint64_t gpa, void *buf, size_t len);
	int (*write)(void *ctx, uint64_t gpa, const void *buf, size_t len);
	void *ctx;
};

/* A request's data in guest memory is at most this many bytes: Xen keeps
 * a repeated access within one page; more is refused. */
enum { IO_BUS_MAX_PTR_BYTES = 4096 };

/* Told of every region added to or removed from a bus, so that the glue
 * can claim (or give back) its range with Xen. A failure is counted in
 * the bus's listener_failures; the bus itself has changed either way. */
struct io_bus_listener {
	int (*changed)(void *ctx, const struct io_region *r, bool added);
	void *ctx;
};

struct io_bus {
	struct io_region *regions;
	const struct guest_memory *mem;
	const struct io_bus_listener *listener;
	unsigned long unclaimed, refused, listener_failures;
	const char *last_refusal; /* static text */
};

void io_bus_init(struct io_bus *bus, const struct guest_memory *mem);

/* Adds region r (kept by the caller). -EINVAL for an empty region, one
 * past the end of its space or a port region above 0xffff; -EEXIST when it
 * overlaps one already there. */
int io_bus_add(struct io_bus *bus, struct io_region *r);

/* Removes region r; -ENOENT when it is not on the bus. */
int io_bus_remove(struct io_bus *bus, struct io_region *r);

/* Moves region r to base: removed (when it is on the bus), then added at
 * base. When it cannot go there (-EINVAL, -EEXIST: see io_bus_add), it is
 * left off the bus and the error returned. */
int io_bus_move(struct io_bus *bus, struct io_region *r, uint64_t base);

/* Sets (or with NULL, clears) the listener told of later changes. */
void io_bus_set_listener(struct io_bus *bus, const struct io_bus_listener *listener);

/* The region holding addr in space, or NULL. */
struct io_region *io_bus_find(struct io_bus *bus, enum io_space space, uint64_t addr);

/*
 * Carries out a port (IOREQ_TYPE_PIO) or memory (IOREQ_TYPE_COPY) request.
 * A read with its value inline sets *data. A memory request repeated
 * without a pointer (Xen's rep stos) stores data at each of the count
 * items' addresses (a read reads each and gives the last). With data_is_ptr, each of the
 * count items goes between the device and guest memory at data (going
 * down when df); a range of more than IO_BUS_MAX_PTR_BYTES, or guest
 * memory that cannot be reached, refuses the rest of the request (counted,
 * with bus->last_refusal saying why). Returns 0, or -EINVAL when refused.
 */
int io_bus_dispatch(struct io_bus *bus, const struct ioreq_req *req, uint64_t *data);

#endif
