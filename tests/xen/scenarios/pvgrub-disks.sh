# pvgrub-disks: Debian's kernel and initramfs boot through PV-GRUB from
# each disk layout a guest may have: ext2 in a logical partition, ext3 on
# GPT, ext4 on the whole disk (where the first entry's kernel is missing
# and `fallback` boots the second), and a menu on the second disk, hd1. Each
# booted kernel sees all of its 256 MiB and its disks.
# budget: 420
d=/testbed/data/pvgrub-disks
pvgrub_linux pvgrub-logical "(hd0,4)/boot/grub/menu.lst" \
	"'format=raw,vdev=xvda,access=ro,target=$d/logical.img'" "xvda"
pvgrub_linux pvgrub-gpt "(hd0,1)/boot/grub/menu.lst" \
	"'format=raw,vdev=xvda,access=ro,target=$d/gpt.img'" "xvda"
pvgrub_linux pvgrub-whole "(hd0)/boot/grub/menu.lst" \
	"'format=raw,vdev=xvda,access=ro,target=$d/whole.img'" "xvda"
expect_line pvgrub-whole "^E pvgrub: file not found: \(hd0\)/boot/vmlinuz-missing$" 1 >/dev/null || exit 1
expect_line pvgrub-whole "^I pvgrub: falling back to entry 1$" 1 >/dev/null || exit 1
pvgrub_linux pvgrub-hd1 "(hd1,0)/boot/grub/menu.lst" \
	"'format=raw,vdev=xvda,access=ro,target=$d/data.img', 'format=raw,vdev=xvdb,access=ro,target=$d/second.img'" "xvda xvdb"
pass "Debian's kernel booted through PV-GRUB from ext2 on a logical partition, ext3 on GPT, whole-disk ext4 (after falling back from a missing kernel) and a menu on hd1, each with 256 MiB and its disks"
