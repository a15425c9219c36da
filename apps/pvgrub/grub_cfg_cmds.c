/*
 * grub.cfg's commands (see grub_cfg_priv.h): devices and files, set root
 * and search, the settings (default, timeout, ...), the commands of an
 * entry (linux, initrd, configfile, blscfg), function calls, and which
 * commands are run, skipped quietly or named in a warning.
 */
#include "apps/pvgrub/grub_cfg_priv.h"

#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

/* ---- devices and files ---------------------------------------------------------- */

int grub_cfg_parse_device(const char *s, size_t len, struct menu_device *dev)
{
	size_t i = 0;
	bool paren = len > 0 && s[0] == '(';
	int disk, part = -1;

	if (paren)
		i++;
	if (len - i < 3 || s[i] != 'h' || s[i + 1] != 'd')
		return -EINVAL;
	i += 2;
	if (!menu_parse_number(s, len, &i, &disk))
		return -EINVAL;
	if (i < len && s[i] == ',') {
		i++;
		if (len - i >= 5 && memcmp(s + i, "msdos", 5) == 0)
			i += 5;
		else if (len - i >= 3 && memcmp(s + i, "gpt", 3) == 0)
			i += 3;
		if (!menu_parse_number(s, len, &i, &part) || part < 1)
			return -EINVAL;
		part--;
	}
	if (paren) {
		if (i >= len || s[i] != ')')
			return -EINVAL;
		i++;
	} else if (i < len &&
		   (s[i] == ',' || s[i] == ')' || cfg_is_alpha(s[i]) || cfg_is_digit(s[i]))) {
		return -EINVAL; /* "hd0,msdos1,bsd1" and the like */
	}
	dev->kind = MENU_DEV_HD;
	dev->disk = disk;
	dev->part = part;
	return (int)i;
}

static bool raw_starts(const struct parser *p, size_t off, const char *s)
{
	size_t n = strlen(s);
	return off <= p->len && p->len - off >= n && memcmp(p->text + off, s, n) == 0;
}

/* Argument i as a file: "(dev)/path", "($root)/path" or "/path". */
static bool parse_file(struct parser *p, const char *cmd, int i, struct menu_file *f)
{
	const char *w = p->cmd.argv[i];
	size_t len = strlen(w);
	size_t n = 0;

	f->dev = menu_no_device;
	if (w[0] == '(' && (raw_starts(p, p->cmd.raw[i], "($root)") ||
			    raw_starts(p, p->cmd.raw[i], "(${root})"))) {
		/* Whatever root is (a search's result): the entry's root. The
		 * word is '(' root's value ')' path. */
		const char *root = cfg_get_var(p, "root");
		n = 2 + (root ? strlen(root) : 0);
		if (n > len || w[n - 1] != ')')
			n = len;
	} else if (w[0] == '(') {
		int r = grub_cfg_parse_device(w, len, &f->dev);
		if (r < 0) {
			menu_warn(p->m, p->cmd.cmd_line, "%s: bad device in '%.40s'", cmd, w);
			return false;
		}
		n = (size_t)r;
	}
	return menu_file_path(p->m, p->cmd.cmd_line, cmd, w, n, f);
}

static int keep_file(struct parser *p, struct menu_file *f)
{
	f->path = cfg_keep_str(p, f->path);
	return f->path ? 0 : p->err;
}

/* ---- root, boot and search --------------------------------------------------- */

/* The entry (or, at the top, the menu) sees root's new state. */
void cfg_root_changed(struct parser *p)
{
	if (p->e) {
		p->e->has_root = p->root.has_dev;
		p->e->root = p->root.dev;
		p->e->search = p->root.search;
	}
}

static struct dev_state *dev_var(struct parser *p, const char *name)
{
	if (strcmp(name, "root") == 0)
		return &p->root;
	if (strcmp(name, "boot") == 0)
		return &p->boot;
	return NULL;
}

static void set_dev(struct parser *p, struct dev_state *st, const char *name, const char *value)
{
	size_t len = strlen(value);
	struct menu_device dev;

	st->search.kind = MENU_SEARCH_NONE;
	st->search.value = NULL;
	st->has_dev = false;
	if (len > 0) {
		if (grub_cfg_parse_device(value, len, &dev) == (int)len) {
			st->has_dev = true;
			st->dev = dev;
		} else {
			menu_warn(p->m, p->cmd.cmd_line, "%s '%.40s': not a disk PV-GRUB knows",
				  name, value);
		}
	}
	if (st == &p->root)
		cfg_root_changed(p);
}

static int cmd_search(struct parser *p)
{
	const char *cmd = p->cmd.argv[0];
	enum menu_search_kind kind = MENU_SEARCH_FILE;
	const char *var = NULL, *value = NULL;
	int i = 1;

	if (strcmp(cmd, "search") != 0) {
		/* search.fs_uuid VALUE [VAR [HINTS...]] */
		if (strcmp(cmd, "search.fs_uuid") == 0)
			kind = MENU_SEARCH_FS_UUID;
		else if (strcmp(cmd, "search.fs_label") == 0)
			kind = MENU_SEARCH_LABEL;
		value = p->cmd.argc > 1 ? p->cmd.argv[1] : NULL;
		var = p->cmd.argc > 2 ? p->cmd.argv[2] : "root";
	} else {
		for (; i < p->cmd.argc; i++) {
			const char *a = p->cmd.argv[i];
			if (strcmp(a, "--fs-uuid") == 0 || strcmp(a, "-u") == 0)
				kind = MENU_SEARCH_FS_UUID;
			else if (strcmp(a, "--label") == 0 || strcmp(a, "-l") == 0)
				kind = MENU_SEARCH_LABEL;
			else if (strcmp(a, "--file") == 0 || strcmp(a, "-f") == 0)
				kind = MENU_SEARCH_FILE;
			else if (strcmp(a, "--set") == 0 || strcmp(a, "-s") == 0)
				var = "root";
			else if (strncmp(a, "--set=", 6) == 0)
				var = a + 6;
			else if (a[0] == '-')
				continue; /* --no-floppy, --hint*=..., --efidisk-only ... */
			else if (!value)
				value = a;
		}
	}
	if (!value) {
		menu_warn(p->m, p->cmd.cmd_line, "%s: nothing to search for", cmd);
		return 0;
	}
	if (!var)
		return 0; /* only prints what it finds */
	struct dev_state *st = dev_var(p, var);
	if (!st) {
		menu_warn(p->m, p->cmd.cmd_line, "%s --set=%.32s: only root and boot are followed",
			  cmd, var);
		return 0;
	}
	const char *kept = cfg_keep_str(p, value);
	if (!kept)
		return p->err;
	st->search.kind = kind;
	st->search.value = kept;
	if (st == &p->root)
		cfg_root_changed(p);
	return 0;
}

/* ---- settings ---------------------------------------------------------------------- */

static bool at_top(const struct parser *p)
{
	return !p->e && p->depth == 0;
}

static void set_default(struct parser *p, const char *value)
{
	if (p->def.target_fixed)
		return; /* second pass: the final value is known */
	size_t len = strlen(value);
	if (len >= sizeof(p->def.target)) {
		menu_warn(p->m, p->cmd.cmd_line, "default: longer than %d bytes: ignored",
			  CFG_TARGET - 1);
		return;
	}
	memcpy(p->def.target, value, len + 1);
	p->def.target_set = true;
	p->def.target_saved = strcmp(value, "saved") == 0 ||
			      (len == 0 && strcmp(p->cmd.undef, "saved_entry") == 0);
	p->def.target_match = -1;
	if (p->m->n_entries > 0)
		p->def.target_late = true;
}

static bool parse_int(const char *s, int *out)
{
	long v = 0;
	bool neg = *s == '-';

	if (neg)
		s++;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (!cfg_is_digit(*s))
			return false;
		v = v * 10 + (*s - '0');
		if (v > MENU_MAX_NUMBER)
			return false;
	}
	*out = (int)(neg ? -v : v);
	return true;
}

/* A variable that means something to the menu was set. */
static void setting(struct parser *p, const char *name, const char *value)
{
	struct menu *m = p->m;
	struct dev_state *st = dev_var(p, name);

	if (st) {
		set_dev(p, st, name, value);
		return;
	}
	if (!at_top(p))
		return; /* defaults and timeouts of submenus and entries: not used */
	if (strcmp(name, "default") == 0) {
		set_default(p, value);
	} else if (strcmp(name, "timeout") == 0) {
		int t;
		if (!parse_int(value, &t))
			menu_warn(p->m, p->cmd.cmd_line, "timeout: bad number '%.32s'", value);
		else
			m->timeout = t < 0 ? -1 : t;
	} else if (strcmp(name, "timeout_style") == 0) {
		if (strcmp(value, "menu") == 0)
			m->timeout_style = MENU_STYLE_MENU;
		else if (strcmp(value, "countdown") == 0)
			m->timeout_style = MENU_STYLE_COUNTDOWN;
		else if (strcmp(value, "hidden") == 0)
			m->timeout_style = MENU_STYLE_HIDDEN;
		else
			menu_warn(p->m, p->cmd.cmd_line, "timeout_style '%.32s' unknown", value);
		m->hiddenmenu = m->timeout_style == MENU_STYLE_HIDDEN;
	}
}

static bool is_setting(const char *name)
{
	return strcmp(name, "root") == 0 || strcmp(name, "boot") == 0 ||
	       strcmp(name, "default") == 0 || strcmp(name, "timeout") == 0 ||
	       strcmp(name, "timeout_style") == 0;
}

/* NAME=VALUE; false when a is not an assignment. */
static bool assign(struct parser *p, const char *a, bool run)
{
	const char *eq = strchr(a, '=');
	char name[CFG_NAME_BYTES];

	if (!eq || !cfg_is_name(a, (size_t)(eq - a)))
		return false;
	if (!run)
		return true;
	memcpy(name, a, (size_t)(eq - a));
	name[eq - a] = '\0';
	if (cfg_set_var(p, name, eq + 1))
		setting(p, name, eq + 1);
	return true;
}

static void cmd_set(struct parser *p)
{
	for (int i = 1; i < p->cmd.argc; i++)
		if (strchr(p->cmd.argv[i], '=') && !assign(p, p->cmd.argv[i], true))
			menu_warn(p->m, p->cmd.cmd_line, "set: bad variable name in '%.40s'",
				  p->cmd.argv[i]);
}

static void cmd_unset(struct parser *p)
{
	for (int i = 1; i < p->cmd.argc; i++) {
		cfg_unset_var(p, p->cmd.argv[i]);
		struct dev_state *st = dev_var(p, p->cmd.argv[i]);
		if (st)
			set_dev(p, st, p->cmd.argv[i], "");
	}
}

/* ---- entry commands ------------------------------------------------------------------ */

/* GRUB's joining of the kernel's arguments: a word with a blank is put in
 * double quotes; \ ' and " are escaped with a backslash. */
static bool join_args(struct parser *p, int first, char *out, size_t size)
{
	size_t n = 0;

	for (int i = first; i < p->cmd.argc; i++) {
		const char *a = p->cmd.argv[i];
		bool blank = strchr(a, ' ') != NULL;
		if (i > first && n + 1 < size)
			out[n++] = ' ';
		if (blank && n + 1 < size)
			out[n++] = '"';
		for (; *a && n + 1 < size; a++) {
			if (*a == '\\' || *a == '\'' || *a == '"')
				out[n++] = '\\';
			if (n + 1 < size)
				out[n++] = *a;
		}
		if (blank && n + 1 < size)
			out[n++] = '"';
		if (n + 1 >= size)
			return false;
	}
	out[n] = '\0';
	return true;
}

static bool in_entry(struct parser *p, const char *cmd)
{
	return menu_in_entry(p->m, p->e, p->cmd.cmd_line, cmd);
}

static void undef_in(struct parser *p, const char *cmd)
{
	if (p->cmd.undef[0])
		menu_warn(p->m, p->cmd.cmd_line, "%s: $%.32s is not set: left empty", cmd,
			  p->cmd.undef);
}

static int cmd_linux(struct parser *p)
{
	const char *cmd = p->cmd.argv[0];
	struct menu_file f;

	if (!in_entry(p, cmd))
		return 0;
	if (p->cmd.argc < 2) {
		menu_warn(p->m, p->cmd.cmd_line, "%s: no file", cmd);
		return 0;
	}
	if (!parse_file(p, cmd, 1, &f))
		return 0;
	if (!join_args(p, 2, p->scratch, sizeof(p->scratch))) {
		menu_warn(p->m, p->cmd.cmd_line, "%s: arguments longer than %d bytes: ignored", cmd,
			  MENU_MAX_LINE);
		return 0;
	}
	undef_in(p, cmd);
	int r = keep_file(p, &f);
	if (r < 0)
		return r;
	const char *args = cfg_keep_str(p, p->scratch);
	if (!args)
		return p->err;
	p->e->has_kernel = true;
	p->e->kernel = f;
	p->e->kernel_args = args;
	return 0;
}

static int cmd_initrd(struct parser *p)
{
	const char *cmd = p->cmd.argv[0];
	struct menu_file files[MENU_MAX_INITRDS];
	int n = p->cmd.argc - 1;

	if (!in_entry(p, cmd))
		return 0;
	if (n < 1) {
		menu_warn(p->m, p->cmd.cmd_line, "%s: no file", cmd);
		return 0;
	}
	if (n > MENU_MAX_INITRDS)
		return cfg_error(p, "more than %d initrds in an entry", MENU_MAX_INITRDS);
	for (int i = 0; i < n; i++)
		if (!parse_file(p, cmd, i + 1, &files[i]))
			return 0; /* GRUB loads none of them then */
	undef_in(p, cmd);
	for (int i = 0; i < n; i++) {
		int r = keep_file(p, &files[i]);
		if (r < 0)
			return r;
	}
	struct menu_entry *e = p->e;
	e->n_initrds = n;
	memcpy(e->initrds, files, (size_t)n * sizeof(files[0]));
	e->has_initrd = true;
	e->initrd = files[0];
	return 0;
}

static int cmd_configfile(struct parser *p)
{
	struct menu_file f;

	if (p->cmd.argc < 2) {
		menu_warn(p->m, p->cmd.cmd_line, "configfile: no file");
		return 0;
	}
	if (!parse_file(p, "configfile", 1, &f))
		return 0;
	int r = keep_file(p, &f);
	if (r < 0)
		return r;
	menu_set_configfile(p->m, p->e, &f);
	return 0;
}

/* blscfg: where the caller is to insert the BLS entries, and from where. */
static int cmd_blscfg(struct parser *p)
{
	struct menu *m = p->m;
	const struct dev_state *st;

	if (p->e || p->depth > 0) {
		menu_warn(p->m, p->cmd.cmd_line, "blscfg inside an entry or submenu: ignored");
		return 0;
	}
	if (m->blscfg) {
		menu_warn(p->m, p->cmd.cmd_line, "blscfg again: ignored");
		return 0;
	}
	m->blscfg = true;
	m->blscfg_at = m->n_entries;
	st = p->boot.has_dev || p->boot.search.kind != MENU_SEARCH_NONE ? &p->boot : &p->root;
	m->has_bls_root = st->has_dev;
	m->bls_root = st->dev;
	m->bls_search = st->search;
	const char *dir = cfg_get_var(p, "blsdir");
	if (dir && !(m->bls_dir = cfg_keep_str(p, dir)))
		return p->err;
	/* The variables BLS options may use ($kernelopts): the newest
	 * definition of each, builtins left out. */
	m->n_env = 0;
	for (int i = p->scopes.n_vars - 1; i >= 0; i--) {
		const struct var *v = &p->scopes.vars[i];
		if (v->unset || cfg_find_var(p, v->name) != v ||
		    strncmp(v->name, "feature_", 8) == 0 || strncmp(v->name, "grub_", 5) == 0)
			continue;
		if (m->n_env >= MENU_MAX_ENV) {
			menu_warn(p->m, p->cmd.cmd_line, "blscfg: more than %d variables kept",
				  MENU_MAX_ENV);
			break;
		}
		format_buf(p->scratch, sizeof(p->scratch), "%s=%s", v->name,
			   p->scopes.values + v->off);
		if (!(m->env[m->n_env++] = cfg_keep_str(p, p->scratch)))
			return p->err;
	}
	return 0;
}

/* ---- commands ----------------------------------------------------------------------------- */

bool cfg_one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* Commands that do nothing PV-GRUB needs: skipped without a word. */
static const char *const quiet_commands[] = {
	"insmod",
	"rmmod",
	"load_video",
	"echo",
	"load_env",
	"save_env",
	"export",
	"terminal_output",
	"terminal_input",
	"terminal",
	"terminfo",
	"serial",
	"loadfont",
	"gfxmode",
	"recordfail",
	"savedefault",
	"gettext",
	"background_image",
	"background_color",
	"play",
	"sleep",
	"keystatus",
	"clear",
	"cutmem",
	"badram",
	"fwsetup",
	"boot",
	"increment",
	"decrement",
	"true",
	"false",
	"[",
	"test",
	"set",
	"unset",
	"return",
	NULL,
};

/* Loaders of what PV-GRUB cannot boot. */
static const char *const foreign_loaders[] = {
	"chainloader",	 "multiboot",	   "multiboot2", "module",     "module2",
	"kfreebsd",	 "knetbsd",	   "kopenbsd",	 "xnu_kernel", "xnu_kernel64",
	"appleloader",	 "ntldr",	   "freedos",	 "plan9",      "truecrypt",
	"legacy_kernel", "xen_hypervisor", "xen_module", NULL,
};

static const char *const linux_commands[] = { "linux", "linux16", "linuxefi", NULL };
static const char *const initrd_commands[] = { "initrd", "initrd16", "initrdefi", NULL };
static const char *const search_commands[] = { "search", "search.fs_uuid", "search.fs_label",
					       "search.file", NULL };

static bool is_relevant(struct parser *p)
{
	const char *c = p->cmd.argv[0];

	if (cfg_one_of(c, linux_commands) || cfg_one_of(c, initrd_commands) ||
	    cfg_one_of(c, search_commands) || strcmp(c, "configfile") == 0 ||
	    strcmp(c, "source") == 0 || strcmp(c, "blscfg") == 0 || strcmp(c, "menuentry") == 0 ||
	    strcmp(c, "submenu") == 0)
		return true;
	int first = strcmp(c, "set") == 0 ? 1 : 0;
	for (int i = first; i < p->cmd.argc && (first || i == 0); i++) {
		const char *eq = strchr(p->cmd.argv[i], '=');
		char name[CFG_NAME_BYTES];
		size_t n = eq ? (size_t)(eq - p->cmd.argv[i]) : 0;
		if (!eq || n >= sizeof(name))
			continue;
		memcpy(name, p->cmd.argv[i], n);
		name[n] = '\0';
		if (is_setting(name))
			return true;
	}
	return false;
}

/* A command that matters was skipped for a condition not evaluated. */
void cfg_note_skipped(struct parser *p, const char *what)
{
	if (!p->skip_unknown || p->unknown_noted)
		return;
	p->unknown_noted = true;
	menu_warn(p->m, p->cmd.cmd_line,
		  "'%.24s' not run: depends on '%.24s' (line %d), not evaluated", what,
		  p->unknown_what, p->unknown_line);
}

struct func *cfg_find_func(struct parser *p, const char *name)
{
	for (int i = 0; i < p->fn.n_funcs; i++)
		if (strcmp(p->fn.funcs[i].name, name) == 0)
			return &p->fn.funcs[i];
	return NULL;
}

static int call_func(struct parser *p, const struct func *f)
{
	char space[CFG_CALL_BYTES];
	struct call call = { 0, { NULL } };
	size_t used = 0;
	unsigned got;

	if (p->calls >= CFG_MAX_CALLS) {
		menu_warn(p->m, p->cmd.cmd_line, "%.32s: functions nested deeper than %d: not run",
			  f->name, CFG_MAX_CALLS);
		return 0;
	}
	for (int i = 1; i < p->cmd.argc && call.argc < CFG_MAX_PARAMS; i++) {
		size_t n = strlen(p->cmd.argv[i]) + 1;
		if (n > sizeof(space) - used) {
			menu_warn(p->m, p->cmd.cmd_line, "%.32s: arguments too long: not run",
				  f->name);
			return 0;
		}
		memcpy(space + used, p->cmd.argv[i], n);
		call.argv[call.argc++] = space + used;
		used += n;
	}
	const struct call *outer = p->fn.args;
	size_t pos = p->pos;
	int line = p->line;
	p->fn.args = &call;
	p->pos = f->body;
	p->line = f->line;
	p->calls++;
	int r = cfg_run_list(p, STOP_RBRACE, &got);
	p->calls--;
	p->fn.args = outer;
	p->pos = pos;
	p->line = line;
	return r;
}

/* A condition's command: only tests have a known result. */
static void run_cond_command(struct parser *p)
{
	const char *c = p->cmd.argv[0];
	bool unknown = false;

	if (p->cmd.overflow) {
		unknown = true;
		p->status = false;
	} else if (strcmp(c, "[") == 0 || strcmp(c, "test") == 0) {
		p->status = cfg_run_test(p, &unknown);
	} else if (strcmp(c, "true") == 0) {
		p->status = true;
	} else if (strcmp(c, "false") == 0) {
		p->status = false;
	} else {
		unknown = true;
		p->status = false;
	}
	if (unknown && !p->cond_unknown) {
		p->cond_unknown = true;
		format_buf(p->unknown_what, sizeof(p->unknown_what), "%s", c);
		p->unknown_line = p->cmd.cmd_line;
	}
}

int cfg_run_command(struct parser *p)
{
	const char *c = p->cmd.argv[0];
	int r = cfg_count_step(p);

	if (r < 0)
		return r;
	if (p->mode == MODE_SKIP) {
		if (is_relevant(p))
			cfg_note_skipped(p, c);
		return 0;
	}
	if (p->mode == MODE_COND) {
		run_cond_command(p);
		return 0;
	}
	if (p->cmd.overflow) {
		menu_warn(p->m, p->cmd.cmd_line,
			  "command longer than %d bytes or %d words: ignored", CFG_CMD_BYTES,
			  CFG_MAX_ARGS);
		return 0;
	}
	p->status = true;
	if (assign(p, c, false)) {
		assign(p, c, true);
		if (p->cmd.argc > 1)
			menu_warn(p->m, p->cmd.cmd_line, "words after '%.32s' ignored", c);
		return 0;
	}
	if (strcmp(c, "set") == 0) {
		cmd_set(p);
		return 0;
	}
	if (strcmp(c, "unset") == 0) {
		cmd_unset(p);
		return 0;
	}
	if (strcmp(c, "[") == 0 || strcmp(c, "test") == 0) {
		bool unknown = false;
		p->status = cfg_run_test(p, &unknown);
		return 0;
	}
	if (cfg_one_of(c, linux_commands))
		return cmd_linux(p);
	if (cfg_one_of(c, initrd_commands))
		return cmd_initrd(p);
	if (cfg_one_of(c, search_commands))
		return cmd_search(p);
	if (strcmp(c, "configfile") == 0)
		return cmd_configfile(p);
	if (strcmp(c, "blscfg") == 0)
		return cmd_blscfg(p);
	const struct func *f = cfg_find_func(p, c);
	if (f)
		return call_func(p, f);
	if (strcmp(c, "source") == 0 || strcmp(c, ".") == 0) {
		menu_warn(p->m, p->cmd.cmd_line, "%s %.40s: not read", c,
			  p->cmd.argc > 1 ? p->cmd.argv[1] : "");
		return 0;
	}
	if (cfg_one_of(c, foreign_loaders)) {
		menu_warn(p->m, p->cmd.cmd_line, "%.24s: PV-GRUB boots only 'linux' kernels", c);
		return 0;
	}
	if (cfg_one_of(c, quiet_commands))
		return 0;
	menu_warn(p->m, p->cmd.cmd_line, "unknown command '%.32s' ignored", c);
	return 0;
}
