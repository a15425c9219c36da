/*
 * The map cache (see mapcache.h): a fixed table searched linearly (64
 * entries: a lookup costs less than one mapping hypercall), least recently
 * used replacement, a read-only mapping upgraded by mapping again when a
 * write needs it.
 */
#include "apps/ioemu/mapcache.h"

#include "lib/errno.h"

#include <string.h>

static int guest_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	return mapcache_read(ctx, gpa, buf, len);
}

static int guest_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	return mapcache_write(ctx, gpa, buf, len);
}

void mapcache_init(struct mapcache *mc, const struct mapcache_ops *ops, uint64_t max_gfn)
{
	memset(mc, 0, sizeof(*mc));
	mc->ops = ops;
	mc->max_gfn = max_gfn;
	mc->mem = (struct guest_memory){ guest_read, guest_write, mc };
}

static void drop(struct mapcache *mc, struct mapcache_entry *e)
{
	if (!e->va)
		return;
	mc->ops->unmap(mc->ops->ctx, e->va);
	mc->unmaps++;
	e->va = NULL;
}

void mapcache_invalidate(struct mapcache *mc)
{
	for (int i = 0; i < MAPCACHE_ENTRIES; i++)
		drop(mc, &mc->entry[i]);
}

/* The page holding gfn, mapped for writing when write. */
static uint8_t *page(struct mapcache *mc, uint64_t gfn, bool write)
{
	struct mapcache_entry *victim = &mc->entry[0];

	if (gfn >= mc->max_gfn) {
		mc->refused++;
		return NULL;
	}
	mc->clock++;
	for (int i = 0; i < MAPCACHE_ENTRIES; i++) {
		struct mapcache_entry *e = &mc->entry[i];

		if (e->va && e->gfn == gfn) {
			if (write && !e->write) {
				victim = e; /* map it again, writable */
				break;
			}
			e->used = mc->clock;
			return e->va;
		}
		if (!e->va ? victim->va != NULL : (victim->va && e->used < victim->used))
			victim = e;
	}
	drop(mc, victim);
	victim->va = mc->ops->map(mc->ops->ctx, gfn, write);
	if (!victim->va) {
		mc->refused++;
		return NULL;
	}
	mc->maps++;
	victim->gfn = gfn;
	victim->write = write;
	victim->used = mc->clock;
	return victim->va;
}

static int copy(struct mapcache *mc, uint64_t gpa, uint8_t *buf, size_t len, bool write)
{
	if (gpa + len < gpa)
		return -EFAULT;
	while (len) {
		size_t off = gpa % MAPCACHE_PAGE, n = MAPCACHE_PAGE - off;
		uint8_t *p = page(mc, gpa / MAPCACHE_PAGE, write);

		if (!p)
			return -EFAULT;
		if (n > len)
			n = len;
		if (write)
			memcpy(p + off, buf, n);
		else
			memcpy(buf, p + off, n);
		gpa += n;
		buf += n;
		len -= n;
	}
	return 0;
}

int mapcache_read(struct mapcache *mc, uint64_t gpa, void *buf, size_t len)
{
	return copy(mc, gpa, buf, len, false);
}

int mapcache_write(struct mapcache *mc, uint64_t gpa, const void *buf, size_t len)
{
	return copy(mc, gpa, (uint8_t *)buf, len, true);
}
