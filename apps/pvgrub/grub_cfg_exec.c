/*
 * grub.cfg's statements (see grub_cfg_priv.h): lists of commands and the
 * blocks in them (if/elif/else, loops skipped whole, function
 * definitions, menuentry and submenu flattened into entries) run in the
 * parser's mode, with the default matched as entries come.
 */
#include "apps/pvgrub/grub_cfg_priv.h"

#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

/* ---- blocks ------------------------------------------------------------------------------- */

static int nest_in(struct parser *p)
{
	if (p->nest >= CFG_MAX_NEST)
		return cfg_error(p, "blocks nested deeper than %d", CFG_MAX_NEST);
	p->nest++;
	return 0;
}

struct saved_mode {
	enum mode mode;
	bool skip_unknown, unknown_noted;
};

static void save_mode(const struct parser *p, struct saved_mode *s)
{
	s->mode = p->mode;
	s->skip_unknown = p->skip_unknown;
	s->unknown_noted = p->unknown_noted;
}

static void restore_mode(struct parser *p, const struct saved_mode *s)
{
	p->mode = s->mode;
	p->skip_unknown = s->skip_unknown;
	p->unknown_noted = s->unknown_noted;
}

/* Reads a { ... } block (its '{' read) without running it. */
static int skip_block(struct parser *p, int line, const char *what)
{
	struct saved_mode s;
	unsigned got;
	int r = nest_in(p);

	if (r < 0)
		return r;
	save_mode(p, &s);
	p->mode = MODE_SKIP;
	r = cfg_run_list(p, STOP_RBRACE, &got);
	restore_mode(p, &s);
	p->nest--;
	if (r == 0 && got != STOP_RBRACE)
		menu_warn(p->m, line, "%s: no closing '}'", what);
	return r;
}

/* An if's condition, up to its `then`: *truth, *known. */
static int run_condition(struct parser *p, bool run, bool *truth, unsigned *got)
{
	enum mode outer = p->mode;

	p->cond_unknown = false;
	p->status = false;
	p->mode = run ? MODE_COND : MODE_SKIP;
	int r = cfg_run_list(p, STOP_THEN, got);
	p->mode = outer;
	*truth = run && p->status && !p->cond_unknown;
	return r;
}

/* The branch of an if: run when taken, else skipped (noting what matters
 * when the condition was not evaluated). */
static void branch_mode(struct parser *p, const struct saved_mode *outer, bool take, bool unknown)
{
	if (outer->mode != MODE_RUN) {
		p->mode = MODE_SKIP;
		p->skip_unknown = outer->skip_unknown;
		p->unknown_noted = outer->unknown_noted;
		return;
	}
	p->mode = take ? MODE_RUN : MODE_SKIP;
	p->skip_unknown = !take && unknown;
	p->unknown_noted = false;
}

static int run_if(struct parser *p, int line)
{
	struct saved_mode outer;
	bool truth, taken = false;
	unsigned got;
	int r = nest_in(p);

	if (r < 0)
		return r;
	save_mode(p, &outer);
	bool run = outer.mode == MODE_RUN;
	r = run_condition(p, run, &truth, &got);
	bool unknown = run && p->cond_unknown;
	while (r == 0) {
		if (got != STOP_THEN) {
			menu_warn(p->m, line, "if: no 'then'");
			break;
		}
		branch_mode(p, &outer, !taken && truth, !taken && unknown);
		r = cfg_run_list(p, STOP_ELIF | STOP_ELSE | STOP_FI, &got);
		taken = taken || truth;
		restore_mode(p, &outer);
		if (r < 0 || got == STOP_FI)
			break;
		if (got == STOP_ELIF) {
			r = run_condition(p, run && !taken, &truth, &got);
			unknown = run && !taken && p->cond_unknown;
			continue;
		}
		if (got == STOP_ELSE) {
			branch_mode(p, &outer, !taken, false);
			r = cfg_run_list(p, STOP_FI, &got);
			restore_mode(p, &outer);
			if (r == 0 && got != STOP_FI)
				menu_warn(p->m, line, "if: no 'fi'");
			break;
		}
		menu_warn(p->m, line, "if: no 'fi'");
		break;
	}
	restore_mode(p, &outer);
	p->nest--;
	return r;
}

/* while/until/for: skipped whole (nothing generated needs them). */
static int run_loop(struct parser *p, int line, const char *kw)
{
	struct saved_mode outer;
	unsigned got;
	enum tok t;
	int r = nest_in(p);

	if (r < 0)
		return r;
	save_mode(p, &outer);
	if (outer.mode != MODE_SKIP) {
		p->skip_unknown = true;
		p->unknown_noted = false;
		format_buf(p->unknown_what, sizeof(p->unknown_what), "%s", kw);
		p->unknown_line = line;
	}
	p->mode = MODE_SKIP;
	t = cfg_read_rest(p); /* the condition's first command, or for's words */
	(void)t;
	r = cfg_run_list(p, STOP_DO, &got);
	if (r == 0 && got == STOP_DO)
		r = cfg_run_list(p, STOP_DONE, &got);
	if (r == 0 && got != STOP_DONE)
		menu_warn(p->m, line, "%s: no 'done'", kw);
	restore_mode(p, &outer);
	p->nest--;
	return r;
}

/* function NAME { BODY }, its '{' read: recorded, run when called. */
static int define_function(struct parser *p, int line)
{
	const char *name = p->cmd.argc >= 2 ? p->cmd.argv[1] : "";

	if (p->mode == MODE_RUN) {
		if (!cfg_is_name(name, strlen(name)) || p->cmd.argc != 2) {
			menu_warn(p->m, line, "function: bad name '%.32s'", name);
		} else {
			struct func *f = cfg_find_func(p, name);
			if (!f && p->fn.n_funcs < CFG_MAX_FUNCS)
				f = &p->fn.funcs[p->fn.n_funcs++];
			if (!f) {
				menu_warn(p->m, line, "more than %d functions: %.32s ignored",
					  CFG_MAX_FUNCS, name);
			} else {
				memcpy(f->name, name, strlen(name) + 1);
				f->body = p->pos;
				f->line = p->line;
			}
		}
	}
	/* Calls run the body; reading it now finds its end. */
	struct saved_mode s;
	save_mode(p, &s);
	if (p->mode != MODE_SKIP) {
		p->skip_unknown = false;
		p->unknown_noted = false;
	}
	int r = skip_block(p, line, "function");
	restore_mode(p, &s);
	return r;
}

/* "A>B>C" components against an entry's levels; true on a match. */
static bool default_matches(struct parser *p, int pos, const char *title, const char *id)
{
	const char *s = p->def.target;
	int k = 0;

	for (;;) {
		const char *end = strchr(s, '>');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		int lpos;
		const char *lt, *lid;
		if (k < p->depth) {
			lpos = p->levels[k + 1].pos;
			lt = p->levels[k + 1].title;
			lid = p->levels[k + 1].id;
		} else if (k == p->depth) {
			lpos = pos;
			lt = title;
			lid = id;
		} else {
			return false;
		}
		bool digits = n > 0 && n < 8;
		for (size_t i = 0; i < n && digits; i++)
			digits = cfg_is_digit(s[i]);
		bool ok;
		if (digits) {
			int v = 0;
			for (size_t i = 0; i < n; i++)
				v = v * 10 + (s[i] - '0');
			ok = v == lpos;
		} else {
			ok = (lt && strlen(lt) == n && memcmp(lt, s, n) == 0) ||
			     (lid && strlen(lid) == n && memcmp(lid, s, n) == 0);
		}
		if (!ok)
			return false;
		if (!end)
			return true;
		s = end + 1;
		k++;
	}
}

/* Appends the submenus' titles (or ids) and own to out, joined by '>'. */
static bool flatten(struct parser *p, bool ids, const char *own, char *out, size_t size)
{
	size_t n = 0;

	for (int k = 1; k <= p->depth + 1; k++) {
		const char *s = k <= p->depth ? (ids ? p->levels[k].id : p->levels[k].title) : own;
		if (!s)
			return false;
		int w = format_buf(out + n, size - n, "%s%s", k > 1 ? ">" : "", s);
		if (w < 0 || (size_t)w >= size - n) {
			out[size - 1] = '\0';
			return !ids; /* a cut title is still a title */
		}
		n += (size_t)w;
	}
	return true;
}

/* menuentry/submenu options: the title and the --id. */
static void entry_options(struct parser *p, const char **title, const char **id)
{
	static const char *const with_value[] = { "--class",  "--users", "--hotkey",
						  "--source", "--id",	 NULL };
	bool options = true;

	*title = NULL;
	*id = NULL;
	for (int i = 1; i < p->cmd.argc; i++) {
		const char *a = p->cmd.argv[i];
		if (options && strcmp(a, "--") == 0) {
			options = false;
		} else if (options && a[0] == '-' && a[1] == '-') {
			const char *eq = strchr(a, '=');
			size_t n = eq ? (size_t)(eq - a) : strlen(a);
			bool is_id = n == 4 && memcmp(a, "--id", 4) == 0;
			if (eq) {
				if (is_id)
					*id = eq + 1;
			} else if (cfg_one_of(a, with_value)) {
				if (i + 1 < p->cmd.argc && is_id)
					*id = p->cmd.argv[i + 1];
				i++;
			} else if (strcmp(a, "--unrestricted") != 0) {
				menu_warn(p->m, p->cmd.cmd_line, "%s: option '%.32s' ignored",
					  p->cmd.argv[0], a);
			}
		} else if (!*title) {
			*title = a;
		} /* further words are the body's $1... in GRUB: not used here */
	}
}

/* menuentry or submenu, its '{' read. */
static int run_menu_item(struct parser *p, int line, bool submenu)
{
	const char *kw = submenu ? "submenu" : "menuentry";
	struct menu *m = p->m;
	const char *title, *id;
	struct scope_mark mark;
	unsigned got;
	int r;

	if (p->mode != MODE_RUN) {
		if (p->mode == MODE_SKIP)
			cfg_note_skipped(p, kw);
		return skip_block(p, line, kw);
	}
	if (p->cmd.overflow) {
		menu_warn(p->m, line, "%s: longer than %d bytes or %d words: skipped", kw,
			  CFG_CMD_BYTES, CFG_MAX_ARGS);
		return skip_block(p, line, kw);
	}
	if (p->e) {
		menu_warn(p->m, line, "%s inside an entry: skipped", kw);
		return skip_block(p, line, kw);
	}
	entry_options(p, &title, &id);
	if (!title) {
		menu_warn(p->m, line, "%s without a title", kw);
		title = "";
	}
	if (submenu && p->depth >= CFG_MAX_DEPTH) {
		menu_warn(p->m, line, "submenus nested deeper than %d: skipped", CFG_MAX_DEPTH);
		return skip_block(p, line, kw);
	}
	if ((r = nest_in(p)) < 0)
		return r;
	int pos = p->levels[p->depth].count++;
	if (submenu) {
		const char *t = cfg_keep_str(p, title);
		const char *i = id ? cfg_keep_str(p, id) : NULL;
		if (!t || (id && !i))
			return p->err;
		p->depth++;
		p->levels[p->depth] = (struct level){ pos, 0, t, i };
		cfg_scope_push(p, &mark);
		r = cfg_run_list(p, STOP_RBRACE, &got);
		cfg_scope_pop(p, &mark);
		p->depth--;
	} else {
		if (m->n_entries >= MENU_MAX_ENTRIES)
			return cfg_error(p, "more than %d entries", MENU_MAX_ENTRIES);
		struct menu_entry *e = &m->entries[m->n_entries];
		memset(e, 0, sizeof(*e));
		e->line = line;
		e->kernel_args = "";
		if (p->def.target_set && p->def.target_match < 0 &&
		    default_matches(p, pos, title, id))
			p->def.target_match = m->n_entries;
		flatten(p, false, title, p->scratch, sizeof(p->scratch));
		if (!(e->title = cfg_keep_str(p, p->scratch)))
			return p->err;
		if (id && flatten(p, true, id, p->scratch, sizeof(p->scratch)) &&
		    !(e->id = cfg_keep_str(p, p->scratch)))
			return p->err;
		m->n_entries++;
		cfg_scope_push(p, &mark);
		p->e = e;
		cfg_root_changed(p);
		r = cfg_run_list(p, STOP_RBRACE, &got);
		p->e = NULL;
		cfg_scope_pop(p, &mark);
	}
	p->nest--;
	if (r == 0 && got != STOP_RBRACE)
		menu_warn(p->m, line, "%s: no closing '}'", kw);
	return r;
}

static unsigned stop_word(const char *w)
{
	static const struct {
		const char *word;
		unsigned stop;
	} words[] = {
		{ "then", STOP_THEN }, { "elif", STOP_ELIF }, { "else", STOP_ELSE },
		{ "fi", STOP_FI },     { "do", STOP_DO },     { "done", STOP_DONE },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(w, words[i].word) == 0)
			return words[i].stop;
	return 0;
}

/* What ended a command: a '}' may end the list; a '{' or an operator
 * outside its place is skipped. *done when the list ends here. */
static int after_command(struct parser *p, enum tok t, unsigned stops, unsigned *got, bool *done)
{
	*done = false;
	if (t == TOK_RBRACE) {
		if (stops & STOP_RBRACE) {
			*got = STOP_RBRACE;
			*done = true;
			return 0;
		}
		if (p->mode != MODE_SKIP)
			menu_warn(p->m, p->line, "'}' without its '{' ignored");
		return 0;
	}
	if (t == TOK_LBRACE) {
		if (p->mode != MODE_SKIP)
			menu_warn(p->m, p->line, "unexpected '{': block skipped");
		return skip_block(p, p->line, "block");
	}
	if (t == TOK_OP) {
		/* && || | < >: not supported; the rest of the line is skipped. */
		if (p->mode == MODE_COND && !p->cond_unknown) {
			p->cond_unknown = true;
			format_buf(p->unknown_what, sizeof(p->unknown_what), "&& || |");
			p->unknown_line = p->line;
		} else if (p->mode == MODE_RUN) {
			menu_warn(p->m, p->line,
				  "'&&', '||', '|', '<', '>' not supported: rest skipped");
		}
		struct saved_mode s;
		save_mode(p, &s);
		p->mode = MODE_SKIP;
		p->skip_unknown = false;
		do {
			cfg_begin_command(p);
			t = cfg_read_rest(p);
		} while (t == TOK_OP);
		restore_mode(p, &s);
		return after_command(p, t, stops, got, done);
	}
	if (t == TOK_EOF && p->err)
		return p->err;
	return 0;
}

int cfg_run_list(struct parser *p, unsigned stops, unsigned *got)
{
	for (;;) {
		enum tok t;
		bool done;
		int r;

		if (p->err)
			return p->err;
		cfg_begin_command(p);
		t = cfg_next_token(p);
		while (t == TOK_WORD && p->cmd.argc == 0)
			t = cfg_next_token(p); /* words that expanded to nothing */
		if (p->err)
			return p->err;
		if (t == TOK_NEWLINE || t == TOK_SEMI)
			continue;
		if (t == TOK_EOF) {
			*got = STOP_EOF;
			return 0;
		}
		if (t != TOK_WORD) {
			r = after_command(p, t, stops, got, &done);
			if (r < 0 || done)
				return r;
			continue;
		}
		int line = p->cmd.cmd_line;
		if (p->cmd.argc == 1 && p->cmd.word_plain) {
			const char *w = p->cmd.argv[0];
			unsigned stop = stop_word(w);
			if (stop) {
				if (stops & stop) {
					*got = stop;
					return 0;
				}
				if (p->mode != MODE_SKIP)
					menu_warn(p->m, line,
						  "'%s' without its opening word ignored", w);
				continue;
			}
			if (strcmp(w, "if") == 0) {
				if ((r = run_if(p, line)) < 0)
					return r;
				continue;
			}
			if (strcmp(w, "while") == 0 || strcmp(w, "until") == 0 ||
			    strcmp(w, "for") == 0) {
				char kw[8];
				memcpy(kw, w, strlen(w) + 1);
				if ((r = run_loop(p, line, kw)) < 0)
					return r;
				continue;
			}
			bool func = strcmp(w, "function") == 0;
			bool item = strcmp(w, "menuentry") == 0 || strcmp(w, "submenu") == 0;
			if (func || item) {
				bool submenu = w[0] == 's';
				t = cfg_read_rest(p);
				if (t == TOK_LBRACE || (t == TOK_NEWLINE && cfg_accept_lbrace(p))) {
					if ((r = cfg_count_step(p)) < 0)
						return r;
					r = func ? define_function(p, line)
						 : run_menu_item(p, line, submenu);
					if (r < 0)
						return r;
					continue;
				}
				if (p->mode != MODE_SKIP)
					menu_warn(p->m, line, "%s without a '{' body ignored",
						  func	    ? "function"
						  : submenu ? "submenu"
							    : "menuentry");
				r = after_command(p, t, stops, got, &done);
				if (r < 0 || done)
					return r;
				continue;
			}
		}
		t = cfg_read_rest(p);
		if (p->err)
			return p->err;
		if (p->cmd.argc > 0 && (r = cfg_run_command(p)) < 0)
			return r;
		r = after_command(p, t, stops, got, &done);
		if (r < 0 || done)
			return r;
	}
}
