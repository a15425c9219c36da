/* apps/ioemu/mapcache: mapping on demand, reuse, replacement, write
 * upgrades, invalidation, and addresses out of reach. */
#include "apps/ioemu/mapcache.h"
#include "lib/errno.h"
#include "tests/unit/check.h"

enum { PAGES = 100, ROM_GFN = 7 };

struct fake_guest {
	uint8_t ram[PAGES][MAPCACHE_PAGE];
	unsigned maps, unmaps, live;
};

static void *fake_map(void *ctx, uint64_t gfn, bool write)
{
	struct fake_guest *g = ctx;

	if (gfn >= PAGES || (write && gfn == ROM_GFN))
		return NULL;
	g->maps++;
	g->live++;
	return g->ram[gfn];
}

static void fake_unmap(void *ctx, void *va)
{
	struct fake_guest *g = ctx;

	(void)va;
	g->unmaps++;
	g->live--;
}

static struct fake_guest guest;
static const struct mapcache_ops ops = { fake_map, fake_unmap, &guest };

TEST(mapcache_reads_and_writes_across_pages)
{
	struct mapcache mc;
	uint8_t buf[6000];

	memset(&guest, 0, sizeof(guest));
	mapcache_init(&mc, &ops, 1u << 20);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)i;
	CHECK_INT(mapcache_write(&mc, 3 * MAPCACHE_PAGE + 4000, buf, sizeof(buf)), 0);
	CHECK_INT(guest.ram[3][4000], 0);
	CHECK_INT(guest.ram[4][0], (uint8_t)96);
	CHECK_INT(guest.ram[5][1807], (uint8_t)5999);
	CHECK_INT(guest.maps, 3);
	memset(buf, 0, sizeof(buf));
	CHECK_INT(mapcache_read(&mc, 3 * MAPCACHE_PAGE + 4000, buf, sizeof(buf)), 0);
	CHECK_INT(buf[5999], (uint8_t)5999);
	CHECK_INT(guest.maps, 3); /* the writable mappings serve reads too */
	/* Through the guest_memory interface as io_bus uses it. */
	CHECK_INT(mc.mem.read(mc.mem.ctx, 4 * MAPCACHE_PAGE, buf, 1), 0);
	CHECK_INT(buf[0], 96);
	mapcache_invalidate(&mc);
	CHECK_INT(guest.live, 0);
	CHECK_INT(mapcache_read(&mc, 4 * MAPCACHE_PAGE, buf, 1), 0);
	CHECK_INT(guest.maps, 4);
	mapcache_invalidate(&mc);
}

TEST(mapcache_upgrades_and_refuses)
{
	struct mapcache mc;
	uint8_t b = 0x5a;

	memset(&guest, 0, sizeof(guest));
	mapcache_init(&mc, &ops, 90);
	CHECK_INT(mapcache_read(&mc, 10 * MAPCACHE_PAGE, &b, 1), 0);
	CHECK_INT(guest.maps, 1);
	b = 0x5a;
	CHECK_INT(mapcache_write(&mc, 10 * MAPCACHE_PAGE, &b, 1), 0);
	CHECK_INT(guest.maps, 2);
	CHECK_INT(guest.unmaps, 1);
	CHECK_INT(guest.ram[10][0], 0x5a);
	/* A frame the guest has read-only, one beyond max_gfn, one the
	 * interface does not know, and an address range that wraps. */
	CHECK_INT(mapcache_read(&mc, ROM_GFN * MAPCACHE_PAGE, &b, 1), 0);
	CHECK_INT(mapcache_write(&mc, ROM_GFN * MAPCACHE_PAGE, &b, 1), -EFAULT);
	CHECK_INT(mapcache_read(&mc, 95 * MAPCACHE_PAGE, &b, 1), -EFAULT);
	mc.max_gfn = 1u << 20;
	CHECK_INT(mapcache_read(&mc, 100 * MAPCACHE_PAGE, &b, 1), -EFAULT);
	CHECK_INT(mapcache_read(&mc, ~(uint64_t)0, &b, 2), -EFAULT);
	CHECK_INT(mc.refused, 3);
	mapcache_invalidate(&mc);
	CHECK_INT(guest.live, 0);
}

TEST(mapcache_replaces_the_least_recently_used)
{
	struct mapcache mc;
	uint8_t b;

	memset(&guest, 0, sizeof(guest));
	mapcache_init(&mc, &ops, PAGES);
	for (int i = 0; i < MAPCACHE_ENTRIES; i++)
		CHECK_INT(mapcache_read(&mc, (uint64_t)i * MAPCACHE_PAGE, &b, 1), 0);
	CHECK_INT(guest.live, MAPCACHE_ENTRIES);
	/* Page 0 used again: page 1 is now the oldest and goes first. */
	CHECK_INT(mapcache_read(&mc, 0, &b, 1), 0);
	CHECK_INT(mapcache_read(&mc, (uint64_t)(MAPCACHE_ENTRIES + 1) * MAPCACHE_PAGE, &b, 1), 0);
	CHECK_INT(guest.live, MAPCACHE_ENTRIES);
	CHECK_INT(guest.maps, MAPCACHE_ENTRIES + 1);
	CHECK_INT(mapcache_read(&mc, 0, &b, 1), 0);
	CHECK_INT(guest.maps, MAPCACHE_ENTRIES + 1);
	CHECK_INT(mapcache_read(&mc, 1 * MAPCACHE_PAGE, &b, 1), 0);
	CHECK_INT(guest.maps, MAPCACHE_ENTRIES + 2);
	mapcache_invalidate(&mc);
	CHECK_INT(guest.live, 0);
}
