/*
 * Talking to xenstored over the domain's store ring: one request at a time,
 * waiting (bounded) for its reply. Enough for the kernel's own reads; the
 * full client (watches, transactions, threads) builds on the same ring code.
 */
#ifndef XEN_XENSTORE_H
#define XEN_XENSTORE_H

#include <stddef.h>
#include <xen/xen.h>

void xenstore_init(start_info_t *si);

/* Reads path (relative paths are under this domain's home) into buf as a
 * NUL-terminated string; returns its length or -errno (-ENOENT, -EACCES,
 * -ETIMEDOUT, -E2BIG when it does not fit). */
int xenstore_read(const char *path, char *buf, size_t size);

/* This domain's id, read from "domid"; -errno on failure. */
int xenstore_domid(void);

#endif
