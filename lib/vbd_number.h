/*
 * Xen's virtual block device numbers (the N of device/vbd/N), as the VBD
 * interface defines them: the disk and partition an integer encodes in
 * the xvd, extended xvd, sd and hd forms. A stub domain finds which of its
 * PV disks is the guest's disk number k (libxl names it /dev/xvd<'a'+k> in
 * the device model's arguments) by decoding their numbers.
 */
#ifndef LIB_VBD_NUMBER_H
#define LIB_VBD_NUMBER_H

#include <stdint.h>

/* 0 with *disk and *partition set, or -EINVAL for a number no form
 * encodes (deprecated and reserved values included). */
int vbd_number_decode(uint32_t number, unsigned *disk, unsigned *partition);

#endif
