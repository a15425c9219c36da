/*
 * grub.cfg's words (see grub_cfg_priv.h): GRUB's shell quoting ('single',
 * "double" with \$ \" \\ escapes, backslashes, line continuation, #
 * comments) read into an expanded argument list per command, $NAME,
 * ${NAME} and the positional parameters looked up as it reads; and the
 * tokens between commands (newline, ';', braces).
 */
#include "apps/pvgrub/grub_cfg_priv.h"

#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

/* ---- characters ------------------------------------------------------------ */

static bool is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

bool cfg_is_name(const char *s, size_t len)
{
	if (len == 0 || len >= CFG_NAME_BYTES || !cfg_is_alpha(s[0]))
		return false;
	for (size_t i = 1; i < len; i++)
		if (!cfg_is_alpha(s[i]) && !cfg_is_digit(s[i]))
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

/* ---- the lexer --------------------------------------------------------------- */

static void open_field(struct parser *p)
{
	if (p->cmd.field_open || p->cmd.overflow)
		return;
	if (p->cmd.argc >= CFG_MAX_ARGS || p->cmd.used + 2 > sizeof(p->cmd.buf)) {
		p->cmd.overflow = true;
		return;
	}
	p->cmd.argv[p->cmd.argc] = p->cmd.buf + p->cmd.used;
	p->cmd.raw[p->cmd.argc] = p->cmd.word_start;
	p->cmd.argc++;
	p->cmd.field_open = true;
}

static void close_field(struct parser *p)
{
	if (!p->cmd.field_open)
		return;
	p->cmd.buf[p->cmd.used++] = '\0'; /* room kept by put() */
	p->cmd.field_open = false;
}

static void put(struct parser *p, char c)
{
	open_field(p);
	if (p->cmd.overflow)
		return;
	if (p->cmd.used + 2 > sizeof(p->cmd.buf)) {
		p->cmd.overflow = true;
		p->cmd.buf[p->cmd.used++] = '\0';
		p->cmd.field_open = false;
		return;
	}
	p->cmd.buf[p->cmd.used++] = c;
}

/* Appends a variable's value; unquoted values are split at blanks. The
 * bytes count against the script's work (grub_cfg_priv.h): an error once
 * they pass what its size allows. Nothing is appended to a command that
 * is already too long (it is ignored) or once an error came. */
static void put_value(struct parser *p, const char *v, bool split)
{
	size_t n = strlen(v);

	if (p->cmd.overflow || p->err)
		return;
	if (n > p->max_expand - p->expanded) {
		cfg_error(p,
			  "more than %zu bytes of variables expanded (a value used over and over?)",
			  p->max_expand);
		return;
	}
	p->expanded += n;
	for (; *v && !p->cmd.overflow; v++) {
		if (split && (*v == ' ' || *v == '\t' || *v == '\n'))
			close_field(p);
		else
			put(p, *v);
	}
}

/* Positional parameter n (1..), or $# $@ $* of the running function. */
static void put_param(struct parser *p, const char *name, bool split)
{
	const struct call *a = p->fn.args;
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
	if (c >= 0 && cfg_is_alpha(c)) {
		while ((c = peek(p)) >= 0 && (cfg_is_alpha(c) || cfg_is_digit(c))) {
			if (n + 1 < sizeof(name))
				name[n] = (char)c;
			n++;
			advance(p);
		}
	} else if (c >= 0 && cfg_is_digit(c)) {
		while ((c = peek(p)) >= 0 && cfg_is_digit(c)) {
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
		if (!p->cmd.undef[0])
			memcpy(p->cmd.undef, "(long name)", 12);
		return;
	}
	name[n] = '\0';
	if (cfg_is_digit(name[0]) || (n == 1 && !cfg_is_alpha(name[0]) && name[0] != '?')) {
		put_param(p, name, split);
		return;
	}
	if (name[0] == '?') {
		put_value(p, p->status ? "0" : "1", split);
		return;
	}
	const char *v = cfg_get_var(p, name);
	if (!v) {
		if (!p->cmd.undef[0])
			memcpy(p->cmd.undef, name, n + 1);
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

	p->cmd.word_start = p->pos;
	p->cmd.word_plain = true;
	while ((c = peek(p)) >= 0 && !ends_word(c)) {
		if (c == '\\') {
			p->cmd.word_plain = false;
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
			p->cmd.word_plain = false;
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
			p->cmd.word_plain = false;
			advance(p);
			read_dquote(p, true);
			continue;
		}
		if (c == '$') {
			p->cmd.word_plain = false;
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
enum tok cfg_next_token(struct parser *p)
{
	int c;

	for (;;) {
		if (p->line > MENU_MAX_LINES) {
			p->cmd.cmd_line = p->line;
			cfg_error(p, "more than %d lines", MENU_MAX_LINES);
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
	if (p->cmd.argc == 0)
		p->cmd.cmd_line = p->line;
	read_word(p);
	return TOK_WORD;
}

void cfg_begin_command(struct parser *p)
{
	p->cmd.argc = 0;
	p->cmd.used = 0;
	p->cmd.field_open = false;
	p->cmd.overflow = false;
	p->cmd.word_plain = false;
	p->cmd.undef[0] = '\0';
	p->cmd.cmd_line = p->line;
}

/* The rest of a command's words; returns what ended it. */
enum tok cfg_read_rest(struct parser *p)
{
	enum tok t;

	while ((t = cfg_next_token(p)) == TOK_WORD)
		;
	return t;
}

/* After a command ended by a newline: a '{' on a following line (function
 * NAME, then { on its own line). Consumed when found. */
bool cfg_accept_lbrace(struct parser *p)
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
