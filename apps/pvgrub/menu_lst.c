/*
 * menu.lst parser (see menu_lst.h). Line by line: CR before LF dropped,
 * leading and trailing blanks ignored, '#' starts a comment line, the
 * command word ends at a blank or '=', and any run of blanks and '=' after
 * it is skipped, as GRUB legacy does ("timeout=5", "kernel = /vmlinuz").
 */
#include "apps/pvgrub/menu_lst.h"

#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

#include <stdarg.h>
#include <stddef.h>

struct parser {
	struct menu *m;
	struct menu_entry *e; /* the current entry, NULL before the first title */
	int line;
	bool one_entry; /* menu_parse_entry: a title line does not start another */
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

__attribute__((format(printf, 2, 3))) static int error(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int r = menu_verror(p->m, "menu.lst", p->line, fmt, ap);
	va_end(ap);
	return r;
}

/* Splits the next blank-separated word off *s: returns it NUL-terminated
 * (NULL when none), leaves *s at the following word. */
static char *next_word(char **s)
{
	char *w = *s;

	while (is_blank(*w))
		w++;
	if (*w == '\0')
		return NULL;
	char *end = w;
	while (*end && !is_blank(*end))
		end++;
	if (*end) {
		*end++ = '\0';
		while (is_blank(*end))
			end++;
	}
	*s = end;
	return w;
}

static bool parse_uint(const char *s, int *out)
{
	long v = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
		if (v > MENU_MAX_NUMBER)
			return false;
	}
	*out = (int)v;
	return true;
}

int menu_parse_device(const char *s, size_t len, struct menu_device *dev)
{
	size_t i;

	if (len >= 4 && memcmp(s, "(nd)", 4) == 0) {
		dev->kind = MENU_DEV_ND;
		dev->disk = 0;
		dev->part = -1;
		return 4;
	}
	if (len < 5 || memcmp(s, "(hd", 3) != 0)
		return -EINVAL;
	i = 3;
	if (!menu_parse_number(s, len, &i, &dev->disk))
		return -EINVAL;
	dev->part = -1;
	if (i < len && s[i] == ',') {
		i++;
		if (!menu_parse_number(s, len, &i, &dev->part))
			return -EINVAL;
	}
	if (i >= len || s[i] != ')')
		return -EINVAL;
	dev->kind = MENU_DEV_HD;
	return (int)i + 1;
}

/* A file word: "(dev)/path" or "/path". false (and a warning) otherwise. */
static bool parse_file(struct parser *p, const char *cmd, const char *w, struct menu_file *f)
{
	size_t len = strlen(w);
	int n = 0;

	f->dev = menu_no_device;
	if (w[0] == '(') {
		n = menu_parse_device(w, len, &f->dev);
		if (n < 0) {
			menu_warn(p->m, p->line, "%s: bad device in '%.40s'", cmd, w);
			return false;
		}
	}
	return menu_file_path(p->m, p->line, cmd, w, (size_t)n, f);
}

/* Stores f's path in the pool. */
static int keep_file(struct parser *p, struct menu_file *f)
{
	f->path = menu_keep(p->m, f->path, strlen(f->path));
	return f->path ? 0 : error(p, "strings exceed %d bytes", MENU_POOL_SIZE);
}

static int keep_string(struct parser *p, const char **dst, const char *s)
{
	*dst = menu_keep(p->m, s, strlen(s));
	return *dst ? 0 : error(p, "strings exceed %d bytes", MENU_POOL_SIZE);
}

static bool in_entry(struct parser *p, const char *cmd)
{
	return menu_in_entry(p->m, p->e, p->line, cmd);
}

static bool global_only(struct parser *p, const char *cmd)
{
	if (!p->e)
		return true;
	menu_warn(p->m, p->line, "%s inside an entry: ignored", cmd);
	return false;
}

static int cmd_root(struct parser *p, const char *cmd, char *args, bool noverify)
{
	struct menu_device dev;
	char *w = next_word(&args);

	if (!w || menu_parse_device(w, strlen(w), &dev) != (int)strlen(w)) {
		menu_warn(p->m, p->line, "%s: bad or missing device", cmd);
		return 0;
	}
	if (p->e) {
		p->e->root = dev;
		p->e->has_root = true;
		p->e->root_noverify = noverify;
	} else {
		p->m->root = dev;
		p->m->has_root = true;
		p->m->root_noverify = noverify;
	}
	return 0;
}

static int cmd_kernel(struct parser *p, char *args)
{
	struct menu_entry *e = p->e;
	char *w;

	if (!in_entry(p, "kernel"))
		return 0;
	/* GRUB legacy options (--type=..., --no-mem-option) mean nothing here. */
	while ((w = next_word(&args)) && w[0] == '-' && w[1] == '-')
		;
	if (!w) {
		menu_warn(p->m, p->line, "kernel: no file");
		return 0;
	}
	if (!parse_file(p, "kernel", w, &e->kernel))
		return 0;
	e->has_kernel = true;
	int r = keep_file(p, &e->kernel);
	return r < 0 ? r : keep_string(p, &e->kernel_args, args);
}

static int cmd_initrd(struct parser *p, char *args)
{
	struct menu_entry *e = p->e;
	char *w;

	if (!in_entry(p, "initrd"))
		return 0;
	w = next_word(&args);
	if (!w) {
		menu_warn(p->m, p->line, "initrd: no file");
		return 0;
	}
	if (!parse_file(p, "initrd", w, &e->initrd))
		return 0;
	int r = keep_file(p, &e->initrd);
	if (r < 0)
		return r;
	e->has_initrd = true;
	e->n_initrds = 1; /* a later initrd replaces it */
	e->initrds[0] = e->initrd;
	return 0;
}

static int cmd_module(struct parser *p, char *args)
{
	struct menu_entry *e = p->e;
	struct menu_module mod;
	char *w;

	if (!in_entry(p, "module"))
		return 0;
	w = next_word(&args);
	if (!w) {
		menu_warn(p->m, p->line, "module: no file");
		return 0;
	}
	if (!parse_file(p, "module", w, &mod.file))
		return 0;
	if (e->n_modules >= MENU_MAX_MODULES)
		return error(p, "more than %d modules in an entry", MENU_MAX_MODULES);
	int r = keep_file(p, &mod.file);
	if (r == 0)
		r = keep_string(p, &mod.args, args);
	if (r == 0)
		e->modules[e->n_modules++] = mod;
	return r;
}

static int cmd_configfile(struct parser *p, char *args)
{
	struct menu_file f;
	char *w = next_word(&args);

	if (!w) {
		menu_warn(p->m, p->line, "configfile: no file");
		return 0;
	}
	if (!parse_file(p, "configfile", w, &f))
		return 0;
	int r = keep_file(p, &f);
	if (r < 0)
		return r;
	menu_set_configfile(p->m, p->e, &f);
	return 0;
}

static int cmd_password(struct parser *p, char *args)
{
	bool md5 = false;
	const char *stored;
	char *w = next_word(&args);

	if (w && strcmp(w, "--md5") == 0) {
		md5 = true;
		w = next_word(&args);
	}
	if (!w) {
		menu_warn(p->m, p->line, "password: none given");
		return 0;
	}
	/* A third word (a file to load when it matches) is not kept. */
	int r = keep_string(p, &stored, w);
	if (r < 0)
		return r;
	if (p->e) {
		p->e->password = stored;
		p->e->password_md5 = md5;
	} else {
		p->m->password = stored;
		p->m->password_md5 = md5;
	}
	return 0;
}

static int cmd_number(struct parser *p, const char *cmd, char *args, int *out)
{
	char *w = next_word(&args);

	if (!global_only(p, cmd))
		return 0;
	if (!parse_uint(w, out))
		menu_warn(p->m, p->line, "%s: bad number", cmd);
	return 0;
}

static int cmd_fallback(struct parser *p, char *args)
{
	struct menu *m = p->m;
	char *w;
	int v;

	if (!global_only(p, "fallback"))
		return 0;
	m->n_fallback = 0;
	while ((w = next_word(&args))) {
		if (!parse_uint(w, &v)) {
			menu_warn(p->m, p->line, "fallback: bad number");
			continue;
		}
		if (m->n_fallback >= MENU_MAX_FALLBACK) {
			menu_warn(p->m, p->line, "fallback: more than %d entries",
				  MENU_MAX_FALLBACK);
			break;
		}
		m->fallback[m->n_fallback++] = v;
	}
	return 0;
}

static int command(struct parser *p, char *cmd, char *args)
{
	struct menu *m = p->m;

	if (strcmp(cmd, "title") == 0) {
		if (p->one_entry) {
			menu_warn(p->m, p->line, "title inside an entry: ignored");
			return 0;
		}
		if (m->n_entries >= MENU_MAX_ENTRIES)
			return error(p, "more than %d entries", MENU_MAX_ENTRIES);
		struct menu_entry *e = &m->entries[m->n_entries];
		memset(e, 0, sizeof(*e));
		e->line = p->line;
		int r = keep_string(p, &e->title, args);
		if (r < 0)
			return r;
		e->kernel_args = "";
		m->n_entries++;
		p->e = e;
		return 0;
	}
	if (strcmp(cmd, "root") == 0)
		return cmd_root(p, cmd, args, false);
	if (strcmp(cmd, "rootnoverify") == 0)
		return cmd_root(p, cmd, args, true);
	if (strcmp(cmd, "kernel") == 0)
		return cmd_kernel(p, args);
	if (strcmp(cmd, "initrd") == 0)
		return cmd_initrd(p, args);
	if (strcmp(cmd, "module") == 0)
		return cmd_module(p, args);
	if (strcmp(cmd, "configfile") == 0)
		return cmd_configfile(p, args);
	if (strcmp(cmd, "password") == 0)
		return cmd_password(p, args);
	if (strcmp(cmd, "timeout") == 0)
		return cmd_number(p, cmd, args, &m->timeout);
	if (strcmp(cmd, "fallback") == 0)
		return cmd_fallback(p, args);
	if (strcmp(cmd, "default") == 0) {
		char *w = next_word(&args);
		if (!global_only(p, cmd))
			return 0;
		if (w && strcmp(w, "saved") == 0)
			m->default_saved = true;
		else if (parse_uint(w, &m->default_entry))
			m->default_saved = false;
		else
			menu_warn(p->m, p->line, "default: bad number");
		return 0;
	}
	if (strcmp(cmd, "hiddenmenu") == 0) {
		if (global_only(p, cmd)) {
			m->hiddenmenu = true;
			m->timeout_style = MENU_STYLE_HIDDEN;
		}
		return 0;
	}
	if (strcmp(cmd, "savedefault") == 0) {
		if (in_entry(p, cmd))
			p->e->savedefault = true;
		return 0;
	}
	if (strcmp(cmd, "boot") == 0)
		return 0; /* implied at the end of every entry */
	menu_warn(p->m, p->line, "unknown command '%.32s' ignored", cmd);
	return 0;
}

/* One line, without its end of line; line is writable and NUL-terminated. */
static int parse_line(struct parser *p, char *line)
{
	char *s = line, *end;

	while (is_blank(*s))
		s++;
	end = s + strlen(s);
	while (end > s && (is_blank(end[-1]) || end[-1] == '\r'))
		*--end = '\0';
	if (*s == '\0' || *s == '#')
		return 0;

	char *cmd = s;
	while (*s && !is_blank(*s) && *s != '=')
		s++;
	if (*s) {
		*s++ = '\0';
		while (is_blank(*s) || *s == '=')
			s++;
	}
	if (*cmd == '\0') {
		menu_warn(p->m, p->line, "line without a command");
		return 0;
	}
	return command(p, cmd, s);
}

/* Every line of text[0..len) in turn. */
static int parse_lines(struct parser *p, const char *text, size_t len)
{
	char line[MENU_MAX_LINE + 1];
	size_t pos = 0;

	while (pos < len) {
		size_t n = 0;
		bool nul = false;
		int r;

		if (p->line >= MENU_MAX_LINES)
			return error(p, "more than %d lines", MENU_MAX_LINES);
		p->line++;
		while (pos + n < len && text[pos + n] != '\n')
			n++;
		if (n > MENU_MAX_LINE)
			return error(p, "longer than %d bytes", MENU_MAX_LINE);
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n + 1;
		for (size_t i = 0; i < n; i++)
			nul |= line[i] == '\0';
		if (nul) {
			menu_warn(p->m, p->line, "NUL byte in line: ignored");
			continue;
		}
		r = parse_line(p, line);
		if (r < 0)
			return r;
	}
	return 0;
}

static void reset(struct menu *m)
{
	memset(m, 0, offsetof(struct menu, pool));
	m->timeout = -1;
}

int menu_parse_entry(struct menu *m, const char *title, const char *text, size_t len)
{
	struct parser p = { m, NULL, 0, true };
	struct menu_entry *e = &m->entries[0];

	reset(m);
	if ((!text && len) || !title)
		return -EINVAL;
	memset(e, 0, sizeof(*e));
	e->kernel_args = "";
	m->n_entries = 1;
	p.e = e;
	int r = keep_string(&p, &e->title, title);
	return r < 0 ? r : parse_lines(&p, text, len);
}

int menu_parse(struct menu *m, const char *text, size_t len)
{
	struct parser p = { m, NULL, 0, false };

	reset(m);
	if (!text && len)
		return -EINVAL;
	int r = parse_lines(&p, text, len);
	if (r < 0)
		return r;

	/* Settings pointing at entries that do not exist. */
	if (m->default_entry >= m->n_entries && m->n_entries > 0) {
		p.line = 0;
		menu_warn(p.m, p.line, "default %d: no such entry, using 0", m->default_entry);
		m->default_entry = 0;
	}
	int kept = 0;
	for (int i = 0; i < m->n_fallback; i++)
		if (m->fallback[i] < m->n_entries)
			m->fallback[kept++] = m->fallback[i];
	if (kept != m->n_fallback) {
		p.line = 0;
		menu_warn(p.m, p.line, "fallback: entries that do not exist dropped");
		m->n_fallback = kept;
	}
	return 0;
}

int menu_parse_saved_default(const char *text, size_t len, int *entry)
{
	size_t i = 0, start;
	long v = 0;

	if (!text)
		return -EINVAL;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	for (start = i; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
		v = v * 10 + (text[i] - '0');
		if (v > MENU_MAX_NUMBER)
			return -EINVAL;
	}
	if (i == start)
		return -EINVAL;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'))
		i++;
	if (i < len && text[i] != '\n')
		return -EINVAL;
	*entry = (int)v;
	return 0;
}
