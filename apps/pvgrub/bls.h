/*
 * Boot Loader Specification Type #1 entries (/loader/entries/NAME.conf, UAPI.1),
 * parsed from memory into the struct menu of menu.h (no I/O), sorted as
 * the specification and systemd-boot sort them; and the merge of such
 * entries into a grub.cfg menu that ran `blscfg` (Fedora, RHEL).
 *
 * Keys: title, version, machine-id, sort-key, linux, initrd (repeated; a
 * line may name several files), options (repeated: joined with blanks;
 * $NAME expanded from the grub.cfg's variables, as GRUB's blscfg does for
 * $kernelopts), architecture (an entry for another one than x64 is left
 * out), efi (an EFI program: left out), and GRUB's and the spec's keys that
 * mean nothing here (devicetree, devicetree-overlay, grub_users, grub_arg,
 * grub_class, grub_hotkey) skipped. Entries without `linux` are left out,
 * with a warning. Paths are relative to the root of the partition holding
 * the entries: the parsed entries rely on root; bls_merge() gives them the
 * grub.cfg's bls_root.
 *
 * Order (UAPI.1 "Sorting", systemd-boot): entries with a sort-key first,
 * by sort-key, then machine-id (both increasing, byte order), then version
 * (decreasing, by bls_version_compare); then every entry by its id (the
 * file name without ".conf", decreasing by version comparison). Fedora's
 * GRUB orders blscfg entries by the id's name-version-release with rpm's
 * comparison, newest first, which gives the same order for Fedora's names
 * (MACHINEID-KERNELVERSION.conf, MACHINEID-0-rescue.conf).
 *
 * The title falls back to the id. The files come from the guest's disk:
 * problems are warnings naming the file and line; only the limits of
 * menu.h are errors. bls_parse() uses about 7 KiB of stack.
 */
#ifndef APPS_PVGRUB_BLS_H
#define APPS_PVGRUB_BLS_H

#include "apps/pvgrub/menu.h"

#include <stddef.h>

#define BLS_MAX_FILE (64 * 1024) /* bytes of one entry file */

struct bls_file {
	const char *name; /* "6a98...-6.5.6-300.fc39.x86_64.conf"; a directory part is dropped */
	const char *text;
	size_t len;
};

/* Parses n files into *m, sorted; default entry 0, no timeout. cfg: the
 * grub.cfg menu whose blscfg asked for them (its env expands $NAME in
 * options and initrd), or NULL. 0, -EINVAL for bad arguments, or -E2BIG
 * when a limit is passed (m->err says which; the files before it stay
 * parsed, sorted). */
int bls_parse(struct menu *m, const struct bls_file *files, int n, const struct menu *cfg);

/* The UAPI version comparison (systemd's strverscmp_improved rule): <0 when
 * a is older than b, 0 when they are equal, >0 when a is newer. "~" sorts
 * before everything ("6.5~rc1" < "6.5"), then the end of the string, then
 * "-", "^", "." and finally digits and letters; numbers compare by value,
 * letters by byte, numbers are newer than letters; other characters only
 * separate. NULL is "". */
int bls_version_compare(const char *a, const char *b);

/* Inserts bls's entries into cfg at cfg->blscfg_at (strings copied into
 * cfg's pool), each with cfg's bls_root and bls_search as its root, and
 * resolves cfg->default_id against the merged list: a number is a
 * position, anything else an id or a title. 0, or -E2BIG (cfg->err) when
 * the entries or strings do not fit; cfg is then as before. */
int bls_merge(struct menu *cfg, const struct menu *bls);

#endif
