/* drivers/blk_slots: blkfront's request bookkeeping. */
#include "drivers/blk_slots.h"
#include "lib/errno.h"
#include "tests/unit/check.h"

#include <xen/xen.h>
#include <xen/io/blkif.h>

TEST(blk_slots_take_until_full)
{
	struct blk_slots t;
	int a = 1, ids[4];

	blk_slots_init(&t, 4);
	for (int i = 0; i < 4; i++) {
		ids[i] = blk_slots_take(&t, &a, (size_t)i * 100, 100);
		CHECK_INT(ids[i], i);
	}
	CHECK_INT(t.nfree, 0);
	CHECK_INT(blk_slots_take(&t, &a, 0, 1), -EAGAIN);
	CHECK_INT(blk_slots_owned(&t, &a), 4);
	blk_slots_put(&t, 2);
	CHECK_INT(t.nfree, 1);
	CHECK_INT(blk_slots_take(&t, &a, 7, 8), 2);
	CHECK_INT(t.use[2].offset, 7);
	CHECK_INT(t.use[2].bytes, 8);
}

TEST(blk_slots_capped)
{
	struct blk_slots t;

	blk_slots_init(&t, 1000);
	CHECK_INT(t.n, BLK_SLOTS_MAX);
	CHECK_INT(t.nfree, BLK_SLOTS_MAX);
}

TEST(blk_slots_complete_checks_the_backend)
{
	struct blk_slots t;
	struct blk_slot_use u;
	int a, b;

	blk_slots_init(&t, 8);
	CHECK_INT(blk_slots_take(&t, &a, 0, 512), 0);
	CHECK_INT(blk_slots_take(&t, &b, 512, 1024), 1);
	/* Not in flight, out of range, absurd ids. */
	CHECK_INT(blk_slots_complete(&t, 2, &u), -EPROTO);
	CHECK_INT(blk_slots_complete(&t, 8, &u), -EPROTO);
	CHECK_INT(blk_slots_complete(&t, ~0ull, &u), -EPROTO);
	CHECK_INT(blk_slots_complete(&t, 1, &u), 0);
	CHECK(u.owner == &b);
	CHECK_INT(u.offset, 512);
	CHECK_INT(u.bytes, 1024);
	CHECK_INT(t.nfree, 7);
	/* A second response for the same request. */
	CHECK_INT(blk_slots_complete(&t, 1, &u), -EPROTO);
	CHECK_INT(t.nfree, 7);
	/* Putting a free slot back changes nothing. */
	blk_slots_put(&t, 1);
	blk_slots_put(&t, 99);
	CHECK_INT(t.nfree, 7);
}

TEST(blk_slots_abandon)
{
	struct blk_slots t;
	struct blk_slot_use u;
	int a, b;

	blk_slots_init(&t, 8);
	blk_slots_take(&t, &a, 0, 1);
	blk_slots_take(&t, &b, 0, 1);
	blk_slots_take(&t, &a, 1, 1);
	CHECK_INT(blk_slots_abandon(&t, &a), 2);
	CHECK_INT(blk_slots_owned(&t, &a), 0);
	CHECK_INT(blk_slots_owned(&t, &b), 1);
	CHECK_INT(blk_slots_abandon(&t, NULL), 0);
	/* The abandoned parts still complete, with no owner. */
	CHECK_INT(blk_slots_complete(&t, 0, &u), 0);
	CHECK(u.owner == NULL);
	CHECK_INT(blk_slots_complete(&t, 2, &u), 0);
	CHECK(u.owner == NULL);
	CHECK_INT(t.nfree, 7);
}

TEST(blk_parts_and_status)
{
	CHECK_INT(blk_parts(0, 45056), 1);
	CHECK_INT(blk_parts(1, 45056), 1);
	CHECK_INT(blk_parts(45056, 45056), 1);
	CHECK_INT(blk_parts(45057, 45056), 2);
	CHECK_INT(blk_parts(1 << 20, 45056), 24);
	CHECK_INT(blk_status_errno(BLKIF_RSP_OKAY), 0);
	CHECK_INT(blk_status_errno(BLKIF_RSP_EOPNOTSUPP), -EOPNOTSUPP);
	CHECK_INT(blk_status_errno(BLKIF_RSP_ERROR), -EIO);
	CHECK_INT(blk_status_errno(12345), -EIO);
}

TEST(blk_progress_keeps_the_first_error)
{
	struct blk_progress p;

	blk_progress_start(&p, 3);
	CHECK(!blk_progress_part(&p, 0));
	CHECK(!blk_progress_part(&p, -EIO));
	CHECK(blk_progress_part(&p, -EOPNOTSUPP));
	CHECK_INT(p.result, -EIO);
	blk_progress_start(&p, 1);
	CHECK(blk_progress_part(&p, 0));
	CHECK_INT(p.result, 0);
	/* More parts than announced do not wrap around. */
	CHECK(blk_progress_part(&p, 0));
	CHECK_INT(p.parts_left, 0);
}
