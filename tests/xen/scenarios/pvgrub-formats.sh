# pvgrub-formats: Debian's kernel and initramfs boot through PV-GRUB from
# where modern guests keep them: a FAT32 /boot partition, an installer-like
# ISO9660 image attached as a cdrom, a disk with only the grub.cfg Debian's
# update-grub writes (its entries find their file system by UUID on the
# second disk; GRUB_DEFAULT=saved, the entry saved in grubenv), and a disk with only Boot Loader Spec entries.
# budget: 420
d=/testbed/data/pvgrub-formats

pvgrub_linux pvgrub-fat32 "(hd0,0)/grub/menu.lst" \
	"'format=raw,vdev=xvda,access=ro,target=$d/fat32.img'" "xvda"
pvgrub_linux pvgrub-iso "(hd0)/boot/grub/grub.cfg" \
	"'format=raw,vdev=xvdc,devtype=cdrom,access=ro,target=$d/cdrom.iso'" "xvdc"
expect_line pvgrub-iso "^I pvgrub: boot entry 0: kernel /install.amd/vmlinuz-6.1.0-56-amd64 vga=788 console=hvc0 quiet$" 1 >/dev/null || exit 1
# No menu.lst: the grub.cfg beside where it would be.
pvgrub_linux pvgrub-grubcfg "(hd1,0)/boot/grub/menu.lst" \
	"'format=raw,vdev=xvda,access=ro,target=$d/data.img', 'format=raw,vdev=xvdb,access=ro,target=$d/grubcfg.img'" "xvda xvdb"
expect_line pvgrub-grubcfg "^I pvgrub: read \(hd1,0\)/boot/grub/grub.cfg " 1 >/dev/null || exit 1
expect_line pvgrub-grubcfg "^I pvgrub: read \(hd1,0\)/boot/grub/grubenv \(1024 bytes\)$" 1 >/dev/null || exit 1
expect_line pvgrub-grubcfg "^I pvgrub: boot entry 1: kernel /boot/vmlinuz-6.1.0-56-amd64 " 1 >/dev/null || exit 1
expect_line pvgrub-grubcfg "^I pvgrub: initrd \(hd1,0\)/boot/initrd.img-6.1.0-56-amd64: " 1 >/dev/null || exit 1
# No menu.lst and no grub.cfg: the Boot Loader Spec entries.
pvgrub_linux pvgrub-bls "" \
	"'format=raw,vdev=xvda,access=ro,target=$d/bls.img'" "xvda"
expect_line pvgrub-bls "^I pvgrub: 2 Boot Loader Spec entries from /boot/loader/entries$" 1 >/dev/null || exit 1
pass "Debian's kernel booted through PV-GRUB from a FAT32 /boot, an ISO9660 cdrom (grub.cfg), update-grub's grub.cfg alone (search --fs-uuid found the second disk; the default saved in grubenv) and Boot Loader Spec entries alone"
