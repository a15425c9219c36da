/* libFuzzer harness: arbitrary bytes as bzip2 data (lib/decompress/bzip2.c). */
#include "tests/fuzz/decompress_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_decompress(COMPRESSION_BZIP2, data, size);
	return 0;
}
