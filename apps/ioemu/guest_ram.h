/*
 * The map cache's interface to the guest's frames in the stub domain: one
 * foreign mapping per frame through the libxc subset (the stub's target
 * may be mapped; nothing else can be).
 */
#ifndef APPS_IOEMU_GUEST_RAM_H
#define APPS_IOEMU_GUEST_RAM_H

#include "apps/ioemu/mapcache.h"

#include <xenforeignmemory.h>

struct guest_ram {
	xenforeignmemory_handle *fmem;
	unsigned domid;
	struct mapcache_ops ops;
};

/* Fills ram->ops for domid's frames. 0 or -ENOMEM. */
int guest_ram_open(struct guest_ram *ram, unsigned domid);

#endif
