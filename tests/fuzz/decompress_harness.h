/*
 * The body every decompression harness shares: arbitrary bytes decoded as
 * one format (decompress_as, so that mutations of the magic still reach the
 * format's own header checks) with the output capped at 1 MiB. A success
 * hands out exactly out_len readable bytes; every failure says why and
 * leaves no buffer behind.
 */
#ifndef TESTS_FUZZ_DECOMPRESS_HARNESS_H
#define TESTS_FUZZ_DECOMPRESS_HARNESS_H

#include "lib/decompress/decompress.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_OUT ((size_t)1 << 20)

static volatile uint8_t fuzz_sink;

static inline void fuzz_decompress(enum compression c, const uint8_t *data, size_t size)
{
	char err[160];
	void *out = (void *)1;
	size_t out_len = 1;
	uint8_t sum = 0;
	int rc;

	(void)compression_detect(data, size);
	rc = decompress_as(c, data, size, FUZZ_MAX_OUT, &out, &out_len, err, sizeof(err));
	if (rc == 0) {
		if (!out || out_len > FUZZ_MAX_OUT || err[0])
			__builtin_trap();
		for (size_t i = 0; i < out_len; i++) /* ASan checks the size */
			sum ^= ((const uint8_t *)out)[i];
		fuzz_sink = sum;
		free(out);
	} else if (rc > 0 || out || out_len || strnlen(err, sizeof(err)) == 0) {
		__builtin_trap();
	}
}

#endif
