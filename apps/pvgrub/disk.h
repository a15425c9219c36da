/*
 * PV-GRUB's disks: PV disk hdN (the Nth device/vbd entry in numeric order) as
 * a blockdev for the partition and file-system readers, opened once and
 * kept open until PV-GRUB hands the domain to the kernel it boots.
 */
#ifndef APPS_PVGRUB_DISK_H
#define APPS_PVGRUB_DISK_H

#include "drivers/blkfront.h"
#include "lib/blockdev.h"

/* Disk hdN as a blockdev covering all of it (its name, "device/vbd/768",
 * for messages); 0 or -errno (-ENODEV: no such disk). */
int pvgrub_disk_get(unsigned index, struct blockdev *whole, const char **name);

/* Closes every disk opened so far, leaving each ready for the next kernel
 * of this domain. 0, or the first error (all are closed regardless). */
int pvgrub_disks_close_for_successor(void);

#endif
