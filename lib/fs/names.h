/*
 * File names as file systems store them, turned into what PV-GRUB compares
 * and prints: UTF-16 (FAT long names, Joliet) to UTF-8, and the ASCII
 * case-insensitive comparison FAT and plain ISO9660 lookups use.
 */
#ifndef LIB_FS_NAMES_H
#define LIB_FS_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes of UTF-8 that fs_utf16_to_utf8() may write for n units, NUL aside:
 * at most 3 a unit (a surrogate pair is 2 units and 4 bytes). */
#define FS_UTF8_MAX(n) (3 * (n))

/* Converts n UTF-16 units to UTF-8 into out (size bytes, NUL-terminated);
 * unpaired surrogates become '?'. Returns the length written, or -1 when
 * out is too small. */
int fs_utf16_to_utf8(const uint16_t *in, size_t n, char *out, size_t size);

/* Whether a[0..alen) and b[0..blen) are equal with ASCII letters compared
 * regardless of case (other bytes, UTF-8 included, compare exactly). */
bool fs_name_eq_nocase(const char *a, size_t alen, const char *b, size_t blen);

#endif
