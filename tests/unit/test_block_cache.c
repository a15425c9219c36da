/*
 * lib/fs/block_cache: the slots a work area gives, hits that do not read the
 * device again, round-robin replacement, a failed read that leaves no stale
 * slot, and the messages and errors of device reads (-ERANGE as -EUCLEAN).
 */
#include "lib/errno.h"
#include "lib/fs/block_cache.h"
#include "tests/unit/check.h"
#include "tests/unit/disk_image.h"

#include <string.h>

static uint8_t disk[16 * 512];

static void make_disk(struct mem_disk *m, struct blockdev *dev)
{
	for (size_t i = 0; i < sizeof(disk); i++)
		disk[i] = (uint8_t)(i / 512);
	m->buf = disk;
	m->len = sizeof(disk);
	m->reads = 0;
	mem_blockdev(dev, m);
}

/* A device that fails after writing garbage. */
static int failing_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	(void)ctx;
	(void)off;
	memset(buf, 0xee, len);
	return -EIO;
}

TEST(block_cache_slots_fit_the_work_area)
{
	static uint8_t work[20 * 512];
	struct block_cache c;

	CHECK_INT(block_cache_init(&c, "t", work, 3 * 512 + 100, 512), 3);
	CHECK_INT(block_cache_init(&c, "t", work, sizeof(work), 512), BLOCK_CACHE_SLOTS);
	CHECK_INT(block_cache_init(&c, "t", work, 511, 512), 0);
	CHECK_INT(block_cache_init(&c, "t", NULL, sizeof(work), 512), 0);
}

TEST(block_cache_hits_and_replaces_round_robin)
{
	static uint8_t work[2 * 512];
	struct block_cache c;
	struct mem_disk m;
	struct blockdev dev;
	const uint8_t *p;
	char err[64] = "";

	make_disk(&m, &dev);
	CHECK_INT(block_cache_init(&c, "t", work, sizeof(work), 512), 2);
	CHECK_INT(block_cache_get(&c, &dev, 3, &p, err, sizeof(err)), 0);
	CHECK(p[0] == 3 && p[511] == 3);
	CHECK_INT(block_cache_get(&c, &dev, 5, &p, err, sizeof(err)), 0);
	CHECK(p[0] == 5);
	CHECK_INT(m.reads, 2);
	CHECK_INT(block_cache_get(&c, &dev, 3, &p, err, sizeof(err)), 0); /* a hit */
	CHECK(p[0] == 3);
	CHECK_INT(m.reads, 2);
	CHECK_INT(block_cache_get(&c, &dev, 7, &p, err, sizeof(err)), 0); /* replaces 3 */
	CHECK_INT(m.reads, 3);
	CHECK_INT(block_cache_get(&c, &dev, 5, &p, err, sizeof(err)), 0); /* still there */
	CHECK_INT(m.reads, 3);
	CHECK_INT(block_cache_get(&c, &dev, 3, &p, err, sizeof(err)), 0); /* replaces 5 */
	CHECK(p[0] == 3);
	CHECK_INT(m.reads, 4);
	CHECK_STR(err, "");
}

TEST(block_cache_failed_read_leaves_no_stale_block)
{
	static uint8_t work[2 * 512];
	struct block_cache c;
	struct mem_disk m;
	struct blockdev dev;
	const uint8_t *p;
	char err[80];

	make_disk(&m, &dev);
	block_cache_init(&c, "t", work, sizeof(work), 512);
	CHECK_INT(block_cache_get(&c, &dev, 16, &p, err, sizeof(err)), -EUCLEAN);
	CHECK_STR(err, "t: read past the end of the device (byte 8192)");
	CHECK_INT(block_cache_get(&c, &dev, 1, &p, err, sizeof(err)), 0);
	CHECK_INT(block_cache_get(&c, &dev, 2, &p, err, sizeof(err)), 0);
	/* The slot of block 1 is the next to go; a read that scribbles over it
	 * and fails must not leave block 1 there. */
	dev.read = failing_read;
	CHECK_INT(block_cache_get(&c, &dev, 3, &p, err, sizeof(err)), -EIO);
	CHECK_STR(err, "t: device read error at byte 1536");
	mem_blockdev(&dev, &m);
	m.reads = 0;
	CHECK_INT(block_cache_get(&c, &dev, 1, &p, err, sizeof(err)), 0);
	CHECK(p[0] == 1 && p[511] == 1);
	CHECK_INT(m.reads, 1);
}

TEST(block_cache_no_slots_is_an_error)
{
	struct block_cache c;
	struct mem_disk m;
	struct blockdev dev;
	const uint8_t *p;
	char err[80];

	make_disk(&m, &dev);
	block_cache_init(&c, "t", NULL, 0, 512);
	CHECK_INT(block_cache_get(&c, &dev, 0, &p, err, sizeof(err)), -ENOMEM);
	CHECK_STR(err, "t: no block cache");
}

TEST(fs_dev_read_names_the_byte)
{
	struct mem_disk m;
	struct blockdev dev;
	uint8_t buf[4];
	char err[80] = "";

	make_disk(&m, &dev);
	CHECK_INT(fs_dev_read(&dev, "fat", err, sizeof(err), 1024, buf, sizeof(buf)), 0);
	CHECK(buf[0] == 2);
	CHECK_STR(err, "");
	CHECK_INT(fs_dev_read(&dev, "fat", err, sizeof(err), 8190, buf, sizeof(buf)), -EUCLEAN);
	CHECK_STR(err, "fat: read past the end of the device (byte 8190)");
	dev.read = failing_read;
	CHECK_INT(fs_dev_read(&dev, "ext", err, sizeof(err), 512, buf, sizeof(buf)), -EIO);
	CHECK_STR(err, "ext: device read error at byte 512");
}

TEST(fs_fail_returns_the_error_and_truncates)
{
	char err[8];

	CHECK_INT(fs_fail(err, sizeof(err), -EINVAL, "x%dy", 42), -EINVAL);
	CHECK_STR(err, "x42y");
	CHECK_INT(fs_fail(err, sizeof(err), -E2BIG, "%s", "a long message"), -E2BIG);
	CHECK(strlen(err) < sizeof(err));
}
