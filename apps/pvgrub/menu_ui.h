/*
 * PV-GRUB's interactive menu, GRUB legacy style, as a pure state machine:
 * fed console input bytes and the clock (ms), it writes text through a
 * callback and ends with a decision, the entry to boot. No I/O, no
 * allocation, no clock of its own: the console loop lives elsewhere
 * (menu_console.c), and host tests drive it with key strings and times.
 *
 * Keys: up/down (ESC [ A/B, ESC O A/B, Ctrl-P/N), a number, Enter (CR, LF or
 * CR LF), 'e' edits the selected entry, 'c' gives a "grub> " command line,
 * 'p' asks for the menu's password;
 * in the line editor left/right, Home/End (Ctrl-A/E), Backspace (DEL or BS),
 * Delete (ESC [ 3 ~, Ctrl-D), Ctrl-K, Ctrl-U; Esc alone (no byte following
 * within MENU_UI_ESC_MS) goes back. Every byte sequence is accepted: unknown
 * keys and escape sequences are ignored, lines are bounded.
 *
 * Passwords (menu.lst's `password`), as GRUB legacy has them: the menu's
 * own locks 'e' and 'c' until it is typed (after 'p', or when 'e' or 'c'
 * asks for it), and stays given when the menu comes back after a boot
 * that failed; an entry's own is asked for before that entry boots or is
 * edited, whatever chose it (a key, the countdown, timeout 0). An MD5
 * password (`--md5`) is an MD5-crypt hash as grub-md5-crypt writes it,
 * checked by lib/password.c; one that is not such a hash keeps what it
 * locks locked, with an error saying so.
 *
 * Output is plain lines that scripts can match (exact formats in menu_ui.c's
 * header comment); the line editor moves its cursor with backspaces only.
 */
#ifndef APPS_PVGRUB_MENU_UI_H
#define APPS_PVGRUB_MENU_UI_H

#include "apps/pvgrub/menu.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MENU_UI_MAX_LINES   16	/* lines of an entry being edited, or typed */
#define MENU_UI_ESC_MS	    100 /* a lone ESC is the Esc key after this */
#define MENU_UI_NO_DEADLINE UINT64_MAX

typedef void (*menu_ui_write_fn)(void *ctx, const char *text, size_t len);

enum menu_ui_mode {
	MENU_UI_HIDDEN,	   /* hiddenmenu: counting down, no list */
	MENU_UI_MENU,	   /* the list of entries */
	MENU_UI_EDIT,	   /* the lines of one entry */
	MENU_UI_EDIT_LINE, /* the line editor on one of them */
	MENU_UI_COMMAND,   /* the grub> prompt */
	MENU_UI_PASSWORD,  /* a password being typed */
	MENU_UI_DONE,
};

/* What to boot, once menu_ui_done(). */
struct menu_ui_choice {
	int index;			/* the menu's entry, -1 for one built at the command line */
	bool edited;			/* entry is an edited copy of entry index */
	const struct menu_entry *entry; /* in the menu, or in the menu_ui */
};

/* Private to menu_ui.c: in the header so that callers can place it. */
struct menu_ui_lines {
	int n;
	char text[MENU_UI_MAX_LINES][MENU_MAX_LINE + 1];
};

struct menu_ui {
	const struct menu *menu;
	menu_ui_write_fn write;
	void *ctx;
	enum menu_ui_mode mode;
	int selected;
	int number; /* being typed in the menu; -1 when none */
	/* countdown */
	bool counting;
	uint64_t count_start_ms, count_next_ms;
	int count_shown;
	/* key decoder */
	int esc; /* 0, or which part of an escape sequence came */
	uint64_t esc_ms;
	char seq[8];
	int seq_len;
	bool after_cr;
	/* the entry editor and the line editor */
	int edit_entry, edit_cur;
	bool line_is_new;
	struct menu_ui_lines edit;
	char line[MENU_MAX_LINE + 1];
	size_t line_len, cursor;
	/* the command line's entry */
	struct menu_ui_lines command;
	/* passwords: whether the menu's was given; the one being typed, whose
	 * (NULL: the menu's) and what for (to boot: pw_boot) */
	bool unlocked;
	const struct menu_entry *pw_owner;
	int pw_action;
	struct menu_ui_choice pw_boot;
	size_t pw_len;
	char pw[MENU_MAX_LINE + 1];
	/* output buffer */
	size_t out_len;
	char out[256];
	/* lines joined for the parser */
	char joined[(MENU_UI_MAX_LINES + 1) * (MENU_MAX_LINE + 1)];
	/* the decision */
	struct menu_ui_choice choice;
	struct menu parsed; /* edited and command-line entries */
};

/* Starts on menu m (which must stay valid): shows the list or, with
 * hiddenmenu, the countdown; with no entries, the command line; with
 * timeout 0, decides at once. */
void menu_ui_start(struct menu_ui *ui, const struct menu *m, uint64_t now_ms,
		   menu_ui_write_fn write, void *ctx);
/* After a decision that booted nothing: the same menu once more (with
 * its timeout and hiddenmenu as they are now), the menu's password still
 * given if it was, as GRUB legacy keeps it until the next boot. */
void menu_ui_resume(struct menu_ui *ui, uint64_t now_ms);
/* Input bytes that arrived at now_ms. */
void menu_ui_input(struct menu_ui *ui, const void *bytes, size_t len, uint64_t now_ms);
/* The clock: runs the countdown and a pending Esc. */
void menu_ui_tick(struct menu_ui *ui, uint64_t now_ms);
/* When menu_ui_tick must be called next if no input comes first;
 * MENU_UI_NO_DEADLINE when only input can change anything. */
uint64_t menu_ui_deadline(const struct menu_ui *ui);
bool menu_ui_done(const struct menu_ui *ui);
/* The decision; NULL until done. */
const struct menu_ui_choice *menu_ui_choice(const struct menu_ui *ui);

#endif
