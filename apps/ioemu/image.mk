# The ioemu stub domain (apps/ioemu): `make ioemu-stubdom` builds
# $(BUILD)/ioemu-stubdom.gz, the device model of one HVM guest that libxl
# starts as a qemu-xen flavour stub domain. `vgabios` brings in the VGA BIOS
# images of Debian's seabios package (mk/vgabios.mk), for this image only.
IMAGES += ioemu-stubdom
ioemu-stubdom_SRCS := $(wildcard apps/ioemu/*.c)
ioemu-stubdom_LIBS := json vchan xc vgabios

ioemu-stubdom: $(BUILD)/ioemu-stubdom.gz
	@echo "built $(BUILD)/ioemu-stubdom.gz"

.PHONY: ioemu-stubdom
