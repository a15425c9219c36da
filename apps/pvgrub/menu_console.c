/*
 * menu_ui on console 0 (see menu_console.h): input bytes as they arrive,
 * the clock in ms from system time, output through stdout (flushed at once,
 * so that it stays in order with the kernel's log lines).
 */
#include "apps/pvgrub/menu_console.h"

#include "xen/console.h"
#include "xen/time.h"

#include <stdio.h>

#define NS_PER_MS 1000000ull

static struct menu_ui ui;

static void write_stdout(void *ctx, const char *text, size_t len)
{
	fwrite(text, 1, len, stdout);
	fflush(stdout);
}

static uint64_t now_ms(void)
{
	return time_now_ns() / NS_PER_MS;
}

const struct menu_ui_choice *menu_console_run(const struct menu *m, bool again)
{
	char buf[64];
	long n;

	/* Keys typed before the menu was there count, as they would at a
	 * keyboard (Esc pressed early shows a hidden menu). */
	fflush(stdout);
	if (again && ui.menu == m)
		menu_ui_resume(&ui, now_ms());
	else
		menu_ui_start(&ui, m, now_ms(), write_stdout, NULL);
	while (!menu_ui_done(&ui)) {
		uint64_t deadline = menu_ui_deadline(&ui);

		console_wait_input(deadline == MENU_UI_NO_DEADLINE ? 0 : deadline * NS_PER_MS + 1);
		while ((n = console_read(buf, sizeof(buf))) > 0)
			menu_ui_input(&ui, buf, (size_t)n, now_ms());
		menu_ui_tick(&ui, now_ms());
	}
	return menu_ui_choice(&ui);
}
