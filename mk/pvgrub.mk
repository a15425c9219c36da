# PV-GRUB (apps/pvgrub): so far stage 1, finding and reading the menu.
IMAGES += pvgrub
pvgrub_DIR := apps/pvgrub
