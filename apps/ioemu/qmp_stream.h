/*
 * QMP's input framing, pure: the bytes a monitor client sends, split into
 * whole JSON messages. A message is a top-level object or array, complete
 * when its braces and brackets balance outside strings (QEMU splits its
 * input the same way: no newline is needed, and several messages may come
 * in one read). Anything else at the top level (a bare word, a stray
 * closing brace) is garbage up to the end of its line, handed out as a
 * message of its own so that the session can answer it with an error.
 * The buffer is bounded: a client that fills it without completing a
 * message is told so (-EMSGSIZE) and is to be dropped.
 */
#ifndef APPS_IOEMU_QMP_STREAM_H
#define APPS_IOEMU_QMP_STREAM_H

#include <stdbool.h>
#include <stddef.h>

/* The longest message taken; libxl's longest (device_add) is ~200 bytes. */
#define QMP_STREAM_MAX 16384

struct qmp_stream {
	char buf[QMP_STREAM_MAX];
	size_t len;   /* bytes held */
	size_t scan;  /* bytes already scanned */
	size_t start; /* where the message being scanned starts */
	unsigned depth;
	bool started; /* a message (or garbage) has begun at start */
	bool in_string, escape, garbage;
};

void qmp_stream_reset(struct qmp_stream *st);
/* Takes as many of the len bytes as there is room for; returns how many. */
size_t qmp_stream_feed(struct qmp_stream *st, const void *data, size_t len);
/* The next whole message: 1 with *msg and *len set (valid until the next
 * qmp_stream_feed or qmp_stream_next) and *garbage telling whether it is
 * not JSON at all; 0 when none is complete yet; -EMSGSIZE when the buffer
 * is full and holds no complete message. The message is dropped from the
 * buffer by the next call. */
int qmp_stream_next(struct qmp_stream *st, const char **msg, size_t *len, bool *garbage);

#endif
