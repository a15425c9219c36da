/* The text screen read back from video RAM (see vga_text.h). */
#include "apps/ioemu/vga_text.h"

#include "lib/errno.h"

#include <string.h>

static char printable(uint8_t c)
{
	if (c == 0)
		return ' ';
	return c >= 0x20 && c < 0x7f ? (char)c : '?';
}

int vga_text_screen(const struct vga *v, struct vga_text *text)
{
	const uint8_t *cr = v->cr;
	unsigned height = (cr[VGA_CR_MAX_SCAN] & 0x1f) + 1u;
	unsigned vde = cr[VGA_CR_VERT_DISPLAY_END] | (cr[VGA_CR_OVERFLOW] & 0x02u) << 7 |
		       (cr[VGA_CR_OVERFLOW] & 0x40u) << 3;
	unsigned start = (unsigned)cr[VGA_CR_START_HI] << 8 | cr[VGA_CR_START_LO];
	unsigned cursor = (unsigned)cr[VGA_CR_CURSOR_HI] << 8 | cr[VGA_CR_CURSOR_LO];
	unsigned stride = cr[VGA_CR_OFFSET] * 2u, shift;

	memset(text, 0, sizeof(*text));
	if ((v->gr[VGA_GR_MISC] & VGA_GR06_GRAPHICS) || (v->vbe.regs[VBE_ENABLE] & VBE_ENABLED))
		return -ENOTSUP;
	text->cols = cr[VGA_CR_HORIZ_DISPLAY_END] + 1u;
	text->rows = (vde + 1) / height;
	if (text->cols > VGA_TEXT_MAX_COLS)
		text->cols = VGA_TEXT_MAX_COLS;
	if (text->rows > VGA_TEXT_MAX_ROWS)
		text->rows = VGA_TEXT_MAX_ROWS;
	if (!stride)
		stride = text->cols;
	/* Which address bits the CRTC's counter drives. */
	if (cr[VGA_CR_UNDERLINE] & VGA_CR14_DWORD)
		shift = 2;
	else
		shift = cr[VGA_CR_MODE] & VGA_CR17_BYTE_MODE ? 0 : 1;
	text->cursor_row = text->cursor_col = ~0u;
	if (cursor >= start && stride) {
		unsigned at = cursor - start;

		text->cursor_row = at / stride;
		text->cursor_col = at % stride;
	}
	for (unsigned r = 0; r < text->rows; r++) {
		char *line = text->line[r];
		unsigned n = 0;

		for (unsigned c = 0; c < text->cols; c++) {
			uint32_t ma = (start + r * stride + c) & 0xffff;

			line[c] = printable(vga_plane_byte(v, 0, ma << shift));
			if (line[c] != ' ')
				n = c + 1;
		}
		line[n] = '\0';
	}
	return 0;
}
