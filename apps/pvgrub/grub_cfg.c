/*
 * grub.cfg parser (see grub_cfg.h), its front: errors, the string pool and
 * the work limit every part uses, and the whole file run: builtins and
 * grubenv set, the statements run, the default resolved. The parts and
 * the state they share: grub_cfg_priv.h.
 */
#include "apps/pvgrub/grub_cfg_priv.h"

#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

#include <stdarg.h>

/* ---- warnings, errors, the pool ------------------------------------------- */

/* Errors name the line of the command being run. */
__attribute__((format(printf, 2, 3))) int cfg_error(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->err)
		return p->err;
	va_start(ap, fmt);
	p->err = menu_verror(p->m, "grub.cfg", p->cmd.cmd_line, fmt, ap);
	va_end(ap);
	return p->err;
}

/* One more command: an error once the script has made more work than its
 * size allows (or an error came while its words were read). */
int cfg_count_step(struct parser *p)
{
	if (p->err)
		return p->err;
	if (++p->steps > p->max_steps)
		return cfg_error(p, "more than %ld commands run (functions calling functions?)",
				 p->max_steps);
	if (p->bytes_read > p->max_read)
		return cfg_error(p, "more than %zu bytes read (functions calling functions?)",
				 p->max_read);
	return 0;
}

/* A copy of s[0..len) in the pool; NULL (and the error set) when full. */
const char *cfg_keep(struct parser *p, const char *s, size_t len)
{
	const char *d = menu_keep(p->m, s, len);

	if (!d)
		cfg_error(p, "strings exceed %d bytes", MENU_POOL_SIZE);
	return d;
}

const char *cfg_keep_str(struct parser *p, const char *s)
{
	return cfg_keep(p, s, strlen(s));
}

/* ---- the whole file ------------------------------------------------------------------------ */

static int parse_once(struct parser *p)
{
	unsigned got;
	int r;

	cfg_set_builtins(p);
	cfg_load_grubenv(p);
	r = cfg_run_list(p, STOP_EOF, &got);
	if (r < 0)
		return r;
	return p->err;
}

static void resolve_default(struct parser *p)
{
	struct menu *m = p->m;

	m->default_entry = 0;
	m->default_saved = p->def.target_set && p->def.target_saved;
	if (!p->def.target_set || p->def.target[0] == '\0' || strcmp(p->def.target, "saved") == 0)
		return;
	if (p->def.target_match >= 0)
		m->default_entry = p->def.target_match;
	if (m->blscfg || p->def.target_match < 0)
		m->default_id = cfg_keep_str(p, p->def.target);
	if (p->def.target_match < 0 && !m->blscfg && m->n_entries > 0)
		menu_warn(p->m, 0, "default '%.40s': no such entry, using 0", p->def.target);
}

static void init_parser(struct parser *p, struct menu *m, const char *text, size_t len,
			const char *env, size_t env_len)
{
	p->env = env;
	p->env_len = env_len;
	memset(m, 0, offsetof(struct menu, pool));
	m->timeout = -1;
	p->m = m;
	p->text = text;
	p->len = len;
	p->line = 1;
	p->def.target_match = -1;
	p->max_steps = CFG_STEPS_BASE + (long)(len / CFG_BYTES_PER_STEP);
	if (p->max_steps > CFG_MAX_STEPS)
		p->max_steps = CFG_MAX_STEPS;
	p->max_read = len < (SIZE_MAX - CFG_READ_BASE) / CFG_READ_PER_BYTE
			      ? CFG_READ_BASE + CFG_READ_PER_BYTE * len
			      : SIZE_MAX;
	p->max_expand = len < (SIZE_MAX - CFG_EXPAND_BASE) / CFG_EXPAND_PER_BYTE
				? CFG_EXPAND_BASE + CFG_EXPAND_PER_BYTE * len
				: SIZE_MAX;
}

int grub_cfg_parse(struct menu *m, const char *text, size_t len)
{
	return grub_cfg_parse_env(m, text, len, NULL, 0);
}

int grub_cfg_parse_env(struct menu *m, const char *text, size_t len, const char *env,
		       size_t env_len)
{
	struct parser p;
	int r;

	memset(&p, 0, sizeof(p));
	init_parser(&p, m, text, len, env, env_len);
	if ((!text && len) || (!env && env_len))
		return -EINVAL;
	r = parse_once(&p);
	if (r == 0 && p.def.target_late) {
		/* `set default` after entries: parse again, matching the final
		 * default as the entries come. */
		char target[CFG_TARGET];
		bool saved = p.def.target_saved;
		memcpy(target, p.def.target, sizeof(target));
		memset(&p, 0, sizeof(p));
		init_parser(&p, m, text, len, env, env_len);
		memcpy(p.def.target, target, sizeof(target));
		p.def.target_set = true;
		p.def.target_saved = saved;
		p.def.target_fixed = true;
		r = parse_once(&p);
	}
	m->has_root = p.root.has_dev;
	m->root = p.root.dev;
	m->search = p.root.search;
	if (r == 0)
		resolve_default(&p);
	return r < 0 ? r : p.err;
}
