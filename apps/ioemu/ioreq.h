/*
 * Taking I/O requests from the pages Xen shares with a device model: a
 * vCPU's synchronous slot (read once, checked, answered) and the buffered
 * ring of writes. Pure: the pages are passed in, so that unit tests and the
 * fuzzer can hand it hostile contents; the guest (through Xen's emulation)
 * controls every field.
 */
#ifndef APPS_IOEMU_IOREQ_H
#define APPS_IOEMU_IOREQ_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/hvm/ioreq.h>

/* One request as taken from its slot: every field read once. */
struct ioreq_req {
	uint8_t type;	  /* IOREQ_TYPE_* */
	bool read;	  /* dir == IOREQ_READ */
	bool data_is_ptr; /* data is the guest address of count items */
	bool df;	  /* with data_is_ptr: addresses go down */
	uint32_t size;	  /* bytes per item: 1, 2, 4 or 8 */
	uint32_t count;	  /* items (rep prefix), at least 1; without data_is_ptr
			   * only for memory: data stored count times (rep stos) */
	uint64_t addr;	  /* port, guest physical address, or SBDF<<32|reg */
	uint64_t data;
};

/*
 * If slot holds a request Xen has made ready, copies it into req (each
 * field read once, after a read barrier), marks the slot in process and
 * returns 1; returns 0 when there is none. A request whose fields do not
 * make sense (unknown type, size not 1/2/4/8 or above 4 for a port, a
 * count of 0, a pointer with a type that takes none, a port access
 * repeated without a pointer; a control request's
 * size and count are set to 8 and 1, whatever the slot said) returns -EINVAL with
 * why set to a static description; the slot is then in process and must
 * still be answered (ioreq_answer) so that the vCPU goes on.
 */
int ioreq_take(volatile struct ioreq *slot, struct ioreq_req *req, const char **why);

/* Answers the request in slot: data (for a read that carried its value
 * inline), a write barrier, then the state Xen waits for. */
void ioreq_answer(volatile struct ioreq *slot, uint64_t data);

/*
 * Takes the next buffered write from the ring into req (a write, count 1;
 * an 8-byte write takes two slots), advancing the ring's read pointer.
 * Returns 1, 0 when the ring is empty, or -EINVAL when the pointers or a
 * slot make no sense (then what the ring held is dropped, why says what).
 */
int ioreq_buffered_take(volatile struct buffered_iopage *ring, struct ioreq_req *req,
			const char **why);

#endif
