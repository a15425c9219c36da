# The decompression libraries under lib/decompress/ (PV-GRUB's kernels):
# liblzma (xz-utils), libbz2 (bzip2), liblz4 (lz4), libzstd (libzstd) and
# liblzo2 (lzo2), from Debian's source packages pinned in
# mk/sources.versions and fetched by scripts/fetch-source like newlib and
# zlib. This fragment follows mk/libc.mk (it uses its SRC_DIR,
# sources_pin, zlib and LIBC_STAMP). Only what decoding needs is compiled,
# each library's configuration given as -D options here, never as a copy
# of its files. Each is built three ways from the same sources:
#
#   $(BUILD)/decompress/libdecompressors.a   for the unikernel, with the
#       kernel's flags (warnings shown, not fatal: not our code to fix),
#       linked by images that name the library `decompress`; zlib is
#       mk/libc.mk's $(ZLIB_A)
#   $(BUILD)/unit/libdecompressors.a         for the host unit tests (ASan,
#       UBSan), zlib's inflate included
#   $(BUILD)/fuzz/libdecompressors.a         for the fuzzers (instrumented
#       for libFuzzer, ASan, UBSan), zlib's inflate included
#
# (the host builds with warnings off: the unikernel build shows them), and
# their public headers are copied to $(BUILD)/decompress/include, the one
# include directory the glue sees besides zlib's $(ZLIB_DIR)/include.
# Changing this file rebuilds the three.

DECOMP_PACKAGES := xz-utils bzip2 lz4 libzstd lzo2
DECOMP_INC := $(BUILD)/decompress/include
DECOMP_INC_STAMP := $(DECOMP_INC)/.installed

# ---- fetching ------------------------------------------------------------------
# One stamp per pinned version, as for newlib and zlib.
define decomp_fetch_rules
$(1)_VERSION := $$(call sources_pin,$(1))
ifeq ($$($(1)_VERSION),)
$$(error mk/sources.versions must pin $(1))
endif
$(1)_SRC := $(SRC_DIR)/$(1)
$(1)_STAMP := $(SRC_DIR)/$(1)-$$(subst :,_,$$($(1)_VERSION)).stamp
$$($(1)_STAMP):
	@echo "  FETCH   $(1) $$($(1)_VERSION)"
	$(Q)scripts/fetch-source $(1) '$$($(1)_VERSION)' $$($(1)_SRC) $(SRC_DIR)
	$(Q)touch $$@
endef
$(foreach p,$(DECOMP_PACKAGES),$(eval $(call decomp_fetch_rules,$(p))))

# ---- what each library compiles -----------------------------------------------
# NAME_PKG: its source package; NAME_FILES: its .c files (without .c)
# under the package; NAME_CFLAGS: its configuration and include paths;
# NAME_HEADERS: its public headers (files or directories) under the package.

# liblzma: the .xz and .lzma decoders, every filter (the kernel's x86 BCJ
# among them) and check, as xz-utils' configure would set them for a
# decoder-only build; no threads, no assembly.
LZMA_DIR = $(xz-utils_SRC)/src/liblzma
lzma_PKG := xz-utils
lzma_FILES := $(addprefix src/liblzma/, \
	common/common common/block_util common/filter_common common/index \
	common/stream_flags_common common/vli_size common/alone_decoder \
	common/block_decoder common/block_header_decoder common/filter_decoder \
	common/filter_flags_decoder common/index_hash common/stream_decoder \
	common/stream_flags_decoder common/vli_decoder \
	check/check check/crc32_table check/crc32_fast check/crc64_table \
	check/crc64_fast check/sha256 \
	lz/lz_decoder lzma/lzma_decoder lzma/lzma2_decoder \
	delta/delta_common delta/delta_decoder \
	simple/simple_coder simple/simple_decoder simple/x86 simple/powerpc \
	simple/ia64 simple/arm simple/armthumb simple/arm64 simple/sparc)
lzma_CFLAGS = $(addprefix -I$(LZMA_DIR)/,api common check lz rangecoder lzma delta simple) \
	-I$(xz-utils_SRC)/src/common -DTUKLIB_SYMBOL_PREFIX=lzma_ -DNDEBUG -D_POSIX_C_SOURCE=200809L \
	-DHAVE_STDBOOL_H -DHAVE__BOOL -DHAVE_STDINT_H -DHAVE_INTTYPES_H \
	-DHAVE_DECODERS -DHAVE_DECODER_LZMA1 -DHAVE_DECODER_LZMA2 -DHAVE_DECODER_DELTA \
	$(addprefix -DHAVE_DECODER_,X86 POWERPC IA64 ARM ARMTHUMB ARM64 SPARC) \
	-DHAVE_CHECK_CRC32 -DHAVE_CHECK_CRC64 -DHAVE_CHECK_SHA256 \
	-DHAVE___BUILTIN_BSWAPXX -DHAVE___BUILTIN_ASSUME_ALIGNED -DTUKLIB_FAST_UNALIGNED_ACCESS
lzma_HEADERS := src/liblzma/api/lzma.h src/liblzma/api/lzma

# libbz2: the whole library (its stream functions hold both directions),
# without its FILE functions; bz_internal_error is lib/decompress/bzip2.c's.
# Its decoder is a state machine of deliberate case fall-throughs.
bz2_PKG := bzip2
bz2_FILES := blocksort huffman crctable randtable compress decompress bzlib
bz2_CFLAGS = -DBZ_NO_STDIO -Wno-implicit-fallthrough
bz2_HEADERS := bzlib.h

# liblz4: the block format only (lz4.c); the legacy frame around the
# blocks is lib/decompress/lz4.c's.
lz4_PKG := lz4
lz4_FILES := lib/lz4
lz4_CFLAGS :=
lz4_HEADERS := lib/lz4.h

# libzstd: the decoder and what it needs of lib/common; no legacy
# formats, no assembly (the C Huffman decoder), no run-time BMI2 dispatch,
# no tracing hooks; its xxhash under the ZSTD_ prefix.
zstd_PKG := libzstd
zstd_FILES := $(addprefix lib/common/,debug entropy_common error_private fse_decompress \
	xxhash zstd_common) \
	$(addprefix lib/decompress/,huf_decompress zstd_ddict zstd_decompress zstd_decompress_block)
zstd_CFLAGS := -DZSTD_LEGACY_SUPPORT=0 -DZSTD_DISABLE_ASM -DDYNAMIC_BMI2=0 -DZSTD_TRACE=0 \
	-DXXH_NAMESPACE=ZSTD_
zstd_HEADERS := lib/zstd.h lib/zstd_errors.h

# liblzo2: the safe LZO1X decoder, the checksums lzop files carry, and
# lzo_init's check of the build; the lzop container is
# lib/decompress/lzo.c's. LZO_CFG_MODERN_C: unaligned loads and stores
# through memcpy, not through misaligned pointers (undefined behaviour that
# UBSan stops the fuzzers on).
lzo2_PKG := lzo2
lzo2_FILES := $(addprefix src/,lzo1x_d2 lzo_crc lzo_util lzo_init)
lzo2_CFLAGS = -I$(lzo2_SRC)/include -I$(lzo2_SRC)/src -DLZO_CFG_MODERN_C=1
lzo2_HEADERS := include/lzo

# zlib's inflate, for the host builds (the unikernel links mk/libc.mk's).
z_PKG := zlib
z_FILES := adler32 crc32 inflate inffast inftrees zutil
z_CFLAGS = -I$(ZLIB_SRC)

DECOMP_LIBS := lzma bz2 lz4 zstd lzo2

# ---- headers -----------------------------------------------------------------------
$(DECOMP_INC_STAMP): $(foreach p,$(DECOMP_PACKAGES),$($(p)_STAMP)) $(ZLIB_HEADERS) mk/libdecompress.mk
	$(Q)rm -rf $(DECOMP_INC) && mkdir -p $(DECOMP_INC)
	$(Q)$(foreach l,$(DECOMP_LIBS),$(foreach h,$($(l)_HEADERS), \
		cp -r $($($(l)_PKG)_SRC)/$(h) $(DECOMP_INC)/ &&)) touch $@

# ---- the three builds ----------------------------------------------------------------
# $(call decomp_variant,DIR,COMPILER,FLAGS,LIBS,EXTRA_PREREQUISITES): the
# objects of LIBS under DIR/obj/NAME/ and DIR/libdecompressors.a.
define decomp_variant
$(foreach l,$(4),
$(1)/obj/$(l)/%.o: $$($$($(l)_PKG)_STAMP) $(5) mk/libdecompress.mk
	@mkdir -p $$(@D)
	@echo "  CC      $$($(l)_PKG)/$$*.c"
	$(Q)$(2) $(3) $$($(l)_CFLAGS) -c $$($$($(l)_PKG)_SRC)/$$*.c -o $$@
)
$(1)/libdecompressors.a: $(foreach l,$(4),$(patsubst %,$(1)/obj/$(l)/%.o,$($(l)_FILES))) \
		$(DECOMP_INC_STAMP)
	@echo "  AR      $$@"
	$(Q)rm -f $$@ && ar rcs $$@ $$(filter %.o,$$^)
endef

zlib_SRC = $(ZLIB_SRC)
zlib_STAMP = $(ZLIB_STAMP)

DECOMP_KERNEL_CFLAGS = $(filter-out -Werror,$(KERNEL_CFLAGS))
DECOMP_HOST_CFLAGS := -std=c11 -O1 -g -w -fno-omit-frame-pointer
DECOMP_UNIT_CFLAGS := $(DECOMP_HOST_CFLAGS) -fsanitize=address,undefined
DECOMP_FUZZ_CFLAGS := $(DECOMP_HOST_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=undefined

$(eval $(call decomp_variant,$(BUILD)/decompress,$$(CC),$$(DECOMP_KERNEL_CFLAGS),$(DECOMP_LIBS),$$(LIBC_STAMP)))
$(eval $(call decomp_variant,$(BUILD)/unit,$$(HOSTCC),$$(DECOMP_UNIT_CFLAGS),z $(DECOMP_LIBS)))
$(eval $(call decomp_variant,$(BUILD)/fuzz,$$(FUZZ_CC),$$(DECOMP_FUZZ_CFLAGS),z $(DECOMP_LIBS)))

# GPT's CRC-32 for the part fuzzer: zlib's crc32.c with ASan but without
# libFuzzer's comparison tracing (a CRC loop has nothing to explore, and
# traced it took most of each run).
$(BUILD)/fuzz/zlib-crc32.o: $(ZLIB_STAMP) $(ZLIB_HEADERS) mk/libdecompress.mk
	@mkdir -p $(@D)
	@echo "  CC      zlib/crc32.c (for the part fuzzer, untraced)"
	$(Q)$(FUZZ_CC) $(DECOMP_HOST_CFLAGS) -O2 -fsanitize=address -c $(ZLIB_SRC)/crc32.c -o $@

# ---- hooking in ------------------------------------------------------------------------
# The library `decompress` (lib/decompress/, the glue) for images that name
# it; the glue sees the libraries' headers only.
LIBRARIES += decompress
LIB_decompress_SRCS := $(wildcard lib/decompress/*.c)
LIB_decompress_CFLAGS = -isystem $(DECOMP_INC)
LIB_decompress_PREREQS = $(DECOMP_INC_STAMP)
LIB_decompress_ARCHIVES = $(BUILD)/decompress/libdecompressors.a

# Host unit tests and fuzzers: the same glue over the host builds.
DECOMP_HOST_INCLUDES = -isystem $(DECOMP_INC) -isystem $(ZLIB_DIR)/include
UNIT_INCLUDES += $(DECOMP_HOST_INCLUDES)
UNIT_LIBS += $(BUILD)/unit/libdecompressors.a
