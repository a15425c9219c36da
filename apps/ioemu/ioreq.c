/*
 * Taking and answering I/O requests (see ioreq.h). The barriers order the
 * slot's state against its fields as Xen's side expects: the fields are
 * read after the state said READY, the answer's data is written before
 * the state says IORESP_READY.
 */
#include "apps/ioemu/ioreq.h"

#include "lib/errno.h"

#include <stddef.h>

#define barrier()      __asm__ __volatile__("" ::: "memory")
#define read_barrier() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define full_barrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)

static bool size_ok(uint32_t size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

int ioreq_take(volatile struct ioreq *slot, struct ioreq_req *req, const char **why)
{
	struct ioreq copy;

	if (slot->state != STATE_IOREQ_READY)
		return 0;
	read_barrier();
	copy.addr = slot->addr;
	copy.data = slot->data;
	copy.count = slot->count;
	copy.size = slot->size;
	copy.type = slot->type;
	copy.dir = slot->dir;
	copy.df = slot->df;
	copy.data_is_ptr = slot->data_is_ptr;
	barrier();
	slot->state = STATE_IOREQ_INPROCESS;

	req->type = copy.type;
	req->read = copy.dir == IOREQ_READ;
	req->data_is_ptr = copy.data_is_ptr;
	req->df = copy.df;
	req->size = copy.size;
	req->count = copy.count;
	req->addr = copy.addr;
	req->data = copy.data;
	*why = NULL;
	switch (req->type) {
	case IOREQ_TYPE_PIO:
		if (!size_ok(req->size) || req->size > 4)
			*why = "port access of a size other than 1, 2 or 4";
		else if (req->addr > 0xffff)
			*why = "port number above 0xffff";
		break;
	case IOREQ_TYPE_COPY:
		if (!size_ok(req->size))
			*why = "memory access of a size other than 1, 2, 4 or 8";
		break;
	case IOREQ_TYPE_PCI_CONFIG:
		if (!size_ok(req->size) || req->size > 4)
			*why = "PCI configuration access of a size other than 1, 2 or 4";
		else if (req->data_is_ptr)
			*why = "PCI configuration access through guest memory";
		break;
	case IOREQ_TYPE_TIMEOFFSET:
	case IOREQ_TYPE_INVALIDATE:
		/* Only the type (and a time offset's data) mean anything. */
		if (req->data_is_ptr)
			*why = "control request with a pointer";
		req->size = 8;
		req->count = 1;
		break;
	default:
		*why = "unknown request type";
		break;
	}
	if (!*why && req->count == 0)
		*why = "count of 0";
	/* Xen sends a memory request repeated without a pointer for rep stos
	 * (one value stored count times); ports have none such. */
	if (!*why && !req->data_is_ptr && req->count != 1 && req->type != IOREQ_TYPE_COPY)
		*why = "repeated access without a pointer";
	return *why ? -EINVAL : 1;
}

void ioreq_answer(volatile struct ioreq *slot, uint64_t data)
{
	slot->data = data;
	full_barrier();
	slot->state = STATE_IORESP_READY;
}

int ioreq_buffered_take(volatile struct buffered_iopage *ring, struct ioreq_req *req,
			const char **why)
{
	uint32_t rd, wr;
	struct buf_ioreq slot;
	uint32_t slots = 1;

	*why = NULL;
	/* Xen takes IOREQ_BUFFER_SLOT_NUM off both pointers at once (one
	 * cmpxchg of the pair) when the read pointer passes it: a read
	 * pointer taken before that and a write pointer after would be a
	 * ring apart. Read them again until the read pointer held still
	 * around the write pointer's read (a few tries: Xen does it once per
	 * lap). */
	for (unsigned tries = 0;; tries++) {
		rd = ring->read_pointer;
		read_barrier();
		wr = ring->write_pointer;
		read_barrier();
		if (rd == ring->read_pointer || tries == 8)
			break;
	}
	if (rd == wr)
		return 0;
	if (wr - rd > IOREQ_BUFFER_SLOT_NUM) {
		*why = "buffered ring pointers further apart than the ring";
		__atomic_fetch_add(&ring->read_pointer, wr - rd, __ATOMIC_SEQ_CST);
		return -EINVAL;
	}
	slot = ring->buf_ioreq[rd % IOREQ_BUFFER_SLOT_NUM];
	req->type = slot.type;
	req->read = false;
	req->data_is_ptr = false;
	req->df = false;
	req->count = 1;
	req->size = 1u << slot.size;
	req->addr = slot.addr;
	req->data = slot.data;
	if (req->size == 8) {
		if (wr - rd < 2) {
			*why = "8-byte buffered write without its second half";
			__atomic_fetch_add(&ring->read_pointer, wr - rd, __ATOMIC_SEQ_CST);
			return -EINVAL;
		}
		req->data |= (uint64_t)ring->buf_ioreq[(rd + 1) % IOREQ_BUFFER_SLOT_NUM].data << 32;
		slots = 2;
	}
	if (slot.dir != IOREQ_WRITE)
		*why = "buffered request that is not a write";
	else if (req->type != IOREQ_TYPE_PIO && req->type != IOREQ_TYPE_COPY)
		*why = "buffered request that is neither a port nor a memory write";
	else if (req->type == IOREQ_TYPE_PIO && req->size > 4)
		*why = "buffered port write of 8 bytes";
	else if (req->type == IOREQ_TYPE_PIO && req->addr > 0xffff)
		*why = "buffered port write above port 0xffff";
	/* Xen may take IOREQ_BUFFER_SLOT_NUM off both pointers meanwhile:
	 * an atomic add, never a store. */
	__atomic_fetch_add(&ring->read_pointer, slots, __ATOMIC_SEQ_CST);
	return *why ? -EINVAL : 1;
}
