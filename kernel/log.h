/*
 * Levelled kernel logging on console 0: every line is "<L> <tag>: text" with
 * L one of E W I D. A file sets LOG_TAG before including this header.
 * printk() writes raw text (no prefix, no newline added).
 */
#ifndef KERNEL_LOG_H
#define KERNEL_LOG_H

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Messages above this level are dropped; "loglevel=" on the command line. */
extern enum log_level log_threshold;

void log_write(enum log_level level, const char *tag, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#ifndef LOG_TAG
#error "define LOG_TAG before including kernel/log.h"
#endif

#define pr_err(...)   log_write(LOG_ERR, LOG_TAG, __VA_ARGS__)
#define pr_warn(...)  log_write(LOG_WARN, LOG_TAG, __VA_ARGS__)
#define pr_info(...)  log_write(LOG_INFO, LOG_TAG, __VA_ARGS__)
#define pr_debug(...) log_write(LOG_DEBUG, LOG_TAG, __VA_ARGS__)

#endif
