/*
 * QMP's input framing (qmp_stream.h): a scanner over the buffered bytes
 * that tracks nesting depth, strings and escapes, and cuts a message where
 * its top-level value closes.
 */
#include "apps/ioemu/qmp_stream.h"

#include <errno.h>
#include <string.h>

void qmp_stream_reset(struct qmp_stream *st)
{
	st->len = 0;
	st->scan = 0;
	st->start = 0;
	st->depth = 0;
	st->started = false;
	st->in_string = false;
	st->escape = false;
	st->garbage = false;
}

/* Drops the bytes before st->scan: what earlier messages and the white
 * space between them took. */
static void drop_scanned(struct qmp_stream *st)
{
	size_t from = st->started ? st->start : st->scan;

	if (from == 0)
		return;
	memmove(st->buf, st->buf + from, st->len - from);
	st->len -= from;
	st->scan -= from;
	st->start -= from;
}

size_t qmp_stream_feed(struct qmp_stream *st, const void *data, size_t len)
{
	size_t room;

	drop_scanned(st);
	room = QMP_STREAM_MAX - st->len;
	if (len > room)
		len = room;
	if (len)
		memcpy(st->buf + st->len, data, len);
	st->len += len;
	return len;
}

/* One byte of a message that has started; true when it ends the message. */
static bool scan_byte(struct qmp_stream *st, char c)
{
	if (st->garbage)
		return c == '\n';
	if (st->in_string) {
		if (st->escape)
			st->escape = false;
		else if (c == '\\')
			st->escape = true;
		else if (c == '"')
			st->in_string = false;
		return false;
	}
	switch (c) {
	case '"':
		st->in_string = true;
		return false;
	case '{':
	case '[':
		st->depth++;
		return false;
	case '}':
	case ']':
		return --st->depth == 0;
	default:
		return false;
	}
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int qmp_stream_next(struct qmp_stream *st, const char **msg, size_t *len, bool *garbage)
{
	drop_scanned(st);
	while (st->scan < st->len) {
		char c = st->buf[st->scan++];

		if (!st->started) {
			if (is_space(c))
				continue;
			st->started = true;
			st->start = st->scan - 1;
			st->garbage = c != '{' && c != '[';
			st->depth = st->garbage ? 0 : 1;
			st->in_string = st->escape = false;
			continue;
		}
		if (scan_byte(st, c)) {
			*msg = st->buf + st->start;
			*len = st->scan - st->start;
			*garbage = st->garbage;
			st->started = false;
			st->garbage = false;
			return 1;
		}
	}
	drop_scanned(st);
	if (st->len == QMP_STREAM_MAX)
		return -EMSGSIZE;
	return 0;
}
