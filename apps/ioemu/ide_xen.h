/*
 * The IDE controller's backend in the stub domain (ide.h's ops): a
 * channel's request as one blkfront request on the stub's PV disk of that
 * drive (at most one in flight per channel), its completion handed back
 * to the controller from the disks' poll handler; the channel's interrupt
 * through the platform's ISA IRQ line; each DMA the bus master refused
 * logged with its address (the first 32, then one in 1024).
 */
#ifndef APPS_IOEMU_IDE_XEN_H
#define APPS_IOEMU_IDE_XEN_H

#include "apps/ioemu/ide.h"
#include "apps/ioemu/platform_ops.h"
#include "apps/ioemu/stub_disks.h"
#include "drivers/blkfront.h"

struct ide_xen {
	struct ide *ide;
	struct stub_disks *disks;
	const struct platform_ops *platform;
	struct blkfront_request req[IDE_CHANNELS];
	void *cookie[IDE_CHANNELS];
	bool busy[IDE_CHANNELS];
	unsigned long errors, dma_refusals;
	struct ide_backend_ops ops;
};

/* Fills x->ops (for ide_init) over disks and platform's IRQ lines. */
void ide_xen_init(struct ide_xen *x, struct ide *ide, struct stub_disks *disks,
		  const struct platform_ops *platform);

/* After ide_init(): the DMA refusals of x->ide logged. */
void ide_xen_log_refusals(struct ide_xen *x);

#endif
