/*
 * The QMP monitor's session (qmp.h): the greeting, capabilities
 * negotiation, the command table and QMP's reply and error forms. JSON is
 * parsed and printed by cJSON (Debian's cjson, mk/libcjson.mk); the
 * input's framing is qmp_stream.c's.
 */
#include "apps/ioemu/qmp.h"

#include "lib/errno.h"

#include <cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The output buffer's hard limit: one reply beyond QMP_OUTPUT_HIGH. The
 * largest is query-cpus-fast's (~170 bytes a vCPU) or an echoed id (at
 * most the input's size, six times over in \u escapes). */
#define QMP_OUTPUT_MAX (QMP_OUTPUT_HIGH + 8 * QMP_STREAM_MAX)
/* The most vCPUs query-cpus-fast lists (HVM_MAX_VCPUS). */
#define QMP_MAX_VCPUS 128

void qmp_session_init(struct qmp_session *s, const struct qmp_ops *ops, void *ctx,
		      const struct qmp_version *version)
{
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->ctx = ctx;
	s->version = version;
	s->state = QMP_IDLE;
	qmp_stream_reset(&s->in);
}

void qmp_session_fini(struct qmp_session *s)
{
	free(s->out);
	s->out = NULL;
	s->out_len = s->out_off = s->out_cap = 0;
	s->state = QMP_IDLE;
	qmp_stream_reset(&s->in);
}

const void *qmp_session_output(const struct qmp_session *s, size_t *len)
{
	*len = s->out_len - s->out_off;
	return *len ? s->out + s->out_off : NULL;
}

void qmp_session_output_done(struct qmp_session *s, size_t n)
{
	if (n > s->out_len - s->out_off)
		n = s->out_len - s->out_off;
	s->out_off += n;
	if (s->out_off == s->out_len)
		s->out_off = s->out_len = 0;
}

/* Appends text and the "\r\n" that ends a QMP message. */
static int append_message(struct qmp_session *s, const char *text)
{
	size_t n = strlen(text), need;

	if (s->out_off) {
		memmove(s->out, s->out + s->out_off, s->out_len - s->out_off);
		s->out_len -= s->out_off;
		s->out_off = 0;
	}
	need = s->out_len + n + 2;
	if (need > QMP_OUTPUT_MAX)
		return -ENOBUFS;
	if (need > s->out_cap) {
		size_t cap = s->out_cap ? s->out_cap : 1024;
		char *p;

		while (cap < need)
			cap *= 2;
		p = realloc(s->out, cap);
		if (!p)
			return -ENOMEM;
		s->out = p;
		s->out_cap = cap;
	}
	memcpy(s->out + s->out_len, text, n);
	memcpy(s->out + s->out_len + n, "\r\n", 2);
	s->out_len += n + 2;
	return 0;
}

/* Prints msg (freed here, NULL meaning cJSON ran out of memory) and queues
 * it. */
static int send_json(struct qmp_session *s, cJSON *msg)
{
	char *text = msg ? cJSON_PrintUnformatted(msg) : NULL;
	int rc;

	cJSON_Delete(msg);
	if (!text)
		return -ENOMEM;
	rc = append_message(s, text);
	cJSON_free(text);
	return rc;
}

/* Adds a copy of the request's id to a reply (none when it had none). */
static bool add_id(cJSON *reply, const cJSON *id)
{
	cJSON *copy;

	if (!id)
		return true;
	copy = cJSON_Duplicate(id, true);
	return copy && cJSON_AddItemToObject(reply, "id", copy);
}

static int send_error(struct qmp_session *s, const cJSON *id, const char *cls, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int send_error(struct qmp_session *s, const cJSON *id, const char *cls, const char *fmt, ...)
{
	char desc[256];
	va_list ap;
	cJSON *reply = cJSON_CreateObject(), *err = cJSON_CreateObject();

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	if (!reply || !err || !cJSON_AddItemToObject(reply, "error", err)) {
		cJSON_Delete(err);
		cJSON_Delete(reply);
		return -ENOMEM;
	}
	if (!cJSON_AddStringToObject(err, "class", cls) ||
	    !cJSON_AddStringToObject(err, "desc", desc) || !add_id(reply, id)) {
		cJSON_Delete(reply);
		return -ENOMEM;
	}
	return send_json(s, reply);
}

/* {"return": ret, "id": id}; ret is taken over. */
static int send_return(struct qmp_session *s, const cJSON *id, cJSON *ret)
{
	cJSON *reply = cJSON_CreateObject();

	if (!reply || !ret || !cJSON_AddItemToObject(reply, "return", ret)) {
		cJSON_Delete(reply);
		cJSON_Delete(ret);
		return -ENOMEM;
	}
	if (!add_id(reply, id)) {
		cJSON_Delete(reply);
		return -ENOMEM;
	}
	return send_json(s, reply);
}

static cJSON *version_object(const struct qmp_version *v)
{
	cJSON *ver = cJSON_CreateObject(), *qemu = cJSON_AddObjectToObject(ver, "qemu");

	if (!qemu || !cJSON_AddNumberToObject(qemu, "micro", v->micro) ||
	    !cJSON_AddNumberToObject(qemu, "minor", v->minor) ||
	    !cJSON_AddNumberToObject(qemu, "major", v->major) ||
	    !cJSON_AddStringToObject(ver, "package", v->package ? v->package : "")) {
		cJSON_Delete(ver);
		return NULL;
	}
	return ver;
}

int qmp_session_start(struct qmp_session *s)
{
	cJSON *greeting = cJSON_CreateObject(), *qmp = cJSON_AddObjectToObject(greeting, "QMP");
	cJSON *ver = version_object(s->version);

	s->out_len = s->out_off = 0;
	s->commands = 0;
	qmp_stream_reset(&s->in);
	s->state = QMP_NEGOTIATING;
	if (!qmp || !ver || !cJSON_AddItemToObject(qmp, "version", ver)) {
		cJSON_Delete(ver);
		cJSON_Delete(greeting);
		return -ENOMEM;
	}
	if (!cJSON_AddArrayToObject(qmp, "capabilities")) {
		cJSON_Delete(greeting);
		return -ENOMEM;
	}
	return send_json(s, greeting);
}

/* ---- commands ------------------------------------------------------------------- */

struct command {
	const char *name;
	/* 0 after queuing the reply (a return or an error), else -errno. */
	int (*run)(struct qmp_session *s, const cJSON *args, const cJSON *id);
};

/* Refuses any argument: the command takes none. Returns 1 when it did
 * (the error is queued or *rc says why not). */
static int no_arguments(struct qmp_session *s, const cJSON *args, const cJSON *id, int *rc)
{
	if (!args || !args->child)
		return 0;
	*rc = send_error(s, id, "GenericError", "Parameter '%s' is unexpected",
			 args->child->string);
	return 1;
}

static int op_error(struct qmp_session *s, const cJSON *id, const char *what, int err)
{
	return send_error(s, id, "GenericError", "%s failed: %s", what, errno_name(err));
}

static int cmd_capabilities(struct qmp_session *s, const cJSON *args, const cJSON *id)
{
	const cJSON *enable = NULL, *cap;

	for (const cJSON *a = args ? args->child : NULL; a; a = a->next) {
		if (strcmp(a->string, "enable") != 0)
			return send_error(s, id, "GenericError", "Parameter '%s' is unexpected",
					  a->string);
		enable = a;
	}
	if (enable && !cJSON_IsArray(enable))
		return send_error(s, id, "GenericError",
				  "Invalid parameter type for 'enable', expected: array");
	cJSON_ArrayForEach(cap, enable)
	{
		if (!cJSON_IsString(cap))
			return send_error(
				s, id, "GenericError",
				"Invalid parameter type for 'enable[]', expected: string");
		return send_error(s, id, "GenericError", "Capability '%s' not available",
				  cap->valuestring);
	}
	s->state = QMP_COMMANDS;
	return send_return(s, id, cJSON_CreateObject());
}

static int cmd_cont(struct qmp_session *s, const cJSON *args, const cJSON *id)
{
	int rc;

	if (no_arguments(s, args, id, &rc))
		return rc;
	rc = s->ops->cont(s->ctx);
	if (rc < 0)
		return op_error(s, id, "Resuming the guest", rc);
	return send_return(s, id, cJSON_CreateObject());
}

static int cmd_stop(struct qmp_session *s, const cJSON *args, const cJSON *id)
{
	int rc;

	if (no_arguments(s, args, id, &rc))
		return rc;
	rc = s->ops->stop(s->ctx);
	if (rc < 0)
		return op_error(s, id, "Pausing the guest", rc);
	return send_return(s, id, cJSON_CreateObject());
}

static int cmd_query_status(struct qmp_session *s, const cJSON *args, const cJSON *id)
{
	bool running;
	cJSON *ret;
	int rc;

	if (no_arguments(s, args, id, &rc))
		return rc;
	running = s->ops->running(s->ctx);
	ret = cJSON_CreateObject();
	if (!cJSON_AddStringToObject(ret, "status", running ? "running" : "paused") ||
	    !cJSON_AddBoolToObject(ret, "singlestep", false) ||
	    !cJSON_AddBoolToObject(ret, "running", running)) {
		cJSON_Delete(ret);
		return -ENOMEM;
	}
	return send_return(s, id, ret);
}

/* One entry per vCPU, as QEMU's x86_64 target gives them. The stub domain
 * runs no host thread per vCPU: thread-id is the vCPU's index. */
static int cmd_query_cpus_fast(struct qmp_session *s, const cJSON *args, const cJSON *id)
{
	unsigned n;
	cJSON *list;
	int rc;

	if (no_arguments(s, args, id, &rc))
		return rc;
	n = s->ops->vcpu_count(s->ctx);
	if (n > QMP_MAX_VCPUS)
		n = QMP_MAX_VCPUS;
	list = cJSON_CreateArray();
	for (unsigned i = 0; list && i < n; i++) {
		char path[48];
		cJSON *cpu = cJSON_CreateObject(), *props;

		snprintf(path, sizeof(path), "/machine/unattached/device[%u]", i);
		if (!cpu || !cJSON_AddItemToArray(list, cpu) ||
		    !cJSON_AddNumberToObject(cpu, "cpu-index", i) ||
		    !cJSON_AddStringToObject(cpu, "qom-path", path) ||
		    !cJSON_AddNumberToObject(cpu, "thread-id", i) ||
		    !cJSON_AddStringToObject(cpu, "target", "x86_64") ||
		    !(props = cJSON_AddObjectToObject(cpu, "props")) ||
		    !cJSON_AddNumberToObject(props, "core-id", 0) ||
		    !cJSON_AddNumberToObject(props, "thread-id", 0) ||
		    !cJSON_AddNumberToObject(props, "socket-id", i)) {
			if (cpu && !cpu->prev)
				cJSON_Delete(cpu);
			cJSON_Delete(list);
			return -ENOMEM;
		}
	}
	return send_return(s, id, list);
}

static int cmd_query_version(struct qmp_session *s, const cJSON *args, const cJSON *id)
{
	int rc;

	if (no_arguments(s, args, id, &rc))
		return rc;
	return send_return(s, id, version_object(s->version));
}

/* The text screen; the structure is large for a thread's stack. */
static int cmd_screen_text(struct qmp_session *s, const cJSON *args, const cJSON *id)
{
	static struct vga_text text;
	cJSON *ret, *cursor, *lines;
	int rc;

	if (no_arguments(s, args, id, &rc))
		return rc;
	rc = s->ops->screen_text ? s->ops->screen_text(s->ctx, &text) : -ENODEV;
	if (rc == -ENOTSUP)
		return send_error(s, id, "GenericError", "The display is in a graphics mode");
	if (rc == -ENODEV)
		return send_error(s, id, "GenericError", "There is no VGA display");
	if (rc < 0)
		return op_error(s, id, "Reading the screen", rc);
	ret = cJSON_CreateObject();
	if (!cJSON_AddNumberToObject(ret, "rows", text.rows) ||
	    !cJSON_AddNumberToObject(ret, "cols", text.cols) ||
	    !(cursor = cJSON_AddObjectToObject(ret, "cursor")) ||
	    !cJSON_AddNumberToObject(cursor, "row",
				     text.cursor_row < text.rows ? (double)text.cursor_row : -1) ||
	    !cJSON_AddNumberToObject(cursor, "col",
				     text.cursor_col < text.cols ? (double)text.cursor_col : -1) ||
	    !(lines = cJSON_AddArrayToObject(ret, "lines"))) {
		cJSON_Delete(ret);
		return -ENOMEM;
	}
	for (unsigned r = 0; r < text.rows && r < VGA_TEXT_MAX_ROWS; r++) {
		cJSON *line = cJSON_CreateString(text.line[r]);

		if (!line || !cJSON_AddItemToArray(lines, line)) {
			cJSON_Delete(line);
			cJSON_Delete(ret);
			return -ENOMEM;
		}
	}
	return send_return(s, id, ret);
}

static int cmd_query_commands(struct qmp_session *s, const cJSON *args, const cJSON *id);

static const struct command commands[] = {
	{ "qmp_capabilities", cmd_capabilities },
	{ "cont", cmd_cont },
	{ "stop", cmd_stop },
	{ "query-status", cmd_query_status },
	{ "query-cpus-fast", cmd_query_cpus_fast },
	{ "query-version", cmd_query_version },
	{ "query-commands", cmd_query_commands },
	{ "x-screen-text", cmd_screen_text },
};
#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static int cmd_query_commands(struct qmp_session *s, const cJSON *args, const cJSON *id)
{
	cJSON *list;
	int rc;

	if (no_arguments(s, args, id, &rc))
		return rc;
	list = cJSON_CreateArray();
	for (size_t i = 0; list && i < NR_COMMANDS; i++) {
		cJSON *c = cJSON_CreateObject();

		if (!c || !cJSON_AddItemToArray(list, c) ||
		    !cJSON_AddStringToObject(c, "name", commands[i].name)) {
			cJSON_Delete(c && !c->prev ? c : NULL);
			cJSON_Delete(list);
			return -ENOMEM;
		}
	}
	return send_return(s, id, list);
}

/* ---- one message ---------------------------------------------------------------- */

/* A parsed request: checks its members as QEMU does, then runs it. */
static int dispatch(struct qmp_session *s, const cJSON *req)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(req, "id");
	const cJSON *execute = NULL, *args = NULL;

	for (const cJSON *m = req->child; m; m = m->next) {
		if (strcmp(m->string, "execute") == 0)
			execute = m;
		else if (strcmp(m->string, "arguments") == 0)
			args = m;
		else if (strcmp(m->string, "exec-oob") == 0)
			return send_error(s, id, "GenericError",
					  "QMP input member 'exec-oob' is not supported");
		else if (strcmp(m->string, "id") != 0)
			return send_error(s, id, "GenericError",
					  "QMP input member '%s' is unexpected", m->string);
	}
	if (!execute)
		return send_error(s, id, "GenericError", "QMP input lacks member 'execute'");
	if (!cJSON_IsString(execute))
		return send_error(s, id, "GenericError",
				  "QMP input member 'execute' must be a string");
	if (args && !cJSON_IsObject(args))
		return send_error(s, id, "GenericError",
				  "QMP input member 'arguments' must be an object");
	if (s->state == QMP_NEGOTIATING && strcmp(execute->valuestring, "qmp_capabilities") != 0)
		return send_error(s, id, "CommandNotFound",
				  "Expecting capabilities negotiation with 'qmp_capabilities'");
	if (s->state == QMP_COMMANDS && strcmp(execute->valuestring, "qmp_capabilities") == 0)
		return send_error(s, id, "CommandNotFound",
				  "Capabilities negotiation is already complete, command ignored");
	for (size_t i = 0; i < NR_COMMANDS; i++)
		if (strcmp(commands[i].name, execute->valuestring) == 0)
			return commands[i].run(s, args, id);
	return send_error(s, id, "CommandNotFound", "The command %.64s has not been found",
			  execute->valuestring);
}

static int answer(struct qmp_session *s, const char *msg, size_t len, bool garbage)
{
	cJSON *req;
	int rc;

	s->commands++;
	if (garbage)
		return send_error(s, NULL, "GenericError", "JSON parse error, invalid input");
	req = cJSON_ParseWithLength(msg, len);
	if (!req)
		return send_error(s, NULL, "GenericError", "JSON parse error");
	if (!cJSON_IsObject(req))
		rc = send_error(s, NULL, "GenericError", "QMP input must be a JSON object");
	else
		rc = dispatch(s, req);
	cJSON_Delete(req);
	return rc;
}

int qmp_session_input(struct qmp_session *s, const void *data, size_t len, size_t *taken)
{
	*taken = 0;
	if (s->state != QMP_NEGOTIATING && s->state != QMP_COMMANDS)
		return -EPIPE;
	*taken = qmp_stream_feed(&s->in, data, len);
	while (s->out_len - s->out_off < QMP_OUTPUT_HIGH) {
		const char *msg;
		size_t n;
		bool garbage;
		int rc = qmp_stream_next(&s->in, &msg, &n, &garbage);

		if (rc == 0)
			break;
		if (rc == -EMSGSIZE) {
			s->state = QMP_CLOSING;
			rc = send_error(s, NULL, "GenericError",
					"QMP input exceeds %u bytes without a complete message",
					(unsigned)QMP_STREAM_MAX);
			return rc < 0 ? rc : -EMSGSIZE;
		}
		rc = answer(s, msg, n, garbage);
		if (rc < 0)
			return rc;
	}
	return 0;
}
