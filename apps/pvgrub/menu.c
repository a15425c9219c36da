/* The boot menu's own operations, shared by the three parsers and the rest
 * of PV-GRUB (see menu.h). */
#include "apps/pvgrub/menu.h"

#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

#define MENU_MAX_COUNTED 1000000 /* warnings counted, past those kept */

const struct menu_device menu_no_device = { MENU_DEV_NONE, 0, -1 };

const char *menu_keep(struct menu *m, const char *s, size_t len)
{
	if (len >= sizeof(m->pool) - m->pool_used)
		return NULL;
	char *d = m->pool + m->pool_used;
	memcpy(d, s, len);
	d[len] = '\0';
	m->pool_used += len + 1;
	return d;
}

void menu_warn(struct menu *m, int line, const char *fmt, ...)
{
	va_list ap;

	if (m->n_warnings < MENU_MAX_WARNINGS) {
		struct menu_warning *w = &m->warnings[m->n_warnings];
		w->line = line;
		va_start(ap, fmt);
		format_vbuf(w->text, sizeof(w->text), fmt, ap);
		va_end(ap);
	}
	if (m->n_warnings < MENU_MAX_COUNTED)
		m->n_warnings++;
}

int menu_verror(struct menu *m, const char *file, int line, const char *fmt, va_list ap)
{
	char msg[96];

	format_vbuf(msg, sizeof(msg), fmt, ap);
	m->err_line = line;
	if (file)
		format_buf(m->err, sizeof(m->err), "%s line %d: %s", file, line, msg);
	else
		format_buf(m->err, sizeof(m->err), "%s", msg);
	return -E2BIG;
}

void menu_set_configfile(struct menu *m, struct menu_entry *e, const struct menu_file *f)
{
	if (e) {
		e->configfile = *f;
		e->has_configfile = true;
	} else {
		m->configfile = *f;
		m->has_configfile = true;
	}
}

bool menu_parse_number(const char *s, size_t len, size_t *i, int *out)
{
	long v = 0;
	size_t start = *i;

	while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10 + (s[*i] - '0');
		if (v > MENU_MAX_NUMBER)
			return false;
		(*i)++;
	}
	*out = (int)v;
	return *i > start;
}

bool menu_file_path(struct menu *m, int line, const char *cmd, const char *w, size_t dev_len,
		    struct menu_file *f)
{
	if (w[dev_len] != '/') {
		menu_warn(m, line, "%s: '%.40s' is not a path", cmd, w);
		return false;
	}
	f->path = w + dev_len; /* kept by the caller */
	return true;
}

bool menu_in_entry(struct menu *m, const struct menu_entry *e, int line, const char *cmd)
{
	if (e)
		return true;
	menu_warn(m, line, "%s outside an entry: ignored", cmd);
	return false;
}

int menu_choose_default(struct menu *m, int entry)
{
	if (entry < 0 || entry >= m->n_entries)
		return -ENOENT;
	m->default_entry = entry;
	return 0;
}

int menu_format_device(char *buf, size_t size, const struct menu_device *d)
{
	if (d->kind == MENU_DEV_ND)
		return format_buf(buf, size, "(nd)");
	if (d->kind != MENU_DEV_HD)
		return format_buf(buf, size, "%s", "");
	if (d->part >= 0)
		return format_buf(buf, size, "(hd%d,%d)", d->disk, d->part);
	return format_buf(buf, size, "(hd%d)", d->disk);
}
