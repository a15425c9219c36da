/*
 * The QMP monitor (apps/ioemu/qmp.h) served on a libxenvchan server, the
 * way libxl reaches a device model in a stub domain: dom0 runs
 * vchan-socket-proxy as the vchan's client, one connection per libxl
 * operation; each new connection gets a fresh session and greeting. It
 * runs on the device model's one wait (kernel/poll.h), never blocking:
 *
 *	struct poll_set ps;
 *	struct qmp_vchan *qv;
 *	char path[96];
 *
 *	poll_init(&ps);
 *	qmp_vchan_path(path, sizeof(path), stub_domid, guest_domid);
 *	rc = qmp_vchan_open(&qv, &ps, 0, path, &dm_qmp_ops, dm, &version);
 *	... add the ioreq ports, disks, timers to ps ...
 *	for (;;)
 *		poll_wait(&ps, 0);	// QMP is served by its source's handler
 *	qmp_vchan_close(qv);
 *
 * qmp_vchan_open adds one source to the set (named "qmp"); its handler
 * takes the vchan's events and calls qmp_vchan_serve, which moves what
 * the client sent into the session and the session's replies into the
 * ring, as far as the rings allow, and sees clients come and go. A client
 * that breaks the protocol (more input than QMP_STREAM_MAX without a whole
 * message) gets its error, then everything else it sends is read and
 * thrown away, unanswered, until it disconnects; the next client is served
 * afresh. (The server cannot end a connection itself: clearing srv_live
 * makes dom0's vchan-socket-proxy exit at its next write, and with it
 * libxl's only way to the device model.) A client that leaves and another
 * that connects before qmp_vchan_serve has run in between look like one
 * connection (cli_live goes 1, 0, 1 unseen) and the second gets no
 * greeting; libxl's operations are far apart for a loop that never
 * blocks, but a device model must not stall its loop for long.
 */
#ifndef APPS_IOEMU_QMP_VCHAN_H
#define APPS_IOEMU_QMP_VCHAN_H

#include <stddef.h>

#include "apps/ioemu/qmp.h"

struct poll_set;
struct qmp_vchan;

/* "/local/domain/<stub>/device-model/<guest>/qmp-vchan", where libxl's
 * vchan-socket-proxy looks. 0, or -ENAMETOOLONG. */
int qmp_vchan_path(char *buf, size_t size, unsigned stub_domid, unsigned guest_domid);

/* Serves QMP for client_domid (0: dom0) at xs_path: a ring page shared
 * with it, an event channel it may bind, their numbers in xs_path's
 * ring-ref and event-channel keys (readable by the client only). ops, ctx
 * and version go to each session (qmp_session_init) and must outlive qv.
 * 0 and *out set, or -errno (logged). */
int qmp_vchan_open(struct qmp_vchan **out, struct poll_set *ps, unsigned client_domid,
		   const char *xs_path, const struct qmp_ops *ops, void *ctx,
		   const struct qmp_version *version);
/* Does what can be done now (qmp_vchan_open's source calls it on every
 * event; calling it more often does no harm). */
void qmp_vchan_serve(struct qmp_vchan *qv);
/* How many clients connected and QMP messages were answered so far. */
unsigned long qmp_vchan_connections(const struct qmp_vchan *qv);
unsigned long qmp_vchan_messages(const struct qmp_vchan *qv);
/* Stops serving: the source leaves its set, the client is told the
 * server is gone, the xenstore keys are removed. NULL does nothing. */
void qmp_vchan_close(struct qmp_vchan *qv);

#endif
