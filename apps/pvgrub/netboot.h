/*
 * PV-GRUB's network: vif 0 brought up on first use with a DHCP lease
 * (lib/net/), files on (nd) read over TFTP from the lease's next server
 * (BOOTP's siaddr; the DHCP server when there is none), and the menu file
 * DHCP option 150 names for a guest whose `extra` is empty. One file is
 * kept in memory at a time: the last one read. Between uses a thread keeps
 * taking the vif's frames. Errors are -errno; the functions that print
 * say so.
 */
#ifndef APPS_PVGRUB_NETBOOT_H
#define APPS_PVGRUB_NETBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The menu option 150 names, as a PV-GRUB path in spec ("(nd)" put
 * before a bare path), when vif 0 exists and a lease comes within a few
 * seconds; -ENOENT (printed) when the lease names none, -ENETDOWN
 * (printed, not as an error) without a lease, -ENODEV quietly when there
 * is no vif. */
int pvgrub_net_menu_from_dhcp(char *spec, size_t size);

/* The size of path on (nd); prints "pvgrub: error: ..." unless quiet:
 * -ENOENT (file not found), -ENODEV (no vif), -ENETDOWN (no lease), the
 * TFTP errors of sys/net/tftp.h. */
int pvgrub_net_size(const char *path, uint64_t *size, bool quiet);

/* len bytes at offset of path on (nd), whose size was size when it was
 * opened: read whole over TFTP unless it is the one kept. 0 or -errno
 * (printed). */
int pvgrub_net_read(const char *path, uint64_t size, uint64_t offset, void *buf, size_t len);

/* Closes vif 0 (its lease kept: the kernel asks again) and drops the
 * file kept, leaving the vif ready for the next kernel of this domain. */
void pvgrub_net_close_for_successor(void);

#endif
