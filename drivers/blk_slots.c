/* blkfront's request bookkeeping, pure (see blk_slots.h). */
#include "drivers/blk_slots.h"

#include "lib/errno.h"
#include "lib/string.h"

#include <xen/xen.h>
#include <xen/io/blkif.h>

void blk_slots_init(struct blk_slots *t, unsigned n)
{
	memset(t, 0, sizeof(*t));
	t->n = n > BLK_SLOTS_MAX ? BLK_SLOTS_MAX : n;
	t->nfree = t->n;
}

int blk_slots_take(struct blk_slots *t, void *owner, size_t offset, size_t bytes)
{
	for (unsigned i = 0; i < t->n; i++) {
		struct blk_slot_use *u = &t->use[i];

		if (u->busy)
			continue;
		u->busy = true;
		u->owner = owner;
		u->offset = offset;
		u->bytes = bytes;
		t->nfree--;
		return (int)i;
	}
	return -EAGAIN;
}

int blk_slots_complete(struct blk_slots *t, uint64_t id, struct blk_slot_use *out)
{
	if (id >= t->n || !t->use[id].busy)
		return -EPROTO;
	*out = t->use[id];
	blk_slots_put(t, (unsigned)id);
	return 0;
}

void blk_slots_put(struct blk_slots *t, unsigned id)
{
	if (id >= t->n || !t->use[id].busy)
		return;
	memset(&t->use[id], 0, sizeof(t->use[id]));
	t->nfree++;
}

unsigned blk_slots_abandon(struct blk_slots *t, const void *owner)
{
	unsigned n = 0;

	for (unsigned i = 0; i < t->n; i++) {
		if (t->use[i].busy && t->use[i].owner == owner && owner) {
			t->use[i].owner = NULL;
			n++;
		}
	}
	return n;
}

unsigned blk_slots_owned(const struct blk_slots *t, const void *owner)
{
	unsigned n = 0;

	for (unsigned i = 0; i < t->n; i++)
		n += t->use[i].busy && t->use[i].owner == owner;
	return n;
}

unsigned blk_parts(size_t bytes, size_t part_bytes)
{
	if (bytes == 0 || part_bytes == 0)
		return 1;
	return (unsigned)((bytes + part_bytes - 1) / part_bytes);
}

int blk_status_errno(int16_t status)
{
	if (status == BLKIF_RSP_OKAY)
		return 0;
	return status == BLKIF_RSP_EOPNOTSUPP ? -EOPNOTSUPP : -EIO;
}

void blk_progress_start(struct blk_progress *p, unsigned parts)
{
	p->parts_left = parts;
	p->result = 0;
}

bool blk_progress_part(struct blk_progress *p, int rc)
{
	if (rc < 0 && p->result == 0)
		p->result = rc;
	if (p->parts_left > 0)
		p->parts_left--;
	return p->parts_left == 0;
}
