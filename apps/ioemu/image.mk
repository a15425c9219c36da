# The ioemu stub domain (apps/ioemu): `make ioemu-stubdom` builds
# $(BUILD)/ioemu-stubdom.gz, the device model of one HVM guest that libxl
# starts as a qemu-xen flavour stub domain.
IMAGES += ioemu-stubdom
ioemu-stubdom_SRCS := $(wildcard apps/ioemu/*.c)
ioemu-stubdom_LIBS := json vchan xc

ioemu-stubdom: $(BUILD)/ioemu-stubdom.gz
	@echo "built $(BUILD)/ioemu-stubdom.gz"

.PHONY: ioemu-stubdom
