# libFuzzer harnesses (tests/fuzz/*.c), each linked with the pure modules it
# exercises (NAME_SRCS: what its includes reach, found by scripts/layers)
# and libraries (NAME_LIBS, compiled with NAME_CFLAGS), under ASan and
# UBSan. `make fuzz-smoke` runs each briefly over
# its corpus (part of `make test`); `make fuzz FUZZ_SECONDS=3600` runs long.

FUZZ_CC := clang
FUZZ_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -iquote . \
	-fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -include stdint.h
# Every harness in tests/fuzz/ is a fuzzer.
FUZZERS := $(sort $(basename $(notdir $(wildcard tests/fuzz/*.c))))
# MD5 passwords are checked by libxcrypt (mk/libcrypt.mk builds it for this).
menu_ui_LIBS = $(BUILD)/fuzz/libcrypt.a
menu_ui_CFLAGS = -isystem $(CRYPT_INC)
menu_ui_CODE = $(menu_ui_SRCS) mk/libcrypt.mk
# A line is at most 1024 bytes: longer inputs only retype it, and typing
# before the end redraws the rest of it, so their time grows as the square.
menu_ui_MAX_LEN := 4096
part_MAX_LEN := 65536
# GPT's CRC-32 is zlib's (mk/libdecompress.mk builds it for this).
part_LIBS = $(BUILD)/fuzz/zlib-crc32.o
part_CFLAGS = -isystem $(ZLIB_DIR)/include
part_CODE = $(part_SRCS) mk/libdecompress.mk
# The network cards' receive FCS is zlib's CRC-32 too (lib/crc32.c).
$(foreach f,rtl8139 e1000 pci_config,$(eval $(f)_LIBS = $$(BUILD)/fuzz/zlib-crc32.o) \
	$(eval $(f)_CFLAGS = -isystem $$(ZLIB_DIR)/include) \
	$(eval $(f)_CODE = $$($(f)_SRCS) mk/libdecompress.mk))
rtl8139_MAX_LEN := 16384
e1000_MAX_LEN := 16384
ext_MAX_LEN := 262144
fat_MAX_LEN := 65536
iso9660_MAX_LEN := 131072
elf_xen_MAX_LEN := 65536
# One per format's glue (lib/decompress/), each with all of it and the
# libraries built for fuzzing by mk/libdecompress.mk; the harness caps the
# output.
DECOMPRESS_FUZZERS := decompress_gzip decompress_xz decompress_lzma decompress_bzip2 \
	decompress_lz4 decompress_zstd decompress_lzo
# Its code for `make fuzz-status`: the dispatch, the glue of its format
# (lzma's is xz.c's) and how the libraries are built.
define decompress_fuzzer
$(1)_LIBS := $(BUILD)/fuzz/libdecompressors.a
$(1)_CFLAGS = $$(DECOMP_HOST_INCLUDES)
$(1)_MAX_LEN := 65536
$(1)_CODE := lib/decompress/decompress.c lib/decompress/$(patsubst lzma,xz,$(2)).c \
	lib/format.c lib/errno.c mk/libdecompress.mk
endef
$(foreach f,$(DECOMPRESS_FUZZERS),$(eval $(call decompress_fuzzer,$(f),$(f:decompress_%=%))))
decompress_zstd_CODE += mk/sanitizer-exceptions.mk

# lwIP's input path (mk/lwip.mk builds lwIP for this) with network boot's
# DHCP option check.
net_input_LIBS := $(BUILD)/fuzz/liblwip.a
net_input_CFLAGS = $(LWIP_INCLUDES)
net_input_CODE = $(net_input_SRCS) $(wildcard lib/net/port/*.h lib/net/port/arch/*.h) mk/lwip.mk
net_input_MAX_LEN := 16384

# The QMP monitor's input (apps/ioemu/qmp.c) with cJSON (mk/libcjson.mk
# builds it for this); inputs longer than its 16 KiB buffer reach the
# overflow path.
qmp_LIBS = $(BUILD)/fuzz/libcjson.a
qmp_CFLAGS = -isystem $(CJSON_INC)
qmp_CODE = $(qmp_SRCS) mk/libcjson.mk
qmp_MAX_LEN := 20000
# (Second expansion: mk/libcjson.mk and mk/libvchan.mk, which name these
# stamps, are read after this file.)
.SECONDEXPANSION:
$(BUILD)/fuzz/qmp: | $$(CJSON_INC_STAMP)

# Xen's libxenvchan ring code (mk/libvchan.mk builds io.c for this)
# against a hostile client's indices.
vchan_ring_LIBS = $(BUILD)/fuzz/obj/vchan/io.o
vchan_ring_CFLAGS = -isystem $(VCHAN_INC)
vchan_ring_CODE = $(vchan_ring_SRCS) $(VCHAN_SHIM)/xenctrl.h mk/libvchan.mk
vchan_ring_MAX_LEN := 4096
$(BUILD)/fuzz/vchan_ring: | $$(VCHAN_INC_STAMP)

# Each fuzzer's NAME_SRCS, from its harness's includes.
comma := ,
FUZZ_NEEDS := $(shell scripts/layers each $(patsubst %,tests/fuzz/%.c,$(FUZZERS)))
ifneq ($(.SHELLSTATUS),0)
$(error scripts/layers could not tell what the fuzzers need (above))
endif
$(foreach w,$(FUZZ_NEEDS), \
	$(eval $(patsubst tests/fuzz/%.c,%,$(firstword $(subst =, ,$(w))))_SRCS := \
		$(subst $(comma), ,$(word 2,$(subst =, ,$(w))))))

FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 10

define fuzzer_rules
$(BUILD)/fuzz/$(1): tests/fuzz/$(1).c $$($(1)_SRCS) $$($(1)_LIBS) $$(wildcard tests/fuzz/*.h xen/*.h lib/*.h lib/*/*.h drivers/*.h apps/*/*.h)
	@mkdir -p $$(dir $$@)
	@echo "  FUZZCC  $$@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $$($(1)_CFLAGS) -o $$@ tests/fuzz/$(1).c $$($(1)_SRCS) $$($(1)_LIBS)
endef
$(foreach f,$(FUZZERS),$(eval $(call fuzzer_rules,$(f))))

FUZZ_BINS := $(foreach f,$(FUZZERS),$(BUILD)/fuzz/$(f))
# name:max_len for each fuzzer (a fuzzer's NAME_MAX_LEN, else 8192: disk
# images need more).
FUZZ_JOBS = $(foreach f,$(FUZZERS),$(f):$(or $($(f)_MAX_LEN),8192))

# $(call fuzz_run,OPTIONS,LOG), inside a loop over jobs j=NAME:MAX_LEN with
# f=NAME: runs fuzzer f over its corpus with OPTIONS, its output in LOG
# (the end of it shown, and the loop left, when it fails); rc is 72 when
# the fuzzer was interrupted (SIGINT), else 0. The corpus in the tree is
# only read; new inputs go to a scratch copy, crashing or slow inputs to
# $(BUILD)/fuzz/artifacts-NAME/.
fuzz_run = mkdir -p $(BUILD)/fuzz/work-$$f $(BUILD)/fuzz/artifacts-$$f && \
	{ $(BUILD)/fuzz/$$f $(1) -max_len=$${j\#\#*:} -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/artifacts-$$f/ $(BUILD)/fuzz/work-$$f \
		tests/fuzz/corpus/$$f >$(2) 2>&1; rc=$$?; } ; \
	[ $$rc = 0 ] || [ $$rc = 72 ] || { tail -n 40 $(2); exit 1; }
fuzz-smoke: $(FUZZ_BINS)
	@for j in $(FUZZ_JOBS); do f=$${j%%:*}; \
		echo "fuzz: $$f for $(FUZZ_SMOKE_SECONDS)s" && \
		$(call fuzz_run,-max_total_time=$(FUZZ_SMOKE_SECONDS),$(BUILD)/fuzz/$$f.log); \
		[ $$rc = 0 ] || { echo "fuzz: $$f was interrupted"; exit 1; }; \
		grep -E "stat::number_of_executed_units" $(BUILD)/fuzz/$$f.log | sed "s/^/fuzz: $$f /"; \
	done

# `make fuzz`: each fuzzer (FUZZ_ONLY: some of them) for FUZZ_SECONDS, or
# until FUZZ_RUNS executions when that is set (then FUZZ_SECONDS only
# caps it). Each one's log is $(BUILD)/fuzz/long-NAME.log; a line per run
# (fuzzer, executions, seconds, the commit built, +changes when the tree
# differed from it in anything but $(FUZZ_LOG) itself, "interrupted" when the fuzzer got a SIGINT, which also
# ends the loop) is added to $(FUZZ_LOG), which is in the tree: commit it
# with the work, so that the record of what ran is not lost with a
# machine's build directory. A run goes on from the inputs the earlier ones
# kept in $(BUILD)/fuzz/work-NAME, so runs over the same code add up.
FUZZ_LOG ?= tests/fuzz/long-runs.txt
FUZZ_RUNS ?=
FUZZ_ONLY ?= $(FUZZERS)
FUZZ_LONG_JOBS = $(filter $(addsuffix :%,$(FUZZ_ONLY)),$(FUZZ_JOBS))
fuzz: $(FUZZ_BINS)
	@rev=$$(git rev-parse --short HEAD 2>/dev/null; \
		git diff --quiet HEAD -- . ':!$(FUZZ_LOG)' 2>/dev/null || echo +changes); \
	for j in $(FUZZ_LONG_JOBS); do f=$${j%%:*}; start=$$(date +%s); \
		echo "fuzz: $$f for $(if $(FUZZ_RUNS),$(FUZZ_RUNS) runs or )$(FUZZ_SECONDS)s" && \
		$(call fuzz_run,-max_total_time=$(FUZZ_SECONDS) $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS)),$(BUILD)/fuzz/long-$$f.log); \
		runs=$$(sed -n "s/^stat::number_of_executed_units: *//p" $(BUILD)/fuzz/long-$$f.log); \
		echo "$$f $$runs executions $$(($$(date +%s) - start))s $$(echo $$rev)$$([ $$rc = 72 ] && echo ' interrupted')" | \
			tee -a $(FUZZ_LOG); \
		[ $$rc = 0 ] || break; \
	done

# `make fuzz-status`: how many executions each fuzzer has run on the code
# as it is (scripts/fuzz-status), against FUZZ_GOAL.
FUZZ_GOAL ?= 10000000
fuzz-status:
	@{ $(foreach f,$(FUZZERS),echo "$(f) tests/fuzz/$(f).c $(or $($(f)_CODE),$($(f)_SRCS))";) } | \
		scripts/fuzz-status $(FUZZ_LOG) $(FUZZ_GOAL)

# `make fuzz-campaign`: every fuzzer short of FUZZ_GOAL on the code as it
# is, for the executions it lacks, FUZZ_CAMPAIGN_JOBS at a time at nice 19,
# for at most FUZZ_CAMPAIGN_SECONDS (scripts/fuzz-campaign).
FUZZ_CAMPAIGN_JOBS ?= 2
FUZZ_CAMPAIGN_SECONDS ?= 3600
fuzz-campaign: $(FUZZ_BINS)
	@$(MAKE) -s fuzz-status | MAKE="$(MAKE)" scripts/fuzz-campaign $(FUZZ_CAMPAIGN_JOBS) \
		$(FUZZ_CAMPAIGN_SECONDS) $(FUZZ_GOAL) $(FUZZ_LOG)
	@$(MAKE) -s fuzz-status

.PHONY: fuzz fuzz-smoke fuzz-status fuzz-campaign
