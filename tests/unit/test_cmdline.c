/* lib/cmdline: splitting, quoting, escapes, limits. */
#include "lib/cmdline.h"
#include "lib/errno.h"
#include "tests/unit/check.h"

TEST(cmdline_words)
{
	char line[] = "  one two\tthree  ";
	char *argv[8];
	CHECK_INT(cmdline_split(line, argv, 8), 3);
	CHECK_STR(argv[0], "one");
	CHECK_STR(argv[1], "two");
	CHECK_STR(argv[2], "three");
	CHECK(argv[3] == NULL);
}

TEST(cmdline_quotes_and_escapes)
{
	char line[] = "a 'b c' \"d \\\"e\" f\\ g 'h\\i' \"\"";
	char *argv[8];
	CHECK_INT(cmdline_split(line, argv, 8), 6);
	CHECK_STR(argv[0], "a");
	CHECK_STR(argv[1], "b c");
	CHECK_STR(argv[2], "d \"e");
	CHECK_STR(argv[3], "f g");
	CHECK_STR(argv[4], "h\\i");
	CHECK_STR(argv[5], "");
}

TEST(cmdline_empty_and_unterminated)
{
	char empty[] = "   ";
	char open[] = "x 'unterminated quote";
	char trailing[] = "end\\";
	char *argv[4];
	CHECK_INT(cmdline_split(empty, argv, 4), 0);
	CHECK(argv[0] == NULL);
	CHECK_INT(cmdline_split(open, argv, 4), 2);
	CHECK_STR(argv[1], "unterminated quote");
	CHECK_INT(cmdline_split(trailing, argv, 4), 1);
	CHECK_STR(argv[0], "end\\");
}

TEST(cmdline_too_many)
{
	char line[] = "a b c d";
	char *argv[3];
	CHECK_INT(cmdline_split(line, argv, 3), -E2BIG);
}
