/*
 * Splitting a kernel command line into argv: words separated by blanks,
 * '...' and "..." group, a backslash outside single quotes takes the next
 * character literally.
 */
#ifndef LIB_CMDLINE_H
#define LIB_CMDLINE_H

/* Splits line in place. Stores at most max pointers into argv (which is
 * then NULL-terminated if room remains) and returns the number of words
 * found, or -E2BIG if there were more than max. */
int cmdline_split(char *line, char **argv, int max);

#endif
