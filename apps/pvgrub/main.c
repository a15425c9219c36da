/*
 * PV-GRUB: finds the menu that `extra` names on the guest's own disks or
 * over the network (DHCP option 150's when `extra` is empty: netboot.c)
 * (menu_load.c: menu.lst, grub.cfg, Boot Loader Spec entries), lets the
 * console choose an entry (menu_console.c: countdown, keys, editing, a
 * command line), and boots it in place of itself (boot.c); the default
 * entry falls back as `fallback` says (to entries without a password of
 * their own). When nothing boots, the menu comes back and waits.
 */
#define LOG_TAG "pvgrub"
#include "apps/pvgrub/boot.h"
#include "apps/pvgrub/files.h"
#include "apps/pvgrub/menu_console.h"
#include "apps/pvgrub/menu_load.h"
#include "apps/pvgrub/menu.h"
#include "apps/pvgrub/netboot.h"
#include "kernel/log.h"
#include "kernel/shutdown_watch.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "xen/console.h"
#include "xen/time.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static struct menu menu;
static uint64_t started_ns; /* when main() began */

static void print_boot_file(int n, const char *what, const struct menu_file *f, const char *args)
{
	char where[32] = "";

	if (f->dev.kind != MENU_DEV_NONE)
		menu_format_device(where, sizeof(where), &f->dev);
	pr_info("boot entry %d: %s %s%s%s%s", n, what, where, f->path, *args ? " " : "", args);
}

/* An entry whose `configfile` names another menu: "(dev)/path" of that
 * menu in next_menu, its device as for a kernel (the entry's, else its root,
 * the menu's root, where this menu came from). */
static char next_menu[600];

static bool wants_other_menu(const struct menu_entry *e, const struct menu_device *boot_dev)
{
	const struct menu_device *d = &e->configfile.dev;
	char where[32];

	if (!e->has_configfile || e->has_kernel)
		return false;
	if (d->kind == MENU_DEV_NONE)
		d = e->has_root ? &e->root : menu.has_root ? &menu.root : boot_dev;
	menu_format_device(where, sizeof(where), d);
	format_buf(next_menu, sizeof(next_menu), "%s%s", where, e->configfile.path);
	return true;
}

/* Boots what the menu chose; returns only when it did not boot, or when
 * the entry names another menu (next_menu). */
static void boot_choice(const struct menu_ui_choice *c, const struct menu_device *boot_dev)
{
	const struct menu_entry *e = c->entry;

	if (wants_other_menu(e, boot_dev))
		return;

	if (e->has_kernel)
		print_boot_file(c->index, "kernel", &e->kernel, e->kernel_args);
	if (e->has_initrd)
		print_boot_file(c->index, "initrd", &e->initrd, "");
	for (int i = 0; i < e->n_modules; i++)
		print_boot_file(c->index, "module", &e->modules[i].file, e->modules[i].args);
	pvgrub_boot_entry(&menu, e, boot_dev);
}

/* The default entry failed: each fallback in turn, as GRUB legacy does. */
static void boot_fallbacks(const struct menu_device *boot_dev)
{
	bool tried[MENU_MAX_ENTRIES] = { false };

	tried[menu.default_entry] = true;
	for (int i = 0; i < menu.n_fallback; i++) {
		int index = menu.fallback[i];

		if (index < 0 || index >= menu.n_entries || tried[index])
			continue;
		tried[index] = true;
		if (menu.entries[index].password) {
			/* Nobody chose it: its password was not asked. */
			pr_info("not falling back to entry %d: it has a password", index);
			continue;
		}
		pr_info("falling back to entry %d", index);
		if (wants_other_menu(&menu.entries[index], boot_dev))
			return;
		pvgrub_boot_entry(&menu, &menu.entries[index], boot_dev);
	}
}

static void load_menu(const char *spec, struct menu_device *dev)
{
	int rc;

	pr_info("menu %s", spec);
	rc = pvgrub_menu_load(spec, &menu, dev);
	if (rc < 0)
		pr_err("no menu (%s); the command line is open", errno_name(rc));
	for (int i = 0; i < menu.n_warnings && i < MENU_MAX_WARNINGS; i++)
		pr_warn("menu line %d: %s", menu.warnings[i].line, menu.warnings[i].text);
	pr_info("%d entries, default %d, timeout %d (%llu ms after PV-GRUB started)",
		menu.n_entries, menu.default_entry, menu.timeout,
		(unsigned long long)((time_now_ns() - started_ns) / 1000000u));
}

int main(int argc, char **argv)
{
	struct menu_device dev;
	char spec[sizeof(next_menu)];

	started_ns = time_now_ns();
	console_text_only(); /* menus, titles and paths come from the guest's disks */
	/* xl shutdown and xl reboot work while the menu waits. */
	if (shutdown_watch_start() < 0)
		pr_warn("xl shutdown and xl reboot will not reach PV-GRUB");
	/* An empty `extra`: the menu DHCP option 150 names, when there is a
	 * vif and a lease names one, else the default one on the first disk. */
	if (argc > 1 && argv[1][0])
		load_menu(argv[1], &dev);
	else if (pvgrub_net_menu_from_dhcp(spec, sizeof(spec)) == 0)
		load_menu(spec, &dev);
	else
		load_menu(PVGRUB_DEFAULT_MENU, &dev);
	/* Whether the menu comes back after a boot that failed. */
	bool again = false;
	for (;;) {
		const struct menu_ui_choice *c = menu_console_run(&menu, again);

		next_menu[0] = '\0';
		boot_choice(c, &dev);
		if (!next_menu[0] && c->index == menu.default_entry && !c->edited)
			boot_fallbacks(&dev);
		if (next_menu[0]) {
			/* `configfile`: that menu replaces this one. */
			format_buf(spec, sizeof(spec), "%s", next_menu);
			load_menu(spec, &dev);
			again = false;
			continue;
		}
		/* Back to the menu, which now waits for the user. */
		pr_info("nothing was booted; back to the menu");
		menu.timeout = -1;
		menu.hiddenmenu = false;
		again = true;
	}
}
