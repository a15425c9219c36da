/*
 * Console 0, the PV console ring from start_info: the kernel's log and the
 * application's stdout, and keyboard input typed at `xl console`. Output is
 * text only: "\n" goes out as "\r\n"; input is raw bytes.
 */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>

void console_init(start_info_t *si);
void console_write(const char *text, size_t len);
/* From now on, control bytes other than newline, carriage return, tab and
 * backspace go out as '?': for a program that prints what it read from
 * places it does not trust (PV-GRUB: the guest's menus and file names), so
 * that they cannot drive the terminal of whoever watches the console. */
void console_text_only(void);
/* Waits (bounded) until the console daemon has read everything written. */
void console_flush(void);
/* Writes console/state = Connected (once xenbus is up). xenconsoled ignores
 * the primary console's state, but QEMU's console backend from 8.2 on (what
 * libxl starts for a stub domain whose consoles need QEMU, Debian 13's
 * included) reads the ring only once the frontend says it is connected.
 * 0 or -errno. */
int console_announce(void);

/* Binds the console's event channel so that input can be waited for; once
 * events are set up (start-up). 0 or -errno. */
int console_input_init(void);
/* Takes up to len bytes of input that have arrived, without waiting: the
 * count (0 when none), or -EIO when the ring's indices are impossible (what
 * was there is dropped). */
long console_read(void *buf, size_t len);
/* Sleeps the current thread until input is there or the system-time
 * deadline (ns; 0: none) passes; true when input is there. */
bool console_wait_input(uint64_t deadline_ns);
struct poll_source;
/* Signals src (poll_signal, kernel/poll.h) whenever the console daemon
 * writes input (console_input_init must have run); its handler calls
 * console_read until it returns 0. NULL stops it. */
void console_notify(struct poll_source *src);

#endif
