/*
 * grub.cfg parser (see grub_cfg.h). A lexer turns GRUB's shell words into
 * an expanded argument list per command (variables looked up as it reads);
 * a recursive runner walks the statements in one of three modes: RUN
 * (commands take effect), COND (an if's condition: only tests count) and
 * SKIP (a branch not taken, a loop, a function body being defined: read
 * for its structure only). Variables live in a stack of scopes: an entry's
 * or a submenu's `set` does not leak out of it, as in GRUB, where entries
 * run in a context of their own.
 */
#include "apps/pvgrub/grub_cfg.h"

#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CFG_MAX_ARGS   64   /* words in one command, after expansion */
#define CFG_CMD_BYTES  4096 /* their bytes */
#define CFG_MAX_VARS   64   /* variables, all scopes together */
#define CFG_NAME_BYTES 32   /* a variable's or function's name, NUL included */
#define CFG_VAR_BYTES  4096 /* their values */
#define CFG_MAX_FUNCS  24
#define CFG_MAX_NEST   16  /* blocks in blocks */
#define CFG_MAX_CALLS  8   /* functions calling functions */
#define CFG_MAX_DEPTH  4   /* submenus in submenus */
#define CFG_TARGET     256 /* bytes of `set default=` kept */
#define CFG_CALL_BYTES 512 /* a function call's arguments */
#define CFG_MAX_PARAMS 9

/* The work a script may make, in proportion to its size (function bodies
 * count each time they run): CFG_STEPS_BASE commands and one more for
 * each CFG_BYTES_PER_STEP bytes of it, at most CFG_MAX_STEPS; and
 * CFG_READ_BASE bytes read and CFG_READ_PER_BYTE more for each byte of it.
 * The grub.cfg files Debian, Ubuntu and Fedora generate run one command for
 * every 33 to 65 bytes and read each byte 1 to 1.2 times. */
#define CFG_STEPS_BASE	   256
#define CFG_BYTES_PER_STEP 8
#define CFG_MAX_STEPS	   100000
#define CFG_READ_BASE	   4096
#define CFG_READ_PER_BYTE  4

enum mode { MODE_RUN, MODE_COND, MODE_SKIP };

enum tok { TOK_WORD, TOK_NEWLINE, TOK_SEMI, TOK_LBRACE, TOK_RBRACE, TOK_OP, TOK_EOF };

/* What ends a list of statements. */
enum stop {
	STOP_EOF = 1,
	STOP_RBRACE = 2,
	STOP_THEN = 4,
	STOP_ELIF = 8,
	STOP_ELSE = 16,
	STOP_FI = 32,
	STOP_DO = 64,
	STOP_DONE = 128,
};

struct var {
	char name[CFG_NAME_BYTES];
	unsigned off, cap; /* value at values[off], room for cap bytes + NUL */
	int scope;
	bool unset; /* hides outer definitions */
};

struct func {
	char name[CFG_NAME_BYTES];
	size_t body; /* text offset just after its '{' */
	int line;
};

/* root or boot: a device set with `set`, a search that overrides it. */
struct dev_state {
	bool has_dev;
	struct menu_device dev;
	struct menu_search search;
};

/* A menu level: the top, or a submenu with its position, title and id. */
struct level {
	int pos, count;
	const char *title, *id;
};

struct call {
	int argc;
	const char *argv[CFG_MAX_PARAMS];
};

struct parser {
	struct menu *m;
	const char *text;
	size_t len, pos;
	int line;
	int err;

	/* The command being read. */
	int argc;
	char *argv[CFG_MAX_ARGS];
	size_t raw[CFG_MAX_ARGS]; /* text offset of the word each came from */
	char buf[CFG_CMD_BYTES];
	size_t used;
	bool field_open, overflow, word_plain;
	size_t word_start;
	int cmd_line;
	char undef[CFG_NAME_BYTES]; /* first unset variable expanded in it */

	int n_vars, scope;
	struct var vars[CFG_MAX_VARS];
	char values[CFG_VAR_BYTES];
	size_t values_used;

	int n_funcs;
	struct func funcs[CFG_MAX_FUNCS];
	const struct call *args; /* of the function running, NULL at top */

	enum mode mode;
	bool status;	   /* of the last command: true for success */
	bool cond_unknown; /* a condition PV-GRUB cannot evaluate was met */
	char unknown_what[24];
	int unknown_line;
	bool skip_unknown;  /* SKIP because of such a condition (or a loop) */
	bool unknown_noted; /* and a warning about it was given */
	int nest, calls;
	long steps, max_steps;
	size_t bytes_read, max_read;

	struct menu_entry *e; /* the entry whose body runs, or NULL */
	int depth;
	struct level levels[CFG_MAX_DEPTH + 1];
	struct dev_state root, boot;

	const char *env; /* grubenv's text, or NULL */
	size_t env_len;

	char target[CFG_TARGET]; /* `set default=` as it was last run */
	bool target_set, target_saved, target_late, target_fixed;
	int target_match;

	char scratch[MENU_MAX_LINE + 1];
};

static int run_list(struct parser *p, unsigned stops, unsigned *got);

/* ---- warnings, errors, the pool ------------------------------------------- */

/* Errors name the line of the command being run. */
__attribute__((format(printf, 2, 3))) static int error(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->err)
		return p->err;
	va_start(ap, fmt);
	p->err = menu_verror(p->m, "grub.cfg", p->cmd_line, fmt, ap);
	va_end(ap);
	return p->err;
}

/* One more command: an error once the script has made more work than its
 * size allows. */
static int count_step(struct parser *p)
{
	if (++p->steps > p->max_steps)
		return error(p, "more than %ld commands run (functions calling functions?)",
			     p->max_steps);
	if (p->bytes_read > p->max_read)
		return error(p, "more than %zu bytes read (functions calling functions?)",
			     p->max_read);
	return 0;
}

/* A copy of s[0..len) in the pool; NULL (and the error set) when full. */
static const char *keep(struct parser *p, const char *s, size_t len)
{
	const char *d = menu_keep(p->m, s, len);

	if (!d)
		error(p, "strings exceed %d bytes", MENU_POOL_SIZE);
	return d;
}

static const char *keep_str(struct parser *p, const char *s)
{
	return keep(p, s, strlen(s));
}

/* ---- characters ------------------------------------------------------------ */

static bool is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_name(const char *s, size_t len)
{
	if (len == 0 || len >= CFG_NAME_BYTES || !is_alpha(s[0]))
		return false;
	for (size_t i = 1; i < len; i++)
		if (!is_alpha(s[i]) && !is_digit(s[i]))
			return false;
	return true;
}

/* Unquoted characters that end a word; '\0' too (never part of a word). */
static bool ends_word(int c)
{
	return is_blank(c) || c == '\n' || c == ';' || c == '{' || c == '}' || c == '|' ||
	       c == '&' || c == '<' || c == '>' || c == '\0';
}

static int peek_at(const struct parser *p, size_t off)
{
	return p->pos + off < p->len ? (unsigned char)p->text[p->pos + off] : -1;
}

static int peek(const struct parser *p)
{
	return peek_at(p, 0);
}

static void advance(struct parser *p)
{
	if (p->text[p->pos] == '\n')
		p->line++;
	p->pos++;
	p->bytes_read++;
}

/* ---- variables ------------------------------------------------------------- */

static struct var *find_var(struct parser *p, const char *name)
{
	for (int i = p->n_vars - 1; i >= 0; i--)
		if (strcmp(p->vars[i].name, name) == 0)
			return p->vars[i].unset ? NULL : &p->vars[i];
	return NULL;
}

static const char *get_var(struct parser *p, const char *name)
{
	struct var *v = find_var(p, name);
	return v ? p->values + v->off : NULL;
}

/* The definition of name in the current scope, made when missing. */
static struct var *scope_var(struct parser *p, const char *name)
{
	for (int i = p->n_vars - 1; i >= 0; i--) {
		if (strcmp(p->vars[i].name, name) != 0)
			continue;
		if (p->vars[i].scope == p->scope)
			return &p->vars[i];
		break;
	}
	if (p->n_vars >= CFG_MAX_VARS)
		return NULL;
	struct var *v = &p->vars[p->n_vars++];
	memset(v, 0, sizeof(*v));
	memcpy(v->name, name, strlen(name) + 1);
	v->scope = p->scope;
	v->unset = true;
	return v;
}

static bool set_var(struct parser *p, const char *name, const char *value)
{
	size_t len = strlen(value);
	struct var *v = scope_var(p, name);

	if (!v) {
		menu_warn(p->m, p->cmd_line, "more than %d variables: %.32s not set", CFG_MAX_VARS,
			  name);
		return false;
	}
	if (v->unset || len > v->cap) {
		if (len + 1 > sizeof(p->values) - p->values_used) {
			menu_warn(p->m, p->cmd_line, "variables exceed %d bytes: %.32s not set",
				  CFG_VAR_BYTES, name);
			return false;
		}
		v->off = (unsigned)p->values_used;
		v->cap = (unsigned)len;
		p->values_used += len + 1;
	}
	memcpy(p->values + v->off, value, len + 1);
	v->unset = false;
	return true;
}

static void unset_var(struct parser *p, const char *name)
{
	if (!find_var(p, name))
		return;
	struct var *v = scope_var(p, name);
	if (v)
		v->unset = true;
}

/* GRUB 2.06 on Xen PV, as its grub.cfg tests see it. */
static void set_builtins(struct parser *p)
{
	static const char *const features[] = {
		"feature_chainloader_bpb",	"feature_ntldr",
		"feature_platform_search_hint", "feature_default_font_path",
		"feature_all_video_module",	"feature_menuentry_id",
		"feature_menuentry_options",	"feature_200_final",
		"feature_nativedisk_cmd",	"feature_timeout_style",
	};

	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		set_var(p, features[i], "y");
	set_var(p, "grub_platform", "xen");
	set_var(p, "grub_cpu", "x86_64");
}

struct scope_mark {
	int n_vars;
	size_t values_used;
	struct dev_state root, boot;
};

static void scope_push(struct parser *p, struct scope_mark *mark)
{
	mark->n_vars = p->n_vars;
	mark->values_used = p->values_used;
	mark->root = p->root;
	mark->boot = p->boot;
	p->scope++;
}

static void scope_pop(struct parser *p, const struct scope_mark *mark)
{
	p->n_vars = mark->n_vars;
	p->values_used = mark->values_used;
	p->root = mark->root;
	p->boot = mark->boot;
	p->scope--;
}

/* ---- the lexer --------------------------------------------------------------- */

static void open_field(struct parser *p)
{
	if (p->field_open || p->overflow)
		return;
	if (p->argc >= CFG_MAX_ARGS || p->used + 2 > sizeof(p->buf)) {
		p->overflow = true;
		return;
	}
	p->argv[p->argc] = p->buf + p->used;
	p->raw[p->argc] = p->word_start;
	p->argc++;
	p->field_open = true;
}

static void close_field(struct parser *p)
{
	if (!p->field_open)
		return;
	p->buf[p->used++] = '\0'; /* room kept by put() */
	p->field_open = false;
}

static void put(struct parser *p, char c)
{
	open_field(p);
	if (p->overflow)
		return;
	if (p->used + 2 > sizeof(p->buf)) {
		p->overflow = true;
		p->buf[p->used++] = '\0';
		p->field_open = false;
		return;
	}
	p->buf[p->used++] = c;
}

/* Appends a variable's value; unquoted values are split at blanks. */
static void put_value(struct parser *p, const char *v, bool split)
{
	for (; *v; v++) {
		if (split && (*v == ' ' || *v == '\t' || *v == '\n'))
			close_field(p);
		else
			put(p, *v);
	}
}

/* Positional parameter n (1..), or $# $@ $* of the running function. */
static void put_param(struct parser *p, const char *name, bool split)
{
	const struct call *a = p->args;
	char num[12];

	if (strcmp(name, "#") == 0) {
		format_buf(num, sizeof(num), "%d", a ? a->argc : 0);
		put_value(p, num, split);
		return;
	}
	if (strcmp(name, "@") == 0 || strcmp(name, "*") == 0) {
		for (int i = 0; a && i < a->argc; i++) {
			if (i > 0)
				put_value(p, " ", split);
			put_value(p, a->argv[i], split);
		}
		return;
	}
	long n = 0;
	for (const char *s = name; *s && n <= CFG_MAX_PARAMS; s++)
		n = n * 10 + (*s - '0');
	if (a && n >= 1 && n <= a->argc)
		put_value(p, a->argv[n - 1], split);
}

/* After a '$': a variable name ($NAME ${NAME} $1 $? ...), its value put. */
static void expand(struct parser *p, bool split)
{
	char name[CFG_NAME_BYTES];
	size_t n = 0;
	bool brace = peek(p) == '{';
	int c;

	if (brace)
		advance(p);
	c = peek(p);
	if (c >= 0 && is_alpha(c)) {
		while ((c = peek(p)) >= 0 && (is_alpha(c) || is_digit(c))) {
			if (n + 1 < sizeof(name))
				name[n] = (char)c;
			n++;
			advance(p);
		}
	} else if (c >= 0 && is_digit(c)) {
		while ((c = peek(p)) >= 0 && is_digit(c)) {
			if (n + 1 < sizeof(name))
				name[n] = (char)c;
			n++;
			advance(p);
		}
	} else if (c == '?' || c == '#' || c == '*' || c == '@') {
		name[n++] = (char)c;
		advance(p);
	}
	if (n == 0 || (brace && peek(p) != '}')) {
		/* Not a variable: GRUB refuses the word; keep it as text. */
		put(p, '$');
		if (brace)
			put(p, '{');
		for (size_t i = 0; i < n && i + 1 < sizeof(name); i++)
			put(p, name[i]);
		return;
	}
	if (brace)
		advance(p);
	if (n >= sizeof(name)) {
		if (!p->undef[0])
			memcpy(p->undef, "(long name)", 12);
		return;
	}
	name[n] = '\0';
	if (is_digit(name[0]) || (n == 1 && !is_alpha(name[0]) && name[0] != '?')) {
		put_param(p, name, split);
		return;
	}
	if (name[0] == '?') {
		put_value(p, p->status ? "0" : "1", split);
		return;
	}
	const char *v = get_var(p, name);
	if (!v) {
		if (!p->undef[0])
			memcpy(p->undef, name, n + 1);
		return;
	}
	put_value(p, v, split);
}

/* After a '"' (or '$"' when !vars): up to the closing quote. */
static void read_dquote(struct parser *p, bool vars)
{
	int line = p->line;
	int c;

	open_field(p);
	while ((c = peek(p)) >= 0) {
		advance(p);
		if (c == '"')
			return;
		if (c == '\\') {
			int n = peek(p);
			if (n == '\n') {
				advance(p);
				continue;
			}
			if (n == '"' || n == '\\' || (n == '$' && vars)) {
				put(p, (char)n);
				advance(p);
				continue;
			}
			put(p, '\\');
			continue;
		}
		if (c == '$' && vars) {
			expand(p, false);
			continue;
		}
		put(p, (char)c);
	}
	if (p->mode != MODE_SKIP)
		menu_warn(p->m, line, "double quote not closed");
}

/* One word at p->pos: its fields appended to the command. */
static void read_word(struct parser *p)
{
	int c;

	p->word_start = p->pos;
	p->word_plain = true;
	while ((c = peek(p)) >= 0 && !ends_word(c)) {
		if (c == '\\') {
			p->word_plain = false;
			advance(p);
			c = peek(p);
			if (c < 0) {
				put(p, '\\');
				break;
			}
			advance(p);
			if (c != '\n')
				put(p, (char)c);
			continue;
		}
		if (c == '\'') {
			int line = p->line;
			p->word_plain = false;
			advance(p);
			open_field(p);
			while ((c = peek(p)) >= 0 && c != '\'') {
				put(p, (char)c);
				advance(p);
			}
			if (c < 0) {
				if (p->mode != MODE_SKIP)
					menu_warn(p->m, line, "single quote not closed");
			} else {
				advance(p);
			}
			continue;
		}
		if (c == '"') {
			p->word_plain = false;
			advance(p);
			read_dquote(p, true);
			continue;
		}
		if (c == '$') {
			p->word_plain = false;
			advance(p);
			if (peek(p) == '"') {
				advance(p);
				read_dquote(p, false); /* $"..." translated text */
			} else {
				expand(p, true);
			}
			continue;
		}
		put(p, (char)c);
		advance(p);
	}
	close_field(p);
}

/* Skips blanks, comments and line continuations, then reads one token: a
 * word (its fields appended to the command) or what ends a command. */
static enum tok next_token(struct parser *p)
{
	int c;

	for (;;) {
		if (p->line > MENU_MAX_LINES) {
			p->cmd_line = p->line;
			error(p, "more than %d lines", MENU_MAX_LINES);
			return TOK_EOF;
		}
		c = peek(p);
		if (c < 0)
			return TOK_EOF;
		if (is_blank(c)) {
			advance(p);
			continue;
		}
		if (c == '\0') {
			if (p->mode != MODE_SKIP)
				menu_warn(p->m, p->line, "NUL byte: taken as a blank");
			advance(p);
			continue;
		}
		if (c == '\\' && peek_at(p, 1) == '\n') {
			advance(p);
			advance(p);
			continue;
		}
		if (c == '#') {
			while ((c = peek(p)) >= 0 && c != '\n')
				advance(p);
			continue;
		}
		break;
	}
	switch (c) {
	case '\n':
		advance(p);
		return TOK_NEWLINE;
	case ';':
		advance(p);
		if (peek(p) == ';')
			advance(p);
		return TOK_SEMI;
	case '{':
		advance(p);
		return TOK_LBRACE;
	case '}':
		advance(p);
		return TOK_RBRACE;
	case '|':
	case '&':
	case '<':
	case '>':
		advance(p);
		if ((c == '|' || c == '&') && peek(p) == c)
			advance(p);
		return TOK_OP;
	}
	if (p->argc == 0)
		p->cmd_line = p->line;
	read_word(p);
	return TOK_WORD;
}

static void begin_command(struct parser *p)
{
	p->argc = 0;
	p->used = 0;
	p->field_open = false;
	p->overflow = false;
	p->word_plain = false;
	p->undef[0] = '\0';
	p->cmd_line = p->line;
}

/* The rest of a command's words; returns what ended it. */
static enum tok read_rest(struct parser *p)
{
	enum tok t;

	while ((t = next_token(p)) == TOK_WORD)
		;
	return t;
}

/* After a command ended by a newline: a '{' on a following line (function
 * NAME, then { on its own line). Consumed when found. */
static bool accept_lbrace(struct parser *p)
{
	size_t pos = p->pos;
	int line = p->line;
	int c;

	while ((c = peek(p)) >= 0) {
		if (is_blank(c) || c == '\n') {
			advance(p);
		} else if (c == '#') {
			while ((c = peek(p)) >= 0 && c != '\n')
				advance(p);
		} else {
			break;
		}
	}
	if (c == '{') {
		advance(p);
		return true;
	}
	p->pos = pos;
	p->line = line;
	return false;
}

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
	} else if (i < len && (s[i] == ',' || s[i] == ')' || is_alpha(s[i]) || is_digit(s[i]))) {
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
	const char *w = p->argv[i];
	size_t len = strlen(w);
	size_t n = 0;

	f->dev = menu_no_device;
	if (w[0] == '(' &&
	    (raw_starts(p, p->raw[i], "($root)") || raw_starts(p, p->raw[i], "(${root})"))) {
		/* Whatever root is (a search's result): the entry's root. The
		 * word is '(' root's value ')' path. */
		const char *root = get_var(p, "root");
		n = 2 + (root ? strlen(root) : 0);
		if (n > len || w[n - 1] != ')')
			n = len;
	} else if (w[0] == '(') {
		int r = grub_cfg_parse_device(w, len, &f->dev);
		if (r < 0) {
			menu_warn(p->m, p->cmd_line, "%s: bad device in '%.40s'", cmd, w);
			return false;
		}
		n = (size_t)r;
	}
	return menu_file_path(p->m, p->cmd_line, cmd, w, n, f);
}

static int keep_file(struct parser *p, struct menu_file *f)
{
	f->path = keep_str(p, f->path);
	return f->path ? 0 : p->err;
}

/* ---- root, boot and search --------------------------------------------------- */

/* The entry (or, at the top, the menu) sees root's new state. */
static void root_changed(struct parser *p)
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
			menu_warn(p->m, p->cmd_line, "%s '%.40s': not a disk PV-GRUB knows", name,
				  value);
		}
	}
	if (st == &p->root)
		root_changed(p);
}

static int cmd_search(struct parser *p)
{
	const char *cmd = p->argv[0];
	enum menu_search_kind kind = MENU_SEARCH_FILE;
	const char *var = NULL, *value = NULL;
	int i = 1;

	if (strcmp(cmd, "search") != 0) {
		/* search.fs_uuid VALUE [VAR [HINTS...]] */
		if (strcmp(cmd, "search.fs_uuid") == 0)
			kind = MENU_SEARCH_FS_UUID;
		else if (strcmp(cmd, "search.fs_label") == 0)
			kind = MENU_SEARCH_LABEL;
		value = p->argc > 1 ? p->argv[1] : NULL;
		var = p->argc > 2 ? p->argv[2] : "root";
	} else {
		for (; i < p->argc; i++) {
			const char *a = p->argv[i];
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
		menu_warn(p->m, p->cmd_line, "%s: nothing to search for", cmd);
		return 0;
	}
	if (!var)
		return 0; /* only prints what it finds */
	struct dev_state *st = dev_var(p, var);
	if (!st) {
		menu_warn(p->m, p->cmd_line, "%s --set=%.32s: only root and boot are followed", cmd,
			  var);
		return 0;
	}
	const char *kept = keep_str(p, value);
	if (!kept)
		return p->err;
	st->search.kind = kind;
	st->search.value = kept;
	if (st == &p->root)
		root_changed(p);
	return 0;
}

/* ---- settings ---------------------------------------------------------------------- */

static bool at_top(const struct parser *p)
{
	return !p->e && p->depth == 0;
}

static void set_default(struct parser *p, const char *value)
{
	if (p->target_fixed)
		return; /* second pass: the final value is known */
	size_t len = strlen(value);
	if (len >= sizeof(p->target)) {
		menu_warn(p->m, p->cmd_line, "default: longer than %d bytes: ignored",
			  CFG_TARGET - 1);
		return;
	}
	memcpy(p->target, value, len + 1);
	p->target_set = true;
	p->target_saved =
		strcmp(value, "saved") == 0 || (len == 0 && strcmp(p->undef, "saved_entry") == 0);
	p->target_match = -1;
	if (p->m->n_entries > 0)
		p->target_late = true;
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
		if (!is_digit(*s))
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
			menu_warn(p->m, p->cmd_line, "timeout: bad number '%.32s'", value);
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
			menu_warn(p->m, p->cmd_line, "timeout_style '%.32s' unknown", value);
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

	if (!eq || !is_name(a, (size_t)(eq - a)))
		return false;
	if (!run)
		return true;
	memcpy(name, a, (size_t)(eq - a));
	name[eq - a] = '\0';
	if (set_var(p, name, eq + 1))
		setting(p, name, eq + 1);
	return true;
}

static void cmd_set(struct parser *p)
{
	for (int i = 1; i < p->argc; i++)
		if (strchr(p->argv[i], '=') && !assign(p, p->argv[i], true))
			menu_warn(p->m, p->cmd_line, "set: bad variable name in '%.40s'",
				  p->argv[i]);
}

static void cmd_unset(struct parser *p)
{
	for (int i = 1; i < p->argc; i++) {
		unset_var(p, p->argv[i]);
		struct dev_state *st = dev_var(p, p->argv[i]);
		if (st)
			set_dev(p, st, p->argv[i], "");
	}
}

/* ---- entry commands ------------------------------------------------------------------ */

/* GRUB's joining of the kernel's arguments: a word with a blank is put in
 * double quotes; \ ' and " are escaped with a backslash. */
static bool join_args(struct parser *p, int first, char *out, size_t size)
{
	size_t n = 0;

	for (int i = first; i < p->argc; i++) {
		const char *a = p->argv[i];
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
	return menu_in_entry(p->m, p->e, p->cmd_line, cmd);
}

static void undef_in(struct parser *p, const char *cmd)
{
	if (p->undef[0])
		menu_warn(p->m, p->cmd_line, "%s: $%.32s is not set: left empty", cmd, p->undef);
}

static int cmd_linux(struct parser *p)
{
	const char *cmd = p->argv[0];
	struct menu_file f;

	if (!in_entry(p, cmd))
		return 0;
	if (p->argc < 2) {
		menu_warn(p->m, p->cmd_line, "%s: no file", cmd);
		return 0;
	}
	if (!parse_file(p, cmd, 1, &f))
		return 0;
	if (!join_args(p, 2, p->scratch, sizeof(p->scratch))) {
		menu_warn(p->m, p->cmd_line, "%s: arguments longer than %d bytes: ignored", cmd,
			  MENU_MAX_LINE);
		return 0;
	}
	undef_in(p, cmd);
	int r = keep_file(p, &f);
	if (r < 0)
		return r;
	const char *args = keep_str(p, p->scratch);
	if (!args)
		return p->err;
	p->e->has_kernel = true;
	p->e->kernel = f;
	p->e->kernel_args = args;
	return 0;
}

static int cmd_initrd(struct parser *p)
{
	const char *cmd = p->argv[0];
	struct menu_file files[MENU_MAX_INITRDS];
	int n = p->argc - 1;

	if (!in_entry(p, cmd))
		return 0;
	if (n < 1) {
		menu_warn(p->m, p->cmd_line, "%s: no file", cmd);
		return 0;
	}
	if (n > MENU_MAX_INITRDS)
		return error(p, "more than %d initrds in an entry", MENU_MAX_INITRDS);
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

	if (p->argc < 2) {
		menu_warn(p->m, p->cmd_line, "configfile: no file");
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
		menu_warn(p->m, p->cmd_line, "blscfg inside an entry or submenu: ignored");
		return 0;
	}
	if (m->blscfg) {
		menu_warn(p->m, p->cmd_line, "blscfg again: ignored");
		return 0;
	}
	m->blscfg = true;
	m->blscfg_at = m->n_entries;
	st = p->boot.has_dev || p->boot.search.kind != MENU_SEARCH_NONE ? &p->boot : &p->root;
	m->has_bls_root = st->has_dev;
	m->bls_root = st->dev;
	m->bls_search = st->search;
	const char *dir = get_var(p, "blsdir");
	if (dir && !(m->bls_dir = keep_str(p, dir)))
		return p->err;
	/* The variables BLS options may use ($kernelopts): the newest
	 * definition of each, builtins left out. */
	m->n_env = 0;
	for (int i = p->n_vars - 1; i >= 0; i--) {
		const struct var *v = &p->vars[i];
		if (v->unset || find_var(p, v->name) != v || strncmp(v->name, "feature_", 8) == 0 ||
		    strncmp(v->name, "grub_", 5) == 0)
			continue;
		if (m->n_env >= MENU_MAX_ENV) {
			menu_warn(p->m, p->cmd_line, "blscfg: more than %d variables kept",
				  MENU_MAX_ENV);
			break;
		}
		format_buf(p->scratch, sizeof(p->scratch), "%s=%s", v->name, p->values + v->off);
		if (!(m->env[m->n_env++] = keep_str(p, p->scratch)))
			return p->err;
	}
	return 0;
}

/* ---- tests ---------------------------------------------------------------------------- */

struct test {
	char **v;
	int n, i;
	bool unknown;
};

static bool test_or(struct test *t);

static long to_long(const char *s)
{
	long v = 0;
	bool neg = *s == '-';

	if (neg || *s == '+')
		s++;
	for (; is_digit(*s) && v < 1000000000L; s++)
		v = v * 10 + (*s - '0');
	return neg ? -v : v;
}

static bool test_binary(struct test *t, const char *a, const char *op, const char *b)
{
	int c = strcmp(a, b);
	long x = to_long(a), y = to_long(b);

	if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0)
		return c == 0;
	if (strcmp(op, "!=") == 0)
		return c != 0;
	if (strcmp(op, "<") == 0)
		return c < 0;
	if (strcmp(op, ">") == 0)
		return c > 0;
	if (strcmp(op, "-eq") == 0)
		return x == y;
	if (strcmp(op, "-ne") == 0)
		return x != y;
	if (strcmp(op, "-lt") == 0)
		return x < y;
	if (strcmp(op, "-le") == 0)
		return x <= y;
	if (strcmp(op, "-gt") == 0)
		return x > y;
	if (strcmp(op, "-ge") == 0)
		return x >= y;
	t->unknown = true; /* -nt -ot (files), -pgt -plt */
	return false;
}

static bool is_binary_op(const char *s)
{
	static const char *const ops[] = { "=",	  "==",	 "!=",	"<",   ">",   "-eq",  "-ne", "-lt",
					   "-le", "-gt", "-ge", "-nt", "-ot", "-pgt", "-plt" };

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(s, ops[i]) == 0)
			return true;
	return false;
}

static bool test_primary(struct test *t)
{
	if (t->i >= t->n) {
		t->unknown = true;
		return false;
	}
	const char *a = t->v[t->i];
	if (strcmp(a, "(") == 0) {
		t->i++;
		bool r = test_or(t);
		if (t->i < t->n && strcmp(t->v[t->i], ")") == 0)
			t->i++;
		else
			t->unknown = true;
		return r;
	}
	if (t->n - t->i >= 3 && is_binary_op(t->v[t->i + 1])) {
		bool r = test_binary(t, a, t->v[t->i + 1], t->v[t->i + 2]);
		t->i += 3;
		return r;
	}
	if (t->n - t->i >= 2 && a[0] == '-' && a[1] && !a[2]) {
		const char *b = t->v[t->i + 1];
		t->i += 2;
		switch (a[1]) {
		case 'n':
			return b[0] != '\0';
		case 'z':
			return b[0] == '\0';
		case 'e':
		case 'f':
		case 'd':
		case 's':
			return false; /* files are not looked at: grubenv, custom.cfg */
		}
		t->unknown = true;
		return false;
	}
	t->i++;
	return a[0] != '\0';
}

static bool test_not(struct test *t)
{
	if (t->i < t->n && strcmp(t->v[t->i], "!") == 0) {
		t->i++;
		return !test_not(t);
	}
	return test_primary(t);
}

static bool test_and(struct test *t)
{
	bool r = test_not(t);

	while (t->i < t->n && strcmp(t->v[t->i], "-a") == 0) {
		t->i++;
		bool b = test_not(t);
		r = r && b;
	}
	return r;
}

static bool test_or(struct test *t)
{
	bool r = test_and(t);

	while (t->i < t->n && strcmp(t->v[t->i], "-o") == 0) {
		t->i++;
		bool b = test_and(t);
		r = r || b;
	}
	return r;
}

/* `[ ... ]` or `test ...`: its result; *unknown when it cannot be told. */
static bool run_test(struct parser *p, bool *unknown)
{
	struct test t = { p->argv + 1, p->argc - 1, 0, false };

	if (strcmp(p->argv[0], "[") == 0) {
		if (t.n < 1 || strcmp(t.v[t.n - 1], "]") != 0) {
			*unknown = true;
			return false;
		}
		t.n--;
	}
	if (t.n == 0)
		return false;
	bool r = test_or(&t);
	if (t.i != t.n)
		t.unknown = true;
	*unknown = t.unknown;
	return t.unknown ? false : r;
}

/* ---- commands ----------------------------------------------------------------------------- */

static bool one_of(const char *s, const char *const *list)
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
	const char *c = p->argv[0];

	if (one_of(c, linux_commands) || one_of(c, initrd_commands) || one_of(c, search_commands) ||
	    strcmp(c, "configfile") == 0 || strcmp(c, "source") == 0 || strcmp(c, "blscfg") == 0 ||
	    strcmp(c, "menuentry") == 0 || strcmp(c, "submenu") == 0)
		return true;
	int first = strcmp(c, "set") == 0 ? 1 : 0;
	for (int i = first; i < p->argc && (first || i == 0); i++) {
		const char *eq = strchr(p->argv[i], '=');
		char name[CFG_NAME_BYTES];
		size_t n = eq ? (size_t)(eq - p->argv[i]) : 0;
		if (!eq || n >= sizeof(name))
			continue;
		memcpy(name, p->argv[i], n);
		name[n] = '\0';
		if (is_setting(name))
			return true;
	}
	return false;
}

/* A command that matters was skipped for a condition not evaluated. */
static void note_skipped(struct parser *p, const char *what)
{
	if (!p->skip_unknown || p->unknown_noted)
		return;
	p->unknown_noted = true;
	menu_warn(p->m, p->cmd_line, "'%.24s' not run: depends on '%.24s' (line %d), not evaluated",
		  what, p->unknown_what, p->unknown_line);
}

static struct func *find_func(struct parser *p, const char *name)
{
	for (int i = 0; i < p->n_funcs; i++)
		if (strcmp(p->funcs[i].name, name) == 0)
			return &p->funcs[i];
	return NULL;
}

static int call_func(struct parser *p, const struct func *f)
{
	char space[CFG_CALL_BYTES];
	struct call call = { 0, { NULL } };
	size_t used = 0;
	unsigned got;

	if (p->calls >= CFG_MAX_CALLS) {
		menu_warn(p->m, p->cmd_line, "%.32s: functions nested deeper than %d: not run",
			  f->name, CFG_MAX_CALLS);
		return 0;
	}
	for (int i = 1; i < p->argc && call.argc < CFG_MAX_PARAMS; i++) {
		size_t n = strlen(p->argv[i]) + 1;
		if (n > sizeof(space) - used) {
			menu_warn(p->m, p->cmd_line, "%.32s: arguments too long: not run", f->name);
			return 0;
		}
		memcpy(space + used, p->argv[i], n);
		call.argv[call.argc++] = space + used;
		used += n;
	}
	const struct call *outer = p->args;
	size_t pos = p->pos;
	int line = p->line;
	p->args = &call;
	p->pos = f->body;
	p->line = f->line;
	p->calls++;
	int r = run_list(p, STOP_RBRACE, &got);
	p->calls--;
	p->args = outer;
	p->pos = pos;
	p->line = line;
	return r;
}

/* A condition's command: only tests have a known result. */
static void run_cond_command(struct parser *p)
{
	const char *c = p->argv[0];
	bool unknown = false;

	if (p->overflow) {
		unknown = true;
		p->status = false;
	} else if (strcmp(c, "[") == 0 || strcmp(c, "test") == 0) {
		p->status = run_test(p, &unknown);
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
		p->unknown_line = p->cmd_line;
	}
}

static int run_command(struct parser *p)
{
	const char *c = p->argv[0];
	int r = count_step(p);

	if (r < 0)
		return r;
	if (p->mode == MODE_SKIP) {
		if (is_relevant(p))
			note_skipped(p, c);
		return 0;
	}
	if (p->mode == MODE_COND) {
		run_cond_command(p);
		return 0;
	}
	if (p->overflow) {
		menu_warn(p->m, p->cmd_line, "command longer than %d bytes or %d words: ignored",
			  CFG_CMD_BYTES, CFG_MAX_ARGS);
		return 0;
	}
	p->status = true;
	if (assign(p, c, false)) {
		assign(p, c, true);
		if (p->argc > 1)
			menu_warn(p->m, p->cmd_line, "words after '%.32s' ignored", c);
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
		p->status = run_test(p, &unknown);
		return 0;
	}
	if (one_of(c, linux_commands))
		return cmd_linux(p);
	if (one_of(c, initrd_commands))
		return cmd_initrd(p);
	if (one_of(c, search_commands))
		return cmd_search(p);
	if (strcmp(c, "configfile") == 0)
		return cmd_configfile(p);
	if (strcmp(c, "blscfg") == 0)
		return cmd_blscfg(p);
	const struct func *f = find_func(p, c);
	if (f)
		return call_func(p, f);
	if (strcmp(c, "source") == 0 || strcmp(c, ".") == 0) {
		menu_warn(p->m, p->cmd_line, "%s %.40s: not read", c,
			  p->argc > 1 ? p->argv[1] : "");
		return 0;
	}
	if (one_of(c, foreign_loaders)) {
		menu_warn(p->m, p->cmd_line, "%.24s: PV-GRUB boots only 'linux' kernels", c);
		return 0;
	}
	if (one_of(c, quiet_commands))
		return 0;
	menu_warn(p->m, p->cmd_line, "unknown command '%.32s' ignored", c);
	return 0;
}

/* ---- blocks ------------------------------------------------------------------------------- */

static int nest_in(struct parser *p)
{
	if (p->nest >= CFG_MAX_NEST)
		return error(p, "blocks nested deeper than %d", CFG_MAX_NEST);
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
	r = run_list(p, STOP_RBRACE, &got);
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
	int r = run_list(p, STOP_THEN, got);
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
		r = run_list(p, STOP_ELIF | STOP_ELSE | STOP_FI, &got);
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
			r = run_list(p, STOP_FI, &got);
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
	t = read_rest(p); /* the condition's first command, or for's words */
	(void)t;
	r = run_list(p, STOP_DO, &got);
	if (r == 0 && got == STOP_DO)
		r = run_list(p, STOP_DONE, &got);
	if (r == 0 && got != STOP_DONE)
		menu_warn(p->m, line, "%s: no 'done'", kw);
	restore_mode(p, &outer);
	p->nest--;
	return r;
}

/* function NAME { BODY }, its '{' read: recorded, run when called. */
static int define_function(struct parser *p, int line)
{
	const char *name = p->argc >= 2 ? p->argv[1] : "";

	if (p->mode == MODE_RUN) {
		if (!is_name(name, strlen(name)) || p->argc != 2) {
			menu_warn(p->m, line, "function: bad name '%.32s'", name);
		} else {
			struct func *f = find_func(p, name);
			if (!f && p->n_funcs < CFG_MAX_FUNCS)
				f = &p->funcs[p->n_funcs++];
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
	const char *s = p->target;
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
			digits = is_digit(s[i]);
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
	for (int i = 1; i < p->argc; i++) {
		const char *a = p->argv[i];
		if (options && strcmp(a, "--") == 0) {
			options = false;
		} else if (options && a[0] == '-' && a[1] == '-') {
			const char *eq = strchr(a, '=');
			size_t n = eq ? (size_t)(eq - a) : strlen(a);
			bool is_id = n == 4 && memcmp(a, "--id", 4) == 0;
			if (eq) {
				if (is_id)
					*id = eq + 1;
			} else if (one_of(a, with_value)) {
				if (i + 1 < p->argc && is_id)
					*id = p->argv[i + 1];
				i++;
			} else if (strcmp(a, "--unrestricted") != 0) {
				menu_warn(p->m, p->cmd_line, "%s: option '%.32s' ignored",
					  p->argv[0], a);
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
			note_skipped(p, kw);
		return skip_block(p, line, kw);
	}
	if (p->overflow) {
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
		const char *t = keep_str(p, title);
		const char *i = id ? keep_str(p, id) : NULL;
		if (!t || (id && !i))
			return p->err;
		p->depth++;
		p->levels[p->depth] = (struct level){ pos, 0, t, i };
		scope_push(p, &mark);
		r = run_list(p, STOP_RBRACE, &got);
		scope_pop(p, &mark);
		p->depth--;
	} else {
		if (m->n_entries >= MENU_MAX_ENTRIES)
			return error(p, "more than %d entries", MENU_MAX_ENTRIES);
		struct menu_entry *e = &m->entries[m->n_entries];
		memset(e, 0, sizeof(*e));
		e->line = line;
		e->kernel_args = "";
		if (p->target_set && p->target_match < 0 && default_matches(p, pos, title, id))
			p->target_match = m->n_entries;
		flatten(p, false, title, p->scratch, sizeof(p->scratch));
		if (!(e->title = keep_str(p, p->scratch)))
			return p->err;
		if (id && flatten(p, true, id, p->scratch, sizeof(p->scratch)) &&
		    !(e->id = keep_str(p, p->scratch)))
			return p->err;
		m->n_entries++;
		scope_push(p, &mark);
		p->e = e;
		root_changed(p);
		r = run_list(p, STOP_RBRACE, &got);
		p->e = NULL;
		scope_pop(p, &mark);
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
			begin_command(p);
			t = read_rest(p);
		} while (t == TOK_OP);
		restore_mode(p, &s);
		return after_command(p, t, stops, got, done);
	}
	if (t == TOK_EOF && p->err)
		return p->err;
	return 0;
}

static int run_list(struct parser *p, unsigned stops, unsigned *got)
{
	for (;;) {
		enum tok t;
		bool done;
		int r;

		if (p->err)
			return p->err;
		begin_command(p);
		t = next_token(p);
		while (t == TOK_WORD && p->argc == 0)
			t = next_token(p); /* words that expanded to nothing */
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
		int line = p->cmd_line;
		if (p->argc == 1 && p->word_plain) {
			const char *w = p->argv[0];
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
				t = read_rest(p);
				if (t == TOK_LBRACE || (t == TOK_NEWLINE && accept_lbrace(p))) {
					if ((r = count_step(p)) < 0)
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
		t = read_rest(p);
		if (p->err)
			return p->err;
		if (p->argc > 0 && (r = run_command(p)) < 0)
			return r;
		r = after_command(p, t, stops, got, &done);
		if (r < 0 || done)
			return r;
	}
}

/* ---- the whole file ------------------------------------------------------------------------ */

/* grubenv (GRUB's environment block: "NAME=VALUE" lines, '\\' before a
 * '\\' or newline in a value, '#' lines and padding) as if its load_env
 * had run before the script: $saved_entry, Fedora's $kernelopts. GRUB
 * boots $next_entry once and clears it; PV-GRUB cannot write the disk, so
 * next_entry is left out rather than booted every time. */
static void load_grubenv(struct parser *p)
{
	const char *s = p->env, *end = p->env ? p->env + p->env_len : NULL;
	char name[CFG_NAME_BYTES], value[CFG_TARGET];

	while (s && s < end) {
		const char *eq = s, *nl;
		size_t n = 0;

		while (eq < end && *eq != '=' && *eq != '\n')
			eq++;
		if (*s == '#' || eq == end || *eq != '=') {
			nl = memchr(s, '\n', (size_t)(end - s));
			s = nl ? nl + 1 : end;
			continue;
		}
		bool fits = is_name(s, (size_t)(eq - s));
		if (fits)
			memcpy(name, s, (size_t)(eq - s));
		name[fits ? eq - s : 0] = '\0';
		for (s = eq + 1; s < end && *s != '\n'; s++) {
			if (*s == '\\' && s + 1 < end)
				s++;
			if (n + 1 < sizeof(value))
				value[n] = *s;
			n++;
		}
		s = s < end ? s + 1 : end;
		if (!fits || n >= sizeof(value)) {
			menu_warn(p->m, 0, "grubenv: a line too long or with a bad name: left out");
			continue;
		}
		value[n] = '\0';
		if (strcmp(name, "next_entry") != 0)
			set_var(p, name, value);
	}
}

static int parse_once(struct parser *p)
{
	unsigned got;
	int r;

	set_builtins(p);
	load_grubenv(p);
	r = run_list(p, STOP_EOF, &got);
	if (r < 0)
		return r;
	return p->err;
}

static void resolve_default(struct parser *p)
{
	struct menu *m = p->m;

	m->default_entry = 0;
	m->default_saved = p->target_set && p->target_saved;
	if (!p->target_set || p->target[0] == '\0' || strcmp(p->target, "saved") == 0)
		return;
	if (p->target_match >= 0)
		m->default_entry = p->target_match;
	if (m->blscfg || p->target_match < 0)
		m->default_id = keep_str(p, p->target);
	if (p->target_match < 0 && !m->blscfg && m->n_entries > 0)
		menu_warn(p->m, 0, "default '%.40s': no such entry, using 0", p->target);
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
	p->target_match = -1;
	p->max_steps = CFG_STEPS_BASE + (long)(len / CFG_BYTES_PER_STEP);
	if (p->max_steps > CFG_MAX_STEPS)
		p->max_steps = CFG_MAX_STEPS;
	p->max_read = len < (SIZE_MAX - CFG_READ_BASE) / CFG_READ_PER_BYTE
			      ? CFG_READ_BASE + CFG_READ_PER_BYTE * len
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
	if (r == 0 && p.target_late) {
		/* `set default` after entries: parse again, matching the final
		 * default as the entries come. */
		char target[CFG_TARGET];
		bool saved = p.target_saved;
		memcpy(target, p.target, sizeof(target));
		memset(&p, 0, sizeof(p));
		init_parser(&p, m, text, len, env, env_len);
		memcpy(p.target, target, sizeof(target));
		p.target_set = true;
		p.target_saved = saved;
		p.target_fixed = true;
		r = parse_once(&p);
	}
	m->has_root = p.root.has_dev;
	m->root = p.root.dev;
	m->search = p.root.search;
	if (r == 0)
		resolve_default(&p);
	return r < 0 ? r : p.err;
}
