# pvgrub-boot: PV-GRUB reads (hd0,0)/boot/grub/menu.lst from an MBR disk
# whose first partition holds an ext4 made by today's mkfs.ext4 defaults,
# loads Debian's kernel (a bzImage with an xz payload in Debian 12, zstd
# in Debian 13: a 128 MiB window, decoded in one call into the output, no
# window buffer) and the test initramfs from it and boots them in
# place of itself, in a 128 MiB guest (the unpacked kernel's pages become
# the kernel's without a copy) with maxmem 256 MiB and two vCPUs, as guests
# are usually configured: the kernel's initramfs prints its marker, with
# the disk, both CPUs online and the memory map of maxmem (the pages above
# `memory` ballooned out: a direct boot of this kernel with this config
# finds the same 261756K). Then a guest booted the same way but staying up
# is saved and restored (`xl save`/`xl restore`, what `xl migrate` does
# between hosts) and goes on running, reading its disk. Last, a 1.5 GiB
# guest: the kernel finds all of it.
# budget: 480
create_guest pvgrub-boot <<CFG
kernel = "$PVGRUB"
memory = 128
maxmem = 256
vcpus = 2
disk = [ 'format=raw,vdev=xvda,access=ro,target=/testbed/data/pvgrub-boot/disk.img' ]
extra = "(hd0,0)/boot/grub/menu.lst"
CFG
unpacked=$(expect_line pvgrub-boot "^I pvgrub: \(hd0,0\)/boot/vmlinuz-6.1: (xz|zstd) bzImage payload, [0-9]+ bytes unpacked" 120) || exit 1
payload=$(printf '%s\n' "$unpacked" | sed -n 's/.*: \([a-z]*\) bzImage payload.*/\1/p')
lent=$(expect_line pvgrub-boot "^I pvgrub: boot mapping of [0-9]+ pages; [0-9]+ of the kernel's are the image's own" 60) || exit 1
lent=$(printf '%s\n' "$lent" | sed -n 's/.*pages; \([0-9]*\) of the kernel.*/\1/p')
[ "${lent:-0}" -gt 10000 ] || fail "PV-GRUB copied the kernel instead of using the unpacked image's pages: $lent"
expect_line pvgrub-boot "^I pvgrub: starting \(hd0,0\)/boot/vmlinuz-6.1" 60 >/dev/null || exit 1
line=$(expect_linux pvgrub-boot xvda 256) || exit 1
case $line in
*"cpus: 0-1") ;;
*) fail "the booted kernel does not have both vCPUs online: $line" ;;
esac
booted="PV-GRUB booted Debian's kernel ($payload bzImage) from an MBR + ext4 disk in a 128 MiB guest (maxmem 256 MiB, 2 vCPUs; $lent of the kernel's pages not copied): $line"

step "xl save and xl restore of a guest PV-GRUB booted"
create_guest pvgrub-save <<CFG
kernel = "$PVGRUB"
memory = 128
maxmem = 256
vcpus = 2
disk = [ 'format=raw,vdev=xvda,access=ro,target=/testbed/data/pvgrub-boot/disk.img' ]
extra = "(hd0,0)/boot/grub/stay.lst"
CFG
reads() { guest_log pvgrub-save | grep -c "^testbed guest: alive [0-9]*, read 4096 bytes of xvda$"; }
expect_line pvgrub-save "^testbed guest: alive [1-9][0-9]*, read 4096 bytes of xvda$" 200 >/dev/null || exit 1
# (Writing and reading 128 MiB take a while under emulation: 150 s each.)
XL_SECONDS=150
xl_run /tmp/pvgrub-save.log save pvgrub-save /tmp/pvgrub-save.img ||
	fail "xl save failed: $(tail -n 3 /tmp/pvgrub-save.log | tr '\n' ' ')"
before=$(reads)
xl_run /tmp/pvgrub-restore.log restore /tmp/pvgrub-save.img ||
	fail "xl restore failed: $(tail -n 3 /tmp/pvgrub-restore.log | tr '\n' ' ')"
unset XL_SECONDS
rm -f /tmp/pvgrub-save.img
waited=0
while [ "$(reads)" -lt $((before + 2)) ]; do
	[ $waited -lt 60 ] || fail "the restored guest did not go on reading its disk in 60 s; last console line: $(last_line pvgrub-save)"
	sleep 1
	waited=$((waited + 1))
done
xl destroy pvgrub-save

step "a 1.5 GiB guest"
free=$(xl info free_memory 2>/dev/null)
[ "${free:-0}" -ge 1600 ] || fail "the test bed has ${free:-no} MiB free, not the 1600 a 1.5 GiB guest needs"
create_guest pvgrub-big <<CFG
kernel = "$PVGRUB"
memory = 1536
disk = [ 'format=raw,vdev=xvda,access=ro,target=/testbed/data/pvgrub-boot/disk.img' ]
extra = "(hd0,0)/boot/grub/menu.lst"
CFG
big=$(expect_linux pvgrub-big xvda 1536) || exit 1
xl destroy pvgrub-big
pass "$booted; saved and restored, it went on reading its disk; a 1.5 GiB guest's kernel found all of it: $big"
