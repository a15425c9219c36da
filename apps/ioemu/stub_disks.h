/*
 * The guest's emulated drives backed by the stub domain's own PV disks:
 * libxl gives the stub each of the guest's disks as a vbd with the guest's
 * number and names disk k /dev/xvd<'a'+k> in dm-argv; each IDE slot of the
 * configuration is paired with the PV disk whose number decodes to k, and
 * its backend's answers signal one poll source.
 */
#ifndef APPS_IOEMU_STUB_DISKS_H
#define APPS_IOEMU_STUB_DISKS_H

#include "apps/ioemu/dm_argv.h"

struct blkfront;
struct poll_source;

struct stub_disks {
	struct blkfront *slot[IOEMU_IDE_SLOTS]; /* NULL: no drive or an empty CD-ROM */
};

/* Opens the PV disk of every IDE slot that names one; a slot whose disk
 * is missing, of another sector size than 512, or read-only for a hard
 * disk that is not, fails the start-up (-ENODEV, -EINVAL, -EROFS; logged).
 * Every opened disk's answers signal src. */
int stub_disks_open(struct stub_disks *disks, const struct ioemu_config *cfg,
		    struct poll_source *src);

/* Completes what the backends answered (blkfront_poll on each). */
void stub_disks_poll(struct stub_disks *disks);

#endif
