/*
 * <xenstore.h> (libxenstore's API) for stub domains, on the kernel's
 * xenbus client: results in malloc'd memory the caller frees, failures as
 * false/NULL with errno, watches per handle (tokens are the caller's; the
 * kernel sees them prefixed by the handle so handles never collide).
 * Calls only dom0 may make (introduce, set_target, ...) fail with ENOSYS.
 */
#define LOG_TAG "libxs"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "lib/format.h"
#include "xen/xenbus.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xenstore.h>

#define MAX_WATCHES 64

struct xs_handle {
	struct xenbus_watch *watch[MAX_WATCHES];
	char *token[MAX_WATCHES]; /* the caller's tokens */
	char *path[MAX_WATCHES];
	unsigned nwatches;
};

static bool fail_bool(int err)
{
	errno = err < 0 ? -err : err;
	return false;
}

static void *fail_ptr(int err)
{
	errno = err < 0 ? -err : err;
	return NULL;
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

struct xs_handle *xs_open(unsigned long flags)
{
	struct xs_handle *h = calloc(1, sizeof(*h));

	if (!h)
		errno = ENOMEM;
	return h;
}

struct xs_handle *xs_daemon_open(void)
{
	return xs_open(0);
}

struct xs_handle *xs_domain_open(void)
{
	return xs_open(0);
}

struct xs_handle *xs_daemon_open_readonly(void)
{
	return xs_open(XS_OPEN_READONLY);
}

void xs_close(struct xs_handle *h)
{
	if (!h)
		return;
	while (h->nwatches)
		xs_unwatch(h, h->path[0], h->token[0]);
	free(h);
}

void xs_daemon_close(struct xs_handle *h)
{
	xs_close(h);
}

void xs_daemon_destroy_postfork(struct xs_handle *h)
{
	xs_close(h);
}

char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *num)
{
	char **names, **out;
	size_t bytes = 0;
	int n = xenbus_directory(t, path, &names);

	if (n < 0)
		return fail_ptr(n);
	for (int i = 0; i < n; i++)
		bytes += strlen(names[i]) + 1;
	out = malloc((size_t)(n + 1) * sizeof(char *) + bytes);
	if (out) {
		char *p = (char *)(out + n + 1);
		for (int i = 0; i < n; i++) {
			size_t l = strlen(names[i]) + 1;
			memcpy(p, names[i], l);
			out[i] = p;
			p += l;
		}
		out[n] = NULL;
		*num = (unsigned)n;
	}
	kfree(names);
	return out ? out : fail_ptr(ENOMEM);
}

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *len)
{
	char *v, *out;
	unsigned n;
	int rc = xenbus_read(t, path, &v, &n);

	if (rc < 0)
		return fail_ptr(rc);
	out = malloc(n + 1);
	if (out) {
		memcpy(out, v, n + 1);
		if (len)
			*len = n;
	}
	kfree(v);
	return out ? out : fail_ptr(ENOMEM);
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path, const void *data,
	      unsigned int len)
{
	int rc = xenbus_write(t, path, data, len);

	return rc < 0 ? fail_bool(rc) : true;
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	int rc = xenbus_mkdir(t, path);

	return rc < 0 ? fail_bool(rc) : true;
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	int rc = xenbus_rm(t, path);

	return rc < 0 ? fail_bool(rc) : true;
}

bool xs_restrict(struct xs_handle *h, unsigned domid)
{
	return fail_bool(ENOSYS);
}

static unsigned int to_perm(char access)
{
	switch (access) {
	case 'r':
		return XS_PERM_READ;
	case 'w':
		return XS_PERM_WRITE;
	case 'b':
		return XS_PERM_READ | XS_PERM_WRITE;
	default:
		return XS_PERM_NONE;
	}
}

struct xs_permissions *xs_get_permissions(struct xs_handle *h, xs_transaction_t t, const char *path,
					  unsigned int *num)
{
	struct xs_perm p[64];
	struct xs_permissions *out;
	int n = xenbus_get_perms(t, path, p, 64);

	if (n < 0)
		return fail_ptr(n);
	out = calloc((size_t)n, sizeof(*out));
	if (!out)
		return fail_ptr(ENOMEM);
	for (int i = 0; i < n; i++) {
		out[i].id = p[i].domid;
		out[i].perms = to_perm(p[i].access);
	}
	*num = (unsigned)n;
	return out;
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t, const char *path,
			struct xs_permissions *perms, unsigned int num_perms)
{
	struct xs_perm p[64];
	int rc;

	if (num_perms == 0 || num_perms > 64)
		return fail_bool(EINVAL);
	for (unsigned i = 0; i < num_perms; i++) {
		unsigned rw = perms[i].perms & (XS_PERM_READ | XS_PERM_WRITE);
		if (perms[i].id > 0xffff)
			return fail_bool(EINVAL);
		p[i].domid = (uint16_t)perms[i].id;
		p[i].access = rw == (XS_PERM_READ | XS_PERM_WRITE) ? 'b'
			      : rw == XS_PERM_READ		   ? 'r'
			      : rw == XS_PERM_WRITE		   ? 'w'
								   : 'n';
	}
	rc = xenbus_set_perms(t, path, p, num_perms);
	return rc < 0 ? fail_bool(rc) : true;
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
	char internal[300];
	unsigned i = h->nwatches;
	int rc;

	if (i == MAX_WATCHES)
		return fail_bool(ENOSPC);
	if (format_buf(internal, sizeof(internal), "xs%p:%s", (void *)h, token) >=
	    (int)sizeof(internal))
		return fail_bool(E2BIG);
	h->token[i] = dup_str(token);
	h->path[i] = dup_str(path);
	if (!h->token[i] || !h->path[i]) {
		free(h->token[i]);
		free(h->path[i]);
		return fail_bool(ENOMEM);
	}
	rc = xenbus_watch(path, internal, &h->watch[i]);
	if (rc < 0) {
		free(h->token[i]);
		free(h->path[i]);
		return fail_bool(rc);
	}
	h->nwatches++;
	return true;
}

int xs_fileno(struct xs_handle *h)
{
	/* No descriptor to select on: xs_read_watch blocks, xs_check_watch
	 * polls. */
	errno = ENOSYS;
	return -1;
}

static char **watch_result(const char *path, const char *token)
{
	size_t lp = strlen(path) + 1, lt = strlen(token) + 1;
	char **v = malloc(2 * sizeof(char *) + lp + lt);

	if (!v)
		return fail_ptr(ENOMEM);
	v[XS_WATCH_PATH] = (char *)(v + 2);
	v[XS_WATCH_TOKEN] = v[XS_WATCH_PATH] + lp;
	memcpy(v[XS_WATCH_PATH], path, lp);
	memcpy(v[XS_WATCH_TOKEN], token, lt);
	return v;
}

static char **next_event(struct xs_handle *h, uint64_t deadline, unsigned int *num)
{
	unsigned which;
	char *path, **v;
	int rc;

	if (h->nwatches == 0)
		return fail_ptr(EINVAL);
	rc = xenbus_watch_wait_any(h->watch, h->nwatches, &which, &path, deadline);
	if (rc < 0)
		return fail_ptr(rc == -ETIMEDOUT ? EAGAIN : rc);
	v = watch_result(path, h->token[which]);
	kfree(path);
	if (v && num)
		*num = 2;
	return v;
}

char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
	return next_event(h, 0, num);
}

char **xs_check_watch(struct xs_handle *h)
{
	for (unsigned i = 0; i < h->nwatches; i++)
		if (xenbus_watch_pending(h->watch[i]))
			return next_event(h, 0, NULL);
	return fail_ptr(EAGAIN);
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
	for (unsigned i = 0; i < h->nwatches; i++) {
		if (strcmp(h->path[i], path) || strcmp(h->token[i], token))
			continue;
		int rc = xenbus_unwatch(h->watch[i]);
		free(h->path[i]);
		free(h->token[i]);
		h->nwatches--;
		h->watch[i] = h->watch[h->nwatches];
		h->path[i] = h->path[h->nwatches];
		h->token[i] = h->token[h->nwatches];
		return rc < 0 ? fail_bool(rc) : true;
	}
	return fail_bool(ENOENT);
}

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
	xenbus_transaction_t t;
	int rc = xenbus_transaction_start(&t);

	if (rc < 0) {
		errno = -rc;
		return XBT_NULL;
	}
	return t;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
	int rc = xenbus_transaction_end(t, abort);

	return rc < 0 ? fail_bool(rc) : true;
}

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
	char *p, *out;
	int rc = xenbus_get_domain_path(domid, &p);

	if (rc < 0)
		return fail_ptr(rc);
	out = dup_str(p);
	kfree(p);
	return out ? out : fail_ptr(ENOMEM);
}

bool xs_path_is_subpath(const char *parent, const char *child)
{
	size_t n = strlen(parent);

	if (strncmp(parent, child, n) != 0)
		return false;
	return child[n] == '\0' || child[n] == '/' || (n && parent[n - 1] == '/');
}

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid, unsigned long mfn,
			 unsigned int eventchn)
{
	return fail_bool(ENOSYS);
}

bool xs_set_target(struct xs_handle *h, unsigned int domid, unsigned int target)
{
	return fail_bool(ENOSYS);
}

bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
{
	return fail_bool(ENOSYS);
}

bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
	return fail_bool(ENOSYS);
}

bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid)
{
	return fail_bool(ENOSYS);
}

char *xs_control_command(struct xs_handle *h, const char *cmd, void *data, unsigned int len)
{
	return fail_ptr(ENOSYS);
}

char *xs_debug_command(struct xs_handle *h, const char *cmd, void *data, unsigned int len)
{
	return fail_ptr(ENOSYS);
}

int xs_suspend_evtchn_port(int domid)
{
	errno = ENOSYS;
	return -1;
}
