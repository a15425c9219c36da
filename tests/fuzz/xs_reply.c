/*
 * libFuzzer harness: arbitrary bytes as a stream of xenstore replies, fed
 * through the ring copy and every decoder the xenbus client applies to what
 * xenstored sends (header check, error names, lists, watch events,
 * permissions, numbers).
 */
#include "xen/xs_codec.h"
#include "xen/xs_ring.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void decode(const struct xsd_sockmsg *h, const char *body, size_t len)
{
	const char *list[64], *path, *token;
	struct xs_perm perms[16];
	unsigned long v;

	if (xs_header_check(h) < 0)
		return;
	switch (h->type) {
	case XS_ERROR:
		(void)xs_error_code(body, len);
		break;
	case XS_DIRECTORY:
		(void)xs_split(body, len, list, 64);
		break;
	case XS_WATCH_EVENT:
		(void)xs_parse_watch_event(body, len, &path, &token);
		break;
	case XS_GET_PERMS:
		(void)xs_parse_perms(body, len, perms, 16);
		break;
	case XS_TRANSACTION_START:
	case XS_GET_DOMAIN_PATH:
		(void)xs_parse_ulong(body, len ? strnlen(body, len) : 0, &v);
		(void)xs_split(body, len, list, 1);
		break;
	default:
		(void)xs_split(body, len, list, 64);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char ring[XENSTORE_RING_SIZE];
	static char body[XENSTORE_PAYLOAD_MAX];
	XENSTORE_RING_IDX prod = 0, cons = 0;
	size_t off = 0;

	/* First four bytes, if any, pick where the ring indices start so that
	 * wrap-around is exercised too. */
	if (size >= 4) {
		memcpy(&prod, data, 4);
		cons = prod;
		off = 4;
	}
	while (off < size) {
		struct xsd_sockmsg h;
		int got, n = xs_ring_put(ring, cons, &prod, data + off, size - off);

		if (n <= 0)
			break;
		off += (size_t)n;
		while ((XENSTORE_RING_IDX)(prod - cons) >= sizeof(h)) {
			XENSTORE_RING_IDX save = cons;
			xs_ring_get(ring, &cons, prod, &h, sizeof(h));
			if (xs_header_check(&h) < 0)
				return 0; /* the client drops the connection here */
			if ((XENSTORE_RING_IDX)(prod - cons) < h.len) {
				cons = save; /* wait for the rest */
				break;
			}
			got = xs_ring_get(ring, &cons, prod, body, h.len);
			if (got != (int)h.len)
				__builtin_trap();
			decode(&h, body, h.len);
		}
		if ((XENSTORE_RING_IDX)(prod - cons) == XENSTORE_RING_SIZE)
			break; /* a header claiming more than fits: would never complete */
	}
	return 0;
}
