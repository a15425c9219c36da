/*
 * libFuzzer harness: a menu.lst, a NUL byte, then console input for the
 * menu UI. The input bytes are fed one at a time, 1 ms apart; 0xfd moves
 * the clock 1 s on and 0xfe 150 ms (ticks in between, each of which runs
 * what is due). After a decision the menu comes back (menu_ui_resume, as
 * after a boot that failed), waiting, with what was unlocked still so.
 * Whatever comes, the UI's state stays within its arrays, its output
 * carries no control bytes but newline and backspace, and a decision names
 * an entry that exists. Passwords hold: an edited or command-line entry
 * under a menu password comes only once it was given; an entry with a
 * password of its own boots, and a menu entry with one is edited (unless
 * the menu's was given), only straight from the prompt for that password;
 * an MD5 password (`--md5`) is given only when its hash is a well-formed
 * MD5-crypt hash (lib/password.c checks it through libxcrypt).
 * Checking an MD5 password takes libxcrypt about 0.3 ms (a thousand
 * rounds of MD5, on purpose), as long as hundreds of key presses, so an
 * input stops once it has had MD5_CHECKS_MAX of them checked (Enter at a
 * prompt for one): more of them reach no state that fewer do not. Enter
 * is what is counted, not leaving the prompt: with no entries a wrong
 * password asks for it again, the prompt never left. (A countdown that
 * runs out at the byte before an Enter and asks for an entry's password
 * can add one check more, once: a resumed menu does not count down.)
 */
#include "apps/pvgrub/menu_lst.h"
#include "apps/pvgrub/menu_ui.h"
#include "lib/password.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MD5_CHECKS_MAX = 8 };

static struct menu m;
static struct menu_ui ui;
/* Before the last input or tick: the mode and whose password was asked. */
static enum menu_ui_mode was_mode;
static const struct menu_entry *was_owner;

/* Whether the UI got here straight from the prompt for e's password. */
static bool from_prompt_for(const struct menu_entry *e)
{
	return was_mode == MENU_UI_PASSWORD && was_owner == e &&
	       (!e->password_md5 || password_md5_hash_valid(e->password));
}

static void before_step(void)
{
	was_mode = ui.mode;
	was_owner = ui.pw_owner;
}

/* Whether input byte b, about to be given, has an MD5 password checked:
 * Enter ('\r', or '\n' but the one of "\r\n") at a prompt for one. */
static bool checks_md5(uint8_t b)
{
	if (ui.mode != MENU_UI_PASSWORD || (b != '\r' && (b != '\n' || ui.after_cr)))
		return false;
	return ui.pw_owner ? ui.pw_owner->password_md5 : m.password_md5;
}

/* The bytes the UI must not write: the control bytes but backspace and
 * newline, and DEL (NUL, the last one, is what ends the copy below). */
static const char banned[] = "\x01\x02\x03\x04\x05\x06\x07\x09\x0b\x0c\x0d\x0e\x0f\x10"
			     "\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e"
			     "\x1f\x7f";

/* Looked for with libc's string functions, not a loop over the bytes:
 * redrawing a long line writes hundreds of bytes per key, and each
 * comparison in the harness's own code is a call into libFuzzer. */
static void check_output(void *ctx, const char *text, size_t len)
{
	char copy[sizeof(ui.out) + 1];

	(void)ctx;
	if (!text || len == 0 || len > sizeof(ui.out))
		__builtin_trap();
	memcpy(copy, text, len);
	copy[len] = '\0';
	if (strlen(copy) != len || strcspn(copy, banned) != len)
		__builtin_trap();
}

static void check_state(void)
{
	if (ui.line_len > MENU_MAX_LINE || ui.cursor > ui.line_len ||
	    strlen(ui.line) != ui.line_len || ui.edit.n < 0 || ui.edit.n > MENU_UI_MAX_LINES ||
	    ui.command.n < 0 || ui.command.n > MENU_UI_MAX_LINES || ui.edit_cur < 0 ||
	    (ui.edit.n > 0 && ui.edit_cur >= ui.edit.n) || ui.pw_len > MENU_MAX_LINE ||
	    strnlen(ui.pw, sizeof(ui.pw)) != ui.pw_len)
		__builtin_trap();
	if (ui.mode == MENU_UI_EDIT && was_mode != MENU_UI_EDIT && was_mode != MENU_UI_EDIT_LINE) {
		const struct menu_entry *e = &m.entries[ui.edit_entry];
		if ((m.password || e->password) && !ui.unlocked && !from_prompt_for(e))
			__builtin_trap();
	}
	if (ui.unlocked && m.password && m.password_md5 && !password_md5_hash_valid(m.password))
		__builtin_trap();
	if (m.n_entries > 0 && (ui.selected < 0 || ui.selected >= m.n_entries))
		__builtin_trap();
	for (int i = 0; i < ui.edit.n; i++)
		if (strnlen(ui.edit.text[i], sizeof(ui.edit.text[i])) > MENU_MAX_LINE)
			__builtin_trap();
	const struct menu_ui_choice *c = menu_ui_choice(&ui);
	if (!c || was_mode == MENU_UI_DONE)
		return;
	if (!c->entry || c->index < -1 || c->index >= m.n_entries || !c->entry->title ||
	    (c->index >= 0 && !c->edited && c->entry != &m.entries[c->index]))
		__builtin_trap();
	if (c->entry->has_kernel && (!c->entry->kernel.path || c->entry->kernel.path[0] != '/'))
		__builtin_trap();
	if (m.password && (c->edited || c->index < 0) && !ui.unlocked)
		__builtin_trap();
	if (c->entry->password && !from_prompt_for(c->entry))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t menu_len = nul ? (size_t)(nul - data) : size;
	uint64_t now = 1000;
	unsigned md5_checks = 0;

	menu_parse(&m, (const char *)data, menu_len);
	was_mode = MENU_UI_MENU; /* whatever the last input left */
	was_owner = NULL;
	menu_ui_start(&ui, &m, now, check_output, NULL);
	check_state();
	for (size_t i = menu_len + 1; i < size; i++) {
		now++;
		if (menu_ui_done(&ui)) {
			/* Nothing booted: back to the menu, as main.c does. */
			bool unlocked = ui.unlocked;
			m.timeout = -1;
			m.hiddenmenu = false;
			was_mode = MENU_UI_MENU;
			was_owner = NULL;
			menu_ui_resume(&ui, now);
			if (ui.unlocked != unlocked || menu_ui_done(&ui))
				__builtin_trap();
			check_state();
		}
		if (data[i] == 0xfd || data[i] == 0xfe) {
			uint64_t until = now + (data[i] == 0xfd ? 1000 : 150);
			while (now < until && !menu_ui_done(&ui)) {
				uint64_t d = menu_ui_deadline(&ui);
				/* One may be due already: input bytes come
				 * 1 ms apart with no tick in between. */
				if (d > now)
					now = d < until ? d : until;
				before_step();
				menu_ui_tick(&ui, now);
				check_state();
				if (!menu_ui_done(&ui) && menu_ui_deadline(&ui) <= now)
					__builtin_trap(); /* a tick runs what is due */
			}
		} else {
			if (checks_md5(data[i]) && md5_checks++ == MD5_CHECKS_MAX)
				break;
			before_step();
			menu_ui_input(&ui, &data[i], 1, now);
		}
		check_state();
	}
	return 0;
}
