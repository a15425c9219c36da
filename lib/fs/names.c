/* File name conversions and comparisons shared by the readers (see names.h). */
#include "lib/fs/names.h"

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
