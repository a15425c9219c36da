/*
 * <xengnttab.h>'s sharing half (xengntshr_*) for stub domains: pages of
 * ours, fresh from the page allocator and zeroed, granted to another
 * domain, as Linux's gntalloc device does. A share may carry an unmap
 * notification (libxenvchan's srv_live byte): when it is ended, the byte
 * is cleared and the event channel port notified, so the peer learns we
 * are gone. munmap() of a share's address ends it too (what libxenvchan
 * does with rings of more than one page).
 */
#define LOG_TAG "xengntshr"
#include "sys/xc/gntdev_handle.h"

#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "xen/events.h"
#include "xen/grant_table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xengnttab.h>

struct gntshr_share {
	void *start;
	uint32_t count;
	int notify_offset; /* byte cleared when the share ends; -1: none */
	int notify_port;   /* port notified then; -1: none */
	struct gntshr_share *next;
	grant_ref_t refs[];
};

/* Every open handle, for munmap, which is given only an address. */
static struct xengntdev_handle *handles;

int munmap(void *addr, size_t length);

static void *fail_ptr(int err)
{
	errno = err;
	return NULL;
}

xengntshr_handle *xengntshr_open(struct xentoollog_logger *logger, unsigned open_flags)
{
	struct xengntdev_handle *h = calloc(1, sizeof(*h));

	if (!h)
		return fail_ptr(ENOMEM);
	h->next = handles;
	handles = h;
	return h;
}

int xengntshr_close(xengntshr_handle *xgs)
{
	struct xengntdev_handle **pp;

	if (!xgs)
		return 0;
	while (xgs->shares)
		xengntshr_unshare(xgs, xgs->shares->start, xgs->shares->count);
	for (pp = &handles; *pp; pp = &(*pp)->next)
		if (*pp == xgs) {
			*pp = xgs->next;
			break;
		}
	free(xgs);
	return 0;
}

int xengntshr_fd(xengntshr_handle *xgs)
{
	errno = ENOSYS;
	return -1;
}

/* Ends the grants of s->refs[0..n), returns the pages when the peer holds
 * none of them mapped. A page still mapped by the peer cannot be reused:
 * its grant stays and the run of pages is leaked, said on the log. */
static void end_share(struct gntshr_share *s, uint32_t n)
{
	bool busy = false;

	for (uint32_t i = 0; i < n; i++) {
		int rc = gnttab_end_access(s->refs[i]);

		if (rc == -EBUSY)
			busy = true;
		else if (rc < 0)
			pr_warn("ending grant %u: error %d", s->refs[i], rc);
	}
	if (busy)
		pr_warn("%u page(s) at %p still mapped by the peer: left to it", s->count,
			s->start);
	else
		page_free(s->start, s->count);
}

static struct gntshr_share *share(struct xengntdev_handle *h, uint32_t domid, int count,
				  uint32_t *refs, int writable)
{
	struct gntshr_share *s;
	int i, rc = 0;

	if (count <= 0 || count > 1024 || domid >= DOMID_FIRST_RESERVED)
		return fail_ptr(EINVAL);
	s = malloc(sizeof(*s) + (size_t)count * sizeof(grant_ref_t));
	if (!s)
		return fail_ptr(ENOMEM);
	s->start = page_alloc((unsigned long)count);
	if (!s->start) {
		free(s);
		return fail_ptr(ENOMEM);
	}
	memset(s->start, 0, (size_t)count * PAGE_SIZE);
	s->count = (uint32_t)count;
	s->notify_offset = -1;
	s->notify_port = -1;
	for (i = 0; i < count; i++) {
		char *page = (char *)s->start + (size_t)i * PAGE_SIZE;

		rc = gnttab_grant_access((domid_t)domid, pfn_to_mfn(virt_to_pfn(page)), !writable);
		if (rc < 0)
			break;
		s->refs[i] = (grant_ref_t)rc;
		refs[i] = (uint32_t)rc;
	}
	if (rc < 0) {
		pr_err("granting %d page(s) to domain %u: error %d", count, domid, rc);
		end_share(s, (uint32_t)i);
		free(s);
		return fail_ptr(-rc);
	}
	s->next = h->shares;
	h->shares = s;
	return s;
}

void *xengntshr_share_pages(xengntshr_handle *xgs, uint32_t domid, int count, uint32_t *refs,
			    int writable)
{
	struct gntshr_share *s = share(xgs, domid, count, refs, writable);

	return s ? s->start : NULL;
}

void *xengntshr_share_page_notify(xengntshr_handle *xgs, uint32_t domid, uint32_t *ref,
				  int writable, uint32_t notify_offset, evtchn_port_t notify_port)
{
	struct gntshr_share *s;

	/* (uint32_t)-1 and (evtchn_port_t)-1: no notification of that kind. */
	if (notify_offset != (uint32_t)-1 && notify_offset >= PAGE_SIZE)
		return fail_ptr(EINVAL);
	s = share(xgs, domid, 1, ref, writable);
	if (!s)
		return NULL;
	s->notify_offset = notify_offset == (uint32_t)-1 ? -1 : (int)notify_offset;
	s->notify_port = notify_port == (evtchn_port_t)-1 ? -1 : (int)notify_port;
	return s->start;
}

static int unshare(struct xengntdev_handle *h, struct gntshr_share **pp)
{
	struct gntshr_share *s = *pp;

	*pp = s->next;
	if (s->notify_offset >= 0) {
		((volatile uint8_t *)s->start)[s->notify_offset] = 0;
		__asm__ __volatile__("mfence" ::: "memory");
	}
	if (s->notify_port >= 0) {
		int rc = evtchn_notify((evtchn_port_t)s->notify_port);

		if (rc < 0)
			pr_warn("unmap notification on port %d: error %d", s->notify_port, rc);
	}
	end_share(s, s->count);
	free(s);
	return 0;
}

int xengntshr_unshare(xengntshr_handle *xgs, void *start_address, uint32_t count)
{
	struct gntshr_share **pp;

	for (pp = &xgs->shares; *pp; pp = &(*pp)->next)
		if ((*pp)->start == start_address && (*pp)->count == count)
			return unshare(xgs, pp);
	errno = EINVAL;
	return -1;
}

int munmap(void *addr, size_t length)
{
	for (struct xengntdev_handle *h = handles; h; h = h->next)
		for (struct gntshr_share **pp = &h->shares; *pp; pp = &(*pp)->next)
			if ((*pp)->start == addr && (size_t)(*pp)->count * PAGE_SIZE == length)
				return unshare(h, pp);
	pr_err("munmap(%p, %zu): no share there (the unikernel has no other mappings)", addr,
	       length);
	errno = EINVAL;
	return -1;
}
