# The network boot ROMs the ioemu stub domain's network cards show in
# their expansion ROM BAR (apps/ioemu/nic_rom.h): iPXE's pxe-rtl8139.rom
# and pxe-e1000.rom from Debian's ipxe-qemu binary package (arch all;
# pinned in mk/sources.versions, fetched by scripts/fetch-deb as
# mk/vgabios.mk fetches seabios: a 770 KB download, nothing of it kept in
# the tree). Each image becomes an object with `objcopy -I binary`, its
# bytes read-only between the symbols pxerom_NAME_start and
# pxerom_NAME_end. This fragment follows mk/libc.mk (SRC_DIR, sources_pin).
#
# The library `pxerom` is $(BUILD)/pxerom/libpxerom.a; only images that
# name it (ioemu-stubdom) fetch or link it.

IPXE_QEMU_VERSION := $(call sources_pin,ipxe-qemu)
ifeq ($(IPXE_QEMU_VERSION),)
$(error mk/sources.versions must pin ipxe-qemu)
endif
IPXE_QEMU_DEB := $(SRC_DIR)/ipxe-qemu-deb
IPXE_QEMU_STAMP := $(SRC_DIR)/ipxe-qemu-deb-$(subst :,_,$(subst +,_,$(IPXE_QEMU_VERSION))).stamp
PXEROM_NAMES := rtl8139 e1000

$(IPXE_QEMU_STAMP):
	@echo "  FETCH   ipxe-qemu $(IPXE_QEMU_VERSION) (binary package)"
	$(Q)scripts/fetch-deb ipxe-qemu '$(IPXE_QEMU_VERSION)' $(IPXE_QEMU_DEB) $(SRC_DIR)
	$(Q)touch $@

# objcopy names the symbols after the input's path: it runs in the ROMs'
# directory, on the bare file name, and they are renamed to ours.
$(BUILD)/pxerom/pxerom-%.o: $(IPXE_QEMU_STAMP) mk/pxerom.mk
	@mkdir -p $(@D)
	@echo "  OBJCOPY pxe-$*.rom"
	$(Q)test -s $(IPXE_QEMU_DEB)/usr/lib/ipxe/qemu/pxe-$*.rom || \
		{ echo "error: ipxe-qemu $(IPXE_QEMU_VERSION) has no pxe-$*.rom"; exit 1; }
	$(Q)cd $(IPXE_QEMU_DEB)/usr/lib/ipxe/qemu && objcopy -I binary -O elf64-x86-64 \
		-B i386:x86-64 --rename-section .data=.rodata,alloc,load,readonly,data,contents \
		--redefine-sym _binary_pxe_$*_rom_start=pxerom_$*_start \
		--redefine-sym _binary_pxe_$*_rom_end=pxerom_$*_end \
		--strip-symbol _binary_pxe_$*_rom_size \
		pxe-$*.rom $(abspath $@)

$(BUILD)/pxerom/libpxerom.a: $(patsubst %,$(BUILD)/pxerom/pxerom-%.o,$(PXEROM_NAMES))
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# ---- hooking in ------------------------------------------------------------------------
LIBRARIES += pxerom
LIB_pxerom_SRCS :=
LIB_pxerom_ARCHIVES = $(BUILD)/pxerom/libpxerom.a
