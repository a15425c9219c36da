/* xen/xs_ring: wrap-around, full and empty rings, index overflow, bad indices. */
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "xen/xs_ring.h"

TEST(xs_ring_round_trip_with_wrap)
{
	char ring[XENSTORE_RING_SIZE];
	char in[700], out[700];
	XENSTORE_RING_IDX prod = 0xfffffe00u, cons = 0xfffffe00u; /* indices wrap too */

	for (int round = 0; round < 10; round++) {
		for (int i = 0; i < 700; i++)
			in[i] = (char)(i * 7 + round);
		CHECK_INT(xs_ring_put(ring, cons, &prod, in, sizeof(in)), 700);
		CHECK_INT(xs_ring_get(ring, &cons, prod, out, sizeof(out)), 700);
		CHECK(memcmp(in, out, sizeof(in)) == 0);
	}
	CHECK_INT(prod, cons);
}

TEST(xs_ring_full_and_empty)
{
	char ring[XENSTORE_RING_SIZE] = { 0 }, buf[2048] = { 0 };
	XENSTORE_RING_IDX prod = 10, cons = 10;

	CHECK_INT(xs_ring_get(ring, &cons, prod, buf, 5), 0);
	CHECK_INT(xs_ring_put(ring, cons, &prod, buf, 2048), XENSTORE_RING_SIZE);
	CHECK_INT(xs_ring_put(ring, cons, &prod, buf, 1), 0);
	CHECK_INT(xs_ring_get(ring, &cons, prod, NULL, 24), 24);
	CHECK_INT(xs_ring_put(ring, cons, &prod, buf, 100), 24);
}

TEST(xs_ring_rejects_impossible_indices)
{
	char ring[XENSTORE_RING_SIZE] = { 0 }, buf[8] = { 0 };
	XENSTORE_RING_IDX prod = 5000, cons = 0;

	CHECK_INT(xs_ring_put(ring, cons, &prod, buf, 8), -EPROTO);
	CHECK_INT(xs_ring_get(ring, &cons, prod, buf, 8), -EPROTO);
	CHECK_INT(cons, 0);
}
