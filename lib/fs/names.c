/* File name and label conversions and comparisons shared by the readers
 * (see names.h). */
#include "lib/fs/names.h"

#include "lib/errno.h"
#include "lib/string.h"

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool fs_name_eq_nocase(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return false;
	for (size_t i = 0; i < alen; i++)
		if (ascii_lower(a[i]) != ascii_lower(b[i]))
			return false;
	return true;
}

int fs_utf16_to_utf8(const uint16_t *in, size_t n, char *out, size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t c = in[i];
		uint8_t b[4];
		size_t len;

		if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && in[i + 1] >= 0xdc00 &&
		    in[i + 1] <= 0xdfff) {
			c = 0x10000 + ((c - 0xd800) << 10) + (in[i + 1] - 0xdc00);
			i++;
		} else if (c >= 0xd800 && c <= 0xdfff) {
			c = '?';
		}
		if (c < 0x80) {
			b[0] = (uint8_t)c;
			len = 1;
		} else if (c < 0x800) {
			b[0] = (uint8_t)(0xc0 | c >> 6);
			b[1] = (uint8_t)(0x80 | (c & 0x3f));
			len = 2;
		} else if (c < 0x10000) {
			b[0] = (uint8_t)(0xe0 | c >> 12);
			b[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
			b[2] = (uint8_t)(0x80 | (c & 0x3f));
			len = 3;
		} else {
			b[0] = (uint8_t)(0xf0 | c >> 18);
			b[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3f));
			b[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
			b[3] = (uint8_t)(0x80 | (c & 0x3f));
			len = 4;
		}
		if (size - o <= len)
			return -1;
		for (size_t k = 0; k < len; k++)
			out[o++] = (char)b[k];
	}
	if (size == 0)
		return -1;
	out[o] = '\0';
	return (int)o;
}

/* The length of the well-formed UTF-8 sequence at in (n bytes left), 0 when
 * none starts there (no overlong forms, surrogates or values past U+10FFFF). */
static size_t utf8_sequence(const uint8_t *in, size_t n)
{
	uint8_t lead = in[0], lo = 0x80, hi = 0xbf;
	size_t len;

	if (lead < 0x80)
		return 1;
	if (lead >= 0xc2 && lead <= 0xdf) {
		len = 2;
	} else if (lead >= 0xe0 && lead <= 0xef) {
		len = 3;
		lo = lead == 0xe0 ? 0xa0 : lo;
		hi = lead == 0xed ? 0x9f : hi;
	} else if (lead >= 0xf0 && lead <= 0xf4) {
		len = 4;
		lo = lead == 0xf0 ? 0x90 : lo;
		hi = lead == 0xf4 ? 0x8f : hi;
	} else {
		return 0;
	}
	if (n < len || in[1] < lo || in[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (in[i] < 0x80 || in[i] > 0xbf)
			return 0;
	return len;
}

size_t fs_label_text(const uint8_t *in, size_t n, bool trim, char *out)
{
	size_t i = 0, o = 0;

	while (i < n && in[i] != 0) {
		size_t len = utf8_sequence(in + i, n - i);
		bool control = (len == 1 && (in[i] < 0x20 || in[i] == 0x7f)) ||
			       (len == 2 && in[i] == 0xc2 && in[i + 1] < 0xa0);

		if (len == 0 || control) {
			out[o++] = '?';
			i += len ? len : 1;
			continue;
		}
		memcpy(out + o, in + i, len);
		o += len;
		i += len;
	}
	while (trim && o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return o;
}

int fs_ident_copy(const char *value, char *buf, size_t size)
{
	size_t len = strlen(value);

	if (size > 0)
		buf[0] = '\0';
	if (len == 0)
		return -ENOENT;
	if (len >= size)
		return -E2BIG;
	memcpy(buf, value, len + 1);
	return 0;
}
