/*
 * GRUB 2's `search --set=root` for PV-GRUB: the first device, in disk
 * order and on each disk the whole disk then its partitions, whose file
 * system has the UUID (compared ignoring case) or label asked for, or
 * holds the file.
 */
#ifndef APPS_PVGRUB_SEARCH_H
#define APPS_PVGRUB_SEARCH_H

#include "apps/pvgrub/menu.h"

/* 0 with *out set, or -ENOENT when no device matches (nothing printed). */
int pvgrub_search(const struct menu_search *s, struct menu_device *out);

#endif
