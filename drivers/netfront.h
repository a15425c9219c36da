/*
 * PV network frontend (netfront): sends and receives raw Ethernet frames
 * over a Xen virtual interface (device/vif/<id>), with one shared tx and rx
 * ring, a single event channel and receive by copy (request-rx-copy). No
 * scatter-gather, no offloads: every frame fits one page and carries its
 * own checksums. Errors are negative errno. Sending and receiving wait, or
 * not (netfront_try_send, netfront_try_receive, netfront_notify: for a
 * thread serving several devices through kernel/poll.h).
 *
 * One device may be used by several threads (the scheduler is cooperative);
 * netfront_close() must not race with a send or receive in progress.
 */
#ifndef DRIVERS_NETFRONT_H
#define DRIVERS_NETFRONT_H

#include <stddef.h>
#include <stdint.h>

struct netfront;
struct poll_source;

struct netfront_stats {
	uint64_t tx_frames;	/* frames queued to the backend */
	uint64_t tx_errors;	/* frames the backend answered with an error or a drop */
	uint64_t tx_waits;	/* sends that waited for a free tx buffer */
	uint64_t rx_frames;	/* frames handed to a caller */
	uint64_t rx_errors;	/* receive slots the backend failed (negative status) */
	uint64_t rx_dropped;	/* frames in several slots, or longer than the caller's buffer */
	uint64_t bad_responses; /* ring entries out of range or inconsistent (hostile backend?) */
};

/* Connects the index-th vif (in increasing numeric order of the ids under
 * device/vif) and stores the device in *out. -ENODEV when there is no such
 * vif, -EPROTO when the backend cannot copy received frames (no
 * feature-rx-copy), -ETIMEDOUT / -ECONNRESET when the backend does not
 * connect, -ENOMEM / -ENOSPC when memory or grant references run out. */
int netfront_open(unsigned index, struct netfront **out);

/* The interface's MAC address, as the toolstack set it ("mac" in the
 * frontend's directory). */
int netfront_mac(struct netfront *nf, uint8_t mac[6]);

/* Queues one frame (destination, source, EtherType, payload; no FCS) of
 * 14 to 1514 bytes, else -EINVAL. Returns 0 once the frame is on the tx
 * ring: the backend reports delivery errors only in the statistics. Blocks
 * while the ring is full (at most 30 s, then -ETIMEDOUT); -EPROTO once the
 * backend has broken the ring protocol. */
int netfront_send(struct netfront *nf, const void *frame, size_t len);

/* netfront_send without waiting: -EAGAIN when no tx buffer or ring slot
 * is free now (try again when the device's poll source fires). */
int netfront_try_send(struct netfront *nf, const void *frame, size_t len);

/* Takes the next received frame without waiting and copies it to buf:
 * returns its length, -EAGAIN when none has arrived, -EMSGSIZE when it is
 * longer than size (the frame is dropped), -EPROTO once the backend has
 * broken the ring protocol. */
int netfront_try_receive(struct netfront *nf, void *buf, size_t size);
/* Signals src (poll_signal, kernel/poll.h) on every event of the device:
 * frames arrived or tx buffers freed. Its handler calls
 * netfront_try_receive until -EAGAIN. NULL stops it. */
void netfront_notify(struct netfront *nf, struct poll_source *src);

/* Waits for the next received frame (netfront_try_receive's results) or
 * -ETIMEDOUT when the system-time deadline (ns; 0 waits for ever)
 * passes. */
int netfront_receive(struct netfront *nf, void *buf, size_t size, uint64_t deadline_ns);

/* Counters since netfront_open. */
void netfront_stats(struct netfront *nf, struct netfront_stats *st);

/* Closes cleanly: Closing, waits for the backend to close, Closed; then
 * ends every grant, frees the pages and closes the event channel. Pages the
 * backend still maps after that are reported and not freed. nf is freed. */
void netfront_close(struct netfront *nf);

#endif
