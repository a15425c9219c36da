/* apps/ioemu/qmp: the QMP monitor's session as libxl and a careless or
 * hostile client drive it, and its input framing (qmp_stream). */
#include "apps/ioemu/qmp.h"
#include "apps/ioemu/qmp_stream.h"
#include "tests/unit/check.h"

#include <errno.h>
#include <stdlib.h>

struct fake_dm {
	bool running;
	unsigned vcpus;
	int fail; /* what stop and cont return */
	int stops, conts;
};

static int fake_stop(void *ctx)
{
	struct fake_dm *dm = ctx;

	dm->stops++;
	if (dm->fail)
		return dm->fail;
	dm->running = false;
	return 0;
}

static int fake_cont(void *ctx)
{
	struct fake_dm *dm = ctx;

	dm->conts++;
	if (dm->fail)
		return dm->fail;
	dm->running = true;
	return 0;
}

static bool fake_running(void *ctx)
{
	return ((struct fake_dm *)ctx)->running;
}

static unsigned fake_vcpus(void *ctx)
{
	return ((struct fake_dm *)ctx)->vcpus;
}

static const struct qmp_ops fake_ops = { fake_stop, fake_cont, fake_running, fake_vcpus, NULL };
static const struct qmp_version version = { 8, 0, 0, "stubdom-ioemu" };

/* Everything the session has to send, as a string (and taken). */
static char out[65536];
static const char *take(struct qmp_session *s)
{
	size_t len;
	const void *p = qmp_session_output(s, &len);

	CHECK(len < sizeof(out));
	if (len >= sizeof(out))
		len = sizeof(out) - 1;
	memcpy(out, p ? p : "", len);
	out[len] = '\0';
	qmp_session_output_done(s, len);
	return out;
}

static int feed(struct qmp_session *s, const char *text)
{
	size_t taken;
	int rc = qmp_session_input(s, text, strlen(text), &taken);

	CHECK_INT(taken, strlen(text));
	return rc;
}

/* A session past the greeting and capabilities. */
static void negotiated(struct qmp_session *s, struct fake_dm *dm)
{
	qmp_session_init(s, &fake_ops, dm, &version);
	CHECK_INT(qmp_session_start(s), 0);
	take(s);
	CHECK_INT(feed(s, "{\"execute\":\"qmp_capabilities\",\"id\":1}\r\n"), 0);
	CHECK_STR(take(s), "{\"return\":{},\"id\":1}\r\n");
}

TEST(qmp_greeting_has_integer_version_and_capabilities)
{
	struct fake_dm dm = { 0 };
	struct qmp_session s;

	qmp_session_init(&s, &fake_ops, &dm, &version);
	CHECK_INT(qmp_session_start(&s), 0);
	CHECK_STR(take(&s), "{\"QMP\":{\"version\":{\"qemu\":{\"micro\":0,\"minor\":0,\"major\":8},"
			    "\"package\":\"stubdom-ioemu\"},\"capabilities\":[]}}\r\n");
	qmp_session_fini(&s);
}

TEST(qmp_commands_before_capabilities_are_refused)
{
	struct fake_dm dm = { 0 };
	struct qmp_session s;

	qmp_session_init(&s, &fake_ops, &dm, &version);
	qmp_session_start(&s);
	take(&s);
	CHECK_INT(feed(&s, "{\"execute\":\"cont\",\"id\":7}"), 0);
	CHECK_STR(take(&s), "{\"error\":{\"class\":\"CommandNotFound\",\"desc\":\"Expecting "
			    "capabilities negotiation with 'qmp_capabilities'\"},\"id\":7}\r\n");
	CHECK_INT(dm.conts, 0);
	CHECK_INT(feed(&s, "{\"execute\":\"qmp_capabilities\",\"id\":8}"), 0);
	CHECK_STR(take(&s), "{\"return\":{},\"id\":8}\r\n");
	CHECK_INT(feed(&s, "{\"execute\":\"qmp_capabilities\",\"id\":9}"), 0);
	CHECK(strstr(take(&s), "\"CommandNotFound\"") != NULL);
	qmp_session_fini(&s);
}

TEST(qmp_capabilities_refuses_unknown_ones)
{
	struct fake_dm dm = { 0 };
	struct qmp_session s;

	qmp_session_init(&s, &fake_ops, &dm, &version);
	qmp_session_start(&s);
	take(&s);
	feed(&s,
	     "{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[\"oob\"]},\"id\":1}");
	CHECK_STR(take(&s), "{\"error\":{\"class\":\"GenericError\",\"desc\":\"Capability 'oob' "
			    "not available\"},\"id\":1}\r\n");
	CHECK_INT(s.state, QMP_NEGOTIATING);
	feed(&s, "{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[]},\"id\":2}");
	CHECK_STR(take(&s), "{\"return\":{},\"id\":2}\r\n");
	CHECK_INT(s.state, QMP_COMMANDS);
	qmp_session_fini(&s);
}

TEST(qmp_cont_stop_and_query_status)
{
	struct fake_dm dm = { 0 };
	struct qmp_session s;

	negotiated(&s, &dm);
	feed(&s, "{\"execute\":\"query-status\",\"id\":2}\r\n");
	CHECK_STR(take(&s), "{\"return\":{\"status\":\"paused\",\"singlestep\":false,\"running\":"
			    "false},\"id\":2}\r\n");
	feed(&s, "{\"execute\":\"cont\",\"id\":3}\r\n");
	CHECK_STR(take(&s), "{\"return\":{},\"id\":3}\r\n");
	CHECK(dm.running);
	feed(&s, "{\"execute\":\"query-status\",\"id\":4}\r\n");
	CHECK_STR(take(&s), "{\"return\":{\"status\":\"running\",\"singlestep\":false,\"running\":"
			    "true},\"id\":4}\r\n");
	feed(&s, "{\"execute\":\"stop\",\"id\":5}\r\n");
	CHECK_STR(take(&s), "{\"return\":{},\"id\":5}\r\n");
	CHECK(!dm.running);
	CHECK_INT(dm.stops, 1);
	CHECK_INT(dm.conts, 1);
	qmp_session_fini(&s);
}

TEST(qmp_device_model_failure_is_a_generic_error)
{
	struct fake_dm dm = { .fail = -EIO };
	struct qmp_session s;

	negotiated(&s, &dm);
	feed(&s, "{\"execute\":\"cont\",\"id\":3}");
	CHECK_STR(take(&s), "{\"error\":{\"class\":\"GenericError\",\"desc\":\"Resuming the guest "
			    "failed: EIO\"},\"id\":3}\r\n");
	qmp_session_fini(&s);
}

TEST(qmp_query_cpus_fast_lists_each_vcpu)
{
	struct fake_dm dm = { .vcpus = 2 };
	struct qmp_session s;

	negotiated(&s, &dm);
	feed(&s, "{\"execute\":\"query-cpus-fast\",\"id\":6}");
	CHECK_STR(take(&s),
		  "{\"return\":[{\"cpu-index\":0,\"qom-path\":\"/machine/unattached/device[0]\","
		  "\"thread-id\":0,\"target\":\"x86_64\",\"props\":{\"core-id\":0,\"thread-id\":0,"
		  "\"socket-id\":0}},{\"cpu-index\":1,\"qom-path\":\"/machine/unattached/"
		  "device[1]\",\"thread-id\":1,\"target\":\"x86_64\",\"props\":{\"core-id\":0,"
		  "\"thread-id\":0,\"socket-id\":1}}],\"id\":6}\r\n");
	qmp_session_fini(&s);
}

TEST(qmp_unknown_command_and_argument_errors)
{
	struct fake_dm dm = { 0 };
	struct qmp_session s;

	negotiated(&s, &dm);
	feed(&s, "{\"execute\":\"xen-save-devices-state\",\"id\":10}");
	CHECK_STR(take(&s), "{\"error\":{\"class\":\"CommandNotFound\",\"desc\":\"The command "
			    "xen-save-devices-state has not been found\"},\"id\":10}\r\n");
	feed(&s, "{\"execute\":\"cont\",\"arguments\":{\"now\":true},\"id\":11}");
	CHECK_STR(take(&s), "{\"error\":{\"class\":\"GenericError\",\"desc\":\"Parameter 'now' is "
			    "unexpected\"},\"id\":11}\r\n");
	CHECK_INT(dm.conts, 0);
	feed(&s, "{\"execute\":\"cont\",\"arguments\":[],\"id\":12}");
	CHECK(strstr(take(&s), "'arguments' must be an object") != NULL);
	feed(&s, "{\"execute\":3,\"id\":13}");
	CHECK(strstr(take(&s), "'execute' must be a string") != NULL);
	feed(&s, "{\"id\":14}");
	CHECK(strstr(take(&s), "lacks member 'execute'") != NULL);
	feed(&s, "{\"execute\":\"cont\",\"colour\":1}");
	CHECK(strstr(take(&s), "'colour' is unexpected") != NULL);
	feed(&s, "[1,2]");
	CHECK_STR(take(&s), "{\"error\":{\"class\":\"GenericError\",\"desc\":\"QMP input must be "
			    "a JSON object\"}}\r\n");
	qmp_session_fini(&s);
}

TEST(qmp_id_is_echoed_whatever_its_type)
{
	struct fake_dm dm = { 0 };
	struct qmp_session s;

	negotiated(&s, &dm);
	feed(&s, "{\"id\":{\"a\":[\"x\",null]},\"execute\":\"stop\"}");
	CHECK_STR(take(&s), "{\"return\":{},\"id\":{\"a\":[\"x\",null]}}\r\n");
	feed(&s, "{\"execute\":\"stop\"}");
	CHECK_STR(take(&s), "{\"return\":{}}\r\n");
	qmp_session_fini(&s);
}

TEST(qmp_malformed_json_gets_an_error_and_the_session_goes_on)
{
	struct fake_dm dm = { 0 };
	struct qmp_session s;

	negotiated(&s, &dm);
	feed(&s, "{\"execute\": }\r\n");
	CHECK_STR(take(&s),
		  "{\"error\":{\"class\":\"GenericError\",\"desc\":\"JSON parse error\"}}\r\n");
	feed(&s, "hello there\r\n");
	CHECK_STR(take(&s), "{\"error\":{\"class\":\"GenericError\",\"desc\":\"JSON parse error, "
			    "invalid input\"}}\r\n");
	feed(&s, "}\n");
	CHECK(strstr(take(&s), "JSON parse error") != NULL);
	feed(&s, "{\"execute\":\"query-status\",\"id\":1}");
	CHECK(strstr(take(&s), "\"status\":\"paused\"") != NULL);
	qmp_session_fini(&s);
}

TEST(qmp_messages_split_and_joined_arbitrarily)
{
	struct fake_dm dm = { 0 };
	struct qmp_session s;
	const char *two =
		"{\"execute\":\"cont\",\"id\":\"a}\\\"{\"}{\"execute\":\"stop\",\"id\":2}";

	negotiated(&s, &dm);
	for (const char *p = two; *p; p++) {
		size_t taken;

		CHECK_INT(qmp_session_input(&s, p, 1, &taken), 0);
		CHECK_INT(taken, 1);
	}
	CHECK_STR(take(&s), "{\"return\":{},\"id\":\"a}\\\"{\"}\r\n{\"return\":{},\"id\":2}\r\n");
	CHECK_INT(dm.conts, 1);
	CHECK_INT(dm.stops, 1);
	qmp_session_fini(&s);
}

TEST(qmp_overlong_input_is_refused_and_closes)
{
	struct fake_dm dm = { 0 };
	struct qmp_session s;
	static char junk[QMP_STREAM_MAX + 100];
	size_t taken;

	negotiated(&s, &dm);
	junk[0] = '{';
	junk[1] = '"';
	memset(junk + 2, 'x', sizeof(junk) - 2);
	CHECK_INT(qmp_session_input(&s, junk, sizeof(junk), &taken), -EMSGSIZE);
	CHECK_INT(taken, QMP_STREAM_MAX);
	CHECK_INT(s.state, QMP_CLOSING);
	CHECK_STR(take(&s), "{\"error\":{\"class\":\"GenericError\",\"desc\":\"QMP input exceeds "
			    "16384 bytes without a complete message\"}}\r\n");
	CHECK_INT(qmp_session_input(&s, "{}", 2, &taken), -EPIPE);
	CHECK_INT(taken, 0);
	/* A new connection starts afresh. */
	CHECK_INT(qmp_session_start(&s), 0);
	CHECK(strncmp(take(&s), "{\"QMP\":", 7) == 0);
	CHECK_INT(feed(&s, "{\"execute\":\"cont\"}"), 0);
	CHECK(strstr(take(&s), "Expecting capabilities") != NULL);
	qmp_session_fini(&s);
}

TEST(qmp_output_not_read_holds_back_commands)
{
	struct fake_dm dm = { .vcpus = 64 };
	struct qmp_session s;
	const char *q = "{\"execute\":\"query-cpus-fast\"}";
	size_t len, taken;
	int n = 0;

	negotiated(&s, &dm);
	/* Each reply is ~9 KiB: the second waits until the first is read. */
	CHECK_INT(feed(&s, q), 0);
	CHECK_INT(feed(&s, q), 0);
	qmp_session_output(&s, &len);
	CHECK(len > QMP_OUTPUT_HIGH);
	qmp_session_output_done(&s, len);
	CHECK_INT(qmp_session_input(&s, NULL, 0, &taken), 0);
	qmp_session_output(&s, &len);
	CHECK(len > QMP_OUTPUT_HIGH);
	qmp_session_output_done(&s, len);
	CHECK_INT(qmp_session_input(&s, NULL, 0, &taken), 0);
	CHECK(qmp_session_output(&s, &len) == NULL);
	/* A client that never reads fills the input, then is told to wait. */
	for (;;) {
		CHECK_INT(qmp_session_input(&s, q, strlen(q), &taken), 0);
		if (taken < strlen(q))
			break;
		n++;
	}
	CHECK(n > 100);
	qmp_session_fini(&s);
}

TEST(qmp_stream_frames_strings_escapes_and_garbage)
{
	static struct qmp_stream st;
	const char *msg;
	size_t len;
	bool garbage;
	const char *in = "  {\"a\":\"}]\\\\\"}\n[1,[2]] oops {\n{\"b\":1";

	qmp_stream_reset(&st);
	CHECK_INT(qmp_stream_feed(&st, in, strlen(in)), strlen(in));
	CHECK_INT(qmp_stream_next(&st, &msg, &len, &garbage), 1);
	CHECK_INT(len, 12);
	CHECK(!garbage && memcmp(msg, "{\"a\":\"}]\\\\\"}", len) == 0);
	CHECK_INT(qmp_stream_next(&st, &msg, &len, &garbage), 1);
	CHECK(!garbage && len == 7 && memcmp(msg, "[1,[2]]", 7) == 0);
	CHECK_INT(qmp_stream_next(&st, &msg, &len, &garbage), 1);
	CHECK(garbage && len == 7 && memcmp(msg, "oops {\n", 7) == 0);
	CHECK_INT(qmp_stream_next(&st, &msg, &len, &garbage), 0);
	CHECK_INT(qmp_stream_feed(&st, "}", 1), 1);
	CHECK_INT(qmp_stream_next(&st, &msg, &len, &garbage), 1);
	CHECK(!garbage && len == 7 && memcmp(msg, "{\"b\":1}", 7) == 0);
	CHECK_INT(qmp_stream_next(&st, &msg, &len, &garbage), 0);
	CHECK_INT(st.len, 0);
}

TEST(qmp_query_version_and_commands)
{
	struct fake_dm dm = { 0 };
	struct qmp_session s;

	negotiated(&s, &dm);
	feed(&s, "{\"execute\":\"query-version\",\"id\":1}");
	CHECK_STR(take(&s), "{\"return\":{\"qemu\":{\"micro\":0,\"minor\":0,\"major\":8},"
			    "\"package\":\"stubdom-ioemu\"},\"id\":1}\r\n");
	feed(&s, "{\"execute\":\"query-commands\",\"id\":2}");
	CHECK_STR(take(&s), "{\"return\":[{\"name\":\"qmp_capabilities\"},{\"name\":\"cont\"},"
			    "{\"name\":\"stop\"},{\"name\":\"query-status\"},{\"name\":"
			    "\"query-cpus-fast\"},{\"name\":\"query-version\"},{\"name\":"
			    "\"query-commands\"},{\"name\":\"x-screen-text\"}],\"id\":2}\r\n");
	qmp_session_fini(&s);
}

static int screen_two_lines(void *ctx, struct vga_text *text)
{
	(void)ctx;
	memset(text, 0, sizeof(*text));
	text->rows = 2;
	text->cols = 80;
	text->cursor_row = 1;
	text->cursor_col = 4;
	strcpy(text->line[0], "SeaBIOS \"quoted\"");
	return 0;
}

static int screen_graphics(void *ctx, struct vga_text *text)
{
	(void)ctx, (void)text;
	return -ENOTSUP;
}

TEST(qmp_screen_text)
{
	struct fake_dm dm = { 0 };
	struct qmp_session s;
	struct qmp_ops ops = fake_ops;

	negotiated(&s, &dm);
	feed(&s, "{\"execute\":\"x-screen-text\",\"id\":3}");
	CHECK_STR(take(&s), "{\"error\":{\"class\":\"GenericError\",\"desc\":\"There is no VGA "
			    "display\"},\"id\":3}\r\n");
	qmp_session_fini(&s);
	ops.screen_text = screen_two_lines;
	qmp_session_init(&s, &ops, &dm, &version);
	CHECK_INT(qmp_session_start(&s), 0);
	take(&s);
	feed(&s, "{\"execute\":\"qmp_capabilities\"}");
	take(&s);
	feed(&s, "{\"execute\":\"x-screen-text\",\"id\":4}");
	CHECK_STR(take(&s), "{\"return\":{\"rows\":2,\"cols\":80,\"cursor\":{\"row\":1,\"col\":4},"
			    "\"lines\":[\"SeaBIOS \\\"quoted\\\"\",\"\"]},\"id\":4}\r\n");
	feed(&s, "{\"execute\":\"x-screen-text\",\"arguments\":{\"x\":1},\"id\":5}");
	CHECK_STR(take(&s), "{\"error\":{\"class\":\"GenericError\",\"desc\":\"Parameter 'x' is "
			    "unexpected\"},\"id\":5}\r\n");
	qmp_session_fini(&s);
	ops.screen_text = screen_graphics;
	qmp_session_init(&s, &ops, &dm, &version);
	CHECK_INT(qmp_session_start(&s), 0);
	take(&s);
	feed(&s, "{\"execute\":\"qmp_capabilities\"}");
	take(&s);
	feed(&s, "{\"execute\":\"x-screen-text\",\"id\":6}");
	CHECK_STR(take(&s), "{\"error\":{\"class\":\"GenericError\",\"desc\":\"The display is in a "
			    "graphics mode\"},\"id\":6}\r\n");
	qmp_session_fini(&s);
}
