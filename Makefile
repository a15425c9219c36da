# Top-level build: the unikernel (arch/ xen/ kernel/ lib/), the stub domain
# images linked on it (apps/, tests/xen/images/), host unit tests, and the
# entry points a user types: `make`, `make demo`, `make test`.

.DEFAULT_GOAL := all
CC ?= gcc
HOSTCC ?= gcc
LD := ld
BUILD ?= build
VERSION := 0.1
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

# The Xen ABI comes only from libxen-dev's headers, reached through a
# one-entry include directory so that nothing else of the host's /usr/include
# can leak into a freestanding build.
XEN_INCLUDE ?= /usr/include/xen
COMPILER_INCLUDE := $(shell $(CC) -print-file-name=include)
ifeq ($(findstring clang,$(CC)),clang)
COMPILER_INCLUDE := $(shell $(CC) -print-resource-dir)/include
endif

WARN := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
        -Wshadow -Wpointer-arith -Wno-unused-parameter
KERNEL_CFLAGS := -std=c11 -O2 -g $(WARN) -ffreestanding -fno-builtin-printf \
        -nostdinc -isystem $(COMPILER_INCLUDE) -isystem $(BUILD)/include \
        -iquote . -fno-pic -fno-pie -mcmodel=small -mno-red-zone \
        -fno-stack-protector -fno-omit-frame-pointer \
        -fno-asynchronous-unwind-tables -fno-common \
        -include stdint.h -D__XEN_INTERFACE_VERSION__=0x00040e00 -DKERNEL_VERSION=\"$(VERSION)\"
KERNEL_ASFLAGS := -D__ASSEMBLY__ -nostdinc -isystem $(BUILD)/include -iquote . \
        -D__XEN_INTERFACE_VERSION__=0x00040e00
KERNEL_LDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack \
        --no-warn-rwx-segments

# lib/libc/ is added by mk/libc.mk (with the C library it belongs to).
KERNEL_SRCS := $(filter-out lib/libc/%,$(wildcard arch/x86_64/*.c xen/*.c kernel/*.c lib/*.c \
                lib/*/*.c drivers/*.c))
KERNEL_ASM := $(filter-out arch/x86_64/boot.S,$(wildcard arch/x86_64/*.S))
KERNEL_OBJS := $(patsubst %.c,$(BUILD)/kernel/%.o,$(KERNEL_SRCS)) \
               $(patsubst %.S,$(BUILD)/kernel/%.o,$(KERNEL_ASM))
BOOT_OBJ := $(BUILD)/kernel/arch/x86_64/boot.o
KERNEL_LIB := $(BUILD)/libkernel.a
LDS := arch/x86_64/kernel.lds

# Every stub domain image: name -> its source directory.
IMAGES := hello faults
hello_DIR := apps/hello
faults_DIR := tests/xen/images/faults

# Libraries every image links with the kernel (the libc and zlib add
# theirs), extra scenarios, and further rules: one fragment per concern in
# mk/, included here so that they can extend the lists above.
IMAGE_LIBS :=
IMAGE_DEPS :=
# Host unit tests: libraries they link and their include options.
UNIT_LIBS :=
UNIT_INCLUDES :=
-include $(sort $(wildcard mk/*.mk))

IMAGE_GZ := $(foreach i,$(IMAGES),$(BUILD)/$(i).gz)

all: $(IMAGE_GZ)

# The stable Xen library headers whose API lib/xc/ implements in-guest.
XEN_LIB_HEADERS := xenevtchn.h xengnttab.h xenforeignmemory.h xendevicemodel.h \
                   xenstore.h xenstore_lib.h
XEN_HEADER_LINKS := $(BUILD)/include/xen $(addprefix $(BUILD)/include/,$(XEN_LIB_HEADERS))

$(BUILD)/include/xen:
	@mkdir -p $(BUILD)/include
	@test -d $(XEN_INCLUDE) || { echo "error: $(XEN_INCLUDE) missing: run 'make deps' (libxen-dev)"; exit 1; }
	$(Q)ln -sfn $(XEN_INCLUDE) $@

$(BUILD)/include/%.h:
	@mkdir -p $(BUILD)/include
	$(Q)ln -sfn $(XEN_INCLUDE)/../$*.h $@
.SECONDARY: $(XEN_HEADER_LINKS)

$(BUILD)/kernel/%.o: %.c Makefile | $(XEN_HEADER_LINKS) $(IMAGE_DEPS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/kernel/%.o: %.S Makefile | $(XEN_HEADER_LINKS) $(IMAGE_DEPS)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(KERNEL_ASFLAGS) -MMD -MP -c $< -o $@

# The string functions must not be turned back into calls to themselves.
ifneq ($(findstring clang,$(CC)),clang)
$(BUILD)/kernel/lib/string.o: KERNEL_CFLAGS += -fno-tree-loop-distribute-patterns
endif

$(KERNEL_LIB): $(KERNEL_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# One image: boot object first (it holds the entry page), the application's
# objects, then the kernel library.
define image_rules
$(1)_OBJS := $$(patsubst %.c,$(BUILD)/kernel/%.o,$$(wildcard $$($(1)_DIR)/*.c))
$(BUILD)/$(1).elf: $(BOOT_OBJ) $$($(1)_OBJS) $(KERNEL_LIB) $(IMAGE_LIBS) $(LDS)
	@echo "  LD      $$@"
	$(Q)$(LD) $(KERNEL_LDFLAGS) -T $(LDS) -o $$@ $(BOOT_OBJ) $$($(1)_OBJS) \
		--start-group $(KERNEL_LIB) $(IMAGE_LIBS) --end-group
$(BUILD)/$(1).gz: $(BUILD)/$(1).elf
	@echo "  GZIP    $$@"
	$(Q)gzip -9n < $$< > $$@
endef
$(foreach i,$(IMAGES),$(eval $(call image_rules,$(i))))

# ---- host unit tests -------------------------------------------------------
UNIT_CFLAGS := -std=c11 -O1 -g $(WARN) -iquote . -fsanitize=address,undefined \
               -fno-omit-frame-pointer -DHOST_TEST
UNIT_MODULES := lib/format.c kernel/page_pool.c kernel/heap.c \
                lib/cmdline.c lib/errno.c xen/errno.c xen/xs_codec.c xen/xs_ring.c lib/arp.c \
                xen/shutdown_request.c kernel/poll.c \
                drivers/netif_check.c drivers/blk_slots.c lib/blockdev.c lib/crc32.c lib/part/part.c \
                lib/part/mbr.c lib/part/gpt.c lib/fs/block_cache.c lib/fs/ext.c lib/fs/fat.c \
                lib/fs/iso9660.c lib/fs/names.c lib/fs/fs.c lib/loader/elf_xen.c \
                lib/loader/pv_layout.c apps/pvgrub/menu_lst.c apps/pvgrub/menu_ui.c lib/password.c \
                apps/pvgrub/grub_cfg.c apps/pvgrub/bls.c lib/net/dhcp_option.c lib/net/tftp_session.c \
                $(wildcard lib/decompress/*.c)
UNIT_SRCS := $(wildcard tests/unit/*.c)

$(BUILD)/unit/run-tests: $(UNIT_SRCS) $(UNIT_MODULES) $(wildcard tests/unit/*.h lib/*.h lib/*/*.h \
                         kernel/*.h drivers/*.h xen/*.h apps/*/*.h) $(UNIT_LIBS)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) $(UNIT_INCLUDES) -o $@ $(UNIT_SRCS) $(UNIT_MODULES) $(UNIT_LIBS)

# Disk and kernel images the parser tests read, made by Debian's tools.
$(BUILD)/unit/images.stamp: tests/unit/make-images.sh
	@echo "  IMAGES  $(dir $@)"
	$(Q)tests/unit/make-images.sh $(BUILD)/unit/images && touch $@

# A UBSan report fails the run (by default UBSan prints and goes on).
unit: $(BUILD)/unit/run-tests $(BUILD)/unit/images.stamp
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 UNIT_IMAGES=$(BUILD)/unit/images \
		$(BUILD)/unit/run-tests

# ---- test bed on real Xen ---------------------------------------------------
SCENARIOS ?= linux-pv hello hello-clang crash wx nx exit-status harness selftest nettest iptest libc xctest c-stubdom pvgrub-menu pvgrub-keys pvgrub-net pvgrub-boot pvgrub-errors pvgrub-disks pvgrub-formats pvgrub-compress examples

testbed: all
	BUILD=$(BUILD) tests/xen/run $(SCENARIOS)

# Benchmarks (not part of `make test`): bench/README.md.
bench: all
	BUILD=$(BUILD) bench/pvgrub

demo: deps all
	BUILD=$(BUILD) tests/xen/run --show hello hello

# Everything a clean clone needs, then every test.
test: deps
	$(MAKE) check-format
	$(MAKE) all
	$(MAKE) install-check
	$(MAKE) CC=clang BUILD=$(BUILD)/clang SRC_DIR=$(BUILD)/src LIBC_DIR=$(BUILD)/libc all
	$(MAKE) unit
	$(MAKE) fuzz-smoke
	BUILD=$(BUILD) tests/xen/run $(SCENARIOS)

deps:
	scripts/install-deps

FORMAT_FILES = $(shell git ls-files '*.c' '*.h')
format:
	clang-format -i $(FORMAT_FILES)
check-format:
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "format: ok"

clean:
	rm -rf $(BUILD)/kernel $(BUILD)/clang $(BUILD)/unit $(BUILD)/*.elf $(BUILD)/*.gz $(BUILD)/libkernel.a

.PHONY: all unit testbed bench demo test deps format check-format clean
-include $(shell find $(BUILD)/kernel -name '*.d' -type f 2>/dev/null)
