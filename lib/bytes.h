/*
 * Loads of little-endian numbers from possibly unaligned bytes, as on-disk
 * and in-image formats store them.
 */
#ifndef LIB_BYTES_H
#define LIB_BYTES_H

#include <stdint.h>

static inline uint16_t get_le16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t get_le32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static inline uint64_t get_le64(const void *p)
{
	const uint8_t *b = p;
	return (uint64_t)get_le32(b) | (uint64_t)get_le32(b + 4) << 32;
}

#endif
