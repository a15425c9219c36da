/*
 * A minimal host unit-test framework: TEST(name) defines and registers a
 * test; CHECK* record failures with file and line; the runner (main.c) runs
 * every test and ends with "N passed, N failed".
 */
#ifndef TESTS_UNIT_CHECK_H
#define TESTS_UNIT_CHECK_H

#include <stdio.h>
#include <string.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
	struct unit_test *next;
};

void unit_register(struct unit_test *t);
void unit_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define TEST(name)                                                          \
	static void test_##name(void);                                      \
	static struct unit_test unit_##name = { #name, test_##name, NULL }; \
	__attribute__((constructor)) static void register_##name(void)      \
	{                                                                   \
		unit_register(&unit_##name);                                \
	}                                                                   \
	static void test_##name(void)

#define CHECK(cond)                                                 \
	do {                                                        \
		if (!(cond))                                        \
			unit_fail(__FILE__, __LINE__, "%s", #cond); \
	} while (0)

#define CHECK_INT(actual, expected)                                                             \
	do {                                                                                    \
		long long a_ = (long long)(actual), e_ = (long long)(expected);                 \
		if (a_ != e_)                                                                   \
			unit_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", #actual, a_, \
				  e_);                                                          \
	} while (0)

#define CHECK_STR(actual, expected)                                                             \
	do {                                                                                    \
		const char *a_ = (actual), *e_ = (expected);                                    \
		if (!a_ || strcmp(a_, e_) != 0)                                                 \
			unit_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #actual, \
				  a_ ? a_ : "(null)", e_);                                      \
	} while (0)

#endif
