/*
 * CRC-32 as GPT, zlib and Ethernet use it (reflected polynomial 0xEDB88320,
 * initial value and final XOR 0xFFFFFFFF), computable in pieces.
 */
#ifndef LIB_CRC32_H
#define LIB_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* crc32_update(0, p, n) is the CRC of p[0..n); feed the result back in to
 * continue: crc32_update(crc32_update(0, a, n), b, m) == CRC of a then b. */
uint32_t crc32_update(uint32_t crc, const void *buf, size_t len);

#endif
