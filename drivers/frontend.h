/*
 * What every PV frontend does on xenbus: find its devices
 * (device/<type>/<id>), learn the backend, move through the XenbusState
 * handshake while watching the backend's state, and close cleanly.
 */
#ifndef DRIVERS_FRONTEND_H
#define DRIVERS_FRONTEND_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/io/xenbus.h>

#include "xen/events.h"
#include "xen/xenbus.h"

struct frontend {
	char node[64];	   /* "device/vbd/768", relative to our home */
	char backend[128]; /* the backend's directory (absolute) */
	domid_t backend_id;
	struct xenbus_watch *backend_watch;
	bool backend_leaving; /* seen Closing/Closed (frontend_backend_gone) */
};

/* Device ids under device/<type>, in increasing numeric order; returns the
 * count (0 when there are none), at most max stored. */
int frontend_list(const char *type, unsigned *ids, unsigned max);

/* Reads where the backend of device/<type>/<id> is and starts watching its
 * state. */
int frontend_open(struct frontend *fe, const char *type, unsigned id);
void frontend_release(struct frontend *fe);

/* Our state key. */
int frontend_set_state(struct frontend *fe, XenbusState state);
/* The backend's current state (XenbusStateUnknown if unreadable). */
XenbusState frontend_backend_state(struct frontend *fe);
/* Waits until the backend reaches a state in want_mask (bit per state);
 * returns it, or -ETIMEDOUT, or -ECONNRESET if it went to Closing/Closed
 * when that was not wanted. */
int frontend_wait_backend(struct frontend *fe, unsigned want_mask, uint64_t timeout_ns);
#define STATE_BIT(s) (1u << (s))

/* Whether the backend has started to go away (Closing, Closed or gone),
 * judged from its state watch: cheap while nothing changed, so datapaths
 * can ask before every request. */
bool frontend_backend_gone(struct frontend *fe);

/* Reads backend/<key> as a number. */
int frontend_backend_ulong(struct frontend *fe, const char *key, unsigned long *value);
/* Reads backend/<key> as a string (kmalloc'd). */
int frontend_backend_read(struct frontend *fe, const char *key, char **value);
/* Writes <node>/<key> inside transaction t. */
int frontend_write(struct frontend *fe, xenbus_transaction_t t, const char *key, const char *fmt,
		   ...) __attribute__((format(printf, 4, 5)));

/* Runs write(fe, t, ctx) inside a transaction, again while the commit
 * conflicts (-EAGAIN), at most 10 times; a failing write aborts. */
int frontend_transaction(struct frontend *fe,
			 int (*write)(struct frontend *fe, xenbus_transaction_t t, void *ctx),
			 void *ctx);

/* A zeroed page granted to the backend. On failure *page may be set (give
 * it to frontend_release_page) and *ref is -1. */
int frontend_grant_page(struct frontend *fe, bool readonly, void **page, int *ref);
/* Withdraws the grant (waiting up to deadline while the backend still maps
 * the page) and frees the page. Returns false when the page had to be kept
 * because the backend never let go. */
bool frontend_release_page(struct frontend *fe, void *page, int *ref, uint64_t deadline_ns);

/* The closing handshake: Closing, wait for the backend to close, Closed. */
int frontend_close(struct frontend *fe, uint64_t timeout_ns);

/* After a close: announces a new frontend (Initialising) for device/<type>/<id>
 * and waits for the backend to offer a connection (InitWait), so that the
 * next kernel of this domain finds the device as the toolstack left it. */
int frontend_leave_for_successor(const char *type, unsigned id, uint64_t timeout_ns);

#endif
