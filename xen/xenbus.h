/*
 * The xenbus client: xenstore requests over the domain's store ring from
 * any thread (replies matched by request id), transactions, permissions and
 * watches. Values and listings are returned in kmalloc'd memory the caller
 * kfree()s. Errors are negative errno (xenstored's error names mapped).
 */
#ifndef XEN_XENBUS_H
#define XEN_XENBUS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>

#include "xen/xs_codec.h"

typedef uint32_t xenbus_transaction_t;
#define XBT_NIL ((xenbus_transaction_t)0)

struct xenbus_watch;

void xenbus_init(start_info_t *si);

/* Value of path, NUL-terminated (len without the NUL, may be NULL). */
int xenbus_read(xenbus_transaction_t t, const char *path, char **value, unsigned *len);
int xenbus_read_ulong(xenbus_transaction_t t, const char *path, unsigned long *value);
int xenbus_write(xenbus_transaction_t t, const char *path, const char *value, size_t len);
int xenbus_printf(xenbus_transaction_t t, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int xenbus_vprintf(xenbus_transaction_t t, const char *path, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int xenbus_mkdir(xenbus_transaction_t t, const char *path);
int xenbus_rm(xenbus_transaction_t t, const char *path);
/* Children of path: *names is one allocation holding the array and the
 * strings; returns the count. */
int xenbus_directory(xenbus_transaction_t t, const char *path, char ***names);
/* Returns the number of entries stored into perms (at most max). */
int xenbus_get_perms(xenbus_transaction_t t, const char *path, struct xs_perm *perms, unsigned max);
int xenbus_set_perms(xenbus_transaction_t t, const char *path, const struct xs_perm *perms,
		     unsigned n);
/* "/local/domain/<domid>" (kmalloc'd). */
int xenbus_get_domain_path(unsigned domid, char **path);

int xenbus_transaction_start(xenbus_transaction_t *t);
/* Commits (or aborts); -EAGAIN when the transaction conflicted and must be
 * run again. */
int xenbus_transaction_end(xenbus_transaction_t t, bool abort);

/* Watches path (and everything below). Xen fires the watch once at once. */
int xenbus_watch(const char *path, const char *token, struct xenbus_watch **watch);
int xenbus_unwatch(struct xenbus_watch *watch);
/* Waits for the next event of the watch: the path that changed, kmalloc'd.
 * deadline in system-time ns (0: none); -ETIMEDOUT when it passes. */
int xenbus_watch_wait(struct xenbus_watch *watch, char **path, uint64_t deadline_ns);
/* Waits for the next event of any of n watches; *which tells whose. */
int xenbus_watch_wait_any(struct xenbus_watch *const *watches, unsigned n, unsigned *which,
			  char **path, uint64_t deadline_ns);
/* Whether an event is queued (without waiting). */
bool xenbus_watch_pending(struct xenbus_watch *watch);
const char *xenbus_watch_token(const struct xenbus_watch *watch);

/* This domain's id, from "domid". */
int xenbus_domid(void);
/* Asks xenstored to drop every watch and transaction of this domain (for
 * handing the connection to another kernel). */
int xenbus_reset_watches(void);

#endif
