/* PV-GRUB's disks: PV disk hdN as a blockdev (disk.c). */
#ifndef APPS_PVGRUB_DISK_H
#define APPS_PVGRUB_DISK_H

#include "drivers/blkfront.h"
#include "lib/blockdev.h"

/* Opens disk hdN (numeric order of the device/vbd/N entries) and describes all of it
 * as a blockdev; 0 or -errno (-ENODEV: no such disk). */
int pvgrub_disk_open(unsigned index, struct blkfront **dev, struct blockdev *whole);

#endif
