/*
 * blkfront's request bookkeeping as pure logic (unit-tested): which ring
 * slots are in flight and for which request part (owner, offset and length
 * in the owner's buffer), the check of a response id from the (untrusted)
 * backend, requests abandoned while in flight, how a request is cut into
 * parts, and how the parts' results add up to the request's. Nothing here
 * touches shared memory, grants or pages.
 */
#ifndef DRIVERS_BLK_SLOTS_H
#define DRIVERS_BLK_SLOTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BLK_SLOTS_MAX 64

struct blk_slot_use {
	void *owner; /* the request this part belongs to; NULL once abandoned */
	size_t offset, bytes;
	bool busy;
};

struct blk_slots {
	struct blk_slot_use use[BLK_SLOTS_MAX];
	unsigned n;	/* slots in use by the ring (at most BLK_SLOTS_MAX) */
	unsigned nfree; /* of those, not in flight */
};

/* n slots, all free; n is capped at BLK_SLOTS_MAX. */
void blk_slots_init(struct blk_slots *t, unsigned n);
/* A free slot for a part of owner: its id, or -EAGAIN when all are in
 * flight. */
int blk_slots_take(struct blk_slots *t, void *owner, size_t offset, size_t bytes);
/* A response names slot id: 0 and what it was (the slot is free again),
 * or -EPROTO when no request is in flight there (a backend's mistake). */
int blk_slots_complete(struct blk_slots *t, uint64_t id, struct blk_slot_use *out);
/* Gives a slot back without a response (submitting it failed). */
void blk_slots_put(struct blk_slots *t, unsigned id);
/* Forgets owner in every slot still in flight for it (its parts complete
 * later with no owner); returns how many. */
unsigned blk_slots_abandon(struct blk_slots *t, const void *owner);
/* Slots in flight for owner. */
unsigned blk_slots_owned(const struct blk_slots *t, const void *owner);

/* Parts of at most part_bytes that bytes needs (a flush, 0 bytes, is one). */
unsigned blk_parts(size_t bytes, size_t part_bytes);
/* blkif's response status as an error: 0, -EOPNOTSUPP, else -EIO. */
int blk_status_errno(int16_t status);

/* A request's parts still out and its result so far (the first error). */
struct blk_progress {
	unsigned parts_left;
	int result;
};
void blk_progress_start(struct blk_progress *p, unsigned parts);
/* One part ended with rc; true when it was the last. */
bool blk_progress_part(struct blk_progress *p, int rc);

#endif
