# pvgrub-boot: PV-GRUB reads (hd0,0)/boot/grub/menu.lst from an MBR disk
# whose first partition holds an ext4 made by today's mkfs.ext4 defaults,
# loads Debian's kernel (a bzImage with an xz payload) and the test
# initramfs from it and boots them in
# place of itself, in a 128 MiB guest (the unpacked kernel's pages become
# the kernel's without a copy) with maxmem 256 MiB and two vCPUs, as guests
# are usually configured: the kernel's initramfs prints its marker, with
# the disk, both CPUs online and the memory map of maxmem (the pages above
# `memory` ballooned out: a direct boot of this kernel with this config
# finds the same 261756K).
# budget: 240
create_guest pvgrub-boot <<CFG
kernel = "/usr/lib/xen-4.17/boot/pv-grub-x86_64.gz"
memory = 128
maxmem = 256
vcpus = 2
disk = [ 'format=raw,vdev=xvda,access=ro,target=/testbed/data/pvgrub-boot/disk.img' ]
extra = "(hd0,0)/boot/grub/menu.lst"
CFG
expect_line pvgrub-boot "^pvgrub: \(hd0,0\)/boot/vmlinuz-6.1: xz bzImage payload, [0-9]+ bytes unpacked" 120 >/dev/null || exit 1
lent=$(expect_line pvgrub-boot "^pvgrub: boot mapping of [0-9]+ pages; [0-9]+ of the kernel's are the image's own" 60) || exit 1
lent=$(printf '%s\n' "$lent" | sed -n 's/.*pages; \([0-9]*\) of the kernel.*/\1/p')
[ "${lent:-0}" -gt 10000 ] || fail "PV-GRUB copied the kernel instead of using the unpacked image's pages: $lent"
expect_line pvgrub-boot "^pvgrub: starting \(hd0,0\)/boot/vmlinuz-6.1" 60 >/dev/null || exit 1
line=$(expect_linux pvgrub-boot xvda 256) || exit 1
case $line in
*"cpus: 0-1") ;;
*) fail "the booted kernel does not have both vCPUs online: $line" ;;
esac
pass "PV-GRUB booted Debian's kernel from an MBR + ext4 disk in a 128 MiB guest (maxmem 256 MiB, 2 vCPUs; $lent of the kernel's pages not copied): $line"
