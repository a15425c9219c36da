/*
 * Byte-stream copies in and out of a xenstore ring (1024-byte circular
 * buffers with free-running indices). Pure index arithmetic: the caller
 * reads the other side's index before and publishes its own after, with
 * the barriers in between.
 */
#ifndef XEN_XS_RING_H
#define XEN_XS_RING_H

#include <stddef.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>

/* Copies as much of data as fits into ring at *prod (the reader is at
 * cons), advancing *prod; returns the bytes copied, or -EPROTO when the
 * indices are impossible (more than a ring apart). */
int xs_ring_put(char *ring, XENSTORE_RING_IDX cons, XENSTORE_RING_IDX *prod, const void *data,
		size_t len);

/* Copies up to len available bytes from ring at *cons (the writer is at
 * prod) into data (NULL: discard), advancing *cons; returns the bytes
 * taken, or -EPROTO for impossible indices. */
int xs_ring_get(const char *ring, XENSTORE_RING_IDX *cons, XENSTORE_RING_IDX prod, void *data,
		size_t len);

#endif
