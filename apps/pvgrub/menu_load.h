/*
 * Where PV-GRUB's menu comes from: the file `extra` names, "(hdN[,P])/path"
 * (default (hd0,0)/boot/grub/menu.lst), read as GRUB 2's grub.cfg when its
 * name ends in ".cfg", else as GRUB legacy's menu.lst. When that file does
 * not exist: grub.cfg in the same directory, then Boot Loader Spec entries
 * on the same device (/loader/entries, /boot/loader/entries). A grub.cfg
 * that runs blscfg gets its entries merged in.
 */
#ifndef APPS_PVGRUB_MENU_LOAD_H
#define APPS_PVGRUB_MENU_LOAD_H

#include "apps/pvgrub/menu.h"

#define PVGRUB_DEFAULT_MENU "(hd0,0)/boot/grub/menu.lst"

/* Fills *m (empty when no menu was found: -errno, the reasons printed)
 * and *boot_dev, the device the menu came from. */
int pvgrub_menu_load(const char *spec, struct menu *m, struct menu_device *boot_dev);

#endif
