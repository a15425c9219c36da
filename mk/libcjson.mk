# cJSON, the JSON parser and printer of the QMP monitor (apps/ioemu/qmp.c),
# from Debian's cjson source package (pinned in mk/sources.versions,
# fetched by scripts/fetch-source). This fragment follows mk/libc.mk
# (SRC_DIR, sources_pin, LIBC_STAMP). Only cJSON.c is compiled (not
# cJSON_Utils), three ways, as mk/libcrypt.mk builds libxcrypt:
#
#   $(BUILD)/cjson/libcjson.a   for the unikernel (library `json`)
#   $(BUILD)/unit/libcjson.a    for the host unit tests (ASan, UBSan)
#   $(BUILD)/fuzz/libcjson.a    for the fuzzers (libFuzzer, ASan, UBSan)
#
# Configuration by -D options, no CMake: no locales (the decimal point is
# '.'), and nesting limited to CJSON_NESTING_LIMIT levels instead of
# cJSON's 1000, because its parser recurses once per level and a stub
# domain's thread stack is small; QMP's messages nest a few levels.
# cJSON.h alone is put in $(BUILD)/cjson/include, the one include
# directory users see. Changing this file rebuilds the three.

CJSON_VERSION := $(call sources_pin,cjson)
ifeq ($(CJSON_VERSION),)
$(error mk/sources.versions must pin cjson)
endif
CJSON_SRC := $(SRC_DIR)/cjson
CJSON_STAMP := $(SRC_DIR)/cjson-$(subst :,_,$(CJSON_VERSION)).stamp
CJSON_INC := $(BUILD)/cjson/include
CJSON_INC_STAMP := $(CJSON_INC)/.copied
CJSON_NESTING_LIMIT := 64

$(CJSON_STAMP):
	@echo "  FETCH   cjson $(CJSON_VERSION)"
	$(Q)scripts/fetch-source cjson '$(CJSON_VERSION)' $(CJSON_SRC) $(SRC_DIR)
	$(Q)touch $@

$(CJSON_INC_STAMP): $(CJSON_STAMP) mk/libcjson.mk
	@mkdir -p $(CJSON_INC)
	$(Q)cp $(CJSON_SRC)/cJSON.h $(CJSON_INC)/cJSON.h && touch $@

CJSON_DEFS := -DCJSON_NESTING_LIMIT=$(CJSON_NESTING_LIMIT)

# $(call cjson_variant,DIR,COMPILER,FLAGS,EXTRA_PREREQUISITES)
define cjson_variant
$(1)/obj/cjson/cJSON.o: $$(CJSON_STAMP) $(4) mk/libcjson.mk
	@mkdir -p $$(@D)
	@echo "  CC      cjson/cJSON.c"
	$(Q)$(2) $(3) $$(CJSON_DEFS) -c $$(CJSON_SRC)/cJSON.c -o $$@
$(1)/libcjson.a: $(1)/obj/cjson/cJSON.o
	@echo "  AR      $$@"
	$(Q)rm -f $$@ && ar rcs $$@ $$^
endef

# Not our code to fix: its warnings are shown, not fatal.
CJSON_KERNEL_CFLAGS = $(filter-out -Werror,$(KERNEL_CFLAGS))
CJSON_UNIT_CFLAGS := -std=c11 -O1 -g -w -fno-omit-frame-pointer -fsanitize=address,undefined
CJSON_FUZZ_CFLAGS := -std=c11 -O1 -g -w -fno-omit-frame-pointer \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
$(eval $(call cjson_variant,$(BUILD)/cjson,$$(CC),$$(CJSON_KERNEL_CFLAGS),$$(LIBC_STAMP)))
$(eval $(call cjson_variant,$(BUILD)/unit,$$(HOSTCC),$$(CJSON_UNIT_CFLAGS)))
$(eval $(call cjson_variant,$(BUILD)/fuzz,$$(FUZZ_CC),$$(CJSON_FUZZ_CFLAGS)))

# ---- hooking in ------------------------------------------------------------------------
# The library `json` for images that name it: cJSON itself, nothing of ours.
# The QMP monitor sees cJSON.h through LIB_json_CFLAGS' include directory;
# an image naming `json` compiles its own sources with CJSON_INC too (its
# image.mk adds $(CJSON_INC) to its objects' flags, as qmptest's does).
LIBRARIES += json
LIB_json_SRCS :=
LIB_json_CFLAGS = -isystem $(CJSON_INC)
LIB_json_PREREQS = $(CJSON_INC_STAMP)
LIB_json_ARCHIVES = $(BUILD)/cjson/libcjson.a
UNIT_INCLUDES += -isystem $(CJSON_INC)
UNIT_LIBS += $(BUILD)/unit/libcjson.a
$(BUILD)/unit/run-tests: | $(CJSON_INC_STAMP)
