/*
 * Console 0, the PV console ring from start_info: the kernel's log and the
 * application's stdout. Text only: "\n" goes out as "\r\n".
 */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <stddef.h>
#include <xen/xen.h>

void console_init(start_info_t *si);
void console_write(const char *text, size_t len);
/* Waits (bounded) until the console daemon has read everything written. */
void console_flush(void);

#endif
