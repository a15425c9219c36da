/* xenstore ring copies (see xs_ring.h). Pure: no kernel dependencies. */
#include "xen/xs_ring.h"

#include "lib/errno.h"
#include "lib/string.h"

int xs_ring_put(char *ring, XENSTORE_RING_IDX cons, XENSTORE_RING_IDX *prod, const void *data,
		size_t len)
{
	XENSTORE_RING_IDX used = *prod - cons;
	size_t done = 0;

	if (used > XENSTORE_RING_SIZE)
		return -EPROTO;
	while (done < len && used < XENSTORE_RING_SIZE) {
		size_t off = MASK_XENSTORE_IDX(*prod);
		size_t chunk = XENSTORE_RING_SIZE - off;

		if (chunk > XENSTORE_RING_SIZE - used)
			chunk = XENSTORE_RING_SIZE - used;
		if (chunk > len - done)
			chunk = len - done;
		memcpy(ring + off, (const char *)data + done, chunk);
		*prod += (XENSTORE_RING_IDX)chunk;
		used += (XENSTORE_RING_IDX)chunk;
		done += chunk;
	}
	return (int)done;
}

int xs_ring_get(const char *ring, XENSTORE_RING_IDX *cons, XENSTORE_RING_IDX prod, void *data,
		size_t len)
{
	XENSTORE_RING_IDX avail = prod - *cons;
	size_t done = 0;

	if (avail > XENSTORE_RING_SIZE)
		return -EPROTO;
	while (done < len && avail) {
		size_t off = MASK_XENSTORE_IDX(*cons);
		size_t chunk = XENSTORE_RING_SIZE - off;

		if (chunk > avail)
			chunk = avail;
		if (chunk > len - done)
			chunk = len - done;
		if (data)
			memcpy((char *)data + done, ring + off, chunk);
		*cons += (XENSTORE_RING_IDX)chunk;
		avail -= (XENSTORE_RING_IDX)chunk;
		done += chunk;
	}
	return (int)done;
}
