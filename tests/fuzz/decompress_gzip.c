/* libFuzzer harness: arbitrary bytes as gzip data (lib/decompress/gzip.c). */
#include "tests/fuzz/decompress_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_decompress(COMPRESSION_GZIP, data, size);
	return 0;
}
