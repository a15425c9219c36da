/* libFuzzer harness: arbitrary bytes as lzop files (lib/decompress/lzo.c). */
#include "tests/fuzz/decompress_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_decompress(COMPRESSION_LZO, data, size);
	return 0;
}
