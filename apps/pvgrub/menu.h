/*
 * The boot menu as PV-GRUB uses it (struct menu), whichever parser filled
 * it: GRUB legacy's menu.lst (menu_lst.h), GRUB 2's grub.cfg (grub_cfg.h)
 * or Boot Loader Spec entries (bls.h). The fields that only grub.cfg and
 * BLS fill (search, several initrds, ids, blscfg) stay zero for a
 * menu.lst. Strings live in the struct's own pool; the limits below are
 * the only errors a parser gives, what else is wrong in a file is a
 * warning naming its line.
 *
 * Also what the parsers share in filling it (menu.c): strings kept in the
 * pool, warnings and the error recorded, the configfile set; and what the
 * rest of PV-GRUB does with it: the default chosen, a device named.
 */
#ifndef APPS_PVGRUB_MENU_H
#define APPS_PVGRUB_MENU_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define MENU_MAX_ENTRIES  128
#define MENU_MAX_MODULES  8
#define MENU_MAX_INITRDS  8
#define MENU_MAX_ENV	  16 /* variables handed from grub.cfg to BLS entries */
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

/* No device: kind MENU_DEV_NONE (a file relying on root). */
extern const struct menu_device menu_no_device;

/* A file: its device, or kind MENU_DEV_NONE when it relies on root. */
struct menu_file {
	struct menu_device dev;
	const char *path; /* starts with '/' */
};

/* GRUB 2's `search --set=root`: the partition whose file system has this
 * UUID or label, or that holds this file, is to become root. The parser
 * cannot look at disks: the caller resolves it, and falls back on the
 * root device (has_root) when nothing matches. */
enum menu_search_kind {
	MENU_SEARCH_NONE,
	MENU_SEARCH_FS_UUID,
	MENU_SEARCH_LABEL,
	MENU_SEARCH_FILE,
};

struct menu_search {
	enum menu_search_kind kind;
	const char *value; /* NULL for MENU_SEARCH_NONE */
};

/* GRUB 2's timeout_style; menu.lst's hiddenmenu is MENU_STYLE_HIDDEN. */
enum menu_timeout_style { MENU_STYLE_MENU, MENU_STYLE_COUNTDOWN, MENU_STYLE_HIDDEN };

struct menu_module {
	struct menu_file file;
	const char *args; /* the rest of the line, "" when none */
};

struct menu_entry {
	const char *title; /* entries of a grub.cfg submenu: "SUBMENU>ENTRY" */
	const char *id;	   /* grub.cfg --id ("SUBID>ID"), BLS file name; or NULL */
	int line;	   /* of its title (menuentry, BLS: first line) */
	bool has_root, root_noverify;
	struct menu_device root;
	struct menu_search search; /* when set, root is only the fallback */
	bool has_kernel;
	struct menu_file kernel;
	const char *kernel_args;
	/* The initial ramdisks, to be loaded one after the other into a single
	 * ramdisk (GRUB 2's `initrd A B`, repeated BLS `initrd` lines). initrd
	 * and has_initrd repeat the first one for menu.lst callers. */
	bool has_initrd;
	struct menu_file initrd;
	int n_initrds;
	struct menu_file initrds[MENU_MAX_INITRDS];
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
	int default_entry;  /* 0 unless set; always < n_entries when there are entries */
	bool default_saved; /* "saved": the caller reads the saved entry (0 till then) */
	/* grub.cfg: the default as written when it names no entry parsed here,
	 * or when blscfg was seen (BLS entries count for numbers and can be
	 * named by their id); NULL otherwise. */
	const char *default_id;
	int timeout; /* seconds; -1 when not set, or to wait for ever */
	enum menu_timeout_style timeout_style;
	int n_fallback;
	int fallback[MENU_MAX_FALLBACK];
	bool hiddenmenu;      /* also set for timeout_style=hidden */
	const char *password; /* NULL when none */
	bool password_md5;
	bool has_root, root_noverify; /* a root command before the first title */
	struct menu_device root;
	struct menu_search search; /* grub.cfg: the top-level search --set=root */
	bool has_configfile;
	struct menu_file configfile;
	/* grub.cfg ran `blscfg`: Boot Loader Spec entries (bls.h) belong at
	 * index blscfg_at, read from the partition of bls_root (bls_search
	 * when set, else bls_root when has_bls_root: GRUB's $boot, else
	 * $root) in directory bls_dir (NULL: /loader/entries). env holds the
	 * variables set then ("NAME=VALUE"), for $kernelopts in BLS options. */
	bool blscfg;
	int blscfg_at;
	bool has_bls_root;
	struct menu_device bls_root;
	struct menu_search bls_search;
	const char *bls_dir;
	int n_env;
	const char *env[MENU_MAX_ENV];
	int n_entries;
	struct menu_entry entries[MENU_MAX_ENTRIES];
	int n_warnings; /* all of them; the first MENU_MAX_WARNINGS are kept */
	struct menu_warning warnings[MENU_MAX_WARNINGS];
	int err_line;
	char err[128];
	size_t pool_used;
	char pool[MENU_POOL_SIZE];
};

/* A copy of s[0..len) in m's pool, NUL-terminated; NULL when it is full. */
const char *menu_keep(struct menu *m, const char *s, size_t len);

/* A warning (printf-style) about line: the first MENU_MAX_WARNINGS are
 * kept, all are counted. */
__attribute__((format(printf, 3, 4))) void menu_warn(struct menu *m, int line, const char *fmt,
						     ...);

/* Records the error (printf-style) as m->err with m->err_line = line,
 * "FILE line N: " before it when file is not NULL; returns -E2BIG (the
 * limits are a menu's only errors). */
int menu_verror(struct menu *m, const char *file, int line, const char *fmt, va_list ap);

/* The configfile of entry e, or of the whole menu when e is NULL. */
void menu_set_configfile(struct menu *m, struct menu_entry *e, const struct menu_file *f);

/* The decimal digits at s[*i..len) into *out, *i moved past them: false
 * when there are none or their number passes MENU_MAX_NUMBER. For the
 * numbers in devices. */
bool menu_parse_number(const char *s, size_t len, size_t *i, int *out);

/* The path of file word w for command cmd, once w's device (its first
 * dev_len bytes; none when 0) is in f->dev: what follows must start with
 * '/'. f->path points there; false, with a warning at line, when it does
 * not. */
bool menu_file_path(struct menu *m, int line, const char *cmd, const char *w, size_t dev_len,
		    struct menu_file *f);

/* Whether a command that belongs in an entry has one (e, not NULL); warns
 * at line that cmd is ignored when not. */
bool menu_in_entry(struct menu *m, const struct menu_entry *e, int line, const char *cmd);

/* Makes entry the default of *m when it names one: 0, or -ENOENT (the
 * default is left as it was). */
int menu_choose_default(struct menu *m, int entry);

/* Writes dev as PV-GRUB names devices, menu.lst's way ("(hd0)", "(hd0,1)",
 * "(nd)"; "" for none) into buf (size bytes); returns format_buf()'s
 * length. */
int menu_format_device(char *buf, size_t size, const struct menu_device *dev);

#endif
