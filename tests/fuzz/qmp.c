/*
 * libFuzzer harness: the QMP monitor (apps/ioemu/qmp.c, with its framing,
 * qmp_stream.c, and cJSON) fed whatever a client sends. The first byte
 * picks how the bytes arrive (chunk size) and whether the client reads
 * its replies as it goes; the rest is the connection's bytes. Whatever
 * comes, every byte sent back is a complete JSON object ending in "\r\n"
 * (the greeting, a return or an error), the input taken never exceeds
 * what was given, and the output held stays bounded.
 */
#include "apps/ioemu/qmp.h"

#include <cJSON.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct dm {
	bool running;
};

static int dm_stop(void *ctx)
{
	((struct dm *)ctx)->running = false;
	return 0;
}

static int dm_cont(void *ctx)
{
	((struct dm *)ctx)->running = true;
	return 0;
}

static bool dm_running(void *ctx)
{
	return ((struct dm *)ctx)->running;
}

static unsigned dm_vcpus(void *ctx)
{
	return ((struct dm *)ctx)->running ? 3 : 2;
}

static const struct qmp_ops ops = { dm_stop, dm_cont, dm_running, dm_vcpus, NULL };
static const struct qmp_version version = { 8, 0, 0, "fuzz" };

/* Checks and drops what the session has to send: each message one JSON
 * object with QMP, return or error. */
static void drain(struct qmp_session *s)
{
	size_t len;
	const char *out = qmp_session_output(s, &len);

	if (len > QMP_OUTPUT_HIGH + 8 * QMP_STREAM_MAX)
		__builtin_trap();
	while (len) {
		const char *end = memchr(out, '\n', len);
		cJSON *msg;

		if (!end || end == out || end[-1] != '\r')
			__builtin_trap();
		msg = cJSON_ParseWithLength(out, (size_t)(end - 1 - out));
		if (!cJSON_IsObject(msg) || !(cJSON_GetObjectItemCaseSensitive(msg, "QMP") ||
					      cJSON_GetObjectItemCaseSensitive(msg, "return") ||
					      cJSON_GetObjectItemCaseSensitive(msg, "error")))
			__builtin_trap();
		cJSON_Delete(msg);
		qmp_session_output_done(s, (size_t)(end + 1 - out));
		out = qmp_session_output(s, &len);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qmp_session s;
	struct dm dm = { false };
	size_t chunk;
	bool reads;

	if (size < 1)
		return 0;
	chunk = (size_t)(data[0] & 0x7f) + 1;
	reads = !(data[0] & 0x80);
	data++;
	size--;
	qmp_session_init(&s, &ops, &dm, &version);
	if (qmp_session_start(&s) != 0)
		abort();
	while (size) {
		size_t n = size < chunk ? size : chunk, taken;
		int rc = qmp_session_input(&s, data, n, &taken);

		if (taken > n)
			__builtin_trap();
		if (reads || rc < 0 || taken < n)
			drain(&s);
		if (rc < 0 && rc != -EMSGSIZE && rc != -EPIPE)
			__builtin_trap();
		if (rc < 0)
			break;
		data += taken;
		size -= taken;
	}
	(void)qmp_session_input(&s, NULL, 0, &chunk);
	drain(&s);
	qmp_session_fini(&s);
	return 0;
}
