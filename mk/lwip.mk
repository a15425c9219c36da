# lwIP, the IP stack of network boot, from Debian's lwip source package
# (pinned in mk/sources.versions, fetched by scripts/fetch-source). This
# fragment follows mk/libc.mk (SRC_DIR, sources_pin, LIBC_STAMP). Its
# configuration is ours, lib/net/port/ (lwipopts.h, arch/cc.h and the hook
# header): the raw API with no OS layer, IPv4 with ARP, ICMP, UDP and the
# DHCP client; Debian's Unix port is not used. Only those modules are
# compiled, with the kernel's flags (warnings shown, not fatal: not our code
# to fix), into $(BUILD)/lwip/liblwip.a, linked by images that name the
# library `net` (below), and for the fuzzer into $(BUILD)/fuzz/liblwip.a.
# Changing this file rebuilds the library.

LWIP_VERSION := $(call sources_pin,lwip)
ifeq ($(LWIP_VERSION),)
$(error mk/sources.versions must pin lwip)
endif
LWIP_SRC := $(SRC_DIR)/lwip
LWIP_STAMP := $(SRC_DIR)/lwip-$(subst :,_,$(LWIP_VERSION)).stamp

$(LWIP_STAMP):
	@echo "  FETCH   lwip $(LWIP_VERSION)"
	$(Q)scripts/fetch-source lwip '$(LWIP_VERSION)' $(LWIP_SRC) $(SRC_DIR)
	$(Q)touch $@

LWIP_FILES := $(addprefix src/core/, init def inet_chksum ip mem memp netif pbuf timeouts udp \
	ipv4/dhcp ipv4/etharp ipv4/icmp ipv4/ip4 ipv4/ip4_addr ipv4/ip4_frag) src/netif/ethernet
LWIP_PORT_HEADERS := $(wildcard lib/net/port/*.h lib/net/port/arch/*.h)
LWIP_INCLUDES = -isystem $(LWIP_SRC)/src/include -isystem lib/net/port
LWIP_KERNEL_CFLAGS = $(filter-out -Werror,$(KERNEL_CFLAGS)) $(LWIP_INCLUDES)

$(BUILD)/lwip/obj/%.o: $(LWIP_STAMP) $(LWIP_PORT_HEADERS) $(LIBC_STAMP) mk/lwip.mk
	@mkdir -p $(@D)
	@echo "  CC      lwip/$*.c"
	$(Q)$(CC) $(LWIP_KERNEL_CFLAGS) -c $(LWIP_SRC)/$*.c -o $@

$(BUILD)/lwip/liblwip.a: $(patsubst %,$(BUILD)/lwip/obj/%.o,$(LWIP_FILES))
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# For the net_input fuzzer (mk/fuzz.mk): the same modules instrumented
# for libFuzzer, ASan and UBSan, warnings off (the unikernel build shows
# them).
LWIP_FUZZ_CFLAGS = -std=gnu11 -O1 -g -w -fno-omit-frame-pointer -iquote . \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined $(LWIP_INCLUDES)

$(BUILD)/fuzz/obj/lwip/%.o: $(LWIP_STAMP) $(LWIP_PORT_HEADERS) mk/lwip.mk
	@mkdir -p $(@D)
	@echo "  FUZZCC  lwip/$*.c"
	$(Q)$(FUZZ_CC) $(LWIP_FUZZ_CFLAGS) -c $(LWIP_SRC)/$*.c -o $@

$(BUILD)/fuzz/liblwip.a: $(patsubst %,$(BUILD)/fuzz/obj/lwip/%.o,$(LWIP_FILES))
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# ---- hooking in ------------------------------------------------------------------------
# The library `net` for images that name it: network boot's pure modules
# (lib/net/) and the glue over lwIP (sys/net/), which sees lwIP's headers
# and the port's.
LIBRARIES += net
LIB_net_SRCS := $(wildcard lib/net/*.c sys/net/*.c)
LIB_net_CFLAGS = $(LWIP_INCLUDES)
LIB_net_PREREQS = $(LWIP_STAMP)
LIB_net_ARCHIVES = $(BUILD)/lwip/liblwip.a
