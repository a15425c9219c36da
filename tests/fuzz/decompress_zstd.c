/* libFuzzer harness: arbitrary bytes as zstd data (lib/decompress/zstd.c). */
#include "tests/fuzz/decompress_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_decompress(COMPRESSION_ZSTD, data, size);
	return 0;
}
