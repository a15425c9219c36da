/* libFuzzer harness: arbitrary bytes as lz4 legacy frames (lib/decompress/lz4.c). */
#include "tests/fuzz/decompress_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_decompress(COMPRESSION_LZ4, data, size);
	return 0;
}
