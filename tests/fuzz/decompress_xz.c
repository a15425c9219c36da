/* libFuzzer harness: arbitrary bytes as xz data (lib/decompress/xz.c). */
#include "tests/fuzz/decompress_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_decompress(COMPRESSION_XZ, data, size);
	return 0;
}
