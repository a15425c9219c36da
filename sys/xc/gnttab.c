/*
 * <xengnttab.h> for stub domains: grants of other domains mapped into the
 * vmap area, one contiguous range per call, remembered per handle so that
 * xengnttab_unmap can find the grant handles again.
 */
#define LOG_TAG "xengnttab"
#include "sys/xc/gntdev_handle.h"

#include "arch/x86_64/mm.h"
#include "kernel/log.h"
#include "xen/grant_table.h"

#include <errno.h>
#include <stdlib.h>
#include <xengnttab.h>

#ifndef PROT_WRITE
#define PROT_WRITE 0x2
#endif

struct gnttab_mapping {
	void *start;
	uint32_t count;
	struct gnttab_mapping *next;
	grant_handle_t handles[];
};

xengnttab_handle *xengnttab_open(struct xentoollog_logger *logger, unsigned open_flags)
{
	return calloc(1, sizeof(struct xengntdev_handle));
}

int xengnttab_close(xengnttab_handle *xgt)
{
	if (!xgt)
		return 0;
	while (xgt->maps)
		xengnttab_unmap(xgt, xgt->maps->start, xgt->maps->count);
	free(xgt);
	return 0;
}

int xengnttab_fd(xengnttab_handle *xgt)
{
	errno = ENOSYS;
	return -1;
}

void *xengnttab_map_grant_refs(xengnttab_handle *xgt, uint32_t count, uint32_t *domids,
			       uint32_t *refs, int prot)
{
	struct gnttab_mapping *m;
	char *va;
	int rc = 0;
	uint32_t done;

	if (count == 0 || count > VMAP_PAGES) {
		errno = EINVAL;
		return NULL;
	}
	m = malloc(sizeof(*m) + count * sizeof(grant_handle_t));
	va = m ? vmap_reserve(count) : NULL;
	if (!va) {
		free(m);
		errno = ENOMEM;
		return NULL;
	}
	for (done = 0; done < count; done++) {
		rc = gnttab_map_at(va + done * PAGE_SIZE, (domid_t)domids[done], refs[done],
				   !(prot & PROT_WRITE), &m->handles[done]);
		if (rc < 0)
			break;
	}
	if (rc < 0) {
		while (done--)
			gnttab_unmap_at(va + done * PAGE_SIZE, m->handles[done]);
		vmap_release(va, count);
		free(m);
		errno = -rc;
		return NULL;
	}
	m->start = va;
	m->count = count;
	m->next = xgt->maps;
	xgt->maps = m;
	return va;
}

void *xengnttab_map_domain_grant_refs(xengnttab_handle *xgt, uint32_t count, uint32_t domid,
				      uint32_t *refs, int prot)
{
	uint32_t *domids = malloc(count * sizeof(*domids));
	void *p;

	if (!domids) {
		errno = ENOMEM;
		return NULL;
	}
	for (uint32_t i = 0; i < count; i++)
		domids[i] = domid;
	p = xengnttab_map_grant_refs(xgt, count, domids, refs, prot);
	free(domids);
	return p;
}

void *xengnttab_map_grant_ref(xengnttab_handle *xgt, uint32_t domid, uint32_t ref, int prot)
{
	return xengnttab_map_grant_refs(xgt, 1, &domid, &ref, prot);
}

void *xengnttab_map_grant_ref_notify(xengnttab_handle *xgt, uint32_t domid, uint32_t ref, int prot,
				     uint32_t notify_offset, evtchn_port_t notify_port)
{
	errno = ENOSYS;
	return NULL;
}

int xengnttab_unmap(xengnttab_handle *xgt, void *start_address, uint32_t count)
{
	struct gnttab_mapping **pp, *m;
	int rc = 0;

	for (pp = &xgt->maps; *pp; pp = &(*pp)->next)
		if ((*pp)->start == start_address && (*pp)->count == count)
			break;
	if (!*pp) {
		errno = EINVAL;
		return -1;
	}
	m = *pp;
	*pp = m->next;
	for (uint32_t i = 0; i < count; i++) {
		int r = gnttab_unmap_at((char *)m->start + i * PAGE_SIZE, m->handles[i]);
		if (r < 0 && rc == 0)
			rc = r;
	}
	vmap_release(m->start, count);
	free(m);
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return 0;
}

int xengnttab_set_max_grants(xengnttab_handle *xgt, uint32_t nr_grants)
{
	return 0;
}
