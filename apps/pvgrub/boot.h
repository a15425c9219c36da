/*
 * PV-GRUB booting one menu entry: the kernel and initrd read from the
 * guest's disks, the kernel checked to be a 64-bit Xen PV kernel, laid out
 * and started in place of PV-GRUB (sys/chainboot.h).
 */
#ifndef APPS_PVGRUB_BOOT_H
#define APPS_PVGRUB_BOOT_H

#include "apps/pvgrub/menu.h"

/* Boots entry e (of menu m, or edited from one of its entries, or typed at
 * the command line); boot_dev is where the menu came from, the root when
 * neither the entry nor the menu sets one. Returns only on failure,
 * -errno, after printing what went wrong. */
int pvgrub_boot_entry(const struct menu *m, const struct menu_entry *e,
		      const struct menu_device *boot_dev);

#endif
