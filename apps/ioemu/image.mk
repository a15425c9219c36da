# The ioemu stub domain (apps/ioemu): `make ioemu-stubdom` builds
# $(BUILD)/ioemu-stubdom.gz, the device model of one HVM guest that libxl
# starts as a qemu-xen flavour stub domain. `vgabios` brings in the VGA BIOS
# images of Debian's seabios package (mk/vgabios.mk) and `pxerom` the network
# boot ROMs of Debian's ipxe-qemu package (mk/pxerom.mk), for this image only.
IMAGES += ioemu-stubdom
ioemu-stubdom_SRCS := $(wildcard apps/ioemu/*.c)
ioemu-stubdom_LIBS := json vchan xc vgabios pxerom

# libxl loads a ramdisk beside every stub domain it starts (the file
# stubdomain_ramdisk names must exist); the image needs none, so it gets
# one line of text.
$(BUILD)/ioemu-stubdom-rootfs:
	$(Q)mkdir -p $(@D)
	$(Q)printf 'ioemu-stubdom needs no ramdisk: libxl loads one beside every stub domain\n' >$@

all: $(BUILD)/ioemu-stubdom-rootfs

ioemu-stubdom: $(BUILD)/ioemu-stubdom.gz $(BUILD)/ioemu-stubdom-rootfs
	@echo "built $(BUILD)/ioemu-stubdom.gz"

.PHONY: ioemu-stubdom
