/*
 * The menu state machine (see menu_ui.h): key decoding, the countdown, the
 * list, the entry editor, the line editor and the command line.
 *
 * Output, line by line (TITLE and entry lines with control bytes shown as
 * '?'; N the entry number from 0):
 *   menu:      "PV-GRUB menu: up/down or a number selects, Enter boots, 'e' edits,
 *               'c' gives a command line" (one line), then one line per entry,
 *              " > N: TITLE" for the selected one and "   N: TITLE" for the
 *              others; the whole list again after every move
 *   countdown: "Booting 'TITLE' in S s" when it starts and every second;
 *              with hiddenmenu "Press any key to enter the menu" first
 *   decision:  "Booting 'TITLE'", "Booting 'TITLE' (edited)",
 *              "Booting the command-line entry"
 *   editor:    "Editing entry N 'TITLE': up/down selects a line, ..." then
 *              " > LINE" / "   LINE" per line ("   (no lines)" when none);
 *              the line editor prompts "grub edit> " and ends its line at
 *              Enter or Esc, after which the editor is listed again
 *   command:   "Command line: ..." once, then "grub> " prompts
 *   password:  "Password: " (the menu's) or "Password for 'TITLE': " (an
 *              entry's), a '*' per byte typed; then "Error: wrong password"
 *              and the menu again, or "Unlocked: ..." after the menu's
 *              and whatever it was asked for; a menu whose password is set
 *              and not given heads its list "PV-GRUB menu: up/down or a
 *              number selects, Enter boots, 'p' unlocks 'e' and 'c'"
 *   errors:    "Error: TEXT" (the command stays, the prompt comes back)
 */
#include "apps/pvgrub/menu_ui.h"

#include "apps/pvgrub/menu_lst.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/password.h"
#include "lib/string.h"

#include <stdarg.h>

enum key {
	KEY_UP = 0x100,
	KEY_DOWN,
	KEY_LEFT,
	KEY_RIGHT,
	KEY_HOME,
	KEY_END,
	KEY_DELETE,
	KEY_ESC,
	KEY_ENTER,
	KEY_BACKSPACE,
};

#define CTRL(c) ((c)&0x1f)

enum esc_state { ESC_NONE, ESC_GOT, ESC_CSI, ESC_SS3 };

/* What a password is asked for. */
enum pw_action { PW_UNLOCK, PW_EDIT, PW_COMMAND, PW_BOOT };

#define EDIT_PROMPT    "grub edit> "
#define COMMAND_PROMPT "grub> "
#define COMMAND_TITLE  "command line"

/* ---- output ----------------------------------------------------------- */

static void flush(struct menu_ui *ui)
{
	if (ui->out_len && ui->write)
		ui->write(ui->ctx, ui->out, ui->out_len);
	ui->out_len = 0;
}

static void put(struct menu_ui *ui, char c)
{
	if (ui->out_len == sizeof(ui->out))
		flush(ui);
	ui->out[ui->out_len++] = c;
}

static void put_str(struct menu_ui *ui, const char *s)
{
	while (*s)
		put(ui, *s++);
}

static void put_repeat(struct menu_ui *ui, char c, size_t n)
{
	while (n--)
		put(ui, c);
}

/* Text from the guest's disk or typed: no control bytes reach the
 * terminal. */
static void put_text(struct menu_ui *ui, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		put(ui, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
}

/* In the line editor one byte must be one column: ASCII only. */
static void put_column(struct menu_ui *ui, char c)
{
	put(ui, c >= 0x20 && c < 0x7f ? c : '?');
}

static void sink(char c, void *ctx)
{
	put(ctx, c);
}

__attribute__((format(printf, 2, 3))) static void putf(struct menu_ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_v(sink, ui, fmt, ap);
	va_end(ap);
}

/* "Error: [line N: ]TEXT": the parser's messages quote what was typed or
 * read, so they go out as text. */
static void put_error(struct menu_ui *ui, int line, const char *text)
{
	put_str(ui, "Error: ");
	if (line > 0)
		putf(ui, "line %d: ", line);
	put_text(ui, text);
	put(ui, '\n');
}

static int n_entries(const struct menu_ui *ui)
{
	int n = ui->menu->n_entries;

	return n < 0 ? 0 : n > MENU_MAX_ENTRIES ? MENU_MAX_ENTRIES : n;
}

static const struct menu_entry *entry(const struct menu_ui *ui, int i)
{
	return &ui->menu->entries[i];
}

static void put_title(struct menu_ui *ui, const struct menu_entry *e)
{
	put_text(ui, e->title ? e->title : "");
}

/* ---- menu entries as lines ---------------------------------------------- */

static void add_line(struct menu_ui_lines *l, const char *cmd, const struct menu_device *dev,
		     const char *path, const char *args)
{
	char d[32];

	if (l->n >= MENU_UI_MAX_LINES)
		return;
	menu_format_device(d, sizeof(d), dev);
	format_buf(l->text[l->n++], sizeof(l->text[0]), "%s %s%s%s%s", cmd, d, path ? path : "",
		   args && *args ? " " : "", args ? args : "");
}

/* The commands of entry e, as the menu.lst grammar reads them back. A
 * password is not shown. */
static void entry_lines(const struct menu_entry *e, struct menu_ui_lines *l)
{
	l->n = 0;
	if (e->has_root)
		add_line(l, e->root_noverify ? "rootnoverify" : "root", &e->root, "", "");
	if (e->has_kernel)
		add_line(l, "kernel", &e->kernel.dev, e->kernel.path, e->kernel_args);
	if (e->has_initrd)
		add_line(l, "initrd", &e->initrd.dev, e->initrd.path, "");
	for (int i = 0; i < e->n_modules && i < MENU_MAX_MODULES; i++)
		add_line(l, "module", &e->modules[i].file.dev, e->modules[i].file.path,
			 e->modules[i].args);
	if (e->has_configfile)
		add_line(l, "configfile", &e->configfile.dev, e->configfile.path, "");
	if (e->savedefault && l->n < MENU_UI_MAX_LINES)
		format_buf(l->text[l->n++], sizeof(l->text[0]), "savedefault");
}

static bool bootable(const struct menu_entry *e)
{
	return e->has_kernel || e->has_configfile;
}

/* Parses lines as one entry into ui->parsed; prints what is wrong with
 * them and returns false, or returns true. */
static bool parse_lines(struct menu_ui *ui, const char *title, const struct menu_ui_lines *l,
			const char *extra)
{
	char *text = ui->joined;
	size_t len = 0;
	struct menu *m = &ui->parsed;

	for (int i = 0; i < l->n; i++) {
		size_t n = strnlen(l->text[i], MENU_MAX_LINE);
		memcpy(text + len, l->text[i], n);
		len += n;
		text[len++] = '\n';
	}
	if (extra) {
		size_t n = strnlen(extra, MENU_MAX_LINE);
		memcpy(text + len, extra, n);
		len += n;
	}
	int r = menu_parse_entry(m, title, text, len);
	if (r < 0)
		put_error(ui, 0, m->err);
	for (int i = 0; i < m->n_warnings && i < MENU_MAX_WARNINGS; i++)
		put_error(ui, extra ? 0 : m->warnings[i].line, m->warnings[i].text);
	return r == 0 && m->n_warnings == 0;
}

/* ---- decisions and the countdown ---------------------------------------- */

static void decide(struct menu_ui *ui, int index, bool edited, const struct menu_entry *e)
{
	ui->choice.index = index;
	ui->choice.edited = edited;
	ui->choice.entry = e;
	ui->mode = MENU_UI_DONE;
	ui->counting = false;
	ui->esc = ESC_NONE;
}

/* "Booting 'TITLE'[ (edited)]" or "Booting the command-line entry", then
 * the decision. */
static void boot(struct menu_ui *ui, int index, bool edited, const struct menu_entry *e)
{
	if (index < 0) {
		put_str(ui, "Booting the command-line entry\n");
	} else {
		put_str(ui, "Booting '");
		put_title(ui, e);
		put_str(ui, edited ? "' (edited)\n" : "'\n");
	}
	decide(ui, index, edited, e);
}

static void ask_password(struct menu_ui *ui, const struct menu_entry *owner, enum pw_action action);

/* Boots e, once its own password (if it has one) is given. */
static void boot_checked(struct menu_ui *ui, int index, bool edited, const struct menu_entry *e)
{
	if (!e->password) {
		boot(ui, index, edited, e);
		return;
	}
	ui->pw_boot.index = index;
	ui->pw_boot.edited = edited;
	ui->pw_boot.entry = e;
	ui->counting = false;
	ask_password(ui, e, PW_BOOT);
}

static void boot_selected(struct menu_ui *ui, bool interactive)
{
	const struct menu_entry *e = entry(ui, ui->selected);

	if (interactive && !bootable(e)) {
		putf(ui, "Error: entry %d has no kernel\n", ui->selected);
		return;
	}
	boot_checked(ui, ui->selected, false, e);
}

static void countdown(struct menu_ui *ui, uint64_t now_ms)
{
	uint64_t elapsed = now_ms > ui->count_start_ms ? now_ms - ui->count_start_ms : 0;
	int timeout = ui->menu->timeout;

	if (elapsed >= (uint64_t)timeout * 1000) {
		boot_selected(ui, false);
		return;
	}
	int remaining = timeout - (int)(elapsed / 1000);
	ui->count_next_ms = ui->count_start_ms + (elapsed / 1000 + 1) * 1000;
	if (remaining != ui->count_shown) {
		ui->count_shown = remaining;
		put_str(ui, "Booting '");
		put_title(ui, entry(ui, ui->selected));
		putf(ui, "' in %d s\n", remaining);
	}
}

static void start_countdown(struct menu_ui *ui, uint64_t now_ms)
{
	ui->counting = true;
	ui->count_start_ms = now_ms;
	ui->count_shown = -1;
	countdown(ui, now_ms);
}

/* ---- screens ----------------------------------------------------------- */

/* The menu's password is set and was not given. */
static bool locked(const struct menu_ui *ui)
{
	return ui->menu->password && !ui->unlocked;
}

static void draw_menu(struct menu_ui *ui)
{
	if (locked(ui))
		put_str(ui, "PV-GRUB menu: up/down or a number selects, Enter boots, "
			    "'p' unlocks 'e' and 'c'\n");
	else
		put_str(ui, "PV-GRUB menu: up/down or a number selects, Enter boots, 'e' edits, "
			    "'c' gives a command line\n");
	for (int i = 0; i < n_entries(ui); i++) {
		putf(ui, "%s%d: ", i == ui->selected ? " > " : "   ", i);
		put_title(ui, entry(ui, i));
		put(ui, '\n');
	}
}

static void show_menu(struct menu_ui *ui)
{
	ui->mode = MENU_UI_MENU;
	ui->number = -1;
	draw_menu(ui);
}

static void select_entry(struct menu_ui *ui, int i)
{
	if (i < 0 || i >= n_entries(ui) || i == ui->selected)
		return;
	ui->selected = i;
	draw_menu(ui);
}

static void draw_editor(struct menu_ui *ui)
{
	putf(ui, "Editing entry %d '", ui->edit_entry);
	put_title(ui, entry(ui, ui->edit_entry));
	put_str(ui, "': up/down selects a line, 'e' edits it, 'o'/'O' opens a line, "
		    "'d' deletes it, 'b' boots, Esc goes back\n");
	if (ui->edit.n == 0)
		put_str(ui, "   (no lines)\n");
	for (int i = 0; i < ui->edit.n; i++) {
		put_str(ui, i == ui->edit_cur ? " > " : "   ");
		put_text(ui, ui->edit.text[i]);
		put(ui, '\n');
	}
}

static void open_editor(struct menu_ui *ui)
{
	ui->mode = MENU_UI_EDIT;
	ui->edit_entry = ui->selected;
	ui->edit_cur = 0;
	entry_lines(entry(ui, ui->selected), &ui->edit);
	draw_editor(ui);
}

/* The line editor: starts on text, the cursor at its end. */
static void line_start(struct menu_ui *ui, const char *prompt, const char *text)
{
	ui->line_len = strnlen(text, MENU_MAX_LINE);
	memmove(ui->line, text, ui->line_len);
	ui->line[ui->line_len] = '\0';
	ui->cursor = ui->line_len;
	put_str(ui, prompt);
	for (size_t i = 0; i < ui->line_len; i++)
		put_column(ui, ui->line[i]);
}

static void command_start(struct menu_ui *ui)
{
	ui->mode = MENU_UI_COMMAND;
	put_str(ui, "Command line: root, kernel, initrd, module as in menu.lst, then boot; "
		    "Esc goes back to the menu\n");
	line_start(ui, COMMAND_PROMPT, "");
}

/* ---- the line editor -------------------------------------------------- */

static void put_line_from(struct menu_ui *ui, size_t from)
{
	for (size_t i = from; i < ui->line_len; i++)
		put_column(ui, ui->line[i]);
}

static void line_delete(struct menu_ui *ui, size_t at, size_t n)
{
	memmove(ui->line + at, ui->line + at + n, ui->line_len - at - n + 1);
	ui->line_len -= n;
}

/* Every key of the line editor but Enter and Esc. */
static void line_key(struct menu_ui *ui, int k)
{
	size_t len = ui->line_len, cur = ui->cursor;

	switch (k) {
	case KEY_LEFT:
	case CTRL('B'):
		if (cur > 0) {
			put(ui, '\b');
			ui->cursor--;
		}
		return;
	case KEY_RIGHT:
	case CTRL('F'):
		if (cur < len)
			put_column(ui, ui->line[ui->cursor++]);
		return;
	case KEY_HOME:
	case CTRL('A'):
		put_repeat(ui, '\b', cur);
		ui->cursor = 0;
		return;
	case KEY_END:
	case CTRL('E'):
		put_line_from(ui, cur);
		ui->cursor = len;
		return;
	case KEY_BACKSPACE:
		if (cur == 0)
			return;
		line_delete(ui, cur - 1, 1);
		ui->cursor--;
		put(ui, '\b');
		put_line_from(ui, ui->cursor);
		put(ui, ' ');
		put_repeat(ui, '\b', len - cur + 1);
		return;
	case KEY_DELETE:
	case CTRL('D'):
		if (cur == len)
			return;
		line_delete(ui, cur, 1);
		put_line_from(ui, cur);
		put(ui, ' ');
		put_repeat(ui, '\b', len - cur);
		return;
	case CTRL('K'):
		put_repeat(ui, ' ', len - cur);
		put_repeat(ui, '\b', len - cur);
		ui->line_len = cur;
		ui->line[cur] = '\0';
		return;
	case CTRL('U'):
		line_delete(ui, 0, cur);
		ui->cursor = 0;
		put_repeat(ui, '\b', cur);
		put_line_from(ui, 0);
		put_repeat(ui, ' ', cur);
		put_repeat(ui, '\b', len);
		return;
	}
	if (k < 0x20 || k >= 0x7f || len >= MENU_MAX_LINE)
		return; /* not printable, or the line is full */
	memmove(ui->line + cur + 1, ui->line + cur, len - cur + 1);
	ui->line[cur] = (char)k;
	ui->line_len++;
	ui->cursor++;
	put_line_from(ui, cur);
	put_repeat(ui, '\b', len - cur);
}

/* ---- the entry editor ------------------------------------------------- */

static void open_line(struct menu_ui *ui, int at)
{
	struct menu_ui_lines *l = &ui->edit;

	if (l->n >= MENU_UI_MAX_LINES) {
		putf(ui, "Error: an entry has at most %d lines\n", MENU_UI_MAX_LINES);
		return;
	}
	memmove(l->text[at + 1], l->text[at], (size_t)(l->n - at) * sizeof(l->text[0]));
	l->text[at][0] = '\0';
	l->n++;
	ui->edit_cur = at;
	ui->line_is_new = true;
	ui->mode = MENU_UI_EDIT_LINE;
	line_start(ui, EDIT_PROMPT, "");
}

static void delete_line(struct menu_ui *ui, int at)
{
	struct menu_ui_lines *l = &ui->edit;

	memmove(l->text[at], l->text[at + 1], (size_t)(l->n - at - 1) * sizeof(l->text[0]));
	l->n--;
	if (ui->edit_cur >= l->n && ui->edit_cur > 0)
		ui->edit_cur--;
}

static void boot_edited(struct menu_ui *ui)
{
	const struct menu_entry *orig = entry(ui, ui->edit_entry);

	if (!parse_lines(ui, orig->title ? orig->title : "", &ui->edit, NULL))
		return;
	const struct menu_entry *e = &ui->parsed.entries[0];
	if (!bootable(e)) {
		put_str(ui, "Error: no kernel line\n");
		return;
	}
	boot_checked(ui, ui->edit_entry, true, e);
}

static void editor_key(struct menu_ui *ui, int k)
{
	switch (k) {
	case KEY_UP:
	case CTRL('P'):
		if (ui->edit_cur > 0) {
			ui->edit_cur--;
			draw_editor(ui);
		}
		return;
	case KEY_DOWN:
	case CTRL('N'):
		if (ui->edit_cur + 1 < ui->edit.n) {
			ui->edit_cur++;
			draw_editor(ui);
		}
		return;
	case 'e':
	case KEY_ENTER:
		if (ui->edit.n == 0) {
			open_line(ui, 0);
			return;
		}
		ui->line_is_new = false;
		ui->mode = MENU_UI_EDIT_LINE;
		line_start(ui, EDIT_PROMPT, ui->edit.text[ui->edit_cur]);
		return;
	case 'o':
		open_line(ui, ui->edit.n ? ui->edit_cur + 1 : 0);
		return;
	case 'O':
		open_line(ui, ui->edit_cur);
		return;
	case 'd':
		if (ui->edit.n > 0) {
			delete_line(ui, ui->edit_cur);
			draw_editor(ui);
		}
		return;
	case 'b':
		boot_edited(ui);
		return;
	case KEY_ESC:
		show_menu(ui);
		return;
	}
}

static void edit_line_key(struct menu_ui *ui, int k)
{
	if (k == KEY_ENTER) {
		memcpy(ui->edit.text[ui->edit_cur], ui->line, ui->line_len + 1);
	} else if (k == KEY_ESC) {
		if (ui->line_is_new)
			delete_line(ui, ui->edit_cur);
	} else {
		line_key(ui, k);
		return;
	}
	put(ui, '\n');
	ui->line_is_new = false;
	ui->mode = MENU_UI_EDIT;
	draw_editor(ui);
}

/* ---- the command line ------------------------------------------------- */

/* The command word of a line (as the menu.lst parser splits it) into word;
 * rootnoverify counts as root, since either replaces the other. */
static void command_word(const char *line, char *word, size_t size)
{
	size_t n = 0;

	while (*line == ' ' || *line == '\t')
		line++;
	while (line[n] && line[n] != ' ' && line[n] != '\t' && line[n] != '=' && n + 1 < size) {
		word[n] = line[n];
		n++;
	}
	word[n] = '\0';
	if (strcmp(word, "rootnoverify") == 0)
		format_buf(word, size, "root");
}

static void boot_command_line(struct menu_ui *ui)
{
	if (!parse_lines(ui, COMMAND_TITLE, &ui->command, NULL))
		return;
	const struct menu_entry *e = &ui->parsed.entries[0];
	if (!bootable(e)) {
		put_str(ui, "Error: no kernel: type 'kernel FILE [ARGS]' first\n");
		return;
	}
	boot_checked(ui, -1, false, e);
}

/* A command typed at the prompt: checked by parsing the entry with it, and
 * kept (replacing an earlier one of the same kind, modules apart) when it
 * parses cleanly. */
static void run_command(struct menu_ui *ui)
{
	struct menu_ui_lines *l = &ui->command;
	char word[16], other[16];
	int replace = -1;

	command_word(ui->line, word, sizeof(word));
	if (word[0] == '\0' || word[0] == '#')
		return;
	if (strcmp(word, "boot") == 0) {
		boot_command_line(ui);
		return;
	}
	if (strcmp(word, "help") == 0) {
		put_str(ui, "Commands: root (hdN[,P]), kernel FILE [ARGS], initrd FILE, "
			    "module FILE [ARGS], boot; Esc goes back to the menu\n");
		return;
	}
	if (!parse_lines(ui, COMMAND_TITLE, l, ui->line))
		return;
	for (int i = 0; i < l->n && strcmp(word, "module") != 0; i++) {
		command_word(l->text[i], other, sizeof(other));
		if (strcmp(word, other) == 0)
			replace = i;
	}
	if (replace < 0 && l->n >= MENU_UI_MAX_LINES) {
		putf(ui, "Error: at most %d commands\n", MENU_UI_MAX_LINES);
		return;
	}
	if (replace < 0)
		replace = l->n++;
	memcpy(l->text[replace], ui->line, ui->line_len + 1);
}

static void command_key(struct menu_ui *ui, int k)
{
	if (k == KEY_ENTER) {
		put(ui, '\n');
		run_command(ui);
		if (ui->mode == MENU_UI_COMMAND)
			line_start(ui, COMMAND_PROMPT, "");
	} else if (k == KEY_ESC) {
		put(ui, '\n');
		if (n_entries(ui) > 0)
			show_menu(ui);
		else
			line_start(ui, COMMAND_PROMPT, "");
	} else {
		line_key(ui, k);
	}
}

/* ---- passwords ------------------------------------------------------------ */

/* Asks for owner's password (NULL: the menu's), for action. */
static void ask_password(struct menu_ui *ui, const struct menu_entry *owner, enum pw_action action)
{
	ui->mode = MENU_UI_PASSWORD;
	ui->pw_owner = owner;
	ui->pw_action = action;
	ui->pw_len = 0;
	if (owner) {
		put_str(ui, "Password for '");
		put_title(ui, owner);
		put_str(ui, "': ");
	} else {
		put_str(ui, "Password: ");
	}
}

static void forget_password(struct menu_ui *ui)
{
	memset(ui->pw, 0, sizeof(ui->pw));
	ui->pw_len = 0;
}

/* Back from the prompt: to the menu, or with no entries to the menu's
 * password again (it locks the command line, all there is). */
static void password_back(struct menu_ui *ui)
{
	forget_password(ui);
	if (n_entries(ui) > 0)
		show_menu(ui);
	else
		ask_password(ui, NULL, PW_COMMAND);
}

/* Whether what was typed is the password; says why not. */
static bool password_matches(struct menu_ui *ui)
{
	const char *want = ui->pw_owner ? ui->pw_owner->password : ui->menu->password;
	bool md5 = ui->pw_owner ? ui->pw_owner->password_md5 : ui->menu->password_md5;

	if (md5) {
		int r = password_md5_matches(want, ui->pw, ui->pw_len);
		if (r == -EINVAL)
			put_str(ui, "Error: not an MD5-crypt hash ($1$SALT$HASH): no password "
				    "matches this password --md5\n");
		else if (r < 0)
			put_str(ui, "Error: the MD5 password could not be checked\n");
		else if (r == 0)
			put_str(ui, "Error: wrong password\n");
		return r == 1;
	}
	if (!want || strlen(want) != ui->pw_len || memcmp(want, ui->pw, ui->pw_len) != 0) {
		put_str(ui, "Error: wrong password\n");
		return false;
	}
	return true;
}

static void password_entered(struct menu_ui *ui)
{
	bool ok = password_matches(ui);

	forget_password(ui);
	if (!ok) {
		password_back(ui);
		return;
	}
	if (!ui->pw_owner) {
		ui->unlocked = true;
		put_str(ui, "Unlocked: 'e' edits, 'c' gives a command line\n");
	}
	switch (ui->pw_action) {
	case PW_UNLOCK:
		show_menu(ui);
		return;
	case PW_EDIT:
		open_editor(ui);
		return;
	case PW_COMMAND:
		command_start(ui);
		return;
	case PW_BOOT:
		boot(ui, ui->pw_boot.index, ui->pw_boot.edited, ui->pw_boot.entry);
		return;
	}
}

static void password_key(struct menu_ui *ui, int k)
{
	switch (k) {
	case KEY_ENTER:
		put(ui, '\n');
		password_entered(ui);
		return;
	case KEY_ESC:
		put(ui, '\n');
		password_back(ui);
		return;
	case KEY_BACKSPACE:
		if (ui->pw_len > 0) {
			ui->pw[--ui->pw_len] = '\0';
			put_str(ui, "\b \b");
		}
		return;
	case CTRL('U'):
		for (; ui->pw_len > 0; ui->pw_len--)
			put_str(ui, "\b \b");
		forget_password(ui);
		return;
	}
	if (k < 0x20 || k == 0x7f || k > 0xff || ui->pw_len >= MENU_MAX_LINE)
		return; /* a key, a control byte, or too long */
	ui->pw[ui->pw_len++] = (char)k;
	put(ui, '*');
}

/* 'e' and 'c' from the menu, through the passwords that lock them. */
static void menu_edit(struct menu_ui *ui)
{
	const struct menu_entry *e = entry(ui, ui->selected);

	if (locked(ui))
		ask_password(ui, NULL, PW_EDIT);
	else if (e->password && !ui->unlocked)
		ask_password(ui, e, PW_EDIT);
	else
		open_editor(ui);
}

static void menu_command(struct menu_ui *ui)
{
	if (locked(ui))
		ask_password(ui, NULL, PW_COMMAND);
	else
		command_start(ui);
}

/* ---- the menu ------------------------------------------------------------ */

static void menu_number(struct menu_ui *ui, int digit)
{
	int n = ui->number >= 0 ? ui->number * 10 + digit : digit;

	if (n >= n_entries(ui))
		n = digit;
	if (n >= n_entries(ui)) {
		ui->number = -1;
		return;
	}
	ui->number = n;
	select_entry(ui, n);
}

static void menu_key(struct menu_ui *ui, int k)
{
	ui->counting = false;
	if (k >= '0' && k <= '9') {
		menu_number(ui, k - '0');
		return;
	}
	ui->number = -1;
	switch (k) {
	case KEY_UP:
	case CTRL('P'):
		select_entry(ui, ui->selected - 1);
		return;
	case KEY_DOWN:
	case CTRL('N'):
		select_entry(ui, ui->selected + 1);
		return;
	case KEY_HOME:
		select_entry(ui, 0);
		return;
	case KEY_END:
		select_entry(ui, n_entries(ui) - 1);
		return;
	case KEY_ENTER:
		boot_selected(ui, true);
		return;
	case 'e':
		menu_edit(ui);
		return;
	case 'c':
		menu_command(ui);
		return;
	case 'p':
		if (locked(ui))
			ask_password(ui, NULL, PW_UNLOCK);
		return;
	}
}

static void key(struct menu_ui *ui, int k)
{
	switch (ui->mode) {
	case MENU_UI_HIDDEN:
		ui->counting = false;
		show_menu(ui);
		return;
	case MENU_UI_MENU:
		menu_key(ui, k);
		return;
	case MENU_UI_EDIT:
		editor_key(ui, k);
		return;
	case MENU_UI_EDIT_LINE:
		edit_line_key(ui, k);
		return;
	case MENU_UI_COMMAND:
		command_key(ui, k);
		return;
	case MENU_UI_PASSWORD:
		password_key(ui, k);
		return;
	case MENU_UI_DONE:
		return;
	}
}

/* ---- key decoding ----------------------------------------------------- */

/* The last byte of ESC [ PARAMS F or ESC O F. */
static void sequence_key(struct menu_ui *ui, char final)
{
	const char *p = ui->seq;

	switch (final) {
	case 'A':
		key(ui, KEY_UP);
		return;
	case 'B':
		key(ui, KEY_DOWN);
		return;
	case 'C':
		key(ui, KEY_RIGHT);
		return;
	case 'D':
		key(ui, KEY_LEFT);
		return;
	case 'H':
		key(ui, KEY_HOME);
		return;
	case 'F':
		key(ui, KEY_END);
		return;
	case '~':
		if (strcmp(p, "1") == 0 || strcmp(p, "7") == 0)
			key(ui, KEY_HOME);
		else if (strcmp(p, "4") == 0 || strcmp(p, "8") == 0)
			key(ui, KEY_END);
		else if (strcmp(p, "3") == 0)
			key(ui, KEY_DELETE);
		return;
	}
}

/* Continues an escape sequence with b; false when b does not belong to it
 * (the sequence is dropped, or a lone ESC delivered) and is a key itself. */
static bool in_sequence(struct menu_ui *ui, unsigned char b)
{
	switch (ui->esc) {
	case ESC_GOT:
		if (b == '[' || b == 'O') {
			ui->esc = b == '[' ? ESC_CSI : ESC_SS3;
			ui->seq_len = 0;
			ui->seq[0] = '\0';
			return true;
		}
		ui->esc = ESC_NONE;
		key(ui, KEY_ESC);
		return false;
	case ESC_CSI:
		if (b >= 0x20 && b <= 0x3f) { /* parameters and intermediates */
			if (ui->seq_len < (int)sizeof(ui->seq) - 1)
				ui->seq[ui->seq_len++] = (char)b;
			else
				ui->seq_len = (int)sizeof(ui->seq); /* too long: dropped */
			return true;
		}
		/* fall through */
	case ESC_SS3:
		ui->esc = ESC_NONE;
		if (b < 0x40 || b > 0x7e)
			return false;
		if (ui->seq_len < (int)sizeof(ui->seq)) {
			ui->seq[ui->seq_len] = '\0';
			sequence_key(ui, (char)b);
		}
		return true;
	}
	return false;
}

static void input_byte(struct menu_ui *ui, unsigned char b, uint64_t now_ms)
{
	bool crlf = b == '\n' && ui->after_cr;

	ui->after_cr = b == '\r';
	if (ui->esc != ESC_NONE && in_sequence(ui, b))
		return;
	if (crlf || ui->mode == MENU_UI_DONE)
		return;
	switch (b) {
	case 0x1b:
		ui->esc = ESC_GOT;
		ui->esc_ms = now_ms;
		return;
	case '\r':
	case '\n':
		key(ui, KEY_ENTER);
		return;
	case 0x7f:
	case 0x08:
		key(ui, KEY_BACKSPACE);
		return;
	}
	key(ui, b);
}

/* ---- the API ------------------------------------------------------------ */

static void run_clock(struct menu_ui *ui, uint64_t now_ms)
{
	if (ui->mode == MENU_UI_DONE)
		return;
	if (ui->esc != ESC_NONE && now_ms - ui->esc_ms >= MENU_UI_ESC_MS && now_ms >= ui->esc_ms) {
		bool lone = ui->esc == ESC_GOT;
		ui->esc = ESC_NONE; /* an unfinished sequence is dropped */
		if (lone)
			key(ui, KEY_ESC);
	}
	if (ui->counting)
		countdown(ui, now_ms);
}

/* menu_ui_start, with the menu's password given already or not. */
static void start(struct menu_ui *ui, const struct menu *m, uint64_t now_ms, menu_ui_write_fn write,
		  void *ctx, bool unlocked)
{
	memset(ui, 0, offsetof(struct menu_ui, parsed));
	ui->menu = m;
	ui->write = write;
	ui->ctx = ctx;
	ui->unlocked = unlocked;
	ui->number = -1;
	ui->choice.index = -1;
	if (n_entries(ui) == 0) {
		put_str(ui, "The menu has no entries\n");
		menu_command(ui);
		flush(ui);
		return;
	}
	ui->selected = m->default_entry;
	if (ui->selected < 0 || ui->selected >= n_entries(ui))
		ui->selected = 0;
	if (m->hiddenmenu && m->timeout > 0) {
		ui->mode = MENU_UI_HIDDEN;
		put_str(ui, "Press any key to enter the menu\n");
		start_countdown(ui, now_ms);
	} else if (m->hiddenmenu && m->timeout == 0) {
		boot_selected(ui, false);
	} else {
		show_menu(ui);
		if (m->timeout == 0)
			boot_selected(ui, false);
		else if (m->timeout > 0)
			start_countdown(ui, now_ms);
	}
	flush(ui);
}

void menu_ui_start(struct menu_ui *ui, const struct menu *m, uint64_t now_ms,
		   menu_ui_write_fn write, void *ctx)
{
	start(ui, m, now_ms, write, ctx, false);
}

void menu_ui_resume(struct menu_ui *ui, uint64_t now_ms)
{
	start(ui, ui->menu, now_ms, ui->write, ui->ctx, ui->unlocked);
}

void menu_ui_input(struct menu_ui *ui, const void *bytes, size_t len, uint64_t now_ms)
{
	const unsigned char *b = bytes;

	run_clock(ui, now_ms);
	for (size_t i = 0; i < len && ui->mode != MENU_UI_DONE; i++)
		input_byte(ui, b[i], now_ms);
	flush(ui);
}

void menu_ui_tick(struct menu_ui *ui, uint64_t now_ms)
{
	run_clock(ui, now_ms);
	flush(ui);
}

uint64_t menu_ui_deadline(const struct menu_ui *ui)
{
	uint64_t d = MENU_UI_NO_DEADLINE;

	if (ui->mode == MENU_UI_DONE)
		return d;
	if (ui->esc != ESC_NONE)
		d = ui->esc_ms + MENU_UI_ESC_MS;
	if (ui->counting && ui->count_next_ms < d)
		d = ui->count_next_ms;
	return d;
}

bool menu_ui_done(const struct menu_ui *ui)
{
	return ui->mode == MENU_UI_DONE;
}

const struct menu_ui_choice *menu_ui_choice(const struct menu_ui *ui)
{
	return ui->mode == MENU_UI_DONE ? &ui->choice : NULL;
}
