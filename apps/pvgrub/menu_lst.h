/*
 * GRUB legacy's menu.lst parsed from memory (no I/O) into the boot menu of
 * menu.h: the global commands (default, timeout, fallback, hiddenmenu,
 * password, root, configfile) and one entry per `title` (root,
 * rootnoverify, kernel, initrd, module, configfile, password, savedefault,
 * boot). Devices are (hdN),
 * (hdN,P) with P counted from 0, and (nd); a path either names its device,
 * "(hd0,1)/boot/vmlinuz", or relies on the entry's root.
 *
 * The file comes from the guest's disk: unknown commands and bad arguments
 * are warnings (with their line number) and are skipped; only the limits
 * of menu.h are errors.
 */
#ifndef APPS_PVGRUB_MENU_LST_H
#define APPS_PVGRUB_MENU_LST_H

#include "apps/pvgrub/menu.h"

#include <stddef.h>

/* Parses len bytes of text into *m. 0, or -E2BIG when a limit is passed
 * (m->err and m->err_line say which; what came before stays parsed). */
int menu_parse(struct menu *m, const char *text, size_t len);

/* Parses the command lines of one entry (root, kernel, initrd, module, ...)
 * as if they followed "title TITLE" in a menu.lst: *m gets that one entry
 * (line 0; warnings count lines of text from 1). A title or a global command
 * among the lines is a warning, as in menu_parse(); same limits and returns,
 * and -EINVAL without a title. For entries edited or typed at the console. */
int menu_parse_entry(struct menu *m, const char *title, const char *text, size_t len);

/* Parses a device at the start of s (len bytes): "(hd0)", "(hd0,2)", "(nd)".
 * Returns the bytes it took, or -EINVAL. */
int menu_parse_device(const char *s, size_t len, struct menu_device *dev);

/* `default saved`: GRUB legacy keeps the saved entry in the file `default`
 * beside menu.lst (grub-set-default writes it: the number on the first
 * line, comment lines after). Reads that number from len bytes of the
 * file's text into *entry: 0, or -EINVAL when the first line is not a
 * number (spaces around it allowed). */
int menu_parse_saved_default(const char *text, size_t len, int *entry);

#endif
