/* apps/ioemu/io_bus: regions, single accesses, repeated accesses through
 * guest memory, and what is refused. */
#include "apps/ioemu/io_bus.h"
#include "lib/errno.h"
#include "tests/unit/check.h"

struct fake_dev {
	uint8_t regs[16];
	unsigned reads, writes;
	uint64_t last_offset;
};

static uint64_t dev_read(void *dev, uint64_t offset, unsigned size)
{
	struct fake_dev *d = dev;
	uint64_t v = 0;

	d->reads++;
	d->last_offset = offset;
	for (unsigned i = 0; i < size && offset + i < sizeof(d->regs); i++)
		v |= (uint64_t)d->regs[offset + i] << (8 * i);
	return v | 0xff00000000000000ull; /* bits beyond size are masked */
}

static void dev_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct fake_dev *d = dev;

	d->writes++;
	d->last_offset = offset;
	for (unsigned i = 0; i < size && offset + i < sizeof(d->regs); i++)
		d->regs[offset + i] = (uint8_t)(value >> (8 * i));
}

static uint8_t ram[8192];

static int ram_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	(void)ctx;
	if (gpa > sizeof(ram) || len > sizeof(ram) - gpa)
		return -EFAULT;
	memcpy(buf, &ram[gpa], len);
	return 0;
}

static int ram_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	(void)ctx;
	if (gpa > sizeof(ram) || len > sizeof(ram) - gpa)
		return -EFAULT;
	memcpy(&ram[gpa], buf, len);
	return 0;
}

static const struct guest_memory mem = { ram_read, ram_write, NULL };

static struct ioreq_req pio(uint64_t port, unsigned size, bool read, uint64_t data)
{
	struct ioreq_req r = { .type = IOREQ_TYPE_PIO,
			       .read = read,
			       .size = size,
			       .count = 1,
			       .addr = port,
			       .data = data };
	return r;
}

TEST(io_bus_regions)
{
	struct io_bus bus;
	struct fake_dev d;
	struct io_region a = { "a", IO_SPACE_PORT, 0x1f0, 8, dev_read, dev_write, &d, NULL };
	struct io_region b = { "b", IO_SPACE_PORT, 0x1f7, 2, dev_read, dev_write, &d, NULL };
	struct io_region c = { "c", IO_SPACE_MMIO, 0x1f0, 8, dev_read, dev_write, &d, NULL };
	struct io_region high = { "h", IO_SPACE_PORT, 0xfffe, 4, dev_read, dev_write, &d, NULL };
	struct io_region empty = { "e", IO_SPACE_PORT, 0x80, 0, dev_read, dev_write, &d, NULL };

	io_bus_init(&bus, &mem);
	CHECK_INT(io_bus_add(&bus, &a), 0);
	CHECK_INT(io_bus_add(&bus, &b), -EEXIST);
	CHECK_INT(io_bus_add(&bus, &c), 0); /* another space */
	CHECK_INT(io_bus_add(&bus, &high), -EINVAL);
	CHECK_INT(io_bus_add(&bus, &empty), -EINVAL);
	CHECK(io_bus_find(&bus, IO_SPACE_PORT, 0x1f7) == &a);
	CHECK(io_bus_find(&bus, IO_SPACE_PORT, 0x1f8) == NULL);
	CHECK(io_bus_find(&bus, IO_SPACE_MMIO, 0x1f0) == &c);
}

TEST(io_bus_single_accesses)
{
	struct io_bus bus;
	struct fake_dev d = { 0 };
	struct io_region a = { "a", IO_SPACE_PORT, 0x60, 5, dev_read, dev_write, &d, NULL };
	struct ioreq_req r;
	uint64_t data = 0;

	io_bus_init(&bus, &mem);
	CHECK_INT(io_bus_add(&bus, &a), 0);
	r = pio(0x61, 2, false, 0xabcd1234);
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), 0);
	CHECK_INT(d.regs[1], 0x34);
	CHECK_INT(d.regs[2], 0x12);
	CHECK_INT(d.regs[3], 0);
	r = pio(0x61, 2, true, 0);
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), 0);
	CHECK_INT(data, 0x1234);
	/* Unclaimed, and running past the region's end: all ones. */
	r = pio(0x80, 1, true, 0);
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), 0);
	CHECK_INT(data, 0xff);
	r = pio(0x63, 4, true, 0);
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), 0);
	CHECK_INT(data, 0xffffffff);
	CHECK_INT(bus.unclaimed, 2);
	r = pio(0x63, 4, false, 0);
	d.writes = 0;
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), 0);
	CHECK_INT(d.writes, 0);
	r.type = IOREQ_TYPE_PCI_CONFIG;
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), -EINVAL);
}

TEST(io_bus_repeated_through_guest_memory)
{
	struct io_bus bus;
	struct fake_dev d = { 0 };
	struct io_region port = { "p", IO_SPACE_PORT, 0x1f0, 2, dev_read, dev_write, &d, NULL };
	struct io_region mmio = { "m", IO_SPACE_MMIO, 0xa0000, 16, dev_read, dev_write, &d, NULL };
	struct ioreq_req r;
	uint64_t data = 0;

	io_bus_init(&bus, &mem);
	CHECK_INT(io_bus_add(&bus, &port), 0);
	CHECK_INT(io_bus_add(&bus, &mmio), 0);
	/* rep outsw from guest memory at 0x100 to port 0x1f0: 3 words. */
	ram[0x100] = 1, ram[0x101] = 2, ram[0x102] = 3, ram[0x103] = 4, ram[0x104] = 5;
	ram[0x105] = 6;
	r = pio(0x1f0, 2, false, 0x100);
	r.data_is_ptr = true;
	r.count = 3;
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), 0);
	CHECK_INT(d.writes, 3);
	CHECK_INT(d.regs[0], 5);
	CHECK_INT(d.regs[1], 6);
	/* rep insw going down (df): into 0x204, then 0x202. */
	r = pio(0x1f0, 2, true, 0x204);
	r.data_is_ptr = true;
	r.df = true;
	r.count = 2;
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), 0);
	CHECK_INT(ram[0x204], 5);
	CHECK_INT(ram[0x202], 5);
	CHECK_INT(ram[0x203], 6);
	/* A string move from guest memory to MMIO moves along the region. */
	for (int i = 0; i < 8; i++)
		ram[0x300 + i] = (uint8_t)(0x10 + i);
	r = (struct ioreq_req){ .type = IOREQ_TYPE_COPY,
				.size = 4,
				.count = 2,
				.addr = 0xa0004,
				.data = 0x300,
				.data_is_ptr = true };
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), 0);
	CHECK_INT(d.regs[4], 0x10);
	CHECK_INT(d.regs[11], 0x17);
	CHECK_INT(d.last_offset, 8);
}

TEST(io_bus_repeated_refusals)
{
	struct io_bus bus;
	struct fake_dev d = { 0 };
	struct io_region port = { "p", IO_SPACE_PORT, 0x1f0, 2, dev_read, dev_write, &d, NULL };
	struct ioreq_req r;
	uint64_t data = 0;

	io_bus_init(&bus, &mem);
	CHECK_INT(io_bus_add(&bus, &port), 0);
	r = pio(0x1f0, 4, true, 0);
	r.data_is_ptr = true;
	r.count = IO_BUS_MAX_PTR_BYTES / 4 + 1;
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), -EINVAL);
	CHECK_STR(bus.last_refusal, "repeated access of more than a page");
	CHECK_INT(d.reads, 0);
	/* The guest's memory ends at 8192: the third item is out of reach. */
	r.size = 2;
	r.count = 4;
	r.data = sizeof(ram) - 4;
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), -EINVAL);
	CHECK_STR(bus.last_refusal, "guest memory out of reach");
	CHECK_INT(d.reads, 3);
	/* Going down from 0 wraps to the top of the address space: refused. */
	r.count = 2;
	r.data = 0;
	r.df = true;
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), -EINVAL);
	CHECK_INT(bus.refused, 3);
	io_bus_init(&bus, NULL);
	CHECK_INT(io_bus_add(&bus, &port), 0);
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), -EINVAL);
	CHECK_STR(bus.last_refusal, "repeated access with no guest memory");
}

struct heard {
	unsigned added, removed;
	int rc;
};

static int hear(void *ctx, const struct io_region *r, bool added)
{
	struct heard *h = ctx;

	if (added)
		h->added++;
	else
		h->removed++;
	return h->rc;
}

TEST(io_bus_remove_move_and_listener)
{
	struct io_bus bus;
	struct fake_dev d = { 0 };
	struct io_region a = { "a", IO_SPACE_PORT, 0x100, 8, dev_read, dev_write, &d, NULL };
	struct io_region b = { "b", IO_SPACE_PORT, 0x200, 8, dev_read, dev_write, &d, NULL };
	struct heard h = { 0, 0, 0 };
	struct io_bus_listener l = { hear, &h };

	io_bus_init(&bus, &mem);
	io_bus_set_listener(&bus, &l);
	CHECK_INT(io_bus_add(&bus, &a), 0);
	CHECK_INT(io_bus_add(&bus, &b), 0);
	CHECK_INT(h.added, 2);
	CHECK_INT(io_bus_remove(&bus, &a), 0);
	CHECK_INT(io_bus_remove(&bus, &a), -ENOENT);
	CHECK_INT(h.removed, 1);
	CHECK(io_bus_find(&bus, IO_SPACE_PORT, 0x100) == NULL);
	CHECK(io_bus_find(&bus, IO_SPACE_PORT, 0x200) == &b);
	/* Moving a region not on the bus adds it; onto another one fails
	 * and leaves it off. */
	CHECK_INT(io_bus_move(&bus, &a, 0x300), 0);
	CHECK(io_bus_find(&bus, IO_SPACE_PORT, 0x307) == &a);
	CHECK_INT(io_bus_move(&bus, &a, 0x204), -EEXIST);
	CHECK(io_bus_find(&bus, IO_SPACE_PORT, 0x300) == NULL);
	CHECK(io_bus_find(&bus, IO_SPACE_PORT, 0x204) == &b);
	CHECK_INT(io_bus_move(&bus, &b, 0x204), 0); /* over itself */
	CHECK(io_bus_find(&bus, IO_SPACE_PORT, 0x20b) == &b);
	/* A listener's failure is counted; the bus has changed anyway. */
	h.rc = -EIO;
	CHECK_INT(io_bus_move(&bus, &a, 0x400), 0);
	CHECK_INT(bus.listener_failures, 1);
	CHECK(io_bus_find(&bus, IO_SPACE_PORT, 0x400) == &a);
	io_bus_set_listener(&bus, NULL);
	CHECK_INT(io_bus_remove(&bus, &a), 0);
	CHECK_INT(bus.listener_failures, 1);
}

/* Xen's rep stos into emulated memory: one value, count items, no
 * pointer; the same without a pointer on a port is refused. */
TEST(io_bus_repeated_store_without_pointer)
{
	struct io_bus bus;
	struct fake_dev d = { 0 };
	struct io_region mmio = { "m", IO_SPACE_MMIO, 0xa0000, 16, dev_read, dev_write, &d, NULL };
	struct io_region port = { "p", IO_SPACE_PORT, 0x1f0, 2, dev_read, dev_write, &d, NULL };
	struct ioreq_req r = {
		.type = IOREQ_TYPE_COPY, .size = 2, .count = 3, .addr = 0xa0002, .data = 0x0720
	};
	uint64_t data = 0;

	io_bus_init(&bus, &mem);
	CHECK_INT(io_bus_add(&bus, &mmio), 0);
	CHECK_INT(io_bus_add(&bus, &port), 0);
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), 0);
	CHECK_INT(d.writes, 3);
	CHECK_INT(d.regs[2], 0x20);
	CHECK_INT(d.regs[7], 0x07);
	CHECK_INT(d.regs[8], 0);
	/* Going down from 0xa000c: 0xa000c, 0xa000a. */
	r.df = true, r.count = 2, r.addr = 0xa000c, r.data = 0x1111;
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), 0);
	CHECK_INT(d.regs[12], 0x11);
	CHECK_INT(d.regs[10], 0x11);
	CHECK_INT(d.regs[8], 0);
	r = pio(0x1f0, 2, false, 0x55);
	r.count = 2;
	CHECK_INT(io_bus_dispatch(&bus, &r, &data), -EINVAL);
	CHECK_STR(bus.last_refusal, "repeated port access without a pointer");
}
