/*
 * GRUB legacy's menu.lst, parsed from memory into a struct (no I/O): the
 * global commands (default, timeout, fallback, hiddenmenu, password, root,
 * configfile) and one entry per `title` (root, rootnoverify, kernel, initrd,
 * module, configfile, password, savedefault, boot). Devices are (hdN),
 * (hdN,P) with P counted from 0, and (nd); a path either names its device,
 * "(hd0,1)/boot/vmlinuz", or relies on the entry's root.
 *
 * The file comes from the guest's disk: unknown commands and bad arguments
 * are warnings (with their line number) and are skipped; only the limits
 * below are errors. Strings live in the struct's own pool.
 */
#ifndef APPS_PVGRUB_MENU_LST_H
#define APPS_PVGRUB_MENU_LST_H

#include <stdbool.h>
#include <stddef.h>

#define MENU_MAX_ENTRIES  128
#define MENU_MAX_MODULES  8
#define MENU_MAX_FALLBACK 8
#define MENU_MAX_WARNINGS 32
#define MENU_MAX_LINE	  1024 /* bytes in a line, end of line excluded */
#define MENU_MAX_LINES	  65536
#define MENU_POOL_SIZE	  32768 /* bytes for all strings */
#define MENU_MAX_NUMBER	  1000000

enum menu_dev_kind { MENU_DEV_NONE, MENU_DEV_HD, MENU_DEV_ND };

struct menu_device {
	enum menu_dev_kind kind;
	int disk; /* hdN */
	int part; /* (hdN,P): P; -1 for the whole disk, (hdN) */
};

/* A file: its device, or kind MENU_DEV_NONE when it relies on root. */
struct menu_file {
	struct menu_device dev;
	const char *path; /* starts with '/' */
};

struct menu_module {
	struct menu_file file;
	const char *args; /* the rest of the line, "" when none */
};

struct menu_entry {
	const char *title;
	int line; /* of its title */
	bool has_root, root_noverify;
	struct menu_device root;
	bool has_kernel;
	struct menu_file kernel;
	const char *kernel_args;
	bool has_initrd;
	struct menu_file initrd;
	int n_modules;
	struct menu_module modules[MENU_MAX_MODULES];
	bool has_configfile;
	struct menu_file configfile;
	const char *password; /* NULL when none */
	bool password_md5, savedefault;
};

struct menu_warning {
	int line;
	char text[96];
};

struct menu {
	int default_entry; /* 0 unless set; always < n_entries when there are entries */
	bool default_saved;
	int timeout; /* seconds; -1 when not set */
	int n_fallback;
	int fallback[MENU_MAX_FALLBACK];
	bool hiddenmenu;
	const char *password; /* NULL when none */
	bool password_md5;
	bool has_root, root_noverify; /* a root command before the first title */
	struct menu_device root;
	bool has_configfile;
	struct menu_file configfile;
	int n_entries;
	struct menu_entry entries[MENU_MAX_ENTRIES];
	int n_warnings; /* all of them; the first MENU_MAX_WARNINGS are kept */
	struct menu_warning warnings[MENU_MAX_WARNINGS];
	int err_line;
	char err[128];
	size_t pool_used;
	char pool[MENU_POOL_SIZE];
};

/* Parses len bytes of text into *m. 0, or -E2BIG when a limit is passed
 * (m->err and m->err_line say which; what came before stays parsed). */
int menu_parse(struct menu *m, const char *text, size_t len);

/* Parses the command lines of one entry (root, kernel, initrd, module, ...)
 * as if they followed "title TITLE" in a menu.lst: *m gets that one entry
 * (line 0; warnings count lines of text from 1). A title or a global command
 * among the lines is a warning, as in menu_parse(); same limits and returns,
 * and -EINVAL without a title. For entries edited or typed at the console. */
int menu_parse_entry(struct menu *m, const char *title, const char *text, size_t len);

/* Parses a device at the start of s (len bytes): "(hd0)", "(hd0,2)", "(nd)".
 * Returns the bytes it took, or -EINVAL. */
int menu_parse_device(const char *s, size_t len, struct menu_device *dev);

#endif
