/*
 * The QMP monitor (QEMU's JSON machine protocol, what libxl speaks to a
 * device model), pure: one session per client connection, fed the bytes
 * the client sent, producing the bytes to send back. It has no system
 * dependency: it acts on the device model through struct qmp_ops, and the
 * transport (a vchan: apps/ioemu/qmp_vchan.h; a buffer in the tests) is
 * the caller's.
 *
 *	qmp_session_init(&s, &ops, dm, &version);
 *	qmp_session_start(&s);			// a new connection: the greeting
 *	loop:
 *		qmp_session_input(&s, bytes, n, &taken);   // what the client sent
 *		out = qmp_session_output(&s, &len);	   // send what fits ...
 *		qmp_session_output_done(&s, sent);	   // ... and say how much
 *	qmp_session_fini(&s);
 *
 * What it answers, as QEMU 8.0 does: the greeting {"QMP": {"version":
 * {"qemu": {major, minor, micro}, "package"}, "capabilities": []}}; before
 * "qmp_capabilities" every other command is refused (CommandNotFound);
 * then "cont", "stop", "query-status", "query-cpus-fast", "query-version",
 * "query-commands", and this device model's own "x-screen-text" (no
 * arguments): the VGA's text screen as {"rows", "cols", "cursor": {"row",
 * "col"}, "lines": [one string per row, trailing spaces removed]} (see
 * vga_text.h; a GenericError in a graphics mode or without a VGA), which
 * tests read to see what the guest printed without a display; anything
 * else is CommandNotFound, malformed input a
 * GenericError. Replies carry the request's "id" (any JSON value, echoed)
 * and end in "\r\n", which libxl looks for. No events are sent (libxl
 * ignores them).
 */
#ifndef APPS_IOEMU_QMP_H
#define APPS_IOEMU_QMP_H

#include <stdbool.h>
#include <stddef.h>

#include "apps/ioemu/qmp_stream.h"
#include "apps/ioemu/vga_text.h"

/* What the monitor asks of the device model. ctx is qmp_session_init's. */
struct qmp_ops {
	int (*stop)(void *ctx);		   /* pause the guest's vCPUs: 0 or -errno */
	int (*cont)(void *ctx);		   /* let them run: 0 or -errno */
	bool (*running)(void *ctx);	   /* whether they run */
	unsigned (*vcpu_count)(void *ctx); /* the guest's vCPUs (query-cpus-fast) */
	/* The VGA's text screen (x-screen-text): 0, -ENOTSUP in a graphics
	 * mode; NULL (or -ENODEV) when there is no VGA. */
	int (*screen_text)(void *ctx, struct vga_text *text);
};

/* The version the greeting and query-version give. libxl wants integers
 * and a QEMU of at least 2.11 for its stub domain commands. */
struct qmp_version {
	int major, minor, micro;
	const char *package;
};

/* Output held back from the client: beyond this, input is buffered but no
 * more commands are run until the client has read some. */
#define QMP_OUTPUT_HIGH 8192

enum qmp_state {
	QMP_IDLE,	 /* no connection started */
	QMP_NEGOTIATING, /* greeting sent, waiting for qmp_capabilities */
	QMP_COMMANDS,	 /* capabilities negotiated */
	QMP_CLOSING,	 /* the client broke the protocol: send what is left, drop it */
};

struct qmp_session {
	const struct qmp_ops *ops;
	void *ctx;
	const struct qmp_version *version;
	enum qmp_state state;
	struct qmp_stream in;
	char *out; /* replies not yet taken by the transport */
	size_t out_len, out_off, out_cap;
	unsigned long commands; /* messages answered since the last start */
};

/* Sets the session up, idle; nothing is allocated yet. */
void qmp_session_init(struct qmp_session *s, const struct qmp_ops *ops, void *ctx,
		      const struct qmp_version *version);
/* A new connection: drops what the last one left (input, output, the
 * negotiation) and queues the greeting. 0 or -ENOMEM. */
int qmp_session_start(struct qmp_session *s);
/* Takes up to len bytes the client sent (*taken says how many: the rest
 * waits for room) and answers every whole message while the output held
 * back is under QMP_OUTPUT_HIGH; len 0 answers what was held back. 0;
 * -EMSGSIZE when the client filled the input buffer without completing a
 * message (an error is queued and the session is QMP_CLOSING: send it,
 * then drop the client); -ENOMEM, or -ENOBUFS should a reply not fit the
 * output's hard limit (the largest possible does; both leave the session
 * unusable: treat it as closing); -EPIPE when closing or idle (nothing is
 * taken). */
int qmp_session_input(struct qmp_session *s, const void *data, size_t len, size_t *taken);
/* The bytes waiting to be sent (NULL and 0 when none). */
const void *qmp_session_output(const struct qmp_session *s, size_t *len);
/* n of them were sent. */
void qmp_session_output_done(struct qmp_session *s, size_t n);
/* Frees what the session holds; it is idle again. */
void qmp_session_fini(struct qmp_session *s);

#endif
