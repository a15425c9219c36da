/* The device-model options' shared value syntax (see dm_words.h). */
#include "apps/ioemu/dm_words.h"

#include "lib/errno.h"
#include "lib/format.h"

#include <stdarg.h>
#include <string.h>

int dm_fail(struct dm_error *e, const char *fmt, ...)
{
	va_list ap;
	int n = format_buf(e->buf, e->len, "%s %0*d: ", e->label, e->digits, e->number);

	if (n < 0 || (size_t)n >= e->len)
		return -EINVAL;
	va_start(ap, fmt);
	format_vbuf(e->buf + n, e->len - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int dm_copy(struct dm_error *e, const char *opt, const char *value, char *dst, size_t size)
{
	size_t len = strlen(value);

	if (len >= size)
		return dm_fail(e, "%s: '%s' is longer than %zu bytes", opt, value, size - 1);
	memcpy(dst, value, len + 1);
	return 0;
}

bool dm_listed(const char *const *list, const char *word)
{
	for (; *list; list++)
		if (strcmp(*list, word) == 0)
			return true;
	return false;
}

const char *dm_props_split(const char *value, struct dm_props *pr)
{
	size_t len = strlen(value);
	char *s;

	if (len >= sizeof(pr->buf))
		return "longer than 255 bytes";
	if (strstr(value, ",,"))
		return "escaped commas are not understood";
	memcpy(pr->buf, value, len + 1);
	pr->n = 0;
	s = pr->buf;
	for (;;) {
		char *comma = strchr(s, ',');
		char *eq;

		if (comma)
			*comma = '\0';
		if (pr->n == DM_PROPS_MAX)
			return "more than 16 properties";
		eq = strchr(s, '=');
		if (eq)
			*eq = '\0';
		if (*s == '\0')
			return "an empty property";
		pr->key[pr->n] = s;
		pr->val[pr->n] = eq ? eq + 1 : NULL;
		pr->n++;
		if (!comma)
			return NULL;
		s = comma + 1;
	}
}

bool dm_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

bool dm_parse_uint(const char *s, unsigned max, unsigned *out)
{
	uint64_t v;

	if (!dm_parse_u64(s, max, &v))
		return false;
	*out = (unsigned)v;
	return true;
}

bool dm_parse_numbered(const char *s, const char *prefix, unsigned max, unsigned *out)
{
	size_t n = strlen(prefix);

	return s && strncmp(s, prefix, n) == 0 && dm_parse_uint(s + n, max, out);
}

bool dm_is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

int dm_boot_order_check(const char *order, size_t cap)
{
	size_t len = strlen(order);

	if (len == 0 || len >= cap)
		return DM_BOOT_ORDER_LENGTH;
	for (size_t i = 0; i < len; i++)
		if (!strchr("acdn", order[i]) || memchr(order, order[i], i))
			return (int)i;
	return DM_BOOT_ORDER_OK;
}
