/*
 * The value syntax both flavours of the device model's command line share
 * (dm-argv for qemu-xen, dmargs for qemu-traditional): bounded decimal
 * numbers, "prefixN" names, QEMU's "driver,key=value,..." properties and
 * the BIOS's boot order; and the one way both report an error, naming the
 * argument or word by its number. Pure: the parsers of both flavours and
 * their tests and fuzzers use it.
 */
#ifndef APPS_IOEMU_DM_WORDS_H
#define APPS_IOEMU_DM_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { DM_PROPS_MAX = 16, DM_VALUE_MAX = 256 };

/* Where a parser's error message goes: "<label> <number>: <why>", the
 * number with digits digits (dm-argv 007, dmargs word 07). */
struct dm_error {
	char *buf;
	size_t len;
	const char *label;
	int digits;
	int number; /* the argument being parsed, 1-based */
};

/* Writes the message (truncated to e->len, NUL-terminated when len > 0);
 * returns -EINVAL. */
int dm_fail(struct dm_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* value into dst (size bytes), or -EINVAL naming opt when it is longer. */
int dm_copy(struct dm_error *e, const char *opt, const char *value, char *dst, size_t size);
/* Whether word is one of the NULL-terminated list's. */
bool dm_listed(const char *const *list, const char *word);

/* A value split at commas: key[0] is the driver (or the first key). */
struct dm_props {
	char buf[DM_VALUE_MAX];
	const char *key[DM_PROPS_MAX];
	const char *val[DM_PROPS_MAX]; /* NULL for a bare word */
	int n;
};

/* Splits value into pr; NULL, or why it cannot be split (a phrase such as
 * "escaped commas are not understood"). */
const char *dm_props_split(const char *value, struct dm_props *pr);

/* Decimal digits only, at most max. */
bool dm_parse_u64(const char *s, uint64_t max, uint64_t *out);
bool dm_parse_uint(const char *s, unsigned max, unsigned *out);
/* "prefixN" with N decimal and at most max. */
bool dm_parse_numbered(const char *s, const char *prefix, unsigned max, unsigned *out);
/* a and b are the same string; false when a is NULL. */
bool dm_is(const char *a, const char *b);

/* Whether order is one the BIOS can take, into a buffer of cap bytes: one
 * to cap - 1 devices of a, c, d and n, none twice. DM_BOOT_ORDER_OK,
 * DM_BOOT_ORDER_LENGTH, or the index of the first device that is not one
 * of those or comes a second time. */
enum { DM_BOOT_ORDER_OK = -1, DM_BOOT_ORDER_LENGTH = -2 };
int dm_boot_order_check(const char *order, size_t cap);

#endif
