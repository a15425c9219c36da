# The C library of every image: newlib and zlib from Debian's source
# packages (pinned in mk/sources.versions, fetched by scripts/fetch-source),
# built with the kernel's code-generation flags, and the system layer under
# sys/libc/ that gives newlib its read/write/sbrk/clock/_exit.
#
#   $(BUILD)/src/        unpacked sources and the private apt state (cache)
#   $(BUILD)/libc/       newlib: configure.args, build/ (its own make),
#                        include/, lib/{libc.a,libm.a}, *.log
#   $(BUILD)/zlib/       zlib: obj/, include/{zlib.h,zconf.h}, libz.a
#
# The sources are fetched again only when their pinned version changes;
# newlib is configured and built again only when configure.args (compiler,
# flags, options) changes. SRC_DIR and LIBC_DIR given on the command line
# share both with another build: `make test` builds the clang kernel on
# the gcc build's newlib that way.

sources_pin = $(shell awk '$$1 == "$(1)" { print $$2 }' mk/sources.versions)
NEWLIB_VERSION := $(call sources_pin,newlib)
ZLIB_VERSION := $(call sources_pin,zlib)
ifeq ($(NEWLIB_VERSION),)
$(error mk/sources.versions must pin newlib)
endif
ifeq ($(ZLIB_VERSION),)
$(error mk/sources.versions must pin zlib)
endif

SRC_DIR := $(BUILD)/src
NEWLIB_SRC := $(SRC_DIR)/newlib
ZLIB_SRC := $(SRC_DIR)/zlib
# One stamp per pinned version: a new pin means a new stamp, hence a fetch.
NEWLIB_STAMP := $(SRC_DIR)/newlib-$(subst :,_,$(NEWLIB_VERSION)).stamp
ZLIB_STAMP := $(SRC_DIR)/zlib-$(subst :,_,$(ZLIB_VERSION)).stamp

$(NEWLIB_STAMP):
	@echo "  FETCH   newlib $(NEWLIB_VERSION)"
	$(Q)scripts/fetch-source newlib '$(NEWLIB_VERSION)' $(NEWLIB_SRC) $(SRC_DIR)
	$(Q)touch $@

$(ZLIB_STAMP):
	@echo "  FETCH   zlib $(ZLIB_VERSION)"
	$(Q)scripts/fetch-source zlib '$(ZLIB_VERSION)' $(ZLIB_SRC) $(SRC_DIR)
	$(Q)touch $@

# ---- newlib ----------------------------------------------------------------
LIBC_DIR := $(BUILD)/libc
LIBC_A := $(LIBC_DIR)/lib/libc.a
LIBM_A := $(LIBC_DIR)/lib/libm.a
LIBC_CONFIG := $(LIBC_DIR)/configure.args
LIBC_STAMP := $(LIBC_DIR)/stubdom-libc.h

# newlib is compiled by gcc (Debian's cc) for the gcc and the clang build
# of the kernel alike: the objects link the same, and one configure.args
# fits both, so that they can share one newlib.
NEWLIB_CC := gcc
NEWLIB_CC_INCLUDE := $(shell $(NEWLIB_CC) -print-file-name=include)
# The kernel's code-generation flags (freestanding, no PIC, small code
# model, no red zone, no stack protector, -O2, frame pointers), taken from
# KERNEL_CFLAGS so that the two never drift apart.
LIBC_CODEGEN := $(filter -f% -m% -O%,$(KERNEL_CFLAGS)) -g

# A bare x86_64 ELF target through the top-level configure, of which only
# newlib is built (no libgloss, no crt0). Without supplied system calls
# newlib's wrappers (_read_r, ...) call the POSIX names (read, write, sbrk,
# gettimeofday, _exit, ...) that sys/libc/ defines. The compiler sees only
# its own headers and newlib's, as the kernel does. Single-threaded: no
# locks. printf has long long, C99 formats and floating point.
NEWLIB_CONFIGURE := --target=x86_64-elf --prefix=$(abspath $(LIBC_DIR))/stage \
	CC='$(NEWLIB_CC)' CFLAGS='-O2' \
	CC_FOR_TARGET='$(NEWLIB_CC) -nostdinc -isystem $(NEWLIB_CC_INCLUDE)' \
	CFLAGS_FOR_TARGET='$(LIBC_CODEGEN)' \
	AR_FOR_TARGET=ar AS_FOR_TARGET=as LD_FOR_TARGET=ld NM_FOR_TARGET=nm \
	RANLIB_FOR_TARGET=ranlib READELF_FOR_TARGET=readelf \
	OBJDUMP_FOR_TARGET=objdump STRIP_FOR_TARGET=strip \
	--disable-multilib --disable-libgloss --disable-nls \
	--disable-newlib-supplied-syscalls --disable-newlib-multithread \
	--enable-newlib-io-long-long --enable-newlib-io-c99-formats
# newlib's own makes run outside this one's: none of its variables (CC=clang
# on the command line, BUILD=...) may reach them, and they take 2 jobs.
NEWLIB_MAKE := env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES make

# Rewritten only when its text changes, so that newlib is rebuilt only then.
$(LIBC_CONFIG): export LIBC_CONFIG_TEXT = $(NEWLIB_VERSION) $(NEWLIB_CONFIGURE)
$(LIBC_CONFIG): FORCE
	@mkdir -p $(@D)
	@printf '%s\n' "$$LIBC_CONFIG_TEXT" >$@.new
	@cmp -s $@.new $@ && rm -f $@.new || mv -f $@.new $@

# Installed into stage/, whose x86_64-elf/{include,lib} become include/ and lib/.
$(LIBC_A): $(LIBC_CONFIG) $(NEWLIB_STAMP)
	@echo "  NEWLIB  newlib $(NEWLIB_VERSION) -> $(LIBC_DIR) (about a minute on 2 cores)"
	$(Q)rm -rf $(LIBC_DIR)/build $(LIBC_DIR)/stage $(LIBC_DIR)/include $(LIBC_DIR)/lib
	$(Q)mkdir -p $(LIBC_DIR)/build
	$(Q)cd $(LIBC_DIR)/build && $(abspath $(NEWLIB_SRC))/configure $(NEWLIB_CONFIGURE) \
		>../configure.log 2>&1 || \
		{ tail -n 20 $(LIBC_DIR)/configure.log; echo "error: newlib: configure failed (see $(LIBC_DIR)/configure.log)"; exit 1; }
	$(Q)$(NEWLIB_MAKE) -C $(LIBC_DIR)/build -j2 all-target-newlib >$(LIBC_DIR)/build.log 2>&1 || \
		{ grep -B2 -A12 -m1 -E 'error:|Error [0-9]' $(LIBC_DIR)/build.log; echo "error: newlib: build failed (see $(LIBC_DIR)/build.log)"; exit 1; }
	$(Q)$(NEWLIB_MAKE) -C $(LIBC_DIR)/build install-target-newlib >$(LIBC_DIR)/install.log 2>&1 || \
		{ tail -n 20 $(LIBC_DIR)/install.log; echo "error: newlib: install failed (see $(LIBC_DIR)/install.log)"; exit 1; }
	$(Q)mv $(LIBC_DIR)/stage/x86_64-elf/include $(LIBC_DIR)/stage/x86_64-elf/lib $(LIBC_DIR)/
	$(Q)rm -rf $(LIBC_DIR)/stage
	$(Q)touch $@ && touch -r $@ $(LIBM_A)

# Made with libc.a, and given its time.
$(LIBM_A): $(LIBC_A)
	@test -f $@

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
$(LIBC_STAMP): $(LIBC_A) $(LIBM_A) $(ZLIB_HEADERS)
	@printf '%s\n' '/* Generated by mk/libc.mk: the C library the kernel is built against. */' \
		'#define STUBDOM_NEWLIB_VERSION "$(NEWLIB_VERSION)"' \
		'#define STUBDOM_ZLIB_VERSION "$(ZLIB_VERSION)"' >$@

# newlib declares clock_gettime(), nanosleep() and CLOCK_MONOTONIC only
# where the platform announces POSIX timers and a monotonic clock, which
# this one has (sys/libc/time.c).
KERNEL_CFLAGS += -isystem $(LIBC_DIR)/include -isystem $(ZLIB_DIR)/include \
	-D_POSIX_TIMERS=200809L -D_POSIX_MONOTONIC_CLOCK=200809L -include $(LIBC_STAMP)
IMAGE_LIBS += $(ZLIB_A) $(LIBC_A) $(LIBM_A)
IMAGE_DEPS += $(LIBC_STAMP)

.PHONY: FORCE
FORCE:
