# PV-GRUB (apps/pvgrub): $(BUILD)/pv-grub-x86_64.gz, the boot loader that
# runs in a PV guest's own domain (kernel = ".../pv-grub-x86_64.gz" in the
# guest's xl config). `make install` puts it into Xen's boot directory.
IMAGES += pv-grub-x86_64
pv-grub-x86_64_SRCS := $(wildcard apps/pvgrub/*.c)
pv-grub-x86_64_LIBS := fs loader decompress password net chainboot

pv-grub: $(BUILD)/pv-grub-x86_64.gz
	@echo "built $(BUILD)/pv-grub-x86_64.gz"

.PHONY: pv-grub
