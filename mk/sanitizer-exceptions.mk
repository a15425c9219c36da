# Undefined behaviour that Debian's library sources commit on purpose and
# that the sanitized builds (host unit tests, fuzzers) therefore let
# through: each exception names its file and check, and says why.

# libzstd 1.5.4 computes the address of a match it only prefetches; for
# corrupt input (a match before the start of the output, no dictionary)
# that is a null pointer plus an offset (facebook/zstd#3506), never read
# through. Later zstd releases mark such functions
# no_sanitize("pointer-overflow") themselves. The decompress_zstd fuzzer
# stopped on it; tests/unit/test_decompress.c keeps its input.
ZSTD_PREFETCH_OBJS := $(foreach v,unit fuzz,$(BUILD)/$(v)/obj/zstd/lib/decompress/zstd_decompress_block.o)
$(ZSTD_PREFETCH_OBJS): zstd_CFLAGS += -fno-sanitize=pointer-overflow
$(ZSTD_PREFETCH_OBJS): mk/sanitizer-exceptions.mk
