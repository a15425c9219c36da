/*
 * The xenbus device every PV frontend is: its xenstore node
 * (device/<type>/<id>), its other end (the backend's directory and domain),
 * our state and the wait for the backend's state, its event channel, and
 * the one connect sequence and one disconnect the drivers run through
 * callbacks. Drivers (blkfront, consfront, netfront) only allocate their
 * rings, write their keys and read the backend's features.
 */
#ifndef DRIVERS_FRONTEND_H
#define DRIVERS_FRONTEND_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/io/xenbus.h>

#include "kernel/sched.h"
#include "xen/events.h"
#include "xen/xenbus.h"

/* The timeouts of every frontend, named once. */
#define FRONTEND_SECOND	      1000000000ull
#define FRONTEND_HANDSHAKE_NS (30 * FRONTEND_SECOND) /* each wait while connecting */
#define FRONTEND_CLOSE_NS     (10 * FRONTEND_SECOND) /* closing and pages let go */
#define FRONTEND_REOPEN_NS    (5 * FRONTEND_SECOND)  /* a Closed backend to offer again */
#define FRONTEND_HANDOVER_NS  (5 * FRONTEND_SECOND)  /* leaving the device for a successor */
#define FRONTEND_SLOW_NS      (5 * FRONTEND_SECOND)  /* a wait this long is logged */

struct frontend {
	char node[64];	   /* "device/vbd/768", relative to our home */
	char backend[128]; /* the backend's directory (absolute) */
	domid_t backend_id;
	XenbusState state; /* ours, as last written */
	int port;	   /* the event channel connect allocated, -1 when none */
	void *ring;	   /* the shared ring page connect granted (ops->ring_page) */
	int ring_ref;	   /* its grant, -1 when none */
	struct xenbus_watch *backend_watch;
	bool backend_leaving;	    /* seen Closing/Closed (frontend_backend_gone) */
	struct wait_queue wq;	    /* woken on every event of the port */
	struct poll_source *notify; /* signalled on every event (frontend_notify) */
};

/* What a driver gives frontend_connect. Every callback returns 0 or
 * -errno (and logs why); ctx is the driver's device. */
struct frontend_ops {
	/* Wait for the backend to offer a connection (InitWait, or further)
	 * before setting up: backends that publish their features then. */
	bool wait_initwait;
	/* Say Connected before waiting for the backend's Connected: netback
	 * connects only when it sees its frontend Connected. */
	bool connected_first;
	/* One zeroed page granted to the backend as fe->ring (the driver
	 * initialises it in setup). */
	bool ring_page;
	/* An event channel to the backend (fe->port): each event wakes
	 * fe->wq and signals fe->notify. */
	bool event_channel;
	/* Allocates and grants the rings (after the port exists). */
	int (*setup)(struct frontend *fe, void *ctx);
	/* Writes the driver's keys inside the connect transaction. */
	int (*write_keys)(struct frontend *fe, xenbus_transaction_t t, void *ctx);
	/* The backend is Connected: reads its features and geometry. */
	int (*connected)(struct frontend *fe, void *ctx);
	/* Ends the grants and frees what setup allocated (after the close
	 * handshake and the port closed, before fe->ring is given back);
	 * also on a failed connect. */
	void (*teardown)(struct frontend *fe, void *ctx);
};

/* Device ids under device/<type>, in increasing numeric order; returns the
 * count (0 when there are none), at most max stored. */
int frontend_list(const char *type, unsigned *ids, unsigned max);

/* Reads where the backend of device/<type>/<id> is, announces us
 * (Initialising) and starts watching its state. */
int frontend_open(struct frontend *fe, const char *type, unsigned id);
void frontend_release(struct frontend *fe);

/* The one connect sequence: open; the backend's InitWait when asked;
 * event channel; the ring page; ops->setup; ops->write_keys in a transaction (retried on
 * conflicts); Initialised; the backend's Connected; ops->connected;
 * Connected (before the backend's with ops->connected_first). On failure everything is undone
 * (frontend_disconnect) and the error returned. */
int frontend_connect(struct frontend *fe, const char *type, unsigned id,
		     const struct frontend_ops *ops, void *ctx);
/* The one disconnect: the closing handshake (when the device was opened),
 * the event channel closed, ops->teardown, the ring page given back. */
void frontend_disconnect(struct frontend *fe, const struct frontend_ops *ops, void *ctx);

struct poll_source;
/* Signals src (poll_signal, kernel/poll.h) on every event of the device's
 * port, and once now (something may be waiting already); NULL stops it. */
void frontend_notify(struct frontend *fe, struct poll_source *src);

/* Our state key. */
int frontend_set_state(struct frontend *fe, XenbusState state);
/* The backend's current state (XenbusStateUnknown if unreadable). */
XenbusState frontend_backend_state(struct frontend *fe);

#define STATE_BIT(s) (1u << (s))
/* Closing or Closed not in the mask ends the wait with -ECONNRESET. */
#define FRONTEND_ABORT_ON_CLOSE 1u

/* The one wait for the backend's state: until it is in want_mask (a bit
 * per state, STATE_BIT), returning it; -ETIMEDOUT at the system-time
 * deadline (ns); with FRONTEND_ABORT_ON_CLOSE, -ECONNRESET when the
 * backend is Closing or Closed and that was not wanted. Callers log. */
int frontend_wait_state(struct frontend *fe, unsigned want_mask, uint64_t deadline_ns,
			unsigned flags);

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
