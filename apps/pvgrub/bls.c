/*
 * Boot Loader Spec entries (see bls.h): one file at a time, line by line,
 * into an entry of the menu; the sort keys are kept aside while parsing,
 * then the entries are put in order. Also the version comparison and the
 * merge into a grub.cfg menu.
 */
#include "apps/pvgrub/bls.h"

#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define BLS_NAME_SHOWN 28 /* bytes of a file name in a warning */

/* What sorting needs of an entry, while parsing. */
struct sort_keys {
	const char *sort_key, *machine_id, *version; /* in the pool, or NULL */
};

struct parser {
	struct menu *m;
	const struct menu *cfg;
	const char *file; /* name, for warnings */
	int line;
	struct sort_keys keys[MENU_MAX_ENTRIES];
};

/* Warnings name the file. */
__attribute__((format(printf, 2, 3))) static void warn(struct parser *p, const char *fmt, ...)
{
	char msg[80];
	va_list ap;

	va_start(ap, fmt);
	format_vbuf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	menu_warn(p->m, p->line, "%.*s: %s", BLS_NAME_SHOWN, p->file, msg);
}

__attribute__((format(printf, 3, 4))) static int error(struct menu *m, int line, const char *fmt,
						       ...)
{
	va_list ap;

	va_start(ap, fmt);
	int r = menu_verror(m, NULL, line, fmt, ap);
	va_end(ap);
	return r;
}

static int pool_full(struct parser *p)
{
	return error(p->m, p->line, "%.*s line %d: strings exceed %d bytes", BLS_NAME_SHOWN,
		     p->file, p->line, MENU_POOL_SIZE);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ---- version comparison --------------------------------------------------- */

static bool version_char(char c)
{
	return is_digit(c) || is_alpha(c) || c == '~' || c == '-' || c == '^' || c == '.';
}

static int sign(long v)
{
	return (v > 0) - (v < 0);
}

/* Both at the same separator: skip it; one of them: that one sorts as
 * given by first (-1: older). 0 when neither is at it. */
static int separator(const char **a, const char **b, char sep, int first, bool *skipped)
{
	*skipped = false;
	if (**a != sep && **b != sep)
		return 0;
	if (**a != sep)
		return -first;
	if (**b != sep)
		return first;
	(*a)++;
	(*b)++;
	*skipped = true;
	return 0;
}

int bls_version_compare(const char *a, const char *b)
{
	static const struct {
		char sep;
		int first; /* how the string at this separator sorts */
	} seps[] = { { '-', -1 }, { '^', -1 }, { '.', -1 } };
	bool skipped;
	int r;

	a = a ? a : "";
	b = b ? b : "";
	for (;;) {
		while (*a && !version_char(*a))
			a++;
		while (*b && !version_char(*b))
			b++;
		/* '~' first: a pre-release is older even than the end. */
		if ((r = separator(&a, &b, '~', -1, &skipped)) != 0)
			return r;
		if (!*a || !*b)
			return sign((long)(unsigned char)*a - (long)(unsigned char)*b);
		for (size_t i = 0; i < sizeof(seps) / sizeof(seps[0]); i++)
			if ((r = separator(&a, &b, seps[i].sep, seps[i].first, &skipped)) != 0)
				return r;
		const char *ea = a, *eb = b;
		if (is_digit(*a) || is_digit(*b)) {
			while (is_digit(*ea))
				ea++;
			while (is_digit(*eb))
				eb++;
			/* A number is newer than letters (or nothing). */
			if ((ea > a) != (eb > b))
				return ea > a ? 1 : -1;
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			if (ea - a != eb - b)
				return ea - a > eb - b ? 1 : -1;
			for (; a < ea; a++, b++)
				if (*a != *b)
					return *a > *b ? 1 : -1;
		} else {
			while (is_alpha(*ea))
				ea++;
			while (is_alpha(*eb))
				eb++;
			for (; a < ea && b < eb; a++, b++)
				if (*a != *b)
					return (unsigned char)*a > (unsigned char)*b ? 1 : -1;
			if ((ea - a) != (eb - b))
				return ea - a > eb - b ? 1 : -1;
		}
		a = ea;
		b = eb;
	}
}

/* ---- one file ---------------------------------------------------------------- */

/* $NAME from the grub.cfg's variables; NULL when unset. */
static const char *cfg_var(const struct menu *cfg, const char *name, size_t len)
{
	for (int i = 0; cfg && i < cfg->n_env; i++) {
		const char *e = cfg->env[i];
		if (strncmp(e, name, len) == 0 && e[len] == '=')
			return e + len + 1;
	}
	return NULL;
}

/* value with $NAME expanded into out; false when it does not fit. */
static bool expand(struct parser *p, const char *value, char *out, size_t size)
{
	size_t n = 0;

	for (const char *s = value; *s;) {
		if (*s == '$' && (is_alpha(s[1]) || s[1] == '_')) {
			const char *name = ++s;
			while (is_alpha(*s) || is_digit(*s) || *s == '_')
				s++;
			const char *v = cfg_var(p->cfg, name, (size_t)(s - name));
			if (!v) {
				warn(p, "$%.*s is not set: left empty",
				     (int)(s - name < 24 ? s - name : 24), name);
				continue;
			}
			size_t l = strlen(v);
			if (l >= size - n)
				return false;
			memcpy(out + n, v, l);
			n += l;
			continue;
		}
		if (n + 1 >= size)
			return false;
		out[n++] = *s++;
	}
	out[n] = '\0';
	return true;
}

static bool parse_path(struct parser *p, const char *key, const char *w, struct menu_file *f)
{
	f->dev = menu_no_device;
	if (w[0] != '/') {
		warn(p, "%s '%.32s' is not a path", key, w);
		return false;
	}
	f->path = w;
	return true;
}

struct file_state {
	bool skip; /* left out: efi, another architecture */
	bool has_options;
	char options[MENU_MAX_LINE + 1];
};

static int add_initrds(struct parser *p, struct menu_entry *e, char *value)
{
	char *s = value;

	for (;;) {
		while (is_blank(*s))
			s++;
		if (!*s)
			return 0;
		char *w = s;
		while (*s && !is_blank(*s))
			s++;
		if (*s)
			*s++ = '\0';
		struct menu_file f;
		if (!parse_path(p, "initrd", w, &f))
			continue;
		if (e->n_initrds >= MENU_MAX_INITRDS)
			return error(p->m, p->line, "%.*s line %d: more than %d initrds",
				     BLS_NAME_SHOWN, p->file, p->line, MENU_MAX_INITRDS);
		if (!(f.path = menu_keep(p->m, w, strlen(w))))
			return pool_full(p);
		e->initrds[e->n_initrds++] = f;
		e->has_initrd = true;
		e->initrd = e->initrds[0];
	}
}

static int key_value(struct parser *p, struct menu_entry *e, struct sort_keys *k,
		     struct file_state *st, const char *key, const char *value)
{
	struct menu *m = p->m;
	char buf[MENU_MAX_LINE + 1];
	const char **single = NULL;

	if (strcmp(key, "title") == 0)
		single = &e->title;
	else if (strcmp(key, "version") == 0)
		single = &k->version;
	else if (strcmp(key, "machine-id") == 0)
		single = &k->machine_id;
	else if (strcmp(key, "sort-key") == 0)
		single = &k->sort_key;
	if (single) {
		if (!(*single = menu_keep(m, value, strlen(value))))
			return pool_full(p);
		return 0;
	}
	if (strcmp(key, "linux") == 0) {
		struct menu_file f;
		if (!parse_path(p, key, value, &f))
			return 0;
		if (!(f.path = menu_keep(m, value, strlen(value))))
			return pool_full(p);
		e->kernel = f;
		e->has_kernel = true;
		return 0;
	}
	if (strcmp(key, "initrd") == 0) {
		if (!expand(p, value, buf, sizeof(buf))) {
			warn(p, "initrd longer than %d bytes: ignored", MENU_MAX_LINE);
			return 0;
		}
		return add_initrds(p, e, buf);
	}
	if (strcmp(key, "options") == 0) {
		size_t n = strlen(st->options);
		if (!expand(p, value, buf, sizeof(buf)) ||
		    strlen(buf) + (n > 0) >= sizeof(st->options) - n) {
			warn(p, "options longer than %d bytes: ignored", MENU_MAX_LINE);
			return 0;
		}
		format_buf(st->options + n, sizeof(st->options) - n, "%s%s", n > 0 ? " " : "", buf);
		st->has_options = true;
		return 0;
	}
	if (strcmp(key, "architecture") == 0) {
		bool x64 = (value[0] == 'x' || value[0] == 'X') && strcmp(value + 1, "64") == 0;
		if (!x64) {
			warn(p, "for architecture '%.16s': left out", value);
			st->skip = true;
		}
		return 0;
	}
	if (strcmp(key, "efi") == 0) {
		warn(p, "an EFI program: left out");
		st->skip = true;
		return 0;
	}
	static const char *const ignored[] = { "devicetree", "devicetree-overlay", "grub_users",
					       "grub_arg",   "grub_class",	   "grub_hotkey",
					       NULL };
	for (const char *const *i = ignored; *i; i++)
		if (strcmp(key, *i) == 0)
			return 0;
	warn(p, "unknown key '%.24s' ignored", key);
	return 0;
}

static int parse_file(struct parser *p, const struct bls_file *f)
{
	struct menu *m = p->m;
	struct file_state st;
	char line[MENU_MAX_LINE + 1];
	const char *name = f->name ? f->name : "";
	size_t name_len, pos = 0;
	int first_line = 0;

	for (const char *s = name; *s; s++)
		if (*s == '/')
			name = s + 1;
	p->file = name;
	p->line = 0;
	name_len = strlen(name);
	if (name_len <= 5 || strcmp(name + name_len - 5, ".conf") != 0 || name[0] == '.') {
		warn(p, "not an entry file (NAME.conf): skipped");
		return 0;
	}
	if (f->len > BLS_MAX_FILE || (!f->text && f->len)) {
		warn(p, "larger than %d bytes: skipped", BLS_MAX_FILE);
		return 0;
	}
	if (m->n_entries >= MENU_MAX_ENTRIES)
		return error(m, 0, "%.*s: more than %d entries", BLS_NAME_SHOWN, name,
			     MENU_MAX_ENTRIES);

	size_t pool_mark = m->pool_used;
	struct menu_entry *e = &m->entries[m->n_entries];
	struct sort_keys *k = &p->keys[m->n_entries];
	memset(e, 0, sizeof(*e));
	memset(k, 0, sizeof(*k));
	memset(&st, 0, sizeof(st));
	if (!(e->id = menu_keep(m, name, name_len - 5)))
		return pool_full(p);

	while (pos < f->len) {
		size_t n = 0;
		bool nul = false;

		p->line++;
		while (pos + n < f->len && f->text[pos + n] != '\n')
			n++;
		const char *src = f->text + pos;
		pos += n + 1;
		if (n > MENU_MAX_LINE) {
			warn(p, "line longer than %d bytes ignored", MENU_MAX_LINE);
			continue;
		}
		memcpy(line, src, n);
		line[n] = '\0';
		for (size_t i = 0; i < n; i++)
			nul |= line[i] == '\0';
		if (nul) {
			warn(p, "NUL byte in line: ignored");
			continue;
		}
		char *s = line, *end = line + n;
		while (is_blank(*s))
			s++;
		while (end > s && is_blank(end[-1]))
			*--end = '\0';
		if (*s == '\0' || *s == '#')
			continue;
		char *key = s;
		while (*s && !is_blank(*s))
			s++;
		if (*s)
			*s++ = '\0';
		while (is_blank(*s))
			s++;
		if (*s == '\0') {
			warn(p, "key '%.24s' without a value ignored", key);
			continue;
		}
		if (!first_line)
			first_line = p->line;
		int r = key_value(p, e, k, &st, key, s);
		if (r < 0)
			return r;
	}
	p->line = 0;
	if (!st.skip && !e->has_kernel)
		warn(p, "no 'linux' line: left out");
	if (st.skip || !e->has_kernel) {
		m->pool_used = pool_mark;
		return 0;
	}
	e->line = first_line;
	if (!e->title)
		e->title = e->id;
	e->kernel_args = "";
	if (st.has_options && !(e->kernel_args = menu_keep(m, st.options, strlen(st.options))))
		return pool_full(p);
	m->n_entries++;
	return 0;
}

/* ---- order -------------------------------------------------------------------- */

static int compare_ptr(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	int r = strcmp(a, b);
	return (r > 0) - (r < 0);
}

/* <0 when entry i comes before entry j. */
static int compare(const struct parser *p, int i, int j)
{
	const struct sort_keys *a = &p->keys[i], *b = &p->keys[j];
	int r;

	if ((a->sort_key != NULL) != (b->sort_key != NULL))
		return a->sort_key ? -1 : 1;
	if (a->sort_key) {
		if ((r = compare_ptr(a->sort_key, b->sort_key)) != 0)
			return r;
		if ((r = compare_ptr(a->machine_id, b->machine_id)) != 0)
			return r;
		if ((r = bls_version_compare(a->version, b->version)) != 0)
			return -r;
	}
	return -bls_version_compare(p->m->entries[i].id, p->m->entries[j].id);
}

static void sort_entries(struct parser *p)
{
	struct menu *m = p->m;
	int order[MENU_MAX_ENTRIES];
	int n = m->n_entries;

	/* Insertion sort of the indices: stable, n is small. */
	for (int i = 0; i < n; i++) {
		int j = i;
		while (j > 0 && compare(p, order[j - 1], i) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	/* Entry order[i] goes to i: follow each cycle with one spare entry. */
	bool done[MENU_MAX_ENTRIES] = { false };
	for (int start = 0; start < n; start++) {
		if (done[start] || order[start] == start) {
			done[start] = true;
			continue;
		}
		struct menu_entry spare = m->entries[start];
		int i = start;
		while (order[i] != start) {
			m->entries[i] = m->entries[order[i]];
			done[i] = true;
			i = order[i];
		}
		m->entries[i] = spare;
		done[i] = true;
	}
}

int bls_parse(struct menu *m, const struct bls_file *files, int n, const struct menu *cfg)
{
	struct parser local;
	struct parser *p = &local;
	int r = 0;

	memset(m, 0, offsetof(struct menu, pool));
	m->timeout = -1;
	memset(p, 0, sizeof(*p));
	p->m = m;
	p->cfg = cfg;
	if (n < 0 || (n > 0 && !files))
		return -EINVAL;
	for (int i = 0; i < n && r == 0; i++)
		r = parse_file(p, &files[i]);
	sort_entries(p);
	return r;
}

/* ---- merging into grub.cfg's menu ------------------------------------------------- */

static size_t str_bytes(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

static size_t entry_bytes(const struct menu_entry *e)
{
	size_t n = str_bytes(e->title) + str_bytes(e->id) + str_bytes(e->kernel_args) +
		   str_bytes(e->kernel.path);
	for (int i = 0; i < e->n_initrds; i++)
		n += str_bytes(e->initrds[i].path);
	return n;
}

static const char *copy_str(struct menu *m, const char *s)
{
	return s ? menu_keep(m, s, strlen(s)) : NULL; /* room checked before */
}

static bool default_named(const struct menu *m, int i, const char *name)
{
	const struct menu_entry *e = &m->entries[i];
	return (e->id && strcmp(e->id, name) == 0) || (e->title && strcmp(e->title, name) == 0);
}

int bls_merge(struct menu *cfg, const struct menu *bls)
{
	int at = cfg->blscfg_at, add = bls->n_entries;
	size_t bytes = 0;

	if (at < 0 || at > cfg->n_entries)
		at = cfg->n_entries;
	if (add > MENU_MAX_ENTRIES - cfg->n_entries)
		return error(cfg, 0, "BLS entries: more than %d entries in all", MENU_MAX_ENTRIES);
	for (int i = 0; i < add; i++)
		bytes += entry_bytes(&bls->entries[i]);
	if (bytes > sizeof(cfg->pool) - cfg->pool_used)
		return error(cfg, 0, "BLS entries: strings exceed %d bytes", MENU_POOL_SIZE);

	memmove(&cfg->entries[at + add], &cfg->entries[at],
		(size_t)(cfg->n_entries - at) * sizeof(cfg->entries[0]));
	for (int i = 0; i < add; i++) {
		struct menu_entry *e = &cfg->entries[at + i];
		*e = bls->entries[i];
		e->title = copy_str(cfg, e->title);
		e->id = copy_str(cfg, e->id);
		e->kernel_args = copy_str(cfg, e->kernel_args);
		e->kernel.path = copy_str(cfg, e->kernel.path);
		for (int j = 0; j < e->n_initrds; j++)
			e->initrds[j].path = copy_str(cfg, e->initrds[j].path);
		if (e->n_initrds > 0)
			e->initrd = e->initrds[0];
		e->has_root = cfg->has_bls_root;
		e->root = cfg->bls_root;
		e->search = cfg->bls_search; /* its value is in cfg's pool already */
	}
	cfg->n_entries += add;

	const char *name = cfg->default_id;
	if (!name)
		return 0;
	int found = -1;
	bool number = name[0] != '\0';
	long v = 0;
	for (const char *s = name; *s && number; s++) {
		number = is_digit(*s) && v < MENU_MAX_ENTRIES;
		v = v * 10 + (*s - '0');
	}
	if (number && v < cfg->n_entries)
		found = (int)v;
	for (int i = 0; !number && found < 0 && i < cfg->n_entries; i++)
		if (default_named(cfg, i, name))
			found = i;
	if (found < 0) {
		if (cfg->n_warnings < MENU_MAX_WARNINGS) {
			struct menu_warning *w = &cfg->warnings[cfg->n_warnings];
			w->line = 0;
			format_buf(w->text, sizeof(w->text),
				   "default '%.40s': no such entry, using 0", name);
		}
		cfg->n_warnings++;
		found = 0;
	}
	cfg->default_entry = found;
	return 0;
}
