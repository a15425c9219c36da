# pvgrub-errors: each error of PV-GRUB's loader says what and where, and
# PV-GRUB falls back to the next entry: a missing kernel (the path tried), a
# file that is no Xen kernel, a 32-bit kernel, a kernel too big for the
# domain, a partition with no file system, a damaged ext4; the last entry
# is a `configfile` whose menu boots our own hello kernel in place, with its
# command line, all of the domain's memory and a working xenstore
# connection.
# budget: 180
create_guest pvgrub-errors <<CFG
kernel = "$PVGRUB"
memory = 64
disk = [ 'format=raw,vdev=xvda,access=ro,target=/testbed/data/pvgrub-errors/disk.img' ]
extra = "(hd0,0)/boot/grub/menu.lst"
CFG
domid=$(domid_of pvgrub-errors) || exit 1
expect_line pvgrub-errors "^E pvgrub: file not found: \(hd0,0\)/boot/vmlinuz-missing$" 60 >/dev/null || exit 1
expect_line pvgrub-errors "^I pvgrub: falling back to entry 1$" 5 >/dev/null || exit 1
expect_line pvgrub-errors "^E pvgrub: \(hd0,0\)/boot/plain.elf: not a Xen PV kernel" 10 >/dev/null || exit 1
expect_line pvgrub-errors "^E pvgrub: \(hd0,0\)/boot/kernel-x86_32: this PV-GRUB is 64-bit; the kernel is x86_32" 10 >/dev/null || exit 1
expect_line pvgrub-errors "^E pvgrub: \(hd0,0\)/boot/kernel-200M: not enough memory: .* the domain has 64 MiB" 10 >/dev/null || exit 1
expect_line pvgrub-errors "^E pvgrub: \(hd0,1\): unknown or damaged file system" 10 >/dev/null || exit 1
expect_line pvgrub-errors "^E pvgrub: .*\(hd0,2\)" 10 >/dev/null || exit 1
expect_line pvgrub-errors "^I pvgrub: falling back to entry 6$" 10 >/dev/null || exit 1
expect_line pvgrub-errors "^I pvgrub: read \(hd0,0\)/boot/grub/more.lst " 10 >/dev/null || exit 1
expect_line pvgrub-errors "^hello: stub domain kernel" 30 >/dev/null || exit 1
expect_line pvgrub-errors "^hello: memory 65536 KiB" 10 >/dev/null || exit 1
expect_line pvgrub-errors "^hello: domid $domid\$" 10 >/dev/null || exit 1
expect_line pvgrub-errors "^hello: argument 1: hello-from-pvgrub$" 10 >/dev/null || exit 1
expect_shutdown pvgrub-errors poweroff 20
pass "six loader errors named with what and where, each falling back to the next entry; then a configfile's menu booted our own kernel in place (64 MiB, its argument, xenstore)"
