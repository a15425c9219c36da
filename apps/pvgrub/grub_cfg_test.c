/*
 * grub.cfg's test and [ ] (see grub_cfg_priv.h): string and number
 * comparisons, -n, -z, !, -a, -o and parentheses; file tests and what else
 * PV-GRUB cannot evaluate are false and marked unknown.
 */
#include "apps/pvgrub/grub_cfg_priv.h"

#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

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
	for (; cfg_is_digit(*s) && v < 1000000000L; s++)
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
bool cfg_run_test(struct parser *p, bool *unknown)
{
	struct test t = { p->cmd.argv + 1, p->cmd.argc - 1, 0, false };

	if (strcmp(p->cmd.argv[0], "[") == 0) {
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
