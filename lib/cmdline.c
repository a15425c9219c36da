/* Kernel command line to argv (see cmdline.h). */
#include "lib/cmdline.h"

#include "lib/errno.h"

#include <stdbool.h>
#include <stddef.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int cmdline_split(char *line, char **argv, int max)
{
	char *in = line;
	int argc = 0;

	for (;;) {
		char *out, quote = 0;

		while (is_blank(*in))
			in++;
		if (!*in)
			break;
		if (argc == max)
			return -E2BIG;
		argv[argc++] = out = in;
		while (*in && (quote || !is_blank(*in))) {
			char c = *in++;
			if (quote && c == quote) {
				quote = 0;
			} else if (!quote && (c == '\'' || c == '"')) {
				quote = c;
			} else if (c == '\\' && quote != '\'' && *in) {
				*out++ = *in++;
			} else {
				*out++ = c;
			}
		}
		/* The word ends at a blank (consumed) or at the string's end. */
		if (*in)
			in++;
		*out = '\0';
	}
	if (argc < max)
		argv[argc] = NULL;
	return argc;
}
