/*
 * Checking a typed password against a stored MD5-crypt hash
 * ("$1$SALT$HASH", what GRUB legacy's `password --md5` takes and
 * grub-md5-crypt writes), through libxcrypt (mk/libcrypt.mk).
 */
#ifndef LIB_PASSWORD_H
#define LIB_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the len bytes at typed are the password hashed as hash: 1 when
 * they are, 0 when not, -EINVAL when hash is not an MD5-crypt hash (then
 * no password matches it), -EIO when libxcrypt refuses it. Not reentrant
 * (one static work area, wiped after each use). */
int password_md5_matches(const char *hash, const char *typed, size_t len);

/* Whether hash has the shape of an MD5-crypt hash: "$1$", a salt of 0 to 8
 * characters other than '$', ':' and newline, '$', then 22 characters of
 * [./0-9A-Za-z]. */
bool password_md5_hash_valid(const char *hash);

#endif
