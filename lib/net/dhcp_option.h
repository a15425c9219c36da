/*
 * DHCP option values network boot reads, checked as untrusted bytes (they
 * come from whatever answers on the network): option 150, which GRUB
 * legacy's network boot (and PV-GRUB's) reads as the path of the menu file,
 * and BOOTP's file field. Host-testable; fuzzed by tests/fuzz/net_input.c
 * (option 150 through lwIP).
 */
#ifndef LIB_NET_DHCP_OPTION_H
#define LIB_NET_DHCP_OPTION_H

#include <stddef.h>
#include <stdint.h>

#define DHCP_OPTION_MENU_FILE 150

/* A file name from len bytes at value into out (size bytes, NUL-ended):
 * trailing NULs dropped, then every byte must be printable ASCII other
 * than a space. 0, or -ENOENT for an empty value, -EINVAL for another
 * byte (out then holds ""), -ENAMETOOLONG when it does not fit. */
int dhcp_option_file_name(const uint8_t *value, size_t len, char *out, size_t size);

#endif
