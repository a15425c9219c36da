/* apps/ioemu/ioreq: taking requests from a vCPU's slot and the buffered
 * ring, hostile contents refused. */
#include "apps/ioemu/ioreq.h"
#include "lib/errno.h"
#include "tests/unit/check.h"

static struct ioreq ready(uint8_t type, uint32_t size, uint64_t addr, uint32_t count)
{
	struct ioreq r = { .addr = addr, .data = 0x1234, .count = count, .size = size };

	r.type = type;
	r.dir = IOREQ_WRITE;
	r.state = STATE_IOREQ_READY;
	return r;
}

TEST(ioreq_take_and_answer)
{
	struct ioreq slot = { 0 };
	struct ioreq_req req;
	const char *why = "unset";

	CHECK_INT(ioreq_take(&slot, &req, &why), 0);
	slot = ready(IOREQ_TYPE_PIO, 2, 0x1f0, 1);
	slot.dir = IOREQ_READ;
	CHECK_INT(ioreq_take(&slot, &req, &why), 1);
	CHECK(why == NULL);
	CHECK_INT(slot.state, STATE_IOREQ_INPROCESS);
	CHECK_INT(req.type, IOREQ_TYPE_PIO);
	CHECK(req.read);
	CHECK_INT(req.size, 2);
	CHECK_INT(req.addr, 0x1f0);
	CHECK_INT(req.count, 1);
	/* Taken once: the slot is in process now. */
	CHECK_INT(ioreq_take(&slot, &req, &why), 0);
	ioreq_answer(&slot, 0xbeef);
	CHECK_INT(slot.data, 0xbeef);
	CHECK_INT(slot.state, STATE_IORESP_READY);

	slot = ready(IOREQ_TYPE_COPY, 8, 0xfebf0000, 16);
	slot.data_is_ptr = 1;
	slot.df = 1;
	CHECK_INT(ioreq_take(&slot, &req, &why), 1);
	CHECK(req.data_is_ptr && req.df && !req.read);
	CHECK_INT(req.count, 16);
	CHECK_INT(req.data, 0x1234);

	/* A control request's size and count mean nothing: set to 8 and 1. */
	slot = ready(IOREQ_TYPE_TIMEOFFSET, 3, 0, 0);
	slot.data = (uint64_t)-3600;
	CHECK_INT(ioreq_take(&slot, &req, &why), 1);
	CHECK_INT(req.size, 8);
	CHECK_INT(req.count, 1);
	CHECK_INT((int64_t)req.data, -3600);
}

TEST(ioreq_take_refuses_nonsense)
{
	static const struct {
		uint8_t type;
		uint32_t size, count;
		uint64_t addr;
		bool ptr;
		const char *why;
	} bad[] = {
		{ IOREQ_TYPE_PIO, 8, 1, 0x60, false, "port access of a size other than 1, 2 or 4" },
		{ IOREQ_TYPE_PIO, 3, 1, 0x60, false, "port access of a size other than 1, 2 or 4" },
		{ IOREQ_TYPE_PIO, 1, 1, 0x10000, false, "port number above 0xffff" },
		{ IOREQ_TYPE_COPY, 16, 1, 0, false,
		  "memory access of a size other than 1, 2, 4 or 8" },
		{ IOREQ_TYPE_PCI_CONFIG, 4, 1, 0, true,
		  "PCI configuration access through guest memory" },
		{ IOREQ_TYPE_INVALIDATE, 1, 1, 0, true, "control request with a pointer" },
		{ 5, 1, 1, 0, false, "unknown request type" },
		{ IOREQ_TYPE_PIO, 1, 0, 0x60, true, "count of 0" },
		{ IOREQ_TYPE_PIO, 1, 2, 0x60, false, "repeated access without a pointer" },
	};
	/* Memory repeated without a pointer is rep stos: taken. */
	struct ioreq stos = ready(IOREQ_TYPE_COPY, 2, 0xb8000, 80);
	struct ioreq_req taken;
	const char *reason = NULL;

	CHECK_INT(ioreq_take(&stos, &taken, &reason), 1);
	CHECK_INT(taken.count, 80);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ioreq slot = ready(bad[i].type, bad[i].size, bad[i].addr, bad[i].count);
		struct ioreq_req req;
		const char *why = NULL;

		slot.data_is_ptr = bad[i].ptr;
		CHECK_INT(ioreq_take(&slot, &req, &why), -EINVAL);
		CHECK_STR(why, bad[i].why);
		/* Still to be answered, so that the vCPU goes on. */
		CHECK_INT(slot.state, STATE_IOREQ_INPROCESS);
	}
}

static void put(struct buffered_iopage *ring, uint32_t at, uint8_t type, unsigned size_log2,
		uint32_t addr, uint32_t data)
{
	struct buf_ioreq *s = &ring->buf_ioreq[at % IOREQ_BUFFER_SLOT_NUM];

	s->type = type;
	s->dir = IOREQ_WRITE;
	s->size = size_log2 & 3;
	s->addr = addr & 0xfffff;
	s->data = data;
}

TEST(ioreq_buffered_ring)
{
	static struct buffered_iopage ring;
	struct ioreq_req req;
	const char *why;

	CHECK_INT(ioreq_buffered_take(&ring, &req, &why), 0);
	/* A 2-byte port write and an 8-byte memory write across the wrap. */
	ring.read_pointer = IOREQ_BUFFER_SLOT_NUM - 1;
	put(&ring, ring.read_pointer, IOREQ_TYPE_PIO, 1, 0x3d4, 0x0e11);
	put(&ring, ring.read_pointer + 1, IOREQ_TYPE_COPY, 3, 0xa0000, 0x11223344);
	put(&ring, ring.read_pointer + 2, IOREQ_TYPE_COPY, 0, 0, 0x55667788);
	ring.write_pointer = ring.read_pointer + 3;
	CHECK_INT(ioreq_buffered_take(&ring, &req, &why), 1);
	CHECK_INT(req.type, IOREQ_TYPE_PIO);
	CHECK_INT(req.size, 2);
	CHECK_INT(req.addr, 0x3d4);
	CHECK_INT(req.data, 0x0e11);
	CHECK(!req.read && req.count == 1);
	CHECK_INT(ioreq_buffered_take(&ring, &req, &why), 1);
	CHECK_INT(req.size, 8);
	CHECK_INT(req.addr, 0xa0000);
	CHECK(req.data == 0x5566778811223344ull);
	CHECK_INT(ioreq_buffered_take(&ring, &req, &why), 0);
	CHECK_INT(ring.read_pointer, ring.write_pointer);
}

TEST(ioreq_buffered_ring_refuses_nonsense)
{
	static struct buffered_iopage ring;
	struct ioreq_req req;
	const char *why;

	ring.read_pointer = 0;
	ring.write_pointer = IOREQ_BUFFER_SLOT_NUM + 1;
	CHECK_INT(ioreq_buffered_take(&ring, &req, &why), -EINVAL);
	CHECK_STR(why, "buffered ring pointers further apart than the ring");
	CHECK_INT(ring.read_pointer, ring.write_pointer);

	put(&ring, ring.read_pointer, IOREQ_TYPE_COPY, 3, 0, 1);
	ring.write_pointer = ring.read_pointer + 1;
	CHECK_INT(ioreq_buffered_take(&ring, &req, &why), -EINVAL);
	CHECK_STR(why, "8-byte buffered write without its second half");
	CHECK_INT(ring.read_pointer, ring.write_pointer);

	put(&ring, ring.read_pointer, IOREQ_TYPE_PIO, 3, 0x80, 1);
	put(&ring, ring.read_pointer + 1, IOREQ_TYPE_PIO, 0, 0, 2);
	ring.write_pointer = ring.read_pointer + 2;
	CHECK_INT(ioreq_buffered_take(&ring, &req, &why), -EINVAL);
	CHECK_STR(why, "buffered port write of 8 bytes");
	CHECK_INT(ring.read_pointer, ring.write_pointer);

	put(&ring, ring.read_pointer, IOREQ_TYPE_PIO, 0, 0x10000, 1);
	ring.write_pointer = ring.read_pointer + 1;
	CHECK_INT(ioreq_buffered_take(&ring, &req, &why), -EINVAL);
	CHECK_STR(why, "buffered port write above port 0xffff");

	put(&ring, ring.read_pointer, IOREQ_TYPE_PCI_CONFIG, 2, 0, 1);
	ring.write_pointer = ring.read_pointer + 1;
	CHECK_INT(ioreq_buffered_take(&ring, &req, &why), -EINVAL);
	CHECK_STR(why, "buffered request that is neither a port nor a memory write");

	put(&ring, ring.read_pointer, IOREQ_TYPE_PIO, 0, 0x80, 1);
	ring.buf_ioreq[ring.read_pointer % IOREQ_BUFFER_SLOT_NUM].dir = IOREQ_READ;
	ring.write_pointer = ring.read_pointer + 1;
	CHECK_INT(ioreq_buffered_take(&ring, &req, &why), -EINVAL);
	CHECK_STR(why, "buffered request that is not a write");
	CHECK_INT(ioreq_buffered_take(&ring, &req, &why), 0);
}
