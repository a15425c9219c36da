# libxenvchan, Xen's own vchan library (tools/libs/vchan/init.c and io.c),
# from Debian's xen source package (pinned in mk/sources.versions, fetched
# by scripts/fetch-source: a 4.7 MB download, 38 MB unpacked, about 2 s;
# only these two files and their header are used). It runs in the
# unikernel over our libxc subset: xengntshr (sys/xc/gntshr.c) shares the
# ring page, xenevtchn the event channel, libxenstore the ring-ref and
# event-channel keys. This fragment follows mk/libc.mk (SRC_DIR,
# sources_pin, LIBC_STAMP).
#
# The library `vchan` is $(BUILD)/vchan/libxenvchan.a; its header,
# libxenvchan.h, alone in $(BUILD)/vchan/include, the one include
# directory its users see. Its sources also see sys/xc/vchan-shim/: the
# memory barriers of <xenctrl.h> and the empty Linux headers it includes
# but does not use here, and munmap's declaration. Compiled with the
# kernel's flags, warnings off (not our code to fix; -Werror builds of it
# would stop at the first sign comparison). Changing this file rebuilds it.

XEN_SRC_VERSION := $(call sources_pin,xen)
ifeq ($(XEN_SRC_VERSION),)
$(error mk/sources.versions must pin xen)
endif
XEN_SRC := $(SRC_DIR)/xen
XEN_SRC_STAMP := $(SRC_DIR)/xen-$(subst :,_,$(XEN_SRC_VERSION)).stamp
VCHAN_INC := $(BUILD)/vchan/include
VCHAN_INC_STAMP := $(VCHAN_INC)/.copied
VCHAN_SHIM := sys/xc/vchan-shim

$(XEN_SRC_STAMP):
	@echo "  FETCH   xen $(XEN_SRC_VERSION)"
	$(Q)scripts/fetch-source xen '$(XEN_SRC_VERSION)' $(XEN_SRC) $(SRC_DIR)
	$(Q)touch $@

$(VCHAN_INC_STAMP): $(XEN_SRC_STAMP) mk/libvchan.mk
	@mkdir -p $(VCHAN_INC)
	$(Q)cp $(XEN_SRC)/tools/include/libxenvchan.h $(VCHAN_INC)/ && touch $@

VCHAN_FILES := init io
# -w: its many sign-compare and void-pointer warnings are not ours to fix.
VCHAN_KERNEL_CFLAGS = $(filter-out -Werror,$(KERNEL_CFLAGS)) -std=gnu11 -w \
	-isystem $(VCHAN_SHIM) -isystem $(VCHAN_INC)

$(BUILD)/vchan/obj/%.o: $(VCHAN_INC_STAMP) $(wildcard $(VCHAN_SHIM)/*.h $(VCHAN_SHIM)/sys/*.h) \
		$(LIBC_STAMP) mk/libvchan.mk | $(BUILD)/include/xen $(BUILD)/include/xenstore.h \
		$(BUILD)/include/xenstore_lib.h $(BUILD)/include/xenevtchn.h $(BUILD)/include/xengnttab.h
	@mkdir -p $(@D)
	@echo "  CC      xen/tools/libs/vchan/$*.c"
	$(Q)$(CC) $(VCHAN_KERNEL_CFLAGS) -c $(XEN_SRC)/tools/libs/vchan/$*.c -o $@

$(BUILD)/vchan/libxenvchan.a: $(patsubst %,$(BUILD)/vchan/obj/%.o,$(VCHAN_FILES))
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# For the vchan_ring fuzzer (mk/fuzz.mk): io.c alone, instrumented for
# libFuzzer, ASan and UBSan, against the host's Xen headers; the harness
# supplies what it calls of the event channel library.
VCHAN_FUZZ_CFLAGS = -std=gnu11 -O1 -g -w -fno-omit-frame-pointer \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
	-isystem $(VCHAN_SHIM) -isystem $(VCHAN_INC)

$(BUILD)/fuzz/obj/vchan/io.o: $(VCHAN_INC_STAMP) $(VCHAN_SHIM)/xenctrl.h mk/libvchan.mk
	@mkdir -p $(@D)
	@echo "  FUZZCC  xen/tools/libs/vchan/io.c"
	$(Q)$(FUZZ_CC) $(VCHAN_FUZZ_CFLAGS) -c $(XEN_SRC)/tools/libs/vchan/io.c -o $@

# ---- hooking in ------------------------------------------------------------------------
# The library `vchan` for images that name it (with `xc`, whose gntshr,
# xenevtchn and libxenstore it calls): libxenvchan itself, nothing of ours.
LIBRARIES += vchan
LIB_vchan_SRCS :=
LIB_vchan_CFLAGS = -isystem $(VCHAN_INC)
LIB_vchan_PREREQS = $(VCHAN_INC_STAMP)
LIB_vchan_ARCHIVES = $(BUILD)/vchan/libxenvchan.a
