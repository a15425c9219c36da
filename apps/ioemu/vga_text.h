/*
 * The VGA's text screen as text, pure: what a monitor would show in a
 * text mode, read from video RAM the way the CRTC scans it (start
 * address, columns, rows from the vertical display end and the character
 * height, the row offset, byte/word/doubleword addressing; the character
 * of each cell in plane 0), with the cursor's position. For QMP's
 * x-screen-text (qmp.h) and for tests; no rendering: a display shows
 * pixels, this only characters (code page 437's printable ASCII as it
 * is, NUL as a space, anything else '?').
 */
#ifndef APPS_IOEMU_VGA_TEXT_H
#define APPS_IOEMU_VGA_TEXT_H

#include "apps/ioemu/vga.h"

enum { VGA_TEXT_MAX_ROWS = 64, VGA_TEXT_MAX_COLS = 160 };

struct vga_text {
	unsigned rows, cols;
	unsigned cursor_row, cursor_col; /* beyond the screen: not shown */
	/* Each row NUL-terminated, trailing spaces removed. */
	char line[VGA_TEXT_MAX_ROWS][VGA_TEXT_MAX_COLS + 1];
};

/* The screen now. 0, or -ENOTSUP when the VGA is in a graphics mode
 * (text holds no rows then). Rows and columns beyond the maximums are
 * cut off. */
int vga_text_screen(const struct vga *v, struct vga_text *text);

#endif
