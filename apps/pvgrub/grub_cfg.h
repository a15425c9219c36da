/*
 * GRUB 2's grub.cfg, as grub-mkconfig (Debian's update-grub, Ubuntu's,
 * Fedora's grub2-mkconfig) writes it, parsed from memory into the struct
 * menu of menu.h (no I/O). The script is run the way GRUB would run it
 * on a Xen PV guest, in the small subset such files use:
 *
 * - GRUB's shell words: 'single' quotes, "double" quotes (with $ expansion
 *   and \$ \" \\ escapes), backslash escapes, line continuation, comments,
 *   ';' and newlines; $NAME and ${NAME} expanded from the variables set so
 *   far (unquoted values split into words), $1..$9 $# $@ $* $? in functions.
 * - `set NAME=VALUE`, `NAME=VALUE`, `unset`; root, default, timeout,
 *   timeout_style and boot are read from them; `export` is a no-op.
 * - `if`/`elif`/`else`/`fi` on conditions made of `[ ... ]`/`test` (string
 *   and number comparisons, -n -z, ! -a -o), `true` and `false`, with the
 *   feature_* and grub_platform=xen variables of GRUB 2.06 on Xen. Other
 *   conditions (loadfont, sleep, file tests: no file is read) are false.
 * - `function NAME { ... }` recorded and run when called (load_video,
 *   Ubuntu's gfxmode setting $vt_handoff, ...).
 * - `menuentry TITLE [--id ID] [--class ...] { ... }` and `submenu`,
 *   flattened into entries titled "SUBMENU>ENTRY"; inside an entry:
 *   linux/linux16/linuxefi PATH ARGS (arguments joined as GRUB joins them),
 *   initrd PATH... (several files: n_initrds), set root=, search.
 * - `search [--no-floppy] [--fs-uuid|--label|--file] --set=root VALUE`
 *   (and search.fs_uuid/.fs_label/.file) recorded as a request for the
 *   caller; `configfile`; `blscfg` recorded (struct menu's blscfg fields).
 *
 * Everything else is skipped: harmless commands (insmod, echo, terminal
 * settings, load_env, ...) quietly, unknown ones and those PV-GRUB cannot
 * follow (source, chainloader, multiboot, ...) with a warning naming the
 * line; `while`/`until`/`for` loops are skipped whole, with a warning when
 * they hold menu entries or settings. Problems are warnings and the rest
 * still parses; only the limits (menu.h's, nesting, script length)
 * are errors. Uses about 16 KiB of stack, up to about 32 KiB at the
 * deepest nesting of blocks (16) and function calls (8).
 */
#ifndef APPS_PVGRUB_GRUB_CFG_H
#define APPS_PVGRUB_GRUB_CFG_H

#include "apps/pvgrub/menu.h"

#include <stddef.h>

/* Parses len bytes of grub.cfg text into *m. 0, or -E2BIG when a limit is
 * passed (m->err and m->err_line say which; what came before stays
 * parsed). */
int grub_cfg_parse(struct menu *m, const char *text, size_t len);

/* The same, with the variables of env (env_len bytes of GRUB's grubenv,
 * the environment block beside grub.cfg) set first, as GRUB's load_env
 * sets them: `set default="${saved_entry}"` then names the saved entry.
 * next_entry (a one-time choice GRUB clears as it boots) is left out. */
int grub_cfg_parse_env(struct menu *m, const char *text, size_t len, const char *env,
		       size_t env_len);

/* Parses a GRUB 2 device name at the start of s (len bytes), with or
 * without its parentheses: "hd0", "(hd1)", "hd0,msdos1", "hd0,gpt2",
 * "(hd0,3)". Partitions count from 1 in GRUB 2 and from 0 in the struct:
 * "hd0,msdos1" is disk 0, part 0. Returns the bytes it took, or -EINVAL
 * (other disks: cd0, lvm/..., nested partitions "hd0,msdos1,bsd1"). */
int grub_cfg_parse_device(const char *s, size_t len, struct menu_device *dev);

#endif
