/* Which partition table a disk has, listing and finding partitions (see
 * part.h); the table formats themselves are in mbr.c and gpt.c. */
#include "lib/part/part.h"

#include "lib/errno.h"
#include "lib/string.h"

int part_walk(const struct blockdev *disk, enum part_scheme *scheme, part_fn fn, void *ctx)
{
	uint8_t sector0[512];
	bool protective;
	int r;

	if (scheme)
		*scheme = PART_NONE;
	if (disk->size < sizeof(sector0))
		return 0;
	r = blockdev_read(disk, 0, sector0, sizeof(sector0));
	if (r < 0)
		return r;
	if (!part_mbr_valid(sector0, &protective))
		return 0;
	if (protective) {
		if (scheme)
			*scheme = PART_GPT;
		return part_gpt_walk(disk, fn, ctx);
	}
	if (scheme)
		*scheme = PART_MBR;
	return part_mbr_walk(disk, sector0, fn, ctx);
}

struct list_ctx {
	struct part_info *out;
	int max, n;
};

static int list_one(const struct part_info *p, void *ctx)
{
	struct list_ctx *l = ctx;

	if (p->outside)
		return 0;
	if (l->n < l->max)
		l->out[l->n] = *p;
	l->n++;
	return 0;
}

int part_list(const struct blockdev *disk, enum part_scheme *scheme, struct part_info *out, int max)
{
	struct list_ctx l = { out, max, 0 };
	int r = part_walk(disk, scheme, list_one, &l);

	return r < 0 ? r : l.n;
}

struct find_ctx {
	int index;
	struct part_info found;
};

static int find_one(const struct part_info *p, void *ctx)
{
	struct find_ctx *f = ctx;

	if (p->index != f->index)
		return 0;
	f->found = *p;
	return 1;
}

int part_find(const struct blockdev *disk, int index, struct blockdev *out)
{
	struct find_ctx f = { .index = index };
	int r;

	if (index == PART_WHOLE_DISK) {
		*out = *disk;
		return 0;
	}
	if (index < 0)
		return -ENOENT;
	r = part_walk(disk, NULL, find_one, &f);
	if (r < 0)
		return r;
	if (r == 0)
		return -ENOENT;
	if (f.found.outside)
		return -ERANGE;
	return blockdev_window(out, disk, f.found.start, f.found.length);
}
