/*
 * The device model's command line as libxl (4.17-4.20) writes it for a
 * qemu-traditional flavour stub domain: one string under
 * /vm/<uuid>/image/dmargs, its words separated by spaces, the program's
 * name and "-M xenfv" left out. Parsed into the machine description the
 * qemu-xen flavour's dm-argv gives (dm_argv.h). The guest's RAM and its
 * drives are not in it: the caller takes them from the guest's memory and
 * from the stub's own PV disks (their backend's dev and device-type).
 * Every option libxl writes is understood; one that would change what the
 * guest sees in a way this device model cannot give (USB, sound, graphics
 * pass-through) or that libxl never writes is refused with a message
 * naming the word, never ignored.
 */
#ifndef APPS_IOEMU_DM_ARGS_TRAD_H
#define APPS_IOEMU_DM_ARGS_TRAD_H

#include "apps/ioemu/dm_argv.h"

#include <stddef.h>

enum { DM_ARGS_TRAD_MAX_LEN = 4096, DM_ARGS_TRAD_MAX_WORDS = 96 };

/*
 * Parses dmargs into cfg (ram_mb 0 and no drives: the caller's). Returns
 * 0, or -EINVAL with a message in err (at most err_len bytes,
 * NUL-terminated) that names the word by its number (1-based) and says why.
 * Not reentrant: the words are cut in one static buffer.
 */
int dm_args_trad_parse(struct ioemu_config *cfg, const char *dmargs, char *err, size_t err_len);

#endif
