# The VGA BIOS images the ioemu stub domain's VGA functions show in their
# expansion ROM BAR (apps/ioemu/vga_rom.h): vgabios-cirrus.bin and
# vgabios-stdvga.bin from Debian's seabios binary package (arch all;
# pinned in mk/sources.versions, fetched by scripts/fetch-deb through the
# same private apt configuration scheme as the source packages: a 160 KB
# download; nothing of it is kept in the tree). Each image becomes an
# object with `objcopy -I binary`, its bytes read-only between the symbols
# vgabios_NAME_start and vgabios_NAME_end. This fragment follows
# mk/libc.mk (SRC_DIR, sources_pin).
#
# The library `vgabios` is $(BUILD)/vgabios/libvgabios.a; only images that
# name it (ioemu-stubdom) fetch or link it.

SEABIOS_VERSION := $(call sources_pin,seabios)
ifeq ($(SEABIOS_VERSION),)
$(error mk/sources.versions must pin seabios)
endif
SEABIOS_DEB := $(SRC_DIR)/seabios-deb
SEABIOS_STAMP := $(SRC_DIR)/seabios-deb-$(subst :,_,$(SEABIOS_VERSION)).stamp
VGABIOS_NAMES := cirrus stdvga

$(SEABIOS_STAMP):
	@echo "  FETCH   seabios $(SEABIOS_VERSION) (binary package)"
	$(Q)scripts/fetch-deb seabios '$(SEABIOS_VERSION)' $(SEABIOS_DEB) $(SRC_DIR)
	$(Q)touch $@

# objcopy names the symbols after the input's path: it runs in the image's
# directory, on the bare file name, and they are renamed to ours.
$(BUILD)/vgabios/vgabios-%.o: $(SEABIOS_STAMP) mk/vgabios.mk
	@mkdir -p $(@D)
	@echo "  OBJCOPY vgabios-$*.bin"
	$(Q)test -s $(SEABIOS_DEB)/usr/share/seabios/vgabios-$*.bin || \
		{ echo "error: seabios $(SEABIOS_VERSION) has no vgabios-$*.bin"; exit 1; }
	$(Q)cd $(SEABIOS_DEB)/usr/share/seabios && objcopy -I binary -O elf64-x86-64 \
		-B i386:x86-64 --rename-section .data=.rodata,alloc,load,readonly,data,contents \
		--redefine-sym _binary_vgabios_$*_bin_start=vgabios_$*_start \
		--redefine-sym _binary_vgabios_$*_bin_end=vgabios_$*_end \
		--strip-symbol _binary_vgabios_$*_bin_size \
		vgabios-$*.bin $(abspath $@)

$(BUILD)/vgabios/libvgabios.a: $(patsubst %,$(BUILD)/vgabios/vgabios-%.o,$(VGABIOS_NAMES))
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# ---- hooking in ------------------------------------------------------------------------
LIBRARIES += vgabios
LIB_vgabios_SRCS :=
LIB_vgabios_ARCHIVES = $(BUILD)/vgabios/libvgabios.a
