/*
 * File names and volume labels as file systems store them, turned into what
 * PV-GRUB compares and prints: UTF-16 (FAT long names, Joliet) to UTF-8,
 * the ASCII case-insensitive comparison FAT and plain ISO9660 lookups use,
 * labels made printable, and the copying out of a volume's UUID or label.
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

/* Turns a volume label as stored (n bytes, ending early at a NUL) into text
 * that can be printed and compared: valid UTF-8 is kept; control characters
 * (C0, DEL, C1) and bytes that are not part of valid UTF-8 become '?' (one
 * for each control character or stray byte); trailing spaces are removed
 * when trim is set. out must have room for n + 1 bytes (the text is never
 * longer than the input). Returns the length of the text. */
size_t fs_label_text(const uint8_t *in, size_t n, bool trim, char *out);

/* Copies a UUID or label that a reader kept at mount (empty when the file
 * system has none) into buf, size bytes: 0, -ENOENT when it is empty,
 * -E2BIG when it does not fit (buf is then "", when size allows). */
int fs_ident_copy(const char *value, char *buf, size_t size);

#endif
