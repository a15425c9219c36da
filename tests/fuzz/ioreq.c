/*
 * libFuzzer harness: arbitrary bytes as a vCPU's ioreq slot (the first 32
 * bytes) and the buffered ring's pointers and slots (the rest), as a
 * hostile guest could leave them through Xen's emulation. Whatever comes,
 * a taken request has a known type, a size of 1, 2, 4 or 8 (at most 4 for
 * ports and PCI configuration), a count of at least 1 and more than 1 only
 * through a pointer or for memory (rep stos); the slot is left in process; the ring is emptied in
 * at most one step per slot, its read pointer never passing the write
 * pointer.
 */
#include "apps/ioemu/ioreq.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct ioreq_req *req)
{
	if (req->type != IOREQ_TYPE_PIO && req->type != IOREQ_TYPE_COPY &&
	    req->type != IOREQ_TYPE_PCI_CONFIG && req->type != IOREQ_TYPE_TIMEOFFSET &&
	    req->type != IOREQ_TYPE_INVALIDATE)
		__builtin_trap();
	if (req->size != 1 && req->size != 2 && req->size != 4 && req->size != 8)
		__builtin_trap();
	if ((req->type == IOREQ_TYPE_PIO || req->type == IOREQ_TYPE_PCI_CONFIG) && req->size > 4)
		__builtin_trap();
	if (req->count == 0)
		__builtin_trap();
	if (req->type == IOREQ_TYPE_PIO && req->addr > 0xffff)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ioreq slot;
	static struct buffered_iopage ring;
	struct ioreq_req req;
	const char *why;
	int rc;

	if (size < sizeof(slot))
		return 0;
	memcpy(&slot, data, sizeof(slot));
	data += sizeof(slot);
	size -= sizeof(slot);
	memset(&ring, 0, sizeof(ring));
	memcpy(&ring, data, size < sizeof(ring) ? size : sizeof(ring));

	rc = ioreq_take(&slot, &req, &why);
	if (rc == 1) {
		check(&req);
		if (why || (req.count > 1 && !req.data_is_ptr &&
			    (req.type == IOREQ_TYPE_PIO || req.type == IOREQ_TYPE_PCI_CONFIG)))
			__builtin_trap();
	}
	if (rc != 0 && slot.state != STATE_IOREQ_INPROCESS)
		__builtin_trap();
	if (rc < 0 && !why)
		__builtin_trap();

	for (unsigned steps = 0;; steps++) {
		uint32_t before = ring.read_pointer;

		rc = ioreq_buffered_take(&ring, &req, &why);
		if (rc == 0)
			break;
		if (steps > IOREQ_BUFFER_SLOT_NUM || ring.read_pointer == before ||
		    ring.write_pointer - ring.read_pointer > ring.write_pointer - before)
			__builtin_trap();
		if (rc == 1) {
			check(&req);
			if (req.read || req.count != 1 || why)
				__builtin_trap();
		} else if (!why) {
			__builtin_trap();
		}
	}
	if (ring.read_pointer != ring.write_pointer)
		__builtin_trap();
	return 0;
}
