/* apps/pvgrub/menu_ui: the console menu driven by key strings and times. */
#include "apps/pvgrub/menu_lst.h"
#include "apps/pvgrub/menu_ui.h"
#include "tests/unit/check.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define UP    "\x1b[A"
#define DOWN  "\x1b[B"
#define RIGHT "\x1b[C"
#define LEFT  "\x1b[D"
#define DEL   "\x1b[3~"

static struct menu m;
static struct menu_ui ui;
static char out[1 << 18];
static size_t out_len;

static void capture(void *ctx, const char *text, size_t len)
{
	CHECK(len > 0);
	if (len > sizeof(out) - 1 - out_len)
		len = sizeof(out) - 1 - out_len;
	memcpy(out + out_len, text, len);
	out_len += len;
	out[out_len] = '\0';
}

static void clear(void)
{
	out_len = 0;
	out[0] = '\0';
}

static void start(const char *menu_text, uint64_t now_ms)
{
	CHECK_INT(menu_parse(&m, menu_text, strlen(menu_text)), 0);
	clear();
	menu_ui_start(&ui, &m, now_ms, capture, NULL);
}

static void type(const char *keys, uint64_t now_ms)
{
	menu_ui_input(&ui, keys, strlen(keys), now_ms);
}

/* Whether the output has line as a whole line. */
static bool has_line(const char *line)
{
	size_t n = strlen(line);

	for (const char *p = out; (p = strstr(p, line)); p++)
		if ((p == out || p[-1] == '\n') && p[n] == '\n')
			return true;
	return false;
}

static int choice_index(void)
{
	const struct menu_ui_choice *c = menu_ui_choice(&ui);
	return c ? c->index : -100;
}

/* The entry chosen; a blank one (and a failure) when nothing was. */
static const struct menu_entry *chosen(void)
{
	static const struct menu_entry none = { .title = "", .kernel_args = "" };
	const struct menu_ui_choice *c = menu_ui_choice(&ui);

	CHECK(c != NULL);
	return c ? c->entry : &none;
}

static const char *const three = "default 1\ntimeout 3\n"
				 "title Alpha\nroot (hd0,0)\nkernel /vmlinuz-a ro quiet\n"
				 "initrd /initrd-a\n"
				 "title Beta\nkernel /vmlinuz-b ro\n"
				 "title Gamma\nkernel (hd0,1)/vmlinuz-c\n";

TEST(menu_ui_lists_entries_and_counts_down)
{
	start(three, 1000);
	CHECK(has_line("   0: Alpha"));
	CHECK(has_line(" > 1: Beta"));
	CHECK(has_line("   2: Gamma"));
	CHECK(has_line("Booting 'Beta' in 3 s"));
	CHECK(!menu_ui_done(&ui));
	CHECK_INT(menu_ui_deadline(&ui), 2000);
	menu_ui_tick(&ui, 1999);
	CHECK(!has_line("Booting 'Beta' in 2 s"));
	menu_ui_tick(&ui, 2000);
	CHECK(has_line("Booting 'Beta' in 2 s"));
	CHECK_INT(menu_ui_deadline(&ui), 3000);
	menu_ui_tick(&ui, 3500);
	CHECK(has_line("Booting 'Beta' in 1 s"));
	menu_ui_tick(&ui, 3999);
	CHECK(!menu_ui_done(&ui));
	CHECK(menu_ui_choice(&ui) == NULL);
	menu_ui_tick(&ui, 4000);
	CHECK(menu_ui_done(&ui));
	CHECK(has_line("Booting 'Beta'"));
	const struct menu_ui_choice *c = menu_ui_choice(&ui);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_INT(c->index, 1);
	CHECK(!c->edited);
	CHECK(c->entry == &m.entries[1]);
	CHECK_INT(menu_ui_deadline(&ui), MENU_UI_NO_DEADLINE);
}

TEST(menu_ui_late_tick_boots_at_once)
{
	start(three, 0);
	menu_ui_tick(&ui, 60000);
	CHECK_INT(choice_index(), 1);
	/* Input after the decision changes nothing. */
	type(UP "\r", 60001);
	CHECK_INT(choice_index(), 1);
}

TEST(menu_ui_key_stops_countdown)
{
	start(three, 0);
	type("x", 500);
	CHECK(!menu_ui_done(&ui));
	CHECK_INT(menu_ui_deadline(&ui), MENU_UI_NO_DEADLINE);
	menu_ui_tick(&ui, 100000);
	CHECK(!menu_ui_done(&ui));
	CHECK(!has_line("Booting 'Beta' in 2 s"));
	type("\r", 100001);
	CHECK_INT(choice_index(), 1);
}

TEST(menu_ui_arrows_and_enter)
{
	start(three, 0);
	type(DOWN, 10);
	CHECK(has_line(" > 2: Gamma"));
	clear();
	type(DOWN, 20); /* at the bottom: nothing moves, nothing is drawn */
	CHECK_INT((long long)out_len, 0);
	type("\x1bOA" UP, 30); /* ESC O A form too */
	CHECK(has_line(" > 0: Alpha"));
	type("\x0e", 40); /* Ctrl-N */
	CHECK(has_line(" > 1: Beta"));
	type("\r", 50);
	CHECK_INT(choice_index(), 1);
}

TEST(menu_ui_digit_selects)
{
	start(three, 0);
	type("2", 10);
	CHECK(has_line(" > 2: Gamma"));
	type("7", 20); /* no entry 7, nor 27 */
	CHECK(!menu_ui_done(&ui));
	type("0\n", 30);
	CHECK_INT(choice_index(), 0);
	CHECK(has_line("Booting 'Alpha'"));
}

TEST(menu_ui_two_digit_numbers)
{
	char text[1024];
	size_t n = 0;

	for (int i = 0; i < 12; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "title T%d\nkernel /k%d\n", i, i);
	start(text, 0);
	CHECK_INT(m.n_entries, 12);
	type("11", 10);
	CHECK(has_line(" > 11: T11"));
	type("5", 20); /* 115 is too big: a new number */
	CHECK(has_line(" > 5: T5"));
	type("1" UP "1"
	     "\r",
	     30); /* a move ends the number */
	CHECK_INT(choice_index(), 1);
}

TEST(menu_ui_timeout_zero_and_none)
{
	start("timeout 0\ndefault 2\ntitle A\nkernel /a\ntitle B\nkernel /b\ntitle C\nkernel /c\n",
	      0);
	CHECK_INT(choice_index(), 2);
	CHECK(has_line("Booting 'C'"));

	start("title A\nkernel /a\n", 0);
	CHECK(has_line(" > 0: A"));
	CHECK_INT(menu_ui_deadline(&ui), MENU_UI_NO_DEADLINE);
	menu_ui_tick(&ui, 1000000);
	CHECK(!menu_ui_done(&ui));
}

TEST(menu_ui_hiddenmenu_boots_without_list)
{
	start("hiddenmenu\ntimeout 2\ntitle A\nkernel /a\ntitle B\nkernel /b\n", 0);
	CHECK(has_line("Press any key to enter the menu"));
	CHECK(has_line("Booting 'A' in 2 s"));
	CHECK(strstr(out, "0: A") == NULL);
	menu_ui_tick(&ui, 1000);
	CHECK(has_line("Booting 'A' in 1 s"));
	menu_ui_tick(&ui, 2000);
	CHECK_INT(choice_index(), 0);
	CHECK(strstr(out, "0: A") == NULL);

	start("hiddenmenu\ntimeout 0\ntitle A\nkernel /a\n", 0);
	CHECK_INT(choice_index(), 0);
	CHECK(!has_line("Press any key to enter the menu"));

	/* No timeout: nothing to count down, so the list is shown. */
	start("hiddenmenu\ntitle A\nkernel /a\n", 0);
	CHECK(has_line(" > 0: A"));
}

TEST(menu_ui_hiddenmenu_esc_shows_list)
{
	start("hiddenmenu\ntimeout 2\ntitle A\nkernel /a\ntitle B\nkernel /b\n", 0);
	type("\x1b", 500);
	CHECK(strstr(out, "0: A") == NULL); /* maybe the start of a sequence */
	CHECK_INT(menu_ui_deadline(&ui), 500 + MENU_UI_ESC_MS);
	menu_ui_tick(&ui, 500 + MENU_UI_ESC_MS);
	CHECK(has_line(" > 0: A"));
	menu_ui_tick(&ui, 5000);
	CHECK(!menu_ui_done(&ui));
	type(DOWN "\r", 6000);
	CHECK_INT(choice_index(), 1);

	/* An arrow key shows it too, and is not taken as a move. */
	start("hiddenmenu\ntimeout 2\ntitle A\nkernel /a\ntitle B\nkernel /b\n", 0);
	type(DOWN, 100);
	CHECK(has_line(" > 0: A"));
	type("\r", 200);
	CHECK_INT(choice_index(), 0);
}

TEST(menu_ui_edit_kernel_args)
{
	start(three, 0);
	type(UP "e", 10);
	CHECK(has_line("Editing entry 0 'Alpha': up/down selects a line, 'e' edits it, 'o'/'O' "
		       "opens a line, 'd' deletes it, 'b' boots, Esc goes back"));
	CHECK(has_line(" > root (hd0,0)"));
	CHECK(has_line("   kernel /vmlinuz-a ro quiet"));
	CHECK(has_line("   initrd /initrd-a"));
	type(DOWN, 20);
	CHECK(has_line(" > kernel /vmlinuz-a ro quiet"));
	clear();
	type("e", 30);
	CHECK_STR(out, "grub edit> kernel /vmlinuz-a ro quiet");
	type("\x7f\x7f\x7f\x7f\x08single\r", 40);
	CHECK(has_line(" > kernel /vmlinuz-a ro single"));
	type("b", 50);
	CHECK(has_line("Booting 'Alpha' (edited)"));
	const struct menu_ui_choice *c = menu_ui_choice(&ui);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_INT(c->index, 0);
	CHECK(c->edited);
	CHECK(c->entry != &m.entries[0]);
	CHECK_STR(c->entry->title, "Alpha");
	CHECK_STR(c->entry->kernel.path, "/vmlinuz-a");
	CHECK_STR(c->entry->kernel_args, "ro single");
	CHECK(c->entry->has_root);
	CHECK_STR(c->entry->initrd.path, "/initrd-a");
	CHECK_STR(m.entries[0].kernel_args, "ro quiet"); /* the menu is untouched */
}

TEST(menu_ui_line_editor_keys)
{
	start(three, 0);
	type("2e", 10); /* Gamma: "kernel (hd0,1)/vmlinuz-c" */
	type("e", 20);
	/* Ctrl-A, right x7, Ctrl-K: "kernel " */
	type("\x01" RIGHT RIGHT RIGHT RIGHT RIGHT RIGHT RIGHT "\x0b", 30);
	type("/x a", 40);
	/* Home, Delete x6, then End: "/x a" -> inserting "kernel " again */
	type("\x1b[H" DEL DEL DEL DEL DEL DEL DEL "kernel \x05", 50);
	/* left x2, insert "2"; Ctrl-E, "b=c"; Ctrl-B, Ctrl-D; Ctrl-F */
	type(LEFT LEFT "2\x05 b=c\x02\x04\x06", 60);
	type("\r", 70);
	CHECK(has_line(" > kernel /x2 a b="));
	/* Ctrl-U deletes to the start; Esc cancels the change. */
	type("e\x15junk", 80);
	type("\x1b", 90);
	menu_ui_tick(&ui, 90 + MENU_UI_ESC_MS);
	CHECK(ui.mode == MENU_UI_EDIT);
	type("e\x15kernel /y\x1b[1~\x1b[4~\r", 200);
	CHECK(has_line(" > kernel /y"));
	type("b", 210);
	CHECK_STR(chosen()->kernel.path, "/y");
	CHECK_STR(chosen()->kernel_args, "");
}

TEST(menu_ui_edit_esc_discards)
{
	start(three, 0);
	type("0e" DOWN "e\x15kernel /other", 10);
	type("\x1b", 20);
	menu_ui_tick(&ui, 200);
	CHECK(ui.mode == MENU_UI_EDIT);
	CHECK(has_line(" > kernel /vmlinuz-a ro quiet"));
	type("\x1b", 300);
	menu_ui_tick(&ui, 500);
	CHECK(ui.mode == MENU_UI_MENU);
	CHECK(has_line(" > 0: Alpha"));
	type("\r", 600);
	CHECK_INT(choice_index(), 0);
	CHECK(menu_ui_choice(&ui) && !menu_ui_choice(&ui)->edited);
	CHECK(chosen() == &m.entries[0]);
}

TEST(menu_ui_edit_open_and_delete_lines)
{
	start(three, 0);
	type("0e", 10);
	type(DOWN DOWN "d", 20); /* initrd gone */
	CHECK(has_line(" > kernel /vmlinuz-a ro quiet"));
	type("omodule /mod x=1\r", 30);
	CHECK(has_line(" > module /mod x=1"));
	type("O\x1b", 40); /* an opened line that is cancelled goes away */
	menu_ui_tick(&ui, 200);
	type("b", 300);
	const struct menu_entry *e = chosen();
	CHECK(!e->has_initrd);
	CHECK_INT(e->n_modules, 1);
	CHECK_STR(e->modules[0].file.path, "/mod");
	CHECK_STR(e->modules[0].args, "x=1");
}

TEST(menu_ui_edit_errors_keep_the_editor)
{
	start(three, 0);
	type("1e", 10);
	type("e\x15kernel (hdx)/k\r", 20);
	clear();
	type("b", 30);
	CHECK(has_line("Error: line 1: kernel: bad device in '(hdx)/k'"));
	CHECK(!menu_ui_done(&ui));
	type("d", 40);
	CHECK(has_line("   (no lines)"));
	clear();
	type("b", 50);
	CHECK(has_line("Error: no kernel line"));
	CHECK(!menu_ui_done(&ui));
	type("ekernel /k\r", 60); /* 'e' on no lines opens one */
	type("b", 70);
	CHECK_INT(choice_index(), 1);
	CHECK_STR(chosen()->kernel.path, "/k");
}

TEST(menu_ui_edit_line_limit)
{
	start(three, 0);
	type("0e", 10);
	for (int i = 0; i < MENU_UI_MAX_LINES; i++)
		type("o\r", 20);
	CHECK(has_line("Error: an entry has at most 16 lines"));
	CHECK_INT(ui.edit.n, MENU_UI_MAX_LINES);
}

TEST(menu_ui_command_line_boot)
{
	start(three, 0);
	clear();
	type("c", 10);
	CHECK(strstr(out, "Command line: ") == out);
	CHECK(strstr(out, "\ngrub> ") != NULL);
	type("kernel /x a=b\r", 20);
	type("boot\r", 30);
	CHECK(has_line("Booting the command-line entry"));
	const struct menu_ui_choice *c = menu_ui_choice(&ui);
	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_INT(c->index, -1);
	CHECK(!c->edited);
	CHECK_STR(c->entry->kernel.path, "/x");
	CHECK_STR(c->entry->kernel_args, "a=b");
	CHECK(!c->entry->has_root);
}

TEST(menu_ui_command_line_replaces_and_adds)
{
	start(three, 0);
	type("c", 10);
	type("kernel /a\rkernel = /b c\ninitrd /i\r\nroot (hd0,1)\rrootnoverify (hd1)\r", 20);
	type("module /m1\rmodule /m2 z\r# comment\r\r", 30);
	type("boot\r", 40);
	const struct menu_entry *e = chosen();
	CHECK_STR(e->kernel.path, "/b");
	CHECK_STR(e->kernel_args, "c");
	CHECK_STR(e->initrd.path, "/i");
	CHECK(e->has_root && e->root_noverify);
	CHECK_INT(e->root.disk, 1);
	CHECK_INT(e->n_modules, 2);
	CHECK_STR(e->modules[1].args, "z");
}

TEST(menu_ui_command_line_errors)
{
	start(three, 0);
	type("c", 10);
	clear();
	type("frob x\r", 20);
	CHECK(has_line("Error: unknown command 'frob' ignored"));
	CHECK_STR(out + out_len - 6, "grub> ");
	clear();
	type("root (hdx)\r", 30);
	CHECK(has_line("Error: root: bad or missing device"));
	type("kernel (hd0,)/k\r", 40);
	CHECK(has_line("Error: kernel: bad device in '(hd0,)/k'"));
	clear();
	type("boot\r", 50);
	CHECK(has_line("Error: no kernel: type 'kernel FILE [ARGS]' first"));
	type("help\r", 55);
	CHECK(strstr(out, "Commands: root") != NULL);
	for (int i = 0; i < MENU_MAX_MODULES; i++)
		type("module /m\r", 60);
	clear();
	type("module /m\r", 70);
	CHECK(strstr(out, "Error: ") != NULL);
	CHECK(!menu_ui_done(&ui));
	type("\x1b", 80);
	menu_ui_tick(&ui, 200);
	CHECK(ui.mode == MENU_UI_MENU);
	CHECK(has_line(" > 1: Beta"));
	/* The commands typed stay for the next visit. */
	type("ckernel /z\rboot\r", 300);
	CHECK_INT(chosen()->n_modules, MENU_MAX_MODULES);
}

TEST(menu_ui_empty_menu_gives_command_line)
{
	start("# nothing\n", 0);
	CHECK(has_line("The menu has no entries"));
	CHECK(ui.mode == MENU_UI_COMMAND);
	type("\x1b", 10);
	menu_ui_tick(&ui, 1000);
	CHECK(ui.mode == MENU_UI_COMMAND);
	type("kernel /k\rboot\r", 2000);
	CHECK_INT(choice_index(), -1);
}

TEST(menu_ui_entry_without_kernel)
{
	start("title A\nroot (hd0)\ntitle B\nkernel /b\n", 0);
	type("\r", 10);
	CHECK(has_line("Error: entry 0 has no kernel"));
	CHECK(!menu_ui_done(&ui));
	type("1\r", 20);
	CHECK_INT(choice_index(), 1);
}

TEST(menu_ui_titles_are_sanitised)
{
	start("title a\x1b[2J\x07z\nkernel /k\x01\n", 0);
	CHECK(has_line(" > 0: a?[2J?z"));
	type("e", 10);
	CHECK(has_line(" > kernel /k?"));
	CHECK(strchr(out, '\x1b') == NULL);
}

/* Found by the fuzzer: an edited line quoted in a parser message kept the
 * control bytes the menu's line had. */
TEST(menu_ui_error_messages_are_sanitised)
{
	start("title A\nkernel /k\x7fz\n", 0);
	type("e", 10);
	/* Home, six to the right, delete the blank: one unknown word. */
	type("e\x01\x06\x06\x06\x06\x06\x06\x04\r", 20);
	clear();
	type("b", 30);
	CHECK(has_line("Error: line 1: unknown command 'kernel/k?z' ignored"));
	CHECK(memchr(out, 0x7f, out_len) == NULL);
	CHECK(!menu_ui_done(&ui));
}

TEST(menu_ui_escape_sequences)
{
	start(three, 0);
	/* Unfinished sequences are dropped after MENU_UI_ESC_MS. */
	type("\x1b[", 10);
	menu_ui_tick(&ui, 10 + MENU_UI_ESC_MS);
	type("A", 200);
	CHECK(!has_line(" > 0: Alpha"));
	/* Too long, or unknown: ignored. */
	type("\x1b[1111111111111111111111A\x1b[5~\x1b[99Z\x1bOQ", 300);
	CHECK(!has_line(" > 0: Alpha"));
	/* Parameters of arrow keys (Ctrl-Up) are ignored. */
	type("\x1b[1;5A", 400);
	CHECK(has_line(" > 0: Alpha"));
	/* A byte that cannot be in a sequence ends it and counts itself. */
	type("\x1b[\r", 500);
	CHECK_INT(choice_index(), 0);
}

TEST(menu_ui_crlf_is_one_enter)
{
	start(three, 0);
	type("0e", 10);
	type("e\r\n", 20);
	CHECK(ui.mode == MENU_UI_EDIT);
	type("e\n\n", 30); /* two LFs: two Enters */
	CHECK(ui.mode == MENU_UI_EDIT_LINE);
}

TEST(menu_ui_long_lines_are_bounded)
{
	static char keys[3 * MENU_MAX_LINE];

	start(three, 0);
	type("c", 10);
	memset(keys, 'a', sizeof(keys) - 1);
	keys[sizeof(keys) - 1] = '\0';
	type(keys, 20);
	CHECK_INT((long long)ui.line_len, MENU_MAX_LINE);
	clear();
	type("\r", 30);
	CHECK(strstr(out, "Error: unknown command") != NULL);
	type("kernel /k ", 40);
	type(keys, 50);
	type("\rboot\r", 60);
	CHECK_INT(choice_index(), -1);
	CHECK_INT((long long)strlen(chosen()->kernel_args), MENU_MAX_LINE - strlen("kernel /k "));
}

TEST(menu_ui_every_byte_in_every_mode)
{
	static const char *const preludes[] = { "", "e", "e" DOWN "e", "c" };
	unsigned char all[256];

	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)((i * 7 + 3) & 0xff); /* a scrambled order */
	for (size_t p = 0; p < sizeof(preludes) / sizeof(preludes[0]); p++) {
		for (int skip = 0; skip < 256; skip++) {
			start(three, 0);
			type(preludes[p], 1);
			/* Without the bytes that end things (Enter, 'b'), all of them. */
			for (int i = 0; i < 256; i++) {
				unsigned char b = all[(i + skip) & 0xff];
				if (b != '\r' && b != '\n' && b != 'b')
					menu_ui_input(&ui, &b, 1, 2);
			}
			menu_ui_tick(&ui, 1000);
			CHECK(ui.line_len <= MENU_MAX_LINE);
			CHECK(ui.edit.n >= 0 && ui.edit.n <= MENU_UI_MAX_LINES);
			CHECK(ui.selected >= 0 && ui.selected < m.n_entries);
		}
	}
}

/* ---- passwords ---------------------------------------------------------- */

static const char *const locked_menu = "timeout 30\npassword s3cret\n"
				       "title Alpha\nkernel /vmlinuz-a ro\n"
				       "title Beta\nkernel /vmlinuz-b ro\n";

TEST(menu_ui_menu_password_locks_edit_and_command_line)
{
	start(locked_menu, 0);
	CHECK(has_line("PV-GRUB menu: up/down or a number selects, Enter boots, "
		       "'p' unlocks 'e' and 'c'"));
	/* 'e' asks for the password; Esc goes back with nothing opened. */
	type("e", 10);
	CHECK(ui.mode == MENU_UI_PASSWORD);
	CHECK(strstr(out, "Password: ") != NULL);
	type("\x1b", 20);
	menu_ui_tick(&ui, 20 + MENU_UI_ESC_MS);
	CHECK(ui.mode == MENU_UI_MENU);
	CHECK(!has_line("Editing entry 0 'Alpha': up/down selects a line, 'e' edits it, "
			"'o'/'O' opens a line, 'd' deletes it, 'b' boots, Esc goes back"));
	/* 'c' too; a wrong password (or a prefix of it) is refused. */
	clear();
	type("cs3cre\r", 300);
	CHECK(has_line("Password: *****"));
	CHECK(has_line("Error: wrong password"));
	CHECK(ui.mode == MENU_UI_MENU);
	CHECK(!ui.unlocked);
	clear();
	type("cs3cret!\r", 400);
	CHECK(has_line("Error: wrong password"));
	CHECK(ui.mode == MENU_UI_MENU);
	/* The right one, corrected with Backspace, opens what was asked for. */
	clear();
	type("cs3cx\x7fret\r", 500);
	CHECK(has_line("Password: ****\b \b***"));
	CHECK(strstr(out, "s3cret") == NULL);
	CHECK(has_line("Unlocked: 'e' edits, 'c' gives a command line"));
	CHECK(ui.mode == MENU_UI_COMMAND);
	CHECK(ui.unlocked);
	CHECK_INT((long long)ui.pw_len, 0);
	CHECK(ui.pw[0] == '\0');
	/* Unlocked, 'e' and 'c' need nothing more. */
	type("\x1b", 600);
	menu_ui_tick(&ui, 600 + MENU_UI_ESC_MS);
	CHECK(has_line("PV-GRUB menu: up/down or a number selects, Enter boots, 'e' edits, "
		       "'c' gives a command line"));
	type("e", 800);
	CHECK(ui.mode == MENU_UI_EDIT);
	type(DOWN "e x\rb", 900);
	CHECK_INT(choice_index(), 0);
	CHECK(menu_ui_choice(&ui)->edited);
	CHECK_STR(chosen()->kernel_args, "ro x");
}

TEST(menu_ui_menu_password_p_unlocks)
{
	start(locked_menu, 0);
	/* Entries without a password of their own boot without it. */
	type("p", 10);
	CHECK(ui.mode == MENU_UI_PASSWORD);
	type("s3cret\r", 20);
	CHECK(ui.mode == MENU_UI_MENU);
	CHECK(ui.unlocked);
	/* 'p' again: nothing to unlock. */
	clear();
	type("p", 30);
	CHECK(ui.mode == MENU_UI_MENU);
	CHECK_INT((long long)out_len, 0);
	type("1\r", 40);
	CHECK_INT(choice_index(), 1);

	/* Not locked without a password: 'p' does nothing. */
	start(three, 0);
	clear();
	type("p", 10);
	CHECK(ui.mode == MENU_UI_MENU);
	CHECK_INT((long long)out_len, 0);
}

/* Back after a boot that failed: the menu's password stays given if it
 * was, and is asked again if it was not. */
TEST(menu_ui_resume_keeps_the_menu_unlocked)
{
	start(locked_menu, 0);
	type("ps3cret\r1\r", 10);
	CHECK_INT(choice_index(), 1);
	m.timeout = -1; /* as main.c sets it */
	clear();
	menu_ui_resume(&ui, 100);
	CHECK(ui.mode == MENU_UI_MENU);
	CHECK(menu_ui_choice(&ui) == NULL);
	CHECK(has_line("PV-GRUB menu: up/down or a number selects, Enter boots, 'e' edits, "
		       "'c' gives a command line"));
	type("e", 200);
	CHECK(ui.mode == MENU_UI_EDIT);

	start(locked_menu, 0);
	type("1\r", 10);
	CHECK_INT(choice_index(), 1);
	clear();
	menu_ui_resume(&ui, 100);
	CHECK(has_line("PV-GRUB menu: up/down or a number selects, Enter boots, "
		       "'p' unlocks 'e' and 'c'"));
	type("e", 200);
	CHECK(ui.mode == MENU_UI_PASSWORD);
}

TEST(menu_ui_entry_password_before_boot)
{
	static const char text[] = "default 1\ntimeout 2\n"
				   "title Open\nkernel /o\n"
				   "title Guarded\npassword letmein\nkernel /g\n";

	/* The countdown boots the default: its password is asked first. */
	start(text, 0);
	menu_ui_tick(&ui, 2000);
	CHECK(!menu_ui_done(&ui));
	CHECK(ui.mode == MENU_UI_PASSWORD);
	CHECK(strstr(out, "Password for 'Guarded': ") != NULL);
	CHECK_INT(menu_ui_deadline(&ui), MENU_UI_NO_DEADLINE);
	type("nope\r", 3000);
	CHECK(has_line("Error: wrong password"));
	CHECK(ui.mode == MENU_UI_MENU);
	CHECK(!menu_ui_done(&ui));
	type("\rletmein\r", 4000);
	CHECK_INT(choice_index(), 1);
	CHECK(has_line("Booting 'Guarded'"));

	/* Editing it needs its password too (no menu password here). */
	start(text, 0);
	type("e", 10);
	CHECK(ui.mode == MENU_UI_PASSWORD);
	type("letmein\r", 20);
	CHECK(ui.mode == MENU_UI_EDIT);
	CHECK(!ui.unlocked);
	/* The editor does not show the password line. */
	CHECK(!has_line(" > password letmein") && !has_line("   password letmein"));
	/* Other entries boot as they are. */
	start(text, 0);
	type("0\r", 10);
	CHECK_INT(choice_index(), 0);

	/* timeout 0 asks at once. */
	static const char now[] = "timeout 0\ntitle G\npassword pw\nkernel /g\n";
	start(now, 0);
	CHECK(ui.mode == MENU_UI_PASSWORD);
	type("pw\r", 10);
	CHECK_INT(choice_index(), 0);
}

TEST(menu_ui_command_line_entry_with_password)
{
	start(three, 0);
	type("cpassword abc\rkernel /k\rboot\r", 10);
	CHECK(ui.mode == MENU_UI_PASSWORD);
	CHECK(strstr(out, "Password for 'command line': ") != NULL);
	type("abc\r", 20);
	CHECK_INT(choice_index(), -1);
	CHECK(has_line("Booting the command-line entry"));
}

/* A menu password and entry B's, MD5-crypt hashes of "letmein" and
 * "s3cret" (`openssl passwd -1 -salt SALT PASSWORD`'s). */
static const char md5_menu[] = "password --md5 $1$Pv6rUbXy$qtv0fSrbly0E7qob8xx3S1\n"
			       "title A\nkernel /a\n"
			       "title B\npassword --md5 $1$ab$uCzd2IA9Rb.P73vs8WgwD1\nkernel /b\n";

TEST(menu_ui_md5_passwords_are_checked)
{
	start(md5_menu, 0);
	/* The stored hash is not the password, nor is a wrong one. */
	type("e$1$Pv6rUbXy$qtv0fSrbly0E7qob8xx3S1\r", 10);
	CHECK(has_line("Error: wrong password"));
	CHECK(!ui.unlocked);
	type("eletmeim\r", 20);
	CHECK(!ui.unlocked);
	type("eletmein\r", 30);
	CHECK(ui.unlocked);
	CHECK(ui.mode == MENU_UI_EDIT);
	/* An entry's own MD5 password, before it boots. */
	start(md5_menu, 0);
	type("1\r", 10);
	CHECK(strstr(out, "Password for 'B': ") != NULL);
	type("s3cre\r", 20);
	CHECK(has_line("Error: wrong password"));
	CHECK(!menu_ui_done(&ui));
	type("1\rs3cret\r", 30);
	CHECK_INT(choice_index(), 1);
}

TEST(menu_ui_md5_password_not_a_hash_stays_locked)
{
	start("password --md5 $1$abc$def\ntitle A\nkernel /a\n"
	      "title B\npassword --md5 $1$x$y\nkernel /b\n",
	      0);
	/* Not even the stored string opens it. */
	type("e$1$abc$def\r", 10);
	CHECK(has_line("Error: not an MD5-crypt hash ($1$SALT$HASH): no password matches this "
		       "password --md5"));
	CHECK(ui.mode == MENU_UI_MENU);
	CHECK(!ui.unlocked);
	type("1\r$1$x$y\r", 20);
	CHECK(!menu_ui_done(&ui));
	type("0\r", 30);
	CHECK_INT(choice_index(), 0);
}

TEST(menu_ui_empty_locked_menu_asks_again)
{
	start("password pw\n", 0);
	CHECK(has_line("The menu has no entries"));
	CHECK(ui.mode == MENU_UI_PASSWORD);
	type("x\r", 10);
	CHECK(has_line("Error: wrong password"));
	CHECK(ui.mode == MENU_UI_PASSWORD);
	type("\x1b", 20);
	menu_ui_tick(&ui, 20 + MENU_UI_ESC_MS);
	CHECK(ui.mode == MENU_UI_PASSWORD);
	type("pw\r", 300);
	CHECK(ui.mode == MENU_UI_COMMAND);
	type("kernel /k\rboot\r", 400);
	CHECK_INT(choice_index(), -1);
}

TEST(menu_ui_password_input_is_bounded)
{
	static char keys[2 * MENU_MAX_LINE];

	start(locked_menu, 0);
	type("p", 10);
	memset(keys, 'a', sizeof(keys) - 1);
	keys[sizeof(keys) - 1] = '\0';
	type(keys, 20);
	CHECK_INT((long long)ui.pw_len, MENU_MAX_LINE);
	/* Ctrl-U erases it; keys and control bytes are not typed. */
	type("\x15" UP "\x01"
	     "s3cret\r",
	     30);
	CHECK(ui.unlocked);
}
