# The C library of every image: picolibc and zlib from Debian's source
# packages (pinned in mk/sources.versions, fetched by scripts/fetch-source),
# built with the kernel's compiler and code-generation flags, and the system
# layer under lib/libc/ that gives picolibc its read/write/sbrk/clock/_exit.
#
#   $(BUILD)/src/        unpacked sources and the private apt state (cache)
#   $(BUILD)/libc/       picolibc: cross.txt, build/ (meson), include/, lib/libc.a
#   $(BUILD)/zlib/       zlib: obj/, include/{zlib.h,zconf.h}, libz.a
#
# The sources are fetched again only when their pinned version changes;
# picolibc is configured again only when cross.txt (compiler, flags,
# options) changes.

sources_pin = $(shell awk '$$1 == "$(1)" { print $$2 }' mk/sources.versions)
PICOLIBC_VERSION := $(call sources_pin,picolibc)
ZLIB_VERSION := $(call sources_pin,zlib)
ifeq ($(PICOLIBC_VERSION)$(ZLIB_VERSION),)
$(error mk/sources.versions must pin picolibc and zlib)
endif

SRC_DIR := $(BUILD)/src
PICOLIBC_SRC := $(SRC_DIR)/picolibc
ZLIB_SRC := $(SRC_DIR)/zlib
# One stamp per pinned version: a new pin means a new stamp, hence a fetch.
PICOLIBC_STAMP := $(SRC_DIR)/picolibc-$(subst :,_,$(PICOLIBC_VERSION)).stamp
ZLIB_STAMP := $(SRC_DIR)/zlib-$(subst :,_,$(ZLIB_VERSION)).stamp

$(PICOLIBC_STAMP):
	@echo "  FETCH   picolibc $(PICOLIBC_VERSION)"
	$(Q)scripts/fetch-source picolibc '$(PICOLIBC_VERSION)' $(PICOLIBC_SRC) $(SRC_DIR)
	$(Q)touch $@

$(ZLIB_STAMP):
	@echo "  FETCH   zlib $(ZLIB_VERSION)"
	$(Q)scripts/fetch-source zlib '$(ZLIB_VERSION)' $(ZLIB_SRC) $(SRC_DIR)
	$(Q)touch $@

# ---- picolibc -------------------------------------------------------------
LIBC_DIR := $(BUILD)/libc
LIBC_A := $(LIBC_DIR)/lib/libc.a
LIBC_CROSS := $(LIBC_DIR)/cross.txt
LIBC_STAMP := $(LIBC_DIR)/stubdom-libc.h

# The kernel's code-generation flags (freestanding, no PIC, small code
# model, no red zone, no stack protector, -O2, frame pointers), taken from
# KERNEL_CFLAGS so that the two never drift apart.
LIBC_CODEGEN := $(filter -f% -m% -O%,$(KERNEL_CFLAGS)) -g
libc_empty :=
libc_space := $(libc_empty) $(libc_empty)
libc_comma := ,
# a b c -> 'a', 'b', 'c' (a meson list's items)
meson_list = $(subst $(libc_space),$(libc_comma)$(libc_space),$(patsubst %,'%',$(strip $(1))))

# stdio is tinystdio over POSIX read/write (stdin/stdout/stderr on fds 0-2,
# fopen over open); no crt0, semihosting, sbrk, TLS or tests of picolibc's
# own: the kernel starts the program and lib/libc/ supplies the system
# calls. errno lives where __libc_errno_location() says (lib/libc/errno.c).
LIBC_OPTIONS := multilib=false picocrt=false picolib=false semihost=false \
	tests=false tinystdio=true posix-io=true posix-console=true \
	thread-local-storage=false errno-function=__libc_errno_location \
	io-long-long=true specsdir=none

define libc_cross_file
[binaries]
c = [$(call meson_list,$(CC) -nostdinc -isystem $(COMPILER_INCLUDE))]
ar = 'ar'
nm = 'nm'
strip = 'strip'

[host_machine]
system = 'none'
cpu_family = 'x86_64'
cpu = 'x86_64'
endian = 'little'

[properties]
skip_sanity_check = true

[built-in options]
c_args = [$(call meson_list,$(LIBC_CODEGEN))]
c_link_args = ['-nostdlib', '-static']

# meson setup options: $(strip $(LIBC_OPTIONS))
endef

# Rewritten only when its text changes, so that picolibc is rebuilt only then.
$(LIBC_CROSS): export LIBC_CROSS_TEXT = $(libc_cross_file)
$(LIBC_CROSS): FORCE
	@mkdir -p $(@D)
	@printf '%s\n' "$$LIBC_CROSS_TEXT" >$@.new
	@cmp -s $@.new $@ && rm -f $@.new || mv -f $@.new $@

$(LIBC_A): $(LIBC_CROSS) $(PICOLIBC_STAMP)
	@echo "  MESON   picolibc $(PICOLIBC_VERSION) -> $(LIBC_DIR)"
	$(Q)rm -rf $(LIBC_DIR)/build $(LIBC_DIR)/include $(LIBC_DIR)/lib
	$(Q)meson setup --cross-file $(abspath $(LIBC_CROSS)) --buildtype=plain \
		--prefix=$(abspath $(LIBC_DIR)) --includedir=include --libdir=lib \
		$(addprefix -D,$(LIBC_OPTIONS)) \
		$(LIBC_DIR)/build $(PICOLIBC_SRC) >$(LIBC_DIR)/setup.log 2>&1 || \
		{ tail -n 20 $(LIBC_DIR)/setup.log; echo "error: picolibc: meson setup failed (see $(LIBC_DIR)/setup.log)"; exit 1; }
	$(Q)ninja -C $(LIBC_DIR)/build install >$(LIBC_DIR)/build.log 2>&1 || \
		{ grep -B2 -A12 -m1 '^FAILED' $(LIBC_DIR)/build.log; echo "error: picolibc: build failed (see $(LIBC_DIR)/build.log)"; exit 1; }
	$(Q)touch $@

# ---- zlib ------------------------------------------------------------------
ZLIB_DIR := $(BUILD)/zlib
ZLIB_A := $(ZLIB_DIR)/libz.a
ZLIB_HEADERS := $(ZLIB_DIR)/include/zlib.h $(ZLIB_DIR)/include/zconf.h
ZLIB_MODULES := adler32 compress crc32 deflate gzclose gzlib gzread gzwrite \
	infback inffast inflate inftrees trees uncompr zutil
ZLIB_OBJS := $(patsubst %,$(ZLIB_DIR)/obj/%.o,$(ZLIB_MODULES))
# The kernel's flags (its warnings shown, not fatal: zlib's code is not ours
# to fix) and what zlib's ./configure would find: <unistd.h> for the gz*
# functions' open/read/write/lseek/close, and <stdarg.h>. The installed
# zconf.h says the same, as ./configure's does, so that programs see the
# types the library was built with.
ZLIB_CFLAGS = $(filter-out -Werror,$(KERNEL_CFLAGS)) -D_POSIX_C_SOURCE=200809L \
	-DHAVE_UNISTD_H -DHAVE_STDARG_H

$(ZLIB_DIR)/include/zlib.h: $(ZLIB_STAMP)
	@mkdir -p $(@D)
	$(Q)cp $(ZLIB_SRC)/zlib.h $@

$(ZLIB_DIR)/include/zconf.h: $(ZLIB_STAMP)
	@mkdir -p $(@D)
	$(Q)sed -e 's|^#ifdef HAVE_UNISTD_H .*configure.*|#if 1 /* HAVE_UNISTD_H */|' \
		-e 's|^#ifdef HAVE_STDARG_H .*configure.*|#if 1 /* HAVE_STDARG_H */|' \
		$(ZLIB_SRC)/zconf.h >$@.tmp
	$(Q)test "$$(grep -c '^#if 1 /\* HAVE_' $@.tmp)" = 2 || \
		{ echo "error: zlib: zconf.h has no HAVE_UNISTD_H/HAVE_STDARG_H switches to set"; exit 1; }
	$(Q)mv $@.tmp $@

$(ZLIB_DIR)/obj/%.o: $(ZLIB_STAMP) $(LIBC_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      zlib/$*.c"
	$(Q)$(CC) $(ZLIB_CFLAGS) -I$(ZLIB_SRC) -c $(ZLIB_SRC)/$*.c -o $@

$(ZLIB_A): $(ZLIB_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# ---- hooking into the kernel's build -----------------------------------------
# Every kernel, image and zlib object includes LIBC_STAMP (-include): the
# compiler's dependency files skip the -isystem headers, but list this one,
# so that objects are compiled again whenever the C library is rebuilt.
$(LIBC_STAMP): $(LIBC_A) $(ZLIB_HEADERS)
	@printf '%s\n' '/* Generated by mk/libc.mk: the C library the kernel is built against. */' \
		'#define STUBDOM_PICOLIBC_VERSION "$(PICOLIBC_VERSION)"' \
		'#define STUBDOM_ZLIB_VERSION "$(ZLIB_VERSION)"' >$@

# picolibc 1.8 declares clock_gettime(), nanosleep() and CLOCK_MONOTONIC
# only where the platform announces POSIX timers and a monotonic clock,
# which this one has (lib/libc/time.c).
KERNEL_CFLAGS += -isystem $(LIBC_DIR)/include -isystem $(ZLIB_DIR)/include \
	-D_POSIX_TIMERS=200809L -D_POSIX_MONOTONIC_CLOCK=200809L -include $(LIBC_STAMP)
KERNEL_OBJS += $(patsubst %.c,$(BUILD)/kernel/%.o,$(wildcard lib/libc/*.c))
IMAGE_LIBS += $(ZLIB_A) $(LIBC_A)
IMAGE_DEPS += $(LIBC_STAMP)

IMAGES += libc
libc_DIR := tests/xen/images/libc

.PHONY: FORCE
FORCE:
