/* CRC-32 (IEEE 802.3, reflected) for GPT: zlib's crc32_z, which is exactly it. */
#include "lib/crc32.h"

#include <zlib.h>

uint32_t crc32_update(uint32_t crc, const void *buf, size_t len)
{
	return (uint32_t)crc32_z(crc, buf, len);
}
