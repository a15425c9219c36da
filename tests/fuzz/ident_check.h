/*
 * For the file system harnesses: the checks on what a reader gives as a
 * volume's UUID or label, whatever the disk held. The reader's function
 * (uuid or label) is called with a buffer of the size its header promises
 * and with one too small; the text must be printable (no C0, DEL or C1
 * control characters) and no longer than promised.
 */
#ifndef TESTS_FUZZ_IDENT_CHECK_H
#define TESTS_FUZZ_IDENT_CHECK_H

#include "lib/errno.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

static inline bool ident_printable(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0))
			return false;
	return true;
}

/* get(fs, buf, size) returned 0 (text of at most max bytes), or -ENOENT
 * when allowed; a 2-byte buffer gives -E2BIG for any text longer than 1. */
#define IDENT_CHECK(get, fs, max, may_lack)                                          \
	do {                                                                         \
		char text_[(max) + 1], small_[2];                                    \
		int r_ = get(fs, text_, sizeof(text_));                              \
		if (r_ == -ENOENT && (may_lack))                                     \
			break;                                                       \
		if (r_ != 0 || strlen(text_) > (max) || !ident_printable(text_))     \
			__builtin_trap();                                            \
		r_ = get(fs, small_, sizeof(small_));                                \
		if (strlen(text_) > 1 ? r_ != -E2BIG || small_[0] != '\0' : r_ != 0) \
			__builtin_trap();                                            \
	} while (0)

#endif
