/*
 * The I/O bus (see io_bus.h): a list of regions searched per access (a
 * handful of devices: no index needed), and the loop of a repeated access
 * through guest memory, bounded before it starts.
 */
#include "apps/ioemu/io_bus.h"

#include "lib/errno.h"

#include <string.h>

void io_bus_init(struct io_bus *bus, const struct guest_memory *mem)
{
	memset(bus, 0, sizeof(*bus));
	bus->mem = mem;
}

static uint64_t space_end(enum io_space space)
{
	return space == IO_SPACE_PORT ? 0x10000 : UINT64_C(1) << 52;
}

static void notify(struct io_bus *bus, const struct io_region *r, bool added)
{
	if (bus->listener && bus->listener->changed(bus->listener->ctx, r, added) < 0)
		bus->listener_failures++;
}

int io_bus_add(struct io_bus *bus, struct io_region *r)
{
	if (!r->size || r->base >= space_end(r->space) || r->size > space_end(r->space) - r->base ||
	    !r->read || !r->write)
		return -EINVAL;
	for (struct io_region *o = bus->regions; o; o = o->next)
		if (o->space == r->space && r->base < o->base + o->size &&
		    o->base < r->base + r->size)
			return -EEXIST;
	r->next = bus->regions;
	bus->regions = r;
	notify(bus, r, true);
	return 0;
}

int io_bus_remove(struct io_bus *bus, struct io_region *r)
{
	for (struct io_region **p = &bus->regions; *p; p = &(*p)->next)
		if (*p == r) {
			*p = r->next;
			r->next = NULL;
			notify(bus, r, false);
			return 0;
		}
	return -ENOENT;
}

int io_bus_move(struct io_bus *bus, struct io_region *r, uint64_t base)
{
	io_bus_remove(bus, r); /* -ENOENT: it was not decoded: nothing to take off */
	r->base = base;
	return io_bus_add(bus, r);
}

void io_bus_set_listener(struct io_bus *bus, const struct io_bus_listener *listener)
{
	bus->listener = listener;
}

struct io_region *io_bus_find(struct io_bus *bus, enum io_space space, uint64_t addr)
{
	for (struct io_region *r = bus->regions; r; r = r->next)
		if (r->space == space && addr >= r->base && addr - r->base < r->size)
			return r;
	return NULL;
}

static uint64_t mask(unsigned size)
{
	return size >= 8 ? ~UINT64_C(0) : (UINT64_C(1) << (size * 8)) - 1;
}

/* One access at addr; an access that runs past its region's end is
 * cut to the region (the part beyond reads as ones). */
static uint64_t access_one(struct io_bus *bus, enum io_space space, uint64_t addr, unsigned size,
			   bool read, uint64_t value)
{
	struct io_region *r = io_bus_find(bus, space, addr);

	if (!r || size > r->size || addr - r->base > r->size - size) {
		bus->unclaimed++;
		return mask(size);
	}
	if (read)
		return r->read(r->dev, addr - r->base, size) & mask(size);
	r->write(r->dev, addr - r->base, size, value & mask(size));
	return 0;
}

static int refuse(struct io_bus *bus, const char *why)
{
	bus->refused++;
	bus->last_refusal = why;
	return -EINVAL;
}

int io_bus_dispatch(struct io_bus *bus, const struct ioreq_req *req, uint64_t *data)
{
	enum io_space space;
	uint64_t step;

	if (req->type == IOREQ_TYPE_PIO)
		space = IO_SPACE_PORT;
	else if (req->type == IOREQ_TYPE_COPY)
		space = IO_SPACE_MMIO;
	else
		return refuse(bus, "not a port or memory request");
	if ((uint64_t)req->count * req->size > IO_BUS_MAX_PTR_BYTES)
		return refuse(bus, "repeated access of more than a page");
	step = req->df ? -(uint64_t)req->size : req->size;
	if (!req->data_is_ptr) {
		uint64_t v = 0;

		if (req->count > 1 && space == IO_SPACE_PORT)
			return refuse(bus, "repeated port access without a pointer");
		for (uint32_t i = 0; i < req->count; i++)
			v = access_one(bus, space, req->addr + i * step, req->size, req->read,
				       req->data);
		if (req->read)
			*data = v;
		return 0;
	}
	if (!bus->mem)
		return refuse(bus, "repeated access with no guest memory");
	for (uint32_t i = 0; i < req->count; i++) {
		/* Ports stay where they are; memory moves with the data. */
		uint64_t addr = space == IO_SPACE_PORT ? req->addr : req->addr + i * step;
		uint64_t gpa = req->data + i * step;
		uint64_t v = 0;

		if (req->read) {
			v = access_one(bus, space, addr, req->size, true, 0);
			if (bus->mem->write(bus->mem->ctx, gpa, &v, req->size) < 0)
				return refuse(bus, "guest memory out of reach");
		} else {
			if (bus->mem->read(bus->mem->ctx, gpa, &v, req->size) < 0)
				return refuse(bus, "guest memory out of reach");
			access_one(bus, space, addr, req->size, false, v);
		}
	}
	return 0;
}
