/*
 * What the parts of the grub.cfg parser (grub_cfg.h) share: the parser's
 * state (struct parser) and the functions each part gives the others.
 * Each part is one stage of running a script: grub_cfg_lex.c reads
 * words (quotes, escapes, $ expansion) into a command's arguments,
 * grub_cfg_vars.c keeps the variables in their scopes, grub_cfg_test.c
 * evaluates test and [ ], grub_cfg_cmds.c runs one command,
 * grub_cfg_exec.c walks statements and blocks (if, loops, functions,
 * menuentry, submenu) in one of three modes, grub_env.c reads grubenv, and
 * grub_cfg.c is the front: errors, the pool, the work limit, the whole
 * file run (twice when `set default` comes after the entries).
 *
 * RUN: commands take effect; COND: an if's condition, only tests count;
 * SKIP: a branch not taken, a loop, a function body being defined, read
 * for its structure only. Variables live in a stack of scopes: an entry's
 * or a submenu's `set` does not leak out of it.
 */
#ifndef APPS_PVGRUB_GRUB_CFG_PRIV_H
#define APPS_PVGRUB_GRUB_CFG_PRIV_H

#include "apps/pvgrub/grub_cfg.h"
#include "apps/pvgrub/menu.h"

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
 * each CFG_BYTES_PER_STEP bytes of it, at most CFG_MAX_STEPS;
 * CFG_READ_BASE bytes read and CFG_READ_PER_BYTE more for each byte of it;
 * and CFG_EXPAND_BASE bytes of variables' values expanded into words and
 * CFG_EXPAND_PER_BYTE more for each byte of it (a "$a" of 3 bytes can
 * expand to a value of 4 KiB). The grub.cfg files Debian, Ubuntu and
 * Fedora generate run one command for every 33 to 65 bytes, read each
 * byte 1 to 1.2 times and expand about one byte for every 100. */
#define CFG_STEPS_BASE	    256
#define CFG_BYTES_PER_STEP  8
#define CFG_MAX_STEPS	    100000
#define CFG_READ_BASE	    4096
#define CFG_READ_PER_BYTE   4
#define CFG_EXPAND_BASE	    16384
#define CFG_EXPAND_PER_BYTE 4

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

/* The command being read: its words, expanded (filled by grub_cfg_lex.c,
 * taken by the commands). */
struct words {
	int argc;
	char *argv[CFG_MAX_ARGS];
	size_t raw[CFG_MAX_ARGS]; /* text offset of the word each came from */
	char buf[CFG_CMD_BYTES];
	size_t used;
	bool field_open, overflow, word_plain;
	size_t word_start;
	int cmd_line;
	char undef[CFG_NAME_BYTES]; /* first unset variable expanded in it */
};

/* The variables, all scopes together (grub_cfg_vars.c). */
struct scopes {
	int n_vars, scope;
	struct var vars[CFG_MAX_VARS];
	char values[CFG_VAR_BYTES];
	size_t values_used;
};

/* The functions defined (grub_cfg_exec.c) and called (grub_cfg_cmds.c);
 * the running one's arguments are $1..$9 to the lexer. */
struct functions {
	int n_funcs;
	struct func funcs[CFG_MAX_FUNCS];
	const struct call *args; /* of the function running, NULL at top */
};

/* `set default=` as it was last run, and the entry it matched
 * (grub_cfg_cmds.c, grub_cfg_exec.c, grub_cfg.c). */
struct default_target {
	char target[CFG_TARGET];
	bool target_set, target_saved, target_late, target_fixed;
	int target_match;
};

struct parser {
	struct menu *m;
	const char *text;
	size_t len, pos;
	int line;
	int err;

	struct words cmd;
	struct scopes scopes;
	struct functions fn;

	/* How statements run (grub_cfg_exec.c). */
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
	size_t expanded, max_expand;

	/* The menu being built. */
	struct menu_entry *e; /* the entry whose body runs, or NULL */
	int depth;
	struct level levels[CFG_MAX_DEPTH + 1];
	struct dev_state root, boot;

	const char *env; /* grubenv's text, or NULL */
	size_t env_len;

	struct default_target def;

	char scratch[MENU_MAX_LINE + 1];
};

struct scope_mark {
	int n_vars;
	size_t values_used;
	struct dev_state root, boot;
};

static inline bool cfg_is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static inline bool cfg_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* grub_cfg.c: errors, the pool, the work limit. */
__attribute__((format(printf, 2, 3))) int cfg_error(struct parser *p, const char *fmt, ...);
int cfg_count_step(struct parser *p);
const char *cfg_keep(struct parser *p, const char *s, size_t len);
const char *cfg_keep_str(struct parser *p, const char *s);

/* grub_cfg_lex.c: characters and words. */
bool cfg_is_name(const char *s, size_t len);
enum tok cfg_next_token(struct parser *p);
void cfg_begin_command(struct parser *p);
enum tok cfg_read_rest(struct parser *p);
bool cfg_accept_lbrace(struct parser *p);

/* grub_cfg_vars.c: variables and their scopes. */
struct var *cfg_find_var(struct parser *p, const char *name);
const char *cfg_get_var(struct parser *p, const char *name);
bool cfg_set_var(struct parser *p, const char *name, const char *value);
void cfg_unset_var(struct parser *p, const char *name);
void cfg_set_builtins(struct parser *p);
void cfg_scope_push(struct parser *p, struct scope_mark *mark);
void cfg_scope_pop(struct parser *p, const struct scope_mark *mark);

/* grub_cfg_test.c: test and [ ]. */
bool cfg_run_test(struct parser *p, bool *unknown);

/* grub_cfg_cmds.c: one command. */
void cfg_root_changed(struct parser *p);
bool cfg_one_of(const char *s, const char *const *list);
void cfg_note_skipped(struct parser *p, const char *what);
struct func *cfg_find_func(struct parser *p, const char *name);
int cfg_run_command(struct parser *p);

/* grub_cfg_exec.c: statements, blocks, menu entries. */
int cfg_run_list(struct parser *p, unsigned stops, unsigned *got);

/* grub_env.c: the grubenv block. */
void cfg_load_grubenv(struct parser *p);

#endif
